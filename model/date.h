/* Today's date, the one clock reading every layer shares. */
#ifndef GGW_DATE_H
#define GGW_DATE_H

/* Today's local date as yyyymmdd (0 if the clock cannot be read).
 * GGW_TODAY=YYYY-MM-DD overrides it, so tests and demos get a fixed day. */
int date_today(void);

#endif
