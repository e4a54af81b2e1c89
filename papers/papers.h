/* The printing commands of ggw-papers (papers/main.c's table). Each takes
 * the open repository and argv with argv[0] the command name, as ggw's own
 * commands do, and returns 0 or a GGW_E* code with err filled. */
#ifndef GGW_PAPERS_H
#define GGW_PAPERS_H

#include "../model/err.h"
#include "../storage/repo.h"

/* form [--year Y] [--unit U] [--format xlsx|html|csv|text] -o FILE: the
 * district's report form (papers/form_xlsx.c); `ggw report --form` hands
 * xlsx over as this command with its own arguments. */
int papers_form(struct repo *r, int argc, char **argv, struct ggw_error *err);

#endif
