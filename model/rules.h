/* The district's rules (rules.yaml, schema ggw/rules/1): the minimums, the
 * 大型宣讲 rule, the scoring sheet and the report form. libc only: the
 * YAML text is parsed by storage/yamlio.c, the tree is read here, and
 * every error names the line and the field, like record validation.
 * Without a rules.yaml every figure comes from rules_default(), which
 * holds the numbers ggw used before rules.yaml existed. */
#ifndef GGW_RULES_H
#define GGW_RULES_H

#include <stddef.h>

#include "err.h"
#include "node.h"
#include "sbuf.h"

#define RULES_SCHEMA "ggw/rules/1"
#define RULES_MAX_ITEMS 64
#define RULES_MAX_PARTS 8
#define RULES_MAX_COLUMNS 48
#define RULES_MAX_POINTS 10000  /* tenths: 1000 points */

/* What ggw can count for a unit and a year: the named checks of a scoring
 * sheet and the columns of a report form. */
enum rules_measure {
	/* from activities and volunteers, counted today */
	RM_ACTIVITIES, RM_YOUTH, RM_ADULTS, RM_LECTURES, RM_SESSIONS,
	RM_MONTHS_ACTIVE, RM_FIVE_HAVE_COMPLETE, RM_PUBLICITY, RM_PUBLICITY_COUNTY,
	RM_VOLUNTEERS, RM_VOLUNTEERS_ACTIVE, RM_VOLUNTEERS_ENGAGED,
	RM_CONFLICTS, RM_INVALID,
	/* from the record types that are coming (documents, members, sites,
	 * funds, awards, teams, cases): 0 until those records exist */
	RM_PLAN, RM_HALFYEAR, RM_SUMMARY, RM_REPORT_SENT, RM_BRIEFINGS,
	RM_RULES_DOCS, RM_RESEARCH, RM_INFORMATION, RM_DIRECTOR, RM_EXECUTIVE,
	RM_LIAISON, RM_OFFICE_SIGN, RM_STATIONS, RM_STATION_ACTIVITIES,
	RM_BUDGET_YUAN, RM_AWARDS_CITY, RM_TEAMS, RM_CASES_PAIRED,
	/* activities of the year without a photo or sign-in sheet (evidence):
	 * on no built-in sheet, so it loses points only where rules.yaml
	 * checks it */
	RM_NO_EVIDENCE,
	RM__COUNT
};

/* Where a check's default requirement comes from. */
enum rules_need {
	NEED_ONE,          /* at least one */
	NEED_SESSIONS,     /* minimums.sessions */
	NEED_BRIEFINGS,    /* minimums.briefings */
	NEED_STATION,      /* minimums.station_activities */
	NEED_BUDGET,       /* minimums.budget_yuan */
	NEED_MONTHS_DUE,   /* every month of the year so far */
	NEED_ACTIVITIES,   /* every activity of the year */
	NEED_ACTIVE_VOLS,  /* every active volunteer */
	NEED_NONE_BAD      /* a count of problems: none allowed */
};

struct rules_measure_info {
	const char *key;    /* in rules.yaml: check: and count: */
	const char *label;  /* N_ marked */
	enum rules_need need;
	int from_new_records; /* 1: reads 0 until its record type exists */
	const char *hint;   /* N_ marked: which record to add or fix */
};

extern const struct rules_measure_info rules_measures[RM__COUNT];

/* Index of a measure key, -1 if unknown. */
int rules_measure_index(const char *key);

/* One check of an item: the points it takes off when the ledger falls
 * short. Points are in tenths (0.5 points = 5). */
struct rules_part {
	int measure;     /* enum rules_measure */
	long need;       /* -1: the measure's default (enum rules_need) */
	int deduct;      /* per missing one; -1: the whole item at once */
	int max_deduct;  /* cap of this part's deduction; -1: none */
};

struct rules_item {
	const char *id;     /* [a-z0-9_-]{1,32}, unique in the sheet */
	const char *title;  /* as the district writes it */
	int points;         /* tenths */
	int bonus;          /* 1: added when met, not part of the total */
	size_t n_parts;
	struct rules_part parts[RULES_MAX_PARTS];
};

struct rules_column {
	const char *title;
	int measure;
};

struct rules {
	const char *name;    /* the sheet's name */
	const char *source;  /* where the district published it; may be "" */
	long min_sessions, min_briefings, min_station_activities, min_budget_yuan;
	long large_min_audience; /* an activity without `large`: a lecture with
				    this many youth + adults counts (0: every
				    lecture); `large: true/false` decides first */
	const struct rules_item *items;
	size_t n_items;
	const struct rules_column *columns;
	size_t n_columns;
	void *owned;         /* strings and arrays of parsed rules */
	int large_flag_only; /* large_lecture.flag_only: only `large: true`
				counts (else an unmarked lecture reaching
				large_min_audience does too) */
};

/* The built-in rules (a static object: never freed). */
const struct rules *rules_default(void);

/* Read a parsed rules.yaml tree. name ("rules.yaml") starts every message:
 * "rules.yaml:12:5: minimums.sessions: …". *out is malloc'd; free it with
 * rules_free. GGW_EINVALID or GGW_ENOMEM. */
int rules_from_node(const struct node *root, const char *name, struct rules **out,
		    struct ggw_error *err);
void rules_free(struct rules *r);

/* rules.yaml text for r, with comments explaining every key; parsing it
 * back gives the same rules. Check out->failed. */
void rules_to_yaml(const struct rules *r, struct sbuf *out);

/* The requirement of a part for a unit: need as written, else from the
 * minimums or what the unit's year holds (months_due, activities, active
 * volunteers). */
long rules_part_need(const struct rules *r, const struct rules_part *p, long months_due,
		     long activities, long active_volunteers);

/* Points in tenths as people write them: "10", "0.5". buf >= 16. */
const char *rules_points_str(int tenths, char *buf, size_t len);

#endif
