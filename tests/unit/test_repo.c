/* storage/repo against real repositories, with the real git command as the
 * second party. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "../../storage/repo.h"

static char home[PATH_MAX];

/* libgit2 1.5.1 leaks a pcre2 match block on every failed regex match
 * (git_regexp_match, fixed upstream by libgit2 PR #6382 in 1.6); git_clone
 * reaches it through git_remote_create. Not ours: tell LeakSanitizer (by
 * module: the fast unwinder cannot see past pcre2's frames). */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

/* ---- helpers ---- */

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

/* Run a shell command, return its stdout (malloc'd); asserts exit status 0. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
	va_list ap;
	char *cmd = NULL, *out = NULL;
	size_t len = 0, cap = 0, n;
	char buf[4096];
	FILE *p;
	int status;

	va_start(ap, fmt);
	assert_true(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		memcpy(out + len, buf, n);
		len += n;
	}
	status = pclose(p);
	if (!out)
		out = calloc(1, 1);
	out[len] = '\0';
	if (status != 0)
		fail_msg("command failed (%d): %s\n%s", status, cmd, out);
	free(cmd);
	return out;
}

static void write_file(const char *dir, const char *name, const char *content)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(content, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static int exists(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct stat st;
	int r = lstat(path, &st) == 0;

	free(path);
	return r;
}

struct fixture {
	char dir[PATH_MAX]; /* scratch folder, real path */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char tmpl[] = "/tmp/ggw-test-repo-XXXXXX";

	if (!fx || !mkdtemp(tmpl) || !realpath(tmpl, fx->dir))
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);
	int rc = system(cmd);

	free(cmd);
	free(fx);
	return rc == 0 ? 0 : -1;
}

/* A new ledger at <fx>/<name> with units.yaml committed; returns the path. */
static char *new_ledger(struct fixture *fx, const char *name, struct repo **out)
{
	char *dir = xasprintf("%s/%s", fx->dir, name);
	const char *paths[] = { "units.yaml" };
	struct ggw_error err = { 0 };
	struct repo *r = NULL;

	assert_int_equal(repo_init(dir, &r, &err), 0);
	write_file(dir, "units.yaml", "units: []\n");
	assert_int_equal(repo_commit_paths(r, paths, 1, "新建台账", "街道关工委", "jd@ggw", NULL, &err), 0);
	if (out)
		*out = r;
	else
		repo_close(r);
	return dir;
}

/* ---- tests ---- */

static void test_init_makes_main(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = xasprintf("%s/a/b/台账", fx->dir);
	char *out, *expect;

	assert_int_equal(repo_init(dir, &r, &err), 0);
	out = run("git -C '%s' symbolic-ref HEAD", dir);
	assert_string_equal(out, "refs/heads/main\n");
	free(out);
	expect = xasprintf("%s/", dir);
	assert_string_equal(repo_workdir(r), expect);
	free(expect);
	expect = xasprintf("%s/.git/", dir);
	assert_string_equal(repo_gitdir(r), expect);
	free(expect);
	assert_int_equal(repo_lock_held(r), 0);
	repo_close(r);

	/* A folder with something in it is refused, naming the folder. */
	r = NULL;
	assert_int_equal(repo_init(dir, &r, &err), GGW_EINVALID);
	assert_null(r);
	assert_non_null(strstr(err.msg, dir));
	free(dir);

	/* An existing empty folder is fine. */
	dir = xasprintf("%s/empty", fx->dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(repo_init(dir, &r, &err), 0);
	repo_close(r);
	free(dir);
}

static void test_open_refuses_non_ledgers(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *plain = xasprintf("%s/plain", fx->dir);
	char *gitonly = xasprintf("%s/gitonly", fx->dir);
	char *out;

	/* Not a git repository at all (/tmp is not inside one). */
	assert_int_equal(mkdir(plain, 0755), 0);
	assert_int_equal(repo_open(plain, &r, &err), GGW_ENOTFOUND);
	assert_null(r);
	assert_non_null(strstr(err.msg, plain));
	assert_non_null(strstr(err.msg, "ggw init"));

	/* A git repository without units.yaml. */
	out = run("git init -q '%s' && echo x > '%s/README' && git -C '%s' add README && "
		  "git -C '%s' commit -qm readme", gitonly, gitonly, gitonly, gitonly);
	free(out);
	assert_int_equal(repo_open(gitonly, &r, &err), GGW_ENOTFOUND);
	assert_null(r);
	assert_non_null(strstr(err.msg, "units.yaml"));
	assert_non_null(strstr(err.msg, gitonly));

	/* A bare repository is no ledger either. */
	out = run("git clone -q --bare '%s' '%s/hub.git'", gitonly, fx->dir);
	free(out);
	write_file(fx->dir, "hub.git/units.yaml", "units: []\n");
	free(plain);
	plain = xasprintf("%s/hub.git", fx->dir);
	assert_int_equal(repo_open(plain, &r, &err), GGW_ENOTFOUND);
	assert_null(r);
	free(plain);
	free(gitonly);
}

static void test_open_discovers_from_subfolder(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", NULL);
	char *sub = xasprintf("%s/records/2024", dir);
	char *expect;

	free(run("mkdir -p '%s'", sub));
	assert_int_equal(repo_open(sub, &r, &err), 0);
	expect = xasprintf("%s/", dir);
	assert_string_equal(repo_workdir(r), expect);
	free(expect);
	expect = xasprintf("%s/.git/", dir);
	assert_string_equal(repo_gitdir(r), expect);
	free(expect);
	assert_int_equal(repo_lock_held(r), 0);
	repo_close(r);
	free(sub);
	free(dir);
}

/* Needs root to hand the folder to another user; skipped otherwise. */
static void test_open_foreign_owner(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir;

	if (geteuid() != 0)
		skip();
	dir = new_ledger(fx, "foreign", NULL);
	free(run("chown -R 65534 '%s'", dir));
	assert_int_equal(repo_open(dir, &r, &err), GGW_EDENIED);
	assert_null(r);
	assert_non_null(strstr(err.msg, dir));
	assert_non_null(strstr(err.msg, "chown"));
	free(dir);
}

static const char *const chinese_message =
	"新增 活动：暑期安全教育讲座\n"
	"\n"
	"在村委会二楼会议室举行，共 35 人参加。\n"
	"\n"
	"Ggw-Unit: dongcun\n"
	"Ggw-Record: activity/2024/0001\n";

static void test_commit_add_modify_delete(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	const char *add[] = { "records/a.yaml", "records/b.yaml" };
	const char *mod_del[] = { "records/a.yaml", "records/b.yaml" };
	char id[41], *out, *expect;

	free(run("mkdir -p '%s/records'", dir));
	write_file(dir, "records/a.yaml", "title: 一\n");
	write_file(dir, "records/b.yaml", "title: 二\n");
	assert_int_equal(repo_commit_paths(r, add, 2, chinese_message, "东村关工委",
					   "dongcun@ggw", id, &err), 0);
	assert_int_equal(strlen(id), 40);
	out = run("git -C '%s' rev-parse HEAD", dir);
	expect = xasprintf("%s\n", id);
	assert_string_equal(out, expect);
	free(out);
	free(expect);
	out = run("git -C '%s' log -1 --format='%%an%%n%%ae%%n%%B'", dir);
	expect = xasprintf("东村关工委\ndongcun@ggw\n%s\n", chinese_message);
	assert_string_equal(out, expect);
	free(out);
	free(expect);
	out = run("git -C '%s' show --stat --format= HEAD", dir);
	assert_non_null(strstr(out, "records/a.yaml"));
	assert_non_null(strstr(out, "records/b.yaml"));
	assert_non_null(strstr(out, "2 files changed"));
	free(out);

	/* Modify a, delete b; the message gets its final newline added. */
	write_file(dir, "records/a.yaml", "title: 一（改）\n");
	expect = xasprintf("%s/records/b.yaml", dir);
	assert_int_equal(unlink(expect), 0);
	free(expect);
	assert_int_equal(repo_commit_paths(r, mod_del, 2, "修改 a，删除 b", "东村关工委",
					   "dongcun@ggw", NULL, &err), 0);
	out = run("git -C '%s' log -1 --format=%%B", dir);
	assert_string_equal(out, "修改 a，删除 b\n\n");
	free(out);
	out = run("git -C '%s' show --name-status --format= HEAD", dir);
	assert_string_equal(out, "M\trecords/a.yaml\nD\trecords/b.yaml\n");
	free(out);
	out = run("git -C '%s' ls-files", dir);
	assert_string_equal(out, "records/a.yaml\nunits.yaml\n");
	free(out);
	out = run("git -C '%s' status --porcelain", dir);
	assert_string_equal(out, "");
	free(out);
	out = run("git -C '%s' branch --list", dir);
	assert_string_equal(out, "* main\n");
	free(out);
	free(run("git -C '%s' fsck --strict 2>&1", dir));

	/* Paths outside the work tree or inside .git are refused. */
	{
		const char *bad[] = { "../x", "/etc/passwd", ".git/config", "a//b", "a/./b", "a/", "" };
		size_t i;

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			assert_int_equal(repo_commit_paths(r, &bad[i], 1, "坏", "甲", "a@ggw", NULL, &err),
					 GGW_EINVALID);
	}

	/* Nothing changed: refused. */
	assert_int_equal(repo_commit_paths(r, mod_del, 2, "空", "东村关工委", "dongcun@ggw",
					   NULL, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "没有需要提交的修改"));
	repo_close(r);
	free(dir);
}

static void test_commit_leaves_other_changes(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	const char *paths[] = { "mine.yaml" };
	char *out;

	write_file(dir, "mine.yaml", "x: 1\n");
	write_file(dir, "other.yaml", "y: 1\n");
	write_file(dir, "units.yaml", "units: [changed]\n");
	assert_int_equal(repo_commit_paths(r, paths, 1, "只提交 mine", "甲", "a@ggw", NULL, &err), 0);
	out = run("git -C '%s' status --porcelain", dir);
	assert_string_equal(out, " M units.yaml\n?? other.yaml\n");
	free(out);
	out = run("git -C '%s' show --name-only --format= HEAD", dir);
	assert_string_equal(out, "mine.yaml\n");
	free(out);
	repo_close(r);
	free(dir);
}

/* A power cut can leave the index (never fsynced by libgit2) empty or torn:
 * the next commit rebuilds it from HEAD and commits only its own path. */
static void test_torn_index_rebuilt(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	const char *paths[] = { "a.yaml" };
	char *out;
	int round;

	write_file(dir, "b.yaml", "b: 1\n");
	free(run("cd '%s' && git add b.yaml && git commit -qm b", dir));
	for (round = 0; round < 2; round++) {
		if (round == 0)
			free(run("cd '%s/.git' && : > index", dir));
		else
			free(run("cd '%s/.git' && head -c 60 index > i && mv i index", dir));
		write_file(dir, "a.yaml", round ? "a: 2\n" : "a: 1\n");
		assert_int_equal(repo_commit_paths(r, paths, 1, "断电之后", "甲", "a@ggw", NULL, &err), 0);
		out = run("git -C '%s' show --name-status --format= HEAD", dir);
		assert_string_equal(out, round ? "M\ta.yaml\n" : "A\ta.yaml\n");
		free(out);
		out = run("git -C '%s' status --porcelain", dir);
		assert_string_equal(out, "");
		free(out);
	}
	free(run("git -C '%s' fsck --strict 2>&1", dir));
	repo_close(r);
	free(dir);
}

static void test_plain_git_commit_is_seen(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	struct file_version *v = NULL;
	size_t n = 0, len = 0;
	char *content = NULL, *out;

	write_file(dir, "notes.yaml", "备注: 由 git 提交\n");
	free(run("cd '%s' && git add notes.yaml && git commit -qm '手工提交'", dir));
	assert_int_equal(repo_read_head(r, "notes.yaml", &content, &len, &err), 0);
	assert_string_equal(content, "备注: 由 git 提交\n");
	assert_int_equal(len, strlen(content));
	free(content);
	assert_int_equal(repo_file_history(r, "notes.yaml", 0, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].summary, "手工提交");
	assert_string_equal(v[0].author, "测试员");
	assert_string_equal(v[0].email, "tester@example.org");
	out = run("git -C '%s' rev-parse HEAD", dir);
	out[40] = '\0';
	assert_string_equal(v[0].commit, out);
	free(out);
	file_versions_free(v, n);

	content = NULL;
	assert_int_equal(repo_read_head(r, "absent.yaml", &content, &len, &err), GGW_ENOTFOUND);
	assert_null(content);
	/* And ggw commits on top of the plain git commit. */
	write_file(dir, "notes.yaml", "备注: 由 ggw 修改\n");
	{
		const char *paths[] = { "notes.yaml" };

		assert_int_equal(repo_commit_paths(r, paths, 1, "ggw 修改", "乙", "b@ggw", NULL, &err), 0);
	}
	out = run("git -C '%s' log --format=%%s", dir);
	assert_string_equal(out, "ggw 修改\n手工提交\n新建台账\n");
	free(out);
	repo_close(r);
	free(dir);
}

static void test_history_versions(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	const char *paths[] = { "r.yaml" };
	const char *other[] = { "other.yaml" };
	struct file_version *v = NULL;
	size_t n = 0;
	char *path = xasprintf("%s/r.yaml", dir);

	/* Commit times are whole seconds; topological order keeps them straight. */
	write_file(dir, "r.yaml", "v: 1\n");
	assert_int_equal(repo_commit_paths(r, paths, 1, "第一版\n\n正文", "甲", "a@ggw", NULL, &err), 0);
	write_file(dir, "other.yaml", "o: 1\n");
	assert_int_equal(repo_commit_paths(r, other, 1, "别的文件", "甲", "a@ggw", NULL, &err), 0);
	write_file(dir, "r.yaml", "v: 2\n");
	assert_int_equal(repo_commit_paths(r, paths, 1, "第二版", "乙", "b@ggw", NULL, &err), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(repo_commit_paths(r, paths, 1, "删除", "丙", "c@ggw", NULL, &err), 0);
	write_file(dir, "r.yaml", "v: 3\n");
	assert_int_equal(repo_commit_paths(r, paths, 1, "恢复", "丁", "d@ggw", NULL, &err), 0);

	assert_int_equal(repo_file_history(r, "r.yaml", 0, &v, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].summary, "恢复");
	assert_string_equal(v[0].content, "v: 3\n");
	assert_int_equal(v[0].content_len, 5);
	assert_string_equal(v[1].summary, "删除");
	assert_null(v[1].content);
	assert_string_equal(v[1].author, "丙");
	assert_string_equal(v[2].summary, "第二版");
	assert_string_equal(v[2].content, "v: 2\n");
	assert_string_equal(v[3].summary, "第一版");
	assert_string_equal(v[3].message, "第一版\n\n正文\n");
	assert_string_equal(v[3].content, "v: 1\n");
	assert_string_equal(v[3].email, "a@ggw");
	assert_true(v[3].time > 1600000000);
	file_versions_free(v, n);

	assert_int_equal(repo_file_history(r, "r.yaml", 2, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[1].summary, "删除");
	file_versions_free(v, n);

	assert_int_equal(repo_file_history(r, "never.yaml", 0, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	file_versions_free(v, n);
	free(path);

	/* A nested path: neighbours in the same folder change too, and the
	 * whole folder goes away and comes back. */
	{
		const char *deep[] = { "records/东村/2024-001.yaml" };
		const char *next[] = { "records/东村/2024-002.yaml" };
		const char *both[] = { "records/东村/2024-001.yaml", "records/东村/2024-002.yaml" };

		free(run("mkdir -p '%s/records/东村'", dir));
		write_file(dir, deep[0], "d: 1\n");
		assert_int_equal(repo_commit_paths(r, deep, 1, "深一", "甲", "a@ggw", NULL, &err), 0);
		write_file(dir, next[0], "n: 1\n");
		assert_int_equal(repo_commit_paths(r, next, 1, "邻居", "甲", "a@ggw", NULL, &err), 0);
		write_file(dir, deep[0], "d: 2\n");
		assert_int_equal(repo_commit_paths(r, deep, 1, "深二", "甲", "a@ggw", NULL, &err), 0);
		free(run("rm -rf '%s/records'", dir));
		assert_int_equal(repo_commit_paths(r, both, 2, "删文件夹", "甲", "a@ggw", NULL, &err), 0);
		free(run("mkdir -p '%s/records/东村'", dir));
		write_file(dir, next[0], "n: 2\n");
		assert_int_equal(repo_commit_paths(r, next, 1, "只回来邻居", "甲", "a@ggw", NULL, &err), 0);
		write_file(dir, deep[0], "d: 3\n");
		assert_int_equal(repo_commit_paths(r, deep, 1, "深三", "甲", "a@ggw", NULL, &err), 0);
		assert_int_equal(repo_file_history(r, deep[0], 0, &v, &n, &err), 0);
		assert_int_equal(n, 4);
		assert_string_equal(v[0].summary, "深三");
		assert_string_equal(v[0].content, "d: 3\n");
		assert_string_equal(v[1].summary, "删文件夹");
		assert_null(v[1].content);
		assert_string_equal(v[2].summary, "深二");
		assert_string_equal(v[2].content, "d: 2\n");
		assert_string_equal(v[3].summary, "深一");
		file_versions_free(v, n);
	}
	repo_close(r);
	free(dir);
}

static void test_history_through_merge(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	struct file_version *v = NULL;
	size_t n = 0;

	/* side changes r.yaml; main changes another file; a merge joins them.
	 * The side commit is listed, the merge (same r.yaml as side) is not. */
	free(run("mkdir -p '%s/recs'", dir));
	write_file(dir, "recs/r.yaml", "v: 1\n");
	free(run("cd '%s' && git add recs && git commit -qm base && git checkout -qb side && "
		 "echo 'v: side' > recs/r.yaml && echo n > recs/n.yaml && git add recs/n.yaml && git commit -qam 侧改 && git checkout -q main && "
		 "echo o > recs/o.yaml && git add recs/o.yaml && git commit -qm 主改 && "
		 "git merge -q --no-ff -m 合并 side", dir));
	assert_int_equal(repo_file_history(r, "recs/r.yaml", 0, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].summary, "侧改");
	assert_string_equal(v[0].content, "v: side\n");
	assert_string_equal(v[1].summary, "base");
	file_versions_free(v, n);

	/* A merge that resolves to something new is listed. */
	free(run("cd '%s' && git checkout -qb side2 HEAD~1 && echo 'v: s2' > recs/r.yaml && "
		 "git commit -qam 侧改2 && git checkout -q main && "
		 "(git merge -q -m 合并2 side2 >/dev/null 2>&1 || true) && "
		 "echo 'v: resolved' > recs/r.yaml && git add recs/r.yaml && git commit -qm 解决冲突", dir));
	assert_int_equal(repo_file_history(r, "recs/r.yaml", 0, &v, &n, &err), 0);
	assert_true(n >= 3);
	assert_string_equal(v[0].summary, "解决冲突");
	assert_string_equal(v[0].content, "v: resolved\n");
	file_versions_free(v, n);
	repo_close(r);
	free(dir);
}

/* In a forked child: open the ledger anew (its own lock file description)
 * and try to lock it. 0 if the result is the expected code. */
static int child_try_lock(const char *dir, int expect)
{
	struct repo *c = NULL;
	struct ggw_error cerr = { 0 };
	int rc;

	if (repo_open(dir, &c, &cerr) != 0)
		return 10;
	rc = repo_lock(c, 200, NULL, NULL, &cerr);
	if (rc != expect)
		rc = 11;
	else if (rc == GGW_ELOCKED && !strstr(cerr.msg, "另一个 ggw 正在使用这个台账"))
		rc = 12;
	else
		rc = 0;
	repo_close(c);
	return rc;
}

/* Fork a child running child_try_lock; returns its exit status. What the
 * child inherited is freed there too, so valgrind sees no leak in it. */
static int fork_try_lock(struct repo *r, char *dir, int expect)
{
	int status, rc;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		rc = child_try_lock(dir, expect);
		repo_close(r);
		free(dir);
		_exit(rc);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_lock_excludes_second_process(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	char *out;

	assert_int_equal(repo_lock(r, 0, NULL, NULL, &err), 0);
	assert_true(repo_lock_held(r));
	assert_int_equal(repo_lock(r, 0, NULL, NULL, &err), 0); /* nested: no-op */
	out = run("cat '%s/.git/ggw/lock'", dir);
	assert_int_equal(atol(out), (long)getpid());
	free(out);

	assert_int_equal(fork_try_lock(r, dir, GGW_ELOCKED), 0);
	repo_unlock(r);
	assert_int_equal(repo_lock_held(r), 0);
	assert_int_equal(fork_try_lock(r, dir, 0), 0);
	repo_close(r);
	free(dir);
}

struct notices {
	char text[4096];
	int count;
};

static void collect_notice(const char *msg, void *data)
{
	struct notices *ns = data;

	strncat(ns->text, msg, sizeof(ns->text) - strlen(ns->text) - 2);
	strcat(ns->text, "\n");
	ns->count++;
}

static void test_stale_locks_removed(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	const char *paths[] = { "a.yaml" };
	struct notices ns = { "", 0 };

	write_file(dir, ".git/index.lock", "");
	write_file(dir, ".git/refs/heads/main.lock", "");
	free(run("mkdir -p '%s/.git/objects/ab'", dir));
	write_file(dir, ".git/objects/ab/tmp_obj_Xy12ab", "");
	write_file(dir, "a.yaml", "a: 1\n");

	/* Without ggw's lock, a commit meets git's lock file. */
	assert_true(repo_commit_paths(r, paths, 1, "被锁住", "甲", "a@ggw", NULL, &err) < 0);
	assert_true(exists(dir, ".git/index.lock"));

	assert_int_equal(repo_lock(r, 0, collect_notice, &ns, &err), 0);
	assert_int_equal(ns.count, 3);
	assert_non_null(strstr(ns.text, "已清除上次异常退出留下的锁文件"));
	assert_non_null(strstr(ns.text, "index.lock"));
	assert_non_null(strstr(ns.text, "main.lock"));
	assert_non_null(strstr(ns.text, "tmp_obj_Xy12ab"));
	assert_false(exists(dir, ".git/index.lock"));
	assert_false(exists(dir, ".git/refs/heads/main.lock"));
	assert_false(exists(dir, ".git/objects/ab/tmp_obj_Xy12ab"));
	assert_true(exists(dir, ".git/ggw/lock"));
	assert_int_equal(repo_commit_paths(r, paths, 1, "解锁后提交", "甲", "a@ggw", NULL, &err), 0);
	free(run("git -C '%s' fsck --strict 2>&1", dir));
	repo_unlock(r);

	/* Nothing stale: no notice. */
	memset(&ns, 0, sizeof(ns));
	assert_int_equal(repo_lock(r, 0, collect_notice, &ns, &err), 0);
	assert_int_equal(ns.count, 0);
	repo_close(r);
	free(dir);
}

static void test_config_round_trip(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *dir = new_ledger(fx, "ledger", &r);
	char *value = NULL, *out;

	assert_int_equal(repo_config_get(r, "ggw.unit", &value, &err), 0);
	assert_null(value);
	assert_int_equal(repo_config_set(r, "ggw.unit", "东村 关工委", &err), 0);
	assert_int_equal(repo_config_get(r, "ggw.unit", &value, &err), 0);
	assert_string_equal(value, "东村 关工委");
	free(value);
	out = run("git -C '%s' config --local ggw.unit", dir);
	assert_string_equal(out, "东村 关工委\n");
	free(out);

	/* Changed by git behind our back. */
	free(run("git -C '%s' config ggw.unit 西村", dir));
	assert_int_equal(repo_config_get(r, "ggw.unit", &value, &err), 0);
	assert_string_equal(value, "西村");
	free(value);

	/* Global levels are read: user.name from $HOME/.gitconfig. */
	assert_int_equal(repo_config_get(r, "user.name", &value, &err), 0);
	assert_string_equal(value, "测试员");
	free(value);

	assert_int_equal(repo_config_unset(r, "ggw.unit", &err), 0);
	assert_int_equal(repo_config_get(r, "ggw.unit", &value, &err), 0);
	assert_null(value);
	assert_int_equal(repo_config_unset(r, "ggw.unit", &err), 0); /* already unset */
	assert_int_equal(repo_config_set(r, "bad name", "x", &err), GGW_EINVALID);
	repo_close(r);
	free(dir);
}

static void test_clone_local(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0 };
	struct repo *r = NULL;
	char *src = new_ledger(fx, "origin", NULL);
	char *dst = xasprintf("%s/copy", fx->dir);
	char *dst2 = xasprintf("%s/copy2", fx->dir);
	char *master = xasprintf("%s/master-only", fx->dir);
	char *content = NULL, *out;
	size_t len;

	assert_int_equal(repo_clone(src, dst, &r, &err), 0);
	assert_true(exists(dst, "units.yaml"));
	assert_int_equal(repo_read_head(r, "units.yaml", &content, &len, &err), 0);
	assert_string_equal(content, "units: []\n");
	free(content);
	repo_close(r);
	out = run("git -C '%s' symbolic-ref HEAD", dst);
	assert_string_equal(out, "refs/heads/main\n");
	free(out);
	assert_int_equal(repo_open(dst, &r, &err), 0);
	repo_close(r);

	/* Into a folder that is not empty: refused. */
	r = NULL;
	assert_true(repo_clone(src, dst, &r, &err) < 0);
	assert_null(r);

	/* A remote without main: its HEAD is taken. */
	free(run("git init -q -b trunk '%s' && cd '%s' && echo 'units: []' > units.yaml && "
		 "git add . && git commit -qm t", master, master));
	assert_int_equal(repo_clone(master, dst2, &r, &err), 0);
	repo_close(r);
	out = run("git -C '%s' symbolic-ref HEAD", dst2);
	assert_string_equal(out, "refs/heads/trunk\n");
	free(out);

	/* No such source. */
	free(dst2);
	dst2 = xasprintf("%s/copy3", fx->dir);
	free(master);
	master = xasprintf("%s/does-not-exist", fx->dir);
	assert_true(repo_clone(master, dst2, &r, &err) < 0);
	assert_false(exists(fx->dir, "copy3"));
	free(src);
	free(dst);
	free(dst2);
	free(master);
}

static void test_hash_blob_matches_git(void **state)
{
	struct fixture *fx = *state;
	const char *text = "标题: 测试\n";
	char hex[41], *out;

	write_file(fx->dir, "blob", text);
	assert_int_equal(repo_hash_blob(text, strlen(text), hex), 0);
	out = run("git hash-object '%s/blob'", fx->dir);
	out[40] = '\0';
	assert_string_equal(hex, out);
	free(out);
}

static void test_git_fail_without_error(void **state)
{
	struct ggw_error err = { 0 };

	git_error_clear();
	assert_int_equal(repo_git_fail(&err, GGW_EIO, "读"), GGW_EIO);
	assert_int_equal(err.code, GGW_EIO);
	assert_string_equal(err.msg, "读：未知错误");
	assert_int_equal(repo_git_fail(NULL, GGW_EIO, "读"), GGW_EIO);
}

/* A full disk is named as one, whatever the call site's own code. */
static void test_git_fail_disk_full(void **state)
{
	struct ggw_error err = { 0 };
	char msg[200];

	git_error_set_str(GIT_ERROR_OS, "failed to write 'x': No space left on device");
	assert_int_equal(repo_git_fail(&err, GGW_EDAMAGED, "写"), GGW_EIO);
	assert_non_null(strstr(err.msg, "写：磁盘已满"));
	snprintf(msg, sizeof(msg), "cannot extend packfile: %s", strerror(ENOSPC));
	git_error_set_str(GIT_ERROR_OS, msg);
	assert_int_equal(repo_git_fail(&err, GGW_EIO, "写"), GGW_EIO);
	assert_non_null(strstr(err.msg, "磁盘已满"));
	git_error_set_str(GIT_ERROR_OS, "failed to write 'x': Permission denied");
	assert_int_equal(repo_git_fail(&err, GGW_EIO, "写"), GGW_EIO);
	assert_null(strstr(err.msg, "磁盘已满"));
	git_error_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_makes_main, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses_non_ledgers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_discovers_from_subfolder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_foreign_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_add_modify_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_leaves_other_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_index_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_git_commit_is_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_through_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_excludes_second_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_locks_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clone_local, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_blob_matches_git, setup, teardown),
		cmocka_unit_test(test_git_fail_without_error),
		cmocka_unit_test(test_git_fail_disk_full),
	};
	struct ggw_error err = { 0 };
	char tmpl[] = "/tmp/ggw-test-home-XXXXXX";
	char *cmd;
	int rc;

	/* A private HOME with an identity for the git command; libgit2 reads
	 * HOME at init, so this comes first. No system config either. */
	if (!mkdtemp(tmpl) || !realpath(tmpl, home))
		return 1;
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("LC_ALL", "C", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("GIT_COMMITTER_NAME");
	unsetenv("GIT_COMMITTER_EMAIL");
	cmd = xasprintf("printf '[user]\\n\\tname = 测试员\\n\\temail = tester@example.org\\n"
			"[init]\\n\\tdefaultBranch = main\\n' > '%s/.gitconfig'", home);
	rc = system(cmd);
	free(cmd);
	if (rc != 0)
		return 1;
	if (repo_global_init(&err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	repo_global_shutdown();
	cmd = xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
