/* records/unitname.c and conflict_label.c: units named as people name
 * them (key, full name, short name, a unique part), and the labels of a
 * conflict's two values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../records/conflict_label.h"
#include "../../records/unitname.h"

static struct unit_info infos[] = {
	{ "office", "新义街道关工委办公室", "street" },
	{ "xinyi", "新义村关工委", "village" },
	{ "hecun", "河村社区关工委", "community" },
	{ "hexi", "河西村关工委", "village" },
};
static struct units units = { "新义街道关工委", infos, 4 };

static void test_resolve(void **state)
{
	struct ggw_error err = { 0, "" };
	const char *key = NULL;

	(void)state;
	assert_int_equal(units_resolve(&units, "xinyi", &key, &err), 0);
	assert_string_equal(key, "xinyi");
	assert_int_equal(units_resolve(&units, "新义村关工委", &key, &err), 0);
	assert_string_equal(key, "xinyi");
	assert_int_equal(units_resolve(&units, "新义村", &key, &err), 0);
	assert_string_equal(key, "xinyi");
	assert_int_equal(units_resolve(&units, "新义", &key, &err), 0); /* not the office */
	assert_string_equal(key, "xinyi");
	assert_int_equal(units_resolve(&units, "办公室", &key, &err), 0);
	assert_string_equal(key, "office");
	assert_int_equal(units_resolve(&units, "河村社区", &key, &err), 0);
	assert_string_equal(key, "hecun");
	/* ambiguous: both names listed */
	assert_int_equal(units_resolve(&units, "河", &key, &err), GGW_ENOTFOUND);
	assert_null(key);
	assert_non_null(strstr(err.msg, "河村社区关工委（hecun）"));
	assert_non_null(strstr(err.msg, "河西村关工委（hexi）"));
	assert_null(strstr(err.msg, "新义村关工委"));
	/* unknown: every unit listed */
	assert_int_equal(units_resolve(&units, "东风", &key, &err), GGW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "东风"));
	for (size_t i = 0; i < units.n; i++)
		assert_non_null(strstr(err.msg, infos[i].name));
	assert_int_equal(units_resolve(&units, "", &key, &err), GGW_ENOTFOUND);
}

static void test_labels(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(units_label(&units, "xinyi"), "新义村关工委");
	assert_string_equal(units_label(&units, "ghost"), "ghost");
	assert_string_equal(units_label(NULL, "xinyi"), "xinyi");
	units_short_name(&units, "office", buf, sizeof(buf));
	assert_string_equal(buf, "办公室");
	units_short_name(&units, "hecun", buf, sizeof(buf));
	assert_string_equal(buf, "河村社区");
	units_label_key(&units, "xinyi", buf, sizeof(buf));
	assert_string_equal(buf, "新义村关工委（xinyi）");
	units_label_key(&units, "ghost", buf, sizeof(buf));
	assert_string_equal(buf, "ghost");
}

static void test_conflict_who(void **state)
{
	char buf[256];
	struct node e;

	(void)state;
	assert_int_equal(conflict_who(&units, "王秀英 <xinyi@ggw.local>", "xinyi",
				      "2024-12-01T10:00:00+08:00", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "王秀英（新义村）12月1日 填的");
	assert_int_equal(conflict_who(&units, "丁光海 <office@ggw.local>", "office",
				      "2024-11-30T09:00:00+08:00", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "丁光海（街道）11月30日 填的");
	assert_int_equal(conflict_who(&units, NULL, "", NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	node_init_map(&e);
	node_map_set_str(&e, "field", "youth_count", SCALAR_TEXT);
	node_map_set_str(&e, "author", "王秀英 <xinyi@ggw.local>", SCALAR_TEXT);
	node_map_set_str(&e, "unit", "xinyi", SCALAR_TEXT);
	node_map_set_str(&e, "time", "2024-12-01T10:00:00+08:00", SCALAR_TEXT);
	assert_int_equal(conflict_kept_who(&units, &e, buf, sizeof(buf)), 0); /* an old entry */
	node_map_set_str(&e, "kept_author", "丁光海 <office@ggw.local>", SCALAR_TEXT);
	node_map_set_str(&e, "kept_unit", "office", SCALAR_TEXT);
	node_map_set_str(&e, "kept_time", "2024-11-30T09:00:00+08:00", SCALAR_TEXT);
	assert_int_equal(conflict_kept_who(&units, &e, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "丁光海（街道）11月30日 填的");
	assert_int_equal(conflict_other_who(&units, &e, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "王秀英（新义村）12月1日 填的");
	node_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_conflict_who),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
