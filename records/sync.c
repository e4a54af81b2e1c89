/* Sync: remotes, fetch, verify, merge, push, status. See sync.h and
 * man/ggw-sync.7. Git plumbing lives in storage/gitp.c. */
#include "sync.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/merge.h"
#include "../model/record.h"
#include "../storage/fsutil.h"
#include "../storage/repo_status.h"
#include "../storage/transport.h"
#include "../storage/yamlio.h"
#include "ledger.h"
#include "ops.h"

#define PUSH_ATTEMPTS 3
#define OFFICE "office"

/* ------------------------------------------------------------------ */
/* Remotes                                                              */

static int remote_name_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 63 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
				  (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return strstr(s, "..") == NULL && s[n - 1] != '.' && strcmp(s + (n > 5 ? n - 5 : 0), ".lock");
}

static int64_t lastsync_get(struct repo *r, const char *name)
{
	char key[128], *v = NULL;
	int64_t t = 0;

	snprintf(key, sizeof(key), "ggw.remote.%s.lastsync", name);
	if (repo_config_get(r, key, &v, NULL) == 0 && v)
		t = strtoll(v, NULL, 10);
	free(v);
	return t;
}

static void lastsync_set(struct repo *r, const char *name)
{
	char key[128], val[32];

	snprintf(key, sizeof(key), "ggw.remote.%s.lastsync", name);
	snprintf(val, sizeof(val), "%lld", (long long)time(NULL));
	repo_config_set(r, key, val, NULL);
}

void sync_remote_list_free(struct remote_info *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].url);
	}
	free(v);
}

int sync_remote_list(struct repo *r, struct remote_info **out, size_t *n, struct ggw_error *err)
{
	char **names = NULL, **urls = NULL;
	size_t count = 0;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = gitp_remote_list(r, &names, &urls, &count, err)) < 0)
		return error;
	*out = calloc(count + 1, sizeof(**out));
	if (!*out) {
		error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		count = 0;
	}
	for (size_t i = 0; i < count; i++) {
		char path[PATH_MAX];
		struct remote_info *ri = &(*out)[i];

		ri->name = names[i];
		ri->url = urls[i];
		names[i] = urls[i] = NULL;
		ri->local = transport_url_is_local(ri->url, path, sizeof(path));
		ri->bare = -1;
		if (ri->local && transport_local_is_bare(path, &ri->bare, NULL) < 0)
			ri->bare = -1;
		ri->lastsync = lastsync_get(r, ri->name);
	}
	*n = count;
	gitp_remote_list_free(names, urls, count);
	return error;
}

int sync_remote_add(struct repo *r, const char *name, const char *url, struct ggw_error *err)
{
	char path[PATH_MAX], abs[PATH_MAX + 8];
	const char *use = url;

	if (!remote_name_valid(name))
		return ggw_fail(err, GGW_EUSAGE,
				_("同步对象名“%s”无效：只能用字母、数字、-、_、.，例如 office 或 usb"), name);
	if (!*url)
		return ggw_fail(err, GGW_EUSAGE, _("缺少地址"));
	if (transport_url_is_local(url, path, sizeof(path))) {
		if (!realpath(path, abs))
			return ggw_fail(err, GGW_ENOTFOUND,
					_("找不到 %s：%s。U盘插好了吗？新的中转仓库请先用 ggw hub init 建立"),
					path, strerror(errno));
		use = abs;
	} else if (strncmp(url, "ssh://", 6) && strncmp(url, "git://", 6) &&
		   strncmp(url, "http://", 7) && strncmp(url, "https://", 8) && !strchr(url, ':')) {
		return ggw_fail(err, GGW_EUSAGE,
				_("不认识的地址 %s：请用本地路径、ssh://、git://、http:// 或 https://"), url);
	}
	return gitp_remote_add(r, name, use, err);
}

int sync_remote_remove(struct repo *r, const char *name, struct ggw_error *err)
{
	char key[128];
	int error;

	if ((error = gitp_remote_remove(r, name, err)) < 0)
		return error;
	snprintf(key, sizeof(key), "ggw.remote.%s.lastsync", name);
	repo_config_unset(r, key, NULL);
	return 0;
}

int sync_hub_init(const char *path, struct ggw_error *err)
{
	return transport_hub_init(path, err);
}

int sync_transfer_child(const char *dir, int argc, char **argv)
{
	return transport_child_main(dir, argc, argv);
}

/* ------------------------------------------------------------------ */
/* Verifying incoming commits                                           */

static int path_in_unit(const char *path, const char *unit)
{
	char owner[64];

	return record_unit_of_path(path, owner, sizeof(owner)) && !strcmp(owner, unit);
}

/* The unit whose record folders hold path, copied to unit; 0 if none. */
static int unit_of_path(const char *path, char *unit, size_t len)
{
	return record_unit_of_path(path, unit, len);
}

/* Paths where two sorted item lists differ (content, mode or presence). */
static int diff_paths(const struct tree_item *a, size_t na, const struct tree_item *b, size_t nb,
		      char ***out, size_t *n)
{
	size_t i = 0, j = 0, cap = 0;

	*out = NULL;
	*n = 0;
	while (i < na || j < nb) {
		const char *p;
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i].path, b[j].path);

		if (c == 0) {
			p = a[i].path;
			if (!strcmp(a[i].blob, b[j].blob) && a[i].mode == b[j].mode) {
				i++;
				j++;
				continue;
			}
			i++;
			j++;
		} else if (c < 0) {
			p = a[i++].path;
		} else {
			p = b[j++].path;
		}
		if (*n == cap) {
			char **nv = realloc(*out, (cap = cap ? cap * 2 : 16) * sizeof(char *));

			if (!nv)
				return -1;
			*out = nv;
		}
		if (!((*out)[(*n)++] = strdup(p)))
			return -1;
	}
	return 0;
}

static void strs_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* "Name <email>" */
static char *author_of(const struct commit_info *c)
{
	char *s = NULL;

	if (asprintf(&s, "%s <%s>", c->author_name, c->author_email) < 0)
		return NULL;
	return s;
}

/* The unit a commit speaks for: its Ggw-Unit trailer, else its author
 * e-mail's local part if that is a unit of units.yaml; "" if neither (a
 * plain git commit from someone unknown). */
static void commit_unit(const struct commit_info *c, const struct units *u, char *unit, size_t len)
{
	const char *at;

	unit[0] = '\0';
	if (c->unit_trailer) {
		snprintf(unit, len, "%s", c->unit_trailer);
		return;
	}
	at = strchr(c->author_email, '@');
	if (at && (size_t)(at - c->author_email) < len) {
		char local[64];

		snprintf(local, sizeof(local), "%.*s", (int)(at - c->author_email), c->author_email);
		if (unit_key_valid(local) && u && units_find(u, local))
			snprintf(unit, len, "%s", local);
	}
}

struct merge_ctx; /* forward */
static int merge_tree_items(struct repo *r, const char *base, const char *ours, const char *theirs,
			    int write, struct tree_item **out, size_t *n, size_t *nconflicts,
			    struct ggw_error *err);

/* Paths a commit changes on its own account: against its parent, or for a
 * merge against what ggw's merge of its two parents gives (so a merge that
 * only combines both sides is charged with nothing). */
static int commit_own_paths(struct repo *r, const struct commit_info *c, char ***paths, size_t *n,
			    struct ggw_error *err)
{
	struct tree_item *mine = NULL, *other = NULL;
	size_t nmine = 0, nother = 0, nconf = 0;
	int error;

	if ((error = gitp_tree_items(r, c->tree, &mine, &nmine, err)) < 0)
		return error;
	if (c->nparents == 1) {
		error = gitp_tree_items(r, c->parents[0], &other, &nother, err);
	} else if (c->nparents >= 2) {
		git_hex base;
		struct ggw_error e2;

		if (gitp_merge_base(r, c->parents[0], c->parents[1], base, &e2) < 0)
			base[0] = '\0';
		error = merge_tree_items(r, base, c->parents[0], c->parents[1], 0, &other, &nother,
					 &nconf, err);
	}
	if (error == 0 && diff_paths(mine, nmine, other, nother, paths, n) < 0)
		error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
	tree_items_free(mine, nmine);
	tree_items_free(other, nother);
	return error;
}

/* Check every commit in theirs and not in ours. */
static int verify_incoming(struct repo *r, const char *ours, const char *theirs,
			   const struct units *u, size_t *count, struct ggw_error *err)
{
	git_hex *ids = NULL;
	size_t n = 0;
	int error;

	*count = 0;
	if ((error = gitp_walk(r, theirs, ours, &ids, &n, err)) < 0)
		return error;
	*count = n;
	for (size_t i = 0; i < n && error == 0; i++) {
		struct commit_info c;
		char unit[64], pathunit[64], **paths = NULL;
		size_t np = 0;

		if ((error = gitp_commit_info(r, ids[i], &c, err)) < 0)
			break;
		if ((error = commit_own_paths(r, &c, &paths, &np, err)) < 0) {
			commit_info_free(&c);
			break;
		}
		commit_unit(&c, u, unit, sizeof(unit));
		if (unit[0] && !unit_key_valid(unit)) {
			error = ggw_fail(err, GGW_EDENIED,
					 _("提交 %.10s（%s <%s>）的 Ggw-Unit“%s”不是有效的单位代号"),
					 c.id, c.author_name, c.author_email, unit);
		}
		for (size_t k = 0; k < np && error == 0; k++) {
			const char *p = paths[k];

			if (!unit[0]) {
				/* Plain git without a trailer: it speaks for the unit
				 * whose folders it touches, if that is one unit. */
				if (!unit_of_path(p, pathunit, sizeof(pathunit))) {
					error = ggw_fail(err, GGW_EDENIED,
							 _("提交 %.10s（%s <%s>）没有 Ggw-Unit，却修改了 %s：只有办公室（office）可以修改它。已拒绝这个同步对象的全部新历史"),
							 c.id, c.author_name, c.author_email, p);
					break;
				}
				snprintf(unit, sizeof(unit), "%s", pathunit);
				continue;
			}
			if (!strcmp(unit, OFFICE) || path_in_unit(p, unit))
				continue;
			error = ggw_fail(err, GGW_EDENIED,
					 _("提交 %.10s（%s <%s>，单位 %s）修改了 %s，超出了该单位的范围。已拒绝这个同步对象的全部新历史，本机台账未改动"),
					 c.id, c.author_name, c.author_email, unit, p);
		}
		strs_free(paths, np);
		commit_info_free(&c);
	}
	free(ids);
	return error;
}

/* ------------------------------------------------------------------ */
/* Merging trees                                                        */

static int item_same(const struct tree_item *a, const struct tree_item *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a->blob, b->blob) && a->mode == b->mode;
}

struct items {
	struct tree_item *v;
	size_t n, cap;
};

static int items_push(struct items *it, const char *path, const char *blob, unsigned mode)
{
	if (it->n == it->cap) {
		struct tree_item *nv = realloc(it->v, (it->cap = it->cap ? it->cap * 2 : 256) * sizeof(*nv));

		if (!nv)
			return -1;
		it->v = nv;
	}
	if (!(it->v[it->n].path = strdup(path)))
		return -1;
	memcpy(it->v[it->n].blob, blob, sizeof(git_hex));
	it->v[it->n].mode = mode;
	it->n++;
	return 0;
}

static const struct tree_item *find_item(const struct tree_item *v, size_t n, const char *path)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(v[mid].path, path);

		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct side_meta {
	git_hex commit;
	char *author;
	char unit[64];
	int64_t time;
	int tz;
};

static void side_meta_load(struct repo *r, const char *tip, const char *base, const char *path,
			   struct side_meta *m)
{
	struct commit_info c;
	git_hex last;

	memset(m, 0, sizeof(*m));
	if (gitp_last_change(r, tip, base, path, last, NULL) < 0 || !last[0])
		memcpy(last, tip, sizeof(git_hex));
	if (gitp_commit_info(r, last, &c, NULL) < 0)
		return;
	memcpy(m->commit, c.id, sizeof(git_hex));
	m->author = author_of(&c);
	commit_unit(&c, NULL, m->unit, sizeof(m->unit));
	if (!m->unit[0]) {
		const char *at = strchr(c.author_email, '@');

		if (at && (size_t)(at - c.author_email) < sizeof(m->unit))
			snprintf(m->unit, sizeof(m->unit), "%.*s", (int)(at - c.author_email),
				 c.author_email);
	}
	m->time = c.time;
	m->tz = c.tz_minutes;
	commit_info_free(&c);
}

/* Load a blob as a record node; 0 ok, <0 unreadable. */
static int load_node(struct repo *r, const struct tree_item *it, const char *path, struct node *out)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	if ((error = gitp_read_blob(r, it->blob, &data, &len, NULL)) < 0)
		return error;
	error = yaml_parse(path, data, len, out, NULL);
	free(data);
	return error;
}

/* Both sides changed a record file differently: merge it field by field.
 * *keep = NULL: drop it; else the blob to keep in blob_out. */
static int merge_one_record(struct repo *r, enum record_type t, const char *path,
			    const struct tree_item *b, const struct tree_item *o,
			    const struct tree_item *th, const char *base, const char *ours,
			    const char *theirs, int write, git_hex blob_out, int *deleted,
			    size_t *nconflicts, struct ggw_error *err)
{
	struct node nb, no, nt, out;
	int hb = 0, ho = 0, ht = 0, error = 0;
	struct side_meta mo, mt;
	struct merge_side so, st;
	char *yaml = NULL;
	size_t len = 0, nconf = 0;

	memset(&out, 0, sizeof(out));
	*deleted = 0;
	if (b) {
		if (load_node(r, b, path, &nb) < 0)
			return 1; /* unreadable: the caller picks a version */
		hb = 1;
	}
	if (o) {
		if (load_node(r, o, path, &no) < 0) {
			error = 1;
			goto done;
		}
		ho = 1;
	}
	if (th) {
		if (load_node(r, th, path, &nt) < 0) {
			error = 1;
			goto done;
		}
		ht = 1;
	}
	side_meta_load(r, ours, base, path, &mo);
	side_meta_load(r, theirs, base, path, &mt);
	so = (struct merge_side){ ho ? &no : NULL, mo.author ? mo.author : "", mo.unit, mo.time, mo.tz, mo.commit };
	st = (struct merge_side){ ht ? &nt : NULL, mt.author ? mt.author : "", mt.unit, mt.time, mt.tz, mt.commit };
	error = merge_record(t, hb ? &nb : NULL, &so, &st, &out, deleted, &nconf, err);
	free(mo.author);
	free(mt.author);
	if (error < 0)
		goto done;
	*nconflicts += nconf;
	if (*deleted)
		goto done;
	if ((error = record_to_yaml_merged(t, &out, &yaml, &len, err)) < 0)
		goto done;
	if (write)
		error = gitp_write_blob(r, yaml, len, blob_out, err);
	else
		error = repo_hash_blob(yaml, len, blob_out) < 0 ? ggw_fail(err, GGW_EIO, "hash") : 0;
done:
	free(yaml);
	if (!*deleted || error)
		node_free(&out);
	if (hb)
		node_free(&nb);
	if (ho)
		node_free(&no);
	if (ht)
		node_free(&nt);
	return error;
}

/* Three-way merge of whole trees, path by path. Files changed on one side
 * take that side; record files (and units.yaml) changed on both are merged
 * field by field; any other file changed on both keeps the version with the
 * greater blob id (symmetric, so two PCs agree) and an edit beats a
 * delete. write = 0 only computes ids (for verification). */
static int merge_tree_items(struct repo *r, const char *base, const char *ours, const char *theirs,
			    int write, struct tree_item **out, size_t *n, size_t *nconflicts,
			    struct ggw_error *err)
{
	struct tree_item *vb = NULL, *vo = NULL, *vt = NULL;
	size_t nb = 0, no = 0, nt = 0, i = 0, j = 0;
	struct items res = { NULL, 0, 0 };
	int error;

	*out = NULL;
	*n = 0;
	*nconflicts = 0;
	if ((error = gitp_tree_items(r, base && *base ? base : NULL, &vb, &nb, err)) < 0 ||
	    (error = gitp_tree_items(r, ours, &vo, &no, err)) < 0 ||
	    (error = gitp_tree_items(r, theirs, &vt, &nt, err)) < 0)
		goto done;
	/* Walk ours and theirs together (union of paths); base by lookup.
	 * Paths only in base (deleted on both sides) simply vanish. */
	while (i < no || j < nt) {
		int c = i >= no ? 1 : j >= nt ? -1 : strcmp(vo[i].path, vt[j].path);
		const struct tree_item *o = c <= 0 ? &vo[i] : NULL;
		const struct tree_item *t = c >= 0 ? &vt[j] : NULL;
		const char *path = o ? o->path : t->path;
		const struct tree_item *b = find_item(vb, nb, path);
		const struct tree_item *take = NULL;

		if (o)
			i++;
		if (t)
			j++;
		if (item_same(o, t))
			take = o;
		else if (item_same(b, o))
			take = t;
		else if (item_same(b, t))
			take = o;
		else {
			enum record_type rt;
			char unit[48], id[48];
			int is_rec = record_path_parse(path, &rt, unit, id) == 0;
			git_hex blob;
			int deleted = 0, rc = 1;

			if (!strcmp(path, "units.yaml")) {
				rt = REC_UNITS;
				is_rec = 1;
			}
			if (is_rec) {
				rc = merge_one_record(r, rt, path, b, o, t, base, ours, theirs, write,
						      blob, &deleted, nconflicts, err);
				if (rc < 0) {
					error = rc;
					goto done;
				}
			}
			if (rc == 0) {
				if (!deleted && items_push(&res, path, blob, 0100644) < 0)
					goto nomem;
				continue;
			}
			/* Not a record, or unreadable: keep one version whole. */
			if (!o)
				take = t;
			else if (!t)
				take = o;
			else
				take = strcmp(o->blob, t->blob) > 0 ? o : t;
		}
		if (take && items_push(&res, take->path, take->blob, take->mode) < 0)
			goto nomem;
	}
	*out = res.v;
	*n = res.n;
	res.v = NULL;
	res.n = 0;
	error = 0;
	goto done;
nomem:
	error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
done:
	tree_items_free(res.v, res.n);
	tree_items_free(vb, nb);
	tree_items_free(vo, no);
	tree_items_free(vt, nt);
	return error;
}

/* ------------------------------------------------------------------ */
/* Moving main and the work tree                                        */

static void pending_path(struct repo *r, char *buf, size_t len)
{
	snprintf(buf, len, "%sggw/checkout-pending", repo_gitdir(r));
}

/* Before moving main: note what the work tree matches, so an interrupted
 * checkout is finished by the next run. */
static int pending_write(struct repo *r, const char *baseline, struct ggw_error *err)
{
	char path[PATH_MAX], line[64];
	int n = snprintf(line, sizeof(line), "%s\n", baseline);

	pending_path(r, path, sizeof(path));
	return atomic_write(path, line, (size_t)n, err);
}

/* Is the work tree's file at path one of the two versions (blob ids, ""
 * for absent)? */
static int worktree_is(struct repo *r, const char *path, const char *a, const char *b)
{
	char full[PATH_MAX], *data = NULL, hex[41];
	size_t len = 0;
	struct stat st;
	int same;

	snprintf(full, sizeof(full), "%s%s", repo_workdir(r), path);
	if (lstat(full, &st) < 0)
		return !*a || !*b;
	if (!S_ISREG(st.st_mode) || read_whole_file(full, (size_t)st.st_size + 1, &data, &len, NULL) < 0)
		return 0;
	same = repo_hash_blob(data, len, hex) == 0 && (!strcmp(hex, a) || !strcmp(hex, b));
	free(data);
	return same;
}

/* Bring the files main's move changed from the baseline commit to HEAD.
 * A file may be at the old version, at the new one (a crash in between),
 * or edited by hand: only the first two are rewritten. */
static int finish_checkout(struct repo *r, const char *baseline, struct ggw_error *err)
{
	struct tree_item *a = NULL, *b = NULL;
	size_t na = 0, nb = 0, nc = 0, nok = 0, nbad = 0;
	char **changed = NULL, names[400] = "";
	git_hex head;
	int error;

	if ((error = gitp_ref_tip(r, "HEAD", head, err)) < 0 ||
	    (error = gitp_tree_items(r, baseline, &a, &na, err)) < 0 ||
	    (error = gitp_tree_items(r, head, &b, &nb, err)) < 0)
		goto done;
	if (diff_paths(a, na, b, nb, &changed, &nc) < 0) {
		error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		goto done;
	}
	for (size_t i = 0; i < nc; i++) {
		const struct tree_item *x = find_item(a, na, changed[i]);
		const struct tree_item *y = find_item(b, nb, changed[i]);

		if (worktree_is(r, changed[i], x ? x->blob : "", y ? y->blob : "")) {
			char *keep = changed[nok];

			changed[nok++] = changed[i];
			changed[i] = keep;
		} else if (nbad++ < 3) {
			size_t used = strlen(names);

			snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "", changed[i]);
		}
	}
	if (nbad) {
		error = ggw_fail(err, GGW_ECONFLICT,
				 _("这些文件有未提交的修改，与收到的修改冲突：%s。请先提交或撤销这些修改，再同步"),
				 names);
		goto done;
	}
	error = gitp_checkout_paths(r, changed, nok, err);
done:
	strs_free(changed, nc);
	tree_items_free(a, na);
	tree_items_free(b, nb);
	return error;
}

static int pending_finish(struct repo *r, struct ggw_error *err)
{
	char path[PATH_MAX], *data = NULL;
	size_t len = 0;
	int error;

	pending_path(r, path, sizeof(path));
	if (access(path, F_OK) < 0)
		return 0;
	if (read_whole_file(path, 4096, &data, &len, NULL) == 0 && len >= 40) {
		data[40] = '\0';
		error = finish_checkout(r, data, err);
	} else {
		/* Torn marker (written atomically, so only by hand): check out
		 * against HEAD itself. */
		error = gitp_checkout_head(r, NULL, err);
	}
	free(data);
	if (error < 0)
		return error;
	return remove_durable(path, NULL, err);
}

/* Uncommitted record files that the change old->new would touch. */
static int dirty_in_the_way(struct repo *r, const char *oldc, const char *newc, char *names,
			    size_t len, struct ggw_error *err)
{
	char **dirty = NULL, **changed = NULL;
	size_t nd = 0, nc = 0, hits = 0;
	struct tree_item *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	int error;

	names[0] = '\0';
	if ((error = repo_dirty_paths(r, &dirty, &nd, err)) < 0)
		return error;
	if (nd == 0)
		goto done;
	if ((error = gitp_tree_items(r, oldc, &a, &na, err)) < 0 ||
	    (error = gitp_tree_items(r, newc, &b, &nb, err)) < 0)
		goto done;
	if (diff_paths(a, na, b, nb, &changed, &nc) < 0) {
		error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		goto done;
	}
	for (size_t i = 0; i < nd; i++)
		for (size_t k = 0; k < nc; k++)
			if (!strcmp(dirty[i], changed[k])) {
				size_t used = strlen(names);

				if (hits++ < 3)
					snprintf(names + used, len - used, "%s%s", used ? ", " : "",
						 dirty[i]);
			}
	error = hits ? 1 : 0;
done:
	repo_paths_free(dirty, nd);
	strs_free(changed, nc);
	tree_items_free(a, na);
	tree_items_free(b, nb);
	return error;
}

/* ------------------------------------------------------------------ */
/* One remote                                                           */

struct run {
	struct repo *r;
	const struct sync_options *o;
	struct actor actor;
	struct units units;
	int have_units;
	int timeout;
	const char *remote;
	enum sync_phase phase;
};

static void report(struct run *run, enum sync_phase phase, unsigned rcv, unsigned tot, uint64_t bytes)
{
	struct sync_progress p = { run->remote, phase, rcv, tot, bytes };

	run->phase = phase;
	if (run->o && run->o->progress)
		run->o->progress(&p, run->o->data);
}

static void on_transfer(const struct transfer_progress *tp, void *data)
{
	struct run *run = data;

	report(run, run->phase, tp->received, tp->total, tp->bytes);
}

static int on_cancel(void *data)
{
	struct run *run = data;

	return run->o && run->o->cancel ? run->o->cancel(run->o->data) : 0;
}

static int transfer(struct run *run, enum transfer_op op, enum sync_phase phase,
		    struct transfer_result *tr, struct ggw_error *err)
{
	struct transfer_options to = { run->timeout, on_transfer, on_cancel, run };

	report(run, phase, 0, 0, 0);
	return transport_run(run->r, op, run->remote, &to, tr, err);
}

/* Fetch, verify, merge. Sets *ours to the new local main. */
static int receive(struct run *run, struct sync_result *res, git_hex ours, struct ggw_error *err)
{
	struct transfer_result tr;
	git_hex theirs, base, merged;
	char ref[128], names[400];
	size_t count = 0;
	int error;

	if ((error = transfer(run, TRANSFER_FETCH, SYNC_PHASE_FETCH, &tr, err)) < 0)
		return error;
	if ((error = gitp_ref_tip(run->r, "HEAD", ours, err)) < 0)
		return error;
	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", run->remote);
	if (gitp_ref_tip(run->r, ref, theirs, NULL) < 0)
		return 0; /* an empty hub: nothing to receive */
	if (gitp_is_ancestor(run->r, theirs, ours))
		return 0; /* nothing new */
	report(run, SYNC_PHASE_VERIFY, 0, 0, 0);
	if ((error = verify_incoming(run->r, ours, theirs, run->have_units ? &run->units : NULL,
				     &count, err)) < 0)
		return error;
	report(run, SYNC_PHASE_MERGE, 0, 0, 0);
	if (gitp_is_ancestor(run->r, ours, theirs)) {
		memcpy(merged, theirs, sizeof(git_hex));
		res->fast_forward = 1;
	} else {
		struct tree_item *items = NULL;
		size_t n = 0, nconf = 0;
		git_hex tree;
		const char *parents[2] = { ours, theirs };
		char *msg = NULL;

		if (gitp_merge_base(run->r, ours, theirs, base, NULL) < 0)
			base[0] = '\0';
		if ((error = merge_tree_items(run->r, base, ours, theirs, 1, &items, &n, &nconf, err)) < 0)
			return error;
		error = gitp_write_tree(run->r, items, n, tree, err);
		tree_items_free(items, n);
		if (error < 0)
			return error;
		if ((error = dirty_in_the_way(run->r, ours, tree, names, sizeof(names), err)) != 0)
			goto dirty;
		/* Commit messages are data shared by every PC: not translated. */
		if (asprintf(&msg, "同步合并：%s\n\nGgw-Unit: %s\nGgw-Action: merge\n", run->remote,
			     run->actor.unit ? run->actor.unit : "") < 0)
			return ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		if ((error = pending_write(run->r, ours, err)) == 0)
			error = gitp_commit_cas(run->r, tree, parents, 2, msg, run->actor.name,
						run->actor.email, merged, err);
		free(msg);
		if (error < 0)
			return error;
		res->merged = 1;
		res->conflicts = nconf;
		goto checkout;
	}
	if ((error = dirty_in_the_way(run->r, ours, merged, names, sizeof(names), err)) != 0)
		goto dirty;
	if ((error = pending_write(run->r, ours, err)) < 0 ||
	    (error = gitp_main_cas(run->r, merged, ours, err)) < 0)
		return error;
checkout:
	res->received += count;
	if ((error = pending_finish(run->r, err)) < 0)
		return error;
	memcpy(ours, merged, sizeof(git_hex));
	return 0;
dirty:
	if (error < 0)
		return error;
	return ggw_fail(err, GGW_ECONFLICT,
			_("这些记录文件有未提交的修改，而 %s 也改了它们：%s。请先保存（提交）或撤销这些修改，再同步"),
			run->remote, names);
}

static void set_result(struct sync_result *res, enum sync_outcome oc, int code, const char *msg)
{
	res->outcome = oc;
	res->code = code;
	snprintf(res->message, sizeof(res->message), "%s", msg ? msg : "");
}

static int sync_one(struct run *run, const struct remote_info *ri, struct sync_result *res)
{
	struct ggw_error err = { 0, "" };
	struct transfer_result tr;
	git_hex ours, theirs, before;
	char ref[128];
	int error = 0, attempt;

	memset(res, 0, sizeof(*res));
	snprintf(res->remote, sizeof(res->remote), "%s", ri->name);
	run->remote = ri->name;
	res->fetch_only = ri->local && ri->bare == 0;
	if (gitp_ref_tip(run->r, "HEAD", before, &err) < 0)
		goto fail;
	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", ri->name);
	for (attempt = 0; attempt < PUSH_ATTEMPTS; attempt++) {
		if ((error = receive(run, res, ours, &err)) < 0)
			goto fail;
		if (res->fetch_only)
			break;
		if (gitp_ref_tip(run->r, ref, theirs, NULL) == 0 && !strcmp(theirs, ours))
			break; /* the hub already has our main */
		error = transfer(run, TRANSFER_PUSH, SYNC_PHASE_PUSH, &tr, &err);
		if (error == 0) {
			gitp_set_ref(run->r, ref, ours, NULL);
			res->pushed = 1;
			break;
		}
		if (tr.kind == TK_NONBARE) {
			/* A peer's own ledger: we take from it, never push. */
			res->fetch_only = 1;
			error = 0;
			break;
		}
		if (tr.kind != TK_REJECTED)
			goto fail;
		/* The hub moved while we merged: fetch, merge, push again. */
	}
	if (attempt == PUSH_ATTEMPTS) {
		error = ggw_fail(&err, GGW_ENET, _("%s 一直有新的提交，推送 %d 次都被拒绝；请稍后再同步"),
				 ri->name, PUSH_ATTEMPTS);
		goto fail;
	}
	lastsync_set(run->r, ri->name);
	report(run, SYNC_PHASE_DONE, 0, 0, 0);
	{
		char msg[512];
		int moved = strcmp(before, ours) != 0;

		if (!moved && !res->pushed)
			snprintf(msg, sizeof(msg), _("已是最新"));
		else if (!moved)
			snprintf(msg, sizeof(msg), _("已推送"));
		else
			snprintf(msg, sizeof(msg), _("收到 %zu 个新提交%s%s%s"), res->received,
				 res->merged ? _("，已合并") : res->fast_forward ? _("，已快进") : "",
				 res->conflicts ? _("，有冲突待解决（ggw list --conflicts）") : "",
				 res->pushed ? _("，已推送") : "");
		if (res->fetch_only) {
			size_t used = strlen(msg);

			snprintf(msg + used, sizeof(msg) - used, "%s",
				 _("（对方不是中转仓库，只取不推；要推送请用 ggw hub init 建中转仓库）"));
		}
		set_result(res, moved || res->pushed ? SYNC_DONE : SYNC_UP_TO_DATE, 0, msg);
	}
	return 0;
fail:
	if (!error)
		error = err.code ? err.code : GGW_EIO;
	set_result(res, error == GGW_ENET ? SYNC_SKIPPED : error == GGW_ECANCEL ? SYNC_CANCELLED :
		   error == GGW_EDENIED ? SYNC_REFUSED : SYNC_FAILED, error, err.msg);
	report(run, SYNC_PHASE_DONE, 0, 0, 0);
	return error;
}

/* ------------------------------------------------------------------ */
/* Repair after a power cut                                             */

static int repair_objects(struct run *run, struct remote_info *rv, size_t nr, struct ggw_error *err)
{
	git_hex *bad = NULL;
	size_t nbad = 0, missing = 0;
	int error;

	report(run, SYNC_PHASE_CHECK, 0, 0, 0);
	if ((error = gitp_remove_bad_loose(run->r, &bad, &nbad, err)) < 0)
		return error;
	for (size_t i = 0; i < nbad; i++)
		if (!gitp_object_exists(run->r, bad[i]))
			memmove(bad[missing++], bad[i], sizeof(git_hex));
	if (nbad && run->o && run->o->notice) {
		char line[256];

		snprintf(line, sizeof(line), _("发现 %zu 个损坏的对象文件（可能是断电造成的），已删除，正在从同步对象取回"),
			 nbad);
		run->o->notice(line, run->o->data);
	}
	for (size_t k = 0; k < nr && missing; k++) {
		char path[PATH_MAX];
		const char **ids = malloc(missing * sizeof(char *));
		size_t copied = 0, still = 0;
		struct ggw_error e2;

		if (!ids)
			break;
		for (size_t i = 0; i < missing; i++)
			ids[i] = bad[i];
		run->remote = rv[k].name;
		if (transport_url_is_local(rv[k].url, path, sizeof(path))) {
			transport_copy_objects(run->r, path, ids, missing, &copied, &e2);
		} else {
			struct transfer_result tr;

			if (transfer(run, TRANSFER_REPAIR, SYNC_PHASE_CHECK, &tr, &e2) == 0) {
				snprintf(path, sizeof(path), "%sggw/repair", repo_gitdir(run->r));
				transport_copy_objects(run->r, path, ids, missing, &copied, &e2);
			}
		}
		free(ids);
		for (size_t i = 0; i < missing; i++)
			if (!gitp_object_exists(run->r, bad[i]))
				memmove(bad[still++], bad[i], sizeof(git_hex));
		missing = still;
	}
	if (missing) {
		error = ggw_fail(err, GGW_EDAMAGED,
				 _("有 %zu 个损坏的对象（如 %s）没能从任何同步对象取回；请接上中转仓库（U盘）或联网后再同步"),
				 missing, bad[0]);
	} else if (nbad && run->o && run->o->notice) {
		run->o->notice(_("损坏的对象已全部取回"), run->o->data);
	}
	free(bad);
	return error;
}

/* ------------------------------------------------------------------ */

int sync_run(struct repo *r, const char *const *names, size_t n, const struct sync_options *o,
	     struct sync_result **results, size_t *nresults, struct ggw_error *err)
{
	struct run run;
	struct remote_info *all = NULL, *sel = NULL;
	size_t nall = 0, nsel = 0;
	char *tv = NULL;
	int error, worst = 0, took_lock;

	*results = NULL;
	*nresults = 0;
	memset(&run, 0, sizeof(run));
	run.r = r;
	run.o = o;
	took_lock = !repo_lock_held(r); /* the interface may hold it already */
	if ((error = repo_lock(r, 5000, o ? o->notice : NULL, o ? o->data : NULL, err)) < 0)
		return error;
	if ((error = sync_remote_list(r, &all, &nall, err)) < 0)
		goto done;
	sel = calloc(n ? n : nall ? nall : 1, sizeof(*sel));
	if (!sel) {
		error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		goto done;
	}
	if (n == 0) {
		if (nall == 0) {
			error = ggw_fail(err, GGW_ENOTFOUND,
					 _("还没有同步对象。用 ggw remote add 名称 地址 添加（例如 U盘上的中转仓库）"));
			goto done;
		}
		memcpy(sel, all, nall * sizeof(*sel));
		nsel = nall;
	} else {
		for (size_t i = 0; i < n; i++) {
			size_t k;

			for (k = 0; k < nall && strcmp(all[k].name, names[i]); k++)
				;
			if (k == nall) {
				error = ggw_fail(err, GGW_ENOTFOUND,
						 _("没有名为 %s 的同步对象（ggw remote list 列出全部）"), names[i]);
				goto done;
			}
			sel[nsel++] = all[k];
		}
	}
	if (o && o->timeout_sec > 0)
		run.timeout = o->timeout_sec;
	else if (repo_config_get(r, "ggw.timeout", &tv, NULL) == 0 && tv && atoi(tv) > 0)
		run.timeout = atoi(tv);
	else
		run.timeout = 60;
	if ((error = actor_load(r, &run.actor, err)) < 0)
		goto done;
	if (!run.actor.unit || !*run.actor.unit) {
		error = ggw_fail(err, GGW_EINVALID, _("这台电脑还没有设置单位：ggw config ggw.unit 单位代号"));
		goto done;
	}
	run.have_units = units_load(r, &run.units, NULL) == 0;
	if ((error = pending_finish(r, err)) < 0)
		goto done;
	if ((error = repair_objects(&run, sel, nsel, err)) < 0)
		goto done;
	*results = calloc(nsel, sizeof(**results));
	if (!*results) {
		error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		goto done;
	}
	for (size_t i = 0; i < nsel; i++) {
		int rc;

		if (o && o->cancel && o->cancel(o->data)) {
			worst = GGW_ECANCEL;
			break;
		}
		rc = sync_one(&run, &sel[i], &(*results)[i]);

		*nresults = i + 1;
		if (o && o->remote_done)
			o->remote_done(&(*results)[i], o->data);
		if (rc == GGW_ECANCEL) {
			worst = rc;
			break;
		}
		if (rc < 0 && (worst == 0 || worst == GGW_ENET))
			worst = rc;
	}
	error = worst;
	if (error == GGW_ENET)
		ggw_fail(err, GGW_ENET, _("有同步对象无法连接，已跳过；其余已同步"));
	else if (error == GGW_ECANCEL)
		ggw_fail(err, GGW_ECANCEL, _("同步已取消；台账保持取消前的状态"));
	else if (error < 0)
		ggw_fail(err, error, _("同步未全部完成（见上面各行）"));
done:
	free(tv);
	free(sel);
	sync_remote_list_free(all, nall);
	actor_free(&run.actor);
	if (run.have_units)
		units_free(&run.units);
	if (took_lock)
		repo_unlock(r);
	return error;
}

/* ------------------------------------------------------------------ */
/* Status                                                               */

void sync_status_free(struct sync_status *s)
{
	if (!s)
		return;
	free(s->unit);
	for (size_t i = 0; i < s->nremotes; i++) {
		free(s->remotes[i].name);
		free(s->remotes[i].url);
	}
	free(s->remotes);
	repo_paths_free(s->uncommitted, s->nuncommitted);
	memset(s, 0, sizeof(*s));
}

int sync_status(struct repo *r, struct sync_status *out, struct ggw_error *err)
{
	struct remote_info *rv = NULL;
	struct ledger l;
	size_t nr = 0;
	git_hex head;
	char path[PATH_MAX];
	int error, have_head;

	memset(out, 0, sizeof(*out));
	repo_config_get(r, "ggw.unit", &out->unit, NULL);
	if ((error = sync_remote_list(r, &rv, &nr, err)) < 0)
		return error;
	out->remotes = calloc(nr + 1, sizeof(*out->remotes));
	if (!out->remotes) {
		sync_remote_list_free(rv, nr);
		return ggw_fail(err, GGW_ENOMEM, _("内存不足"));
	}
	have_head = gitp_ref_tip(r, "HEAD", head, NULL) == 0;
	for (size_t i = 0; i < nr; i++) {
		struct remote_status *rs = &out->remotes[i];
		char ref[128];
		git_hex tip;

		rs->name = rv[i].name;
		rs->url = rv[i].url;
		rv[i].name = rv[i].url = NULL;
		rs->local = rv[i].local;
		rs->bare = rv[i].bare;
		rs->lastsync = rv[i].lastsync;
		out->nremotes = i + 1;
		snprintf(ref, sizeof(ref), "refs/remotes/%s/main", rs->name);
		if (gitp_ref_tip(r, ref, tip, NULL) == 0) {
			rs->known = 1;
			if (have_head)
				gitp_ahead_behind(r, head, tip, &rs->ahead, &rs->behind, NULL);
		} else if (have_head) {
			git_hex *ids = NULL;
			size_t n = 0;

			/* Never synced: everything is still to send. */
			if (gitp_walk(r, head, NULL, &ids, &n, NULL) == 0)
				rs->ahead = n;
			free(ids);
		}
	}
	sync_remote_list_free(rv, nr);
	if ((error = ledger_load(r, &l, err)) < 0)
		goto fail;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].has_conflicts)
			out->conflicts++;
	ledger_free(&l);
	if ((error = repo_dirty_paths(r, &out->uncommitted, &out->nuncommitted, err)) < 0)
		goto fail;
	pending_path(r, path, sizeof(path));
	out->merge_pending = access(path, F_OK) == 0;
	return 0;
fail:
	sync_status_free(out);
	return error;
}
