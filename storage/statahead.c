/* See statahead.h. One state byte per path, changed with atomics:
 * FREE -> HELPER (the helper took it) -> MATCH | OTHER, or FREE -> WALKER
 * (the walking thread got there first and stats it itself). */
#include "statahead.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

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

static void *helper(void *data)
{
	struct statahead *sa = data;
	struct stat st;

	for (size_t i = 0; i < sa->n; i++) {
		unsigned char expect = FREE;
		int verdict;

		if (__atomic_load_n(&sa->stop, __ATOMIC_RELAXED))
			break;
		if (!__atomic_compare_exchange_n(&sa->state[i], &expect, HELPER, 0, __ATOMIC_RELAXED,
						 __ATOMIC_RELAXED))
			continue;
		verdict = fstatat(sa->dirfd, sa->path(sa->ctx, i), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
				  S_ISREG(st.st_mode) && sa->judge(sa->ctx, i, &st)
			  ? MATCH
			  : OTHER;
		__atomic_store_n(&sa->state[i], (unsigned char)verdict, __ATOMIC_RELEASE);
	}
	return NULL;
}

static int cores(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	return CPU_COUNT(&set);
}

struct statahead *statahead_start(int dirfd, size_t n, const char *(*path)(void *ctx, size_t i),
				  int (*judge)(void *ctx, size_t i, const struct stat *st),
				  void *ctx)
{
	struct statahead *sa;
	pthread_attr_t attr;
	int rc;

	if (n < STATAHEAD_MIN || cores() < 2)
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
	pthread_attr_setstacksize(&attr, 64 * 1024);
	rc = pthread_create(&sa->tid, &attr, helper, sa);
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
