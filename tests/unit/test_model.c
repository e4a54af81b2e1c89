/* model/: the node tree, the field tables, validation (a table of cases),
 * the privacy rule, ids and paths, record_set_field, record_normalize. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../model/fields.h"
#include "../../model/node.h"
#include "../../model/record.h"
#include "../../storage/yamlio.h"

/* ------------------------------------------------------------ fixtures */

static void put(struct node *map, const char *key, const char *val, enum scalar_style st)
{
	assert_int_equal(node_map_set_str(map, key, val, st), 0);
}

static void put_list(struct node *map, const char *key, const char *a, const char *b)
{
	struct node seq;

	node_init_seq(&seq);
	assert_int_equal(node_seq_append_str(&seq, a, SCALAR_TEXT), 0);
	if (b)
		assert_int_equal(node_seq_append_str(&seq, b, SCALAR_TEXT), 0);
	assert_int_equal(node_map_set(map, key, &seq), 0);
}

static void make_activity(struct node *rec)
{
	struct node group, pubs, pub;

	assert_int_equal(record_new(REC_ACTIVITY, "20240710-3fa9c2e1", "xinyi", rec), 0);
	put(rec, "title", "暑期防溺水安全知识讲座", SCALAR_PLAIN);
	put(rec, "date", "2024-07-10", SCALAR_PLAIN);
	put(rec, "category", "safety", SCALAR_PLAIN);
	put(rec, "form", "lecture", SCALAR_PLAIN);
	put(rec, "location", "新义村文化礼堂", SCALAR_PLAIN);
	put(rec, "organizer", "新义村关工委", SCALAR_PLAIN);
	put_list(rec, "speakers", "丁光海", NULL);
	put_list(rec, "volunteers", "v-1a2b3c4d", NULL);
	put_list(rec, "partners", "新义小学", NULL);
	put(rec, "audience", "辖区中小学生", SCALAR_PLAIN);
	put(rec, "youth_count", "45", SCALAR_PLAIN);
	put(rec, "adult_count", "12", SCALAR_PLAIN);
	put(rec, "content", "讲解防溺水“六不”。\n现场演示心肺复苏，2024年7月10日。\n", SCALAR_TEXT);
	node_init_map(&group);
	put(&group, "plan", "暑期安全教育计划第3项", SCALAR_PLAIN);
	put(&group, "assignment", "村关工委主任组织，丁光海主讲", SCALAR_PLAIN);
	put(&group, "implementation", "7月10日下午实施", SCALAR_PLAIN);
	put(&group, "commendation", "", SCALAR_TEXT);
	put(&group, "summary", "学生反响好，计划8月再办一期", SCALAR_PLAIN);
	assert_int_equal(node_map_set(rec, "five_have", &group), 0);
	node_init_seq(&pubs);
	node_init_map(&pub);
	put(&pub, "outlet", "区关工委微信公众号", SCALAR_PLAIN);
	put(&pub, "level", "county", SCALAR_PLAIN);
	put(&pub, "title", "新义村开展防溺水讲座", SCALAR_PLAIN);
	put(&pub, "date", "2024-07-12", SCALAR_PLAIN);
	assert_int_equal(node_seq_append(&pubs, &pub), 0);
	assert_int_equal(node_map_set(rec, "publicity", &pubs), 0);
	put_list(rec, "attachments", "photos/2024/0710-1.jpg", NULL);
	put_list(rec, "tags", "暑期", NULL);
}

static void make_volunteer(struct node *rec)
{
	assert_int_equal(record_new(REC_VOLUNTEER, "v-1a2b3c4d", "office", rec), 0);
	put(rec, "name", "丁光海", SCALAR_PLAIN);
	put(rec, "group", "veteran", SCALAR_PLAIN);
	put(rec, "birth_year", "1958", SCALAR_PLAIN);
	put_list(rec, "roles", "执行主任", "宣讲员");
	put_list(rec, "teams", "XX市关工委旗帜报告团", NULL);
	put_list(rec, "specialties", "革命传统教育", "国防教育");
	put(rec, "phone", "13800000000", SCALAR_TEXT);
	put(rec, "active", "true", SCALAR_PLAIN);
	put(rec, "joined", "2019-03-01", SCALAR_PLAIN);
	put(rec, "notes", "退伍军人，退休前任武装部长。\n", SCALAR_TEXT);
}

static void add_unit(struct node *units, const char *key, const char *name, const char *kind)
{
	struct node u;

	node_init_map(&u);
	put(&u, "key", key, SCALAR_PLAIN);
	put(&u, "name", name, SCALAR_PLAIN);
	put(&u, "kind", kind, SCALAR_PLAIN);
	assert_int_equal(node_seq_append(units, &u), 0);
}

static void make_units(struct node *rec)
{
	struct node units;

	assert_int_equal(record_new(REC_UNITS, NULL, NULL, rec), 0);
	put(rec, "street", "XX街道关工委", SCALAR_PLAIN);
	node_init_seq(&units);
	add_unit(&units, "office", "XX街道关工委办公室", "street");
	add_unit(&units, "xinyi", "新义村关工委", "village");
	assert_int_equal(node_map_set(rec, "units", &units), 0);
}

/* Set (value != NULL) or remove a dotted field ("five_have.summary"). */
static void mutate(struct node *rec, const char *dotted, const char *value,
		   enum scalar_style st)
{
	char top[64];
	const char *dot = strchr(dotted, '.');
	struct node *map = rec;

	if (dot) {
		snprintf(top, sizeof(top), "%.*s", (int)(dot - dotted), dotted);
		map = node_map_get(rec, top);
		assert_non_null(map);
		if (map->kind == NODE_SEQ) /* publicity.title: the first item */
			map = &map->kids[0];
		dotted = dot + 1;
	}
	if (value)
		put(map, dotted, value, st);
	else
		node_map_remove(map, dotted);
}

/* ------------------------------------------------------------ validation table */

#define ID_OK "11010519491231002X"    /* check digit right */
#define ID_WRONG "110105194912310021" /* same, check digit wrong */
#define T81 "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十" \
	"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"

struct vcase {
	const char *name;
	enum record_type type;
	const char *field;  /* dotted; NULL: no change */
	const char *value;  /* NULL with field: remove */
	enum scalar_style style;
	size_t want;        /* problem count */
	const char *want_field;
	const char *want_msg; /* substring of the first problem */
};

static const struct vcase vcases[] = {
	{ "valid activity", REC_ACTIVITY, NULL, NULL, 0, 0, NULL, NULL },
	{ "valid volunteer", REC_VOLUNTEER, NULL, NULL, 0, 0, NULL, NULL },
	{ "valid units", REC_UNITS, NULL, NULL, 0, 0, NULL, NULL },
	{ "no schema", REC_ACTIVITY, "schema", NULL, 0, 1, "schema", "不能为空" },
	{ "wrong schema", REC_ACTIVITY, "schema", "ggw/volunteer/1", 0, 1, "schema", "ggw/activity/1" },
	{ "no id", REC_ACTIVITY, "id", NULL, 0, 1, "id", "不能为空" },
	{ "volunteer id on activity", REC_ACTIVITY, "id", "v-1a2b3c4d", 0, 1, "id", NULL },
	{ "no unit", REC_ACTIVITY, "unit", NULL, 0, 1, "unit", "不能为空" },
	{ "bad unit", REC_ACTIVITY, "unit", "../x", 0, 1, "unit", "无效" },
	{ "no title", REC_ACTIVITY, "title", NULL, 0, 1, "title", "“标题”（title）不能为空" },
	{ "null title", REC_ACTIVITY, "title", "~", SCALAR_PLAIN, 1, "title", "不能为空" },
	{ "blank title", REC_ACTIVITY, "title", "  ", SCALAR_TEXT, 1, "title", "不能为空" },
	{ "no date", REC_ACTIVITY, "date", NULL, 0, 1, "date", "不能为空" },
	{ "no category", REC_ACTIVITY, "category", NULL, 0, 1, "category", "不能为空" },
	{ "no form", REC_ACTIVITY, "form", NULL, 0, 1, "form", "不能为空" },
	{ "no youth_count", REC_ACTIVITY, "youth_count", NULL, 0, 1, "youth_count", "不能为空" },
	{ "no volunteer name", REC_VOLUNTEER, "name", NULL, 0, 1, "name", "“姓名”（name）不能为空" },
	{ "no volunteer group", REC_VOLUNTEER, "group", NULL, 0, 1, "group", "不能为空" },
	{ "no street", REC_UNITS, "street", NULL, 0, 1, "street", "不能为空" },
	{ "no units", REC_UNITS, "units", NULL, 0, 1, "units", "不能为空" },
	{ "unit kind bad", REC_UNITS, "units.kind", "town", SCALAR_PLAIN, 1, "units.kind", "“town”无效" },
	{ "unit key bad", REC_UNITS, "units.key", "Xinyi", SCALAR_PLAIN, 1, "units.key", NULL },
	{ "unit key duplicate", REC_UNITS, "units.key", "xinyi", SCALAR_PLAIN, 1, "units.key", "重复" },
	{ "not a leap year", REC_ACTIVITY, "date", "2023-02-29", SCALAR_PLAIN, 1, "date",
	  "“日期”（date）不是真实的日期：2023-02-29" },
	{ "leap day", REC_ACTIVITY, "date", "2024-02-29", SCALAR_PLAIN, 0, NULL, NULL },
	{ "date shape", REC_ACTIVITY, "date", "2024/07/10", SCALAR_PLAIN, 1, "date", "YYYY-MM-DD" },
	{ "date out of range", REC_ACTIVITY, "date", "1899-12-31", SCALAR_PLAIN, 1, "date", NULL },
	{ "bad enum", REC_ACTIVITY, "category", "xyz", SCALAR_PLAIN, 1, "category",
	  "“主题”（category）的取值“xyz”无效，可选：ideology、red、" },
	{ "bad form", REC_ACTIVITY, "form", "party", SCALAR_PLAIN, 1, "form", "lecture" },
	{ "negative count", REC_ACTIVITY, "youth_count", "-1", SCALAR_PLAIN, 1, "youth_count",
	  "“青少年人次”（youth_count）必须是不小于 0 的整数" },
	{ "count not a number", REC_ACTIVITY, "adult_count", "12人", SCALAR_PLAIN, 1, "adult_count",
	  "必须是不小于 0 的整数" },
	{ "count leading zero", REC_ACTIVITY, "youth_count", "045", SCALAR_PLAIN, 1, "youth_count", NULL },
	{ "count quoted ok", REC_ACTIVITY, "youth_count", "45", SCALAR_TEXT, 0, NULL, NULL },
	{ "count too big", REC_ACTIVITY, "youth_count", "10000001", SCALAR_PLAIN, 1, "youth_count", NULL },
	{ "optional count null", REC_ACTIVITY, "adult_count", "~", SCALAR_PLAIN, 0, NULL, NULL },
	{ "birth year range", REC_VOLUNTEER, "birth_year", "1850", SCALAR_PLAIN, 1, "birth_year",
	  "1900 到 2100" },
	{ "bool bad", REC_VOLUNTEER, "active", "yes", SCALAR_PLAIN, 1, "active", "true 或 false" },
	{ "title 80 chars", REC_ACTIVITY, "title",
	  "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	  "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
	  SCALAR_TEXT, 0, NULL, NULL },
	{ "title 81 chars", REC_ACTIVITY, "title", T81, SCALAR_TEXT, 1, "title", "80" },
	{ "title two lines", REC_ACTIVITY, "title", "讲座\n第二行", SCALAR_TEXT, 1, "title", "一行" },
	{ "ID number in content", REC_ACTIVITY, "content", "学生 " ID_OK " 参加", SCALAR_TEXT, 1,
	  "content", "“活动内容”（content）中有疑似身份证号“1101…”" },
	{ "ID number lowercase x", REC_ACTIVITY, "content", "11010519491231002x", SCALAR_TEXT, 1,
	  "content", "身份证号" },
	{ "ID number in five_have.summary", REC_ACTIVITY, "five_have.summary", "表彰" ID_OK,
	  SCALAR_TEXT, 1, "five_have.summary", "“有总结”（five_have.summary）中有疑似身份证号" },
	{ "ID number in title", REC_ACTIVITY, "title", ID_OK, SCALAR_TEXT, 1, "title", "身份证号" },
	{ "ID number in publicity", REC_ACTIVITY, "publicity.title", ID_OK, SCALAR_TEXT, 1,
	  "publicity.title", "第 1 项" },
	{ "ID number fullwidth", REC_ACTIVITY, "content",
	  "１１０１０５１９４９１２３１００２Ｘ", SCALAR_TEXT, 1, "content", "身份证号" },
	{ "wrong check digit accepted", REC_ACTIVITY, "content", "编号 " ID_WRONG, SCALAR_TEXT, 0,
	  NULL, NULL },
	{ "ID inside longer run accepted", REC_ACTIVITY, "content", "9" ID_OK, SCALAR_TEXT, 0,
	  NULL, NULL },
	{ "mobile in content", REC_ACTIVITY, "content", "家长电话13912345678", SCALAR_TEXT, 1,
	  "content", "手机号“139…”" },
	{ "mobile with dashes", REC_ACTIVITY, "audience", "联系 139-1234-5678", SCALAR_TEXT, 1,
	  "audience", "手机号" },
	{ "mobile with spaces", REC_ACTIVITY, "location", "139 1234 5678", SCALAR_TEXT, 1,
	  "location", "手机号" },
	{ "mobile in a list", REC_ACTIVITY, "tags", "13912345678", SCALAR_TEXT, 1, "tags", "手机号" },
	{ "12 digits not mobile", REC_ACTIVITY, "content", "单号 139123456789", SCALAR_TEXT, 0,
	  NULL, NULL },
	{ "landline not mobile", REC_ACTIVITY, "content", "0571-87654321", SCALAR_TEXT, 0, NULL, NULL },
	{ "small numbers not mobile", REC_ACTIVITY, "content", "13 14 15 16 17 8", SCALAR_TEXT, 0,
	  NULL, NULL },
	{ "volunteer phone accepted", REC_VOLUNTEER, "phone", "13912345678", SCALAR_TEXT, 0, NULL, NULL },
	{ "volunteer notes mobile refused", REC_VOLUNTEER, "notes", "孙子电话 13912345678", SCALAR_TEXT,
	  1, "notes", "手机号" },
	{ "unknown key allowed", REC_ACTIVITY, "x_future", "anything", SCALAR_PLAIN, 0, NULL, NULL },
	{ "unknown five_have key allowed", REC_ACTIVITY, "five_have.x_more", "1", SCALAR_PLAIN, 0,
	  NULL, NULL },
	{ "bad volunteer id in list", REC_ACTIVITY, "volunteers", "丁光海", SCALAR_TEXT, 1,
	  "volunteers", "不是志愿者编号" },
	{ "publicity level bad", REC_ACTIVITY, "publicity.level", "world", SCALAR_PLAIN, 1,
	  "publicity.level", "“宣传报道”第 1 项：“级别”（publicity.level）的取值“world”无效" },
	{ "publicity date bad", REC_ACTIVITY, "publicity.date", "2024-13-01", SCALAR_PLAIN, 1,
	  "publicity.date", "不是真实的日期" },
};

static void run_vcase(const struct vcase *c)
{
	struct node rec;
	struct problems p = { 0 };
	size_t n;

	if (c->type == REC_ACTIVITY)
		make_activity(&rec);
	else if (c->type == REC_VOLUNTEER)
		make_volunteer(&rec);
	else
		make_units(&rec);
	if (c->field) {
		/* lists get the value as their only item */
		const struct field_def *f = field_find(record_fields(c->type), c->field);

		if (f && (f->type == FT_STRLIST || f->type == FT_IDLIST) && c->value)
			put_list(&rec, c->field, c->value, NULL);
		else
			mutate(&rec, c->field, c->value, c->style);
	}
	n = record_validate(c->type, &rec, &p);
	if (n != c->want || n != p.n) {
		size_t i;

		print_message("case \"%s\": %zu problems, want %zu\n", c->name, n, c->want);
		for (i = 0; i < p.n; i++)
			print_message("  %s: %s\n", p.v[i].field, p.v[i].msg);
		fail();
	}
	if (c->want_field && strcmp(p.v[0].field, c->want_field) != 0) {
		print_message("case \"%s\": field %s, want %s\n", c->name, p.v[0].field,
			      c->want_field);
		fail();
	}
	if (c->want_msg && !strstr(p.v[0].msg, c->want_msg)) {
		print_message("case \"%s\": message \"%s\" lacks \"%s\"\n", c->name, p.v[0].msg,
			      c->want_msg);
		fail();
	}
	problems_free(&p);
	node_free(&rec);
}

static void test_validate_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vcases) / sizeof(vcases[0]); i++)
		run_vcase(&vcases[i]);
}

static void test_wrong_type_position(void **state)
{
	struct node rec, seq;
	struct problems p = { 0 };

	(void)state;
	make_activity(&rec);
	node_init_seq(&seq);
	seq.line = 4;
	seq.col = 8;
	assert_int_equal(node_seq_append_str(&seq, "a", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set(&rec, "title", &seq), 0);
	assert_int_equal(record_validate(REC_ACTIVITY, &rec, &p), 1);
	assert_string_equal(p.v[0].field, "title");
	assert_int_equal(p.v[0].line, 4);
	assert_int_equal(p.v[0].col, 8);
	assert_non_null(strstr(p.v[0].msg, "“标题”（title）"));
	assert_non_null(strstr(p.v[0].msg, "列表"));
	problems_free(&p);
	node_free(&rec);
}

static void test_field_validate_alone(void **state)
{
	const struct field_def *f = field_find(record_fields(REC_ACTIVITY), "date");
	struct problems p = { 0 };
	struct node v;

	(void)state;
	assert_non_null(f);
	assert_int_equal(field_validate(f, NULL, "date", &p), 1);
	node_init_scalar(&v, "2024-02-30", SCALAR_PLAIN);
	assert_int_equal(field_validate(f, &v, "date", &p), 1);
	assert_non_null(strstr(p.v[1].msg, "2024-02-30"));
	node_free(&v);
	problems_free(&p);
	/* no problems list: still counted */
	f = field_find(record_fields(REC_ACTIVITY), "five_have.plan");
	assert_non_null(f);
	assert_int_equal(field_validate(f, NULL, "five_have.plan", NULL), 0);
}

/* ------------------------------------------------------------ privacy, patterns */

static void test_text_has_private(void **state)
{
	char what[64];

	(void)state;
	assert_int_equal(text_has_private(ID_OK, what, sizeof(what)), 1);
	assert_string_equal(what, "身份证号“1101…”");
	assert_int_equal(text_has_private(ID_WRONG, what, sizeof(what)), 0);
	assert_int_equal(text_has_private("13800000000", what, sizeof(what)), 1);
	assert_int_equal(text_has_private("电话：138 0000 0000。", NULL, 0), 1);
	assert_int_equal(text_has_private("12800000000", NULL, 0), 0);
	assert_int_equal(text_has_private("+8613912345678", what, sizeof(what)), 1);
	assert_string_equal(what, "手机号“139…”");
	assert_int_equal(text_has_private("+86 139 1234 5678", NULL, 0), 1);
	assert_int_equal(text_has_private("8613912345678 1", NULL, 0), 1);
	assert_int_equal(text_has_private("9913912345678", NULL, 0), 0);
	assert_int_equal(text_has_private("2024-07-10 45人次", NULL, 0), 0);
	assert_int_equal(text_has_private("", NULL, 0), 0);
	/* a birth date that is not real: not an ID number */
	assert_int_equal(text_has_private("110105194913310027", NULL, 0), 0);
}

static void test_patterns(void **state)
{
	(void)state;
	assert_int_equal(date_parse("2024-02-29"), 20240229);
	assert_int_equal(date_parse("2023-02-29"), -1);
	assert_int_equal(date_parse("2000-02-29"), 20000229);
	assert_int_equal(date_parse("1900-02-29"), -1);
	assert_int_equal(date_parse("2024-7-10"), -1);
	assert_int_equal(date_parse("2101-01-01"), -1);
	assert_true(unit_key_valid("xinyi"));
	assert_true(unit_key_valid("a-1"));
	assert_false(unit_key_valid("1a"));
	assert_false(unit_key_valid("Xinyi"));
	assert_false(unit_key_valid(""));
	assert_false(unit_key_valid("a/b"));
	assert_true(unit_key_valid("abcdefghijklmnopqrstuvwxyz012345"));  /* 32 */
	assert_false(unit_key_valid("abcdefghijklmnopqrstuvwxyz0123456")); /* 33 */
	assert_true(activity_id_valid("20240710-3fa9c2e1"));
	assert_false(activity_id_valid("20240230-3fa9c2e1"));
	assert_false(activity_id_valid("20240710-3FA9C2E1"));
	assert_false(activity_id_valid("20240710-3fa9c2e"));
	assert_true(volunteer_id_valid("v-1a2b3c4d"));
	assert_false(volunteer_id_valid("v-1a2b3c4g"));
	assert_int_equal(record_id_type("v-1a2b3c4d"), REC_VOLUNTEER);
	assert_int_equal(record_id_type("20240710-3fa9c2e1"), REC_ACTIVITY);
	assert_int_equal(record_id_type("../etc"), REC__COUNT);
	assert_int_equal(utf8_chars("标题ab", strlen("标题ab")), 4);
	assert_int_equal(utf8_chars("\xc0\xaf", 2), -1);
	assert_false(utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
}

static void test_ids_new(void **state)
{
	char a[32], b[32];

	(void)state;
	assert_int_equal(activity_id_new(20240710, a, sizeof(a)), 0);
	assert_true(activity_id_valid(a));
	assert_memory_equal(a, "20240710-", 9);
	assert_int_equal(activity_id_new(20240710, b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	assert_int_not_equal(activity_id_new(20230229, a, sizeof(a)), 0);
	assert_int_equal(volunteer_id_new(a, sizeof(a)), 0);
	assert_true(volunteer_id_valid(a));
}

static void test_paths(void **state)
{
	char buf[128], unit[40], id[40];
	enum record_type t;
	struct ggw_error err;
	static const char *const bad_paths[] = {
		"activities/xinyi/2024/../../x.yaml",
		"activities/../2024/20240710-3fa9c2e1.yaml",
		"activities/xinyi/2023/20240710-3fa9c2e1.yaml",
		"activities/xinyi/2024/20240710-3fa9c2e1.yml",
		"activities/xinyi/2024/20240710-3fa9c2e1.yaml/",
		"activities/xinyi//20240710-3fa9c2e1.yaml",
		"/activities/xinyi/2024/20240710-3fa9c2e1.yaml",
		"./activities/xinyi/2024/20240710-3fa9c2e1.yaml",
		"activities/Xinyi/2024/20240710-3fa9c2e1.yaml",
		"volunteers/xinyi/../v-1a2b3c4d.yaml",
		"volunteers/xinyi/v-1a2b3c4d.yaml/x",
		"volunteers/xinyi/sub/v-1a2b3c4d.yaml",
		"volunteers/xinyi/20240710-3fa9c2e1.yaml",
		"notes/xinyi/v-1a2b3c4d.yaml",
		"",
	};
	size_t i;

	(void)state;
	assert_int_equal(record_path(REC_ACTIVITY, "xinyi", "20240710-3fa9c2e1", buf,
				     sizeof(buf), &err), 0);
	assert_string_equal(buf, "activities/xinyi/2024/20240710-3fa9c2e1.yaml");
	assert_int_equal(record_path_parse(buf, &t, unit, id), 0);
	assert_int_equal(t, REC_ACTIVITY);
	assert_string_equal(unit, "xinyi");
	assert_string_equal(id, "20240710-3fa9c2e1");
	assert_int_equal(record_path(REC_VOLUNTEER, "office", "v-1a2b3c4d", buf, sizeof(buf), &err), 0);
	assert_string_equal(buf, "volunteers/office/v-1a2b3c4d.yaml");
	assert_int_equal(record_path_parse(buf, &t, unit, id), 0);
	assert_int_equal(t, REC_VOLUNTEER);
	assert_string_equal(id, "v-1a2b3c4d");
	assert_int_equal(record_path_parse("units.yaml", &t, unit, id), 0);
	assert_int_equal(t, REC_UNITS);

	assert_int_equal(record_path(REC_ACTIVITY, "../x", "20240710-3fa9c2e1", buf, sizeof(buf),
				     &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "../x"));
	assert_int_equal(record_path(REC_ACTIVITY, "xinyi", "../../etc/passwd", buf, sizeof(buf),
				     &err), GGW_EINVALID);
	assert_int_equal(record_path(REC_VOLUNTEER, "xinyi", "v-1a2b3c4d/..", buf, sizeof(buf),
				     &err), GGW_EINVALID);
	assert_int_equal(record_path(REC_VOLUNTEER, "xinyi", "20240710-3fa9c2e1", buf, sizeof(buf),
				     &err), GGW_EINVALID);
	assert_int_equal(record_path(REC_ACTIVITY, "xinyi", "20240710-3fa9c2e1", buf, 10, &err),
			 GGW_EINVALID);
	for (i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++) {
		if (record_path_parse(bad_paths[i], &t, unit, id) != GGW_EINVALID) {
			print_message("path accepted: %s\n", bad_paths[i]);
			fail();
		}
	}
}

/* ------------------------------------------------------------ nodes */

static void test_node_ops(void **state)
{
	struct node map, copy, v;

	(void)state;
	node_init_map(&map);
	put(&map, "a", "1", SCALAR_PLAIN);
	put(&map, "b", "2", SCALAR_PLAIN);
	put(&map, "c", "3", SCALAR_PLAIN);
	/* set keeps the position of an existing key */
	put(&map, "b", "二", SCALAR_TEXT);
	assert_int_equal(map.count, 3);
	assert_string_equal(map.keys[1], "b");
	assert_string_equal(node_map_str(&map, "b"), "二");
	assert_int_equal(node_map_index(&map, "c"), 2);
	assert_int_equal(node_map_index(&map, "zz"), -1);
	assert_null(node_map_get(&map, "zz"));

	/* insert at a position moves the value in */
	node_init_scalar(&v, "0", SCALAR_PLAIN);
	assert_int_equal(node_map_insert(&map, 0, "z", &v), 0);
	assert_null(v.str);
	assert_string_equal(map.keys[0], "z");
	assert_int_equal(map.count, 4);

	/* clone and equality */
	assert_int_equal(node_clone(&copy, &map), 0);
	assert_true(node_equal(&map, &copy));
	copy.kids[1].style = SCALAR_TEXT; /* style does not count */
	assert_true(node_equal(&map, &copy));
	put(&copy, "a", "changed", SCALAR_PLAIN);
	assert_false(node_equal(&map, &copy));
	put(&copy, "a", "1", SCALAR_PLAIN);
	assert_true(node_equal(&map, &copy));

	/* remove */
	assert_int_equal(node_map_remove(&copy, "a"), 1);
	assert_int_equal(node_map_remove(&copy, "a"), 0);
	assert_int_equal(copy.count, 3);
	assert_string_equal(copy.keys[0], "z");
	assert_string_equal(copy.keys[1], "b");
	assert_false(node_equal(&map, &copy));

	/* key order matters for equality */
	node_free(&copy);
	node_init_map(&copy);
	put(&copy, "a", "1", SCALAR_PLAIN);
	put(&copy, "z", "0", SCALAR_PLAIN);
	put(&copy, "b", "二", SCALAR_PLAIN);
	put(&copy, "c", "3", SCALAR_PLAIN);
	assert_false(node_equal(&map, &copy));

	node_free(&copy);
	node_free(&map);
	assert_int_equal(map.count, 0);
}

static void test_node_path_and_seq(void **state)
{
	struct node rec, seq, copy;

	(void)state;
	make_activity(&rec);
	assert_string_equal(node_path_get(&rec, "five_have.plan")->str, "暑期安全教育计划第3项");
	assert_null(node_path_get(&rec, "five_have.nothing"));
	assert_null(node_path_get(&rec, "title.x"));
	assert_string_equal(node_path_get(&rec, "title")->str, "暑期防溺水安全知识讲座");

	node_init_seq(&seq);
	assert_int_equal(node_seq_append_str(&seq, "x", SCALAR_TEXT), 0);
	node_init_scalar(&copy, "v", SCALAR_TEXT);
	assert_int_equal(node_map_set(&seq, "k", &copy) < 0, 1); /* not a map: value freed */
	assert_null(copy.str);
	node_free(&seq);

	assert_int_equal(node_clone(&copy, &rec), 0);
	assert_true(node_equal(&copy, &rec));
	node_free(&copy);
	node_free(&rec);
}

/* ------------------------------------------------------------ set_field */

static void test_set_field(void **state)
{
	struct node rec;
	struct ggw_error err;
	const struct node *v;
	long title_at;

	(void)state;
	make_activity(&rec);
	title_at = node_map_index(&rec, "title");

	/* '=' replaces in place */
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "title", '=', " 新标题 ", &err), 0);
	assert_string_equal(node_map_str(&rec, "title"), "新标题");
	assert_int_equal(node_map_index(&rec, "title"), title_at);

	/* lists: split on , and ，; += appends */
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "speakers", '=', "张三, 李四，王五", &err), 0);
	v = node_map_get(&rec, "speakers");
	assert_int_equal(v->kind, NODE_SEQ);
	assert_int_equal(v->count, 3);
	assert_string_equal(v->kids[2].str, "王五");
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "speakers", '+', "赵六", &err), 0);
	v = node_map_get(&rec, "speakers");
	assert_int_equal(v->count, 4);
	assert_string_equal(v->kids[3].str, "赵六");
	node_map_remove(&rec, "tags");
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "tags", '+', "暑期", &err), 0);
	assert_int_equal(node_map_get(&rec, "tags")->count, 1);
	/* tags land in their canonical place: before conflicts, after attachments */
	assert_int_equal(node_map_index(&rec, "tags"), node_map_index(&rec, "attachments") + 1);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "title", '+', "x", &err), GGW_EINVALID);

	/* dotted five_have */
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "five_have.commendation", '=',
					  "评为优秀", &err), 0);
	assert_string_equal(node_path_get(&rec, "five_have.commendation")->str, "评为优秀");
	assert_int_equal(activity_five_have_mask(&rec), 0x1f);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "five_have.plan", '=', "", &err), 0);
	assert_null(node_path_get(&rec, "five_have.plan"));
	assert_int_equal(activity_five_have_mask(&rec), 0x1e);
	node_map_remove(&rec, "five_have");
	assert_int_equal(activity_five_have_mask(&rec), 0);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "five_have.summary", '=', "好", &err), 0);
	assert_int_equal(activity_five_have_mask(&rec), 0x10);
	assert_int_equal(node_map_index(&rec, "five_have"), node_map_index(&rec, "content") + 1);

	/* unknown, read-only, whole group, list of maps */
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "titel", '=', "x", &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "titel"));
	assert_non_null(strstr(err.msg, "title"));
	assert_non_null(strstr(err.msg, "five_have.summary"));
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "five_have.nope", '=', "x", &err),
			 GGW_EINVALID);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "id", '=', "20240101-00000000", &err),
			 GGW_EINVALID);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "unit", '=', "office", &err),
			 GGW_EINVALID);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "schema", '=', "x", &err), GGW_EINVALID);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "five_have", '=', "x", &err), GGW_EINVALID);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "publicity", '=', "x", &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "--file"));
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "publicity.title", '=', "x", &err),
			 GGW_EINVALID);
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "conflicts", '=', "x", &err), GGW_EINVALID);

	/* integers are checked; a good one is written plain */
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "youth_count", '=', "4五", &err),
			 GGW_EINVALID);
	assert_non_null(strstr(err.msg, "青少年人次"));
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "youth_count", '=', "-3", &err),
			 GGW_EINVALID);
	assert_string_equal(node_map_str(&rec, "youth_count"), "45");
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "youth_count", '=', "60", &err), 0);
	assert_string_equal(node_map_str(&rec, "youth_count"), "60");
	assert_int_equal(node_map_get(&rec, "youth_count")->style, SCALAR_PLAIN);

	/* empty: optional removed, required refused */
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "adult_count", '=', "", &err), 0);
	assert_null(node_map_get(&rec, "adult_count"));
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "speakers", '=', " , ", &err), 0);
	assert_null(node_map_get(&rec, "speakers"));
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "title", '=', "", &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "不能为空"));

	assert_int_equal(record_validate(REC_ACTIVITY, &rec, NULL), 0);
	node_free(&rec);

	/* booleans */
	make_volunteer(&rec);
	assert_int_equal(record_set_field(REC_VOLUNTEER, &rec, "active", '=', "否", &err), 0);
	assert_string_equal(node_map_str(&rec, "active"), "false");
	assert_int_equal(record_set_field(REC_VOLUNTEER, &rec, "active", '=', "maybe", &err),
			 GGW_EINVALID);
	assert_int_equal(record_set_field(REC_VOLUNTEER, &rec, "birth_year", '=', "1800", &err),
			 GGW_EINVALID);
	assert_int_equal(record_set_field(REC_VOLUNTEER, &rec, "title", '=', "x", &err), GGW_EINVALID);
	node_free(&rec);
}

/* ------------------------------------------------------------ normalize */

static void test_normalize(void **state)
{
	struct node rec, group, conflicts, c, val;
	static const char *const want[] = {
		"schema", "id", "unit", "title", "date", "category", "form",
		"youth_count", "five_have", "conflicts", "x_new", "x_other",
	};
	size_t i;

	(void)state;
	node_init_map(&rec);
	put(&rec, "x_new", "yes", SCALAR_PLAIN);
	node_init_seq(&conflicts);
	node_init_map(&c);
	put(&c, "time", "2024-07-12T10:00:00+08:00", SCALAR_PLAIN);
	node_init_seq(&val);
	assert_int_equal(node_seq_append_str(&val, "a", SCALAR_PLAIN), 0);
	assert_int_equal(node_map_set(&c, "value", &val), 0);
	put(&c, "field", "tags", SCALAR_PLAIN);
	assert_int_equal(node_seq_append(&conflicts, &c), 0);
	assert_int_equal(node_map_set(&rec, "conflicts", &conflicts), 0);
	put(&rec, "youth_count", "045", SCALAR_PLAIN); /* junk: must be quoted */
	node_init_map(&group);
	put(&group, "summary", "好", SCALAR_PLAIN);
	put(&group, "plan", "no", SCALAR_PLAIN);
	assert_int_equal(node_map_set(&rec, "five_have", &group), 0);
	put(&rec, "form", "lecture", SCALAR_PLAIN);
	put(&rec, "category", "safety", SCALAR_PLAIN);
	put(&rec, "date", "2024-07-10", SCALAR_TEXT);
	put(&rec, "x_other", "1", SCALAR_PLAIN);
	put(&rec, "title", "2024", SCALAR_PLAIN);
	put(&rec, "unit", "xinyi", SCALAR_PLAIN);
	put(&rec, "id", "20240710-3fa9c2e1", SCALAR_PLAIN);
	put(&rec, "schema", "ggw/activity/1", SCALAR_PLAIN);

	record_normalize(REC_ACTIVITY, &rec);
	assert_int_equal(rec.count, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < rec.count; i++)
		assert_string_equal(rec.keys[i], want[i]);
	assert_int_equal(node_map_get(&rec, "title")->style, SCALAR_TEXT);
	assert_int_equal(node_map_get(&rec, "date")->style, SCALAR_PLAIN);
	assert_int_equal(node_map_get(&rec, "youth_count")->style, SCALAR_TEXT);
	assert_int_equal(node_map_get(&rec, "x_new")->style, SCALAR_PLAIN); /* unknown: kept */
	assert_string_equal(node_map_get(&rec, "five_have")->keys[0], "plan");
	assert_int_equal(node_path_get(&rec, "five_have.plan")->style, SCALAR_TEXT);
	{
		const struct node *item = &node_map_get(&rec, "conflicts")->kids[0];

		assert_string_equal(item->keys[0], "field");
		assert_string_equal(item->keys[1], "value");
		assert_string_equal(item->keys[2], "time");
		assert_int_equal(node_map_get(item, "time")->style, SCALAR_TEXT);
		assert_int_equal(node_map_get(item, "value")->kids[0].style, SCALAR_PLAIN);
	}
	assert_int_equal(record_has_conflicts(&rec), 1);
	node_free(&rec);
}

static void test_fields_tables(void **state)
{
	const struct field_def *f;
	int t;

	(void)state;
	for (t = 0; t < REC__COUNT; t++) {
		assert_non_null(record_fields(t));
		assert_int_equal(record_type_from_key(record_type_key(t)), t);
		assert_int_equal(record_type_from_schema(record_schema(t)), t);
		assert_string_equal(record_fields(t)[0].key, "schema");
	}
	assert_int_equal(record_type_from_key("nope"), -1);
	assert_string_equal(record_schema(REC_VOLUNTEER), "ggw/volunteer/1");
	f = field_find(record_fields(REC_ACTIVITY), "five_have.summary");
	assert_non_null(f);
	assert_string_equal(f->label, "有总结");
	assert_ptr_equal(f, &five_have_fields[4]);
	assert_null(field_find(record_fields(REC_ACTIVITY), "five_have"
			       ".summary.x"));
	assert_int_equal(enum_count(enum_category), 15);
	assert_int_equal(enum_count(enum_form), 9);
	assert_int_equal(enum_index(enum_level, "county"), 2);
	assert_int_equal(enum_index(enum_group, "nope"), -1);
	f = field_find(record_fields(REC_VOLUNTEER), "phone");
	assert_false(f->flags & F_PRIVACY);
	f = field_find(record_fields(REC_ACTIVITY), "id");
	assert_true(f->flags & F_READONLY);
	assert_string_equal(enum_category[3].label, "安全教育（防溺水、防诈骗、防欺凌）");
}


/* ------------------------------------------------------------ with the real YAML codec */

static const char spec_activity[] =
	"schema: ggw/activity/1\n"
	"id: 20240710-3fa9c2e1\n"
	"unit: xinyi\n"
	"x_future: {a: 1}\n"
	"category: safety\n"
	"title: 暑期防溺水安全知识讲座\n"
	"date: 2024-07-10\n"
	"form: lecture\n"
	"location: 新义村文化礼堂\n"
	"speakers: [丁光海]\n"
	"volunteers: [v-1a2b3c4d]\n"
	"youth_count: \"45\"\n"
	"adult_count:\n"
	"content: |\n  讲座内容\n  第二行\n"
	"five_have:\n"
	"  summary: 学生反响好\n"
	"  plan: 计划第3项\n"
	"  commendation: \"\"\n"
	"publicity:\n"
	"  - outlet: 区关工委微信公众号\n"
	"    level: county\n"
	"    date: 2024-07-12\n"
	"tags: [暑期, \"2024\"]\n";

static void test_yaml_round_trip(void **state)
{
	struct node rec, again;
	struct problems p = { 0 };
	struct ggw_error err;
	char *out = NULL, *out2 = NULL;
	size_t len, len2;

	(void)state;
	assert_int_equal(yaml_parse("a.yaml", spec_activity, strlen(spec_activity), &rec, &err), 0);
	assert_int_equal(record_validate(REC_ACTIVITY, &rec, &p), 0);
	record_normalize(REC_ACTIVITY, &rec);
	assert_string_equal(rec.keys[3], "title");
	assert_string_equal(rec.keys[rec.count - 1], "x_future");
	assert_int_equal(yaml_emit(&rec, &out, &len, &err), 0);
	assert_non_null(strstr(out, "youth_count: 45\n"));
	assert_non_null(strstr(out, "- \"2024\"\n"));
	assert_non_null(strstr(out, "date: 2024-07-10\n"));
	assert_int_equal(yaml_parse("b.yaml", out, len, &again, &err), 0);
	assert_true(node_equal(&rec, &again));
	assert_int_equal(record_validate(REC_ACTIVITY, &again, &p), 0);
	/* canonical form is a fixed point */
	record_normalize(REC_ACTIVITY, &again);
	assert_int_equal(yaml_emit(&again, &out2, &len2, &err), 0);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	node_free(&again);

	/* a wrong type is reported at its place in the file */
	assert_int_equal(record_set_field(REC_ACTIVITY, &rec, "title", '=', "x", &err), 0);
	node_free(&rec);
	{
		static const char bad[] = "schema: ggw/activity/1\nid: 20240710-3fa9c2e1\n"
					  "unit: xinyi\ntitle: [a, b]\ndate: 2024-07-10\n"
					  "category: safety\nform: lecture\nyouth_count: 1\n";

		assert_int_equal(yaml_parse("c.yaml", bad, strlen(bad), &rec, &err), 0);
		assert_int_equal(record_validate(REC_ACTIVITY, &rec, &p), 1);
		assert_string_equal(p.v[0].field, "title");
		assert_int_equal(p.v[0].line, 4);
		assert_int_equal(p.v[0].col, 8);
		problems_free(&p);
		node_free(&rec);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_table),
		cmocka_unit_test(test_wrong_type_position),
		cmocka_unit_test(test_field_validate_alone),
		cmocka_unit_test(test_text_has_private),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_ids_new),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_node_ops),
		cmocka_unit_test(test_node_path_and_seq),
		cmocka_unit_test(test_set_field),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_fields_tables),
		cmocka_unit_test(test_yaml_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
