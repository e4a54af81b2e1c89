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
 * commit said in err and its id in failed (may be NULL; "" when the
 * refusal is not one commit's). */
int sync_check_range(struct repo *r, const char *ours, const char *theirs, size_t *count,
		     char *failed, struct ggw_error *err);

/* Note that remote's main holds commit id, which libgit2 cannot parse (for
 * ggw status, until a sync finds the hub repaired). */
void sync_unreadable_note(struct repo *r, const char *remote, const char *id);
/* That commit's id, if one was noted: 1 and id set, else 0 and "". */
int sync_unreadable_get(struct repo *r, const char *remote, git_hex id);

#endif
