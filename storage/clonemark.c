/* A clone's markers and its flush; see clonemark.h. */
#include "clonemark.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "fsutil.h"
#include "repo_priv.h"

#define UNFINISHED_NAME "clone-unfinished"
#define WRITTEN_NAME "clone-written"
#define MARK_UNFINISHED "ggw/" UNFINISHED_NAME
#define MARK_WRITTEN "ggw/" WRITTEN_NAME
#define BOOT_ID_PATH "/proc/sys/kernel/random/boot_id"
#define BOOT_ID_LEN 36

/* This boot's id (36 characters, as the kernel gives it), or 0. */
static int boot_id(char out[BOOT_ID_LEN + 1])
{
	char buf[BOOT_ID_LEN + 2];
	ssize_t k;
	int fd = open(BOOT_ID_PATH, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	k = read(fd, buf, sizeof(buf));
	close(fd);
	if (k < BOOT_ID_LEN)
		return 0;
	for (int i = 0; i < BOOT_ID_LEN; i++)
		if (!strchr("0123456789abcdef-", buf[i]) || !buf[i])
			return 0;
	memcpy(out, buf, BOOT_ID_LEN);
	out[BOOT_ID_LEN] = '\0';
	return 1;
}

/* The boot id a deferred flush records, or 0 when the flush is done
 * here. */
static int deferral_id(char out[BOOT_ID_LEN + 1])
{
	/* For tests only: qemu-user 7.2 hangs in a forked child, so the
	 * arm64 suite flushes here (tests/integration/cross.sh). */
	const char *here = getenv("GGW_TEST_CLONE_FLUSH");

	return !(here && !strcmp(here, "here")) && boot_id(out);
}

int clonemark_can_defer(void)
{
	char id[BOOT_ID_LEN + 1];

	return deferral_id(id);
}

enum clone_state clonemark_state(const char *gitdir)
{
	char path[PATH_MAX], id[BOOT_ID_LEN + 1], buf[BOOT_ID_LEN + 2];
	struct stat st;
	ssize_t k;
	int fd;

	if (path_join(path, sizeof(path), gitdir, MARK_UNFINISHED) < 0)
		return CLONE_CUT;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? CLONE_DONE : CLONE_CUT;
	if (path_join(path, sizeof(path), gitdir, MARK_WRITTEN) < 0 || !boot_id(id))
		return CLONE_CUT;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return CLONE_CUT;
	k = read(fd, buf, sizeof(buf));
	close(fd);
	/* Another boot's: the power may have gone before the flush. */
	return k == BOOT_ID_LEN + 1 && !memcmp(buf, id, BOOT_ID_LEN) && buf[BOOT_ID_LEN] == '\n'
		       ? CLONE_FLUSHING
		       : CLONE_CUT;
}

int clonemark_begin(const char *gitdir, struct ggw_error *err)
{
	char path[PATH_MAX];
	static const char text[] = "# ggw: a clone is being written here; see ggw(1), clone\n";

	if (path_join(path, sizeof(path), gitdir, MARK_UNFINISHED) < 0)
		return ggw_fail(err, GGW_EINVALID, _("文件夹路径太长：%s"), gitdir);
	return atomic_write(path, text, sizeof(text) - 1, err);
}

/* Everything the flush needs, opened before it runs: the child that
 * runs it may make system calls only (the parent has threads). The
 * markers are removed through the folder opened now, never by path: a
 * folder deleted meanwhile and cloned into again is another clone's. */
struct flush_job {
	int workfd, ggwfd;
};

static int job_open(struct repo *r, struct flush_job *j, struct ggw_error *err)
{
	char ggw[PATH_MAX];

	j->workfd = j->ggwfd = -1;
	if (path_join(ggw, sizeof(ggw), r->gitdir, "ggw") < 0)
		return ggw_fail(err, GGW_EINVALID, _("文件夹路径太长：%s"), r->gitdir);
	if ((j->workfd = open(r->workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (j->ggwfd = open(ggw, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		int e = errno;

		if (j->workfd >= 0)
			close(j->workfd);
		j->workfd = -1;
		return ggw_fail(err, GGW_EIO, _("打不开台账文件夹 %s：%s"), r->workdir, strerror(e));
	}
	return 0;
}

static void job_close(struct flush_job *j)
{
	if (j->workfd >= 0)
		close(j->workfd);
	if (j->ggwfd >= 0)
		close(j->ggwfd);
}

/* One flush for every file the clone wrote, then the markers go (the
 * unfinished one durably). A failed flush leaves the clone cut. Returns
 * 0 or an errno. System calls only. */
static int job_run(const struct flush_job *j)
{
	int e;

	if (syncfs(j->workfd) != 0) {
		e = errno;
		unlinkat(j->ggwfd, WRITTEN_NAME, 0);
		return e ? e : EIO;
	}
	if (unlinkat(j->ggwfd, UNFINISHED_NAME, 0) != 0 && errno != ENOENT)
		return errno;
	if (fsync(j->ggwfd) != 0)
		return errno;
	unlinkat(j->ggwfd, WRITTEN_NAME, 0);
	return 0;
}

static int flush_failed(int e, struct ggw_error *err)
{
	return ggw_fail(err, GGW_EIO, _("无法把复制的台账写到磁盘上：%s"), strerror(e));
}

int clonemark_settle_locked(struct repo *r, struct ggw_error *err)
{
	struct flush_job j;
	int rc, e;

	if ((rc = job_open(r, &j, err)) < 0)
		return rc;
	e = job_run(&j);
	job_close(&j);
	return e ? flush_failed(e, err) : 0;
}

int clonemark_settle_if_free(struct repo *r, struct ggw_error *err)
{
	char path[PATH_MAX];
	int fd, rc = 0;

	if (path_join(path, sizeof(path), r->gitdir, "ggw/lock") < 0 ||
	    (fd = open(path, O_RDWR | O_CLOEXEC)) < 0)
		return 0; /* a clone always has it; the lock's owner settles */
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 && clonemark_state(r->gitdir) == CLONE_FLUSHING)
		rc = clonemark_settle_locked(r, err);
	close(fd); /* drops the flock */
	return rc;
}

/* The flush in a process of its own, which keeps r's lock (the flock is
 * the open file's, shared with the child) until the markers are gone.
 * 1 when it started, 0 when it could not (the caller flushes here). */
static int finish_in_child(struct repo *r, const struct flush_job *j)
{
	const char *kill_at = getenv("GGW_TEST_KILL_AT");
	/* For tests only: the flushing process dies before it flushes. */
	int die = kill_at && !strcmp(kill_at, "clone-flush");
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	pid_t pid;

	if (devnull < 0)
		return 0;
	pid = fork();
	if (pid == 0) {
		/* Off the terminal and its pipes: whoever reads this command's
		 * output sees its end when the command ends. */
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		setsid();
		if (die)
			raise(SIGKILL);
		_exit(job_run(j) ? 1 : 0);
	}
	close(devnull);
	if (pid < 0)
		return 0;
	repo_unlock(r); /* the child holds the lock now */
	return 1;
}

int clonemark_finish(struct repo *r, struct ggw_error *err)
{
	char id[BOOT_ID_LEN + 2], written[PATH_MAX];
	struct flush_job j;
	int rc, e;

	if (path_join(written, sizeof(written), r->gitdir, MARK_WRITTEN) < 0)
		return ggw_fail(err, GGW_EINVALID, _("文件夹路径太长：%s"), r->gitdir);
	if ((rc = job_open(r, &j, err)) < 0)
		return rc;
	/* Deferred only where a later command can tell this boot's written
	 * clone from one the power cut off: else flushed here, as before. */
	if (deferral_id(id) && repo_lock(r, 5000, NULL, NULL, err) == 0) {
		id[BOOT_ID_LEN] = '\n';
		if (atomic_write_nosync(written, id, BOOT_ID_LEN + 1, err) == 0 &&
		    finish_in_child(r, &j)) {
			job_close(&j);
			return 0;
		}
		repo_unlock(r);
	}
	ggw_clear(err);
	e = job_run(&j);
	job_close(&j);
	return e ? flush_failed(e, err) : 0;
}
