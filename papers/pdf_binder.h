/* A unit's year as the binder (台账) an inspector reads: a cover, a table
 * of contents with page numbers, then the sections in the order scoring
 * sheets check them (organisation, rules, plan, summaries, meetings and
 * study, activities, 五老 register, cases by code only, money, awards,
 * publicity, the annual report). The sections are rows of a table in
 * pdf_binder.c; their registers and sheets come from the type table. */
#ifndef GGW_PDF_BINDER_H
#define GGW_PDF_BINDER_H

#include "../storage/repo.h"

/* ggw-papers binder --unit U [--year Y] -o FILE.pdf */
int papers_binder(struct repo *r, int argc, char **argv, struct ggw_error *err);

#endif
