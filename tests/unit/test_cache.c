/* The ledger cache (<gitdir>/ggw/cache, records/ledger.c) on the known
 * ledger of records_fixture.h: a second load parses nothing and gives the
 * same entries; a file changed behind the cache is read again, also when
 * its size and modification time were kept; a damaged cache (garbage,
 * truncated, a flipped byte, empty, a folder) is ignored and rebuilt;
 * LEDGER_NO_CACHE neither reads nor writes it; a load that spills its
 * parsed records to a file (GGW_LEDGER_SPILL: after every file here) gives
 * the same entries and the same cache, and leaves no file behind. With
 * enough files that a second core stats them ahead of the walk
 * (storage/statahead.h), every kind of change is still seen. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../model/record.h"
#include "../../storage/statahead.h"
#include "records_fixture.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

#define NFILES 13 /* record files of the fixture */
#define A1_REL "activities/xinyi/2024/" FX_A1 ".yaml"

static char cache_path[PATH_MAX + 32];

/* A fresh fixture whose files are an hour old, so the first cache made
 * from them is out of the racy window. */
static int setup(void **state)
{
	struct timespec old[2];
	char path[PATH_MAX * 2];

	(void)state;
	if (fx_make("cache") < 0)
		return -1;
	clock_gettime(CLOCK_REALTIME, &old[0]);
	old[0].tv_sec -= 3600;
	old[1] = old[0];
	for (size_t i = 0; i < sizeof(fx_files) / sizeof(fx_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fx_dir, fx_files[i].path);
		if (utimensat(AT_FDCWD, path, old, 0) < 0)
			return -1;
	}
	/* ctime cannot be set back: let it fall behind the first load's
	 * stamp (which is 50 ms before that load). */
	usleep(200000);
	snprintf(cache_path, sizeof(cache_path), "%s/.git/ggw/cache", fx_dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fx_remove();
}

static void load_flags(struct repo **r, struct ledger *l, unsigned flags)
{
	struct ggw_error err = { 0, "" };

	assert_int_equal(repo_open(fx_dir, r, &err), 0);
	if (ledger_load_flags(*r, l, flags, &err) < 0)
		fail_msg("ledger_load: %s", err.msg);
}

/* Load, keep nothing but the number of files parsed. */
static size_t parsed_by_load(void)
{
	struct repo *r;
	struct ledger l;
	size_t n;

	load_flags(&r, &l, 0);
	assert_int_equal(l.n, NFILES);
	n = l.n_parsed;
	ledger_free(&l);
	repo_close(r);
	return n;
}

static int cache_exists(void)
{
	struct stat st;

	return stat(cache_path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *str(const char *s)
{
	return s ? s : "(null)";
}

/* Two loads give the same entries, field by field. */
static void entries_equal(const struct ledger *a, const struct ledger *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->n_invalid, b->n_invalid);
	for (size_t i = 0; i < a->n; i++) {
		const struct entry *x = &a->v[i];
		long j = -1;

		for (size_t k = 0; k < b->n; k++)
			if (!strcmp(b->v[k].path, x->path))
				j = (long)k;
		assert_true(j >= 0);
		const struct entry *y = &b->v[j];

		assert_string_equal(str(x->id), str(y->id));
		assert_string_equal(str(x->unit), str(y->unit));
		assert_string_equal(str(x->title), str(y->title));
		assert_string_equal(str(x->search), str(y->search));
		assert_string_equal(str(x->error), str(y->error));
		assert_string_equal(str(x->volunteer_ids), str(y->volunteer_ids));
		assert_string_equal(str(x->speakers), str(y->speakers));
		assert_string_equal(str(x->refs), str(y->refs));
		assert_string_equal(str(x->cols), str(y->cols));
		assert_string_equal(str(x->facts), str(y->facts));
		assert_string_equal(str(x->path), str(y->path));
		assert_string_equal(x->blob, y->blob);
		assert_int_equal(x->type, y->type);
		assert_int_equal(x->valid, y->valid);
		assert_int_equal(x->has_conflicts, y->has_conflicts);
		assert_int_equal(x->five_have, y->five_have);
		assert_int_equal(x->active, y->active);
		assert_int_equal(x->date, y->date);
		assert_int_equal(x->category, y->category);
		assert_int_equal(x->form, y->form);
		assert_int_equal(x->group, y->group);
		assert_int_equal(x->youth_count, y->youth_count);
		assert_int_equal(x->adult_count, y->adult_count);
		assert_int_equal(x->birth_year, y->birth_year);
		assert_memory_equal(x->publicity, y->publicity, sizeof(x->publicity));
	}
}

static void test_second_load_uses_cache(void **state)
{
	struct repo *r1, *r2;
	struct ledger l1, l2;

	(void)state;
	assert_false(cache_exists());
	load_flags(&r1, &l1, 0);
	assert_int_equal(l1.n, NFILES);
	assert_int_equal(l1.n_parsed, NFILES);
	assert_true(cache_exists());
	load_flags(&r2, &l2, 0);
	assert_int_equal(l2.n_parsed, 0);
	entries_equal(&l1, &l2);
	/* Invalid records keep their error through the cache. */
	{
		long i = ledger_find(&l2, "20240101-0000000b");

		assert_true(i >= 0);
		assert_false(l2.v[i].valid);
		assert_non_null(strstr(l2.v[i].error, FX_BAD_PATH ":3:"));
	}
	ledger_free(&l1);
	ledger_free(&l2);
	repo_close(r1);
	repo_close(r2);
	assert_int_equal(parsed_by_load(), 0);
}

static int youth_of_a1(void)
{
	struct repo *r;
	struct ledger l;
	int y;

	load_flags(&r, &l, 0);
	y = l.v[ledger_find(&l, FX_A1)].youth_count;
	ledger_free(&l);
	repo_close(r);
	return y;
}

/* A1 with another two-digit youth count (the same size). */
static void rewrite_a1(int youth)
{
	const char *text = fx_files[1].text, *at;
	char *copy, digits[3];

	assert_string_equal(fx_files[1].path, A1_REL);
	assert_non_null(at = strstr(text, "youth_count: 40\n"));
	assert_non_null(copy = strdup(text));
	snprintf(digits, sizeof(digits), "%02d", youth);
	memcpy(copy + (at - text) + strlen("youth_count: "), digits, 2);
	fx_put(A1_REL, copy);
	free(copy);
}

static void test_changed_file_reread(void **state)
{
	char path[PATH_MAX * 2];
	struct stat before, after;
	struct timespec keep[2];
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/%s", fx_dir, A1_REL);
	assert_int_equal(parsed_by_load(), NFILES);
	assert_int_equal(parsed_by_load(), 0);

	/* Edited: read again, and only that file. */
	rewrite_a1(41);
	{
		struct repo *r;
		struct ledger l;

		load_flags(&r, &l, 0);
		assert_int_equal(l.n_parsed, 1);
		assert_int_equal(l.v[ledger_find(&l, FX_A1)].youth_count, 41);
		ledger_free(&l);
		repo_close(r);
	}

	/* Rewritten with the same size and its old modification time put
	 * back (as a copy tool or an unpacked backup may do). */
	assert_int_equal(stat(path, &before), 0);
	keep[0] = before.st_atim;
	keep[1] = before.st_mtim;
	keep[1].tv_sec -= 3600; /* old: out of the racy window */
	assert_int_equal(utimensat(AT_FDCWD, path, keep, 0), 0);
	usleep(200000);
	assert_int_equal(youth_of_a1(), 41); /* cache now holds the old stamp */
	assert_int_equal(stat(path, &before), 0);
	rewrite_a1(42);
	keep[1] = before.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, path, keep, 0), 0);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(after.st_size, before.st_size);
	assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	assert_int_equal(youth_of_a1(), 42);

	/* The same, written in place (same inode). */
	usleep(200000);
	assert_int_equal(youth_of_a1(), 42);
	assert_int_equal(stat(path, &before), 0);
	{
		static const char *const digits = "43";
		const char *text = fx_files[1].text;
		const char *at = strstr(text, "youth_count: 40\n") + strlen("youth_count: ");

		assert_true((fd = open(path, O_WRONLY)) >= 0);
		assert_int_equal(pwrite(fd, digits, 2, at - text), 2);
		assert_int_equal(close(fd), 0);
	}
	keep[1] = before.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, path, keep, 0), 0);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(after.st_ino, before.st_ino);
	assert_int_equal(youth_of_a1(), 43);

	/* A new file is parsed, the others still come from the cache. */
	fx_put("activities/nanhu/2024/20240909-000000a9.yaml",
	       "schema: ggw/activity/1\nid: 20240909-000000a9\nunit: nanhu\ntitle: 新活动\n"
	       "date: 2024-09-09\ncategory: safety\nform: lecture\nyouth_count: 1\n");
	{
		struct repo *r;
		struct ledger l;

		load_flags(&r, &l, 0);
		assert_int_equal(l.n, NFILES + 1);
		assert_int_equal(l.n_parsed, 1);
		ledger_free(&l);
		repo_close(r);
	}
}

static void put_cache(const void *bytes, size_t n)
{
	assert_int_equal(atomic_write(cache_path, bytes, n, NULL), 0);
}

static char *read_cache(size_t *n)
{
	FILE *f = fopen(cache_path, "rb");
	char *buf;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	assert_non_null(buf = malloc((size_t)len));
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* A damaged cache gives a full, correct load and is written anew. */
static void damaged_then_rebuilt(const struct ledger *want)
{
	struct repo *r;
	struct ledger l;

	load_flags(&r, &l, 0);
	assert_int_equal(l.n_parsed, NFILES);
	entries_equal(want, &l);
	ledger_free(&l);
	repo_close(r);
	assert_int_equal(parsed_by_load(), 0);
}

static void test_corrupt_cache(void **state)
{
	struct repo *r;
	struct ledger want;
	char *good, *bad, garbage[4096];
	size_t n;

	(void)state;
	load_flags(&r, &want, LEDGER_NO_CACHE);
	assert_int_equal(parsed_by_load(), NFILES);
	good = read_cache(&n);
	assert_non_null(bad = malloc(n));

	memset(garbage, 'x', sizeof(garbage));
	put_cache(garbage, sizeof(garbage));
	damaged_then_rebuilt(&want);

	put_cache(good, n / 2); /* cut short */
	damaged_then_rebuilt(&want);

	memcpy(bad, good, n);   /* the final NUL of the strings overwritten */
	bad[n - 1] = 'z';
	put_cache(bad, n);
	damaged_then_rebuilt(&want);

	memcpy(bad, good, n);   /* another magic */
	bad[0] ^= 0x55;
	put_cache(bad, n);
	damaged_then_rebuilt(&want);

	memset(bad, 0, n);      /* zeros of the right size */
	put_cache(bad, n);
	damaged_then_rebuilt(&want);

	memcpy(bad, good, n);   /* a longer file than its header says */
	put_cache(bad, n);
	{
		FILE *f = fopen(cache_path, "ab");

		assert_non_null(f);
		fputs("extra", f);
		fputc('\0', f);
		fclose(f);
	}
	damaged_then_rebuilt(&want);

	put_cache("", 0);       /* empty */
	damaged_then_rebuilt(&want);

	/* A folder where the cache should be: loads still work (the cache
	 * cannot be written, which is not an error). */
	assert_int_equal(unlink(cache_path), 0);
	assert_int_equal(mkdir(cache_path, 0755), 0);
	for (int k = 0; k < 2; k++) {
		struct repo *r2;
		struct ledger l;

		load_flags(&r2, &l, 0);
		entries_equal(&want, &l);
		ledger_free(&l);
		repo_close(r2);
	}
	assert_int_equal(rmdir(cache_path), 0);
	assert_int_equal(parsed_by_load(), NFILES);
	assert_int_equal(parsed_by_load(), 0);

	free(good);
	free(bad);
	ledger_free(&want);
	repo_close(r);
}

static void test_no_cache_flag(void **state)
{
	struct repo *r;
	struct ledger l;

	(void)state;
	load_flags(&r, &l, LEDGER_NO_CACHE);
	assert_int_equal(l.n_parsed, NFILES);
	ledger_free(&l);
	repo_close(r);
	assert_false(cache_exists()); /* not written */
	assert_int_equal(parsed_by_load(), NFILES);
	assert_true(cache_exists());
	load_flags(&r, &l, LEDGER_NO_CACHE);
	assert_int_equal(l.n_parsed, NFILES); /* not read */
	ledger_free(&l);
	repo_close(r);
	assert_int_equal(parsed_by_load(), 0);
}

/* ---- many files: the stat-ahead helper at work ---- */

#define NMANY (STATAHEAD_MIN + 200)

static void many_rel(char *buf, size_t len, int i)
{
	snprintf(buf, len, "activities/nanhu/2023/20230101-%08x.yaml", 0x100 + i);
}

static void many_put(int i, int youth)
{
	char rel[128], text[512];

	many_rel(rel, sizeof(rel), i);
	snprintf(text, sizeof(text),
		 "schema: ggw/activity/1\nid: 20230101-%08x\nunit: nanhu\ntitle: 活动 %d\n"
		 "date: 2023-01-01\ncategory: safety\nform: lecture\nyouth_count: %02d\n",
		 0x100 + i, i, youth);
	fx_put(rel, text);
}

static void many_abs(char *buf, size_t len, int i)
{
	char rel[128];

	many_rel(rel, sizeof(rel), i);
	snprintf(buf, len, "%s/%s", fx_dir, rel);
}

static int youth_of(const struct ledger *l, int i)
{
	char id[32];
	long k;

	snprintf(id, sizeof(id), "20230101-%08x", 0x100 + i);
	k = ledger_find(l, id);
	return k < 0 ? -1 : l->v[k].youth_count;
}

static void test_many_files_changes_seen(void **state)
{
	struct timespec old[2];
	struct stat before;
	char path[PATH_MAX * 2];
	struct repo *r;
	struct ledger l;

	(void)state;
	clock_gettime(CLOCK_REALTIME, &old[0]);
	old[0].tv_sec -= 3600;
	old[1] = old[0];
	for (int i = 0; i < NMANY; i++) {
		many_put(i, 10);
		many_abs(path, sizeof(path), i);
		assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	}
	usleep(200000);
	load_flags(&r, &l, 0);
	assert_int_equal(l.n, NFILES + NMANY);
	ledger_free(&l);
	repo_close(r);
	load_flags(&r, &l, 0);
	assert_int_equal(l.n_parsed, 0);
	ledger_free(&l);
	repo_close(r);

	/* Spread over the walk: rewritten with the same size and time put
	 * back; written in place; removed; a symlink; a folder. */
	for (int i = 7; i < NMANY; i += 50) {
		many_abs(path, sizeof(path), i);
		assert_int_equal(stat(path, &before), 0);
		many_put(i, 11);
		old[1] = before.st_mtim;
		assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	}
	for (int i = 9; i < NMANY; i += 50) {
		int fd;

		many_abs(path, sizeof(path), i);
		assert_int_equal(stat(path, &before), 0);
		assert_true((fd = open(path, O_WRONLY)) >= 0);
		assert_int_equal(pwrite(fd, "12", 2, before.st_size - 3), 2);
		assert_int_equal(close(fd), 0);
		old[1] = before.st_mtim;
		assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
	}
	many_abs(path, sizeof(path), 20);
	assert_int_equal(unlink(path), 0);
	many_abs(path, sizeof(path), 21);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(A1_REL, path), 0);
	many_abs(path, sizeof(path), 22);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);

	/* Round 0 with every file judged by the helper before the walk (a
	 * test hook), then as it comes; the first round rewrites the cache. */
	for (int round = 0; round < 3; round++) {
		if (round == 0)
			setenv("GGW_TEST_STATAHEAD_FIRST", "1", 1);
		load_flags(&r, &l, 0);
		unsetenv("GGW_TEST_STATAHEAD_FIRST");
		for (int i = 0; i < NMANY; i++) {
			int want = i == 20 ? -1 : i % 50 == 7 ? 11 : i % 50 == 9 ? 12 : 10;

			if (i == 21 || i == 22)
				continue;
			if (youth_of(&l, i) != want)
				fail_msg("round %d, file %d: youth %d, wanted %d", round, i, youth_of(&l, i), want);
		}
		/* The symlink and the folder are listed as not regular files. */
		for (int i = 21; i <= 22; i++) {
			char id[32];
			long k;

			snprintf(id, sizeof(id), "20230101-%08x", 0x100 + i);
			assert_true((k = ledger_find(&l, id)) >= 0);
			assert_false(l.v[k].valid);
			assert_non_null(strstr(l.v[k].error, "不是普通文件"));
		}
		assert_int_equal(l.n, NFILES + NMANY - 1);
		ledger_free(&l);
		repo_close(r);
	}
}

/* Names in .git/ggw: only the cache (and its journal) may be there. */
static void no_spill_left(void)
{
	char dir[PATH_MAX + 32];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/.git/ggw", fx_dir);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strcmp(de->d_name, "cache") && strcmp(de->d_name, "cache-journal"))
			fail_msg("left in .git/ggw: %s", de->d_name);
	closedir(d);
}

static void test_spilled_load(void **state)
{
	struct repo *r0, *r1, *r2, *r3;
	struct ledger plain, spilled, again, mixed;

	(void)state;
	load_flags(&r0, &plain, LEDGER_NO_CACHE);
	setenv("GGW_LEDGER_SPILL", "1", 1);
	load_flags(&r1, &spilled, 0); /* no cache yet: every file parsed, spilled */
	assert_int_equal(spilled.n_parsed, NFILES);
	entries_equal(&plain, &spilled);
	assert_true(cache_exists());
	no_spill_left();
	unsetenv("GGW_LEDGER_SPILL");
	load_flags(&r2, &again, 0); /* the cache the spilled load wrote */
	assert_int_equal(again.n_parsed, 0);
	entries_equal(&plain, &again);
	/* One file changed, the rest from the cache: a spill mixes both. */
	rewrite_a1(77);
	setenv("GGW_LEDGER_SPILL", "1", 1);
	load_flags(&r3, &mixed, 0);
	unsetenv("GGW_LEDGER_SPILL");
	assert_int_equal(mixed.n_parsed, 1);
	assert_int_equal(mixed.v[ledger_find(&mixed, FX_A1)].youth_count, 77);
	no_spill_left();
	ledger_free(&plain);
	ledger_free(&spilled);
	ledger_free(&again);
	ledger_free(&mixed);
	repo_close(r0);
	repo_close(r1);
	repo_close(r2);
	repo_close(r3);
	assert_int_equal(youth_of_a1(), 77);
	assert_true(parsed_by_load() <= 1); /* racy files may be read once more */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_second_load_uses_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_file_reread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_cache_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_files_changes_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spilled_load, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
