/* A4 PDF documents laid out with pango on cairo: text that flows across
 * pages, headings kept with what follows, tables whose rows never split
 * and whose header repeats on every page, page numbers in the footer.
 * The font is found through fontconfig (a Chinese family list) and
 * embedded by cairo. The bytes are kept in memory and written with
 * atomic_write: a file is whole or absent.
 *
 * Documents with a table of contents or "page N of M" are made twice:
 * the first pass (measuring) learns where things fall, the second uses
 * what the first learnt (pdf_doc.total, the caller's own page marks). */
#ifndef GGW_PDF_DOC_H
#define GGW_PDF_DOC_H

#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "../model/err.h"

#define PDF_PAGE_W 595.276 /* A4 in points */
#define PDF_PAGE_H 841.890
#define PDF_MARGIN_X 51.0  /* 18 mm */
#define PDF_MARGIN_TOP 48.0
#define PDF_MARGIN_BOTTOM 60.0
#define PDF_TEXT_W (PDF_PAGE_W - 2 * PDF_MARGIN_X)

enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT };

struct pdf_style {
	double size;   /* points */
	int bold;
	enum pdf_align align;
	double grey;   /* 0 black .. 1 white */
	double space_after;
};

/* The ready-made styles. */
extern const struct pdf_style pdf_title, pdf_subtitle, pdf_h1, pdf_h2, pdf_body, pdf_small,
	pdf_cell, pdf_cell_bold;

struct pdf_buf {
	unsigned char *p;
	size_t len, cap;
	int oom;
};

struct pdf_doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	PangoFontDescription *font;
	struct pdf_buf out;
	int measuring;        /* first pass: nothing is kept */
	int dry;              /* lay out only, draw nothing (measuring, or a
				 part measured before it is drawn) */
	int page;             /* current page (1-based), 0 before the first */
	int total;            /* pages of the whole document, 0 if unknown */
	int numbered_from;    /* first page with a number in its footer */
	double y;             /* next line's top, points from the page top */
	char running[256];    /* footer text at the left ("" none) */
};

/* Start a document. The font: the first installed of the Chinese families
 * (Noto/Source Han Sans CJK, WenQuanYi, ...), else any font fontconfig
 * says covers Chinese; none: GGW_ENOTFOUND saying which package to
 * install. title: the PDF's metadata title. */
int pdf_doc_start(struct pdf_doc *d, int measuring, const char *title, struct ggw_error *err);
/* At exit: free the font libraries' caches (pango, cairo, fontconfig). */
void pdf_library_end(void);
/* The family chosen (for messages, tests). */
const char *pdf_doc_family(const struct pdf_doc *d);
/* End the last page and write the PDF to path (atomically); measuring:
 * only end. Frees everything, also after an error. */
int pdf_doc_finish(struct pdf_doc *d, const char *path, struct ggw_error *err);
/* Free without writing. */
void pdf_doc_abort(struct pdf_doc *d);

/* End the current page (if any) and begin the next. */
void pdf_new_page(struct pdf_doc *d);
/* A new page unless need points fit below y. */
void pdf_need(struct pdf_doc *d, double need);
void pdf_skip(struct pdf_doc *d, double points);

/* Text (control characters and bad UTF-8 made harmless), wrapped to width
 * from x, flowing onto new pages line by line. */
void pdf_text_at(struct pdf_doc *d, const char *text, const struct pdf_style *st, double x,
		 double width);
void pdf_text(struct pdf_doc *d, const char *text, const struct pdf_style *st);
/* A heading kept on one page with at least keep points after it. */
void pdf_heading(struct pdf_doc *d, const char *text, const struct pdf_style *st, double keep);
/* Height of text wrapped to width. */
double pdf_text_height(struct pdf_doc *d, const char *text, const struct pdf_style *st,
		       double width);
/* Width of text on one line. */
double pdf_text_width(struct pdf_doc *d, const char *text, const struct pdf_style *st);
/* "label：________" lines to sign on, two to a row where they fit. */
void pdf_sign_lines(struct pdf_doc *d, const char *const *labels, size_t n);
/* A bookmark to the current page in the PDF's outline (level 0, 1). */
void pdf_outline(struct pdf_doc *d, const char *text, int level);
/* A line of the table of contents: text, dots, page, linked to page. */
void pdf_toc_line(struct pdf_doc *d, const char *text, int page, int level);

/* A table: columns sized to their content within the text width. */
enum pdf_row_kind { PDF_ROW_PLAIN, PDF_ROW_TOTAL, PDF_ROW_SHORT, PDF_ROW_LABEL };
struct pdf_table {
	size_t ncols;
	const char *const *head;     /* ncols, may be NULL: no header row */
	const unsigned char *num;    /* ncols: right-aligned, may be NULL */
	double w[16];                /* column widths (pdf_table_begin) */
};
#define PDF_TABLE_MAX_COLS 16
/* Size the columns from the header and every row (rows: nrows * ncols
 * cells, NULL is ""), then draw the header. fixed: widths as fractions
 * of the text width instead (NULL: measured). */
void pdf_table_begin(struct pdf_doc *d, struct pdf_table *t, const char *const *rows,
		     size_t nrows, const double *fixed);
/* One row; on a new page when it does not fit, the header first. */
void pdf_table_row(struct pdf_doc *d, struct pdf_table *t, const char *const *cells,
		   enum pdf_row_kind kind);

#endif
