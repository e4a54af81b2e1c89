/* A growable NUL-terminated byte buffer. Start from `struct sbuf b = {0}`;
 * appends never fail loudly: after an allocation failure `failed` is set,
 * later appends do nothing, and the caller checks `failed` once at the end.
 * The caller frees `s`. Bytes may include NULs (len counts them). */
#ifndef GGW_SBUF_H
#define GGW_SBUF_H

#include <stddef.h>

struct sbuf {
	char *s;
	size_t len, cap;
	int failed;
};

void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_add(struct sbuf *b, const char *s);
/* Append printf-style text, whole (never cut short). */
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Room for one more element in the array *arrayp (a pointer to any element
 * pointer) holding n elements of elem bytes: when n reaches *cap, realloc
 * to twice *cap (first when 0). 0, or -1 with the array unchanged. */
int array_grow(void *arrayp, size_t *cap, size_t n, size_t elem, size_t first);

#endif
