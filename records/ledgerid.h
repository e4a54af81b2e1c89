/* The ledger's identity (records-more.md): units.yaml's `ledger:`, 32
 * lowercase hex digits made at random by init and shared by every copy of
 * one street's ledger. Sync refuses a remote holding another ledger. */
#ifndef GGW_LEDGERID_H
#define GGW_LEDGERID_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/repo.h"
#include "ops.h"

#define LEDGER_ID_LEN 32

/* A new random id (out: LEDGER_ID_LEN + 1 bytes). */
int ledgerid_make(char *out, struct ggw_error *err);
/* Is s a ledger id (32 lowercase hex digits)? */
int ledgerid_valid(const char *s);

/* The ledger id and street of commit id's units.yaml; "" when it has none
 * (an older ledger) or it cannot be read. */
void ledgerid_of_commit(struct repo *r, const char *commit, char *id, size_t idlen,
			char *street, size_t streetlen);

/* An older ledger gets its id from the office: on the office's PC (actor
 * a), when units.yaml has none, one is made and committed. *added says
 * whether a commit was made. Caller holds the lock. */
int ledgerid_ensure(struct repo *r, const struct actor *a, int *added, struct ggw_error *err);

#endif
