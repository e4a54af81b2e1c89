/* See git2lazy.h. Built into the ggw program only, beside the generated
 * trampolines ($(BUILD)/git2lazy_tramp.S). */
#include "git2lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "../model/i18n.h"

#ifndef GGW_LIBGIT2_SONAME
#define GGW_LIBGIT2_SONAME "libgit2.so.1.5"
#endif

/* In the generated assembly. */
extern void *ggw_git2_slots[];
extern const char *const ggw_git2_names[];
extern const unsigned ggw_git2_count;
void *ggw_git2_bind(unsigned idx) __attribute__((visibility("hidden")));

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc;
static struct ggw_error load_err;
static int loaded;

static void load_once(void)
{
	void *h, *fn;
	unsigned i;

	/* RTLD_GLOBAL: tlsca.c's mbedtls_x509_crt_parse_file finds the real
	 * one with RTLD_NEXT in the global scope. */
	if (!(h = dlopen(GGW_LIBGIT2_SONAME, RTLD_NOW | RTLD_GLOBAL))) {
		const char *why = dlerror();

		load_rc = ggw_fail(&load_err, GGW_EIO, _("无法载入 libgit2（%s）：%s。请安装 libgit2-1.5 软件包。"),
				   GGW_LIBGIT2_SONAME, why ? why : "?");
		return;
	}
	for (i = 0; i < ggw_git2_count; i++) {
		if (!(fn = dlsym(h, ggw_git2_names[i]))) {
			load_rc = ggw_fail(&load_err, GGW_EIO, _("%s 里没有 %s：libgit2 的版本不对，请安装 libgit2-1.5 软件包。"),
					   GGW_LIBGIT2_SONAME, ggw_git2_names[i]);
			return;
		}
		__atomic_store_n(&ggw_git2_slots[i], fn, __ATOMIC_RELEASE);
	}
	loaded = 1;
}

int git2lazy_load(struct ggw_error *err)
{
	pthread_once(&once, load_once);
	if (load_rc < 0)
		return ggw_fail(err, load_rc, "%s", load_err.msg);
	return 0;
}

int git2lazy_loaded(void)
{
	return loaded;
}

/* A trampoline's first call (the slot was empty). There is no error
 * channel through an arbitrary libgit2 signature: if libgit2 cannot be
 * loaded here (repo_lib_start would have said so first), say why and
 * stop, as the dynamic loader would have at start. */
void *ggw_git2_bind(unsigned idx)
{
	struct ggw_error err = { 0 };

	if (git2lazy_load(&err) < 0 || idx >= ggw_git2_count) {
		fprintf(stderr, "ggw: %s\n", err.msg[0] ? err.msg : "libgit2");
		_exit(127);
	}
	return ggw_git2_slots[idx];
}
