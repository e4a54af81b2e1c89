/* The annual report (年度统计报表) as PDF: every table of report_walk
 * (records/report.h) in order, bar charts, the sign-off block. */
#ifndef GGW_PDF_REPORT_H
#define GGW_PDF_REPORT_H

#include "../records/report.h"
#include "../storage/repo.h"
#include "pdf_doc.h"

/* The report into d from the current position: title (h1 style when
 * in_binder, else the document title), tables, sign-off block. */
int pdf_report_render(struct pdf_doc *d, const struct report *r, int in_binder,
		      struct ggw_error *err);

/* ggw-papers report-pdf [--year Y] [--unit U] -o FILE.pdf (what `ggw report
 * --format pdf` hands over; --format and --excel are accepted and unused). */
int papers_report_pdf(struct repo *r, int argc, char **argv, struct ggw_error *err);

#endif
