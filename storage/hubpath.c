/* A hub on a path, read and written directly; see hubpath.h. */
#include "hubpath.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "quarantine.h"

#define HUB_LOCK_WAIT_MS 2000
#define TURN_WAIT_MS 30000
#define STALE_TMP_PACK_SEC 60
#define PUSH_SPECS_MAX 8

/* For tests only: GGW_TEST_KILL_AT=hub-mid-pack (the pack half written),
 * hub-pack-written (the pack in place, no reference moved) or
 * hub-refs-moved (before the turn lock is let go) makes a push to a hub on
 * a path die by SIGKILL there. Unset in real use. */
static void kill_point(const char *point)
{
	const char *want = getenv("GGW_TEST_KILL_AT");

	if (want && !strcmp(want, point))
		raise(SIGKILL);
}

int hubpath_open(const char *path, int need_bare, git_repository **out)
{
	int saved = 1, error;

	*out = NULL;
	/* Registered hub paths only: a USB stick is often mounted with another
	 * owner (vfat, or a stick formatted on another PC). */
	git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, &saved);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	error = git_repository_open_ext(out, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, saved);
	if (error < 0)
		return error;
	if (need_bare && !git_repository_is_bare(*out)) {
		git_repository_free(*out);
		*out = NULL;
		git_error_set_str(GIT_ERROR_REPOSITORY, "not a bare repository");
		return GIT_EBAREREPO;
	}
	return 0;
}

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* A lock file still there after two seconds is a killed writer's. */
static void clear_stale_lock(const char *path, const struct hubpath_progress *pr)
{
	for (int waited = 0; access(path, F_OK) == 0 && waited < HUB_LOCK_WAIT_MS; waited += 50) {
		if (waited % 250 == 0 && pr && pr->wait)
			pr->wait(pr->data);
		pause_ms(50);
	}
	if (access(path, F_OK) == 0)
		unlink(path);
}

/* A push killed while libgit2 wrote its pack leaves
 * objects/pack/pack_git2_*; only ggw writes such files, and only under
 * the turn lock (an old one is never a live writer's). */
static void remove_stale_tmp_packs(const char *gitdir)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct dirent *de;
	struct stat st;
	DIR *d;

	snprintf(dir, sizeof(dir), "%sobjects/pack", gitdir);
	if (!(d = opendir(dir)))
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "pack_git2_", 10))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    time(NULL) - st.st_mtime > STALE_TMP_PACK_SEC)
			unlink(path);
	}
	closedir(d);
}

int hubpath_take_turn(const char *gitdir, char *const *refs, size_t nrefs,
		      const struct hubpath_progress *pr)
{
	static const char *const fixed[] = { "refs/heads/main", "packed-refs", "HEAD" };
	char path[PATH_MAX];
	int fd, waited;

	snprintf(path, sizeof(path), "%sggw-push.lock", gitdir);
	fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0666);
	/* Waiting is progress: the watchdog must not fire meanwhile. */
	for (waited = 0; fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0 && waited < TURN_WAIT_MS;
	     waited += 50) {
		if (waited % 250 == 0 && pr && pr->wait)
			pr->wait(pr->data);
		pause_ms(50);
	}
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(path, sizeof(path), "%s%s.lock", gitdir, fixed[i]);
		clear_stale_lock(path, pr);
	}
	for (size_t i = 0; i < nrefs; i++) {
		if (snprintf(path, sizeof(path), "%s%s.lock", gitdir, refs[i]) < (int)sizeof(path))
			clear_stale_lock(path, pr);
	}
	remove_stale_tmp_packs(gitdir);
	return fd;
}

/* ------------------------------------------------------------------ */
/* Fetch                                                                */

struct mapped {
	char *dst;
	git_oid tip;
};

static void mapped_free(struct mapped *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].dst);
	free(m);
}

static int mapped_add(struct mapped **m, size_t *n, size_t *cap, const char *dst,
		      const git_oid *tip)
{
	if (*n == *cap) {
		struct mapped *nm = realloc(*m, (*cap ? *cap * 2 : 8) * sizeof(*nm));

		if (!nm) {
			git_error_set_oom();
			return -1;
		}
		*m = nm;
		*cap = *cap ? *cap * 2 : 8;
	}
	if (!((*m)[*n].dst = strdup(dst))) {
		git_error_set_oom();
		return -1;
	}
	git_oid_cpy(&(*m)[(*n)++].tip, tip);
	return 0;
}

/* The hub's references through specs whose tip differs from the ledger's
 * reference of that name: what the fetch would move (often nothing, and
 * then no scratch repository is made at all). */
static int map_hub_refs(git_repository *ledger, git_repository *hub, char *const *specs,
			size_t n, struct mapped **out, size_t *nout)
{
	git_refspec *rs[PUSH_SPECS_MAX] = { NULL };
	git_reference_iterator *it = NULL;
	git_reference *ref;
	size_t cap = 0;
	int error = 0;

	*out = NULL;
	*nout = 0;
	if (n > PUSH_SPECS_MAX) {
		git_error_set_str(GIT_ERROR_INVALID, "too many refspecs");
		return GIT_EINVALID;
	}
	for (size_t i = 0; i < n && error == 0; i++)
		error = git_refspec_parse(&rs[i], specs[i], 1);
	if (error == 0)
		error = git_reference_iterator_new(&it, hub);
	while (error == 0 && (error = git_reference_next(&ref, it)) == 0) {
		const git_oid *tip = git_reference_target(ref);

		for (size_t i = 0; tip && error == 0 && i < n; i++) {
			git_buf dst = { NULL, 0, 0 };
			git_oid have;

			if (!git_refspec_src_matches(rs[i], git_reference_name(ref)))
				continue;
			if ((error = git_refspec_transform(&dst, rs[i], git_reference_name(ref))) == 0 &&
			    (git_reference_name_to_id(&have, ledger, dst.ptr) < 0 ||
			     !git_oid_equal(&have, tip)))
				error = mapped_add(out, nout, &cap, dst.ptr, tip);
			git_buf_dispose(&dst);
		}
		git_reference_free(ref);
	}
	if (error == GIT_ITEROVER)
		error = 0;
	git_reference_iterator_free(it);
	for (size_t i = 0; i < n; i++)
		git_refspec_free(rs[i]);
	return error;
}

/* The mapped references in the scratch repository, whose objects now
 * include the hub's. A reference naming an object the hub lacks or
 * cannot read is damage (an error). */
static int make_view(struct quarantine *q, git_repository *hub, const struct mapped *m, size_t n)
{
	git_odb *odb = NULL;
	char objdir[PATH_MAX];
	int error;

	snprintf(objdir, sizeof(objdir), "%sobjects", git_repository_commondir(hub));
	if ((error = git_repository_odb(&odb, q->scratch)) < 0 ||
	    (error = git_odb_add_disk_alternate(odb, objdir)) < 0)
		goto done;
	for (size_t i = 0; i < n && error == 0; i++) {
		git_reference *made = NULL;
		size_t len;
		git_object_t type;

		if ((error = git_odb_read_header(&len, &type, odb, &m[i].tip)) == 0)
			error = git_reference_create(&made, q->scratch, m[i].dst, &m[i].tip, 1, NULL);
		git_reference_free(made);
	}
done:
	git_odb_free(odb);
	return error;
}

struct moved {
	char *name;
	git_oid to;
};

/* One reference of the view that differs from the ledger's: checked. A
 * history with a commit libgit2 cannot parse is reported and only its
 * readable part (if any, and if new) is kept. 1: keep *to. */
static int judge(struct quarantine *q, const char *name, git_oid *to, hubpath_unreadable_fn fn,
		 void *data)
{
	git_oid bad, readable, old;
	char why[300];
	int rc = quarantine_check(q, to, &bad, &readable, why, sizeof(why));

	if (rc <= 0)
		return rc == 0 ? 1 : rc;
	quarantine_keep_raw(q, &bad);
	if (fn)
		fn(name, to, &bad, &readable, why, data);
	if (git_oid_is_zero(&readable) ||
	    (git_reference_name_to_id(&old, q->ledger, name) == 0 && git_oid_equal(&old, &readable)))
		return 0;
	git_oid_cpy(to, &readable);
	return 1;
}

static int collect_moved(struct quarantine *q, hubpath_unreadable_fn fn, void *data,
			 struct moved **out, size_t *nout)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	size_t cap = 0;
	int error;

	*out = NULL;
	*nout = 0;
	if ((error = git_reference_iterator_new(&it, q->scratch)) < 0)
		return error;
	while (error == 0 && (error = git_reference_next(&ref, it)) == 0) {
		const git_oid *tip = git_reference_target(ref);
		git_oid old, to;

		if (tip && (git_reference_name_to_id(&old, q->ledger, git_reference_name(ref)) < 0 ||
			    !git_oid_equal(&old, tip))) {
			git_oid_cpy(&to, tip);
			error = judge(q, git_reference_name(ref), &to, fn, data);
			if (error == 1 && *nout == cap) {
				struct moved *nm = realloc(*out, (cap ? cap * 2 : 8) * sizeof(*nm));

				if (!nm)
					error = -1;
				else
					*out = nm;
				cap = cap ? cap * 2 : 8;
			}
			if (error == 1) {
				(*out)[*nout].name = strdup(git_reference_name(ref));
				git_oid_cpy(&(*out)[*nout].to, &to);
				error = (*out)[(*nout)++].name ? 0 : -1;
			}
			if (error == -1 && !git_error_last())
				git_error_set_oom();
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return error == GIT_ITEROVER ? 0 : error;
}

int hubpath_fetch(git_repository *ledger, const char *path, char *const *specs, size_t n,
		  hubpath_unreadable_fn unreadable, void *udata, const struct hubpath_progress *pr)
{
	git_repository *hub = NULL;
	struct quarantine q;
	struct mapped *m = NULL;
	struct moved *mv = NULL;
	git_oid *tips = NULL;
	size_t nm = 0, nmv = 0;
	int error, opened = 0;

	memset(&q, 0, sizeof(q));
	if ((error = hubpath_open(path, 0, &hub)) < 0 ||
	    (error = map_hub_refs(ledger, hub, specs, n, &m, &nm)) < 0 || nm == 0)
		goto done;
	if ((error = quarantine_open(&q, ledger)) < 0)
		goto done;
	opened = 1;
	q.damage_is_error = 1;
	if ((error = make_view(&q, hub, m, nm)) < 0 ||
	    (error = collect_moved(&q, unreadable, udata, &mv, &nmv)) < 0)
		goto done;
	if (nmv && !(tips = malloc(nmv * sizeof(*tips)))) {
		git_error_set_oom();
		error = -1;
		goto done;
	}
	for (size_t i = 0; i < nmv; i++)
		git_oid_cpy(&tips[i], &mv[i].to);
	if ((error = quarantine_migrate_progress(&q, tips, nmv, pr ? pr->pack : NULL,
						 pr ? pr->write : NULL, pr ? pr->data : NULL)) < 0)
		goto done;
	for (size_t i = 0; i < nmv && error == 0; i++) {
		git_reference *made = NULL;

		error = git_reference_create(&made, ledger, mv[i].name, &mv[i].to, 1, "ggw sync: fetch");
		git_reference_free(made);
	}
done:
	mapped_free(m, nm);
	for (size_t i = 0; i < nmv; i++)
		free(mv[i].name);
	free(mv);
	free(tips);
	if (opened)
		quarantine_close(&q);
	git_repository_free(hub);
	return error;
}

/* ------------------------------------------------------------------ */
/* Push                                                                 */

struct update {
	git_refspec *spec;
	git_oid to, old;
	int has_old, move;
};

static int moved_error(void)
{
	git_error_set_str(GIT_ERROR_REFERENCE, "the hub's main moved (fetch first)");
	return GIT_ENONFASTFORWARD;
}

/* Under the turn lock: the lease, and each reference's old value. */
static int plan_updates(git_repository *ledger, git_repository *hub, struct update *u, size_t n,
			const char *expect_main)
{
	git_oid want, cur;

	if (expect_main && expect_main[0]) {
		if (git_oid_fromstr(&want, expect_main) < 0) {
			git_error_set_str(GIT_ERROR_INVALID, "bad lease");
			return GIT_EINVALID;
		}
		if (git_reference_name_to_id(&cur, hub, "refs/heads/main") < 0 ||
		    !git_oid_equal(&cur, &want))
			return moved_error();
	}
	for (size_t i = 0; i < n; i++) {
		int error = git_reference_name_to_id(&u[i].old, hub, git_refspec_dst(u[i].spec));

		if (error < 0 && error != GIT_ENOTFOUND)
			return error;
		u[i].has_old = error == 0;
		u[i].move = !u[i].has_old || !git_oid_equal(&u[i].old, &u[i].to);
		if (u[i].move && u[i].has_old && !git_refspec_force(u[i].spec) &&
		    git_graph_descendant_of(ledger, &u[i].to, &u[i].old) != 1)
			return moved_error();
	}
	return 0;
}

/* Every hub tip this ledger holds as a commit: the hub has its history. */
static int hide_hub_tips(git_repository *ledger, git_repository *hub, git_revwalk *walk)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	int error;

	if ((error = git_reference_iterator_new(&it, hub)) < 0)
		return error;
	while ((error = git_reference_next(&ref, it)) == 0) {
		const git_oid *id = git_reference_target(ref);
		git_commit *c = NULL;

		if (id && git_commit_lookup(&c, ledger, id) == 0)
			error = git_revwalk_hide(walk, id);
		git_commit_free(c);
		git_reference_free(ref);
		if (error < 0)
			break;
	}
	git_reference_iterator_free(it);
	return error == GIT_ITEROVER ? 0 : error;
}

/* The pack's write progress, with the test's kill point in the middle. */
static int write_progress(const git_indexer_progress *st, void *data)
{
	const struct hubpath_progress *pr = data;

	if (st->received_objects > 0 && st->received_objects >= st->total_objects / 2)
		kill_point("hub-mid-pack");
	return pr && pr->write ? pr->write(st, pr->data) : 0;
}

/* The objects of the moving references the hub lacks, as one pack in its
 * objects/pack (written to a temporary file, fsynced, renamed). */
static int write_pack(git_repository *ledger, git_repository *hub, const struct update *u,
		      size_t n, const struct hubpath_progress *pr)
{
	git_packbuilder *pb = NULL;
	git_revwalk *walk = NULL;
	char packdir[PATH_MAX];
	int error;

	snprintf(packdir, sizeof(packdir), "%sobjects/pack", git_repository_commondir(hub));
	if ((error = git_packbuilder_new(&pb, ledger)) < 0 ||
	    (error = git_revwalk_new(&walk, ledger)) < 0)
		goto done;
	if (pr && pr->pack && (error = git_packbuilder_set_callbacks(pb, pr->pack, pr->data)) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		git_object *obj = NULL;

		if (!u[i].move)
			continue;
		if ((error = git_object_lookup(&obj, ledger, &u[i].to, GIT_OBJECT_ANY)) == 0)
			error = git_object_type(obj) == GIT_OBJECT_COMMIT
					? git_revwalk_push(walk, &u[i].to)
					: git_packbuilder_insert_recur(pb, &u[i].to, NULL);
		git_object_free(obj);
		if (error < 0)
			goto done;
	}
	if ((error = hide_hub_tips(ledger, hub, walk)) < 0 ||
	    (error = git_packbuilder_insert_walk(pb, walk)) < 0)
		goto done;
	if (git_packbuilder_object_count(pb) > 0)
		error = pack_write_all_cores(pb, packdir, write_progress, (void *)pr);
done:
	git_revwalk_free(walk);
	git_packbuilder_free(pb);
	return error;
}

/* Each reference by a lock file and a rename, compared with its old value
 * (libgit2's refdb; fsynced with GIT_OPT_ENABLE_FSYNC_GITDIR). */
static int move_refs(git_repository *hub, const struct update *u, size_t n)
{
	int error = 0;

	for (size_t i = 0; i < n && error == 0; i++) {
		git_reference *ref = NULL;
		const char *dst = git_refspec_dst(u[i].spec);

		if (!u[i].move)
			continue;
		if (git_refspec_force(u[i].spec))
			error = git_reference_create(&ref, hub, dst, &u[i].to, 1, "ggw sync: push");
		else if (u[i].has_old)
			error = git_reference_create_matching(&ref, hub, dst, &u[i].to, 1, &u[i].old,
							      "ggw sync: push");
		else
			error = git_reference_create(&ref, hub, dst, &u[i].to, 0, "ggw sync: push");
		git_reference_free(ref);
		if (error == GIT_EMODIFIED || error == GIT_EEXISTS)
			error = moved_error();
	}
	return error;
}

int hubpath_push(git_repository *ledger, const char *path, char *const *specs, size_t n,
		 const char *expect_main, const struct hubpath_progress *pr)
{
	git_repository *hub = NULL;
	struct update u[PUSH_SPECS_MAX];
	char *dsts[PUSH_SPECS_MAX] = { NULL };
	int error = 0, turn = -1;

	memset(u, 0, sizeof(u));
	if (n > PUSH_SPECS_MAX) {
		git_error_set_str(GIT_ERROR_INVALID, "too many refspecs");
		return GIT_EINVALID;
	}
	if ((error = hubpath_open(path, 1, &hub)) < 0)
		return error;
	for (size_t i = 0; i < n && error == 0; i++) {
		if ((error = git_refspec_parse(&u[i].spec, specs[i], 0)) == 0)
			error = git_reference_name_to_id(&u[i].to, ledger, git_refspec_src(u[i].spec));
		if (error == 0)
			dsts[i] = (char *)git_refspec_dst(u[i].spec);
	}
	if (error < 0)
		goto done;
	turn = hubpath_take_turn(git_repository_commondir(hub), dsts, n, pr);
	if ((error = plan_updates(ledger, hub, u, n, expect_main)) < 0 ||
	    (error = write_pack(ledger, hub, u, n, pr)) < 0)
		goto done;
	kill_point("hub-pack-written");
	if ((error = move_refs(hub, u, n)) == 0)
		kill_point("hub-refs-moved");
done:
	if (turn >= 0)
		close(turn);
	for (size_t i = 0; i < n; i++)
		git_refspec_free(u[i].spec);
	git_repository_free(hub);
	return error;
}
