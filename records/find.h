/* Finding a record's file by its id, also after it was deleted. */
#ifndef GGW_FIND_H
#define GGW_FIND_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/repo.h"

/* relpath (>= 256 bytes) of record id: where it is now (ops_find_path),
 * else where it was when deleted, from the Ggw-Record trailers of the
 * history. GGW_ENOTFOUND (ops_find_path's message) if neither. */
int record_find_any(struct repo *r, const char *id, char *relpath, size_t len,
		    struct ggw_error *err);

#endif
