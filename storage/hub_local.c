/* Local hub references and repair (see hub_local.h). */
#include "hub_local.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/i18n.h"
#include "fsutil.h"

/* Registered hub paths only are opened without the owner check (a stick
 * mounted with another owner), as the transfer child does; the check is
 * switched back on right after, for everything else in this process. */
static int owner_check_off(void)
{
	int saved = 1;

	git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, &saved);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	return saved;
}

static void owner_check_restore(int saved)
{
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, saved);
}

static int open_hub(const char *path, git_repository **out, struct ggw_error *err)
{
	int saved = owner_check_off(), error;

	error = git_repository_open_ext(out, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	owner_check_restore(saved);
	if (error < 0)
		return repo_git_fail(err, GGW_ENET, _("无法打开中转仓库"));
	if (!git_repository_is_bare(*out)) {
		git_repository_free(*out);
		*out = NULL;
		return ggw_fail(err, GGW_EINVALID, _("%s 不是中转仓库（不是 bare 仓库）"), path);
	}
	return 0;
}

static int push_status_cb(const char *ref, const char *status, void *data)
{
	(void)ref;
	if (status)
		*(int *)data = 1;
	return 0;
}

int hub_local_push(struct repo *r, const char *path, const char *src, const char *dst,
		   struct ggw_error *err)
{
	git_remote *remote = NULL;
	git_push_options po;
	char spec[300], *specs[1] = { spec };
	git_strarray refspecs = { specs, 1 };
	int error, refused = 0, saved;

	snprintf(spec, sizeof(spec), "+%s:%s", src, dst);
	if (git_remote_create_anonymous(&remote, repo_git(r), path) < 0)
		return repo_git_fail(err, GGW_ENET, _("无法打开中转仓库"));
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.callbacks.push_update_reference = push_status_cb;
	po.callbacks.payload = &refused;
	saved = owner_check_off();
	error = git_remote_push(remote, &refspecs, &po);
	owner_check_restore(saved);
	if (error < 0)
		error = repo_git_fail(err, GGW_ENET, _("无法推送到中转仓库"));
	else if (refused)
		error = ggw_fail(err, GGW_ENET, _("中转仓库拒绝了推送"));
	git_remote_free(remote);
	return error;
}

int hub_local_fetch(struct repo *r, const char *path, const char *refspec,
		    struct ggw_error *err)
{
	git_remote *remote = NULL;
	git_fetch_options fo;
	char *specs[1] = { (char *)refspec };
	git_strarray refspecs = { specs, 1 };
	int error = 0, saved;

	if (git_remote_create_anonymous(&remote, repo_git(r), path) < 0)
		return repo_git_fail(err, GGW_ENET, _("无法打开中转仓库"));
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.prune = GIT_FETCH_NO_PRUNE;
	saved = owner_check_off();
	error = git_remote_fetch(remote, &refspecs, &fo, "ggw sync: side refs");
	owner_check_restore(saved);
	if (error < 0)
		error = repo_git_fail(err, GGW_ENET, _("无法从中转仓库接收"));
	git_remote_free(remote);
	return error;
}

int hub_local_main(const char *path, git_hex out, struct ggw_error *err)
{
	git_repository *hub = NULL;
	git_oid id;
	int error;

	out[0] = '\0';
	if ((error = open_hub(path, &hub, err)) < 0)
		return error;
	if (git_reference_name_to_id(&id, hub, "refs/heads/main") < 0)
		error = ggw_fail(err, GGW_ENOTFOUND, _("中转仓库 %s 还是空的"), path);
	else
		git_oid_tostr(out, sizeof(git_hex), &id);
	git_repository_free(hub);
	return error;
}

/* A commit git cannot parse must not be named by any reference of the
 * hub (every fetch from it would fail while listing references): its id
 * goes into a file of the hub's folder instead; the objects stay. */
static int keep_unparsable(git_repository *hub, const char *keep, const char *expected,
			   char *kept, size_t len, struct ggw_error *err)
{
	const char *base = strrchr(keep, '/');
	char dir[4096], line[64];
	int n;

	snprintf(dir, sizeof(dir), "%sggw-refused", git_repository_path(hub));
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return ggw_fail(err, GGW_EIO, _("无法在中转仓库里保存被拒绝的历史"));
	snprintf(kept, len, "%s/%s", dir, base ? base + 1 : keep);
	n = snprintf(line, sizeof(line), "%s\n", expected);
	return atomic_write(kept, line, (size_t)n, err);
}

int hub_local_reset_main(const char *path, const char *id, const char *expected,
			 const char *keep, char *kept, size_t len, struct ggw_error *err)
{
	git_repository *hub = NULL;
	git_reference *ref = NULL;
	git_commit *c = NULL;
	git_oid want, old;
	int error;

	if (git_oid_fromstr(&want, id) < 0 || git_oid_fromstr(&old, expected) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), id);
	if ((error = open_hub(path, &hub, err)) < 0)
		return error;
	snprintf(kept, len, "%s", keep);
	if (git_commit_lookup(&c, hub, &old) < 0) {
		if ((error = keep_unparsable(hub, keep, expected, kept, len, err)) < 0)
			goto done;
	} else if (git_reference_create(&ref, hub, keep, &old, 0, "ggw hub repair: refused history") < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法在中转仓库里保存被拒绝的历史"));
		goto done;
	}
	git_reference_free(ref);
	ref = NULL;
	error = git_reference_create_matching(&ref, hub, "refs/heads/main", &want, 1, &old,
					      "ggw hub repair");
	if (error == GIT_EMODIFIED)
		error = ggw_fail(err, GGW_ECONFLICT, _("中转仓库的 main 刚刚变了；请再运行一次"));
	else if (error < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法移动中转仓库的 main"));
done:
	git_commit_free(c);
	git_reference_free(ref);
	git_repository_free(hub);
	return error;
}

void gitp_ref_list_free(char **names, git_hex *ids, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	free(ids);
}

int gitp_ref_list(struct repo *r, const char *prefix, char ***names, git_hex **ids, size_t *n,
		  struct ggw_error *err)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	size_t cap = 0, plen = strlen(prefix);
	char glob[300];
	int error = 0;

	*names = NULL;
	*ids = NULL;
	*n = 0;
	snprintf(glob, sizeof(glob), "%s*", prefix);
	if (git_reference_iterator_glob_new(&it, repo_git(r), glob) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取引用"));
	while (error == 0 && git_reference_next(&ref, it) == 0) {
		const git_oid *id = git_reference_target(ref);

		if (id && !strncmp(git_reference_name(ref), prefix, plen)) {
			if (*n == cap) {
				size_t nc = cap ? cap * 2 : 8;
				char **nn = realloc(*names, nc * sizeof(*nn));
				git_hex *ni = nn ? realloc(*ids, nc * sizeof(*ni)) : NULL;

				if (nn)
					*names = nn;
				if (ni)
					*ids = ni;
				if (!nn || !ni)
					error = ggw_oom(err);
				cap = nc;
			}
			if (error == 0 && !((*names)[*n] = strdup(git_reference_name(ref))))
				error = ggw_oom(err);
			if (error == 0)
				git_oid_tostr((*ids)[(*n)++], sizeof(git_hex), id);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (error < 0) {
		gitp_ref_list_free(*names, *ids, *n);
		*names = NULL;
		*ids = NULL;
		*n = 0;
	}
	return error;
}

int gitp_delete_ref(struct repo *r, const char *name, struct ggw_error *err)
{
	git_reference *ref = NULL;
	int error = git_reference_lookup(&ref, repo_git(r), name);

	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0 || git_reference_delete(ref) < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法删除引用"));
	git_reference_free(ref);
	return error;
}

int hub_local_set_ref(const char *path, const char *ref, const char *id, struct ggw_error *err)
{
	git_repository *hub = NULL;
	git_reference *out = NULL;
	git_oid oid;
	int error;

	if (git_oid_fromstr(&oid, id) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), id);
	if ((error = open_hub(path, &hub, err)) < 0)
		return error;
	if (!id[0] || git_reference_create(&out, hub, ref, &oid, 1, "ggw hub repair") < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法移动中转仓库的 main"));
	git_reference_free(out);
	git_repository_free(hub);
	return error;
}

int hub_local_delete_ref(const char *path, const char *ref)
{
	git_repository *hub = NULL;
	git_reference *r = NULL;

	if (open_hub(path, &hub, NULL) < 0)
		return -1;
	if (git_reference_lookup(&r, hub, ref) == 0)
		git_reference_delete(r);
	git_reference_free(r);
	git_repository_free(hub);
	return 0;
}

/* The first "parent <hex>" line of commit id's raw header. */
static int raw_parent(git_repository *repo, const char *id, git_hex parent, struct ggw_error *err)
{
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	git_oid oid;
	int error;

	parent[0] = '\0';
	if (git_oid_fromstr(&oid, id) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), id);
	if (git_repository_odb(&odb, repo) < 0 || git_odb_read(&obj, odb, &oid) < 0 ||
	    git_odb_object_type(obj) != GIT_OBJECT_COMMIT) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
	} else {
		/* Only the header's "parent <hex>" line, read as text. */
		const char *data = git_odb_object_data(obj);
		size_t len = git_odb_object_size(obj);

		error = GGW_ENOTFOUND;
		for (size_t i = 0; i + 1 < len && data[i] != '\n';) {
			size_t e = i;

			while (e < len && data[e] != '\n')
				e++;
			if (e - i == 47 && !strncmp(data + i, "parent ", 7)) {
				memcpy(parent, data + i + 7, 40);
				parent[40] = '\0';
				error = 0;
				break;
			}
			i = e + 1;
		}
		if (error == GGW_ENOTFOUND)
			ggw_fail(err, GGW_ENOTFOUND, _("提交没有父提交"));
	}
	git_odb_object_free(obj);
	git_odb_free(odb);
	return error;
}

int hub_local_raw_parent(const char *path, const char *id, git_hex parent, struct ggw_error *err)
{
	git_repository *hub = NULL;
	int error;

	parent[0] = '\0';
	if ((error = open_hub(path, &hub, err)) < 0)
		return error;
	error = raw_parent(hub, id, parent, err);
	git_repository_free(hub);
	return error;
}

int gitp_raw_parent(struct repo *r, const char *id, git_hex parent, struct ggw_error *err)
{
	return raw_parent(repo_git(r), id, parent, err);
}
