/* Re-signing this PC's unsynced commits (issue 10 item 5): commits made
 * before this PC's key was registered (or with a key since replaced)
 * cannot be sent, because every commit is checked against the registry of
 * its first parent. Once the registration (or the new key) has arrived
 * from the remote, they are made again on the remote's main, each with
 * the same author, time and message, signed by this PC's key now.
 * A commit that changes a file the remote changed too is not replayed but
 * kept aside (refs/ggw/aside/...), and named; the old main is kept there
 * as well, so nothing is lost. */
#ifndef GGW_RESIGN_H
#define GGW_RESIGN_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/repo.h"

struct resign_result {
	size_t replayed;     /* commits made again, signed */
	size_t aside;        /* commits kept aside (a file changed on both sides) */
	char first_aside[41];
	char kept[128];      /* the ref holding the old main */
};

/* Replay HEAD's commits that remote's main (refs/remotes/REMOTE/main,
 * fetched by the last sync) lacks onto it. Merge commits are dropped (what
 * they brought is on the remote already). Holds the ledger lock; refuses
 * with uncommitted record files in the way. */
int resign_unsynced(struct repo *r, const char *remote, struct resign_result *out,
		    struct ggw_error *err);

#endif
