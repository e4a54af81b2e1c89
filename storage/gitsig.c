/* Commit signatures and single tree paths for records/trust.c (see gitsig.h). */
#include "gitsig.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "repo_priv.h"

void commit_sig_free(struct commit_sig *s)
{
	if (!s)
		return;
	free(s->sig);
	free(s->data);
	memset(s, 0, sizeof(*s));
}

static int oid_of(struct repo *r, const char *hex, git_oid *id, struct ggw_error *err)
{
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (!hex || strlen(hex) != GIT_OID_HEXSZ || git_oid_fromstr(id, hex) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), hex ? hex : "(null)");
	return 0;
}

static char *dup_buf(const git_buf *b)
{
	char *s = malloc(b->size + 1);

	if (s) {
		memcpy(s, b->ptr ? b->ptr : "", b->size);
		s[b->size] = '\0';
	}
	return s;
}

int gitsig_read(struct repo *r, const char *hex, struct commit_sig *out, struct ggw_error *err)
{
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	git_commit *c = NULL;
	git_oid id;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = oid_of(r, hex, &id, err)) < 0)
		return error;
	if (git_commit_lookup(&c, r->git, &id) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
	out->committer_time = (int64_t)git_commit_committer(c)->when.time;
	git_commit_free(c);
	error = git_commit_extract_signature(&sig, &data, r->git, &id, NULL);
	if (error == GIT_ENOTFOUND) {
		error = 0;
	} else if (error < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交的签名"));
	} else {
		out->sig = dup_buf(&sig);
		out->data = dup_buf(&data);
		out->siglen = sig.size;
		out->datalen = data.size;
		if (!out->sig || !out->data) {
			commit_sig_free(out);
			error = ggw_oom(err);
		}
	}
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return error;
}

int gitsig_path_blob(struct repo *r, const char *hex, const char *path, git_hex out,
		     struct ggw_error *err)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_oid id;
	int error;

	if ((error = oid_of(r, hex, &id, err)) < 0)
		return error;
	if (git_commit_lookup(&c, r->git, &id) < 0 || git_commit_tree(&t, c) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
		goto done;
	}
	if ((error = git_tree_entry_bypath(&e, t, path)) == GIT_ENOTFOUND ||
	    (error == 0 && git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB)) {
		error = GGW_ENOTFOUND;
		goto done;
	}
	if (error < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交的文件"));
		goto done;
	}
	git_oid_tostr(out, sizeof(git_hex), git_tree_entry_id(e));
done:
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	return error;
}

static int hex_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

int gitsig_ancestors_sorted(struct repo *r, const char *tip, git_hex **ids, size_t *n,
			    struct ggw_error *err)
{
	int error = gitp_walk(r, tip, NULL, ids, n, err);

	if (error == 0 && *n > 1)
		qsort(*ids, *n, sizeof(git_hex), hex_cmp);
	return error;
}

int gitsig_detached_file(struct repo *r, const char *ref, const char *name, const void *data,
			 size_t len, const char *message, git_hex out, struct ggw_error *err)
{
	git_treebuilder *tb = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_reference *ref_out = NULL;
	git_oid blob, tid, cid;
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_blob_create_from_buffer(&blob, r->git, data, len) < 0 ||
	    git_treebuilder_new(&tb, r->git, NULL) < 0 ||
	    git_treebuilder_insert(NULL, tb, name, &blob, GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_write(&tid, tb) < 0 || git_tree_lookup(&tree, r->git, &tid) < 0 ||
	    git_signature_now(&sig, "ggw", "ggw@ggw.local") < 0 ||
	    git_commit_create(&cid, r->git, NULL, sig, sig, NULL, message, tree, 0, NULL) < 0 ||
	    git_reference_create(&ref_out, r->git, ref, &cid, 1, "ggw key request") < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法写入登记申请"));
		goto done;
	}
	git_oid_tostr(out, sizeof(git_hex), &cid);
done:
	git_reference_free(ref_out);
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	return error;
}

int gitsig_commit(struct repo *r, const char *tree_hex, const char *parent_hex, const char *message,
		  const char *name, const char *email, int64_t when, int tz_minutes, git_hex out,
		  struct ggw_error *err)
{
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *armored = NULL;
	git_oid tid, pid, cid;
	const git_commit *parents[1];
	int error;

	if ((error = oid_of(r, tree_hex, &tid, err)) < 0)
		return error;
	if (parent_hex && *parent_hex && (error = oid_of(r, parent_hex, &pid, err)) < 0)
		return error;
	if (git_tree_lookup(&tree, r->git, &tid) < 0 ||
	    (parent_hex && *parent_hex && git_commit_lookup(&parent, r->git, &pid) < 0) ||
	    git_signature_new(&author, name, email, (git_time_t)when, tz_minutes) < 0 ||
	    git_signature_now(&committer, name, email) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法写入提交"));
		goto done;
	}
	parents[0] = parent;
	if (git_commit_create_buffer(&buf, r->git, author, committer, NULL, message, tree,
				     parent ? 1 : 0, parents) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法写入提交"));
		goto done;
	}
	if (r->sign) {
		size_t n;

		if ((error = r->sign(r->sign_data, r, buf.ptr, buf.size, &armored, err)) < 0)
			goto done;
		n = strlen(armored);
		while (n > 0 && armored[n - 1] == '\n')
			armored[--n] = '\0';
		error = git_commit_create_with_signature(&cid, r->git, buf.ptr, armored, "gpgsig");
	} else {
		error = git_odb_hash(&cid, buf.ptr, buf.size, GIT_OBJECT_COMMIT);
		if (error == 0) {
			git_odb *odb = NULL;

			error = git_repository_odb(&odb, r->git);
			if (error == 0)
				error = git_odb_write(&cid, odb, buf.ptr, buf.size, GIT_OBJECT_COMMIT);
			git_odb_free(odb);
		}
	}
	if (error < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法写入提交"));
		goto done;
	}
	git_oid_tostr(out, sizeof(git_hex), &cid);
done:
	free(armored);
	git_buf_dispose(&buf);
	git_signature_free(author);
	git_signature_free(committer);
	git_commit_free(parent);
	git_tree_free(tree);
	return error;
}
