/* records/doctor: the list of findings the command line prints and the
 * interface can show, against a real repository: the checks in order, a
 * terminal too small, an invalid record, a USB stick that is not plugged
 * in, a network remote left alone, stale git lock files and the lock of a
 * running ggw, and no ledger at all. */
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

#include "../../records/doctor.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char dir[PATH_MAX], nofc[PATH_MAX + 8];
static char *old_path;

static const char units_yaml[] =
	"schema: ggw/units/1\nstreet: 测试街道关工委\nunits:\n"
	"- key: office\n  name: 测试街道关工委办公室\n  kind: street\n"
	"- key: xinyi\n  name: 新义村关工委\n  kind: village\n";
static const char good[] =
	"schema: ggw/activity/1\nid: 20240710-3fa9c2e1\nunit: xinyi\n"
	"title: 暑期防溺水安全知识讲座\ndate: 2024-07-10\ncategory: safety\nform: lecture\n"
	"youth_count: 45\n";
#define GOOD "activities/xinyi/2024/20240710-3fa9c2e1.yaml"
#define BAD "activities/xinyi/2024/20240101-0badf00d.yaml"

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
	snprintf(dir, sizeof(dir), "%s/ggw-doctor-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	/* The font check depends on the machine: no fc-list on this PATH. */
	snprintf(nofc, sizeof(nofc), "%s/nofc", dir);
	old_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", nofc, 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(repo_global_init(NULL), 0);
	assert_int_equal(repo_init(dir, &r, NULL), 0);
	assert_int_equal(repo_config_set(r, "ggw.unit", "xinyi", NULL), 0);
	put("units.yaml", units_yaml);
	commit(r, "units.yaml", "新建台账");
	put(GOOD, good);
	commit(r, GOOD, "新增活动");
	repo_close(r);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	if (old_path)
		setenv("PATH", old_path, 1);
	free(old_path);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -1;
	repo_global_shutdown();
	return 0;
}

static const struct doctor_finding *find(const struct doctor_report *d, const char *check,
					 const char *found_part)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].check, check) && (!found_part || strstr(d->v[i].found, found_part)))
			return &d->v[i];
	return NULL;
}

static void run(struct repo *r, int cols, int rows, struct doctor_report *d)
{
	struct doctor_options o = { 0, 1, cols, rows };
	struct ggw_error err = { 0, "" };

	if (doctor_run(r, NULL, &o, d, &err) < 0)
		fail_msg("doctor_run: %s", err.msg);
}

static void test_healthy_in_order(void **state)
{
	static const char *const order[] = {
		"语言环境", "终端大小", "中文字体", "磁盘空间", "电脑时钟",
		"同步对象", "密钥登记", "锁文件", "记录检查",
	};
	struct doctor_report d;
	struct repo *r = NULL;

	(void)state;
	assert_int_equal(repo_open(dir, &r, NULL), 0);
	run(r, 80, 24, &d);
	assert_int_equal(d.n, sizeof(order) / sizeof(order[0]));
	for (size_t i = 0; i < d.n; i++) {
		assert_string_equal(d.v[i].check, order[i]);
		if (d.v[i].status == DOCTOR_OK || d.v[i].status == DOCTOR_UNKNOWN)
			assert_string_equal(d.v[i].fix, "");
		else
			fail_msg("%s: %s", d.v[i].check, d.v[i].found);
	}
	assert_int_equal(d.v[2].status, DOCTOR_UNKNOWN); /* no fc-list */
	assert_string_equal(d.v[8].found, "检查了 2 个文件，全部合格");
	assert_int_equal(doctor_problems(&d), 0);
	doctor_report_free(&d);
	repo_close(r);
}

static void test_small_terminal_and_bad_record(void **state)
{
	struct doctor_report d;
	const struct doctor_finding *f;
	struct repo *r = NULL;

	(void)state;
	assert_int_equal(repo_open(dir, &r, NULL), 0);
	put(BAD, "title: [甲, 乙\n");
	run(r, 79, 24, &d);
	assert_non_null(f = find(&d, "终端大小", NULL));
	assert_int_equal(f->status, DOCTOR_PROBLEM);
	assert_string_equal(f->found, "79 列 × 24 行");
	assert_non_null(strstr(f->fix, "80 列 × 24 行"));
	assert_non_null(f = find(&d, "记录检查", NULL));
	assert_int_equal(f->status, DOCTOR_PROBLEM);
	assert_non_null(strstr(f->found, "发现 1 个问题，例如 " BAD ":"));
	assert_non_null(strstr(f->fix, "ggw check"));
	assert_int_equal(doctor_problems(&d), 2);
	doctor_report_free(&d);
	{
		char path[PATH_MAX * 2];

		snprintf(path, sizeof(path), "%s/%s", dir, BAD);
		assert_int_equal(unlink(path), 0);
	}
	repo_close(r);
}

static void test_remotes(void **state)
{
	struct doctor_report d;
	const struct doctor_finding *f;
	struct repo *r = NULL;

	(void)state;
	assert_int_equal(repo_open(dir, &r, NULL), 0);
	assert_int_equal(repo_config_set(r, "remote.stick.url", "/media/ggw-doctor-none/USB/ggw.git", NULL), 0);
	assert_int_equal(repo_config_set(r, "remote.far.url", "ssh://192.0.2.7/srv/ggw.git", NULL), 0);
	run(r, 80, 24, &d);
	assert_non_null(f = find(&d, "同步对象", "stick"));
	assert_int_equal(f->status, DOCTOR_PROBLEM);
	assert_non_null(strstr(f->found, "U盘没有插上"));
	assert_non_null(f = find(&d, "同步对象", "far"));
	assert_int_equal(f->status, DOCTOR_UNKNOWN);
	assert_non_null(strstr(f->found, "--network"));
	assert_int_equal(doctor_problems(&d), 1);
	doctor_report_free(&d);
	assert_int_equal(repo_config_unset(r, "remote.stick.url", NULL), 0);
	assert_int_equal(repo_config_unset(r, "remote.far.url", NULL), 0);
	repo_close(r);
}

static void test_locks(void **state)
{
	struct doctor_report d;
	const struct doctor_finding *f;
	struct repo *r = NULL, *other = NULL;
	struct ggw_error err = { 0, "" };
	char path[PATH_MAX * 2];

	(void)state;
	assert_int_equal(repo_open(dir, &r, NULL), 0);
	snprintf(path, sizeof(path), "%sHEAD.lock", repo_gitdir(r));
	assert_int_equal(atomic_write(path, "", 0, NULL), 0);
	run(r, 80, 24, &d);
	assert_non_null(f = find(&d, "锁文件", NULL));
	assert_int_equal(f->status, DOCTOR_PROBLEM);
	assert_non_null(strstr(f->found, "有 1 个"));
	assert_non_null(strstr(f->fix, path));
	doctor_report_free(&d);
	assert_int_equal(access(path, F_OK), 0); /* doctor removes nothing */

	/* A running ggw (here: another handle's flock) owns its locks. */
	assert_int_equal(repo_open(dir, &other, NULL), 0);
	assert_int_equal(repo_lock(other, 1000, NULL, NULL, &err), 0);
	run(r, 80, 24, &d);
	assert_non_null(f = find(&d, "锁文件", "另一个 ggw"));
	assert_int_equal(f->status, DOCTOR_OK);
	doctor_report_free(&d);
	repo_close(other);
	run(r, 80, 24, &d);
	assert_non_null(f = find(&d, "锁文件", "没有残留"));
	doctor_report_free(&d);
	repo_close(r);
}

static void test_no_ledger(void **state)
{
	struct doctor_options o = { 0, 0, 0, 0 };
	struct doctor_report d;
	const struct doctor_finding *f;
	struct ggw_error err = { 0, "" };

	(void)state;
	assert_int_equal(doctor_run(NULL, "这里不是台账", &o, &d, &err), 0);
	assert_int_equal(d.n, 5);
	assert_non_null(f = find(&d, "台账", NULL));
	assert_int_equal(f->status, DOCTOR_PROBLEM);
	assert_string_equal(f->found, "这里不是台账");
	assert_non_null(f = find(&d, "终端大小", NULL));
	assert_int_equal(f->status, DOCTOR_UNKNOWN);
	assert_non_null(find(&d, "磁盘空间", NULL));
	assert_int_equal(doctor_problems(&d), 1);
	doctor_report_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy_in_order),
		cmocka_unit_test(test_small_terminal_and_bad_record),
		cmocka_unit_test(test_remotes),
		cmocka_unit_test(test_locks),
		cmocka_unit_test(test_no_ledger),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
