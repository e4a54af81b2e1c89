/* The statistics of one year (年度报表), computed from a loaded ledger.
 * This is the only place where activities, 人次, sessions, publicity and
 * 五有 are counted: `ggw report`, `ggw audit` and the interface's overview
 * screen all read a struct report. No file is parsed here: everything comes
 * from struct entry.
 *
 * Definitions (also in man ggw, "report"):
 * - an activity belongs to the year of its date: field (not of its id);
 * - records failing check (valid == 0) are not counted; their number is
 *   given in n_invalid;
 * - lecture (大型宣讲活动) = an activity marked large: true (any form);
 *   never one marked large: false; without the key, form "lecture" with
 *   at least large_lecture.min_audience youth and adults (rules.yaml;
 *   0, the default: every lecture, as before `large` existed);
 * - study/training/meeting session = form training or meeting, or
 *   category selfbuild; each unit needs minimums.sessions of the ledger's
 *   rules.yaml a year (REPORT_MIN_SESSIONS without one);
 * - a 五老 group "took part" in an activity when the activity's
 *   volunteers: list names a volunteer of that group (each activity counted
 *   once per group);
 * - a volunteer is on the books for the year unless joined: is after 31 Dec
 *   of that year;
 * - months with no activity: months 1..12 (for the current year, 1..the
 *   current month; none for a future year). */
#ifndef GGW_REPORT_H
#define GGW_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "../model/err.h"
#include "../model/fields.h"
#include "../model/rules.h"
#include "ledger.h"

#define REPORT_MIN_SESSIONS 4
#define REPORT_MAX_ENUM 24   /* >= entries of enum_category/form/group */

struct report_counts {
	long activities, youth, adults;
};

/* Figures compared with the previous year. */
struct report_year {
	long activities, youth, adults, lectures, sessions, publicity;
};

/* Figures of the record types of records-more.md, per unit and summed
 * (struct report.more). Only longs: the total is their sum field by field.
 * "In post", "in help": on the report's reference day (ref_day). */
struct report_more {
	long documents[REPORT_MAX_ENUM]; /* of the year (its year:), by kind */
	long information_adopted;        /* information documents with adopted_by */
	long report_sent_on_time;        /* report-sent documents dated by 31 Dec
					    (or undated) */
	long members[REPORT_MAX_ENUM];   /* in post, by enum_member_role */
	long members_total;
	long executive_five_old;         /* executives in post who are 五老
					    (volunteer: names a volunteer record) */
	long volunteers_by_group[REPORT_MAX_ENUM]; /* on the books */
	long volunteers, backbone;       /* on the books; of them backbone: true */
	long teams[REPORT_MAX_ENUM];     /* by enum_team_kind (appointed <= year) */
	long teams_total, team_members;  /* team_members: their volunteers, summed */
	long cases[REPORT_MAX_ENUM];     /* in help some day of the year, by type */
	long cases_total, cases_paired;  /* paired: volunteers: names a 五老 */
	long cases_opened, cases_closed; /* opened / closed in the year */
	long case_contacts;              /* the year's activities citing a case
					    of the unit (per case cited) */
	long guidance, guidance_opened, guidance_closed, guidance_paired, guidance_contacts;
	long money[REPORT_MAX_ENUM];     /* fen (yuan * 100) dated in the year,
					    by enum_fund_kind */
	long aided;                      /* aided_count of the year's funds */
	long sites[REPORT_MAX_ENUM];     /* in use (since <= 31 Dec), by kind */
	long sites_total, sites_signed;
	long station_activities;         /* the year's activities at a station */
	long awards[REPORT_MAX_ENUM];    /* dated in the year, by level */
	long awards_total;
	long patrols;                    /* the year's activities with patrol: */
	long venues_checked, minors_advised, referred;
	long no_evidence;                /* the year's activities with no
					    evidence: entry */
};

struct report_unit {
	const char *key;   /* unit key; NULL for the row of activities whose
			      unit is not in units.yaml */
	const char *name;  /* unit name (the key if units.yaml gives none) */
	const char *kind;  /* units.yaml kind (enum_unit_kind key), may be NULL */
	struct report_counts total;
	long lectures;
	long sessions;                      /* study/training/meeting */
	long publicity[LEVEL_COUNT];
	long publicity_total;
	long five_complete;                 /* activities with all five */
	long five_missing[FIVE_HAVE_COUNT]; /* activities missing item i */
	long months[12];                    /* activities per month */
	long volunteers, volunteers_active; /* volunteer records of the unit */
	long conflicts;                     /* the year's activities and the
					       unit's volunteers with conflicts: */
	long invalid;                       /* records failing check (year's
					       activities and all volunteers) */
	struct report_more more;            /* the new record types */
};

/* A record of a new type behind a figure, for the audit. */
struct report_record {
	size_t entry;    /* index in ledger->v */
	int unit;        /* index in report->units */
	long count;      /* site: the year's activities there; case: contacts
			    in the year; team: members; member: 1 if a 五老 */
	int last;        /* case: the last activity citing it up to ref_day
			    (yyyymmdd, 0 none) */
};

/* A post (director, executive, liaison) empty for more than three months
 * some time in the year: from the day after one holder left to the day
 * before the next came (to 0: still empty on ref_day). */
struct report_vacancy {
	int unit, role;  /* role: enum_member_role index */
	int from, to;    /* yyyymmdd */
};

struct report_group {
	long volunteers, active;
	long activities;  /* activities the group took part in */
};

/* One volunteer record on the books for the year and how many of the
 * year's activities (of any unit, whatever the filter) name it. */
struct report_volunteer {
	size_t entry;     /* index in ledger->v */
	int unit;         /* index in report->units */
	long activities;
};

struct report {
	int year;
	const char *street;       /* from units.yaml */
	const char *unit_filter;  /* NULL: all units */
	int today;                /* yyyymmdd the report was made */
	int months_due;           /* months counted for "no activity" (0..12) */
	const struct rules *rules; /* the ledger's rules.yaml (report_rules()) */

	struct report_unit *units; /* units.yaml order (only the filtered one
				      with a filter), then one row for unknown
				      units if any activity had one */
	size_t n_units;

	size_t n_categories, n_forms, n_groups; /* enum_count() of each */
	struct report_counts by_category[REPORT_MAX_ENUM];
	struct report_counts by_form[REPORT_MAX_ENUM];
	struct report_counts by_month[12];
	struct report_group by_group[REPORT_MAX_ENUM];
	struct report_group groups_total;
	long publicity[LEVEL_COUNT];
	long five_complete, five_missing[FIVE_HAVE_COUNT];

	struct report_year cur, prev; /* this year and the year before */
	long conflicts;               /* the year's activities and the listed
					 units' volunteers with conflicts: */
	long n_invalid;               /* records failing check (not counted) */

	struct report_volunteer *vols; /* volunteers of the filtered units */
	size_t n_vols;

	/* The new record types (records-more.md). */
	int keeps_more;               /* the ledger holds a valid record of a
					 new type: the report prints their
					 sections (a ledger of activities and
					 volunteers only gets the sections of
					 before) */
	int ref_day;                  /* yyyymmdd: 31 Dec, or today in the
					 current year (1 Jan of a future one) */
	struct report_more more;      /* summed over the listed units */
	size_t n_document_kinds, n_roles, n_team_kinds, n_case_types;
	size_t n_fund_kinds, n_site_kinds, n_award_levels;
	struct report_record *sites, *cases, *teams, *members; /* of listed units */
	size_t n_sites, n_cases, n_teams, n_members;           /* members: in post */
	struct report_vacancy *vacancies;
	size_t n_vacancies;
};

/* Fill out for year (> 0) from the ledger. unit_filter: a unit key from
 * units.yaml, or NULL for all units (GGW_ENOTFOUND if unknown). today is
 * yyyymmdd (0: the local date now) and decides months_due. out must be
 * freed with report_free, also after an error. */
int report_compute(const struct ledger *l, int year, const char *unit_filter,
		   int today, struct report *out, struct ggw_error *err);
void report_free(struct report *r);

/* date_today() (model/date.h), kept for the callers of this name.
 * GGW_TODAY=YYYY-MM-DD reprints an old report as it was. */
int report_today(void);

/* Is this activity entry a study/training/meeting session, a lecture
 * (by the default rules)? */
int report_is_session(const struct entry *e);
int report_is_lecture(const struct entry *e);
/* A lecture by these rules (the large flag, large_lecture.min_audience). */
int report_is_lecture_by(const struct rules *ru, const struct entry *e);
/* The rules a report was counted by (the defaults if none was set). */
const struct rules *report_rules(const struct report *r);

/* Unit key of an entry: e->unit, or taken from its path when a record
 * failing check has none. buf >= 40. NULL if unknown. */
const char *report_entry_unit(const struct entry *e, char *buf, size_t len);
/* Year an entry belongs to: its date's year, else the <YYYY> of its
 * activities/ path, else 0 (volunteers). */
int report_entry_year(const struct entry *e);

/* Is a member entry in post on day ymd (since <= ymd <= until)? */
int report_member_in_post(const struct entry *e, int ymd);
/* Is a case entry in help on day ymd (opened, not yet closed)? */
int report_case_open_on(const struct entry *e, int ymd);

/* Index of the item most often missing (ties: the first in order), -1 if
 * none is missing. */
int report_most_missing(const long missing[FIVE_HAVE_COUNT]);

/* Month names (N_ marked): "1月".."12月". */
extern const char *const report_month_names[12];

/* Short labels of the 五有 items (N_ marked): 计划 分工 实施 表彰 总结. */
extern const char *const report_five_have_short[FIVE_HAVE_COUNT];

/* The report's tables for a printer of another kind (ggw-papers' PDF):
 * the same tables, in the same order, as every format prints, so that a
 * table added to report_fmt.c's build_tables shows up there too. */
enum report_row_kind { REPORT_ROW_PLAIN, REPORT_ROW_TOTAL, REPORT_ROW_SHORT };
struct report_table_view {
	const char *title, *note;      /* translated; note may be NULL */
	size_t ncols, nrows;
	const char *const *head;       /* ncols, translated */
	const unsigned char *num;      /* ncols: 1 = figures, right-aligned */
	const char *const *cells;      /* nrows * ncols; NULL is "" */
	const unsigned char *kind;     /* nrows: enum report_row_kind */
	int chart;                     /* column drawn as bars, -1 none */
	int chart_rows;                /* rows charted (not the total row) */
};
struct report_sink {
	void *data;
	/* Title, scope line, summary; invalid may be NULL. */
	void (*head)(void *data, const char *title, const char *scope, const char *summary,
		     const char *invalid);
	void (*table)(void *data, const struct report_table_view *t);
};
/* Hand the head and every table to sink, in order. 0 or GGW_ENOMEM. */
int report_walk(const struct report *r, const struct report_sink *sink, struct ggw_error *err);

/* The block a report handed upward ends with (N_ marked): 填报单位（盖章）,
 * 负责人, 填表人, 联系电话, 填报日期. */
#define REPORT_SIGNOFF_COUNT 5
extern const char *const report_signoff_labels[REPORT_SIGNOFF_COUNT];

/* Output formats (report_fmt.c). */
enum report_format { REPORT_TEXT, REPORT_MD, REPORT_CSV, REPORT_HTML };
/* "text" "md" "csv" "html" -> format, -1 if unknown. */
int report_format_from_key(const char *key);

struct report_print_opts {
	enum report_format format;
	int excel;   /* csv: start with a UTF-8 BOM (WPS/Excel) */
};

/* Print the whole report. Returns 0 or GGW_EIO / GGW_ENOMEM. */
int report_print(FILE *f, const struct report *r, const struct report_print_opts *o,
		 struct ggw_error *err);

#endif
