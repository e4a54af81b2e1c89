/* Units as people name them: 新义村关工委 (the name), 新义村 (the short
 * name), xinyi (the key). Messages show names; options accept all three. */
#ifndef GGW_UNITNAME_H
#define GGW_UNITNAME_H

#include <stddef.h>

#include "ledger.h"

/* The unit's full name, or the key itself when units.yaml does not have it
 * (u may be NULL). */
const char *units_label(const struct units *u, const char *key);
/* The name without the street's name and a trailing 关工委: "新义村",
 * "办公室"; the key when the unit is unknown. */
void units_short_name(const struct units *u, const char *key, char *buf, size_t len);
/* Where a person works, said briefly: the short name, "街道" for the
 * street office ("王秀英（新义村）", "丁光海（街道）"). */
void units_place(const struct units *u, const char *key, char *buf, size_t len);
/* "新义村关工委（xinyi）": name and key, for messages that must be exact. */
void units_label_key(const struct units *u, const char *key, char *buf, size_t len);

/* What the user typed for a unit: its key, full name or short name, or a
 * part of a name that only one unit has. Sets *key (owned by u) and
 * returns 0; GGW_ENOTFOUND with the units' names in err when nothing or
 * more than one unit matches. */
int units_resolve(const struct units *u, const char *text, const char **key,
		  struct ggw_error *err);

#endif
