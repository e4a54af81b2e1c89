/* One commit's objects made durable together (see objsync.h). */
#include "objsync.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "../model/i18n.h"
#include "repo_priv.h"

#define FANOUT 256

struct objset {
	git_oid *ids;
	size_t n, cap;
};

static int objset_add(struct objset *s, const git_oid *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (git_oid_equal(&s->ids[i], id))
			return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		git_oid *v = realloc(s->ids, cap * sizeof(*v));

		if (!v)
			return -1;
		s->ids = v;
		s->cap = cap;
	}
	git_oid_cpy(&s->ids[s->n++], id);
	return 0;
}

/* The trees on the way to path in tree, and path's own entry (absent for a
 * deleted path: nothing new there but the trees above it). */
static int add_path_objects(struct objset *s, git_tree *tree, const char *path)
{
	char prefix[PATH_MAX];
	size_t len = strlen(path);
	git_tree_entry *e = NULL;
	int error = 0;

	if (len >= sizeof(prefix))
		return 0;
	for (size_t i = 1; i <= len && error == 0; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = '\0';
		error = git_tree_entry_bypath(&e, tree, prefix);
		if (error == GIT_ENOTFOUND)
			return 0; /* removed from here down */
		if (error == 0)
			error = objset_add(s, git_tree_entry_id(e));
		git_tree_entry_free(e);
		e = NULL;
	}
	return error;
}

/* Start writeback of every loose file among ids, then wait for each: one
 * pass of waits instead of one full flush per object. Marks in touched[]
 * the fan-out folders that hold one. */
static int sync_loose(struct repo *r, const struct objset *s, const int *extra, size_t nextra,
		      unsigned char *touched, struct ggw_error *err)
{
	char path[PATH_MAX], hex[GIT_OID_HEXSZ + 1];
	int *fds = calloc(s->n ? s->n : 1, sizeof(int));
	int error = 0;

	if (!fds)
		return ggw_oom(err);
	for (size_t i = 0; i < s->n; i++) {
		git_oid_tostr(hex, sizeof(hex), &s->ids[i]);
		snprintf(path, sizeof(path), "%sobjects/%.2s/%s", r->gitdir, hex, hex + 2);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			if (errno != ENOENT)
				error = ggw_fail(err, GGW_EIO, _("无法把提交写入磁盘：%s"), strerror(errno));
			continue; /* in a pack: durable since it came */
		}
		touched[s->ids[i].id[0]] = 1;
		(void)sync_file_range(fds[i], 0, 0, SYNC_FILE_RANGE_WRITE); /* a hint only */
	}
	for (size_t i = 0; i < nextra; i++)
		(void)sync_file_range(extra[i], 0, 0, SYNC_FILE_RANGE_WRITE);
	for (size_t i = 0; error == 0 && i < nextra; i++)
		if (fdatasync(extra[i]) < 0)
			error = ggw_fail(err, GGW_EIO, _("无法把提交写入磁盘：%s"), strerror(errno));
	for (size_t i = 0; i < s->n; i++) {
		if (fds[i] < 0)
			continue;
		if (error == 0 && fdatasync(fds[i]) < 0)
			error = ggw_fail(err, GGW_EIO, _("无法把提交写入磁盘：%s"), strerror(errno));
		close(fds[i]);
	}
	free(fds);
	return error;
}

static int fsync_folder(const char *dir, struct ggw_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return ggw_fail(err, GGW_EIO, _("无法把提交写入磁盘：%s"), strerror(errno));
	rc = fsync(fd);
	if (rc < 0 && errno != EINVAL && errno != ENOTSUP)
		rc = ggw_fail(err, GGW_EIO, _("无法把提交写入磁盘：%s"), strerror(errno));
	else
		rc = 0;
	close(fd);
	return rc;
}

/* Was the folder made at or after since (its birth time; 1 s of margin for
 * the file system's coarse clock)? 1 also when the birth time is unknown. */
static int made_since(const char *dir, const struct timespec *since)
{
	struct statx stx;

	if (statx(AT_FDCWD, dir, AT_SYMLINK_NOFOLLOW, STATX_BTIME, &stx) < 0 ||
	    !(stx.stx_mask & STATX_BTIME))
		return 1;
	return (long long)stx.stx_btime.tv_sec >= (long long)since->tv_sec - 1;
}

int objsync_commit(struct repo *r, const git_oid *commit, git_tree *tree,
		   const char *const *paths, size_t npaths, const struct timespec *since,
		   const int *extra, size_t nextra, struct ggw_error *err)
{
	struct objset s = { 0 };
	unsigned char touched[FANOUT] = { 0 };
	char dir[PATH_MAX];
	int error = 0, new_folder = 0;

	if (objset_add(&s, commit) < 0 || objset_add(&s, git_tree_id(tree)) < 0)
		error = ggw_oom(err);
	for (size_t i = 0; error == 0 && i < npaths; i++)
		if (add_path_objects(&s, tree, paths[i]) < 0)
			error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
	if (error == 0)
		error = sync_loose(r, &s, extra, nextra, touched, err);
	for (int k = 0; error == 0 && k < FANOUT; k++) {
		if (!touched[k])
			continue;
		snprintf(dir, sizeof(dir), "%sobjects/%02x", r->gitdir, k);
		error = fsync_folder(dir, err);
		new_folder |= made_since(dir, since);
	}
	/* A fan-out folder made now is itself a new entry of objects/. */
	if (error == 0 && new_folder) {
		snprintf(dir, sizeof(dir), "%sobjects", r->gitdir);
		error = fsync_folder(dir, err);
	}
	free(s.ids);
	return error;
}
