/* storage/hubpath against real repositories, plain git as the hostile PC
 * that writes a commit libgit2 cannot parse (author time 2^64-1) onto the
 * hub: the fetch leaves it out and takes its readable ancestor, the push
 * goes past it, and the push's compare-and-swap and lease hold. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "../../storage/hubpath.h"

const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char dir[PATH_MAX], ledger[PATH_MAX + 16], hub[PATH_MAX + 16];

/* A shell command's first output line (static buffer); asserts success. */
static const char *sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *sh(const char *fmt, ...)
{
	static char line[512];
	char *cmd = NULL;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	assert_true(vasprintf(&cmd, fmt, ap) >= 0);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	line[0] = '\0';
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
	assert_int_equal(pclose(p), 0);
	free(cmd);
	return line;
}

static int setup(void **state)
{
	(void)state;
	setenv("GIT_AUTHOR_NAME", "t", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@t", 1);
	setenv("GIT_COMMITTER_NAME", "t", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@t", 1);
	snprintf(dir, sizeof(dir), "/tmp/ggw-hubpath-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(ledger, sizeof(ledger), "%s/pc", dir);
	snprintf(hub, sizeof(hub), "%s/usb.git", dir);
	sh("cd %s && git init -q -b main pc && cd pc && git config user.name t && "
	   "git config user.email t@t && echo a >a && git add a && git commit -q -m a && "
	   "git clone -q --bare . ../usb.git", dir);
	assert_true(git_libgit2_init() > 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	git_libgit2_shutdown();
	sh("rm -rf %s", dir);
	return 0;
}

/* A commit with author time 2^64-1 on parent's tree, in repo; its id. */
static const char *bad_commit(const char *repo, const char *parent)
{
	return sh("cd %s && p=$(git rev-parse %s) && "
		  "printf 'tree %%s\\nparent %%s\\nauthor x <x@x> 18446744073709551615 +0000\\n"
		  "committer x <x@x> 18446744073709551615 +0000\\n\\nbad\\n' "
		  "$(git rev-parse $p^{tree}) $p | git hash-object -t commit -w --literally --stdin",
		  repo, parent);
}

struct seen {
	int n;
	git_oid bad, readable;
};

static void on_unreadable(const char *ref, const git_oid *tip, const git_oid *bad,
			  const git_oid *readable, const char *why, void *data)
{
	struct seen *s = data;

	(void)ref;
	(void)tip;
	(void)why;
	s->n++;
	git_oid_cpy(&s->bad, bad);
	git_oid_cpy(&s->readable, readable);
}

static git_repository *open_ledger(void)
{
	git_repository *g = NULL;

	assert_int_equal(git_repository_open(&g, ledger), 0);
	return g;
}

static void test_fetch_leaves_unparsable_out(void **state)
{
	char good[41], bad[41];
	char *specs[1] = { "+refs/heads/main:refs/remotes/usb/main" };
	struct seen s = { 0 };
	git_repository *g = open_ledger();
	git_oid id, got;

	(void)state;
	/* A good commit on the hub, then an unparsable one on top of it. */
	snprintf(good, sizeof(good), "%s",
		 sh("cd %s && git commit-tree -p main -m b main^{tree} | "
		    "{ read c; git update-ref refs/heads/main $c; echo $c; }", hub));
	snprintf(bad, sizeof(bad), "%s", bad_commit(hub, "main"));
	sh("git -C %s update-ref refs/heads/main %s", hub, bad);
	sh("git -C %s update-ref refs/ggw/units/x %s", hub, bad);
	assert_int_equal(hubpath_fetch(g, hub, specs, 1, on_unreadable, &s, NULL), 0);
	assert_int_equal(s.n, 1);
	git_oid_fromstr(&id, bad);
	assert_true(git_oid_equal(&s.bad, &id));
	git_oid_fromstr(&id, good);
	assert_true(git_oid_equal(&s.readable, &id));
	assert_int_equal(git_reference_name_to_id(&got, g, "refs/remotes/usb/main"), 0);
	assert_true(git_oid_equal(&got, &id));
	/* The unparsable commit never entered the ledger; its text is aside. */
	sh("! git -C %s cat-file -e %s", ledger, bad);
	sh("test -s %s/.git/ggw/refused/%s", ledger, bad);
	sh("test ! -e %s/.git/ggw/incoming.git", ledger);
	git_repository_free(g);
}

static void test_push_past_unparsable_ref(void **state)
{
	char *side[1] = { "+refs/heads/main:refs/ggw/units/pc" };
	char *main_spec[1] = { "refs/heads/main:refs/heads/main" };
	git_repository *g;

	(void)state;
	sh("git -C %s update-ref refs/ggw/units/x %s", hub, bad_commit(hub, "main"));
	sh("cd %s && echo b >b && git add b && git commit -q -m b", ledger);
	g = open_ledger();
	assert_int_equal(hubpath_push(g, hub, side, 1, NULL, NULL), 0);
	assert_int_equal(hubpath_push(g, hub, main_spec, 1, NULL, NULL), 0);
	assert_string_equal(sh("git -C %s rev-parse main", hub), sh("git -C %s rev-parse HEAD", ledger));
	assert_string_equal(sh("git -C %s rev-parse refs/ggw/units/pc", hub),
			    sh("git -C %s rev-parse HEAD", ledger));
	sh("git -C %s rev-list --objects main >/dev/null", hub);
	git_repository_free(g);
}

static void test_push_compare_and_swap(void **state)
{
	char *main_spec[1] = { "refs/heads/main:refs/heads/main" };
	char other[41], ours[41];
	git_repository *g;

	(void)state;
	/* The hub's main replaced by a commit this PC does not have. */
	snprintf(other, sizeof(other), "%s",
		 sh("cd %s && git commit-tree -m other main^{tree}", hub));
	sh("git -C %s update-ref refs/heads/main %s", hub, other);
	sh("cd %s && echo c >c && git add c && git commit -q -m c", ledger);
	g = open_ledger();
	assert_int_equal(hubpath_push(g, hub, main_spec, 1, NULL, NULL), GIT_ENONFASTFORWARD);
	assert_string_equal(sh("git -C %s rev-parse main", hub), other);
	/* A lease on another value than the hub's main: refused too, even forced. */
	main_spec[0] = "+refs/heads/main:refs/heads/main";
	snprintf(ours, sizeof(ours), "%s", sh("git -C %s rev-parse HEAD", ledger));
	assert_int_equal(hubpath_push(g, hub, main_spec, 1, ours, NULL), GIT_ENONFASTFORWARD);
	assert_string_equal(sh("git -C %s rev-parse main", hub), other);
	/* With the right lease the forced push goes. */
	assert_int_equal(hubpath_push(g, hub, main_spec, 1, other, NULL), 0);
	assert_string_equal(sh("git -C %s rev-parse main", hub), ours);
	git_repository_free(g);
}

static void test_damaged_hub_is_an_error(void **state)
{
	char *specs[1] = { "+refs/heads/main:refs/remotes/usb/main" };
	git_repository *g = open_ledger();
	const git_error *e;

	(void)state;
	/* A reference naming an object the hub does not have. */
	sh("cd %s && echo 1111111111111111111111111111111111111111 >refs/heads/main", hub);
	assert_true(hubpath_fetch(g, hub, specs, 1, NULL, NULL, NULL) < 0);
	e = git_error_last();
	assert_non_null(e);
	assert_int_equal(e->klass, GIT_ERROR_ODB);
	git_repository_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fetch_leaves_unparsable_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_push_past_unparsable_ref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_push_compare_and_swap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_hub_is_an_error, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
