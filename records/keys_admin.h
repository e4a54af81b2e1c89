/* The office's keys: register, revoke, list (keys/allowed_signers, see
 * records/trust.h), and the registration requests of new PCs.
 *
 * A request is a commit of one file "request" with no parent, at
 * refs/ggw/keyreq/<unit>-<16 hex of the key>: it never enters main (so
 * it needs no signature and passes every sync check), travels to and from
 * hubs beside main, and is pending until its key is in the registry. */
#ifndef GGW_KEYS_ADMIN_H
#define GGW_KEYS_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "../model/signers.h"
#include "../storage/repo.h"
#include "ops.h"

#define KEYREQ_PREFIX "refs/ggw/keyreq/"
#define KEYREQ_MAX 64          /* requests listed at most */
#define KEYREQ_MAX_BYTES 4096  /* a request file's size limit */

/* The registry at HEAD (empty if the ledger has none yet: *present 0). */
int keys_load(struct repo *r, struct signers *out, int *present, struct ggw_error *err);

/* Register keyline ("ssh-ed25519 AAAA... [comment]") for unit (a unit of
 * units.yaml), office PC only, committed (and so signed) as the office.
 * The first registration starts the trust (see trust.h): it must be an
 * office key, and it writes the trust start line. note NULL: the key
 * line's comment. fp (64 bytes, may be NULL) gets the fingerprint. */
int keys_add(struct repo *r, const struct actor *a, const char *unit, const char *keyline,
	     const char *note, char *fp, struct ggw_error *err);
/* Revoke the key whose fingerprint is fp (SHA256:..., or a unique prefix
 * of at least 8 characters of what follows "SHA256:") from now on. The
 * last office key that is not revoked cannot be revoked. unit_out (64
 * bytes, may be NULL) gets the key's unit. */
int keys_revoke(struct repo *r, const struct actor *a, const char *fp, int64_t now,
		char *unit_out, struct ggw_error *err);
/* Index in s of the key whose fingerprint matches fp (as above); -1 none,
 * -2 several. */
long keys_find_fingerprint(const struct signers *s, const char *fp);

struct key_request {
	char ref[128];
	char unit[64];
	char keyline[160];  /* "ssh-ed25519 AAAA..." */
	char note[200];
	char fingerprint[64]; /* computed here from the key, never read */
	char phone[24];
	int registered;     /* its key is in the registry (registered or revoked) */
};

/* Make this PC's request for unit with keyline and note; it goes out with
 * the next sync (ggw.keyrequest names it). */
int keyreq_make(struct repo *r, const char *unit, const char *keyline, const char *note,
		struct key_request *out, struct ggw_error *err);
/* The requests received (and made here), at most KEYREQ_MAX; a request
 * that does not read is skipped (hostile input is never shown raw). */
int keyreq_list(struct repo *r, struct key_request **out, size_t *n, struct ggw_error *err);
/* This PC's own request ref ("" if none) into buf. */
void keyreq_own_ref(struct repo *r, char *buf, size_t len);

#endif
