/* records/query.c on the small known ledger (records_fixture.h): each
 * filter alone and combined, invalid entries, and the three sort orders
 * with their tie rules, as exact lists of ids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../model/record.h"
#include "records_fixture.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static struct repo *repo;
static struct ledger led;

static int setup(void **state)
{
	struct ggw_error err = { 0, "" };

	(void)state;
	if (fx_make("query") < 0 || fx_load(&repo, &led, &err) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ledger_free(&led);
	repo_close(repo);
	return fx_remove();
}

/* The query's ids joined by ' ' (for unordered checks, give a sorted
 * query: SORT_DATE_ASC). */
static char *run(const struct query *q)
{
	size_t *idx = NULL, n = 0, len = 0;
	char *s = calloc(1, 1024);

	assert_non_null(s);
	assert_int_equal(ledger_query(&led, q, &idx, &n, NULL), 0);
	if (!n)
		assert_null(idx);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, 1024 - len, "%s%s", i ? " " : "", led.v[idx[i]].id);
	free(idx);
	return s;
}

static void expect(const struct query *q, const char *ids)
{
	char *got = run(q);

	if (strcmp(got, ids)) {
		fprintf(stderr, "got:  %s\nwant: %s\n", got, ids);
		free(got);
		fail();
	}
	free(got);
}

static void test_defaults(void **state)
{
	struct query q;

	(void)state;
	query_init(&q);
	assert_int_equal(q.type, -1);
	assert_int_equal(q.category, -1);
	assert_int_equal(q.form, -1);
	assert_int_equal(q.sort, SORT_DATE_DESC);
	assert_null(q.unit);
	assert_null(q.grep);
	/* Everything valid, newest first; volunteers by joined date, those
	 * without one (0) last, ties by id descending. */
	expect(&q, "v-00000003 " FX_A4 " " FX_A6 " " FX_A3 " " FX_A2 " " FX_A1 " " FX_A5 " "
		   FX_A8 " v-00000004 v-00000002 v-00000001");
}

static void test_type_unit_year(void **state)
{
	struct query q;

	(void)state;
	query_init(&q);
	q.sort = SORT_DATE_ASC;
	q.type = REC_VOLUNTEER;
	expect(&q, "v-00000001 v-00000002 v-00000004 v-00000003");
	q.type = REC_ACTIVITY;
	expect(&q, FX_A8 " " FX_A5 " " FX_A1 " " FX_A2 " " FX_A3 " " FX_A6 " " FX_A4);
	q.unit = "xinyi";
	expect(&q, FX_A8 " " FX_A5 " " FX_A1 " " FX_A2 " " FX_A6);
	q.year = 2024;
	expect(&q, FX_A1 " " FX_A2 " " FX_A6);
	q.unit = "ghost"; /* not in units.yaml: its records still match */
	expect(&q, FX_A4);
	q.unit = "office";
	expect(&q, "");
	query_init(&q);
	q.sort = SORT_DATE_ASC;
	q.unit = "nanhu";
	expect(&q, "v-00000004 " FX_A3 " v-00000003");
	/* year applies to volunteers' joined date too */
	query_init(&q);
	q.year = 2025;
	expect(&q, "v-00000003");
	q.year = 2024;
	q.sort = SORT_DATE_ASC;
	expect(&q, FX_A1 " " FX_A2 " " FX_A3 " " FX_A6 " " FX_A4);
}

static void test_dates_category_form(void **state)
{
	struct query q;

	(void)state;
	query_init(&q);
	q.sort = SORT_DATE_ASC;
	q.from = 20240301;
	q.to = 20240331;
	expect(&q, FX_A1 " " FX_A2);
	q.from = 20240320; /* inclusive at both ends */
	q.to = 20241231;
	expect(&q, FX_A2 " " FX_A3 " " FX_A6 " " FX_A4);
	q.from = 0;
	q.to = 20220505; /* open start: volunteers without a date (0) too */
	expect(&q, "v-00000001 v-00000002 v-00000004 " FX_A8);

	query_init(&q);
	q.sort = SORT_DATE_ASC;
	q.category = enum_index(enum_category, "safety");
	expect(&q, FX_A1 " " FX_A4);
	q.category = enum_index(enum_category, "red");
	expect(&q, FX_A5 " " FX_A3);
	q.category = -1;
	q.form = enum_index(enum_form, "lecture");
	expect(&q, FX_A8 " " FX_A5 " " FX_A1 " " FX_A4);
	q.category = enum_index(enum_category, "law");
	expect(&q, FX_A8);
	q.category = enum_index(enum_category, "care");
	expect(&q, "");
}

static void test_grep(void **state)
{
	struct query q;

	(void)state;
	query_init(&q);
	q.sort = SORT_DATE_ASC;
	q.grep = "SWIMMING"; /* content, ASCII case-insensitive */
	expect(&q, FX_A1);
	q.grep = "swim";
	expect(&q, FX_A1);
	q.grep = "文化礼堂"; /* location */
	expect(&q, FX_A1);
	q.grep = "讲座";     /* titles and content */
	expect(&q, FX_A1 " " FX_A4);
	q.grep = "000000a3"; /* the id */
	expect(&q, FX_A3);
	q.grep = "丁光海";   /* a volunteer's name */
	expect(&q, "v-00000001");
	q.grep = "";         /* empty: any */
	q.type = REC_VOLUNTEER;
	expect(&q, "v-00000001 v-00000002 v-00000004 v-00000003");
	q.grep = "nothing like this";
	expect(&q, "");
}

static void test_five_have_conflicts_invalid(void **state)
{
	struct query q;
	long i;

	(void)state;
	query_init(&q);
	q.sort = SORT_DATE_ASC;
	q.missing_five_have = 1; /* activities only, lacking any item */
	expect(&q, FX_A8 " " FX_A5 " " FX_A2 " " FX_A3 " " FX_A6 " " FX_A4);
	q.year = 2024;
	q.unit = "xinyi";
	expect(&q, FX_A2 " " FX_A6);

	query_init(&q);
	q.sort = SORT_DATE_ASC;
	q.conflicts = 1;
	expect(&q, "v-00000004 " FX_A6);
	q.type = REC_ACTIVITY;
	expect(&q, FX_A6);

	/* Invalid entries match only when asked for. */
	query_init(&q);
	q.sort = SORT_DATE_ASC;
	q.unit = "nanhu";
	q.include_invalid = 1;
	expect(&q, "v-00000004 20240101-0000000b " FX_A3 " v-00000003");
	q.unit = "xinyi";
	q.type = REC_VOLUNTEER;
	expect(&q, "v-00000001 v-00000002 v-0000000c");
	i = ledger_find(&led, "20240101-0000000b");
	assert_true(i >= 0);
	assert_false(led.v[i].valid);
	query_init(&q);
	assert_false(entry_matches(&led.v[i], &q));
	q.include_invalid = 1;
	assert_true(entry_matches(&led.v[i], &q));
	q.year = 2024; /* its date comes from its id */
	assert_true(entry_matches(&led.v[i], &q));
}

static void test_sort(void **state)
{
	struct query q;

	(void)state;
	query_init(&q);
	q.type = REC_ACTIVITY;
	q.year = 2024;
	expect(&q, FX_A4 " " FX_A6 " " FX_A3 " " FX_A2 " " FX_A1);
	q.sort = SORT_DATE_ASC;
	expect(&q, FX_A1 " " FX_A2 " " FX_A3 " " FX_A6 " " FX_A4);
	q.sort = SORT_TITLE; /* titles a.. e.. */
	expect(&q, FX_A2 " " FX_A4 " " FX_A1 " " FX_A6 " " FX_A3);
	/* Same date: by id (descending for SORT_DATE_DESC). */
	query_init(&q);
	q.type = REC_VOLUNTEER;
	q.to = 20191231;
	expect(&q, "v-00000002 v-00000001");
	q.sort = SORT_DATE_ASC;
	expect(&q, "v-00000001 v-00000002");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_type_unit_year),
		cmocka_unit_test(test_dates_category_form),
		cmocka_unit_test(test_grep),
		cmocka_unit_test(test_five_have_conflicts_invalid),
		cmocka_unit_test(test_sort),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
