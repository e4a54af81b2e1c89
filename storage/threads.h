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

/* pthread_create's result. */
int quiet_thread_start(pthread_t *tid, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);

#endif
