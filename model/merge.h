/* Field-by-field merge of one record against its common ancestor, as the
 * spec's "Merging" section says. Shared by `ggw sync` and the git merge
 * driver `ggw merge-file`. Pure: libc and the node tree only. */
#ifndef GGW_MERGE_H
#define GGW_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "fields.h"
#include "node.h"

/* One side of a merge: its version of the record (NULL if the record does
 * not exist on that side: deleted, or never added) and who made it. The
 * metadata goes into `conflicts:` entries and decides which value is kept
 * where both sides changed a field differently. Strings may be "" when
 * unknown (e.g. in the git merge driver). */
struct merge_side {
	const struct node *rec;
	const char *author;  /* "Name <email>" */
	const char *unit;    /* unit key of the commit's author */
	int64_t time;        /* commit time, seconds since the epoch; 0 unknown */
	int tz_minutes;
	const char *commit;  /* 40 hex, or "" */
	int64_t rank_time;   /* the time that counts in a conflict, bounded by
				history (sync: clocks years off); 0: time */
};

/* Merge. base may be NULL (record added on both sides). On return:
 * *deleted = 1 if the result is "no record" (deleted on one side and
 * unchanged on the other, or deleted on both); else *out holds the merged
 * record (canonical order, record_normalize'd) and *nconflicts counts the
 * conflicts this merge added. The rule for a field changed differently on
 * the two sides depends only on the two sides' content and metadata, never
 * on which side is "ours", so two PCs merging the same histories write
 * byte-identical records. Edit versus delete keeps the edited record. */
int merge_record(enum record_type t, const struct node *base,
		 const struct merge_side *ours, const struct merge_side *theirs,
		 struct node *out, int *deleted, size_t *nconflicts,
		 struct ggw_error *err);

/* Settle one conflict of field `dotted` in rec: how = 'o' keep the current
 * value, 't' take the conflict's recorded value, 'v' set value (text, as
 * record_set_field would). Removes the conflict entry (all entries for
 * that field). GGW_ENOTFOUND if there is no conflict for that field. */
int merge_resolve(enum record_type t, struct node *rec, const char *dotted,
		  char how, const char *value, struct ggw_error *err);

#endif
