/* records/ops.c record_to_yaml and record_to_yaml_merged: a record is only
 * serialized if it reads back (size within YAML_MAX_BYTES, parsed by the
 * same reader, equal); a merged record too big for both values leaves the
 * largest losing values out, the same way every time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/node.h"
#include "../../model/record.h"
#include "../../records/ops.h"
#include "../../storage/yamlio.h"

#define ID "20240710-3fa9c2e1"

/* n copies of the 4-byte character 𠮷 (written as a 10-byte \U escape),
 * then a marker character. */
static char *ext_b_text(size_t n, char mark)
{
	char *s = malloc(n * 4 + 2);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * 4, "\xf0\xa0\xae\xb7", 4);
	s[n * 4] = mark;
	s[n * 4 + 1] = '\0';
	return s;
}

static void make_activity(struct node *rec, const char *content)
{
	assert_int_equal(record_new(REC_ACTIVITY, ID, "xinyi", rec), 0);
	assert_int_equal(node_map_set_str(rec, "title", "讲座", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(rec, "date", "2024-07-10", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(rec, "category", "safety", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(rec, "form", "lecture", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(rec, "youth_count", "5", SCALAR_PLAIN), 0);
	if (content)
		assert_int_equal(node_map_set_str(rec, "content", content, SCALAR_TEXT), 0);
}

static void add_conflict(struct node *rec, const char *value, const char *commit)
{
	struct node *cs = node_map_get(rec, "conflicts"), seq, entry;

	if (!cs) {
		node_init_seq(&seq);
		assert_int_equal(node_map_set(rec, "conflicts", &seq), 0);
		cs = node_map_get(rec, "conflicts");
	}
	node_init_map(&entry);
	assert_int_equal(node_map_set_str(&entry, "field", "content", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(&entry, "value", value, SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(&entry, "commit", commit, SCALAR_TEXT), 0);
	assert_int_equal(node_seq_append(cs, &entry), 0);
}

static void test_reads_back(void **state)
{
	struct node rec, back;
	struct ggw_error err = { 0, "" };
	char *yaml = NULL, *text = ext_b_text(19999, 'A');
	size_t len = 0;

	(void)state;
	make_activity(&rec, text);
	assert_int_equal(record_to_yaml(REC_ACTIVITY, &rec, &yaml, &len, &err), 0);
	assert_true(len <= YAML_MAX_BYTES);
	assert_int_equal(yaml_parse("x", yaml, len, &back, &err), 0);
	assert_true(node_equal(&back, &rec));
	node_free(&back);
	free(yaml);
	/* An unknown key of tabs: 240 KB read, written as 480 KB. */
	char *tabs = malloc(240 * 1024 + 1);
	memset(tabs, '\t', 240 * 1024);
	tabs[240 * 1024] = '\0';
	tabs[0] = 'x';
	assert_int_equal(node_map_set_str(&rec, "extra", tabs, SCALAR_TEXT), 0);
	yaml = (char *)1;
	assert_int_equal(record_to_yaml(REC_ACTIVITY, &rec, &yaml, &len, &err), GGW_EINVALID);
	assert_null(yaml);
	assert_non_null(strstr(err.msg, "256 KiB"));
	assert_non_null(strstr(err.msg, ID));
	free(tabs);
	free(text);
	node_free(&rec);
}

static void test_merged_leaves_out_largest(void **state)
{
	struct node a, b, back;
	struct ggw_error err = { 0, "" };
	char *ours = ext_b_text(19999, 'A'), *small = ext_b_text(10, 'C');
	char *big1 = ext_b_text(19999, 'B'), *big2 = ext_b_text(19000, 'D');
	char *ya = NULL, *yb = NULL;
	size_t la = 0, lb = 0;

	(void)state;
	make_activity(&a, ours);
	add_conflict(&a, small, "1111111111111111111111111111111111111111");
	add_conflict(&a, big1, "2222222222222222222222222222222222222222");
	add_conflict(&a, big2, "3333333333333333333333333333333333333333");
	assert_int_equal(node_clone(&b, &a), 0);
	assert_int_equal(record_to_yaml(REC_ACTIVITY, &a, &ya, &la, &err), GGW_EINVALID);
	assert_int_equal(record_to_yaml_merged(REC_ACTIVITY, &a, &ya, &la, &err), 0);
	assert_true(la <= YAML_MAX_BYTES);
	assert_int_equal(yaml_parse("x", ya, la, &back, &err), 0);
	assert_int_equal(record_validate(REC_ACTIVITY, &back, NULL), 0);
	{
		const struct node *cs = node_map_get(&back, "conflicts");

		assert_non_null(cs);
		assert_int_equal(cs->count, 3); /* no entry is dropped */
		/* the two big values are out, the small one stays */
		assert_string_equal(node_map_str(&cs->kids[0], "value"), small);
		for (size_t i = 1; i < 3; i++) {
			assert_null(node_map_get(&cs->kids[i], "value"));
			assert_string_equal(node_map_str(&cs->kids[i], CONFLICT_VALUE_OMITTED), "true");
			assert_non_null(node_map_str(&cs->kids[i], "commit"));
		}
		assert_string_equal(node_map_str(&back, "content"), ours);
	}
	/* the same bytes from the same input */
	assert_int_equal(record_to_yaml_merged(REC_ACTIVITY, &b, &yb, &lb, &err), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(ya, yb, la);
	node_free(&back);
	free(ya);
	free(yb);
	node_free(&a);
	node_free(&b);
	free(ours);
	free(small);
	free(big1);
	free(big2);
}

static void test_merged_refused_when_nothing_to_leave_out(void **state)
{
	struct node rec;
	struct ggw_error err = { 0, "" };
	char *yaml = NULL, *x = ext_b_text(14000, 'X'), *y = ext_b_text(14000, 'Y');
	size_t len = 0;

	(void)state;
	make_activity(&rec, NULL);
	/* two sides each added a big unknown key: no conflict to shrink */
	assert_int_equal(node_map_set_str(&rec, "x_ours", x, SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(&rec, "x_theirs", y, SCALAR_TEXT), 0);
	assert_int_equal(record_to_yaml_merged(REC_ACTIVITY, &rec, &yaml, &len, &err),
			 GGW_EINVALID);
	assert_null(yaml);
	assert_non_null(strstr(err.msg, ID));
	node_free(&rec);
	free(x);
	free(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_back),
		cmocka_unit_test(test_merged_leaves_out_largest),
		cmocka_unit_test(test_merged_refused_when_nothing_to_leave_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
