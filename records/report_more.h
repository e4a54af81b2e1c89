/* The report's figures of the record types of records-more.md (report.h,
 * struct report_more): counted by report_compute after the activities and
 * volunteers, from the entries' facts (facts.h). Internal to report.c. */
#ifndef GGW_REPORT_MORE_H
#define GGW_REPORT_MORE_H

#include <stddef.h>

#include "../model/err.h"
#include "ledger.h"
#include "report.h"

/* out->units[0..n_known) are the listed units; out->vols is filled. */
int report_more_compute(const struct ledger *l, struct report *out, size_t n_known,
			struct ggw_error *err);
void report_more_free(struct report *r);

#endif
