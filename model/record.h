/* Records as the spec defines them: validation, ids, paths, field edits,
 * canonical key order. Pure functions over struct node; libc only. */
#ifndef GGW_RECORD_H
#define GGW_RECORD_H

#include <stddef.h>

#include "err.h"
#include "fields.h"
#include "node.h"
#include "rectype.h"

/* One validation problem: which field, where in the source, and why. */
struct problem {
	char field[64]; /* dotted key, "" for the whole record */
	int line, col;  /* from the node, 0 if unknown */
	char msg[320];  /* Chinese (translated), names the field's label */
};

struct problems {
	struct problem *v;
	size_t n, cap;
};

void problems_free(struct problems *p);
int problems_add(struct problems *p, const char *field, int line, int col,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Validate a record of type t against the field table and the spec:
 * required fields, types, lengths, enum keys, real dates, id and unit key
 * patterns, schema, and the privacy rule (ID numbers, mobile numbers) on
 * F_PRIVACY fields. Unknown keys are allowed. Returns the problem count. */
size_t record_validate(enum record_type t, const struct node *rec, struct problems *out);

/* Validate one field value alone (for forms, as the user leaves a field).
 * value may be NULL for "absent". Returns problem count. */
size_t field_validate(const struct field_def *f, const struct node *value,
		      const char *dotted, struct problems *out);

/* Patterns from the spec. Return 1 if valid. */
int unit_key_valid(const char *s);        /* [a-z][a-z0-9-]{0,31} */
/* Ids from the type table (model/rectype.c): */
int activity_id_valid(const char *s);     /* YYYYMMDD-8hex, real date */
int volunteer_id_valid(const char *s);    /* v-8hex */
int record_id_valid(const char *s);       /* an id of any type */
enum record_type record_id_type(const char *id); /* its type, or REC__COUNT */

/* "YYYY-MM-DD" of a real calendar date -> yyyymmdd integer, or -1. */
int date_parse(const char *s);
/* Yuan with at most two decimals ("2000", "2000.5", "2000.00"). */
int money_valid(const char *s);
/* A case code: [A-Z0-9][A-Z0-9-]{1,19} ("XY-25-007"). */
int case_code_valid(const char *s);
/* Number of characters (code points) of valid UTF-8, -1 if invalid. */
long utf8_chars(const char *s, size_t len);
int utf8_valid(const char *s, size_t len);

/* Privacy: if text holds something shaped like a mainland ID number (18
 * characters, valid check digit) or a mobile number (1[3-9] + 9 digits, not
 * part of a longer number), return 1 and describe it in what. */
int text_has_private(const char *text, char *what, size_t whatlen);

/* New ids: activity id from its date (yyyymmdd) and 4 random bytes from
 * getrandom(); volunteer id "v-" + 8 hex. buf >= 32. Return 0 or GGW_EIO. */
int activity_id_new(int yyyymmdd, char *buf, size_t len);
int volunteer_id_new(char *buf, size_t len);

/* Path inside the repository, from the type table: activities/<unit>/<YYYY>/
 * <id>.yaml, volunteers/<unit>/<id>.yaml, ... Validates unit and id first.
 * (rectype.c; record_path_year for yearly types whose ids carry no date) */
int record_path(enum record_type t, const char *unit, const char *id,
		char *buf, size_t len, struct ggw_error *err);
/* Parse a path back: type, unit and id (buffers >= 40). 0 or GGW_EINVALID. */
int record_path_parse(const char *path, enum record_type *t, char *unit, char *id);

/* Put known keys in field-table order (unknown keys after them, in their
 * original order) and set every scalar's style from its field type, so the
 * YAML writer produces the spec's canonical form. Recurses into five_have,
 * publicity, units. */
void record_normalize(enum record_type t, struct node *rec);

/* Set a field from command-line text: "five_have.summary", "title".
 * op '=' sets (lists: items split on ',' or '，'; empty clears; for FT_INT
 * and FT_BOOL the text is checked), op '+' appends one item to a list.
 * Read-only fields (schema, id, unit) are refused. Unknown field names are
 * refused with the list of known ones in err. */
int record_set_field(enum record_type t, struct node *rec, const char *dotted,
		     char op, const char *value, struct ggw_error *err);

/* Start a new record of type t: schema, id, unit set. */
int record_new(enum record_type t, const char *id, const char *unit, struct node *out);

/* Summary accessors used by ledger, reports and the interface. */
int activity_five_have_mask(const struct node *rec); /* bit i: item i present (non-empty) */
int record_has_conflicts(const struct node *rec);

#endif
