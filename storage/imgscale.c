/* Area resampling: every output pixel is the mean of the source area it
 * covers, partly covered source pixels weighted by the part. Coordinates
 * are kept in integers (a source column is dw units wide, an output column
 * sw units) so the weights are exact and every column sums to one. */
#include "imgscale.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void imgscale_fit(int src_w, int src_h, int max_side, int *dst_w, int *dst_h)
{
	int longest = src_w > src_h ? src_w : src_h;

	if (max_side <= 0 || longest <= max_side) {
		*dst_w = src_w, *dst_h = src_h;
		return;
	}
	if (src_w >= src_h) {
		*dst_w = max_side;
		*dst_h = (int)(((int64_t)src_h * max_side * 2 + src_w) / (2 * (int64_t)src_w));
	} else {
		*dst_h = max_side;
		*dst_w = (int)(((int64_t)src_w * max_side * 2 + src_h) / (2 * (int64_t)src_h));
	}
	if (*dst_w < 1)
		*dst_w = 1;
	if (*dst_h < 1)
		*dst_h = 1;
}

void imgscale_free(struct imgscale *s)
{
	free(s->xfirst);
	free(s->xcount);
	free(s->xweight);
	free(s->hrow);
	free(s->acc);
	free(s->out);
	s->xfirst = s->xcount = s->xweight = NULL;
	s->hrow = s->acc = NULL;
	s->out = NULL;
}

/* Weights are 12-bit integers. A piece [a, b) of an output pixel n units
 * long weighs round(b * ONE / n) - round(a * ONE / n): the pieces of one
 * pixel add up to exactly ONE, so sums never pass 255 and need no clamp. */
#define W_ONE 4096
#define W_SHIFT 12

static int piece_weight(int64_t a, int64_t b, int64_t n)
{
	return (int)((b * W_ONE + n / 2) / n - (a * W_ONE + n / 2) / n);
}

static void plan_columns(struct imgscale *s)
{
	for (int ox = 0; ox < s->dw; ox++) {
		int64_t o0 = (int64_t)ox * s->sw, o1 = o0 + s->sw;
		int first = (int)(o0 / s->dw), last = (int)((o1 - 1) / s->dw);
		int *w = s->xweight + (size_t)ox * s->xmax;

		s->xfirst[ox] = first;
		s->xcount[ox] = last - first + 1;
		for (int x = first; x <= last; x++) {
			int64_t a = (int64_t)x * s->dw, b = a + s->dw;
			int64_t lo = a > o0 ? a : o0, hi = b < o1 ? b : o1;

			w[x - first] = piece_weight(lo - o0, hi - o0, s->sw);
		}
	}
}

int imgscale_init(struct imgscale *s, int sw, int sh, int dw, int dh, int orientation)
{
	memset(s, 0, sizeof(*s));
	if (sw < 1 || sh < 1)
		return -1;
	s->sw = sw, s->sh = sh;
	s->dw = dw < 1 ? 1 : dw > sw ? sw : dw;
	s->dh = dh < 1 ? 1 : dh > sh ? sh : dh;
	s->orientation = orientation >= 1 && orientation <= 8 ? orientation : 1;
	s->ow = s->orientation >= 5 ? s->dh : s->dw;
	s->oh = s->orientation >= 5 ? s->dw : s->dh;
	s->xmax = (sw + s->dw - 1) / s->dw + 1;
	s->xfirst = malloc(sizeof(int) * (size_t)s->dw);
	s->xcount = malloc(sizeof(int) * (size_t)s->dw);
	s->xweight = calloc((size_t)s->dw * (size_t)s->xmax, sizeof(int));
	s->hrow = malloc(sizeof(uint32_t) * 3 * (size_t)s->dw);
	s->acc = calloc(3 * (size_t)s->dw, sizeof(uint32_t));
	s->out = malloc((size_t)s->dw * (size_t)s->dh * 3);
	if (!s->xfirst || !s->xcount || !s->xweight || !s->hrow || !s->acc || !s->out) {
		imgscale_free(s);
		return -1;
	}
	plan_columns(s);
	return 0;
}

static void shrink_across(const struct imgscale *s, const unsigned char *restrict row,
			  uint32_t *restrict hrow)
{
	int dw = s->dw, xmax = s->xmax;

	for (int ox = 0; ox < dw; ox++) {
		const unsigned char *p = row + (size_t)s->xfirst[ox] * 3;
		const int *w = s->xweight + (size_t)ox * xmax;
		uint32_t r = 0, g = 0, b = 0;

		for (int k = 0, n = s->xcount[ox]; k < n; k++, p += 3) {
			r += p[0] * (uint32_t)w[k];
			g += p[1] * (uint32_t)w[k];
			b += p[2] * (uint32_t)w[k];
		}
		/* 8.12 to 8.8, so that the vertical sum fits 32 bits */
		hrow[ox * 3] = (r + 8) >> 4;
		hrow[ox * 3 + 1] = (g + 8) >> 4;
		hrow[ox * 3 + 2] = (b + 8) >> 4;
	}
}

/* Where stored pixel (0, sy) of the resampled picture goes in the upright
 * one, and how far (in bytes) the next stored pixel of that row is. */
static unsigned char *upright_row(const struct imgscale *s, int sy, ptrdiff_t *step)
{
	ptrdiff_t W = s->ow, w = s->dw, h = s->dh, x, y, dx, dy;

	switch (s->orientation) {
	case 2: x = w - 1, y = sy, dx = -1, dy = 0; break;
	case 3: x = w - 1, y = h - 1 - sy, dx = -1, dy = 0; break;
	case 4: x = 0, y = h - 1 - sy, dx = 1, dy = 0; break;
	case 5: x = sy, y = 0, dx = 0, dy = 1; break;
	case 6: x = h - 1 - sy, y = 0, dx = 0, dy = 1; break;
	case 7: x = h - 1 - sy, y = w - 1, dx = 0, dy = -1; break;
	case 8: x = sy, y = w - 1, dx = 0, dy = -1; break;
	default: x = 0, y = sy, dx = 1, dy = 0; break;
	}
	*step = (dy * W + dx) * 3;
	return s->out + (y * W + x) * 3;
}

static void emit_row(struct imgscale *s)
{
	ptrdiff_t step;
	unsigned char *o = upright_row(s, s->oy, &step);
	uint32_t *restrict acc = s->acc;

	for (int x = 0, n = s->dw; x < n; x++, o += step) {
		o[0] = (unsigned char)((acc[x * 3] + (1u << 19)) >> 20);
		o[1] = (unsigned char)((acc[x * 3 + 1] + (1u << 19)) >> 20);
		o[2] = (unsigned char)((acc[x * 3 + 2] + (1u << 19)) >> 20);
	}
	memset(acc, 0, sizeof(uint32_t) * 3 * (size_t)s->dw);
	s->oy++;
}

/* Four lanes at a time (GCC and clang vector extensions: -O2 does not
 * vectorise this loop by itself). */
typedef uint32_t u32x4 __attribute__((vector_size(16)));

static void add_weighted(uint32_t *restrict acc, const uint32_t *restrict hrow, uint32_t w, int n)
{
	u32x4 wv = { w, w, w, w };
	int i = 0;

	for (; i + 4 <= n; i += 4) {
		u32x4 a, h;

		memcpy(&a, acc + i, sizeof(a));
		memcpy(&h, hrow + i, sizeof(h));
		a += h * wv;
		memcpy(acc + i, &a, sizeof(a));
	}
	for (; i < n; i++)
		acc[i] += hrow[i] * w;
}

void imgscale_push(struct imgscale *s, const unsigned char *row)
{
	int64_t a, b;

	if (!s->out || s->sy >= s->sh)
		return;
	shrink_across(s, row, s->hrow);
	/* A source row is dh units tall, an output row sh units. */
	a = (int64_t)s->sy * s->dh, b = a + s->dh;
	while (s->oy < s->dh) {
		int64_t o0 = (int64_t)s->oy * s->sh, o1 = o0 + s->sh;
		int64_t lo = a > o0 ? a : o0, hi = b < o1 ? b : o1;

		if (hi > lo)
			add_weighted(s->acc, s->hrow, (uint32_t)piece_weight(lo - o0, hi - o0, s->sh),
				     s->dw * 3);
		if (o1 > b)
			break;
		emit_row(s);
	}
	s->sy++;
}

unsigned char *imgscale_finish(struct imgscale *s)
{
	unsigned char *out = NULL;

	if (s->out && s->sy == s->sh && s->oy == s->dh) {
		out = s->out;
		s->out = NULL;
	}
	imgscale_free(s);
	return out;
}
