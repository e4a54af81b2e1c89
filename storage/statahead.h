/* Stat-ahead: the files a load will look at, stat'ed on a second core
 * while the first walks the folders (git's preload-index in spirit).
 *
 * The caller knows the paths it expects (the cache's) and what stat data
 * it would accept unread; a helper thread stats path i (relative to a
 * folder; a symlink at the end is not followed) and asks the caller's judge whether that
 * stat data is a match. The walking thread then asks statahead_match(i):
 * 1 means "judged a match, no need to stat"; 0 means "stat it yourself"
 * (not reached yet, differed, not a regular file, gone). Any answer is
 * safe: a 0 costs one fstatat. One byte per path; nothing is started for
 * fewer than STATAHEAD_MIN paths or on one core. */
#ifndef GGW_STATAHEAD_H
#define GGW_STATAHEAD_H

#include <stddef.h>
#include <sys/stat.h>

#define STATAHEAD_MIN 128

struct statahead;

/* path(ctx, i): the i-th path, relative to dirfd; judge(ctx, i, st): 1 if
 * st (a regular file's) would be accepted for path i without reading it.
 * Both are called on the helper thread and must only read what does not
 * change until statahead_stop. Returns NULL when nothing was started (too
 * few paths, one core, no memory, no thread): every match is then 0. */
struct statahead *statahead_start(int dirfd, size_t n, const char *(*path)(void *ctx, size_t i),
				  int (*judge)(void *ctx, size_t i, const struct stat *st),
				  void *ctx);
/* 1 if path i was stat'ed by the helper and judged a match; else 0, and the
 * helper will not stat it any more. sa may be NULL. */
int statahead_match(struct statahead *sa, size_t i);
/* Wait until the helper has been through every path (then every answer
 * of statahead_match is settled: for tests). sa may be NULL. */
void statahead_finish(struct statahead *sa);
/* Stop the helper (it leaves the paths it has not reached), wait for it,
 * free everything. sa may be NULL. */
void statahead_stop(struct statahead *sa);

#endif
