/* storage/image.c: evidence photos turned upright, shrunk and stripped of
 * every metadata marker; PDF kept byte for byte; each kind of bad input
 * refused with its Chinese message and nothing returned. The images are
 * made here with libjpeg, libexif and libpng themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <jpeglib.h>
#include <libexif/exif-data.h>
#include <png.h>

#include "../../model/i18n.h"
#include "../../storage/image.h"
#include "phone_jpeg.h"

static char base[256];

static int setup(void **state)
{
	(void)state;
	i18n_init("zh");
	snprintf(base, sizeof(base), "/tmp/ggw-test-image-XXXXXX");
	return mkdtemp(base) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *at(const char *rel)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", base, rel);
	return buf[i];
}

static void put_file(const char *path, const void *d, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* ---- making test pictures ---- */

struct bytes {
	unsigned char *d;
	size_t n;
};

/* The stored (camera) picture: grey, with a red block in its top-left
 * corner and a blue one in its bottom-right. */
static void test_pixel(int w, int h, int x, int y, unsigned char *p)
{
	int bw = w / 6, bh = h / 6;

	if (x < bw && y < bh)
		p[0] = 230, p[1] = 20, p[2] = 20;
	else if (x >= w - bw && y >= h - bh)
		p[0] = 20, p[1] = 20, p[2] = 230;
	else
		p[0] = p[1] = p[2] = 128;
}

/* "Exif\0\0" + TIFF with the orientation, a GPS position and a serial. */
static const struct phone_exif test_exif = { 0, "PHONECORP", "SERIAL-7654321", 31, 1 };

enum jpeg_kind { J_PLAIN, J_PROGRESSIVE, J_GRAY, J_CMYK };

struct test_rows {
	int h;
	enum jpeg_kind kind;
};

static void test_row(int y, unsigned char *row, int w, void *data)
{
	const struct test_rows *t = data;

	for (int x = 0; x < w; x++) {
		unsigned char p[3];

		test_pixel(w, t->h, x, y, p);
		if (t->kind == J_GRAY)
			row[x] = p[0];
		else if (t->kind == J_CMYK) /* Adobe's inverted CMYK: 255 is no ink */
			row[x * 4] = p[0], row[x * 4 + 1] = p[1], row[x * 4 + 2] = p[2],
			row[x * 4 + 3] = 255;
		else
			memcpy(row + x * 3, p, 3);
	}
}

/* A phone's JPEG (tests/unit/phone_jpeg.c); with an orientation, its EXIF
 * block and a comment, all of which must not travel. */
static struct bytes make_jpeg(int w, int h, int orientation, enum jpeg_kind kind)
{
	struct phone_exif x = test_exif;
	struct test_rows t = { h, kind };
	struct phone_jpeg p = { w, h, 95, kind == J_GRAY ? 1 : kind == J_CMYK ? 4 : 3,
				kind == J_PROGRESSIVE, orientation ? &x : NULL,
				orientation ? "a comment that must not travel" : NULL, test_row, &t };
	unsigned long len = 0;
	struct bytes b;

	x.orientation = orientation;
	assert_int_equal(phone_jpeg_encode(&p, &b.d, &len), 0);
	b.n = len;
	return b;
}

static void png_grow(png_structp png, png_bytep d, size_t n)
{
	struct bytes *b = png_get_io_ptr(png);

	b->d = realloc(b->d, b->n + n);
	memcpy(b->d + b->n, d, n);
	b->n += n;
}

static void png_noflush(png_structp png)
{
	(void)png;
}

/* color: PNG_COLOR_TYPE_*; alpha pictures are transparent on their left
 * half; palette ones use the red/blue/grey palette. */
static struct bytes make_png(int w, int h, int color, int depth, int interlace)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	int ch = color == PNG_COLOR_TYPE_RGBA ? 4 : color == PNG_COLOR_TYPE_RGB ? 3
		 : color == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
	int bpc = depth == 16 ? 2 : 1;
	unsigned char *img = calloc((size_t)w * h * ch * bpc, 1);
	png_bytep *rows = malloc(sizeof(png_bytep) * h);
	struct bytes b = { NULL, 0 };

	png_set_write_fn(png, &b, png_grow, png_noflush);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth, color, interlace,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (color == PNG_COLOR_TYPE_PALETTE) {
		png_color pal[3] = { { 128, 128, 128 }, { 230, 20, 20 }, { 20, 20, 230 } };

		png_set_PLTE(png, info, pal, 3);
	}
	png_set_text(png, info, &(png_text){ .compression = PNG_TEXT_COMPRESSION_NONE,
					     .key = "Comment", .text = "SERIAL-7654321" }, 1);
	png_write_info(png, info);
	if (bpc == 2)
		png_set_swap(png); /* rows below are written little-endian */
	for (int y = 0; y < h; y++) {
		unsigned char *r = img + (size_t)y * w * ch * bpc;

		rows[y] = r;
		for (int x = 0; x < w; x++) {
			unsigned char p[3], v[4];
			int transparent = x < w / 2 && y > h / 3;

			test_pixel(w, h, x, y, p);
			if (color == PNG_COLOR_TYPE_PALETTE)
				v[0] = p[0] == 230 ? 1 : p[2] == 230 ? 2 : 0;
			else if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA)
				v[0] = p[0], v[1] = transparent ? 0 : 255;
			else
				memcpy(v, p, 3), v[3] = transparent ? 0 : 255;
			for (int c = 0; c < ch; c++) {
				if (bpc == 2)
					r[(x * ch + c) * 2] = v[c], r[(x * ch + c) * 2 + 1] = v[c];
				else
					r[x * ch + c] = v[c];
			}
		}
	}
	png_write_image(png, rows);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(rows);
	free(img);
	return b;
}

/* ---- reading results ---- */

static void decode(const struct image_result *r, unsigned char **rgb, int *w, int *h)
{
	struct ggw_error err = { 0, "" };

	assert_int_equal(image_decode_rgb(r->bytes.s, r->bytes.len, 0, rgb, w, h, &err), 0);
	assert_int_equal(*w, r->width);
	assert_int_equal(*h, r->height);
}

static int is_colour(const unsigned char *rgb, int w, int x, int y, int r, int g, int b)
{
	const unsigned char *p = rgb + ((size_t)y * w + x) * 3;

	return abs(p[0] - r) < 40 && abs(p[1] - g) < 40 && abs(p[2] - b) < 40;
}

/* From SOI to SOS: only APP0 (JFIF), DQT, SOF0 (baseline), DHT, DRI. */
static void assert_bare_jpeg(const struct image_result *r)
{
	const unsigned char *d = (const unsigned char *)r->bytes.s;
	size_t n = r->bytes.len, i = 2;
	int sof0 = 0, app0 = 0;

	assert_true(n > 4 && d[0] == 0xff && d[1] == 0xd8);
	assert_true(d[n - 2] == 0xff && d[n - 1] == 0xd9);
	while (i + 4 <= n) {
		int m = d[i + 1];
		size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];

		assert_int_equal(d[i], 0xff);
		if (m == 0xda)
			break;
		if (m == 0xe0) {
			assert_memory_equal(d + i + 4, "JFIF\0", 5);
			app0++;
		} else if (m == 0xc0) {
			sof0++;
		} else if (m != 0xdb && m != 0xc4 && m != 0xdd) {
			fail_msg("marker 0xff%02x in the stored JPEG", m);
		}
		i += 2 + seg;
	}
	assert_int_equal(sof0, 1);
	assert_int_equal(app0, 1);
	assert_null(memmem(d, n, "SERIAL-7654321", 14));
	assert_null(memmem(d, n, "PHONECORP", 9));
	assert_null(memmem(d, n, "Exif", 4));
	assert_null(memmem(d, n, "must not travel", 15));
	assert_string_equal(r->mime, "image/jpeg");
	assert_string_equal(r->ext, "jpg");
}

static struct image_opts opts_side(int side)
{
	struct image_opts o = { 0 };

	o.max_side = side;
	return o;
}

static int prepare_mem(const struct bytes *b, const struct image_opts *o, struct image_result *r,
		       struct ggw_error *err)
{
	return image_prepare_mem(b->d, b->n, "photo.jpg", o, r, err);
}

/* ---- tests ---- */

/* Where the stored top-left corner ends up once upright. */
static void corner_after(int orientation, int w, int h, int *x, int *y)
{
	int right = orientation == 2 || orientation == 3 || orientation == 6 || orientation == 7;
	int bottom = orientation == 3 || orientation == 4 || orientation == 7 || orientation == 8;

	*x = right ? w - 8 : 7;
	*y = bottom ? h - 8 : 7;
}

static void test_orientations(void **state)
{
	(void)state;
	for (int o = 1; o <= 8; o++) {
		struct bytes b = make_jpeg(600, 400, o, J_PLAIN);
		struct image_opts opt = opts_side(300);
		struct image_result r;
		struct ggw_error err = { 0, "" };
		unsigned char *rgb;
		int w, h, x, y;

		assert_int_equal(prepare_mem(&b, &opt, &r, &err), 0);
		assert_int_equal(r.in_fmt, IMAGE_JPEG);
		assert_int_equal(r.src_width, 600);
		assert_int_equal(r.src_height, 400);
		assert_int_equal(r.width, o >= 5 ? 200 : 300);
		assert_int_equal(r.height, o >= 5 ? 300 : 200);
		assert_bare_jpeg(&r);
		decode(&r, &rgb, &w, &h);
		corner_after(o, w, h, &x, &y);
		if (!is_colour(rgb, w, x, y, 230, 20, 20))
			fail_msg("orientation %d: no red at (%d,%d)", o, x, y);
		corner_after(o, w, h, &x, &y);
		x = w - 1 - x, y = h - 1 - y; /* the opposite corner: blue */
		if (!is_colour(rgb, w, x, y, 20, 20, 230))
			fail_msg("orientation %d: no blue at (%d,%d)", o, x, y);
		assert_true(is_colour(rgb, w, w / 2, h / 2, 128, 128, 128));
		free(rgb);
		image_result_free(&r);
		free(b.d);
	}
}

static void test_longest_side(void **state)
{
	static const int sizes[][4] = { /* w, h, max_side, want w, want h */
		{ 3000, 2000, 1600 }, { 2000, 3000, 1600 }, { 4000, 3000, 1600 },
		{ 1601, 1000, 1600 }, { 5000, 700, 1600 }, { 1280, 960, 1600 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int w = sizes[i][0], h = sizes[i][1], side = sizes[i][2];
		struct bytes b = make_jpeg(w, h, 0, J_PLAIN);
		struct image_opts opt = opts_side(side);
		struct image_result r;
		struct ggw_error err = { 0, "" };
		int longest = w > h ? w : h;

		assert_int_equal(prepare_mem(&b, &opt, &r, &err), 0);
		if (longest > side) {
			assert_int_equal(r.width > r.height ? r.width : r.height, side);
			/* proportions kept within a pixel */
			assert_true(abs(r.width * h - r.height * w) <= (w > h ? w : h));
		} else {
			assert_int_equal(r.width, w);
			assert_int_equal(r.height, h);
		}
		assert_bare_jpeg(&r);
		image_result_free(&r);
		free(b.d);
	}
}

static void test_jpeg_kinds(void **state)
{
	static const enum jpeg_kind kinds[] = { J_PROGRESSIVE, J_GRAY, J_CMYK };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct bytes b = make_jpeg(640, 480, 0, kinds[i]);
		struct image_opts opt = opts_side(320);
		struct image_result r;
		struct ggw_error err = { 0, "" };
		unsigned char *rgb;
		int w, h;

		assert_int_equal(prepare_mem(&b, &opt, &r, &err), 0);
		assert_int_equal(r.width, 320);
		assert_int_equal(r.height, 240);
		assert_bare_jpeg(&r);
		decode(&r, &rgb, &w, &h);
		if (kinds[i] == J_GRAY) {
			assert_true(is_colour(rgb, w, 5, 5, 230, 230, 230));
		} else {
			assert_true(is_colour(rgb, w, 5, 5, 230, 20, 20));
			assert_true(is_colour(rgb, w, w - 5, h - 5, 20, 20, 230));
		}
		free(rgb);
		image_result_free(&r);
		free(b.d);
	}
}

static void test_png(void **state)
{
	static const int kinds[][3] = { /* color type, depth, interlace */
		{ PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE },
		{ PNG_COLOR_TYPE_RGBA, 8, PNG_INTERLACE_NONE },
		{ PNG_COLOR_TYPE_RGBA, 16, PNG_INTERLACE_NONE },
		{ PNG_COLOR_TYPE_PALETTE, 8, PNG_INTERLACE_NONE },
		{ PNG_COLOR_TYPE_GRAY_ALPHA, 8, PNG_INTERLACE_NONE },
		{ PNG_COLOR_TYPE_RGBA, 8, PNG_INTERLACE_ADAM7 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		int color = kinds[i][0];
		struct bytes b = make_png(480, 360, color, kinds[i][1], kinds[i][2]);
		struct image_opts opt = opts_side(240);
		struct image_result r;
		struct ggw_error err = { 0, "" };
		unsigned char *rgb;
		int w, h, alpha = color & PNG_COLOR_MASK_ALPHA;

		if (image_prepare_mem(b.d, b.n, "scan.png", &opt, &r, &err) != 0)
			fail_msg("PNG kind %zu: %s", i, err.msg);
		assert_int_equal(r.in_fmt, IMAGE_PNG);
		assert_int_equal(r.width, 240);
		assert_int_equal(r.height, 180);
		assert_bare_jpeg(&r);
		decode(&r, &rgb, &w, &h);
		if (color == PNG_COLOR_TYPE_GRAY_ALPHA)
			assert_true(is_colour(rgb, w, 5, 5, 230, 230, 230));
		else
			assert_true(is_colour(rgb, w, 5, 5, 230, 20, 20));
		/* the transparent lower left is white, the rest as drawn */
		if (alpha)
			assert_true(is_colour(rgb, w, w / 4, h * 3 / 4, 255, 255, 255));
		assert_true(is_colour(rgb, w, w * 3 / 4, h / 2, 128, 128, 128));
		free(rgb);
		image_result_free(&r);
		free(b.d);
	}
}

static void expect_refusal(const void *d, size_t n, const struct image_opts *o, int code,
			   const char *want1, const char *want2)
{
	struct image_result r;
	struct ggw_error err = { 0, "" };

	memset(&r, 0x55, sizeof(r));
	assert_int_equal(image_prepare_mem(d, n, "坏照片.jpg", o, &r, &err), code);
	assert_int_equal(err.code, code);
	assert_null(r.bytes.s);
	assert_int_equal(r.bytes.len, 0);
	assert_int_equal(r.width, 0);
	assert_non_null(strstr(err.msg, "坏照片.jpg"));
	if (!strstr(err.msg, want1) || (want2 && !strstr(err.msg, want2)))
		fail_msg("message: %s (wanted %s, %s)", err.msg, want1, want2 ? want2 : "");
}

static uint32_t crc32_of(const unsigned char *d, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= d[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
	}
	return c ^ 0xffffffffu;
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* Signature and an IHDR declaring w x h RGB, then a tiny IDAT and IEND. */
static size_t png_header_only(unsigned char *out, uint32_t w, uint32_t h)
{
	static const unsigned char idat_iend[] = { 0, 0, 0, 10, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63,
						   0, 0, 0, 0, 1, 0, 1, 0x11, 0x22, 0x33, 0x44,
						   0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
	unsigned char *ihdr = out + 8;

	memcpy(out, "\x89PNG\r\n\x1a\n", 8);
	be32(ihdr, 13);
	memcpy(ihdr + 4, "IHDR", 4);
	be32(ihdr + 8, w);
	be32(ihdr + 12, h);
	ihdr[16] = 8, ihdr[17] = 2, ihdr[18] = ihdr[19] = ihdr[20] = 0;
	be32(ihdr + 21, crc32_of(ihdr + 4, 17));
	memcpy(out + 8 + 25, idat_iend, sizeof(idat_iend));
	return 8 + 25 + sizeof(idat_iend);
}

static void test_too_big(void **state)
{
	unsigned char png[128];
	struct bytes b = make_jpeg(64, 48, 0, J_PLAIN);
	size_t n;

	(void)state;
	/* a PNG bomb: 100000 x 100000 declared in a 70-byte file */
	n = png_header_only(png, 100000, 100000);
	expect_refusal(png, n, NULL, GGW_EINVALID, "图片太大", "最多只收 120 百万像素");
	/* 200 megapixels, declared: 20000 x 10000 */
	n = png_header_only(png, 20000, 10000);
	expect_refusal(png, n, NULL, GGW_EINVALID, "200.0 百万像素", "最多只收 120 百万像素");
	/* the same JPEG with its SOF0 saying 20000 x 10000 */
	for (size_t i = 2; i + 9 < b.n; i++)
		if (b.d[i] == 0xff && b.d[i + 1] == 0xc0) {
			b.d[i + 5] = 10000 >> 8, b.d[i + 6] = 10000 & 0xff;
			b.d[i + 7] = 20000 >> 8, b.d[i + 8] = 20000 & 0xff;
			break;
		}
	expect_refusal(b.d, b.n, NULL, GGW_EINVALID, "20000×10000", "最多只收 120 百万像素");
	/* a lower limit from the options */
	struct image_opts o = { 0 };
	o.max_pixels = 1000;
	free(b.d);
	b = make_jpeg(64, 48, 0, J_PLAIN);
	expect_refusal(b.d, b.n, &o, GGW_EINVALID, "图片太大", NULL);
	free(b.d);
	/* an output over the stored-file cap */
	b = make_jpeg(600, 400, 0, J_PLAIN);
	o.max_pixels = 0, o.max_file_bytes = 500;
	expect_refusal(b.d, b.n, &o, GGW_EINVALID, "缩小后仍有", "上限");
	free(b.d);
}

static void test_truncated(void **state)
{
	struct bytes j = make_jpeg(640, 480, 6, J_PLAIN);
	struct bytes p = make_jpeg(640, 480, 0, J_PROGRESSIVE);
	struct bytes g = make_png(300, 200, PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE);

	(void)state;
	expect_refusal(j.d, j.n / 2, NULL, GGW_EINVALID, "JPEG 照片不完整", NULL);
	expect_refusal(j.d, j.n - 200, NULL, GGW_EINVALID, "JPEG 照片不完整", NULL);
	expect_refusal(j.d, 40, NULL, GGW_EINVALID, "不完整", NULL);
	expect_refusal(p.d, p.n * 2 / 3, NULL, GGW_EINVALID, "JPEG 照片不完整", NULL);
	expect_refusal(g.d, g.n / 2, NULL, GGW_EINVALID, "PNG 图片不完整", NULL);
	expect_refusal(g.d, 20, NULL, GGW_EINVALID, "PNG 图片不完整", NULL);
	/* damage: a byte of the PNG's image data flipped (CRC mismatch) */
	g.d[g.n / 2] ^= 0x40;
	expect_refusal(g.d, g.n, NULL, GGW_EINVALID, "PNG 图片已损坏", NULL);
	/* damage: the JPEG's SOF0 says 0 lines */
	for (size_t i = 2; i + 9 < j.n; i++)
		if (j.d[i] == 0xff && j.d[i + 1] == 0xc0) {
			j.d[i + 5] = j.d[i + 6] = 0;
			break;
		}
	expect_refusal(j.d, j.n, NULL, GGW_EINVALID, "JPEG 照片已损坏", NULL);
	free(j.d);
	free(p.d);
	free(g.d);
}

static void test_not_images(void **state)
{
	static const unsigned char heic[] = { 0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c',
					      0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c' };

	(void)state;
	expect_refusal("hello, world\n", 13, NULL, GGW_EINVALID, "不是照片或扫描件", "JPEG、PNG");
	expect_refusal("", 0, NULL, GGW_EINVALID, "文件是空的", NULL);
	expect_refusal(heic, sizeof(heic), NULL, GGW_EINVALID, "HEIC", "在手机上把它转成 JPEG");
	expect_refusal("GIF89a\1\0\1\0", 10, NULL, GGW_EINVALID, "是 GIF 图片", "另存为 JPEG");
	expect_refusal("RIFF\0\0\0\0WEBPVP8 ", 16, NULL, GGW_EINVALID, "是 WebP 图片", NULL);
	expect_refusal("\xff\xd8\xff\xe0", 4, NULL, GGW_EINVALID, "JPEG 照片不完整", NULL);
}

static void test_pdf(void **state)
{
	static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n"
				  "trailer<</Root 1 0 R>>\n%%EOF\n";
	struct image_result r;
	struct ggw_error err = { 0, "" };
	struct image_opts o = { 0 };

	(void)state;
	assert_int_equal(image_prepare_mem(pdf, sizeof(pdf) - 1, "签到表.pdf", NULL, &r, &err), 0);
	assert_int_equal(r.in_fmt, IMAGE_PDF);
	assert_int_equal(r.bytes.len, sizeof(pdf) - 1);
	assert_memory_equal(r.bytes.s, pdf, sizeof(pdf) - 1);
	assert_string_equal(r.mime, "application/pdf");
	assert_string_equal(r.ext, "pdf");
	assert_int_equal(r.width, 0);
	assert_int_equal(r.src_bytes, sizeof(pdf) - 1);
	image_result_free(&r);
	/* from a file: the same bytes */
	put_file(at("scan.pdf"), pdf, sizeof(pdf) - 1);
	assert_int_equal(image_prepare(at("scan.pdf"), NULL, &r, &err), 0);
	assert_memory_equal(r.bytes.s, pdf, sizeof(pdf) - 1);
	image_result_free(&r);
	/* cut short, or over the cap */
	expect_refusal(pdf, sizeof(pdf) - 8, NULL, GGW_EINVALID, "PDF 文件不完整", "%%EOF");
	o.max_file_bytes = 40;
	expect_refusal(pdf, sizeof(pdf) - 1, &o, GGW_EINVALID, "PDF 文件太大", "最多");
}

static void test_files(void **state)
{
	struct bytes b = make_jpeg(800, 600, 8, J_PLAIN);
	struct image_result r;
	struct ggw_error err = { 0, "" };
	struct image_opts o = opts_side(400);

	(void)state;
	put_file(at("p.jpg"), b.d, b.n);
	assert_int_equal(image_prepare(at("p.jpg"), &o, &r, &err), 0);
	assert_int_equal(r.width, 300);
	assert_int_equal(r.height, 400);
	assert_int_equal(r.src_bytes, b.n);
	assert_bare_jpeg(&r);
	image_result_free(&r);

	assert_int_equal(symlink("p.jpg", at("link.jpg")), 0);
	assert_int_equal(image_prepare(at("link.jpg"), &o, &r, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "符号链接"));
	assert_null(r.bytes.s);
	assert_int_equal(mkfifo(at("fifo"), 0600), 0);
	assert_int_equal(image_prepare(at("fifo"), &o, &r, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "不是普通文件"));
	assert_int_equal(image_prepare("/dev/null", &o, &r, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "不是普通文件"));
	assert_int_equal(image_prepare(base, &o, &r, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "是文件夹"));
	assert_int_equal(image_prepare(at("missing.jpg"), &o, &r, &err), GGW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "找不到文件"));
	/* a sparse 200 MB file: refused before a byte is read */
	put_file(at("huge.jpg"), b.d, b.n);
	assert_int_equal(truncate(at("huge.jpg"), 200 << 20), 0);
	assert_int_equal(image_prepare(at("huge.jpg"), &o, &r, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "文件太大（200.0 MB），最多 128.0 MB"));
	assert_int_equal(image_prepare("", &o, &r, &err), GGW_EINVALID);
	assert_int_equal(image_prepare(NULL, &o, &r, &err), GGW_EINVALID);
	put_file(at("empty.jpg"), "", 0);
	assert_int_equal(image_prepare(at("empty.jpg"), &o, &r, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "文件是空的"));
	free(b.d);
}

/* A name with an escape sequence, a bidi override and an invalid byte: the
 * message shows them escaped, never raw. */
static void test_odd_name(void **state)
{
	const char *name = at("a\033[31m\xe2\x80\xae\xff.jpg");
	struct image_result r;
	struct ggw_error err = { 0, "" };

	(void)state;
	put_file(name, "not a photo", 11);
	assert_int_equal(image_prepare(name, NULL, &r, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "a\\x1b[31m\\u202e\\xff.jpg"));
	for (const char *c = err.msg; *c; c++)
		assert_true((unsigned char)*c >= 0x20 && (unsigned char)*c != 0x7f &&
			    (unsigned char)*c != 0xff);
	assert_null(strstr(err.msg, "\xe2\x80\xae"));
	assert_int_equal(image_prepare_mem("x", 1, "\033]0;title\007", NULL, &r, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "\\x1b]0;title\\x07"));
}

enum change { GROW, TOUCH, REPLACE };

static void change_file(const char *path, void *arg)
{
	enum change how = *(enum change *)arg;

	if (how == GROW) {
		FILE *f = fopen(path, "ab");

		assert_non_null(f);
		fputs("more", f);
		fclose(f);
	} else if (how == TOUCH) {
		struct timeval tv[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

		assert_int_equal(utimes(path, tv), 0);
	} else {
		assert_int_equal(rename(at("other.jpg"), path), 0);
	}
}

static void test_changes_while_read(void **state)
{
	struct bytes b = make_jpeg(320, 240, 0, J_PLAIN);
	struct image_result r;
	struct ggw_error err = { 0, "" };

	(void)state;
	for (enum change how = GROW; how <= REPLACE; how++) {
		put_file(at("c.jpg"), b.d, b.n);
		put_file(at("other.jpg"), b.d, b.n);
		image_set_read_hook(change_file, &how);
		assert_int_equal(image_prepare(at("c.jpg"), NULL, &r, &err), GGW_EINVALID);
		image_set_read_hook(NULL, NULL);
		if (!strstr(err.msg, "在读取时被改动或替换了"))
			fail_msg("change %d: %s", how, err.msg);
		assert_null(r.bytes.s);
	}
	/* unchanged: fine */
	put_file(at("c.jpg"), b.d, b.n);
	assert_int_equal(image_prepare(at("c.jpg"), NULL, &r, &err), 0);
	image_result_free(&r);
	free(b.d);
}

static void test_decode_rgb(void **state)
{
	struct bytes b = make_jpeg(1200, 900, 6, J_PLAIN);
	struct bytes p = make_png(300, 200, PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE);
	struct ggw_error err = { 0, "" };
	unsigned char *rgb;
	int w, h;

	(void)state;
	assert_int_equal(image_decode_rgb(b.d, b.n, 300, &rgb, &w, &h, &err), 0);
	assert_int_equal(w, 225); /* upright: 900 x 1200 shrunk to 300 high */
	assert_int_equal(h, 300);
	free(rgb);
	assert_int_equal(image_decode_rgb(p.d, p.n, 150, &rgb, &w, &h, &err), 0);
	assert_int_equal(w, 150);
	assert_int_equal(h, 100);
	free(rgb);
	assert_int_equal(image_decode_rgb("%PDF-1.4", 8, 100, &rgb, &w, &h, &err), GGW_EINVALID);
	assert_null(rgb);
	assert_int_equal(image_decode_rgb(b.d, b.n / 3, 100, &rgb, &w, &h, &err), GGW_EINVALID);
	assert_null(rgb);
	assert_int_equal(w, 0);
	free(b.d);
	free(p.d);
}

/* A PNG of w x h where pixel (x, y) is given by fn. */
static struct bytes png_of(int w, int h, void (*fn)(int x, int y, unsigned char *p))
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	unsigned char *row = malloc((size_t)w * 3);
	struct bytes b = { NULL, 0 };

	png_set_write_fn(png, &b, png_grow, png_noflush);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++)
			fn(x, y, row + x * 3);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	return b;
}

static void flat_colour(int x, int y, unsigned char *p)
{
	(void)x, (void)y;
	p[0] = 200, p[1] = 100, p[2] = 51;
}

static void stripes(int x, int y, unsigned char *p)
{
	(void)y;
	p[0] = p[1] = p[2] = x % 2 ? 255 : 0;
}

/* The area resampler's weights add up exactly: a flat colour stays that
 * colour to the last bit at any ratio, and 1-pixel stripes average out. */
static void test_resample_exact(void **state)
{
	static const int sides[] = { 999, 640, 333, 100, 7, 1 };
	struct bytes flat = png_of(1000, 700, flat_colour), st = png_of(400, 300, stripes);
	struct ggw_error err = { 0, "" };
	unsigned char *rgb;
	int w, h;

	(void)state;
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		assert_int_equal(image_decode_rgb(flat.d, flat.n, sides[i], &rgb, &w, &h, &err), 0);
		assert_int_equal(w, sides[i]);
		for (int k = 0; k < w * h; k++)
			if (rgb[k * 3] != 200 || rgb[k * 3 + 1] != 100 || rgb[k * 3 + 2] != 51)
				fail_msg("side %d: pixel %d is %d,%d,%d", sides[i], k, rgb[k * 3],
					 rgb[k * 3 + 1], rgb[k * 3 + 2]);
		free(rgb);
	}
	assert_int_equal(image_decode_rgb(st.d, st.n, 200, &rgb, &w, &h, &err), 0);
	assert_int_equal(w, 200);
	assert_int_equal(h, 150);
	for (int k = 0; k < w * h * 3; k++)
		assert_true(abs(rgb[k] - 128) <= 1);
	free(rgb);
	free(flat.d);
	free(st.d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orientations),
		cmocka_unit_test(test_longest_side),
		cmocka_unit_test(test_jpeg_kinds),
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_not_images),
		cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_odd_name),
		cmocka_unit_test(test_changes_while_read),
		cmocka_unit_test(test_decode_rgb),
		cmocka_unit_test(test_resample_exact),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
