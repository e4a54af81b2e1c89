/* Libraries loaded on first use, beside libgit2 (git2lazy.h): libsodium
 * (signatures and hashes, for commits, keys and evidence) and the image
 * libraries libjpeg, libpng and libexif (evidence photos). With libz and
 * libm that they pull in, these are six of the eleven shared objects the
 * ggw program would otherwise map at every start, about half a
 * millisecond of every `ggw list`. The ggw program is linked without them:
 * each function it calls from them is a trampoline (scripts/lazylib-gen.sh,
 * groups "sodium" and "image") that loads its group with dlopen on the
 * first call. The unit tests, ggw-papers and builds for other processors
 * link them as usual. There is no error channel through an arbitrary
 * library call: a group that cannot be loaded is said (in the user's
 * language, naming the package) and the process ends with status 127, as
 * the dynamic loader would have ended it at start. */
#ifndef GGW_LIBLAZY_H
#define GGW_LIBLAZY_H

/* 1 if this process has loaded the group ("sodium" or "image"); 1 too
 * when the libraries are linked directly (no liblazy: a weak symbol). */
int liblazy_loaded(const char *group) __attribute__((weak));

#endif
