/* Field-level merge (model/merge.c): a table of three-way cases, each also
 * run with ours and theirs swapped, which must give byte-identical YAML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../model/merge.h"
#include "../../model/record.h"
#include "../../storage/yamlio.h"

#define HEAD_A "schema: ggw/activity/1\nid: 20240710-3fa9c2e1\nunit: xinyi\n"
#define REST_A "date: 2024-07-10\ncategory: safety\nform: lecture\nyouth_count: 45\n"

static const char base_a[] =
	HEAD_A "title: 防溺水讲座\n" REST_A
	"location: 文化礼堂\n"
	"tags: [暑期, 安全]\n"
	"five_have:\n  plan: 计划第3项\n  summary: 反响好\n"
	"x_old: 旧值\n";

struct mcase {
	const char *name;
	enum record_type type;
	const char *base, *ours, *theirs; /* NULL: no record on that side */
	int64_t ours_time, theirs_time;
	int want_deleted;
	size_t want_new;          /* conflicts this merge adds */
	const char *want[6];      /* fixed strings the result must contain */
	const char *unwanted[4];  /* and must not */
};

static const struct mcase cases[] = {
	{ "one side changes a field", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水安全讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  base_a, 100, 200, 0, 0, { "title: 防溺水安全讲座\n", "location: 文化礼堂\n" },
	  { "conflicts" } },
	{ "different fields on each side", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水安全讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 村委会\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  100, 200, 0, 0, { "title: 防溺水安全讲座\n", "location: 村委会\n" }, { "conflicts" } },
	{ "same change on both sides is taken once", REC_ACTIVITY, base_a,
	  HEAD_A "title: 新标题\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  HEAD_A "title: 新标题\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  100, 200, 0, 0, { "title: 新标题\n" }, { "conflicts" } },
	{ "different changes: later commit wins, loser recorded", REC_ACTIVITY, base_a,
	  HEAD_A "title: 甲标题\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  HEAD_A "title: 乙标题\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  1720749600, 1720836000, 0, 1,
	  { "title: 乙标题\n", "conflicts:\n", "field: title\n", "value: 甲标题\n",
	    "author: 张三 <xinyi@ggw.local>\n", "time: \"2024-07-12T10:00:00+08:00\"\n" },
	  { "value: 乙标题" } },
	{ "different changes, equal times: greater value wins", REC_ACTIVITY, base_a,
	  HEAD_A "title: A标题\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  HEAD_A "title: B标题\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  0, 0, 0, 1, { "title: B标题\n", "value: A标题\n" }, { "time:" } },
	{ "five_have items merge independently", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 新计划\n  summary: 反响好\nx_old: 旧值\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 新总结\n  commendation: 表彰3人\nx_old: 旧值\n",
	  100, 200, 0, 0, { "plan: 新计划\n", "summary: 新总结\n", "commendation: 表彰3人\n" },
	  { "conflicts" } },
	{ "same five_have item differently: dotted conflict", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 甲总结\nx_old: 旧值\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 乙总结\nx_old: 旧值\n",
	  300, 200, 0, 1, { "summary: 甲总结\n", "field: five_have.summary\n", "value: 乙总结\n" },
	  { 0 } },
	{ "empty and absent are the same value", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  assignment: ''\n  commendation: ''\n  summary: 反响好\nx_old: 旧值\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  commendation: 表彰3人\n  summary: 反响好\nx_old: 旧值\n",
	  300, 200, 0, 0, { "commendation: 表彰3人\n" }, { "conflicts" } },
	{ "string lists merge as sets", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全, 宣讲]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [安全, 防溺水]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  300, 200, 0, 0, { "- 安全\n", "- 宣讲\n", "- 防溺水\n" }, { "暑期", "conflicts" } },
	{ "unknown keys merge like known ones", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 甲值\nx_new: 新键\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 乙值\nx_other: [1, 2]\n",
	  100, 200, 0, 1, { "x_old: 乙值\n", "x_new: 新键\n", "x_other:\n", "field: x_old\n",
			    "value: 甲值\n" }, { 0 } },
	{ "edit versus delete keeps the edited record", REC_ACTIVITY, base_a,
	  HEAD_A "title: 改过的标题\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  NULL, 100, 200, 0, 0, { "title: 改过的标题\n" }, { "conflicts" } },
	{ "delete versus unchanged deletes", REC_ACTIVITY, base_a, base_a, NULL, 100, 200, 1, 0,
	  { 0 }, { 0 } },
	{ "delete versus unchanged in another key order deletes", REC_ACTIVITY, base_a,
	  "five_have:\n  summary: 反响好\n  plan: 计划第3项\n  commendation: ''\n"
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\nx_old: 旧值\n",
	  NULL, 100, 200, 1, 0, { 0 }, { 0 } },
	{ "deleted on both sides", REC_ACTIVITY, base_a, NULL, NULL, 100, 200, 1, 0, { 0 }, { 0 } },
	{ "added on one side only", REC_ACTIVITY, NULL, base_a, NULL, 100, 200, 0, 0,
	  { "title: 防溺水讲座\n" }, { 0 } },
	{ "added on both sides: merged against an empty record", REC_ACTIVITY, NULL,
	  HEAD_A "title: 甲\n" REST_A "location: 文化礼堂\n",
	  HEAD_A "title: 乙\n" REST_A "speakers: [丁光海]\n",
	  0, 0, 0, 1, { "title: 甲\n", "location: 文化礼堂\n", "- 丁光海\n", "value: 乙\n" }, { 0 } },
	{ "existing conflicts: union of additions, resolved ones stay resolved", REC_ACTIVITY,
	  HEAD_A "title: 防溺水讲座\n" REST_A
	  "conflicts:\n  - field: location\n    value: 旧冲突\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A
	  "conflicts:\n  - field: tags\n    value: [甲]\n    author: 甲 <a@ggw.local>\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A
	  "conflicts:\n  - field: location\n    value: 旧冲突\n  - field: adult_count\n    value: '3'\n",
	  100, 200, 0, 0, { "field: tags\n", "field: adult_count\n" }, { "旧冲突" } },
	{ "values equal but for quoting: one kept, either way round", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\nx_num: 1\n"
	  "conflicts:\n  - field: adult_count\n    value: 3\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 文化礼堂\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\nx_num: '1'\n"
	  "conflicts:\n  - field: adult_count\n    value: '3'\n",
	  100, 200, 0, 0, { "x_num: ", "field: adult_count\n" }, { "x_num: 1\nx_num" } },
	{ "a removed field loses to an edit and is recorded without value", REC_ACTIVITY, base_a,
	  HEAD_A "title: 防溺水讲座\n" REST_A "tags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  HEAD_A "title: 防溺水讲座\n" REST_A "location: 新地点\ntags: [暑期, 安全]\n"
	  "five_have:\n  plan: 计划第3项\n  summary: 反响好\nx_old: 旧值\n",
	  100, 200, 0, 1, { "location: 新地点\n", "field: location\n" }, { "value:" } },
	{ "units.yaml: units merged by key", REC_UNITS,
	  "schema: ggw/units/1\nstreet: XX街道关工委\nunits:\n"
	  "  - key: office\n    name: 办公室\n    kind: street\n",
	  "schema: ggw/units/1\nstreet: XX街道关工委\nunits:\n"
	  "  - key: office\n    name: 办公室\n    kind: street\n"
	  "  - key: xinyi\n    name: 新义村关工委\n    kind: village\n",
	  "schema: ggw/units/1\nstreet: XX街道关工委\nunits:\n"
	  "  - key: office\n    name: 街道办公室\n    kind: street\n"
	  "  - key: dongfang\n    name: 东方社区关工委\n    kind: community\n",
	  100, 200, 0, 0, { "key: xinyi\n", "key: dongfang\n", "name: 街道办公室\n" },
	  { "conflicts" } },
};

static struct node parse(const char *yaml)
{
	struct node n;
	struct ggw_error err = { 0, "" };

	if (yaml_parse("test.yaml", yaml, strlen(yaml), &n, &err) < 0)
		fail_msg("parse: %s\n%s", err.msg, yaml);
	return n;
}

static char *emit(const struct node *n)
{
	struct ggw_error err = { 0, "" };
	char *out = NULL;
	size_t len;

	if (yaml_emit(n, &out, &len, &err) < 0)
		fail_msg("emit: %s", err.msg);
	return out;
}

static const struct merge_side side_a = { NULL, "张三 <xinyi@ggw.local>", "xinyi", 0, 480,
					  "3fa9c2e13fa9c2e13fa9c2e13fa9c2e13fa9c2e1", 0 };
static const struct merge_side side_b = { NULL, "李四 <office@ggw.local>", "office", 0, 480,
					  "9e8d7c6b9e8d7c6b9e8d7c6b9e8d7c6b9e8d7c6b", 0 };

/* Merge one case; returns the emitted result ("" if deleted). */
static char *run_case(const struct mcase *c, int swap, size_t *nnew, int *deleted)
{
	struct node b, o, t, out;
	struct merge_side so = side_a, st = side_b, tmp;
	struct ggw_error err = { 0, "" };
	char *text;

	if (c->base)
		b = parse(c->base);
	if (c->ours)
		o = parse(c->ours);
	if (c->theirs)
		t = parse(c->theirs);
	so.rec = c->ours ? &o : NULL;
	so.time = c->ours_time;
	st.rec = c->theirs ? &t : NULL;
	st.time = c->theirs_time;
	if (swap) {
		tmp = so;
		so = st;
		st = tmp;
	}
	if (merge_record(c->type, c->base ? &b : NULL, &so, &st, &out, deleted, nnew, &err) < 0)
		fail_msg("%s: merge failed: %s", c->name, err.msg);
	if (*deleted) {
		text = strdup("");
	} else {
		struct problems probs = { 0 };

		text = emit(&out);
		if (record_validate(c->type, &out, &probs) > 0)
			fail_msg("%s: merged record invalid: %s: %s\n%s", c->name,
				 probs.v[0].field, probs.v[0].msg, text);
		problems_free(&probs);
		node_free(&out);
	}
	if (c->base)
		node_free(&b);
	if (c->ours)
		node_free(&o);
	if (c->theirs)
		node_free(&t);
	return text;
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct mcase *c = &cases[i];
		size_t n1, n2;
		int d1, d2;
		char *a = run_case(c, 0, &n1, &d1);
		char *b = run_case(c, 1, &n2, &d2);

		if (d1 != c->want_deleted || d2 != c->want_deleted)
			fail_msg("%s: deleted %d/%d, wanted %d", c->name, d1, d2, c->want_deleted);
		if (n1 != c->want_new || n2 != c->want_new)
			fail_msg("%s: %zu/%zu new conflicts, wanted %zu\n%s", c->name, n1, n2,
				 c->want_new, a);
		if (strcmp(a, b) != 0)
			fail_msg("%s: swapping ours and theirs changed the result:\n%s\n---\n%s",
				 c->name, a, b);
		for (size_t k = 0; k < 6 && c->want[k]; k++)
			if (!strstr(a, c->want[k]))
				fail_msg("%s: '%s' missing in:\n%s", c->name, c->want[k], a);
		if (strstr(a, "field: adult_count\n") &&
		    strstr(strstr(a, "field: adult_count\n") + 1, "field: adult_count\n"))
			fail_msg("%s: duplicate conflict entry:\n%s", c->name, a);
		for (size_t k = 0; k < 4 && c->unwanted[k]; k++)
			if (strstr(a, c->unwanted[k]))
				fail_msg("%s: '%s' unexpected in:\n%s", c->name, c->unwanted[k], a);
		free(a);
		free(b);
	}
}

/* Merging the merge result again with either side changes nothing: the
 * conflict entries are stable (no duplicates on a second sync). */
static void test_remerge_is_stable(void **state)
{
	const struct mcase *c = &cases[3];
	struct node b = parse(c->base), o = parse(c->ours), t = parse(c->theirs);
	struct node out, again;
	struct merge_side so = side_a, st = side_b;
	struct ggw_error err = { 0, "" };
	size_t n;
	int deleted;
	char *x, *y;

	(void)state;
	so.rec = &o;
	st.rec = &t;
	so.time = 100;
	st.time = 200;
	assert_int_equal(merge_record(REC_ACTIVITY, &b, &so, &st, &out, &deleted, &n, &err), 0);
	assert_int_equal(n, 1);
	/* the other PC merged the same histories: merging both merges */
	so.rec = &out;
	st.rec = &out;
	assert_int_equal(merge_record(REC_ACTIVITY, &b, &so, &st, &again, &deleted, &n, &err), 0);
	assert_int_equal(n, 0);
	x = emit(&out);
	y = emit(&again);
	assert_string_equal(x, y);
	free(x);
	free(y);
	node_free(&again);
	/* the theirs PC edits another field before it sees the merge: the
	 * conflict is kept once */
	node_map_set_str(&t, "location", "别处", SCALAR_TEXT);
	so.rec = &out;
	st.rec = &t;
	{
		struct node tb = parse(c->theirs);

		assert_int_equal(merge_record(REC_ACTIVITY, &tb, &so, &st, &again, &deleted, &n,
					      &err), 0);
		node_free(&tb);
	}
	x = emit(&again);
	assert_non_null(strstr(x, "title: 乙标题\n"));
	assert_non_null(strstr(x, "location: 别处\n"));
	assert_non_null(strstr(x, "field: title\n"));
	assert_null(strstr(strstr(x, "field: title\n") + 1, "field: title\n"));
	free(x);
	node_free(&again);
	node_free(&out);
	node_free(&b);
	node_free(&o);
	node_free(&t);
}

static struct node conflicted(void)
{
	struct node b = parse(cases[3].base), o = parse(cases[3].ours), t = parse(cases[3].theirs);
	struct node out;
	struct merge_side so = side_a, st = side_b;
	struct ggw_error err = { 0, "" };
	size_t n;
	int deleted;

	so.rec = &o;
	st.rec = &t;
	so.time = 100;
	st.time = 200;
	assert_int_equal(merge_record(REC_ACTIVITY, &b, &so, &st, &out, &deleted, &n, &err), 0);
	node_free(&b);
	node_free(&o);
	node_free(&t);
	return out;
}

static void test_resolve(void **state)
{
	struct ggw_error err = { 0, "" };
	struct node r;
	char *x;

	(void)state;
	/* --ours keeps the current value */
	r = conflicted();
	assert_true(record_has_conflicts(&r));
	assert_int_equal(merge_resolve(REC_ACTIVITY, &r, "title", 'o', NULL, &err), 0);
	assert_string_equal(node_map_str(&r, "title"), "乙标题");
	assert_null(node_map_get(&r, "conflicts"));
	assert_false(record_has_conflicts(&r));
	/* nothing left to resolve */
	assert_int_equal(merge_resolve(REC_ACTIVITY, &r, "title", 'o', NULL, &err), GGW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "title"));
	node_free(&r);

	/* --theirs takes the recorded value */
	r = conflicted();
	assert_int_equal(merge_resolve(REC_ACTIVITY, &r, "title", 't', NULL, &err), 0);
	assert_string_equal(node_map_str(&r, "title"), "甲标题");
	assert_null(node_map_get(&r, "conflicts"));
	node_free(&r);

	/* --value sets a third value */
	r = conflicted();
	assert_int_equal(merge_resolve(REC_ACTIVITY, &r, "title", 'v', "丙标题", &err), 0);
	assert_string_equal(node_map_str(&r, "title"), "丙标题");
	x = emit(&r);
	assert_null(strstr(x, "conflicts"));
	free(x);
	/* a field without a conflict */
	assert_int_equal(merge_resolve(REC_ACTIVITY, &r, "location", 't', NULL, &err),
			 GGW_ENOTFOUND);
	node_free(&r);
}

static void test_resolve_dotted_and_removed(void **state)
{
	struct ggw_error err = { 0, "" };
	struct node r = parse(HEAD_A "title: 标题\n" REST_A "location: 新地点\n"
			      "five_have:\n  plan: 甲计划\n"
			      "conflicts:\n"
			      "  - field: five_have.plan\n    value: 乙计划\n"
			      "  - field: location\n    author: 李四 <office@ggw.local>\n"
			      "  - field: location\n    value: 第三处\n");

	(void)state;
	assert_int_equal(merge_resolve(REC_ACTIVITY, &r, "five_have.plan", 't', NULL, &err), 0);
	assert_string_equal(node_map_str(node_map_get(&r, "five_have"), "plan"), "乙计划");
	assert_non_null(node_map_get(&r, "conflicts"));
	/* the first entry for location has no value: the field was removed */
	assert_int_equal(merge_resolve(REC_ACTIVITY, &r, "location", 't', NULL, &err), 0);
	assert_null(node_map_get(&r, "location"));
	/* every entry for the field went */
	assert_null(node_map_get(&r, "conflicts"));
	node_free(&r);
}

static void test_resolve_bad_value(void **state)
{
	struct ggw_error err = { 0, "" };
	struct node r = parse(HEAD_A "title: 标题\n" REST_A
			      "conflicts:\n  - field: youth_count\n    value: '50'\n");

	(void)state;
	/* record_set_field checks the text; the conflict stays on failure */
	assert_true(merge_resolve(REC_ACTIVITY, &r, "youth_count", 'v', "很多", &err) < 0);
	assert_non_null(node_map_get(&r, "conflicts"));
	assert_int_equal(merge_resolve(REC_ACTIVITY, &r, "youth_count", 'x', NULL, &err), GGW_EUSAGE);
	node_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_remerge_is_stable),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_resolve_dotted_and_removed),
		cmocka_unit_test(test_resolve_bad_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
