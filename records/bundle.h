/* The ledger as one file (issue 16 item 5): `ggw bundle create` writes a
 * git bundle of this PC's main, `ggw sync FILE` takes one in like any
 * remote and can answer with a bundle of its own. What was last taken in
 * from each peer is remembered (ggw.bundle.<peer>.received in the
 * repository's config) so that --since-last leaves out what the peer
 * surely has; ggw.bundle.<peer>.sent notes what was last written for it. */
#ifndef GGW_RECORDS_BUNDLE_H
#define GGW_RECORDS_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "../storage/repo.h"
#include "sync.h"

struct bundle_made {
	char path[4096];
	uint64_t size;        /* bytes */
	size_t nprereqs;      /* 0: the whole ledger (and whole stores) */
	size_t nstores;       /* evidence stores carried beside main */
	char peer[64];        /* whom it is for ("" if nobody named) */
	char tip[41];
};

/* Write this PC's main to file, with this PC's unit's evidence store
 * (refs/ggw/evidence/<unit>) beside it. since_last: leave out what peer (default:
 * the office, for a unit's PC; the office must name one) last sent us,
 * and of the stores the files the peer's last file showed it holds.
 * GGW_ENOTFOUND: nothing new for the peer. Takes the lock. */
int ledger_bundle_create(struct repo *r, const char *file, int since_last, const char *peer,
			 struct bundle_made *out, struct ggw_error *err);

/* Take bundle file in: read (storage/bundle.h), then verified and merged
 * as any remote's main (sync_take_in_commit), and the evidence stores it
 * carries checked and merged as a remote's (evidence_sync_remote: a store
 * that is not a parentless commit of its unit's, or holds a file whose
 * hash is not its name, is refused; withdrawn files stay out and are
 * pruned); a refused store is said through o->notice. peer: who sent it (default:
 * the Ggw-Unit of its main commit). reply (may be NULL): then write our
 * merged main there for the peer, leaving out what its file held
 * (reply_out filled; reply_out->size 0 when the peer has everything).
 * Takes the lock. res is filled as for a remote. */
int ledger_bundle_sync(struct repo *r, const char *file, const char *peer, const char *reply,
		       const struct sync_options *o, struct sync_result *res,
		       struct bundle_made *reply_out, struct ggw_error *err);

/* A reply to the bundle file taken in last (ledger_bundle_sync): our main
 * without what that file held. out->size 0: nothing to answer with. */
int ledger_bundle_reply(struct repo *r, const char *reply, struct bundle_made *out,
			struct ggw_error *err);

/* "Is this argument of `ggw sync` a bundle file?": a regular file whose
 * first line is git's bundle signature. */
int ledger_bundle_looks_like(const char *path);

#endif
