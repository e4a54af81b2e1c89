/* Evidence files made fit to store: a photo (JPEG, PNG) is turned upright
 * from its EXIF orientation, shrunk so its longest side is at most
 * opts->max_side, and re-encoded as a baseline JPEG with no metadata at all
 * (no EXIF, no GPS, no camera serial, no ICC, no comments). A PDF scan is
 * kept byte for byte. Anything else is refused with a Chinese message that
 * names the file. Nothing is written anywhere: the result is in memory. */
#ifndef GGW_IMAGE_H
#define GGW_IMAGE_H

#include <stddef.h>

#include "../model/err.h"
#include "../model/sbuf.h"

enum image_format { IMAGE_JPEG = 1, IMAGE_PNG, IMAGE_PDF };

struct image_opts {
	int max_side;          /* longest side after shrinking; 0: 1600 */
	int quality;           /* JPEG quality 1-100; 0: 78 */
	size_t max_file_bytes; /* cap on the stored bytes; 0: 8 MiB */
	size_t max_pixels;     /* refuse larger declared images; 0: 120 Mpx */
};

struct image_result {
	struct sbuf bytes;        /* what is stored (caller frees bytes.s) */
	enum image_format in_fmt; /* what the file was */
	const char *mime;         /* of the stored bytes: "image/jpeg", "application/pdf" */
	const char *ext;          /* "jpg", "pdf" */
	int width, height;        /* stored size in pixels (0 for PDF) */
	int src_width, src_height;/* as the file declared them (0 for PDF) */
	size_t src_bytes;         /* size of the file read */
};

void image_opts_default(struct image_opts *o);

/* Read `path` (a regular file, opened with O_NOFOLLOW, read once: a file
 * that changes while being read is refused) and prepare it as above.
 * GGW_EINVALID for what is not a photo or PDF, is truncated or too big;
 * GGW_EIO when the file cannot be read. out is zeroed first; on error it
 * holds nothing to free.
 * Refused, each with a Chinese message naming the file (escaped by
 * model/safetext.h): symlinks, folders, devices, pipes; files over
 * max(max_file_bytes, 128 MiB) (unread); empty files; HEIC/HEIF (convert
 * it to JPEG on the phone), GIF, WebP, BMP, TIFF and anything else; an
 * image declaring more than max_pixels (before any pixel memory is
 * allocated); a truncated or damaged JPEG/PNG (libjpeg and libpng never
 * exit the program); a PDF without %%EOF at its end or over
 * max_file_bytes; a re-encoded photo still over max_file_bytes. */
int image_prepare(const char *path, const struct image_opts *o, struct image_result *out,
		  struct ggw_error *err);
/* The same from bytes already in memory (name: for messages). */
int image_prepare_mem(const void *data, size_t len, const char *name, const struct image_opts *o,
		      struct image_result *out, struct ggw_error *err);
void image_result_free(struct image_result *r);

/* For tests: called by image_prepare after the file is read and before it
 * is checked again for changes (a test changes the file there). NULL: none. */
void image_set_read_hook(void (*hook)(const char *path, void *arg), void *arg);

/* Decode stored JPEG/PNG bytes to 8-bit RGB, shrunk (scaled decoding) so the
 * longest side is at most max_side (0: full size), for printing thumbnails;
 * an EXIF orientation, if any, is applied. *rgb malloc'd, 3 bytes a pixel,
 * rows of *w pixels; NULL and 0 x 0 on error. */
int image_decode_rgb(const void *data, size_t len, int max_side, unsigned char **rgb, int *w,
		     int *h, struct ggw_error *err);

#endif
