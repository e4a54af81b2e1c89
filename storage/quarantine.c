/* The scratch repository incoming objects land in first; see quarantine.h. */
#include "quarantine.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "threads.h"

#define SCRATCH_NAME "ggw/incoming.git"
#define RAW_WALK_MAX 100000
#define READABLE_STEPS_MAX 1000

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void rm_tree(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) == 0)
		nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void quarantine_remove_leftover(const char *gitdir)
{
	char dir[4096];

	if (snprintf(dir, sizeof(dir), "%s%s", gitdir, SCRATCH_NAME) < (int)sizeof(dir))
		rm_tree(dir);
}

static int write_alternates(const char *dir, const char *objects)
{
	char path[4200];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/objects/info/alternates", dir);
	if (!(f = fopen(path, "w"))) {
		git_error_set_str(GIT_ERROR_OS, "cannot write the scratch repository's alternates");
		return -1;
	}
	ok = fprintf(f, "%s\n", objects) > 0;
	ok = fclose(f) == 0 && ok;
	if (!ok)
		git_error_set_str(GIT_ERROR_OS, "cannot write the scratch repository's alternates");
	return ok ? 0 : -1;
}

/* The ledger's direct references, for fetch negotiation in the scratch. */
static int mirror_refs(struct quarantine *q)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	int error;

	if ((error = git_reference_iterator_new(&it, q->ledger)) < 0)
		return error;
	while ((error = git_reference_next(&ref, it)) == 0) {
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT) {
			git_reference *made = NULL;

			/* A ref the scratch cannot resolve is only left out. */
			if (git_reference_create(&made, q->scratch, git_reference_name(ref),
						 git_reference_target(ref), 1, NULL) == 0)
				git_reference_free(made);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return error == GIT_ITEROVER ? 0 : error;
}

int quarantine_open(struct quarantine *q, git_repository *ledger)
{
	const char *gitdir = git_repository_path(ledger);
	char objects[4096], ggwdir[4096];
	git_repository *tmp = NULL;
	int error;

	memset(q, 0, sizeof(*q));
	q->ledger = ledger;
	if (snprintf(q->dir, sizeof(q->dir), "%s%s", gitdir, SCRATCH_NAME) >= (int)sizeof(q->dir) ||
	    snprintf(objects, sizeof(objects), "%sobjects", gitdir) >= (int)sizeof(objects)) {
		git_error_set_str(GIT_ERROR_INVALID, "path too long");
		return -1;
	}
	snprintf(ggwdir, sizeof(ggwdir), "%sggw", gitdir);
	mkdir(ggwdir, 0777);
	rm_tree(q->dir);
	/* Alternates are read when the object store opens: init, then open. */
	if ((error = git_repository_init(&tmp, q->dir, 1)) < 0)
		return error;
	git_repository_free(tmp);
	if ((error = write_alternates(q->dir, objects)) < 0 ||
	    (error = git_repository_open_ext(&q->scratch, q->dir, GIT_REPOSITORY_OPEN_NO_SEARCH |
					     GIT_REPOSITORY_OPEN_BARE, NULL)) < 0 ||
	    (error = mirror_refs(q)) < 0) {
		quarantine_close(q);
		return error;
	}
	return 0;
}

void quarantine_close(struct quarantine *q)
{
	git_repository_free(q->scratch);
	q->scratch = NULL;
	if (q->dir[0])
		rm_tree(q->dir);
	q->dir[0] = '\0';
}

/* Hide every ledger reference's commit from walk (what the ledger has). */
static int hide_ledger(struct quarantine *q, git_revwalk *walk)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	int error;

	if ((error = git_reference_iterator_new(&it, q->ledger)) < 0)
		return error;
	while ((error = git_reference_next(&ref, it)) == 0) {
		const git_oid *id = git_reference_target(ref);
		git_object *obj = NULL;

		/* Only commits the ledger can parse (they all are, as nothing
		 * else ever gets in). */
		if (id && git_object_lookup(&obj, q->ledger, id, GIT_OBJECT_COMMIT) == 0)
			git_revwalk_hide(walk, id);
		git_object_free(obj);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return error == GIT_ITEROVER ? 0 : error;
}

/* Walk tip's new history with libgit2 (which parses every commit). */
static int walk_parses(struct quarantine *q, const git_oid *tip)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int error;

	if ((error = git_revwalk_new(&walk, q->scratch)) < 0)
		return error;
	if ((error = git_revwalk_push(walk, tip)) == 0 && (error = hide_ledger(q, walk)) == 0) {
		while ((error = git_revwalk_next(&id, walk)) == 0) {
			git_commit *c = NULL;
			git_tree *t = NULL;

			if ((error = git_commit_lookup(&c, q->scratch, &id)) == 0)
				error = git_commit_tree(&t, c);
			git_tree_free(t);
			git_commit_free(c);
			if (error < 0)
				break;
		}
		if (error == GIT_ITEROVER)
			error = 0;
	}
	git_revwalk_free(walk);
	return error;
}

/* The parents of commit id read from the raw object (up to max). */
static int raw_parents(git_odb *odb, const git_oid *id, git_oid *out, size_t max, size_t *n)
{
	git_odb_object *o = NULL;
	const char *p, *end;
	int error;

	*n = 0;
	if ((error = git_odb_read(&o, odb, id)) < 0)
		return error;
	if (git_odb_object_type(o) != GIT_OBJECT_COMMIT) {
		git_odb_object_free(o);
		git_error_set_str(GIT_ERROR_OBJECT, "not a commit");
		return -1;
	}
	p = git_odb_object_data(o);
	end = p + git_odb_object_size(o);
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			break;
		if (nl - p == 47 && !strncmp(p, "parent ", 7) && *n < max &&
		    git_oid_fromstrn(&out[*n], p + 7, 40) == 0)
			(*n)++;
		p = nl + 1;
	}
	git_odb_object_free(o);
	return 0;
}

static int seen(const git_oid *v, size_t n, const git_oid *id)
{
	for (size_t i = 0; i < n; i++)
		if (git_oid_equal(&v[i], id))
			return 1;
	return 0;
}

/* The first commit of tip's new history libgit2 cannot parse, found in the
 * raw objects (breadth first, the ledger's own commits not entered). */
static int find_bad(struct quarantine *q, git_odb *lodb, git_odb *sodb, const git_oid *tip,
		    git_oid *bad)
{
	git_oid *queue = malloc(RAW_WALK_MAX * sizeof(git_oid));
	size_t head = 0, tail = 0;
	int error = 1;

	if (!queue)
		return -1;
	git_oid_cpy(&queue[tail++], tip);
	while (head < tail) {
		git_oid id = queue[head++], parents[64];
		git_commit *c = NULL;
		size_t np = 0;

		if (git_commit_lookup(&c, q->scratch, &id) < 0) {
			git_oid_cpy(bad, &id);
			error = 0;
			break;
		}
		git_commit_free(c);
		if (raw_parents(sodb, &id, parents, 64, &np) < 0)
			continue;
		for (size_t i = 0; i < np && tail < RAW_WALK_MAX; i++)
			if (!git_odb_exists(lodb, &parents[i]) && !seen(queue, tail, &parents[i]))
				git_oid_cpy(&queue[tail++], &parents[i]);
	}
	free(queue);
	return error;
}

int quarantine_check(struct quarantine *q, const git_oid *tip, git_oid *bad, git_oid *readable,
		     char *why, size_t whylen)
{
	git_odb *lodb = NULL, *sodb = NULL;
	git_oid c, parents[64];
	size_t np = 0;
	const git_error *e;
	int error;

	if ((error = walk_parses(q, tip)) == 0)
		return 0;
	e = git_error_last();
	/* In a hub read in place, an object that cannot be read at all (a
	 * missing one, a corrupt file) is damage, not a commit libgit2 cannot
	 * parse. */
	if (q->damage_is_error && e && (e->klass == GIT_ERROR_ZLIB || e->klass == GIT_ERROR_ODB))
		return error < 0 ? error : -1;
	snprintf(why, whylen, "%s", e && e->message ? e->message : "unreadable commit");
	memset(bad, 0, sizeof(*bad));
	memset(readable, 0, sizeof(*readable));
	if ((error = git_repository_odb(&lodb, q->ledger)) < 0 ||
	    (error = git_repository_odb(&sodb, q->scratch)) < 0)
		goto done;
	if (find_bad(q, lodb, sodb, tip, bad) != 0)
		git_oid_cpy(bad, tip);
	/* The newest commit on the first-parent line whose history parses. */
	git_oid_cpy(&c, tip);
	for (int steps = 0; steps < READABLE_STEPS_MAX; steps++) {
		if (raw_parents(sodb, &c, parents, 64, &np) < 0 || np == 0)
			break;
		git_oid_cpy(&c, &parents[0]);
		if (git_odb_exists(lodb, &c) || walk_parses(q, &c) == 0) {
			git_oid_cpy(readable, &c);
			break;
		}
	}
	error = 1;
done:
	git_odb_free(lodb);
	git_odb_free(sodb);
	return error;
}

/* Loose objects in the scratch repository (objects/xx/ folders)? */
static int has_loose(const char *objdir)
{
	DIR *d = opendir(objdir);
	struct dirent *de;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		char sub[4400];
		DIR *s;
		struct dirent *e;

		if (strlen(de->d_name) != 2 || !isxdigit((unsigned char)de->d_name[0]) ||
		    !isxdigit((unsigned char)de->d_name[1]))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", objdir, de->d_name);
		if (!(s = opendir(sub)))
			continue;
		while (!found && (e = readdir(s)) != NULL)
			found = e->d_name[0] != '.';
		closedir(s);
	}
	closedir(d);
	return found;
}

static int move_file(const char *from, const char *to)
{
	if (rename(from, to) == 0)
		return 0;
	git_error_set_str(GIT_ERROR_OS, "cannot move a received pack into the ledger");
	return -1;
}

int quarantine_adopt_packs(struct quarantine *q)
{
	char objdir[4200], from[4400], to[4400], *dot;
	DIR *d;
	struct dirent *de;
	int error = 0;

	snprintf(objdir, sizeof(objdir), "%s/objects", q->dir);
	if (has_loose(objdir))
		return 0;
	snprintf(objdir, sizeof(objdir), "%s/objects/pack", q->dir);
	if (!(d = opendir(objdir)))
		return 1; /* nothing was received */
	while (error == 0 && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 10 || strncmp(de->d_name, "pack-", 5) || strcmp(de->d_name + n - 4, ".idx"))
			continue;
		/* The .pack first: git and libgit2 find a pack by its .idx. */
		snprintf(from, sizeof(from), "%s/%s", objdir, de->d_name);
		dot = strrchr(from, '.');
		strcpy(dot, ".pack");
		snprintf(to, sizeof(to), "%sobjects/pack/%.*s.pack", git_repository_path(q->ledger),
			 (int)(n - 4), de->d_name);
		if ((error = move_file(from, to)) < 0)
			break;
		snprintf(from, sizeof(from), "%s/%s", objdir, de->d_name);
		snprintf(to, sizeof(to), "%sobjects/pack/%s", git_repository_path(q->ledger), de->d_name);
		error = move_file(from, to);
	}
	closedir(d);
	return error < 0 ? error : 1;
}

struct pack_write {
	git_packbuilder *pb;
	const char *dir;
	git_indexer_progress_cb cb;
	void *data;
};

static int pack_write_run(void *arg)
{
	struct pack_write *w = arg;

	return git_packbuilder_write(w->pb, w->dir, 0, w->cb, w->data);
}

int pack_write_all_cores(git_packbuilder *pb, const char *dir, git_indexer_progress_cb cb, void *data)
{
	struct pack_write w = { pb, dir, cb, data };

	/* one core (taskset, qemu-user): no thread is started */
	git_packbuilder_set_threads(pb, (unsigned)usable_cores());
	return with_async_signals_blocked(pack_write_run, &w);
}

int quarantine_migrate(struct quarantine *q, const git_oid *tips, size_t n)
{
	return quarantine_migrate_progress(q, tips, n, NULL, NULL, NULL);
}

int quarantine_migrate_progress(struct quarantine *q, const git_oid *tips, size_t n,
				git_packbuilder_progress pack, git_indexer_progress_cb write,
				void *data)
{
	git_packbuilder *pb = NULL;
	git_revwalk *walk = NULL;
	char packdir[4200];
	int error;

	if (n == 0)
		return 0;
	snprintf(packdir, sizeof(packdir), "%sobjects/pack", git_repository_path(q->ledger));
	if ((error = git_packbuilder_new(&pb, q->scratch)) < 0 ||
	    (error = git_revwalk_new(&walk, q->scratch)) < 0 ||
	    (pack && (error = git_packbuilder_set_callbacks(pb, pack, data)) < 0))
		goto done;
	for (size_t i = 0; i < n; i++)
		if ((error = git_revwalk_push(walk, &tips[i])) < 0)
			goto done;
	if ((error = hide_ledger(q, walk)) < 0 || (error = git_packbuilder_insert_walk(pb, walk)) < 0)
		goto done;
	if (git_packbuilder_object_count(pb) > 0)
		error = pack_write_all_cores(pb, packdir, write, data);
done:
	git_revwalk_free(walk);
	git_packbuilder_free(pb);
	return error;
}

void quarantine_keep_raw(struct quarantine *q, const git_oid *id)
{
	git_odb *sodb = NULL;
	git_odb_object *o = NULL;
	char dir[4200], path[4300], hex[GIT_OID_HEXSZ + 1];
	int fd;

	if (git_repository_odb(&sodb, q->scratch) < 0)
		return;
	if (git_odb_read(&o, sodb, id) == 0) {
		git_oid_tostr(hex, sizeof(hex), id);
		snprintf(dir, sizeof(dir), "%sggw/refused", git_repository_path(q->ledger));
		mkdir(dir, 0777);
		snprintf(path, sizeof(path), "%s/%s", dir, hex);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (fd >= 0) {
			if (write(fd, git_odb_object_data(o), git_odb_object_size(o)) < 0)
				errno = 0; /* kept for inspection only: best effort */
			close(fd);
		}
	}
	git_odb_object_free(o);
	git_odb_free(sodb);
}
