/* Crash-safe file writing and bounded reading (see fsutil.h).
 * A record file is replaced by rename(2) of a fully written and fsynced
 * temporary file in the same folder, then the folder itself is fsynced so
 * that the rename survives a power cut. */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "threads.h"

/* Split path into its folder ("." if none) and base name. */
static int split_path(const char *path, char *dir, size_t dirlen, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		if (dirlen < 2)
			return -1;
		strcpy(dir, ".");
		*base = path;
		return 0;
	}
	n = (size_t)(slash - path);
	if (n == 0)
		n = 1; /* "/file": the folder is "/" */
	if (n >= dirlen)
		return -1;
	memcpy(dir, path, n);
	dir[n] = '\0';
	*base = slash + 1;
	return 0;
}

/* fsync a folder so that entries created, renamed or removed in it last. */
static int fsync_dir(const char *dir)
{
	int fd, rc, saved;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	/* Some file systems cannot fsync folders; the data is as safe as it gets. */
	if (rc < 0 && (errno == EINVAL || errno == ENOTSUP))
		rc = 0;
	return rc;
}

int path_join(char *buf, size_t len, const char *a, const char *b)
{
	size_t alen;
	int n;

	if (!buf || len == 0 || !a || !b)
		return GGW_EINVALID;
	alen = strlen(a);
	if (alen == 0)
		n = snprintf(buf, len, "%s", b);
	else if (a[alen - 1] == '/')
		n = snprintf(buf, len, "%s%s", a, b);
	else
		n = snprintf(buf, len, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= len) {
		buf[0] = '\0';
		return GGW_EINVALID;
	}
	return 0;
}

/* mkdir_parents, telling how much of path's folder was made now: *made is
 * the length of the prefix of dir that existed before (0: nothing made). */
static int make_parents(const char *path, size_t *made, struct ggw_error *err);

int mkdir_parents(const char *path, struct ggw_error *err)
{
	size_t made;

	return make_parents(path, &made, err);
}

static int make_parents(const char *path, size_t *made, struct ggw_error *err)
{
	char dir[PATH_MAX];
	const char *base;
	struct stat st;
	char *p;

	*made = 0;
	if (split_path(path, dir, sizeof(dir), &base) < 0)
		return ggw_fail(err, GGW_EIO, _("路径太长：%s"), path);
	if (strcmp(dir, ".") == 0 || strcmp(dir, "/") == 0)
		return 0;
	/* Create each prefix in turn; the last round creates dir itself. */
	for (p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(dir, 0755) == 0) {
			if (!*made)
				*made = (size_t)(strrchr(dir, '/') ? strrchr(dir, '/') - dir : 0) + 1;
		} else {
			if (errno != EEXIST)
				return ggw_fail(err, GGW_EIO, _("无法创建文件夹 %s：%s"), dir,
						strerror(errno));
			if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
				return ggw_fail(err, GGW_EIO, _("无法创建文件夹 %s：%s"), dir,
						strerror(ENOTDIR));
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	return 0;
}

/* Folders made for a new file are new entries of their own parents: fsync
 * each parent from the one that held the first new folder down to dir's
 * (dir itself is fsynced by the caller). made: see make_parents. */
static int fsync_made_folders(const char *dir, size_t made)
{
	char buf[PATH_MAX];
	size_t n = strlen(dir);

	if (!made || n >= sizeof(buf))
		return 0;
	memcpy(buf, dir, n + 1);
	for (size_t i = made - 1; i < n; i++) {
		if (buf[i] != '/' || i == 0)
			continue;
		buf[i] = '\0';
		if (fsync_dir(buf) < 0 && errno != ENOENT)
			return -1;
		buf[i] = '/';
	}
	return 0;
}

/* 16 hex digits that make the temporary name unguessable and unique. */
static void random_suffix(char *out, size_t len)
{
	static unsigned long counter;
	uint64_t r = 0;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
		    ((uint64_t)++counter << 20) ^ (uint64_t)(uintptr_t)&r;
	}
	snprintf(out, len, "%016llx", (unsigned long long)r);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_replace(const char *path, const void *data, size_t len, int sync,
			 struct ggw_error *err);

int atomic_write(const char *path, const void *data, size_t len, struct ggw_error *err)
{
	return write_replace(path, data, len, 1, err);
}

int atomic_write_nosync(const char *path, const void *data, size_t len, struct ggw_error *err)
{
	return write_replace(path, data, len, 0, err);
}

/* Temporary file beside path, renamed over it; with sync, fsynced before
 * the rename and the folder after it. */
static int write_replace(const char *path, const void *data, size_t len, int sync,
			 struct ggw_error *err)
{
	char dir[PATH_MAX], tmp[PATH_MAX], rnd[32];
	const char *base;
	size_t made = 0;
	int fd = -1, error, n, tries;

	if (!path || !*path || (!data && len))
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path ? path : "",
				strerror(EINVAL));
	if (split_path(path, dir, sizeof(dir), &base) < 0 || !*base)
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(ENAMETOOLONG));
	if ((error = make_parents(path, &made, err)) < 0)
		return ggw_prefix(err, _("无法写入 %s"), path);

	for (tries = 0; fd < 0; tries++) {
		random_suffix(rnd, sizeof(rnd));
		n = snprintf(tmp, sizeof(tmp), "%s/.%s.tmp.%ld.%s", dir, base, (long)getpid(), rnd);
		if (n < 0 || (size_t)n >= sizeof(tmp))
			return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path,
					strerror(ENAMETOOLONG));
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 && (errno != EEXIST || tries >= 8))
			return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(errno));
	}
	if (write_all(fd, data, len) < 0 || (sync && fsync(fd) < 0))
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	if (sync && (fsync_dir(dir) < 0 || fsync_made_folders(dir, made) < 0))
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(errno));
	return 0;

fail:
	error = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(error));
}

int staged_write(struct staged_file *f, const char *path, const void *data, size_t len,
		 struct ggw_error *err)
{
	char dir[PATH_MAX], rnd[32];
	const char *base;
	int n, tries;

	f->fd = -1;
	f->tmp[0] = '\0';
	if ((size_t)snprintf(f->path, sizeof(f->path), "%s", path) >= sizeof(f->path) ||
	    split_path(path, dir, sizeof(dir), &base) < 0 || !*base)
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(ENAMETOOLONG));
	if (make_parents(path, &f->made, err) < 0)
		return ggw_prefix(err, _("无法写入 %s"), path);
	for (tries = 0; f->fd < 0; tries++) {
		random_suffix(rnd, sizeof(rnd));
		n = snprintf(f->tmp, sizeof(f->tmp), "%s/.%s.tmp.%ld.%s", dir, base, (long)getpid(), rnd);
		if (n < 0 || (size_t)n >= sizeof(f->tmp))
			return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path,
					strerror(ENAMETOOLONG));
		f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (f->fd < 0 && (errno != EEXIST || tries >= 8)) {
			f->tmp[0] = '\0';
			return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(errno));
		}
	}
	if (write_all(f->fd, data, len) < 0) {
		int saved = errno;

		staged_drop(f);
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(saved));
	}
	return 0;
}

/* The caller made the data durable (fdatasync of f->fd in its pass). */
int staged_place(struct staged_file *f, struct ggw_error *err)
{
	char dir[PATH_MAX];
	const char *base;
	int saved;

	if (f->fd >= 0 && close(f->fd) < 0) {
		f->fd = -1;
		goto fail;
	}
	f->fd = -1;
	if (rename(f->tmp, f->path) < 0)
		goto fail;
	f->tmp[0] = '\0';
	if (split_path(f->path, dir, sizeof(dir), &base) < 0 || fsync_dir(dir) < 0 ||
	    fsync_made_folders(dir, f->made) < 0)
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), f->path, strerror(errno));
	return 0;
fail:
	saved = errno;
	staged_drop(f);
	return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), f->path, strerror(saved));
}

void staged_drop(struct staged_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp[0])
		unlink(f->tmp);
	f->tmp[0] = '\0';
}

/* Is dir strictly inside the folder stop (stoplen = strlen(stop))? */
static int is_below(const char *dir, const char *stop, size_t stoplen)
{
	if (stoplen == 0 || strcmp(stop, ".") == 0)
		return dir[0] != '/' && strcmp(dir, ".") != 0;
	if (strncmp(dir, stop, stoplen) != 0)
		return 0;
	if (stop[stoplen - 1] == '/') /* stop is "/" */
		return dir[stoplen] != '\0';
	return dir[stoplen] == '/' && dir[stoplen + 1] != '\0';
}

int sync_filesystem_of(const char *dir, struct ggw_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc, saved;

	if (fd < 0)
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), dir, strerror(errno));
	rc = syncfs(fd);
	saved = errno;
	close(fd);
	if (rc < 0)
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), dir, strerror(saved));
	return 0;
}

struct fs_flush {
	pthread_t tid;
	int fd, rc, saved;
	char dir[];
};

static void *flush_run(void *data)
{
	struct fs_flush *f = data;

	f->rc = syncfs(f->fd);
	f->saved = errno;
	return NULL;
}

struct fs_flush *sync_filesystem_begin(const char *dir)
{
	size_t len = strlen(dir);
	struct fs_flush *f = malloc(sizeof(*f) + len + 1);

	/* One core: nothing to overlap with, and no thread started where the
	 * process was given one (taskset; qemu-user here hangs in a thread). */
	if (!f || usable_cores() < 2) {
		free(f);
		return NULL;
	}
	memcpy(f->dir, dir, len + 1);
	f->rc = 0;
	f->saved = 0;
	if ((f->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		f->rc = -1;
		f->saved = errno;
		return f;
	}
	if (quiet_thread_start(&f->tid, NULL, flush_run, f) != 0) {
		close(f->fd);
		free(f);
		return NULL;
	}
	return f;
}

int sync_filesystem_wait(struct fs_flush *f, struct ggw_error *err)
{
	int rc = 0;

	if (!f)
		return 0;
	if (f->fd >= 0) {
		pthread_join(f->tid, NULL);
		close(f->fd);
	}
	if (f->rc < 0)
		rc = ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), f->dir, strerror(f->saved));
	free(f);
	return rc;
}

int remove_durable(const char *path, const char *stop_at, struct ggw_error *err)
{
	char dir[PATH_MAX], stop[PATH_MAX];
	const char *base;
	size_t stoplen;
	char *slash;

	if (!path || split_path(path, dir, sizeof(dir), &base) < 0)
		return ggw_fail(err, GGW_EIO, _("无法删除 %s：%s"), path ? path : "",
				strerror(ENAMETOOLONG));
	if (unlink(path) < 0 && errno != ENOENT)
		return ggw_fail(err, GGW_EIO, _("无法删除 %s：%s"), path, strerror(errno));
	if (fsync_dir(dir) < 0 && errno != ENOENT)
		return ggw_fail(err, GGW_EIO, _("无法删除 %s：%s"), path, strerror(errno));
	if (!stop_at)
		return 0;

	/* Remove empty folders below stop_at, bottom up. */
	snprintf(stop, sizeof(stop), "%s", stop_at);
	stoplen = strlen(stop);
	while (stoplen > 1 && stop[stoplen - 1] == '/')
		stop[--stoplen] = '\0';
	while (is_below(dir, stop, stoplen)) {
		if (rmdir(dir) < 0) {
			if (errno == ENOENT)
				goto up;
			if (errno == ENOTEMPTY || errno == EEXIST || errno == EBUSY)
				break;
			return ggw_fail(err, GGW_EIO, _("无法删除文件夹 %s：%s"), dir,
					strerror(errno));
		}
up:
		slash = strrchr(dir, '/');
		if (!slash) {
			fsync_dir(".");
			break;
		}
		if (slash == dir)
			break;
		*slash = '\0';
		if (fsync_dir(dir) < 0 && errno != ENOENT)
			return ggw_fail(err, GGW_EIO, _("无法删除 %s：%s"), path, strerror(errno));
	}
	return 0;
}

static int read_open_fd(int fd, const char *path, size_t max, char **out, size_t *len,
			struct ggw_error *err);

int read_whole_file(const char *path, size_t max, char **out, size_t *len, struct ggw_error *err)
{
	int fd;

	*out = NULL;
	if (len)
		*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), path, strerror(errno));
	return read_open_fd(fd, path, max, out, len, err);
}

int read_regular_file(const char *path, size_t max, char **out, size_t *len,
		      struct ggw_error *err)
{
	struct stat st;
	int fd;

	*out = NULL;
	if (len)
		*len = 0;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0 && errno == ELOOP)
		return ggw_fail(err, GGW_EINVALID, _("%s 是符号链接，不是普通文件：已拒绝读取"), path);
	if (fd < 0)
		return ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ggw_fail(err, GGW_EINVALID, _("%s 不是普通文件（设备、管道或文件夹）：已拒绝读取"), path);
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		int saved = errno;

		close(fd);
		return ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), path, strerror(saved));
	}
	return read_open_fd(fd, path, max, out, len, err);
}

static int read_open_fd(int fd, const char *path, size_t max, char **out, size_t *len,
			struct ggw_error *err)
{
	struct stat st;
	char *buf = NULL, *grown;
	size_t size = 0, cap;
	int saved;

	if (fstat(fd, &st) < 0) {
		saved = errno;
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		saved = EISDIR;
		goto fail;
	}
	if (st.st_size > 0 && (unsigned long long)st.st_size > (unsigned long long)max) {
		close(fd);
		return ggw_fail(err, GGW_EINVALID, _("%s 有 %lld 字节，超过上限 %zu 字节"), path,
				(long long)st.st_size, max);
	}
	if (max > SIZE_MAX / 4)
		max = SIZE_MAX / 4;
	cap = (size_t)st.st_size + 1;
	if (cap < 4096)
		cap = 4096;
	if (cap > max + 2)
		cap = max + 2;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return ggw_oom(err);
	}
	/* Read to the end: the size may change while reading (or be 0 in /proc). */
	for (;;) {
		ssize_t n;

		if (size + 1 >= cap) {
			if (size > max)
				break;
			cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				close(fd);
				return ggw_oom(err);
			}
			buf = grown;
		}
		n = read(fd, buf + size, cap - 1 - size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			goto fail;
		}
		if (n == 0)
			break;
		size += (size_t)n;
	}
	close(fd);
	if (size > max) {
		free(buf);
		return ggw_fail(err, GGW_EINVALID, _("%s 超过上限 %zu 字节"), path, max);
	}
	buf[size] = '\0';
	*out = buf;
	if (len)
		*len = size;
	return 0;

fail:
	free(buf);
	close(fd);
	return ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), path, strerror(saved));
}

/* Remove the files of dir named prefix<pid> whose process is gone. */
static void remove_dead_writer_temps(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	size_t plen = strlen(prefix);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;
		long pid;

		if (strncmp(de->d_name, prefix, plen))
			continue;
		pid = strtol(de->d_name + plen, &end, 10);
		if (pid > 0 && !*end && kill((pid_t)pid, 0) < 0 && errno == ESRCH)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

FILE *cache_file_begin(const char *path, char *tmp, size_t tmplen)
{
	char dir[4096], prefix[300];
	const char *base = strrchr(path, '/');
	FILE *f;
	int fd;

	if (!base || snprintf(dir, sizeof(dir), "%.*s", (int)(base - path), path) >= (int)sizeof(dir) ||
	    snprintf(prefix, sizeof(prefix), "%s.tmp.", base + 1) >= (int)sizeof(prefix) ||
	    snprintf(tmp, tmplen, "%s.tmp.%ld", path, (long)getpid()) >= (int)tmplen)
		return NULL;
	remove_dead_writer_temps(dir, prefix);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		return NULL;
	if (!(f = fdopen(fd, "wb"))) {
		close(fd);
		unlink(tmp);
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, (size_t)256 << 10); /* tens of megabytes */
	return f;
}

int cache_file_end(FILE *f, const char *tmp, const char *path, int ok, int durable)
{
	ok = fflush(f) == 0 && !ferror(f) && (!durable || fsync(fileno(f)) == 0) && ok;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(tmp, path) == 0)
		return 0;
	unlink(tmp);
	return -1;
}
