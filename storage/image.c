/* Evidence files made fit to store (see image.h). The file is read once
 * into memory through an O_NOFOLLOW descriptor and checked again
 * afterwards, so what is prepared is exactly what was there; decoding is in
 * storage/imgdecode.c, resampling and orientation in storage/imgscale.c.
 * The JPEG written carries only what libjpeg writes by itself for a
 * baseline JFIF file: SOI, APP0 JFIF, DQT, SOF0, DHT, SOS, EOI. */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <jerror.h>

#include "../model/i18n.h"
#include "../model/safetext.h"
#include "imgdecode.h"

/* A photo file larger than this is not read at all (a 12 Mpx phone photo
 * is 3-8 MB; a 120 Mpx JPEG under 100 MB). */
#define IMAGE_MAX_INPUT ((size_t)128 << 20)

void image_opts_default(struct image_opts *o)
{
	o->max_side = 1600;
	/* 78: a 12 Mpx phone photo stores as about 250 KB at 1600 px, so a
	 * unit's year of 150 photos stays under 40 MB in every copy (82: 42 MB). */
	o->quality = 78;
	o->max_file_bytes = 8u << 20;
	o->max_pixels = 120u * 1000 * 1000;
}

static void resolve_opts(const struct image_opts *in, struct image_opts *o)
{
	image_opts_default(o);
	if (!in)
		return;
	if (in->max_side > 0)
		o->max_side = in->max_side > 65500 ? 65500 : in->max_side;
	if (in->quality > 0)
		o->quality = in->quality > 100 ? 100 : in->quality;
	if (in->max_file_bytes > 0)
		o->max_file_bytes = in->max_file_bytes;
	if (in->max_pixels > 0)
		o->max_pixels = in->max_pixels;
}

/* A file name as it may be shown: controls and invalid bytes escaped
 * (model/safetext.h), long names cut at a character boundary. */
struct shown_name {
	char s[400];
};

static const char *shown_name(const char *name, struct shown_name *out)
{
	struct sbuf b = { 0 };
	size_t n;

	safe_text(name ? name : "", name ? strlen(name) : 0, 0, &b);
	n = b.s ? b.len : 0;
	if (n >= sizeof(out->s)) {
		n = sizeof(out->s) - 4;
		while (n > 0 && ((unsigned char)b.s[n] & 0xc0) == 0x80)
			n--;
		memcpy(out->s, b.s, n);
		memcpy(out->s + n, "...", 4);
	} else {
		memcpy(out->s, b.s ? b.s : "", n);
		out->s[n] = '\0';
	}
	free(b.s);
	return out->s;
}

static const char *human_size(size_t n, char buf[32])
{
	if (n >= (1u << 20))
		snprintf(buf, 32, "%.1f MB", (double)n / (1u << 20));
	else
		snprintf(buf, 32, "%zu KB", (n + 1023) / 1024);
	return buf;
}

/* ---- what the bytes are ---- */

static int is_heif(const unsigned char *d, size_t n)
{
	static const char *const brands[] = { "heic", "heix", "hevc", "hevx", "heim",
					      "heis", "mif1", "msf1", "avif", "avis" };

	if (n < 12 || memcmp(d + 4, "ftyp", 4) != 0)
		return 0;
	for (size_t i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
		if (!memcmp(d + 8, brands[i], 4))
			return 1;
	return 0;
}

/* A format ggw recognises but does not take, or NULL. */
static const char *other_format(const unsigned char *d, size_t n)
{
	if (n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
		return "GIF";
	if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
		return "WebP";
	if (n >= 2 && !memcmp(d, "BM", 2))
		return "BMP";
	if (n >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4)))
		return "TIFF";
	return NULL;
}

static int refuse_format(const unsigned char *d, size_t n, const char *shown, struct ggw_error *err)
{
	const char *other;

	if (n == 0)
		return ggw_fail(err, GGW_EINVALID, _("%s：文件是空的"), shown);
	if (is_heif(d, n))
		return ggw_fail(err, GGW_EINVALID,
				_("%s 是 HEIC/HEIF 格式的照片（苹果等手机的默认格式），ggw 读不了。请在手机上把它转成 JPEG 再附上：iPhone 可在“设置 → 相机 → 格式”选“兼容性最佳”后重新拍摄，或分享照片时选择 JPEG（“最兼容”）"),
				shown);
	if ((other = other_format(d, n)))
		return ggw_fail(err, GGW_EINVALID,
				_("%s 是 %s 图片；ggw 只收 JPEG、PNG 照片和 PDF 扫描件，请先把它另存为 JPEG"),
				shown, other);
	return ggw_fail(err, GGW_EINVALID,
			_("%s 不是照片或扫描件：ggw 只收 JPEG、PNG 照片和 PDF 扫描件"), shown);
}

/* ---- JPEG out ---- */

struct jpeg_out {
	struct jpeg_destination_mgr pub;
	unsigned char *buf;
	size_t cap;
};

struct jenc {
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr em;
	jmp_buf jump;
	struct jpeg_out dest;
	char msg[JMSG_LENGTH_MAX];
	int made;
};

static void jenc_exit(j_common_ptr ci)
{
	struct jenc *e = (struct jenc *)ci->client_data;

	(*ci->err->format_message)(ci, e->msg);
	longjmp(e->jump, 1);
}

static void jenc_quiet(j_common_ptr ci, int level)
{
	(void)ci, (void)level;
}

static void out_init(j_compress_ptr ci)
{
	struct jpeg_out *d = (struct jpeg_out *)ci->dest;

	d->cap = 256u << 10;
	if (!(d->buf = malloc(d->cap + 1)))
		ERREXIT1(ci, JERR_OUT_OF_MEMORY, 1);
	d->pub.next_output_byte = d->buf;
	d->pub.free_in_buffer = d->cap;
}

static boolean out_grow(j_compress_ptr ci)
{
	struct jpeg_out *d = (struct jpeg_out *)ci->dest;
	unsigned char *bigger = realloc(d->buf, d->cap * 2 + 1);

	if (!bigger)
		ERREXIT1(ci, JERR_OUT_OF_MEMORY, 2);
	d->buf = bigger;
	d->pub.next_output_byte = d->buf + d->cap;
	d->pub.free_in_buffer = d->cap;
	d->cap *= 2;
	return TRUE;
}

static void out_term(j_compress_ptr ci)
{
	(void)ci;
}

static void encode_rows(struct jenc *e, const unsigned char *rgb, int w, int h, int quality)
{
	j_compress_ptr ci = &e->ci;

	jpeg_create_compress(ci);
	e->made = 1;
	e->dest.pub.init_destination = out_init;
	e->dest.pub.empty_output_buffer = out_grow;
	e->dest.pub.term_destination = out_term;
	ci->dest = &e->dest.pub;
	ci->image_width = (JDIMENSION)w;
	ci->image_height = (JDIMENSION)h;
	ci->input_components = 3;
	ci->in_color_space = JCS_RGB;
	jpeg_set_defaults(ci);
	jpeg_set_quality(ci, quality, TRUE);
	ci->optimize_coding = TRUE; /* still baseline, a few percent smaller */
	jpeg_start_compress(ci, TRUE);
	while (ci->next_scanline < ci->image_height) {
		JSAMPROW row = (JSAMPROW)(rgb + (size_t)ci->next_scanline * w * 3);

		jpeg_write_scanlines(ci, &row, 1);
	}
	jpeg_finish_compress(ci);
}

static int encode_jpeg(const unsigned char *rgb, int w, int h, int quality, struct sbuf *out,
		       struct ggw_error *err)
{
	struct jenc *e = calloc(1, sizeof(*e));
	int error;

	if (!e)
		return ggw_oom(err);
	e->ci.err = jpeg_std_error(&e->em);
	e->em.error_exit = jenc_exit;
	e->em.emit_message = jenc_quiet;
	e->ci.client_data = e;
	if (setjmp(e->jump)) {
		error = ggw_fail(err, GGW_ENOMEM, _("无法生成 JPEG（%s）"), e->msg);
	} else {
		encode_rows(e, rgb, w, h, quality);
		out->len = e->dest.cap - e->dest.pub.free_in_buffer;
		out->cap = e->dest.cap + 1;
		out->s = (char *)e->dest.buf;
		out->s[out->len] = '\0';
		e->dest.buf = NULL;
		error = 0;
	}
	if (e->made)
		jpeg_destroy_compress(&e->ci);
	free(e->dest.buf);
	free(e);
	return error;
}

/* ---- preparing ---- */

static int prepare_pdf(const unsigned char *d, size_t n, const char *shown,
		       const struct image_opts *o, struct image_result *out, struct ggw_error *err)
{
	char have[32], cap[32];
	size_t tail = n > 1024 ? n - 1024 : 0;

	if (n > o->max_file_bytes)
		return ggw_fail(err, GGW_EINVALID,
				_("%s：PDF 文件太大（%s），单个文件最多 %s；请扫描成较低的分辨率或分成几个文件"),
				shown, human_size(n, have), human_size(o->max_file_bytes, cap));
	/* A PDF ends with %%EOF (trailing bytes allowed): without it the copy
	 * is cut short. */
	if (!memmem(d + tail, n - tail, "%%EOF", 5))
		return ggw_fail(err, GGW_EINVALID,
				_("%s：PDF 文件不完整（结尾缺少 %%%%EOF，可能没有复制完）；请重新复制"), shown);
	sb_addn(&out->bytes, (const char *)d, n);
	if (out->bytes.failed)
		return ggw_oom(err);
	out->in_fmt = IMAGE_PDF;
	out->mime = "application/pdf";
	out->ext = "pdf";
	return 0;
}

static int prepare_photo(const unsigned char *d, size_t n, enum image_format fmt,
			 const char *shown, const struct image_opts *o, struct image_result *out,
			 struct ggw_error *err)
{
	struct imgdecode_opts dopt = { o->max_side, o->max_pixels, shown };
	struct imgdecoded pic;
	char have[32], cap[32];
	int error;

	error = fmt == IMAGE_JPEG ? imgdecode_jpeg(d, n, &dopt, &pic, err)
				  : imgdecode_png(d, n, &dopt, &pic, err);
	if (error < 0)
		return error;
	error = encode_jpeg(pic.rgb, pic.w, pic.h, o->quality, &out->bytes, err);
	free(pic.rgb);
	if (error < 0)
		return error;
	if (out->bytes.len > o->max_file_bytes)
		return ggw_fail(err, GGW_EINVALID,
				_("%s：缩小后仍有 %s，超过单个文件的上限 %s；请调低照片质量或尺寸的设置"),
				shown, human_size(out->bytes.len, have), human_size(o->max_file_bytes, cap));
	out->in_fmt = fmt;
	out->mime = "image/jpeg";
	out->ext = "jpg";
	out->width = pic.w, out->height = pic.h;
	out->src_width = pic.src_w, out->src_height = pic.src_h;
	return 0;
}

static int prepare_bytes(const unsigned char *d, size_t n, const char *shown,
			 const struct image_opts *o, struct image_result *out, struct ggw_error *err)
{
	int error;

	out->src_bytes = n;
	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		error = prepare_photo(d, n, IMAGE_JPEG, shown, o, out, err);
	else if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		error = prepare_photo(d, n, IMAGE_PNG, shown, o, out, err);
	else if (n >= 5 && !memcmp(d, "%PDF-", 5))
		error = prepare_pdf(d, n, shown, o, out, err);
	else
		error = refuse_format(d, n, shown, err);
	if (error < 0)
		image_result_free(out);
	return error;
}

int image_prepare_mem(const void *data, size_t len, const char *name, const struct image_opts *o,
		      struct image_result *out, struct ggw_error *err)
{
	struct image_opts opts;
	struct shown_name sn;

	memset(out, 0, sizeof(*out));
	resolve_opts(o, &opts);
	return prepare_bytes(data, data ? len : 0, shown_name(name, &sn), &opts, out, err);
}

/* ---- reading the file ---- */

static void (*read_hook)(const char *path, void *arg);
static void *read_hook_arg;

void image_set_read_hook(void (*hook)(const char *path, void *arg), void *arg)
{
	read_hook = hook;
	read_hook_arg = arg;
}

static int open_refusal(const char *shown, int e, struct ggw_error *err)
{
	if (e == ENOENT || e == ENOTDIR)
		return ggw_fail(err, GGW_ENOTFOUND, _("找不到文件 %s"), shown);
	if (e == EACCES || e == EPERM)
		return ggw_fail(err, GGW_EIO, _("没有权限读取 %s"), shown);
	if (e == ELOOP)
		return ggw_fail(err, GGW_EINVALID,
				_("%s 是符号链接（快捷方式）：请选择它指向的那个文件本身"), shown);
	return ggw_fail(err, GGW_EIO, _("无法打开 %s：%s"), shown, strerror(e));
}

/* Only a regular file is read: a symlink could lead anywhere, a device or
 * a pipe could block or never end. Asked of lstat before opening (so a
 * device is never opened) and of fstat after. */
static int kind_refusal(mode_t mode, const char *shown, struct ggw_error *err)
{
	if (S_ISLNK(mode))
		return ggw_fail(err, GGW_EINVALID,
				_("%s 是符号链接（快捷方式）：请选择它指向的那个文件本身"), shown);
	if (S_ISDIR(mode))
		return ggw_fail(err, GGW_EINVALID, _("%s 是文件夹，不是文件"), shown);
	if (!S_ISREG(mode))
		return ggw_fail(err, GGW_EINVALID,
				_("%s 不是普通文件（是设备、管道或套接字），不能附上"), shown);
	return 0;
}

static int changed(const char *shown, struct ggw_error *err)
{
	return ggw_fail(err, GGW_EINVALID,
			_("%s 在读取时被改动或替换了（可能还在复制中）；请等复制完成后再试"), shown);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The whole file, read once: up to one byte past st_size, so that a file
 * growing meanwhile is seen. */
static int read_all(int fd, const struct stat *st, const char *shown, unsigned char **data,
		    size_t *len, struct ggw_error *err)
{
	size_t want = (size_t)st->st_size, got = 0;
	unsigned char *buf = malloc(want + 1);

	if (!buf)
		return ggw_oom(err);
	for (;;) {
		ssize_t r = read(fd, buf + got, want + 1 - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			return ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), shown, strerror(e));
		}
		if (r == 0 || (got += (size_t)r) > want)
			break;
	}
	*data = buf, *len = got;
	return 0;
}

/* Open what lstat saw, read it, and check that nothing changed: the same
 * file (device, inode) under the name before and after, with the same
 * size and modification time, and exactly st_size bytes read. */
static int read_checked(const char *path, const char *shown, size_t cap, unsigned char **data,
			size_t *len, struct ggw_error *err)
{
	struct stat by_name, before, after;
	char have[32], most[32];
	int fd, error = 0;

	*data = NULL, *len = 0;
	if (lstat(path, &by_name) < 0)
		return open_refusal(shown, errno, err);
	if ((error = kind_refusal(by_name.st_mode, shown, err)) < 0)
		return error;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return open_refusal(shown, errno, err);
	if (fstat(fd, &before) < 0)
		error = ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), shown, strerror(errno));
	if (error == 0)
		error = kind_refusal(before.st_mode, shown, err);
	if (error == 0 && !same_file(&by_name, &before))
		error = changed(shown, err);
	if (error == 0 && (size_t)before.st_size > cap)
		error = ggw_fail(err, GGW_EINVALID, _("%s：文件太大（%s），最多 %s"), shown,
				 human_size((size_t)before.st_size, have), human_size(cap, most));
	if (error == 0)
		error = read_all(fd, &before, shown, data, len, err);
	if (error == 0 && read_hook)
		read_hook(path, read_hook_arg);
	if (error == 0 &&
	    (*len != (size_t)before.st_size || fstat(fd, &after) < 0 || !same_file(&before, &after) ||
	     lstat(path, &by_name) < 0 || !same_file(&before, &by_name)))
		error = changed(shown, err);
	close(fd);
	if (error < 0) {
		free(*data);
		*data = NULL, *len = 0;
	}
	return error;
}

int image_prepare(const char *path, const struct image_opts *o, struct image_result *out,
		  struct ggw_error *err)
{
	struct image_opts opts;
	struct shown_name sn;
	const char *shown = shown_name(path, &sn);
	unsigned char *data;
	size_t len;
	int error;

	memset(out, 0, sizeof(*out));
	resolve_opts(o, &opts);
	if (!path || !*path)
		return ggw_fail(err, GGW_EINVALID, "%s", _("没有给出要附上的文件"));
	error = read_checked(path, shown,
			     opts.max_file_bytes > IMAGE_MAX_INPUT ? opts.max_file_bytes : IMAGE_MAX_INPUT,
			     &data, &len, err);
	if (error == 0)
		error = prepare_bytes(data, len, shown, &opts, out, err);
	free(data);
	return error;
}

void image_result_free(struct image_result *r)
{
	free(r->bytes.s);
	memset(r, 0, sizeof(*r));
}

int image_decode_rgb(const void *data, size_t len, int max_side, unsigned char **rgb, int *w,
		     int *h, struct ggw_error *err)
{
	struct image_opts defaults;
	struct imgdecode_opts dopt;
	struct imgdecoded pic;
	const unsigned char *d = data;
	int error;

	*rgb = NULL, *w = *h = 0;
	image_opts_default(&defaults);
	dopt.max_side = max_side > 0 ? max_side : 65500;
	dopt.max_pixels = defaults.max_pixels;
	dopt.shown = _("证据文件");
	if (d && len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		error = imgdecode_jpeg(d, len, &dopt, &pic, err);
	else if (d && len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		error = imgdecode_png(d, len, &dopt, &pic, err);
	else
		return ggw_fail(err, GGW_EINVALID, _("证据文件不是 JPEG 或 PNG 图片"));
	if (error < 0)
		return error;
	*rgb = pic.rgb, *w = pic.w, *h = pic.h;
	return 0;
}
