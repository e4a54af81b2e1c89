/* A unit test's git fixture: a private HOME with a git identity, and per
 * test a fresh repository (committed by the real git command, opened with
 * repo_open). Include once, after cmocka, with GIT_FIXTURE_NAME defined
 * (it names the temporary folders). Shared by test_gitmeta and
 * test_treediff. */
#ifndef GGW_TEST_GIT_FIXTURE_H
#define GGW_TEST_GIT_FIXTURE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../storage/repo.h"

static char home[PATH_MAX];

const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	assert_true(vasprintf(&s, fmt, ap) >= 0);
	va_end(ap);
	return s;
}

/* Run a shell command in the fixture's repository (cd first); returns its
 * stdout's first line (static); asserts exit status 0. */
static const char *dir_of_run;
static const char *sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *sh(const char *fmt, ...)
{
	static char line[256];
	va_list ap;
	char *body = NULL, *cmd;
	FILE *p;

	va_start(ap, fmt);
	assert_true(vasprintf(&body, fmt, ap) >= 0);
	va_end(ap);
	cmd = xasprintf("cd '%s' && { %s; }", dir_of_run, body);
	p = popen(cmd, "r");
	assert_non_null(p);
	line[0] = '\0';
	if (fgets(line, sizeof(line), p))
		line[strcspn(line, "\n")] = '\0';
	while (fgetc(p) != EOF)
		;
	if (pclose(p) != 0)
		fail_msg("command failed: %s", cmd);
	free(body);
	free(cmd);
	return line;
}

/* Commit the work tree with a message; returns the new commit's id. */
static void commit_all(const char *msg, char *id)
{
	sh("git add -A && git commit -q --allow-empty -m '%s'", msg);
	snprintf(id, 41, "%s", sh("git rev-parse HEAD"));
}

struct fixture {
	char dir[PATH_MAX];
	struct repo *r;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char tmpl[] = "/tmp/ggw-test-" GIT_FIXTURE_NAME "-XXXXXX";
	struct ggw_error err = { 0 };

	if (!fx || !mkdtemp(tmpl) || !realpath(tmpl, fx->dir))
		return -1;
	dir_of_run = fx->dir;
	sh("git init -q -b main . && echo 'units: []' > units.yaml && git add units.yaml && "
	   "git commit -q -m root");
	if (repo_open(fx->dir, &fx->r, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);
	int rc = system(cmd);

	repo_close(fx->r);
	free(cmd);
	free(fx);
	return rc == 0 ? 0 : -1;
}

/* HOME, git's identity and libgit2 for the whole run. */
static int fixture_home_start(void)
{
	struct ggw_error err = { 0 };
	char tmpl[] = "/tmp/ggw-test-home-XXXXXX";
	char *cmd;
	int rc;

	if (!mkdtemp(tmpl) || !realpath(tmpl, home))
		return 1;
	setenv("HOME", home, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("LC_ALL", "C", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	cmd = xasprintf("printf '[user]\\n\\tname = tester\\n\\temail = tester@example.org\\n"
			"[init]\\n\\tdefaultBranch = main\\n' > '%s/.gitconfig'", home);
	rc = system(cmd);
	free(cmd);
	return rc != 0 || repo_global_init(&err) != 0 ? 1 : 0;
}

static int fixture_home_end(int rc)
{
	char *cmd;

	repo_global_shutdown();
	cmd = xasprintf("rm -rf '%s'", home);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}

#endif
