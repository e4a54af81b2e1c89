/* The ledger as one file; see bundle.h. */
#include "bundle.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/trailer.h"
#include "../storage/bundle.h"
#include "../storage/evstore.h"
#include "../storage/gitp.h"
#include "../storage/hub_local.h"
#include "evidence_sync.h"
#include "ops.h"

#define STORE_PREREQS 2 /* this PC's unit's store and the peer's */
#define FROM_PREFIX "refs/ggw/bundle-from/" /* = main: the unit that wrote the file */

/* A peer's name goes into a config key: a unit key's characters only. */
static int peer_valid(const char *p)
{
	size_t n = strlen(p);

	if (n < 1 || n > 63)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
			return 0;
	return 1;
}

static int peer_check(const char *p, struct ggw_error *err)
{
	if (peer_valid(p))
		return 0;
	return ggw_fail(err, GGW_EUSAGE,
			_("“%s”不是有效的单位代号（小写字母、数字和 -），--for 后面写对方的单位代号，如 office 或 xinyi"),
			p);
}

static void remembered(struct repo *r, const char *peer, const char *what, git_hex out)
{
	char key[128], *v = NULL;

	out[0] = '\0';
	snprintf(key, sizeof(key), "ggw.bundle.%s.%s", peer, what);
	if (repo_config_get(r, key, &v, NULL) == 0 && v && strlen(v) == 40 &&
	    strspn(v, "0123456789abcdef") == 40)
		memcpy(out, v, sizeof(git_hex));
	free(v);
}

static void remember(struct repo *r, const char *peer, const char *what, const char *id)
{
	char key[128];

	snprintf(key, sizeof(key), "ggw.bundle.%s.%s", peer, what);
	repo_config_set(r, key, id, NULL);
}

/* refs/ggw/evin/_bundle-<peer>/: the evidence stores the peer's last
 * file carried, so the peer holds them ("_" keeps it apart from any
 * remote's name). */
static void track_name(const char *peer, char *buf, size_t len)
{
	snprintf(buf, len, "_bundle%s%s", peer && *peer ? "-" : "", peer && *peer ? peer : "");
}

/* ggw.bundle.<peer>.unacked: the peer's last file brought store versions
 * it does not know this PC holds; the next file for it says so even when
 * it has nothing else (else the peer would send its whole store again). */
static int unacked(struct repo *r, const char *peer)
{
	char key[128], *v = NULL;
	int yes;

	snprintf(key, sizeof(key), "ggw.bundle.%s.unacked", peer);
	yes = repo_config_get(r, key, &v, NULL) == 0 && v && !strcmp(v, "true");
	free(v);
	return yes;
}

static void set_unacked(struct repo *r, const char *peer, int yes)
{
	char key[128];

	snprintf(key, sizeof(key), "ggw.bundle.%s.unacked", peer);
	if (yes)
		repo_config_set(r, key, "true", NULL);
	else if (unacked(r, peer))
		repo_config_unset(r, key, NULL);
}

/* The store of unit into ext[*next] when this PC holds one; with a peer,
 * the version the peer holds is a prerequisite (only new files are
 * written). need_ack: only when the peer is known to hold a version. */
static void store_for(struct repo *r, const char *unit, const char *peer, int need_ack,
		      struct bundle_ref *ext, size_t *next, git_hex *pre, size_t *npre)
{
	char track[80], ref[300];
	git_hex tip, held;
	int acked;

	if (!unit || !unit_key_valid(unit))
		return;
	for (size_t i = 0; i < *next; i++)
		if (!strcmp(ext[i].name + strlen(EVSTORE_PREFIX), unit))
			return;
	evstore_ref(unit, ext[*next].name, sizeof(ext[*next].name));
	if (gitp_ref_tip(r, ext[*next].name, tip, NULL) < 0)
		return;
	track_name(peer, track, sizeof(track));
	snprintf(ref, sizeof(ref), EVIDENCE_IN_PREFIX "%s/%s", track, unit);
	acked = peer && *peer && gitp_ref_tip(r, ref, held, NULL) == 0 && gitp_object_exists(r, held);
	if (need_ack && !acked)
		return;
	memcpy(ext[(*next)++].id, tip, sizeof(git_hex));
	if (acked)
		memcpy(pre[(*npre)++], held, sizeof(git_hex));
}

/* Write main's tip for peer (prerequisites: what peer surely has), with
 * this PC's unit's evidence store beside it, and the peer's store when the
 * peer sent it (then nothing of it but what this PC changed: the peer
 * learns that its store arrived). thin: leave out the store versions the
 * peer holds (a whole file has no prerequisites at all). */
static int write_for(struct repo *r, const char *file, const char *peer, int thin, const char *tip,
		     const git_hex *pre, size_t npre, struct bundle_made *out, struct ggw_error *err)
{
	struct bundle_ref ext[STORE_PREREQS + 1];
	git_hex all[1 + STORE_PREREQS];
	size_t next = 0, nall = npre;
	struct actor a;
	int error, say, from = 0;

	snprintf(out->path, sizeof(out->path), "%s", file);
	snprintf(out->peer, sizeof(out->peer), "%s", peer ? peer : "");
	memcpy(out->tip, tip, sizeof(out->tip));
	out->nprereqs = npre;
	if (npre > 1)
		return ggw_fail(err, GGW_EINVALID, _("前提提交太多"));
	memcpy(all, pre, npre * sizeof(git_hex));
	if (actor_load(r, &a, NULL) == 0) {
		store_for(r, a.unit, thin ? peer : NULL, 0, ext, &next, all, &nall);
		if (a.unit && unit_key_valid(a.unit)) {
			/* who wrote the file (main's last commit may be the peer's) */
			snprintf(ext[STORE_PREREQS].name, sizeof(ext[0].name), FROM_PREFIX "%s", a.unit);
			memcpy(ext[STORE_PREREQS].id, tip, sizeof(git_hex));
			from = 1;
		}
		actor_free(&a);
	}
	if (thin)
		store_for(r, peer, peer, 1, ext, &next, all, &nall);
	out->nstores = next;
	out->nprereqs = nall; /* a file with any is for that peer only */
	if (from)
		ext[next++] = ext[STORE_PREREQS];
	say = thin && peer && *peer && out->nstores && unacked(r, peer);
	if ((error = bundle_write(r, file, tip, ext, next, say, all, nall, &out->size, err)) < 0)
		return error;
	if (peer && *peer) {
		remember(r, peer, "sent", tip);
		set_unacked(r, peer, 0);
	}
	return 0;
}

int ledger_bundle_create(struct repo *r, const char *file, int since_last, const char *peer,
			 struct bundle_made *out, struct ggw_error *err)
{
	struct actor a;
	git_hex tip, have[1];
	size_t nhave = 0;
	int error, have_actor = 0, took_lock = !repo_lock_held(r);

	memset(out, 0, sizeof(*out));
	if ((error = repo_lock(r, 5000, NULL, NULL, err)) < 0)
		return error;
	if ((error = actor_load(r, &a, err)) < 0)
		goto done;
	have_actor = 1;
	if (!peer && since_last) {
		if (a.unit && !strcmp(a.unit, "office")) {
			error = ggw_fail(err, GGW_EUSAGE,
					 _("街道办公室用 --since-last 时要用 --for 单位代号 写明给谁，如 --for xinyi"));
			goto done;
		}
		peer = "office";
	}
	if (peer && (error = peer_check(peer, err)) < 0)
		goto done;
	if ((error = gitp_ref_tip(r, "HEAD", tip, err)) < 0)
		goto done;
	if (since_last) {
		remembered(r, peer, "received", have[0]);
		if (have[0][0] && gitp_object_exists(r, have[0]) && gitp_is_ancestor(r, have[0], tip))
			nhave = 1;
	}
	error = write_for(r, file, peer, since_last, tip, have, nhave, out, err);
done:
	if (have_actor)
		actor_free(&a);
	if (took_lock)
		repo_unlock(r);
	return error;
}

/* Who sent the bundle: the unit its refs/ggw/bundle-from/<unit> names (ggw
 * writes it), else its main commit's Ggw-Unit (a file made by git). */
static void sender_of(struct repo *r, const struct bundle_read_result *br, char *peer, size_t len)
{
	struct commit_info c;

	peer[0] = '\0';
	for (size_t i = 0; i < br->nrefs; i++) {
		const char *u = br->refs[i].name + strlen(FROM_PREFIX);

		if (!strncmp(br->refs[i].name, FROM_PREFIX, strlen(FROM_PREFIX)) && peer_valid(u) &&
		    !strcmp(br->refs[i].id, br->main)) {
			snprintf(peer, len, "%s", u);
			return;
		}
	}
	if (gitp_commit_info(r, br->main, &c, NULL) < 0)
		return;
	if (commit_trailer(c.message, "Ggw-Unit", peer, len) != 1 || !peer_valid(peer))
		peer[0] = '\0';
	commit_info_free(&c);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

/* Our main for the peer whose file's main was theirs (which it has). */
static int reply_to(struct repo *r, const char *reply, const char *theirs, const char *peer,
		    struct bundle_made *out, struct ggw_error *err)
{
	git_hex ours, pre[1];
	int error;

	if ((error = gitp_ref_tip(r, "HEAD", ours, err)) < 0)
		return error;
	memcpy(pre[0], theirs, sizeof(git_hex));
	error = write_for(r, reply, peer, 1, ours, pre, 1, out, err);
	if (error == GGW_ENOTFOUND) {
		/* The peer's file held everything: nothing to answer with. */
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return error;
}

int ledger_bundle_reply(struct repo *r, const char *reply, struct bundle_made *out,
			struct ggw_error *err)
{
	char *tip = NULL, *peer = NULL;
	int error, took_lock = !repo_lock_held(r);

	memset(out, 0, sizeof(*out));
	if ((error = repo_lock(r, 5000, NULL, NULL, err)) < 0)
		return error;
	repo_config_get(r, "ggw.bundle.lastin.tip", &tip, NULL);
	repo_config_get(r, "ggw.bundle.lastin.peer", &peer, NULL);
	if (!tip || strlen(tip) != 40 || strspn(tip, "0123456789abcdef") != 40 ||
	    !gitp_object_exists(r, tip))
		error = ggw_fail(err, GGW_ENOTFOUND, _("还没有收下过台账文件，没有可回复的"));
	else
		error = reply_to(r, reply, tip, peer && peer_valid(peer) ? peer : NULL, out, err);
	free(tip);
	free(peer);
	if (took_lock)
		repo_unlock(r);
	return error;
}

/* The references of a file taken in beside main: refs/ggw/evidence/<unit>. */
static int store_ref(const char *ref)
{
	return !strncmp(ref, EVSTORE_PREFIX, strlen(EVSTORE_PREFIX)) &&
	       unit_key_valid(ref + strlen(EVSTORE_PREFIX));
}

static int no_fetch(void *ctx, const char *spec, struct ggw_error *err)
{
	(void)ctx;
	(void)spec;
	(void)err;
	return 0;
}

static int no_push(void *ctx, const char *src, const char *dst, struct ggw_error *err)
{
	(void)ctx;
	(void)src;
	(void)dst;
	return ggw_fail(err, GGW_EINVALID, "bundle");
}

/* The stores the file carried (objects in, not yet trusted): tracked as
 * refs/ggw/evin/_bundle-<sender>/<unit> and merged like a remote's (a
 * fetch-only remote: nothing is pushed), which also applies the
 * withdrawals main brought. Best effort, as at a sync: said, never
 * failing the file. */
static void take_in_stores(struct repo *r, const char *label, const char *sender,
			   const struct bundle_read_result *br, const struct sync_options *o)
{
	char track[80], ref[300], msg[1400];
	struct ggw_error e = { 0, "" };
	struct evidence_sync_io io = { no_push, no_fetch, NULL, label, NULL, 1,
				       o ? o->notice : NULL, o ? o->data : NULL, track };
	struct actor a;
	int own;

	if (actor_load(r, &a, &e) < 0) {
		if (io.notice)
			io.notice(e.msg, io.data);
		return;
	}
	/* this PC's own file: nothing about a peer to remember afterwards
	 * (its files would count as sent) */
	own = a.unit && !strcmp(a.unit, sender);
	track_name(sender, track, sizeof(track));
	if (br->ndropped && io.notice) {
		snprintf(msg, sizeof(msg), _("已拒绝 %s 里 %zu 个无法读取的佐证材料库"), label, br->ndropped);
		io.notice(msg, io.data);
	}
	for (size_t i = 0; i < br->nrefs && io.notice; i++)
		if (!strncmp(br->refs[i].name, EVSTORE_PREFIX, strlen(EVSTORE_PREFIX)) &&
		    !store_ref(br->refs[i].name)) {
			/* (git's rules keep control characters out of the name) */
			snprintf(msg, sizeof(msg), _("已拒绝 %s 里的佐证材料库 %s：不是单位代号"), label,
				 br->refs[i].name + strlen(EVSTORE_PREFIX));
			io.notice(msg, io.data);
		}
	for (size_t i = 0; i < br->nkept; i++) {
		const char *unit = br->kept[i].name + strlen(EVSTORE_PREFIX);

		snprintf(ref, sizeof(ref), EVIDENCE_IN_PREFIX "%s/%s", track, unit);
		gitp_set_ref(r, ref, br->kept[i].id, NULL);
		if (!br->kept[i].known && sender[0] && !own)
			set_unacked(r, sender, 1);
	}
	if (evidence_sync_remote(r, &a, &io, &e) < 0 && io.notice)
		io.notice(e.msg, io.data);
	for (size_t i = 0; own && i < br->nkept; i++) {
		snprintf(ref, sizeof(ref), EVIDENCE_IN_PREFIX "%s/%s", track,
			 br->kept[i].name + strlen(EVSTORE_PREFIX));
		gitp_delete_ref(r, ref, NULL);
	}
	actor_free(&a);
}

/* A file refused: the bytes of withdrawn files its stores brought in go
 * at once (nothing names them). */
static void forget_withdrawn(struct repo *r)
{
	struct ggw_error e = { 0, "" };
	struct actor a;

	if (actor_load(r, &a, &e) < 0)
		return;
	evidence_apply_withdrawals(r, &a, NULL, &e);
	actor_free(&a);
}

int ledger_bundle_sync(struct repo *r, const char *file, const char *peer, const char *reply,
		       const struct sync_options *o, struct sync_result *res,
		       struct bundle_made *reply_out, struct ggw_error *err)
{
	struct bundle_read_result br;
	char sender[64];
	int error, took_lock = !repo_lock_held(r);

	memset(res, 0, sizeof(*res));
	snprintf(res->remote, sizeof(res->remote), "%s", base_name(file));
	if (reply_out)
		memset(reply_out, 0, sizeof(*reply_out));
	if (peer && (error = peer_check(peer, err)) < 0)
		return error;
	if ((error = repo_lock(r, 5000, o ? o->notice : NULL, o ? o->data : NULL, err)) < 0)
		return error;
	if ((error = bundle_read_keep(r, file, store_ref, &br, err)) < 0) {
		res->outcome = error == GGW_EDENIED ? SYNC_REFUSED : SYNC_FAILED;
		res->code = error;
		snprintf(res->message, sizeof(res->message), "%s", err->msg);
		goto done;
	}
	if ((error = sync_take_in_commit(r, base_name(file), br.main, o, res, err)) < 0) {
		forget_withdrawn(r);
		goto done;
	}
	if (peer)
		snprintf(sender, sizeof(sender), "%s", peer);
	else
		sender_of(r, &br, sender, sizeof(sender));
	if (sender[0])
		remember(r, sender, "received", br.main);
	take_in_stores(r, base_name(file), sender, &br, o);
	/* For a reply asked for later (the interface asks after the merge). */
	repo_config_set(r, "ggw.bundle.lastin.tip", br.main, NULL);
	repo_config_set(r, "ggw.bundle.lastin.peer", sender[0] ? sender : "-", NULL);
	if (reply)
		error = reply_to(r, reply, br.main, sender[0] ? sender : NULL, reply_out, err);
done:
	if (took_lock)
		repo_unlock(r);
	return error;
}

int ledger_bundle_looks_like(const char *path)
{
	char head[16];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, head, sizeof(head)) : -1;
	close(fd);
	return n == 16 && (!memcmp(head, "# v2 git bundle\n", 16) || !memcmp(head, "# v3 git bundle\n", 16));
}
