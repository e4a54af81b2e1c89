/* `ggw report --form`: the district's form (records/report_form.h). html,
 * csv and text are written here; xlsx is handed to ggw-papers. */
#ifndef GGW_CMD_REPORT_FORM_H
#define GGW_CMD_REPORT_FORM_H

#include "cli.h"

/* Is --form among the report's arguments (before a "--")? */
int report_wants_form(int argc, char **argv);
/* argv as `ggw report` got it (argv[0] "report"). */
int cmd_report_form(struct cli *cli, int argc, char **argv, struct ggw_error *err);

#endif
