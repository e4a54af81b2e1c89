/* Tree listing and HEAD history walk (see gitwalk.h). */
#include "gitwalk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "repo_priv.h"

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

int gitwalk_commit_meta(git_commit *c, char **author, char **email, int64_t *time,
			int *tz_minutes, char **summary, char **message)
{
	const git_signature *sig = git_commit_author(c);

	*author = dup_or_empty(sig ? sig->name : NULL);
	*email = dup_or_empty(sig ? sig->email : NULL);
	*time = sig ? (int64_t)sig->when.time : (int64_t)git_commit_time(c);
	*tz_minutes = sig ? sig->when.offset : git_commit_time_offset(c);
	*summary = dup_or_empty(git_commit_summary(c));
	*message = dup_or_empty(git_commit_message(c));
	return *author && *email && *summary && *message ? 0 : -1;
}

struct items_acc {
	struct tree_item *v;
	size_t n, cap;
	int failed;
	gitwalk_keep_fn keep;
};

static int items_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct items_acc *acc = payload;
	struct tree_item *it;
	unsigned mode = 0;

	if (!acc->keep(e, &mode))
		return 0;
	if (acc->n == acc->cap) {
		size_t cap = acc->cap ? acc->cap * 2 : 256;
		struct tree_item *nv = realloc(acc->v, cap * sizeof(*nv));

		if (!nv) {
			acc->failed = 1;
			return -1;
		}
		acc->v = nv;
		acc->cap = cap;
	}
	it = &acc->v[acc->n];
	if (asprintf(&it->path, "%s%s", root, git_tree_entry_name(e)) < 0) {
		acc->failed = 1;
		return -1;
	}
	git_oid_tostr(it->blob, sizeof(git_hex), git_tree_entry_id(e));
	it->mode = mode;
	acc->n++;
	return 0;
}

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tree_item *)a)->path, ((const struct tree_item *)b)->path);
}

int gitwalk_tree_items(git_repository *git, const git_oid *id, gitwalk_keep_fn keep,
		       struct tree_item **out, size_t *n, struct ggw_error *err)
{
	struct items_acc acc = { NULL, 0, 0, 0, keep };
	git_object *obj = NULL;
	git_tree *tree = NULL;
	int error;

	*out = NULL;
	*n = 0;
	if (git_object_lookup(&obj, git, id, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, items_cb, &acc) < 0) {
		error = acc.failed ? ggw_oom(err)
				   : repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (acc.n) /* acc.v is NULL for an empty tree */
		qsort(acc.v, acc.n, sizeof(*acc.v), item_cmp);
	*out = acc.v;
	*n = acc.n;
	acc.v = NULL;
	acc.n = 0;
	error = 0;
done:
	tree_items_free(acc.v, acc.n);
	git_tree_free(tree);
	git_object_free(obj);
	return error;
}

int gitwalk_head(struct repo *r, int first_parent, git_revwalk **walk, struct ggw_error *err)
{
	git_revwalk *w = NULL;
	int error;

	*walk = NULL;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_revwalk_new(&w, r->git) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("读取历史失败"));
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (first_parent)
		git_revwalk_simplify_first_parent(w);
	if ((error = git_revwalk_push_head(w)) < 0) {
		git_revwalk_free(w);
		/* An unborn branch has no history yet. */
		if (error == GIT_EUNBORNBRANCH || error == GIT_ENOTFOUND)
			return 0;
		return repo_git_fail(err, GGW_EDAMAGED, _("读取历史失败"));
	}
	*walk = w;
	return 0;
}
