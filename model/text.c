/* Terminal widths of UTF-8 text without the locale (see text.h). */
#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

size_t utf8_decode_strict_any(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

struct range {
	uint32_t lo, hi;
};

/* Combining marks and invisible format characters (no column). Checked
 * before the wide table: a few (U+302A-302D, U+3099-309A) sit inside wide
 * blocks. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0610, 0x061A },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC }, { 0x06DF, 0x06E4 },
	{ 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A },
	{ 0x0E47, 0x0E4E }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF }, { 0x200B, 0x200F },
	{ 0x202A, 0x202E }, { 0x2060, 0x2064 }, { 0x20D0, 0x20FF }, { 0x302A, 0x302D },
	{ 0x3099, 0x309A }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	{ 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};

/* East Asian Wide and Fullwidth (two columns). */
static const struct range wide[] = {
	{ 0x1100, 0x115F },   /* Hangul Jamo initials */
	{ 0x231A, 0x231B },   { 0x2329, 0x232A }, { 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 },
	{ 0x23F3, 0x23F3 },   { 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267F, 0x267F },   { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 }, { 0x26AA, 0x26AB },
	{ 0x26BD, 0x26BE },   { 0x26C4, 0x26C5 }, { 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 },
	{ 0x26EA, 0x26EA },   { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD },   { 0x2705, 0x2705 }, { 0x270A, 0x270B }, { 0x2728, 0x2728 },
	{ 0x274C, 0x274C },   { 0x274E, 0x274E }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 },
	{ 0x2795, 0x2797 },   { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 },   { 0x2B55, 0x2B55 },
	{ 0x2E80, 0x303F },   /* CJK radicals, Kangxi, ideographic description, CJK punctuation */
	{ 0x3041, 0x33FF },   /* kana, bopomofo, Hangul compatibility, kanbun, CJK compatibility */
	{ 0x3400, 0x4DBF },   /* CJK extension A */
	{ 0x4DC0, 0x4DFF },   /* Yijing hexagrams */
	{ 0x4E00, 0x9FFF },   /* CJK unified ideographs */
	{ 0xA000, 0xA4CF },   /* Yi */
	{ 0xA960, 0xA97F },   /* Hangul Jamo extended A */
	{ 0xAC00, 0xD7A3 },   /* Hangul syllables */
	{ 0xF900, 0xFAFF },   /* CJK compatibility ideographs */
	{ 0xFE10, 0xFE19 },   /* vertical forms */
	{ 0xFE30, 0xFE6F },   /* CJK compatibility and small forms */
	{ 0xFF00, 0xFF60 },   /* fullwidth forms */
	{ 0xFFE0, 0xFFE6 },   /* fullwidth signs */
	{ 0x16FE0, 0x16FE4 }, { 0x16FF0, 0x16FF1 }, { 0x17000, 0x18D08 }, { 0x1AFF0, 0x1B2FF },
	{ 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E },
	{ 0x1F191, 0x1F19A }, { 0x1F200, 0x1F2FF },
	{ 0x1F300, 0x1FAFF }, /* emoji and pictographs */
	{ 0x20000, 0x2FFFD }, /* CJK extensions B-F, compatibility supplement */
	{ 0x30000, 0x3FFFD }, /* CJK extensions G-H */
};

static int in_table(const struct range *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	if (cp < t[0].lo || cp > t[n - 1].hi)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp > t[mid].hi)
			lo = mid + 1;
		else if (cp < t[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (cp >= 0x4E00 && cp <= 0x9FFF) /* the common case: a Chinese character */
		return 2;
	if (in_table(zero_width, sizeof(zero_width) / sizeof(zero_width[0]), cp))
		return 0;
	if (in_table(wide, sizeof(wide) / sizeof(wide[0]), cp))
		return 2;
	return 1;
}

size_t text_width_n(const char *s, size_t n)
{
	size_t i = 0, cols = 0, k;
	uint32_t cp;

	while (i < n && s[i]) {
		const unsigned char *u = (const unsigned char *)s + i;

		if (u[0] >= 0x20 && u[0] < 0x7f) {
			cols++; /* printable ASCII: one column */
			i++;
			continue;
		}
		if (u[0] >= 0xe0 && u[0] <= 0xef && n - i >= 3 && (u[1] & 0xc0) == 0x80 &&
		    (u[2] & 0xc0) == 0x80) { /* three bytes (Chinese), decoded here */
			cp = ((uint32_t)(u[0] & 0x0f) << 12) | ((uint32_t)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
			if (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) {
				cols += (size_t)cp_width(cp);
				i += 3;
				continue;
			}
		}
		k = utf8_decode(s + i, n - i, &cp);
		cols += (size_t)cp_width(cp);
		i += k;
	}
	return cols;
}

size_t text_width(const char *s)
{
	return s ? text_width_n(s, strlen(s)) : 0;
}

/* Copy whole characters of s while they fit in cols columns and room-1
 * bytes; controls become spaces. Returns bytes written (out not
 * terminated), sets *used to the columns and *rest to bytes of s left. */
static size_t fit_copy(const char *s, size_t cols, char *out, size_t room,
		       size_t *used, size_t *rest)
{
	size_t i = 0, o = 0, n = strlen(s), k, w, cu = 0;
	uint32_t cp;
	char enc[4];

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7F)
			cp = ' ';
		w = (size_t)cp_width(cp);
		/* an invalid byte is shown as U+FFFD: re-encode, never copy it */
		if (cu + w > cols)
			break;
		{
			size_t e = utf8_encode(cp, enc);

			if (o + e + 1 > room)
				break;
			memcpy(out + o, enc, e);
			o += e;
		}
		cu += w;
		i += k;
	}
	*used = cu;
	*rest = n - i;
	return o;
}

size_t text_fit(const char *s, size_t cols, char *out, size_t len)
{
	static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026, one column */
	size_t used, rest, o;

	if (!out || len == 0)
		return 0;
	out[0] = '\0';
	if (!s)
		return 0;
	o = fit_copy(s, cols, out, len, &used, &rest);
	if (rest == 0) {
		out[o] = '\0';
		return used;
	}
	if (cols == 0 || len < sizeof(ellipsis) + 1) {
		out[o] = '\0';
		return used;
	}
	/* cut: leave one column and three bytes for the ellipsis */
	o = fit_copy(s, cols - 1, out, len - (sizeof(ellipsis) - 1), &used, &rest);
	memcpy(out + o, ellipsis, sizeof(ellipsis));
	return used + 1;
}

void text_pad(FILE *f, const char *s, size_t cols)
{
	char small[512], *buf = small;
	size_t need = (s ? strlen(s) : 0) * 3 + 8, used;

	if (need > sizeof(small)) {
		buf = malloc(need);
		if (!buf) {
			fputs(s, f);
			return;
		}
	}
	used = text_fit(s ? s : "", cols, buf, need > sizeof(small) ? need : sizeof(small));
	fputs(buf, f);
	for (; used < cols; used++)
		fputc(' ', f);
	if (buf != small)
		free(buf);
}

const char *text_find(const char *haystack, const char *needle)
{
	size_t n, i;

	if (!haystack || !needle)
		return NULL;
	n = strlen(needle);
	if (n == 0)
		return haystack;
	for (; *haystack; haystack++) {
		for (i = 0; i < n; i++) {
			unsigned char a = (unsigned char)haystack[i], b = (unsigned char)needle[i];

			if (!a)
				return NULL;
			if (a < 0x80)
				a = (unsigned char)tolower(a);
			if (b < 0x80)
				b = (unsigned char)tolower(b);
			if (a != b)
				break;
		}
		if (i == n)
			return haystack;
	}
	return NULL;
}

/* ---------------------------------------------------------------- wrapping */

int cp_no_line_start(uint32_t cp)
{
	static const uint32_t list[] = {
		0xff0c, 0x3002, 0x3001, 0xff1b, 0xff1a, 0xff1f, 0xff01, 0xff09, 0x300b,
		0x3009, 0x300d, 0x300f, 0x3011, 0x3015, 0x3017, 0x201d, 0x2019, 0x2026,
		0x2014, 0xff5e, 0x00b7, 0x30fb, 0xff0e, 0xff3d, 0xff5d, 0xff60, 0x3005,
		',', '.', ';', ':', '?', '!', ')', ']', '}', '%', 0
	};
	for (size_t i = 0; list[i]; i++)
		if (list[i] == cp)
			return 1;
	return 0;
}

int cp_no_line_end(uint32_t cp)
{
	static const uint32_t list[] = {
		0x201c, 0x2018, 0xff08, 0x300a, 0x3008, 0x300c, 0x300e, 0x3010, 0x3014,
		0x3016, 0xff3b, 0xff5b, 0xff5f, '(', '[', '{', 0
	};
	for (size_t i = 0; list[i]; i++)
		if (list[i] == cp)
			return 1;
	return 0;
}

static int wrap_word_char(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 'A' && cp <= 'Z') || cp == '-' || cp == '_';
}

/* Start of the character before byte offset pos (pos > 0). */
static size_t char_before(const char *s, size_t pos)
{
	do
		pos--;
	while (pos > 0 && ((unsigned char)s[pos] & 0xc0) == 0x80);
	return pos;
}

static uint32_t cp_at(const char *s, size_t n, size_t pos)
{
	uint32_t cp = 0;

	utf8_decode(s + pos, n - pos, &cp);
	return cp;
}

/* Where to end a line that would overflow at pos, within s[start..pos):
 * not before a closing mark, not after an opening one, not inside a word.
 * pos itself when no such place exists (a line of nothing but marks). */
static size_t wrap_cut(const char *s, size_t n, size_t start, size_t pos)
{
	size_t cut = pos, before;

	while (cut > start) {
		uint32_t next = cut < n ? cp_at(s, n, cut) : 0, last;

		before = char_before(s, cut);
		last = cp_at(s, n, before);
		if (cp_no_line_start(next) || cp_no_line_end(last) ||
		    (wrap_word_char(next) && wrap_word_char(last))) {
			cut = before;
			continue;
		}
		return cut;
	}
	return pos;
}

static int wrap_width(int (*width)(uint32_t), uint32_t cp)
{
	return width ? width(cp) : cp_width(cp);
}

void text_wrap(const char *s, int cols, int (*width)(uint32_t cp),
	       void (*out)(const char *line, size_t n, void *d), void *d)
{
	size_t n = strlen(s), pos = 0, start = 0, used;
	int c = 0, w;
	uint32_t cp;

	if (cols < 2)
		cols = 2;
	while (pos < n) {
		used = utf8_decode(s + pos, n - pos, &cp);
		if (cp == '\n') {
			out(s + start, pos - start, d);
			pos += used;
			start = pos;
			c = 0;
			continue;
		}
		w = wrap_width(width, cp);
		if (c + w > cols && pos > start) {
			size_t cut = wrap_cut(s, n, start, pos);

			out(s + start, cut - start, d);
			start = cut;
			c = 0;
			for (size_t k = start; k < pos;) {
				uint32_t x;

				k += utf8_decode(s + k, pos - k, &x);
				c += wrap_width(width, x);
			}
			continue; /* what moved down may not leave room for cp */
		}
		c += w;
		pos += used;
	}
	if (pos > start || n == 0)
		out(s + start, pos - start, d);
}

static size_t space_at(const char *s, size_t n)
{
	if (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		return 1;
	return n >= 3 && !memcmp(s, "\xe3\x80\x80", 3) ? 3 : 0;
}

static size_t space_before(const char *s, size_t n)
{
	if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		return 1;
	return n >= 3 && !memcmp(s + n - 3, "\xe3\x80\x80", 3) ? 3 : 0;
}

char *text_trim_dup(const char *s, size_t n)
{
	size_t k;

	while ((k = space_at(s, n)) > 0) {
		s += k;
		n -= k;
	}
	while ((k = space_before(s, n)) > 0)
		n -= k;
	return strndup(s, n);
}
