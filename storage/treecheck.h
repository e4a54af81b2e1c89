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

#endif
