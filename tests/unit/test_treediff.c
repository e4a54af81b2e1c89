/* Sync's tree readers that skip what they need not read
 * (storage/treecheck.c): gitp_tree_diff gives what comparing the full
 * listings gives, and gitp_tree_entries_new gives, over a history, every
 * entry a full listing would have shown for the first time. Trees are made
 * by the real git command (modes, symlinks, file <-> folder changes). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../storage/gitp.h"
#include "../../storage/repo.h"
#include "../../storage/transport.h"
#include "../../storage/treecheck.h"
#define GIT_FIXTURE_NAME "treediff"
#include "git_fixture.h"

/* The paths where full listings of a and b differ (the old way). */
static void naive_diff(struct fixture *fx, const char *a, const char *b, char ***out, size_t *n)
{
	struct tree_item *va = NULL, *vb = NULL;
	size_t na = 0, nb = 0, i = 0, j = 0;
	struct ggw_error err = { 0 };

	assert_int_equal(gitp_tree_items(fx->r, a, &va, &na, &err), 0);
	assert_int_equal(gitp_tree_items(fx->r, b, &vb, &nb, &err), 0);
	*out = calloc(na + nb + 1, sizeof(char *));
	*n = 0;
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(va[i].path, vb[j].path);

		if (c == 0) {
			if (strcmp(va[i].blob, vb[j].blob) || va[i].mode != vb[j].mode)
				(*out)[(*n)++] = strdup(va[i].path);
			i++;
			j++;
		} else if (c < 0) {
			(*out)[(*n)++] = strdup(va[i++].path);
		} else {
			(*out)[(*n)++] = strdup(vb[j++].path);
		}
	}
	tree_items_free(va, na);
	tree_items_free(vb, nb);
}

static void same_diff(struct fixture *fx, const char *a, const char *b, size_t expect)
{
	char **fast = NULL, **slow = NULL;
	size_t nf = 0, ns = 0;
	struct ggw_error err = { 0 };

	assert_int_equal(gitp_tree_diff(fx->r, a, b, &fast, &nf, &err), 0);
	naive_diff(fx, a, b, &slow, &ns);
	assert_int_equal(nf, ns);
	assert_int_equal(nf, expect);
	for (size_t k = 0; k < nf; k++)
		assert_string_equal(fast[k], slow[k]);
	tree_paths_free(fast, nf);
	tree_paths_free(slow, ns);
}

static void test_diff_matches_full_listing(void **state)
{
	struct fixture *fx = *state;
	git_hex c0, c1, c2, c3, c4, c5;

	sh("mkdir -p activities/a/2024 activities/b/2024 volunteers/a && "
	   "for i in 1 2 3 4 5; do echo $i > activities/a/2024/$i.yaml; echo $i > activities/b/2024/$i.yaml; done && "
	   "echo v > volunteers/a/v.yaml");
	commit_all("c0", c0);
	sh("echo changed > activities/a/2024/3.yaml && rm activities/b/2024/5.yaml && echo n > activities/b/2024/6.yaml");
	commit_all("c1", c1);
	same_diff(fx, c1, c0, 3);
	same_diff(fx, c0, c1, 3);
	same_diff(fx, c1, c1, 0);
	same_diff(fx, c1, NULL, 12);
	same_diff(fx, NULL, c1, 12);
	/* mode change, a file becoming a folder, a symlink */
	sh("chmod +x activities/a/2024/1.yaml && rm -r volunteers/a && echo f > volunteers/a && "
	   "ln -s units.yaml link.yaml");
	commit_all("c2", c2);
	same_diff(fx, c2, c1, 4);
	same_diff(fx, c1, c2, 4);
	/* the folder coming back, a whole unit gone */
	sh("rm volunteers/a && mkdir volunteers/a && echo v > volunteers/a/v.yaml && echo w > volunteers/a/w.yaml && "
	   "rm -r activities/b");
	commit_all("c3", c3);
	same_diff(fx, c3, c2, 8);
	same_diff(fx, c3, c0, 9);
	/* a submodule entry is no blob: neither way lists it */
	sh("git update-index --add --cacheinfo 160000,%s,sub && git commit -q -m sub", c0);
	snprintf(c4, sizeof(c4), "%s", sh("git rev-parse HEAD"));
	same_diff(fx, c4, c3, 0);
	sh("git rm -q --cached sub && git commit -q -m nosub");
	snprintf(c5, sizeof(c5), "%s", sh("git rev-parse HEAD"));
	same_diff(fx, c5, c4, 0);
}

static int has_path(const struct tree_item *v, size_t n, const char *path, unsigned mode)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].path, path))
			return v[i].mode == mode;
	return 0;
}

static void test_entries_new(void **state)
{
	struct fixture *fx = *state;
	struct tree_seen *seen = tree_seen_new();
	struct ggw_error err = { 0 };
	struct tree_item *v = NULL, *all = NULL;
	size_t n = 0, nall = 0;
	git_hex c0, c1, c2, c3;
	const char *want[] = { "units.yaml", "activities/a/2024/2.yaml" };

	assert_non_null(seen);
	sh("mkdir -p activities/a/2024 activities/b/2024 && "
	   "for i in 1 2 3; do echo $i > activities/a/2024/$i.yaml; echo $i > activities/b/2024/$i.yaml; done");
	commit_all("c0", c0);
	/* the first listing is the full one */
	assert_int_equal(gitp_tree_entries_new(fx->r, seen, c0, want, 1, &v, &n, &err), 0);
	assert_int_equal(gitp_tree_entries(fx->r, c0, &all, &nall, &err), 0);
	assert_int_equal(n, nall);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(v[i].path, all[i].path);
		assert_int_equal(v[i].mode, all[i].mode);
	}
	tree_items_free(v, n);
	tree_items_free(all, nall);
	/* a new file, a mode change: only those, plus what is wanted */
	sh("echo 4 > activities/b/2024/4.yaml && chmod +x activities/a/2024/1.yaml && "
	   "ln -s ../../../units.yaml activities/a/2024/l.yaml");
	commit_all("c1", c1);
	assert_int_equal(gitp_tree_entries_new(fx->r, seen, c1, want, 2, &v, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_true(has_path(v, n, "activities/a/2024/1.yaml", 0100755));
	assert_true(has_path(v, n, "activities/a/2024/2.yaml", 0100644));
	assert_true(has_path(v, n, "activities/a/2024/l.yaml", 0120000));
	assert_true(has_path(v, n, "activities/b/2024/4.yaml", 0100644));
	assert_true(has_path(v, n, "units.yaml", 0100644));
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(v[i - 1].path, v[i].path) < 0);
	tree_items_free(v, n);
	/* the same tree again: only what is wanted */
	sh("git commit -q --allow-empty -m same");
	snprintf(c2, sizeof(c2), "%s", sh("git rev-parse HEAD"));
	assert_int_equal(gitp_tree_entries_new(fx->r, seen, c2, want, 1, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].path, "units.yaml");
	tree_items_free(v, n);
	/* a submodule appears deep down */
	sh("git update-index --add --cacheinfo 160000,%s,activities/b/2024/sub && git commit -q -m sub", c0);
	snprintf(c3, sizeof(c3), "%s", sh("git rev-parse HEAD"));
	assert_int_equal(gitp_tree_entries_new(fx->r, seen, c3, NULL, 0, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(has_path(v, n, "activities/b/2024/sub", 0160000));
	tree_items_free(v, n);
	tree_seen_free(seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_diff_matches_full_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entries_new, setup, teardown),
	};
	int rc;

	if (fixture_home_start() != 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return fixture_home_end(rc);
}
