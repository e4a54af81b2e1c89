/* A fresh clone's work tree written on several threads; see wtcheckout.h. */
#include "wtcheckout.h"
#include "threads.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "gitp.h"
#include "packread.h"
#include "repo_priv.h"
#include "treecheck.h"

/* Items taken at a time, in pack order: a chunk's first blob may cost its
 * whole delta chain (its base went to another worker), the rest one delta
 * each. */
#define CHUNK 512
/* Resolved objects a worker keeps (storage/packread.h). */
#define PACK_CACHE_BYTES ((size_t)16 << 20)
#define MAX_PARTS 8
#define MAX_PATH_BYTES 400

/* For tests only: GGW_TEST_KILL_AT=clone-checkout makes the clone die by
 * SIGKILL with half its files written. Unset in real use. */
static void kill_point(const char *point)
{
	const char *want = getenv("GGW_TEST_KILL_AT");

	if (want && !strcmp(want, point))
		raise(SIGKILL);
}

int wtcheckout_workers(void)
{
	long cpus = usable_cores();

	if (cpus < 1)
		return 1;
	return cpus > WTCHECKOUT_MAX_WORKERS ? WTCHECKOUT_MAX_WORKERS : (int)cpus;
}

/* A name this fast path writes without a second thought: ASCII letters,
 * digits, '-', '_' and '.', no part empty or starting with '.' (so never
 * ".", ".." or ".git"), except .gitattributes at the top. */
static int plain_path(const char *p)
{
	size_t len = strlen(p), parts = 1;
	const char *s = p;

	if (!strcmp(p, ".gitattributes"))
		return 1;
	if (!len || len > MAX_PATH_BYTES)
		return 0;
	for (; *s; s++) {
		char c = *s;

		if ((s == p || s[-1] == '/') && (c == '.' || c == '/'))
			return 0;
		if (c == '/') {
			if (++parts > MAX_PARTS || !s[1])
				return 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

/* The folders of p (sorted entries: the same folders come together). */
static int make_parents(int rootfd, const char *p, char *last, size_t lastsize)
{
	const char *slash = strrchr(p, '/');
	char dir[MAX_PATH_BYTES + 1];
	size_t n;

	if (!slash)
		return 0;
	n = (size_t)(slash - p);
	if (n < lastsize && !strncmp(last, p, n) && last[n] == '\0')
		return 0;
	memcpy(dir, p, n);
	dir[n] = '\0';
	for (char *q = dir;; q++) {
		if (*q == '/' || *q == '\0') {
			char save = *q;

			*q = '\0';
			if (mkdirat(rootfd, dir, 0777) < 0 && errno != EEXIST)
				return -1;
			*q = save;
			if (!save)
				break;
		}
	}
	snprintf(last, lastsize, "%s", dir);
	return 0;
}

/* What the index keeps of a file's stat data (a struct stat is three
 * times as big, and there is one per file). */
struct idx_stat {
	int64_t ctime_s, mtime_s;
	uint32_t ctime_ns, mtime_ns, dev, ino, uid, gid, size;
};

struct job {
	struct tree_item *items;
	struct idx_stat *st;
	size_t n;
	struct packset *packs; /* NULL: every blob through libgit2 */
	size_t *order;   /* the items in pack order */
	uint64_t *where; /* each item's place in the packs */
	atomic_size_t next;
	atomic_int failed;
	int rootfd;
	const char *objdir;
	wt_file_fn fn;
	void *data;
	pthread_mutex_t lock;
	char why[512];
};

struct worker {
	struct job *job;
	int index;
};

static void job_fail(struct job *j, const char *fmt, const char *a, const char *b)
{
	pthread_mutex_lock(&j->lock);
	if (!atomic_load(&j->failed))
		snprintf(j->why, sizeof(j->why), fmt, a, b);
	atomic_store(&j->failed, 1);
	pthread_mutex_unlock(&j->lock);
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t k = write(fd, p, len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* Item i's blob: from the packs when the reader takes it (it hands out
 * only bytes that hash to the blob's id), else through libgit2. */
static int read_blob(struct job *j, git_odb *odb, struct packreader *rd, size_t i,
		     git_odb_object **obj, struct wt_file *f)
{
	struct tree_item *it = &j->items[i];
	const git_error *e;
	git_oid id;

	*obj = NULL;
	if (git_oid_fromstr(&id, it->blob) < 0)
		goto fail;
	if (rd && packreader_blob(rd, id.id, j->where[i], &f->data, &f->len) == 0)
		return 0;
	if (git_odb_read(obj, odb, &id) < 0 || git_odb_object_type(*obj) != GIT_OBJECT_BLOB)
		goto fail;
	f->data = git_odb_object_data(*obj);
	f->len = git_odb_object_size(*obj);
	return 0;
fail:
	e = git_error_last();
	git_odb_object_free(*obj);
	*obj = NULL;
	job_fail(j, _("无法读取 %s：%s"), it->path, e && e->message ? e->message : "?");
	return -1;
}

/* One file: read its blob, write it, stat it, hand it on. */
static int put_file(struct job *j, git_odb *odb, struct packreader *rd, int w, size_t i)
{
	struct tree_item *it = &j->items[i];
	git_odb_object *obj = NULL;
	struct wt_file f;
	struct stat st;
	int fd, rc = 0;

	if (read_blob(j, odb, rd, i, &obj, &f) < 0)
		return -1;
	if (i == j->n / 2)
		kill_point("clone-checkout");
	fd = openat(j->rootfd, it->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || write_all(fd, f.data, f.len) < 0 || fstat(fd, &st) < 0) {
		job_fail(j, _("无法写入 %s：%s"), it->path, strerror(errno));
		rc = -1;
	} else {
		j->st[i] = (struct idx_stat){ st.st_ctim.tv_sec, st.st_mtim.tv_sec,
					      (uint32_t)st.st_ctim.tv_nsec, (uint32_t)st.st_mtim.tv_nsec,
					      (uint32_t)st.st_dev, (uint32_t)st.st_ino,
					      st.st_uid, st.st_gid, (uint32_t)st.st_size };
	}
	if (fd >= 0 && close(fd) < 0 && rc == 0) {
		job_fail(j, _("无法写入 %s：%s"), it->path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && j->fn) {
		f.path = it->path;
		f.blob = it->blob;
		f.st = &st;
		if (j->fn(w, &f, j->data) != 0) {
			job_fail(j, "%s%s", _("内存不足"), "");
			rc = -1;
		}
	}
	git_odb_object_free(obj);
	return rc;
}

static void *work(void *data)
{
	struct worker *w = data;
	struct job *j = w->job;
	git_odb *odb = NULL;
	struct packreader *rd = j->packs ? packreader_new(j->packs, PACK_CACHE_BYTES) : NULL;

	/* An object database of its own: libgit2's are not shared across
	 * threads here. */
	if (git_odb_open(&odb, j->objdir) < 0) {
		const git_error *e = git_error_last();

		packreader_free(rd);
		job_fail(j, _("无法读取对象库 %s：%s"), j->objdir, e && e->message ? e->message : "?");
		return NULL;
	}
	while (!atomic_load(&j->failed)) {
		size_t from = atomic_fetch_add(&j->next, CHUNK);

		if (from >= j->n)
			break;
		for (size_t k = from; k < j->n && k < from + CHUNK; k++)
			if (put_file(j, odb, rd, w->index, j->order ? j->order[k] : k) < 0)
				break;
	}
	packreader_free(rd);
	git_odb_free(odb);
	return NULL;
}

static int run_workers(struct job *j)
{
	struct worker w[WTCHECKOUT_MAX_WORKERS];
	pthread_t tid[WTCHECKOUT_MAX_WORKERS];
	int nw = wtcheckout_workers(), started = 1;

	for (int k = 0; k < nw; k++)
		w[k] = (struct worker){ j, k };
	for (int k = 1; k < nw; k++, started++)
		if (quiet_thread_start(&tid[k], NULL, work, &w[k]) != 0)
			break;
	/* Workers that could not start: their numbers are never used, the
	 * others take their share. */
	work(&w[0]);
	for (int k = 1; k < started; k++)
		pthread_join(tid[k], NULL);
	return atomic_load(&j->failed) ? -1 : 0;
}

static int write_index(struct repo *r, const struct job *j, struct ggw_error *err)
{
	git_index *idx = NULL;
	int error;

	if ((error = git_repository_index(&idx, r->git)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法写入暂存区"));
	git_index_clear(idx);
	/* Every blob was just read: libgit2 need not look each up again. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	for (size_t i = 0; i < j->n && error == 0; i++) {
		const struct idx_stat *st = &j->st[i];
		git_index_entry e;

		memset(&e, 0, sizeof(e));
		e.ctime.seconds = (int32_t)st->ctime_s;
		e.ctime.nanoseconds = st->ctime_ns;
		e.mtime.seconds = (int32_t)st->mtime_s;
		e.mtime.nanoseconds = st->mtime_ns;
		e.dev = st->dev;
		e.ino = st->ino;
		e.mode = GIT_FILEMODE_BLOB;
		e.uid = st->uid;
		e.gid = st->gid;
		e.file_size = st->size;
		e.path = j->items[i].path;
		if ((error = git_oid_fromstr(&e.id, j->items[i].blob)) == 0)
			error = git_index_add(idx, &e);
	}
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	if (error == 0)
		error = git_index_write(idx);
	git_index_free(idx);
	return error < 0 ? repo_git_fail(err, GGW_EIO, _("无法写入暂存区")) : 0;
}

/* HEAD's tree, as hex. 0, or <0 (err set). */
static int head_tree(struct repo *r, char *hex, struct ggw_error *err)
{
	git_object *t = NULL;
	int error;

	if ((error = git_revparse_single(&t, r->git, "HEAD^{tree}")) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, git_object_id(t));
	git_object_free(t);
	return 0;
}

struct keyed {
	uint64_t where;
	size_t i;
};

static int by_where(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->where != y->where)
		return x->where < y->where ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The items in the order their blobs lie in the packs, so that a blob's
 * delta base is (mostly) resolved just before it. Without packs, or
 * memory, j is left to read in tree order through libgit2. */
static void pack_order(struct job *j)
{
	struct keyed *v = NULL;
	git_oid id;

	if (!(j->packs = packset_open(j->objdir)))
		return;
	if (!(v = malloc((j->n ? j->n : 1) * sizeof(*v))) ||
	    !(j->where = malloc((j->n ? j->n : 1) * sizeof(*j->where))) ||
	    !(j->order = malloc((j->n ? j->n : 1) * sizeof(*j->order)))) {
		free(v);
		free(j->where);
		j->where = NULL;
		packset_close(j->packs);
		j->packs = NULL;
		return;
	}
	for (size_t i = 0; i < j->n; i++) {
		v[i].i = i;
		v[i].where = git_oid_fromstr(&id, j->items[i].blob) == 0
				     ? packset_locate(j->packs, id.id)
				     : PACKREAD_NOWHERE;
		j->where[i] = v[i].where;
	}
	qsort(v, j->n, sizeof(*v), by_where);
	for (size_t k = 0; k < j->n; k++)
		j->order[k] = v[k].i;
	free(v);
}

/* Every entry a plain file with a plain name, and the folders made. */
static int take_tree(struct job *j)
{
	char last[MAX_PATH_BYTES + 1] = "";

	for (size_t i = 0; i < j->n; i++)
		if (j->items[i].mode != 0100644 || !plain_path(j->items[i].path))
			return 0;
	for (size_t i = 0; i < j->n; i++)
		if (make_parents(j->rootfd, j->items[i].path, last, sizeof(last)) < 0)
			return -1;
	return 1;
}

int wtcheckout_fresh(struct repo *r, wt_file_fn fn, void *data, struct ggw_error *err)
{
	struct job j;
	char tree[GIT_OID_HEXSZ + 1], objdir[4096];
	int rc;

	memset(&j, 0, sizeof(j));
	j.rootfd = -1;
	if ((rc = repo_need_git(r, err)) < 0 || (rc = head_tree(r, tree, err)) < 0)
		return rc;
	if (snprintf(objdir, sizeof(objdir), "%sobjects", r->gitdir) >= (int)sizeof(objdir))
		return 0;
	if ((rc = gitp_tree_entries(r, tree, &j.items, &j.n, err)) < 0)
		return rc;
	j.rootfd = open(r->workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (j.rootfd < 0) {
		rc = ggw_fail(err, GGW_EIO, _("打不开台账文件夹 %s：%s"), r->workdir, strerror(errno));
		goto done;
	}
	if ((rc = take_tree(&j)) <= 0) {
		if (rc < 0)
			rc = ggw_fail(err, GGW_EIO, _("无法在 %s 里建文件夹：%s"), r->workdir,
				      strerror(errno));
		goto done;
	}
	if (!(j.st = calloc(j.n ? j.n : 1, sizeof(*j.st)))) {
		rc = ggw_oom(err);
		goto done;
	}
	j.objdir = objdir;
	j.fn = fn;
	j.data = data;
	pack_order(&j);
	pthread_mutex_init(&j.lock, NULL);
	rc = run_workers(&j);
	pthread_mutex_destroy(&j.lock);
	if (rc < 0)
		rc = ggw_fail(err, GGW_EIO, "%s", j.why);
	else if ((rc = write_index(r, &j, err)) == 0)
		rc = 1;
done:
	if (j.rootfd >= 0)
		close(j.rootfd);
	free(j.st);
	free(j.order);
	free(j.where);
	packset_close(j.packs);
	tree_items_free(j.items, j.n);
	return rc;
}

int repo_checkout_head(struct repo *r, struct ggw_error *err)
{
	git_checkout_options opts;
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((error = git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法取出台账文件"));
	opts.checkout_strategy = GIT_CHECKOUT_SAFE;
	/* As clone_with: ledger files byte for byte, no attribute lookups. */
	opts.disable_filters = 1;
	if ((error = git_checkout_head(r->git, &opts)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法取出台账文件"));
	return 0;
}
