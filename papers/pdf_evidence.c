/* Evidence thumbnails and lines (see pdf_evidence.h). */
#include "pdf_evidence.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "../model/fields_more.h"
#include "../model/i18n.h"
#include "../model/sbuf.h"
#include "../records/evidence.h"
#include "../storage/image.h"

#define GAP 14.0
#define CELL_W ((PDF_TEXT_W - GAP) / 2)
#define BOX_H (CELL_W * 0.75)
#define THUMB_QUALITY 80

static const struct pdf_style caption_style = { 9.5, 0, PDF_LEFT, 0, 1 };
static const struct pdf_style meta_style = { 8, 0, PDF_LEFT, 0.35, 0 };
static const struct pdf_style notice_style = { 10, 0, PDF_CENTER, 0.3, 0 };

enum shape { SHOW_THUMB, SHOW_MISSING_PHOTO, SHOW_LINE };

/* One entry of the list with its bytes, as it will be shown. */
struct ev_file {
	const char *sha, *kind, *caption;
	int minors;
	struct sbuf bytes;
	int present;          /* bytes read */
	const char *format;   /* "JPEG", "PNG", "PDF", NULL: other */
	enum shape shape;
	char why[200];        /* a read error other than "not here" */
};

static int is_true(const char *s)
{
	return s && !strcmp(s, "true");
}

static const char *kind_label(const char *kind)
{
	int i = enum_index(enum_evidence_kind, kind ? kind : "");

	return i >= 0 ? _(enum_evidence_kind[i].label) : _("其他文件");
}

void pdf_evidence_count(const struct node *ev, struct pdf_evidence_stats *st)
{
	for (size_t i = 0; ev && ev->kind == NODE_SEQ && i < ev->count; i++) {
		const char *kind = node_map_str(&ev->kids[i], "kind");

		st->photos += kind && !strcmp(kind, "photo");
		st->minors += is_true(node_map_str(&ev->kids[i], "minors_visible"));
	}
}

static const char *format_of(const struct sbuf *b)
{
	const unsigned char *p = (const unsigned char *)b->s;

	if (b->len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "JPEG";
	if (b->len >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return "PNG";
	if (b->len >= 5 && !memcmp(p, "%PDF-", 5))
		return "PDF";
	return NULL;
}

/* Read an entry's bytes (this PC may not hold them) and decide how it shows. */
static void ev_load(struct repo *r, const struct node *item, struct ev_file *f)
{
	struct ggw_error err = { 0, "" };
	int rc;

	memset(f, 0, sizeof(*f));
	f->sha = node_map_str(item, "sha256");
	f->kind = node_map_str(item, "kind");
	f->caption = node_map_str(item, "caption");
	f->minors = is_true(node_map_str(item, "minors_visible"));
	rc = f->sha && r ? evidence_read(r, f->sha, &f->bytes, &err) : GGW_ENOTFOUND;
	if (rc == 0) {
		f->present = 1;
		f->format = format_of(&f->bytes);
	} else if (rc != GGW_ENOTFOUND) {
		snprintf(f->why, sizeof(f->why), "%s", err.msg);
	}
	if (f->present && f->format && strcmp(f->format, "PDF"))
		f->shape = SHOW_THUMB;
	else if (!f->present && !f->why[0] && f->kind && !strcmp(f->kind, "photo"))
		f->shape = SHOW_MISSING_PHOTO;
	else
		f->shape = SHOW_LINE;
}

static void short_digest(const char *sha, char *buf, size_t len)
{
	snprintf(buf, len, "%.12s", sha ? sha : "");
}

/* ---- thumbnails ---- */

/* RGB rows into a cairo image surface (xRGB words). */
static cairo_surface_t *surface_from_rgb(const unsigned char *rgb, int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	unsigned char *data;
	int stride;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		return s;
	cairo_surface_flush(s);
	data = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++) {
		uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
		const unsigned char *p = rgb + (size_t)y * (size_t)w * 3;

		for (int x = 0; x < w; x++, p += 3)
			row[x] = 0xff000000u | (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	}
	cairo_surface_mark_dirty(s);
	return s;
}

/* The thumbnail of a stored photo: a small JPEG made from it, decoded for
 * the surface and attached as the surface's JPEG data, so the PDF embeds
 * the JPEG (DCT) rather than the pixels (Flate, ten times the size).
 * NULL with why filled when the file does not decode. */
static cairo_surface_t *thumb_surface(const struct ev_file *f, char *why, size_t why_len)
{
	struct image_opts o;
	struct image_result small;
	struct ggw_error err = { 0, "" };
	unsigned char *rgb = NULL;
	cairo_surface_t *s;
	char *uid;
	int w = 0, h = 0, have_jpeg;

	image_opts_default(&o);
	o.max_side = PDF_EVIDENCE_THUMB_SIDE;
	o.quality = THUMB_QUALITY;
	have_jpeg = image_prepare_mem(f->bytes.s, f->bytes.len, f->sha, &o, &small, &err) == 0 &&
		    image_decode_rgb(small.bytes.s, small.bytes.len, PDF_EVIDENCE_THUMB_SIDE, &rgb, &w,
				     &h, &err) == 0;
	if (!have_jpeg) {
		image_result_free(&small);
		if (image_decode_rgb(f->bytes.s, f->bytes.len, PDF_EVIDENCE_THUMB_SIDE, &rgb, &w, &h,
				     &err) < 0) {
			snprintf(why, why_len, "%s", err.msg);
			return NULL;
		}
	}
	s = surface_from_rgb(rgb, w, h);
	free(rgb);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		image_result_free(&small);
		snprintf(why, why_len, "%s", _("内存不足"));
		return NULL;
	}
	if (have_jpeg && w == small.width && h == small.height &&
	    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, (unsigned char *)small.bytes.s,
					small.bytes.len, free, small.bytes.s) == CAIRO_STATUS_SUCCESS)
		small.bytes.s = NULL; /* the surface owns it now */
	image_result_free(&small);
	/* the same photo cited twice is embedded once */
	if ((uid = strdup(f->sha ? f->sha : "")) &&
	    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (unsigned char *)uid,
					strlen(uid), free, uid) != CAIRO_STATUS_SUCCESS)
		free(uid);
	return s;
}

static void box_frame(struct pdf_doc *d, double x, double y, int dashed)
{
	const double dash[1] = { 3 };

	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(d->cr, 0.5);
	if (dashed)
		cairo_set_dash(d->cr, dash, 1, 0);
	cairo_rectangle(d->cr, x, y, CELL_W, BOX_H);
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
}

/* A line of grey text centred in the box at (x, y). */
static void box_notice(struct pdf_doc *d, double x, double y, const char *text)
{
	double keep = d->y;

	d->y = y + BOX_H / 2 - 8;
	pdf_text_at(d, text, &notice_style, x + 6, CELL_W - 12);
	d->y = keep;
}

/* The picture (or what stands for it) in the box at (x, y). */
static void draw_box(struct pdf_doc *d, const struct ev_file *f, double x, double y)
{
	cairo_surface_t *s;
	char why[200], line[300];
	double w, h, scale;

	if (d->dry)
		return;
	if (f->shape == SHOW_MISSING_PHOTO) {
		box_frame(d, x, y, 1);
		box_notice(d, x, y, _("照片未同步到本机"));
		return;
	}
	if (!(s = thumb_surface(f, why, sizeof(why)))) {
		box_frame(d, x, y, 1);
		snprintf(line, sizeof(line), _("照片无法显示：%s"), why);
		box_notice(d, x, y, line);
		return;
	}
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	scale = CELL_W / w < BOX_H / h ? CELL_W / w : BOX_H / h;
	cairo_save(d->cr);
	cairo_translate(d->cr, x + (CELL_W - w * scale) / 2, y + (BOX_H - h * scale) / 2);
	cairo_scale(d->cr, scale, scale);
	cairo_set_source_surface(d->cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(d->cr), CAIRO_FILTER_GOOD);
	cairo_paint(d->cr);
	cairo_restore(d->cr);
	cairo_surface_destroy(s);
}

/* Caption under the box: "图 n　caption", then kind, digest, minors. */
static void cell_texts(const struct ev_file *f, size_t n, char *cap, size_t cap_len, char *meta,
		       size_t meta_len)
{
	char dig[16];

	short_digest(f->sha, dig, sizeof(dig));
	snprintf(cap, cap_len, _("图 %zu　%s"), n, f->caption && *f->caption ? f->caption : kind_label(f->kind));
	snprintf(meta, meta_len, "%s · %s%s", kind_label(f->kind), dig,
		 f->minors ? _(" · 拍到未成年人") : "");
}

static double cell_height(struct pdf_doc *d, const struct ev_file *f, size_t n)
{
	char cap[600], meta[200];

	cell_texts(f, n, cap, sizeof(cap), meta, sizeof(meta));
	return BOX_H + 4 + pdf_text_height(d, cap, &caption_style, CELL_W) + caption_style.space_after +
	       pdf_text_height(d, meta, &meta_style, CELL_W);
}

/* One row of one or two cells (cells[1] may be NULL); numbers n, n+1. */
static void draw_row(struct pdf_doc *d, struct ev_file *const cells[2], size_t n)
{
	double hgt = 0, top, bottom;

	for (int c = 0; c < 2 && cells[c]; c++) {
		double ch = cell_height(d, cells[c], n + (size_t)c);

		hgt = ch > hgt ? ch : hgt;
	}
	pdf_need(d, hgt + 10);
	top = bottom = d->y;
	for (int c = 0; c < 2 && cells[c]; c++) {
		double x = PDF_MARGIN_X + c * (CELL_W + GAP);
		char cap[600], meta[200];

		draw_box(d, cells[c], x, top);
		cell_texts(cells[c], n + (size_t)c, cap, sizeof(cap), meta, sizeof(meta));
		d->y = top + BOX_H + 4;
		pdf_text_at(d, cap, &caption_style, x, CELL_W);
		pdf_text_at(d, meta, &meta_style, x, CELL_W);
		bottom = d->y > bottom ? d->y : bottom;
	}
	d->y = bottom + 10;
}

/* ---- lines ---- */

static void draw_line(struct pdf_doc *d, const struct ev_file *f)
{
	char line[900], dig[16], what[300];

	short_digest(f->sha, dig, sizeof(dig));
	if (f->present)
		snprintf(what, sizeof(what), _("%s，%zu KB，%s"), f->format ? f->format : _("文件"),
			 (f->bytes.len + 1023) / 1024, dig);
	else if (f->why[0])
		snprintf(what, sizeof(what), _("读不了：%s"), f->why);
	else
		snprintf(what, sizeof(what), _("未同步到本机，%s"), dig);
	snprintf(line, sizeof(line), "%s：%s（%s）%s", kind_label(f->kind),
		 f->caption && *f->caption ? f->caption : _("（无说明）"), what,
		 f->minors ? _("，拍到未成年人") : "");
	pdf_text(d, line, &pdf_body);
}

void pdf_evidence_render(struct pdf_doc *d, struct repo *r, const struct node *ev,
			 struct pdf_evidence_stats *st)
{
	size_t n = ev && ev->kind == NODE_SEQ ? ev->count : 0, k = 0, thumbs = 0, shown = 0;
	struct ev_file *files, *row[2] = { NULL, NULL };
	char head[128];

	if (!n)
		return;
	if (!(files = calloc(n, sizeof(*files)))) {
		pdf_text(d, _("（内存不足，佐证材料没有印出）"), &pdf_small);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		ev_load(r, &ev->kids[i], &files[i]);
		if (st) {
			st->photos += files[i].kind && !strcmp(files[i].kind, "photo");
			st->minors += files[i].minors;
			st->missing += !files[i].present;
		}
		thumbs += files[i].shape != SHOW_LINE;
	}
	snprintf(head, sizeof(head), _("佐证材料（%zu 件）"), n);
	pdf_heading(d, head, &pdf_h2, thumbs ? BOX_H + 40 : 30);
	for (size_t i = 0; i < n; i++) {
		if (files[i].shape == SHOW_LINE)
			continue;
		row[k++] = &files[i];
		shown++;
		if (k == 2) {
			draw_row(d, row, shown - 1);
			row[0] = row[1] = NULL;
			k = 0;
		}
	}
	if (k)
		draw_row(d, row, shown);
	for (size_t i = 0; i < n; i++)
		if (files[i].shape == SHOW_LINE)
			draw_line(d, &files[i]);
	d->y += 6;
	for (size_t i = 0; i < n; i++)
		free(files[i].bytes.s);
	free(files);
}
