/* image_tool: storage/image.c from the shell, for bench/bench_image.sh and
 * shell tests.
 *   image_tool prepare IN OUT [max_side [quality [max_pixels [max_bytes]]]]
 *       image_prepare IN, write the stored bytes to OUT, print
 *       "fmt=jpeg src=4000x3000 out=1600x1200 bytes=N ms=T"; on refusal the
 *       Chinese message on stderr, exit 1, OUT not written.
 *   image_tool decode IN max_side    image_decode_rgb: print "WxH"
 *   image_tool gen W H OUT [quality [orientation]]
 *       a photo-like JPEG (gradients, a shape, detail at every scale,
 *       sensor noise) with an EXIF
 *       block (orientation, GPS, camera serial) as a phone writes one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>
#include <libexif/exif-data.h>

#include "../model/i18n.h"
#include "../storage/image.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int write_file(const char *path, const void *d, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(d, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

static int do_prepare(int argc, char **argv)
{
	struct image_opts o = { 0 };
	struct image_result r;
	struct ggw_error err = { 0, "" };
	static const char *const fmts[] = { "?", "jpeg", "png", "pdf" };
	double t0;
	int rc;

	if (argc < 4)
		return 2;
	if (argc > 4)
		o.max_side = atoi(argv[4]);
	if (argc > 5)
		o.quality = atoi(argv[5]);
	if (argc > 6)
		o.max_pixels = strtoull(argv[6], NULL, 10);
	if (argc > 7)
		o.max_file_bytes = strtoull(argv[7], NULL, 10);
	t0 = now();
	if (image_prepare(argv[2], &o, &r, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	printf("fmt=%s src=%dx%d out=%dx%d bytes=%zu ms=%.1f\n", fmts[r.in_fmt], r.src_width,
	       r.src_height, r.width, r.height, r.bytes.len, (now() - t0) * 1000);
	rc = write_file(argv[3], r.bytes.s, r.bytes.len);
	image_result_free(&r);
	return rc;
}

static int do_decode(int argc, char **argv)
{
	struct ggw_error err = { 0, "" };
	unsigned char *rgb;
	char *d;
	long n;
	int w, h;
	FILE *f;

	if (argc < 4 || !(f = fopen(argv[2], "rb")))
		return 2;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	d = malloc((size_t)n + 1);
	if (!d || fread(d, 1, (size_t)n, f) != (size_t)n)
		return 1;
	fclose(f);
	if (image_decode_rgb(d, (size_t)n, atoi(argv[3]), &rgb, &w, &h, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		free(d);
		return 1;
	}
	printf("%dx%d\n", w, h);
	free(rgb);
	free(d);
	return 0;
}

static ExifEntry *exif_put(ExifData *ed, ExifIfd ifd, ExifTag tag, ExifFormat fmt,
			   unsigned long components)
{
	ExifEntry *e = exif_entry_new();

	e->tag = tag;
	e->format = fmt;
	e->components = components;
	e->size = exif_format_get_size(fmt) * components;
	e->data = calloc(1, e->size ? e->size : 1);
	exif_content_add_entry(ed->ifd[ifd], e);
	exif_entry_unref(e);
	return e;
}

/* An APP1 body ("Exif\0\0" + TIFF) with orientation, GPS and a serial. */
static unsigned char *phone_exif(int orientation, unsigned int *len)
{
	ExifData *ed = exif_data_new();
	ExifByteOrder bo = EXIF_BYTE_ORDER_INTEL;
	ExifEntry *e;
	unsigned char *buf = NULL;

	exif_data_set_byte_order(ed, bo);
	e = exif_put(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1);
	exif_set_short(e->data, bo, (ExifShort)orientation);
	e = exif_put(ed, EXIF_IFD_GPS, (ExifTag)EXIF_TAG_GPS_LATITUDE_REF, EXIF_FORMAT_ASCII, 2);
	memcpy(e->data, "N", 2);
	e = exif_put(ed, EXIF_IFD_GPS, (ExifTag)EXIF_TAG_GPS_LATITUDE, EXIF_FORMAT_RATIONAL, 3);
	for (int i = 0; i < 3; i++)
		exif_set_rational(e->data + 8 * i, bo, (ExifRational){ (ExifLong)(30 + i), 1 });
	e = exif_put(ed, EXIF_IFD_EXIF, EXIF_TAG_BODY_SERIAL_NUMBER, EXIF_FORMAT_ASCII, 15);
	memcpy(e->data, "SERIAL-1234567", 15);
	exif_data_save_data(ed, &buf, len);
	exif_data_unref(ed);
	return buf;
}

/* Detail at every scale, weaker as it gets finer (as in photographs of
 * things): value noise of cells 256 down to 2 pixels, bilinear. */
static int lattice(int cx, int cy, int octave)
{
	uint32_t h = (uint32_t)cx * 73856093u ^ (uint32_t)cy * 19349663u ^ (uint32_t)octave * 83492791u;

	h ^= h >> 13, h *= 0x5bd1e995u, h ^= h >> 15;
	return (int)(h & 255) - 128;
}

static int texture(int x, int y)
{
	static const int cell[] = { 256, 64, 16, 6, 2 }, amp[] = { 48, 30, 20, 14, 9 };
	int sum = 0;

	for (int o = 0; o < 5; o++) {
		int c = cell[o], cx = x / c, cy = y / c, fx = x % c, fy = y % c;
		int top = lattice(cx, cy, o) * (c - fx) + lattice(cx + 1, cy, o) * fx;
		int bot = lattice(cx, cy + 1, o) * (c - fx) + lattice(cx + 1, cy + 1, o) * fx;

		sum += (top * (c - fy) + bot * fy) / (c * c) * amp[o] / 128;
	}
	return sum;
}

static int do_gen(int argc, char **argv)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr em;
	int w, h, quality, orientation;
	unsigned char *row, *exif = NULL, *out = NULL;
	unsigned long outlen = 0;
	unsigned int exiflen = 0;
	uint32_t seed = 12345;
	int rc;

	if (argc < 5)
		return 2;
	w = atoi(argv[2]), h = atoi(argv[3]);
	quality = argc > 5 ? atoi(argv[5]) : 92;
	orientation = argc > 6 ? atoi(argv[6]) : 1;
	if (w < 1 || h < 1 || !(row = malloc((size_t)w * 3)))
		return 2;
	ci.err = jpeg_std_error(&em);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &out, &outlen);
	ci.image_width = (JDIMENSION)w, ci.image_height = (JDIMENSION)h;
	ci.input_components = 3, ci.in_color_space = JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, quality, TRUE);
	jpeg_start_compress(&ci, TRUE);
	exif = phone_exif(orientation, &exiflen);
	if (exif && exiflen + 6 < 65533) {
		unsigned char *app1 = malloc(exiflen + 6);

		/* libexif saves from the "Exif\0\0" header on. */
		memcpy(app1, exif, exiflen);
		jpeg_write_marker(&ci, JPEG_APP0 + 1, app1, exiflen);
		free(app1);
	}
	while (ci.next_scanline < ci.image_height) {
		int y = (int)ci.next_scanline;

		for (int x = 0; x < w; x++) {
			int disc = ((x - w / 3) * (x - w / 3) + (y - h / 2) * (y - h / 2)) < (h / 5) * (h / 5);
			int t = texture(x, y);
			int base[3] = { 90 + 120 * x / w + t, 140 - 80 * y / h + t,
					(disc ? 40 : 170 * y / h) + t / 2 };

			for (int c = 0; c < 3; c++) {
				seed = seed * 1103515245u + 12345u;
				int v = base[c] + (int)((seed >> 16) % 13) - 6;

				row[x * 3 + c] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
			}
		}
		JSAMPROW r = row;
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	rc = write_file(argv[4], out, outlen);
	free(out);
	free(exif);
	free(row);
	return rc;
}

int main(int argc, char **argv)
{
	i18n_init("zh");
	if (argc >= 2 && !strcmp(argv[1], "prepare"))
		return do_prepare(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "decode"))
		return do_decode(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "gen"))
		return do_gen(argc, argv);
	fprintf(stderr, "usage: image_tool prepare IN OUT [max_side [quality [max_pixels [max_bytes]]]]\n"
			"       image_tool decode IN max_side\n"
			"       image_tool gen W H OUT [quality [orientation]]\n");
	return 2;
}
