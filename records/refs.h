/* Records that cite other records (a case's paired 五老, an activity's site
 * and cases, a fund's activity, ...): do the cited records exist? */
#ifndef GGW_REFS_H
#define GGW_REFS_H

#include "ledger.h"

/* Give emit "path:line:col: …" (translated) for every id in an entry's
 * refs (see struct entry) that no valid record of the cited type has. The
 * line is looked up in the file only for the ids that are missing.
 * Returns how many there were. (An activity's volunteers are checked by
 * ledger_check itself, from volunteer_ids.) */
typedef void refs_emit_fn(void *ctx, const char *path, const char *line);
size_t ledger_check_refs(struct repo *r, const struct ledger *l, refs_emit_fn *emit, void *ctx);

#endif
