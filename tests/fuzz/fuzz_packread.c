/* libFuzzer target: storage/packread.c, the reader of a clone's packs (which
 * come from another PC: hostile input) that resolves delta chains itself.
 *
 * Input: one flag byte, the index's length (4 bytes, big-endian), a pack
 * index (version 2), then the pack. The two are copied into buffers of
 * their own exact sizes (so that a read past either end is caught) and
 * made a packset in memory, as pack_add does after mapping the files; the
 * flags set the reader's cache budget and whether the pack is in the set
 * twice (a REF_DELTA's base may then be in the other pack).
 *
 * Each id the index lists is asked for, in index order, then again in
 * reverse (hits and evictions of the cache), then at the place of another
 * id. Property: no crash, no read out of bounds, no leak, and a blob handed
 * out is NUL-terminated and its content hashes (this target's own SHA-1
 * of "blob <len>\0<data>", not libgit2's) to the id asked for. The static
 * functions are reached by including storage/packread.c. */
#include "../../storage/packread.c"

#include <stdint.h>

#include "fuzz_common.h"

#define MAX_ASKED 256

/* ---- SHA-1 (FIPS 180-4), independent of libgit2's ---- */

struct sha1 {
	uint32_t h[5];
	unsigned char buf[64];
	uint64_t len;
};

static uint32_t rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static void sha1_block(struct sha1 *c, const unsigned char *p)
{
	uint32_t w[80], a = c->h[0], b = c->h[1], d = c->h[3], e = c->h[4], cc = c->h[2];

	for (int i = 0; i < 16; i++)
		w[i] = be32(p + 4 * i);
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k, t;

		if (i < 20) {
			f = (b & cc) | (~b & d);
			k = 0x5A827999;
		} else if (i < 40) {
			f = b ^ cc ^ d;
			k = 0x6ED9EBA1;
		} else if (i < 60) {
			f = (b & cc) | (b & d) | (cc & d);
			k = 0x8F1BBCDC;
		} else {
			f = b ^ cc ^ d;
			k = 0xCA62C1D6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = cc;
		cc = rol(b, 30);
		b = a;
		a = t;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
}

static void sha1_init(struct sha1 *c)
{
	static const uint32_t h0[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476,
					0xC3D2E1F0 };

	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
}

static void sha1_add(struct sha1 *c, const void *data, size_t n)
{
	const unsigned char *p = data;

	while (n) {
		size_t used = c->len % 64, take = 64 - used < n ? 64 - used : n;

		memcpy(c->buf + used, p, take);
		c->len += take;
		p += take;
		n -= take;
		if (c->len % 64 == 0)
			sha1_block(c, c->buf);
	}
}

static void sha1_end(struct sha1 *c, unsigned char out[20])
{
	uint64_t bits = c->len * 8;
	unsigned char pad = 0x80, zero = 0, lenb[8];

	sha1_add(c, &pad, 1);
	while (c->len % 64 != 56)
		sha1_add(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_add(c, lenb, 8);
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (unsigned char)(c->h[i] >> (24 - 8 * j));
}

static void blob_id(const char *data, size_t len, unsigned char out[20])
{
	char hdr[32];
	int n = snprintf(hdr, sizeof(hdr), "blob %zu", len);
	struct sha1 c;

	sha1_init(&c);
	sha1_add(&c, hdr, (size_t)n + 1);
	sha1_add(&c, data, len);
	sha1_end(&c, out);
}

/* ---- the target ---- */

static void ask(struct packreader *rd, const unsigned char *oid, uint64_t where)
{
	const char *data = NULL;
	size_t len = 0;
	unsigned char got[20];

	if (packreader_blob(rd, oid, where, &data, &len) < 0)
		return;
	FUZZ_ASSERT(data != NULL && len <= MAX_OBJECT, "a blob of %zu bytes", len);
	FUZZ_ASSERT(data[len] == '\0', "a blob not NUL-terminated");
	blob_id(data, len, got);
	FUZZ_ASSERT(!memcmp(got, oid, 20), "a blob that does not hash to its id");
}

static void run(const struct packset *s, size_t budget)
{
	const struct pack *p = &s->v[0];
	struct packreader *rd = packreader_new(s, budget);
	size_t n = p->n < MAX_ASKED ? p->n : MAX_ASKED;
	unsigned char oids[MAX_ASKED][20];
	uint64_t where[MAX_ASKED];

	FUZZ_ASSERT(rd != NULL, "no reader");
	for (size_t i = 0; i < n; i++) {
		memcpy(oids[i], p->oids + 20 * i, 20);
		where[i] = packset_locate(s, oids[i]);
		ask(rd, oids[i], where[i]);
	}
	for (size_t i = n; i-- > 0;)
		ask(rd, oids[i], where[i]);
	/* An id asked for at another object's place must not come out. */
	for (size_t i = 0; i + 1 < n; i++)
		ask(rd, oids[i + 1], where[i]);
	ask(rd, oids[0], PACKREAD_NOWHERE);
	/* The same objects in the second copy of the pack. */
	for (size_t i = 0; s->n > 1 && i < n; i++)
		if (where[i] != PACKREAD_NOWHERE)
			ask(rd, oids[i], where[i] + ((uint64_t)1 << KEY_SHIFT));
	packreader_free(rd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t budgets[4] = { 0, 100, 2048, (size_t)64 << 20 };
	struct pack packs[2];
	struct packset s = { packs, 1 };
	unsigned char *idx, *pack;
	size_t ilen, plen;

	pthread_once(&zl_once, zl_load);
	FUZZ_ASSERT(zl.ok, "no zlib");
	if (size < 5)
		return 0;
	ilen = be32(data + 1);
	if (ilen > size - 5)
		return 0;
	plen = size - 5 - ilen;
	/* Exact sizes (never 0: malloc(0) may give NULL). */
	idx = malloc(ilen ? ilen : 1);
	pack = malloc(plen ? plen : 1);
	FUZZ_ASSERT(idx && pack, "out of memory");
	memcpy(idx, data + 5, ilen);
	memcpy(pack, data + 5 + ilen, plen);
	memset(&packs[0], 0, sizeof(packs[0]));
	packs[0].idx = idx;
	packs[0].idx_len = ilen;
	packs[0].data = pack;
	packs[0].data_len = plen;
	if (pack_check(&packs[0]) == 0) {
		packs[1] = packs[0];
		s.n = data[0] & 4 ? 2 : 1;
		run(&s, budgets[data[0] & 3]);
	}
	free(idx);
	free(pack);
	return 0;
}
