/* Growable byte buffer (see sbuf.h). */
#include "sbuf.h"

#include <stdlib.h>
#include <string.h>

void sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(ns = realloc(b->s, cap))) {
			b->failed = 1;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

int array_grow(void *arrayp, size_t *cap, size_t n, size_t elem, size_t first)
{
	size_t ncap;
	void *v;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : first;
	memcpy(&v, arrayp, sizeof(v));
	if (!(v = realloc(v, ncap * elem)))
		return -1;
	memcpy(arrayp, &v, sizeof(v));
	*cap = ncap;
	return 0;
}
