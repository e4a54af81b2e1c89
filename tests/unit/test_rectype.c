/* Record types are data: a type that only this test knows ("gadget",
 * gadgets/<unit>/g-<hex>.yaml, and "memo", memos/<unit>/<YYYY>/n-<hex>.yaml;
 * its prefix is n, as the built-in members own m)
 * is registered at run time and goes through add, list (table and CSV),
 * show, edit, log, the field merge of merge-file, the sync scope rule and
 * the whole-ledger check, in a real git repository, with no code outside
 * this file knowing about it. (Its labels are plain strings, not N_():
 * a shipped type's labels go into the catalogue, a test's do not.) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/fields_more.h"
#include "../../model/merge.h"
#include "../../model/node.h"
#include "../../model/record.h"
#include "../../model/rectype.h"
#include "../../records/history.h"
#include "../../records/ledger.h"
#include "../../records/ops.h"
#include "../../records/output.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo.h"
#include "../../storage/yamlio.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

/* ---- the test-only types: one table entry and one field table each ---- */

static const struct enum_item gadget_colours[] = {
	{ "red", "红色（暖色）" },
	{ "blue", "蓝色" },
	{ NULL, NULL }
};

static const struct field_def gadget_fields[] = {
	{ "schema", "格式版本", FT_SCHEMA, F_REQUIRED | F_READONLY, 0, 0, NULL, NULL, NULL },
	{ "id", "编号", FT_ID, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },
	{ "unit", "单位", FT_UNIT, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },
	{ "name", "名称", FT_STR, F_REQUIRED | F_PRIVACY | F_SEARCH | F_CSV | F_FORM, 1, 40,
	  NULL, NULL, NULL },
	{ "colour", "颜色", FT_ENUM, F_CSV | F_FORM, 0, 0, gadget_colours, NULL, NULL },
	{ "count", "数量", FT_INT, F_CSV | F_FORM, 0, 1000, NULL, NULL, NULL },
	{ "working", "可用", FT_BOOL, F_CSV | F_FORM, 0, 0, NULL, NULL, NULL },
	{ "tags", "标签", FT_STRLIST, F_PRIVACY | F_CSV | F_FORM, 0, 0, NULL, NULL, NULL },
	{ "notes", "备注", FT_TEXT, F_PRIVACY | F_SEARCH | F_CSV | F_FORM, 0, 0, NULL, NULL, NULL },
	{ "conflicts", "冲突", FT_CONFLICTS, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct list_column gadget_columns[] = {
	{ "id", NULL, 12, 0 },
	{ "unit", NULL, 24, 0 },
	{ "name", NULL, 20, COL_MARK },
	{ "colour", NULL, 8, COL_SHORT },
	{ "count", "件数", 6, COL_RIGHT },
	{ "working", NULL, 4, 0 },
	{ "tags", NULL, 20, 0 },
	{ NULL, NULL, 0, 0 }
};

static const struct record_type_def gadget_def = {
	.key = "gadget", .schema = "ggw/gadget/1", .label = "小物件", .noun = "物件",
	.folder = "gadgets", .layout = LAYOUT_FLAT, .id_kind = ID_PREFIXED, .id_prefix = 'g',
	.title_field = "name", .writer = WRITER_OWN_UNIT, .fields = gadget_fields,
	.columns = gadget_columns,
};

static const struct field_def memo_fields[] = {
	{ "schema", "格式版本", FT_SCHEMA, F_REQUIRED | F_READONLY, 0, 0, NULL, NULL, NULL },
	{ "id", "编号", FT_ID, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },
	{ "unit", "单位", FT_UNIT, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },
	{ "title", "标题", FT_STR, F_REQUIRED | F_CSV | F_FORM, 1, 0, NULL, NULL, NULL },
	{ "date", "日期", FT_DATE, F_REQUIRED | F_CSV | F_FORM, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct record_type_def memo_def = {
	.key = "memo", .schema = "ggw/memo/1", .label = "备忘", .noun = "备忘",
	.folder = "memos", .layout = LAYOUT_YEARLY, .id_kind = ID_PREFIXED, .id_prefix = 'n',
	.title_field = "title", .date_field = "date", .flags = RT_MSG_DATE,
	.writer = WRITER_OWN_UNIT, .fields = memo_fields,
};

static int gadget = -1, memo = -1;
static char dir[PATH_MAX];

static const char units_yaml[] =
	"schema: ggw/units/1\nstreet: 测试街道关工委\nunits:\n"
	"- key: office\n  name: 测试街道关工委办公室\n  kind: street\n"
	"- key: xinyi\n  name: 新义村关工委\n  kind: village\n"
	"- key: dongfang\n  name: 东方社区关工委\n  kind: community\n";

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(mkdir_parents(path, NULL), 0);
	assert_int_equal(atomic_write(path, text, strlen(text), NULL), 0);
}

static int setup(void **state)
{
	struct repo *r = NULL;
	const char *paths[1] = { "units.yaml" };
	struct ggw_error err = { 0, "" };

	(void)state;
	if (gadget < 0) {
		gadget = record_type_register(&gadget_def);
		memo = record_type_register(&memo_def);
	}
	snprintf(dir, sizeof(dir), "%s/ggw-rectype-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(repo_global_init(NULL), 0);
	assert_int_equal(repo_init(dir, &r, NULL), 0);
	assert_int_equal(repo_config_set(r, "user.name", "张三", NULL), 0);
	assert_int_equal(repo_config_set(r, "ggw.unit", "xinyi", NULL), 0);
	put("units.yaml", units_yaml);
	assert_int_equal(repo_lock(r, 1000, NULL, NULL, &err), 0);
	if (repo_commit_paths(r, paths, 1, "新建台账", "测试", "t@ggw.local", NULL, &err) < 0)
		fail_msg("commit: %s", err.msg);
	repo_unlock(r);
	repo_close(r);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -1;
	repo_global_shutdown();
	return 0;
}

/* What f printed, as a string (malloc'd). */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static char *capture_close(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

/* ---- the table itself ---- */

static void test_register(void **state)
{
	struct record_type_def dup = gadget_def;
	char id[32], path[128], unit[40], pid[40];
	enum record_type t;

	(void)state;
	assert_true(gadget > REC__COUNT);
	assert_true(memo > gadget);
	assert_true((size_t)memo < record_type_count());
	assert_ptr_equal(record_type_def(gadget), &gadget_def);
	assert_null(record_type_def(REC__COUNT)); /* "no type" stays empty */
	assert_int_equal(record_type_from_key("gadget"), gadget);
	assert_int_equal(record_type_from_schema("ggw/gadget/1"), gadget);
	assert_int_equal(record_type_from_folder("gadgets"), gadget);
	assert_ptr_equal(record_fields(gadget), gadget_fields);
	assert_string_equal(record_title_field(gadget), "name");
	assert_true(record_type_per_file(gadget));
	assert_false(record_type_per_file(REC_UNITS));

	/* Taken names are refused: key, schema, folder, id prefix. */
	assert_int_equal(record_type_register(&dup), GGW_EINVALID);
	dup.key = "gadget2";
	dup.schema = "ggw/gadget2/1";
	dup.folder = "gadgets2";
	dup.id_prefix = 'v';
	assert_int_equal(record_type_register(&dup), GGW_EINVALID);

	/* Ids: made, recognised, and not mistaken for another type's. */
	assert_int_equal(record_type_id_new(gadget, 0, id, sizeof(id)), 0);
	assert_int_equal(strlen(id), 10);
	assert_true(id[0] == 'g' && id[1] == '-');
	assert_int_equal(record_type_of_id(id), gadget);
	assert_int_equal(record_id_type(id), gadget);
	assert_true(record_id_valid(id));
	assert_false(volunteer_id_valid(id));
	assert_int_equal(record_type_of_id("g-1234567"), -1);
	assert_int_equal(record_type_of_id("v-1a2b3c4d"), REC_VOLUNTEER);
	assert_int_equal(record_type_of_id("20240710-3fa9c2e1"), REC_ACTIVITY);
	record_type_id_placeholder(gadget, pid, sizeof(pid));
	assert_string_equal(pid, "g-00000000");

	/* Paths both ways. */
	assert_int_equal(record_path(gadget, "xinyi", "g-0a1b2c3d", path, sizeof(path), NULL), 0);
	assert_string_equal(path, "gadgets/xinyi/g-0a1b2c3d.yaml");
	assert_int_equal(record_path_parse(path, &t, unit, pid), 0);
	assert_int_equal(t, gadget);
	assert_string_equal(unit, "xinyi");
	assert_string_equal(pid, "g-0a1b2c3d");
	assert_int_equal(record_path_parse("gadgets/xinyi/2024/g-0a1b2c3d.yaml", &t, unit, pid),
			 GGW_EINVALID);
	assert_int_equal(record_path_parse("gadgets/xinyi/v-0a1b2c3d.yaml", &t, unit, pid),
			 GGW_EINVALID);
	assert_int_equal(record_path_parse("gadgets/../g-0a1b2c3d.yaml", &t, unit, pid),
			 GGW_EINVALID);
	/* memo: a year folder the id does not carry */
	assert_int_equal(record_path(memo, "xinyi", "n-0a1b2c3d", path, sizeof(path), NULL),
			 GGW_EINVALID);
	assert_int_equal(record_path_year(memo, "xinyi", "n-0a1b2c3d", 2025, path, sizeof(path),
					  NULL), 0);
	assert_string_equal(path, "memos/xinyi/2025/n-0a1b2c3d.yaml");
	assert_int_equal(record_path_parse(path, &t, unit, pid), 0);
	assert_int_equal(t, memo);

	/* The sync scope rule: whose folder is it? */
	assert_int_equal(record_unit_of_path("gadgets/dongfang/g-0a1b2c3d.yaml", unit, sizeof(unit)), 1);
	assert_string_equal(unit, "dongfang");
	assert_int_equal(record_unit_of_path("memos/xinyi/2025/n-0a1b2c3d.yaml", unit, sizeof(unit)), 1);
	assert_string_equal(unit, "xinyi");
	assert_int_equal(record_unit_of_path("gizmos/xinyi/g-0a1b2c3d.yaml", unit, sizeof(unit)), 0);
	assert_int_equal(record_unit_of_path("units.yaml", unit, sizeof(unit)), 0);
}

/* Evidence is offered (record screen a/o/w, ggw attach) on the types the
 * table flags, and the flag and the `evidence` field go together. */
static void test_evidence_flag(void **state)
{
	static const struct field_def with_evidence[] = {
		{ "schema", "schema", FT_STR, 0, 0, 0, NULL, NULL, NULL },
		{ "name", "name", FT_STR, F_REQUIRED, 1, 40, NULL, NULL, NULL },
		{ "evidence", "evidence", FT_MAPLIST, 0, 0, 0, NULL, evidence_fields, NULL },
		{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL },
	};
	struct record_type_def d = gadget_def;

	(void)state;
	assert_true(record_type_has_evidence(REC_ACTIVITY));
	assert_true(record_type_has_evidence(REC_DOCUMENT));
	assert_false(record_type_has_evidence(REC_VOLUNTEER));
	assert_false(record_type_has_evidence(REC_UNITS));
	assert_false(record_type_has_evidence(REC__COUNT));
	assert_false(record_type_has_evidence(-1));
	for (int t = 0; t < (int)record_type_count(); t++) {
		const struct field_def *f;

		if (!record_type_def(t))
			continue;
		f = field_find(record_fields(t), "evidence");
		assert_int_equal(record_type_has_evidence(t), f && f->sub == evidence_fields);
	}
	/* A type with the field but not the flag, or the flag without the
	 * field, is an incomplete table. */
	d.key = "gizmo2";
	d.schema = "ggw/gizmo2/1";
	d.folder = "gizmos2";
	d.id_prefix = 'z';
	d.fields = with_evidence;
	d.flags = 0;
	assert_int_equal(record_type_register(&d), GGW_EINVALID);
	d.fields = gadget_fields;
	d.flags = RT_EVIDENCE;
	assert_int_equal(record_type_register(&d), GGW_EINVALID);
}

/* ---- the whole round: add, list, show, edit, log, merge, check ---- */

static void add_gadget(struct repo *r, const struct actor *a, char *id)
{
	struct node rec;
	struct problems probs = { 0 };
	struct ggw_error err = { 0, "" };

	node_init_map(&rec);
	assert_int_equal(record_set_field(gadget, &rec, "name", '=', "投影仪", &err), 0);
	assert_int_equal(record_set_field(gadget, &rec, "colour", '=', "red", &err), 0);
	assert_int_equal(record_set_field(gadget, &rec, "count", '=', "3", &err), 0);
	assert_int_equal(record_set_field(gadget, &rec, "working", '=', "是", &err), 0);
	assert_int_equal(record_set_field(gadget, &rec, "tags", '=', "会议室,宣讲", &err), 0);
	/* a field the table does not have is refused, naming those it has */
	assert_int_equal(record_set_field(gadget, &rec, "colour2", '=', "x", &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "colour"));
	if (ops_add(r, a, gadget, &rec, id, &probs, &err) != 0)
		fail_msg("add: %s", err.msg);
	problems_free(&probs);
	node_free(&rec);
}

static void check_list(struct repo *r, const char *id)
{
	struct ledger l;
	struct query q;
	struct ggw_error err = { 0, "" };
	struct capture cap;
	size_t *idx = NULL, n = 0;
	char *out;
	struct node rec;

	if (ledger_load(r, &l, &err) < 0)
		fail_msg("load: %s", err.msg);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].type, gadget);
	assert_true(l.v[0].valid);
	assert_string_equal(l.v[0].id, id);
	assert_string_equal(l.v[0].title, "投影仪");
	query_init(&q);
	q.type = gadget;
	q.grep = "投影";
	assert_int_equal(ledger_query(&l, &q, &idx, &n, &err), 0);
	assert_int_equal(n, 1);

	/* The table: the type's columns, headers from the field labels. */
	output_table(capture_open(&cap), &l, idx, n, gadget, 1);
	out = capture_close(&cap);
	assert_non_null(strstr(out, "编号"));
	assert_non_null(strstr(out, "名称"));
	assert_non_null(strstr(out, "件数"));
	assert_non_null(strstr(out, id));
	assert_non_null(strstr(out, "新义村关工委"));
	assert_non_null(strstr(out, "红色"));
	assert_null(strstr(out, "暖色")); /* COL_SHORT: up to the bracket */
	assert_non_null(strstr(out, "  3  ")); /* right-aligned count */
	assert_non_null(strstr(out, "是"));
	assert_non_null(strstr(out, "会议室、宣讲"));
	free(out);

	/* CSV: the F_CSV fields in table order. */
	assert_int_equal(record_load_file(r, l.v[idx[0]].path, &rec, &err), 0);
	capture_open(&cap);
	output_csv_header(cap.f, gadget);
	output_csv_row(cap.f, gadget, &rec, 0);
	out = capture_close(&cap);
	assert_true(!strncmp(out, "id,unit,name,colour,count,working,tags,notes\r\n", 46));
	assert_non_null(strstr(out, ",xinyi,投影仪,red,3,true,会议室、宣讲,\r\n"));
	free(out);

	/* show */
	output_record_text(capture_open(&cap), gadget, &rec, &l.units, 1);
	out = capture_close(&cap);
	assert_non_null(strstr(out, "名称  投影仪\n"));
	assert_non_null(strstr(out, "颜色  红色（暖色）\n"));
	assert_non_null(strstr(out, "单位  新义村关工委（xinyi）\n"));
	assert_non_null(strstr(out, "可用  是\n"));
	free(out);
	node_free(&rec);
	free(idx);
	ledger_free(&l);
}

static void check_file(struct repo *r, const char *rel, const char *want)
{
	char path[PATH_MAX * 2], *buf = NULL;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(read_whole_file(path, 1 << 20, &buf, &len, NULL), 0);
	assert_string_equal(buf, want);
	free(buf);
	(void)r;
}

static void test_gadget_round(void **state)
{
	struct repo *r = NULL;
	struct actor a, other = { "李四", "dongfang@ggw.local", "dongfang" };
	struct ggw_error err = { 0, "" };
	struct node rec;
	struct history_item *h = NULL;
	size_t nh = 0;
	char id[32], rel[256], want[512];
	struct file_version *v = NULL;
	size_t nv = 0;

	(void)state;
	assert_int_equal(repo_open(dir, &r, &err), 0);
	assert_int_equal(actor_load(r, &a, &err), 0);

	/* add: path, canonical YAML in the table's key order, commit */
	add_gadget(r, &a, id);
	assert_int_equal(record_type_of_id(id), gadget);
	assert_int_equal(ops_find_path(r, id, rel, sizeof(rel), &err), 0);
	snprintf(want, sizeof(want), "gadgets/xinyi/%s.yaml", id);
	assert_string_equal(rel, want);
	snprintf(want, sizeof(want),
		 "schema: ggw/gadget/1\nid: %s\nunit: xinyi\nname: 投影仪\ncolour: red\ncount: 3\n"
		 "working: true\ntags:\n- 会议室\n- 宣讲\n", id);
	check_file(r, rel, want);
	assert_int_equal(repo_file_history(r, rel, 1, &v, &nv, NULL), 0);
	assert_int_equal(nv, 1);
	assert_string_equal(v[0].summary, "新增物件：投影仪（新义村关工委）");
	assert_non_null(strstr(v[0].message, "\nGgw-Action: add\n"));
	file_versions_free(v, nv);

	check_list(r, id);

	/* edit: validated by the table, scope checked, committed */
	assert_int_equal(record_load_file(r, rel, &rec, &err), 0);
	assert_int_equal(record_set_field(gadget, &rec, "count", '=', "很多", &err), GGW_EINVALID);
	node_map_set_str(&rec, "count", "1001", SCALAR_PLAIN);
	assert_int_equal(ops_edit(r, &a, id, &rec, NULL, &err), GGW_EINVALID);
	assert_int_equal(record_set_field(gadget, &rec, "count", '=', "5", &err), 0);
	assert_int_equal(record_set_field(gadget, &rec, "notes", '=', "第二行\n第三行", &err), 0);
	assert_int_equal(ops_edit(r, &other, id, &rec, NULL, &err), GGW_EDENIED);
	if (ops_edit(r, &a, id, &rec, NULL, &err) != 0)
		fail_msg("edit: %s", err.msg);
	node_free(&rec);

	/* log: two versions, the field changes with their labels */
	if (record_history(r, rel, 0, &h, &nh, &err) < 0)
		fail_msg("history: %s", err.msg);
	assert_int_equal(nh, 2);
	assert_string_equal(h[0].action, "edit");
	assert_string_equal(h[0].summary, "修改物件：投影仪（新义村关工委）");
	assert_string_equal(h[1].action, "add");
	{
		int saw_count = 0;

		for (size_t i = 0; i < h[0].nchanges; i++)
			if (!strcmp(h[0].changes[i].field, "count")) {
				saw_count = 1;
				assert_string_equal(h[0].changes[i].label, "数量");
				assert_string_equal(h[0].changes[i].old_text, "3");
				assert_string_equal(h[0].changes[i].new_text, "5");
			}
		assert_true(saw_count);
	}
	history_free(h, nh);

	actor_free(&a);
	repo_close(r);
}

static void parse(const char *text, struct node *out)
{
	struct ggw_error err = { 0, "" };

	if (yaml_parse("t.yaml", text, strlen(text), out, &err) < 0)
		fail_msg("parse: %s", err.msg);
}

/* merge-file: three versions, merged field by field from the table. */
static void test_gadget_merge(void **state)
{
	static const char base[] =
		"schema: ggw/gadget/1\nid: g-0a1b2c3d\nunit: xinyi\nname: 投影仪\ncount: 3\n";
	static const char ours[] =
		"schema: ggw/gadget/1\nid: g-0a1b2c3d\nunit: xinyi\nname: 投影仪\ncount: 4\n";
	static const char theirs[] =
		"schema: ggw/gadget/1\nid: g-0a1b2c3d\nunit: xinyi\nname: 新投影仪\ncount: 5\n"
		"tags: [会议室]\n";
	struct node b, o, t, out;
	struct merge_side so = { &o, "甲 <xinyi@ggw.local>", "xinyi", 100, 0, "", 0 };
	struct merge_side st = { &t, "乙 <office@ggw.local>", "office", 200, 0, "", 0 };
	struct ggw_error err = { 0, "" };
	int deleted = 0, type;
	size_t nconflicts = 0, len = 0;
	char *yaml = NULL;
	const struct node *c;

	(void)state;
	parse(base, &b);
	parse(ours, &o);
	parse(theirs, &t);
	type = record_type_from_schema(node_map_str(&o, "schema")); /* as merge-file does */
	assert_int_equal(type, gadget);
	if (merge_record(type, &b, &so, &st, &out, &deleted, &nconflicts, &err) < 0)
		fail_msg("merge: %s", err.msg);
	assert_int_equal(deleted, 0);
	assert_int_equal(nconflicts, 1);
	assert_string_equal(node_map_str(&out, "name"), "新投影仪"); /* one side only */
	assert_non_null(node_map_get(&out, "tags"));
	c = node_map_get(&out, "conflicts");
	assert_non_null(c);
	assert_int_equal(c->count, 1);
	assert_string_equal(node_map_str(&c->kids[0], "field"), "count");
	assert_int_equal(record_validate(type, &out, NULL), 0);
	assert_int_equal(yaml_emit(&out, &yaml, &len, &err), 0);
	/* the table's order: tags before conflicts, after count */
	assert_true(strstr(yaml, "\ncount: ") < strstr(yaml, "\ntags:"));
	assert_true(strstr(yaml, "\ntags:") < strstr(yaml, "\nconflicts:"));
	free(yaml);
	node_free(&b);
	node_free(&o);
	node_free(&t);
	node_free(&out);
}

/* A year folder the id does not say: the date at creation picks it, and
 * ops find the file by id alone. */
static void test_memo_yearly(void **state)
{
	struct repo *r = NULL;
	struct actor a;
	struct ggw_error err = { 0, "" };
	struct node rec;
	char id[32], rel[256], want[128];
	struct file_version *v = NULL;
	size_t nv = 0;

	(void)state;
	assert_int_equal(repo_open(dir, &r, &err), 0);
	assert_int_equal(actor_load(r, &a, &err), 0);
	node_init_map(&rec);
	assert_int_equal(record_set_field(memo, &rec, "title", '=', "年度计划", &err), 0);
	assert_int_equal(record_set_field(memo, &rec, "date", '=', "2023-05-06", &err), 0);
	if (ops_add(r, &a, memo, &rec, id, NULL, &err) != 0)
		fail_msg("add: %s", err.msg);
	node_free(&rec);
	assert_int_equal(ops_find_path(r, id, rel, sizeof(rel), &err), 0);
	snprintf(want, sizeof(want), "memos/xinyi/2023/%s.yaml", id);
	assert_string_equal(rel, want);
	/* a later correction of the date never moves the file */
	assert_int_equal(record_load_file(r, rel, &rec, &err), 0);
	assert_int_equal(record_set_field(memo, &rec, "date", '=', "2024-01-02", &err), 0);
	if (ops_edit(r, &a, id, &rec, NULL, &err) != 0)
		fail_msg("edit: %s", err.msg);
	node_free(&rec);
	assert_int_equal(ops_find_path(r, id, rel, sizeof(rel), &err), 0);
	assert_string_equal(rel, want);
	assert_int_equal(repo_file_history(r, rel, 1, &v, &nv, NULL), 0);
	assert_int_equal(nv, 1);
	assert_string_equal(v[0].summary, "修改备忘：年度计划（新义村关工委，2024-01-02）");
	file_versions_free(v, nv);
	actor_free(&a);
	repo_close(r);
}

static const struct entry *find_path(const struct ledger *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].path, path))
			return &l->v[i];
	fail_msg("no entry %s", path);
	return NULL;
}

/* The whole-ledger check: every file of the type's folder is a valid
 * record where it belongs, or an entry saying what is wrong. */
static void test_gadget_check(void **state)
{
	struct repo *r = NULL;
	struct ledger l;
	struct ggw_error err = { 0, "" };
	const struct entry *e;

	(void)state;
	put("gadgets/xinyi/g-00000001.yaml",
	    "schema: ggw/gadget/1\nid: g-00000001\nunit: xinyi\nname: 白板\ncount: 2\n");
	put("gadgets/xinyi/g-00000002.yaml",
	    "schema: ggw/gadget/1\nid: g-00000002\nunit: xinyi\nname: 白板\ncount: -1\n");
	put("gadgets/xinyi/g-00000003.yaml",
	    "schema: ggw/gadget/1\nid: g-00000003\nunit: dongfang\nname: 白板\n");
	put("gadgets/xinyi/g-00000004.yaml",
	    "schema: ggw/volunteer/1\nid: g-00000004\nunit: xinyi\nname: 白板\n");
	put("gadgets/xinyi/whiteboard.yaml", "name: 白板\n");
	put("gadgets/loose.yaml", "name: 白板\n");
	put("gadgets/xinyi/g-00000005.yaml",
	    "schema: ggw/gadget/1\nid: g-00000005\nunit: xinyi\nname: 联系13812345678\n");
	assert_int_equal(repo_open(dir, &r, &err), 0);
	if (ledger_load_flags(r, &l, LEDGER_NO_CACHE, &err) < 0)
		fail_msg("load: %s", err.msg);
	e = find_path(&l, "gadgets/xinyi/g-00000001.yaml");
	assert_true(e->valid);
	assert_int_equal(e->type, gadget);
	e = find_path(&l, "gadgets/xinyi/g-00000002.yaml");
	assert_false(e->valid);
	assert_non_null(strstr(e->error, "数量"));
	e = find_path(&l, "gadgets/xinyi/g-00000003.yaml");
	assert_false(e->valid);
	assert_non_null(strstr(e->error, "所在文件夹"));
	e = find_path(&l, "gadgets/xinyi/g-00000004.yaml");
	assert_false(e->valid);
	assert_non_null(strstr(e->error, "schema"));
	e = find_path(&l, "gadgets/xinyi/whiteboard.yaml");
	assert_false(e->valid);
	assert_non_null(strstr(e->error, "文件名不是有效的小物件编号"));
	e = find_path(&l, "gadgets/loose.yaml");
	assert_false(e->valid);
	assert_non_null(strstr(e->error, "单位文件夹"));
	e = find_path(&l, "gadgets/xinyi/g-00000005.yaml");
	assert_false(e->valid);
	assert_non_null(strstr(e->error, "手机号"));
	ledger_free(&l);
	repo_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_evidence_flag),
		cmocka_unit_test_setup_teardown(test_gadget_round, setup, teardown),
		cmocka_unit_test(test_gadget_merge),
		cmocka_unit_test_setup_teardown(test_memo_yearly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gadget_check, setup, teardown),
	};

	gadget = record_type_register(&gadget_def);
	memo = record_type_register(&memo_def);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
