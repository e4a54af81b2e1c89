/* Record types as data: one table entry per type says what it is called,
 * where its files live, how its ids look, which fields it has, what `list`
 * shows of it and who may write it. Everything that needs to know "which
 * type is this / where does it live" asks here, so that a new type is one
 * entry (record_type_register or the built-in table), one field table and
 * the labels in the catalogue. */
#ifndef GGW_RECTYPE_H
#define GGW_RECTYPE_H

#include <stddef.h>

#include "err.h"
#include "fields.h"
#include "node.h"

enum record_layout {
	LAYOUT_SINGLE, /* one file: folder is the file name ("units.yaml") */
	LAYOUT_FLAT,   /* <folder>/<unit>/<id>.yaml */
	LAYOUT_YEARLY  /* <folder>/<unit>/<YYYY>/<id>.yaml */
};

enum record_id_kind {
	ID_NONE,    /* the single file has no id */
	ID_DATED,   /* YYYYMMDD-8hex: the date field's value at creation */
	ID_PREFIXED /* <prefix>-8hex */
};

enum record_writer {
	WRITER_OWN_UNIT, /* a unit writes its own <folder>/<unit>/; office any */
	WRITER_OFFICE    /* office only */
};

/* record_type_def.flags */
#define RT_MSG_DATE 1u /* the commit subject shows the date field */
#define RT_YEAR_KEY 2u /* LAYOUT_YEARLY: the year folder is the record's
			  `year` (documents: a 2023 summary written in January
			  2024 is 2023's), else the date field's year */
#define RT_EVIDENCE 4u /* records carry evidence (photos, scans: an
			  `evidence` field of evidence_fields): attach, open,
			  withdraw are offered on them, on no other type */

/* list_column.flags */
#define COL_RIGHT 1u       /* right-aligned (counts) */
#define COL_SHORT 2u       /* enum label cut at its bracket: "安全教育" */
#define COL_MARK 4u        /* "! " before the cell when the record has conflicts */
#define COL_ABSENT_TRUE 8u /* a bool left out counts as true */

/* One column of `list` (table format). key is a field of the type, by
 * dotted name; id, unit, the title field and the date field come from the
 * ledger entry, any other column from the entry's stored column values.
 * Shown per field type: enum -> label, bool -> 是/否, group -> "n/m" of
 * its items filled, unit -> unit name, else the text. */
struct list_column {
	const char *key;  /* NULL ends the table */
	const char *head; /* N_() header; NULL: the field's label */
	unsigned width;   /* at most this many columns wide */
	unsigned flags;
};
#define LIST_COLUMNS_MAX 8

struct record_type_def {
	const char *key;      /* "activity": --type and messages */
	const char *schema;   /* "ggw/activity/1" */
	const char *label;    /* N_("活动"): what people call one record */
	const char *noun;     /* commit subject noun, never translated: "活动" */
	const char *folder;   /* "activities"; LAYOUT_SINGLE: the file */
	enum record_layout layout;
	enum record_id_kind id_kind;
	char id_prefix;       /* ID_PREFIXED: 'v' */
	const char *title_field; /* "title", "name" */
	const char *date_field;  /* sorting and years; ID_DATED: the id's date;
				    LAYOUT_YEARLY + ID_PREFIXED: the folder's
				    year at creation. NULL: none */
	unsigned flags;          /* RT_* */
	enum record_writer writer;
	const struct field_def *fields;
	const struct list_column *columns; /* NULL-key terminated, may be NULL */
	/* N_() messages of `check` for a file named unlike an id and for a
	 * record outside a year folder; NULL: made from the label */
	const char *bad_name, *misplaced;
};

/* Types are numbered: the built-ins of enum record_type first, then the
 * registered ones. REC__COUNT (fields.h) bounds every index and doubles as
 * "no type". */
size_t record_type_count(void);
const struct record_type_def *record_type_def(int t); /* NULL if not a type */
/* A type whose records are files of their own (not units.yaml). */
int record_type_per_file(int t);

/* Add a type at run time (tests; later types may be built in instead).
 * def must outlive every use. Refused (GGW_EINVALID) if a key, schema,
 * folder or id prefix is taken, or the table is incomplete; GGW_ENOMEM
 * when every slot is used. Returns the new type's index. */
int record_type_register(const struct record_type_def *def);

/* Lookups; -1 if unknown. */
int record_type_from_folder(const char *folder);
int record_type_of_id(const char *id);

/* Is id shaped like an id of type t? */
int record_type_id_valid(int t, const char *id);
/* A new id for type t: ID_DATED from yyyymmdd (must be a real date),
 * ID_PREFIXED ignores it. 4 random bytes from getrandom(). len >= 18.
 * 0, GGW_EINVALID or GGW_EIO. */
int record_type_id_new(int t, int yyyymmdd, char *buf, size_t len);
/* An id of the right shape that no record has ("20000101-00000000",
 * "v-00000000"), for validating a draft without its id. */
void record_type_id_placeholder(int t, char *buf, size_t len);

/* Do records of type t carry evidence (RT_EVIDENCE)? */
int record_type_has_evidence(int t);

/* The title field ("title") and the date field ("date", "joined" or NULL). */
const char *record_title_field(int t);
const char *record_date_field(int t);

/* The path of a record: like record_path, with the year folder given for
 * LAYOUT_YEARLY types whose ids carry no date (0: take it from the id). */
int record_path_year(int t, const char *unit, const char *id, int year, char *buf,
		     size_t len, struct ggw_error *err);

/* The unit whose own folders hold path ("activities/xinyi/..." -> xinyi),
 * for types a unit writes itself. 1 and unit filled, or 0. */
int record_unit_of_path(const char *path, char *unit, size_t len);

/* Does every item of group field f (FT_GROUP) have text? bit i: item i. */
int record_group_mask(const struct field_def *f, const struct node *rec);

#endif
