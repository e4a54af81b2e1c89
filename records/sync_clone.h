/* ggw clone from a hub whose main holds commits the sync check refuses
 * (one a unit may not write, a tree a ledger cannot hold, a bad signature)
 * or a commit libgit2 cannot parse (an author time of 2^64-1): the new
 * copy gets the last good history, the same commit ggw hub repair would
 * put the hub back on, and is left as a PC that synced with that hub is
 * left (refs/ggw/refused/<remote>), so that its next sync goes on through
 * the hub's side references and, once the office repaired the hub, as
 * usual. Called by records/init.c after git_clone (fast path), or on an
 * empty repository when git_clone could not read the hub at all. */
#ifndef GGW_SYNC_CLONE_H
#define GGW_SYNC_CLONE_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/repo.h"

/* r: a repository with remote registered. fetched: 1 if git_clone brought
 * refs/remotes/<remote>/main and main (both the hub's tip, nothing checked
 * out yet); 0
 * if r is new and empty: the readable part of the hub's main is fetched
 * here first, by sync's own readers (a hub on a path directly, a network
 * one through the transfer child).
 * The history from the ledger's first commit (which every copy shares and
 * no sync checks) to the hub's tip is checked as a sync checks what it
 * receives. Returns 0 with msg "" when all of it passed; 1 when main was
 * put on the last good commit instead, msg (msglen bytes) saying so and
 * what the office must do; < 0 when nothing on the hub passed (err). */
int sync_clone_check(struct repo *r, const char *remote, int fetched, char *msg, size_t msglen,
		     struct ggw_error *err);

#endif
