/* Raw tree listing and blob sizes (see treecheck.h). */
#include "treecheck.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"

struct entries_acc {
	struct tree_item *v;
	size_t n, cap;
	int failed;
};

static int entry_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct entries_acc *acc = payload;
	struct tree_item *it;

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
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
	it->mode = (unsigned)git_tree_entry_filemode_raw(e);
	acc->n++;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tree_item *)a)->path, ((const struct tree_item *)b)->path);
}

int gitp_tree_entries(struct repo *r, const char *idhex, struct tree_item **out, size_t *n,
		      struct ggw_error *err)
{
	struct entries_acc acc = { NULL, 0, 0, 0 };
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int error;

	*out = NULL;
	*n = 0;
	if (!idhex || strlen(idhex) != GIT_OID_HEXSZ || git_oid_fromstr(&id, idhex) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), idhex ? idhex : "(null)");
	if (git_object_lookup(&obj, repo_git(r), &id, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, entry_cb, &acc) < 0) {
		error = acc.failed ? ggw_oom(err)
				   : repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (acc.n) /* acc.v is NULL for an empty tree */
		qsort(acc.v, acc.n, sizeof(*acc.v), entry_cmp);
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

int gitp_blob_size(struct repo *r, const char *idhex, uint64_t *size, struct ggw_error *err)
{
	git_odb *odb = NULL;
	git_object_t type;
	git_oid id;
	size_t len = 0;
	int error;

	*size = 0;
	if (!idhex || strlen(idhex) != GIT_OID_HEXSZ || git_oid_fromstr(&id, idhex) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), idhex ? idhex : "(null)");
	if ((error = git_repository_odb(&odb, repo_git(r))) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取对象库"));
	if ((error = git_odb_read_header(&len, &type, odb, &id)) < 0 || type != GIT_OBJECT_BLOB)
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取文件内容"));
	else
		*size = (uint64_t)len;
	git_odb_free(odb);
	return error;
}
