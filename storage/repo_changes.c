/* Single commits' changes and history's deletions (see repo_changes.h). */
#include "repo_changes.h"
#include "repo_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "../model/i18n.h"
#include "gitwalk.h"

static void oid_hex(char *buf, const git_oid *id)
{
	if (git_oid_is_zero(id))
		buf[0] = '\0';
	else
		git_oid_tostr(buf, 41, id);
}

void path_changes_free(struct path_change *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].path);
	free(v);
}

/* The diff of a commit against its first parent (or nothing). */
static int commit_diff(git_repository *g, git_commit *c, git_diff **diff)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	int error;

	*diff = NULL;
	if ((error = git_commit_tree(&tree, c)) < 0)
		goto done;
	if (git_commit_parentcount(c) > 0 &&
	    ((error = git_commit_parent(&parent, c, 0)) < 0 ||
	     (error = git_commit_tree(&ptree, parent)) < 0))
		goto done;
	error = git_diff_tree_to_tree(diff, g, ptree, tree, NULL);
done:
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(parent);
	return error;
}

static int lookup_commit(struct repo *r, const char *rev, git_commit **c, struct ggw_error *err)
{
	git_object *obj = NULL;
	int error;

	*c = NULL;
	if ((error = git_revparse_single(&obj, r->git, rev)) < 0) {
		if (error == GIT_ENOTFOUND || error == GIT_EAMBIGUOUS || error == GIT_EINVALIDSPEC)
			return ggw_fail(err, GGW_ENOTFOUND, _("没有这个提交：%s"), rev);
		return repo_git_fail(err, GGW_EDAMAGED, _("读取提交失败"));
	}
	error = git_object_peel((git_object **)c, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (error < 0)
		return ggw_fail(err, GGW_ENOTFOUND, _("没有这个提交：%s"), rev);
	return 0;
}

int repo_commit_changes(struct repo *r, const char *commit, struct path_change **out,
			size_t *n, struct ggw_error *err)
{
	git_commit *c = NULL;
	git_diff *diff = NULL;
	struct path_change *v = NULL;
	size_t count = 0, nd;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = repo_need_git(r, err)) < 0 || (rc = lookup_commit(r, commit, &c, err)) < 0)
		return rc;
	if (commit_diff(r->git, c, &diff) < 0) {
		rc = repo_git_fail(err, GGW_EDAMAGED, _("读取提交的改动失败"));
		goto done;
	}
	nd = git_diff_num_deltas(diff);
	if (nd && !(v = calloc(nd, sizeof(*v)))) {
		rc = ggw_oom(err);
		goto done;
	}
	for (size_t i = 0; i < nd; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct path_change *pc = &v[count];

		if (!(pc->path = strdup(d->status == GIT_DELTA_DELETED ? d->old_file.path
								     : d->new_file.path))) {
			rc = ggw_oom(err);
			goto done;
		}
		count++;
		oid_hex(pc->old_blob, &d->old_file.id);
		oid_hex(pc->new_blob, &d->new_file.id);
		if (d->status == GIT_DELTA_ADDED)
			pc->old_blob[0] = '\0';
		if (d->status == GIT_DELTA_DELETED)
			pc->new_blob[0] = '\0';
	}
	*out = v;
	*n = count;
	v = NULL;
	rc = 0;
done:
	path_changes_free(v, count);
	git_diff_free(diff);
	git_commit_free(c);
	return rc;
}

int repo_blob_at(struct repo *r, const char *rev, const char *path, char *blob,
		 struct ggw_error *err)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	int error, rc = 0;

	blob[0] = '\0';
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((error = lookup_commit(r, rev, &c, err)) < 0) {
		/* an unborn HEAD has nothing */
		if (error == GGW_ENOTFOUND && !strcmp(rev, "HEAD"))
			ggw_clear(err);
		return error == GGW_ENOTFOUND && !strcmp(rev, "HEAD") ? 0 : error;
	}
	if (git_commit_tree(&tree, c) < 0) {
		rc = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	error = git_tree_entry_bypath(&entry, tree, path);
	if (error == 0 && git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
		git_oid_tostr(blob, 41, git_tree_entry_id(entry));
	else if (error < 0 && error != GIT_ENOTFOUND)
		rc = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(c);
	return rc;
}

int repo_blob_read(struct repo *r, const char *blob, char **out, size_t *len,
		   struct ggw_error *err)
{
	git_oid id;
	git_blob *b = NULL;
	size_t size;
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = repo_need_git(r, err)) < 0)
		return rc;
	if (git_oid_fromstr(&id, blob) < 0 || git_blob_lookup(&b, r->git, &id) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取文件内容"));
	size = (size_t)git_blob_rawsize(b);
	if (!(*out = malloc(size + 1))) {
		git_blob_free(b);
		return ggw_oom(err);
	}
	memcpy(*out, git_blob_rawcontent(b), size);
	(*out)[size] = '\0';
	*len = size;
	git_blob_free(b);
	return 0;
}

int repo_last_change_meta(struct repo *r, const char *since, const char *path,
			  struct git_meta *out, struct ggw_error *err)
{
	int rc;

	if ((rc = repo_need_git(r, err)) < 0)
		return rc;
	return gitmeta_last_change(r->git, "HEAD", since, path, out, err);
}

void deleted_files_free(struct deleted_file *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].path);
		free(v[i].author);
		free(v[i].email);
		free(v[i].summary);
		free(v[i].message);
	}
	free(v);
}

struct deleted_list {
	struct deleted_file *v;
	size_t n, cap;
	git_tree *head;
	int (*want)(const char *path, void *data);
	void *data;
};

/* Was path listed already (a newer deletion), or is it in HEAD? */
static int deletion_known(const struct deleted_list *d, const char *path)
{
	git_tree_entry *entry = NULL;

	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].path, path))
			return 1;
	if (d->head && git_tree_entry_bypath(&entry, d->head, path) == 0) {
		git_tree_entry_free(entry);
		return 1;
	}
	return 0;
}

static int add_deletion(struct deleted_list *d, git_commit *c, const char *path,
			const git_oid *blob)
{
	struct deleted_file *f;
	int meta;

	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 16;
		struct deleted_file *nv = realloc(d->v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		d->v = nv;
		d->cap = ncap;
	}
	f = &d->v[d->n++];
	memset(f, 0, sizeof(*f));
	f->path = strdup(path);
	git_oid_tostr(f->blob, sizeof(f->blob), blob);
	git_oid_tostr(f->commit, sizeof(f->commit), git_commit_id(c));
	meta = gitwalk_commit_meta(c, &f->author, &f->email, &f->time, &f->tz_minutes,
				   &f->summary, &f->message);
	return f->path && meta == 0 ? 0 : -1;
}

/* Blobs of old missing from new, below prefix: trees are sorted by name,
 * so one pass over both; subtrees with the same id are skipped whole (a
 * commit touches a few folders of a large ledger). */
static int scan_trees(struct repo *r, struct deleted_list *d, git_commit *c, const git_tree *old,
		      const git_tree *new, const char *prefix, struct ggw_error *err)
{
	size_t no = git_tree_entrycount(old);
	int rc = 0;

	for (size_t i = 0; i < no && rc == 0; i++) {
		const git_tree_entry *eo = git_tree_entry_byindex(old, i);
		const git_tree_entry *en = new ? git_tree_entry_byname(new, git_tree_entry_name(eo)) : NULL;
		char path[1024];

		if (en && git_oid_equal(git_tree_entry_id(eo), git_tree_entry_id(en)))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s%s", prefix, git_tree_entry_name(eo)) >=
		    sizeof(path))
			continue;
		if (git_tree_entry_type(eo) == GIT_OBJECT_TREE) {
			git_tree *ot = NULL, *nt = NULL;

			if (git_tree_lookup(&ot, r->git, git_tree_entry_id(eo)) < 0 ||
			    (en && git_tree_entry_type(en) == GIT_OBJECT_TREE &&
			     git_tree_lookup(&nt, r->git, git_tree_entry_id(en)) < 0)) {
				git_tree_free(ot);
				return repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
			}
			if (strlen(path) + 2 <= sizeof(path)) {
				strcat(path, "/");
				rc = scan_trees(r, d, c, ot, nt, path, err);
			}
			git_tree_free(ot);
			git_tree_free(nt);
			continue;
		}
		if (git_tree_entry_type(eo) != GIT_OBJECT_BLOB ||
		    (en && git_tree_entry_type(en) == GIT_OBJECT_BLOB) ||
		    (d->want && !d->want(path, d->data)) || deletion_known(d, path))
			continue;
		if (add_deletion(d, c, path, git_tree_entry_id(eo)) < 0)
			rc = ggw_oom(err);
	}
	return rc;
}

/* The deletions of one (non-merge) commit, against its parent. */
static int scan_commit(struct repo *r, struct deleted_list *d, git_commit *c, struct ggw_error *err)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	int rc = 0;

	if (git_commit_parentcount(c) == 0)
		return 0; /* a root commit deletes nothing */
	if (git_commit_tree(&tree, c) < 0 || git_commit_parent(&parent, c, 0) < 0 ||
	    git_commit_tree(&ptree, parent) < 0)
		rc = repo_git_fail(err, GGW_EDAMAGED, _("读取提交的改动失败"));
	else if (!git_oid_equal(git_tree_id(tree), git_tree_id(ptree)))
		rc = scan_trees(r, d, c, ptree, tree, "", err);
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(parent);
	return rc;
}

int repo_deleted_files(struct repo *r, int (*want)(const char *path, void *data), void *data,
		       struct deleted_file **out, size_t *n, struct ggw_error *err)
{
	struct deleted_list d = { NULL, 0, 0, NULL, want, data };
	git_revwalk *walk = NULL;
	git_commit *head = NULL;
	git_oid oid;
	int error, rc = 0;

	*out = NULL;
	*n = 0;
	if ((rc = gitwalk_head(r, 0, &walk, err)) < 0 || !walk)
		return rc;
	if ((rc = lookup_commit(r, "HEAD", &head, err)) < 0 ||
	    git_commit_tree(&d.head, head) < 0) {
		rc = rc < 0 ? rc : repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	while ((error = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;

		if (git_commit_lookup(&c, r->git, &oid) < 0) {
			rc = repo_git_fail(err, GGW_EDAMAGED, _("读取提交失败"));
			goto done;
		}
		if (git_commit_parentcount(c) <= 1)
			rc = scan_commit(r, &d, c, err);
		git_commit_free(c);
		if (rc < 0)
			goto done;
	}
	if (error != GIT_ITEROVER)
		rc = repo_git_fail(err, GGW_EDAMAGED, _("读取历史失败"));
done:
	git_tree_free(d.head);
	git_commit_free(head);
	git_revwalk_free(walk);
	if (rc < 0) {
		deleted_files_free(d.v, d.n);
		return rc;
	}
	*out = d.v;
	*n = d.n;
	return 0;
}
