/* Helper threads: how many cores this process may use, and starting a
 * thread that leaves asynchronous signals (SIGINT, SIGTERM, SIGWINCH,
 * SIGPIPE...) to the thread that starts it, where the interface and the
 * commands handle them. */
#ifndef GGW_THREADS_H
#define GGW_THREADS_H

#include <pthread.h>

/* The processors this process may run on (its affinity: taskset, a
 * cpuset), at least 1. */
int usable_cores(void);

/* fn(arg)'s result, run with the asynchronous signals blocked in this
 * thread, so that the threads a library starts meanwhile (libgit2's
 * packbuilder) leave them to this one, which gets them when fn returns. */
int with_async_signals_blocked(int (*fn)(void *), void *arg);

/* pthread_create's result. */
int quiet_thread_start(pthread_t *tid, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);

#endif
