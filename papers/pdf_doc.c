/* A4 PDF pages with pango and cairo (see pdf_doc.h). */
#include "pdf_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include "../model/i18n.h"
#include "../storage/fsutil.h"

const struct pdf_style pdf_title = { 18, 1, PDF_CENTER, 0, 6 };
const struct pdf_style pdf_subtitle = { 10.5, 0, PDF_CENTER, 0.2, 10 };
const struct pdf_style pdf_h1 = { 14, 1, PDF_LEFT, 0, 6 };
const struct pdf_style pdf_h2 = { 12, 1, PDF_LEFT, 0, 4 };
const struct pdf_style pdf_body = { 10.5, 0, PDF_LEFT, 0, 4 };
const struct pdf_style pdf_small = { 9, 0, PDF_LEFT, 0.25, 3 };
const struct pdf_style pdf_cell = { 9.5, 0, PDF_LEFT, 0, 0 };
const struct pdf_style pdf_cell_bold = { 9.5, 1, PDF_LEFT, 0, 0 };

#define CELL_PAD 3.0
#define BOTTOM (PDF_PAGE_H - PDF_MARGIN_BOTTOM)

/* Families tried first, in order: what Debian, Kylin and UOS ship. */
static const char *const cjk_families[] = {
	"Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
	"WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "Noto Serif CJK SC",
	"AR PL UMing CN", "AR PL UKai CN", NULL
};

static char chosen_family[256];

/* Is family installed (fontconfig knows it and it covers Chinese)? */
static int family_has_chinese(FcFontSet *set, const char *family)
{
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *f = NULL;

		for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &f) == FcResultMatch; k++)
			if (!strcmp((const char *)f, family))
				return 1;
	}
	return 0;
}

/* The first preferred family installed, else any Chinese font's family. */
static int find_cjk_family(char *out, size_t len, struct ggw_error *err)
{
	FcPattern *pat;
	FcObjectSet *os;
	FcFontSet *set;
	FcChar8 *f = NULL;
	int found = 0;

	if (!FcInit())
		return ggw_fail(err, GGW_EIO, _("无法读取字体配置（fontconfig）"));
	pat = FcNameParse((const FcChar8 *)":lang=zh-cn");
	os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	set = pat && os ? FcFontList(NULL, pat, os) : NULL;
	for (int i = 0; !found && cjk_families[i]; i++)
		if (family_has_chinese(set, cjk_families[i])) {
			snprintf(out, len, "%s", cjk_families[i]);
			found = 1;
		}
	if (!found && set && set->nfont > 0 &&
	    FcPatternGetString(set->fonts[0], FC_FAMILY, 0, &f) == FcResultMatch) {
		snprintf(out, len, "%s", (const char *)f);
		found = 1;
	}
	if (set)
		FcFontSetDestroy(set);
	if (os)
		FcObjectSetDestroy(os);
	if (pat)
		FcPatternDestroy(pat);
	if (!found)
		return ggw_fail(err, GGW_ENOTFOUND,
				_("这台电脑没有中文字体，无法生成 PDF：请安装 fonts-noto-cjk（sudo apt install fonts-noto-cjk）或 fonts-wqy-zenhei"));
	return 0;
}

static cairo_status_t buf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf_buf *b = closure;

	if (b->oom)
		return CAIRO_STATUS_NO_MEMORY;
	if (b->len + len > b->cap) {
		size_t ncap = b->cap ? b->cap : 65536;
		unsigned char *np;

		while (ncap < b->len + len)
			ncap *= 2;
		if (!(np = realloc(b->p, ncap))) {
			b->oom = 1;
			return CAIRO_STATUS_NO_MEMORY;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t null_write(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

int pdf_doc_start(struct pdf_doc *d, int measuring, const char *title, struct ggw_error *err)
{
	int rc, total = d->total, from = d->numbered_from;

	memset(d, 0, sizeof(*d));
	d->total = total;
	d->numbered_from = from;
	d->measuring = d->dry = measuring;
	if (!chosen_family[0] && (rc = find_cjk_family(chosen_family, sizeof(chosen_family), err)) < 0)
		return rc;
	d->surface = cairo_pdf_surface_create_for_stream(measuring ? null_write : buf_write,
							 &d->out, PDF_PAGE_W, PDF_PAGE_H);
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS)
		goto fail;
	if (title && !measuring) {
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "ggw");
	}
	d->cr = cairo_create(d->surface);
	if (cairo_status(d->cr) != CAIRO_STATUS_SUCCESS)
		goto fail;
	d->layout = pango_cairo_create_layout(d->cr);
	d->font = pango_font_description_from_string(chosen_family);
	pango_font_description_set_family(d->font, chosen_family);
	if (!d->layout || !d->font)
		goto fail;
	return 0;
fail:
	pdf_doc_abort(d);
	return ggw_oom(err);
}

void pdf_library_end(void)
{
	/* the font map, cairo's caches and fontconfig's configuration live
	 * until exit; freed here so that leak checkers see only real leaks */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

const char *pdf_doc_family(const struct pdf_doc *d)
{
	(void)d;
	return chosen_family;
}

void pdf_doc_abort(struct pdf_doc *d)
{
	if (d->layout)
		g_object_unref(d->layout);
	if (d->font)
		pango_font_description_free(d->font);
	if (d->cr)
		cairo_destroy(d->cr);
	if (d->surface)
		cairo_surface_destroy(d->surface);
	free(d->out.p);
	d->layout = NULL;
	d->font = NULL;
	d->cr = NULL;
	d->surface = NULL;
	d->out.p = NULL;
}

/* ---- text ---- */

/* Valid UTF-8 with every control character but newline a space. */
static char *clean_text(const char *s)
{
	char *t = g_utf8_make_valid(s ? s : "", -1);

	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n')
			*p = ' ';
		else if ((unsigned char)*p == 0x7f)
			*p = ' ';
	return t;
}

static void set_style(struct pdf_doc *d, const struct pdf_style *st, double width)
{
	static const PangoAlignment align[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
						PANGO_ALIGN_RIGHT };

	pango_font_description_set_absolute_size(d->font, st->size * PANGO_SCALE);
	pango_font_description_set_weight(d->font, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(d->layout, d->font);
	pango_layout_set_width(d->layout, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_wrap(d->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(d->layout, align[st->align]);
}

static void set_text(struct pdf_doc *d, const char *text, const struct pdf_style *st, double width)
{
	char *t = clean_text(text);

	set_style(d, st, width);
	pango_layout_set_text(d->layout, t, -1);
	g_free(t);
}

double pdf_text_height(struct pdf_doc *d, const char *text, const struct pdf_style *st,
		       double width)
{
	int w, h;

	set_text(d, text, st, width);
	pango_layout_get_size(d->layout, &w, &h);
	return (double)h / PANGO_SCALE;
}

double pdf_text_width(struct pdf_doc *d, const char *text, const struct pdf_style *st)
{
	int w, h;

	set_text(d, text, st, -1);
	pango_layout_get_size(d->layout, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* The layout as it stands at (x, top), whole. */
static void show_layout(struct pdf_doc *d, double x, double top, double grey)
{
	if (d->dry)
		return;
	cairo_set_source_rgb(d->cr, grey, grey, grey);
	cairo_move_to(d->cr, x, top);
	pango_cairo_show_layout(d->cr, d->layout);
}

void pdf_text_at(struct pdf_doc *d, const char *text, const struct pdf_style *st, double x,
		 double width)
{
	PangoLayout *lay;
	PangoLayoutIter *it;

	if (!d->page)
		pdf_new_page(d);
	set_text(d, text, st, width);
	/* a copy: a new page's footer lays out its own text on d->layout */
	lay = pango_layout_copy(d->layout);
	it = pango_layout_get_iter(lay);
	do {
		PangoRectangle logical;
		double top, h, base;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		top = (double)logical.y / PANGO_SCALE;
		h = (double)logical.height / PANGO_SCALE;
		base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		if (d->y + h > BOTTOM && d->y > PDF_MARGIN_TOP + 1)
			pdf_new_page(d);
		if (!d->dry) {
			cairo_set_source_rgb(d->cr, st->grey, st->grey, st->grey);
			cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE, d->y + (base - top));
			pango_cairo_show_layout_line(d->cr, pango_layout_iter_get_line_readonly(it));
		}
		d->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(lay);
	d->y += st->space_after;
}

void pdf_text(struct pdf_doc *d, const char *text, const struct pdf_style *st)
{
	pdf_text_at(d, text, st, PDF_MARGIN_X, PDF_TEXT_W);
}

void pdf_heading(struct pdf_doc *d, const char *text, const struct pdf_style *st, double keep)
{
	if (!d->page)
		pdf_new_page(d);
	pdf_need(d, pdf_text_height(d, text, st, PDF_TEXT_W) + st->space_after + keep);
	pdf_text(d, text, st);
}

/* ---- pages ---- */

static void page_footer(struct pdf_doc *d)
{
	char num[96];
	double fy = PDF_PAGE_H - PDF_MARGIN_BOTTOM + 22;

	if (d->dry || d->page < d->numbered_from || d->numbered_from <= 0)
		return;
	if (d->total > 0)
		snprintf(num, sizeof(num), _("第 %d 页 共 %d 页"), d->page, d->total);
	else
		snprintf(num, sizeof(num), _("第 %d 页"), d->page);
	set_text(d, num, &pdf_small, PDF_TEXT_W);
	pango_layout_set_alignment(d->layout, PANGO_ALIGN_CENTER);
	show_layout(d, PDF_MARGIN_X, fy, 0.2);
	if (d->running[0]) {
		set_text(d, d->running, &pdf_small, PDF_TEXT_W / 2 - 40);
		pango_layout_set_ellipsize(d->layout, PANGO_ELLIPSIZE_END);
		show_layout(d, PDF_MARGIN_X, fy, 0.4);
		pango_layout_set_ellipsize(d->layout, PANGO_ELLIPSIZE_NONE);
	}
	cairo_set_source_rgb(d->cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(d->cr, 0.5);
	cairo_move_to(d->cr, PDF_MARGIN_X, fy - 4);
	cairo_line_to(d->cr, PDF_PAGE_W - PDF_MARGIN_X, fy - 4);
	cairo_stroke(d->cr);
}

void pdf_new_page(struct pdf_doc *d)
{
	if (d->page && !d->dry) {
		page_footer(d);
		cairo_show_page(d->cr);
	}
	d->page++;
	d->y = PDF_MARGIN_TOP;
}

void pdf_need(struct pdf_doc *d, double need)
{
	if (!d->page || (d->y + need > BOTTOM && d->y > PDF_MARGIN_TOP + 1))
		pdf_new_page(d);
}

void pdf_skip(struct pdf_doc *d, double points)
{
	d->y += points;
	if (d->y > BOTTOM)
		pdf_new_page(d);
}

int pdf_doc_finish(struct pdf_doc *d, const char *path, struct ggw_error *err)
{
	int rc = 0;

	d->dry = d->measuring;
	if (d->page)
		page_footer(d);
	else
		pdf_new_page(d); /* never a PDF without a page */
	if (!d->dry)
		cairo_show_page(d->cr);
	g_object_unref(d->layout);
	d->layout = NULL;
	cairo_destroy(d->cr);
	d->cr = NULL;
	cairo_surface_finish(d->surface);
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS || d->out.oom)
		rc = ggw_fail(err, GGW_EIO, _("生成 PDF 失败：%s"),
			      cairo_status_to_string(cairo_surface_status(d->surface)));
	if (rc == 0 && !d->measuring && path)
		rc = atomic_write(path, d->out.p, d->out.len, err);
	pdf_doc_abort(d);
	return rc;
}

/* ---- signatures, outline, contents ---- */

void pdf_sign_lines(struct pdf_doc *d, const char *const *labels, size_t n)
{
	const double row_h = 30, half = PDF_TEXT_W / 2;

	pdf_need(d, row_h * (double)((n + 1) / 2) + 10);
	d->y += 10;
	for (size_t i = 0; i < n; i++) {
		double x = PDF_MARGIN_X + (i % 2 ? half : 0), lw;
		char label[256];

		snprintf(label, sizeof(label), "%s%s", labels[i], _("："));
		lw = pdf_text_width(d, label, &pdf_body);
		show_layout(d, x, d->y, 0);
		if (d->dry)
			goto next;
		cairo_set_source_rgb(d->cr, 0, 0, 0);
		cairo_set_line_width(d->cr, 0.6);
		cairo_move_to(d->cr, x + lw + 2, d->y + pdf_body.size * 1.3);
		cairo_line_to(d->cr, x + half - 16, d->y + pdf_body.size * 1.3);
		cairo_stroke(d->cr);
next:
		if (i % 2 || i + 1 == n)
			d->y += row_h;
	}
}

void pdf_outline(struct pdf_doc *d, const char *text, int level)
{
	static int parents[2];
	char dest[32], *t;
	int id;

	if (d->dry || !d->page)
		return;
	t = clean_text(text);
	snprintf(dest, sizeof(dest), "page=%d", d->page);
	id = cairo_pdf_surface_add_outline(d->surface,
					   level > 0 ? parents[0] : CAIRO_PDF_OUTLINE_ROOT, t, dest,
					   0);
	if (level == 0)
		parents[0] = id;
	g_free(t);
}

void pdf_toc_line(struct pdf_doc *d, const char *text, int page, int level)
{
	const double indent = level * 18.0, num_w = 40;
	char num[16], link[32];
	double h, tw;

	snprintf(num, sizeof(num), "%d", page);
	h = pdf_text_height(d, text, &pdf_body, PDF_TEXT_W - indent - num_w - 20);
	pdf_need(d, h + 6);
	snprintf(link, sizeof(link), "page=%d", page);
	if (d->dry) {
		d->y += h + 6;
		return;
	}
	cairo_tag_begin(d->cr, CAIRO_TAG_LINK, link);
	tw = pdf_text_width(d, text, &pdf_body);
	show_layout(d, PDF_MARGIN_X + indent, d->y, 0);
	/* leader dots from the text to the number */
	cairo_set_source_rgb(d->cr, 0.5, 0.5, 0.5);
	for (double x = PDF_MARGIN_X + indent + tw + 6; x < PDF_PAGE_W - PDF_MARGIN_X - num_w; x += 5) {
		cairo_arc(d->cr, x, d->y + pdf_body.size * 0.95, 0.6, 0, 6.2832);
		cairo_fill(d->cr);
	}
	set_text(d, num, &pdf_body, num_w);
	pango_layout_set_alignment(d->layout, PANGO_ALIGN_RIGHT);
	show_layout(d, PDF_PAGE_W - PDF_MARGIN_X - num_w, d->y, 0);
	cairo_tag_end(d->cr, CAIRO_TAG_LINK);
	d->y += h + 6;
}

/* ---- tables ---- */

static const char *cell_or_empty(const char *const *cells, size_t i)
{
	return cells && cells[i] ? cells[i] : "";
}

/* Widths: each column's widest line (header bold), figures kept whole;
 * text columns share what is left in proportion to their natural width. */
static void size_columns(struct pdf_doc *d, struct pdf_table *t, const char *const *rows,
			 size_t nrows)
{
	double nat[PDF_TABLE_MAX_COLS] = { 0 }, fixed = 0, text = 0, avail;

	for (size_t c = 0; c < t->ncols; c++) {
		if (t->head)
			nat[c] = pdf_text_width(d, cell_or_empty(t->head, c), &pdf_cell_bold);
		for (size_t r = 0; r < nrows; r++) {
			double w = pdf_text_width(d, cell_or_empty(rows, r * t->ncols + c), &pdf_cell);

			if (w > nat[c])
				nat[c] = w;
		}
		nat[c] += 2 * CELL_PAD + 1;
		if (t->num && t->num[c])
			fixed += nat[c];
		else
			text += nat[c];
	}
	avail = PDF_TEXT_W - fixed;
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->num && t->num[c])
			t->w[c] = nat[c];
		else
			t->w[c] = text > 0 ? avail * nat[c] / text : 0;
	}
	if (fixed + text < PDF_TEXT_W || avail < 40 * (double)t->ncols) {
		/* room to spare, or figures too wide: scale everything */
		double sum = fixed + text;

		for (size_t c = 0; c < t->ncols; c++)
			t->w[c] = PDF_TEXT_W * nat[c] / sum;
	}
}

static double row_height(struct pdf_doc *d, const struct pdf_table *t, const char *const *cells,
			 const struct pdf_style *st)
{
	double h = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		double ch = pdf_text_height(d, cell_or_empty(cells, c), st, t->w[c] - 2 * CELL_PAD);

		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PAD;
}

static void draw_row(struct pdf_doc *d, const struct pdf_table *t, const char *const *cells,
		     const struct pdf_style *st, double h, double fill, double grey)
{
	double x = PDF_MARGIN_X;

	for (size_t c = 0; !d->dry && c < t->ncols; c++) {
		if (fill < 1) {
			cairo_set_source_rgb(d->cr, fill, fill, fill);
			cairo_rectangle(d->cr, x, d->y, t->w[c], h);
			cairo_fill(d->cr);
		}
		set_text(d, cell_or_empty(cells, c), st, t->w[c] - 2 * CELL_PAD);
		if (t->num && t->num[c])
			pango_layout_set_alignment(d->layout, PANGO_ALIGN_RIGHT);
		show_layout(d, x + CELL_PAD, d->y + CELL_PAD, grey);
		cairo_set_source_rgb(d->cr, 0.45, 0.45, 0.45);
		cairo_set_line_width(d->cr, 0.5);
		cairo_rectangle(d->cr, x, d->y, t->w[c], h);
		cairo_stroke(d->cr);
		x += t->w[c];
	}
	d->y += h;
}

static void draw_header(struct pdf_doc *d, struct pdf_table *t)
{
	if (t->head)
		draw_row(d, t, t->head, &pdf_cell_bold, row_height(d, t, t->head, &pdf_cell_bold),
			 0.9, 0);
}

void pdf_table_begin(struct pdf_doc *d, struct pdf_table *t, const char *const *rows,
		     size_t nrows, const double *fixed)
{
	double first;

	if (t->ncols > PDF_TABLE_MAX_COLS)
		t->ncols = PDF_TABLE_MAX_COLS;
	if (fixed)
		for (size_t c = 0; c < t->ncols; c++)
			t->w[c] = PDF_TEXT_W * fixed[c];
	else
		size_columns(d, t, rows, nrows);
	first = nrows ? row_height(d, t, rows, &pdf_cell) : 0;
	pdf_need(d, (t->head ? row_height(d, t, t->head, &pdf_cell_bold) : 0) + first);
	draw_header(d, t);
}

void pdf_table_row(struct pdf_doc *d, struct pdf_table *t, const char *const *cells,
		   enum pdf_row_kind kind)
{
	const struct pdf_style *st = kind == PDF_ROW_PLAIN ? &pdf_cell : &pdf_cell_bold;
	double h = row_height(d, t, cells, st);

	if (h > BOTTOM - PDF_MARGIN_TOP - 40) {
		/* taller than a page (a very long value): the first cell bold,
		 * the others as text that flows across pages */
		pdf_text(d, cell_or_empty(cells, 0), &pdf_cell_bold);
		for (size_t c = 1; c < t->ncols; c++) {
			if (t->head && t->ncols > 2)
				pdf_text(d, cell_or_empty(t->head, c), &pdf_cell_bold);
			pdf_text(d, cell_or_empty(cells, c), st);
		}
		d->y += 4;
		return;
	}
	if (d->y + h > BOTTOM && d->y > PDF_MARGIN_TOP + 1) {
		pdf_new_page(d);
		draw_header(d, t);
	}
	draw_row(d, t, cells, st, h, kind == PDF_ROW_TOTAL ? 0.95 : kind == PDF_ROW_LABEL ? 0.96 : 1, 0);
	if (kind == PDF_ROW_SHORT) {
		/* shortfall rows: a mark in the margin, as the text format's " !" */
		set_text(d, "!", &pdf_cell_bold, 10);
		show_layout(d, PDF_PAGE_W - PDF_MARGIN_X + 3, d->y - h + CELL_PAD, 0);
	}
}
