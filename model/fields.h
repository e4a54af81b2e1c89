/* The field table: one description of every record type that drives YAML
 * keys and order, labels, validation, forms, CSV columns and merging. */
#ifndef GGW_FIELDS_H
#define GGW_FIELDS_H

#include <stddef.h>

/* The built-in types. REC__COUNT is their number and also means "no type";
 * types added with record_type_register (model/rectype.h) are numbered
 * after it. */
enum record_type {
	REC_ACTIVITY, REC_VOLUNTEER, REC_UNITS,
	/* spec/records-more.md (model/fields_more.c) */
	REC_DOCUMENT, REC_MEMBER, REC_SITE, REC_AWARD, REC_CASE, REC_FUND, REC_TEAM,
	REC__COUNT
};

enum field_type {
	FT_SCHEMA,   /* constant "ggw/<type>/1" */
	FT_ID,       /* record id: fixed once made */
	FT_UNIT,     /* unit key from units.yaml */
	FT_STR,      /* one line of text */
	FT_TEXT,     /* multi-line text (literal block) */
	FT_DATE,     /* YYYY-MM-DD, a real calendar date */
	FT_INT,      /* integer within [min, max] */
	FT_BOOL,     /* true / false */
	FT_ENUM,     /* a key of items[] */
	FT_STRLIST,  /* list of one-line texts */
	FT_IDLIST,   /* list of ids of the type field_ref_type() names */
	FT_GROUP,    /* map with the sub[] fields (five_have) */
	FT_MAPLIST,  /* list of maps with the sub[] fields (publicity, units) */
	FT_CONFLICTS, /* conflicts: written by merge, checked loosely */
	FT_REF,      /* one id of the type field_ref_type() names */
	FT_CODE,     /* [A-Z0-9][A-Z0-9-]{min-1,max-1}: a case code */
	FT_MONEY     /* yuan, at most two decimals, kept as text: "2000.00" */
};

enum field_flag {
	F_REQUIRED = 1 << 0,
	F_READONLY = 1 << 1, /* not edited in forms: schema, id, unit */
	F_SEARCH = 1 << 2,   /* part of the text search (title, content, ...) */
	F_PRIVACY = 1 << 3,  /* scanned for ID / mobile numbers */
	F_CSV = 1 << 4,      /* a column of `list --format csv` */
	F_FORM = 1 << 5,     /* shown in the add/edit form */
	F_SPARSE = 1 << 6    /* FT_GROUP of optional parts (activity.patrol),
				shown only when given; not a checklist like 五有 */
};

/* FT_REF and FT_IDLIST keep the type they cite in min, plus one, so that
 * 0 (every older table) means volunteers: { ..., REFERS(REC_CASE), 0, ... }. */
#define REFERS(t) ((long)(t) + 1)
struct field_def;
int field_ref_type(const struct field_def *f);

struct enum_item {
	const char *key;   /* stable key written to YAML */
	const char *label; /* Chinese label, N_() marked */
};

struct field_def {
	const char *key;   /* YAML key; NULL ends a table */
	const char *label; /* Chinese label, N_() marked */
	enum field_type type;
	unsigned flags;
	long min, max;     /* FT_STR/FT_TEXT: length in characters (max 0: none);
			      FT_INT: value range; lists: item count max */
	const struct enum_item *items; /* FT_ENUM: NULL-key terminated */
	const struct field_def *sub;   /* FT_GROUP/FT_MAPLIST: sub-fields */
	const char *help;  /* one-line hint for forms, N_() marked, may be NULL */
};

/* Enumerations, each NULL-key terminated. */
extern const struct enum_item enum_category[];
extern const struct enum_item enum_form[];
extern const struct enum_item enum_level[];      /* publicity level */
extern const struct enum_item enum_group[];      /* 五老 group */
extern const struct enum_item enum_unit_kind[];

/* The five 五有 items in order: plan assignment implementation commendation
 * summary (sub-fields of five_have). */
#define FIVE_HAVE_COUNT 5
extern const struct field_def five_have_fields[];

/* The built-in types' field tables (model/rectype.c lists the types). */
extern const struct field_def activity_fields[];
extern const struct field_def volunteer_fields[];
extern const struct field_def units_fields[];

/* The types of spec/records-more.md and their enumerations live in
 * model/fields_more.h. */

/* From the type table (model/rectype.c); NULL / -1 for no type. */
const struct field_def *record_fields(enum record_type t);
const char *record_schema(enum record_type t);       /* "ggw/activity/1" */
const char *record_type_key(enum record_type t);     /* "activity" */
const char *record_type_label(enum record_type t);   /* N_("活动") */
int record_type_from_key(const char *key);            /* -1 if unknown */
int record_type_from_schema(const char *schema);      /* -1 if unknown */

/* Find a field by dotted name ("five_have.summary") in a table.
 * Returns NULL if unknown. */
const struct field_def *field_find(const struct field_def *table, const char *dotted);

/* Index of key in items (0-based), -1 if absent. */
int enum_index(const struct enum_item *items, const char *key);
size_t enum_count(const struct enum_item *items);

#endif
