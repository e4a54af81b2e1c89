/* Git plumbing for records/sync.c (see gitp.h). */
#include "gitp.h"

#include <dirent.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "gitmeta.h"
#include "gitwalk.h"
#include "repo_priv.h"

static int oid_from(const char *hex, git_oid *id, struct ggw_error *err)
{
	if (!hex || git_oid_fromstrn(id, hex, strlen(hex)) < 0 || strlen(hex) != GIT_OID_HEXSZ)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), hex ? hex : "(null)");
	return 0;
}

/* Open r's libgit2 handle and parse hex: the start of most calls here. */
static int git_and_oid(struct repo *r, const char *hex, git_oid *id, struct ggw_error *err)
{
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	return oid_from(hex, id, err);
}

static int git_and_two_oids(struct repo *r, const char *a, git_oid *x, const char *b, git_oid *y,
			    struct ggw_error *err)
{
	int error;

	if ((error = git_and_oid(r, a, x, err)) < 0)
		return error;
	return oid_from(b, y, err);
}

static void hex_of(const git_oid *id, git_hex out)
{
	git_oid_tostr(out, sizeof(git_hex), id);
}

void commit_info_free(struct commit_info *c)
{
	if (!c)
		return;
	free(c->author_name);
	free(c->author_email);
	free(c->message);
	free(c->unit_trailer);
	free(c->action_trailer);
	memset(c, 0, sizeof(*c));
}

int gitp_ref_tip(struct repo *r, const char *ref, git_hex out, struct ggw_error *err)
{
	git_oid id;
	int error;

	out[0] = '\0';
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	error = git_reference_name_to_id(&id, r->git, ref);
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return ggw_fail(err, GGW_ENOTFOUND, _("没有 %s"), ref);
	if (error < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取引用"));
	hex_of(&id, out);
	return 0;
}

int gitp_commit_info(struct repo *r, const char *idhex, struct commit_info *out,
		     struct ggw_error *err)
{
	git_commit *c = NULL;
	git_oid id;
	const git_signature *a;
	git_message_trailer_array tr = { 0 };
	const char *msg;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = git_and_oid(r, idhex, &id, err)) < 0)
		return error;
	if (git_commit_lookup(&c, r->git, &id) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
	hex_of(&id, out->id);
	hex_of(git_commit_tree_id(c), out->tree);
	out->nparents = git_commit_parentcount(c);
	for (unsigned i = 0; i < out->nparents && i < 2; i++)
		hex_of(git_commit_parent_id(c, i), out->parents[i]);
	a = git_commit_author(c);
	out->author_name = strdup(a->name ? a->name : "");
	out->author_email = strdup(a->email ? a->email : "");
	out->time = (int64_t)a->when.time;
	out->tz_minutes = a->when.offset;
	msg = git_commit_message(c);
	out->message = strdup(msg ? msg : "");
	if (msg && git_message_trailers(&tr, msg) == 0) {
		for (size_t i = 0; i < tr.count; i++) {
			char **slot = !strcasecmp(tr.trailers[i].key, "Ggw-Unit") ? &out->unit_trailer :
				      !strcasecmp(tr.trailers[i].key, "Ggw-Action") ? &out->action_trailer : NULL;

			if (slot && !*slot)
				*slot = strdup(tr.trailers[i].value);
		}
		git_message_trailer_array_free(&tr);
	}
	git_commit_free(c);
	if (!out->author_name || !out->author_email || !out->message) {
		commit_info_free(out);
		return ggw_oom(err);
	}
	return 0;
}

int gitp_walk(struct repo *r, const char *tip, const char *hide, git_hex **ids, size_t *n,
	      struct ggw_error *err)
{
	git_revwalk *w = NULL;
	git_oid id, t, h;
	size_t cap = 0;
	int error;

	*ids = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((error = oid_from(tip, &t, err)) < 0 || (hide && (error = oid_from(hide, &h, err)) < 0))
		return error;
	if (git_revwalk_new(&w, r->git) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(w, &t) < 0 || (hide && git_revwalk_hide(w, &h) < 0)) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法遍历历史"));
		goto done;
	}
	while ((error = git_revwalk_next(&id, w)) == 0) {
		if (*n == cap) {
			git_hex *nv = realloc(*ids, (cap = cap ? cap * 2 : 64) * sizeof(git_hex));

			if (!nv) {
				error = ggw_oom(err);
				goto done;
			}
			*ids = nv;
		}
		hex_of(&id, (*ids)[(*n)++]);
	}
	if (error != GIT_ITEROVER) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法遍历历史"));
		goto done;
	}
	error = 0;
done:
	git_revwalk_free(w);
	if (error < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return error;
}

int gitp_is_ancestor(struct repo *r, const char *ancestor, const char *idhex)
{
	git_oid a, b;

	if (repo_need_git(r, NULL) < 0 || oid_from(ancestor, &a, NULL) < 0 ||
	    oid_from(idhex, &b, NULL) < 0)
		return 0;
	if (git_oid_equal(&a, &b))
		return 1;
	return git_graph_descendant_of(r->git, &b, &a) == 1;
}

int gitp_merge_base(struct repo *r, const char *a, const char *b, git_hex out,
		    struct ggw_error *err)
{
	git_oid x, y, base;
	int error;

	out[0] = '\0';
	if ((error = git_and_two_oids(r, a, &x, b, &y, err)) < 0)
		return error;
	error = git_merge_base(&base, r->git, &x, &y);
	if (error == GIT_ENOTFOUND)
		return ggw_fail(err, GGW_ENOTFOUND, _("两边的历史没有共同的起点"));
	if (error < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法找到共同的历史"));
	hex_of(&base, out);
	return 0;
}

/* What gitp_tree_items lists: blobs, with their normalised mode. */
static int keep_blob(const git_tree_entry *e, unsigned *mode)
{
	*mode = (unsigned)git_tree_entry_filemode(e);
	return git_tree_entry_type(e) == GIT_OBJECT_BLOB;
}

void tree_items_free(struct tree_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

int gitp_tree_items(struct repo *r, const char *idhex, struct tree_item **out, size_t *n,
		    struct ggw_error *err)
{
	git_oid id;
	int error;

	*out = NULL;
	*n = 0;
	if (!idhex || !*idhex)
		return 0;
	if ((error = git_and_oid(r, idhex, &id, err)) < 0)
		return error;
	return gitwalk_tree_items(r->git, &id, keep_blob, out, n, err);
}

int gitp_read_blob(struct repo *r, const char *idhex, char **out, size_t *len,
		   struct ggw_error *err)
{
	git_blob *b = NULL;
	git_oid id;
	size_t sz;
	int error;

	*out = NULL;
	if ((error = git_and_oid(r, idhex, &id, err)) < 0)
		return error;
	if (git_blob_lookup(&b, r->git, &id) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取文件内容"));
	sz = (size_t)git_blob_rawsize(b);
	*out = malloc(sz + 1);
	if (!*out) {
		git_blob_free(b);
		return ggw_oom(err);
	}
	memcpy(*out, git_blob_rawcontent(b), sz);
	(*out)[sz] = '\0';
	if (len)
		*len = sz;
	git_blob_free(b);
	return 0;
}

int gitp_write_blob(struct repo *r, const void *data, size_t len, git_hex out,
		    struct ggw_error *err)
{
	git_oid id;
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_blob_create_from_buffer(&id, r->git, data, len) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法写入文件内容"));
	hex_of(&id, out);
	return 0;
}

int gitp_write_tree(struct repo *r, const struct tree_item *v, size_t n, git_hex out,
		    struct ggw_error *err)
{
	git_index *idx = NULL;
	git_oid tree;
	int error = 0;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_index_new(&idx) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法建立目录树"));
	for (size_t i = 0; i < n; i++) {
		git_index_entry e;

		memset(&e, 0, sizeof(e));
		e.mode = v[i].mode ? v[i].mode : GIT_FILEMODE_BLOB;
		e.path = v[i].path;
		if ((error = oid_from(v[i].blob, &e.id, err)) < 0)
			goto done;
		if (git_index_add(idx, &e) < 0) {
			error = repo_git_fail(err, GGW_EIO, _("无法建立目录树"));
			goto done;
		}
	}
	if (git_index_write_tree_to(&tree, idx, r->git) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法建立目录树"));
		goto done;
	}
	hex_of(&tree, out);
done:
	git_index_free(idx);
	return error;
}

int gitp_last_change(struct repo *r, const char *tip, const char *stop, const char *path,
		     git_hex out, struct ggw_error *err)
{
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	return gitmeta_last_change_id(r->git, tip, stop, path, out, err);
}

int gitp_commit_cas(struct repo *r, const char *treehex, const char *const *parents,
		    size_t nparents, const char *message, const char *name, const char *email,
		    git_hex out, struct ggw_error *err)
{
	git_tree *tree = NULL;
	git_commit *pc[2] = { NULL, NULL };
	git_signature *sig = NULL;
	git_oid tid, id;
	int error = 0;

	if (nparents > 2)
		return ggw_fail(err, GGW_EINVALID, "too many parents");
	if ((error = git_and_oid(r, treehex, &tid, err)) < 0)
		return error;
	if (git_tree_lookup(&tree, r->git, &tid) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	for (size_t i = 0; i < nparents; i++) {
		git_oid p;

		if ((error = oid_from(parents[i], &p, err)) < 0)
			goto done;
		if (git_commit_lookup(&pc[i], r->git, &p) < 0) {
			error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
			goto done;
		}
	}
	if (git_signature_now(&sig, name, email) < 0) {
		error = repo_git_fail(err, GGW_EINVALID, _("提交人姓名或邮箱无效"));
		goto done;
	}
	error = repo_commit_create_head(r, sig, sig, message, tree, nparents,
					(const git_commit **)pc, &id, err);
	if (error == GIT_EUSER) { /* signing failed: err says why */
		error = err && err->code < 0 ? err->code : GGW_EIO;
		goto done;
	}
	if (error == GIT_EMODIFIED) {
		error = ggw_fail(err, GGW_ECONFLICT, _("台账在同步期间被修改，请再同步一次"));
		goto done;
	}
	if (error < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法写入合并提交"));
		goto done;
	}
	hex_of(&id, out);
done:
	git_signature_free(sig);
	git_commit_free(pc[0]);
	git_commit_free(pc[1]);
	git_tree_free(tree);
	return error;
}

int gitp_main_cas(struct repo *r, const char *idhex, const char *expected, struct ggw_error *err)
{
	git_reference *ref = NULL;
	git_oid id, old;
	int error;

	if ((error = git_and_two_oids(r, idhex, &id, expected, &old, err)) < 0)
		return error;
	error = git_reference_create_matching(&ref, r->git, "refs/heads/main", &id, 1, &old,
					      "ggw sync: fast-forward");
	git_reference_free(ref);
	if (error == GIT_EMODIFIED)
		return ggw_fail(err, GGW_ECONFLICT, _("台账在同步期间被修改，请再同步一次"));
	if (error < 0)
		return repo_git_fail(err, GGW_EIO, _("无法移动 main 分支"));
	return 0;
}

int gitp_set_ref(struct repo *r, const char *refname, const char *idhex, struct ggw_error *err)
{
	git_reference *ref = NULL;
	git_oid id;
	int error;

	if ((error = git_and_oid(r, idhex, &id, err)) < 0)
		return error;
	error = git_reference_create(&ref, r->git, refname, &id, 1, "ggw sync: pushed");
	git_reference_free(ref);
	if (error < 0)
		return repo_git_fail(err, GGW_EIO, _("无法更新引用"));
	return 0;
}

struct conflict_acc {
	char list[600];
	size_t count;
};

static int checkout_notify(git_checkout_notify_t why, const char *path, const git_diff_file *b,
			   const git_diff_file *t, const git_diff_file *w, void *payload)
{
	struct conflict_acc *acc = payload;
	size_t used = strlen(acc->list);

	(void)why;
	(void)b;
	(void)t;
	(void)w;
	if (acc->count++ < 5 && used + strlen(path) + 3 < sizeof(acc->list))
		snprintf(acc->list + used, sizeof(acc->list) - used, "%s%s", used ? ", " : "", path);
	return 0;
}

int gitp_checkout_head(struct repo *r, const char *baseline, struct ggw_error *err)
{
	git_checkout_options co;
	git_object *obj = NULL;
	git_tree *base = NULL;
	struct conflict_acc acc;
	git_oid id;
	int error;

	memset(&acc, 0, sizeof(acc));
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = checkout_notify;
	co.notify_payload = &acc;
	if (baseline && *baseline) {
		if ((error = oid_from(baseline, &id, err)) < 0)
			return error;
		if (git_object_lookup(&obj, r->git, &id, GIT_OBJECT_ANY) < 0 ||
		    git_object_peel((git_object **)&base, obj, GIT_OBJECT_TREE) < 0) {
			error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
			goto done;
		}
		co.baseline = base;
	}
	error = git_checkout_head(r->git, &co);
	if (error == GIT_ECONFLICT || (error < 0 && acc.count)) {
		error = ggw_fail(err, GGW_ECONFLICT,
				 _("这些文件有未提交的修改，与收到的修改冲突：%s。请先提交或撤销这些修改，再同步"),
				 acc.list);
		goto done;
	}
	if (error < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法更新工作区"));
done:
	git_tree_free(base);
	git_object_free(obj);
	return error;
}

int gitp_checkout_paths(struct repo *r, char *const *paths, size_t n, struct ggw_error *err)
{
	git_checkout_options co;
	int error;

	if (n == 0)
		return 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH |
			       GIT_CHECKOUT_REMOVE_UNTRACKED;
	co.paths.strings = (char **)paths;
	co.paths.count = n;
	if (git_checkout_head(r->git, &co) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法更新工作区"));
	return 0;
}

int gitp_ahead_behind(struct repo *r, const char *a, const char *b, size_t *ahead,
		      size_t *behind, struct ggw_error *err)
{
	git_oid x, y;
	int error;

	*ahead = *behind = 0;
	if ((error = git_and_two_oids(r, a, &x, b, &y, err)) < 0)
		return error;
	if (git_graph_ahead_behind(ahead, behind, r->git, &x, &y) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法比较历史"));
	return 0;
}

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

int gitp_remove_bad_loose(struct repo *r, git_hex **bad, size_t *n, struct ggw_error *err)
{
	git_odb *odb = NULL;
	git_odb_backend *be = NULL;
	char objdir[PATH_MAX];
	size_t cap = 0;
	int error = 0;

	*bad = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	snprintf(objdir, sizeof(objdir), "%sobjects", r->gitdir);
	/* A loose-only object database: packs must not answer for it. */
	if (git_odb_new(&odb) < 0 || git_odb_backend_loose(&be, objdir, -1, 0, 0, 0) < 0 ||
	    git_odb_add_backend(odb, be, 1) < 0) {
		if (be && odb)
			be->free(be);
		git_odb_free(odb);
		return repo_git_fail(err, GGW_EIO, _("无法检查对象库"));
	}
	for (int hi = 0; hi < 256 && error == 0; hi++) {
		char dir[PATH_MAX + 4];
		DIR *d;
		struct dirent *de;

		snprintf(dir, sizeof(dir), "%s/%02x", objdir, hi);
		if (!(d = opendir(dir)))
			continue;
		while ((de = readdir(d)) != NULL) {
			char path[PATH_MAX + 64], hex[41];
			struct stat st;
			git_odb_object *obj = NULL;
			git_oid id;
			int broken;

			if (strlen(de->d_name) != 38 || !is_hex(de->d_name, 38))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			snprintf(hex, sizeof(hex), "%02x%s", hi, de->d_name);
			if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
				continue;
			broken = st.st_size == 0;
			if (!broken) {
				git_oid_fromstr(&id, hex);
				if (git_odb_read(&obj, odb, &id) < 0)
					broken = 1;
				git_odb_object_free(obj);
			}
			if (!broken)
				continue;
			if (unlink(path) < 0)
				continue;
			if (*n == cap) {
				git_hex *nv = realloc(*bad, (cap = cap ? cap * 2 : 8) * sizeof(git_hex));

				if (!nv) {
					error = ggw_oom(err);
					break;
				}
				*bad = nv;
			}
			memcpy((*bad)[(*n)++], hex, 41);
		}
		closedir(d);
	}
	git_odb_free(odb);
	return error;
}

/* Remotes straight from the config ("remote.<name>.url"): git_remote_list
 * and git_remote_lookup go through libgit2 1.5.1's regex matching, which
 * leaks its pcre2 match data on every call. */
int gitp_remote_list(struct repo *r, char ***names, char ***urls, size_t *n,
		     struct ggw_error *err)
{
	git_config *cfg = NULL, *snap = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t cap = 0, i;
	int error;

	*names = *urls = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_repository_config(&cfg, r->git) < 0 || git_config_snapshot(&snap, cfg) < 0 ||
	    git_config_iterator_new(&it, snap) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法读取同步对象列表"));
		goto done;
	}
	while ((error = git_config_next(&e, it)) == 0) {
		size_t len = strlen(e->name);

		if (len <= 11 || strncasecmp(e->name, "remote.", 7) ||
		    strcasecmp(e->name + len - 4, ".url"))
			continue;
		for (i = 0; i < *n; i++)
			if (strlen((*names)[i]) == len - 11 && !strncmp((*names)[i], e->name + 7, len - 11))
				break;
		if (i < *n) {
			/* a later url of the same remote wins */
			char *u = strdup(e->value ? e->value : "");

			if (!u)
				goto nomem;
			free((*urls)[i]);
			(*urls)[i] = u;
			continue;
		}
		if (*n + 1 >= cap) {
			char **nn = realloc(*names, (cap ? cap * 2 : 8) * sizeof(char *));

			if (!nn)
				goto nomem;
			*names = nn;
			nn = realloc(*urls, (cap ? cap * 2 : 8) * sizeof(char *));
			if (!nn)
				goto nomem;
			*urls = nn;
			cap = cap ? cap * 2 : 8;
		}
		(*names)[*n] = strndup(e->name + 7, len - 11);
		(*urls)[*n] = strdup(e->value ? e->value : "");
		(*n)++;
		(*names)[*n] = (*urls)[*n] = NULL;
		if (!(*names)[*n - 1] || !(*urls)[*n - 1])
			goto nomem;
	}
	if (error != GIT_ITEROVER) {
		error = repo_git_fail(err, GGW_EIO, _("无法读取同步对象列表"));
		goto done;
	}
	error = 0;
	goto done;
nomem:
	error = ggw_oom(err);
done:
	if (error < 0) {
		gitp_remote_list_free(*names, *urls, *n);
		*names = *urls = NULL;
		*n = 0;
	}
	git_config_iterator_free(it);
	git_config_free(snap);
	git_config_free(cfg);
	return error;
}

void gitp_remote_list_free(char **names, char **urls, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(names ? names[i] : NULL);
		free(urls ? urls[i] : NULL);
	}
	free(names);
	free(urls);
}

static int remote_exists(struct repo *r, const char *name)
{
	char **names = NULL, **urls = NULL;
	size_t n = 0;
	int found = 0;

	if (gitp_remote_list(r, &names, &urls, &n, NULL) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		found |= !strcmp(names[i], name);
	gitp_remote_list_free(names, urls, n);
	return found;
}

int gitp_remote_add(struct repo *r, const char *name, const char *url, struct ggw_error *err)
{
	git_config *cfg = NULL;
	char key[300], spec[300];
	int error = 0;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (remote_exists(r, name))
		return ggw_fail(err, GGW_EINVALID, _("已经有名为 %s 的同步对象；先用 ggw remote remove %s 删除它"),
				name, name);
	snprintf(spec, sizeof(spec), "+refs/heads/*:refs/remotes/%s/*", name);
	if (git_repository_config(&cfg, r->git) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法添加同步对象"));
		goto done;
	}
	snprintf(key, sizeof(key), "remote.%s.url", name);
	if (git_config_set_string(cfg, key, url) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法添加同步对象"));
		goto done;
	}
	snprintf(key, sizeof(key), "remote.%s.fetch", name);
	if (git_config_set_string(cfg, key, spec) < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法添加同步对象"));
done:
	git_config_free(cfg);
	return error;
}

int gitp_remote_remove(struct repo *r, const char *name, struct ggw_error *err)
{
	static const char *const keys[] = { "url", "fetch", "pushurl", "push" };
	git_config *cfg = NULL;
	git_reference *ref = NULL;
	char key[300];
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (!remote_exists(r, name))
		return ggw_fail(err, GGW_ENOTFOUND, _("没有名为 %s 的同步对象（ggw remote list 列出全部）"), name);
	if (git_repository_config(&cfg, r->git) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法删除同步对象"));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(key, sizeof(key), "remote.%s.%s", name, keys[i]);
		git_config_delete_entry(cfg, key); /* absent is fine */
	}
	git_config_free(cfg);
	snprintf(key, sizeof(key), "refs/remotes/%s/main", name);
	if (git_reference_lookup(&ref, r->git, key) == 0) {
		git_reference_delete(ref);
		git_reference_free(ref);
	}
	return 0;
}

int gitp_object_exists(struct repo *r, const char *idhex)
{
	git_odb *odb = NULL;
	git_oid id;
	size_t len;
	git_object_t type;
	int ok;

	if (repo_need_git(r, NULL) < 0 || oid_from(idhex, &id, NULL) < 0 ||
	    git_repository_odb(&odb, r->git) < 0)
		return 0;
	git_odb_refresh(odb);
	ok = git_odb_read_header(&len, &type, odb, &id) == 0;
	git_odb_free(odb);
	return ok;
}
