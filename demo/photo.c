/* ggw-demo-photo: the demo ledger's evidence, drawn (no real people, no
 * real children): activity "photos" of a hall, a meeting room, an outdoor
 * site, a shop front or a home visit, with the event's red banner and a
 * watermark-camera stamp, written as a phone writes them (JPEG with EXIF
 * orientation, GPS and a camera serial, so that `ggw attach` has
 * something to turn upright and strip); and sign-in sheets (签到表) as a
 * PDF scan or a phone picture of the paper. One process for every file:
 * specifications on standard input, one per line, fields split by tabs:
 *   photo OUT W H ORIENTATION SCENE SEED BANNER SCREEN STAMP(| a new line)
 *   sheet OUT(.pdf|.jpg) SEED TITLE INFO NAMES(、-joined) FOOTNOTE
 * Used by demo/build.py; not installed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "../tests/unit/phone_jpeg.h"

#define FONT "Noto Sans CJK SC, WenQuanYi Zen Hei, Droid Sans Fallback, sans"
#define MAX_FIELDS 10

static uint32_t seed_state = 1;

static double rnd(void)
{
	seed_state = seed_state * 1103515245u + 12345u;
	return (double)((seed_state >> 8) & 0xffff) / 65536.0;
}

static void text(cairo_t *cr, const char *s, double x, double y, double w, double size, int bold,
		 int centre, double r, double g, double b)
{
	PangoLayout *lay = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);

	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(lay, fd);
	pango_layout_set_width(lay, (int)(w * PANGO_SCALE));
	pango_layout_set_alignment(lay, centre ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	pango_layout_set_text(lay, s, -1);
	cairo_set_source_rgb(cr, r, g, b);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, lay);
	pango_font_description_free(fd);
	g_object_unref(lay);
}

/* ---- scenes, in a W x H frame ---- */

static void banner(cairo_t *cr, double x, double y, double w, double h, const char *s)
{
	cairo_set_source_rgb(cr, 0.78, 0.06, 0.06);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
	text(cr, s, x, y + h * 0.18, w, h * 0.5, 1, 1, 1, 0.95, 0.8);
}

/* Chair backs and the backs of heads (no faces): an audience. */
static void audience(cairo_t *cr, double W, double H, double top, int rows)
{
	for (int r = 0; r < rows; r++) {
		double y = top + r * (H - top) / rows, s = (H - top) / rows;
		int n = 7 + r * 2;

		for (int i = 0; i < n; i++) {
			double x = (i + 0.5) * W / n + (rnd() - 0.5) * s * 0.2;
			double g = 0.05 + rnd() * 0.15;

			cairo_set_source_rgb(cr, 0.2 + rnd() * 0.3, 0.2 + rnd() * 0.2, 0.35 + rnd() * 0.3);
			cairo_rectangle(cr, x - s * 0.42, y + s * 0.42, s * 0.84, s * 0.7);
			cairo_fill(cr);
			cairo_set_source_rgb(cr, g, g, g);
			cairo_arc(cr, x, y + s * 0.3, s * 0.22, 0, 2 * M_PI);
			cairo_fill(cr);
		}
	}
}

static void wall_floor(cairo_t *cr, double W, double H, double split)
{
	cairo_pattern_t *p = cairo_pattern_create_linear(0, 0, 0, H * split);

	cairo_pattern_add_color_stop_rgb(p, 0, 0.93, 0.9, 0.82);
	cairo_pattern_add_color_stop_rgb(p, 1, 0.82, 0.78, 0.7);
	cairo_set_source(cr, p);
	cairo_rectangle(cr, 0, 0, W, H * split);
	cairo_fill(cr);
	cairo_pattern_destroy(p);
	cairo_set_source_rgb(cr, 0.55, 0.4, 0.28);
	cairo_rectangle(cr, 0, H * split, W, H * (1 - split));
	cairo_fill(cr);
}

static void scene_hall(cairo_t *cr, double W, double H, const char *ban, const char *screen)
{
	wall_floor(cr, W, H, 0.62);
	banner(cr, W * 0.08, H * 0.05, W * 0.84, H * 0.1, ban);
	cairo_set_source_rgb(cr, 0.15, 0.2, 0.35);
	cairo_rectangle(cr, W * 0.22, H * 0.19, W * 0.56, H * 0.34);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.9, 0.93, 0.97);
	cairo_rectangle(cr, W * 0.235, H * 0.205, W * 0.53, H * 0.31);
	cairo_fill(cr);
	text(cr, screen, W * 0.25, H * 0.3, W * 0.5, H * 0.045, 1, 1, 0.7, 0.1, 0.1);
	cairo_set_source_rgb(cr, 0.45, 0.22, 0.1);
	cairo_rectangle(cr, W * 0.82, H * 0.42, W * 0.1, H * 0.2);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.85, 0.1, 0.2);
	cairo_arc(cr, W * 0.87, H * 0.42, H * 0.025, 0, 2 * M_PI);
	cairo_fill(cr);
	audience(cr, W, H, H * 0.6, 3);
}

static void scene_meeting(cairo_t *cr, double W, double H, const char *ban, const char *screen)
{
	wall_floor(cr, W, H, 0.45);
	banner(cr, W * 0.1, H * 0.06, W * 0.8, H * 0.1, ban);
	text(cr, screen, W * 0.1, H * 0.22, W * 0.8, H * 0.04, 0, 1, 0.3, 0.3, 0.3);
	cairo_set_source_rgb(cr, 0.42, 0.25, 0.14);
	cairo_save(cr);
	cairo_translate(cr, W / 2, H * 0.7);
	cairo_scale(cr, W * 0.42, H * 0.17);
	cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
	cairo_restore(cr);
	cairo_fill(cr);
	for (int i = 0; i < 10; i++) {
		double a = i * 2 * M_PI / 10, x = W / 2 + cos(a) * W * 0.34, y = H * 0.7 + sin(a) * H * 0.12;

		cairo_set_source_rgb(cr, 0.97, 0.97, 0.95);
		cairo_arc(cr, x, y, H * 0.018, 0, 2 * M_PI);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.9, 0.85, 0.7);
		cairo_rectangle(cr, x + H * 0.03, y - H * 0.015, W * 0.05, H * 0.025);
		cairo_fill(cr);
	}
}

static void scene_outdoor(cairo_t *cr, double W, double H, const char *ban, const char *screen)
{
	cairo_pattern_t *p = cairo_pattern_create_linear(0, 0, 0, H * 0.55);

	cairo_pattern_add_color_stop_rgb(p, 0, 0.45, 0.65, 0.92);
	cairo_pattern_add_color_stop_rgb(p, 1, 0.8, 0.88, 0.96);
	cairo_set_source(cr, p);
	cairo_paint(cr);
	cairo_pattern_destroy(p);
	cairo_set_source_rgb(cr, 0.35, 0.6, 0.25);
	cairo_rectangle(cr, 0, H * 0.55, W, H * 0.45);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.92, 0.9, 0.86);
	cairo_rectangle(cr, W * 0.55, H * 0.2, W * 0.38, H * 0.36);
	cairo_fill(cr);
	text(cr, screen, W * 0.55, H * 0.24, W * 0.38, H * 0.04, 1, 1, 0.6, 0.1, 0.1);
	for (int i = 0; i < 5; i++) {
		double x = W * (0.05 + 0.1 * i), y = H * (0.42 + 0.04 * rnd());

		cairo_set_source_rgb(cr, 0.4, 0.28, 0.15);
		cairo_rectangle(cr, x - W * 0.008, y, W * 0.016, H * 0.16);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.15, 0.45 + rnd() * 0.2, 0.15);
		cairo_arc(cr, x, y, H * (0.07 + 0.03 * rnd()), 0, 2 * M_PI);
		cairo_fill(cr);
	}
	banner(cr, W * 0.15, H * 0.62, W * 0.7, H * 0.09, ban);
	audience(cr, W, H, H * 0.78, 1);
}

static void scene_shop(cairo_t *cr, double W, double H, const char *ban, const char *screen)
{
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.62);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.1, 0.25, 0.55);
	cairo_rectangle(cr, W * 0.08, H * 0.1, W * 0.84, H * 0.14);
	cairo_fill(cr);
	text(cr, screen, W * 0.08, H * 0.13, W * 0.84, H * 0.07, 1, 1, 1, 1, 1);
	cairo_set_source_rgb(cr, 0.2, 0.22, 0.25);
	cairo_rectangle(cr, W * 0.35, H * 0.3, W * 0.3, H * 0.6);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.98, 0.98, 0.95);
	cairo_rectangle(cr, W * 0.7, H * 0.35, W * 0.2, H * 0.25);
	cairo_fill(cr);
	text(cr, "未成年人\n禁止入内", W * 0.7, H * 0.39, W * 0.2, H * 0.05, 1, 1, 0.8, 0, 0);
	banner(cr, W * 0.5, H * 0.86, W * 0.46, H * 0.08, ban);
}

static void scene_home(cairo_t *cr, double W, double H, const char *ban, const char *screen)
{
	wall_floor(cr, W, H, 0.58);
	cairo_set_source_rgb(cr, 0.55, 0.3, 0.15);
	cairo_rectangle(cr, W * 0.1, H * 0.15, W * 0.2, H * 0.43);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.6, 0.4, 0.22);
	cairo_rectangle(cr, W * 0.35, H * 0.55, W * 0.55, H * 0.06);
	cairo_fill(cr);
	for (int i = 0; i < 4; i++) {
		cairo_set_source_rgb(cr, 0.2 + 0.6 * rnd(), 0.2 + 0.6 * rnd(), 0.2 + 0.6 * rnd());
		cairo_rectangle(cr, W * (0.4 + 0.12 * i), H * 0.4, W * 0.09, H * 0.15);
		cairo_fill(cr);
	}
	text(cr, screen, W * 0.35, H * 0.2, W * 0.55, H * 0.045, 1, 1, 0.6, 0.1, 0.1);
	banner(cr, W * 0.38, H * 0.68, W * 0.5, H * 0.08, ban);
}

/* The watermark camera's stamp: time and place, bottom left. */
static void stamp(cairo_t *cr, double W, double H, const char *s)
{
	cairo_set_source_rgba(cr, 0, 0, 0, 0.45);
	cairo_rectangle(cr, W * 0.03, H * 0.85, W * 0.42, H * 0.12);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 1, 0.75, 0.1);
	cairo_rectangle(cr, W * 0.03, H * 0.85, W * 0.008, H * 0.12);
	cairo_fill(cr);
	text(cr, s, W * 0.05, H * 0.865, W * 0.4, H * 0.033, 0, 0, 1, 1, 1);
}

/* ---- writing a JPEG as a phone does ---- */

struct surface_rows {
	const unsigned char *data;
	int stride;
};

/* A row of the surface's pixels, with a little sensor noise. */
static void surface_row(int y, unsigned char *row, int w, void *d)
{
	const struct surface_rows *sr = d;
	const uint32_t *px = (const uint32_t *)(const void *)(sr->data + (size_t)y * (size_t)sr->stride);

	for (int x = 0; x < w; x++) {
		int noise = (int)(rnd() * 5) - 2;

		for (int c = 0; c < 3; c++) {
			int v = (int)((px[x] >> (16 - 8 * c)) & 0xff) + noise;

			row[x * 3 + c] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
	}
}

/* The surface as a phone's JPEG (tests/unit/phone_jpeg.c): EXIF with the
 * orientation, GPS and a serial unless orientation is 0. */
static int write_jpeg(cairo_surface_t *s, const char *out, int orientation, int quality)
{
	struct phone_exif x = { orientation, "DemoPhone", "DEMO-0001234", 30, 0 };
	struct surface_rows sr;
	struct phone_jpeg p = { cairo_image_surface_get_width(s), cairo_image_surface_get_height(s),
				quality, 3, 0, orientation ? &x : NULL, NULL, surface_row, &sr };

	cairo_surface_flush(s);
	sr.data = cairo_image_surface_get_data(s);
	sr.stride = cairo_image_surface_get_stride(s);
	return phone_jpeg_write(&p, out) < 0 ? 1 : 0;
}

/* A photo of the scene, upright W x H; orientation 6 stores it turned
 * (as a phone held upright does) and says so in EXIF. */
static int make_photo(char **fld)
{
	int W = atoi(fld[2]), H = atoi(fld[3]), orient = atoi(fld[4]), turned = orient == 6, rc;
	cairo_surface_t *s;
	cairo_t *cr;
	cairo_matrix_t m;

	if (W < 16 || H < 16 || W > 8000 || H > 8000)
		return 1;
	seed_state = (uint32_t)strtoul(fld[6], NULL, 10) | 1;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, turned ? H : W, turned ? W : H);
	cr = cairo_create(s);
	if (turned) {
		/* stored (sx, sy) = (uy, W - ux): turning it clockwise shows it upright */
		cairo_matrix_init(&m, 0, -1, 1, 0, 0, W);
		cairo_set_matrix(cr, &m);
	}
	{
		/* each shot framed a little differently: zoomed in, moved */
		double z = 1 + 0.3 * rnd();

		cairo_save(cr);
		cairo_translate(cr, -(z - 1) * W * rnd(), -(z - 1) * H * rnd());
		cairo_scale(cr, z, z);
	}
	if (!strcmp(fld[5], "meeting"))
		scene_meeting(cr, W, H, fld[7], fld[8]);
	else if (!strcmp(fld[5], "outdoor"))
		scene_outdoor(cr, W, H, fld[7], fld[8]);
	else if (!strcmp(fld[5], "shop"))
		scene_shop(cr, W, H, fld[7], fld[8]);
	else if (!strcmp(fld[5], "home"))
		scene_home(cr, W, H, fld[7], fld[8]);
	else
		scene_hall(cr, W, H, fld[7], fld[8]);
	cairo_restore(cr);
	for (char *p = fld[9]; *p; p++)
		if (*p == '|')
			*p = '\n';
	stamp(cr, W, H, fld[9]);
	cairo_destroy(cr);
	rc = write_jpeg(s, fld[1], orient ? orient : 1, 85);
	cairo_surface_destroy(s);
	return rc;
}

/* ---- sign-in sheets: A4 in points ---- */

static void squiggle(cairo_t *cr, double x, double y, double w)
{
	cairo_set_source_rgb(cr, 0.1, 0.15, 0.5);
	cairo_set_line_width(cr, 1.1);
	cairo_move_to(cr, x, y);
	for (int i = 0; i < 4; i++)
		cairo_rel_curve_to(cr, w * 0.08, -6 - 4 * rnd(), w * 0.12, 8 * rnd(), w * 0.2, -2 + 4 * rnd());
	cairo_stroke(cr);
}

static void draw_sheet(cairo_t *cr, const char *title, const char *info, const char *names,
		       const char *foot)
{
	const double x0 = 60, w = 475, rh = 30;
	double y = 150;
	int n = 0;
	char name[128];

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	text(cr, title, x0, 60, w, 20, 1, 1, 0, 0, 0);
	text(cr, info, x0, 100, w, 11, 0, 0, 0.1, 0.1, 0.1);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.8);
	text(cr, "序号", x0 + 4, y - 22, 60, 11, 1, 0, 0, 0, 0);
	text(cr, "姓名", x0 + 64, y - 22, 120, 11, 1, 0, 0, 0, 0);
	text(cr, "身份", x0 + 184, y - 22, 140, 11, 1, 0, 0, 0, 0);
	text(cr, "签名", x0 + 334, y - 22, 140, 11, 1, 0, 0, 0, 0);
	for (const char *p = names; *p && n < 16; n++) {
		const char *sep = strstr(p, "、");
		size_t len = sep ? (size_t)(sep - p) : strlen(p);

		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		p += len + (sep ? strlen("、") : 0);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_rectangle(cr, x0, y + n * rh, w, rh);
		cairo_stroke(cr);
		{
			char num[8];

			snprintf(num, sizeof(num), "%d", n + 1);
			text(cr, num, x0 + 4, y + n * rh + 8, 50, 11, 0, 0, 0, 0, 0);
		}
		text(cr, name, x0 + 64, y + n * rh + 8, 120, 11, 0, 0, 0, 0, 0);
		text(cr, n == 0 ? "主讲（五老）" : n < 3 ? "五老志愿者" : "工作人员/家长", x0 + 184,
		     y + n * rh + 8, 140, 10, 0, 0, 0.2, 0.2, 0.2);
		squiggle(cr, x0 + 340, y + n * rh + 20, 120);
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, x0, y - 26, w, 26);
	cairo_stroke(cr);
	text(cr, foot, x0, y + n * rh + 24, w, 10.5, 0, 0, 0.15, 0.15, 0.15);
}

static int make_sheet(char **fld)
{
	const char *out = fld[1];
	size_t len = strlen(out);
	cairo_surface_t *s;
	cairo_t *cr;
	int rc = 0;

	seed_state = (uint32_t)strtoul(fld[2], NULL, 10) | 1;
	if (len > 4 && !strcmp(out + len - 4, ".pdf")) {
		s = cairo_pdf_surface_create(out, 595.276, 841.89);
		cr = cairo_create(s);
		draw_sheet(cr, fld[3], fld[4], fld[5], fld[6]);
		cairo_destroy(cr);
		cairo_surface_finish(s);
		rc = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
		cairo_surface_destroy(s);
		return rc;
	}
	/* a phone picture of the paper on a desk, a little turned */
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1200, 1600);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.45, 0.35, 0.25);
	cairo_paint(cr);
	cairo_translate(cr, 600, 800);
	cairo_rotate(cr, (rnd() - 0.5) * 0.06);
	cairo_scale(cr, 1.9, 1.75);
	cairo_translate(cr, -297.6, -420.9);
	cairo_rectangle(cr, 0, 0, 595.276, 841.89);
	cairo_clip(cr);
	draw_sheet(cr, fld[3], fld[4], fld[5], fld[6]);
	cairo_destroy(cr);
	rc = write_jpeg(s, out, 1, 82);
	cairo_surface_destroy(s);
	return rc;
}

int main(void)
{
	char line[8192];
	int bad = 0;

	while (fgets(line, sizeof(line), stdin)) {
		char *fld[MAX_FIELDS] = { 0 }, *p = line;
		int n = 0;

		line[strcspn(line, "\n")] = '\0';
		while (n < MAX_FIELDS && (fld[n++] = strsep(&p, "\t")))
			;
		if (fld[0] && !strcmp(fld[0], "photo") && fld[9])
			bad |= make_photo(fld);
		else if (fld[0] && !strcmp(fld[0], "sheet") && fld[6])
			bad |= make_sheet(fld);
		else if (fld[0] && *fld[0]) {
			fprintf(stderr, "ggw-demo-photo: bad line: %s\n", line);
			bad = 1;
		}
	}
	/* Pango's default font map and fontconfig keep their caches for
	 * the process's life: freed here so leak checks see only ours. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	return bad;
}
