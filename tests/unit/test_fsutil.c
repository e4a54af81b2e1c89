/* storage/fsutil.c: atomic writes, durable removal, bounded reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../storage/fsutil.h"
#include "../../storage/threads.h"

static char base[256];

static int setup(void **state)
{
	(void)state;
	snprintf(base, sizeof(base), "/tmp/ggw-test-fsutil-XXXXXX");
	umask(022);
	return mkdtemp(base) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static void p(char *buf, size_t len, const char *rel)
{
	assert_int_equal(path_join(buf, len, base, rel), 0);
}

static char *slurp(const char *path, size_t *len)
{
	struct ggw_error err = {0};
	char *out = NULL;

	assert_int_equal(read_whole_file(path, 1 << 20, &out, len, &err), 0);
	return out;
}

/* Entries in dir whose name holds ".tmp." (left-over temporary files). */
static int count_temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".tmp."))
			n++;
	closedir(d);
	return n;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_atomic_write_creates_folders(void **state)
{
	char path[512], dir[512];
	struct ggw_error err = {0};
	struct stat st;
	size_t len;
	char *got;

	(void)state;
	p(path, sizeof(path), "activities/xinyi/2024/20240710-3fa9c2e1.yaml");
	assert_int_equal(atomic_write(path, "title: 讲座\n", 14, &err), 0);
	got = slurp(path, &len);
	assert_int_equal(len, 14);
	assert_string_equal(got, "title: 讲座\n");
	free(got);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	p(dir, sizeof(dir), "activities/xinyi/2024");
	assert_int_equal(count_temp_files(dir), 0);
	assert_int_equal(entries(dir), 1);
}

static void test_atomic_write_replaces(void **state)
{
	char path[512];
	struct ggw_error err = {0};
	size_t len, i;
	char *big = malloc(100000), *got;

	(void)state;
	assert_non_null(big);
	for (i = 0; i < 100000; i++)
		big[i] = (char)('a' + i % 26);
	p(path, sizeof(path), "r.yaml");
	assert_int_equal(atomic_write(path, big, 100000, &err), 0);
	assert_int_equal(atomic_write(path, "短\n", 4, &err), 0);
	got = slurp(path, &len);
	assert_int_equal(len, 4);
	assert_string_equal(got, "短\n");
	free(got);
	assert_int_equal(atomic_write(path, "", 0, &err), 0);
	got = slurp(path, &len);
	assert_int_equal(len, 0);
	assert_string_equal(got, "");
	free(got);
	assert_int_equal(count_temp_files(base), 0);
	free(big);
}

/* Root ignores permissions: provoke failures with a regular file where a
 * folder should be, /proc, and a folder where the file should go. */
static void test_atomic_write_fails_cleanly(void **state)
{
	char file[512], path[512], dirpath[512];
	struct ggw_error err = {0};

	(void)state;
	p(file, sizeof(file), "plain-file");
	assert_int_equal(atomic_write(file, "x", 1, &err), 0);
	p(path, sizeof(path), "plain-file/sub/r.yaml");
	assert_int_equal(atomic_write(path, "y", 1, &err), GGW_EIO);
	assert_int_equal(err.code, GGW_EIO);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "Not a directory"));

	memset(&err, 0, sizeof(err));
	assert_int_equal(atomic_write("/proc/self/ggw-none/r.yaml", "y", 1, &err), GGW_EIO);
	assert_non_null(strstr(err.msg, "/proc/self/ggw-none/r.yaml"));
	memset(&err, 0, sizeof(err));
	assert_int_equal(atomic_write("/proc/r.yaml", "y", 1, &err), GGW_EIO);
	assert_non_null(strstr(err.msg, "/proc/r.yaml"));

	/* rename fails after the temporary file was written: it is removed. */
	p(dirpath, sizeof(dirpath), "target-is-dir/x.yaml");
	assert_int_equal(atomic_write(dirpath, "z", 1, &err), 0);
	p(dirpath, sizeof(dirpath), "target-is-dir");
	memset(&err, 0, sizeof(err));
	assert_int_equal(atomic_write(dirpath, "z", 1, &err), GGW_EIO);
	assert_non_null(strstr(err.msg, dirpath));
	assert_int_equal(count_temp_files(base), 0);
	assert_int_equal(entries(dirpath), 1);
}

static void test_read_whole_file_limit(void **state)
{
	char path[512], *out = (char *)1;
	struct ggw_error err = {0};
	size_t len = 99;

	(void)state;
	p(path, sizeof(path), "ten.txt");
	assert_int_equal(atomic_write(path, "0123456789", 10, &err), 0);
	assert_int_equal(read_whole_file(path, 10, &out, &len, &err), 0);
	assert_int_equal(len, 10);
	assert_int_equal(out[10], '\0');
	free(out);
	assert_int_equal(read_whole_file(path, 9, &out, &len, &err), GGW_EINVALID);
	assert_null(out);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "10"));
	assert_non_null(strstr(err.msg, "9"));

	memset(&err, 0, sizeof(err));
	p(path, sizeof(path), "missing.txt");
	assert_int_equal(read_whole_file(path, 9, &out, &len, &err), GGW_EIO);
	assert_non_null(strstr(err.msg, path));
	assert_int_equal(read_whole_file(base, 9, &out, &len, &err), GGW_EIO);

	/* Files whose size stat cannot tell are still read to the end, and
	 * still bounded. */
	assert_int_equal(read_whole_file("/proc/self/status", 1 << 20, &out, &len, &err), 0);
	assert_true(len > 0 && strlen(out) == len);
	assert_non_null(strstr(out, "Name:"));
	free(out);
	assert_int_equal(read_whole_file("/proc/self/status", 8, &out, &len, &err), GGW_EINVALID);
	assert_null(out);
}

static void test_remove_durable(void **state)
{
	char a[512], b[512], stop[512], dir[600];
	struct ggw_error err = {0};
	struct stat st;

	(void)state;
	p(stop, sizeof(stop), "repo");
	p(a, sizeof(a), "repo/activities/xinyi/2024/a.yaml");
	p(b, sizeof(b), "repo/activities/other/2024/b.yaml");
	assert_int_equal(atomic_write(a, "a", 1, &err), 0);
	assert_int_equal(atomic_write(b, "b", 1, &err), 0);
	assert_int_equal(remove_durable(a, stop, &err), 0);
	assert_int_not_equal(stat(a, &st), 0);
	p(dir, sizeof(dir), "repo/activities/xinyi");
	assert_int_not_equal(stat(dir, &st), 0); /* empty folders gone */
	p(dir, sizeof(dir), "repo/activities");
	assert_int_equal(stat(dir, &st), 0);     /* still holds other/ */
	assert_int_equal(remove_durable(b, stop, &err), 0);
	assert_int_not_equal(stat(dir, &st), 0);
	assert_int_equal(stat(stop, &st), 0);    /* stop_at itself stays */
	assert_int_equal(remove_durable(b, stop, &err), 0); /* absent: fine */
	/* Without stop_at only the file goes. */
	assert_int_equal(atomic_write(a, "a", 1, &err), 0);
	assert_int_equal(remove_durable(a, NULL, &err), 0);
	p(dir, sizeof(dir), "repo/activities/xinyi/2024");
	assert_int_equal(stat(dir, &st), 0);
	/* stop_at with a trailing slash works the same. */
	assert_int_equal(atomic_write(a, "a", 1, &err), 0);
	snprintf(dir, sizeof(dir), "%s/", stop);
	assert_int_equal(remove_durable(a, dir, &err), 0);
	assert_int_equal(entries(stop), 0);
}

static void test_mkdir_parents_and_join(void **state)
{
	char path[512], buf[8];
	struct ggw_error err = {0};
	struct stat st;

	(void)state;
	p(path, sizeof(path), "x/y/z/file");
	assert_int_equal(mkdir_parents(path, &err), 0);
	assert_int_equal(mkdir_parents(path, &err), 0); /* again: fine */
	p(path, sizeof(path), "x/y/z");
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	p(path, sizeof(path), "x/y/z/file");
	assert_int_not_equal(stat(path, &st), 0); /* only the folders */
	assert_int_equal(mkdir_parents("file-here", &err), 0);

	assert_int_equal(path_join(buf, sizeof(buf), "a", "b"), 0);
	assert_string_equal(buf, "a/b");
	assert_int_equal(path_join(buf, sizeof(buf), "a/", "b"), 0);
	assert_string_equal(buf, "a/b");
	assert_int_equal(path_join(buf, sizeof(buf), "", "b"), 0);
	assert_string_equal(buf, "b");
	assert_int_equal(path_join(buf, sizeof(buf), "abc", "defg"), GGW_EINVALID);
	assert_int_equal(path_join(buf, sizeof(buf), "abc", "def"), 0);
	assert_string_equal(buf, "abc/def");
}

/* The sync begun on its own thread: waited for, it says what syncfs said;
 * a folder that cannot be opened is named in the error, not missed. On one
 * core none is begun. */
static void test_sync_filesystem_begin(void **state)
{
	char path[512];
	struct ggw_error err = {0};
	struct fs_flush *f;

	(void)state;
	p(path, sizeof(path), "a/file");
	assert_int_equal(atomic_write_nosync(path, "x\n", 2, &err), 0);
	f = sync_filesystem_begin(base);
	if (usable_cores() < 2) { /* taskset -c 0: no thread, nothing begun */
		assert_null(f);
		return;
	}
	assert_non_null(f);
	p(path, sizeof(path), "a/later"); /* written while the sync runs */
	assert_int_equal(atomic_write_nosync(path, "y\n", 2, &err), 0);
	assert_int_equal(sync_filesystem_wait(f, &err), 0);
	assert_int_equal(sync_filesystem_wait(NULL, &err), 0); /* none begun */

	p(path, sizeof(path), "no-such-folder");
	assert_non_null(f = sync_filesystem_begin(path));
	assert_int_equal(sync_filesystem_wait(f, &err), GGW_EIO);
	assert_non_null(strstr(err.msg, "no-such-folder"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_atomic_write_creates_folders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_write_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_write_fails_cleanly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_whole_file_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_durable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_parents_and_join, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_filesystem_begin, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
