/* Escaping controls for terminals (see safetext.h). */
#include "safetext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int safe_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int safe_find_control(const char *s, size_t n, int allow_layout, uint32_t *cp)
{
	size_t i = 0;
	uint32_t c;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &c);
		if (safe_is_control(c) && !(allow_layout && (c == '\n' || c == '\t'))) {
			*cp = c;
			return 1;
		}
	}
	return 0;
}

static void add_byte_escape(struct sbuf *out, unsigned char c)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "\\x%02x", c);
	sb_add(out, buf);
}

/* Bytes a UTF-8 sequence starting with lead c needs, 0 if c can't lead. */
static size_t seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* 1 if the 8 bytes at p are all printable ASCII (0x20..0x7e): a word at
 * a time, for the long runs of a listing. */
static int printable8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t x, del;

	memcpy(&x, p, 8);
	del = x ^ (0x7f * ones);
	return !((x & highs) | ((x - 0x20 * ones) & ~x & highs) | ((del - ones) & ~del & highs));
}

/* The high bit of each zero byte of v, exactly (no borrow between
 * bytes). */
static uint64_t zero_bytes(uint64_t v)
{
	const uint64_t lows = 0x7f7f7f7f7f7f7f7fULL;

	return ~(((v & lows) + lows) | v | lows);
}

/* The high bit of each byte of the word x that may need the full escape:
 * a C0 control but newline and tab, DEL, 0xc2 (C1 controls lead) or 0xe2
 * (bidi controls lead); 0 if none. */
static uint64_t word_flags(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, lows = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t below20 = ~(((x & lows) + 0x6060606060606060ULL) | x | lows);

	below20 &= ~(zero_bytes(x ^ ('\n' * ones)) | zero_bytes(x ^ ('\t' * ones)));
	return below20 | zero_bytes(x ^ (0x7f * ones)) | zero_bytes(x ^ (0xc2 * ones)) |
	       zero_bytes(x ^ (0xe2 * ones));
}

/* Bytes of the flagged byte at s[0] (n > 0 left) that may pass the cheap
 * check, 0 if it needs the full escape (or is cut by the end). */
static size_t flagged_ok(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c == '\n' || c == '\t')
		return 1;
	if (c == '\r')
		return n >= 2 && s[1] == '\n' ? 2 : 0;
	if (c == 0xc2) /* U+0080-U+00BF: C1 below U+00A0 */
		return n >= 2 && s[1] >= 0xa0 && s[1] <= 0xbf ? 2 : 0;
	if (c == 0xe2) { /* U+2000-U+2FFF: bidi at U+202A-E and U+2066-9 */
		if (n < 3 || (s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae) ||
		    (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9))
			return 0;
		return 3;
	}
	if (c < 0x20 || c == 0x7f)
		return 0;
	return 1;
}

size_t safe_checked_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, end = n;

	/* A sequence cut by the end of s waits for the full escape. */
	for (size_t k = 1; k <= 3 && k <= n; k++)
		if ((u[n - k] & 0xc0) != 0x80) {
			if (u[n - k] >= 0xc0 && seq_len(u[n - k]) > k)
				end = n - k;
			break;
		}
	while (i < end) {
		size_t ok;

		if (i + 8 <= end) {
			uint64_t x, flags;

			memcpy(&x, u + i, 8);
			if (!(flags = word_flags(x))) {
				i += 8;
				continue;
			}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			i += (size_t)__builtin_ctzll(flags) / 8; /* the first flagged byte */
#endif
		}
		if (u[i] >= 0x20 && u[i] != 0x7f && u[i] != 0xc2 && u[i] != 0xe2) {
			i++;
			continue;
		}
		if (!(ok = flagged_ok(u + i, end - i)))
			break;
		i += ok;
	}
	return i < end ? i : end;
}

/* Escape s[0..n); returns the bytes handled. Unless final, a cut UTF-8
 * sequence or a CR at the very end is left for the caller to keep. */
static size_t scan(const char *s, size_t n, int keep_layout, int final, struct sbuf *out)
{
	size_t i = 0, start = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t used;

		if (c >= 0x20 && c < 0x7f) {
			for (i++; i + 8 <= n && printable8(s + i); i += 8)
				;
			continue;
		}
		if (c < 0x80) {
			if (keep_layout && (c == '\n' || c == '\t')) {
				i++;
				continue;
			}
			if (keep_layout && c == '\r' && i + 1 == n && !final)
				break; /* its newline may come next */
			if (keep_layout && c == '\r' && i + 1 < n && s[i + 1] == '\n') {
				i += 2;
				continue;
			}
			sb_addn(out, s + start, i - start);
			add_byte_escape(out, c);
			start = ++i;
			continue;
		}
		/* Most text is Chinese: a well-formed three-byte character
		 * outside U+2000-U+2FFF (lead 0xe2, where the bidi controls
		 * are) is never a control. */
		if (c >= 0xe0 && c <= 0xef && c != 0xe2 && n - i >= 3 &&
		    ((unsigned char)s[i + 1] & 0xc0) == 0x80 && ((unsigned char)s[i + 2] & 0xc0) == 0x80 &&
		    (c != 0xe0 || (unsigned char)s[i + 1] >= 0xa0) &&
		    (c != 0xed || (unsigned char)s[i + 1] < 0xa0)) {
			i += 3;
			continue;
		}
		used = utf8_decode_strict(s + i, n - i, &cp);
		if (!used && !final && seq_len(c) > n - i) {
			/* Possibly a sequence cut short: wait for more, if
			 * the bytes so far are its continuation bytes. */
			size_t k;

			for (k = 1; k < n - i && ((unsigned char)s[i + k] & 0xc0) == 0x80; k++)
				;
			if (k == n - i)
				break;
		}
		if (!used) {
			sb_addn(out, s + start, i - start);
			add_byte_escape(out, c);
			start = ++i;
			continue;
		}
		if (safe_is_control(cp)) {
			char buf[12];

			sb_addn(out, s + start, i - start);
			snprintf(buf, sizeof(buf), "\\u%04x", (unsigned)cp);
			sb_add(out, buf);
			start = i + used;
		}
		i += used;
	}
	sb_addn(out, s + start, i - start);
	return i;
}

void safe_text(const char *s, size_t n, int keep_layout, struct sbuf *out)
{
	scan(s, n, keep_layout, 1, out);
}

/* Handle pend + s as one piece; what is still cut goes back to pend. */
void safe_stream_feed(struct safe_stream *st, const char *s, size_t n, struct sbuf *out)
{
	const char *p = s;
	size_t len = n, done;
	char *joined = NULL;

	if (st->npend) {
		if (!(joined = malloc(st->npend + n))) {
			out->failed = 1;
			return;
		}
		memcpy(joined, st->pend, st->npend);
		memcpy(joined + st->npend, s, n);
		p = joined;
		len = st->npend + n;
	}
	done = scan(p, len, 1, 0, out);
	st->npend = len - done; /* < 4 by construction of scan */
	memmove(st->pend, p + done, st->npend);
	free(joined);
}

void safe_stream_end(struct safe_stream *st, struct sbuf *out)
{
	if (st->npend)
		scan(st->pend, st->npend, 1, 1, out);
	st->npend = 0;
}
