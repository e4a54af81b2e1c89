/* See outcache.h. File: header, then sorted slots (blob, type, offsets),
 * then the texts, each NUL-terminated. Written whole by atomic_write. */
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
#include "../model/sbuf.h"
#include "../storage/fsutil.h"
#include "output.h"

#define OC_MAGIC "GGWOUTC\0"
#define OC_VERSION 1u

struct oc_header {
	char magic[8];
	uint32_t version, count;
	uint64_t sig;
	uint64_t strings_len;
};

struct oc_slot {
	char blob[40];
	uint32_t type;
	uint32_t off[OUT__COUNT];
};

struct oc_new {
	char blob[40];
	uint32_t type;
	char *text[OUT__COUNT];
};

struct outcache {
	const struct ledger *l;
	char path[4096];
	char *map;
	size_t size;
	const struct oc_header *h;
	const struct oc_slot *slots;
	const char *strings;
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

static int slot_valid(const struct outcache *oc, const struct oc_slot *s)
{
	for (int k = 0; k < OUT__COUNT; k++)
		if (s->off[k] >= oc->h->strings_len)
			return 0;
	return 1;
}

static void map_cache(struct outcache *oc)
{
	struct stat st;
	int fd = open(oc->path, O_RDONLY | O_CLOEXEC);
	const struct oc_header *h;

	if (fd < 0)
		return;
	if (fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(*h) ||
	    (uint64_t)st.st_size > ((uint64_t)1 << 34)) {
		close(fd);
		return;
	}
	oc->size = (size_t)st.st_size;
	oc->map = mmap(NULL, oc->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (oc->map == MAP_FAILED) {
		oc->map = NULL;
		return;
	}
	h = (const struct oc_header *)oc->map;
	if (memcmp(h->magic, OC_MAGIC, 8) || h->version != OC_VERSION || h->sig != signature() ||
	    h->strings_len == 0 ||
	    oc->size != sizeof(*h) + (uint64_t)h->count * sizeof(struct oc_slot) + h->strings_len ||
	    oc->map[oc->size - 1] != '\0') {
		munmap(oc->map, oc->size);
		oc->map = NULL;
		return;
	}
	oc->h = h;
	oc->slots = (const struct oc_slot *)(oc->map + sizeof(*h));
	oc->strings = oc->map + sizeof(*h) + (size_t)h->count * sizeof(struct oc_slot);
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

/* Parse e's file and render it every way (CSV before YAML: the YAML
 * rendering normalizes the record in place). A YAML failure fails only a
 * YAML listing: the CSV is printed, nothing is kept (text[OUT_YAML] NULL). */
static int render(struct outcache *oc, const struct entry *e, enum outcache_form form,
		  struct oc_new *out, struct ggw_error *err)
{
	struct node rec;
	int rc;

	memset(out, 0, sizeof(*out));
	memcpy(out->blob, e->blob, 40);
	out->type = (uint32_t)e->type;
	if ((rc = record_load_file(oc->l->repo, e->path, &rec, err)) < 0)
		return rc;
	for (int k = 0; k < OUT__COUNT; k++) {
		size_t len;
		FILE *m = open_memstream(&out->text[k], &len);
		int bad = 0;

		if (!m) {
			rc = ggw_oom(err);
			break;
		}
		if (k == OUT_YAML)
			bad = output_yaml_item(m, e->type, &rec, err) < 0;
		else
			output_csv_row(m, e->type, &rec, k == OUT_CSV_EXCEL);
		if (fclose(m) != 0)
			bad = rc = ggw_oom(err);
		if (bad && k == OUT_YAML && form != OUT_YAML && rc == 0) {
			free(out->text[k]);
			out->text[k] = NULL;
		} else if (bad && rc == 0) {
			rc = GGW_EINVALID;
		}
	}
	node_free(&rec);
	if (rc < 0)
		for (int k = 0; k < OUT__COUNT; k++) {
			free(out->text[k]);
			out->text[k] = NULL;
		}
	return rc;
}

int outcache_print(struct outcache *oc, FILE *f, const struct entry *e, enum outcache_form form,
		   struct ggw_error *err)
{
	const struct oc_slot *s;
	struct oc_new n;
	int rc;

	if (has_blob_id(e) && (s = lookup(oc, e->blob, (uint32_t)e->type))) {
		fputs(oc->strings + s->off[form], f);
		return 0;
	}
	if ((rc = render(oc, e, form, &n, err)) < 0)
		return rc;
	fputs(n.text[form], f);
	if (!has_blob_id(e) || !n.text[OUT_YAML]) /* too large to hash, or no YAML */
		goto drop;
	if (array_grow(&oc->added, &oc->capadded, oc->nadded, sizeof(*oc->added), 64) < 0)
		goto drop;
	oc->added[oc->nadded++] = n;
	return 0;
drop:
	for (int k = 0; k < OUT__COUNT; k++)
		free(n.text[k]);
	return 0;
}

struct oc_item {
	const char *blob;
	uint32_t type;
	const char *text[OUT__COUNT];
};

static int item_cmp(const void *a, const void *b)
{
	const struct oc_item *x = a, *y = b;

	return key_cmp(x->blob, x->type, y->blob, y->type);
}

/* 1 if some entry of the ledger still has this blob and type. */
static int in_ledger(const struct oc_item *keys, size_t n, const struct oc_item *it)
{
	return bsearch(it, keys, n, sizeof(*keys), item_cmp) != NULL;
}

/* Old slots still in the ledger, and the new ones, sorted, one of each. */
static size_t gather(const struct outcache *oc, struct oc_item *v, const struct oc_item *keys,
		     size_t nkeys)
{
	size_t n = 0, m = 0;

	for (size_t i = 0; oc->h && i < oc->h->count; i++) {
		const struct oc_slot *s = &oc->slots[i];
		struct oc_item it = { s->blob, s->type, { NULL } };

		if (!slot_valid(oc, s) || !in_ledger(keys, nkeys, &it))
			continue;
		for (int k = 0; k < OUT__COUNT; k++)
			it.text[k] = oc->strings + s->off[k];
		v[n++] = it;
	}
	for (size_t i = 0; i < oc->nadded; i++) {
		struct oc_item it = { oc->added[i].blob, oc->added[i].type, { NULL } };

		for (int k = 0; k < OUT__COUNT; k++)
			it.text[k] = oc->added[i].text[k];
		v[n++] = it;
	}
	qsort(v, n, sizeof(*v), item_cmp);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || item_cmp(&v[m - 1], &v[i]))
			v[m++] = v[i];
	return m;
}

static void write_cache(struct outcache *oc)
{
	const struct ledger *l = oc->l;
	size_t nold = oc->h ? oc->h->count : 0, n, nkeys = 0, strings = 1, total, pos;
	struct oc_item *keys = calloc(l->n + 1, sizeof(*keys));
	struct oc_item *v = calloc(nold + oc->nadded + 1, sizeof(*v));
	struct oc_header *h;
	char *buf = NULL;

	if (!keys || !v)
		goto done;
	for (size_t i = 0; i < l->n; i++) {
		if (!has_blob_id(&l->v[i]))
			continue;
		keys[nkeys].blob = l->v[i].blob;
		keys[nkeys++].type = (uint32_t)l->v[i].type;
	}
	qsort(keys, nkeys, sizeof(*keys), item_cmp);
	n = gather(oc, v, keys, nkeys);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < OUT__COUNT; k++)
			strings += strlen(v[i].text[k]) + 1;
	total = sizeof(*h) + n * sizeof(struct oc_slot) + strings;
	if (strings > UINT32_MAX || !(buf = calloc(1, total)))
		goto done;
	h = (struct oc_header *)buf;
	memcpy(h->magic, OC_MAGIC, 8);
	h->version = OC_VERSION;
	h->count = (uint32_t)n;
	h->sig = signature();
	h->strings_len = strings;
	pos = 1; /* offset 0 is the empty text */
	for (size_t i = 0; i < n; i++) {
		struct oc_slot *s = (struct oc_slot *)(buf + sizeof(*h)) + i;
		char *area = buf + sizeof(*h) + n * sizeof(struct oc_slot);

		memcpy(s->blob, v[i].blob, 40);
		s->type = v[i].type;
		for (int k = 0; k < OUT__COUNT; k++) {
			size_t len = strlen(v[i].text[k]) + 1;

			s->off[k] = (uint32_t)pos;
			memcpy(area + pos, v[i].text[k], len);
			pos += len;
		}
	}
	if (mkdir_parents(oc->path, NULL) == 0)
		atomic_write(oc->path, buf, total, NULL);
done:
	free(buf);
	free(v);
	free(keys);
}

void outcache_close(struct outcache *oc)
{
	if (!oc)
		return;
	if (oc->nadded)
		write_cache(oc);
	for (size_t i = 0; i < oc->nadded; i++)
		for (int k = 0; k < OUT__COUNT; k++)
			free(oc->added[i].text[k]);
	free(oc->added);
	if (oc->map)
		munmap(oc->map, oc->size);
	free(oc);
}
