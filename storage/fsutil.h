/* Files that survive crashes and power cuts. */
#ifndef GGW_FSUTIL_H
#define GGW_FSUTIL_H

#include <stddef.h>
#include <stdio.h>

#include "../model/err.h"

/* Write path atomically: create parent folders, write a temporary file in
 * the same folder, fsync it, rename over path, fsync the folder. */
int atomic_write(const char *path, const void *data, size_t len, struct ggw_error *err);
/* The same without any fsync, for files that are only hints (a crash may
 * leave the old file, the new one, or an empty one at worst after a power
 * cut; never a half-written one while the machine runs). */
int atomic_write_nosync(const char *path, const void *data, size_t len, struct ggw_error *err);
/* A file written beside its final path and not yet in place, for a commit
 * that makes several files and objects durable in one pass: staged_write
 * (folders made, temporary file written, no fsync), staged_fd to sync it
 * with the rest, then staged_place (rename over path, fsync the folder and
 * the parents of folders made for it) or staged_drop (temporary removed). */
struct staged_file {
	char path[4096], tmp[4200];
	int fd;      /* open while written and not placed; -1 otherwise */
	size_t made; /* how much of path's folder existed before (0: all) */
};
int staged_write(struct staged_file *f, const char *path, const void *data, size_t len,
		 struct ggw_error *err);
int staged_place(struct staged_file *f, struct ggw_error *err);
void staged_drop(struct staged_file *f);
/* Remove path and fsync its folder; empty parent folders up to (not
 * including) stop_at are removed too. Absent file is not an error. */
int remove_durable(const char *path, const char *stop_at, struct ggw_error *err);
/* Make every write to the filesystem holding dir durable (syncfs(2)): one
 * call after many files were written in place (a checkout), instead of
 * an fsync each. */
int sync_filesystem_of(const char *dir, struct ggw_error *err);
/* The same begun on a thread of its own, so that the disk writes a large
 * checkout out while this thread goes on working; NULL (nothing begun) if
 * the process has one core (usable_cores) or no thread could start.
 * sync_filesystem_wait waits for it and says whether it failed (a later
 * syncfs on another descriptor would not see an error this one saw); NULL
 * is waited for at once. */
struct fs_flush;
struct fs_flush *sync_filesystem_begin(const char *dir);
int sync_filesystem_wait(struct fs_flush *f, struct ggw_error *err);
/* Read a whole file (at most max bytes, else GGW_EINVALID naming the size).
 * *out is NUL-terminated. */
int read_whole_file(const char *path, size_t max, char **out, size_t *len, struct ggw_error *err);
/* The same for a ledger's own files (records, units.yaml): path itself must
 * be a regular file; a symlink, device, FIFO or folder is GGW_EINVALID and
 * is never opened for reading (no following, no waiting). */
int read_regular_file(const char *path, size_t max, char **out, size_t *len,
		      struct ggw_error *err);
int mkdir_parents(const char *path, struct ggw_error *err); /* folders of path's dirname */
/* A cache file (a hint, rebuilt when absent or damaged) written through
 * a 256 KB buffer: cache_file_begin removes the temporaries that killed
 * writers left beside path and opens path.tmp.<pid> (NULL if it cannot;
 * tmp gets its name); cache_file_end flushes it, fsyncs it if durable (a
 * power cut must not leave a cache that looks whole and is not), closes
 * it and renames it over path when ok and all went well, else removes
 * it. Returns 0 or -1. */
FILE *cache_file_begin(const char *path, char *tmp, size_t tmplen);
int cache_file_end(FILE *f, const char *tmp, const char *path, int ok, int durable);
/* Join into buf; GGW_EINVALID if it does not fit. */
int path_join(char *buf, size_t len, const char *a, const char *b);

#endif
