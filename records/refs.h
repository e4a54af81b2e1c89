/* Records that cite other records (a case's paired 五老, an activity's site
 * and cases, a fund's activity, ...): do the cited records exist? */
#ifndef GGW_REFS_H
#define GGW_REFS_H

#include <stdio.h>

#include "ledger.h"

/* Print "path:line:col: …" to out for every id in an entry's refs (see
 * struct entry) that no valid record of the cited type has. The line is
 * looked up in the file only for the ids that are missing. Returns how
 * many were printed. (An activity's volunteers are checked by `check`
 * itself, from volunteer_ids.) */
size_t ledger_check_refs(struct repo *r, const struct ledger *l, FILE *out);

#endif
