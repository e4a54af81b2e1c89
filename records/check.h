/* ggw check as a function: every problem of units.yaml and of each record
 * file, for the command line and the interface alike. */
#ifndef GGW_CHECK_H
#define GGW_CHECK_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/repo.h"

/* One line of the report, "path:line:col: reason" (already translated). */
struct check_line {
	char *path; /* the file it is about, repository-relative */
	char *text;
};

struct check_report {
	struct check_line *v; /* in the order found: units.yaml, then records */
	size_t n, cap;
	size_t problems;      /* how many problems (an id found twice is one
				 problem, with a line for each file) */
	size_t files;         /* files looked at: units.yaml and the records */
	char **dirty;         /* uncommitted paths (a warning, no problem) */
	size_t ndirty;
};

/* Validate units.yaml and every record: parse and schema problems, units
 * not in units.yaml, volunteer ids that no volunteer record has, cited
 * sites, cases and activities that do not exist (refs.h), an id in two
 * files. Returns 0 when it could look (problems or not; see
 * out->problems), < 0 when the ledger could not be read at all. Free out
 * with check_report_free, also after an error. */
int ledger_check(struct repo *r, struct check_report *out, struct ggw_error *err);
void check_report_free(struct check_report *c);

#endif
