/* struct repo's fields, for the .c files of storage/ only: the layers above use the
 * accessors in repo.h, so storage can change what it keeps. */
#ifndef GGW_REPO_PRIV_H
#define GGW_REPO_PRIV_H

#include "repo.h"

struct repo {
	struct git_repository *git; /* NULL until repo_need_git */
	char *workdir;    /* absolute, with trailing '/' */
	char *gitdir;     /* absolute, with trailing '/' */
	int lock_fd;      /* flock on <gitdir>/ggw/lock, -1 if not held */
};

/* Start libgit2 once per process (it parses the CA bundle then). Every
 * storage/ function that calls libgit2 without a struct repo calls this. */
int repo_lib_start(struct ggw_error *err);
/* Open r's libgit2 handle on first use: call it before touching r->git. */
int repo_need_git(struct repo *r, struct ggw_error *err);

#endif
