/* Commit metadata for merges (see gitmeta.h). */
#include "gitmeta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <git2.h>

#include "../model/i18n.h"
#include "repo_priv.h"

/* Author, author time, and the first Ggw-Unit trailer: the same reading
 * of a commit as records/sync.c (storage/gitp.c gitp_commit_info). */
static void meta_from_commit(const git_commit *commit, struct git_meta *out)
{
	const git_signature *sig = git_commit_author(commit);
	git_message_trailer_array tr = { 0 };
	const char *msg = git_commit_message(commit);

	memset(out, 0, sizeof(*out));
	git_oid_tostr(out->commit, sizeof(out->commit), git_commit_id(commit));
	if (sig) {
		snprintf(out->author, sizeof(out->author), "%s <%s>", sig->name ? sig->name : "",
			 sig->email ? sig->email : "");
		out->time = (int64_t)sig->when.time;
		out->tz_minutes = sig->when.offset;
	}
	if (msg && git_message_trailers(&tr, msg) == 0) {
		for (size_t i = 0; i < tr.count; i++)
			if (!strcasecmp(tr.trailers[i].key, "Ggw-Unit")) {
				snprintf(out->unit, sizeof(out->unit), "%s", tr.trailers[i].value);
				break;
			}
		git_message_trailer_array_free(&tr);
	}
}

static int lookup_commit(git_repository *repo, const char *rev, git_commit **out,
			 struct ggw_error *err)
{
	git_object *obj = NULL;
	int error;

	*out = NULL;
	if ((error = git_revparse_single(&obj, repo, rev)) < 0 ||
	    (error = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT)) < 0) {
		git_object_free(obj);
		return repo_git_fail(err, GGW_ENOTFOUND, rev);
	}
	git_object_free(obj);
	return 0;
}

int gitmeta_commit(struct git_repository *repo, const char *rev, struct git_meta *out,
		   struct ggw_error *err)
{
	git_commit *commit = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = lookup_commit(repo, rev, &commit, err)) < 0)
		return rc;
	meta_from_commit(commit, out);
	git_commit_free(commit);
	return 0;
}

/* Blob id at path in commit's tree; 0 found, 1 absent, <0 error. */
static int blob_at(const git_commit *commit, const char *path, git_oid *id)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	int error;

	if ((error = git_commit_tree(&tree, commit)) < 0)
		return error;
	error = git_tree_entry_bypath(&entry, tree, path);
	if (error == 0)
		git_oid_cpy(id, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return error == GIT_ENOTFOUND ? 1 : error;
}

/* Did commit change path: differs from every parent (absent counts)? */
static int changes_path(const git_commit *commit, const char *path)
{
	git_oid mine, theirs;
	int have_mine = blob_at(commit, path, &mine), have_parent;
	unsigned int n = git_commit_parentcount(commit);

	if (have_mine < 0)
		return have_mine;
	if (n == 0)
		return have_mine == 0;
	for (unsigned int i = 0; i < n; i++) {
		git_commit *parent = NULL;

		if (git_commit_parent(&parent, commit, i) < 0)
			return -1;
		have_parent = blob_at(parent, path, &theirs);
		git_commit_free(parent);
		if (have_parent < 0)
			return have_parent;
		if (have_parent == have_mine && (have_mine == 1 || git_oid_equal(&mine, &theirs)))
			return 0; /* the same as this parent: the change came from it */
	}
	return 1;
}

/* A plain repository-relative path: not empty, no leading or trailing
 * '/', no empty, "." or ".." component. */
static int path_valid(const char *path)
{
	const char *p = path;

	if (!p || !*p)
		return 0;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (!slash)
			return 1;
		p = slash + 1;
	}
}

int gitmeta_last_change_id(struct git_repository *repo, const char *tip, const char *stop,
			   const char *path, char *out, struct ggw_error *err)
{
	git_commit *tipc = NULL, *base = NULL, *c = NULL;
	git_revwalk *walk = NULL;
	git_oid id;
	int rc = 0, error, changed;

	out[0] = '\0';
	if (!path_valid(path))
		return ggw_fail(err, GGW_EINVALID, _("无效的文件路径“%s”"), path ? path : "");
	if ((rc = lookup_commit(repo, tip, &tipc, err)) < 0)
		return rc;
	if (stop && *stop && (rc = lookup_commit(repo, stop, &base, err)) < 0)
		goto done;
	if ((error = git_revwalk_new(&walk, repo)) < 0 ||
	    (error = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL)) < 0 ||
	    (error = git_revwalk_push(walk, git_commit_id(tipc))) < 0 ||
	    (base && (error = git_revwalk_hide(walk, git_commit_id(base))) < 0)) {
		rc = repo_git_fail(err, GGW_EDAMAGED, _("无法遍历历史"));
		goto done;
	}
	while ((error = git_revwalk_next(&id, walk)) == 0) {
		if ((error = git_commit_lookup(&c, repo, &id)) < 0)
			break;
		changed = changes_path(c, path);
		git_commit_free(c);
		c = NULL;
		if (changed < 0) {
			error = changed;
			break;
		}
		if (changed) {
			git_oid_tostr(out, GIT_OID_HEXSZ + 1, &id);
			break;
		}
	}
	if (error < 0 && error != GIT_ITEROVER) {
		out[0] = '\0';
		rc = repo_git_fail(err, GGW_EDAMAGED, _("无法遍历历史"));
	}
done:
	git_revwalk_free(walk);
	git_commit_free(base);
	git_commit_free(tipc);
	return rc;
}

int gitmeta_last_change(struct git_repository *repo, const char *rev, const char *stop,
			const char *path, struct git_meta *out, struct ggw_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = gitmeta_last_change_id(repo, rev, stop, path, hex, err);
	if (rc == GGW_ENOTFOUND) /* rev or stop names no commit */
		return rc;
	/* None found, or history unreadable: the tip stands for the side. */
	return gitmeta_commit(repo, rc == 0 && hex[0] ? hex : rev, out, err);
}

static int first_mergehead(const git_oid *oid, void *payload)
{
	git_oid_cpy(payload, oid);
	return 1; /* the first one is enough */
}

/* A "GITHEAD_<40 hex>" variable naming a commit other than HEAD. */
static int githead_from_env(const char *head, char *hex)
{
	for (char **e = environ; e && *e; e++) {
		const char *v = *e;

		if (strncmp(v, "GITHEAD_", 8) != 0 || strlen(v) < 8 + 40 || v[48] != '=')
			continue;
		if (strspn(v + 8, "0123456789abcdef") < 40 || strncmp(v + 8, head, 40) == 0)
			continue;
		memcpy(hex, v + 8, 40);
		hex[40] = '\0';
		return 0;
	}
	return -1;
}

struct find_blob {
	git_oid id;
	char path[1024];
	int found;
};

static int find_blob_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	struct find_blob *f = payload;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    !git_oid_equal(git_tree_entry_id(entry), &f->id))
		return 0;
	if ((size_t)snprintf(f->path, sizeof(f->path), "%s%s", root,
			     git_tree_entry_name(entry)) < sizeof(f->path))
		f->found = 1;
	return f->found ? -1 : 0; /* stop the walk once found */
}

/* The path of the blob with this content in HEAD's tree. */
static int path_in_head(git_repository *repo, const void *content, size_t len,
			struct find_blob *f)
{
	git_commit *head = NULL;
	git_tree *tree = NULL;

	memset(f, 0, sizeof(*f));
	if (git_odb_hash(&f->id, content, len, GIT_OBJECT_BLOB) < 0 ||
	    lookup_commit(repo, "HEAD", &head, NULL) < 0)
		return -1;
	if (git_commit_tree(&tree, head) == 0)
		git_tree_walk(tree, GIT_TREEWALK_PRE, find_blob_cb, f);
	git_tree_free(tree);
	git_commit_free(head);
	return f->found ? 0 : -1;
}

int gitmeta_driver_sides(const void *ours_content, size_t len, struct git_meta *ours,
			 struct git_meta *theirs, struct ggw_error *err)
{
	git_repository *repo = NULL;
	git_oid merge_head, head_id, their_id, base_id;
	struct find_blob f;
	char head[41] = "", hex[41] = "", base[41] = "";
	int error, rc;

	memset(ours, 0, sizeof(*ours));
	memset(theirs, 0, sizeof(*theirs));
	if ((rc = repo_lib_start(err)) < 0)
		return rc;
	if (getenv("GIT_DIR"))
		error = git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	else
		error = git_repository_open_ext(&repo, ".", 0, NULL);
	if (error < 0)
		return repo_git_fail(err, GGW_ENOTFOUND, _("找不到 git 仓库"));
	if ((rc = gitmeta_commit(repo, "HEAD", ours, err)) < 0)
		goto done;
	memcpy(head, ours->commit, sizeof(head));
	error = git_repository_mergehead_foreach(repo, first_mergehead, &merge_head);
	if (error == GIT_EUSER)
		git_oid_tostr(hex, sizeof(hex), &merge_head);
	else if (githead_from_env(head, hex) < 0) {
		rc = ggw_fail(err, GGW_ENOTFOUND, "%s", _("不知道正在合并的是哪个提交"));
		goto done;
	}
	/* Changes since the merge base, as sync counts them. */
	if (git_oid_fromstr(&head_id, head) == 0 && git_oid_fromstr(&their_id, hex) == 0 &&
	    git_merge_base(&base_id, repo, &head_id, &their_id) == 0)
		git_oid_tostr(base, sizeof(base), &base_id);
	if (ours_content && path_in_head(repo, ours_content, len, &f) == 0) {
		if ((rc = gitmeta_last_change(repo, head, base, f.path, ours, err)) < 0 ||
		    (rc = gitmeta_last_change(repo, hex, base, f.path, theirs, err)) < 0)
			goto done;
	} else {
		rc = gitmeta_commit(repo, hex, theirs, err);
	}
done:
	if (rc < 0) {
		memset(ours, 0, sizeof(*ours));
		memset(theirs, 0, sizeof(*theirs));
	}
	git_repository_free(repo);
	return rc;
}
