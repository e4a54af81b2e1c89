/* Placeholder until the image helper lands: refuses everything. */
#include "image.h"

#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"

void image_opts_default(struct image_opts *o)
{
	o->max_side = 1600;
	o->quality = 82;
	o->max_file_bytes = 8u << 20;
	o->max_pixels = 120u * 1000 * 1000;
}

int image_prepare(const char *path, const struct image_opts *o, struct image_result *out,
		  struct ggw_error *err)
{
	(void)o;
	memset(out, 0, sizeof(*out));
	return ggw_fail(err, GGW_EINVALID, "%s: not built yet", path);
}

int image_prepare_mem(const void *data, size_t len, const char *name, const struct image_opts *o,
		      struct image_result *out, struct ggw_error *err)
{
	(void)data, (void)len, (void)o;
	memset(out, 0, sizeof(*out));
	return ggw_fail(err, GGW_EINVALID, "%s: not built yet", name);
}

void image_result_free(struct image_result *r)
{
	free(r->bytes.s);
	memset(r, 0, sizeof(*r));
}

int image_decode_rgb(const void *data, size_t len, int max_side, unsigned char **rgb, int *w,
		     int *h, struct ggw_error *err)
{
	(void)data, (void)len, (void)max_side;
	*rgb = NULL, *w = *h = 0;
	return ggw_fail(err, GGW_EINVALID, "not built yet");
}
