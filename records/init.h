/* A ledger's beginning on this PC: a new one (init) or a copy of an
 * existing one (clone). Both leave the folder as they found it when they
 * fail. */
#ifndef GGW_INIT_H
#define GGW_INIT_H

#include <stddef.h>

#include "../model/err.h"
#include "../model/record.h"

/* One unit of a new ledger; name and kind may be NULL (the key, "village"). */
struct init_unit {
	const char *key, *name, *kind;
};

struct init_options {
	const char *dir;              /* absent or empty folder */
	const char *street;           /* the street 关工委's name */
	const char *me;               /* this PC's unit, NULL for office */
	const struct init_unit *units;
	size_t nunits;
};

/* What ops_init did, for the caller to tell the user. */
struct init_result {
	char unit[64];     /* this PC's unit (ggw.unit) */
	int anonymous;     /* no user.name yet: the first commit is the office's */
};

/* Make a new ledger in o->dir: units.yaml (office first, then the units in
 * order), .gitattributes for the merge driver, ggw.unit, and the first
 * commit. Bad unit keys, kinds, duplicates or a `me` that is not listed are
 * GGW_EINVALID before anything is written; units.yaml's own problems go to
 * probs (may be NULL). On any failure after the folder was made, a folder
 * that was absent or empty is removed again. */
int ops_init(const struct init_options *o, struct init_result *res, struct problems *probs,
	     struct ggw_error *err);

/* Copy the ledger at url into dir (absent or empty) with this PC's unit;
 * the unit must be in its units.yaml. On failure dir is left as it was:
 * absent, or there and empty. A local url that does not exist is GGW_ENET
 * (the USB stick is not plugged in). */
int ops_clone(const char *url, const char *dir, const char *unit, struct ggw_error *err);
/* The same with unit the key, the name or the short name (新义村; a wrong
 * one lists the names); label (label_len bytes, may be NULL) receives
 * "新义村关工委（xinyi）" for the message. Only history the sync check
 * accepts is copied: when the hub's main holds refused commits, main is
 * the last good commit and note (may be NULL) says so and what the office
 * must do (records/sync_clone.h); else note is "". */
int ops_clone_named(const char *url, const char *dir, const char *unit, char *label,
		    size_t label_len, char *note, size_t note_len, struct ggw_error *err);

/* Is dir absent, or a folder with nothing in it? */
int dir_absent_or_empty(const char *dir);

#endif
