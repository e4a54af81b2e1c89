/* The ledger as a whole: every record file of the work tree, summarised.
 * Loading walks the folder of every record type (model/rectype.h), and reuses a cache
 * (<gitdir>/ggw/cache) keyed by blob id (and path + stat to avoid even
 * hashing), so unchanged records are not parsed again. Files edited by hand
 * or committed with plain git are picked up; an invalid file becomes an
 * entry with valid == 0 and its error, never fatal for the rest. */
#ifndef GGW_LEDGER_H
#define GGW_LEDGER_H

#include <stddef.h>
#include <sys/stat.h>

#include "../model/err.h"
#include "../model/fields.h"
#include "../model/node.h"
#include "../model/rules.h"
#include "../storage/repo.h"

struct unit_info {
	char *key, *name, *kind;
};

struct units {
	char *street;            /* street committee's name */
	struct unit_info *v;
	size_t n;
};

/* Number of publicity levels (enum_level). */
#define LEVEL_COUNT 6

/* One record file. Strings live in the ledger's arena or in the mapped
 * cache (136 bytes an entry on 64-bit: a million records are 130 MB; keep
 * it lean, the pointers first, then the numbers, packed). */
struct entry {
	const char *path;        /* repository-relative */
	const char *id;
	const char *unit;
	const char *error;       /* "path:line:col: reason" when !valid */
	const char *title;       /* activity title, volunteer name */
	const char *search;      /* lower-cased? no: raw text of title, content,
				    location, speakers (volunteer: name, roles,
				    teams, specialties, notes), '\n'-joined */
	const char *volunteer_ids; /* activity: ids joined by ' ', "" if none */
	const char *speakers;      /* activity: names joined by '、' */
	const char *refs;          /* the ids the record cites in its FT_REF and
				      FT_IDLIST fields but activity.volunteers
				      (volunteer_ids), as "field=id" joined by
				      ' ' ("site=s-… cases=c-…"), "" if none */
	const char *cols;          /* the type's list columns (rectype.h), each
				      value followed by '\x1f'; "" for the
				      columns taken from the entry itself */
	const char *facts;         /* the figures report counts (facts.h):
				      "key=value" each followed by '\x1f' */
	const char *blob;        /* blob id of the file's content, 40 hex
				    digits; "" for a file too large to hash */
	enum record_type type;   /* a type of record_type_per_file() */
	int date;                /* activity: yyyymmdd; volunteer: joined or 0 */
	int youth_count, adult_count;
	int birth_year;          /* volunteer, 0 if absent */
	unsigned short publicity[LEVEL_COUNT]; /* activity: pieces per level */
	unsigned char valid;     /* 0: error says why */
	unsigned char has_conflicts;
	unsigned char five_have; /* activity: bit i = five_have item i present */
	unsigned char active;    /* volunteer: active (default 1) */
	signed char category;    /* enum_category index, -1 if unknown */
	signed char form;        /* enum_form index */
	signed char group;       /* volunteer: enum_group index */
};

struct ledger {
	struct repo *repo;       /* not owned */
	struct units units;
	struct entry *v;
	size_t n;
	size_t n_invalid;
	size_t n_parsed;         /* files parsed this load (cache misses) */
	void *arena;             /* owns every string of the entries */
	struct rules *rules;     /* rules.yaml; NULL: the defaults (use
				    ledger_rules(), records/rules_load.h) */
	char *rules_error;       /* why rules.yaml does not read, or NULL */
};

/* Load units.yaml and every record. The cache is read and, if anything
 * changed, rewritten atomically (a failure to write it is not an error). */
int ledger_load(struct repo *r, struct ledger *out, struct ggw_error *err);
void ledger_free(struct ledger *l);

int units_load(struct repo *r, struct units *out, struct ggw_error *err);
void units_free(struct units *u);
const struct unit_info *units_find(const struct units *u, const char *key);

/* Entry index by id, -1 if absent. */
long ledger_find(const struct ledger *l, const char *id);

enum sort_order { SORT_DATE_DESC, SORT_DATE_ASC, SORT_TITLE };

struct query {
	int type;               /* a record type, or -1 for all */
	const char *unit;       /* NULL: any */
	int year;               /* 0: any */
	int from, to;           /* yyyymmdd inclusive, 0: open */
	int category, form;     /* enum index, -1: any */
	const char *grep;       /* substring of search text (case-insensitive
				   for ASCII), NULL: any */
	int missing_five_have;  /* only activities lacking an item */
	int conflicts;          /* only records with conflicts */
	int include_invalid;    /* invalid entries match only if set */
	enum sort_order sort;
};

void query_init(struct query *q); /* everything "any", activities+volunteers, SORT_DATE_DESC */
int entry_matches(const struct entry *e, const struct query *q);
/* <0, 0, >0 as a listing sorted how puts a before b (ties: id, path). */
int ledger_entry_cmp(const struct entry *a, const struct entry *b, enum sort_order how);
/* Indices of matching entries, sorted. *idx malloc'd (may be NULL if 0). */
int ledger_query(const struct ledger *l, const struct query *q, size_t **idx,
		 size_t *n, struct ggw_error *err);

/* Parse one record file fully (for show, edit, yaml/csv output). */
int record_load_file(struct repo *r, const char *relpath, struct node *out,
		     struct ggw_error *err);

/* Additions (records helper). ledger_load with flags: LEDGER_NO_UNITS
 * skips units.yaml (for `check`, which reports it separately);
 * LEDGER_NO_CACHE neither reads nor writes the cache. */
#define LEDGER_NO_UNITS 1u
#define LEDGER_NO_CACHE 2u
int ledger_load_flags(struct repo *r, struct ledger *out, unsigned flags, struct ggw_error *err);

/* Files just written with their bytes in hand (a fresh clone's checkout):
 * each record parsed then, on the writing thread, so that the load after
 * it neither reads, hashes nor parses a file whose stat data is still the
 * one noted. ledger_seed_add is safe on `workers` threads at once, each
 * with its own worker number (0..workers-1). */
struct ledger_seed;
struct ledger_seed *ledger_seed_new(int workers);
int ledger_seed_add(struct ledger_seed *s, int worker, const char *path, const char *buf,
		    size_t len, const char *blob, const struct stat *st);
/* ledger_load with the seed's records. The cache is written without an
 * fsync of its own: the clone syncs its whole file system before it is
 * finished, and an unfinished clone is made again. */
int ledger_load_seeded(struct repo *r, struct ledger_seed *s, struct ledger *out,
		       struct ggw_error *err);
void ledger_seed_free(struct ledger_seed *s);
/* units.yaml parsed and validated (GGW_EINVALID "units.yaml:line:col: …"). */
int units_load_node(struct repo *r, struct node *out, struct ggw_error *err);
int units_from_node(const struct node *root, struct units *out, struct ggw_error *err);

#endif
