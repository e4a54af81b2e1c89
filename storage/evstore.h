/* The evidence store in git: per unit, the ref refs/ggw/evidence/<unit>
 * points at ONE commit without parents whose tree holds the unit's current
 * files, each named <sha256 of its bytes>.<ext>. Every change writes a new
 * parentless commit (signed like ggw's other commits when the repository has
 * a signer) and moves the ref by compare-and-swap, so a file taken out of the
 * tree is reachable from nothing and can be pruned from the object database
 * (evstore_prune: loose objects unlinked, packs holding it rewritten). */
#ifndef GGW_EVSTORE_H
#define GGW_EVSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "gitp.h"
#include "repo.h"

#define EVSTORE_PREFIX "refs/ggw/evidence/"
#define EVSTORE_NAME_MAX 72 /* 64 hex + '.' + ext + NUL */

struct evstore_file {
	char name[EVSTORE_NAME_MAX]; /* "<sha256>.<ext>" */
	git_hex blob;
	uint64_t size;
	int preexisting;             /* (evidence.c's bookkeeping while attaching) */
};

/* "refs/ggw/evidence/<unit>" into buf. */
void evstore_ref(const char *unit, char *buf, size_t len);
/* Is name "<64 lowercase hex>.<ext>" with ext one of jpg, png, pdf? */
int evstore_name_valid(const char *name);
/* SHA-256 of data as 64 lowercase hex + NUL. */
void evstore_sha256_hex(const void *data, size_t len, char out[65]);

/* The files of the store commit `ref` points at (a ref name or a commit
 * id), sorted by name. An absent ref is no files and commit_out "" (0). */
int evstore_files(struct repo *r, const char *ref, struct evstore_file **v, size_t *n,
		  git_hex commit_out, struct ggw_error *err);
void evstore_files_free(struct evstore_file *v);

/* Write bytes as a blob. */
int evstore_put_blob(struct repo *r, const void *data, size_t len, git_hex out,
		     struct ggw_error *err);
/* Move these blobs (just written, loose) into one pack of their own, and
 * unlink their loose files: every sync reads each loose object back (the
 * power-cut check of gitp_remove_bad_loose), which photos would make slow,
 * and a withdrawn photo's pack holds only the files attached with it, so
 * pruning rewrites little. */
int evstore_pack_blobs(struct repo *r, const git_hex *blobs, size_t n, struct ggw_error *err);

/* A new parentless commit of exactly these files (by blob id), signed if r
 * has a signer, and `ref` moved to it only if it still points at expected
 * ("" : the ref must not exist), else GGW_ECONFLICT. n == 0 deletes the
 * ref. out (may be NULL) gets the new commit ("" when deleted). */
int evstore_commit(struct repo *r, const char *ref, const struct evstore_file *v, size_t n,
		   const char *expected, const char *message, const char *name, const char *email,
		   git_hex out, struct ggw_error *err);

/* Move ref to commit id if it still points at expected ("": absent),
 * else GGW_ECONFLICT. */
int evstore_ref_move(struct repo *r, const char *ref, const char *id, const char *expected,
		     struct ggw_error *err);

/* Is commit id a store commit another PC may send: no parents, a flat tree
 * of regular files with valid names, each blob at most max_bytes and its
 * SHA-256 equal to its name? 0 and its files in v and n; 1 with why filled when
 * it is not; < 0 when it cannot be read (err). */
int evstore_check_commit(struct repo *r, const char *id, uint64_t max_bytes,
			 struct evstore_file **v, size_t *n, struct ggw_error *why,
			 struct ggw_error *err);
/* The same, with the bytes of the files `skip` says yes to (by name and
 * blob id) left unread: withdrawn files this PC has already pruned, files
 * this PC already holds under the same blob. Names and modes are still
 * checked. */
int evstore_check_commit_skip(struct repo *r, const char *id, uint64_t max_bytes,
			      int (*skip)(const char *name, const char *blob, void *data),
			      void *data,
			      struct evstore_file **v, size_t *n, struct ggw_error *why,
			      struct ggw_error *err);

/* Delete these objects (blob ids) from the object database of the git
 * folder gitdir (a PC's .git or a bare hub): loose files unlinked, every
 * pack holding one rewritten (git_packbuilder) without it, the old pack
 * removed. The caller makes sure nothing reachable names them. *pruned
 * (may be NULL) gets how many were found. */
int evstore_prune(const char *gitdir, const git_hex *blobs, size_t n, size_t *pruned,
		  struct ggw_error *err);
/* 1 if the object database at gitdir holds blob id (loose or packed). */
int evstore_gitdir_has(const char *gitdir, const char *id);

#endif
