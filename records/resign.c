/* Re-signing unsynced commits onto the remote's main (see resign.h). */
#include "resign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/i18n.h"
#include "../storage/fsutil.h"
#include "../storage/gitp.h"
#include "../storage/gitsig.h"
#include "../storage/repo_status.h"
#include "ops.h"
#include "sync.h"

/* The blob of path in sorted items, "" if absent. */
static const char *blob_at(const struct tree_item *v, size_t n, const char *path)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(v[mid].path, path);

		if (c == 0)
			return v[mid].blob;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return "";
}

/* Set (blob non-empty) or remove path in the working tree list. */
static int items_set(struct tree_item **v, size_t *n, const char *path, const char *blob)
{
	size_t i;

	for (i = 0; i < *n && strcmp((*v)[i].path, path) < 0; i++)
		;
	if (i < *n && !strcmp((*v)[i].path, path)) {
		if (!*blob) {
			free((*v)[i].path);
			memmove(&(*v)[i], &(*v)[i + 1], (*n - i - 1) * sizeof(**v));
			(*n)--;
		} else {
			memcpy((*v)[i].blob, blob, sizeof(git_hex));
		}
		return 0;
	}
	if (!*blob)
		return 0;
	{
		struct tree_item *nv = realloc(*v, (*n + 1) * sizeof(**v));

		if (!nv)
			return -1;
		*v = nv;
		memmove(&nv[i + 1], &nv[i], (*n - i) * sizeof(*nv));
		if (!(nv[i].path = strdup(path)))
			return -1;
		memcpy(nv[i].blob, blob, sizeof(git_hex));
		nv[i].mode = 0100644;
		(*n)++;
	}
	return 0;
}

/* Apply c's own changes (against its first parent) to cur; 1 if a file
 * it changes was changed by the other side too (then cur is unchanged). */
static int apply_commit(struct repo *r, const struct commit_info *c, struct tree_item **cur,
			size_t *ncur, struct ggw_error *err)
{
	struct tree_item *mine = NULL, *par = NULL;
	size_t nm = 0, np = 0, i = 0, j = 0;
	int error, clash = 0;

	if ((error = gitp_tree_items(r, c->tree, &mine, &nm, err)) < 0 ||
	    (error = gitp_tree_items(r, c->parents[0], &par, &np, err)) < 0)
		goto done;
	/* Pass 1: any clash? Pass 2: apply. Both walk the two sorted lists. */
	for (int pass = 0; pass < 2 && !clash && error == 0; pass++) {
		for (i = 0, j = 0; (i < nm || j < np) && error == 0;) {
			int k = i >= nm ? 1 : j >= np ? -1 : strcmp(mine[i].path, par[j].path);
			const char *path = k <= 0 ? mine[i].path : par[j].path;
			const char *now = k <= 0 ? mine[i].blob : "";
			const char *was = k >= 0 ? par[j].blob : "";
			const char *have = blob_at(*cur, *ncur, path);

			i += k <= 0;
			j += k >= 0;
			if (!strcmp(now, was))
				continue;
			if (pass == 0) {
				clash = strcmp(have, was) && strcmp(have, now);
				if (clash)
					break;
			} else if (items_set(cur, ncur, path, now) < 0) {
				error = ggw_oom(err);
			}
		}
	}
done:
	tree_items_free(mine, nm);
	tree_items_free(par, np);
	return error < 0 ? error : clash;
}

static int keep_ref(struct repo *r, const char *kind, const char *id, char *name, size_t len)
{
	snprintf(name, len, "refs/ggw/aside/%s-%.10s-%lld", kind, id, (long long)time(NULL));
	return gitp_set_ref(r, name, id, NULL);
}

/* Build the chain of replayed commits on theirs; *tip the last one. */
static int replay(struct repo *r, const char *ours, const char *theirs, git_hex tip,
		  struct resign_result *out, struct ggw_error *err)
{
	struct tree_item *cur = NULL;
	size_t ncur = 0, n = 0;
	git_hex *ids = NULL;
	int error;

	memcpy(tip, theirs, sizeof(git_hex));
	if ((error = gitp_walk(r, ours, theirs, &ids, &n, err)) < 0 ||
	    (error = gitp_tree_items(r, theirs, &cur, &ncur, err)) < 0)
		goto done;
	for (size_t i = 0; i < n && error == 0; i++) {
		struct commit_info c;
		git_hex tree, made;
		char aside[128];
		int clash;

		if ((error = gitp_commit_info(r, ids[i], &c, err)) < 0)
			break;
		if (c.nparents == 1) {
			if ((clash = error = apply_commit(r, &c, &cur, &ncur, err)) == 1) {
				error = keep_ref(r, "commit", c.id, aside, sizeof(aside));
				if (!out->aside++)
					memcpy(out->first_aside, c.id, sizeof(git_hex));
			} else if (error == 0 &&
				   (error = gitp_write_tree(r, cur, ncur, tree, err)) == 0 &&
				   (error = gitsig_commit(r, tree, tip, c.message, c.author_name,
							  c.author_email, c.time, c.tz_minutes, made,
							  err)) == 0) {
				memcpy(tip, made, sizeof(git_hex));
				out->replayed++;
			}
		}
		commit_info_free(&c);
	}
done:
	tree_items_free(cur, ncur);
	free(ids);
	return error;
}

int resign_unsynced(struct repo *r, const char *remote, struct resign_result *out,
		    struct ggw_error *err)
{
	char ref[160], marker[4096], line[64];
	git_hex ours, theirs, tip;
	char **dirty = NULL;
	size_t ndirty = 0;
	int error;

	memset(out, 0, sizeof(*out));
	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", remote);
	if ((error = ops_lock(r, err)) < 0)
		return error;
	if ((error = gitp_ref_tip(r, "HEAD", ours, err)) < 0)
		goto out;
	if (gitp_ref_tip(r, ref, theirs, NULL) < 0) {
		error = ggw_fail(err, GGW_ENOTFOUND, _("还没有从 %s 同步过：请先运行 ggw sync %s"), remote, remote);
		goto out;
	}
	if (gitp_is_ancestor(r, ours, theirs))
		goto out; /* nothing of ours is missing there */
	if ((error = repo_dirty_paths(r, &dirty, &ndirty, err)) < 0)
		goto out;
	if (ndirty) {
		error = ggw_fail(err, GGW_ECONFLICT, _("%s 有未提交的改动：请先提交或撤销，再重签"), dirty[0]);
		goto out;
	}
	if ((error = replay(r, ours, theirs, tip, out, err)) < 0 ||
	    (error = keep_ref(r, "main", ours, out->kept, sizeof(out->kept))) < 0)
		goto out;
	/* As sync moves main: the next run finishes the files if killed. */
	snprintf(marker, sizeof(marker), "%sggw/checkout-pending", repo_gitdir(r));
	snprintf(line, sizeof(line), "%s\n", ours);
	if ((error = atomic_write(marker, line, strlen(line), err)) < 0 ||
	    (error = gitp_main_cas(r, tip, ours, err)) < 0)
		goto out;
	error = sync_finish_pending(r, err);
out:
	repo_paths_free(dirty, ndirty);
	ops_unlock(r);
	return error;
}
