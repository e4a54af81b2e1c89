/* The markers a clone keeps in <gitdir>/ggw while its files are not yet
 * known to be on the disk, and the flush that removes them.
 *
 * clone-unfinished (fsynced) goes first, before any file is written. When
 * every file is written, clone-written records this boot's id (no fsync:
 * it means something only in the boot that wrote it). The flush (syncfs)
 * then runs in a process of its own, holding the ledger's lock, and
 * removes both: the user has the prompt back as soon as the files are
 * written, as after git clone, and the copy is still durable before
 * anything is written on top of it.
 *
 *   no marker                          a finished clone
 *   clone-unfinished, written this boot    written, flush under way (or its
 *                                       process died: the next opener that
 *                                       gets the lock finishes it)
 *   clone-unfinished otherwise            cut off (killed while writing, or
 *                                       the power lost before the flush):
 *                                       refused, to be cloned again */
#ifndef GGW_CLONEMARK_H
#define GGW_CLONEMARK_H

#include "../model/err.h"
#include "repo.h"

enum clone_state { CLONE_DONE, CLONE_CUT, CLONE_FLUSHING };

/* gitdir with its trailing '/'. */
enum clone_state clonemark_state(const char *gitdir);
int clonemark_begin(const char *gitdir, struct ggw_error *err);
/* Can this system finish a clone in the background (is its boot id
 * readable)? */
int clonemark_can_defer(void);
/* Every file written: flush and remove the markers, in a process of its
 * own when clonemark_can_defer() (r's lock is taken for it and passes to
 * that process), else here. 0 or <0 (err set). */
int clonemark_finish(struct repo *r, struct ggw_error *err);
/* r is CLONE_FLUSHING and its lock is held (by this process): flush and
 * remove the markers now. 0, or <0 (the flush failed: the clone is cut). */
int clonemark_settle_locked(struct repo *r, struct ggw_error *err);
/* r is CLONE_FLUSHING: finish it here if nobody holds the lock (the flushing
 * process died), without waiting. 0, or <0 as clonemark_settle_locked. */
int clonemark_settle_if_free(struct repo *r, struct ggw_error *err);

#endif
