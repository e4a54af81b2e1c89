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

/* The one "last change of a path" walk, used by the merge driver (below)
 * and by sync (gitp_last_change), so both write the same records. From
 * tip (a revision: 40 hex, ref name, "HEAD"), in topological order
 * (children first), not beyond stop (excluded; NULL or "": to the root),
 * the first commit that changed path: its version there (blob id, or
 * absent) differs from that of EVERY parent, however many (an octopus
 * merge that took one parent's version is not the change; that parent's
 * line is walked on); a root commit changed it if it has it. A commit that
 * deleted the path changed it. out (41 bytes): that commit's id, "" if
 * none did. Errors (out ""): GGW_EINVALID for a path that is empty, starts
 * or ends with '/', or has an empty, "." or ".." component; GGW_ENOTFOUND
 * if tip or stop names no commit; GGW_EDAMAGED if a commit or tree on the
 * way cannot be read. */
int gitmeta_last_change_id(struct git_repository *repo, const char *tip, const char *stop,
			   const char *path, char *out, struct ggw_error *err);

/* Metadata of gitmeta_last_change_id's commit; the commit rev itself if
 * none is found or the history cannot be read (the caller still gets a
 * side). GGW_ENOTFOUND if rev or stop names no commit. */
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
