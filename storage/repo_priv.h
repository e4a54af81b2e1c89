/* struct repo's fields, for the .c files of storage/ only: the layers above use the
 * accessors in repo.h, so storage can change what it keeps. */
#ifndef GGW_REPO_PRIV_H
#define GGW_REPO_PRIV_H

#include "repo.h"

struct repo {
	struct git_repository *git;
	char *workdir;    /* absolute, with trailing '/' */
	char *gitdir;     /* absolute, with trailing '/' */
	int lock_fd;      /* flock on <gitdir>/ggw/lock, -1 if not held */
};

#endif
