/* One record as its A4 sheet, laid out from its type's field table: the
 * activity's 活动记录表 (every field, 五有, publicity, evidence photos),
 * and a 登记表 for every other type; signature lines at the end. */
#ifndef GGW_PDF_SHEET_H
#define GGW_PDF_SHEET_H

#include "../model/node.h"
#include "../records/ledger.h"
#include "../storage/repo.h"
#include "pdf_doc.h"

/* The sheet of rec (of type t) from the current page position; the ledger
 * gives names for the ids the record cites. */
int pdf_sheet_render(struct pdf_doc *d, const struct ledger *l, int t, const struct node *rec,
		     struct ggw_error *err);
/* The same, adding what the record's evidence held to st (may be NULL). */
struct pdf_evidence_stats;
int pdf_sheet_render_stats(struct pdf_doc *d, const struct ledger *l, int t,
			   const struct node *rec, struct pdf_evidence_stats *st,
			   struct ggw_error *err);
/* The sheet's title: 活动记录表, 五老志愿者登记表, ... (translated). */
const char *pdf_sheet_title(int t, char *buf, size_t len);

/* A register of n records of type t: one row each, the columns of the
 * type's list table (model/rectype.c) but id and unit. */
void pdf_register_render(struct pdf_doc *d, const struct ledger *l, int t,
			 const struct node *const *recs, size_t n);

/* ggw-papers print ID -o FILE.pdf */
int papers_print(struct repo *r, int argc, char **argv, struct ggw_error *err);

#endif
