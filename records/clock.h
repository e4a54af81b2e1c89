/* The PC's clock, which on village PCs is often years off. One source of
 * "now" for ggw's own decisions (GGW_NOW, seconds since the epoch, is for
 * tests only), a check of this PC's clock against its ledger, and a test
 * for commit times that cannot be right. */
#ifndef GGW_CLOCK_H
#define GGW_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "../storage/repo.h"

/* time(NULL), or GGW_NOW if set (tests only). */
int64_t clock_now(void);

/* 1 and one translated line in msg if this PC's clock (now) is before the
 * ledger's last commit or more than a year after it; else 0. */
int clock_check(struct repo *r, int64_t now, char *msg, size_t len);

/* Say clock_check's warning through notice (stderr if NULL). */
void clock_warn(struct repo *r, void (*notice)(const char *msg, void *data), void *data);

/* A commit time that cannot be right: before 2000, or over a day after now. */
int clock_implausible(int64_t t, int64_t now);

#endif
