/* The ledger's rules.yaml (office only): loaded with the ledger, checked
 * before it is committed. Every figure (report, audit, score) comes from
 * ledger_rules(), so all PCs of a ledger count the same way. */
#ifndef GGW_RULES_LOAD_H
#define GGW_RULES_LOAD_H

#include <stddef.h>

#include "../model/err.h"
#include "../model/rules.h"
#include "../storage/repo.h"
#include "ledger.h"
#include "ops.h"

#define RULES_FILE "rules.yaml"

/* Parse and read rules text; name starts the messages
 * ("rules.yaml:12:5: minimums.sessions: …"). GGW_EINVALID or GGW_ENOMEM. */
int rules_parse_text(const char *name, const char *yaml, size_t len, struct rules **out,
		     struct ggw_error *err);
/* Is this valid rules.yaml text? 0 or GGW_EINVALID naming line and field.
 * For sync's check of incoming commits as well. */
int rules_validate_text(const char *yaml, size_t len, struct ggw_error *err);

/* rules.yaml of the work tree: *out NULL (the defaults) when absent. */
int rules_load(struct repo *r, struct rules **out, struct ggw_error *err);

/* The rules a loaded ledger counts by: its rules.yaml or the defaults. */
const struct rules *ledger_rules(const struct ledger *l);
/* 0, or GGW_EINVALID with the error of a rules.yaml that does not read:
 * figures are refused rather than counted by other rules than the
 * other PCs'. */
int ledger_rules_ok(const struct ledger *l, struct ggw_error *err);

/* Replace rules.yaml with text (office only), validated first, committed
 * with Ggw-Action: rules. Returns OPS_UNCHANGED when the text is what the
 * file already holds. */
int rules_commit(struct repo *r, const struct actor *a, const char *text, size_t len,
		 struct ggw_error *err);

#endif
