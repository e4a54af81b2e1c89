/* What single commits changed, and which files history deleted (libgit2),
 * for `ggw undo` and `ggw restore`. Kept apart from repo.c like
 * repo_status.c, so records/ reaches libgit2 only through storage/. */
#ifndef GGW_REPO_CHANGES_H
#define GGW_REPO_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "gitmeta.h"
#include "repo.h"

/* One path a commit changed against its first parent (a root commit:
 * against nothing). Blob ids are 40 hex, "" when the path is absent on
 * that side. */
struct path_change {
	char *path;
	char old_blob[41];
	char new_blob[41];
};
/* Sorted by path. GGW_ENOTFOUND if commit names no commit. */
int repo_commit_changes(struct repo *r, const char *commit, struct path_change **out,
			size_t *n, struct ggw_error *err);
void path_changes_free(struct path_change *v, size_t n);

/* Blob id of path at rev ("HEAD" or 40 hex) into blob (41 bytes): "" if
 * the path is absent there or HEAD is unborn. */
int repo_blob_at(struct repo *r, const char *rev, const char *path, char *blob,
		 struct ggw_error *err);
/* A blob's content, NUL-terminated, *out malloc'd. */
int repo_blob_read(struct repo *r, const char *blob, char **out, size_t *len,
		   struct ggw_error *err);

/* Who last changed path in HEAD's history after commit since (as the
 * merge driver counts it: the commit that brought the change, not the
 * merge that took it in). */
int repo_last_change_meta(struct repo *r, const char *since, const char *path,
			  struct git_meta *out, struct ggw_error *err);

/* A file absent from HEAD, with the commit that deleted it last (newest
 * first over every commit reachable from HEAD, merges not counted: they
 * only bring another side's deletion, listed as its own commit). */
struct deleted_file {
	char *path;
	char blob[41];      /* its content just before the deletion */
	char commit[41];    /* the deleting commit */
	char *author, *email;
	int64_t time;
	int tz_minutes;
	char *summary;
	char *message;
};
/* want(path, data) says which paths to keep (NULL: all). */
int repo_deleted_files(struct repo *r, int (*want)(const char *path, void *data), void *data,
		       struct deleted_file **out, size_t *n, struct ggw_error *err);
void deleted_files_free(struct deleted_file *v, size_t n);

#endif
