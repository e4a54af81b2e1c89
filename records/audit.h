/* What an inspector would find in a year's files (留痕检查), per unit.
 * Counts come from report_compute (report.h); the audit only lists the
 * records behind them. Shared by `ggw audit` and the interface. */
#ifndef GGW_AUDIT_H
#define GGW_AUDIT_H

#include <stddef.h>
#include <stdio.h>

#include "../model/err.h"
#include "checkrule.h"
#include "ledger.h"
#include "report.h"

enum audit_kind {
	AUDIT_FIVE_HAVE,       /* an activity of the year missing 五有 items */
	AUDIT_CONFLICT,        /* a record with conflicts: (the year's
				  activities, the unit's volunteers) */
	AUDIT_EMPTY_MONTH,     /* a month (of months_due) with no activity */
	AUDIT_IDLE_VOLUNTEER,  /* an active volunteer on the books named by no
				  activity of the year */
	AUDIT_FEW_SESSIONS,    /* fewer sessions than rules.yaml asks */
	AUDIT_INVALID,         /* a record ggw check fails (the year's
				  activities, all other records): it does
				  not parse or validate, its unit is not in
				  units.yaml, it names a volunteer no record
				  has, or its id is used twice */
	/* From the record types of records-more.md (audit_more.c), per unit
	 * and year; a kind about a record type is looked for only once the
	 * ledger holds a valid record of that type (a ledger that does not
	 * keep documents yet is not told every unit lacks a plan). */
	AUDIT_NO_PLAN,         /* no document kind plan of the year */
	AUDIT_NO_HALFYEAR,     /* no halfyear review (due from July) */
	AUDIT_NO_SUMMARY,      /* no year-end summary (due in December) */
	AUDIT_FEW_BRIEFINGS,   /* fewer briefing documents than minimums.briefings;
				  count: held */
	AUDIT_REPORT_NOT_SENT, /* no report-sent document dated by 31 Dec (due in
				  December); count: report-sent documents (late) */
	AUDIT_NO_DIRECTOR,     /* no 主任 in post on the report's ref_day */
	AUDIT_NO_EXECUTIVE,    /* no 常务副主任/执行主任 in post */
	AUDIT_EXECUTIVE_NOT_FIVE_OLD, /* an executive in post whose volunteer:
				  names no volunteer record; entry: the member */
	AUDIT_VACANT_POST,     /* director/executive/liaison empty > 3 months in
				  the year; mask: role, date_from/date_to */
	AUDIT_STATION_FEW,     /* a station with fewer activities of the year
				  than minimums.station_activities; entry: the
				  site, count: activities */
	AUDIT_LOW_MONEY,       /* budget funds of the year below
				  minimums.budget_yuan; count: fen */
	AUDIT_CASE_NO_CONTACT, /* a case in help on ref_day with no activity
				  citing it in the three months before; entry:
				  the case, count: last contact yyyymmdd (0) */
	AUDIT_TEAM_EMPTY,      /* a team with no volunteers; entry: the team */
	AUDIT_NO_EVIDENCE,     /* an activity of the year with no evidence
				  (photo, sign-in sheet scan or other file);
				  looked for once some record of the ledger
				  has evidence or the sheet checks
				  no_evidence; entry: the activity */
	AUDIT__COUNT
};

struct audit_finding {
	enum audit_kind kind;
	int unit;        /* index in audit.rep.units; -1: not a known unit */
	long entry;      /* index in ledger->v, -1 for months and sessions */
	unsigned mask;   /* AUDIT_FIVE_HAVE: bit i = item i missing; */
	int month;       /* AUDIT_EMPTY_MONTH: 1..12 */
	long count;      /* AUDIT_FEW_SESSIONS: sessions held */
	/* AUDIT_INVALID: mask = the CHECK_FAULT_* bits (records/checkrule.h) */
	int date_from, date_to; /* AUDIT_VACANT_POST: last day of the holder
				   who left, first day of the next (0: none) */
};

struct audit {
	struct report rep;            /* the year's statistics, all units */
	struct audit_finding *v;      /* by unit (units.yaml order, unknown
					 last), then kind, then date and id */
	size_t n;
	size_t per_kind[AUDIT__COUNT];
	/* records ggw check fails that are not the year's (activities of
	 * other years): with per_kind[AUDIT_INVALID], every record the check
	 * fails */
	size_t invalid_other_years;
	/* the ledger's ids as the check sees them, for audit_print: its
	 * strings are the ledger's, so it lives no longer than that */
	struct check_index index;
};

/* today: yyyymmdd or 0 for now (see report_compute). */
int audit_compute(const struct ledger *l, int year, int today, struct audit *out,
		  struct ggw_error *err);
void audit_free(struct audit *a);

/* How to fix a finding of kind k, for people: which screen of the
 * interface and which key (translated, one sentence, no prefix). Never
 * NULL: "" for a kind without a hint (there should be none). */
const char *audit_kind_hint(enum audit_kind k);
/* The heading `ggw audit` prints over the findings of kind k
 * ("五有不全的活动："), translated. */
const char *audit_kind_heading(enum audit_kind k);

/* Findings of one unit: *first index and count (units with none give 0). */
size_t audit_unit_findings(const struct audit *a, int unit, size_t *first);

/* The audit as text for people, grouped by unit; every unit appears
 * (with "未发现问题" when clean). l: the ledger a was computed from. */
int audit_print(FILE *f, const struct ledger *l, const struct audit *a,
		struct ggw_error *err);

#endif
