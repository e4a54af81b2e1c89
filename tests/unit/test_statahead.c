/* storage/statahead.c: a second thread stats the paths a load expects; a
 * path is a match only when it is a regular file (no symlink followed)
 * that the judge accepts; anything else, and anything the helper has not
 * reached, is the walker's to stat. On real files in a temporary folder.
 * Needs two cores for the helper to start (said and skipped otherwise). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../storage/statahead.h"

#define NFILES 300
#define NPATHS (NFILES + 4)

static char base[256];
static char names[NPATHS][32];
static int dirfd_;

static const char *path_of(void *ctx, size_t i)
{
	(void)ctx;
	return names[i];
}

/* Accepts anything even-numbered of one byte: the odd ones "changed". */
static int judge(void *ctx, size_t i, const struct stat *st)
{
	(void)ctx;
	return i % 2 == 0 && st->st_size <= 1;
}

static int setup(void **state)
{
	(void)state;
	snprintf(base, sizeof(base), "/tmp/ggw-test-statahead-XXXXXX");
	if (!mkdtemp(base) || (dirfd_ = open(base, O_RDONLY | O_DIRECTORY)) < 0)
		return -1;
	for (int i = 0; i < NFILES; i++) {
		int fd;

		snprintf(names[i], sizeof(names[i]), "sub/f%03d.yaml", i);
		if (i == 0 && mkdirat(dirfd_, "sub", 0755) < 0)
			return -1;
		if ((fd = openat(dirfd_, names[i], O_WRONLY | O_CREAT, 0644)) < 0 || write(fd, "x", 1) != 1)
			return -1;
		close(fd);
	}
	/* Even-numbered (the judge would accept them): a symlink to an
	 * accepted file and a FIFO; then a folder and a missing path. */
	snprintf(names[NFILES], sizeof(names[0]), "sub/link.yaml");
	snprintf(names[NFILES + 1], sizeof(names[0]), "sub");
	snprintf(names[NFILES + 2], sizeof(names[0]), "sub/fifo.yaml");
	snprintf(names[NFILES + 3], sizeof(names[0]), "sub/gone.yaml");
	if (symlinkat("f000.yaml", dirfd_, names[NFILES]) < 0 || mkfifoat(dirfd_, names[NFILES + 2], 0644) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	close(dirfd_);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static int two_cores(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) >= 2;
}

/* After the helper went through everything: matches are exactly the
 * accepted regular files. */
static void test_matches_after_finish(void **state)
{
	struct statahead *sa;

	(void)state;
	if (!two_cores())
		skip();
	assert_non_null(sa = statahead_start(dirfd_, NPATHS, path_of, judge, NULL));
	statahead_finish(sa);
	for (size_t i = 0; i < NPATHS; i++) {
		int want = i < NFILES && i % 2 == 0;

		if (statahead_match(sa, i) != want)
			fail_msg("path %zu (%s): match %d, wanted %d", i, names[i], !want, want);
	}
	/* Past the end: nothing. */
	assert_int_equal(statahead_match(sa, NPATHS), 0);
	statahead_stop(sa);
}

/* Asked at once, while the helper runs: never a match that is not one. */
static void test_no_false_match_while_running(void **state)
{
	(void)state;
	if (!two_cores())
		skip();
	for (int round = 0; round < 20; round++) {
		struct statahead *sa = statahead_start(dirfd_, NPATHS, path_of, judge, NULL);

		assert_non_null(sa);
		for (size_t i = 0; i < NPATHS; i++)
			if (statahead_match(sa, i))
				assert_true(i < NFILES && i % 2 == 0);
		statahead_stop(sa);
	}
}

/* A path the walker asked about first stays the walker's. */
static void test_walker_first(void **state)
{
	struct statahead *sa;
	int asked[NPATHS] = { 0 };

	(void)state;
	if (!two_cores())
		skip();
	assert_non_null(sa = statahead_start(dirfd_, NPATHS, path_of, judge, NULL));
	for (size_t i = NPATHS; i-- > 0;) /* from the end: before the helper */
		if (!statahead_match(sa, i))
			asked[i] = 1;
	statahead_finish(sa);
	for (size_t i = 0; i < NPATHS; i++)
		if (asked[i])
			assert_int_equal(statahead_match(sa, i), 0);
	statahead_stop(sa);
}

/* Too few paths, or stopped at once: nothing to wait for, no match. */
static void test_small_and_stopped(void **state)
{
	struct statahead *sa;

	(void)state;
	assert_null(statahead_start(dirfd_, STATAHEAD_MIN - 1, path_of, judge, NULL));
	assert_int_equal(statahead_match(NULL, 0), 0);
	statahead_finish(NULL);
	statahead_stop(NULL);
	if (!two_cores())
		return;
	sa = statahead_start(dirfd_, NPATHS, path_of, judge, NULL);
	assert_non_null(sa);
	statahead_stop(sa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_after_finish),
		cmocka_unit_test(test_no_false_match_while_running),
		cmocka_unit_test(test_walker_first),
		cmocka_unit_test(test_small_and_stopped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
