/* records/ops edits with an explicit action (ops_edit_action) and the
 * history's words for conflicts (record_history), against a real
 * repository: the commit's subject and trailers, refusals, and the
 * settled / added conflict entries as `ggw log ID` shows them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../model/node.h"
#include "../../model/record.h"
#include "../../records/history.h"
#include "../../records/ledger.h"
#include "../../records/ops.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo.h"
#include "../../storage/yamlio.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char dir[PATH_MAX];

#define ID "20240710-3fa9c2e1"
#define REL "activities/xinyi/2024/" ID ".yaml"

static const char units_yaml[] =
	"schema: ggw/units/1\nstreet: 测试街道关工委\nunits:\n"
	"- key: office\n  name: 测试街道关工委办公室\n  kind: street\n"
	"- key: xinyi\n  name: 新义村关工委\n  kind: village\n";

/* A record as a merge leaves it: one field settled on one value, the
 * other recorded under conflicts:. */
static const char with_conflict[] =
	"schema: ggw/activity/1\nid: " ID "\nunit: xinyi\n"
	"title: 暑期防溺水安全知识讲座\ndate: 2024-07-10\ncategory: safety\nform: lecture\n"
	"youth_count: 45\n"
	"conflicts:\n"
	"- field: title\n  value: 防溺水讲座\n  author: 王主任 <office@ggw.local>\n"
	"  unit: office\n  time: 2024-07-12T09:00:00+08:00\n"
	"- field: location\n  unit: office\n";

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(atomic_write(path, text, strlen(text), NULL), 0);
}

static void commit(struct repo *r, const char *rel, const char *msg)
{
	const char *paths[1] = { rel };
	struct ggw_error err = { 0, "" };

	assert_int_equal(repo_lock(r, 1000, NULL, NULL, &err), 0);
	if (repo_commit_paths(r, paths, 1, msg, "测试", "t@ggw.local", NULL, &err) < 0)
		fail_msg("commit: %s", err.msg);
	repo_unlock(r);
}

static int setup(void **state)
{
	struct repo *r = NULL;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/ggw-ops-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(repo_global_init(NULL), 0);
	assert_int_equal(repo_init(dir, &r, NULL), 0);
	assert_int_equal(repo_config_set(r, "user.name", "张三", NULL), 0);
	assert_int_equal(repo_config_set(r, "ggw.unit", "xinyi", NULL), 0);
	put("units.yaml", units_yaml);
	commit(r, "units.yaml", "新建台账");
	put(REL, with_conflict);
	commit(r, REL, "合并");
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

static void head_message(struct repo *r, char **subject, char **message)
{
	struct file_version *v = NULL;
	size_t n = 0;

	assert_int_equal(repo_file_history(r, REL, 1, &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	*subject = strdup(v[0].summary);
	*message = strdup(v[0].message);
	file_versions_free(v, n);
}

static void load(struct repo *r, struct node *rec)
{
	struct ggw_error err = { 0, "" };

	if (record_load_file(r, REL, rec, &err) < 0)
		fail_msg("load: %s", err.msg);
}

static void load_path(struct repo *r, const char *rel, struct node *rec)
{
	struct ggw_error err = { 0, "" };

	if (record_load_file(r, rel, rec, &err) < 0)
		fail_msg("load %s: %s", rel, err.msg);
}

static void drop_conflict(struct node *rec, const char *field)
{
	struct node *cs = node_map_get(rec, "conflicts");

	for (size_t i = 0; cs && i < cs->count; i++) {
		const char *f = node_map_str(&cs->kids[i], "field");

		if (f && !strcmp(f, field)) {
			node_free(&cs->kids[i]);
			memmove(&cs->kids[i], &cs->kids[i + 1], (cs->count - i - 1) * sizeof(cs->kids[0]));
			cs->count--;
			return;
		}
	}
	fail_msg("no conflict for %s", field);
}

static void test_resolve_commit(void **state)
{
	struct repo *r = NULL;
	struct actor a;
	struct node rec;
	struct ggw_error err = { 0, "" };
	char commit_id[41] = "x", *subject = NULL, *message = NULL;

	(void)state;
	assert_int_equal(repo_open(dir, &r, &err), 0);
	assert_int_equal(actor_load(r, &a, &err), 0);

	/* An action other than edit or resolve is refused, nothing written. */
	load(r, &rec);
	assert_int_equal(ops_edit_action(r, &a, ID, &rec, "delete", NULL, &err), GGW_EINVALID);
	node_free(&rec);

	/* resolve: one commit, the resolve subject and trailers. */
	load(r, &rec);
	drop_conflict(&rec, "title");
	if (ops_edit_action_commit(r, &a, ID, &rec, "resolve", NULL, commit_id, &err) != 0)
		fail_msg("resolve: %s", err.msg);
	node_free(&rec);
	assert_int_equal(strlen(commit_id), 40);
	head_message(r, &subject, &message);
	assert_string_equal(subject, "解决冲突：暑期防溺水安全知识讲座（新义村关工委，2024-07-10）");
	assert_non_null(strstr(message, "\nGgw-Unit: xinyi\n"));
	assert_non_null(strstr(message, "\nGgw-Record: " REL "\n"));
	assert_non_null(strstr(message, "\nGgw-Action: resolve\n"));
	free(subject);
	free(message);

	/* The same record again: unchanged, no commit, commit id "". */
	load(r, &rec);
	assert_int_equal(ops_edit_action_commit(r, &a, ID, &rec, "resolve", NULL, commit_id, &err),
			 OPS_UNCHANGED);
	assert_string_equal(commit_id, "");
	node_free(&rec);

	/* ops_edit is the same path with Ggw-Action: edit. */
	load(r, &rec);
	drop_conflict(&rec, "location");
	if (ops_edit(r, &a, ID, &rec, NULL, &err) != 0)
		fail_msg("edit: %s", err.msg);
	node_free(&rec);
	head_message(r, &subject, &message);
	assert_string_equal(subject, "修改活动：暑期防溺水安全知识讲座（新义村关工委，2024-07-10）");
	assert_non_null(strstr(message, "\nGgw-Action: edit\n"));
	free(subject);
	free(message);

	/* An invalid result is refused by resolve as by edit. */
	load(r, &rec);
	node_map_set_str(&rec, "youth_count", "很多", SCALAR_TEXT);
	assert_int_equal(ops_edit_action(r, &a, ID, &rec, "resolve", NULL, &err), GGW_EINVALID);
	node_free(&rec);

	actor_free(&a);
	repo_close(r);
}

static const struct field_change *change_labelled(const struct history_item *it, const char *label)
{
	for (size_t k = 0; k < it->nchanges; k++)
		if (!strcmp(it->changes[k].label, label))
			return &it->changes[k];
	return NULL;
}

static void test_history_conflicts(void **state)
{
	struct repo *r = NULL;
	struct history_item *h = NULL;
	size_t n = 0;
	const struct field_change *c;
	struct ggw_error err = { 0, "" };

	(void)state;
	assert_int_equal(repo_open(dir, &r, &err), 0);
	if (record_history(r, REL, 0, &h, &n, &err) < 0)
		fail_msg("history: %s", err.msg);
	/* newest first: edit (location settled), resolve (title), merge */
	assert_int_equal(n, 3);
	assert_string_equal(h[0].action, "edit");
	c = change_labelled(&h[0], "冲突已解决");
	assert_non_null(c);
	assert_string_equal(c->field, "conflicts");
	assert_string_equal(c->old_text, "地点（location）：另一边删去了这个字段（office）");
	assert_string_equal(c->new_text, "");

	assert_string_equal(h[1].action, "resolve");
	assert_int_equal(h[1].nchanges, 1);
	c = change_labelled(&h[1], "冲突已解决");
	assert_non_null(c);
	assert_string_equal(c->old_text, "标题（title）：另一个值“防溺水讲座”（王主任 <office@ggw.local>，"
					 "office，2024-07-12T09:00:00+08:00）");

	/* The record's first version: each entry is a new conflict. */
	assert_null(change_labelled(&h[2], "冲突已解决"));
	c = change_labelled(&h[2], "新增冲突");
	assert_non_null(c);
	assert_string_equal(c->old_text, "");
	assert_non_null(strstr(c->new_text, "标题（title）：另一个值“防溺水讲座”"));
	for (size_t k = 0; k < h[2].nchanges; k++)
		assert_null(strstr(h[2].changes[k].new_text, "field:"));
	history_free(h, n);
	repo_close(r);
}

/* The subject and message of the newest commit that touched rel. */
static void last_commit_of(struct repo *r, const char *rel, char **subject, char **message)
{
	struct file_version *v = NULL;
	size_t n = 0;

	assert_int_equal(repo_file_history(r, rel, 1, &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	*subject = strdup(v[0].summary);
	*message = strdup(v[0].message);
	file_versions_free(v, n);
}

static void parse(const char *yaml, struct node *rec)
{
	struct ggw_error err = { 0, "" };

	if (yaml_parse("test", yaml, strlen(yaml), rec, &err) < 0)
		fail_msg("parse: %s", err.msg);
}

static int file_exists(const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return access(path, F_OK) == 0;
}

static size_t commits_of(struct repo *r, const char *rel)
{
	struct file_version *v = NULL;
	size_t n = 0;

	assert_int_equal(repo_file_history(r, rel, 0, &v, &n, NULL), 0);
	file_versions_free(v, n);
	return n;
}

static void test_scope(void **state)
{
	struct repo *r = NULL;
	struct actor a, office;
	struct ggw_error err = { 0, "" };

	(void)state;
	assert_int_equal(repo_open(dir, &r, &err), 0);
	assert_int_equal(actor_load(r, &a, &err), 0);
	assert_string_equal(a.unit, "xinyi");
	assert_string_equal(a.name, "张三");
	assert_int_equal(ops_check_scope(&a, "xinyi", &err), 0);
	assert_int_equal(ops_check_scope(&a, "office", &err), GGW_EDENIED);
	assert_non_null(strstr(err.msg, "office"));
	office = a;
	office.unit = "office";
	assert_int_equal(ops_check_scope(&office, "xinyi", &err), 0);
	assert_int_equal(ops_check_scope(&office, "office", &err), 0);
	actor_free(&a);
	repo_close(r);
}

static void test_add_find_rm(void **state)
{
	struct repo *r = NULL;
	struct actor a;
	struct node rec;
	struct problems probs = { NULL, 0, 0 };
	struct ggw_error err = { 0, "" };
	char id[32] = "", rel[256], *subject = NULL, *message = NULL, want[512];

	(void)state;
	assert_int_equal(repo_open(dir, &r, &err), 0);
	assert_int_equal(actor_load(r, &a, &err), 0);

	/* id, unit and schema filled in; one commit with the trailers. */
	parse("title: 红色故事会\ndate: 2024-09-01\ncategory: red\nform: lecture\nyouth_count: 12\n",
	      &rec);
	if (ops_add(r, &a, REC_ACTIVITY, &rec, id, NULL, &err) != 0)
		fail_msg("add: %s", err.msg);
	node_free(&rec);
	assert_int_equal(strlen(id), 17);
	assert_int_equal(strncmp(id, "20240901-", 9), 0);
	assert_int_equal(ops_find_path(r, id, rel, sizeof(rel), &err), 0);
	snprintf(want, sizeof(want), "activities/xinyi/2024/%s.yaml", id);
	assert_string_equal(rel, want);
	assert_true(file_exists(rel));
	last_commit_of(r, rel, &subject, &message);
	assert_string_equal(subject, "新增活动：红色故事会（新义村关工委，2024-09-01）");
	assert_non_null(strstr(message, "\nGgw-Unit: xinyi\n"));
	snprintf(want, sizeof(want), "\nGgw-Record: %s\n", rel);
	assert_non_null(strstr(message, want));
	assert_non_null(strstr(message, "\nGgw-Action: add\n"));
	free(subject);
	free(message);
	load_path(r, rel, &rec);
	assert_string_equal(node_map_str(&rec, "unit"), "xinyi");
	assert_string_equal(node_map_str(&rec, "id"), id);
	assert_string_equal(node_map_str(&rec, "schema"), "ggw/activity/1");

	/* Saved unchanged: nothing committed. */
	assert_int_equal(ops_edit(r, &a, id, &rec, NULL, &err), OPS_UNCHANGED);
	assert_int_equal(commits_of(r, rel), 1);

	/* The same id again is refused. */
	assert_int_equal(ops_add(r, &a, REC_ACTIVITY, &rec, NULL, NULL, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, id));
	node_free(&rec);

	/* Deleted: the file goes, one more commit says so. */
	if (ops_rm(r, &a, id, &err) != 0)
		fail_msg("rm: %s", err.msg);
	assert_false(file_exists(rel));
	assert_int_equal(ops_find_path(r, id, rel, sizeof(rel), &err), GGW_ENOTFOUND);
	snprintf(rel, sizeof(rel), "activities/xinyi/2024/%s.yaml", id);
	last_commit_of(r, rel, &subject, &message);
	assert_int_equal(strncmp(subject, "删除活动：红色故事会", strlen("删除活动：红色故事会")), 0);
	assert_non_null(strstr(message, "\nGgw-Action: delete\n"));
	free(subject);
	free(message);
	assert_int_equal(ops_rm(r, &a, id, &err), GGW_ENOTFOUND);
	problems_free(&probs);
	actor_free(&a);
	repo_close(r);
}

static void test_add_refused(void **state)
{
	struct repo *r = NULL;
	struct actor a;
	struct node rec;
	struct problems probs = { NULL, 0, 0 };
	struct ggw_error err = { 0, "" };
	size_t before;
	int found = 0;

	(void)state;
	assert_int_equal(repo_open(dir, &r, &err), 0);
	assert_int_equal(actor_load(r, &a, &err), 0);
	before = commits_of(r, "units.yaml") + commits_of(r, REL);

	/* Another unit's record: refused, nothing written. */
	parse("unit: office\nid: 20240902-0000abcd\ntitle: 越权\ndate: 2024-09-02\n"
	      "category: red\nform: lecture\nyouth_count: 1\n", &rec);
	assert_int_equal(ops_add(r, &a, REC_ACTIVITY, &rec, NULL, NULL, &err), GGW_EDENIED);
	node_free(&rec);
	assert_false(file_exists("activities/office/2024/20240902-0000abcd.yaml"));

	/* An invalid record: refused with the problem named by field. */
	parse("title: 不对的类别\ndate: 2024-09-03\ncategory: nonsense\nform: lecture\n"
	      "youth_count: 1\n", &rec);
	assert_int_equal(ops_add(r, &a, REC_ACTIVITY, &rec, NULL, &probs, &err), GGW_EINVALID);
	node_free(&rec);
	assert_true(probs.n >= 1);
	for (size_t i = 0; i < probs.n; i++)
		found |= !strcmp(probs.v[i].field, "category");
	assert_true(found);
	problems_free(&probs);

	/* A volunteer record is not an activity. */
	parse("schema: ggw/volunteer/1\nname: 丁光海\ngroup: veteran\n", &rec);
	assert_int_equal(ops_add(r, &a, REC_ACTIVITY, &rec, NULL, NULL, &err), GGW_EINVALID);
	node_free(&rec);
	assert_int_equal(commits_of(r, "units.yaml") + commits_of(r, REL), before);
	{
		struct ledger l;

		assert_int_equal(ledger_load(r, &l, &err), 0);
		assert_int_equal(l.n, 1); /* only REL */
		ledger_free(&l);
	}
	actor_free(&a);
	repo_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_commit),
		cmocka_unit_test(test_history_conflicts),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_add_find_rm),
		cmocka_unit_test(test_add_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
