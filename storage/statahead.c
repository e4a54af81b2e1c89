/* See statahead.h. One state byte per path, changed with atomics:
 * FREE -> HELPER (the helper took it) -> MATCH | OTHER, or FREE -> WALKER
 * (the walking thread got there first and stats it itself). */
#include "statahead.h"
#include "threads.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { FREE, HELPER, MATCH, OTHER, WALKER };

struct statahead {
	int dirfd;
	size_t n;
	const char *(*path)(void *ctx, size_t i);
	int (*judge)(void *ctx, size_t i, const struct stat *st);
	void *ctx;
	unsigned char *state;
	int stop, joined;
	pthread_t tid;
};

/* The folder of the last path, kept open: paths come folder by folder, and
 * a lookup of the name alone costs a quarter of one of the whole path. */
struct folder {
	char name[512];
	size_t len;
	int fd;
};

static int stat_path(struct statahead *sa, struct folder *fo, const char *path, struct stat *st)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (!slash || len >= sizeof(fo->name))
		return fstatat(sa->dirfd, path, st, AT_SYMLINK_NOFOLLOW);
	if (fo->fd < 0 || len != fo->len || memcmp(fo->name, path, len)) {
		if (fo->fd >= 0)
			close(fo->fd);
		memcpy(fo->name, path, len);
		fo->name[len] = '\0';
		fo->len = len;
		fo->fd = openat(sa->dirfd, fo->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fo->fd < 0)
			return -1;
	}
	return fstatat(fo->fd, slash + 1, st, AT_SYMLINK_NOFOLLOW);
}

static void *helper(void *data)
{
	struct statahead *sa = data;
	struct folder fo = { "", 0, -1 };
	struct stat st;

	/* From the end: the walker starts at the beginning, so the two meet
	 * somewhere in the middle, each having done what its pace allowed,
	 * instead of running in step over the same files. */
	for (size_t i = sa->n; i-- > 0;) {
		unsigned char expect = FREE;
		int verdict;

		if (__atomic_load_n(&sa->stop, __ATOMIC_RELAXED))
			break;
		if (!__atomic_compare_exchange_n(&sa->state[i], &expect, HELPER, 0, __ATOMIC_RELAXED,
						 __ATOMIC_RELAXED))
			continue;
		verdict = stat_path(sa, &fo, sa->path(sa->ctx, i), &st) == 0 && S_ISREG(st.st_mode) &&
				  sa->judge(sa->ctx, i, &st)
			  ? MATCH
			  : OTHER;
		__atomic_store_n(&sa->state[i], (unsigned char)verdict, __ATOMIC_RELEASE);
	}
	if (fo.fd >= 0)
		close(fo.fd);
	return NULL;
}

struct statahead *statahead_start(int dirfd, size_t n, const char *(*path)(void *ctx, size_t i),
				  int (*judge)(void *ctx, size_t i, const struct stat *st),
				  void *ctx)
{
	struct statahead *sa;
	pthread_attr_t attr;
	int rc;

	if (n < STATAHEAD_MIN || usable_cores() < 2)
		return NULL;
	if (!(sa = calloc(1, sizeof(*sa))))
		return NULL;
	if (!(sa->state = calloc(n, 1))) {
		free(sa);
		return NULL;
	}
	sa->dirfd = dirfd;
	sa->n = n;
	sa->path = path;
	sa->judge = judge;
	sa->ctx = ctx;
	/* fstatat and a comparison: a small stack is plenty. */
	if (pthread_attr_init(&attr) != 0) {
		free(sa->state);
		free(sa);
		return NULL;
	}
	pthread_attr_setstacksize(&attr, 128 * 1024); /* arm64 glibc refuses less */
	/* Signals stay the walking thread's (the interface's, a command's). */
	rc = quiet_thread_start(&sa->tid, &attr, helper, sa);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		free(sa->state);
		free(sa);
		return NULL;
	}
	return sa;
}

int statahead_match(struct statahead *sa, size_t i)
{
	unsigned char s, expect = FREE;

	if (!sa || i >= sa->n)
		return 0;
	s = __atomic_load_n(&sa->state[i], __ATOMIC_ACQUIRE);
	if (s == MATCH)
		return 1;
	if (s == FREE)
		__atomic_compare_exchange_n(&sa->state[i], &expect, WALKER, 0, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED);
	return 0;
}

void statahead_finish(struct statahead *sa)
{
	if (sa && !sa->joined) {
		pthread_join(sa->tid, NULL);
		sa->joined = 1;
	}
}

void statahead_stop(struct statahead *sa)
{
	if (!sa)
		return;
	__atomic_store_n(&sa->stop, 1, __ATOMIC_RELAXED);
	statahead_finish(sa);
	free(sa->state);
	free(sa);
}
