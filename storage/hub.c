/* Hubs and other local repositories a sync reaches by path (see hub.h). */
#include "hub.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/i18n.h"
#include "repo_priv.h"

/* Open the repository at a path the user registered as a remote, with the
 * owner check off for this one call (a USB stick mounted with another
 * owner). */
static int open_registered(const char *path, git_repository **out, struct ggw_error *err)
{
	int saved = 1, error;

	if ((error = repo_lib_start(err)) < 0)
		return error;
	git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, &saved);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	error = git_repository_open_ext(out, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, saved);
	if (error < 0)
		return ggw_fail(err, GGW_ENOTFOUND, _("%s 不是 git 仓库"), path);
	return 0;
}

int transport_local_is_bare(const char *path, int *bare, struct ggw_error *err)
{
	git_repository *repo = NULL;
	int error;

	if ((error = open_registered(path, &repo, err)) < 0)
		return error;
	*bare = git_repository_is_bare(repo);
	git_repository_free(repo);
	return 0;
}

int transport_hub_init(const char *path, struct ggw_error *err)
{
	git_repository *repo = NULL;
	git_repository_init_options io;
	struct stat st;
	int error;

	if (stat(path, &st) == 0) {
		DIR *d;
		struct dirent *de;
		int empty = 1;

		if (!S_ISDIR(st.st_mode))
			return ggw_fail(err, GGW_EINVALID, _("%s 已存在且不是文件夹"), path);
		if (!(d = opendir(path)))
			return ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), path, strerror(errno));
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = 0;
		closedir(d);
		if (!empty)
			return ggw_fail(err, GGW_EINVALID,
					_("%s 不是空文件夹；请换一个新文件夹名（例如 U盘上的 ggw-hub.git）"), path);
	}
	if ((error = repo_lib_start(err)) < 0)
		return error;
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	io.initial_head = "main";
	if ((error = git_repository_init_ext(&repo, path, &io)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法新建中转仓库"));
	git_repository_free(repo);
	return 0;
}

int transport_copy_objects(struct repo *r, const char *src_path, const char *const *oids,
			   size_t n, size_t *copied, struct ggw_error *err)
{
	git_repository *src = NULL;
	git_odb *sodb = NULL, *dodb = NULL;
	int error;

	*copied = 0;
	if ((error = open_registered(src_path, &src, err)) < 0)
		return error;
	if ((error = repo_need_git(r, err)) < 0)
		goto done;
	if ((error = git_repository_odb(&sodb, src)) < 0 ||
	    (error = git_repository_odb(&dodb, r->git)) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法打开对象库"));
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		git_oid id, written;
		git_odb_object *obj = NULL;

		if (git_oid_fromstr(&id, oids[i]) < 0 || git_odb_read(&obj, sodb, &id) < 0)
			continue;
		if (git_odb_write(&written, dodb, git_odb_object_data(obj), git_odb_object_size(obj),
				  git_odb_object_type(obj)) == 0)
			(*copied)++;
		git_odb_object_free(obj);
	}
	error = 0;
done:
	git_odb_free(sodb);
	git_odb_free(dodb);
	git_repository_free(src);
	return error;
}
