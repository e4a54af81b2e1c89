/* storage/confread.c: plain settings read without libgit2, anything
 * unusual handed back (-1); storage/repo.c: repo_open finds the same
 * repository with and without libgit2, and reads the same settings. */
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

#include "../../storage/confread.h"
#include "../../storage/repo.h"

static char base[256], home[300], gitdir[300];

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(base, sizeof(base), "/tmp/ggw-test-confread-XXXXXX");
	if (!mkdtemp(base))
		return -1;
	snprintf(home, sizeof(home), "%s/home", base);
	snprintf(gitdir, sizeof(gitdir), "%s/repo/.git/", base);
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	return 0;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

static void plain_values_and_order(void **state)
{
	char *v = NULL;

	(void)state;
	assert_int_equal(system("git init -q -b main \"$HOME/../repo\""), 0);
	put(home, ".gitconfig", "[user]\n\tname = 全局\n\temail = g@x\n[ggw]\n\tlang = en\n");
	put(gitdir, "config", "[core]\n\tbare = false\n[remote \"hub\"]\n\turl = /x\n"
			      "[User]\n\tName = 本机 用户 \n[ggw \"sub\"]\n\tunit = no\n");
	assert_int_equal(confread_get(gitdir, "user.name", &v), 1);
	assert_string_equal(v, "本机 用户"); /* the repository's wins, trimmed */
	free(v);
	assert_int_equal(confread_get(gitdir, "user.email", &v), 1);
	assert_string_equal(v, "g@x");
	free(v);
	assert_int_equal(confread_get(gitdir, "ggw.lang", &v), 1);
	assert_string_equal(v, "en");
	free(v);
	assert_int_equal(confread_get(gitdir, "ggw.unit", &v), 0); /* a subsection is another key */
	assert_null(v);
}

static void unusual_files_go_to_libgit2(void **state)
{
	static const char *const odd[] = {
		"[ggw]\n\tunit = \"office\"\n", "[ggw]\n\tunit = a # note\n",
		"[ggw]\n\tunit = a\\\n\tb\n", "[include]\n\tpath = other\n",
		"[ggw] unit = a\n", "[ggw]\n\tunit\n",
	};
	char *v = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		put(gitdir, "config", odd[i]);
		assert_int_equal(confread_get(gitdir, "ggw.unit", &v), -1);
		assert_null(v);
	}
	assert_int_equal(confread_get(gitdir, "remote.hub.url", &v), -1);
	assert_int_equal(confread_get(gitdir, "nodot", &v), -1);
}

/* repo_open from a sub-folder, and repo_config_get before and after
 * libgit2 has the repository open, agree. */
static void open_without_libgit2_agrees(void **state)
{
	char sub[400], *v = NULL;
	struct repo *r = NULL;

	(void)state;
	put(gitdir, "config", "[core]\n\tbare = false\n[ggw]\n\tunit = office\n");
	snprintf(sub, sizeof(sub), "%s/repo/units.yaml", base);
	put(base, "repo/units.yaml", "schema: ggw/units/1\n");
	snprintf(sub, sizeof(sub), "%s/repo/activities/x", base);
	assert_int_equal(system("mkdir -p \"$HOME/../repo/activities/x\""), 0);
	assert_int_equal(repo_global_init(NULL), 0);
	assert_int_equal(repo_open(sub, &r, NULL), 0);
	assert_true(strstr(repo_workdir(r), "/repo/") != NULL);
	assert_true(strstr(repo_gitdir(r), "/repo/.git/") != NULL);
	assert_int_equal(repo_config_get(r, "ggw.unit", &v, NULL), 0);
	assert_string_equal(v, "office");
	free(v);
	assert_non_null(repo_git(r)); /* libgit2 opens it now */
	assert_int_equal(repo_config_get(r, "ggw.unit", &v, NULL), 0);
	assert_string_equal(v, "office");
	free(v);
	repo_close(r);
	repo_global_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_values_and_order),
		cmocka_unit_test(unusual_files_go_to_libgit2),
		cmocka_unit_test(open_without_libgit2_agrees),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
