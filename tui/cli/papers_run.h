/* Commands that print (report --form, report --format pdf, print, binder)
 * are carried out by the second program ggw-papers; this hands them over. */
#ifndef GGW_PAPERS_RUN_H
#define GGW_PAPERS_RUN_H

#include "cli.h"

/* Replace this process by `ggw-papers --repo DIR argv...` (argv[0] is the
 * command name). Returns only on failure, with err filled. */
int papers_exec(struct cli *cli, int argc, char **argv, struct ggw_error *err);

#endif
