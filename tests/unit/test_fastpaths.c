/* The read side's fast paths (issue 15) give what the slow paths gave:
 * model/safetext.c's word-at-a-time ASCII and three-byte runs against a
 * byte-by-byte reference, whole and as a stream cut anywhere;
 * model/text.c's text_width against the decoder and cp_width; the dated
 * id check (model/rectype.c) without snprintf; the cheap check of text
 * escaped already (safe_checked_prefix) lets no control through. Random strings over an
 * alphabet of the bytes that matter (controls, DEL, bidi controls,
 * overlong and surrogate sequences, C1, cut sequences, CJK). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../model/rectype.h"
#include "../../model/safetext.h"
#include "../../model/text.h"

static const char *const pieces[] = {
	"a", "Z", " ", "~", "0123456789abcdef", "\x7f", "\x1f", "\n", "\t", "\r", "\r\n",
	"\xe4\xb8\xad", "\xe6\x96\x87", "\xef\xbc\x88", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x80\xa6",
	"\xe2\x80\xaa", "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\xa9", "\xe2\x81\xaa", "\xc2\x9f",
	"\xe0\x80\x80", "\xe0\xa0\x80", "\xed\xa0\x80", "\xed\x9f\xbf", "\xc2\x85", "\xc2\xa0",
	"\xe4\xb8", "\xe4", "\x80", "\xff", "\xf0\x9f\x98\x80", "\xf0\x9f", "\xee\x80\x80",
};

static size_t random_text(char *buf, size_t room, unsigned *seed)
{
	size_t n = 0, k = (size_t)(rand_r(seed) % 40);

	for (size_t i = 0; i < k; i++) {
		const char *p = pieces[rand_r(seed) % (sizeof(pieces) / sizeof(pieces[0]))];
		size_t len = strlen(p);

		if (n + len >= room)
			break;
		memcpy(buf + n, p, len);
		n += len;
	}
	buf[n] = '\0';
	return n;
}

/* The escaping as the code did it before the fast paths, byte by byte. */
static void reference(const char *s, size_t n, int keep_layout, struct sbuf *out)
{
	char buf[16];

	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t used;

		if (c < 0x80) {
			if ((c >= 0x20 && c < 0x7f) || (keep_layout && (c == '\n' || c == '\t'))) {
				sb_addn(out, s + i, 1);
				i++;
			} else if (keep_layout && c == '\r' && i + 1 < n && s[i + 1] == '\n') {
				sb_addn(out, s + i, 2);
				i += 2;
			} else {
				snprintf(buf, sizeof(buf), "\\x%02x", c);
				sb_add(out, buf);
				i++;
			}
			continue;
		}
		if (!(used = utf8_decode_strict(s + i, n - i, &cp))) {
			snprintf(buf, sizeof(buf), "\\x%02x", c);
			sb_add(out, buf);
			i++;
		} else if (safe_is_control(cp)) {
			snprintf(buf, sizeof(buf), "\\u%04x", (unsigned)cp);
			sb_add(out, buf);
			i += used;
		} else {
			sb_addn(out, s + i, used);
			i += used;
		}
	}
	sb_add(out, "");
}

static void test_escaping_agrees(void **state)
{
	unsigned seed = 15;
	char text[512];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = random_text(text, sizeof(text), &seed);
		int layout = round & 1;
		struct sbuf want = { 0 }, whole = { 0 }, stream = { 0 };
		struct safe_stream st = { .npend = 0 };

		reference(text, n, layout, &want);
		safe_text(text, n, layout, &whole);
		sb_add(&whole, "");
		assert_string_equal(whole.s, want.s);
		if (layout) { /* the stream keeps layout; cut it at random points */
			for (size_t at = 0; at < n;) {
				size_t k = 1 + (size_t)(rand_r(&seed) % 9);

				if (k > n - at)
					k = n - at;
				safe_stream_feed(&st, text + at, k, &stream);
				at += k;
			}
			safe_stream_end(&st, &stream);
			sb_add(&stream, "");
			assert_string_equal(stream.s, want.s);
		}
		free(want.s);
		free(whole.s);
		free(stream.s);
	}
}

/* safe_checked_prefix (the cheap check of text escaped already) lets no
 * control through: every C0 byte in what it passes is a newline, a tab
 * or a CR before a newline; no whole sequence in it decodes to a control;
 * it never ends inside a sequence that the next piece may complete. */
static void assert_prefix_safe(const char *s, size_t p)
{
	for (size_t i = 0; i < p;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t used;

		if (c < 0x80) {
			if (c == '\r')
				assert_true(i + 1 < p && s[i + 1] == '\n');
			else
				assert_true((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t');
			i++;
			continue;
		}
		if ((used = utf8_decode_strict(s + i, p - i, &cp))) {
			assert_false(safe_is_control(cp));
			i += used;
		} else {
			/* invalid here: not cut short of a control at the end */
			assert_true(!(c == 0xc2 || c == 0xe2) || i + 1 < p);
			i++;
		}
	}
}

static void test_checked_prefix(void **state)
{
	unsigned seed = 77;
	char text[512];

	(void)state;
	for (int round = 0; round < 40000; round++) {
		size_t n = random_text(text, sizeof(text), &seed), p = safe_checked_prefix(text, n);
		struct sbuf esc = { 0 };

		assert_true(p <= n);
		assert_prefix_safe(text, p);
		/* what safe_text gave passes whole */
		safe_text(text, n, 1, &esc);
		assert_int_equal(safe_checked_prefix(esc.s ? esc.s : "", esc.len), esc.len);
		free(esc.s);
	}
	/* each control alone stops it at once */
	assert_int_equal(safe_checked_prefix("ab\x1b[31m", 7), 2);
	assert_int_equal(safe_checked_prefix("ab\xe2\x80\xae" "cd", 7), 2);
	assert_int_equal(safe_checked_prefix("ab\xc2\x9b" "cd", 6), 2);
	assert_int_equal(safe_checked_prefix("abcdefgh\rX", 10), 8);
	assert_int_equal(safe_checked_prefix("abcdefgh\r\n", 10), 10);
	assert_int_equal(safe_checked_prefix("abcdefgh\xe4\xb8", 10), 8); /* cut */
	assert_int_equal(safe_checked_prefix("\xe2\x80\xa6\xc2\xa0\xe4\xb8\xad", 8), 8);
}

static void test_width_agrees(void **state)
{
	unsigned seed = 3000;
	char text[512];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = random_text(text, sizeof(text), &seed), want = 0;
		uint32_t cp;

		for (size_t i = 0; i < n && text[i];) {
			i += utf8_decode(text + i, n - i, &cp);
			want += (size_t)cp_width(cp);
		}
		assert_int_equal(text_width(text), want);
	}
	assert_int_equal(cp_width(0x4e2d), 2);
	assert_int_equal(cp_width(0x9fff), 2);
	assert_int_equal(cp_width(0xa000), 2);
}

static void test_dated_id(void **state)
{
	(void)state;
	assert_true(record_type_id_valid(REC_ACTIVITY, "20240229-0123abcd"));
	assert_false(record_type_id_valid(REC_ACTIVITY, "20230229-0123abcd"));
	assert_false(record_type_id_valid(REC_ACTIVITY, "20241301-0123abcd"));
	assert_false(record_type_id_valid(REC_ACTIVITY, "20240100-0123abcd"));
	assert_false(record_type_id_valid(REC_ACTIVITY, "20240101-0123ABCD"));
	assert_false(record_type_id_valid(REC_ACTIVITY, "2024010-10123abcd"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping_agrees),
		cmocka_unit_test(test_checked_prefix),
		cmocka_unit_test(test_width_agrees),
		cmocka_unit_test(test_dated_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
