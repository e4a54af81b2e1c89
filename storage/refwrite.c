/* A branch moved with one flush for the ref (see refwrite.h). */
#include "refwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "fsutil.h"
#include "repo_priv.h"

/* "refs/..." or "HEAD", no empty, "." or ".." component, no ".lock" end. */
static int plain_refname(const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(name, "HEAD"))
		return 1;
	if (strncmp(name, "refs/", 5) || n < 6 || name[n - 1] == '/' || strstr(name, "//") ||
	    strstr(name, "/./") || strstr(name, "/../") || strstr(name, "..") ||
	    (n >= 5 && !strcmp(name + n - 5, ".lock")))
		return 0;
	return 1;
}

static int fsync_parent(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (!slash || (size_t)(slash - path) >= sizeof(dir))
		return -1;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	if (rc < 0 && (errno == EINVAL || errno == ENOTSUP))
		rc = 0;
	close(fd);
	return rc;
}

/* One reflog line, as git and libgit2 write it; best effort, no fsync. */
static void append_reflog(struct repo *r, const char *refname, const git_oid *old,
			  const git_oid *new_id, const git_signature *who, const char *msg)
{
	char path[PATH_MAX], oldhex[GIT_OID_HEXSZ + 1], newhex[GIT_OID_HEXSZ + 1], *line = NULL;
	int off = who->when.offset, fd, n;

	if ((size_t)snprintf(path, sizeof(path), "%slogs/%s", r->gitdir, refname) >= sizeof(path) ||
	    mkdir_parents(path, NULL) < 0)
		return;
	git_oid_tostr(oldhex, sizeof(oldhex), old);
	git_oid_tostr(newhex, sizeof(newhex), new_id);
	n = asprintf(&line, "%s %s %s <%s> %lld %c%02d%02d\t%s\n", oldhex, newhex, who->name,
		     who->email, (long long)who->when.time, off < 0 ? '-' : '+', abs(off) / 60,
		     abs(off) % 60, msg ? msg : "");
	if (n < 0)
		return;
	for (char *p = strchr(line, '\t'); p && *p; p++)
		if (*p == '\n' && p[1])
			*p = ' ';
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666)) >= 0) {
		if (write(fd, line, (size_t)n) < 0) {
			/* a cache of history only */
		}
		close(fd);
	}
	free(line);
}

/* Does HEAD point at refname (a symbolic HEAD)? */
static int head_points_at(git_repository *g, const char *refname)
{
	git_reference *head = NULL;
	int yes;

	if (git_reference_lookup(&head, g, "HEAD") < 0)
		return 0;
	yes = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
	      !strcmp(git_reference_symbolic_target(head), refname);
	git_reference_free(head);
	return yes;
}

static int fail_io(const char *what, const char *path)
{
	git_error_set(GIT_ERROR_OS, "%s '%s': %s", what, path, strerror(errno));
	return -1;
}

int refwrite_move(struct repo *r, const char *refname, const git_oid *id, const git_oid *expect,
		  const git_signature *who, const char *logmsg)
{
	char path[PATH_MAX], lock[PATH_MAX + 8], hex[GIT_OID_HEXSZ + 2];
	git_oid now;
	int fd, error;

	if (!plain_refname(refname) ||
	    (size_t)snprintf(path, sizeof(path), "%s%s", r->gitdir, refname) >= sizeof(path)) {
		git_error_set(GIT_ERROR_REFERENCE, "invalid reference name '%s'", refname);
		return GIT_EINVALIDSPEC;
	}
	snprintf(lock, sizeof(lock), "%s.lock", path);
	if ((fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0) {
		error = errno == EEXIST ? GIT_ELOCKED : -1;
		fail_io("failed to lock", lock);
		return error;
	}
	/* Compare under the lock: git and libgit2 take the same lock file. */
	error = git_reference_name_to_id(&now, r->git, refname);
	if (error < 0 || !git_oid_equal(&now, expect)) {
		close(fd);
		unlink(lock);
		if (error < 0 && error != GIT_ENOTFOUND)
			return error;
		git_error_set_str(GIT_ERROR_REFERENCE, "old reference value does not match");
		return GIT_EMODIFIED;
	}
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, id);
	hex[GIT_OID_HEXSZ] = '\n';
	hex[GIT_OID_HEXSZ + 1] = '\0';
	if (write(fd, hex, GIT_OID_HEXSZ + 1) != GIT_OID_HEXSZ + 1 || fsync(fd) < 0) {
		error = fail_io("failed to write", lock);
		close(fd);
		unlink(lock);
		return error;
	}
	if (close(fd) < 0 || rename(lock, path) < 0) {
		error = fail_io("failed to write", path);
		unlink(lock);
		return error;
	}
	if (fsync_parent(path) < 0)
		return fail_io("failed to write", path);
	append_reflog(r, refname, expect, id, who, logmsg);
	if (strcmp(refname, "HEAD") && head_points_at(r->git, refname))
		append_reflog(r, "HEAD", expect, id, who, logmsg);
	return 0;
}
