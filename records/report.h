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
 * - lecture (大型宣讲活动) = form "lecture" (and, when rules.yaml sets
 *   large_lecture.min_audience, at least that many youth and adults);
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

struct report_unit {
	const char *key;   /* unit key; NULL for the row of activities whose
			      unit is not in units.yaml */
	const char *name;  /* unit name (the key if units.yaml gives none) */
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
/* A lecture by these rules (large_lecture.min_audience). */
int report_is_lecture_by(const struct rules *ru, const struct entry *e);
/* The rules a report was counted by (the defaults if none was set). */
const struct rules *report_rules(const struct report *r);

/* Unit key of an entry: e->unit, or taken from its path when a record
 * failing check has none. buf >= 40. NULL if unknown. */
const char *report_entry_unit(const struct entry *e, char *buf, size_t len);
/* Year an entry belongs to: its date's year, else the <YYYY> of its
 * activities/ path, else 0 (volunteers). */
int report_entry_year(const struct entry *e);

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
