/* libFuzzer target: storage/image.c on any bytes (JPEG and PNG decoding
 * through libjpeg-turbo and libpng, EXIF through libexif, PDF, the
 * refusals). Limits are small (2 Mpx, 256 px) so each input is quick.
 * Properties beyond "no crash, no leak": a refusal leaves nothing in the
 * result and has a message naming the file, in Chinese before any English
 * word (libjpeg's and libpng's English comes after, in brackets); an
 * accepted photo is a bare baseline JPEG (no marker but APP0 JFIF, DQT,
 * SOF0, DHT, DRI before the scan) no larger than asked, that decodes back
 * to the same size; an accepted PDF is the input unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../storage/image.h"
#include "../../storage/imgdecode.h"
#include "fuzz_common.h"

#define NAME "fuzz.jpg"

static void check_refusal(const struct image_result *r, const struct ggw_error *err)
{
	const char *c;

	FUZZ_ASSERT(!r->bytes.s && r->bytes.len == 0 && r->width == 0 && !r->mime,
		    "a refusal left something in the result");
	FUZZ_ASSERT(err->code < 0 && err->msg[0], "refused without a message");
	FUZZ_ASSERT(strstr(err->msg, NAME), "message does not name the file: %s", err->msg);
	c = strstr(err->msg, NAME) + strlen(NAME);
	for (; *c && (unsigned char)*c < 0x80; c++)
		FUZZ_ASSERT(!(c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z'),
			    "English before any Chinese: %s", err->msg);
}

static void check_bare_jpeg(const unsigned char *d, size_t n)
{
	size_t i = 2;

	FUZZ_ASSERT(n > 4 && d[0] == 0xff && d[1] == 0xd8, "output is not a JPEG");
	while (i + 4 <= n && d[i + 1] != 0xda) {
		int m = d[i + 1];

		FUZZ_ASSERT(d[i] == 0xff, "marker expected at %zu", i);
		FUZZ_ASSERT(m == 0xe0 || m == 0xdb || m == 0xc0 || m == 0xc4 || m == 0xdd,
			    "marker ff%02x in the output", m);
		i += 2 + ((size_t)d[i + 2] << 8 | d[i + 3]);
	}
	FUZZ_ASSERT(i + 4 <= n, "no scan in the output");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_opts o = { 0 };
	struct image_result r;
	struct ggw_error err = { 0, "" };
	unsigned char *rgb;
	int w, h;

	/* EXIF parsing on its own, as a TIFF block after "Exif\0\0" */
	if (size >= 6 && !memcmp(data, "Exif\0\0", 6)) {
		int v = imgdecode_exif_orientation(data, size);

		FUZZ_ASSERT(v >= 1 && v <= 8, "orientation %d", v);
	}
	o.max_side = 256;
	o.quality = 75;
	o.max_pixels = 2u * 1000 * 1000;
	o.max_file_bytes = 1u << 20;
	if (image_prepare_mem(data, size, NAME, &o, &r, &err) != 0) {
		check_refusal(&r, &err);
		return 0;
	}
	FUZZ_ASSERT(r.bytes.s && r.bytes.len > 0 && r.bytes.len <= o.max_file_bytes, "bad length");
	FUZZ_ASSERT(r.src_bytes == size, "src_bytes %zu of %zu", r.src_bytes, size);
	if (r.in_fmt == IMAGE_PDF) {
		FUZZ_ASSERT(r.bytes.len == size && !memcmp(r.bytes.s, data, size), "PDF changed");
	} else {
		FUZZ_ASSERT(r.width >= 1 && r.height >= 1 && r.width <= 256 && r.height <= 256,
			    "size %dx%d", r.width, r.height);
		check_bare_jpeg((const unsigned char *)r.bytes.s, r.bytes.len);
		FUZZ_ASSERT(image_decode_rgb(r.bytes.s, r.bytes.len, 0, &rgb, &w, &h, &err) == 0,
			    "output does not decode: %s", err.msg);
		FUZZ_ASSERT(w == r.width && h == r.height, "decoded %dx%d, said %dx%d", w, h,
			    r.width, r.height);
		free(rgb);
	}
	image_result_free(&r);
	return 0;
}
