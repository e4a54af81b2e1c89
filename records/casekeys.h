/* The key from a case code to a child: kept on this PC only, in
 * $XDG_CONFIG_HOME/ggw/case-keys/<ledger>.yaml (mode 0600), outside the
 * repository and every sync, so that it can really be destroyed when the
 * case closes (PIPL art. 28 and 31: every personal detail of a child under
 * 14 is sensitive; a replicated git history cannot delete anything). */
#ifndef GGW_CASEKEYS_H
#define GGW_CASEKEYS_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/repo.h"

/* The key file of r's ledger: named by units.yaml's `ledger:` when it has
 * one (every copy of the ledger on this PC shares it), else by a hash of
 * the repository's folder (kept on when the ledger gains a `ledger:` later,
 * so that no key is lost). GGW_EINVALID when neither $XDG_CONFIG_HOME nor
 * $HOME is set. */
int casekeys_path(struct repo *r, char *buf, size_t len, struct ggw_error *err);

/* The text kept for code (malloc'd); GGW_ENOTFOUND if none. */
int casekeys_get(struct repo *r, const char *code, char **text, struct ggw_error *err);
/* Keep text for code, replacing what was there. */
int casekeys_set(struct repo *r, const char *code, const char *text, struct ggw_error *err);
/* Forget code: 1 if there was an entry, 0 if not, or an error. The file is
 * rewritten without it (and removed when it was the last one). */
int casekeys_delete(struct repo *r, const char *code, struct ggw_error *err);

#endif
