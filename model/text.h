/* UTF-8 text for terminals and reports, independent of the locale:
 * East Asian Wide and Fullwidth characters take two columns, combining
 * marks none, everything else one. (The interface may use wcwidth instead,
 * where the terminal's own idea of widths matters.) */
#ifndef GGW_TEXT_H
#define GGW_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decode one code point at s (n bytes available). Returns bytes used (1..4)
 * and sets *cp; invalid input gives 1 byte and U+FFFD. n == 0 returns 0. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The same, strict: returns 0 (and leaves *cp alone) when the bytes at s
 * are not valid UTF-8: overlong forms, surrogates, values over U+10FFFF,
 * a sequence cut short. n == 0 returns 0. */
size_t utf8_decode_strict(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (>= 4 bytes); returns bytes written. */
size_t utf8_encode(uint32_t cp, char *out);
int cp_width(uint32_t cp);                 /* 0, 1 or 2 */
size_t text_width(const char *s);          /* columns of a NUL-terminated string */
size_t text_width_n(const char *s, size_t n);
/* Copy s into out (size len) cut to at most cols columns, never cutting a
 * character in half; if cut, the last column is "…" (width 1). Returns the
 * columns used. Newlines and tabs become spaces. */
size_t text_fit(const char *s, size_t cols, char *out, size_t len);
/* fputs s then spaces up to cols columns (left aligned); cut with "…" when
 * wider. For aligned tables in the terminal, Markdown, reports. */
void text_pad(FILE *f, const char *s, size_t cols);
/* A copy of the n bytes at s without leading and trailing spaces: ASCII
 * space, tab, CR, LF and U+3000 (the ideographic space a Chinese input
 * method types). NULL when out of memory. */
char *text_trim_dup(const char *s, size_t n);
/* Case-insensitive (ASCII) substring search; NULL if absent. */
const char *text_find(const char *haystack, const char *needle);

#endif
