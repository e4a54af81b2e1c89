/* The audit's findings about the record types of records-more.md
 * (audit.h, AUDIT_NO_PLAN ..): found from report_compute's figures and
 * printed here. Internal to audit.c. */
#ifndef GGW_AUDIT_MORE_H
#define GGW_AUDIT_MORE_H

#include <stddef.h>
#include <stdio.h>

#include "audit.h"

/* The findings of every known unit into *out (malloc'd, *n of them); -1
 * when out of memory. */
int audit_more_findings(const struct ledger *l, const struct report *r,
			struct audit_finding **out, size_t *n);

/* Is k one of these kinds; is its heading followed by the detail on the
 * same line? */
int audit_more_kind(enum audit_kind k);
int audit_more_inline(enum audit_kind k);
/* The heading of a kind (translated). */
const char *audit_more_heading(enum audit_kind k);
/* "，没有年度计划 2，..." for the kinds found, for the summary line. */
void audit_more_summary(FILE *f, const struct audit *a);
/* One finding's line(s) under its heading. */
void audit_more_print(FILE *f, const struct ledger *l, const struct audit *a,
		      const struct audit_finding *x);

#endif
