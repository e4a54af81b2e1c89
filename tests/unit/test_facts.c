/* records/facts.c: the figures kept in a ledger entry are the record's
 * enum, bool, int, date and money values (group items dotted, lists
 * counted), read back typed; and the month arithmetic of "three months". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../model/fields_more.h"
#include "../../records/facts.h"
#include "../../storage/yamlio.h"

static struct entry entry_from(enum record_type t, const char *yaml, struct sbuf *b)
{
	struct node rec;
	struct entry e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(yaml_parse("t.yaml", yaml, strlen(yaml), &rec, NULL), 0);
	facts_build(b, t, &rec);
	assert_false(b->failed);
	node_free(&rec);
	e.type = t;
	e.facts = b->s ? b->s : "";
	return e;
}

static void test_activity_facts(void **state)
{
	struct sbuf b = { 0 };
	struct entry e;
	char buf[32];

	(void)state;
	e = entry_from(REC_ACTIVITY,
		       "schema: ggw/activity/1\nid: 20240101-00000001\nunit: x\ntitle: 巡查\n"
		       "date: 2024-01-01\ncategory: net\nform: patrol\nyouth_count: 0\nadult_count: 3\n"
		       "large: true\nsite: s-00000001\ncases: [c-00000001, c-00000002]\n"
		       "patrol:\n  venues_checked: 5\n  minors_advised: 2\n"
		       "content: \"多行\\n文字 large=false\"\n", &b);
	assert_int_equal(entry_fact_bool(&e, "large", -1), 1);
	assert_int_equal(entry_fact_long(&e, "patrol.venues_checked", -1), 5);
	assert_int_equal(entry_fact_long(&e, "patrol.minors_advised", -1), 2);
	assert_int_equal(entry_fact_long(&e, "patrol.referred_to", -1), -1);
	assert_int_equal(entry_fact_long(&e, "cases", 0), 2);   /* a list: its length */
	assert_int_equal(entry_fact_date(&e, "date"), 20240101);
	/* free text is not a fact */
	assert_int_equal(entry_fact(&e, "content", buf, sizeof(buf)), 0);
	assert_int_equal(entry_fact(&e, "title", buf, sizeof(buf)), 0);
	/* a key that is a prefix of another is not confused with it */
	assert_int_equal(entry_fact(&e, "patrol", buf, sizeof(buf)), 0);
	free(b.s);
}

static void test_typed_readers(void **state)
{
	struct sbuf b = { 0 };
	struct entry e;

	(void)state;
	e = entry_from(REC_FUND,
		       "schema: ggw/fund/1\nid: f-00000001\nunit: x\nkind: aid\namount: \"2000.5\"\n"
		       "date: 2024-03-01\naided_count: 4\n", &b);
	assert_int_equal(entry_fact_cents(&e, "amount"), 200050);
	assert_int_equal(entry_fact_enum(&e, "kind", enum_fund_kind), enum_index(enum_fund_kind, "aid"));
	assert_int_equal(entry_fact_long(&e, "aided_count", 0), 4);
	assert_int_equal(entry_fact_cents(&e, "purpose"), 0);
	free(b.s);
	b = (struct sbuf){ 0 };
	e = entry_from(REC_FUND, "schema: ggw/fund/1\nkind: nonsense\namount: \"12.05\"\n", &b);
	assert_int_equal(entry_fact_enum(&e, "kind", enum_fund_kind), -1);
	assert_int_equal(entry_fact_cents(&e, "amount"), 1205);
	free(b.s);
	/* an entry without facts (a file that did not parse) */
	e.facts = "";
	assert_int_equal(entry_fact_bool(&e, "large", -1), -1);
	e.facts = NULL;
	assert_int_equal(entry_fact_long(&e, "year", 7), 7);
}

static void test_add_months(void **state)
{
	(void)state;
	assert_int_equal(ymd_add_months(20240331, 3), 20240630);
	assert_int_equal(ymd_add_months(20241130, 3), 20250228);
	assert_int_equal(ymd_add_months(20231130, 3), 20240229);  /* leap year */
	assert_int_equal(ymd_add_months(20241231, -3), 20240930);
	assert_int_equal(ymd_add_months(20240115, -3), 20231015);
	assert_int_equal(ymd_add_months(20240229, 12), 20250228);
	assert_int_equal(ymd_add_months(20240101, 0), 20240101);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_activity_facts),
		cmocka_unit_test(test_typed_readers),
		cmocka_unit_test(test_add_months),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
