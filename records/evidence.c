/* Evidence (see evidence.h): attach, list, read, export, withdraw. The
 * bytes go into this PC's unit's store (storage/evstore.h); the record's
 * evidence: list and the withdrawals (evidence-withdrawn/<unit>/<sha>.yaml)
 * are ordinary ledger files committed through ops_commit_files. */
#include "evidence.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/rectype.h"
#include "../storage/evstore.h"
#include "../storage/fsutil.h"
#include "../storage/hub_local.h"
#include "../storage/yamlio.h"
#include "evidence_sync.h"
#include "ledger.h"

#define OFFICE_UNIT "office"

/* ---- settings ---- */

static int long_in(const char *v, long lo, long hi)
{
	char *end = NULL;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	return !errno && end != v && !*end && n >= lo && n <= hi;
}

static long config_long(struct repo *r, const char *name, long lo, long hi, long dflt)
{
	char *v = NULL, *end = NULL;
	long n = dflt;

	if (repo_config_get(r, name, &v, NULL) == 0 && v && long_in(v, lo, hi))
		n = strtol(v, &end, 10);
	free(v);
	return n;
}

int evidence_setting_check(const char *name, const char *value, struct ggw_error *err)
{
	if (!strcmp(name, "evidence.maxside") && !long_in(value, 200, 8000))
		return ggw_fail(err, GGW_EUSAGE,
				_("evidence.maxside 是照片长边的像素数，要写 200 到 8000 之间的整数，如 1600"));
	if (!strcmp(name, "evidence.maxbytes") && !long_in(value, 65536, EVIDENCE_SYNC_MAX_BYTES))
		return ggw_fail(err, GGW_EUSAGE,
				_("evidence.maxbytes 是单个文件的字节数上限，要写 65536 到 %ld 之间的整数，如 8388608"),
				(long)EVIDENCE_SYNC_MAX_BYTES);
	return 0;
}

void evidence_image_opts(struct repo *r, struct image_opts *o)
{
	image_opts_default(o);
	o->max_side = (int)config_long(r, "evidence.maxside", 200, 8000, o->max_side);
	o->max_file_bytes = (size_t)config_long(r, "evidence.maxbytes", 65536, EVIDENCE_SYNC_MAX_BYTES,
						(long)o->max_file_bytes);
}

/* ---- small helpers ---- */

static int hash_valid(const char *s)
{
	if (!s || strlen(s) != EVIDENCE_HASH_LEN)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

void evidence_withdrawal_path(const char *unit, const char *sha256, char *buf, size_t len)
{
	snprintf(buf, len, EVIDENCE_WITHDRAWN_DIR "/%s/%s.yaml", unit, sha256);
}

int evidence_withdrawal_path_parse(const char *path, char *unit, size_t len)
{
	const char *p, *slash;
	size_t n = strlen(EVIDENCE_WITHDRAWN_DIR);
	char u[64], name[80];

	if (!path || strncmp(path, EVIDENCE_WITHDRAWN_DIR, n) || path[n] != '/')
		return 0;
	p = path + n + 1;
	if (!(slash = strchr(p, '/')) || (size_t)(slash - p) >= sizeof(u))
		return 0;
	snprintf(u, sizeof(u), "%.*s", (int)(slash - p), p);
	if (!unit_key_valid(u) || strlen(slash + 1) != 64 + 5 || strchr(slash + 1, '/'))
		return 0;
	snprintf(name, sizeof(name), "%s", slash + 1);
	if (strcmp(name + 64, ".yaml"))
		return 0;
	name[64] = '\0';
	if (!hash_valid(name))
		return 0;
	if (unit)
		snprintf(unit, len, "%s", u);
	return 1;
}

int evidence_is_withdrawn(struct repo *r, const char *sha256)
{
	char dir[4096], path[4400];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int found = 0;

	snprintf(dir, sizeof(dir), "%s" EVIDENCE_WITHDRAWN_DIR, repo_workdir(r));
	if (!(d = opendir(dir)))
		return 0;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s.yaml", dir, de->d_name, sha256);
		found = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
	}
	closedir(d);
	return found;
}

/* The record's type, unit and parsed content, by id. */
static int load_record(struct repo *r, const char *id, char *relpath, size_t rlen,
		       enum record_type *t, char *unit, struct node *rec, struct ggw_error *err)
{
	char pid[64];
	int rc;

	if ((rc = ops_find_path(r, id, relpath, rlen, err)) < 0)
		return rc;
	if (record_path_parse(relpath, t, unit, pid) < 0)
		return ggw_fail(err, GGW_EINVALID, _("路径不符合台账格式：%s"), relpath);
	if ((rc = record_load_file(r, relpath, rec, err)) < 0)
		return rc;
	if (!record_type_has_evidence(*t)) {
		node_free(rec);
		return ggw_fail(err, GGW_EINVALID, _("%s 这类记录不能附佐证材料（只有活动和文件资料可以）"), id);
	}
	return 0;
}

static const char *kind_from(const char *kind, enum image_format f)
{
	if (kind && kind[0])
		return kind;
	return f == IMAGE_PDF ? "scan" : "photo";
}

static int kind_valid(const char *kind)
{
	return !kind || !strcmp(kind, "photo") || !strcmp(kind, "scan") || !strcmp(kind, "file");
}

/* The store file of sha256 in any unit's store; 0 found, GGW_ENOTFOUND. */
int evidence_store_find(struct repo *r, const char *sha256, struct evstore_file *out,
			char *unit, size_t ulen)
{
	char **names = NULL;
	git_hex *ids = NULL;
	size_t n = 0;
	int found = 0;
	struct ggw_error e = { 0, "" };

	if (gitp_ref_list(r, EVSTORE_PREFIX, &names, &ids, &n, &e) < 0)
		return GGW_ENOTFOUND;
	for (size_t i = 0; i < n && !found; i++) {
		struct evstore_file *v = NULL;
		size_t nv = 0;

		if (evstore_files(r, names[i], &v, &nv, NULL, &e) < 0)
			continue;
		for (size_t k = 0; k < nv && !found; k++)
			if (!strncmp(v[k].name, sha256, 64)) {
				*out = v[k];
				found = 1;
				if (unit)
					snprintf(unit, ulen, "%s", names[i] + strlen(EVSTORE_PREFIX));
			}
		evstore_files_free(v);
	}
	gitp_ref_list_free(names, ids, n);
	return found ? 0 : GGW_ENOTFOUND;
}

/* ---- preview / attach ---- */

static void item_from(struct evidence_item *it, const struct image_result *ir, const char *hash,
		      const struct evidence_attach_opts *o)
{
	memset(it, 0, sizeof(*it));
	snprintf(it->sha256, sizeof(it->sha256), "%s", hash);
	snprintf(it->kind, sizeof(it->kind), "%s", kind_from(o ? o->kind : NULL, ir->in_fmt));
	it->caption = o && o->caption ? strdup(o->caption) : NULL;
	it->minors_visible = o ? o->minors_visible : 0;
	it->bytes = ir->bytes.len;
	it->width = ir->width;
	it->height = ir->height;
	snprintf(it->ext, sizeof(it->ext), "%s", ir->ext ? ir->ext : "bin");
}

static void opts_for(struct repo *r, const struct evidence_attach_opts *o, struct image_opts *io)
{
	evidence_image_opts(r, io);
	if (o && o->image.max_side)
		io->max_side = o->image.max_side;
	if (o && o->image.quality)
		io->quality = o->image.quality;
	if (o && o->image.max_file_bytes)
		io->max_file_bytes = o->image.max_file_bytes;
	if (o && o->image.max_pixels)
		io->max_pixels = o->image.max_pixels;
}

int evidence_preview(struct repo *r, const char *path, const struct evidence_attach_opts *o,
		     struct evidence_item *out, struct ggw_error *err)
{
	struct image_result ir;
	struct image_opts io;
	char hash[65];
	int rc;

	if (o && !kind_valid(o->kind))
		return ggw_fail(err, GGW_EUSAGE, _("类别只能是 photo（照片）、scan（扫描件）或 file（其他）"));
	opts_for(r, o, &io);
	if ((rc = image_prepare(path, &io, &ir, err)) < 0)
		return rc;
	evstore_sha256_hex(ir.bytes.s, ir.bytes.len, hash);
	item_from(out, &ir, hash, o);
	image_result_free(&ir);
	return 0;
}

static int entry_append(struct node *list, const struct evidence_item *it)
{
	struct node m;

	if (node_init_map(&m) < 0)
		return -1;
	if (node_map_set_str(&m, "sha256", it->sha256, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&m, "kind", it->kind, SCALAR_PLAIN) < 0 ||
	    (it->caption && it->caption[0] &&
	     node_map_set_str(&m, "caption", it->caption, SCALAR_TEXT) < 0) ||
	    node_map_set_str(&m, "minors_visible", it->minors_visible ? "true" : "false",
			     SCALAR_PLAIN) < 0 ||
	    node_seq_append(list, &m) < 0) {
		node_free(&m);
		return -1;
	}
	return 0;
}

static int cites(const struct node *list, const char *hash)
{
	for (size_t i = 0; list && list->kind == NODE_SEQ && i < list->count; i++) {
		const char *s = node_map_str(&list->kids[i], "sha256");

		if (s && !strcmp(s, hash))
			return 1;
	}
	return 0;
}

/* The record with the new items' entries, as YAML; *added gets how many
 * were new. */
static int record_with(enum record_type t, struct node *rec, const struct evidence_item *items,
		       size_t n, size_t *added, char **yaml, size_t *len, struct ggw_error *err)
{
	struct node *list = node_map_get(rec, "evidence");
	struct problems probs = { 0 };
	size_t nprob;

	*added = 0;
	if (!list) {
		struct node seq;

		if (node_init_seq(&seq) < 0 || node_map_set(rec, "evidence", &seq) < 0)
			return ggw_oom(err);
		list = node_map_get(rec, "evidence");
	}
	if (list->kind != NODE_SEQ)
		return ggw_fail(err, GGW_EINVALID, _("记录里的 evidence 不是列表，请先修正记录"));
	for (size_t i = 0; i < n; i++) {
		if (cites(list, items[i].sha256))
			continue;
		if (entry_append(list, &items[i]) < 0)
			return ggw_oom(err);
		(*added)++;
	}
	nprob = record_validate(t, rec, &probs);
	if (nprob) {
		int rc = ggw_fail(err, GGW_EINVALID, _("加上佐证材料后记录不合格式：%s：%s"),
				  probs.v[0].field, probs.v[0].msg);

		problems_free(&probs);
		return rc;
	}
	problems_free(&probs);
	return record_to_yaml(t, rec, yaml, len, err);
}

/* Prepare every file first: nothing is stored unless all of them pass. */
static int prepare_all(struct repo *r, const char *const *paths, size_t n,
		       const struct evidence_attach_opts *o, struct image_result *ir,
		       struct evidence_item *it, struct ggw_error *err)
{
	struct image_opts io;
	char hash[65];
	int rc;

	opts_for(r, o, &io);
	for (size_t i = 0; i < n; i++) {
		if ((rc = image_prepare(paths[i], &io, &ir[i], err)) < 0)
			return rc;
		evstore_sha256_hex(ir[i].bytes.s, ir[i].bytes.len, hash);
		item_from(&it[i], &ir[i], hash, o);
		if (evidence_is_withdrawn(r, hash))
			return ggw_fail(err, GGW_EINVALID,
					_("%s：这个文件以前撤回过（%.12s…），不能再附上"), paths[i], hash);
	}
	return 0;
}

static int attach_message(const struct actor *a, const char *id, size_t n, char **msg)
{
	return asprintf(msg, "附佐证材料：%s（%zu 个文件）\n\nGgw-Unit: %s\nGgw-Action: attach\n", id,
			n, a->unit) < 0 ? -1 : 0;
}

/* Store the prepared files in the actor's unit's store (one commit). */
static int store_add(struct repo *r, const struct actor *a, const struct image_result *ir,
		     const struct evidence_item *it, size_t n, git_hex before, git_hex after,
		     git_hex **newblobs, size_t *nnew, struct ggw_error *err)
{
	struct evstore_file *v = NULL, *nv;
	size_t nf = 0, added = 0;
	char ref[160], *msg = NULL;
	int rc;

	*newblobs = NULL;
	*nnew = 0;
	evstore_ref(a->unit, ref, sizeof(ref));
	if ((rc = evstore_files(r, ref, &v, &nf, before, err)) < 0)
		return rc;
	if (!(nv = realloc(v, (nf + n + 1) * sizeof(*v)))) {
		free(v);
		return ggw_oom(err);
	}
	v = nv;
	for (size_t i = 0; i < n; i++) {
		struct evstore_file f = { "", "", ir[i].bytes.len, 0 };
		int dup = 0;

		snprintf(f.name, sizeof(f.name), "%s.%s", it[i].sha256, it[i].ext);
		for (size_t k = 0; k < nf + added; k++)
			dup |= !strcmp(v[k].name, f.name);
		if (dup)
			continue;
		repo_hash_blob(ir[i].bytes.s, ir[i].bytes.len, f.blob);
		f.preexisting = gitp_object_exists(r, f.blob);
		if ((rc = evstore_put_blob(r, ir[i].bytes.s, ir[i].bytes.len, f.blob, err)) < 0)
			goto done;
		v[nf + added++] = f;
	}
	strcpy(after, before);
	if (!added)
		goto done;
	if (asprintf(&msg, "佐证材料库：%s 新增 %zu 个文件\n\nGgw-Unit: %s\nGgw-Action: evidence-store\n",
		     a->unit, added, a->unit) < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	rc = evstore_commit(r, ref, v, nf + added, before, msg, a->name, a->email, after, err);
done:
	/* Only blobs this attach brought: one already here (the same bytes in
	 * another unit's store) is neither packed again nor pruned. */
	if (added && (*newblobs = calloc(added, sizeof(git_hex))))
		for (size_t i = 0; i < added; i++)
			if (!v[nf + i].preexisting)
				memcpy((*newblobs)[(*nnew)++], v[nf + i].blob, sizeof(git_hex));
	free(msg);
	free(v);
	return rc;
}

static int attach_locked(struct repo *r, const struct actor *a, const char *id,
			 const struct image_result *ir, const struct evidence_item *it, size_t n,
			 struct ggw_error *err)
{
	char relpath[512], unit[64], ref[160], *yaml = NULL, *msg = NULL;
	git_hex before, after, *newblobs = NULL;
	size_t nnew = 0;
	struct ggw_error e2 = { 0, "" };
	enum record_type t;
	struct node rec;
	size_t len = 0, added = 0;
	int rc;

	if ((rc = load_record(r, id, relpath, sizeof(relpath), &t, unit, &rec, err)) < 0)
		return rc;
	if ((rc = ops_check_scope(a, unit, err)) < 0 ||
	    (rc = record_with(t, &rec, it, n, &added, &yaml, &len, err)) < 0)
		goto done;
	if ((rc = store_add(r, a, ir, it, n, before, after, &newblobs, &nnew, err)) < 0)
		goto done;
	if (!added) {
		rc = OPS_UNCHANGED;
		goto done;
	}
	if (attach_message(a, id, added, &msg) < 0) {
		rc = ggw_oom(err);
	} else {
		const char *paths[1] = { relpath }, *data[1] = { yaml };

		rc = ops_commit_files(r, a, paths, data, &len, 1, msg, NULL, err);
	}
	if (rc < 0 && strcmp(before, after)) {
		/* All or nothing: the store goes back to what it was. */
		evstore_ref(a->unit, ref, sizeof(ref));
		if (before[0])
			evstore_ref_move(r, ref, before, after, &e2);
		else
			gitp_delete_ref(r, ref, &e2);
	}
done:
	/* Loose blobs work, only slower to sync: packing is best effort. */
	if (rc >= 0)
		evstore_pack_blobs(r, newblobs, nnew, &e2);
	else if (nnew)
		evstore_prune(repo_gitdir(r), newblobs, nnew, NULL, &e2);
	free(newblobs);
	node_free(&rec);
	free(yaml);
	free(msg);
	return rc;
}

int evidence_attach(struct repo *r, const struct actor *a, const char *id,
		    const char *const *paths, size_t n, const struct evidence_attach_opts *o,
		    struct evidence_item *items, struct ggw_error *err)
{
	struct image_result *ir = NULL;
	struct evidence_item *it = NULL;
	int rc;

	if (!n)
		return ggw_fail(err, GGW_EUSAGE, _("没有给出要附上的文件"));
	if (o && !kind_valid(o->kind))
		return ggw_fail(err, GGW_EUSAGE, _("类别只能是 photo（照片）、scan（扫描件）或 file（其他）"));
	if (!a->unit || !unit_key_valid(a->unit))
		return ggw_fail(err, GGW_EINVALID, _("本机还没有设置单位（ggw config ggw.unit 代号）"));
	if (!(ir = calloc(n, sizeof(*ir))) || !(it = calloc(n, sizeof(*it)))) {
		free(ir);
		return ggw_oom(err);
	}
	if ((rc = prepare_all(r, paths, n, o, ir, it, err)) < 0)
		goto done;
	if ((rc = ops_lock(r, err)) < 0)
		goto done;
	rc = attach_locked(r, a, id, ir, it, n, err);
	ops_unlock(r);
	if (rc == OPS_UNCHANGED)
		rc = 0;
	if (rc == 0 && items)
		for (size_t i = 0; i < n; i++) {
			items[i] = it[i];
			it[i].caption = NULL;
		}
done:
	for (size_t i = 0; i < n; i++) {
		image_result_free(&ir[i]);
		free(it[i].caption);
	}
	free(ir);
	free(it);
	return rc;
}

/* ---- list / read ---- */

void evidence_items_free(struct evidence_item *items, size_t n)
{
	for (size_t i = 0; items && i < n; i++)
		free(items[i].caption);
	free(items);
}

int evidence_items_of(struct repo *r, const struct node *rec, struct evidence_item **items,
		      size_t *n, struct ggw_error *err)
{
	const struct node *list = node_map_get(rec, "evidence");
	size_t cnt = list && list->kind == NODE_SEQ ? list->count : 0, k = 0;
	struct evidence_item *v;

	*items = NULL;
	*n = 0;
	if (!cnt)
		return 0;
	if (!(v = calloc(cnt, sizeof(*v))))
		return ggw_oom(err);
	for (size_t i = 0; i < cnt; i++) {
		const struct node *m = &list->kids[i];
		const char *h = node_map_str(m, "sha256"), *kind = node_map_str(m, "kind");
		const char *cap = node_map_str(m, "caption"), *mv = node_map_str(m, "minors_visible");
		struct evstore_file f;
		char unit[64];

		if (!hash_valid(h))
			continue;
		snprintf(v[k].sha256, sizeof(v[k].sha256), "%s", h);
		snprintf(v[k].kind, sizeof(v[k].kind), "%s", kind ? kind : "file");
		v[k].caption = cap ? strdup(cap) : NULL;
		v[k].minors_visible = mv && !strcmp(mv, "true");
		if (evidence_store_find(r, h, &f, unit, sizeof(unit)) == 0) {
			v[k].present = 1;
			v[k].bytes = f.size;
			snprintf(v[k].ext, sizeof(v[k].ext), "%s", f.name + 65);
			v[k].unsent = evidence_file_unsent(r, unit, f.name);
		}
		k++;
	}
	*items = v;
	*n = k;
	return 0;
}

int evidence_list(struct repo *r, const char *id, struct evidence_item **items, size_t *n,
		  struct ggw_error *err)
{
	char relpath[512], unit[64];
	enum record_type t;
	struct node rec;
	int rc;

	*items = NULL;
	*n = 0;
	if ((rc = load_record(r, id, relpath, sizeof(relpath), &t, unit, &rec, err)) < 0)
		return rc;
	rc = evidence_items_of(r, &rec, items, n, err);
	node_free(&rec);
	return rc;
}

int evidence_read(struct repo *r, const char *sha256, struct sbuf *out, struct ggw_error *err)
{
	struct evstore_file f;
	char *data = NULL;
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!hash_valid(sha256))
		return ggw_fail(err, GGW_EINVALID, _("“%s”不是 64 位十六进制的 SHA-256"), sha256);
	if (evidence_store_find(r, sha256, &f, NULL, 0) < 0)
		return ggw_fail(err, GGW_ENOTFOUND, evidence_is_withdrawn(r, sha256)
				? _("佐证材料 %.12s… 已撤回") : _("本机还没有佐证材料 %.12s…（还没同步过来）"),
				sha256);
	if ((rc = gitp_read_blob(r, f.blob, &data, &len, err)) < 0)
		return rc;
	out->s = data;
	out->len = out->cap = len;
	return 0;
}

/* ---- export ---- */

/* A file name part from a title: no slashes, control characters or dots
 * first; at most ~60 bytes, cut at a UTF-8 boundary. */
static void name_part(const char *s, char *out, size_t len)
{
	size_t k = 0;

	while (s && *s) {
		unsigned char c = (unsigned char)*s;
		size_t cl = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (k + cl + 1 > len || k + cl > 60 || strnlen(s, cl) < cl)
			break; /* whole characters only */
		if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || (k == 0 && c == '.'))
			out[k++] = '_';
		else
			memcpy(out + k, s, cl), k += cl;
		s += cl;
	}
	out[k] = '\0';
}

int evidence_export(struct repo *r, const char *id, const char *dir, size_t *written,
		    struct ggw_error *err)
{
	char relpath[512], unit[64], title[128], path[4096];
	struct evidence_item *items = NULL;
	enum record_type t;
	struct node rec;
	size_t n = 0;
	const char *date;
	int rc;

	*written = 0;
	if ((rc = load_record(r, id, relpath, sizeof(relpath), &t, unit, &rec, err)) < 0)
		return rc;
	date = node_map_str(&rec, "date");
	name_part(node_map_str(&rec, "title") ? node_map_str(&rec, "title") : id, title,
		  sizeof(title));
	if ((rc = evidence_items_of(r, &rec, &items, &n, err)) < 0)
		goto done;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		rc = ggw_fail(err, GGW_EIO, _("无法创建文件夹 %s：%s"), dir, strerror(errno));
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		struct sbuf b;

		if (!items[i].present)
			continue;
		if ((rc = evidence_read(r, items[i].sha256, &b, err)) < 0)
			goto done;
		snprintf(path, sizeof(path), "%s/%s%s%s-%zu.%s", dir, date ? date : "", date ? "-" : "",
			 title, i + 1, items[i].ext);
		rc = atomic_write(path, b.s, b.len, err);
		free(b.s);
		if (rc < 0)
			goto done;
		(*written)++;
	}
done:
	evidence_items_free(items, n);
	node_free(&rec);
	return rc;
}
