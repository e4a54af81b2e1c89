/* records/changes: --set FIELD=VALUE and FIELD+=VALUE on a record, every
 * refusal told, then the record's other problems. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../model/i18n.h"
#include "../../model/node.h"
#include "../../records/changes.h"

struct told {
	char text[4096];
	int lines;
};

static void say(const char *msg, void *data)
{
	struct told *t = data;
	size_t used = strlen(t->text);

	snprintf(t->text + used, sizeof(t->text) - used, "%s\n", msg);
	t->lines++;
}

static void test_set_and_append(void **state)
{
	const char *const changes[] = { "title=防溺水讲座", "speakers+=丁光海", "speakers+=王秀英",
					"unit=xinyi" };
	struct node rec, *speakers;
	struct told t = { "", 0 };
	struct ggw_error err = { 0, "" };

	(void)state;
	assert_int_equal(node_init_map(&rec), 0);
	assert_int_equal(record_apply_changes(REC_ACTIVITY, &rec, changes, 4, 1, say, &t, &err), 0);
	assert_int_equal(t.lines, 0);
	assert_string_equal(node_map_str(&rec, "title"), "防溺水讲座");
	assert_string_equal(node_map_str(&rec, "unit"), "xinyi");
	speakers = node_map_get(&rec, "speakers");
	assert_non_null(speakers);
	assert_int_equal(speakers->kind, NODE_SEQ);
	assert_int_equal(speakers->count, 2);
	assert_string_equal(speakers->kids[1].str, "王秀英");
	node_free(&rec);
}

static void test_refusals_told_together(void **state)
{
	const char *const changes[] = { "title=讲座", "date=2024-02-30", "nosuch=1" };
	struct node rec;
	struct told t = { "", 0 };
	struct ggw_error err = { 0, "" };

	(void)state;
	assert_int_equal(node_init_map(&rec), 0);
	assert_int_equal(record_apply_changes(REC_ACTIVITY, &rec, changes, 3, 1, say, &t, &err),
			 GGW_EINVALID);
	/* the unknown field is refused as it is set ... */
	assert_string_equal(err.msg, "有 1 处 --set 无效，没有保存");
	assert_non_null(strstr(t.text, "未知字段“nosuch”"));
	/* ... then the rest of the record: the impossible date (a value it
	 * could hold) and what is still missing, each once */
	assert_non_null(strstr(t.text, "2024-02-30"));
	assert_non_null(strstr(t.text, "（category）不能为空"));
	assert_null(strstr(t.text, "（title）"));
	assert_int_equal(t.lines, 5);
	node_free(&rec);
}

static void test_usage_and_unit_on_edit(void **state)
{
	const char *const bad[] = { "title=讲座", "=x" };
	const char *const unit[] = { "unit=hecun" };
	struct node rec;
	struct told t = { "", 0 };
	struct ggw_error err = { 0, "" };

	(void)state;
	assert_int_equal(node_init_map(&rec), 0);
	assert_int_equal(record_apply_changes(REC_ACTIVITY, &rec, bad, 2, 1, say, &t, &err),
			 GGW_EUSAGE);
	assert_non_null(strstr(err.msg, "字段=值"));
	assert_int_equal(t.lines, 0);
	/* edit: the unit is the record's folder, not a field to change */
	assert_true(record_apply_changes(REC_ACTIVITY, &rec, unit, 1, 0, say, &t, &err) < 0);
	assert_null(node_map_str(&rec, "unit"));
	node_free(&rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_and_append),
		cmocka_unit_test(test_refusals_told_together),
		cmocka_unit_test(test_usage_and_unit_on_edit),
	};

	i18n_init("zh");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
