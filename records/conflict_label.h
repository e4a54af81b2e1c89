/* Who typed each value of a conflict, as people say it:
 * "王秀英（新义村）12月1日 填的". From a conflicts: entry's author, unit and
 * time (the other value) and kept_author, kept_unit, kept_time (the value
 * the record kept), written by model/merge.c. */
#ifndef GGW_CONFLICT_LABEL_H
#define GGW_CONFLICT_LABEL_H

#include <stddef.h>

#include "../model/node.h"
#include "ledger.h"

/* "Name <email>", unit key and ISO time as a label; any may be NULL or "".
 * Returns 0 (buf "") when all three are unknown, else 1. */
int conflict_who(const struct units *u, const char *author, const char *unit, const char *time,
		 char *buf, size_t len);
/* The same for one entry: the other (recorded) value, or the kept one. */
int conflict_other_who(const struct units *u, const struct node *entry, char *buf, size_t len);
int conflict_kept_who(const struct units *u, const struct node *entry, char *buf, size_t len);

#endif
