/* Rendered output of records for `list --format csv|yaml`, kept in
 * <gitdir>/ggw/outcache by blob id, so a listing need not parse every
 * matching file again. A file's rendering depends only on its bytes and
 * its record type; the signature of every type's fields (and a version)
 * guards against a program that renders differently.
 *
 * Memory stays bounded at a million records: the cache is mapped, and
 * what a listing has printed from it is let go every few tens of
 * megabytes; texts rendered afresh go to an unnamed file beside the cache
 * until outcache_close writes the new cache through a buffer. */
#ifndef GGW_OUTCACHE_H
#define GGW_OUTCACHE_H

#include <stdio.h>

#include "ledger.h"

/* `--excel` listings do not come from here (list_print_excel). */
enum outcache_form { OUT_CSV, OUT_YAML, OUT__COUNT };

struct outcache;

/* Map the cache of l's repository (an empty one if absent or damaged). */
struct outcache *outcache_open(const struct ledger *l);
/* Print entry e in the given form: from the cache when its blob is there,
 * else from its file (then kept for outcache_close to write). Returns 0,
 * or < 0 with err filled if the file is not a valid record (nothing
 * printed). */
int outcache_print(struct outcache *oc, FILE *f, const struct entry *e, enum outcache_form form,
		   struct ggw_error *err);
/* Write the cache back if entries were added (failure is not an error:
 * it is only a cache), then free it. */
void outcache_close(struct outcache *oc);

#endif
