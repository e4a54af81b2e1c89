/* libgit2 readers shared inside storage/ (not for the layers above):
 * listing a tree's entries, walking the history of HEAD, and a commit's
 * author, time and message. */
#ifndef GGW_GITWALK_H
#define GGW_GITWALK_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "gitp.h"

/* Whether a tree listing keeps an entry (1, *mode set to what to record)
 * or skips it (0). Folders are walked into whatever it says. */
typedef int (*gitwalk_keep_fn)(const git_tree_entry *e, unsigned *mode);

/* Every entry that keep accepts in the tree that object id peels to (a
 * commit or a tree), sorted by path; *out malloc'd (tree_items_free). */
int gitwalk_tree_items(git_repository *git, const git_oid *id, gitwalk_keep_fn keep,
		       struct tree_item **out, size_t *n, struct ggw_error *err);

/* A revwalk from HEAD, topological then by time, first parents only if
 * first_parent. *walk is NULL (and 0 returned) when HEAD is unborn. */
int gitwalk_head(struct repo *r, int first_parent, git_revwalk **walk, struct ggw_error *err);

/* The author (name, email, time, offset; the committer time if no author)
 * and message (first line, whole) of c, strings malloc'd ("" for none):
 * the fields file_version and deleted_file share. 0, or -1 if any string
 * could not be allocated (the others are set, for the caller to free). */
int gitwalk_commit_meta(git_commit *c, char **author, char **email, int64_t *time,
			int *tz_minutes, char **summary, char **message);

#endif
