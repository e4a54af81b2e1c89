/* keys/allowed_signers: the public keys the office registered, one line
 * each, in OpenSSH's allowed-signers format (ssh-keygen(1) ALLOWED
 * SIGNERS), which plain git reads with gpg.ssh.allowedSignersFile:
 *
 *   xinyi namespaces="git" ssh-ed25519 AAAA... 新义村 王秀英的电脑
 *   xinyi namespaces="git",valid-before="20261201120000Z" ssh-ed25519 AAAA... 旧电脑
 *
 * The principal is a unit key; the trailing comment is the key's note. A
 * key with valid-before is revoked from that time on (ggw writes
 * valid-before only to revoke; the line stays for the history before it).
 * Comment lines and blank lines are kept. Pure text, libc only: the key
 * blob is base64-decoded here, fingerprints are storage/sshsig.h's. */
#ifndef GGW_SIGNERS_H
#define GGW_SIGNERS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define SIGNERS_MAX_BYTES (256 * 1024)
#define SIGNERS_MAX_LINE 4096
#define SIGNERS_MAX_ENTRIES 4096
#define SIGNERS_KEY_LEN 32

struct signer {
	int line;              /* 1-based line in the file it was read from */
	char *raw;             /* a comment or blank line, kept as written; NULL for a key */
	char *principals;      /* comma-separated, as written (ggw writes one unit) */
	int cert_authority;
	char *namespaces;      /* NULL: any namespace */
	char valid_after[24];  /* as written (YYYYMMDD[HHMM[SS]][Z]), "" if none */
	char valid_before[24];
	int64_t after;         /* seconds since the epoch; INT64_MIN if none */
	int64_t before;        /* INT64_MAX if none */
	char *keytype;         /* "ssh-ed25519", or another type ggw cannot check */
	char *keyb64;          /* the key blob, base64, as written */
	int ed25519;           /* 1 when key holds an ed25519 key */
	unsigned char key[SIGNERS_KEY_LEN];
	char *note;            /* the trailing comment, NULL if none */
};

struct signers {
	struct signer *v;
	size_t n, cap;
};

/* Parse a whole file (name for messages). Hostile input: bounded in size,
 * line length and entries; a bad line is refused with its number
 * ("keys/allowed_signers 第 3 行：..."). out is empty on error. */
int signers_parse(const char *name, const char *data, size_t len, struct signers *out,
		  struct ggw_error *err);
void signers_free(struct signers *s);

/* The file again (malloc'd, NUL-terminated), each entry on its line. */
int signers_format(const struct signers *s, char **out, size_t *len, struct ggw_error *err);

/* Append a key line for unit (namespaces="git"), note may be NULL. The note
 * loses control characters. Refuses a key already present. */
int signers_add(struct signers *s, const char *unit, const unsigned char key[SIGNERS_KEY_LEN],
		const char *note, struct ggw_error *err);
/* Revoke entry i from time t (valid-before, UTC). */
int signers_revoke(struct signers *s, size_t i, int64_t t, struct ggw_error *err);

/* 1 if entry e names principal unit (exact, no patterns: ggw never grants a
 * key several units by a wildcard), allows namespace ns, and is a key. */
int signer_allows(const struct signer *e, const char *unit, const char *ns);
/* 1 if time t is within e's valid-after/valid-before (as ssh-keygen checks
 * -Overify-time: after <= t <= before). */
int signer_valid_at(const struct signer *e, int64_t t);
/* The entries holding this ed25519 key, from index from on; -1 if none. */
long signers_find_key(const struct signers *s, const unsigned char key[SIGNERS_KEY_LEN],
		      size_t from);
/* The first principal of e into buf ("" if none). */
void signer_first_principal(const struct signer *e, char *buf, size_t len);

/* "YYYYMMDDHHMMSSZ" for t (UTC). */
void signers_time_format(int64_t t, char out[24]);
/* Parse an allowed-signers time: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS,
 * then an optional Z (UTC; without it local time, as ssh-keygen reads
 * it). -1 if invalid. */
int signers_time_parse(const char *s, int64_t *out);

/* Base64 of an ed25519 key blob (string "ssh-ed25519", string key) into out
 * (at least 72 bytes). */
void signers_key_b64(const unsigned char key[SIGNERS_KEY_LEN], char *out, size_t len);

#endif
