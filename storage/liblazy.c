/* See liblazy.h. Built into the ggw program only, beside the generated
 * trampolines ($(BUILD)/lazy_sodium_tramp.S, $(BUILD)/lazy_image_tramp.S). */
#include "liblazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../model/i18n.h"

#ifndef GGW_SODIUM_SONAME
#define GGW_SODIUM_SONAME "libsodium.so.23"
#endif
#ifndef GGW_JPEG_SONAME
#define GGW_JPEG_SONAME "libjpeg.so.62"
#endif
#ifndef GGW_PNG_SONAME
#define GGW_PNG_SONAME "libpng16.so.16"
#endif
#ifndef GGW_EXIF_SONAME
#define GGW_EXIF_SONAME "libexif.so.12"
#endif

/* In the generated assembly. */
extern void *ggw_sodium_slots[];
extern const char *const ggw_sodium_names[];
extern const unsigned ggw_sodium_count;
extern void *ggw_image_slots[];
extern const char *const ggw_image_names[];
extern const unsigned ggw_image_count;
void *ggw_sodium_bind(unsigned idx) __attribute__((visibility("hidden")));
void *ggw_image_bind(unsigned idx) __attribute__((visibility("hidden")));

struct lib {
	const char *soname, *package; /* the Debian package that has it */
};

struct group {
	const char *name;
	const struct lib *libs;
	size_t nlibs;
	void **slots;
	const char *const *names;
	const unsigned *count;
	int loaded;
};

static const struct lib sodium_libs[] = { { GGW_SODIUM_SONAME, "libsodium23" } };
static const struct lib image_libs[] = { { GGW_JPEG_SONAME, "libjpeg62-turbo" },
					 { GGW_PNG_SONAME, "libpng16-16" },
					 { GGW_EXIF_SONAME, "libexif12" } };

static struct group groups[] = {
	{ "sodium", sodium_libs, 1, ggw_sodium_slots, ggw_sodium_names, &ggw_sodium_count, 0 },
	{ "image", image_libs, 3, ggw_image_slots, ggw_image_names, &ggw_image_count, 0 },
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The library a function of g should be in: the one whose name it starts
 * with (png_ in libpng16.so.16), else the group's first. */
static const struct lib *owner(const struct group *g, const char *fn)
{
	for (size_t k = 0; k < g->nlibs; k++) {
		const char *stem = g->libs[k].soname + 3; /* after "lib" */
		size_t n = strcspn(stem, "0123456789.");

		if (n && !strncmp(fn, stem, n) && fn[n] == '_')
			return &g->libs[k];
	}
	return &g->libs[0];
}

/* Load g's libraries and fill every slot; exits on failure. Under lock. */
static void load(struct group *g)
{
	void *h[4];
	size_t k;

	for (k = 0; k < g->nlibs; k++)
		if (!(h[k] = dlopen(g->libs[k].soname, RTLD_NOW | RTLD_LOCAL))) {
			const char *why = dlerror();

			fprintf(stderr, _("ggw：无法载入 %s（%s）。请安装 %s 软件包。\n"),
				g->libs[k].soname, why ? why : "?", g->libs[k].package);
			_exit(127);
		}
	for (unsigned i = 0; i < *g->count; i++) {
		void *fn = NULL;

		for (k = 0; k < g->nlibs && !fn; k++)
			fn = dlsym(h[k], g->names[i]);
		if (!fn) {
			const struct lib *l = owner(g, g->names[i]);

			fprintf(stderr, _("ggw：%s 里没有 %s：版本不对，请安装 %s 软件包。\n"),
				l->soname, g->names[i], l->package);
			_exit(127);
		}
		__atomic_store_n(&g->slots[i], fn, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&g->loaded, 1, __ATOMIC_RELEASE);
}

static void *group_bind(struct group *g, unsigned idx)
{
	pthread_mutex_lock(&lock);
	if (!g->loaded)
		load(g);
	pthread_mutex_unlock(&lock);
	if (idx >= *g->count)
		_exit(127);
	return __atomic_load_n(&g->slots[idx], __ATOMIC_ACQUIRE);
}

void *ggw_sodium_bind(unsigned idx)
{
	return group_bind(&groups[0], idx);
}

void *ggw_image_bind(unsigned idx)
{
	return group_bind(&groups[1], idx);
}

int liblazy_loaded(const char *group)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (!strcmp(groups[i].name, group))
			return __atomic_load_n(&groups[i].loaded, __ATOMIC_ACQUIRE);
	return 0;
}
