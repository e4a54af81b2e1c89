/* ggw print, ggw binder and ggw report --format pdf: handed over to the
 * printing program ggw-papers (papers_run.h). */
#ifndef GGW_CMD_PAPERS_H
#define GGW_CMD_PAPERS_H

#include "cli.h"

/* Does `report`'s argv ask for --format pdf? */
int cmd_report_pdf_wanted(int argc, char **argv);
/* Hand `report ... --format pdf -o F` to ggw-papers report-pdf. */
int cmd_report_pdf(struct cli *cli, int argc, char **argv, struct ggw_error *err);

#endif
