/* records/sync against real repositories: the office's ledger (made with
 * the library), a bare hub, and a unit's PC that is a plain git clone
 * committing with the real git command. Verify: a unit's commits inside
 * its own folders are accepted, a commit touching another unit's folder
 * refuses the remote's whole new history. Merge: two PCs changing
 * different fields of one record merge cleanly, the same field records a
 * conflict. The transfer runs in a child process that re-executes this
 * binary, which main() hands to sync_transfer_child as ggw does. */
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
#include "../../records/ledger.h"
#include "../../records/sync.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char root[PATH_MAX], office[PATH_MAX + 16], hub[PATH_MAX + 16], pc[PATH_MAX + 16];

#define ID "20240710-3fa9c2e1"
#define REL "activities/xinyi/2024/" ID ".yaml"
#define NID "20240801-0000beef"
#define NREL "activities/nanhu/2024/" NID ".yaml"

static const char units_yaml[] =
	"schema: ggw/units/1\nstreet: 测试街道关工委\nunits:\n"
	"- key: office\n  name: 测试街道关工委办公室\n  kind: street\n"
	"- key: xinyi\n  name: 新义村关工委\n  kind: village\n"
	"- key: nanhu\n  name: 南湖村关工委\n  kind: village\n";

/* An activity record of unit with the given title and youth count. */
static void write_act(const char *base, const char *unit, const char *id, const char *title,
		      int youth)
{
	char path[PATH_MAX * 2], text[1024];

	snprintf(path, sizeof(path), "%s/activities/%s/%.4s/%s.yaml", base, unit, id, id);
	snprintf(text, sizeof(text),
		 "schema: ggw/activity/1\nid: %s\nunit: %s\ntitle: %s\ndate: %.4s-%.2s-%.2s\n"
		 "category: safety\nform: lecture\nlocation: 文化礼堂\nyouth_count: %d\n",
		 id, unit, title, id, id + 4, id + 6, youth);
	assert_int_equal(atomic_write(path, text, strlen(text), NULL), 0);
}

static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

/* Commit everything on the unit's PC with plain git and ggw's trailers
 * (unit "" : no trailer at all), then push to the hub. */
static void pc_commit_push(const char *unit, const char *rel, const char *subject)
{
	if (*unit)
		sh("cd '%s' && git add -A && git commit -q -m '%s' -m 'Ggw-Unit: %s\nGgw-Record: %s\n"
		   "Ggw-Action: edit' && git push -q origin HEAD:main 2>/dev/null",
		   pc, subject, unit, rel);
	else
		sh("cd '%s' && git add -A && git commit -q -m '%s' && git push -q origin HEAD:main 2>/dev/null",
		   pc, subject);
}

/* A commit in the office's ledger through the library, as ggw makes it. */
static void office_commit(struct repo *r, const char *rel, const char *subject)
{
	const char *paths[1] = { rel };
	char msg[512];
	struct ggw_error err = { 0, "" };

	snprintf(msg, sizeof(msg), "%s\n\nGgw-Unit: office\nGgw-Record: %s\nGgw-Action: edit\n",
		 subject, rel);
	assert_int_equal(repo_lock(r, 1000, NULL, NULL, &err), 0);
	if (repo_commit_paths(r, paths, 1, msg, "办公室", "office@ggw.local", NULL, &err) < 0)
		fail_msg("commit: %s", err.msg);
	repo_unlock(r);
}

/* Sync the office with the hub; returns sync_run's code, *res its result. */
static int office_sync(struct repo *r, struct sync_result *res, char *msg, size_t len)
{
	struct sync_options o;
	struct sync_result *v = NULL;
	size_t n = 0;
	struct ggw_error err = { 0, "" };
	int rc;

	memset(&o, 0, sizeof(o));
	o.timeout_sec = 30;
	rc = sync_run(r, NULL, 0, &o, &v, &n, &err);
	assert_int_equal(n, 1);
	*res = v[0];
	snprintf(msg, len, "%s", err.msg);
	free(v);
	return rc;
}

/* office_sync that must succeed. */
static void office_sync_ok(struct repo *r, struct sync_result *res)
{
	char msg[1024];

	if (office_sync(r, res, msg, sizeof(msg)) != 0)
		fail_msg("sync: %s / %s", msg, res->message);
}

static void head_of(const char *dir, char *out, size_t len)
{
	char cmd[PATH_MAX + 64];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "git -C '%s' rev-parse HEAD", dir);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(fgets(out, (int)len, p));
	out[strcspn(out, "\n")] = '\0';
	assert_int_equal(pclose(p), 0);
}

static int exists(const char *base, const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	return access(path, F_OK) == 0;
}

/* The office's ledger with units.yaml, pushed to a new hub; the xinyi PC
 * a plain clone of the hub. */
static int setup(void **state)
{
	struct repo *r = NULL;
	struct sync_result res;
	struct ggw_error err = { 0, "" };

	(void)state;
	snprintf(root, sizeof(root), "%s/ggw-sync-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(root));
	snprintf(office, sizeof(office), "%s/office", root);
	snprintf(hub, sizeof(hub), "%s/hub.git", root);
	snprintf(pc, sizeof(pc), "%s/xinyi", root);
	assert_int_equal(repo_global_init(NULL), 0);
	assert_int_equal(repo_init(office, &r, NULL), 0);
	assert_int_equal(repo_config_set(r, "ggw.unit", "office", NULL), 0);
	assert_int_equal(repo_config_set(r, "user.name", "办公室", NULL), 0);
	assert_int_equal(repo_config_set(r, "user.email", "office@ggw.local", NULL), 0);
	{
		char path[PATH_MAX * 2];

		snprintf(path, sizeof(path), "%s/units.yaml", office);
		assert_int_equal(atomic_write(path, units_yaml, strlen(units_yaml), NULL), 0);
	}
	office_commit(r, "units.yaml", "新建台账");
	if (sync_hub_init(hub, &err) < 0)
		fail_msg("hub init: %s", err.msg);
	if (sync_remote_add(r, "usb", hub, &err) < 0)
		fail_msg("remote add: %s", err.msg);
	office_sync_ok(r, &res);
	assert_true(res.pushed);
	repo_close(r);
	sh("git clone -q '%s' '%s' && cd '%s' && git config user.name 新义村 && "
	   "git config user.email xinyi@ggw.local", hub, pc, pc);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("rm -rf '%s'", root);
	repo_global_shutdown();
	return 0;
}

static void test_in_scope_accepted(void **state)
{
	struct repo *r = NULL;
	struct sync_result res;
	struct ledger l;
	struct ggw_error err = { 0, "" };
	char msg[1024], head[64], hubhead[64];
	long i;

	(void)state;
	write_act(pc, "xinyi", ID, "暑期防溺水安全知识讲座", 45);
	pc_commit_push("xinyi", REL, "新增活动：暑期防溺水安全知识讲座");
	/* A plain git commit without a trailer inside one unit's folders. */
	write_act(pc, "xinyi", "20240711-0000cafe", "红色故事会", 20);
	pc_commit_push("", "", "plain commit");

	assert_int_equal(repo_open(office, &r, &err), 0);
	office_sync_ok(r, &res);
	assert_int_equal(res.outcome, SYNC_DONE);
	assert_int_equal(res.code, 0);
	assert_int_equal(res.received, 2);
	assert_true(res.fast_forward);
	assert_false(res.merged);
	assert_int_equal(res.conflicts, 0);
	assert_true(exists(office, REL));
	head_of(office, head, sizeof(head));
	head_of(pc, hubhead, sizeof(hubhead));
	assert_string_equal(head, hubhead);
	if (ledger_load(r, &l, &err) < 0)
		fail_msg("ledger: %s", err.msg);
	i = ledger_find(&l, ID);
	assert_true(i >= 0);
	assert_string_equal(l.v[i].title, "暑期防溺水安全知识讲座");
	assert_true(ledger_find(&l, "20240711-0000cafe") >= 0);
	ledger_free(&l);

	/* Nothing new: up to date. */
	assert_int_equal(office_sync(r, &res, msg, sizeof(msg)), 0);
	assert_int_equal(res.outcome, SYNC_UP_TO_DATE);
	assert_int_equal(res.received, 0);
	repo_close(r);
}

static void test_other_unit_refused(void **state)
{
	struct repo *r = NULL;
	struct sync_result res;
	struct ggw_error err = { 0, "" };
	char msg[1024], before[64], after[64], bad[64];

	(void)state;
	/* A good record first, then xinyi (with its own trailer) writes into
	 * nanhu's folder. */
	write_act(pc, "xinyi", ID, "暑期防溺水安全知识讲座", 45);
	pc_commit_push("xinyi", REL, "新增活动");
	write_act(pc, "nanhu", NID, "越权写入", 1);
	pc_commit_push("xinyi", NREL, "修改活动：越权");
	head_of(pc, bad, sizeof(bad));

	assert_int_equal(repo_open(office, &r, &err), 0);
	head_of(office, before, sizeof(before));
	assert_int_equal(office_sync(r, &res, msg, sizeof(msg)), GGW_EDENIED);
	assert_int_equal(res.outcome, SYNC_REFUSED);
	assert_int_equal(res.code, GGW_EDENIED);
	assert_int_equal(res.received, 0);
	assert_false(res.pushed);
	/* Named by commit, author and path. */
	assert_non_null(strstr(res.message, NREL));
	bad[10] = '\0';
	assert_non_null(strstr(res.message, bad));
	assert_non_null(strstr(res.message, "xinyi@ggw.local"));
	/* Nothing of that history entered: main, work tree, the good record. */
	head_of(office, after, sizeof(after));
	assert_string_equal(before, after);
	assert_false(exists(office, NREL));
	assert_false(exists(office, REL));

	/* Refused again on the next run: nothing was half-accepted. */
	assert_int_equal(office_sync(r, &res, msg, sizeof(msg)), GGW_EDENIED);
	assert_int_equal(res.outcome, SYNC_REFUSED);
	head_of(office, after, sizeof(after));
	assert_string_equal(before, after);
	repo_close(r);
}

/* xinyi adds the record and the office receives it: the common base. */
static void shared_record(struct repo **r)
{
	struct sync_result res;
	struct ggw_error err = { 0, "" };

	write_act(pc, "xinyi", ID, "暑期防溺水安全知识讲座", 45);
	pc_commit_push("xinyi", REL, "新增活动");
	assert_int_equal(repo_open(office, r, &err), 0);
	office_sync_ok(*r, &res);
	assert_true(exists(office, REL));
}

/* xinyi's PC and the office both edit the shared record, then sync. */
static void edit_both_and_sync(struct repo *r, const char *pc_title, int pc_youth,
			       const char *office_title, int office_youth, struct sync_result *res)
{
	write_act(pc, "xinyi", ID, pc_title, pc_youth);
	pc_commit_push("xinyi", REL, "修改活动（新义村）");
	write_act(office, "xinyi", ID, office_title, office_youth);
	office_commit(r, REL, "修改活动（办公室）");
	office_sync_ok(r, res);
	assert_int_equal(res->outcome, SYNC_DONE);
	assert_int_equal(res->received, 1);
	assert_true(res->merged);
	assert_false(res->fast_forward);
	assert_true(res->pushed);
}

static void load_record(struct repo *r, struct node *rec)
{
	struct ggw_error err = { 0, "" };

	if (record_load_file(r, REL, rec, &err) < 0)
		fail_msg("load: %s", err.msg);
}

static void test_merge_different_fields(void **state)
{
	struct repo *r = NULL;
	struct sync_result res;
	struct node rec;
	char head[64], hubhead[64];

	(void)state;
	shared_record(&r);
	/* xinyi changes the title, the office the youth count. */
	edit_both_and_sync(r, "防溺水讲座（改）", 45, "暑期防溺水安全知识讲座", 50, &res);
	assert_int_equal(res.conflicts, 0);
	load_record(r, &rec);
	assert_string_equal(node_map_str(&rec, "title"), "防溺水讲座（改）");
	assert_string_equal(node_map_str(&rec, "youth_count"), "50");
	assert_null(node_map_get(&rec, "conflicts"));
	node_free(&rec);
	/* The merge reached the hub. */
	sh("git -C '%s' pull -q --ff-only origin main 2>/dev/null", pc);
	head_of(office, head, sizeof(head));
	head_of(pc, hubhead, sizeof(hubhead));
	assert_string_equal(head, hubhead);
	repo_close(r);
}

static void test_merge_same_field_conflict(void **state)
{
	struct repo *r = NULL;
	struct sync_result res;
	struct node rec;
	struct ledger l;
	const struct node *cs;
	const char *title, *other;
	struct ggw_error err = { 0, "" };
	long i;

	(void)state;
	shared_record(&r);
	edit_both_and_sync(r, "新义村的标题", 45, "办公室的标题", 45, &res);
	assert_int_equal(res.conflicts, 1);
	load_record(r, &rec);
	title = node_map_str(&rec, "title");
	cs = node_map_get(&rec, "conflicts");
	assert_non_null(cs);
	assert_int_equal(cs->count, 1);
	assert_string_equal(node_map_str(&cs->kids[0], "field"), "title");
	other = node_map_str(&cs->kids[0], "value");
	assert_non_null(title);
	assert_non_null(other);
	/* One value kept, the other recorded: nothing typed is lost. */
	assert_true((!strcmp(title, "新义村的标题") && !strcmp(other, "办公室的标题")) ||
		    (!strcmp(title, "办公室的标题") && !strcmp(other, "新义村的标题")));
	node_free(&rec);
	/* The ledger sees it. */
	if (ledger_load(r, &l, &err) < 0)
		fail_msg("ledger: %s", err.msg);
	i = ledger_find(&l, ID);
	assert_true(i >= 0);
	assert_true(l.v[i].valid);
	assert_true(l.v[i].has_conflicts);
	ledger_free(&l);
	repo_close(r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_in_scope_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_unit_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_different_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_same_field_conflict, setup, teardown),
	};

	/* The transfer child: "ggw -C DIR sync --transfer-child OP REMOTE". */
	if (argc >= 7 && !strcmp(argv[3], "sync") && !strcmp(argv[4], "--transfer-child")) {
		int rc;

		repo_global_init(NULL);
		rc = sync_transfer_child(argv[2], argc - 5, argv + 5);
		repo_global_shutdown();
		return rc;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
