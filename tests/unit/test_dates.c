/* model/dates.c: dates as people type them, stored as YYYY-MM-DD; dates
 * that are probably typos; record_set_field and the strict rule for files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/dates.h"
#include "../../model/record.h"

static void test_typed_spellings(void **state)
{
	static const char *const same[] = {
		"2025-07-15", "2025-7-15", "2025.7.15", "2025/7/15", "2025年7月15日", "20250715",
		"2025.07.15", "2025/07/15", "2025年07月15日", "2025年7月15号", "2025年7月15",
		"  2025-7-15 ", "\t20250715",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		if (date_parse_typed(same[i]) != 20250715)
			fail_msg("“%s” should be 2025-07-15, got %d", same[i], date_parse_typed(same[i]));
	}
	assert_int_equal(date_parse_typed("2024-2-29"), 20240229);
	assert_int_equal(date_parse_typed("2025年1月1日"), 20250101);
}

static void test_typed_refused(void **state)
{
	static const char *const shape[] = {
		"", " ", "15/7/2025", "7-15", "2025-7", "2025-7-15-1", "2025-7.15", "2025/7-15",
		"2025年7-15", "202507155", "2025071", "２０２５-7-15", "2025-007-15", "2025-7-15x",
		"yesterday", "2025 7 15", "2025年7月15日 上午",
	};
	static const char *const unreal[] = {
		"2025-2-29", "2025-13-1", "2025-0-10", "2025.4.31", "20250230", "2025年2月30日",
		"1899-12-31",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(shape) / sizeof(shape[0]); i++)
		if (date_parse_typed(shape[i]) != DATE_BAD_SHAPE)
			fail_msg("“%s” should be refused as no date, got %d", shape[i],
				 date_parse_typed(shape[i]));
	for (size_t i = 0; i < sizeof(unreal) / sizeof(unreal[0]); i++)
		if (date_parse_typed(unreal[i]) != DATE_NOT_REAL)
			fail_msg("“%s” should be refused as no such day, got %d", unreal[i],
				 date_parse_typed(unreal[i]));
	assert_int_equal(date_parse_typed(NULL), DATE_BAD_SHAPE);
}

static void test_format_and_days(void **state)
{
	char buf[16];

	(void)state;
	date_format(20250715, buf, sizeof(buf));
	assert_string_equal(buf, "2025-07-15");
	date_format(20000101, buf, sizeof(buf));
	assert_string_equal(buf, "2000-01-01");
	assert_int_equal(date_days(19700101), 0);
	assert_int_equal(date_days(20000301) - date_days(20000228), 2); /* 2000 is leap */
	assert_int_equal(date_days(21000301) - date_days(21000228), 1); /* 2100 is not */
	assert_int_equal(date_days(20260101) - date_days(20251231), 1);
}

static void test_doubt(void **state)
{
	(void)state;
	assert_int_equal(date_doubt(20251201, 20251201), DATE_PLAUSIBLE);
	assert_int_equal(date_doubt(20251231, 20251201), DATE_PLAUSIBLE); /* 30 days on */
	assert_int_equal(date_doubt(20260101, 20251201), DATE_TOO_LATE);  /* 31 days */
	assert_int_equal(date_doubt(20520715, 20250715), DATE_TOO_LATE);
	assert_int_equal(date_doubt(20000101, 20250715), DATE_PLAUSIBLE);
	assert_int_equal(date_doubt(19991231, 20250715), DATE_TOO_EARLY);
	assert_int_equal(date_doubt(20100101, 20250715), DATE_PLAUSIBLE); /* old, but real */
}

static struct node activity(const char *date)
{
	struct node rec;

	node_init_map(&rec);
	node_map_set_str(&rec, "title", "讲座", SCALAR_TEXT);
	if (date)
		node_map_set_str(&rec, "date", date, SCALAR_PLAIN);
	return rec;
}

static void test_record_doubt(void **state)
{
	struct node a = activity("2052-07-15"), b = activity("2052-07-15"), c = activity("2025-07-15");
	struct node v;
	char msg[400];

	(void)state;
	assert_int_equal(record_date_doubt(REC_ACTIVITY, &a, NULL, 20250801, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "2052-07-15"));
	assert_non_null(strstr(msg, "“日期”"));
	/* an edit that leaves a doubtful date alone is not questioned again */
	assert_int_equal(record_date_doubt(REC_ACTIVITY, &a, &b, 20250801, msg, sizeof(msg)), 0);
	assert_int_equal(record_date_doubt(REC_ACTIVITY, &a, &c, 20250801, msg, sizeof(msg)), 1);
	assert_int_equal(record_date_doubt(REC_ACTIVITY, &c, NULL, 20250801, msg, sizeof(msg)), 0);
	node_free(&a);
	node_free(&b);
	node_free(&c);
	node_init_map(&v);
	node_map_set_str(&v, "name", "王秀英", SCALAR_TEXT);
	node_map_set_str(&v, "joined", "1998-03-01", SCALAR_PLAIN);
	assert_int_equal(record_date_doubt(REC_VOLUNTEER, &v, NULL, 20250801, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "加入日期"));
	assert_non_null(strstr(msg, "2000"));
	node_free(&v);
}

/* --set date=...: every spelling is stored as YYYY-MM-DD; a bad one is
 * refused with the spellings that work, not "YYYY-MM-DD". */
static void test_set_field(void **state)
{
	static const char *const typed[] = { "2025-7-15", "2025.7.15", "2025/7/15", "2025年7月15日",
					     "20250715" };
	struct ggw_error err = { 0, "" };
	struct node rec;

	(void)state;
	for (size_t i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		node_init_map(&rec);
		assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "date", '=', typed[i], &err), 0);
		assert_string_equal(node_map_str(&rec, "date"), "2025-07-15");
		assert_int_equal(record_set_field(REC_VOLUNTEER, &rec, "joined", '=', typed[i], &err), 0);
		assert_string_equal(node_map_str(&rec, "joined"), "2025-07-15");
		node_free(&rec);
	}
	node_init_map(&rec);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "date", '=', "15/7/2025", &err),
			 GGW_EINVALID);
	assert_non_null(strstr(err.msg, "15/7/2025"));
	assert_non_null(strstr(err.msg, "2025年7月15日"));
	assert_non_null(strstr(err.msg, "20250715"));
	assert_null(strstr(err.msg, "YYYY"));
	assert_null(node_map_get(&rec, "date"));
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "date", '=', "2025-2-30", &err),
			 GGW_EINVALID);
	assert_non_null(strstr(err.msg, "不是真实的日期"));
	node_free(&rec);
}

/* Files read from disk keep the spec's strict YYYY-MM-DD. */
static void test_files_stay_strict(void **state)
{
	struct node rec = activity("2025.7.15");
	struct problems p = { 0 };

	(void)state;
	node_map_set_str(&rec, "schema", "ggw/activity/1", SCALAR_TEXT);
	node_map_set_str(&rec, "id", "20250715-0000abcd", SCALAR_TEXT);
	node_map_set_str(&rec, "unit", "xinyi", SCALAR_TEXT);
	node_map_set_str(&rec, "category", "law", SCALAR_TEXT);
	node_map_set_str(&rec, "form", "lecture", SCALAR_TEXT);
	node_map_set_str(&rec, "youth_count", "3", SCALAR_PLAIN);
	assert_true(record_validate(REC_ACTIVITY, &rec, &p) > 0);
	assert_string_equal(p.v[0].field, "date");
	assert_int_equal(date_parse("2025.7.15"), -1);
	assert_int_equal(date_parse("20250715"), -1);
	problems_free(&p);
	node_free(&rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_spellings),
		cmocka_unit_test(test_typed_refused),
		cmocka_unit_test(test_format_and_days),
		cmocka_unit_test(test_doubt),
		cmocka_unit_test(test_record_doubt),
		cmocka_unit_test(test_set_field),
		cmocka_unit_test(test_files_stay_strict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
