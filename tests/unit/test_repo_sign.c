/* storage/repo_sign.c: commits signed through repo_set_signer, checked by
 * repo_commit_signature and by the real git (verify-commit with an
 * allowed-signers file); a signer that fails stops the commit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../storage/fsutil.h"
#include "../../storage/repo.h"
#include "../../storage/sshsig.h"

const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char base[PATH_MAX];

static int setup(void **state)
{
	char path[PATH_MAX];

	(void)state;
	snprintf(base, sizeof(base), "/tmp/ggw-test-reposign-XXXXXX");
	if (!mkdtemp(base))
		return -1;
	snprintf(path, sizeof(path), "%s/home", base);
	setenv("HOME", path, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static int sign_with_key(void *data, struct repo *r, const char *commit, size_t len,
			 char **armored, struct ggw_error *err)
{
	(void)r;
	if (!commit)
		return 0;
	return sshsig_sign(data, "git", commit, len, armored, err);
}

static int sign_fails(void *data, struct repo *r, const char *commit, size_t len, char **armored,
		      struct ggw_error *err)
{
	(void)data;
	(void)r;
	(void)commit;
	(void)len;
	(void)armored;
	return ggw_fail(err, GGW_ENOTFOUND, "no key");
}

static void write_and_commit(struct repo *r, const char *name, const char *text, int want,
			     char *id)
{
	struct ggw_error err = { 0 };
	const char *paths[1] = { name };
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s%s", repo_workdir(r), name);
	assert_int_equal(atomic_write(path, text, strlen(text), &err), 0);
	assert_int_equal(repo_commit_paths(r, paths, 1, "提交说明\n\nGgw-Unit: office", "tester",
					   "office@ggw.local", id, &err),
			 want);
}

static int sh(const char *fmt, const char *a, const char *b)
{
	char cmd[4 * PATH_MAX];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return system(cmd);
}

static void test_signed_commits(void **state)
{
	struct ggw_error err = { 0 }, why = { 0 };
	struct ssh_seckey *key = NULL;
	struct ssh_pubkey signer;
	struct repo *r = NULL;
	char dir[PATH_MAX], keyfile[PATH_MAX], allowed[PATH_MAX], id1[41], id2[41], id3[41];
	char *line = NULL, *text = NULL;
	size_t len;
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/led", base);
	snprintf(keyfile, sizeof(keyfile), "%s/key", base);
	snprintf(allowed, sizeof(allowed), "%s/allowed", base);
	assert_int_equal(sshkey_generate_file(keyfile, "test", &err), 0);
	assert_int_equal(sshkey_load_file(keyfile, &key, &err), 0);
	assert_int_equal(sshkey_format_line(sshkey_public(key), NULL, &line, &err), 0);
	f = fopen(allowed, "w");
	fprintf(f, "office %s\n", line);
	fclose(f);
	free(line);

	assert_int_equal(repo_init(dir, &r, &err), 0);
	assert_int_equal(repo_has_signer(r), 0);
	repo_set_signer(r, sign_with_key, key, NULL);
	assert_int_equal(repo_has_signer(r), 1);
	assert_int_equal(repo_signer_ready(r, &err), 0);
	/* The first commit (unborn branch) and the next are signed. */
	write_and_commit(r, "a.yaml", "a: 1\n", 0, id1);
	write_and_commit(r, "a.yaml", "a: 2\n", 0, id2);
	assert_int_equal(repo_commit_signature(r, id1, &signer, &why, &err), REPO_SIG_GOOD);
	assert_memory_equal(signer.key, sshkey_public(key)->key, SSHKEY_PUB_LEN);
	assert_int_equal(repo_commit_signature(r, id2, &signer, &why, &err), REPO_SIG_GOOD);
	/* Plain git agrees, and HEAD and the reflog are as git_commit_create leaves them. */
	assert_int_equal(sh("git -C '%s' -c gpg.ssh.allowedSignersFile='%s' verify-commit HEAD HEAD~1 2>/dev/null",
			    dir, allowed),
			 0);
	assert_int_equal(sh("[ \"$(git -C '%s' rev-parse HEAD)\" = '%s' ]", dir, id2), 0);
	assert_int_equal(sh("[ \"$(git -C '%s' reflog --format=%%gs | tail -1)\" = 'commit (initial): 提交说明' ]%s",
			    dir, ""),
			 0);
	assert_int_equal(sh("[ \"$(git -C '%s' reflog --format=%%gs -1)\" = 'commit: 提交说明' ]%s", dir, ""), 0);
	assert_int_equal(sh("git -C '%s' fsck --strict %s>/dev/null 2>&1", dir, ""), 0);

	/* A signer that fails stops the commit; HEAD stays. */
	repo_set_signer(r, sign_fails, NULL, NULL);
	write_and_commit(r, "a.yaml", "a: 3\n", GGW_ENOTFOUND, NULL);
	assert_int_equal(sh("[ \"$(git -C '%s' rev-parse HEAD)\" = '%s' ]", dir, id2), 0);

	/* No signer: unsigned, as before. */
	repo_set_signer(r, NULL, NULL, NULL);
	write_and_commit(r, "a.yaml", "a: 4\n", 0, id3);
	assert_int_equal(repo_commit_signature(r, id3, &signer, &why, &err), REPO_SIG_NONE);

	/* A signature copied onto another commit does not hold. */
	assert_int_equal(sh("cd '%s' && git cat-file commit %s"
			    " | sed 's/^提交说明$/改过的说明/' > forged && git hash-object -t commit -w forged > forged.id",
			    dir, id2),
			 0);
	snprintf(keyfile, sizeof(keyfile), "%s/forged.id", dir);
	assert_int_equal(read_whole_file(keyfile, 100, &text, &len, &err), 0);
	text[40] = '\0';
	assert_int_equal(repo_commit_signature(r, text, &signer, &why, &err), REPO_SIG_BAD);
	assert_non_null(strstr(why.msg, "签名不对"));
	free(text);
	assert_true(repo_commit_signature(r, "0123456789012345678901234567890123456789", &signer, &why,
					  &err) < 0);
	assert_true(repo_commit_signature(r, "xyz", &signer, &why, &err) < 0);
	repo_close(r);
	sshkey_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_signed_commits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
