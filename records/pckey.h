/* This PC's signing key (issue 10): where it lives, making it, and signing
 * every commit a ledger copy makes with it.
 *
 * Where: the repository setting ggw.signingkey (a path; a leading "~/" is
 * the home folder), else $XDG_CONFIG_HOME/ggw/keys/<unit>_ed25519
 * (XDG_CONFIG_HOME defaults to ~/.config), <unit> being ggw.unit: one key
 * per PC and unit, shared by every copy of the ledger on this PC, so a
 * ledger copied again (ggw clone after damage) keeps its registered key.
 * Never inside the repository. The file is an unencrypted OpenSSH ed25519
 * key, mode 0600, with KEY.pub beside it; its comment is the unit's name
 * and this PC's host name. The default key is made by ggw init, ggw clone,
 * ggw key show and the first commit that finds it missing (ledgers made
 * before signing); a configured key that is missing is an error. */
#ifndef GGW_PCKEY_H
#define GGW_PCKEY_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/repo.h"
#include "../storage/sshsig.h"

/* Signing on for this process (main calls it once): pckey_attach does
 * nothing until then, so unit tests and tools using libggw make unsigned
 * commits and write nothing to the user's folders. GGW_TEST_UNSIGNED=1 in
 * the environment keeps it off (benchmarks only). */
void pckey_enable(void);
int pckey_enabled(void);

/* The key file of r (see above). *configured = 1 when it comes from
 * ggw.signingkey (may be NULL). */
int pckey_path(struct repo *r, char *out, size_t len, int *configured, struct ggw_error *err);
/* Make the default key if it is missing; *made = 1 when made (may be NULL).
 * A configured key is never made: missing, it is GGW_ENOTFOUND. */
int pckey_ensure(struct repo *r, int *made, struct ggw_error *err);
/* Load this PC's key (making the default one if missing). */
int pckey_load(struct repo *r, struct ssh_seckey **out, struct ggw_error *err);
/* Sign every commit made through r with this PC's key, loaded on the first
 * commit (commands that do not commit never read it). No-op unless
 * pckey_enable was called. */
int pckey_attach(struct repo *r, struct ggw_error *err);
/* For ggw init and ggw clone once ggw.unit is set: attach, and make the
 * default key now if missing, so `ggw key show` can be read out at once.
 * No-op unless pckey_enable was called. */
int pckey_setup(struct repo *r, struct ggw_error *err);

#endif
