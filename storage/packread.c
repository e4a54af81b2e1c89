/* Blobs read from a clone's packs in pack order; see packread.h. */
#include "packread.h"

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_PACKS 1024
#define KEY_SHIFT 48 /* where = pack number << 48 | offset */
#define MAX_DEPTH 10000
#define MAX_OBJECT ((uint64_t)32 << 20)  /* larger blobs: libgit2 reads them */
#define MAX_CACHED ((size_t)1 << 20)     /* larger objects are not kept */
#define SLOTS_LOG 14

enum { OBJ_COMMIT = 1, OBJ_TREE = 2, OBJ_BLOB = 3, OBJ_TAG = 4, OBJ_OFS = 6, OBJ_REF = 7 };

/* zlib, taken from the process (libgit2 brought it) rather than linked:
 * the ggw program loads libgit2 lazily and should not load zlib at start. */
static struct {
	int (*init)(z_streamp, const char *, int);
	int (*inflate)(z_streamp, int);
	int (*reset)(z_streamp);
	int (*end)(z_streamp);
	int ok;
} zl;
static pthread_once_t zl_once = PTHREAD_ONCE_INIT;

static void zl_load(void)
{
	void *h = dlopen("libz.so.1", RTLD_NOW | RTLD_NOLOAD);

	if (!h)
		h = dlopen("libz.so.1", RTLD_NOW);
	if (!h)
		return;
	*(void **)&zl.init = dlsym(h, "inflateInit_");
	*(void **)&zl.inflate = dlsym(h, "inflate");
	*(void **)&zl.reset = dlsym(h, "inflateReset");
	*(void **)&zl.end = dlsym(h, "inflateEnd");
	zl.ok = zl.init && zl.inflate && zl.reset && zl.end;
}

struct pack {
	const unsigned char *idx, *data;
	size_t idx_len, data_len;
	uint32_t n;
	const unsigned char *oids, *offs, *large;
	size_t nlarge;
};

struct packset {
	struct pack *v;
	size_t n;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const unsigned char *map_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p = MAP_FAILED;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size < ((uint64_t)1 << KEY_SHIFT)) {
		*len = (size_t)st.st_size;
		p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	}
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* An index of version 2 and its pack, checked for their sizes and headers;
 * 0, or -1 (not used). */
static int pack_check(struct pack *p)
{
	const unsigned char *ix = p->idx;
	size_t fixed;
	uint32_t prev = 0;

	if (p->idx_len < 8 + 1024 + 40 || memcmp(ix, "\377tOc", 4) || be32(ix + 4) != 2)
		return -1;
	for (int k = 0; k < 256; k++) {
		uint32_t v = be32(ix + 8 + 4 * k);

		if (v < prev)
			return -1;
		prev = v;
	}
	p->n = prev;
	fixed = 8 + 1024 + (uint64_t)p->n * 28 + 40 > SIZE_MAX ? SIZE_MAX
							       : 8 + 1024 + (size_t)p->n * 28 + 40;
	if (p->idx_len < fixed)
		return -1;
	p->oids = ix + 8 + 1024;
	p->offs = p->oids + (size_t)p->n * 24; /* past the oids and the CRCs */
	p->large = p->offs + (size_t)p->n * 4;
	p->nlarge = (p->idx_len - fixed) / 8;
	if (p->data_len < 12 + 20 || memcmp(p->data, "PACK", 4) ||
	    (be32(p->data + 4) != 2 && be32(p->data + 4) != 3) || be32(p->data + 8) != p->n)
		return -1;
	return 0;
}

static void pack_unmap(struct pack *p)
{
	if (p->idx)
		munmap((void *)p->idx, p->idx_len);
	if (p->data)
		munmap((void *)p->data, p->data_len);
}

static void pack_add(struct packset *s, const char *dir, const char *idxname)
{
	char path[PATH_MAX];
	size_t len = strlen(idxname);
	struct pack p;

	memset(&p, 0, sizeof(p));
	/* room for "name.pack" too */
	if (len < 5 || snprintf(path, sizeof(path), "%s/%s", dir, idxname) >= (int)sizeof(path) - 1)
		return;
	p.idx = map_file(path, &p.idx_len);
	memcpy(path + strlen(path) - 4, ".pack", 6);
	if (p.idx)
		p.data = map_file(path, &p.data_len);
	if (!p.idx || !p.data || pack_check(&p) < 0) {
		pack_unmap(&p);
		return; /* its objects are read through libgit2 */
	}
	s->v[s->n++] = p;
}

struct packset *packset_open(const char *objdir)
{
	char dir[PATH_MAX];
	struct packset *s;
	struct dirent *de;
	DIR *d;

	pthread_once(&zl_once, zl_load);
	if (!zl.ok || snprintf(dir, sizeof(dir), "%s/pack", objdir) >= (int)sizeof(dir) ||
	    !(d = opendir(dir)))
		return NULL;
	if (!(s = calloc(1, sizeof(*s))) || !(s->v = calloc(MAX_PACKS, sizeof(*s->v)))) {
		free(s);
		closedir(d);
		return NULL;
	}
	while ((de = readdir(d)) && s->n < MAX_PACKS) {
		size_t len = strlen(de->d_name);

		if (len > 4 && !strcmp(de->d_name + len - 4, ".idx"))
			pack_add(s, dir, de->d_name);
	}
	closedir(d);
	if (!s->n) {
		packset_close(s);
		return NULL;
	}
	return s;
}

void packset_close(struct packset *s)
{
	if (!s)
		return;
	for (size_t k = 0; k < s->n; k++)
		pack_unmap(&s->v[k]);
	free(s->v);
	free(s);
}

/* The object's offset in p, or 0 (not there; a pack's objects start at 12). */
static uint64_t pack_find(const struct pack *p, const unsigned char *oid)
{
	const unsigned char *fan = p->idx + 8;
	uint32_t lo = oid[0] ? be32(fan + 4 * (oid[0] - 1)) : 0, hi = be32(fan + 4 * oid[0]);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = memcmp(p->oids + (size_t)mid * 20, oid, 20);

		if (c < 0) {
			lo = mid + 1;
		} else if (c > 0) {
			hi = mid;
		} else {
			uint32_t o = be32(p->offs + (size_t)mid * 4);
			uint64_t off;

			if (!(o & 0x80000000u))
				return o;
			if ((o & 0x7fffffffu) >= p->nlarge)
				return 0;
			off = (uint64_t)be32(p->large + 8 * (size_t)(o & 0x7fffffffu)) << 32 |
			      be32(p->large + 8 * (size_t)(o & 0x7fffffffu) + 4);
			return off;
		}
	}
	return 0;
}

uint64_t packset_locate(const struct packset *s, const unsigned char *oid)
{
	for (size_t k = 0; s && k < s->n; k++) {
		uint64_t off = pack_find(&s->v[k], oid);

		if (off >= 12 && off < s->v[k].data_len - 20)
			return (uint64_t)k << KEY_SHIFT | off;
	}
	return PACKREAD_NOWHERE;
}

/* ---- a reader ---- */

struct slot {
	uint64_t key;
	char *data; /* NULL: empty */
	size_t len;
};

struct packreader {
	const struct packset *s;
	z_stream z;
	struct slot *slots;
	size_t bytes, budget;
	char *own;   /* the last blob handed out when it is not kept */
	char *delta; /* a delta's bytes, inflated */
	size_t delta_cap;
	struct link {
		uint64_t key, data_off, size;
		int type;
	} *chain;
};

struct packreader *packreader_new(const struct packset *s, size_t cache_bytes)
{
	struct packreader *rd = calloc(1, sizeof(*rd));

	if (!rd)
		return NULL;
	rd->s = s;
	rd->budget = cache_bytes;
	rd->slots = calloc((size_t)1 << SLOTS_LOG, sizeof(*rd->slots));
	rd->chain = malloc(MAX_DEPTH * sizeof(*rd->chain));
	if (!s || !rd->slots || !rd->chain ||
	    zl.init(&rd->z, ZLIB_VERSION, (int)sizeof(rd->z)) != Z_OK) {
		free(rd->slots);
		free(rd->chain);
		free(rd);
		return NULL;
	}
	return rd;
}

static void cache_clear(struct packreader *rd)
{
	for (size_t k = 0; k < (size_t)1 << SLOTS_LOG; k++) {
		free(rd->slots[k].data);
		rd->slots[k].data = NULL;
	}
	rd->bytes = 0;
}

void packreader_free(struct packreader *rd)
{
	if (!rd)
		return;
	cache_clear(rd);
	zl.end(&rd->z);
	free(rd->slots);
	free(rd->chain);
	free(rd->own);
	free(rd->delta);
	free(rd);
}

static struct slot *slot_of(struct packreader *rd, uint64_t key)
{
	return &rd->slots[(key * 0x9E3779B97F4A7C15ull) >> (64 - SLOTS_LOG)];
}

static const struct slot *cache_get(struct packreader *rd, uint64_t key)
{
	const struct slot *sl = slot_of(rd, key);

	return sl->data && sl->key == key ? sl : NULL;
}

/* Keep data (malloc'd) as the object at key: 1 kept (the cache owns it),
 * 0 not (the caller does). What it pushes out is freed. */
static int cache_put(struct packreader *rd, uint64_t key, char *data, size_t len)
{
	struct slot *sl;

	if (len > MAX_CACHED || len > rd->budget)
		return 0;
	sl = slot_of(rd, key);
	if (sl->data) {
		rd->bytes -= sl->len;
		free(sl->data);
		sl->data = NULL;
	}
	if (rd->bytes + len > rd->budget)
		cache_clear(rd);
	*sl = (struct slot){ key, data, len };
	rd->bytes += len;
	return 1;
}

/* The object header at key: its type, size, where its zlib data starts
 * and (a delta) where its base is. 0, or -1. */
static int header(struct packreader *rd, uint64_t key, struct link *out, uint64_t *base)
{
	const struct pack *p;
	const unsigned char *d;
	uint64_t off = key & (((uint64_t)1 << KEY_SHIFT) - 1), end, pos, size;
	unsigned c, shift = 4;

	if ((key >> KEY_SHIFT) >= rd->s->n)
		return -1;
	p = &rd->s->v[key >> KEY_SHIFT];
	d = p->data;
	end = p->data_len - 20; /* the pack's checksum */
	if (off < 12 || off >= end)
		return -1;
	pos = off;
	c = d[pos++];
	out->type = (c >> 4) & 7;
	size = c & 15;
	while (c & 0x80) {
		if (pos >= end || shift > 57)
			return -1;
		c = d[pos++];
		size |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}
	if (out->type == OBJ_OFS) {
		uint64_t rel;

		if (pos >= end)
			return -1;
		c = d[pos++];
		rel = c & 127;
		while (c & 128) {
			if (pos >= end || rel >= ((uint64_t)1 << 48))
				return -1;
			c = d[pos++];
			rel = ((rel + 1) << 7) | (c & 127);
		}
		if (rel == 0 || rel > off - 12)
			return -1;
		*base = (key & ~(((uint64_t)1 << KEY_SHIFT) - 1)) | (off - rel);
	} else if (out->type == OBJ_REF) {
		if (end - pos < 20 || (*base = packset_locate(rd->s, d + pos)) == PACKREAD_NOWHERE)
			return -1;
		pos += 20;
	} else if (out->type < OBJ_COMMIT || out->type > OBJ_TAG) {
		return -1;
	}
	if (size > MAX_OBJECT)
		return -1;
	out->key = key;
	out->data_off = pos;
	out->size = size;
	return 0;
}

/* The zlib data of l inflated into buf (l->size + 1 bytes): exactly
 * l->size bytes and the stream's end. */
static int inflate_to(struct packreader *rd, const struct link *l, char *buf)
{
	const struct pack *p = &rd->s->v[l->key >> KEY_SHIFT];
	uint64_t avail = p->data_len - 20 - l->data_off;
	int rc;

	if (zl.reset(&rd->z) != Z_OK)
		return -1;
	rd->z.next_in = (unsigned char *)p->data + l->data_off;
	rd->z.avail_in = avail > UINT_MAX ? UINT_MAX : (unsigned)avail;
	rd->z.next_out = (unsigned char *)buf;
	rd->z.avail_out = (unsigned)l->size + 1;
	rc = zl.inflate(&rd->z, Z_FINISH);
	if (rc != Z_STREAM_END || rd->z.total_out != l->size)
		return -1;
	buf[l->size] = '\0';
	return 0;
}

static int delta_varint(const unsigned char *d, size_t len, size_t *pos, uint64_t *v)
{
	unsigned shift = 0, c;

	*v = 0;
	do {
		if (*pos >= len || shift > 57)
			return -1;
		c = d[(*pos)++];
		*v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return 0;
}

/* git's delta format applied to base, every copy checked: a malloc'd
 * result (NUL-terminated) in *out, *outlen. */
static int delta_apply(const char *base, size_t blen, const unsigned char *d, size_t dlen,
		       char **out, size_t *outlen)
{
	size_t pos = 0, o = 0;
	uint64_t bsz, rsz;
	char *r;

	if (delta_varint(d, dlen, &pos, &bsz) < 0 || delta_varint(d, dlen, &pos, &rsz) < 0 ||
	    bsz != blen || rsz > MAX_OBJECT || !(r = malloc((size_t)rsz + 1)))
		return -1;
	while (pos < dlen) {
		unsigned c = d[pos++];

		if (c & 0x80) {
			size_t off = 0, sz = 0;

			for (int i = 0; i < 4; i++)
				if (c & (1u << i)) {
					if (pos >= dlen)
						goto bad;
					off |= (size_t)d[pos++] << (8 * i);
				}
			for (int i = 0; i < 3; i++)
				if (c & (0x10u << i)) {
					if (pos >= dlen)
						goto bad;
					sz |= (size_t)d[pos++] << (8 * i);
				}
			if (!sz)
				sz = 0x10000;
			if (off > blen || sz > blen - off || sz > rsz - o)
				goto bad;
			memcpy(r + o, base + off, sz);
			o += sz;
		} else if (c) {
			if (c > dlen - pos || c > rsz - o)
				goto bad;
			memcpy(r + o, d + pos, c);
			pos += c;
			o += c;
		} else {
			goto bad;
		}
	}
	if (o != rsz)
		goto bad;
	r[o] = '\0';
	*out = r;
	*outlen = o;
	return 0;
bad:
	free(r);
	return -1;
}

/* The chain from where down to a kept object or a whole one: its length,
 * or -1; *kept the kept one (NULL: the last link is whole). */
static int chain_of(struct packreader *rd, uint64_t where, const struct slot **kept)
{
	uint64_t key = where, base = 0;
	int n = 0;

	*kept = NULL;
	for (;;) {
		struct link *l = &rd->chain[n];

		if ((*kept = cache_get(rd, key)) != NULL)
			return n;
		if (n == MAX_DEPTH || header(rd, key, l, &base) < 0)
			return -1;
		n++;
		if (l->type != OBJ_OFS && l->type != OBJ_REF)
			return l->type == OBJ_BLOB ? n : -1;
		key = base;
	}
}

/* The object at where, resolved: *data (kept by the cache, or *owned set
 * and the caller frees it). */
static int resolve(struct packreader *rd, uint64_t where, char **data, size_t *len, int *owned)
{
	const struct slot *kept;
	char *cur;
	size_t curlen;
	int n = chain_of(rd, where, &kept), i, cur_owned = 0;

	if (n < 0)
		return -1;
	if (kept) {
		cur = kept->data;
		curlen = kept->len;
		i = n - 1;
	} else {
		const struct link *l = &rd->chain[n - 1];

		if (!(cur = malloc((size_t)l->size + 1)) || inflate_to(rd, l, cur) < 0) {
			free(cur);
			return -1;
		}
		curlen = (size_t)l->size;
		cur_owned = !cache_put(rd, l->key, cur, curlen);
		i = n - 2;
	}
	for (; i >= 0; i--) {
		const struct link *l = &rd->chain[i];
		char *next;
		size_t nextlen;

		if (rd->delta_cap < l->size + 1) {
			char *b = realloc(rd->delta, (size_t)l->size + 1);

			if (!b)
				goto fail;
			rd->delta = b;
			rd->delta_cap = (size_t)l->size + 1;
		}
		if (inflate_to(rd, l, rd->delta) < 0 ||
		    delta_apply(cur, curlen, (unsigned char *)rd->delta, (size_t)l->size, &next,
				&nextlen) < 0)
			goto fail;
		if (cur_owned)
			free(cur);
		cur = next;
		curlen = nextlen;
		cur_owned = !cache_put(rd, l->key, cur, curlen);
	}
	*data = cur;
	*len = curlen;
	*owned = cur_owned;
	return 0;
fail:
	if (cur_owned)
		free(cur);
	return -1;
}

int packreader_blob(struct packreader *rd, const unsigned char *oid, uint64_t where,
		    const char **data, size_t *len)
{
	char *d;
	size_t n;
	int owned = 0;
	git_oid want, got;

	if (!rd)
		return -1;
	free(rd->own);
	rd->own = NULL;
	if (where == PACKREAD_NOWHERE || resolve(rd, where, &d, &n, &owned) < 0)
		return -1;
	if (owned)
		rd->own = d;
	/* Only what hashes to the id asked for leaves this reader. */
	memcpy(want.id, oid, GIT_OID_RAWSZ);
	if (git_odb_hash(&got, d, n, GIT_OBJECT_BLOB) < 0 || git_oid_cmp(&got, &want))
		return -1;
	*data = d;
	*len = n;
	return 0;
}
