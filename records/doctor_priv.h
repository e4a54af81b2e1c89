/* Shared by records/doctor.c and records/doctor_ledger.c only. */
#ifndef GGW_DOCTOR_PRIV_H
#define GGW_DOCTOR_PRIV_H

#include "doctor.h"

/* Append a finding (NULL when out of memory: d->oom is set). */
struct doctor_finding *doctor_add(struct doctor_report *d, const char *check,
				  enum doctor_status status);
void doctor_say(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void doctor_check_disk(struct doctor_report *d, const char *dir);
void doctor_check_clock(struct doctor_report *d, struct repo *r);
void doctor_check_remotes(struct doctor_report *d, struct repo *r, int network);
void doctor_check_key(struct doctor_report *d, struct repo *r);
void doctor_check_locks(struct doctor_report *d, struct repo *r);
void doctor_check_records(struct doctor_report *d, struct repo *r);

#endif
