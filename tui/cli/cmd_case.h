/* `ggw case`: the key from a case code to a child, on this PC only
 * (records/casekeys.h), and the hints rm and edit give when a case ends. */
#ifndef GGW_CMD_CASE_H
#define GGW_CMD_CASE_H

#include <stddef.h>

#include "../../model/node.h"
#include "../../storage/repo.h"

/* The code of case record id (before rm removes it); "" if id is not a
 * case or cannot be read. */
void case_code_of(struct repo *r, const char *id, char *code, size_t len);
/* After rm of a case (closed = 1), or an edit leaving rec closed: say on
 * stderr how to destroy the local key, if this PC keeps one. */
void case_key_hint(struct repo *r, const char *code);
void case_key_hint_if_closed(struct repo *r, const struct node *rec);

#endif
