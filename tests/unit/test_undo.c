/* records/undo (ops_undo, deleted_records, ops_restore), ops_rm's refusal
 * of a volunteer still named, the check's rule (records/checkrule.h) and
 * the actor's e-mail, against a fresh real repository per test. */
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
#include "../../records/checkrule.h"
#include "../../records/ledger.h"
#include "../../records/ops.h"
#include "../../records/undo.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo.h"
#include "../../storage/repo_changes.h"
#include "../../storage/repo_status.h"
#include "../../storage/yamlio.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char dir[PATH_MAX];

static const char units_yaml[] =
	"schema: ggw/units/1\nstreet: 测试街道关工委\nunits:\n"
	"- key: office\n  name: 测试街道关工委办公室\n  kind: street\n"
	"- key: xinyi\n  name: 新义村关工委\n  kind: village\n"
	"- key: nanhu\n  name: 南湖村关工委\n  kind: village\n";

static const char activity_yaml[] =
	"title: 防溺水讲座\ndate: 2024-07-10\ncategory: safety\nform: lecture\nyouth_count: 30\n";

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(atomic_write(path, text, strlen(text), NULL), 0);
}

static int exists(const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return access(path, F_OK) == 0;
}

static int setup(void **state)
{
	struct repo *r = NULL;
	const char *paths[1] = { "units.yaml" };

	snprintf(dir, sizeof(dir), "%s/ggw-undo-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(repo_global_init(NULL), 0);
	assert_int_equal(repo_init(dir, &r, NULL), 0);
	assert_int_equal(repo_config_set(r, "user.name", "张三", NULL), 0);
	assert_int_equal(repo_config_set(r, "user.email", "xinyi@ggw.local", NULL), 0);
	assert_int_equal(repo_config_set(r, "ggw.unit", "xinyi", NULL), 0);
	put("units.yaml", units_yaml);
	assert_int_equal(repo_lock(r, 1000, NULL, NULL, NULL), 0);
	assert_int_equal(repo_commit_paths(r, paths, 1,
					   "新建台账：测试\n\nGgw-Unit: office\nGgw-Action: init\n",
					   "王主任", "office@ggw.local", NULL, NULL),
			 0);
	repo_unlock(r);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	repo_close(*state);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -1;
	repo_global_shutdown();
	return 0;
}

/* An actor of another unit, as another PC would be. */
static void other_actor(struct actor *a, const char *unit, const char *name)
{
	a->unit = strdup(unit);
	a->name = strdup(name);
	assert_int_not_equal(asprintf(&a->email, "%s@ggw.local", unit), -1);
}

static void add_record(struct repo *r, const struct actor *a, enum record_type t,
		       const char *yaml, char *id)
{
	struct node rec;
	struct ggw_error err = { 0, "" };

	assert_int_equal(yaml_parse("t", yaml, strlen(yaml), &rec, NULL), 0);
	if (ops_add(r, a, t, &rec, id, NULL, &err) < 0)
		fail_msg("add: %s", err.msg);
	node_free(&rec);
}

static void head(struct repo *r, char *commit, char **message)
{
	struct file_version *v = NULL;
	size_t n = 0;

	assert_int_equal(repo_log(r, 1, &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	if (commit)
		memcpy(commit, v[0].commit, 41);
	if (message)
		*message = strdup(v[0].message);
	file_versions_free(v, n);
}

static void path_of(const char *id, char *rel)
{
	snprintf(rel, 512, "activities/%s/2024/%s.yaml", "xinyi", id);
}

static void test_undo_add_then_redo(void **state)
{
	struct repo *r = *state;
	struct actor a;
	struct undo_target t;
	struct ggw_error err = { 0, "" };
	char id[32], rel[512], added[41], undo[41], blob[41], again[41], want[200], *msg = NULL;

	assert_int_equal(actor_load(r, &a, NULL), 0);
	assert_int_equal(ops_undo(r, &a, &t, NULL, &err), GGW_ENOTFOUND); /* only the init */
	add_record(r, &a, REC_ACTIVITY, activity_yaml, id);
	path_of(id, rel);
	head(r, added, NULL);
	assert_int_equal(repo_blob_at(r, "HEAD", rel, blob, NULL), 0);

	if (ops_undo(r, &a, &t, undo, &err) < 0)
		fail_msg("undo: %s", err.msg);
	assert_string_equal(t.commit, added);
	assert_string_equal(t.action, "add");
	assert_false(exists(rel));
	head(r, again, &msg);
	assert_string_equal(again, undo);
	assert_non_null(strstr(msg, "撤销：新增活动：防溺水讲座（新义村关工委，2024-07-10）\n\n"));
	assert_non_null(strstr(msg, "\nGgw-Unit: xinyi\n"));
	snprintf(want, sizeof(want), "\nGgw-Record: %s\n", rel);
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "\nGgw-Action: undo\n"));
	snprintf(want, sizeof(want), "\nGgw-Undoes: %s\n", added);
	assert_non_null(strstr(msg, want));
	free(msg);
	undo_target_free(&t);

	/* the undo of the undo does it again, byte for byte */
	assert_int_equal(ops_undo(r, &a, &t, NULL, &err), 0);
	assert_string_equal(t.commit, undo);
	assert_string_equal(t.next_subject, "重做：新增活动：防溺水讲座（新义村关工委，2024-07-10）");
	assert_int_equal(repo_blob_at(r, "HEAD", rel, again, NULL), 0);
	assert_string_equal(again, blob);
	undo_target_free(&t);
	actor_free(&a);
}

static void test_undo_refused_after_someone_else(void **state)
{
	struct repo *r = *state;
	struct actor a, office = { 0 };
	struct node rec;
	struct undo_target t;
	struct ggw_error err = { 0, "" };
	char id[32], other[32], rel[512], before[41], after[41];

	assert_int_equal(actor_load(r, &a, NULL), 0);
	other_actor(&office, "office", "王主任");
	add_record(r, &a, REC_ACTIVITY, activity_yaml, id);
	path_of(id, rel);
	/* another record changed by someone else does not stand in the way */
	add_record(r, &office, REC_ACTIVITY, "unit: nanhu\ntitle: 别的\ndate: 2024-08-01\ncategory: law\n"
		   "form: lecture\nyouth_count: 5\n", other);
	assert_int_equal(record_load_file(r, rel, &rec, NULL), 0);
	assert_int_equal(node_map_set_str(&rec, "location", "礼堂", SCALAR_TEXT), 0);
	assert_int_equal(ops_edit(r, &office, id, &rec, NULL, NULL), 0);
	node_free(&rec);
	head(r, before, NULL);
	assert_int_equal(ops_undo(r, &a, &t, NULL, &err), GGW_ECONFLICT);
	assert_non_null(strstr(err.msg, "王主任 <office@ggw.local>"));
	snprintf(after, sizeof(after), "%.8s", before); /* the office's edit, short */
	assert_non_null(strstr(err.msg, after));
	head(r, after, NULL);
	assert_string_equal(after, before);
	assert_true(exists(rel));
	actor_free(&office);
	actor_free(&a);
}

static void test_restore(void **state)
{
	struct repo *r = *state;
	struct actor a, nanhu = { 0 };
	struct deleted_record *v = NULL;
	struct ggw_error err = { 0, "" };
	size_t n = 0;
	char id[32], rel[512], blob[41], got[41], *msg = NULL;

	assert_int_equal(actor_load(r, &a, NULL), 0);
	other_actor(&nanhu, "nanhu", "李四");
	add_record(r, &a, REC_ACTIVITY, activity_yaml, id);
	path_of(id, rel);
	assert_int_equal(repo_blob_at(r, "HEAD", rel, blob, NULL), 0);
	assert_int_equal(ops_restore(r, &a, id, NULL, NULL, &err), GGW_EINVALID); /* still there */
	assert_int_equal(ops_rm(r, &a, id, NULL), 0);

	assert_int_equal(deleted_records(r, &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].id, id);
	assert_string_equal(v[0].path, rel);
	assert_string_equal(v[0].title, "防溺水讲座");
	assert_string_equal(v[0].author, "张三");
	assert_string_equal(v[0].deleter_unit, "xinyi");
	assert_string_equal(v[0].blob, blob);
	deleted_records_free(v, n);

	assert_int_equal(ops_restore(r, &nanhu, id, NULL, NULL, &err), GGW_EDENIED);
	assert_int_equal(ops_restore(r, &a, "20240101-0000abcd", NULL, NULL, &err), GGW_ENOTFOUND);
	assert_int_equal(ops_restore(r, &a, "../x", NULL, NULL, &err), GGW_EINVALID);
	if (ops_restore(r, &a, id, NULL, NULL, &err) < 0)
		fail_msg("restore: %s", err.msg);
	assert_int_equal(repo_blob_at(r, "HEAD", rel, got, NULL), 0);
	assert_string_equal(got, blob);
	head(r, NULL, &msg);
	assert_non_null(strstr(msg, "恢复活动：防溺水讲座（新义村关工委，2024-07-10）\n"));
	assert_non_null(strstr(msg, "\nGgw-Action: restore\n"));
	free(msg);
	assert_int_equal(deleted_records(r, &v, &n, NULL), 0);
	assert_int_equal(n, 0);
	deleted_records_free(v, n);
	actor_free(&nanhu);
	actor_free(&a);
}

static void test_rm_named_volunteer(void **state)
{
	struct repo *r = *state;
	struct actor a, nanhu = { 0 };
	struct ggw_error err = { 0, "" };
	char vid[32], aid[32], yaml[300], rel[512];
	struct node rec;

	assert_int_equal(actor_load(r, &a, NULL), 0);
	other_actor(&nanhu, "nanhu", "李四");
	add_record(r, &a, REC_VOLUNTEER, "name: 丁光海\ngroup: veteran\n", vid);
	/* named by another unit's activity */
	snprintf(yaml, sizeof(yaml), "%svolunteers: [%s]\n", activity_yaml, vid);
	add_record(r, &nanhu, REC_ACTIVITY, yaml, aid);
	assert_int_equal(ops_rm(r, &a, vid, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "还有 1 条活动记录写了这位五老"));
	snprintf(yaml, sizeof(yaml), "ggw edit %s --set active=false", vid);
	assert_non_null(strstr(err.msg, yaml));
	snprintf(rel, sizeof(rel), "volunteers/xinyi/%s.yaml", vid);
	assert_true(exists(rel));
	/* once no activity names them, the volunteer may go */
	snprintf(rel, sizeof(rel), "activities/nanhu/2024/%s.yaml", aid);
	assert_int_equal(record_load_file(r, rel, &rec, NULL), 0);
	node_map_remove(&rec, "volunteers");
	assert_int_equal(ops_edit(r, &nanhu, aid, &rec, NULL, NULL), 0);
	node_free(&rec);
	assert_int_equal(ops_rm(r, &a, vid, &err), 0);
	actor_free(&nanhu);
	actor_free(&a);
}

static void test_check_faults(void **state)
{
	struct repo *r = *state;
	struct ledger l;
	struct check_index ci;
	static const struct {
		const char *path, *text;
		unsigned faults;
	} files[] = {
		{ "activities/xinyi/2024/20240101-00000001.yaml",
		  "schema: ggw/activity/1\nid: 20240101-00000001\nunit: xinyi\ntitle: a\ndate: 2024-01-01\n"
		  "category: law\nform: lecture\nyouth_count: 1\nvolunteers: [v-00000001]\n", 0 },
		{ "activities/xinyi/2024/20240101-00000002.yaml",
		  "schema: ggw/activity/1\nid: 20240101-00000002\nunit: xinyi\ntitle: b\ndate: 2024-01-01\n"
		  "category: law\nform: lecture\nyouth_count: 1\nvolunteers: [v-00000001, v-0000dead]\n",
		  CHECK_FAULT_VOLUNTEER },
		{ "activities/ghost/2024/20240101-00000003.yaml",
		  "schema: ggw/activity/1\nid: 20240101-00000003\nunit: ghost\ntitle: c\ndate: 2024-01-01\n"
		  "category: law\nform: lecture\nyouth_count: 1\n", CHECK_FAULT_UNIT },
		{ "activities/xinyi/2024/20240101-00000004.yaml", "schema: ggw/activity/1\ntitle: a\ntitle: b\n",
		  CHECK_FAULT_INVALID },
		{ "volunteers/xinyi/v-00000001.yaml",
		  "schema: ggw/volunteer/1\nid: v-00000001\nunit: xinyi\nname: 甲\ngroup: cadre\n", 0 },
		{ "volunteers/xinyi/v-00000005.yaml",
		  "schema: ggw/volunteer/1\nid: v-00000005\nunit: xinyi\nname: 乙\ngroup: cadre\n",
		  CHECK_FAULT_DUPLICATE },
		{ "volunteers/nanhu/v-00000005.yaml",
		  "schema: ggw/volunteer/1\nid: v-00000005\nunit: nanhu\nname: 乙\ngroup: cadre\n",
		  CHECK_FAULT_DUPLICATE },
	};
	size_t nfiles = sizeof(files) / sizeof(files[0]);
	char abs[PATH_MAX * 2];

	for (size_t i = 0; i < nfiles; i++) {
		snprintf(abs, sizeof(abs), "%s/%s", dir, files[i].path);
		assert_int_equal(mkdir_parents(abs, NULL), 0);
		put(files[i].path, files[i].text);
	}
	assert_int_equal(ledger_load(r, &l, NULL), 0);
	assert_int_equal(l.n, nfiles);
	assert_int_equal(check_index_build(&l, &ci, NULL), 0);
	for (size_t i = 0; i < nfiles; i++) {
		const struct entry *e = NULL;

		for (size_t k = 0; k < l.n; k++)
			if (!strcmp(l.v[k].path, files[i].path))
				e = &l.v[k];
		assert_non_null(e);
		assert_int_equal(record_check_faults(&ci, &l.units, e), files[i].faults);
		/* without units.yaml's units, the unit rule is skipped */
		assert_int_equal(record_check_faults(&ci, NULL, e), files[i].faults & ~CHECK_FAULT_UNIT);
		assert_int_equal(entry_names_volunteer(e, "v-00000001"), i == 0 || i == 1);
		assert_false(entry_names_volunteer(e, "v-0000000"));
	}
	assert_true(check_volunteer_known(&ci, "v-00000005"));
	assert_false(check_volunteer_known(&ci, "v-0000dead"));
	check_index_free(&ci);
	ledger_free(&l);
}

static void test_email_follows_unit(void **state)
{
	struct repo *r = *state;
	struct actor a;

	assert_int_equal(repo_config_set(r, "user.email", "office@ggw.local", NULL), 0);
	assert_int_equal(actor_load(r, &a, NULL), 0);
	assert_string_equal(a.email, "xinyi@ggw.local");
	actor_free(&a);
	assert_int_equal(repo_config_set(r, "ggw.unit", "nanhu", NULL), 0);
	assert_int_equal(actor_load(r, &a, NULL), 0);
	assert_string_equal(a.email, "nanhu@ggw.local");
	actor_free(&a);
	/* a person's own address stays theirs */
	assert_int_equal(repo_config_set(r, "user.email", "wang@example.org", NULL), 0);
	assert_int_equal(actor_load(r, &a, NULL), 0);
	assert_string_equal(a.email, "wang@example.org");
	actor_free(&a);
	assert_int_equal(repo_config_set(r, "user.email", "Not A Unit@ggw.local", NULL), 0);
	assert_int_equal(actor_load(r, &a, NULL), 0);
	assert_string_equal(a.email, "Not A Unit@ggw.local");
	actor_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_undo_add_then_redo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_refused_after_someone_else, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rm_named_volunteer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_follows_unit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
