/* Settling one conflict of one record field (ggw resolve, and the same
 * rules for any caller). */
#ifndef GGW_RESOLVE_H
#define GGW_RESOLVE_H

#include "../model/err.h"
#include "ops.h"

/* Settle field's conflict in record id: how is 'o' (ours), 't' (theirs) or
 * 'v' (value). Checks the actor may write the record, refuses changing the
 * fields that make the file's path (schema, id, unit: only 'o'), and
 * commits with Ggw-Action: resolve. commit_id (41 bytes) receives the new
 * commit, "" when the record was already as committed. GGW_ENOTFOUND when
 * the field has no conflict. */
int ops_resolve(struct repo *r, const struct actor *a, const char *id, const char *field,
		char how, const char *value, char *commit_id, struct ggw_error *err);

#endif
