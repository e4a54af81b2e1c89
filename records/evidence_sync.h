/* The evidence store at sync (records/sync.c calls evidence_sync_remote
 * for every remote): store refs fetched into refs/ggw/evin/<remote>/<unit>,
 * checked (storage/evstore.h evstore_check_commit, plus who may change
 * whose files), merged as the union of both sides minus the withdrawals the
 * ledger records, withdrawn bytes pruned, and this PC's versions pushed
 * where the remote's differ. Also what `ggw status` says is unsent. */
#ifndef GGW_EVIDENCE_SYNC_H
#define GGW_EVIDENCE_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "../storage/evstore.h"
#include "ops.h"

#define EVIDENCE_IN_PREFIX "refs/ggw/evin/"

/* How sync.c moves refs to and from the remote being synced. */
struct evidence_sync_io {
	int (*push)(void *ctx, const char *src, const char *dst, struct ggw_error *err);
	int (*fetch)(void *ctx, const char *refspec, struct ggw_error *err);
	void *ctx;
	const char *remote;    /* its name */
	const char *hub_path;  /* a bare hub on a path (pruned in place), else NULL */
	int fetch_only;        /* a peer's own ledger: take, never push */
	void (*notice)(const char *msg, void *data);
	void *data;
	const char *track;     /* its refs under refs/ggw/evin/ (NULL: remote) */
};

/* Exchange the stores with one remote. Refusals of single store refs are
 * reported through io->notice and do not fail the sync; < 0 only when
 * this PC's own store could not be read or written. */
int evidence_sync_remote(struct repo *r, const struct actor *a, const struct evidence_sync_io *io,
			 struct ggw_error *err);

/* Rewrite every store ref holding a withdrawn file without it, drop the
 * tracking refs that still name such files, and prune the bytes from this
 * PC's object database. *pruned (may be NULL): objects deleted. */
int evidence_apply_withdrawals(struct repo *r, const struct actor *a, size_t *pruned,
			       struct ggw_error *err);

/* The store file holding sha256 in any unit's store (unit: whose). */
int evidence_store_find(struct repo *r, const char *sha256, struct evstore_file *out,
			char *unit, size_t ulen);
/* 1 if file `name` of unit's store is on no remote's copy we know of. */
int evidence_file_unsent(struct repo *r, const char *unit, const char *name);
/* Files (and bytes) of this PC's unit's store on no remote yet. */
int evidence_unsent(struct repo *r, const char *unit, size_t *files, uint64_t *bytes,
		    struct ggw_error *err);

#endif
