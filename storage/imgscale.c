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
	memset(s, 0, sizeof(*s));
}

static void plan_columns(struct imgscale *s)
{
	for (int ox = 0; ox < s->dw; ox++) {
		int64_t o0 = (int64_t)ox * s->sw, o1 = o0 + s->sw;
		int first = (int)(o0 / s->dw), last = (int)((o1 - 1) / s->dw);

		s->xfirst[ox] = first;
		s->xcount[ox] = last - first + 1;
		for (int x = first; x <= last; x++) {
			int64_t a = (int64_t)x * s->dw, b = a + s->dw;
			int64_t lo = a > o0 ? a : o0, hi = b < o1 ? b : o1;

			s->xweight[(size_t)ox * s->xmax + (x - first)] = (float)(hi - lo) / (float)s->sw;
		}
	}
}

int imgscale_init(struct imgscale *s, int sw, int sh, int dw, int dh)
{
	memset(s, 0, sizeof(*s));
	if (sw < 1 || sh < 1)
		return -1;
	s->sw = sw, s->sh = sh;
	s->dw = dw < 1 ? 1 : dw > sw ? sw : dw;
	s->dh = dh < 1 ? 1 : dh > sh ? sh : dh;
	s->xmax = (sw + s->dw - 1) / s->dw + 1;
	s->xfirst = malloc(sizeof(int) * (size_t)s->dw);
	s->xcount = malloc(sizeof(int) * (size_t)s->dw);
	s->xweight = calloc((size_t)s->dw * (size_t)s->xmax, sizeof(float));
	s->hrow = malloc(sizeof(float) * 3 * (size_t)s->dw);
	s->acc = calloc(3 * (size_t)s->dw, sizeof(float));
	s->out = malloc((size_t)s->dw * (size_t)s->dh * 3);
	if (!s->xfirst || !s->xcount || !s->xweight || !s->hrow || !s->acc || !s->out) {
		imgscale_free(s);
		return -1;
	}
	plan_columns(s);
	return 0;
}

static void shrink_across(struct imgscale *s, const unsigned char *row)
{
	for (int ox = 0; ox < s->dw; ox++) {
		const unsigned char *p = row + (size_t)s->xfirst[ox] * 3;
		const float *w = s->xweight + (size_t)ox * s->xmax;
		float r = 0, g = 0, b = 0;

		for (int k = 0; k < s->xcount[ox]; k++, p += 3) {
			r += p[0] * w[k];
			g += p[1] * w[k];
			b += p[2] * w[k];
		}
		s->hrow[ox * 3] = r, s->hrow[ox * 3 + 1] = g, s->hrow[ox * 3 + 2] = b;
	}
}

static void emit_row(struct imgscale *s)
{
	unsigned char *o = s->out + (size_t)s->oy * s->dw * 3;

	for (int i = 0; i < s->dw * 3; i++) {
		float v = s->acc[i] + 0.5f;

		o[i] = v <= 0 ? 0 : v >= 255 ? 255 : (unsigned char)v;
		s->acc[i] = 0;
	}
	s->oy++;
}

void imgscale_push(struct imgscale *s, const unsigned char *row)
{
	int64_t a, b;

	if (!s->out || s->sy >= s->sh)
		return;
	shrink_across(s, row);
	/* A source row is dh units tall, an output row sh units. */
	a = (int64_t)s->sy * s->dh, b = a + s->dh;
	while (s->oy < s->dh) {
		int64_t o0 = (int64_t)s->oy * s->sh, o1 = o0 + s->sh;
		int64_t lo = a > o0 ? a : o0, hi = b < o1 ? b : o1;

		if (hi > lo) {
			float w = (float)(hi - lo) / (float)s->sh;

			for (int i = 0; i < s->dw * 3; i++)
				s->acc[i] += s->hrow[i] * w;
		}
		if (o1 > b)
			break;
		emit_row(s);
	}
	s->sy++;
}

unsigned char *imgscale_finish(struct imgscale *s)
{
	unsigned char *out = NULL;

	if (s->sy == s->sh && s->oy == s->dh) {
		out = s->out;
		s->out = NULL;
	}
	imgscale_free(s);
	return out;
}

/* Where the upright picture's pixel (x, y) comes from in the stored one. */
static void source_of(int orientation, int w, int h, int x, int y, int *sx, int *sy)
{
	switch (orientation) {
	case 2: *sx = w - 1 - x, *sy = y; break;
	case 3: *sx = w - 1 - x, *sy = h - 1 - y; break;
	case 4: *sx = x, *sy = h - 1 - y; break;
	case 5: *sx = y, *sy = x; break;
	case 6: *sx = y, *sy = h - 1 - x; break;
	case 7: *sx = w - 1 - y, *sy = h - 1 - x; break;
	case 8: *sx = w - 1 - y, *sy = x; break;
	default: *sx = x, *sy = y; break;
	}
}

unsigned char *imgscale_orient(const unsigned char *rgb, int w, int h, int orientation, int *ow,
			       int *oh)
{
	int swap = orientation >= 5 && orientation <= 8;
	unsigned char *out = malloc((size_t)w * (size_t)h * 3);

	*ow = swap ? h : w;
	*oh = swap ? w : h;
	if (!out)
		return NULL;
	if (orientation < 2 || orientation > 8) {
		memcpy(out, rgb, (size_t)w * (size_t)h * 3);
		return out;
	}
	for (int y = 0; y < *oh; y++) {
		unsigned char *o = out + (size_t)y * *ow * 3;

		for (int x = 0; x < *ow; x++, o += 3) {
			int sx, sy;

			source_of(orientation, w, h, x, y, &sx, &sy);
			memcpy(o, rgb + ((size_t)sy * w + sx) * 3, 3);
		}
	}
	return out;
}
