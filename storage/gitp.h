/* Git plumbing for records/sync.c, which reaches libgit2 only here (and
 * through storage/transport.h). Object ids are 40 hex characters + NUL. */
#ifndef GGW_GITP_H
#define GGW_GITP_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "repo.h"

typedef char git_hex[41];

struct tree_item {
	char *path;      /* repository-relative, '/'-separated */
	git_hex blob;
	unsigned mode;   /* 0100644, 0100755, 0120000 */
};

struct commit_info {
	git_hex id;
	git_hex tree;
	git_hex parents[2];
	size_t nparents;      /* may be > 2 (only the first two are kept) */
	char *author_name, *author_email;
	int64_t time;         /* author time */
	int tz_minutes;
	char *message;
	char *unit_trailer;   /* Ggw-Unit, NULL if none */
	char *action_trailer; /* Ggw-Action, NULL if none */
};
void commit_info_free(struct commit_info *c);

/* The tip of a reference ("refs/heads/main", "HEAD",
 * "refs/remotes/x/main"); GGW_ENOTFOUND if absent or unborn. */
int gitp_ref_tip(struct repo *r, const char *ref, git_hex out, struct ggw_error *err);
int gitp_commit_info(struct repo *r, const char *id, struct commit_info *out,
		     struct ggw_error *err);
/* Commits reachable from tip but not from hide (hide may be NULL), parents
 * before children. *ids malloc'd. */
int gitp_walk(struct repo *r, const char *tip, const char *hide, git_hex **ids, size_t *n,
	      struct ggw_error *err);
/* 1 if ancestor is an ancestor of (or equal to) id. */
int gitp_is_ancestor(struct repo *r, const char *ancestor, const char *id);
/* Merge base of a and b; GGW_ENOTFOUND if the histories are unrelated. */
int gitp_merge_base(struct repo *r, const char *a, const char *b, git_hex out,
		    struct ggw_error *err);
/* Every file of a commit's tree (or a tree's, if the id is a tree), sorted
 * by path. id NULL gives nothing. */
int gitp_tree_items(struct repo *r, const char *id, struct tree_item **out, size_t *n,
		    struct ggw_error *err);
void tree_items_free(struct tree_item *v, size_t n);
/* Blob content, NUL-terminated. */
int gitp_read_blob(struct repo *r, const char *id, char **out, size_t *len,
		   struct ggw_error *err);
int gitp_write_blob(struct repo *r, const void *data, size_t len, git_hex out,
		    struct ggw_error *err);
/* Write a tree of these files (any order). */
int gitp_write_tree(struct repo *r, const struct tree_item *v, size_t n, git_hex out,
		    struct ggw_error *err);
/* The newest commit between tip and stop (excluded; NULL: root) that
 * changed path; "" if none: gitmeta_last_change_id (storage/gitmeta.h),
 * the same walk as the merge driver's, with its rules and errors. */
int gitp_last_change(struct repo *r, const char *tip, const char *stop, const char *path,
		     git_hex out, struct ggw_error *err);
/* Commit a tree with parents, moving refs/heads/main from parents[0] to
 * the new commit only if it still points at parents[0] (GGW_ECONFLICT if
 * it moved). Committer = author, time now. */
int gitp_commit_cas(struct repo *r, const char *tree, const char *const *parents,
		    size_t nparents, const char *message, const char *name, const char *email,
		    git_hex out, struct ggw_error *err);
/* Move refs/heads/main from expected to id (compare-and-swap). */
int gitp_main_cas(struct repo *r, const char *id, const char *expected, struct ggw_error *err);
/* Set a remote-tracking ref (after a push). */
int gitp_set_ref(struct repo *r, const char *ref, const char *id, struct ggw_error *err);
/* Bring index and work tree to HEAD, assuming they matched the tree
 * `baseline` (a commit or tree id); files changed by hand since are left
 * alone unless HEAD changes them too (then GGW_ECONFLICT naming them). */
int gitp_checkout_head(struct repo *r, const char *baseline, struct ggw_error *err);
/* Write these paths (and their index entries) exactly as HEAD has them,
 * deleting those HEAD lacks; other files are left alone. */
int gitp_checkout_paths(struct repo *r, char *const *paths, size_t n, struct ggw_error *err);
/* Commits in a not in b, and in b not in a. */
int gitp_ahead_behind(struct repo *r, const char *a, const char *b, size_t *ahead,
		      size_t *behind, struct ggw_error *err);
/* Loose objects that are empty or unreadable (power cut): removed; their
 * ids are returned (malloc'd) so they can be fetched again. */
int gitp_remove_bad_loose(struct repo *r, git_hex **bad, size_t *n, struct ggw_error *err);

/* Remotes in the repository config. */
int gitp_remote_list(struct repo *r, char ***names, char ***urls, size_t *n,
		     struct ggw_error *err);
/* Free what gitp_remote_list gave (n entries of each, NULLs allowed). */
void gitp_remote_list_free(char **names, char **urls, size_t n);
int gitp_remote_add(struct repo *r, const char *name, const char *url, struct ggw_error *err);
int gitp_remote_remove(struct repo *r, const char *name, struct ggw_error *err);
/* 1 if the object database has (and can read the header of) id. */
int gitp_object_exists(struct repo *r, const char *id);

#endif
