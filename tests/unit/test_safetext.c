/* model/safetext.c: which characters are controls, how they are escaped
 * (whole strings and streams cut anywhere), and the input check that
 * refuses them in record fields (model/record.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../model/fields.h"
#include "../../model/node.h"
#include "../../model/record.h"
#include "../../model/safetext.h"

static char *escaped(const char *s, int keep_layout)
{
	struct sbuf out = { 0 };

	safe_text(s, strlen(s), keep_layout, &out);
	assert_false(out.failed);
	if (!out.s)
		return strdup("");
	return out.s;
}

static void expect(const char *in, int keep_layout, const char *want)
{
	char *got = escaped(in, keep_layout);

	assert_string_equal(got, want);
	free(got);
}

static void test_is_control(void **state)
{
	(void)state;
	for (uint32_t c = 0; c < 0x20; c++)
		assert_true(safe_is_control(c));
	assert_true(safe_is_control(0x7f));
	for (uint32_t c = 0x80; c <= 0x9f; c++)
		assert_true(safe_is_control(c));
	for (uint32_t c = 0x202a; c <= 0x202e; c++)
		assert_true(safe_is_control(c));
	for (uint32_t c = 0x2066; c <= 0x2069; c++)
		assert_true(safe_is_control(c));
	assert_false(safe_is_control(' '));
	assert_false(safe_is_control('~'));
	assert_false(safe_is_control(0xa0));
	assert_false(safe_is_control(0x2029));
	assert_false(safe_is_control(0x202f));
	assert_false(safe_is_control(0x2065));
	assert_false(safe_is_control(0x206a));
	assert_false(safe_is_control(0x4e2d)); /* 中 */
	assert_false(safe_is_control(0x20bb7)); /* 𠮷 */
}

static void test_escapes(void **state)
{
	(void)state;
	expect("", 1, "");
	expect("暑期讲座 abc", 1, "暑期讲座 abc");
	expect("a\x1b[31mb", 1, "a\\x1b[31mb");
	expect("\x1b]0;title\x07", 0, "\\x1b]0;title\\x07");
	expect("x\x7f", 1, "x\\x7f");
	expect("a\xc2\x9b" "2J", 1, "a\\u009b2J");       /* C1 CSI */
	expect("标题\xe2\x80\xae字", 1, "标题\\u202e字");    /* RLO */
	expect("\xe2\x81\xa6x\xe2\x81\xa9", 1, "\\u2066x\\u2069");
	expect("a\xff" "b", 1, "a\\xffb");                 /* invalid byte */
	expect("\xe4\xb8", 1, "\\xe4\\xb8");               /* cut sequence */
	expect("\xc0\xaf", 1, "\\xc0\\xaf");               /* overlong */
	expect("a\nb\tc\r\nd", 1, "a\nb\tc\r\nd");       /* layout kept */
	expect("a\nb\tc\r\nd", 0, "a\\x0ab\\x09c\\x0d\\x0ad");
	expect("a\rb", 1, "a\\x0db");                     /* lone CR */
	expect("end\r", 1, "end\\x0d");
}

static void test_find_control(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(safe_find_control("中文 abc", strlen("中文 abc"), 0, &cp), 0);
	assert_int_equal(safe_find_control("a\nb\tc", 5, 1, &cp), 0);
	assert_int_equal(safe_find_control("a\nb", 3, 0, &cp), 1);
	assert_int_equal(cp, '\n');
	assert_int_equal(safe_find_control("a\tb\x1b", 4, 1, &cp), 1);
	assert_int_equal(cp, 0x1b);
	assert_int_equal(safe_find_control("x\xe2\x80\xae", 4, 1, &cp), 1);
	assert_int_equal(cp, 0x202e);
	assert_int_equal(safe_find_control("\xc2\x9b", 2, 1, &cp), 1);
	assert_int_equal(cp, 0x9b);
}

/* Feeding a text in pieces cut at every position gives what one call gives. */
static void test_stream_cut_anywhere(void **state)
{
	const char *text = "中文\x1b[1m粗\xe2\x80\xae体\xc2\x9b\r\n𠮷\xff末\r";
	size_t n = strlen(text);
	char *whole = escaped(text, 1);

	(void)state;
	for (size_t cut = 0; cut <= n; cut++) {
		for (size_t cut2 = cut; cut2 <= n; cut2 += 3) {
			struct safe_stream st = { { 0 }, 0 };
			struct sbuf out = { 0 };

			safe_stream_feed(&st, text, cut, &out);
			safe_stream_feed(&st, text + cut, cut2 - cut, &out);
			safe_stream_feed(&st, text + cut2, n - cut2, &out);
			safe_stream_end(&st, &out);
			assert_false(out.failed);
			assert_string_equal(out.s ? out.s : "", whole);
			free(out.s);
		}
	}
	free(whole);
}

/* The input check: controls refused in every text field, naming it. */
static size_t problems_for(const char *dotted, const char *value, char *msg, size_t len)
{
	const struct field_def *f = field_find(record_fields(REC_ACTIVITY), dotted);
	struct problems p = { 0 };
	struct node v;
	size_t n;

	assert_non_null(f);
	assert_int_equal(node_init_scalar(&v, value, SCALAR_TEXT), 0);
	n = field_validate(f, &v, dotted, &p);
	if (n && msg)
		snprintf(msg, len, "%s", p.v[0].msg);
	node_free(&v);
	problems_free(&p);
	return n;
}

static void test_input_refused(void **state)
{
	char msg[400];

	(void)state;
	assert_int_equal(problems_for("title", "a\x1b[31mb", msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "title"));
	assert_non_null(strstr(msg, "U+001B"));
	assert_null(strchr(msg, 0x1b));
	assert_int_equal(problems_for("title", "a\xe2\x80\xae" "b", msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "U+202E"));
	assert_int_equal(problems_for("location", "a\xc2\x85" "b", msg, sizeof(msg)), 1);
	assert_int_equal(problems_for("title", "a\tb", NULL, 0), 1);     /* tab: one line */
	assert_int_equal(problems_for("content", "a\x1b" "b", msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "content"));
	assert_int_equal(problems_for("content", "a\rb", NULL, 0), 1);
	assert_int_equal(problems_for("five_have.plan", "x\x7f", NULL, 0), 1);
	assert_int_equal(problems_for("speakers", "丁\x1b光海", NULL, 0), 1);
	/* allowed */
	assert_int_equal(problems_for("content", "第一行\n\t第二行", NULL, 0), 0);
	assert_int_equal(problems_for("title", "暑期防溺水讲座", NULL, 0), 0);
}

static void test_length_limits(void **state)
{
	char msg[400], *big = malloc(20002 * 3 + 1);

	(void)state;
	assert_non_null(big);
	for (int i = 0; i < 20000; i++)
		memcpy(big + i * 3, "字", 3);
	big[20000 * 3] = '\0';
	assert_int_equal(problems_for("content", big, NULL, 0), 0);
	memcpy(big + 20000 * 3, "字", 4);
	assert_int_equal(problems_for("content", big, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "20000"));
	big[501 * 3] = '\0';
	assert_int_equal(problems_for("location", big, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "500"));
	big[500 * 3] = '\0';
	assert_int_equal(problems_for("location", big, NULL, 0), 0);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_control),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_find_control),
		cmocka_unit_test(test_stream_cut_anywhere),
		cmocka_unit_test(test_input_refused),
		cmocka_unit_test(test_length_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
