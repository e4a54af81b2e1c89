/* Work on a local hub (USB stick, folder) in this process, beside the
 * transfer child of transport.c: the side references that keep records
 * moving while the hub's main holds a refused commit, and the office's
 * repair that puts main back on the last good commit. Local paths only:
 * they cannot stall like a network peer. */
#ifndef GGW_HUB_LOCAL_H
#define GGW_HUB_LOCAL_H

#include <stddef.h>

#include "transport.h"
#include "hub.h"

/* Push local ref src (e.g. "refs/heads/main") to ref dst on the hub at
 * path, forced (dst is this PC's own side reference), directly under the
 * hub's turn lock (hubpath.h). */
int hub_local_push(struct repo *r, const char *path, const char *src, const char *dst,
		   struct ggw_error *err);
/* Fetch with one refspec ("+refs/ggw/units/ *:refs/ggw/side/usb/ *") from
 * the hub at path into this repository. */
int hub_local_fetch(struct repo *r, const char *path, const char *refspec,
		    struct ggw_error *err);
/* The same, telling in tr (nunreadable, unreadable_ref, ..., as a
 * transfer's result does) of a tip whose history holds a commit libgit2
 * cannot parse: that commit stays out, the readable part comes. tr may be
 * NULL. Both read the hub directly (hubpath.h), never through libgit2's
 * local transport. */
int hub_local_fetch_refused(struct repo *r, const char *path, const char *refspec,
			    struct transfer_result *tr, struct ggw_error *err);
/* The hub's main tip; GGW_ENOTFOUND if it has none. */
int hub_local_main(const char *path, git_hex out, struct ggw_error *err);
/* On the hub: keep ref keep -> expected (never overwritten), then move
 * main from expected to id (compare-and-swap: GGW_ECONFLICT if it moved).
 * A commit git cannot parse is kept by a file <hub>/ggw-refused/<name>
 * holding its id instead (a reference to it would break every fetch).
 * kept gets where it was kept. */
int hub_local_reset_main(const char *path, const char *id, const char *expected,
			 const char *keep, char *kept, size_t len, struct ggw_error *err);

/* On the hub: every reference under prefix ("refs/ggw/units/") naming a
 * commit libgit2 cannot parse is deleted, its id kept in a file
 * <hub>/ggw-refused/<tag>-<name>-<id> (the objects stay). Returns how
 * many; said gets "<name> <id10>" of each, for the message. */
int hub_local_set_aside_unparsable(const char *path, const char *prefix, const char *tag,
				   char *said, size_t len, struct ggw_error *err);

/* Point ref on the hub at id (created or moved, for the repair). */
int hub_local_set_ref(const char *path, const char *ref, const char *id, struct ggw_error *err);
int hub_local_delete_ref(const char *path, const char *ref);
/* The first parent of commit id in the hub, read from the raw object so
 * that a commit libgit2 cannot parse (a broken time) is still walked past.
 * GGW_ENOTFOUND for a root commit. */
int hub_local_raw_parent(const char *path, const char *id, git_hex parent, struct ggw_error *err);
/* The same in this repository (a network hub's history fetched here). */
int gitp_raw_parent(struct repo *r, const char *id, git_hex parent, struct ggw_error *err);

/* References of this repository under prefix ("refs/ggw/side/usb/"):
 * names (malloc'd) and tips. */
int gitp_ref_list(struct repo *r, const char *prefix, char ***names, git_hex **ids, size_t *n,
		  struct ggw_error *err);
void gitp_ref_list_free(char **names, git_hex *ids, size_t n);
int gitp_delete_ref(struct repo *r, const char *ref, struct ggw_error *err);

#endif
