/* Undo and restore, each an ordinary commit that syncs like any change.
 * `ggw undo` reverts this PC's last change (the newest commit on HEAD's
 * first-parent line with this PC's Ggw-Unit and author e-mail and a
 * record action); `ggw restore ID` brings a deleted record back with its
 * last content. Shared by the command line and the interface. */
#ifndef GGW_UNDO_H
#define GGW_UNDO_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "../model/fields.h"
#include "ops.h"

/* This PC's last change, as ops_undo would undo it. */
struct undo_target {
	char commit[41];
	char *subject;     /* its first line */
	char action[16];   /* its Ggw-Action */
	char *next_subject; /* the subject the undo commit gets: "撤销：…",
			       or "重做：…" when it undoes an undo */
};
void undo_target_free(struct undo_target *t);

/* Find it without changing anything (GGW_ENOTFOUND if this PC has made
 * no change that can be undone). */
int ops_undo_find(struct repo *r, const struct actor *a, struct undo_target *t,
		  struct ggw_error *err);

/* Undo it: one commit giving each path the commit changed its content
 * from before (a file it added is deleted), subject next_subject,
 * trailers Ggw-Action: undo and Ggw-Undoes: <commit>. Refused with
 * GGW_ECONFLICT, naming who and when, if any of those paths was changed
 * by a later commit (someone else's, or a sync merge) or by hand since;
 * an undone volunteer is not deleted while activities name it. t (may be
 * NULL) receives what was undone, commit_id (41, may be NULL) the new
 * commit. */
int ops_undo(struct repo *r, const struct actor *a, struct undo_target *t, char *commit_id,
	     struct ggw_error *err);

/* A record file absent from HEAD, as it was just before its last deletion. */
struct deleted_record {
	char *id, *unit, *path;
	enum record_type type;
	char *title;            /* its title field, or "" */
	char commit[41];        /* the deleting commit */
	char *author;           /* who deleted it */
	char deleter_unit[40];  /* that commit's Ggw-Unit, or "" */
	int64_t time;
	int tz_minutes;
	char blob[41];          /* its content */
};
/* Newest deletion first; one entry per record. */
int deleted_records(struct repo *r, struct deleted_record **out, size_t *n,
		    struct ggw_error *err);
void deleted_records_free(struct deleted_record *v, size_t n);

/* Put record id back where it was, with the content it had when it was
 * deleted: validated and scope-checked like an add, committed with
 * Ggw-Action: restore ("恢复活动：…"). GGW_ENOTFOUND if history has no
 * deleted record with that id; GGW_EINVALID if it exists now. relpath
 * (>= 512 bytes, may be NULL) receives its path. */
int ops_restore(struct repo *r, const struct actor *a, const char *id, char *relpath,
		struct problems *probs, struct ggw_error *err);

#endif
