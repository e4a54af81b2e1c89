/* ggw attach / ggw evidence: shared with show, which lists a record's
 * evidence the same way. */
#ifndef GGW_CMD_EVIDENCE_H
#define GGW_CMD_EVIDENCE_H

#include <stddef.h>

struct evidence_item;
void cli_print_evidence(const struct evidence_item *v, size_t n);
struct repo;
struct node;
/* ggw status's line about unsent evidence (nothing when none). */
void evidence_status_line(struct repo *r, const char *unit);
/* ggw show's list of the record's evidence files. */
void evidence_show_lines(struct repo *r, const struct node *rec);

#endif
