/* Raw tree listing and blob sizes (see treecheck.h). */
#include "treecheck.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "gitwalk.h"

/* What gitp_tree_entries lists: every entry but folders, with its raw mode. */
static int keep_non_folder(const git_tree_entry *e, unsigned *mode)
{
	*mode = (unsigned)git_tree_entry_filemode_raw(e);
	return git_tree_entry_type(e) != GIT_OBJECT_TREE;
}

int gitp_tree_entries(struct repo *r, const char *idhex, struct tree_item **out, size_t *n,
		      struct ggw_error *err)
{
	git_oid id;

	*out = NULL;
	*n = 0;
	if (!idhex || strlen(idhex) != GIT_OID_HEXSZ || git_oid_fromstr(&id, idhex) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), idhex ? idhex : "(null)");
	return gitwalk_tree_items(repo_git(r), &id, keep_non_folder, out, n, err);
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
