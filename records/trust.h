/* Who may sign what. A commit is checked against keys/allowed_signers as
 * it is in the commit's FIRST PARENT, so no commit can register the key
 * that signs it: the key must be registered there for the unit the commit
 * speaks for (its Ggw-Unit trailer, else its unit e-mail, else the unit of
 * the folders it changes; the office for units.yaml, rules.yaml, keys/).
 *
 * Trust start. The office's first signed commit adds keys/allowed_signers
 * (the bootstrap: checked against the file it adds, office key only) and
 * writes "# ggw-trust-start: <its parent>" in it. Commits reachable from
 * that parent were made before signing: checked as before, shown unsigned.
 * Every other commit must be signed.
 *
 * Revocation. A key with valid-before is revoked from that time (the line
 * stays, so plain git still says Good for older commits): ggw refuses a
 * commit signed by it when its first parent already holds the revocation,
 * or when its committer time is after the revocation in the trusted tip's
 * file (a commit made on an older base but after the revocation). */
#ifndef GGW_TRUST_H
#define GGW_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "../model/signers.h"
#include "../storage/gitp.h"
#include "ledger.h"

#define TRUST_FILE "keys/allowed_signers"
#define TRUST_START_TAG "# ggw-trust-start:"

enum trust_state {
	TRUST_NO_START,     /* the ledger has no keys yet: nothing is signed */
	TRUST_BEFORE_START, /* made before the trust start (unsigned is fine) */
	TRUST_GOOD,
	TRUST_UNSIGNED,     /* refused: no signature after the trust start */
	TRUST_BAD,          /* refused: malformed, other namespace, or wrong */
	TRUST_UNKNOWN_KEY,  /* refused: key not registered at the first parent */
	TRUST_WRONG_UNIT,   /* refused: key registered for another unit */
	TRUST_REVOKED,      /* refused: key revoked */
	TRUST_NOT_YET,      /* refused: before the key's valid-after */
	TRUST_OUTSIDE,      /* refused: an unsigned-era commit made after the
			       trust start (its first parent has no keys) */
};

struct trust_verdict {
	enum trust_state state;
	char unit[64];        /* the unit the commit speaks for ("" if none) */
	char fingerprint[64]; /* of the signing key, "" if unsigned */
	char key_unit[64];    /* the unit the key is registered for, "" if none */
	char note[160];       /* the key's note */
	char why[256];        /* sshsig's reason for TRUST_BAD */
	int revoked_later;    /* GOOD, but the key was revoked since */
	int signed_before;    /* BEFORE_START, yet signed by a key of today's
				 registry (trust_describe_old) */
};

struct trust_ctx;

/* Trust as seen from trusted_tip (our own main, already verified; NULL or
 * "" for none), or, if that has no keys yet, from incoming_tip (which is
 * then verified from its own bootstrap on). */
int trust_open(struct repo *r, const char *trusted_tip, const char *incoming_tip,
	       struct trust_ctx **out, struct ggw_error *err);
void trust_free(struct trust_ctx *t);
/* Also check the signatures of commits made before the start (for ggw
 * log: "签名开始之前（office 的钥匙签过名）"). */
void trust_describe_old(struct trust_ctx *t);
/* 1 when the ledger seen has a trust start. */
int trust_started(const struct trust_ctx *t);

/* The verdict for commit c, which speaks for unit (see above; "" when it
 * names none: then any registered key, whose unit is reported). */
int trust_commit(struct trust_ctx *t, const struct commit_info *c, const char *unit,
		 struct trust_verdict *v, struct ggw_error *err);
/* 1 for the states that are refused. */
int trust_refused(enum trust_state s);
/* The unit c speaks for: trailer, else unit e-mail (when u knows it), else
 * the unit of the first path in paths. */
void trust_claimed_unit(const struct commit_info *c, const struct units *u, char *const *paths,
			size_t np, char *unit, size_t len);

/* The hook of sync's verify: refuse c (GGW_EDENIED, naming the commit,
 * the claimed unit, the key fingerprint and the path) unless trusted. */
int trust_verify_incoming(struct trust_ctx *t, const struct commit_info *c,
			  const struct units *u, char *const *paths, size_t np,
			  struct ggw_error *err);

/* One short phrase for a verdict ("已签名：xinyi 的钥匙（王秀英的电脑）",
 * "未签名（签名开始之前）", ...), for ggw log. */
void trust_describe(const struct trust_verdict *v, char *buf, size_t len);

/* ggw check: every commit of HEAD's history against the trust seen from
 * HEAD; bad(data, line) for each refused one (and for a registry that does
 * not read). Nothing when the ledger has no keys yet. */
typedef void (*trust_bad_fn)(void *data, const char *line);
int trust_check_history(struct repo *r, trust_bad_fn bad, void *data, size_t *checked,
			size_t *nbad, struct ggw_error *err);

/* Before a push to remote_ref ("refs/remotes/usb/main"): 1 if a commit of
 * ours (NULL: HEAD) not in remote_ref would be refused by the receiver
 * (this PC's key not registered yet, or revoked), with why in msg; then
 * main stays local. 0 if all would pass (or the ledger has no keys). */
int trust_outgoing_refused(struct repo *r, const char *ours, const char *remote_ref, char *msg,
			   size_t len);

/* The registry at commit id (an empty one if it has none). */
int trust_signers_at(struct repo *r, const char *id, struct signers *out, int *present,
		     struct ggw_error *err);

#endif
