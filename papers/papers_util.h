/* What the printing commands share: their options, the ledger, the year,
 * the unit, two-pass PDF making and progress lines. */
#ifndef GGW_PAPERS_UTIL_H
#define GGW_PAPERS_UTIL_H

#include "../model/err.h"
#include "../records/ledger.h"
#include "../storage/repo.h"
#include "pdf_doc.h"

/* Lay out a whole document into d; called twice by pdf_make (d->measuring
 * says which pass). */
typedef int (*pdf_render_fn)(struct pdf_doc *d, void *ctx, struct ggw_error *err);

/* Make the PDF at path: measuring passes (page count, the caller's marks
 * such as a table of contents whose own length moves what follows), then
 * the real one with "page N of M"; numbered_from: the first page with a
 * number (1: all). Written atomically; *pages: the page count. */
int pdf_make(const char *path, const char *title, int numbered_from, int measuring_passes,
	     pdf_render_fn fn, void *ctx, int *pages, struct ggw_error *err);

/* Load the ledger (l freed by the caller with ledger_free, also after an
 * error). */
int papers_load(struct repo *r, struct ledger *l, struct ggw_error *err);
/* --year's value or this year; --unit's value resolved against units.yaml
 * (*unit set to the key; NULL stays NULL). */
int papers_year_unit(const struct ledger *l, const char *year_arg, int *year,
		     const char **unit, struct ggw_error *err);
/* -o is required and must end in .pdf. */
int papers_pdf_path(const char *command, const char *path, struct ggw_error *err);

/* A progress line "PROGRESS done total text" on the descriptor named by
 * $GGW_PAPERS_PROGRESS (the interface reads it); nothing without one. */
void papers_progress(int done, int total, const char *what);

/* "已保存到 FILE" on stderr, with the page count. */
void papers_saved(const char *path, int pages);

#endif
