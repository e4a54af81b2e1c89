/* records/init (ops_init, ops_clone) and records/check (ledger_check)
 * against real repositories in a temporary folder: units.yaml and the
 * first commit of a new ledger, refusals that leave the folder as it was,
 * and check on a good ledger and on broken records. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../records/check.h"
#include "../../records/init.h"
#include "../../records/ledger.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo.h"
#include "../../storage/repo_status.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char top[PATH_MAX];

static void at(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", top, rel);
}

static char *slurp(const char *rel)
{
	char path[PATH_MAX * 2], *buf = NULL;
	size_t len = 0;

	at(path, sizeof(path), rel);
	if (read_whole_file(path, 1 << 20, &buf, &len, NULL) < 0)
		return NULL;
	return buf;
}

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];

	at(path, sizeof(path), rel);
	assert_int_equal(mkdir_parents(path, NULL), 0);
	assert_int_equal(atomic_write(path, text, strlen(text), NULL), 0);
}

static int exists(const char *rel)
{
	char path[PATH_MAX * 2];

	at(path, sizeof(path), rel);
	return access(path, F_OK) == 0;
}

static const struct init_unit two_units[] = {
	{ "xinyi", "新义村关工委", "village" },
	{ "dongfeng", NULL, "community" },
	{ "hecun", NULL, NULL },
};

/* A new ledger in top/<name> with the three units above. */
static void new_ledger(const char *name, const char *me, struct init_result *res)
{
	char dir[PATH_MAX * 2];
	struct init_options o = { dir, "测试街道关工委", me, two_units, 3 };
	struct problems probs = { 0 };
	struct ggw_error err = { 0, "" };

	at(dir, sizeof(dir), name);
	if (ops_init(&o, res, &probs, &err) < 0)
		fail_msg("ops_init: %s", err.msg);
	assert_int_equal(probs.n, 0);
	problems_free(&probs);
}

static void test_init_units_and_first_commit(void **state)
{
	struct init_result res;
	struct repo *r = NULL;
	struct units u = { 0 };
	struct file_version *v = NULL;
	size_t n = 0;
	char dir[PATH_MAX * 2], *text, *unit = NULL;

	(void)state;
	new_ledger("led", "xinyi", &res);
	assert_string_equal(res.unit, "xinyi");
	assert_int_equal(res.anonymous, 1); /* no user.name in the test's HOME */
	text = slurp("led/units.yaml");
	assert_non_null(text);
	assert_non_null(strstr(text, "schema: ggw/units/1\n"));
	assert_non_null(strstr(text, "street: 测试街道关工委\n"));
	/* the office first, named after the street; then the units in order */
	assert_true(strstr(text, "key: office") < strstr(text, "key: xinyi"));
	assert_true(strstr(text, "key: xinyi") < strstr(text, "key: dongfeng"));
	assert_true(strstr(text, "key: dongfeng") < strstr(text, "key: hecun"));
	assert_non_null(strstr(text, "测试街道关工委办公室"));
	free(text);
	text = slurp("led/.gitattributes");
	assert_non_null(text);
	assert_string_equal(text, "*.yaml -merge\n");
	free(text);

	at(dir, sizeof(dir), "led");
	assert_int_equal(repo_open(dir, &r, NULL), 0);
	assert_int_equal(units_load(r, &u, NULL), 0);
	assert_int_equal(u.n, 4);
	assert_string_equal(units_find(&u, "xinyi")->name, "新义村关工委");
	assert_string_equal(units_find(&u, "hecun")->name, "hecun"); /* the key when unnamed */
	assert_string_equal(units_find(&u, "hecun")->kind, "village");
	assert_string_equal(units_find(&u, "dongfeng")->kind, "community");
	units_free(&u);
	assert_int_equal(repo_config_get(r, "ggw.unit", &unit, NULL), 0);
	assert_non_null(unit);
	assert_string_equal(unit, "xinyi");
	free(unit);
	assert_int_equal(repo_log(r, 0, &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(v[0].message, "新建台账：测试街道关工委"));
	assert_non_null(strstr(v[0].message, "Ggw-Unit: xinyi\n"));
	assert_non_null(strstr(v[0].message, "Ggw-Action: init\n"));
	assert_string_equal(v[0].author, "测试街道关工委办公室");
	file_versions_free(v, n);
	repo_close(r);
}

static void test_init_office_default(void **state)
{
	struct init_result res;

	(void)state;
	new_ledger("led-office", NULL, &res);
	assert_string_equal(res.unit, "office");
}

/* Refused before anything is written: the folder stays absent. */
static void refused(const char *name, const struct init_unit *units, size_t n, const char *me,
		    const char *why)
{
	char dir[PATH_MAX * 2];
	struct init_options o = { dir, "测试街道关工委", me, units, n };
	struct init_result res;
	struct ggw_error err = { 0, "" };

	at(dir, sizeof(dir), name);
	assert_int_equal(ops_init(&o, &res, NULL, &err), GGW_EINVALID);
	if (!strstr(err.msg, why))
		fail_msg("'%s' not in '%s'", why, err.msg);
	assert_false(exists(name));
}

static void test_init_refusals(void **state)
{
	static const struct init_unit bad_key[] = { { "Bad Key", NULL, NULL } };
	static const struct init_unit bad_kind[] = { { "a", NULL, "castle" } };
	static const struct init_unit twice[] = { { "a", NULL, NULL }, { "a", NULL, NULL } };
	char dir[PATH_MAX * 2];
	struct init_options o = { dir, "测试街道关工委", NULL, two_units, 3 };
	struct init_result res;
	struct ggw_error err = { 0, "" };
	char *text;

	(void)state;
	refused("r1", bad_key, 1, NULL, "Bad Key");
	refused("r2", bad_kind, 1, NULL, "castle");
	refused("r3", twice, 2, NULL, "重复");
	refused("r4", two_units, 3, "nowhere", "nowhere");
	/* a folder with something in it is kept as it is */
	put("busy/notes.txt", "mine\n");
	at(dir, sizeof(dir), "busy");
	assert_true(ops_init(&o, &res, NULL, &err) < 0);
	text = slurp("busy/notes.txt");
	assert_non_null(text);
	assert_string_equal(text, "mine\n");
	free(text);
	assert_false(exists("busy/units.yaml"));
}

/* clone: a unit not in units.yaml undoes the copy; an empty folder that
 * was there stays, empty. */
static void test_clone(void **state)
{
	char src[PATH_MAX * 2], dst[PATH_MAX * 2];
	struct init_result res;
	struct ggw_error err = { 0, "" };

	(void)state;
	new_ledger("origin", NULL, &res);
	at(src, sizeof(src), "origin");
	at(dst, sizeof(dst), "copy");
	assert_int_equal(ops_clone(src, dst, "nosuch", &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "nosuch"));
	assert_false(exists("copy"));
	at(dst, sizeof(dst), "empty");
	assert_int_equal(mkdir(dst, 0755), 0);
	assert_int_equal(ops_clone(src, dst, "nosuch", &err), GGW_EINVALID);
	assert_true(exists("empty"));
	assert_true(dir_absent_or_empty(dst));
	if (ops_clone(src, dst, "hecun", &err) < 0)
		fail_msg("ops_clone: %s", err.msg);
	assert_true(exists("empty/units.yaml"));
	at(dst, sizeof(dst), "nowhere-copy");
	at(src, sizeof(src), "no-such-stick");
	assert_int_equal(ops_clone(src, dst, "hecun", &err), GGW_ENET);
}

static void check_dir(const char *name, struct check_report *c)
{
	char dir[PATH_MAX * 2];
	struct repo *r = NULL;
	struct ggw_error err = { 0, "" };

	at(dir, sizeof(dir), name);
	assert_int_equal(repo_open(dir, &r, NULL), 0);
	if (ledger_check(r, c, &err) < 0)
		fail_msg("ledger_check: %s", err.msg);
	repo_close(r);
}

static int has_line(const struct check_report *c, const char *path, const char *text)
{
	for (size_t k = 0; k < c->n; k++)
		if (!strcmp(c->v[k].path, path) && strstr(c->v[k].text, text))
			return 1;
	return 0;
}

#define GOOD "activities/xinyi/2024/20240710-3fa9c2e1.yaml"
#define BAD "activities/xinyi/2024/20240711-0000000b.yaml"
#define STRANGER "activities/xinyi/2024/20240712-0000000c.yaml"

static const char good_rec[] =
	"schema: ggw/activity/1\nid: 20240710-3fa9c2e1\nunit: xinyi\n"
	"title: 暑期防溺水安全知识讲座\ndate: 2024-07-10\ncategory: safety\nform: lecture\n"
	"youth_count: 45\n";

static void test_check_good_ledger(void **state)
{
	struct init_result res;
	struct check_report c;

	(void)state;
	new_ledger("checked", NULL, &res);
	check_dir("checked", &c);
	assert_int_equal(c.problems, 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(c.files, 1); /* units.yaml */
	assert_int_equal(c.ndirty, 0);
	check_report_free(&c);
	put("checked/" GOOD, good_rec);
	check_dir("checked", &c);
	assert_int_equal(c.problems, 0);
	assert_int_equal(c.files, 2);
	assert_int_equal(c.ndirty, 1); /* not committed: a warning only */
	assert_string_equal(c.dirty[0], GOOD);
	check_report_free(&c);
}

static void test_check_broken_records(void **state)
{
	struct init_result res;
	struct check_report c;
	char bad[sizeof(good_rec) + 64], stranger[sizeof(good_rec) + 128];

	(void)state;
	new_ledger("broken", NULL, &res);
	put("broken/" GOOD, good_rec);
	/* an impossible date, on line 5 */
	snprintf(bad, sizeof(bad), "%s", good_rec);
	memcpy(strstr(bad, "20240710-3fa9c2e1"), "20240711-0000000b", 17);
	memcpy(strstr(bad, "2024-07-10"), "2024-02-30", 10);
	put("broken/" BAD, bad);
	/* a volunteer nobody has */
	snprintf(stranger, sizeof(stranger), "%svolunteers:\n- v-0000abcd\n", good_rec);
	memcpy(strstr(stranger, "20240710-3fa9c2e1"), "20240712-0000000c", 17);
	put("broken/" STRANGER, stranger);
	check_dir("broken", &c);
	assert_int_equal(c.files, 4);
	assert_int_equal(c.problems, 2);
	assert_true(has_line(&c, BAD, BAD ":5:7: "));
	assert_true(has_line(&c, STRANGER, STRANGER ":10:3: "));
	assert_true(has_line(&c, STRANGER, "v-0000abcd"));
	assert_false(has_line(&c, GOOD, ""));
	check_report_free(&c);
	/* a broken units.yaml is reported at its line */
	put("broken/units.yaml", "schema: ggw/units/1\nstreet: X\nunits:\n  - key: Bad Key\n"
				 "    name: x\n    kind: village\n");
	check_dir("broken", &c);
	assert_true(has_line(&c, "units.yaml", "units.yaml:4:"));
	check_report_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_units_and_first_commit),
		cmocka_unit_test(test_init_office_default),
		cmocka_unit_test(test_init_refusals),
		cmocka_unit_test(test_clone),
		cmocka_unit_test(test_check_good_ledger),
		cmocka_unit_test(test_check_broken_records),
	};
	char home[PATH_MAX * 2], cmd[PATH_MAX + 16];
	int rc;

	snprintf(top, sizeof(top), "%s/ggw-init-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(top))
		return 1;
	/* A HOME without a git identity: the first commit is the office's. */
	snprintf(home, sizeof(home), "%s/home", top);
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	if (repo_global_init(NULL) < 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	repo_global_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	return rc;
}
