/* Local hub references and repair (see hub_local.h). */
#include "hub_local.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "fsutil.h"
#include "hubpath.h"

static int open_hub(const char *path, git_repository **out, struct ggw_error *err)
{
	int error = hubpath_open(path, 1, out);

	if (error == GIT_EBAREREPO)
		return ggw_fail(err, GGW_EINVALID, _("%s 不是中转仓库（不是 bare 仓库）"), path);
	if (error < 0)
		return repo_git_fail(err, GGW_ENET, _("无法打开中转仓库"));
	return 0;
}

/* libgit2's words after a failed hubpath call, as transfer_child.c tells
 * them apart: objects that cannot be read are a damaged hub. */
static int path_fail(int error, const char *path, const char *what, struct ggw_error *err)
{
	const git_error *e = git_error_last();

	if (error == GIT_ENONFASTFORWARD)
		return ggw_fail(err, GGW_ECONFLICT, _("中转仓库的 main 刚刚变了；请再运行一次"));
	if (e && (e->klass == GIT_ERROR_ZLIB || e->klass == GIT_ERROR_ODB))
		return ggw_fail(err, GGW_EDAMAGED, _("中转仓库 %s 已损坏（%s）"), path,
				e->message ? e->message : "");
	return repo_git_fail(err, GGW_ENET, what);
}

int hub_local_push(struct repo *r, const char *path, const char *src, const char *dst,
		   struct ggw_error *err)
{
	char spec[300], *specs[1] = { spec };
	int error;

	snprintf(spec, sizeof(spec), "+%s:%s", src, dst);
	if ((error = hubpath_push(repo_git(r), path, specs, 1, NULL, NULL)) < 0)
		return path_fail(error, path, _("无法推送到中转仓库"), err);
	return 0;
}

/* A refused tip, said as the transfer child says it ("U" lines). */
static void note_unreadable(const char *ref, const git_oid *tip, const git_oid *bad,
			    const git_oid *readable, const char *why, void *data)
{
	struct transfer_result *tr = data;

	if (!tr || tr->nunreadable++)
		return;
	snprintf(tr->unreadable_ref, sizeof(tr->unreadable_ref), "%s", ref);
	git_oid_tostr(tr->unreadable_tip, sizeof(tr->unreadable_tip), tip);
	git_oid_tostr(tr->unreadable, sizeof(tr->unreadable), bad);
	if (git_oid_is_zero(readable))
		tr->readable[0] = '\0';
	else
		git_oid_tostr(tr->readable, sizeof(tr->readable), readable);
	snprintf(tr->unreadable_why, sizeof(tr->unreadable_why), "%s", why);
}

int hub_local_fetch_refused(struct repo *r, const char *path, const char *refspec,
			    struct transfer_result *tr, struct ggw_error *err)
{
	char spec[300], *specs[1] = { spec };
	int error;

	if (tr) {
		memset(tr, 0, sizeof(*tr));
		tr->kind = TK_OK;
	}
	snprintf(spec, sizeof(spec), "%s", refspec);
	if ((error = hubpath_fetch(repo_git(r), path, specs, 1, note_unreadable, tr, NULL)) < 0) {
		if (tr)
			tr->kind = TK_OTHER;
		return path_fail(error, path, _("无法从中转仓库接收"), err);
	}
	return 0;
}

int hub_local_fetch(struct repo *r, const char *path, const char *refspec,
		    struct ggw_error *err)
{
	return hub_local_fetch_refused(r, path, refspec, NULL, err);
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
	char *locked[1] = { (char *)keep };
	int error, turn;

	if (git_oid_fromstr(&want, id) < 0 || git_oid_fromstr(&old, expected) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), id);
	if ((error = open_hub(path, &hub, err)) < 0)
		return error;
	/* Pushers take turns on the hub (hubpath.h): the repair too. */
	turn = hubpath_take_turn(git_repository_path(hub), locked, 1, NULL);
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
	if (turn >= 0)
		close(turn);
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

int hub_local_set_aside_unparsable(const char *path, const char *prefix, const char *tag,
				   char *said, size_t len, struct ggw_error *err)
{
	git_repository *hub = NULL;
	git_reference_iterator *it = NULL;
	git_reference *ref;
	char glob[300], *none[1] = { NULL };
	int error, turn, n = 0;

	said[0] = '\0';
	if ((error = open_hub(path, &hub, err)) < 0)
		return error;
	turn = hubpath_take_turn(git_repository_path(hub), none, 0, NULL);
	snprintf(glob, sizeof(glob), "%s*", prefix);
	if (git_reference_iterator_glob_new(&it, hub, glob) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取引用"));
		goto done;
	}
	while (error == 0 && git_reference_next(&ref, it) == 0) {
		const git_oid *id = git_reference_target(ref);
		git_commit *c = NULL;
		char keep[200], kept[4200], hex[GIT_OID_HEXSZ + 1];
		const char *unit = git_reference_name(ref) + strlen(prefix);

		if (id && git_commit_lookup(&c, hub, id) < 0) {
			git_oid_tostr(hex, sizeof(hex), id);
			snprintf(keep, sizeof(keep), "refs/ggw/refused/%s-%s-%.10s", tag, unit, hex);
			if ((error = keep_unparsable(hub, keep, hex, kept, sizeof(kept), err)) == 0 &&
			    git_reference_delete(ref) < 0)
				error = repo_git_fail(err, GGW_EIO, _("无法删除引用"));
			if (error == 0 && n++ == 0)
				snprintf(said, len, "%s %.10s", unit, hex);
			else if (error == 0 && strlen(said) + strlen(unit) + 14 < len)
				snprintf(said + strlen(said), len - strlen(said), _("、%s %.10s"), unit, hex);
		}
		git_commit_free(c);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
done:
	if (turn >= 0)
		close(turn);
	git_repository_free(hub);
	return error < 0 ? error : n;
}
