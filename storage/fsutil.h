/* Files that survive crashes and power cuts. */
#ifndef GGW_FSUTIL_H
#define GGW_FSUTIL_H

#include <stddef.h>

#include "../model/err.h"

/* Write path atomically: create parent folders, write a temporary file in
 * the same folder, fsync it, rename over path, fsync the folder. */
int atomic_write(const char *path, const void *data, size_t len, struct ggw_error *err);
/* The same without any fsync, for files that are only hints (a crash may
 * leave the old file, the new one, or an empty one at worst after a power
 * cut; never a half-written one while the machine runs). */
int atomic_write_nosync(const char *path, const void *data, size_t len, struct ggw_error *err);
/* Remove path and fsync its folder; empty parent folders up to (not
 * including) stop_at are removed too. Absent file is not an error. */
int remove_durable(const char *path, const char *stop_at, struct ggw_error *err);
/* Read a whole file (at most max bytes, else GGW_EINVALID naming the size).
 * *out is NUL-terminated. */
int read_whole_file(const char *path, size_t max, char **out, size_t *len, struct ggw_error *err);
/* The same for a ledger's own files (records, units.yaml): path itself must
 * be a regular file; a symlink, device, FIFO or folder is GGW_EINVALID and
 * is never opened for reading (no following, no waiting). */
int read_regular_file(const char *path, size_t max, char **out, size_t *len,
		      struct ggw_error *err);
int mkdir_parents(const char *path, struct ggw_error *err); /* folders of path's dirname */
/* Join into buf; GGW_EINVALID if it does not fit. */
int path_join(char *buf, size_t len, const char *a, const char *b);

#endif
