/* A hub on a path (a USB stick folder, a shared folder) read and written
 * directly, without libgit2's local transport. That transport walks every
 * reference of the hub while fetching and lists them while pushing, so a
 * single commit libgit2 1.5.1 cannot parse (an author time of 2^64-1
 * written with plain git's hash-object and update-ref) on any reference
 * stopped every PC's sync through the stick.
 *
 * Fetch: the scratch repository of quarantine.h becomes a view of the hub:
 * the hub's objects are one more alternate of it, and its references are
 * the hub's, mapped through the refspecs. Each moved reference is checked
 * as quarantine.h checks what a network fetch brought: a tip whose history
 * holds a commit that does not parse is replaced by its newest readable
 * ancestor (raw parent parsing) and reported; the readable histories are
 * copied into the ledger as one pack.
 *
 * Push: the objects the hub lacks go into its objects/pack as one pack
 * (git_packbuilder, fsynced), then each reference moves by a lock file and
 * a rename (libgit2's refdb, fsynced), with a compare-and-swap against the
 * value read under the hub's turn lock (<hub>/ggw-push.lock, an flock all
 * ggw pushers take). A reference never names an object the hub lacks: a
 * push killed at any point leaves the hub readable.
 *
 * libgit2 error codes (GIT_ENONFASTFORWARD: the hub moved; GIT_EBAREREPO:
 * not a bare repository) with git_error_last() set. */
#ifndef GGW_HUBPATH_H
#define GGW_HUBPATH_H

#include <git2.h>
#include <stddef.h>

/* Progress of a transfer on a path, for a watchdog (all may be NULL). */
struct hubpath_progress {
	git_packbuilder_progress pack;  /* building the pack */
	git_indexer_progress_cb write;  /* writing and indexing it */
	void (*wait)(void *data);       /* waiting for the hub's turn lock */
	void *data;
};

/* A tip whose history holds a commit libgit2 cannot parse: ref (the name
 * in this ledger), the hub's tip, the first such commit, the newest
 * readable commit of its first-parent line (zeros if none), libgit2's
 * words. Its raw text is kept in <gitdir>/ggw/refused/<bad>. */
typedef void (*hubpath_unreadable_fn)(const char *ref, const git_oid *tip, const git_oid *bad,
				      const git_oid *readable, const char *why, void *data);

/* Open the repository at a path the user registered (owner check off for
 * this call: a stick mounted with another owner). need_bare: a non-bare
 * one gives GIT_EBAREREPO. */
int hubpath_open(const char *path, int need_bare, git_repository **out);

/* Fetch specs ("+refs/heads/main:refs/remotes/usb/main", globs allowed;
 * always forced, never pruned) from the hub at path into ledger;
 * unreadable(..., udata) is told of each refused tip (may be NULL). The
 * caller holds the ledger's lock. */
int hubpath_fetch(git_repository *ledger, const char *path, char *const *specs, size_t n,
		  hubpath_unreadable_fn unreadable, void *udata, const struct hubpath_progress *pr);

/* Push specs ("[+]src:dst", src a reference of ledger) to the bare hub at
 * path. Without "+" dst moves only forward (its old value an ancestor of
 * src). expect_main (may be NULL): a lease, the hub's main must be that
 * commit. GIT_ENONFASTFORWARD if a lease or a compare-and-swap fails. */
int hubpath_push(git_repository *ledger, const char *path, char *const *specs, size_t n,
		 const char *expect_main, const struct hubpath_progress *pr);

/* Take the hub's turn lock (gitdir: the hub's git folder, ending in '/'),
 * removing stale lock files of the given references (and main, HEAD,
 * packed-refs) a killed push left. Returns the lock's fd (close it to
 * release) or -1. */
int hubpath_take_turn(const char *gitdir, char *const *refs, size_t nrefs,
		      const struct hubpath_progress *pr);

#endif
