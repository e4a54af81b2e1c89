/* Which records `ggw check` finds fault with, decided in one place: the
 * check prints the details, the audit counts the same records, and rm
 * asks whether a volunteer is still named before deleting it. */
#ifndef GGW_CHECKRULE_H
#define GGW_CHECKRULE_H

#include <stddef.h>

#include "../model/err.h"
#include "ledger.h"

/* record_check_faults bits */
#define CHECK_FAULT_INVALID 1u   /* does not parse or validate (entry.error) */
#define CHECK_FAULT_UNIT 2u      /* valid, but its unit is not in units.yaml */
#define CHECK_FAULT_VOLUNTEER 4u /* names a volunteer id no volunteer record has */
#define CHECK_FAULT_DUPLICATE 8u /* its id is the id of another file too */
#define CHECK_FAULT_REF 16u      /* valid, but cites (entry.refs: a site, case,
				    activity, member's volunteer, ...) an id
				    no valid record has (records/refs.h) */

/* The ledger's ids, sorted, for the cross-record rules. Strings are the
 * ledger's: the index lives no longer than it. */
struct check_index {
	const char **volunteers; /* ids of volunteer records */
	size_t nvolunteers;
	const char **ids;        /* the id of every entry */
	size_t nids;
	const char **valid_ids;  /* the id of every valid entry */
	size_t nvalid;
};
int check_index_build(const struct ledger *l, struct check_index *out, struct ggw_error *err);
void check_index_free(struct check_index *c);

/* Is there a volunteer record with this id? */
int check_volunteer_known(const struct check_index *c, const char *id);

/* The faults of entry e (0: the check passes it). units NULL: the unit
 * rule is skipped (units.yaml itself is broken, and reported as such). */
unsigned record_check_faults(const struct check_index *c, const struct units *units,
			     const struct entry *e);

/* Does e name volunteer vid (among its volunteer ids)? */
int entry_names_volunteer(const struct entry *e, const char *vid);

#endif
