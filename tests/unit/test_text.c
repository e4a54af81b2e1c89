/* model/text.c: UTF-8 decoding, column widths, fitting with an ellipsis. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../model/record.h"
#include "../../model/text.h"

static void test_decode_encode(void **state)
{
	uint32_t cp;
	char buf[4];

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("中", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(utf8_decode("😀", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_decode("中", 2, &cp), 1); /* truncated */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), 1); /* overlong */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 1); /* surrogate */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("x", 0, &cp), 0);
	assert_int_equal(utf8_encode(0x4E2D, buf), 3);
	assert_memory_equal(buf, "中", 3);
	assert_int_equal(utf8_encode(0x1F600, buf), 4);
	assert_memory_equal(buf, "😀", 4);
	assert_int_equal(utf8_encode('a', buf), 1);
	assert_int_equal(utf8_encode(0xE9, buf), 2);
	assert_memory_equal(buf, "é", 2);
}

/* The strict decoder shared by validation (utf8_valid) and the YAML reader:
 * 0 for anything invalid, where utf8_decode gives U+FFFD. */
static void test_decode_strict(void **state)
{
	uint32_t cp = 7;

	(void)state;
	assert_int_equal(utf8_decode_strict("中", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(utf8_decode_strict("\xf4\x8f\xbf\xbf", 4, &cp), 4); /* U+10FFFF */
	assert_int_equal(cp, 0x10FFFF);
	cp = 7;
	assert_int_equal(utf8_decode_strict("中", 2, &cp), 0);          /* truncated */
	assert_int_equal(utf8_decode_strict("\xc0\xaf", 2, &cp), 0);   /* overlong */
	assert_int_equal(utf8_decode_strict("\xe0\x80\xaf", 3, &cp), 0); /* overlong, 3 bytes */
	assert_int_equal(utf8_decode_strict("\xed\xa0\x80", 3, &cp), 0); /* surrogate */
	assert_int_equal(utf8_decode_strict("\xf4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
	assert_int_equal(utf8_decode_strict("\x80", 1, &cp), 0);       /* lone continuation */
	assert_int_equal(utf8_decode_strict("x", 0, &cp), 0);
	assert_int_equal(cp, 7); /* left alone when invalid */
}

/* The in-line fast paths give what the full decoder gives, for every
 * sequence of up to three bytes and every length available. */
static void test_decode_strict_inline(void **state)
{
	unsigned char b[3];
	uint32_t a, z;

	(void)state;
	for (unsigned v = 0; v < (1u << 24); v++) {
		b[0] = (unsigned char)(v >> 16);
		b[1] = (unsigned char)(v >> 8);
		b[2] = (unsigned char)v;
		for (size_t n = 0; n <= 3; n++) {
			size_t x, y;

			a = z = 0xABCD;
			x = utf8_decode_strict((const char *)b, n, &a);
			y = utf8_decode_strict_any((const char *)b, n, &z);
			if (x != y || a != z)
				fail_msg("%02x %02x %02x (n=%zu): %zu U+%04X, full decoder %zu U+%04X",
					 b[0], b[1], b[2], n, x, (unsigned)a, y, (unsigned)z);
		}
		if (b[0] < 0xE0 && b[1] == 0 && b[2] == 0)
			v += 0xFFFF; /* one and two bytes: the third does not matter */
	}
}

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(cp_width('a'), 1);
	assert_int_equal(cp_width(0x4E2D), 2);      /* 中 */
	assert_int_equal(cp_width(0x3002), 2);      /* 。 */
	assert_int_equal(cp_width(0xFF0C), 2);      /* ， */
	assert_int_equal(cp_width(0xAC00), 2);      /* 가 */
	assert_int_equal(cp_width(0x1F600), 2);     /* 😀 */
	assert_int_equal(cp_width(0x20000), 2);     /* CJK extension B */
	assert_int_equal(cp_width(0x0301), 0);      /* combining acute */
	assert_int_equal(cp_width(0x200B), 0);      /* zero width space */
	assert_int_equal(cp_width(0xFE0F), 0);      /* variation selector */
	assert_int_equal(cp_width(0x2026), 1);      /* … */
	assert_int_equal(cp_width(0xE9), 1);        /* é */
	assert_int_equal(cp_width('\n'), 0);
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("中文"), 4);
	assert_int_equal(text_width("新义村 2024 年"), 14);
	assert_int_equal(text_width("防溺水（安全）"), 14);
	assert_int_equal(text_width("e\xcc\x81"), 1); /* e + combining acute */
	assert_int_equal(text_width_n("中文abc", 3), 2);
	assert_int_equal(text_width(NULL), 0);
}

/* Every cut of a mixed string: whole characters only, within cols,
 * ellipsis exactly when cut, valid UTF-8. */
static void test_fit_never_splits(void **state)
{
	static const char s[] = "暑期防溺水 safety 讲座：丁光海主讲😀，e\xcc\x81 结束";
	size_t total = text_width(s), cols, used;
	char out[128];

	(void)state;
	for (cols = 0; cols <= total + 2; cols++) {
		used = text_fit(s, cols, out, sizeof(out));
		assert_true(used <= cols);
		assert_int_equal(text_width(out), used);
		assert_true(utf8_valid(out, strlen(out)));
		if (cols >= total) {
			assert_string_equal(out, s);
		} else if (cols > 0) {
			size_t n = strlen(out);

			assert_true(n >= 3);
			assert_string_equal(out + n - 3, "…");
			/* all but the ellipsis is a prefix of s */
			assert_memory_equal(out, s, n - 3);
			/* and it fills the room unless a wide character would not fit */
			assert_true(used >= cols - 1);
		}
	}
}

static void test_fit_cases(void **state)
{
	char out[64], tiny[6];
	size_t used;

	(void)state;
	used = text_fit("中文标题", 5, out, sizeof(out));
	assert_string_equal(out, "中文…");
	assert_int_equal(used, 5);
	used = text_fit("中文标题", 6, out, sizeof(out));
	assert_string_equal(out, "中文…"); /* 中文标 is 6 but then no room for … */
	assert_int_equal(used, 5);
	used = text_fit("中文标题", 8, out, sizeof(out));
	assert_string_equal(out, "中文标题");
	assert_int_equal(used, 8);
	used = text_fit("abcdef", 4, out, sizeof(out));
	assert_string_equal(out, "abc…");
	assert_int_equal(used, 4);
	used = text_fit("中", 1, out, sizeof(out));
	assert_string_equal(out, "…");
	assert_int_equal(used, 1);
	used = text_fit("abc", 0, out, sizeof(out));
	assert_string_equal(out, "");
	assert_int_equal(used, 0);
	used = text_fit("第一行\n第二行\t完", 20, out, sizeof(out));
	assert_string_equal(out, "第一行 第二行 完");
	assert_int_equal(used, 16);
	/* a small buffer cuts too, never mid-character */
	used = text_fit("中文标题", 20, tiny, sizeof(tiny));
	assert_true(utf8_valid(tiny, strlen(tiny)));
	assert_true(strlen(tiny) < sizeof(tiny));
	assert_int_equal(text_width(tiny), used);
	/* invalid bytes become U+FFFD */
	used = text_fit("a\xff" "b", 10, out, sizeof(out));
	assert_true(utf8_valid(out, strlen(out)));
	assert_int_equal(used, 3);
}

static void test_pad(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	text_pad(f, "中文", 6);
	fputc('|', f);
	text_pad(f, "abcdefgh", 5);
	fputc('|', f);
	text_pad(f, "", 2);
	fputc('|', f);
	fclose(f);
	assert_string_equal(buf, "中文  |abcd…|  |");
	free(buf);
}

static void test_find(void **state)
{
	const char *h = "暑期 Safety 讲座";

	(void)state;
	assert_ptr_equal(text_find(h, "safety"), h + strlen("暑期 "));
	assert_ptr_equal(text_find(h, "讲座"), h + strlen("暑期 Safety "));
	assert_ptr_equal(text_find(h, ""), h);
	assert_null(text_find(h, "溺水"));
	assert_null(text_find("ab", "abc"));
	assert_null(text_find(NULL, "a"));
}

/* Spaces an input method types around a value: ASCII and U+3000 alike,
 * on both ends, never inside. */
static void test_trim_dup(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "  防溺水讲座\t\r\n", "防溺水讲座" },
		{ "\xe3\x80\x80防溺水\xe3\x80\x80讲座\xe3\x80\x80 ", "防溺水\xe3\x80\x80讲座" },
		{ " \xe3\x80\x80 \xe3\x80\x80", "" },
		{ "", "" },
		{ "a", "a" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = text_trim_dup(cases[i].in, strlen(cases[i].in));

		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
	/* only the n bytes given: a list item cut out of a longer string */
	{
		char *got = text_trim_dup(" 王秀英 、丁光海", 11);

		assert_string_equal(got, "王秀英");
		free(got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_encode),
		cmocka_unit_test(test_decode_strict),
		cmocka_unit_test(test_decode_strict_inline),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_fit_never_splits),
		cmocka_unit_test(test_fit_cases),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_trim_dup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
