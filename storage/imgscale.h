/* Pixel work behind storage/image.c: a streaming area (box) resampler that
 * takes source rows one at a time (so a large PNG never needs its whole
 * bitmap in memory), and the eight EXIF orientations turned upright.
 * RGB only, 3 bytes a pixel. */
#ifndef GGW_IMGSCALE_H
#define GGW_IMGSCALE_H

#include <stddef.h>

/* Target size for a src_w x src_h picture whose longest side must be at
 * most max_side: unchanged when it already fits, else the longest side is
 * exactly max_side and the other keeps the proportion (at least 1). */
void imgscale_fit(int src_w, int src_h, int max_side, int *dst_w, int *dst_h);

struct imgscale {
	int sw, sh, dw, dh;  /* source and destination sizes, dw <= sw, dh <= sh */
	int sy, oy;          /* next source row, output row being filled */
	int *xfirst, *xcount; /* per output column: first source column, how many */
	int xmax;            /* largest xcount: stride of xweight */
	float *xweight;      /* per output column: weights summing to 1 */
	float *hrow, *acc;   /* one row shrunk across; the output row being summed */
	unsigned char *out;  /* dw * dh * 3, filled as rows come */
};

/* 0, or -1 when out of memory (nothing to free then). The destination is
 * clamped to the source size (never enlarges). */
int imgscale_init(struct imgscale *s, int sw, int sh, int dw, int dh);
/* Feed the next source row (sw RGB pixels). Rows past sh are ignored. */
void imgscale_push(struct imgscale *s, const unsigned char *row);
/* After all sh rows: the output (caller frees), or NULL when rows are
 * missing. The scaler's own buffers are freed either way. */
unsigned char *imgscale_finish(struct imgscale *s);
void imgscale_free(struct imgscale *s);

/* Turn a w x h RGB picture upright from its EXIF orientation (1-8; other
 * values are taken as 1). Returns a new buffer (or NULL when out of
 * memory) and sets *ow, *oh (swapped for 5-8). */
unsigned char *imgscale_orient(const unsigned char *rgb, int w, int h, int orientation, int *ow,
			       int *oh);

#endif
