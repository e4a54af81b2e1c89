/* The one "last change of a path" walk (storage/gitmeta.c
 * gitmeta_last_change_id), reached as sync reaches it (gitp_last_change)
 * and as the merge driver does (gitmeta_last_change): both must give the
 * same, defined answers. Histories are made by the real git command. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../storage/gitmeta.h"
#include "../../storage/repo.h"
#include "../../storage/transport.h"
#define GIT_FIXTURE_NAME "gitmeta"
#include "git_fixture.h"

/* Asks both ways and checks they agree; returns gitp_last_change's code
 * and leaves its answer in out. */
static int last_change(struct fixture *fx, const char *tip, const char *stop, const char *path,
		       git_hex out)
{
	struct ggw_error err = { 0 };
	struct git_meta meta;
	int rc = gitp_last_change(fx->r, tip, stop, path, out, &err);

	assert_int_equal(gitmeta_last_change(repo_git(fx->r), tip, stop, path, &meta, &err), 0);
	/* The driver's side is the change, or the tip when there is none. */
	assert_string_equal(meta.commit, out[0] ? out : tip);
	return rc;
}

static void test_linear(void **state)
{
	struct fixture *fx = *state;
	git_hex c1, c2, c3, c4, out;

	sh("echo 1 > a.yaml");
	commit_all("add a", c1);
	sh("echo 1 > b.yaml");
	commit_all("add b", c2);
	sh("echo 2 > a.yaml");
	commit_all("change a", c3);
	sh("echo 2 > b.yaml");
	commit_all("change b", c4);
	assert_int_equal(last_change(fx, c4, NULL, "a.yaml", out), 0);
	assert_string_equal(out, c3);
	assert_int_equal(last_change(fx, c4, "", "b.yaml", out), 0);
	assert_string_equal(out, c4);
	/* stop is excluded: since c3, nothing changed a.yaml. */
	assert_int_equal(last_change(fx, c4, c3, "a.yaml", out), 0);
	assert_string_equal(out, "");
	assert_int_equal(last_change(fx, c4, c2, "a.yaml", out), 0);
	assert_string_equal(out, c3);
	/* Older tips see older changes; a path never there has none. */
	assert_int_equal(last_change(fx, c2, NULL, "a.yaml", out), 0);
	assert_string_equal(out, c1);
	assert_int_equal(last_change(fx, c4, NULL, "none.yaml", out), 0);
	assert_string_equal(out, "");
}

static void test_merge_second_parent(void **state)
{
	struct fixture *fx = *state;
	git_hex base, side, ours, merge, evil, out;

	sh("mkdir -p activities && echo 1 > activities/a.yaml");
	commit_all("base", base);
	sh("git checkout -q -b side && echo side > activities/a.yaml");
	commit_all("side changes a", side);
	sh("git checkout -q main && echo 1 > b.yaml");
	commit_all("main adds b", ours);
	sh("git merge -q --no-edit side");
	snprintf(merge, sizeof(merge), "%s", sh("git rev-parse HEAD"));
	assert_string_not_equal(merge, side);
	/* The merge took the second parent's version: the change is side's. */
	assert_int_equal(last_change(fx, merge, NULL, "activities/a.yaml", out), 0);
	assert_string_equal(out, side);
	assert_int_equal(last_change(fx, merge, NULL, "b.yaml", out), 0);
	assert_string_equal(out, ours);
	/* Since the merge base (base), only side changed it; from ours, none. */
	assert_int_equal(last_change(fx, merge, base, "activities/a.yaml", out), 0);
	assert_string_equal(out, side);
	assert_int_equal(last_change(fx, ours, base, "activities/a.yaml", out), 0);
	assert_string_equal(out, "");
	/* A merge whose version is neither parent's is the change itself. */
	sh("git checkout -q -b side2 %s && echo s2 > activities/a.yaml && git commit -qam s2 && "
	   "git checkout -q main && echo s1 > activities/a.yaml && git commit -qam s1", base);
	sh("git merge -q --no-commit -s ours side2 && echo both > activities/a.yaml && "
	   "git add -A && git commit -q --no-edit");
	snprintf(evil, sizeof(evil), "%s", sh("git rev-parse HEAD"));
	assert_int_equal(last_change(fx, evil, NULL, "activities/a.yaml", out), 0);
	assert_string_equal(out, evil);
}

static void test_octopus(void **state)
{
	struct fixture *fx = *state;
	git_hex base, x, y, z, oct, out;

	sh("echo 1 > a.yaml && echo 1 > x.yaml && echo 1 > y.yaml");
	commit_all("base", base);
	sh("git checkout -q -b x && echo x > x.yaml");
	commit_all("x", x);
	sh("git checkout -q -b y %s && echo y > y.yaml", base);
	commit_all("y", y);
	sh("git checkout -q -b z %s && echo z > a.yaml", base);
	commit_all("z changes a", z);
	sh("git checkout -q main && echo m > m.yaml && git add m.yaml && git commit -q -m m && "
	   "git merge -q --no-edit x y z");
	snprintf(oct, sizeof(oct), "%s", sh("git rev-parse HEAD"));
	assert_string_equal(sh("git rev-list --parents -n 1 HEAD | wc -w"), "5");
	/* a.yaml differs from the first two parents but equals the fourth's
	 * (z's): the octopus is not the change, z is. */
	assert_int_equal(last_change(fx, oct, NULL, "a.yaml", out), 0);
	assert_string_equal(out, z);
	assert_int_equal(last_change(fx, oct, base, "y.yaml", out), 0);
	assert_string_equal(out, y);
	assert_int_equal(last_change(fx, oct, NULL, "x.yaml", out), 0);
	assert_string_equal(out, x);
}

static void test_deleted_path(void **state)
{
	struct fixture *fx = *state;
	git_hex c1, del, later, out;

	sh("echo 1 > a.yaml");
	commit_all("add a", c1);
	sh("git rm -q a.yaml");
	commit_all("delete a", del);
	sh("echo 1 > b.yaml");
	commit_all("add b", later);
	/* The deletion is the last change, though the tip lacks the path. */
	assert_int_equal(last_change(fx, later, NULL, "a.yaml", out), 0);
	assert_string_equal(out, del);
	assert_int_equal(last_change(fx, later, del, "a.yaml", out), 0);
	assert_string_equal(out, "");
}

static void test_errors(void **state)
{
	struct fixture *fx = *state;
	static const char *const bad[] = { "", "/a.yaml", "a.yaml/", "a//b.yaml", "./a.yaml",
					   "activities/../a.yaml", ".." };
	struct ggw_error err = { 0 };
	struct git_meta meta;
	git_hex c1, c2, c3, out;
	char tree[41];

	sh("echo 1 > a.yaml");
	commit_all("add a", c1);
	sh("echo 1 > b.yaml");
	commit_all("add b", c2);
	sh("echo 2 > a.yaml");
	commit_all("change a", c3);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(out, c1, sizeof(out));
		assert_int_equal(gitp_last_change(fx->r, c2, NULL, bad[i], out, &err), GGW_EINVALID);
		assert_string_equal(out, "");
		assert_non_null(strstr(err.msg, "无效的文件路径"));
		/* The driver still gets a side: the tip. */
		assert_int_equal(gitmeta_last_change(repo_git(fx->r), c2, NULL, bad[i], &meta, NULL), 0);
		assert_string_equal(meta.commit, c2);
	}
	/* A tip or stop that names no commit. */
	assert_int_equal(gitp_last_change(fx->r, "0123456789012345678901234567890123456789", NULL,
					  "a.yaml", out, NULL), GGW_ENOTFOUND);
	assert_string_equal(out, "");
	assert_int_equal(gitp_last_change(fx->r, c2, "0123456789012345678901234567890123456789",
					  "a.yaml", out, NULL), GGW_ENOTFOUND);
	assert_int_equal(gitmeta_last_change(repo_git(fx->r), "no-such-rev", NULL, "a.yaml",
					     &meta, NULL), GGW_ENOTFOUND);
	/* A tree on the way that cannot be read: damaged, not "no change".
	 * From c3, b.yaml needs c1's tree (c2 against its parent). */
	snprintf(tree, sizeof(tree), "%s", sh("git rev-parse %s^{tree}", c1));
	sh("rm -f .git/objects/%.2s/%s", tree, tree + 2);
	assert_int_equal(gitp_last_change(fx->r, c3, NULL, "b.yaml", out, &err), GGW_EDAMAGED);
	assert_string_equal(out, "");
	assert_int_equal(gitmeta_last_change(repo_git(fx->r), c3, NULL, "b.yaml", &meta, NULL), 0);
	assert_string_equal(meta.commit, c3);
	/* A change found before the damage is reached stands. */
	assert_int_equal(gitp_last_change(fx->r, c3, NULL, "a.yaml", out, NULL), 0);
	assert_string_equal(out, c3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_linear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_second_parent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_octopus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};
	int rc;

	if (fixture_home_start() != 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return fixture_home_end(rc);
}
