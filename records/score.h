/* Self-score (自评): the district's scoring sheet (rules.yaml, model/rules.h)
 * applied to a year of the ledger, per unit and for the street. For each
 * item: the points, what the ledger shows, what is missing and which record
 * to add or fix. Counts come from report_compute (report.h); checks on the
 * record types still to come (documents, members, sites, funds, awards)
 * read 0 until those records exist. Shared by `ggw score` and the
 * interface. */
#ifndef GGW_SCORE_H
#define GGW_SCORE_H

#include <stddef.h>
#include <stdio.h>

#include "../model/err.h"
#include "../model/rules.h"
#include "ledger.h"
#include "report.h"

struct score_part {
	int measure;            /* enum rules_measure */
	long have, need;        /* what the ledger shows, what the rule asks */
	long missing;           /* street row: units that fall short */
	int lost;               /* tenths */
};

struct score_item {
	int got;                /* tenths; street row: the sum over units */
	struct score_part parts[RULES_MAX_PARTS];
};

struct score_unit {
	const char *key, *name;
	long measures[RM__COUNT];
	int got, possible;      /* tenths, bonus items not in possible */
	int bonus_got, bonus_possible;
	struct score_item *items; /* rules->n_items */
};

struct score {
	struct report rep;
	const struct rules *rules;
	struct score_unit *units;  /* units.yaml order (only the one asked for) */
	size_t n_units;
	struct score_unit street;  /* measures and points summed over units */
};

/* year > 0; unit_filter NULL for all units; today as report_compute. out
 * must be freed with score_free, also after an error. */
int score_compute(const struct ledger *l, int year, const char *unit_filter, int today,
		  struct score *out, struct ggw_error *err);
void score_free(struct score *s);

enum score_format { SCORE_TEXT, SCORE_CSV };
/* "text" "csv" -> format, -1 if unknown. */
int score_format_from_key(const char *key);

/* The self-score: every unit's items, then the street's. */
int score_print(FILE *f, const struct score *s, enum score_format fmt, struct ggw_error *err);
/* The district's report form (rules.yaml report_form): one row per unit
 * and a total row. */
int score_print_form(FILE *f, const struct score *s, enum score_format fmt,
		     struct ggw_error *err);

#endif
