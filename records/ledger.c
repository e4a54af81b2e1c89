/* Loading the ledger: walk the record folders, reuse the cache, parse what
 * changed. Built for 100,000 records: strings live in one arena (the cache
 * file itself is one of its blocks), the cache is read with one read(),
 * and a file is only opened when its stat data differs from the cache's or
 * may have changed within the cache's own time stamp ("racy" entries). */
#include "ledger.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/rectype.h"
#include "../model/sbuf.h"
#include "../storage/fsutil.h"
#include "../storage/statahead.h"
#include "../storage/threads.h"
#include "../storage/yamlio.h"
#include "cache_journal.h"
#include "facts.h"
#include "output.h"
#include "rules_load.h"

/* ---- arena ---- */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct map {
	void *p;
	size_t len;
};

struct arena {
	struct chunk *head;
	size_t bytes;    /* held in chunks */
	void *cache_map; /* the cache file, mapped; entries point into it */
	size_t cache_len;
	struct map *maps; /* spilled parts of a load (see spill()), mapped */
	size_t nmaps;
};

static void *arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;

	n = (n + 7) & ~(size_t)7;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 60000 ? n : 60000;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->cap = cap;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->bytes += sizeof(*c) + cap;
	}
	c->used += n;
	return c->data + c->used - n;
}

static const char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if (len == 0)
		return "";
	if (!(p = arena_alloc(a, len + 1)))
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static const char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

static void arena_free(struct arena *a)
{
	struct chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	if (a->cache_map)
		munmap(a->cache_map, a->cache_len);
	for (size_t i = 0; i < a->nmaps; i++)
		munmap(a->maps[i].p, a->maps[i].len);
	free(a->maps);
	free(a);
}

/* Free the chunks only (the maps stay). */
static void arena_clear(struct arena *a)
{
	struct chunk *c, *next;

	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->bytes = 0;
}

/* ---- units ---- */

void units_free(struct units *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i].key);
		free(u->v[i].name);
		free(u->v[i].kind);
	}
	free(u->v);
	free(u->street);
	memset(u, 0, sizeof(*u));
}

const struct unit_info *units_find(const struct units *u, const char *key)
{
	if (!u || !key)
		return NULL;
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i].key, key))
			return &u->v[i];
	return NULL;
}

static char *xstrdup(const char *s)
{
	return strdup(s ? s : "");
}

int units_from_node(const struct node *root, struct units *out, struct ggw_error *err)
{
	const struct node *list = node_map_get(root, "units");

	memset(out, 0, sizeof(*out));
	out->street = xstrdup(node_map_str(root, "street"));
	if (!out->street)
		return ggw_oom(err);
	if (!list || list->kind != NODE_SEQ || list->count == 0)
		return 0;
	if (!(out->v = calloc(list->count, sizeof(*out->v))))
		return ggw_oom(err);
	for (size_t i = 0; i < list->count; i++) {
		const struct node *u = &list->kids[i];
		struct unit_info *ui = &out->v[out->n++];

		ui->key = xstrdup(node_map_str(u, "key"));
		ui->name = xstrdup(node_map_str(u, "name"));
		ui->kind = xstrdup(node_map_str(u, "kind"));
		if (!ui->key || !ui->name || !ui->kind) {
			units_free(out);
			return ggw_oom(err);
		}
	}
	return 0;
}

int units_load_node(struct repo *r, struct node *out, struct ggw_error *err)
{
	struct problems probs = { 0 };
	int rc;

	if ((rc = record_load_file(r, "units.yaml", out, err)) < 0)
		return rc;
	if (record_validate(REC_UNITS, out, &probs) > 0) {
		const struct problem *p = &probs.v[0];

		rc = ggw_fail(err, GGW_EINVALID, "units.yaml:%d:%d: %s", p->line ? p->line : 1,
			      p->line ? p->col : 1, p->msg);
		problems_free(&probs);
		node_free(out);
		return rc;
	}
	problems_free(&probs);
	return 0;
}

int units_load(struct repo *r, struct units *out, struct ggw_error *err)
{
	struct node root;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = units_load_node(r, &root, err)) < 0)
		return rc;
	rc = units_from_node(&root, out, err);
	node_free(&root);
	return rc;
}

/* ---- one record file ---- */

int record_load_file(struct repo *r, const char *relpath, struct node *out,
		     struct ggw_error *err)
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (path_join(path, sizeof(path), repo_workdir(r), relpath) < 0)
		return ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), relpath);
	if ((rc = read_regular_file(path, YAML_MAX_BYTES, &buf, &len, err)) < 0) {
		if (rc == GGW_EIO && access(path, F_OK) != 0 && errno == ENOENT)
			return ggw_fail(err, GGW_ENOTFOUND, _("没有这个文件：%s"), relpath);
		return rc;
	}
	rc = yaml_parse(relpath, buf, len, out, err);
	free(buf);
	return rc;
}

/* ---- the cache file ---- */

#define CACHE_MAGIC "GGWCACHE"
#define CACHE_VERSION 10

struct cache_header {
	char magic[8];
	uint32_t version, rec_size;
	uint32_t count, pad;
	uint64_t strings_len;
	int64_t stamp_ns; /* when the load that wrote it started */
};

/* One record of the cache: 128 bytes, the strings apart (a load of an
 * unchanged ledger reads every record, and of the strings only the paths). */
struct crec {
	uint64_t size, mtime_ns, ctime_ns, ino;
	uint32_t path, cid, cunit, title, search, vids, speakers, err, cols, refs, facts;
	uint32_t blob; /* 40 hex digits, or "" for a file too large to hash */
	int32_t date, youth, adult, birth_year;
	uint16_t publicity[LEVEL_COUNT];
	uint8_t type, valid, has_conflicts, five_have, active; /* valid: CREC_* */
	int8_t category, form, group;
	uint16_t id_pos[2], unit_pos[2]; /* line, col of the values; 0 unknown */
	uint32_t path_hash; /* hash_str(path): the index built without
			       reading the strings */
};

_Static_assert(sizeof(struct crec) == 128, "a cache record is 128 bytes");

/* crec.valid: the content is a valid record; the entry at this path was
 * valid (content, and id, unit and year as the path says). */
#define CREC_CONTENT 1u
#define CREC_ENTRY 2u

/* Everything about a file that depends on its content only (so a cached
 * result may be reused for the same bytes). */
struct content {
	const char *cid, *cunit, *title, *search, *vids, *speakers, *cols, *refs, *facts;
	const char *err; /* "line:col: reason" when !valid */
	int date, youth, adult, birth_year;
	unsigned short publicity[LEVEL_COUNT];
	int type, valid, has_conflicts, five_have, active;
	int category, form, group;
	int id_pos[2], unit_pos[2]; /* line, col of the id: and unit: values */
	char blob[41];
	const char *blobp; /* the blob as stored for good (the cache's), or NULL */
};

/* Per-entry data kept during a load, for writing the cache: what the entry
 * itself does not hold. Only for entries whose file or content changed
 * since the cache; the others are their cache record. */
struct fresh {
	uint64_t size, mtime_ns, ctime_ns, ino;
	const char *cid, *cunit, *err;
	int id_pos[2], unit_pos[2];
	unsigned char content_valid, cached;
};

/* 8 bytes an entry: a million of them are 8 MB, not the 80 MB of a
 * struct fresh each. */
struct aux {
	uint32_t rec; /* index into loader.fresh or the source's records */
	uint32_t src; /* AUX_NONE (not cached), AUX_FRESH, AUX_CACHE (the cache
			 record it is, unchanged) or AUX_SPILL + k (spill k) */
};

enum { AUX_NONE, AUX_FRESH, AUX_CACHE, AUX_SPILL };

/* Cache records and their strings: the cache file's, or a spill's. */
struct recsrc {
	const struct crec *recs;
	const char *strings;
};

struct cache {
	const struct cache_header *h;
	const struct crec *recs;
	const char *strings;
	uint32_t *by_path; /* open addressing, index + 1, 0 empty */
	uint32_t *by_blob;
	size_t mask;
	unsigned char *seen;
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const char *cache_str(const struct cache *c, uint32_t off)
{
	return c->strings + off;
}

static void cache_free(struct cache *c)
{
	free(c->by_path);
	free(c->by_blob);
	free(c->seen);
	memset(c, 0, sizeof(*c));
}

/* Map the cache; any problem gives an empty cache. The mapping is handed
 * to the arena (entries point into it). Only the pages a command touches
 * are read: the search texts sit at the end and stay on disk for
 * `list --count`. */
static void cache_read(struct repo *r, struct arena *a, struct cache *c)
{
	char path[4096];
	struct stat st;
	char *buf;
	size_t n, cap, size;
	const struct cache_header *h;
	int fd;

	memset(c, 0, sizeof(*c));
	if (path_join(path, sizeof(path), repo_gitdir(r), "ggw/cache") < 0)
		return;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(*h) ||
	    (uint64_t)st.st_size > ((uint64_t)1 << 34)) {
		close(fd);
		return;
	}
	size = (size_t)st.st_size;
	buf = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (buf == MAP_FAILED)
		return;
	h = (const struct cache_header *)buf;
	if (memcmp(h->magic, CACHE_MAGIC, 8) || h->version != CACHE_VERSION ||
	    h->rec_size != sizeof(struct crec) || h->strings_len == 0 ||
	    size != sizeof(*h) + (uint64_t)h->count * sizeof(struct crec) + h->strings_len ||
	    buf[size - 1] != '\0' || buf[size - h->strings_len] != '\0') {
		munmap(buf, size);
		return;
	}
	c->h = h;
	c->recs = (const struct crec *)(buf + sizeof(*h));
	c->strings = buf + sizeof(*h) + (size_t)h->count * sizeof(struct crec);
	n = h->count;
	for (size_t i = 0; i < n; i++) {
		const struct crec *e = &c->recs[i];
		uint32_t offs[] = { e->path, e->cid, e->cunit, e->title, e->search, e->vids,
				    e->speakers, e->err, e->cols, e->refs, e->facts, e->blob };

		for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++)
			if (offs[k] >= h->strings_len) {
				munmap(buf, size);
				memset(c, 0, sizeof(*c));
				return;
			}
	}
	a->cache_map = buf;
	a->cache_len = size;
	for (cap = 16; cap < n * 2; cap *= 2)
		;
	c->mask = cap - 1;
	c->by_path = calloc(cap, sizeof(uint32_t));
	c->seen = calloc(n ? n : 1, 1);
	if (!c->by_path || !c->seen) {
		cache_free(c);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t slot = c->recs[i].path_hash & c->mask;

		while (c->by_path[slot])
			slot = (slot + 1) & c->mask;
		c->by_path[slot] = (uint32_t)i + 1;
	}
}

static const struct crec *cache_by_path(struct cache *c, const char *path, size_t *index)
{
	size_t slot;

	if (!c->by_path)
		return NULL;
	for (slot = hash_str(path) & c->mask; c->by_path[slot]; slot = (slot + 1) & c->mask) {
		size_t i = c->by_path[slot] - 1;

		if (!strcmp(cache_str(c, c->recs[i].path), path)) {
			*index = i;
			return &c->recs[i];
		}
	}
	return NULL;
}

static uint32_t hash_blob(const char *blob)
{
	uint32_t h = 0;

	for (int i = 0; i < 8; i++)
		h = h * 16 + (uint32_t)(blob[i] <= '9' ? blob[i] - '0' : blob[i] - 'a' + 10);
	return h;
}

static const struct crec *cache_by_blob(struct cache *c, const char *blob)
{
	size_t slot;

	if (!c->h || !c->h->count)
		return NULL;
	if (!c->by_blob) {
		if (!(c->by_blob = calloc(c->mask + 1, sizeof(uint32_t))))
			return NULL;
		for (size_t i = 0; i < c->h->count; i++) {
			const char *b = cache_str(c, c->recs[i].blob);

			if (strnlen(b, 41) != 40)
				continue; /* never found: not a blob id */
			slot = hash_blob(b) & c->mask;
			while (c->by_blob[slot])
				slot = (slot + 1) & c->mask;
			c->by_blob[slot] = (uint32_t)i + 1;
		}
	}
	for (slot = hash_blob(blob) & c->mask; c->by_blob[slot]; slot = (slot + 1) & c->mask) {
		size_t i = c->by_blob[slot] - 1;

		if (!strcmp(cache_str(c, c->recs[i].blob), blob))
			return &c->recs[i];
	}
	return NULL;
}

static void content_from_crec(const struct cache *c, const struct crec *e, struct content *out)
{
	out->cid = cache_str(c, e->cid);
	out->cunit = cache_str(c, e->cunit);
	out->title = cache_str(c, e->title);
	out->search = cache_str(c, e->search);
	out->vids = cache_str(c, e->vids);
	out->speakers = cache_str(c, e->speakers);
	out->refs = cache_str(c, e->refs);
	out->cols = cache_str(c, e->cols);
	out->facts = cache_str(c, e->facts);
	out->err = cache_str(c, e->err);
	out->date = e->date;
	out->youth = e->youth;
	out->adult = e->adult;
	out->birth_year = e->birth_year;
	memcpy(out->publicity, e->publicity, sizeof(out->publicity));
	out->type = e->type;
	out->valid = e->valid & CREC_CONTENT;
	out->has_conflicts = e->has_conflicts;
	out->five_have = e->five_have;
	out->active = e->active;
	out->category = e->category;
	out->form = e->form;
	out->group = e->group;
	for (int k = 0; k < 2; k++) {
		out->id_pos[k] = e->id_pos[k];
		out->unit_pos[k] = e->unit_pos[k];
	}
	out->blobp = cache_str(c, e->blob); /* out->blob is left alone */
}

/* Writing: strings are laid out in four regions: the paths, which every
 * load reads; the ones a listing reads (ids, title, error, columns,
 * figures); the search texts and the rest; the blob ids, which a load that
 * meets a changed file reads to find its content elsewhere. `list --count`
 * of an unchanged ledger reads the records and the paths only. */
struct strtab {
	uint64_t off;
	FILE *f; /* NULL: only count */
};

static uint32_t strtab_put(struct strtab *t, const char *s)
{
	size_t len;
	uint64_t off;

	if (!s || !*s)
		return 0;
	len = strlen(s) + 1;
	off = t->off;
	if (t->f)
		fwrite_unlocked(s, 1, len, t->f); /* one thread: no lock per string */
	t->off += len;
	return off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
}

static void put_hot(struct strtab *t, const struct entry *e, const struct fresh *x, struct crec *c)
{
	c->cid = strtab_put(t, x->cid);
	c->cunit = strtab_put(t, x->cunit);
	c->title = strtab_put(t, e->title);
	c->err = strtab_put(t, x->err);
	c->cols = strtab_put(t, e->cols); /* small, and what `list` shows */
	c->facts = strtab_put(t, e->facts); /* small, and what `report` counts */
}

static void put_cold(struct strtab *t, const struct entry *e, struct crec *c)
{
	c->search = strtab_put(t, e->search);
	c->vids = strtab_put(t, e->volunteer_ids);
	c->speakers = strtab_put(t, e->speakers);
	c->refs = strtab_put(t, e->refs);
}

/* Temporary cache files of processes killed while writing one. */
/* Where the cache's side of the entries is. */
struct sources {
	const struct fresh *fresh;
	const struct recsrc *src; /* [0] the cache, [1 + k] spill k */
};

/* What the cache keeps of an entry beyond the entry itself: from the
 * cache record or spill it still is, or from the load. 0: not to be
 * cached. */
static int aux_get(const struct sources *s, const struct aux *x, struct fresh *out)
{
	const struct recsrc *rs;
	const struct crec *cr;

	if (x->src == AUX_FRESH) {
		*out = s->fresh[x->rec];
		return out->cached;
	}
	if (x->src == AUX_NONE)
		return 0;
	rs = &s->src[x->src - AUX_CACHE];
	cr = &rs->recs[x->rec];
	out->size = cr->size;
	out->mtime_ns = cr->mtime_ns;
	out->ctime_ns = cr->ctime_ns;
	out->ino = cr->ino;
	out->cid = rs->strings + cr->cid;
	out->cunit = rs->strings + cr->cunit;
	out->err = rs->strings + cr->err;
	for (int k = 0; k < 2; k++) {
		out->id_pos[k] = cr->id_pos[k];
		out->unit_pos[k] = cr->unit_pos[k];
	}
	out->content_valid = cr->valid & CREC_CONTENT;
	out->cached = 1;
	return 1;
}

static void crec_fill(struct crec *c, const struct entry *e, const struct fresh *x)
{
	memset(c, 0, sizeof(*c));
	c->size = x->size;
	c->mtime_ns = x->mtime_ns;
	c->ctime_ns = x->ctime_ns;
	c->ino = x->ino;
	c->date = e->date;
	c->youth = e->youth_count;
	c->adult = e->adult_count;
	c->birth_year = e->birth_year;
	memcpy(c->publicity, e->publicity, sizeof(c->publicity));
	c->type = (uint8_t)e->type;
	c->valid = (uint8_t)((x->content_valid ? CREC_CONTENT : 0) | (e->valid ? CREC_ENTRY : 0));
	c->has_conflicts = e->has_conflicts;
	c->five_have = e->five_have;
	c->active = e->active;
	c->category = e->category;
	c->form = e->form;
	c->group = e->group;
	for (int k = 0; k < 2; k++) {
		c->id_pos[k] = (uint16_t)(x->id_pos[k] > 65535 ? 0 : x->id_pos[k]);
		c->unit_pos[k] = (uint16_t)(x->unit_pos[k] > 65535 ? 0 : x->unit_pos[k]);
	}
	c->path_hash = hash_str(e->path);
}

/* Entry i is written: cached, and fresh if only_fresh. */
static int emits(const struct sources *s, const struct aux *x, int only_fresh, struct fresh *out)
{
	return (!only_fresh || x->src == AUX_FRESH) && aux_get(s, x, out);
}

/* The four string regions of the entries written, one after the other
 * from paths->off (with the files NULL: only counted). */
static size_t put_strings(const struct ledger *l, const struct sources *s, const struct aux *aux,
			  int only_fresh, struct strtab *paths, struct strtab *hot,
			  struct strtab *cold, struct strtab *blobs)
{
	struct fresh x;
	struct crec c;
	size_t count = 0;

	for (size_t i = 0; i < l->n; i++)
		if (emits(s, &aux[i], only_fresh, &x)) {
			count++;
			c.path = strtab_put(paths, l->v[i].path);
		}
	hot->off = paths->off;
	for (size_t i = 0; i < l->n; i++)
		if (emits(s, &aux[i], only_fresh, &x))
			put_hot(hot, &l->v[i], &x, &c);
	cold->off = hot->off;
	for (size_t i = 0; i < l->n; i++)
		if (emits(s, &aux[i], only_fresh, &x))
			put_cold(cold, &l->v[i], &c);
	/* the blob ids last, together: finding a file's content by its blob
	 * reads them and nothing else */
	blobs->off = cold->off;
	for (size_t i = 0; i < l->n; i++)
		if (emits(s, &aux[i], only_fresh, &x))
			c.blob = strtab_put(blobs, l->v[i].blob);
	return count;
}

/* Header, records and strings of the entries to cache (only the fresh
 * ones if only_fresh) to f. 0, or -1 if they do not fit in the format. */
static int cache_emit(FILE *f, const struct ledger *l, const struct sources *s,
		      const struct aux *aux, int only_fresh, int64_t stamp_ns)
{
	struct cache_header h;
	struct strtab paths = { 1, NULL }, hot = { 0, NULL }, cold = { 0, NULL }, blobs = { 0, NULL };
	struct fresh x;
	struct crec c;
	size_t count;

	/* Pass 1: sizes. Stray and oversized files are not cached: looked
	 * at again every time. */
	count = put_strings(l, s, aux, only_fresh, &paths, &hot, &cold, &blobs);
	if (blobs.off >= UINT32_MAX)
		return -1;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CACHE_MAGIC, 8);
	h.version = CACHE_VERSION;
	h.rec_size = sizeof(struct crec);
	h.count = (uint32_t)count;
	h.strings_len = blobs.off;
	h.stamp_ns = stamp_ns;
	fwrite(&h, sizeof(h), 1, f);
	/* Pass 2: records, with the offsets the strings will have. */
	blobs.off = cold.off;
	cold.off = hot.off;
	hot.off = paths.off;
	paths.off = 1;
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];

		if (!emits(s, &aux[i], only_fresh, &x))
			continue;
		crec_fill(&c, e, &x);
		c.path = strtab_put(&paths, e->path);
		put_hot(&hot, e, &x, &c);
		put_cold(&cold, e, &c);
		c.blob = strtab_put(&blobs, e->blob);
		fwrite_unlocked(&c, sizeof(c), 1, f);
	}
	/* Pass 3: the strings themselves. */
	fputc('\0', f);
	paths.off = 1;
	paths.f = hot.f = cold.f = blobs.f = f;
	put_strings(l, s, aux, only_fresh, &paths, &hot, &cold, &blobs);
	return 0;
}

/* durable 0: no fsync, for a caller that syncs the whole file system
 * before anyone may read the cache (a clone, see ledger_load_seeded). */
static void cache_write(struct repo *r, const struct ledger *l, const struct sources *s,
			const struct aux *aux, int64_t stamp_ns, int durable)
{
	char path[4096], tmp[4200];
	FILE *f;

	if (path_join(path, sizeof(path), repo_gitdir(r), "ggw/cache") < 0 || mkdir_parents(path, NULL) < 0 ||
	    !(f = cache_file_begin(path, tmp, sizeof(tmp))))
		return;
	cache_file_end(f, tmp, path, cache_emit(f, l, s, aux, 0, stamp_ns) == 0, durable);
}

/* ---- summarising a parsed record ---- */

static void join_list(struct sbuf *b, const struct node *n, const char *sep)
{
	if (!n)
		return;
	if (n->kind == NODE_SCALAR) {
		sb_add(b, n->str);
		return;
	}
	if (n->kind != NODE_SEQ)
		return;
	for (size_t i = 0; i < n->count; i++) {
		if (n->kids[i].kind != NODE_SCALAR)
			continue;
		if (i)
			sb_add(b, sep);
		sb_add(b, n->kids[i].str);
	}
}

static int parse_int(const char *s, int dflt)
{
	char *end;
	long v;

	if (!s || !*s)
		return dflt;
	v = strtol(s, &end, 10);
	if (*end || v < -2000000000L || v > 2000000000L)
		return dflt;
	return (int)v;
}

static const char *arena_sb(struct arena *a, struct sbuf *b)
{
	const char *s = b->len ? arena_strndup(a, b->s, b->len) : "";

	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
	return s;
}

/* The raw value of each list column not taken from the entry itself, each
 * followed by '\x1f' (output.c shows them by field type). */
static void list_values(struct sbuf *b, enum record_type t, const struct node *rec)
{
	const struct record_type_def *d = record_type_def(t);
	const struct list_column *col;

	for (col = d ? d->columns : NULL; col && col->key; col++) {
		const struct field_def *f = field_find(d->fields, col->key);
		const char *dot = strchr(col->key, '.');
		const struct node *v;
		char group[64], *txt;

		if (!f || !strcmp(col->key, "id") || f->type == FT_UNIT ||
		    (d->title_field && !strcmp(col->key, d->title_field)) ||
		    (d->date_field && !strcmp(col->key, d->date_field))) {
			sb_add(b, "\x1f");
			continue;
		}
		if (dot) {
			snprintf(group, sizeof(group), "%.*s", (int)(dot - col->key), col->key);
			v = node_map_get(node_map_get(rec, group), dot + 1);
		} else
			v = node_map_get(rec, col->key);
		if (f->type == FT_GROUP) {
			int mask = record_group_mask(f, rec), n = 0;
			char num[16];

			for (; mask; mask >>= 1)
				n += mask & 1;
			snprintf(num, sizeof(num), "%d", n);
			sb_add(b, num);
		} else if (v && (txt = node_text(v))) {
			for (char *p = txt; *p; p++)
				if (*p == '\n' || *p == '\r' || *p == '\t' || *p == '\x1f')
					*p = ' ';
			sb_add(b, txt);
			free(txt);
		}
		sb_add(b, "\x1f");
	}
}

/* What only activities and volunteers have: the report's counts and the
 * interface's columns. */
static void summarise_activity(struct arena *a, const struct node *rec, struct content *c,
			       struct sbuf *b)
{
	const struct node *n;
	const char *s;

	if ((s = node_map_str(rec, "category")))
		c->category = enum_index(enum_category, s);
	if ((s = node_map_str(rec, "form")))
		c->form = enum_index(enum_form, s);
	c->youth = parse_int(node_map_str(rec, "youth_count"), 0);
	c->adult = parse_int(node_map_str(rec, "adult_count"), 0);
	c->five_have = activity_five_have_mask(rec);
	if ((n = node_map_get(rec, "publicity")) && n->kind == NODE_SEQ)
		for (size_t i = 0; i < n->count; i++) {
			int lv = (s = node_map_str(&n->kids[i], "level")) ? enum_index(enum_level, s) : -1;

			if (lv >= 0 && lv < LEVEL_COUNT && c->publicity[lv] < 65535)
				c->publicity[lv]++;
		}
	join_list(b, node_map_get(rec, "volunteers"), " ");
	c->vids = arena_sb(a, b);
	join_list(b, node_map_get(rec, "speakers"), "、");
	c->speakers = arena_sb(a, b);
}

static void summarise_volunteer(const struct node *rec, struct content *c)
{
	const char *s;

	if ((s = node_map_str(rec, "group")))
		c->group = enum_index(enum_group, s);
	c->birth_year = parse_int(node_map_str(rec, "birth_year"), 0);
	if ((s = node_map_str(rec, "active")) && !strcmp(s, "false"))
		c->active = 0;
}

/* "field=id" for every id of the FT_REF and FT_IDLIST fields but an
 * activity's volunteers (those are volunteer_ids), joined by ' '. */
static void cited_ids(struct sbuf *b, enum record_type t, const struct node *rec)
{
	const struct field_def *f;
	const struct node *v;

	for (f = record_fields(t); f && f->key; f++) {
		if ((f->type != FT_REF && f->type != FT_IDLIST) || !(v = node_map_get(rec, f->key)) ||
		    (t == REC_ACTIVITY && !strcmp(f->key, "volunteers")))
			continue;
		for (size_t i = 0; i < (v->kind == NODE_SEQ ? v->count : 1); i++) {
			const struct node *it = v->kind == NODE_SEQ ? &v->kids[i] : v;

			if (it->kind != NODE_SCALAR || !it->str || !*it->str || strchr(it->str, ' '))
				continue;
			if (b->len)
				sb_add(b, " ");
			sb_add(b, f->key);
			sb_add(b, "=");
			sb_add(b, it->str);
		}
	}
}

/* Fill c from a valid-or-not parsed record. Strings go to the arena. */
static int summarise(struct arena *a, enum record_type t, const struct node *rec,
		     struct content *c)
{
	const struct field_def *f;
	struct sbuf b = { 0 };
	const char *s, *title = record_title_field(t), *date = record_date_field(t);
	const struct node *n;
	int rc = 0;

	c->cid = arena_strdup(a, (s = node_map_str(rec, "id")) ? s : "");
	c->cunit = arena_strdup(a, (s = node_map_str(rec, "unit")) ? s : "");
	/* where `ggw check` points when they disagree with the path */
	if ((n = node_map_get(rec, "id")) && n->line > 0) {
		c->id_pos[0] = n->line;
		c->id_pos[1] = n->col;
	}
	if ((n = node_map_get(rec, "unit")) && n->line > 0) {
		c->unit_pos[0] = n->line;
		c->unit_pos[1] = n->col;
	}
	c->title = arena_strdup(a, title && (s = node_map_str(rec, title)) ? s : "");
	for (f = record_fields(t); f && f->key; f++) {
		if (!(f->flags & F_SEARCH) || !(n = node_map_get(rec, f->key)))
			continue;
		if (b.len)
			sb_add(&b, "\n");
		join_list(&b, n, "、");
	}
	c->search = arena_sb(a, &b);
	c->category = c->form = c->group = -1;
	c->active = 1;
	c->date = date && (s = node_map_str(rec, date)) ? date_parse(s) : 0;
	if (c->date < 0)
		c->date = 0;
	c->vids = c->speakers = "";
	cited_ids(&b, t, rec);
	c->refs = arena_sb(a, &b);
	if (t == REC_ACTIVITY)
		summarise_activity(a, rec, c, &b);
	else if (t == REC_VOLUNTEER)
		summarise_volunteer(rec, c);
	list_values(&b, t, rec);
	c->cols = arena_sb(a, &b);
	facts_build(&b, t, rec);
	c->facts = arena_sb(a, &b);
	c->has_conflicts = record_has_conflicts(rec) ? 1 : 0;
	if (b.failed || !c->cid || !c->cunit || !c->title || !c->search || !c->vids ||
	    !c->speakers || !c->cols || !c->refs || !c->facts)
		rc = -1;
	free(b.s);
	return rc;
}

static const char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char buf[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return arena_strdup(a, buf);
}

/* Parse bytes and summarise; c->blob is already set. */
static int examine(struct arena *a, const char *path, enum record_type path_type,
		   const char *buf, size_t len, struct content *c)
{
	struct node rec;
	struct ggw_error err = { 0, "" };
	struct problems probs = { 0 };
	char blob[41];
	int type;

	memcpy(blob, c->blob, sizeof(blob));
	memset(c, 0, sizeof(*c));
	memcpy(c->blob, blob, sizeof(blob));
	c->type = path_type;
	c->category = c->form = c->group = -1;
	c->active = 1;
	c->cid = c->cunit = c->title = c->search = c->vids = c->speakers = c->err = c->cols = "";
	c->refs = c->facts = "";
	if (yaml_parse(path, buf, len, &rec, &err) < 0) {
		/* yaml_parse says "path:line:col: reason"; keep what follows path. */
		size_t pl = strlen(path);
		const char *tail = err.msg;

		if (!strncmp(tail, path, pl) && tail[pl] == ':')
			tail += pl + 1;
		c->err = arena_strdup(a, tail);
		return c->err ? 0 : -1;
	}
	type = record_type_from_schema(node_map_str(&rec, "schema"));
	if (type != (int)path_type) {
		const struct node *sn = node_map_get(&rec, "schema");

		c->err = arena_printf(a, "%d:%d: %s", sn && sn->line ? sn->line : 1,
				      sn && sn->line ? sn->col : 1,
				      sn ? _("schema 与文件所在的文件夹不符")
					 : _("缺少 schema（记录类型）"));
		node_free(&rec);
		return c->err ? 0 : -1;
	}
	if (summarise(a, path_type, &rec, c) < 0) {
		node_free(&rec);
		return -1;
	}
	if (record_validate(path_type, &rec, &probs) > 0) {
		const struct problem *p = &probs.v[0];

		c->err = probs.n > 1 ? arena_printf(a, _("%d:%d: %s（另有 %zu 个问题）"), p->line ? p->line : 1,
						    p->line ? p->col : 1, p->msg, probs.n - 1)
				     : arena_printf(a, "%d:%d: %s", p->line ? p->line : 1,
						    p->line ? p->col : 1, p->msg);
	} else
		c->valid = 1;
	problems_free(&probs);
	node_free(&rec);
	return c->err ? 0 : -1;
}

/* ---- the walk ---- */

/* Files whose content must be parsed are read during the walk and parsed
 * in batches by several threads, each into an arena of its own (spliced
 * into the ledger's afterwards); the entries are finished in walk order
 * by the loading thread. */
struct pending {
	size_t entry;            /* index into ledger.v */
	enum record_type type;
	size_t off, len;         /* content in batch.bytes */
	const char *file_id, *unit, *year; /* in the scratch arena */
	struct content c;
	int rc;
};

struct batch {
	struct pending *v;
	size_t n, cap;
	char *bytes;
	size_t used, bytes_cap;
	int threads;
};

struct loader {
	struct ledger *l;
	struct arena *a;
	struct cache cache;
	struct aux *aux;
	size_t cap;
	struct fresh *fresh; /* what changed since the cache (struct aux) */
	size_t nfresh, capfresh;
	struct arena *scratch; /* the strings of fresh entries, until spilled */
	struct recsrc *srcs;   /* [0] the cache, [1 + k] spill k */
	size_t nspill;
	size_t spill_budget;   /* spill when scratch holds more (0: never) */
	int64_t cache_stamp, now_ns;
	char *buf; /* file contents, YAML_MAX_BYTES + 1 */
	int dirty;
	struct batch batch; /* files to parse, on several cores */
	struct cache_journal journal; /* files ggw wrote since the cache */
	struct statahead *sa; /* the cache's files stat'ed on a second core */
	struct ledger_seed *seed; /* records parsed as a clone wrote them */
};

#define BATCH_FILES 2048
#define BATCH_BYTES ((size_t)4 << 20)

struct worker {
	struct batch *b;
	struct ledger *l;
	struct arena arena;
	int index, step;
};

static void *parse_some(void *data)
{
	struct worker *w = data;

	for (size_t i = (size_t)w->index; i < w->b->n; i += (size_t)w->step) {
		struct pending *p = &w->b->v[i];

		p->rc = examine(&w->arena, w->l->v[p->entry].path, p->type, w->b->bytes + p->off,
				p->len, &p->c);
	}
	return NULL;
}

/* Hand a worker's chunks to the ledger's arena. */
static void arena_splice(struct arena *into, struct arena *from)
{
	struct chunk *last = from->head;

	if (!last)
		return;
	while (last->next)
		last = last->next;
	last->next = into->head;
	into->head = from->head;
	into->bytes += from->bytes;
	from->head = NULL;
	from->bytes = 0;
}

static int settle(struct loader *ld, size_t idx, struct content *c, const char *file_id,
		  const char *unit, const char *year);
static int examine(struct arena *a, const char *path, enum record_type path_type,
		   const char *buf, size_t len, struct content *c);

static int batch_flush(struct loader *ld)
{
	struct batch *b = &ld->batch;
	struct worker w[4];
	pthread_t tid[4];
	int nt = b->n >= 64 ? b->threads : 1, started = 1, rc = 0;

	memset(w, 0, sizeof(w));
	for (int k = 0; k < nt; k++)
		w[k] = (struct worker){ .b = b, .l = ld->l, .index = k, .step = nt };
	for (int k = 1; k < nt; k++, started++)
		if (quiet_thread_start(&tid[k], NULL, parse_some, &w[k]) != 0)
			break;
	if (started < nt) /* no thread: the rest here */
		for (int k = started; k < nt; k++)
			parse_some(&w[k]);
	parse_some(&w[0]);
	for (int k = 1; k < started; k++)
		pthread_join(tid[k], NULL);
	for (int k = 0; k < nt; k++)
		arena_splice(ld->scratch, &w[k].arena);
	for (size_t i = 0; i < b->n && rc == 0; i++) {
		struct pending *p = &b->v[i];

		rc = p->rc < 0 ? -1 : settle(ld, p->entry, &p->c, p->file_id, p->unit, p->year);
	}
	b->n = 0;
	b->used = 0;
	return rc;
}

static int batch_add(struct loader *ld, size_t entry, enum record_type t, const char *buf,
		     size_t len, const char *blob, const char *file_id, const char *unit,
		     const char *year)
{
	struct batch *b = &ld->batch;
	struct pending *p;

	if ((b->n == b->cap || b->used + len > b->bytes_cap) && batch_flush(ld) < 0)
		return -1;
	if (len > b->bytes_cap) {
		char *nb = realloc(b->bytes, len);

		if (!nb)
			return -1;
		b->bytes = nb;
		b->bytes_cap = len;
	}
	p = &b->v[b->n];
	memset(p, 0, sizeof(*p));
	p->entry = entry;
	p->type = t;
	p->off = b->used;
	p->len = len;
	memcpy(b->bytes + b->used, buf, len);
	b->used += len;
	memcpy(p->c.blob, blob, sizeof(p->c.blob));
	p->unit = unit;
	if (!(p->file_id = arena_strdup(ld->scratch, file_id)) ||
	    (year && !(p->year = arena_strdup(ld->scratch, year))))
		return -1;
	b->n++;
	return 0;
}

static int batch_init(struct batch *b)
{
	long cpus = usable_cores();

	memset(b, 0, sizeof(*b));
	if (cpus < 2)
		return 0; /* one core: parse in place */
	b->threads = cpus > 4 ? 4 : (int)cpus;
	if (!(b->v = malloc(BATCH_FILES * sizeof(*b->v))) || !(b->bytes = malloc(BATCH_BYTES))) {
		free(b->v);
		b->v = NULL;
		return -1;
	}
	b->cap = BATCH_FILES;
	b->bytes_cap = BATCH_BYTES;
	return 0;
}

static void batch_free(struct batch *b)
{
	free(b->v);
	free(b->bytes);
	memset(b, 0, sizeof(*b));
}

static struct entry *new_entry(struct loader *ld, struct aux **x)
{
	if (ld->l->n == ld->cap) {
		size_t cap = ld->cap ? ld->cap * 2 : ld->cache.h ? ld->cache.h->count + 256 : 1024;
		struct entry *v = realloc(ld->l->v, cap * sizeof(*v));
		struct aux *ax;

		if (!v)
			return NULL;
		ld->l->v = v;
		if (!(ax = realloc(ld->aux, cap * sizeof(*ax))))
			return NULL;
		ld->aux = ax;
		ld->cap = cap;
	}
	*x = &ld->aux[ld->l->n];
	memset(*x, 0, sizeof(**x));
	memset(&ld->l->v[ld->l->n], 0, sizeof(struct entry));
	return &ld->l->v[ld->l->n++];
}

static int64_t stat_mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* ---- seeds: records parsed as a fresh clone wrote them ---- */

#define SEED_MAX_WORKERS 8
/* A seed holds every string of its records until the load: past this many
 * (about 60 MB), the load reads the rest itself and may spill them, so a
 * clone of a million records stays within 512 MB. */
#define SEED_MAX_RECORDS ((size_t)150000)

struct seed_rec {
	const char *path;
	uint64_t size, mtime_ns, ctime_ns, ino;
	struct content c;
};

struct seed_part {
	struct arena arena;
	struct seed_rec *v;
	size_t n, cap;
};

struct ledger_seed {
	int workers;
	struct seed_part part[SEED_MAX_WORKERS];
	struct seed_rec **all; /* by path: open addressing, NULL empty */
	size_t mask;
};

struct ledger_seed *ledger_seed_new(int workers)
{
	struct ledger_seed *s = calloc(1, sizeof(*s));

	if (s)
		s->workers = workers < 1 ? 1 : workers > SEED_MAX_WORKERS ? SEED_MAX_WORKERS : workers;
	return s;
}

int ledger_seed_add(struct ledger_seed *s, int worker, const char *path, const char *buf,
		    size_t len, const char *blob, const struct stat *st)
{
	struct seed_part *p;
	struct seed_rec *r;
	enum record_type t;
	char unit[64], id[64];

	if (!s || worker < 0 || worker >= s->workers || len > YAML_MAX_BYTES ||
	    strlen(path) >= 4096 || record_path_parse(path, &t, unit, id) != 0 ||
	    s->part[worker].n >= SEED_MAX_RECORDS / (size_t)s->workers)
		return 0; /* the load looks at it as usual */
	p = &s->part[worker];
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;
		struct seed_rec *v = realloc(p->v, cap * sizeof(*v));

		if (!v)
			return -1;
		p->v = v;
		p->cap = cap;
	}
	r = &p->v[p->n];
	memset(r, 0, sizeof(*r));
	if (!(r->path = arena_strdup(&p->arena, path)))
		return -1;
	r->size = (uint64_t)st->st_size;
	r->mtime_ns = (uint64_t)stat_mtime_ns(st);
	r->ctime_ns = (uint64_t)((int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec);
	r->ino = (uint64_t)st->st_ino;
	memcpy(r->c.blob, blob, 40);
	r->c.blob[40] = '\0';
	if (examine(&p->arena, r->path, t, buf, len, &r->c) < 0)
		return -1;
	p->n++;
	return 0;
}

void ledger_seed_free(struct ledger_seed *s)
{
	if (!s)
		return;
	for (int k = 0; k < SEED_MAX_WORKERS; k++) {
		struct chunk *c, *next;

		for (c = s->part[k].arena.head; c; c = next) {
			next = c->next;
			free(c);
		}
		free(s->part[k].v);
	}
	free(s->all);
	free(s);
}

/* The table by path, once every worker is done. */
static int seed_index(struct ledger_seed *s)
{
	size_t n = 0, size = 1024;

	for (int k = 0; k < s->workers; k++)
		n += s->part[k].n;
	while (size < 2 * n)
		size *= 2;
	if (!(s->all = calloc(size, sizeof(*s->all))))
		return -1;
	s->mask = size - 1;
	for (int k = 0; k < s->workers; k++)
		for (size_t i = 0; i < s->part[k].n; i++) {
			struct seed_rec *r = &s->part[k].v[i];
			size_t slot = hash_str(r->path) & s->mask;

			while (s->all[slot])
				slot = (slot + 1) & s->mask;
			s->all[slot] = r;
		}
	return 0;
}

/* The seed's record for this path, or NULL. */
static const struct seed_rec *seed_by_path(const struct ledger_seed *s, const char *path)
{
	if (!s || !s->all)
		return NULL;
	for (size_t slot = hash_str(path) & s->mask; s->all[slot]; slot = (slot + 1) & s->mask)
		if (!strcmp(s->all[slot]->path, path))
			return s->all[slot];
	return NULL;
}

/* The seed's record r (of this file, or NULL) if its stat data is still
 * the one noted when it was written. */
static const struct seed_rec *seed_same(const struct seed_rec *r, enum record_type t,
					const struct fresh *x)
{
	if (!r || (int)t != r->c.type || r->size != x->size || r->mtime_ns != x->mtime_ns ||
	    r->ino != x->ino || r->ctime_ns != x->ctime_ns)
		return NULL;
	return r;
}

/* The stat data a clone noted as it wrote the file (a regular file: it
 * made it with O_EXCL). */
static void stat_from_seed(const struct seed_rec *r, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG;
	st->st_size = (off_t)r->size;
	st->st_ino = (ino_t)r->ino;
	st->st_mtim.tv_sec = (time_t)((int64_t)r->mtime_ns / 1000000000);
	st->st_mtim.tv_nsec = (long)((int64_t)r->mtime_ns % 1000000000);
	st->st_ctim.tv_sec = (time_t)((int64_t)r->ctime_ns / 1000000000);
	st->st_ctim.tv_nsec = (long)((int64_t)r->ctime_ns % 1000000000);
}

static int read_at(int dirfd, const char *name, char *buf, size_t max, size_t *len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	size_t got = 0;

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t k = read(fd, buf + got, max - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			close(fd);
			return -1;
		}
		if (k == 0)
			break;
		got += (size_t)k;
		if (got == max)
			break;
	}
	close(fd);
	*len = got;
	return 0;
}

/* The fields of e its content gives. */
static int entry_fill(struct loader *ld, struct entry *e, const struct content *c,
		      const char *file_id, const char *dir_unit)
{
	e->type = c->type;
	e->id = file_id;
	e->unit = dir_unit;
	e->title = c->title;
	e->search = c->search;
	e->date = c->date;
	e->category = (signed char)c->category;
	e->form = (signed char)c->form;
	e->group = (signed char)c->group;
	e->youth_count = c->youth;
	e->adult_count = c->adult;
	e->birth_year = c->birth_year;
	memcpy(e->publicity, c->publicity, sizeof(e->publicity));
	e->volunteer_ids = c->vids;
	e->speakers = c->speakers;
	e->refs = c->refs;
	e->cols = c->cols;
	e->facts = c->facts;
	e->five_have = (unsigned char)c->five_have;
	e->active = (unsigned char)c->active;
	e->has_conflicts = (unsigned char)c->has_conflicts;
	e->blob = c->blobp ? c->blobp : arena_strndup(ld->scratch, c->blob, strlen(c->blob));
	return e->blob ? 0 : -1;
}

/* Set the final fields of e from its content and its place in the tree. */
static int finish_entry(struct loader *ld, struct entry *e, const struct content *c,
			const char *file_id, const char *dir_unit, const char *year)
{
	struct arena *a = ld->a;

	if (entry_fill(ld, e, c, file_id, dir_unit) < 0)
		return -1;
	e->valid = 0;
	e->error = NULL;
	if (!c->valid)
		e->error = arena_printf(a, "%s:%s", e->path, c->err);
	else if (strcmp(c->cid, file_id))
		e->error = arena_printf(a, _("%s:%d:%d: 编号 %s 与文件名 %s 不一致"), e->path,
					c->id_pos[0] ? c->id_pos[0] : 1, c->id_pos[0] ? c->id_pos[1] : 1,
					c->cid, file_id);
	else if (strcmp(c->cunit, dir_unit))
		e->error = arena_printf(a, _("%s:%d:%d: 单位 %s 与所在文件夹 %s 不一致"), e->path,
					c->unit_pos[0] ? c->unit_pos[0] : 1,
					c->unit_pos[0] ? c->unit_pos[1] : 1, c->cunit, dir_unit);
	else if (year && record_type_def(e->type)->id_kind == ID_DATED && strncmp(file_id, year, 4))
		e->error = arena_printf(a, _("%s:%d:%d: 编号 %s 与年份文件夹 %s 不一致"), e->path,
					c->id_pos[0] ? c->id_pos[0] : 1, c->id_pos[0] ? c->id_pos[1] : 1,
					file_id, year);
	else
		e->valid = 1;
	if (!e->valid && e->date == 0 && record_type_def(e->type)->id_kind == ID_DATED &&
	    record_type_id_valid(e->type, file_id))
		e->date = (int)strtol(file_id, NULL, 10);
	if (!e->valid) {
		ld->l->n_invalid++;
		if (!e->error)
			return -1;
	}
	return 0;
}

/* A fresh aux record for entry idx (zeroed), or NULL. */
static struct fresh *fresh_new(struct loader *ld, size_t idx)
{
	if (ld->nfresh == ld->capfresh) {
		size_t cap = ld->capfresh ? ld->capfresh * 2 : 256;
		struct fresh *v = cap < UINT32_MAX ? realloc(ld->fresh, cap * sizeof(*v)) : NULL;

		if (!v)
			return NULL;
		ld->fresh = v;
		ld->capfresh = cap;
	}
	memset(&ld->fresh[ld->nfresh], 0, sizeof(*ld->fresh));
	ld->aux[idx].src = AUX_FRESH;
	ld->aux[idx].rec = (uint32_t)ld->nfresh;
	return &ld->fresh[ld->nfresh++];
}

/* A record's entry from its content: the cache's side of it in the aux
 * data (unless it is its cache record, unchanged), then the entry itself. */
static int settle(struct loader *ld, size_t idx, struct content *c, const char *file_id,
		  const char *unit, const char *year)
{
	struct aux *ax = &ld->aux[idx];
	struct fresh *x = ax->src == AUX_FRESH ? &ld->fresh[ax->rec] : NULL;
	const char *fid;

	if (!x)
		goto entry; /* AUX_CACHE: the cache record says it all */
	x->cid = c->cid;
	x->cunit = c->cunit;
	for (int k = 0; k < 2; k++) {
		x->id_pos[k] = c->id_pos[k];
		x->unit_pos[k] = c->unit_pos[k];
	}
	x->err = c->err;
	x->content_valid = (unsigned char)c->valid;
	x->cached = 1;
entry:
	if (c->valid && !strcmp(c->cid, file_id))
		fid = c->cid; /* shared with the cache: no copy */
	else if (!(fid = arena_strdup(ld->a, file_id)))
		return -1;
	return finish_entry(ld, &ld->l->v[idx], c, fid, unit, year);
}

/* A .yaml file that is not where a record belongs, or not named like one. */
static int stray(struct loader *ld, enum record_type t, const char *path, const char *unit,
		 const char *why)
{
	struct aux *x;
	struct entry *e = new_entry(ld, &x);
	const char *name = strrchr(path, '/');

	if (!e)
		return -1;
	e->path = arena_strdup(ld->a, path);
	e->type = t;
	name = name ? name + 1 : path;
	e->id = arena_strndup(ld->a, name, strlen(name) - 5);
	e->unit = unit;
	e->title = e->search = e->volunteer_ids = e->speakers = e->cols = e->refs = "";
	e->facts = "";
	e->category = e->form = e->group = -1;
	e->error = arena_printf(ld->a, "%s:1:1: %s", path, why);
	e->blob = "";
	/* Not cached (no aux): looked at again every load. */
	ld->l->n_invalid++;
	return e->path && e->id && e->error ? 0 : -1;
}

static int ends_with_yaml(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".yaml");
}

static int is_dir_at(int dirfd, const struct dirent *d)
{
	struct stat st;

	if (d->d_type == DT_DIR)
		return 1;
	if (d->d_type != DT_UNKNOWN)
		return 0;
	return fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/* Stat-ahead (storage/statahead.h): the helper thread's view of the cache.
 * A file matches when record_file below would take it from the cache
 * unread: same size, times and inode, and older than the cache. */
static const char *sa_path(void *ctx, size_t i)
{
	const struct loader *ld = ctx;

	return cache_str(&ld->cache, ld->cache.recs[i].path);
}

static int sa_judge(void *ctx, size_t i, const struct stat *st)
{
	const struct loader *ld = ctx;
	const struct crec *cr = &ld->cache.recs[i];
	int64_t mt = stat_mtime_ns(st);
	int64_t ct = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;

	return cr->size == (uint64_t)st->st_size && cr->mtime_ns == (uint64_t)mt &&
	       cr->ino == (uint64_t)st->st_ino && cr->ctime_ns == (uint64_t)ct &&
	       mt < ld->cache_stamp && ct < ld->cache_stamp;
}

/* The stat data the helper judged equal to the cache's. */
static void stat_from_crec(const struct crec *cr, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG;
	st->st_size = (off_t)cr->size;
	st->st_ino = (ino_t)cr->ino;
	/* Any split whose sum is the cached value gives it back (even before 1970). */
	st->st_mtim.tv_sec = (time_t)((int64_t)cr->mtime_ns / 1000000000);
	st->st_mtim.tv_nsec = (long)((int64_t)cr->mtime_ns % 1000000000);
	st->st_ctim.tv_sec = (time_t)((int64_t)cr->ctime_ns / 1000000000);
	st->st_ctim.tv_nsec = (long)((int64_t)cr->ctime_ns % 1000000000);
}

/* A file too large to read: an entry with its error, never cached. */
static int oversized(struct loader *ld, struct entry *e, const struct stat *st, enum record_type t,
		     const char *file_id, const char *unit, const char *year)
{
	struct content c;
	const char *fid;

	ld->dirty = 1;
	memset(&c, 0, sizeof(c));
	c.type = t;
	c.cid = c.cunit = c.title = c.search = c.vids = c.speakers = c.cols = c.refs = "";
	c.facts = "";
	c.category = c.form = c.group = -1;
	c.err = arena_printf(ld->a, _("1:1: 文件太大（%lld 字节，最多 %d）"), (long long)st->st_size,
			     YAML_MAX_BYTES);
	c.blob[0] = '\0';
	c.blobp = "";
	if (!(fid = arena_strdup(ld->a, file_id)))
		return -1;
	return finish_entry(ld, e, &c, fid, unit, year);
}

static int record_file(struct loader *ld, int dirfd, const char *name, const char *relpath,
		       enum record_type t, const char *unit, const char *year)
{
	struct stat st;
	struct aux *x;
	struct fresh *fx;
	struct entry *e;
	struct content c;
	const struct crec *cr, *hit;
	const struct seed_rec *sd = NULL;
	size_t ci = 0, len = 0, idx;
	char file_id[64];
	uint64_t ctime_ns;
	int64_t mt;

	cr = cache_by_path(&ld->cache, relpath, &ci);
	if (cr && statahead_match(ld->sa, ci))
		stat_from_crec(cr, &st); /* the helper found it as the cache has it */
	else if (!cr && (sd = seed_by_path(ld->seed, relpath)))
		/* Written by this clone a moment ago: the cache keeps the stat
		 * data and content of that moment, so a file changed since is
		 * read again by the next load, as any file changed after one. */
		stat_from_seed(sd, &st);
	else if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0; /* vanished meanwhile */
	if (!S_ISREG(st.st_mode))
		return stray(ld, t, relpath, unit, _("不是普通文件"));
	if (!(e = new_entry(ld, &x)))
		return -1;
	idx = (size_t)(e - ld->l->v);
	memcpy(file_id, name, strlen(name) - 5); /* callers checked: < 64 */
	file_id[strlen(name) - 5] = '\0';
	mt = stat_mtime_ns(&st);
	ctime_ns = (uint64_t)((int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec);
	if (cr) {
		e->path = cache_str(&ld->cache, cr->path);
		ld->cache.seen[ci] = 1;
	} else if (!(e->path = arena_strdup(ld->scratch, relpath)))
		return -1;
	if (cr && cr->size == (uint64_t)st.st_size && cr->mtime_ns == (uint64_t)mt &&
	    cr->ino == (uint64_t)st.st_ino && cr->ctime_ns == ctime_ns && mt < ld->cache_stamp &&
	    (int64_t)ctime_ns < ld->cache_stamp) {
		x->src = AUX_CACHE; /* unchanged: the cache record is all */
		x->rec = (uint32_t)ci;
		content_from_crec(&ld->cache, cr, &c);
		if (!(cr->valid & CREC_ENTRY))
			return settle(ld, idx, &c, file_id, unit, year);
		/* valid here before: its id and unit are as the path says,
		 * no need to read them */
		e->valid = 1;
		return entry_fill(ld, e, &c, c.cid, unit);
	}
	if (!(fx = fresh_new(ld, idx)))
		return -1;
	fx->size = (uint64_t)st.st_size;
	fx->mtime_ns = (uint64_t)mt;
	fx->ctime_ns = ctime_ns;
	fx->ino = (uint64_t)st.st_ino;
	if (st.st_size > YAML_MAX_BYTES) /* fx->cached stays 0 */
		return !cr && !(e->path = arena_strdup(ld->a, relpath)) ? -1
		       : oversized(ld, e, &st, t, file_id, unit, year);
	if ((sd = seed_same(sd, t, fx))) {
		c = sd->c; /* parsed as the clone wrote it */
		ld->dirty = 1;
		ld->l->n_parsed++;
		return settle(ld, idx, &c, file_id, unit, year);
	}
	if (read_at(dirfd, name, ld->buf, YAML_MAX_BYTES + 1, &len) < 0) {
		ld->l->n--;
		ld->nfresh--;
		return 0; /* unreadable now: vanished */
	}
	memset(&c, 0, sizeof(c));
	repo_hash_blob(ld->buf, len, c.blob);
	if (cr && !strcmp(cache_str(&ld->cache, cr->blob), c.blob)) {
		content_from_crec(&ld->cache, cr, &c);
		/* Racy but unchanged: rewrite only once the file is old
		 * enough to leave the racy window. */
		if (cr->mtime_ns != fx->mtime_ns || cr->size != fx->size || cr->ino != fx->ino ||
		    cr->ctime_ns != fx->ctime_ns || mt < ld->now_ns - 2000000000LL)
			ld->dirty = 1;
	} else if ((hit = cache_by_blob(&ld->cache, c.blob)) && hit->type == t) {
		content_from_crec(&ld->cache, hit, &c);
		ld->dirty = 1;
	} else {
		ld->dirty = 1;
		ld->l->n_parsed++;
		if (ld->batch.cap)
			return batch_add(ld, idx, t, ld->buf, len, c.blob, file_id, unit, year);
		if (examine(ld->scratch, relpath, t, ld->buf, len, &c) < 0)
			return -1;
	}
	return settle(ld, idx, &c, file_id, unit, year);
}


/* ---- spilling ---- */

/* Re-point the entries written to a spill at it (records recs, strings
 * strs, in entry order), and forget their fresh data. */
static void spill_adopt(struct loader *ld, const struct crec *recs, const char *strs)
{
	uint32_t k = 0, src = (uint32_t)(AUX_SPILL + ld->nspill);

	for (size_t i = 0; i < ld->l->n; i++) {
		struct aux *x = &ld->aux[i];
		struct entry *e = &ld->l->v[i];
		const struct fresh *fx;
		const struct crec *cr;

		if (x->src != AUX_FRESH)
			continue;
		fx = &ld->fresh[x->rec];
		if (!fx->cached) {
			x->src = AUX_NONE; /* oversized: its strings are not scratch */
			continue;
		}
		cr = &recs[k];
		if (e->id == fx->cid)
			e->id = strs + cr->cid;
		e->path = strs + cr->path;
		e->title = strs + cr->title;
		e->search = strs + cr->search;
		e->volunteer_ids = strs + cr->vids;
		e->speakers = strs + cr->speakers;
		e->refs = strs + cr->refs;
		e->cols = strs + cr->cols;
		e->facts = strs + cr->facts;
		e->blob = strs + cr->blob;
		x->src = src;
		x->rec = k++;
	}
}

/* A load that parses many files (the first after a copy: 1,000,000
 * records) would hold every parsed record's strings until the cache is
 * written, 400 bytes a record. Past a budget, the fresh entries so far are
 * written in the cache's format to an unlinked file beside the cache,
 * mapped, and pointed into; their strings are freed. The pages are the
 * file's, which the kernel can drop and read again. A spill that cannot
 * be made is no error: the load goes on in memory. */
static int spill(struct loader *ld, struct repo *r)
{
	struct sources s = { ld->fresh, ld->srcs };
	char path[4096], tmp[4200];
	const struct cache_header *h;
	struct recsrc *ns;
	struct map *nm;
	struct stat st;
	void *map = MAP_FAILED;
	FILE *f = NULL;
	int fd, ok;

	if (ld->batch.n && batch_flush(ld) < 0)
		return -1;
	if (path_join(path, sizeof(path), repo_gitdir(r), "ggw/cache") < 0 || mkdir_parents(path, NULL) < 0)
		goto off;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	if ((fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		goto off;
	unlink(tmp); /* nothing left behind, whatever happens */
	if (!(f = fdopen(fd, "w+b"))) {
		close(fd);
		goto off;
	}
	ok = cache_emit(f, ld->l, &s, ld->aux, 1, 0) == 0 && fflush(f) == 0 && !ferror(f) &&
	     fstat(fileno(f), &st) == 0 && (size_t)st.st_size > sizeof(*h);
	if (ok)
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fileno(f), 0);
	fclose(f);
	if (map == MAP_FAILED)
		goto off;
	nm = realloc(ld->a->maps, (ld->a->nmaps + 1) * sizeof(*nm));
	if (nm)
		ld->a->maps = nm;
	ns = nm ? realloc(ld->srcs, (ld->nspill + 2) * sizeof(*ns)) : NULL;
	if (!ns) {
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	ld->srcs = ns;
	ld->a->maps[ld->a->nmaps++] = (struct map){ map, (size_t)st.st_size };
	h = map;
	ns[1 + ld->nspill].recs = (const struct crec *)(h + 1);
	ns[1 + ld->nspill].strings = (const char *)(h + 1) + (size_t)h->count * sizeof(struct crec);
	spill_adopt(ld, ns[1 + ld->nspill].recs, ns[1 + ld->nspill].strings);
	ld->nspill++;
	ld->nfresh = 0;
	arena_clear(ld->scratch);
	return 0;
off:
	ld->spill_budget = 0;
	return 0;
}

/* The budget: GGW_LEDGER_SPILL bytes (tests make it small), else 64 MB. */
static size_t spill_budget(void)
{
	const char *v = getenv("GGW_LEDGER_SPILL");
	char *end;
	unsigned long long n;

	if (v && *v) {
		n = strtoull(v, &end, 10);
		if (!*end)
			return (size_t)n;
	}
	return (size_t)64 << 20;
}

/* "文件名不是有效的活动编号（YYYYMMDD-8位十六进制）" for type t. */
static const char *bad_name(struct loader *ld, enum record_type t)
{
	const struct record_type_def *d = record_type_def(t);

	if (d->bad_name)
		return _(d->bad_name);
	return arena_printf(ld->a, _("文件名不是有效的%s编号"), _(d->label));
}

/* The record files of one folder: <rel>/<id>.yaml, rel ending in '/'.
 * year: the year folder's name for LAYOUT_YEARLY types, else NULL. */
static int walk_files(struct loader *ld, DIR *d, char *rel, size_t relsize, enum record_type t,
		      const char *unit, const char *year)
{
	size_t plen = strlen(rel);
	struct dirent *de;
	int rc = 0;

	while (rc == 0 && (de = readdir(d))) {
		const char *name = de->d_name;
		char id[64];
		size_t nl = strlen(name);

		if (name[0] == '.' || !ends_with_yaml(name))
			continue;
		if (plen + nl + 1 > relsize)
			continue;
		memcpy(rel + plen, name, nl + 1);
		snprintf(id, sizeof(id), "%.*s", (int)(nl - 5), name);
		if (nl - 5 >= sizeof(id) || !record_type_id_valid(t, id)) {
			const char *why = bad_name(ld, t);

			rc = why ? stray(ld, t, rel, unit, why) : -1;
			continue;
		}
		int was_dirty = ld->dirty;

		rc = record_file(ld, dirfd(d), name, rel, t, unit, year);
		if (!was_dirty && ld->dirty && cache_journal_covers(&ld->journal, dirfd(d), name, rel))
			ld->dirty = 0; /* ggw's own write: no reason to rewrite the cache */
		if (rc == 0 && ld->spill_budget && ld->scratch->bytes > ld->spill_budget)
			rc = spill(ld, ld->l->repo);
	}
	return rc;
}

/* <folder>/<unit>/<YYYY>/<id>.yaml */
static int walk_years(struct loader *ld, int unitfd, enum record_type t, const char *unit)
{
	const struct record_type_def *def = record_type_def(t);
	DIR *d = fdopendir(unitfd);
	struct dirent *de;
	char rel[512];
	int rc = 0;

	if (!d) {
		close(unitfd);
		return 0;
	}
	while (rc == 0 && (de = readdir(d))) {
		const char *y = de->d_name;
		int yfd;
		DIR *yd;

		if (y[0] == '.')
			continue;
		if (!is_dir_at(dirfd(d), de)) {
			if (ends_with_yaml(y)) {
				const char *why = def->misplaced ? _(def->misplaced)
						  : arena_printf(ld->a, _("%s记录应放在年份文件夹里"),
								 _(def->label));

				snprintf(rel, sizeof(rel), "%s/%s/%s", def->folder, unit, y);
				rc = why ? stray(ld, t, rel, unit, why) : -1;
			}
			continue;
		}
		if (strlen(y) != 4 || strspn(y, "0123456789") != 4)
			continue;
		if ((yfd = openat(dirfd(d), y, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			continue;
		if (!(yd = fdopendir(yfd))) {
			close(yfd);
			continue;
		}
		/* "<folder>/<unit>/<year>/" once per folder, then each name. */
		snprintf(rel, sizeof(rel), "%s/%s/%s/", def->folder, unit, y);
		rc = walk_files(ld, yd, rel, sizeof(rel), t, unit, y);
		closedir(yd);
	}
	closedir(d);
	return rc;
}

/* <folder>/<unit>/<id>.yaml */
static int walk_flat(struct loader *ld, int unitfd, enum record_type t, const char *unit)
{
	DIR *d = fdopendir(unitfd);
	char rel[512];
	int rc;

	if (!d) {
		close(unitfd);
		return 0;
	}
	snprintf(rel, sizeof(rel), "%s/%s/", record_type_def(t)->folder, unit);
	rc = walk_files(ld, d, rel, sizeof(rel), t, unit, NULL);
	closedir(d);
	return rc;
}

static int walk_top(struct loader *ld, int rootfd, enum record_type t)
{
	const struct record_type_def *def = record_type_def(t);
	const char *top = def->folder;
	int topfd = openat(rootfd, top, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	DIR *d;
	struct dirent *de;
	char rel[512];
	int rc = 0;

	if (topfd < 0)
		return 0; /* no records of this kind yet */
	if (!(d = fdopendir(topfd))) {
		close(topfd);
		return 0;
	}
	while (rc == 0 && (de = readdir(d))) {
		const char *name = de->d_name;
		const char *unit;
		int ufd;

		if (name[0] == '.')
			continue;
		if (!is_dir_at(dirfd(d), de)) {
			if (ends_with_yaml(name)) {
				snprintf(rel, sizeof(rel), "%s/%s", top, name);
				rc = stray(ld, t, rel, "", _("记录应放在单位文件夹里"));
			}
			continue;
		}
		if (!unit_key_valid(name))
			continue;
		if (!(unit = arena_strdup(ld->a, name))) {
			rc = -1;
			break;
		}
		if ((ufd = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) < 0)
			continue;
		rc = def->layout == LAYOUT_YEARLY ? walk_years(ld, ufd, t, unit)
						  : walk_flat(ld, ufd, t, unit);
	}
	closedir(d);
	return rc;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* rules.yaml: a file that does not read is kept as its error, so that
 * records can still be listed and fixed while figures are refused. */
static int ledger_load_rules(struct ledger *out, struct ggw_error *err)
{
	struct ggw_error rerr = { 0 };

	if (rules_load(out->repo, &out->rules, &rerr) == 0)
		return 0;
	if (rerr.code == GGW_ENOMEM || !(out->rules_error = strdup(rerr.msg))) {
		units_free(&out->units);
		return ggw_oom(err);
	}
	return 0;
}

static int load(struct repo *r, struct ledger *out, unsigned flags, struct ledger_seed *seed,
		struct ggw_error *err)
{
	struct loader ld;
	int rootfd, rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&ld, 0, sizeof(ld));
	out->repo = r;
	ld.seed = seed;
	if (!(flags & LEDGER_NO_UNITS) && (rc = units_load(r, &out->units, err)) < 0)
		return rc;
	if (!(flags & LEDGER_NO_UNITS) && (rc = ledger_load_rules(out, err)) < 0)
		return rc;
	ld.l = out;
	/* File systems stamp with a coarse clock: leave a margin so a file
	 * written just before this load still counts as racy next time. */
	ld.now_ns = now_ns();
	if (!(ld.a = calloc(1, sizeof(*ld.a))) || !(ld.buf = malloc(YAML_MAX_BYTES + 1)) ||
	    !(ld.scratch = calloc(1, sizeof(*ld.scratch))) || !(ld.srcs = calloc(1, sizeof(*ld.srcs))) ||
	    batch_init(&ld.batch) < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	out->arena = ld.a;
	if (seed) {
		/* The seed's strings become the ledger's. */
		for (int k = 0; k < seed->workers; k++)
			arena_splice(ld.a, &seed->part[k].arena);
		if (!seed->all && seed_index(seed) < 0) {
			rc = ggw_oom(err);
			goto done;
		}
	}
	if (!(flags & LEDGER_NO_CACHE))
		cache_read(r, ld.a, &ld.cache);
	ld.srcs[0] = (struct recsrc){ ld.cache.recs, ld.cache.strings };
	ld.spill_budget = flags & LEDGER_NO_CACHE ? 0 : spill_budget();
	if (ld.cache.h)
		cache_journal_load(r, &ld.journal, ld.cache.h->count);
	ld.cache_stamp = ld.cache.h ? ld.cache.h->stamp_ns : 0;
	if ((rootfd = open(repo_workdir(r), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		rc = ggw_fail(err, GGW_EIO, _("打不开台账文件夹 %s：%s"), repo_workdir(r), strerror(errno));
		goto done;
	}
	if (ld.cache.h)
		ld.sa = statahead_start(rootfd, ld.cache.h->count, sa_path, sa_judge, &ld);
	if (ld.sa && getenv("GGW_TEST_STATAHEAD_FIRST"))
		statahead_finish(ld.sa); /* tests: every file judged before the walk */
	for (size_t t = 0; rc == 0 && t < record_type_count(); t++)
		if (record_type_per_file((int)t))
			rc = walk_top(&ld, rootfd, (enum record_type)t);
	statahead_stop(ld.sa);
	ld.sa = NULL;
	if (rc == 0 && ld.batch.n)
		rc = batch_flush(&ld);
	close(rootfd);
	if (rc < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	if (ld.cache.h) {
		size_t seen = 0;

		for (size_t i = 0; i < ld.cache.h->count; i++)
			seen += ld.cache.seen[i];
		if (seen != ld.cache.h->count)
			ld.dirty = 1; /* files were removed */
	} else if (out->n)
		ld.dirty = 1;
	if (ld.dirty && !(flags & LEDGER_NO_CACHE)) {
		struct sources src = { ld.fresh, ld.srcs };

		cache_write(r, out, &src, ld.aux, ld.now_ns - 50000000LL, seed == NULL);
	}
done:
	if (ld.scratch && ld.a)
		arena_splice(ld.a, ld.scratch); /* entries point into it */
	else if (ld.scratch)
		arena_free(ld.scratch);
	free(ld.scratch);
	free(ld.srcs);
	batch_free(&ld.batch);
	cache_free(&ld.cache);
	cache_journal_free(&ld.journal);
	free(ld.aux);
	free(ld.fresh);
	free(ld.buf);
	if (rc < 0) {
		if (!out->arena)
			arena_free(ld.a);
		ledger_free(out);
	}
	return rc;
}

int ledger_load_flags(struct repo *r, struct ledger *out, unsigned flags, struct ggw_error *err)
{
	return load(r, out, flags, NULL, err);
}

int ledger_load_seeded(struct repo *r, struct ledger_seed *s, struct ledger *out,
		       struct ggw_error *err)
{
	return load(r, out, 0, s, err);
}

int ledger_load(struct repo *r, struct ledger *out, struct ggw_error *err)
{
	return ledger_load_flags(r, out, 0, err);
}

void ledger_free(struct ledger *l)
{
	if (!l)
		return;
	units_free(&l->units);
	rules_free(l->rules);
	free(l->rules_error);
	free(l->v);
	arena_free(l->arena);
	memset(l, 0, sizeof(*l));
}

long ledger_find(const struct ledger *l, const char *id)
{
	if (!id)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].id, id))
			return (long)i;
	return -1;
}
