/* Decoding for storage/image.c. Both decoders check the declared size
 * against max_pixels before any pixel memory is allocated, feed rows to a
 * streaming area resampler (storage/imgscale.c) and turn the result
 * upright. libjpeg and libpng report errors through callbacks that would
 * exit() by default; here they longjmp back, and everything allocated
 * after the setjmp is held in a struct so the one cleanup frees it. */
#include "imgdecode.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <libexif/exif-data.h>
#include <png.h>

#include "../model/i18n.h"
#include "imgscale.h"

/* A hostile progressive JPEG can hold thousands of tiny scans, each a pass
 * over the whole image (libjpeg-turbo's djpeg -maxscans guards the same). */
#define JPEG_MAX_SCANS 500
/* libjpeg keeps a progressive JPEG's coefficients whole: cap that memory. */
#define JPEG_MAX_MEMORY (512L << 20)
/* An interlaced PNG is read whole (4 bytes a pixel): a lower cap. */
#define PNG_MAX_INTERLACED_PIXELS (64u * 1000 * 1000)

int imgdecode_exif_orientation(const unsigned char *data, size_t len)
{
	ExifData *ed;
	ExifEntry *e;
	int v = 1;

	if (len < 6 || memcmp(data, "Exif\0\0", 6) != 0 || !(ed = exif_data_new()))
		return 1;
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_load_data(ed, data, (unsigned int)(len > 0xffffu ? 0xffffu : len));
	e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2 && e->data)
		v = exif_get_short(e->data, exif_data_get_byte_order(ed));
	exif_data_unref(ed);
	return v >= 1 && v <= 8 ? v : 1;
}

static int too_many_pixels(const struct imgdecode_opts *o, unsigned long w, unsigned long h,
			   struct ggw_error *err)
{
	double px = (double)w * (double)h;

	if (w == 0 || h == 0)
		return ggw_fail(err, GGW_EINVALID, _("%s：图片的宽或高是0，文件已损坏"), o->shown);
	if (px <= (double)o->max_pixels)
		return 0;
	return ggw_fail(err, GGW_EINVALID,
			_("%s：图片太大（%lu×%lu，%.1f 百万像素），最多只收 %.0f 百万像素；请先在手机或电脑上把它缩小"),
			o->shown, w, h, px / 1e6, (double)o->max_pixels / 1e6);
}

/* All rows fed: the upright picture. */
static int finish_picture(struct imgscale *sc, const struct imgdecode_opts *o,
			  struct imgdecoded *out, struct ggw_error *err)
{
	out->orientation = sc->orientation;
	out->w = sc->ow, out->h = sc->oh;
	if (!(out->rgb = imgscale_finish(sc))) {
		out->w = out->h = 0;
		return ggw_fail(err, GGW_EINVALID, _("%s：图片数据不完整"), o->shown);
	}
	return 0;
}

/* ---- JPEG ---- */

struct jpeg_fail {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	int truncated, nomem;
	char msg[JMSG_LENGTH_MAX];
};

struct jdec {
	struct jpeg_decompress_struct ci;
	struct jpeg_fail fail;
	struct jpeg_progress_mgr progress;
	struct imgscale sc;
	unsigned char *row;
	int made;
};

static void jpeg_fail_exit(j_common_ptr ci)
{
	struct jpeg_fail *f = (struct jpeg_fail *)ci->err;

	f->nomem = f->pub.msg_code == JERR_OUT_OF_MEMORY || f->pub.msg_code == JERR_NO_BACKING_STORE;
	(*ci->err->format_message)(ci, f->msg);
	longjmp(f->jump, 1);
}

/* Warnings mean damaged data that libjpeg would paper over with grey:
 * refuse them, except the harmless ones some cameras cause. */
static void jpeg_fail_message(j_common_ptr ci, int level)
{
	struct jpeg_fail *f = (struct jpeg_fail *)ci->err;
	int code = f->pub.msg_code;

	if (level >= 0 || code == JWRN_EXTRANEOUS_DATA || code == JWRN_JFIF_MAJOR ||
	    code == JWRN_ADOBE_XFORM || code == JWRN_BOGUS_ICC)
		return;
	f->truncated = code == JWRN_JPEG_EOF;
	(*ci->err->format_message)(ci, f->msg);
	longjmp(f->jump, 1);
}

static void jpeg_watch_scans(j_common_ptr ci)
{
	if (ci->is_decompressor && ((j_decompress_ptr)ci)->input_scan_number > JPEG_MAX_SCANS) {
		struct jpeg_fail *f = (struct jpeg_fail *)ci->err;

		snprintf(f->msg, sizeof(f->msg), "more than %d scans", JPEG_MAX_SCANS);
		longjmp(f->jump, 1);
	}
}

static int jpeg_orientation(j_decompress_ptr ci)
{
	for (jpeg_saved_marker_ptr m = ci->marker_list; m; m = m->next)
		if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 && !memcmp(m->data, "Exif\0\0", 6))
			return imgdecode_exif_orientation(m->data, m->data_length);
	return 1;
}

/* The largest reduction (1/8, 1/4, 1/2) that still leaves the longest side
 * at least max_side, so the resampler only ever shrinks a little more. */
static void jpeg_pick_scale(j_decompress_ptr ci, int max_side)
{
	unsigned long longest = ci->image_width > ci->image_height ? ci->image_width : ci->image_height;

	ci->scale_num = 1;
	ci->scale_denom = 1;
	for (unsigned d = 8; d >= 2; d /= 2)
		if ((longest + d - 1) / d >= (unsigned long)max_side) {
			ci->scale_denom = d;
			break;
		}
}

/* CMYK (Adobe's inverted form when the Adobe marker says so) to RGB. */
static void cmyk_to_rgb(unsigned char *p, int w, int inverted)
{
	for (int x = 0; x < w; x++) {
		int c = p[x * 4], m = p[x * 4 + 1], y = p[x * 4 + 2], k = p[x * 4 + 3];

		if (!inverted)
			c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
		p[x * 3] = (unsigned char)(c * k / 255);
		p[x * 3 + 1] = (unsigned char)(m * k / 255);
		p[x * 3 + 2] = (unsigned char)(y * k / 255);
	}
}

static int jpeg_failed(struct jdec *d, const struct imgdecode_opts *o, struct ggw_error *err)
{
	if (d->fail.nomem)
		return ggw_fail(err, GGW_ENOMEM, _("%s：内存不够，无法处理这张照片（%s）"), o->shown,
				d->fail.msg);
	if (d->fail.truncated)
		return ggw_fail(err, GGW_EINVALID,
				_("%s：JPEG 照片不完整（文件被截断，可能没有复制完）；请重新从手机或U盘复制这张照片"),
				o->shown);
	return ggw_fail(err, GGW_EINVALID, _("%s：JPEG 照片已损坏，无法读取（%s）"), o->shown,
			d->fail.msg);
}

static int jpeg_run(struct jdec *d, const unsigned char *data, size_t len,
		    const struct imgdecode_opts *o, struct imgdecoded *out, struct ggw_error *err)
{
	j_decompress_ptr ci = &d->ci;
	int error, orientation, dw, dh, cmyk;

	jpeg_create_decompress(ci);
	d->made = 1;
	ci->mem->max_memory_to_use = JPEG_MAX_MEMORY;
	d->progress.progress_monitor = jpeg_watch_scans;
	ci->progress = &d->progress;
	jpeg_mem_src(ci, data, (unsigned long)len);
	jpeg_save_markers(ci, JPEG_APP0 + 1, 0xffff);
	jpeg_read_header(ci, TRUE);
	out->src_w = (int)ci->image_width, out->src_h = (int)ci->image_height;
	if ((error = too_many_pixels(o, ci->image_width, ci->image_height, err)) < 0)
		return error;
	orientation = jpeg_orientation(ci);
	jpeg_pick_scale(ci, o->max_side);
	cmyk = ci->jpeg_color_space == JCS_CMYK || ci->jpeg_color_space == JCS_YCCK;
	ci->out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
	jpeg_start_decompress(ci);
	imgscale_fit(out->src_w, out->src_h, o->max_side, &dw, &dh);
	if (imgscale_init(&d->sc, (int)ci->output_width, (int)ci->output_height, dw, dh,
			  orientation) < 0 ||
	    !(d->row = malloc((size_t)ci->output_width * 4)))
		return ggw_oom(err);
	while (ci->output_scanline < ci->output_height) {
		JSAMPROW rows[1] = { d->row };

		if (jpeg_read_scanlines(ci, rows, 1) != 1)
			break;
		if (cmyk)
			cmyk_to_rgb(d->row, (int)ci->output_width, ci->saw_Adobe_marker);
		imgscale_push(&d->sc, d->row);
	}
	/* The rest of the file (after the last scanline) is not read: no
	 * jpeg_finish_decompress, jpeg_destroy aborts cleanly. */
	return finish_picture(&d->sc, o, out, err);
}

int imgdecode_jpeg(const unsigned char *data, size_t len, const struct imgdecode_opts *o,
		   struct imgdecoded *out, struct ggw_error *err)
{
	struct jdec *d = calloc(1, sizeof(*d));
	int error;

	memset(out, 0, sizeof(*out));
	if (!d)
		return ggw_oom(err);
	d->ci.err = jpeg_std_error(&d->fail.pub);
	d->fail.pub.error_exit = jpeg_fail_exit;
	d->fail.pub.emit_message = jpeg_fail_message;
	if (setjmp(d->fail.jump))
		error = jpeg_failed(d, o, err);
	else
		error = jpeg_run(d, data, len, o, out, err);
	if (d->made)
		jpeg_destroy_decompress(&d->ci);
	imgscale_free(&d->sc);
	free(d->row);
	free(d);
	if (error < 0) {
		free(out->rgb);
		memset(out, 0, sizeof(*out));
	}
	return error;
}

/* ---- PNG ---- */

struct pdec {
	png_structp png;
	png_infop info;
	const unsigned char *data;
	size_t len, pos;
	int truncated;
	char msg[200];
	struct imgscale sc;
	unsigned char *row, *whole, *rgb;
};

static void png_fail(png_structp png, png_const_charp msg)
{
	struct pdec *d = png_get_error_ptr(png);

	snprintf(d->msg, sizeof(d->msg), "%s", msg ? msg : "");
	png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png, (void)msg;
}

static void png_from_memory(png_structp png, png_bytep to, size_t n)
{
	struct pdec *d = png_get_io_ptr(png);

	if (n > d->len - d->pos) {
		d->truncated = 1;
		png_error(png, "unexpected end of file");
	}
	memcpy(to, d->data + d->pos, n);
	d->pos += n;
}

static int png_orientation(struct pdec *d)
{
	png_uint_32 n = 0;
	png_bytep exif = NULL;
	unsigned char *buf;
	int v;

	if (!png_get_eXIf_1(d->png, d->info, &n, &exif) || !exif || n < 8 || n > 0xfff0)
		return 1;
	if (!(buf = malloc(n + 6)))
		return 1;
	memcpy(buf, "Exif\0\0", 6);
	memcpy(buf + 6, exif, n);
	v = imgdecode_exif_orientation(buf, n + 6);
	free(buf);
	return v;
}

/* RGB or RGBA (after png_set_expand / gray_to_rgb) to RGB on white. */
static void png_flatten(const unsigned char *in, unsigned char *rgb, int w, int channels)
{
	for (int x = 0; x < w; x++) {
		const unsigned char *p = in + (size_t)x * channels;

		for (int c = 0; c < 3; c++)
			rgb[x * 3 + c] = channels == 4
				? (unsigned char)((p[c] * p[3] + 255 * (255 - p[3]) + 127) / 255)
				: p[c];
	}
}

static void png_setup(struct pdec *d)
{
	/* Text, colour profiles and palettes of suggestions are not needed:
	 * skip them unread (a zTXt bomb stays compressed). */
	static const png_byte skip[] = "iCCP\0tEXt\0zTXt\0iTXt\0sPLT";

	png_set_read_fn(d->png, d, png_from_memory);
	/* Sizes are judged by max_pixels after the IHDR is read, with ggw's
	 * own message: libpng's own limits only at the format's maximum. */
	png_set_user_limits(d->png, 0x7fffffff, 0x7fffffff);
	png_set_chunk_malloc_max(d->png, 8u << 20);
	png_set_keep_unknown_chunks(d->png, PNG_HANDLE_CHUNK_NEVER, skip, 5);
}

static int png_failed(struct pdec *d, const struct imgdecode_opts *o, struct ggw_error *err);

/* Every chunk before the image data must fit in the file: libpng 1.6.39
 * allocates an eXIf chunk's declared length before reading it (a 175-byte
 * file declaring 1.5 GB), unchecked by png_set_chunk_malloc_max. */
static int png_chunks_fit(const unsigned char *p, size_t len)
{
	size_t pos = 8;

	while (pos + 8 <= len) {
		size_t n = (size_t)p[pos] << 24 | (size_t)p[pos + 1] << 16 |
			   (size_t)p[pos + 2] << 8 | p[pos + 3];

		if (n > len - pos - 8 || len - pos - 8 - n < 4)
			return 0;
		if (!memcmp(p + pos + 4, "IDAT", 4))
			return 1;
		pos += 12 + n;
	}
	return 0;
}

static int png_run(struct pdec *d, const struct imgdecode_opts *o, struct imgdecoded *out,
		   struct ggw_error *err)
{
	png_uint_32 w, h;
	int error, depth, color, interlace, passes, channels, dw, dh, orientation;

	if (!png_chunks_fit(d->data, d->len)) {
		d->truncated = 1;
		return png_failed(d, o, err);
	}
	png_setup(d);
	png_read_info(d->png, d->info);
	png_get_IHDR(d->png, d->info, &w, &h, &depth, &color, &interlace, NULL, NULL);
	out->src_w = (int)w, out->src_h = (int)h;
	if ((error = too_many_pixels(o, w, h, err)) < 0)
		return error;
	if (interlace != PNG_INTERLACE_NONE && (double)w * h > PNG_MAX_INTERLACED_PIXELS)
		return ggw_fail(err, GGW_EINVALID,
				_("%s：隔行扫描的 PNG 最多只收 %u 百万像素；请先把它缩小或另存为 JPEG"),
				o->shown, PNG_MAX_INTERLACED_PIXELS / 1000000);
	orientation = png_orientation(d);
	png_set_expand(d->png);
	png_set_scale_16(d->png);
	png_set_gray_to_rgb(d->png);
	passes = png_set_interlace_handling(d->png);
	png_read_update_info(d->png, d->info);
	channels = png_get_channels(d->png, d->info);
	if ((channels != 3 && channels != 4) || png_get_bit_depth(d->png, d->info) != 8)
		return ggw_fail(err, GGW_EINVALID, _("%s：不支持这种 PNG 格式"), o->shown);
	imgscale_fit((int)w, (int)h, o->max_side, &dw, &dh);
	if (imgscale_init(&d->sc, (int)w, (int)h, dw, dh, orientation) < 0 ||
	    !(d->rgb = malloc((size_t)w * 3)))
		return ggw_oom(err);
	if (passes > 1) {
		if (!(d->whole = malloc((size_t)w * h * channels)))
			return ggw_oom(err);
		for (int p = 0; p < passes; p++)
			for (png_uint_32 y = 0; y < h; y++)
				png_read_row(d->png, d->whole + (size_t)y * w * channels, NULL);
		for (png_uint_32 y = 0; y < h; y++) {
			png_flatten(d->whole + (size_t)y * w * channels, d->rgb, (int)w, channels);
			imgscale_push(&d->sc, d->rgb);
		}
	} else {
		if (!(d->row = malloc((size_t)w * channels)))
			return ggw_oom(err);
		for (png_uint_32 y = 0; y < h; y++) {
			png_read_row(d->png, d->row, NULL);
			png_flatten(d->row, d->rgb, (int)w, channels);
			imgscale_push(&d->sc, d->rgb);
		}
	}
	return finish_picture(&d->sc, o, out, err);
}

static int png_failed(struct pdec *d, const struct imgdecode_opts *o, struct ggw_error *err)
{
	if (d->truncated)
		return ggw_fail(err, GGW_EINVALID,
				_("%s：PNG 图片不完整（文件被截断，可能没有复制完）；请重新复制这张图片"),
				o->shown);
	if (strstr(d->msg, "Out of memory") || strstr(d->msg, "out of memory"))
		return ggw_fail(err, GGW_ENOMEM, _("%s：内存不够，无法处理这张图片（%s）"), o->shown,
				d->msg);
	return ggw_fail(err, GGW_EINVALID, _("%s：PNG 图片已损坏，无法读取（%s）"), o->shown, d->msg);
}

int imgdecode_png(const unsigned char *data, size_t len, const struct imgdecode_opts *o,
		  struct imgdecoded *out, struct ggw_error *err)
{
	struct pdec *d = calloc(1, sizeof(*d));
	int error;

	memset(out, 0, sizeof(*out));
	if (!d)
		return ggw_oom(err);
	d->data = data, d->len = len;
	d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, d, png_fail, png_quiet);
	if (!d->png || !(d->info = png_create_info_struct(d->png))) {
		error = ggw_oom(err);
	} else if (setjmp(png_jmpbuf(d->png))) {
		error = png_failed(d, o, err);
	} else {
		error = png_run(d, o, out, err);
	}
	if (d->png)
		png_destroy_read_struct(&d->png, d->info ? &d->info : NULL, NULL);
	imgscale_free(&d->sc);
	free(d->row);
	free(d->whole);
	free(d->rgb);
	free(d);
	if (error < 0) {
		free(out->rgb);
		memset(out, 0, sizeof(*out));
	}
	return error;
}
