/* ggw attach / ggw evidence: shared with show, which lists a record's
 * evidence the same way. */
#ifndef GGW_CMD_EVIDENCE_H
#define GGW_CMD_EVIDENCE_H

#include <stddef.h>

struct evidence_item;
void cli_print_evidence(const struct evidence_item *v, size_t n);

#endif
