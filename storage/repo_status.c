#include "repo_status.h"
#include "repo_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "../model/i18n.h"
#include "../model/rectype.h"
#include "gitwalk.h"

void repo_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

static int push_path(char ***v, size_t *n, size_t *cap, const char *s)
{
	char *copy;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		char **nv = realloc(*v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		*v = nv;
		*cap = ncap;
	}
	if (!(copy = strdup(s)))
		return -1;
	(*v)[(*n)++] = copy;
	return 0;
}

int repo_dirty_paths(struct repo *r, char ***paths, size_t *n, struct ggw_error *err)
{
	char *specs[32]; /* every record type's folder or file */
	size_t nspecs = 0;
	git_status_options opts;
	git_status_list *list = NULL;
	char **v = NULL;
	size_t count = 0, cap = 0, total;
	int error;

	*paths = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		     GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	for (size_t t = 0; t < record_type_count() && nspecs < sizeof(specs) / sizeof(specs[0]); t++)
		if (record_type_def((int)t))
			specs[nspecs++] = (char *)record_type_def((int)t)->folder;
	opts.pathspec.strings = specs;
	opts.pathspec.count = nspecs;
	if ((error = git_status_list_new(&list, r->git, &opts)) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("读取工作区状态失败"));
	total = git_status_list_entrycount(list);
	for (size_t i = 0; i < total; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const char *p = NULL;

		if (!e || e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED))
			continue;
		if (e->index_to_workdir)
			p = e->index_to_workdir->new_file.path ? e->index_to_workdir->new_file.path
							       : e->index_to_workdir->old_file.path;
		else if (e->head_to_index)
			p = e->head_to_index->new_file.path ? e->head_to_index->new_file.path
							    : e->head_to_index->old_file.path;
		if (!p)
			continue;
		if (count && !strcmp(v[count - 1], p))
			continue;
		if (push_path(&v, &count, &cap, p) < 0) {
			git_status_list_free(list);
			repo_paths_free(v, count);
			return ggw_oom(err);
		}
	}
	git_status_list_free(list);
	*paths = v;
	*n = count;
	return 0;
}

int repo_log(struct repo *r, size_t limit, struct file_version **out, size_t *n,
	     struct ggw_error *err)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	struct file_version *v = NULL;
	size_t count = 0, cap = 0;
	int error, rc = 0;

	*out = NULL;
	*n = 0;
	if ((error = gitwalk_head(r, 1, &walk, err)) < 0 || !walk)
		return error;
	while ((limit == 0 || count < limit) && (error = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		struct file_version *fv;
		int meta;

		if ((error = git_commit_lookup(&c, r->git, &oid)) < 0) {
			rc = repo_git_fail(err, GGW_EDAMAGED, _("读取提交失败"));
			goto done;
		}
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct file_version *nv = realloc(v, ncap * sizeof(*nv));

			if (!nv) {
				git_commit_free(c);
				rc = ggw_oom(err);
				goto done;
			}
			v = nv;
			cap = ncap;
		}
		fv = &v[count++];
		memset(fv, 0, sizeof(*fv));
		git_oid_tostr(fv->commit, sizeof(fv->commit), &oid);
		meta = gitwalk_commit_meta(c, &fv->author, &fv->email, &fv->time, &fv->tz_minutes,
					   &fv->summary, &fv->message);
		git_commit_free(c);
		if (meta < 0) {
			rc = ggw_oom(err);
			goto done;
		}
	}
	if (error < 0 && error != GIT_ITEROVER)
		rc = repo_git_fail(err, GGW_EDAMAGED, _("读取历史失败"));
done:
	git_revwalk_free(walk);
	if (rc < 0) {
		file_versions_free(v, count);
		return rc;
	}
	*out = v;
	*n = count;
	return 0;
}

int repo_config_list(struct repo *r, const char *prefix, char ***items, size_t *n,
		     struct ggw_error *err)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	char **v = NULL;
	size_t count = 0, cap = 0;
	int error, rc = 0;

	*items = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((error = git_repository_config_snapshot(&cfg, r->git)) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("读取设置失败"));
	/* Not git_config_iterator_glob_new: libgit2 1.5.1 leaks pcre2 match
	 * data on every regular expression that does not match. */
	if ((error = git_config_iterator_new(&it, cfg)) < 0) {
		rc = repo_git_fail(err, GGW_EDAMAGED, _("读取设置失败"));
		goto done;
	}
	while ((error = git_config_next(&e, it)) == 0) {
		char *line = NULL;

		if (strncasecmp(e->name, prefix, strlen(prefix)))
			continue;
		if (asprintf(&line, "%s=%s", e->name, e->value ? e->value : "") < 0) {
			rc = ggw_oom(err);
			goto done;
		}
		/* Later levels (local) override earlier ones (global). */
		for (size_t i = 0; i < count; i++) {
			size_t klen = strcspn(v[i], "=");

			if (strlen(e->name) == klen && !strncmp(v[i], e->name, klen)) {
				free(v[i]);
				v[i] = v[--count];
				break;
			}
		}
		if (push_path(&v, &count, &cap, line) < 0) {
			free(line);
			rc = ggw_oom(err);
			goto done;
		}
		free(line);
	}
	if (error < 0 && error != GIT_ITEROVER)
		rc = repo_git_fail(err, GGW_EDAMAGED, _("读取设置失败"));
done:
	git_config_iterator_free(it);
	git_config_free(cfg);
	if (rc < 0) {
		repo_paths_free(v, count);
		return rc;
	}
	*items = v;
	*n = count;
	return 0;
}
