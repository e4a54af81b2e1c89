/* UTF-8 text for terminals and reports, independent of the locale:
 * East Asian Wide and Fullwidth characters take two columns, combining
 * marks none, everything else one. (The interface may use wcwidth instead,
 * where the terminal's own idea of widths matters.) */
#ifndef GGW_TEXT_H
#define GGW_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Decode one code point at s (n bytes available), strictly: returns the
 * bytes used (1..4) and sets *cp, or returns 0 (and leaves *cp alone) when
 * the bytes at s are not valid UTF-8: overlong forms, surrogates, values
 * over U+10FFFF, a sequence cut short. n == 0 returns 0.
 * utf8_decode_strict_any is the whole decoder; records are ASCII keys and
 * Chinese text, decoded a character at a time by every check, so the two
 * common shapes are decoded in line. */
size_t utf8_decode_strict_any(const char *s, size_t n, uint32_t *cp);
static inline size_t utf8_decode_strict(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;

	if (n && s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* Three bytes whose lead rules out overlong forms (0xE0) and
	 * surrogates (0xED): U+1000..U+CFFF and U+E000..U+FFFF. */
	if (n >= 3 && s[0] >= 0xE1 && s[0] <= 0xEF && s[0] != 0xED && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	return utf8_decode_strict_any(str, n, cp);
}
/* The same, lenient: invalid input gives 1 byte and U+FFFD. */
static inline size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	size_t len;

	if (n == 0)
		return 0;
	if ((len = utf8_decode_strict(s, n, cp)) == 0) {
		*cp = 0xFFFD;
		len = 1;
	}
	return len;
}
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

/* Characters that must not begin a line (，。、；：？！”）》 and ASCII
 * closing punctuation) and that must not end one (“（《「 ...): 避头尾. */
int cp_no_line_start(uint32_t cp);
int cp_no_line_end(uint32_t cp);
/* Wrap s to lines of at most cols columns, calling out for each line
 * (without its newline; s's own newlines end lines). Lines break between
 * any two Chinese characters, but never inside an ASCII word or number,
 * never before a character of cp_no_line_start nor after one of
 * cp_no_line_end (those move down with their neighbour), unless a line
 * would hold nothing else. width gives a character's columns (NULL:
 * cp_width). */
void text_wrap(const char *s, int cols, int (*width)(uint32_t cp),
	       void (*out)(const char *line, size_t n, void *d), void *d);

#endif
