/* Who made a commit, for the merge's `conflicts:` entries and its winner
 * rule (model/merge.h struct merge_side). Used by the git merge driver
 * (`ggw merge-file`, run by git inside a merge) and usable by sync. */
#ifndef GGW_GITMETA_H
#define GGW_GITMETA_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"

struct git_repository;

struct git_meta {
	char commit[41];  /* 40 hex */
	char author[320]; /* "Name <email>" */
	char unit[40];    /* the commit's Ggw-Unit trailer, else "" */
	int64_t time;     /* author time, seconds since the epoch */
	int tz_minutes;
};

/* Metadata of the commit rev ("HEAD", a 40-hex id, a ref name) in repo.
 * GGW_ENOTFOUND if rev does not name a commit. */
int gitmeta_commit(struct git_repository *repo, const char *rev, struct git_meta *out,
		   struct ggw_error *err);

/* Metadata of the first commit, walking from rev in topological order
 * (children first) and not beyond stop (the merge base; NULL or "": to the
 * root), that changed path: it differs there from every parent (a root
 * commit: has it). At most 20000 commits; the commit rev itself if none is
 * found. This is the "who changed it last" of one side of a merge, counted
 * the way records/sync.c counts it, so the git merge driver and sync write
 * the same records. */
int gitmeta_last_change(struct git_repository *repo, const char *rev, const char *stop,
			const char *path, struct git_meta *out, struct ggw_error *err);

/* For a merge driver run by git: open the repository (GIT_DIR if set, else
 * discovered from the current folder), take HEAD as ours and, as theirs,
 * the commit being merged: MERGE_HEAD if present, else the GITHEAD_<40 hex>
 * variable git's merge sets in the driver's environment (the one that is
 * not HEAD). The record's path is found from ours_content (the blob at
 * that path in HEAD's tree); each side is then its gitmeta_last_change of
 * that path since the merge base, or its tip commit if the path is not
 * found. Returns 0 if both sides were found, else GGW_ENOTFOUND (both
 * zeroed: the caller merges without metadata). */
int gitmeta_driver_sides(const void *ours_content, size_t len, struct git_meta *ours,
			 struct git_meta *theirs, struct ggw_error *err);

#endif
