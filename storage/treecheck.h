/* Looking at a commit's tree as it is, before trusting it: every entry that
 * is not a folder (regular files, executables, symlinks and submodules),
 * and a blob's size from its header without reading it. Used by sync to
 * refuse what a ledger cannot hold before anything of it is read. */
#ifndef GGW_TREECHECK_H
#define GGW_TREECHECK_H

#include <stdint.h>

#include "transport.h"

/* Every non-folder entry of a commit's (or tree's) tree, sorted by path,
 * with its raw mode: 0100644, 0100755, 0120000 (symlink), 0160000
 * (submodule, blob = the commit id it names). Names are not cleaned:
 * "activities/x/../y.yaml" comes back as it is. */
int gitp_tree_entries(struct repo *r, const char *id, struct tree_item **out, size_t *n,
		      struct ggw_error *err);

/* A blob's size read from the object header (the blob is not loaded). */
int gitp_blob_size(struct repo *r, const char *id, uint64_t *size, struct ggw_error *err);

/* Paths (sorted, malloc'd strings) where the blobs of two trees differ in
 * id or mode or presence: what comparing gitp_tree_items of both gives,
 * but subtrees with equal ids are never read. a or b NULL or "": the
 * empty tree. Free with tree_paths_free. */
int gitp_tree_diff(struct repo *r, const char *a, const char *b, char ***paths, size_t *n,
		   struct ggw_error *err);
void tree_paths_free(char **v, size_t n);
struct tree_seen;
/* The same, looking trees up first among those seen holds (the trees a
 * walk over a history read last: the next commit's parent's). */
int gitp_tree_diff_seen(struct repo *r, struct tree_seen *seen, const char *a, const char *b,
			char ***paths, size_t *n, struct ggw_error *err);

/* One path's blob in a commit's (or tree's) tree, as gitp_tree_items
 * lists it (normalised mode): 1 found (out->path NULL), 0 absent or not a
 * blob, <0 unreadable. */
int gitp_tree_blob_at(struct repo *r, const char *id, const char *path, struct tree_item *out,
		      struct ggw_error *err);

/* Listing many trees of one history for checks that depend only on an
 * entry's path and mode (sync's verification): what a listing through a
 * tree_seen gave is not given again. Use one tree_seen only while every
 * listing so far passed the caller's checks (on a failure, free it). */
struct tree_seen;
struct tree_seen *tree_seen_new(void);
void tree_seen_free(struct tree_seen *s);

/* Like gitp_tree_entries, but leaving out the entries of subtrees whose id
 * is the one last listed at the same path, and files whose name and raw
 * mode that last listed subtree had; the entries at the paths of want[]
 * (non-folders present in the tree) are always given. */
int gitp_tree_entries_new(struct repo *r, struct tree_seen *seen, const char *id,
			  const char *const *want, size_t nwant, struct tree_item **out, size_t *n,
			  struct ggw_error *err);

#endif
