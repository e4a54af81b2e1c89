/* git's merge driver for record files (`ggw merge-file %O %A %B`): a
 * field-level merge of three versions, the result written over ours. */
#ifndef GGW_MERGEFILE_H
#define GGW_MERGEFILE_H

#include <stddef.h>

#include "../model/err.h"

/* Merge the files base (may be empty or missing: no ancestor), ours and
 * theirs, field by field, and write the result over ours. Fields changed
 * differently on both sides keep one value and record the other under
 * conflicts:, counted in *nconflicts. id (len bytes) receives the
 * record's id (else the ours path) for messages. On any error ours is
 * left as it was. The sides' authors and times come from the running git
 * merge when there is one. */
int merge_driver(const char *base, const char *ours, const char *theirs, char *id, size_t len,
		 size_t *nconflicts, struct ggw_error *err);

#endif
