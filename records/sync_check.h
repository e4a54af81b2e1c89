/* The incoming-commit check of records/sync.c, for the other readers of a
 * hub's history that must apply the same rule (records/sync_clone.c: ggw
 * clone). One check, not a copy: these call sync.c's own functions. */
#ifndef GGW_SYNC_CHECK_H
#define GGW_SYNC_CHECK_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/gitp.h"
#include "../storage/repo.h"

/* Check every commit of theirs not in ours (write scope, trees, sizes,
 * signatures), as a sync checks what it receives; a tip libgit2 cannot
 * parse is refused. 0 if all pass; GGW_EDENIED with the first refused
 * commit said in err. */
int sync_check_range(struct repo *r, const char *ours, const char *theirs, size_t *count,
		     struct ggw_error *err);

/* The newest commit on tip's first-parent line, tip itself excluded, whose
 * history passes the check against ours, as ggw hub repair finds it (the
 * history is here); "" if none. */
void sync_check_last_good(struct repo *r, const char *ours, const char *tip, git_hex good);

/* Note that remote's main holds commit id, which libgit2 cannot parse (for
 * ggw status, until a sync finds the hub repaired). */
void sync_unreadable_note(struct repo *r, const char *remote, const char *id);
/* That commit's id, if one was noted: 1 and id set, else 0 and "". */
int sync_unreadable_get(struct repo *r, const char *remote, git_hex id);

#endif
