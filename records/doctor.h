/* ggw doctor: the checks of what breaks a village PC (locale, terminal,
 * fonts, clock, disk, remotes, signing key, stale locks, the records), each
 * a finding with what was seen and how to fix it, in Chinese. The checks
 * only look: they change nothing in the ledger (the record cache aside).
 * The command line prints the list; the interface can show it too. */
#ifndef GGW_DOCTOR_H
#define GGW_DOCTOR_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/repo.h"

enum doctor_status {
	DOCTOR_OK,
	DOCTOR_PROBLEM,
	DOCTOR_UNKNOWN   /* could not tell (no fc-list, not a terminal, ...) */
};

struct doctor_finding {
	const char *check;       /* short Chinese name, translated */
	enum doctor_status status;
	char found[512];         /* what was seen */
	char fix[512];           /* how to fix it; "" when nothing to do */
};

struct doctor_report {
	struct doctor_finding *v;
	size_t n, cap;
	int oom;                 /* a finding could not be added */
};

struct doctor_options {
	int network;       /* contact network remotes (a TCP connect, 3 s) */
	int tty;           /* stdout is a terminal: check its size */
	int cols, rows;    /* its size when tty */
};

/* Every check, in a fixed order. r may be NULL (no ledger found): then only
 * the PC's own checks run, and open_error (may be NULL) says why there is
 * no ledger, as one problem. Returns GGW_ENOMEM only; a failing check is a
 * finding, not an error. */
int doctor_run(struct repo *r, const char *open_error, const struct doctor_options *o,
	       struct doctor_report *out, struct ggw_error *err);
size_t doctor_problems(const struct doctor_report *d);
void doctor_report_free(struct doctor_report *d);

#endif
