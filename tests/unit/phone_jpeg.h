/* A JPEG written as a phone writes one: an APP1 block of EXIF with the
 * orientation, a camera make, a GPS position and a body serial (what
 * `ggw attach` must turn upright and strip), then the pixels. Written once
 * for the three programs that make test photos: bench/image_tool.c (gen),
 * demo/photo.c (the demo ledger's photos) and tests/unit/test_image.c.
 * libjpeg and libexif only; not part of ggw. */
#ifndef GGW_TESTS_PHONE_JPEG_H
#define GGW_TESTS_PHONE_JPEG_H

#include <stddef.h>

struct phone_exif {
	int orientation;    /* EXIF Orientation, 1-8 */
	const char *make;   /* Make, NULL: none */
	const char *serial; /* BodySerialNumber, NULL: none */
	unsigned latitude;  /* GPS latitude: latitude°(latitude+1)'(latitude+2)" N */
	int motorola;       /* big-endian TIFF (else Intel's little-endian) */
};

/* "Exif\0\0" + TIFF, malloc'd (free it); NULL if libexif failed. */
unsigned char *phone_exif_block(const struct phone_exif *x, unsigned int *len);

/* Fill row y of the picture: w pixels of `components` bytes each. */
typedef void (*phone_rows_fn)(int y, unsigned char *row, int w, void *data);

struct phone_jpeg {
	int width, height, quality;
	int components;               /* 3 RGB, 1 grey, 4 CMYK (Adobe's, inverted) */
	int progressive;
	const struct phone_exif *exif; /* NULL: no APP1 */
	const char *comment;          /* a COM marker, NULL: none */
	phone_rows_fn rows;
	void *data;                   /* for rows */
};

/* The JPEG in memory (*out malloc'd: free it). 0, or -1. */
int phone_jpeg_encode(const struct phone_jpeg *p, unsigned char **out, unsigned long *len);
/* The JPEG written to path. 0, or -1 (said with perror). */
int phone_jpeg_write(const struct phone_jpeg *p, const char *path);

#endif
