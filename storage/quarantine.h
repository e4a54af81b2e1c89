/* A scratch repository where what another PC sends lands first, so that a
 * commit libgit2 cannot parse (an author time of 2^64-1 made with plain
 * git's hash-object) never enters the ledger's object store or refs: once
 * it is there and referenced, every later fetch and push walks into it and
 * fails. The scratch repository is <gitdir>/ggw/incoming.git, bare, whose
 * objects/info/alternates names the ledger's objects (so a transfer only
 * brings what the ledger lacks) and whose refs mirror the ledger's (so
 * fetch negotiation offers them). Objects of histories that every commit
 * of parses are copied into the ledger as one pack (git_packbuilder);
 * the scratch repository is then deleted. Used by the transfer child for
 * every fetch and by the bundle reader. Callers hold the ledger's lock. */
#ifndef GGW_QUARANTINE_H
#define GGW_QUARANTINE_H

#include <git2.h>
#include <stddef.h>

struct quarantine {
	git_repository *ledger;  /* not owned */
	git_repository *scratch;
	char dir[4096];          /* the scratch repository's folder */
	int damage_is_error;     /* a view of a hub's own objects (hubpath.h):
				  * an object that cannot be read is damage */
};

/* Make the scratch repository (a leftover of a killed run is removed
 * first) and mirror the ledger's refs into it. libgit2 error codes. */
int quarantine_open(struct quarantine *q, git_repository *ledger);
/* Delete the scratch repository (q may be half-opened or zeroed). */
void quarantine_close(struct quarantine *q);
/* Remove a leftover scratch repository of a killed run. */
void quarantine_remove_leftover(const char *gitdir);

/* Is every commit of tip's history that the ledger lacks one libgit2 can
 * parse (and its tree walkable)? 0: yes. 1: no: bad gets the first such
 * commit, why libgit2's words, readable the newest commit on tip's
 * first-parent line whose whole history parses (zero if none). <0: error
 * (with damage_is_error, also an object that cannot be read at all). */
int quarantine_check(struct quarantine *q, const git_oid *tip, git_oid *bad, git_oid *readable,
		     char *why, size_t whylen);

/* Copy into the ledger, as one pack, every object of the tips' histories
 * that it lacks. Every tip must have passed quarantine_check. */
int quarantine_migrate(struct quarantine *q, const git_oid *tips, size_t n);
/* The same, saying its progress (pack, write and data may be NULL). */
int quarantine_migrate_progress(struct quarantine *q, const git_oid *tips, size_t n,
				git_packbuilder_progress pack, git_indexer_progress_cb write,
				void *data);

/* When every reference the transfer moved passed quarantine_check: move
 * the packs it wrote into the ledger as they are (a rename each, the
 * .pack before its .idx), which costs nothing more than the transfer.
 * 1: done; 0: the scratch repository holds loose objects, use
 * quarantine_migrate; <0: error. */
int quarantine_adopt_packs(struct quarantine *q);
/* git_packbuilder_write into dir, its delta search on every usable core
 * (10,500 commits from a hub: 17.6 s -> 14.6 s on two cores). */
int pack_write_all_cores(git_packbuilder *pb, const char *dir, git_indexer_progress_cb cb, void *data);

/* Keep the raw bytes of an unreadable commit aside for inspection, as
 * <ledger gitdir>/ggw/refused/<id> (a plain file, never an object). */
void quarantine_keep_raw(struct quarantine *q, const git_oid *id);

#endif
