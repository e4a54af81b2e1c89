/* OpenSSH ed25519 keys and SSH signatures ("SSHSIG", the format
 * `ssh-keygen -Y sign` writes and git's gpg.format=ssh verifies), done in
 * process with libsodium. Contract between the signing side (keys of this
 * PC, commits signed in storage/repo.c) and the trust side (records/trust.c,
 * keys/allowed_signers, verification at sync and check). */
#ifndef GGW_SSHSIG_H
#define GGW_SSHSIG_H

#include <stddef.h>

#include "../model/err.h"

#define SSHKEY_PUB_LEN 32

struct ssh_pubkey {
	unsigned char key[SSHKEY_PUB_LEN]; /* raw ed25519 public key */
};

/* "ssh-ed25519 AAAA... [comment]" -> key; *comment (may be NULL) gets a
 * malloc'd copy of the comment or NULL. Other key types are refused. */
int sshkey_parse_line(const char *line, struct ssh_pubkey *out, char **comment,
		      struct ggw_error *err);
/* The public key line, "ssh-ed25519 AAAA..." plus " comment" if given
 * (malloc'd). */
int sshkey_format_line(const struct ssh_pubkey *key, const char *comment, char **out,
		       struct ggw_error *err);
/* "SHA256:<base64 without padding>", as ssh-keygen -l prints it. */
void sshkey_fingerprint(const struct ssh_pubkey *key, char out[64]);
/* A short code a person reads out on the phone: 4 groups of 4 digits taken
 * from the fingerprint ("4821-0937-5512-0764"). */
void sshkey_phone_code(const struct ssh_pubkey *key, char out[24]);

/* Verify an armored signature ("-----BEGIN SSH SIGNATURE-----" ...) over msg
 * in namespace ns. On success *signer is the key that signed; the caller
 * decides whether that key is allowed. GGW_EINVALID with a message when the
 * signature is malformed, not ed25519/sha512, the wrong namespace, or bad. */
int sshsig_verify(const char *armored, size_t armored_len, const char *ns, const void *msg,
		  size_t msg_len, struct ssh_pubkey *signer, struct ggw_error *err);

/* This PC's secret key, read from an unencrypted OpenSSH private key file
 * ("-----BEGIN OPENSSH PRIVATE KEY-----", as ssh-keygen -t ed25519 -N ''
 * writes). */
struct ssh_seckey;
/* Write a new key pair: path (mode 0600, atomic) and path.pub. Refuses to
 * overwrite an existing file. */
int sshkey_generate_file(const char *path, const char *comment, struct ggw_error *err);
int sshkey_load_file(const char *path, struct ssh_seckey **out, struct ggw_error *err);
void sshkey_free(struct ssh_seckey *key);
const struct ssh_pubkey *sshkey_public(const struct ssh_seckey *key);
/* The comment stored in the key file ("" if none; control characters are
 * shown as spaces). */
const char *sshkey_comment(const struct ssh_seckey *key);
/* Armored signature of msg in namespace ns (malloc'd, NUL-terminated). */
int sshsig_sign(const struct ssh_seckey *key, const char *ns, const void *msg, size_t msg_len,
		char **armored, struct ggw_error *err);

#endif
