/* The records repository in git, through libgit2 1.5.1. */
#include "repo_priv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/repository.h>

#include "../model/i18n.h"
#include "clonemark.h"
#include "confread.h"
#include "git2lazy.h"
#include "fsutil.h"
#include "objsync.h"
#include "tlsca.h"

#define LOCK_POLL_MS 50
#define WALK_MAX_DEPTH 32

int repo_git_fail(struct ggw_error *err, int code, const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = (e && e->message && *e->message) ? e->message : _("未知错误");

	/* A full disk says so, whatever libgit2 was doing (strerror's words
	 * follow the locale). */
	if (strstr(msg, strerror(ENOSPC)) || strstr(msg, "No space left"))
		return ggw_fail(err, GGW_EIO, _("%s：磁盘已满，请腾出空间后再试（%s）"), what, msg);
	return ggw_fail(err, code, _("%s：%s"), what, msg);
}

const char *repo_workdir(const struct repo *r)
{
	return r->workdir;
}

const char *repo_gitdir(const struct repo *r)
{
	return r->gitdir;
}

struct git_repository *repo_git(const struct repo *r)
{
	/* Opening on first use changes no state a caller can see. */
	if (repo_need_git((struct repo *)r, NULL) < 0)
		return NULL;
	return r->git;
}

int repo_lock_held(const struct repo *r)
{
	return r->lock_fd >= 0;
}

/* git_libgit2_init parses the whole CA bundle (mbedTLS, about 10 ms), so
 * libgit2 starts on first use: a command served from the work tree and the
 * cache never starts it. */
static int lib_started;

int repo_global_init(struct ggw_error *err)
{
	(void)err;
	return 0;
}

int repo_lib_start(struct ggw_error *err)
{
	int error;

	if (lib_started)
		return 0;
	/* The ggw program loads libgit2 here, on first use (git2lazy.h). */
	if (git2lazy_load && (error = git2lazy_load(err)) < 0)
		return error;
	tlsca_skip(1); /* the CA bundle waits for an http(s) remote */
	error = git_libgit2_init();
	tlsca_skip(0);
	if (error < 0)
		return repo_git_fail(err, GGW_EIO, _("无法初始化 libgit2"));
	lib_started = 1;
	/* Objects, packs and refs reach the disk before a commit returns: the
	 * machines at the units lose power without warning. Owner validation
	 * stays on here; the sync code decides about foreign-owned USB sticks. */
	if ((error = git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法初始化 libgit2"));
	return 0;
}

void repo_global_shutdown(void)
{
	if (lib_started)
		git_libgit2_shutdown();
	lib_started = 0;
}

int repo_need_git(struct repo *r, struct ggw_error *err)
{
	git_repository *g = NULL;
	int error;

	if (r->git)
		return 0;
	if ((error = repo_lib_start(err)) < 0)
		return error;
	if (git_repository_open_ext(&g, r->workdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法打开台账仓库"));
	r->git = g;
	return 0;
}

/* malloc'd copy of s ending in exactly one '/'. */
static char *dup_with_slash(const char *s)
{
	size_t n = strlen(s);
	char *p;

	while (n > 1 && s[n - 1] == '/')
		n--;
	p = malloc(n + 2);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	if (n == 1 && s[0] == '/') {
		p[1] = '\0';
		return p;
	}
	p[n] = '/';
	p[n + 1] = '\0';
	return p;
}

/* Wrap an opened libgit2 repository; takes ownership of g (freed on error). */
static int repo_wrap(git_repository *g, struct repo **out, struct ggw_error *err)
{
	struct repo *r = calloc(1, sizeof(*r));
	const char *workdir = git_repository_workdir(g);
	const char *gitdir = git_repository_path(g);

	if (!r)
		goto nomem;
	r->git = g;
	r->lock_fd = -1;
	r->workdir = dup_with_slash(workdir ? workdir : gitdir);
	r->gitdir = dup_with_slash(gitdir);
	if (!r->workdir || !r->gitdir)
		goto nomem;
	*out = r;
	return 0;
nomem:
	if (r) {
		free(r->workdir);
		free(r->gitdir);
		free(r);
	}
	git_repository_free(g);
	return ggw_oom(err);
}

void repo_drop_caches(struct repo *r)
{
	/* Its packs' mapped windows, their offset tables and the object cache
	 * are loaded again on the next use. */
	if (r && r->git)
		git_repository__cleanup(r->git);
}

void repo_close(struct repo *r)
{
	if (!r)
		return;
	repo_unlock(r);
	repo_set_signer(r, NULL, NULL, NULL);
	if (r->git) /* never opened: libgit2 need not be loaded to say so */
		git_repository_free(r->git);
	free(r->workdir);
	free(r->gitdir);
	free(r);
}

/* libgit2 1.5.1 reports a repository owned by another user as GIT_ENOTFOUND
 * ("config value 'safe.directory' was not found") when no safe.directory is
 * configured anywhere, instead of GIT_EOWNER. git_repository_discover does
 * not check ownership: if it finds a repository whose git folder or work
 * tree belongs to someone else, that was the reason. */
static int found_foreign_repo(const char *dir)
{
	git_buf found = { 0 };
	struct stat st;
	uid_t me = geteuid();
	int foreign = 0;
	char *slash;

	if (git_repository_discover(&found, dir, 0, NULL) < 0)
		return 0;
	if (stat(found.ptr, &st) == 0 && st.st_uid != me)
		foreign = 1;
	/* The work tree: found is "<workdir>/.git/" for a normal repository. */
	if (!foreign && found.size > 6 && strcmp(found.ptr + found.size - 6, "/.git/") == 0) {
		slash = found.ptr + found.size - 5;
		*slash = '\0';
		if (stat(found.ptr, &st) == 0 && st.st_uid != me)
			foreign = 1;
	}
	git_buf_dispose(&found);
	return foreign;
}

/* 1 if dir/name exists and is a folder (want_dir) or a regular file. */
static int has_entry(const char *dir, const char *name, int want_dir)
{
	char path[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
	    stat(path, &st) != 0)
		return 0;
	return want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
}

/* What libgit2 1.5.1 takes for a git folder (is_valid_repository_path),
 * less linked work trees (a commondir file), which are left to libgit2. */
static int plain_git_folder(const char *dir)
{
	return has_entry(dir, "HEAD", 0) && has_entry(dir, "objects", 1) &&
	       has_entry(dir, "refs", 1) && !has_entry(dir, "commondir", 0);
}

/* 1 if the repository configuration may move the work tree, mark the
 * repository bare, include other files or need an extension: libgit2
 * decides those. */
static int config_needs_libgit2(const char *gitdir)
{
	char path[PATH_MAX], line[512];
	FILE *f;
	int needs = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/config", gitdir) >= sizeof(path))
		return 1;
	if (!(f = fopen(path, "re")))
		return errno != ENOENT;
	while (!needs && fgets(line, sizeof(line), f)) {
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strcasestr(p, "worktree") || strcasestr(p, "include") ||
		    strcasestr(p, "extensions"))
			needs = 1;
		else if (!strncasecmp(p, "bare", 4) && !strcasestr(p, "false"))
			needs = 1;
	}
	fclose(f);
	return needs;
}

/* The common case found without starting libgit2: dir or a folder above it
 * holds a .git folder, on the same file system, owned by this user, with a
 * plain configuration. Then workdir gets that folder with a trailing '/'
 * and 1 is returned. Anything else (a .git file, a bare repository on the
 * way, another file system or owner, nothing found) is 0: libgit2 decides,
 * with its own messages. Same search order as libgit2's find_repo. */
static int find_plain(const char *dir, char *workdir, size_t size)
{
	char p[PATH_MAX], gitdir[PATH_MAX + 8];
	struct stat st, wt;
	dev_t dev;
	char *slash;

	if (!realpath(dir, p) || stat(p, &st) != 0)
		return 0;
	dev = st.st_dev;
	while (strcmp(p, "/")) {
		snprintf(gitdir, sizeof(gitdir), "%s/.git", p);
		if (stat(gitdir, &st) == 0) {
			if (st.st_dev != dev || !S_ISDIR(st.st_mode))
				return 0;
			if (plain_git_folder(gitdir)) {
				if (stat(p, &wt) != 0 || wt.st_uid != geteuid() || st.st_uid != geteuid() ||
				    config_needs_libgit2(gitdir) ||
				    (size_t)snprintf(workdir, size, "%s/", p) >= size)
					return 0;
				return 1;
			}
		}
		if (stat(p, &st) != 0 || st.st_dev != dev || plain_git_folder(p))
			return 0;
		slash = strrchr(p, '/');
		if (slash == p)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	return 0;
}

int repo_clone_unfinished(const char *dir)
{
	char gitdir[PATH_MAX];

	return path_join(gitdir, sizeof(gitdir), dir, ".git/") == 0 &&
	       clonemark_state(gitdir) == CLONE_CUT;
}

/* A clone whose files are written and whose flush was cut short (its
 * process died) is finished by the first opener that finds the lock free.
 * state: r's, as the opener read it. */
static int settle_clone(struct repo *r, enum clone_state state, struct repo **out,
			struct ggw_error *err)
{
	int error;

	if (state != CLONE_FLUSHING ||
	    (error = clonemark_settle_if_free(r, err)) == 0) {
		*out = r;
		return 0;
	}
	*out = NULL;
	repo_close(r);
	return error;
}

static int refuse_unfinished(const char *workdir, struct ggw_error *err)
{
	return ggw_fail(err, GGW_EDAMAGED,
			_("%s 里的台账没有复制完（复制中途被打断）。请再运行一次 ggw clone，复制到同一个文件夹即可（没复制完的那份会先被清掉）。"),
			workdir);
}

static int open_with_libgit2(const char *dir, struct repo **out, struct ggw_error *err)
{
	enum clone_state state;
	struct repo *r;
	git_repository *g = NULL;
	char path[PATH_MAX];
	struct stat st;
	const char *workdir;
	int error;

	if ((error = repo_lib_start(err)) < 0)
		return error;
	error = git_repository_open_ext(&g, dir, 0, NULL);
	if (error == GIT_ENOTFOUND && found_foreign_repo(dir))
		error = GIT_EOWNER;
	if (error == GIT_ENOTFOUND)
		return ggw_fail(err, GGW_ENOTFOUND,
				_("这里不是 ggw 台账：%s（不在任何 git 仓库里）。用 ggw init 新建台账，或用 -C 指定台账所在的文件夹。"),
				dir);
	if (error == GIT_EOWNER)
		return ggw_fail(err, GGW_EDENIED,
				_("台账文件夹 %s 属于另一个用户，git 拒绝打开。请用 chown 把它改为当前用户所有，或以该用户的身份运行 ggw。"),
				dir);
	if (error < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法打开台账仓库"));

	workdir = git_repository_workdir(g);
	if (git_repository_is_bare(g) || !workdir) {
		error = ggw_fail(err, GGW_ENOTFOUND,
				 _("%s 是没有工作区的（bare）git 仓库，只能用作同步中转，不能当台账打开。请用 ggw clone 复制一份台账。"),
				 git_repository_path(g));
		git_repository_free(g);
		return error;
	}
	if ((state = clonemark_state(git_repository_path(g))) == CLONE_CUT) {
		error = refuse_unfinished(workdir, err);
		git_repository_free(g);
		return error;
	}
	if ((size_t)snprintf(path, sizeof(path), "%sunits.yaml", workdir) >= sizeof(path) ||
	    stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		error = ggw_fail(err, GGW_ENOTFOUND,
				 _("这里不是 ggw 台账：%s（没有 units.yaml）。用 ggw init 新建台账，或用 -C 指定台账所在的文件夹。"),
				 workdir);
		git_repository_free(g);
		return error;
	}
	if ((error = repo_wrap(g, &r, err)) < 0)
		return error;
	return settle_clone(r, state, out, err);
}


int repo_open(const char *dir, struct repo **out, struct ggw_error *err)
{
	char workdir[PATH_MAX], path[PATH_MAX + 16];
	enum clone_state state;
	struct repo *r;
	struct stat st;

	*out = NULL;
	if (!find_plain(dir, workdir, sizeof(workdir)))
		return open_with_libgit2(dir, out, err);
	snprintf(path, sizeof(path), "%s.git/", workdir);
	if ((state = clonemark_state(path)) == CLONE_CUT)
		return refuse_unfinished(workdir, err);
	snprintf(path, sizeof(path), "%sunits.yaml", workdir);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return ggw_fail(err, GGW_ENOTFOUND,
				_("这里不是 ggw 台账：%s（没有 units.yaml）。用 ggw init 新建台账，或用 -C 指定台账所在的文件夹。"),
				workdir);
	/* libgit2's handle is opened by repo_need_git, on first use. */
	snprintf(path, sizeof(path), "%s.git/", workdir);
	if (!(r = calloc(1, sizeof(*r))) || !(r->workdir = strdup(workdir)) ||
	    !(r->gitdir = strdup(path))) {
		if (r)
			free(r->workdir);
		free(r);
		return ggw_oom(err);
	}
	r->lock_fd = -1;
	return settle_clone(r, state, out, err);
}

/* mkdir -p path (mode 0777 less umask). */
static int make_dirs(const char *path, struct ggw_error *err)
{
	char buf[PATH_MAX];
	size_t n = strlen(path), i;

	if (n == 0 || n >= sizeof(buf))
		return ggw_fail(err, GGW_EINVALID, _("文件夹路径无效：%s"), path);
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return ggw_fail(err, GGW_EIO, _("无法创建文件夹 %s：%s"), buf, strerror(errno));
		buf[i] = path[i];
	}
	return 0;
}

/* 1 if dir has no entries, 0 if it has some, <0 on error. */
static int dir_is_empty(const char *dir, struct ggw_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int empty = 1;

	if (!d)
		return ggw_fail(err, errno == ENOTDIR ? GGW_EINVALID : GGW_EIO,
				_("无法读取文件夹 %s：%s"), dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

int repo_init(const char *dir, struct repo **out, struct ggw_error *err)
{
	git_repository_init_options opts;
	git_repository *g = NULL;
	int error;

	*out = NULL;
	/* The functions, not the _INIT macros: those trip
	 * -Wmissing-field-initializers. */
	if ((error = repo_lib_start(err)) < 0)
		return error;
	if ((error = git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法新建台账仓库"));
	if ((error = make_dirs(dir, err)) < 0)
		return error;
	if ((error = dir_is_empty(dir, err)) < 0)
		return error;
	if (error == 0)
		return ggw_fail(err, GGW_EINVALID,
				_("文件夹 %s 不是空的，不能在这里新建台账。请换一个空文件夹或一个还不存在的文件夹。"),
				dir);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "main";
	if ((error = git_repository_init_ext(&g, dir, &opts)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法新建台账仓库"));
	return repo_wrap(g, out, err);
}

/* Every clone goes through here, so the sync code can add credentials and
 * certificate callbacks to opts in one place. */
static int clone_with(git_repository **g, const char *url, const char *dir,
		      git_clone_options *opts)
{
	int error;

	opts->checkout_branch = "main";
	/* Ledger files are checked out byte for byte (no eol or filter
	 * attributes apply to them): without this, libgit2 looks up the
	 * attributes of every file, two realpath() calls each. */
	opts->checkout_opts.disable_filters = 1;
	error = git_clone(g, url, dir, opts);
	if (error == GIT_ENOTFOUND) {
		/* No branch main on the remote: take its HEAD. A failed clone
		 * has already removed what it created in dir. */
		opts->checkout_branch = NULL;
		error = git_clone(g, url, dir, opts);
	}
	return error;
}

static int clone_unreadable(void)
{
	const git_error *e = git_error_last();

	return e && (e->klass == GIT_ERROR_INVALID || e->klass == GIT_ERROR_OBJECT ||
		     e->klass == GIT_ERROR_ODB || e->klass == GIT_ERROR_ZLIB);
}

int repo_clone(const char *url, const char *dir, struct repo **out, struct ggw_error *err)
{
	return repo_clone_flags(url, dir, 0, out, err);
}

int repo_clone_flags(const char *url, const char *dir, unsigned flags, struct repo **out,
		     struct ggw_error *err)
{
	git_clone_options opts;
	git_repository *g = NULL;
	int error;

	*out = NULL;
	if ((error = repo_lib_start(err)) < 0 || (error = tlsca_for_url(url, err)) < 0)
		return error;
	if ((error = git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION)) == 0) {
		if (flags & REPO_CLONE_NO_CHECKOUT)
			opts.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
		error = clone_with(&g, url, dir, &opts);
	}
	if (error < 0) {
		int code;

		switch (error) {
		case GIT_ENOTFOUND:
			/* libgit2's words here are English and name no remedy. */
			return ggw_fail(err, GGW_ENOTFOUND,
					_("无法复制台账：%s 不是台账仓库（请检查地址，或用 ggw hub init 新建中转仓库）"),
					url);
		case GIT_EEXISTS:
			code = GGW_EINVALID;
			break;
		case GIT_EOWNER:
			code = GGW_EDENIED;
			break;
		case GIT_EAUTH:
		case GIT_ECERTIFICATE:
			/* ssh: git_clone has no key or host key callback
			 * here; the transfer child does, and says what to
			 * do (records/sync_clone.h). */
			code = GGW_EDENIED;
			break;
		default:
			/* A history libgit2 cannot read (a commit it cannot
			 * parse, a damaged object): the caller may copy it
			 * another way (records/sync_clone.h). */
			code = clone_unreadable() ? GGW_EDAMAGED : GGW_ENET;
			break;
		}
		return repo_git_fail(err, code, _("无法复制台账"));
	}
	return repo_wrap(g, out, err);
}

/* ---- an unfinished clone ---- */

int repo_clone_mark_unfinished(struct repo *r, struct ggw_error *err)
{
	return clonemark_begin(r->gitdir, err);
}

int repo_clone_finish(struct repo *r, struct ggw_error *err)
{
	return clonemark_finish(r, err);
}

int repo_clone_finish_deferred(void)
{
	return clonemark_can_defer();
}

/* ---- lock ---- */

static void report_removed(const char *path, void (*notice)(const char *, void *), void *data)
{
	char line[PATH_MAX + 128];

	if (!notice)
		return;
	snprintf(line, sizeof(line), _("已清除上次异常退出留下的锁文件 %s"), path);
	notice(line, data);
}

static int remove_stale(const char *path, void (*notice)(const char *, void *), void *data,
			struct ggw_error *err)
{
	if (unlink(path) == 0) {
		report_removed(path, notice, data);
		return 0;
	}
	if (errno == ENOENT)
		return 0;
	return ggw_fail(err, GGW_EIO, _("无法删除残留的锁文件 %s：%s"), path, strerror(errno));
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Remove, under dir, regular files whose name matches: "*.lock" when
 * want_lock, "tmp_obj*" otherwise (git's tmp_obj_XXXXXX and libgit2's
 * tmp_object_git2_XXXXXX). Does not follow symbolic links. */
static int sweep_dir(const char *dir, int want_lock, int depth,
		     void (*notice)(const char *, void *), void *data, struct ggw_error *err)
{
	DIR *d;
	struct dirent *de;
	char path[PATH_MAX];
	struct stat st;
	int error = 0;

	if (depth > WALK_MAX_DEPTH)
		return 0;
	d = opendir(dir);
	if (!d)
		return 0; /* absent folders (no refs/tags yet) are fine */
	while (error == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		int match = want_lock ? has_suffix(de->d_name, ".lock")
				      : strncmp(de->d_name, "tmp_obj", 7) == 0;

		/* Every object file is listed here: only a folder or a name
		 * that matches is worth a stat. */
		if (!match && de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path))
			continue;
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			error = sweep_dir(path, want_lock, depth + 1, notice, data, err);
			continue;
		}
		if (S_ISREG(st.st_mode) && match)
			error = remove_stale(path, notice, data, err);
	}
	closedir(d);
	return error;
}

/* Called only while holding ggw's flock, so no other ggw is writing. A plain
 * `git` command run by hand at the same moment is not covered by the flock:
 * running one while ggw works is the user's responsibility. */
static int remove_stale_git_locks(struct repo *r, void (*notice)(const char *, void *),
				  void *data, struct ggw_error *err)
{
	static const char *const top[] = {
		"index.lock", "HEAD.lock", "config.lock", "packed-refs.lock",
	};
	char path[PATH_MAX];
	size_t i;
	int error;

	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", r->gitdir, top[i]);
		if ((error = remove_stale(path, notice, data, err)) < 0)
			return error;
	}
	snprintf(path, sizeof(path), "%srefs", r->gitdir);
	if ((error = sweep_dir(path, 1, 0, notice, data, err)) < 0)
		return error;
	snprintf(path, sizeof(path), "%sobjects", r->gitdir);
	return sweep_dir(path, 0, 0, notice, data, err);
}

int repo_lock(struct repo *r, int wait_ms, void (*notice)(const char *msg, void *data),
	      void *data, struct ggw_error *err)
{
	char path[PATH_MAX], pid[32];
	struct timespec pause = { 0, LOCK_POLL_MS * 1000000L };
	int fd, waited = 0, error, n;

	if (r->lock_fd >= 0)
		return 0; /* nested: already ours */
	snprintf(path, sizeof(path), "%sggw", r->gitdir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return ggw_fail(err, GGW_EIO, _("无法创建文件夹 %s：%s"), path, strerror(errno));
	snprintf(path, sizeof(path), "%sggw/lock", r->gitdir);
	fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0666);
	if (fd < 0)
		return ggw_fail(err, GGW_EIO, _("无法打开锁文件 %s：%s"), path, strerror(errno));
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			error = ggw_fail(err, GGW_EIO, _("无法锁定 %s：%s"), path, strerror(errno));
			close(fd);
			return error;
		}
		/* A clone's flush holds the lock for as long as the disk takes. */
		if (waited >= wait_ms && clonemark_state(r->gitdir) != CLONE_FLUSHING) {
			close(fd);
			return ggw_fail(err, GGW_ELOCKED,
					_("另一个 ggw 正在使用这个台账（%s），请稍后再试。"), r->workdir);
		}
		nanosleep(&pause, NULL);
		waited += LOCK_POLL_MS;
	}
	r->lock_fd = fd;
	if (clonemark_state(r->gitdir) == CLONE_FLUSHING &&
	    (error = clonemark_settle_locked(r, err)) < 0) {
		repo_unlock(r);
		return error;
	}
	/* The pid is only for people looking at the file; the flock decides. */
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) < 0) {
		/* informative only */
	}
	if ((error = remove_stale_git_locks(r, notice, data, err)) < 0) {
		repo_unlock(r);
		return error;
	}
	return 0;
}

void repo_unlock(struct repo *r)
{
	if (r && r->lock_fd >= 0) {
		close(r->lock_fd); /* closing drops the flock */
		r->lock_fd = -1;
	}
}

/* ---- config ---- */

int repo_config_get(struct repo *r, const char *name, char **out, struct ggw_error *err)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *value = NULL;
	int error;

	*out = NULL;
	/* Most commands read a setting or two: without libgit2 if the files
	 * are plain. */
	if (!r->git && (error = confread_get(r->gitdir, name, out)) >= 0)
		return 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	/* All levels, so user.name from ~/.gitconfig is seen. */
	if ((error = git_repository_config(&cfg, r->git)) < 0 ||
	    (error = git_config_snapshot(&snap, cfg)) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取仓库配置"));
		goto done;
	}
	error = git_config_get_string(&value, snap, name);
	if (error == GIT_ENOTFOUND) {
		error = 0;
		goto done;
	}
	if (error < 0) {
		error = repo_git_fail(err, error == GIT_EINVALIDSPEC ? GGW_EINVALID : GGW_EDAMAGED,
				      _("无法读取仓库配置"));
		goto done;
	}
	*out = strdup(value);
	if (!*out)
		error = ggw_oom(err);
done:
	git_config_free(snap);
	git_config_free(cfg);
	return error;
}

static int open_local_config(struct repo *r, git_config **local, struct ggw_error *err)
{
	git_config *cfg = NULL;
	int error;

	*local = NULL;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((error = git_repository_config(&cfg, r->git)) < 0 ||
	    (error = git_config_open_level(local, cfg, GIT_CONFIG_LEVEL_LOCAL)) < 0)
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法打开仓库配置"));
	git_config_free(cfg);
	return error;
}

int repo_config_set(struct repo *r, const char *name, const char *value, struct ggw_error *err)
{
	git_config *local = NULL;
	int error;

	if ((error = open_local_config(r, &local, err)) < 0)
		return error;
	if ((error = git_config_set_string(local, name, value)) < 0)
		error = repo_git_fail(err, error == GIT_EINVALIDSPEC ? GGW_EINVALID : GGW_EIO,
				      _("无法写入仓库配置"));
	git_config_free(local);
	return error;
}

int repo_config_unset(struct repo *r, const char *name, struct ggw_error *err)
{
	git_config *local = NULL;
	int error;

	if ((error = open_local_config(r, &local, err)) < 0)
		return error;
	error = git_config_delete_entry(local, name);
	if (error == GIT_ENOTFOUND)
		error = 0;
	else if (error < 0)
		error = repo_git_fail(err, error == GIT_EINVALIDSPEC ? GGW_EINVALID : GGW_EIO,
				      _("无法写入仓库配置"));
	git_config_free(local);
	return error;
}

/* ---- commit ---- */


/* A repository-relative path ggw may stage: not empty, not absolute, no
 * empty, "." or ".." component, nothing inside .git. */
static int path_is_plain(const char *path)
{
	const char *p = path, *end;
	size_t n;

	if (!*path || *path == '/')
		return 0;
	while (*p) {
		end = strchr(p, '/');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.') ||
		    (n == 4 && strncasecmp(p, ".git", 4) == 0))
			return 0;
		p += n;
		if (*p == '/')
			p++;
		if (end && !*p)
			return 0; /* trailing slash */
	}
	return 1;
}

/* HEAD's commit id; 1 if found, 0 if HEAD is unborn, <0 on error. */
static int head_id(git_repository *g, git_oid *id)
{
	int error = git_reference_name_to_id(id, g, "HEAD");

	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return 0;
	return error < 0 ? error : 1;
}

/* The repository's index, refreshed from disk (a `git` command may have
 * changed it). libgit2 never fsyncs the index, so a power cut can leave it
 * empty or torn; then it is rebuilt from HEAD's tree. That drops only what
 * was staged by hand: the work tree and the history are untouched, and the
 * caller stages its own paths next. Runs under ggw's lock. */
static int load_index(struct repo *r, git_index **out, struct ggw_error *err)
{
	git_index *index = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	const git_error *e;
	char path[PATH_MAX];
	git_oid id;
	int error;

	*out = NULL;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	error = git_repository_index(&index, r->git);
	if (error == 0)
		error = git_index_read(index, 0);
	if (error == 0) {
		*out = index;
		return 0;
	}
	e = git_error_last();
	if (!e || e->klass != GIT_ERROR_INDEX) {
		git_index_free(index);
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取暂存区"));
	}
	snprintf(path, sizeof(path), "%sindex", r->gitdir);
	if (unlink(path) != 0 && errno != ENOENT) {
		git_index_free(index);
		return ggw_fail(err, GGW_EIO, _("无法删除损坏的暂存区 %s：%s"), path, strerror(errno));
	}
	/* With the file gone, a forced read empties a cached index. */
	if ((!index && (error = git_repository_index(&index, r->git)) < 0) ||
	    (error = git_index_read(index, 1)) < 0)
		goto fail;
	if ((error = head_id(r->git, &id)) < 0)
		goto fail;
	if (error == 1 &&
	    ((error = git_commit_lookup(&head, r->git, &id)) < 0 ||
	     (error = git_commit_tree(&tree, head)) < 0 ||
	     (error = git_index_read_tree(index, tree)) < 0))
		goto fail;
	git_tree_free(tree);
	git_commit_free(head);
	*out = index;
	return 0;
fail:
	error = repo_git_fail(err, GGW_EDAMAGED, _("无法重建暂存区"));
	git_tree_free(tree);
	git_commit_free(head);
	git_index_free(index);
	return error;
}

/* What one commit writes: paths[], and for repo_commit_files their new
 * bytes (data[i] NULL: the caller removed the file, or for
 * repo_commit_paths data NULL: every file is in the work tree already). */
struct commit_job {
	const char *const *paths;
	const char *const *data;
	const size_t *lens;
	size_t n;
	struct staged_file *staged; /* n of them, for data */
	git_tree_update *upd;
	size_t nupd;
};

/* The blob of data as `git add` would make it from path (filters applied). */
static int blob_from_data(struct repo *r, const char *path, const char *data, size_t len,
			  git_oid *id)
{
	git_filter_list *fl = NULL;
	git_buf out = { 0 };
	int error;

	if ((error = git_filter_list_load(&fl, r->git, NULL, path, GIT_FILTER_TO_ODB,
					  GIT_FILTER_DEFAULT)) < 0)
		return error;
	if (!fl)
		return git_blob_create_from_buffer(id, r->git, data, len);
	if ((error = git_filter_list_apply_to_buffer(&out, fl, data, len)) == 0)
		error = git_blob_create_from_buffer(id, r->git, out.ptr, out.size);
	git_buf_dispose(&out);
	git_filter_list_free(fl);
	return error;
}

/* Path i of the work tree as it is now: staged in the index, and the tree
 * update it makes (an upsert, or the removal of a path the parent has). */
static int stage_from_workdir(struct repo *r, git_index *index, git_tree *parent_tree,
			      struct commit_job *job, size_t i, const char *full,
			      struct ggw_error *err)
{
	const char *path = job->paths[i];
	git_tree_update *u = &job->upd[job->nupd];
	git_tree_entry *old = NULL;
	const git_index_entry *e;
	struct stat st;
	int error;

	memset(u, 0, sizeof(*u));
	if (lstat(full, &st) == 0) {
		/* The blob as `git add` makes it, written with the rest of the
		 * commit's objects. */
		if (git_index_add_bypath(index, path) < 0 || !(e = git_index_get_bypath(index, path, 0)))
			return repo_git_fail(err, GGW_EIO, _("无法暂存文件"));
		u->action = GIT_TREE_UPDATE_UPSERT;
		git_oid_cpy(&u->id, &e->id);
		u->filemode = (git_filemode_t)e->mode;
		u->path = path;
		job->nupd++;
		return 0;
	}
	if (errno != ENOENT && errno != ENOTDIR)
		return ggw_fail(err, GGW_EIO, _("无法读取文件 %s：%s"), full, strerror(errno));
	error = git_index_remove_bypath(index, path);
	if (error < 0 && error != GIT_ENOTFOUND)
		return repo_git_fail(err, GGW_EIO, _("无法暂存文件"));
	if (!parent_tree || git_tree_entry_bypath(&old, parent_tree, path) < 0)
		return 0; /* not in the parent either: nothing to remove */
	error = git_tree_entry_type(old) == GIT_OBJECT_BLOB;
	git_tree_entry_free(old);
	if (error) {
		u->action = GIT_TREE_UPDATE_REMOVE;
		u->path = path;
		job->nupd++;
	}
	return 0;
}

/* Every path of the job: written beside its place (data) or taken from the
 * work tree. A path given twice counts once. */
static int stage_paths(struct repo *r, git_index *index, git_tree *parent_tree,
		       struct commit_job *job, struct ggw_error *err)
{
	char full[PATH_MAX];
	int error;

	job->nupd = 0;
	for (size_t i = 0; i < job->n; i++) {
		const char *path = job->paths[i];
		git_tree_update *u = &job->upd[job->nupd];
		size_t k;

		if (!path || !path_is_plain(path))
			return ggw_fail(err, GGW_EINVALID, _("不能提交这个路径：%s"), path ? path : "(null)");
		for (k = 0; k < i && strcmp(job->paths[k], path); k++)
			;
		if (k < i)
			continue;
		if ((size_t)snprintf(full, sizeof(full), "%s%s", r->workdir, path) >= sizeof(full))
			return ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), path);
		if (!job->data || !job->data[i]) {
			if ((error = stage_from_workdir(r, index, parent_tree, job, i, full, err)) < 0)
				return error;
			continue;
		}
		if ((error = staged_write(&job->staged[i], full, job->data[i], job->lens[i], err)) < 0)
			return error;
		memset(u, 0, sizeof(*u));
		if (blob_from_data(r, path, job->data[i], job->lens[i], &u->id) < 0)
			return repo_git_fail(err, GGW_EIO, _("无法暂存文件"));
		u->action = GIT_TREE_UPDATE_UPSERT;
		u->filemode = GIT_FILEMODE_BLOB;
		u->path = path;
		job->nupd++;
	}
	return 0;
}

/* The written files of the job into their places (their data durable
 * already, or synced here first when sync), and into the index. */
static int place_staged(struct repo *r, git_index *index, struct commit_job *job, int sync,
			struct ggw_error *err)
{
	int error;

	for (size_t i = 0; job->staged && i < job->n; i++) {
		struct staged_file *f = &job->staged[i];

		if (!f->tmp[0])
			continue;
		if (sync && fdatasync(f->fd) < 0) {
			error = ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), f->path, strerror(errno));
			return error;
		}
		if ((error = staged_place(f, err)) < 0)
			return error;
		if (git_index_add_bypath(index, job->paths[i]) < 0)
			return repo_git_fail(err, GGW_EIO, _("无法暂存文件"));
	}
	return 0;
}

/* The still open written files of the job (fds) for objsync_commit. */
static size_t staged_fds(const struct commit_job *job, int *fds)
{
	size_t n = 0;

	for (size_t i = 0; job->staged && i < job->n; i++)
		if (job->staged[i].fd >= 0)
			fds[n++] = job->staged[i].fd;
	return n;
}

/* The commit's message ending in exactly one newline (malloc'd). */
static char *message_with_newline(const char *message)
{
	size_t mlen = strlen(message);
	char *msg = malloc(mlen + 2);

	if (!msg)
		return NULL;
	memcpy(msg, message, mlen + 1);
	if (mlen == 0 || msg[mlen - 1] != '\n') {
		msg[mlen] = '\n';
		msg[mlen + 1] = '\0';
	}
	return msg;
}

/* The signed commit object, made durable with every object and written
 * file of the job in one pass (objsync_commit), the files placed, the
 * index written, then the branch moved. */
static int write_and_move(struct repo *r, git_index *index, struct commit_job *job,
			  git_tree *tree, git_commit *parent, const char *message,
			  const char *author_name, const char *author_email,
			  const struct timespec *since, git_oid *new_id, struct ggw_error *err)
{
	struct repo_head_move mv;
	git_signature *sig = NULL;
	char *config_email = NULL, *msg = NULL;
	const git_commit *parents[1] = { parent };
	int *fds = NULL, error;

	if (!author_email || !*author_email) {
		if ((error = repo_config_get(r, "user.email", &config_email, err)) < 0)
			return error;
		author_email = config_email ? config_email : "ggw@localhost";
	}
	if ((error = git_signature_now(&sig, author_name, author_email)) < 0) {
		error = repo_git_fail(err, GGW_EINVALID, _("作者名字或邮箱无效"));
		goto done;
	}
	if (!(msg = message_with_newline(message)) || !(fds = calloc(job->n + 1, sizeof(*fds)))) {
		error = ggw_oom(err);
		goto done;
	}
	error = repo_commit_write(r, sig, sig, msg, tree, parent ? 1 : 0, parents, new_id, &mv, err);
	if (error == GIT_EUSER) { /* signing failed: err says why */
		error = err && err->code < 0 ? err->code : GGW_EIO;
		goto done;
	}
	if (error < 0)
		goto git_failed;
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if ((error = objsync_commit(r, new_id, tree, job->paths, job->n, since, fds,
				    staged_fds(job, fds), err)) < 0 ||
	    (error = place_staged(r, index, job, 0, err)) < 0) {
		repo_head_move_free(&mv);
		goto done;
	}
	/* libgit2 never fsyncs the index: a torn one is rebuilt by load_index. */
	if (git_index_write(index) < 0) {
		repo_head_move_free(&mv);
		error = repo_git_fail(err, GGW_EIO, _("无法写入暂存区"));
		goto done;
	}
	if ((error = repo_commit_move_head(r, new_id, &mv)) == 0)
		goto done;
git_failed:
	error = repo_git_fail(err, error == GIT_EMODIFIED ? GGW_ECONFLICT : GGW_EIO, _("无法提交"));
done:
	free(fds);
	free(msg);
	free(config_email);
	git_signature_free(sig);
	return error;
}

/* The commit is HEAD's tree plus exactly the job's paths
 * (git_tree_create_updated reads only the trees on their way), never the
 * rest of the index: an index left behind by an interrupted checkout, or
 * staged by hand, never slips in, and the index is not rebuilt from the
 * whole tree. Order for crashes and power cuts: every object and written
 * file goes out without fsync; then write_and_move makes them durable in
 * one pass, places the files, writes the index, and only then moves the
 * branch (the ref fsynced by libgit2). A crash leaves the old HEAD or the
 * new one, never a ref naming a missing object, and a record file old or
 * new, never half. */
static int commit_job_run(struct repo *r, struct commit_job *job, const char *message,
			  const char *author_name, const char *author_email, char *commit_id,
			  struct ggw_error *err)
{
	git_index *index = NULL;
	git_tree *tree = NULL, *parent_tree = NULL;
	git_commit *parent = NULL;
	git_oid tree_id, parent_id, new_id;
	struct timespec since;
	int error, have_parent;

	clock_gettime(CLOCK_REALTIME, &since);
	if (!author_name || !*author_name || !message)
		return ggw_fail(err, GGW_EINVALID, _("提交缺少作者或说明"));
	if ((error = load_index(r, &index, err)) < 0)
		return error;
	/* HEAD is read (and libgit2's ref store made, fsync on) before fsync
	 * goes off for the objects. */
	if ((have_parent = head_id(r->git, &parent_id)) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取 HEAD"));
		goto done;
	}
	if (have_parent && ((error = git_commit_lookup(&parent, r->git, &parent_id)) < 0 ||
			    (error = git_commit_tree(&parent_tree, parent)) < 0)) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取上一次提交"));
		goto done;
	}
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	if ((error = stage_paths(r, index, parent_tree, job, err)) < 0)
		goto done;
	if (job->nupd == 0 && have_parent)
		git_oid_cpy(&tree_id, git_commit_tree_id(parent));
	else if (git_tree_create_updated(&tree_id, r->git, parent_tree, job->nupd, job->upd) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法写入目录树"));
		goto done;
	}
	if (git_tree_lookup(&tree, r->git, &tree_id) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (have_parent ? git_oid_equal(&tree_id, git_commit_tree_id(parent))
			: git_tree_entrycount(tree) == 0) {
		/* The files still go in place, as a plain write would. */
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
		if ((error = place_staged(r, index, job, 1, err)) == 0) {
			(void)git_index_write(index); /* fresh stat data only */
			error = ggw_fail(err, GGW_EINVALID, _("没有需要提交的修改"));
		}
		goto done;
	}
	error = write_and_move(r, index, job, tree, parent, message, author_name, author_email,
			       &since, &new_id, err);
	if (error == 0 && commit_id)
		git_oid_tostr(commit_id, GIT_OID_HEXSZ + 1, &new_id);
done:
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	for (size_t i = 0; job->staged && i < job->n; i++)
		staged_drop(&job->staged[i]); /* what was not placed */
	git_commit_free(parent);
	git_tree_free(parent_tree);
	git_tree_free(tree);
	git_index_free(index);
	return error;
}

static int commit_files(struct repo *r, const char *const *paths, const char *const *data,
			const size_t *lens, size_t n, const char *message, const char *author_name,
			const char *author_email, char *commit_id, struct ggw_error *err)
{
	struct commit_job job = { paths, data, lens, n, NULL, NULL, 0 };
	int error;

	if (!(job.upd = calloc(n ? n : 1, sizeof(*job.upd))) ||
	    (data && !(job.staged = calloc(n ? n : 1, sizeof(*job.staged))))) {
		free(job.upd);
		return ggw_oom(err);
	}
	for (size_t i = 0; job.staged && i < n; i++)
		job.staged[i].fd = -1;
	error = commit_job_run(r, &job, message, author_name, author_email, commit_id, err);
	free(job.upd);
	free(job.staged);
	return error;
}

int repo_commit_paths(struct repo *r, const char *const *paths, size_t npaths,
		      const char *message, const char *author_name,
		      const char *author_email, char *commit_id, struct ggw_error *err)
{
	return commit_files(r, paths, NULL, NULL, npaths, message, author_name, author_email,
			    commit_id, err);
}

int repo_commit_files(struct repo *r, const char *const *paths, const char *const *data,
		      const size_t *lens, size_t npaths, const char *message,
		      const char *author_name, const char *author_email, char *commit_id,
		      struct ggw_error *err)
{
	return commit_files(r, paths, data, lens, npaths, message, author_name, author_email,
			    commit_id, err);
}

int repo_hash_blob(const void *data, size_t len, char *hex)
{
	git_oid id;
	int error;

	if (repo_lib_start(NULL) < 0 || (error = git_odb_hash(&id, data, len, GIT_OBJECT_BLOB)) < 0)
		return GGW_EIO;
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &id);
	return 0;
}

/* malloc'd NUL-terminated copy of a blob. */
static int blob_copy(git_repository *g, const git_oid *id, char **out, size_t *len,
		     struct ggw_error *err)
{
	git_blob *blob = NULL;
	git_object_size_t size;
	int error;

	if ((error = git_blob_lookup(&blob, g, id)) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取文件内容"));
	size = git_blob_rawsize(blob);
	if (size >= SIZE_MAX) {
		git_blob_free(blob);
		return ggw_oom(err);
	}
	*out = malloc((size_t)size + 1);
	if (!*out) {
		git_blob_free(blob);
		return ggw_oom(err);
	}
	memcpy(*out, git_blob_rawcontent(blob), (size_t)size);
	(*out)[size] = '\0';
	if (len)
		*len = (size_t)size;
	git_blob_free(blob);
	return 0;
}

/* The blob id of path in tree: 1 found, 0 absent (or not a file), <0 error. */
static int path_blob_id(git_tree *tree, const char *path, git_oid *id)
{
	git_tree_entry *entry = NULL;
	int error = git_tree_entry_bypath(&entry, tree, path);

	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	error = git_tree_entry_type(entry) == GIT_OBJECT_BLOB;
	if (error)
		git_oid_cpy(id, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	return error;
}

int repo_read_head(struct repo *r, const char *path, char **out, size_t *len,
		   struct ggw_error *err)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int error;

	*out = NULL;
	if (len)
		*len = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((error = head_id(r->git, &id)) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取 HEAD"));
		goto done;
	}
	if (error == 0) {
		error = ggw_fail(err, GGW_ENOTFOUND, _("台账里还没有 %s"), path);
		goto done;
	}
	if ((error = git_commit_lookup(&commit, r->git, &id)) < 0 ||
	    (error = git_commit_tree(&tree, commit)) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取最新提交"));
		goto done;
	}
	if ((error = path_blob_id(tree, path, &id)) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取最新提交"));
		goto done;
	}
	if (error == 0) {
		error = ggw_fail(err, GGW_ENOTFOUND, _("台账里还没有 %s"), path);
		goto done;
	}
	error = blob_copy(r->git, &id, out, len, err);
done:
	git_tree_free(tree);
	git_commit_free(commit);
	return error;
}

/* Blob id of path in commit: 1 found, 0 absent, <0 error. */
static int commit_path_id(git_commit *commit, const char *path, git_oid *id)
{
	git_tree *tree = NULL;
	int error;

	if ((error = git_commit_tree(&tree, commit)) < 0)
		return error;
	error = path_blob_id(tree, path, id);
	git_tree_free(tree);
	return error;
}

void file_versions_free(struct file_version *v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].email);
		free(v[i].summary);
		free(v[i].message);
		free(v[i].content);
	}
	free(v);
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* The id of the folder holding the path, at one commit: one cheap look-up
 * that settles most commits of a long history without reading the file's
 * own entry. A path at the top level uses the root tree's id (no read). */
struct dir_state {
	git_oid commit;  /* which commit this describes */
	int found;       /* the folder exists there */
	git_oid id;
};

static int dir_state_at(git_commit *commit, const char *dir, struct dir_state *st)
{
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	int error;

	git_oid_cpy(&st->commit, git_commit_id(commit));
	if (!dir) {
		st->found = 1;
		git_oid_cpy(&st->id, git_commit_tree_id(commit));
		return 0;
	}
	if ((error = git_commit_tree(&tree, commit)) < 0)
		return error;
	error = git_tree_entry_bypath(&entry, tree, dir);
	st->found = error == 0 && git_tree_entry_type(entry) == GIT_OBJECT_TREE;
	if (st->found)
		git_oid_cpy(&st->id, git_tree_entry_id(entry));
	if (error == GIT_ENOTFOUND)
		error = 0;
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return error;
}

/* Whether commit changed path. A root commit changed it if it has the path.
 * Otherwise the commit counts when path differs from EVERY parent (for an
 * ordinary commit: its only parent). A merge that took one side's version
 * unchanged is skipped, as git log's default simplification does; the side
 * commit that made the change is listed itself, since the walk visits all
 * parents. 1 changed, 0 not, <0 error; *present, *id: the path at commit.
 * cache holds the folder state of the last first parent seen: on a linear
 * history that is the next commit the walk visits, so each commit's folder
 * is looked up once. */
static int commit_changed_path(git_commit *commit, const char *path, const char *dir,
			       struct dir_state *cache, int *present, git_oid *id)
{
	unsigned int i, nparents = git_commit_parentcount(commit);
	struct dir_state mine, theirs;
	int error, have_blob = 0;

	if (git_oid_equal(&cache->commit, git_commit_id(commit)))
		mine = *cache;
	else if ((error = dir_state_at(commit, dir, &mine)) < 0)
		return error;
	*present = 0;
	for (i = 0; i < nparents; i++) {
		git_commit *parent = NULL;
		git_oid pid;
		int in_parent;

		if ((error = git_commit_parent(&parent, commit, i)) < 0)
			return error;
		if ((error = dir_state_at(parent, dir, &theirs)) < 0) {
			git_commit_free(parent);
			return error;
		}
		if (i == 0)
			*cache = theirs;
		if (mine.found == theirs.found && (!mine.found || git_oid_equal(&mine.id, &theirs.id))) {
			git_commit_free(parent);
			return 0; /* the whole folder is as in this parent */
		}
		if (!have_blob) {
			if ((error = mine.found ? commit_path_id(commit, path, id) : 0) < 0) {
				git_commit_free(parent);
				return error;
			}
			*present = error;
			have_blob = 1;
		}
		in_parent = theirs.found ? commit_path_id(parent, path, &pid) : 0;
		git_commit_free(parent);
		if (in_parent < 0)
			return in_parent;
		if (in_parent == *present && (!*present || git_oid_equal(&pid, id)))
			return 0; /* same as this parent */
	}
	if (!have_blob) { /* root commit */
		if ((error = mine.found ? commit_path_id(commit, path, id) : 0) < 0)
			return error;
		*present = error;
		return *present;
	}
	return 1;
}

int repo_file_history(struct repo *r, const char *path, size_t limit,
		      struct file_version **out, size_t *n, struct ggw_error *err)
{
	git_revwalk *walk = NULL;
	git_commit *commit = NULL;
	struct file_version *v = NULL, *grown;
	size_t count = 0, cap = 0;
	struct dir_state cache;
	git_oid id, blob_id;
	char *dir = NULL, *slash;
	int error, present;

	*out = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	memset(&cache, 0, sizeof(cache)); /* the zero id is no commit */
	if ((error = head_id(r->git, &id)) <= 0) {
		if (error < 0)
			error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取 HEAD"));
		return error; /* unborn: no history */
	}
	slash = strrchr(path, '/');
	if (slash) {
		dir = strndup(path, (size_t)(slash - path));
		if (!dir) {
			error = ggw_oom(err);
			goto done;
		}
	}
	if ((error = git_revwalk_new(&walk, r->git)) < 0 ||
	    (error = git_revwalk_sorting(walk, GIT_SORT_TIME | GIT_SORT_TOPOLOGICAL)) < 0 ||
	    (error = git_revwalk_push(walk, &id)) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取历史"));
		goto done;
	}
	while ((limit == 0 || count < limit) && (error = git_revwalk_next(&id, walk)) == 0) {
		const git_signature *author;
		struct file_version *fv;

		if ((error = git_commit_lookup(&commit, r->git, &id)) < 0)
			break;
		if ((error = commit_changed_path(commit, path, dir, &cache, &present, &blob_id)) < 0)
			break;
		if (error == 0) {
			git_commit_free(commit);
			commit = NULL;
			continue;
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(v, cap * sizeof(*v));
			if (!grown) {
				error = ggw_oom(err);
				goto done;
			}
			v = grown;
		}
		fv = &v[count];
		memset(fv, 0, sizeof(*fv));
		count++;
		git_oid_tostr(fv->commit, sizeof(fv->commit), &id);
		author = git_commit_author(commit);
		fv->author = dup_or_empty(author->name);
		fv->email = dup_or_empty(author->email);
		fv->time = (int64_t)author->when.time;
		fv->tz_minutes = author->when.offset;
		fv->summary = dup_or_empty(git_commit_summary(commit));
		fv->message = dup_or_empty(git_commit_message(commit));
		if (!fv->author || !fv->email || !fv->summary || !fv->message) {
			error = ggw_oom(err);
			goto done;
		}
		if (present && (error = blob_copy(r->git, &blob_id, &fv->content,
						  &fv->content_len, err)) < 0)
			goto done;
		git_commit_free(commit);
		commit = NULL;
		error = 0;
	}
	if (error == GIT_ITEROVER)
		error = 0;
	if (error < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取历史"));
		goto done;
	}
	*out = v;
	*n = count;
	v = NULL;
	count = 0;
done:
	file_versions_free(v, count);
	free(dir);
	git_commit_free(commit);
	git_revwalk_free(walk);
	return error;
}
