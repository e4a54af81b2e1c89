/* A second handle on an open repository (repo_twin.h). */
#include "repo_twin.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "repo_priv.h"

int repo_twin(struct repo *r, struct repo **out, struct ggw_error *err)
{
	git_repository *g = NULL;
	struct repo *t;
	int error;

	*out = NULL;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (!(git_libgit2_features() & GIT_FEATURE_THREADS))
		return ggw_fail(err, GGW_EINVALID, _("无法打开台账仓库")); /* no threads */
	if (git_repository_open_ext(&g, git_repository_path(r->git), GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法打开台账仓库"));
	if (!(t = calloc(1, sizeof(*t))) || !(t->workdir = strdup(r->workdir)) ||
	    !(t->gitdir = strdup(r->gitdir))) {
		if (t)
			free(t->workdir);
		free(t);
		git_repository_free(g);
		return ggw_oom(err);
	}
	t->git = g;
	t->lock_fd = -1;
	*out = t;
	return 0;
}
