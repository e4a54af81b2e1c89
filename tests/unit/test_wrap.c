/* model/text.c text_wrap: Chinese text wrapped with 避头尾 — no line
 * starts with ，。、；：？！”）》 and none ends with “（《; ASCII words and
 * numbers are not split; every byte of the text is in exactly one line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/text.h"

struct lines_out {
	char line[64][256];
	size_t n;
};

static void collect(const char *line, size_t n, void *d)
{
	struct lines_out *o = d;

	assert_true(o->n < 64 && n < 256);
	memcpy(o->line[o->n], line, n);
	o->line[o->n][n] = '\0';
	o->n++;
}

static int starts_with_any(const char *s, const char *const *marks)
{
	for (size_t i = 0; marks[i]; i++)
		if (!strncmp(s, marks[i], strlen(marks[i])))
			return 1;
	return 0;
}

static int ends_with_any(const char *s, const char *const *marks)
{
	size_t n = strlen(s);

	for (size_t i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);
		if (n >= k && !strcmp(s + n - k, marks[i]))
			return 1;
	}
	return 0;
}

static const char *const no_start[] = { "，", "。", "、", "；", "：", "？", "！", "”", "）", "》", NULL };
static const char *const no_end[] = { "“", "（", "《", NULL };

/* Wrap text at every width from 8 to 40 and check the rules on each line. */
static void check_all_widths(const char *text)
{
	for (int cols = 8; cols <= 40; cols++) {
		struct lines_out o = { .n = 0 };
		char joined[4096] = "";

		text_wrap(text, cols, NULL, collect, &o);
		for (size_t i = 0; i < o.n; i++) {
			if (i > 0 && starts_with_any(o.line[i], no_start))
				fail_msg("width %d: line %zu starts with a closing mark: “%s”", cols, i,
					 o.line[i]);
			if (i + 1 < o.n && ends_with_any(o.line[i], no_end))
				fail_msg("width %d: line %zu ends with an opening mark: “%s”", cols, i,
					 o.line[i]);
			if (text_width(o.line[i]) > (size_t)cols)
				fail_msg("width %d: line %zu is %zu columns: “%s”", cols, i,
					 text_width(o.line[i]), o.line[i]);
			strcat(joined, o.line[i]);
		}
		assert_string_equal(joined, text);
	}
}

static void test_kinsoku_rules(void **state)
{
	(void)state;
	check_all_widths("新义村关工委组织青少年开展防溺水安全教育，邀请老教师王秀英讲解“防溺水六不”，"
			 "学生们认真听讲、积极提问；活动结束后，大家表示：收获很大！（共 45 人参加）");
	check_all_widths("他说：“好。”然后走了。《关工委工作手册》（2024 年版）很有用……是吗？！");
	check_all_widths("（括号开头）和“引号”，以及、顿号。句号！叹号？问号；分号：冒号”）》");
}

/* A comma that would start the line moves down with the character before it. */
static void test_comma_carried(void **state)
{
	struct lines_out o = { .n = 0 };

	(void)state;
	text_wrap("一二三四，五六", 8, NULL, collect, &o);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.line[0], "一二三");
	assert_string_equal(o.line[1], "四，五六");
}

/* An opening quote that would end the line moves down with what it opens. */
static void test_open_quote_carried(void **state)
{
	struct lines_out o = { .n = 0 };

	(void)state;
	text_wrap("一二三“四五”", 8, NULL, collect, &o);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.line[0], "一二三");
	assert_string_equal(o.line[1], "“四五”");
}

/* Two closing marks in a row ("。”") both stay off the next line's start. */
static void test_two_closing_marks(void **state)
{
	struct lines_out o = { .n = 0 };

	(void)state;
	text_wrap("一二三。”四五", 8, NULL, collect, &o);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.line[0], "一二");
	assert_string_equal(o.line[1], "三。”四");
	assert_string_equal(o.line[2], "五");
}

static void test_words_and_newlines(void **state)
{
	struct lines_out o = { .n = 0 };

	(void)state;
	text_wrap("讲座 hello world 好", 10, NULL, collect, &o);
	assert_string_equal(o.line[0], "讲座 hello");
	assert_string_equal(o.line[1], " world 好");
	o.n = 0;
	text_wrap("第一行\n第二行", 40, NULL, collect, &o);
	assert_int_equal(o.n, 2);
	assert_string_equal(o.line[0], "第一行");
	assert_string_equal(o.line[1], "第二行");
	/* nothing but marks: cut anyway, never loop */
	o.n = 0;
	text_wrap("，，，，，，", 4, NULL, collect, &o);
	assert_int_equal(o.n, 3);
	/* a word longer than the line is cut */
	o.n = 0;
	text_wrap("abcdefghij", 4, NULL, collect, &o);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.line[0], "abcd");
	o.n = 0;
	text_wrap("", 10, NULL, collect, &o);
	assert_int_equal(o.n, 1);
	assert_string_equal(o.line[0], "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinsoku_rules),
		cmocka_unit_test(test_comma_carried),
		cmocka_unit_test(test_open_quote_carried),
		cmocka_unit_test(test_two_closing_marks),
		cmocka_unit_test(test_words_and_newlines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
