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

#endif
