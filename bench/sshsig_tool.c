/* Test and bench tool for storage/sshsig.c, so the shell suites can check
 * it against ssh-keygen in both directions:
 *   sshsig_tool gen KEYFILE [COMMENT]     new key file (and KEYFILE.pub)
 *   sshsig_tool pub KEYFILE               public key line of a key file
 *   sshsig_tool fp  'ssh-ed25519 AAAA...' fingerprint and phone code
 *   sshsig_tool sign KEYFILE NS <MSG >SIG
 *   sshsig_tool verify SIGFILE NS <MSG    prints the signer's fingerprint
 *   sshsig_tool bench KEYFILE N           N signatures of a 300-byte message
 * Exit 0 on success, 1 with the message on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../storage/fsutil.h"
#include "../storage/sshsig.h"

static int read_stdin(char **buf, size_t *len)
{
	size_t cap = 4096, n = 0, r;
	char *b = malloc(cap);

	while (b && (r = fread(b + n, 1, cap - n, stdin)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(b, cap * 2);

			if (!nb) {
				free(b);
				return -1;
			}
			b = nb;
			cap *= 2;
		}
	}
	*buf = b;
	*len = n;
	return b ? 0 : -1;
}

static int print_key(const struct ssh_pubkey *pub, const char *comment, struct ggw_error *err)
{
	char fp[64], code[24], *line = NULL;
	int rc = sshkey_format_line(pub, comment, &line, err);

	if (rc < 0)
		return rc;
	sshkey_fingerprint(pub, fp);
	sshkey_phone_code(pub, code);
	printf("%s\n%s\n%s\n", line, fp, code);
	free(line);
	return 0;
}

static int cmd_sign(const char *keyfile, const char *ns, struct ggw_error *err)
{
	struct ssh_seckey *key = NULL;
	char *msg = NULL, *sig = NULL;
	size_t len = 0;
	int rc;

	if ((rc = sshkey_load_file(keyfile, &key, err)) < 0)
		return rc;
	if (read_stdin(&msg, &len) < 0)
		rc = ggw_oom(err);
	else if ((rc = sshsig_sign(key, ns, msg, len, &sig, err)) == 0)
		fputs(sig, stdout);
	free(msg);
	free(sig);
	sshkey_free(key);
	return rc;
}

static int cmd_verify(const char *sigfile, const char *ns, struct ggw_error *err)
{
	struct ssh_pubkey signer;
	char *sig = NULL, *msg = NULL, fp[64];
	size_t siglen = 0, len = 0;
	int rc;

	if ((rc = read_whole_file(sigfile, 1 << 20, &sig, &siglen, err)) < 0)
		return rc;
	if (read_stdin(&msg, &len) < 0)
		rc = ggw_oom(err);
	else if ((rc = sshsig_verify(sig, siglen, ns, msg, len, &signer, err)) == 0) {
		sshkey_fingerprint(&signer, fp);
		printf("%s\n", fp);
	}
	free(sig);
	free(msg);
	return rc;
}

static int cmd_bench(const char *keyfile, int n, struct ggw_error *err)
{
	struct ssh_seckey *key = NULL;
	struct timespec t0, t1;
	char msg[300], *sig = NULL;
	int rc, i;

	memset(msg, 'x', sizeof(msg));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = sshkey_load_file(keyfile, &key, err)) < 0)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("load_key_us %.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n && rc == 0; i++) {
		rc = sshsig_sign(key, "git", msg, sizeof(msg), &sig, err);
		free(sig);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == 0)
		printf("sign_us %.1f\n",
		       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / n);
	sshkey_free(key);
	return rc;
}

int main(int argc, char **argv)
{
	struct ggw_error err = {0};
	struct ssh_seckey *key = NULL;
	struct ssh_pubkey pub;
	char *comment = NULL;
	int rc = GGW_EUSAGE;

	if (argc >= 3 && strcmp(argv[1], "gen") == 0)
		rc = sshkey_generate_file(argv[2], argc > 3 ? argv[3] : NULL, &err);
	else if (argc == 3 && strcmp(argv[1], "pub") == 0) {
		if ((rc = sshkey_load_file(argv[2], &key, &err)) == 0)
			rc = print_key(sshkey_public(key), sshkey_comment(key), &err);
		sshkey_free(key);
	} else if (argc == 3 && strcmp(argv[1], "fp") == 0) {
		if ((rc = sshkey_parse_line(argv[2], &pub, &comment, &err)) == 0)
			rc = print_key(&pub, comment, &err);
		free(comment);
	} else if (argc == 4 && strcmp(argv[1], "sign") == 0)
		rc = cmd_sign(argv[2], argv[3], &err);
	else if (argc == 4 && strcmp(argv[1], "verify") == 0)
		rc = cmd_verify(argv[2], argv[3], &err);
	else if (argc == 4 && strcmp(argv[1], "bench") == 0)
		rc = cmd_bench(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 1, &err);
	else {
		fprintf(stderr, "usage: sshsig_tool gen|pub|fp|sign|verify|bench ...\n");
		return 2;
	}
	if (rc < 0) {
		fprintf(stderr, "sshsig_tool: %s\n", err.msg);
		return 1;
	}
	return 0;
}
