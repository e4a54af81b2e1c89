/* image_tool: storage/image.c from the shell, for bench/bench_image.sh and
 * shell tests.
 *   image_tool prepare IN OUT [max_side [quality [max_pixels [max_bytes]]]]
 *       image_prepare IN, write the stored bytes to OUT, print
 *       "fmt=jpeg src=4000x3000 out=1600x1200 bytes=N ms=T"; on refusal the
 *       Chinese message on stderr, exit 1, OUT not written.
 *   image_tool decode IN max_side    image_decode_rgb: print "WxH"
 *   image_tool gen W H OUT [quality [orientation]]
 *       a photo-like JPEG (gradients, a shape, detail at every scale,
 *       sensor noise) with an EXIF block (orientation, GPS, camera
 *       serial) as a phone writes one (tests/unit/phone_jpeg.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/i18n.h"
#include "../storage/image.h"
#include "../tests/unit/phone_jpeg.h"

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

/* The picture of gen: gradients, a disc, texture, sensor noise. */
struct gen {
	int h;
	uint32_t seed;
};

static void gen_row(int y, unsigned char *row, int w, void *data)
{
	struct gen *g = data;
	int h = g->h;

	for (int x = 0; x < w; x++) {
		int disc = ((x - w / 3) * (x - w / 3) + (y - h / 2) * (y - h / 2)) < (h / 5) * (h / 5);
		int t = texture(x, y);
		int base[3] = { 90 + 120 * x / w + t, 140 - 80 * y / h + t,
				(disc ? 40 : 170 * y / h) + t / 2 };

		for (int c = 0; c < 3; c++) {
			g->seed = g->seed * 1103515245u + 12345u;
			int v = base[c] + (int)((g->seed >> 16) % 13) - 6;

			row[x * 3 + c] = (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
		}
	}
}

static int do_gen(int argc, char **argv)
{
	struct phone_exif x = { 1, NULL, "SERIAL-1234567", 30, 0 };
	struct gen g = { 0, 12345 };
	struct phone_jpeg p = { 0, 0, 92, 3, 0, &x, NULL, gen_row, &g };

	if (argc < 5)
		return 2;
	p.width = atoi(argv[2]), g.h = p.height = atoi(argv[3]);
	p.quality = argc > 5 ? atoi(argv[5]) : 92;
	x.orientation = argc > 6 ? atoi(argv[6]) : 1;
	if (p.width < 1 || p.height < 1)
		return 2;
	return phone_jpeg_write(&p, argv[4]) < 0 ? 1 : 0;
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
