/* Pixel work behind storage/image.c: a streaming area (box) resampler that
 * takes source rows one at a time (so a large PNG never needs its whole
 * bitmap in memory) and writes each finished row straight to its place in
 * the upright picture (the eight EXIF orientations), so there is no second
 * pass over the pixels. RGB only, 3 bytes a pixel. */
#ifndef GGW_IMGSCALE_H
#define GGW_IMGSCALE_H

#include <stddef.h>
#include <stdint.h>

/* Target size for a src_w x src_h picture whose longest side must be at
 * most max_side: unchanged when it already fits, else the longest side is
 * exactly max_side and the other keeps the proportion (at least 1). */
void imgscale_fit(int src_w, int src_h, int max_side, int *dst_w, int *dst_h);

struct imgscale {
	int sw, sh, dw, dh;  /* source and destination sizes, dw <= sw, dh <= sh */
	int orientation;     /* EXIF 1-8 */
	int ow, oh;          /* the upright output: dw x dh, or dh x dw for 5-8 */
	int sy, oy;          /* next source row, output row being filled */
	int *xfirst, *xcount; /* per output column: first source column, how many */
	int xmax;            /* largest xcount: stride of xweight */
	int *xweight;        /* per output column: weights summing to 1 << 12 */
	uint32_t *hrow, *acc; /* one row shrunk across (8.8 fixed point); the
			       * output row being summed (8.20) */
	unsigned char *out;  /* ow * oh * 3, filled as rows come */
};

/* 0, or -1 when out of memory (nothing to free then). The destination is
 * clamped to the source size (never enlarges). orientation: the EXIF
 * value (1-8; others are taken as 1). */
int imgscale_init(struct imgscale *s, int sw, int sh, int dw, int dh, int orientation);
/* Feed the next source row (sw RGB pixels). Rows past sh are ignored. */
void imgscale_push(struct imgscale *s, const unsigned char *row);
/* After all sh rows: the upright output, s->ow x s->oh (caller frees), or
 * NULL when rows are missing. The scaler's own buffers are freed either
 * way; ow and oh stay set. */
unsigned char *imgscale_finish(struct imgscale *s);
void imgscale_free(struct imgscale *s);

#endif
