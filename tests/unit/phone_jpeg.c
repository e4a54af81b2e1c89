/* A JPEG written as a phone writes one; see phone_jpeg.h. */
#include "phone_jpeg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <libexif/exif-data.h>

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

static void exif_ascii(ExifData *ed, ExifIfd ifd, ExifTag tag, const char *s)
{
	ExifEntry *e = exif_put(ed, ifd, tag, EXIF_FORMAT_ASCII, strlen(s) + 1);

	memcpy(e->data, s, strlen(s) + 1);
}

unsigned char *phone_exif_block(const struct phone_exif *x, unsigned int *len)
{
	ExifData *ed = exif_data_new();
	ExifByteOrder bo = x->motorola ? EXIF_BYTE_ORDER_MOTOROLA : EXIF_BYTE_ORDER_INTEL;
	unsigned char *buf = NULL;
	ExifEntry *e;

	*len = 0;
	if (!ed)
		return NULL;
	exif_data_set_byte_order(ed, bo);
	e = exif_put(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1);
	exif_set_short(e->data, bo, (ExifShort)x->orientation);
	if (x->make)
		exif_ascii(ed, EXIF_IFD_0, EXIF_TAG_MAKE, x->make);
	exif_ascii(ed, EXIF_IFD_GPS, (ExifTag)EXIF_TAG_GPS_LATITUDE_REF, "N");
	e = exif_put(ed, EXIF_IFD_GPS, (ExifTag)EXIF_TAG_GPS_LATITUDE, EXIF_FORMAT_RATIONAL, 3);
	for (int i = 0; i < 3; i++)
		exif_set_rational(e->data + 8 * i, bo, (ExifRational){ (ExifLong)(x->latitude + i), 1 });
	if (x->serial)
		exif_ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_BODY_SERIAL_NUMBER, x->serial);
	exif_data_save_data(ed, &buf, len);
	exif_data_unref(ed);
	return buf;
}

static void compress_rows(struct jpeg_compress_struct *ci, const struct phone_jpeg *p,
			  unsigned char *row)
{
	unsigned int n = 0;
	unsigned char *exif;

	ci->image_width = (JDIMENSION)p->width, ci->image_height = (JDIMENSION)p->height;
	ci->input_components = p->components;
	ci->in_color_space = p->components == 1 ? JCS_GRAYSCALE : p->components == 4 ? JCS_CMYK : JCS_RGB;
	jpeg_set_defaults(ci);
	jpeg_set_quality(ci, p->quality, TRUE);
	if (p->progressive)
		jpeg_simple_progression(ci);
	jpeg_start_compress(ci, TRUE);
	/* libexif saves from the "Exif\0\0" header on: the APP1 body as is */
	if (p->exif && (exif = phone_exif_block(p->exif, &n))) {
		if (n < 65533)
			jpeg_write_marker(ci, JPEG_APP0 + 1, exif, n);
		free(exif);
	}
	if (p->comment)
		jpeg_write_marker(ci, JPEG_COM, (const JOCTET *)p->comment,
				  (unsigned int)strlen(p->comment) + 1);
	while (ci->next_scanline < ci->image_height) {
		JSAMPROW r = row;

		p->rows((int)ci->next_scanline, row, p->width, p->data);
		jpeg_write_scanlines(ci, &r, 1);
	}
	jpeg_finish_compress(ci);
}

int phone_jpeg_encode(const struct phone_jpeg *p, unsigned char **out, unsigned long *len)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr em;
	unsigned char *row;

	*out = NULL;
	*len = 0;
	if (p->width < 1 || p->height < 1 || !p->rows ||
	    !(row = malloc((size_t)p->width * (size_t)(p->components > 0 ? p->components : 3))))
		return -1;
	ci.err = jpeg_std_error(&em);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, out, len);
	compress_rows(&ci, p, row);
	jpeg_destroy_compress(&ci);
	free(row);
	return 0;
}

int phone_jpeg_write(const struct phone_jpeg *p, const char *path)
{
	unsigned char *d = NULL;
	unsigned long n = 0;
	FILE *f;
	int rc = 0;

	if (phone_jpeg_encode(p, &d, &n) < 0) {
		fprintf(stderr, "%s: cannot make the JPEG\n", path);
		return -1;
	}
	if (!(f = fopen(path, "wb")) || fwrite(d, 1, n, f) != n) {
		perror(path);
		rc = -1;
	}
	if (f && fclose(f) != 0 && rc == 0) {
		perror(path);
		rc = -1;
	}
	free(d);
	return rc;
}
