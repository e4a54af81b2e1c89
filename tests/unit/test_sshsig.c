/* storage/sshsig.c: key lines, fingerprints, signatures and key files,
 * including hostile input (truncated blobs, huge lengths, flipped bits). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "../../storage/fsutil.h"
#include "../../storage/sshsig.h"

static char base[256];

static int setup(void **state)
{
	(void)state;
	snprintf(base, sizeof(base), "/tmp/ggw-test-sshsig-XXXXXX");
	return mkdtemp(base) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static struct ssh_seckey *new_key(const char *name)
{
	struct ggw_error err = {0};
	struct ssh_seckey *key = NULL;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", base, name);
	assert_int_equal(sshkey_generate_file(path, "新义村 测试", &err), 0);
	assert_int_equal(sshkey_load_file(path, &key, &err), 0);
	return key;
}

/* Known vector: the key and fingerprint ssh-keygen -lf printed for it. */
static void test_parse_line_and_fingerprint(void **state)
{
	const char *line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG/sxyyjtkaVLcBn153zuhAeoMx9IPDo81SyFRx1zAoB"
			   "  xinyi test pc \n";
	struct ggw_error err = {0};
	struct ssh_pubkey key;
	char *comment = NULL, *again = NULL, fp[64], code[24];

	(void)state;
	assert_int_equal(sshkey_parse_line(line, &key, &comment, &err), 0);
	assert_string_equal(comment, "xinyi test pc");
	sshkey_fingerprint(&key, fp);
	assert_string_equal(fp, "SHA256:Lcv30NpAXna00g2gMMgrUJqk2dJnoQIX1NXJyPhSmt4");
	sshkey_phone_code(&key, code);
	assert_string_equal(code, "1723-3440-5872-4182");
	assert_int_equal(sshkey_format_line(&key, comment, &again, &err), 0);
	assert_string_equal(again, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG/sxyyjtkaVLcBn153zuhAeoMx9IPDo81SyFRx1zAoB"
				   " xinyi test pc");
	free(again);
	free(comment);
	assert_int_equal(sshkey_format_line(&key, "a\nb", &again, &err), GGW_EINVALID);
}

static void test_parse_line_refuses(void **state)
{
	struct ggw_error err = {0};
	struct ssh_pubkey key;
	char *comment = NULL;

	(void)state;
	assert_int_equal(sshkey_parse_line("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ x", &key, &comment, &err),
			 GGW_EINVALID);
	assert_non_null(strstr(err.msg, "ssh-rsa"));
	assert_null(comment);
	assert_int_equal(sshkey_parse_line("", &key, NULL, &err), GGW_EINVALID);
	assert_int_equal(sshkey_parse_line("ssh-ed25519", &key, NULL, &err), GGW_EINVALID);
	assert_int_equal(sshkey_parse_line("ssh-ed25519 !!!!", &key, NULL, &err), GGW_EINVALID);
	/* Blob says ssh-rsa behind an ssh-ed25519 label. */
	assert_int_equal(sshkey_parse_line("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ", &key, NULL, &err),
			 GGW_EINVALID);
	/* Truncated blob: one key byte short. */
	assert_int_equal(sshkey_parse_line("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG/sxyyjtkaVLcBn153zuhAeoMx9IPDo81SyFRx1zAo=",
					   &key, NULL, &err),
			 GGW_EINVALID);
}

static void test_sign_verify_roundtrip(void **state)
{
	struct ssh_seckey *key = new_key("k1");
	struct ggw_error err = {0};
	struct ssh_pubkey signer;
	const char msg[] = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\nhello\n";
	char *sig = NULL;

	(void)state;
	assert_int_equal(sshsig_sign(key, "git", msg, strlen(msg), &sig, &err), 0);
	assert_true(strncmp(sig, "-----BEGIN SSH SIGNATURE-----\n", 30) == 0);
	assert_non_null(strstr(sig, "\n-----END SSH SIGNATURE-----\n"));
	assert_int_equal(sshsig_verify(sig, strlen(sig), "git", msg, strlen(msg), &signer, &err), 0);
	assert_memory_equal(signer.key, sshkey_public(key)->key, SSHKEY_PUB_LEN);
	assert_int_equal(sshsig_verify(sig, strlen(sig), "file", msg, strlen(msg), &signer, &err),
			 GGW_EINVALID);
	assert_non_null(strstr(err.msg, "namespace"));
	assert_int_equal(sshsig_verify(sig, strlen(sig), "git", msg, strlen(msg) - 1, &signer, &err),
			 GGW_EINVALID);
	/* Without the end marker. */
	assert_int_equal(sshsig_verify(sig, strlen(sig) - 20, "git", msg, strlen(msg), &signer, &err),
			 GGW_EINVALID);
	free(sig);
	sshkey_free(key);
}

/* Re-armor a raw blob as a signature. */
static char *armor_blob(const unsigned char *blob, size_t n)
{
	size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(len), *out = malloc(len + 80);

	sodium_bin2base64(b64, len, blob, n, sodium_base64_VARIANT_ORIGINAL);
	sprintf(out, "-----BEGIN SSH SIGNATURE-----\n%s\n-----END SSH SIGNATURE-----\n", b64);
	free(b64);
	return out;
}

/* Every truncation and every flipped bit of a good blob is refused. */
static void test_hostile_blobs(void **state)
{
	struct ssh_seckey *key = new_key("k2");
	struct ggw_error err = {0};
	const char msg[] = "message";
	char *sig = NULL, *bad;
	unsigned char blob[512], mut[512];
	size_t n = 0, i, bit;
	const char *body;

	(void)state;
	assert_int_equal(sshsig_sign(key, "git", msg, strlen(msg), &sig, &err), 0);
	body = sig + strlen("-----BEGIN SSH SIGNATURE-----\n");
	assert_int_equal(sodium_base642bin(blob, sizeof(blob), body, strstr(body, "-----END") - body, "\n",
					   &n, NULL, sodium_base64_VARIANT_ORIGINAL),
			 0);
	for (i = 0; i < n; i++) {
		bad = armor_blob(blob, i);
		assert_int_equal(sshsig_verify(bad, strlen(bad), "git", msg, strlen(msg), NULL, &err),
				 GGW_EINVALID);
		free(bad);
	}
	for (i = 0; i < n; i++)
		for (bit = 0; bit < 8; bit += 3) {
			memcpy(mut, blob, n);
			mut[i] ^= (unsigned char)(1u << bit);
			bad = armor_blob(mut, n);
			assert_int_equal(sshsig_verify(bad, strlen(bad), "git", msg, strlen(msg), NULL, &err),
					 GGW_EINVALID);
			free(bad);
		}
	/* A huge length in the public key field. */
	memcpy(mut, blob, n);
	mut[10] = mut[11] = mut[12] = mut[13] = 0xff;
	bad = armor_blob(mut, n);
	assert_int_equal(sshsig_verify(bad, strlen(bad), "git", msg, strlen(msg), NULL, &err), GGW_EINVALID);
	free(bad);
	/* Trailing bytes after the signature. */
	memcpy(mut, blob, n);
	mut[n] = 0;
	bad = armor_blob(mut, n + 1);
	assert_int_equal(sshsig_verify(bad, strlen(bad), "git", msg, strlen(msg), NULL, &err), GGW_EINVALID);
	free(bad);
	free(sig);
	sshkey_free(key);
}

static void test_key_file(void **state)
{
	struct ssh_seckey *key = NULL, *again = NULL;
	struct ggw_error err = {0};
	char path[512], pub[512], *text = NULL;
	struct stat st;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/keys/sub/pc", base);
	snprintf(pub, sizeof(pub), "%s.pub", path);
	assert_int_equal(sshkey_generate_file(path, "南湖村", &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(pub, &st), 0);
	assert_int_equal(sshkey_generate_file(path, "again", &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, path));
	assert_int_equal(sshkey_load_file(path, &key, &err), 0);
	assert_string_equal(sshkey_comment(key), "南湖村");
	/* The .pub file holds the same key. */
	assert_int_equal(read_whole_file(pub, 4096, &text, &len, &err), 0);
	{
		struct ssh_pubkey pk;

		assert_int_equal(sshkey_parse_line(text, &pk, NULL, &err), 0);
		assert_memory_equal(pk.key, sshkey_public(key)->key, SSHKEY_PUB_LEN);
	}
	free(text);
	/* Truncated copies of the file are refused, never crash. */
	assert_int_equal(read_whole_file(path, 65536, &text, &len, &err), 0);
	for (size_t cut = 40; cut < len; cut += 7) {
		char bad[600];
		FILE *f;

		snprintf(bad, sizeof(bad), "%s/trunc", base);
		f = fopen(bad, "w");
		fwrite(text, 1, cut, f);
		fputs("\n-----END OPENSSH PRIVATE KEY-----\n", f);
		fclose(f);
		assert_int_not_equal(sshkey_load_file(bad, &again, &err), 0);
		assert_null(again);
		unlink(bad);
	}
	free(text);
	sshkey_free(key);
	assert_int_equal(sshkey_load_file("/nonexistent/key", &again, &err) < 0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_line_and_fingerprint),
		cmocka_unit_test(test_parse_line_refuses),
		cmocka_unit_test_setup_teardown(test_sign_verify_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_blobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
