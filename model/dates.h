/* Dates as people type them, and dates that are probably typos. The
 * spec's stored form is YYYY-MM-DD; typed text (forms, --set) may also be
 * 2025-7-15, 2025.7.15, 2025/7/15, 2025年7月15日 or 20250715. Files read
 * from disk keep the strict rule (record.c date_parse). libc only. */
#ifndef GGW_DATES_H
#define GGW_DATES_H

#include <stddef.h>

#include "err.h"
#include "node.h"
#include "rectype.h"

#define DATE_BAD_SHAPE (-1) /* not a date in any accepted spelling */
#define DATE_NOT_REAL  (-2) /* shaped like a date, but no such day */

/* Typed text (spaces around allowed) -> yyyymmdd, or DATE_BAD_SHAPE /
 * DATE_NOT_REAL. */
int date_parse_typed(const char *s);
/* yyyymmdd -> "YYYY-MM-DD" (buf >= 11). */
void date_format(int ymd, char *buf, size_t len);
/* Days from 1970-01-01 to a real yyyymmdd. */
long date_days(int ymd);

/* The examples shown when a typed date is not understood (translated). */
const char *date_examples(void);

/* A date that is probably a typo: more than DATE_FUTURE_DAYS after today
 * or before DATE_EARLIEST. */
#define DATE_FUTURE_DAYS 30
#define DATE_EARLIEST 20000101
enum date_doubt { DATE_PLAUSIBLE, DATE_TOO_EARLY, DATE_TOO_LATE };
enum date_doubt date_doubt(int ymd, int today);

/* The first date field of rec (top level; type t) that is doubtful and
 * differs from the same field of before (NULL: a new record, every date
 * counts). Returns 1 with a Chinese sentence naming the field and the
 * date in msg, else 0. */
int record_date_doubt(enum record_type t, const struct node *rec, const struct node *before,
		      int today, char *msg, size_t len);

#endif
