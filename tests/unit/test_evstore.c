/* storage/evstore: store commits written and checked, blobs packed and
 * pruned from loose files and packs; plain git is the second reader. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../storage/evstore.h"
#include "../../storage/repo.h"

static char home[PATH_MAX];

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	assert_non_null(s);
	return s;
}

static int sh(const char *fmt, const char *a, const char *b)
{
	char *cmd = xasprintf(fmt, a, b);
	int rc = system(cmd);

	free(cmd);
	return rc;
}

struct fixture {
	char dir[PATH_MAX];
	struct repo *r;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char tmpl[] = "/tmp/ggw-test-evstore-XXXXXX";
	struct ggw_error err = { 0, "" };

	if (!fx || !mkdtemp(tmpl) || !realpath(tmpl, fx->dir))
		return -1;
	if (repo_init(fx->dir, &fx->r, &err) != 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	int rc;

	repo_close(fx->r);
	rc = sh("rm -rf '%s'%s", fx->dir, "");
	free(fx);
	return rc == 0 ? 0 : -1;
}

/* A file of the store: bytes -> blob, named by their SHA-256. */
static void put(struct repo *r, const char *text, const char *ext, struct evstore_file *f)
{
	struct ggw_error err = { 0, "" };
	char hex[65];

	memset(f, 0, sizeof(*f));
	evstore_sha256_hex(text, strlen(text), hex);
	snprintf(f->name, sizeof(f->name), "%s.%s", hex, ext);
	assert_int_equal(evstore_put_blob(r, text, strlen(text), f->blob, &err), 0);
}

static void test_names(void **state)
{
	char hex[65];

	(void)state;
	evstore_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(evstore_name_valid("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.jpg"));
	assert_false(evstore_name_valid("BA7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.jpg"));
	assert_false(evstore_name_valid("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.exe"));
	assert_false(evstore_name_valid("ba7816bf.jpg"));
	assert_false(evstore_name_valid("../ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a.pdf"));
	assert_false(evstore_name_valid(NULL));
}

static void test_commit_and_check(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0, "" }, why = { 0, "" };
	struct evstore_file f[2], *v = NULL;
	size_t n = 0;
	git_hex c1, c2, tip;

	put(fx->r, "%PDF-1.4 one", "pdf", &f[0]);
	put(fx->r, "%PDF-1.4 two", "pdf", &f[1]);
	assert_int_equal(evstore_commit(fx->r, EVSTORE_PREFIX "xinyi", f, 2, "", "m", "x", "x@ggw.local",
					c1, &err), 0);
	/* compare-and-swap: a stale expectation is refused */
	assert_int_equal(evstore_commit(fx->r, EVSTORE_PREFIX "xinyi", f, 1, "", "m", "x", "x@ggw.local",
					c2, &err), GGW_ECONFLICT);
	assert_int_equal(evstore_files(fx->r, EVSTORE_PREFIX "xinyi", &v, &n, tip, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(tip, c1);
	evstore_files_free(v);
	assert_int_equal(evstore_check_commit(fx->r, c1, 1024, &v, &n, &why, &err), 0);
	assert_int_equal(n, 2);
	evstore_files_free(v);
	assert_int_equal(evstore_check_commit(fx->r, c1, 5, &v, &n, &why, &err), 1);
	assert_non_null(strstr(why.msg, "上限"));
	/* a name that is not the SHA-256 of the bytes */
	memcpy(f[1].name, f[0].name, 64);
	f[1].name[63] = f[1].name[63] == '0' ? '1' : '0';
	assert_int_equal(evstore_commit(fx->r, EVSTORE_PREFIX "nanhu", f, 2, "", "m", "x", "x@ggw.local",
					c2, &err), 0);
	assert_int_equal(evstore_check_commit(fx->r, c2, 1024, &v, &n, &why, &err), 1);
	assert_non_null(strstr(why.msg, "不符"));
	/* an absent store is no files */
	assert_int_equal(evstore_files(fx->r, EVSTORE_PREFIX "none", &v, &n, tip, &err), 0);
	assert_int_equal(n, 0);
	assert_string_equal(tip, "");
}

static void test_pack_and_prune(void **state)
{
	struct fixture *fx = *state;
	struct ggw_error err = { 0, "" };
	struct evstore_file f[3];
	git_hex blobs[3];
	char *loose;
	size_t pruned = 0;
	struct stat st;

	put(fx->r, "%PDF-1.4 kept", "pdf", &f[0]);
	put(fx->r, "%PDF-1.4 withdrawn", "pdf", &f[1]);
	put(fx->r, "%PDF-1.4 loose", "pdf", &f[2]);
	for (int i = 0; i < 3; i++)
		memcpy(blobs[i], f[i].blob, sizeof(git_hex));
	assert_int_equal(evstore_pack_blobs(fx->r, blobs, 2, &err), 0);
	loose = xasprintf("%sobjects/%.2s/%s", repo_gitdir(fx->r), blobs[1], blobs[1] + 2);
	assert_int_not_equal(stat(loose, &st), 0); /* packed: the loose copy went */
	assert_true(evstore_gitdir_has(repo_gitdir(fx->r), blobs[1]));
	/* prune one packed and one loose object */
	memcpy(blobs[0], f[1].blob, sizeof(git_hex));
	memcpy(blobs[1], f[2].blob, sizeof(git_hex));
	assert_int_equal(evstore_prune(repo_gitdir(fx->r), blobs, 2, &pruned, &err), 0);
	assert_int_equal(pruned, 2);
	assert_false(evstore_gitdir_has(repo_gitdir(fx->r), f[1].blob));
	assert_false(evstore_gitdir_has(repo_gitdir(fx->r), f[2].blob));
	assert_true(evstore_gitdir_has(repo_gitdir(fx->r), f[0].blob));
	/* plain git agrees: the kept one reads, the pruned ones are gone */
	assert_int_equal(sh("git --git-dir='%s' cat-file -e %s", repo_gitdir(fx->r), f[0].blob), 0);
	assert_int_not_equal(sh("git --git-dir='%s' cat-file -e %s 2>/dev/null", repo_gitdir(fx->r),
				f[1].blob), 0);
	assert_int_equal(sh("git --git-dir='%s' fsck --no-dangling%s >/dev/null 2>&1", repo_gitdir(fx->r), ""), 0);
	free(loose);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_commit_and_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pack_and_prune, setup, teardown),
	};
	struct ggw_error err = { 0, "" };
	char tmpl[] = "/tmp/ggw-test-evstore-home-XXXXXX";
	int rc;

	if (!mkdtemp(tmpl) || !realpath(tmpl, home))
		return 1;
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("LC_ALL", "C", 1);
	unsetenv("GIT_DIR");
	if (sh("printf '[user]\\n\\tname = t\\n\\temail = t@example.org\\n[init]\\n\\tdefaultBranch = main\\n' > '%s/.gitconfig'%s",
	       home, "") != 0)
		return 1;
	if (repo_global_init(&err) != 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	repo_global_shutdown();
	if (sh("rm -rf '%s'%s", home, "") != 0)
		rc = 1;
	return rc;
}
