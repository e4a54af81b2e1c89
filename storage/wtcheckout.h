/* A fresh clone's work tree and index written in one pass, on several
 * threads: every file of HEAD's tree is read from the object database (in
 * the order the blobs lie in the packs, resolved by storage/packread.h,
 * which keeps the delta bases it met; what it declines through libgit2),
 * written (no fsync per file; the caller syncs once), and handed with its
 * bytes, blob id and stat data to a callback, so that the ledger's cache can
 * be built from what was just written without reading or hashing the files
 * again. Only trees of plain files with plain names are taken this way;
 * anything else is left to libgit2's careful checkout. */
#ifndef GGW_WTCHECKOUT_H
#define GGW_WTCHECKOUT_H

#include <stddef.h>
#include <sys/stat.h>

#include "../model/err.h"
#include "repo.h"

#define WTCHECKOUT_MAX_WORKERS 4

struct wt_file {
	const char *path; /* repository-relative, '/'-separated */
	const char *data; /* the file's bytes */
	size_t len;
	const char *blob; /* 40 hex digits */
	const struct stat *st; /* of the file as written */
};

/* Called on worker thread `worker` (0..workers-1), never on two threads
 * with the same worker number at once. Nonzero stops the checkout. */
typedef int (*wt_file_fn)(int worker, const struct wt_file *f, void *data);

/* How many workers wtcheckout_fresh uses on this PC (1..MAX_WORKERS). */
int wtcheckout_workers(void);

/* Write HEAD's tree into r's work tree (which holds nothing but .git) and
 * write the index. 1: done; 0: not attempted, nothing written (HEAD's tree
 * holds a symlink, an executable, a submodule or a name that is not plain:
 * use repo_checkout_head); <0: failed, err says why (the work tree may be
 * half written: the caller removes it). fn may be NULL. */
int wtcheckout_fresh(struct repo *r, wt_file_fn fn, void *data, struct ggw_error *err);

/* libgit2's checkout of HEAD into an empty work tree (the slow, careful
 * way), for what wtcheckout_fresh does not take. */
int repo_checkout_head(struct repo *r, struct ggw_error *err);

#endif
