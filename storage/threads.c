/* See threads.h. */
#include "threads.h"

#include <sched.h>
#include <signal.h>

int usable_cores(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	n = CPU_COUNT(&set);
	return n < 1 ? 1 : n;
}

/* Every signal but the synchronous ones, which stay open: a fault is
 * reported in the thread that made it (and qemu-user, which runs the arm64
 * tests, hangs in pthread_create while SIGSEGV is blocked). */
static void async_signals(sigset_t *set)
{
	sigfillset(set);
	sigdelset(set, SIGSEGV);
	sigdelset(set, SIGBUS);
	sigdelset(set, SIGFPE);
	sigdelset(set, SIGILL);
	sigdelset(set, SIGTRAP);
	sigdelset(set, SIGSYS);
}

int quiet_thread_start(pthread_t *tid, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	sigset_t async, old;
	int rc;

	async_signals(&async);
	pthread_sigmask(SIG_SETMASK, &async, &old);
	rc = pthread_create(tid, attr, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int with_async_signals_blocked(int (*fn)(void *), void *arg)
{
	sigset_t async, old;
	int rc;

	async_signals(&async);
	pthread_sigmask(SIG_BLOCK, &async, &old);
	rc = fn(arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
