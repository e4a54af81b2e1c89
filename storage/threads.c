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

int quiet_thread_start(pthread_t *tid, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	sigset_t async, old;
	int rc;

	/* The synchronous signals stay open: a fault is reported in the thread
	 * that made it (and qemu-user, which runs the arm64 tests, hangs in
	 * pthread_create while SIGSEGV is blocked). */
	sigfillset(&async);
	sigdelset(&async, SIGSEGV);
	sigdelset(&async, SIGBUS);
	sigdelset(&async, SIGFPE);
	sigdelset(&async, SIGILL);
	sigdelset(&async, SIGTRAP);
	sigdelset(&async, SIGSYS);
	pthread_sigmask(SIG_SETMASK, &async, &old);
	rc = pthread_create(tid, attr, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
