/* Changes to a record written as "FIELD=VALUE" (set) or "FIELD+=VALUE"
 * (append to a list), as ggw add/edit --set take them. */
#ifndef GGW_CHANGES_H
#define GGW_CHANGES_H

#include <stddef.h>

#include "../model/err.h"
#include "../model/fields.h"
#include "../model/node.h"

/* Apply every change to rec. Each refused one is told through say (one
 * line each), and then, so that the user sees everything to fix at once,
 * the problems of the rest of the record (leaving out the refused fields
 * and those ggw fills itself). adding: unit may be set (the office adding
 * for a unit). Returns 0; GGW_EUSAGE for a change not written as
 * FIELD=VALUE (err says how); GGW_ENOMEM; or, when some were refused, the
 * first refusal's code with err counting them. */
int record_apply_changes(enum record_type t, struct node *rec, const char *const *changes,
			 size_t n, int adding, void (*say)(const char *msg, void *data),
			 void *data, struct ggw_error *err);

#endif
