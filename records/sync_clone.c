/* ggw clone from a hub with refused commits on its main (sync_clone.h). */
#include "sync_clone.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../storage/gitp.h"
#include "../storage/hub_local.h"
#include "../storage/transport.h"
#include "sync_check.h"

/* The first commit of c's first-parent line, read from the raw objects:
 * the ledger's beginning (ggw init's commit), shared by every copy and
 * checked by no sync. */
static int first_root(struct repo *r, const char *c, git_hex root, struct ggw_error *err)
{
	git_hex parent;
	int error;

	memcpy(root, c, sizeof(git_hex));
	while ((error = gitp_raw_parent(r, root, parent, err)) == 0)
		memcpy(root, parent, sizeof(git_hex));
	if (error != GGW_ENOTFOUND)
		return error;
	ggw_clear(err);
	return 0;
}

/* The hub's main into refs/remotes/<remote>/main with sync's readers: a
 * commit libgit2 cannot parse stays out (its raw text is kept in
 * <gitdir>/ggw/refused/), the readable part of its line comes; bad and
 * why get that commit and libgit2's words. */
static int clone_fetch(struct repo *r, const char *remote, const char *url, char *bad,
		       size_t badlen, char *why, size_t whylen, struct ggw_error *err)
{
	char spec[200], path[PATH_MAX], *timeout = NULL;
	const char *specs[1] = { spec };
	struct transfer_result tr;
	int error;

	memset(&tr, 0, sizeof(tr));
	snprintf(spec, sizeof(spec), "+refs/heads/main:refs/remotes/%s/main", remote);
	if (transport_url_is_local(url, path, sizeof(path))) {
		error = hub_local_fetch_refused(r, path, spec, &tr, err);
	} else {
		struct transfer_options to = { 0, NULL, NULL, NULL, specs, 1, NULL };

		if (repo_config_get(r, "ggw.timeout", &timeout, NULL) == 0 && timeout)
			to.timeout_sec = atoi(timeout);
		free(timeout);
		error = transport_run(r, TRANSFER_FETCH, remote, &to, &tr, err);
	}
	if (error == 0 && tr.nunreadable) {
		snprintf(bad, badlen, "%s", tr.unreadable);
		snprintf(why, whylen, "%s", tr.unreadable_why);
	}
	return error;
}

/* main to good, the work tree and index from baseline (a commit, or NULL:
 * nothing checked out yet) to it. */
static int main_onto(struct repo *r, const char *good, const char *baseline,
		     struct ggw_error *err)
{
	git_hex empty;
	int error;

	if (!baseline) {
		if ((error = gitp_write_tree(r, NULL, 0, empty, err)) < 0)
			return error;
		baseline = empty;
	}
	if ((error = gitp_set_ref(r, "refs/heads/main", good, err)) < 0)
		return error;
	return gitp_checkout_head(r, baseline, err);
}

/* What the user reads: which commit was refused and why (the check's
 * words without their ending, which speaks of a sync), what was copied,
 * what to do. */
static void refused_message(struct repo *r, const char *url, const char *tip, const char *good,
			    const char *bad, const char *badwhy, char *why, char *msg,
			    size_t msglen)
{
	char reason[sizeof(((struct ggw_error *)0)->msg) + 100], *cut;
	size_t left = 0, behind = 0;

	if ((cut = strstr(why, "。已拒绝这个同步对象的全部新历史")) != NULL)
		*cut = '\0';
	if (bad[0])
		snprintf(reason, sizeof(reason), _("提交 %.10s 无法读取：%s"), bad, badwhy);
	else
		snprintf(reason, sizeof(reason), "%s", why);
	gitp_ahead_behind(r, tip, good, &left, &behind, NULL);
	left += bad[0] != '\0';
	snprintf(msg, msglen,
		 _("中转仓库 %s 的 main 上有被拒绝的提交（%s）。只复制了最后一个通过检查的提交 %.10s 及以前的历史，之后的 %zu 个提交没有复制。请街道办公室运行 ggw hub repair 修复这个中转仓库；在那之前本机照常记账，ggw sync 经中转仓库的旁路和各单位交换记录，修复后自动恢复正常"),
		 url, reason, good, left);
}

/* The newest commit of tip's first-parent line whose history from root
 * passes the check ("" if none): the commit ggw hub repair finds, found
 * with one check per refused commit rather than one per step (a hub with
 * a refused commit under a thousand others is cloned as fast as with one
 * on top). why gets the first refusal. */
static void clone_last_good(struct repo *r, const char *root, const char *tip, git_hex good,
			    struct ggw_error *why)
{
	git_hex cur, bad, parent;
	size_t count = 0;

	good[0] = '\0';
	memcpy(cur, tip, sizeof(git_hex));
	for (int rounds = 0; rounds < 10000; rounds++) {
		struct ggw_error e = { 0, "" };

		if (sync_check_range(r, root, cur, &count, bad, &e) == 0) {
			memcpy(good, cur, sizeof(git_hex));
			return;
		}
		if (!why->msg[0])
			*why = e;
		/* Back along the first parents, past every commit holding bad. */
		do {
			if (gitp_raw_parent(r, cur, parent, NULL) < 0)
				return;
			memcpy(cur, parent, sizeof(git_hex));
		} while (bad[0] && gitp_is_ancestor(r, bad, cur));
	}
}

static int check_tip(struct repo *r, const char *remote, const char *url, int fetched,
		     const char *bad, const char *badwhy, char *msg, size_t msglen,
		     struct ggw_error *err)
{
	struct ggw_error why = { 0, "" };
	char ref[160];
	git_hex tip, root, good = "";
	int error;

	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", remote);
	if (gitp_ref_tip(r, ref, tip, NULL) < 0) {
		if (bad[0])
			return ggw_fail(err, GGW_EDENIED,
					_("无法复制台账：中转仓库 %s 的 main 上没有能读取的提交（提交 %.10s 无法读取：%s）。请街道办公室运行 ggw hub repair 修复这个中转仓库"),
					url, bad, badwhy);
		return ggw_fail(err, GGW_ENOTFOUND,
				_("无法复制台账：%s 不是台账仓库（请检查地址，或用 ggw hub init 新建中转仓库）"),
				url);
	}
	if ((error = first_root(r, tip, root, err)) < 0)
		return error;
	clone_last_good(r, root, tip, good, &why);
	if (fetched && !bad[0] && !strcmp(good, tip))
		return 0; /* the fast path: all of it passed */
	if (!good[0])
		return ggw_fail(err, GGW_EDENIED,
				_("无法复制台账：中转仓库 %s 的 main 上没有一个通过检查的提交（%s）。请街道办公室运行 ggw hub repair 修复这个中转仓库"),
				url, why.msg);
	/* Nothing is checked out yet (ggw clone writes the work tree after
	 * this check): from the empty tree. */
	if ((error = main_onto(r, good, NULL, err)) < 0)
		return error;
	if (!bad[0] && !why.msg[0])
		return 0; /* git_clone failed, the fetch found all of it good */
	/* Left as a PC that synced with this hub is: its next sync takes the
	 * side references, and notices the repair. */
	snprintf(ref, sizeof(ref), "refs/ggw/refused/%s", remote);
	if ((error = gitp_set_ref(r, ref, tip, err)) < 0)
		return error;
	if (bad[0])
		sync_unreadable_note(r, remote, bad);
	refused_message(r, url, tip, good, bad, badwhy, why.msg, msg, msglen);
	return 1;
}

int sync_clone_check(struct repo *r, const char *remote, int fetched, char *msg, size_t msglen,
		     struct ggw_error *err)
{
	char key[128], *url = NULL, bad[41] = "", badwhy[300] = "";
	int error, took_lock = !repo_lock_held(r);

	msg[0] = '\0';
	snprintf(key, sizeof(key), "remote.%s.url", remote);
	if ((error = repo_config_get(r, key, &url, err)) < 0)
		return error;
	if (!url) {
		free(url);
		return ggw_fail(err, GGW_ENOTFOUND, _("没有名为 %s 的同步对象"), remote);
	}
	if (took_lock && (error = repo_lock(r, 5000, NULL, NULL, err)) < 0)
		goto done;
	if (fetched ||
	    (error = clone_fetch(r, remote, url, bad, sizeof(bad), badwhy, sizeof(badwhy), err)) == 0)
		error = check_tip(r, remote, url, fetched, bad, badwhy, msg, msglen, err);
	if (took_lock)
		repo_unlock(r);
done:
	free(url);
	return error;
}
