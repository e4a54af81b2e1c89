/* See outcache.h. File: header; slots sorted by (blob, type), each with
 * the offset and length of its text in every form; then one area of
 * texts per form, in the order of a plain listing, so that a listing of
 * one form reads one area front to back and touches no other. */
#include "outcache.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/fields.h"
#include "../model/i18n.h"
#include "../model/rectype.h"
#include "../model/safetext.h"
#include "../model/sbuf.h"
#include "../storage/fsutil.h"
#include "output.h"

#define OC_MAGIC "GGWOUTC\0"
#define OC_VERSION 2u
/* Mapped pages printed or copied are let go after this many bytes, so a
 * listing of a million records stays far below 512 MB of resident
 * memory (the pages stay in the page cache: touching them again is a
 * minor fault). */
#define OC_RELEASE_BYTES ((size_t)32 << 20)
#define OC_AREA_MAX ((uint64_t)UINT32_MAX)

struct oc_header {
	char magic[8];
	uint32_t version, count;
	uint64_t sig;
	uint64_t area_len[OUT__COUNT];
};

struct oc_slot {
	char blob[40];
	uint32_t type;
	uint32_t off[OUT__COUNT], len[OUT__COUNT];
};

/* Texts rendered afresh, kept in the spill file until the cache is
 * written. */
struct oc_new {
	char blob[40];
	uint32_t type;
	uint32_t len[OUT__COUNT];
	uint64_t off[OUT__COUNT];
};

struct map {
	char *p;
	size_t size;
};

struct outcache {
	const struct ledger *l;
	char path[4096];
	struct map cache, spillmap;
	const struct oc_header *h;
	const struct oc_slot *slots;
	const char *area[OUT__COUNT];
	size_t touched; /* bytes read from the maps since they were let go */
	FILE *spill;
	uint64_t spilled;
	int spill_failed;
	struct oc_new *added;
	size_t nadded, capadded;
};

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0xff) * 1099511628211ULL;
}

static uint64_t fields_sig(uint64_t h, const struct field_def *d)
{
	for (; d && d->key; d++) {
		h = fnv(h, d->key);
		h = (h ^ (uint64_t)d->type ^ ((uint64_t)d->flags << 8)) * 1099511628211ULL;
		if (d->sub)
			h = fields_sig(h, d->sub);
	}
	return h;
}

/* Every type's fields: a change in them may change the rendering. */
static uint64_t signature(void)
{
	uint64_t h = 1469598103934665603ULL ^ OC_VERSION;

	for (size_t t = 0; t < record_type_count(); t++)
		h = fields_sig((h ^ t) * 1099511628211ULL, record_fields((enum record_type)t));
	return h;
}

static void unmap(struct map *m)
{
	if (m->p)
		munmap(m->p, m->size);
	m->p = NULL;
	m->size = 0;
}

/* Map fd's first size bytes read-only; 0 or -1. */
static int map_fd(int fd, size_t size, struct map *m)
{
	void *p = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;

	if (p == MAP_FAILED)
		return -1;
	m->p = p;
	m->size = size;
	return 0;
}

/* Let the pages read so far go once enough were read (see
 * OC_RELEASE_BYTES). */
static void touched(struct outcache *oc, size_t n)
{
	if ((oc->touched += n) < OC_RELEASE_BYTES)
		return;
	oc->touched = 0;
	if (oc->cache.p)
		madvise(oc->cache.p, oc->cache.size, MADV_DONTNEED);
	if (oc->spillmap.p)
		madvise(oc->spillmap.p, oc->spillmap.size, MADV_DONTNEED);
}

static int header_valid(const struct oc_header *h, size_t size)
{
	uint64_t want = sizeof(*h) + (uint64_t)h->count * sizeof(struct oc_slot);

	if (memcmp(h->magic, OC_MAGIC, 8) || h->version != OC_VERSION || h->sig != signature())
		return 0;
	for (int k = 0; k < OUT__COUNT; k++) {
		if (h->area_len[k] > OC_AREA_MAX)
			return 0;
		want += h->area_len[k];
	}
	return want == size;
}

static void map_cache(struct outcache *oc)
{
	struct stat st;
	int fd = open(oc->path, O_RDONLY | O_CLOEXEC);
	const char *p;

	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(struct oc_header) ||
	    (uint64_t)st.st_size > ((uint64_t)1 << 36) || map_fd(fd, (size_t)st.st_size, &oc->cache) < 0) {
		close(fd);
		return;
	}
	close(fd);
	if (!header_valid((const struct oc_header *)oc->cache.p, oc->cache.size)) {
		unmap(&oc->cache);
		return;
	}
	oc->h = (const struct oc_header *)oc->cache.p;
	oc->slots = (const struct oc_slot *)(oc->cache.p + sizeof(*oc->h));
	p = (const char *)(oc->slots + oc->h->count);
	for (int k = 0; k < OUT__COUNT; k++) {
		oc->area[k] = p;
		p += oc->h->area_len[k];
	}
}

struct outcache *outcache_open(const struct ledger *l)
{
	struct outcache *oc = calloc(1, sizeof(*oc));

	if (!oc)
		return NULL;
	oc->l = l;
	if (path_join(oc->path, sizeof(oc->path), repo_gitdir(l->repo), "ggw/outcache") == 0)
		map_cache(oc);
	return oc;
}

/* An entry the cache can key: its file has a blob id. A file too large
 * to hash, or refused (a symlink), has "", shorter than the 40 bytes
 * key_cmp reads. */
static int has_blob_id(const struct entry *e)
{
	return strlen(e->blob) == 40;
}

static int key_cmp(const char *blob, uint32_t type, const char *b2, uint32_t t2)
{
	int c = memcmp(blob, b2, 40);

	return c ? c : (type > t2) - (type < t2);
}

static int slot_valid(const struct outcache *oc, const struct oc_slot *s)
{
	for (int k = 0; k < OUT__COUNT; k++)
		if ((uint64_t)s->off[k] + s->len[k] > oc->h->area_len[k])
			return 0;
	return 1;
}

static const struct oc_slot *lookup(const struct outcache *oc, const char *blob, uint32_t type)
{
	size_t lo = 0, hi = oc->h ? oc->h->count : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(blob, type, oc->slots[mid].blob, oc->slots[mid].type);

		if (c == 0)
			return slot_valid(oc, &oc->slots[mid]) ? &oc->slots[mid] : NULL;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The texts are kept escaped for a terminal as stdout would escape them
 * (model/safetext.h), so that a listing from the cache needs only the
 * cheap check (safeout_escaped). */
static int escape_text(char **text, size_t *len)
{
	struct sbuf b = { 0 };

	safe_text(*text, *len, 1, &b);
	if (b.failed) {
		free(b.s);
		return -1;
	}
	free(*text);
	*text = b.s ? b.s : strdup("");
	*len = b.len;
	return *text ? 0 : -1;
}

/* Parse e's file and render it every way (CSV before YAML: the YAML
 * rendering normalizes the record in place). A YAML failure fails only a
 * YAML listing: the CSV is printed, nothing is kept (text[OUT_YAML] NULL). */
static int render(struct outcache *oc, const struct entry *e, enum outcache_form form,
		  char *text[OUT__COUNT], size_t len[OUT__COUNT], struct ggw_error *err)
{
	struct node rec;
	int rc;

	for (int k = 0; k < OUT__COUNT; k++)
		text[k] = NULL;
	if ((rc = record_load_file(oc->l->repo, e->path, &rec, err)) < 0)
		return rc;
	for (int k = 0; k < OUT__COUNT; k++) {
		FILE *m = open_memstream(&text[k], &len[k]);
		int bad = 0;

		if (!m) {
			rc = ggw_oom(err);
			break;
		}
		if (k == OUT_YAML)
			bad = output_yaml_item(m, e->type, &rec, err) < 0;
		else
			output_csv_row(m, e->type, &rec, 0);
		if (fclose(m) != 0)
			bad = rc = ggw_oom(err);
		if (bad && k == OUT_YAML && form != OUT_YAML && rc == 0) {
			free(text[k]);
			text[k] = NULL;
		} else if (bad && rc == 0) {
			rc = GGW_EINVALID;
		}
	}
	node_free(&rec);
	for (int k = 0; k < OUT__COUNT && rc == 0; k++)
		if (text[k] && escape_text(&text[k], &len[k]) < 0)
			rc = ggw_oom(err);
	if (rc < 0)
		for (int k = 0; k < OUT__COUNT; k++) {
			free(text[k]);
			text[k] = NULL;
		}
	return rc;
}

/* An unnamed file beside the cache for the texts rendered afresh (a
 * named one, removed at once, where the file system has no O_TMPFILE). */
static FILE *spill_open(const char *cache_path)
{
	char dir[4096], tmp[4200];
	FILE *f;
	int fd;

	if (mkdir_parents(cache_path, NULL) < 0)
		return NULL;
	snprintf(dir, sizeof(dir), "%s", cache_path);
	*strrchr(dir, '/') = '\0';
	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) < 0) {
		snprintf(tmp, sizeof(tmp), "%s.spill.%ld", cache_path, (long)getpid());
		if ((fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
			return NULL;
		unlink(tmp);
	}
	if (!(f = fdopen(fd, "w+b"))) {
		close(fd);
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, (size_t)256 << 10);
	return f;
}

/* Keep e's texts for outcache_close; on any failure, nothing is kept
 * (the cache is only a cache). */
static void spill_add(struct outcache *oc, const struct entry *e, char *const text[OUT__COUNT],
		      const size_t len[OUT__COUNT])
{
	struct oc_new *n;

	if (oc->spill_failed)
		return;
	if ((!oc->spill && !(oc->spill = spill_open(oc->path))) ||
	    array_grow(&oc->added, &oc->capadded, oc->nadded, sizeof(*oc->added), 256) < 0) {
		oc->spill_failed = 1;
		return;
	}
	n = &oc->added[oc->nadded];
	memcpy(n->blob, e->blob, 40);
	n->type = (uint32_t)e->type;
	for (int k = 0; k < OUT__COUNT; k++) {
		if (len[k] > OC_AREA_MAX || fwrite(text[k], 1, len[k], oc->spill) != len[k]) {
			oc->spill_failed = 1;
			return;
		}
		n->off[k] = oc->spilled;
		n->len[k] = (uint32_t)len[k];
		oc->spilled += len[k];
	}
	oc->nadded++;
}

int outcache_print(struct outcache *oc, FILE *f, const struct entry *e, enum outcache_form form,
		   struct ggw_error *err)
{
	const struct oc_slot *s;
	char *text[OUT__COUNT];
	size_t len[OUT__COUNT];
	int rc;

	if (has_blob_id(e) && (s = lookup(oc, e->blob, (uint32_t)e->type))) {
		fwrite(oc->area[form] + s->off[form], 1, s->len[form], f);
		touched(oc, s->len[form]);
		return 0;
	}
	if ((rc = render(oc, e, form, text, len, err)) < 0)
		return rc;
	fwrite(text[form], 1, len[form], f);
	if (has_blob_id(e) && text[OUT_YAML]) /* else too large to hash, or no YAML */
		spill_add(oc, e, text, len);
	for (int k = 0; k < OUT__COUNT; k++)
		free(text[k]);
	return 0;
}

/* ---- writing the cache back ---- */

struct oc_key {
	const char *blob;
	uint32_t type;
	size_t pos; /* the entry's place in the ledger */
};

struct oc_item {
	struct oc_key key;
	const char *text[OUT__COUNT];
	uint32_t len[OUT__COUNT];
	uint64_t off[OUT__COUNT]; /* in the new file's areas */
};

static int item_key_cmp(const struct oc_key *x, const struct oc_key *y)
{
	return key_cmp(x->blob, x->type, y->blob, y->type);
}

static int keypos_cmp(const void *a, const void *b)
{
	const struct oc_key *x = a, *y = b;
	int c = item_key_cmp(x, y);

	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

static int item_cmp(const void *a, const void *b)
{
	return keypos_cmp(&((const struct oc_item *)a)->key, &((const struct oc_item *)b)->key);
}

static const struct oc_item *items_for_order;
static const struct ledger *ledger_for_order;

/* The areas hold the texts in the order of a plain `ggw list` (newest
 * first), so that the usual listing reads them front to back: at a
 * million records, under 512 MB, the page cache cannot hold the area and
 * a listing in another order reads the disk at random. */
static int listing_cmp(const void *a, const void *b)
{
	size_t x = items_for_order[*(const size_t *)a].key.pos;
	size_t y = items_for_order[*(const size_t *)b].key.pos;

	return ledger_entry_cmp(&ledger_for_order->v[x], &ledger_for_order->v[y], SORT_DATE_DESC);
}

/* The ledger's (blob, type) keys, sorted, each once with its first
 * place; NULL if out of memory. */
static struct oc_key *ledger_keys(const struct ledger *l, size_t *nkeys)
{
	struct oc_key *keys = calloc(l->n + 1, sizeof(*keys));
	size_t n = 0, m = 0;

	if (!keys)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		if (has_blob_id(&l->v[i]))
			keys[n++] = (struct oc_key){ l->v[i].blob, (uint32_t)l->v[i].type, i };
	qsort(keys, n, sizeof(*keys), keypos_cmp);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || item_key_cmp(&keys[m - 1], &keys[i]))
			keys[m++] = keys[i];
	*nkeys = m;
	return keys;
}

static int key_only_cmp(const void *a, const void *b)
{
	return item_key_cmp(a, b);
}

/* Item for (blob, type) if some entry of the ledger still has them. */
static int to_item(const struct oc_key *keys, size_t nkeys, const char *blob, uint32_t type,
		   struct oc_item *it)
{
	struct oc_key want = { blob, type, 0 };
	const struct oc_key *found = nkeys ? bsearch(&want, keys, nkeys, sizeof(*keys), key_only_cmp) : NULL;

	if (!found)
		return 0;
	memset(it, 0, sizeof(*it));
	it->key = *found;
	return 1;
}

/* Old slots still in the ledger and the new texts, sorted, one of each. */
static size_t gather(const struct outcache *oc, struct oc_item *v, const struct oc_key *keys,
		     size_t nkeys)
{
	size_t n = 0, m = 0;

	for (size_t i = 0; oc->h && i < oc->h->count; i++) {
		const struct oc_slot *s = &oc->slots[i];

		if (!slot_valid(oc, s) || !to_item(keys, nkeys, s->blob, s->type, &v[n]))
			continue;
		for (int k = 0; k < OUT__COUNT; k++) {
			v[n].text[k] = oc->area[k] + s->off[k];
			v[n].len[k] = s->len[k];
		}
		n++;
	}
	for (size_t i = 0; i < oc->nadded; i++) {
		const struct oc_new *a = &oc->added[i];

		if (!to_item(keys, nkeys, a->blob, a->type, &v[n]))
			continue;
		for (int k = 0; k < OUT__COUNT; k++) {
			v[n].text[k] = oc->spillmap.p + a->off[k];
			v[n].len[k] = a->len[k];
		}
		n++;
	}
	qsort(v, n, sizeof(*v), item_cmp);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || item_key_cmp(&v[m - 1].key, &v[i].key))
			v[m++] = v[i];
	return m;
}

/* Each form's area in the listing's order: the offsets, and the header's
 * lengths; -1 if an area would not fit the slots' 32-bit offsets. */
static int place_texts(struct oc_item *v, const size_t *order, size_t n, struct oc_header *h)
{
	for (int k = 0; k < OUT__COUNT; k++) {
		uint64_t at = 0;

		for (size_t j = 0; j < n; j++) {
			v[order[j]].off[k] = at;
			at += v[order[j]].len[k];
		}
		if (at > OC_AREA_MAX)
			return -1;
		h->area_len[k] = at;
	}
	return 0;
}

static int emit(struct outcache *oc, FILE *f, const struct oc_item *v, const size_t *order, size_t n,
		const struct oc_header *h)
{
	fwrite(h, sizeof(*h), 1, f);
	for (size_t i = 0; i < n; i++) {
		struct oc_slot s;

		memset(&s, 0, sizeof(s));
		memcpy(s.blob, v[i].key.blob, 40);
		s.type = v[i].key.type;
		for (int k = 0; k < OUT__COUNT; k++) {
			s.off[k] = (uint32_t)v[i].off[k];
			s.len[k] = v[i].len[k];
		}
		fwrite(&s, sizeof(s), 1, f);
	}
	for (int k = 0; k < OUT__COUNT; k++)
		for (size_t j = 0; j < n; j++) {
			const struct oc_item *it = &v[order[j]];

			if (it->len[k] && fwrite(it->text[k], 1, it->len[k], f) != it->len[k])
				return -1;
			touched(oc, it->len[k]);
		}
	return ferror(f) ? -1 : 0;
}

/* Write v (fsynced, then renamed over the cache: storage/fsutil.h). */
static void write_file(struct outcache *oc, const struct oc_item *v, const size_t *order, size_t n,
		       const struct oc_header *h)
{
	char tmp[4200];
	FILE *f = cache_file_begin(oc->path, tmp, sizeof(tmp));

	if (f)
		cache_file_end(f, tmp, oc->path, emit(oc, f, v, order, n, h) == 0, 1);
}

static void write_cache(struct outcache *oc)
{
	size_t nold = oc->h ? oc->h->count : 0, nkeys = 0, n;
	struct oc_key *keys = ledger_keys(oc->l, &nkeys);
	struct oc_item *v = calloc(nold + oc->nadded + 1, sizeof(*v));
	size_t *order = calloc(nold + oc->nadded + 1, sizeof(*order));
	struct oc_header h;

	if (!keys || !v || !order)
		goto done;
	n = gather(oc, v, keys, nkeys);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	items_for_order = v;
	ledger_for_order = oc->l;
	qsort(order, n, sizeof(*order), listing_cmp);
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, OC_MAGIC, 8);
	h.version = OC_VERSION;
	h.count = (uint32_t)n;
	h.sig = signature();
	if (n <= UINT32_MAX && place_texts(v, order, n, &h) == 0 && mkdir_parents(oc->path, NULL) == 0)
		write_file(oc, v, order, n, &h);
done:
	free(order);
	free(v);
	free(keys);
}

void outcache_close(struct outcache *oc)
{
	if (!oc)
		return;
	if (oc->nadded && !oc->spill_failed && fflush(oc->spill) == 0 &&
	    map_fd(fileno(oc->spill), (size_t)oc->spilled, &oc->spillmap) == 0)
		write_cache(oc);
	if (oc->spill)
		fclose(oc->spill);
	free(oc->added);
	unmap(&oc->spillmap);
	unmap(&oc->cache);
	free(oc);
}
