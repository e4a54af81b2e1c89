/* struct repo's fields, for the .c files of storage/ only: the layers above use the
 * accessors in repo.h, so storage can change what it keeps. */
#ifndef GGW_REPO_PRIV_H
#define GGW_REPO_PRIV_H

#include <git2/oid.h>

#include "repo.h"

struct repo {
	struct git_repository *git; /* NULL until repo_need_git */
	char *workdir;    /* absolute, with trailing '/' */
	char *gitdir;     /* absolute, with trailing '/' */
	int lock_fd;      /* flock on <gitdir>/ggw/lock, -1 if not held */
	repo_sign_fn sign; /* NULL: commits unsigned (repo_set_signer) */
	void *sign_data;
	void (*sign_free)(void *data);
};

/* Start libgit2 once per process (it parses the CA bundle then). Every
 * storage/ function that calls libgit2 without a struct repo calls this. */
int repo_lib_start(struct ggw_error *err);
/* Open r's libgit2 handle on first use: call it before touching r->git. */
int repo_need_git(struct repo *r, struct ggw_error *err);

/* Make a commit and move HEAD's branch to it, like git_commit_create(...,
 * "HEAD", ...): GIT_EMODIFIED if HEAD is no longer parents[0] (or is born
 * when nparents is 0), the same reflog message ("commit: <summary>",
 * "commit (initial): ...", "commit (merge): ..."). With r's signer set the
 * commit carries its SSH signature in a gpgsig header (storage/repo_sign.c).
 * Returns 0, a libgit2 error (git_error_last set), or GIT_EUSER when
 * signing failed and err says why. */
struct git_signature;
struct git_tree;
struct git_commit;
struct git_oid;
int repo_commit_create_head(struct repo *r, const struct git_signature *author,
			    const struct git_signature *committer, const char *message,
			    const struct git_tree *tree, size_t nparents,
			    const struct git_commit **parents, struct git_oid *out,
			    struct ggw_error *err);

/* repo_commit_create_head in two halves, so that a caller can make the
 * objects of a commit durable together before the branch names them:
 * repo_commit_write writes the (signed) commit object under the current
 * fsync setting and fills mv (the ref and its expected tip: GIT_EMODIFIED
 * already if HEAD is not parents[0]); repo_commit_move_head moves the ref
 * (compare-and-swap, same reflog message) and frees mv. */
struct repo_head_move {
	char *refname;
	struct git_oid cur;
	int born;
	size_t nparents;
};
int repo_commit_write(struct repo *r, const struct git_signature *author,
		      const struct git_signature *committer, const char *message,
		      const struct git_tree *tree, size_t nparents,
		      const struct git_commit **parents, struct git_oid *out,
		      struct repo_head_move *mv, struct ggw_error *err);
int repo_commit_move_head(struct repo *r, const struct git_oid *id, struct repo_head_move *mv);
void repo_head_move_free(struct repo_head_move *mv);

#endif
