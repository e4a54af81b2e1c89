/* Bench tool for records/trust.c (bench/trust_bench.sh):
 *   trust_bench gen DIR N KEYFILE UNIT   N commits on DIR's main, each
 *                                        adding one record of UNIT, signed
 *                                        (gpgsig, namespace git) in process
 *   trust_bench verify DIR FROM TO       the signatures of the commits in
 *                                        TO and not in FROM, as sync's
 *                                        verify checks them; prints the
 *                                        count and the time
 * Exit 0 on success, 1 with the message on stderr. */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../records/trust.h"
#include "../storage/gitp.h"
#include "../storage/repo.h"
#include "../storage/sshsig.h"
#include "benchclock.h"

static int fail(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "trust_bench: %s%s%s\n", what, e ? ": " : "", e ? e->message : "");
	return 1;
}

/* One signed commit adding path with content on parent; *out its id. */
static int one_commit(git_repository *g, const struct ssh_seckey *key, git_commit *parent,
		      const char *path, const char *content, const char *msg, git_oid *out)
{
	git_tree *base = NULL, *tree = NULL;
	git_tree_update up;
	git_oid blob, tid;
	git_signature *sig = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *armored = NULL;
	const git_commit *parents[1] = { parent };
	int rc = 1;

	if (git_blob_create_from_buffer(&blob, g, content, strlen(content)) < 0 ||
	    git_commit_tree(&base, parent) < 0)
		goto done;
	memset(&up, 0, sizeof(up));
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.id = blob;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = path;
	if (git_tree_create_updated(&tid, g, base, 1, &up) < 0 || git_tree_lookup(&tree, g, &tid) < 0 ||
	    git_signature_now(&sig, "bench", "bench@ggw.local") < 0 ||
	    git_commit_create_buffer(&buf, g, sig, sig, NULL, msg, tree, 1, parents) < 0)
		goto done;
	if (sshsig_sign(key, "git", buf.ptr, buf.size, &armored, NULL) < 0)
		goto done;
	if (strlen(armored) && armored[strlen(armored) - 1] == '\n')
		armored[strlen(armored) - 1] = '\0';
	if (git_commit_create_with_signature(out, g, buf.ptr, armored, NULL) < 0)
		goto done;
	rc = 0;
done:
	free(armored);
	git_buf_dispose(&buf);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	return rc;
}

static int gen(const char *dir, long n, const char *keyfile, const char *unit)
{
	git_repository *g = NULL;
	git_commit *parent = NULL;
	struct ssh_seckey *key = NULL;
	struct ggw_error err = { 0, "" };
	git_oid id;
	int rc = 1;

	if (sshkey_load_file(keyfile, &key, &err) < 0) {
		fprintf(stderr, "trust_bench: %s\n", err.msg);
		return 1;
	}
	if (git_repository_open(&g, dir) < 0 || git_reference_name_to_id(&id, g, "refs/heads/main") < 0 ||
	    git_commit_lookup(&parent, g, &id) < 0) {
		rc = fail("open");
		goto done;
	}
	for (long i = 0; i < n; i++) {
		char path[128], content[512], msg[256], idtxt[32];
		git_commit *next = NULL;

		/* Spread over 100 years so no folder grows past 100 records. */
		int year = 1950 + (int)(i % 100);

		snprintf(idtxt, sizeof(idtxt), "%d0101-%08lx", year, 0x10000000L + i);
		snprintf(path, sizeof(path), "activities/%s/%d/%s.yaml", unit, year, idtxt);
		snprintf(content, sizeof(content),
			 "schema: ggw/activity/1\nid: %s\nunit: %s\ntitle: 活动 %ld\ndate: %d-01-01\n"
			 "category: safety\nform: lecture\nlocation: 文化礼堂\nyouth_count: 30\n",
			 idtxt, unit, i, year);
		snprintf(msg, sizeof(msg), "新增活动：活动 %ld\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: add\n",
			 i, unit, path);
		if (one_commit(g, key, parent, path, content, msg, &id) ||
		    git_commit_lookup(&next, g, &id) < 0) {
			rc = fail("commit");
			goto done;
		}
		git_commit_free(parent);
		parent = next;
	}
	{
		git_reference *ref = NULL;

		if (git_reference_create(&ref, g, "refs/heads/main", &id, 1, "bench") < 0) {
			rc = fail("ref");
			goto done;
		}
		git_reference_free(ref);
	}
	rc = 0;
done:
	git_commit_free(parent);
	git_repository_free(g);
	sshkey_free(key);
	return rc;
}

static int verify(const char *dir, const char *from, const char *to)
{
	struct repo *r = NULL;
	struct trust_ctx *t = NULL;
	struct ggw_error err = { 0, "" };
	git_hex *ids = NULL, a, b;
	size_t n = 0, bad = 0;
	double t0, c0;
	int rc = 1;

	if (repo_open(dir, &r, &err) < 0 || gitp_ref_tip(r, from, a, &err) < 0 ||
	    gitp_ref_tip(r, to, b, &err) < 0)
		goto done;
	t0 = now_s();
	c0 = cpu_s();
	if (gitp_walk(r, b, a, &ids, &n, &err) < 0 || trust_open(r, a, b, &t, &err) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		struct commit_info c;
		struct ggw_error e2 = { 0, "" };

		if (gitp_commit_info(r, ids[i], &c, &err) < 0)
			goto done;
		if (trust_verify_incoming(t, &c, NULL, NULL, 0, &e2) < 0) {
			if (!bad++)
				fprintf(stderr, "%s\n", e2.msg);
		}
		commit_info_free(&c);
	}
	printf("%zu commits verified in %.3f s (%.3f s of CPU; %zu refused)\n", n, now_s() - t0,
	       cpu_s() - c0, bad);
	rc = bad ? 1 : 0;
done:
	if (err.msg[0])
		fprintf(stderr, "trust_bench: %s\n", err.msg);
	trust_free(t);
	free(ids);
	repo_close(r);
	return rc;
}

int main(int argc, char **argv)
{
	struct ggw_error err = { 0, "" };
	int rc;

	git_libgit2_init();
	if (repo_global_init(&err) < 0) {
		fprintf(stderr, "trust_bench: %s\n", err.msg);
		return 1;
	}
	if (argc == 6 && !strcmp(argv[1], "gen"))
		rc = gen(argv[2], atol(argv[3]), argv[4], argv[5]);
	else if (argc == 5 && !strcmp(argv[1], "verify"))
		rc = verify(argv[2], argv[3], argv[4]);
	else {
		fprintf(stderr, "usage: trust_bench gen DIR N KEYFILE UNIT | verify DIR FROM TO\n");
		rc = 2;
	}
	repo_global_shutdown();
	git_libgit2_shutdown();
	return rc;
}
