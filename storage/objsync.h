/* Making one commit's new objects durable together (storage/ only).
 *
 * repo_commit_paths writes the blobs, trees and the commit object with
 * libgit2's own fsync off, then calls objsync_commit: every object the
 * commit can have added (the commit, its root tree, the trees on the way
 * to each committed path and each path's blob) that is a loose file is
 * written out (writeback started for all first, then one fdatasync each),
 * then each object folder touched (and objects/ when one of them is new)
 * is fsynced once.
 * Only after that may a ref name the commit. Objects it cannot have added
 * were reachable from the parent already, made durable by the commit
 * that added them. */
#ifndef GGW_OBJSYNC_H
#define GGW_OBJSYNC_H

#include <stddef.h>

#include "../model/err.h"

struct repo;
struct git_oid;
struct git_tree;
struct timespec;

/* since: the time (CLOCK_REALTIME) before the commit's first object was
 * written; objects/ is fsynced too when a fan-out folder is that new.
 * extra: open files of the work tree written for the commit (not yet in
 * place), synced in the same pass. */
int objsync_commit(struct repo *r, const struct git_oid *commit, struct git_tree *tree,
		   const char *const *paths, size_t npaths, const struct timespec *since,
		   const int *extra, size_t nextra, struct ggw_error *err);

#endif
