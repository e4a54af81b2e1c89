/* JPEG (libjpeg-turbo, scaled decoding) and PNG (libpng, read row by row)
 * decoded to upright RGB no larger than max_side, for storage/image.c.
 * libjpeg's and libpng's errors never exit: they come back as GGW_E*
 * codes with a Chinese message naming the file. */
#ifndef GGW_IMGDECODE_H
#define GGW_IMGDECODE_H

#include <stddef.h>

#include "../model/err.h"

struct imgdecode_opts {
	int max_side;      /* longest side of the result (> 0) */
	size_t max_pixels; /* refuse larger declared sizes before allocating */
	const char *shown; /* the file's name, already made safe, for messages */
};

struct imgdecoded {
	unsigned char *rgb; /* w * h * 3, upright; caller frees */
	int w, h;
	int src_w, src_h;   /* as the file declared them */
	int orientation;    /* the EXIF orientation that was applied (1-8) */
};

int imgdecode_jpeg(const unsigned char *data, size_t len, const struct imgdecode_opts *o,
		   struct imgdecoded *out, struct ggw_error *err);
int imgdecode_png(const unsigned char *data, size_t len, const struct imgdecode_opts *o,
		  struct imgdecoded *out, struct ggw_error *err);

/* The orientation tag (1-8) of EXIF data that starts with "Exif\0\0" (a
 * JPEG APP1 body), or 1 when there is none or it cannot be read. */
int imgdecode_exif_orientation(const unsigned char *data, size_t len);

#endif
