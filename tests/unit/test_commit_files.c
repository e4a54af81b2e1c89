/* storage/repo_commit_files and storage/refwrite against real repositories,
 * with the git command as the judge. */
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

#include <git2.h>

#include "../../storage/refwrite.h"
#include "../../storage/repo.h"

static char home[PATH_MAX];

const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

/* stdout of a shell command (malloc'd); asserts exit status 0. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
	va_list ap;
	char *cmd = NULL, *out = calloc(1, 65536);
	size_t len = 0, n;
	FILE *p;

	va_start(ap, fmt);
	assert_true(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	assert_non_null(out);
	assert_non_null(p = popen(cmd, "r"));
	while (len < 65535 && (n = fread(out + len, 1, 65535 - len, p)) > 0)
		len += n;
	if (pclose(p) != 0)
		fail_msg("command failed: %s\n%s", cmd, out);
	free(cmd);
	return out;
}

static void expect_output(const char *want, const char *fmt, const char *dir)
{
	char *out = run(fmt, dir);

	assert_string_equal(out, want);
	free(out);
}

static char *new_ledger(struct repo **r)
{
	char tmpl[] = "/tmp/ggw-test-cf-XXXXXX", *dir;
	const char *paths[] = { "units.yaml" };
	const char *data[] = { "units: []\n" };
	size_t lens[] = { 10 };
	struct ggw_error err = { 0 };

	assert_non_null(mkdtemp(tmpl));
	assert_non_null(dir = strdup(tmpl));
	assert_int_equal(repo_init(dir, r, &err), 0);
	assert_int_equal(repo_commit_files(*r, paths, data, lens, 1, "新建台账", "甲", "a@ggw", NULL,
					   &err), 0);
	return dir;
}

static void drop_ledger(struct repo *r, char *dir)
{
	repo_close(r);
	free(run("rm -rf '%s'", dir));
	free(dir);
}

/* New folders, the file in place, HEAD has it, nothing left over. */
static void test_writes_and_commits(void **state)
{
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(&r);
	const char *paths[] = { "activities/x/2024/a.yaml", "units.yaml" };
	const char *data[] = { "id: a\n", "units: [x]\n" };
	size_t lens[] = { 6, 11 };
	char id[41];

	(void)state;
	assert_int_equal(repo_commit_files(r, paths, data, lens, 2, "两个文件", "甲", "a@ggw", id,
					   &err), 0);
	expect_output("id: a\n", "cat '%s/activities/x/2024/a.yaml'", dir);
	expect_output("id: a\n", "git -C '%s' show HEAD:activities/x/2024/a.yaml", dir);
	expect_output("", "git -C '%s' status --porcelain", dir);
	expect_output("", "find '%s/activities' -name '.*tmp*'", dir);
	expect_output("commit: 两个文件\n", "git -C '%s' reflog -1 --format=%%gs", dir);
	expect_output("commit: 两个文件\n", "git -C '%s' reflog -1 --format=%%gs main", dir);
	free(run("git -C '%s' fsck --strict 2>&1", dir));
	{
		char *head = run("git -C '%s' rev-parse HEAD", dir);

		assert_memory_equal(head, id, 40);
		free(head);
	}
	drop_ledger(r, dir);
}

/* The same bytes as HEAD: no commit, the file in place all the same. */
static void test_nothing_to_commit(void **state)
{
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(&r);
	const char *paths[] = { "units.yaml" };
	const char *data[] = { "units: []\n" };
	size_t lens[] = { 10 };

	(void)state;
	free(run("echo changed > '%s/units.yaml'", dir));
	assert_int_equal(repo_commit_files(r, paths, data, lens, 1, "空", "甲", "a@ggw", NULL, &err),
			 GGW_EINVALID);
	assert_non_null(strstr(err.msg, "没有需要提交的修改"));
	expect_output("units: []\n", "cat '%s/units.yaml'", dir);
	expect_output("", "git -C '%s' status --porcelain", dir);
	drop_ledger(r, dir);
}

/* The branch moves only from the value it was read at, and never past a
 * lock file someone else holds. */
static void test_refwrite_compare_and_lock(void **state)
{
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(&r), *head;
	git_repository *g = repo_git(r);
	git_oid cur, other;
	git_signature *sig = NULL;

	(void)state;
	assert_non_null(g);
	assert_int_equal(git_reference_name_to_id(&cur, g, "refs/heads/main"), 0);
	memset(&other, 0x11, sizeof(other));
	assert_int_equal(git_signature_now(&sig, "甲", "a@ggw"), 0);
	assert_int_equal(refwrite_move(r, "refs/heads/main", &cur, &other, sig, "x"), GIT_EMODIFIED);
	expect_output("", "ls '%s/.git/refs/heads' | grep lock || true", dir);
	free(run("touch '%s/.git/refs/heads/main.lock'", dir));
	assert_int_equal(refwrite_move(r, "refs/heads/main", &cur, &cur, sig, "x"), GIT_ELOCKED);
	expect_output("main.lock\n", "ls '%s/.git/refs/heads' | grep lock", dir);
	free(run("rm '%s/.git/refs/heads/main.lock'", dir));
	assert_int_equal(refwrite_move(r, "refs/heads/../x", &cur, &cur, sig, "x"), GIT_EINVALIDSPEC);
	/* A ref only in packed-refs moves by a loose file, as git does it. */
	free(run("git -C '%s' pack-refs --all", dir));
	assert_int_equal(refwrite_move(r, "refs/heads/main", &cur, &cur, sig, "同一个"), 0);
	head = run("git -C '%s' rev-parse main", dir);
	assert_int_equal(strncmp(head, git_oid_tostr_s(&cur), 40), 0);
	free(head);
	expect_output("同一个\n", "git -C '%s' reflog -1 --format=%%gs", dir);
	free(run("git -C '%s' fsck --strict 2>&1", dir));
	git_signature_free(sig);
	(void)err;
	drop_ledger(r, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_and_commits),
		cmocka_unit_test(test_nothing_to_commit),
		cmocka_unit_test(test_refwrite_compare_and_lock),
	};
	char tmpl[] = "/tmp/ggw-test-home-XXXXXX";
	int rc;

	if (!mkdtemp(tmpl) || !realpath(tmpl, home))
		return 1;
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "测试员", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "测试员", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example.org", 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	repo_global_shutdown();
	free(run("rm -rf '%s'", home));
	return rc;
}
