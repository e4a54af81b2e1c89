/* storage/yamlio.c: strict reading (the bad-file corpus in tests/data/bad),
 * canonical writing, quoting, and round trips of Chinese text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../storage/yamlio.h"
#include "../same_tree.h"

static const char *src_dir(void)
{
	const char *s = getenv("GGW_SRC");

	return s && *s ? s : ".";
}

static char *emit_ok(const struct node *n)
{
	struct ggw_error err = {0};
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(yaml_emit(n, &out, &len, &err), 0);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

static void parse_ok(const char *text, struct node *out)
{
	struct ggw_error err = {0};
	int rc = yaml_parse("t.yaml", text, strlen(text), out, &err);

	if (rc != 0)
		print_error("unexpected: %s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_int_equal(out->kind, NODE_MAP);
}

/* yaml_parse of text fails with exactly msg. */
static void parse_fails(const char *text, size_t len, const char *msg)
{
	struct ggw_error err = {0};
	struct node n;

	assert_int_equal(yaml_parse("t.yaml", text, len, &n, &err), GGW_EINVALID);
	assert_int_equal(err.code, GGW_EINVALID);
	assert_string_equal(err.msg, msg);
	assert_int_equal(n.kind, NODE_SCALAR); /* zeroed, nothing to free */
	assert_null(n.kids);
}

/* Emit n, parse it back, demand an equal tree; returns the text. */
static char *roundtrip(const struct node *n)
{
	struct node back;
	char *text = emit_ok(n);

	parse_ok(text, &back);
	if (!node_equal(n, &back))
		print_error("round trip changed the tree:\n%s\n", text);
	assert_true(node_equal(n, &back));
	node_free(&back);
	return text;
}

/* A map {k: s} (SCALAR_TEXT) round-trips, the value reads back as text when
 * it was quoted, and the emitted text is returned. */
static char *roundtrip_text(const char *s)
{
	struct node n, back;
	char *text;

	node_init_map(&n);
	assert_int_equal(node_map_set_str(&n, "k", s, SCALAR_TEXT), 0);
	text = roundtrip(&n);
	parse_ok(text, &back);
	assert_string_equal(node_map_str(&back, "k"), s);
	if (yaml_plain_is_ambiguous(s))
		assert_int_equal(node_map_get(&back, "k")->style, SCALAR_TEXT);
	node_free(&back);
	node_free(&n);
	return text;
}

static void test_chinese_roundtrip(void **state)
{
	struct node n, seq;
	char *text;

	(void)state;
	node_init_map(&n);
	assert_int_equal(node_map_set_str(&n, "title", "暑期防溺水安全知识讲座", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(&n, "location", "新义村文化礼堂", SCALAR_TEXT), 0);
	node_init_seq(&seq);
	assert_int_equal(node_seq_append_str(&seq, "丁光海", SCALAR_TEXT), 0);
	assert_int_equal(node_seq_append_str(&seq, "新义小学（共建）", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set(&n, "speakers", &seq), 0);
	text = roundtrip(&n);
	assert_null(strstr(text, "\\u"));
	assert_null(strstr(text, "\\U"));
	assert_non_null(strstr(text, "title: 暑期防溺水安全知识讲座\n"));
	assert_non_null(strstr(text, "- 丁光海\n"));
	assert_null(strstr(text, "---"));
	assert_null(strstr(text, "..."));
	assert_null(strchr(text, '\r'));
	assert_false(strncmp(text, "\xEF\xBB\xBF", 3) == 0); /* no BOM */
	free(text);
	node_free(&n);
}

static void test_multiline_literal(void **state)
{
	static const struct {
		const char *text, *expect;
	} cases[] = {
		{"第一行\n第二行\n", "k: |\n  第一行\n  第二行\n"},
		{"第一行\n第二行", "k: |-\n  第一行\n  第二行\n"},
		{"第一段\n\n第二段\n", "k: |\n  第一段\n\n  第二段\n"},
		{"结尾有空行\n\n\n", "k: |+\n  结尾有空行\n\n\n"},
		{"  首行缩进两格\n第二行\n", "k: |2\n    首行缩进两格\n  第二行\n"},
		{"\n首行是空行\n", "k: |2\n\n  首行是空行\n"},
		{"一、活动目的\n    1. 防溺水\n    2. 防诈骗\n", "k: |\n  一、活动目的\n      1. 防溺水\n      2. 防诈骗\n"},
		{"no\n2024\n", "k: |\n  no\n  2024\n"},
		{"\n", NULL},
		{"\n\n", NULL},
		{"a\n \nb\n", NULL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *text = roundtrip_text(cases[i].text);

		if (cases[i].expect)
			assert_string_equal(text, cases[i].expect);
		free(text);
	}
}

/* Text that needs quotes gets double quotes and reads back as the same
 * text; so does text libyaml cannot put in a literal block. */
static void test_quoting_edges(void **state)
{
	static const char *const quoted[] = {
		"no", "yes", "on", "off", "y", "N", "TRUE", "False", "~", "null", "NULL",
		"010", "0x1F", "0o17", "0b101", "2024", "2024-01-01", "2024-1-1 10:00:00",
		"2024-07-10T08:00:00Z", "1:20", "1_000", "+12", "-3", ".5", "1.", "3.14",
		"1e3", "-1.5E-3", ".inf", "-.Inf", ".NaN", "13800000000", "", " leading space",
		"trailing space ", "a: b", "标题: 讲座", "#comment", "text #note", "- dash",
		"? q", ": c", "ends:", "[x]", "{y}", "&a", "*a", "!t", "|", ">", "'s'",
		"\"d\"", "%p", "@m", "`b", ",c", "<<", "=",
	};
	size_t i;
	char expect[256];

	(void)state;
	for (i = 0; i < sizeof(quoted) / sizeof(*quoted); i++) {
		char *text = roundtrip_text(quoted[i]);

		if (!yaml_plain_is_ambiguous(quoted[i]))
			print_error("not ambiguous: \"%s\"\n", quoted[i]);
		assert_true(yaml_plain_is_ambiguous(quoted[i]));
		snprintf(expect, sizeof(expect), "k: \"%s\"\n", quoted[i]);
		if (strchr(quoted[i], '"'))
			snprintf(expect, sizeof(expect), "k: \"\\\"d\\\"\"\n");
		assert_string_equal(text, expect);
		free(text);
	}
}

static void test_ambiguous_table(void **state)
{
	static const char *const plain_ok[] = {
		"丁光海", "新义村关工委", "abc", "v-1a2b3c4d", "20240710-3fa9c2e1",
		"ggw/activity/1", "photos/2024/0710-1.jpg", "a:b", "a#b", "x-y",
		"1a", "0xZZ", "1.2.3a", "2024年", "Nov", "o", "nan", "inf", "a, b",
		"讲座：防溺水", "12-34", "yess", "onion",
	};
	static const char *const ambiguous[] = {
		"Yes", "YES", "n", "No", "NO", "On", "ON", "Off", "OFF", "True", "FALSE",
		"Null", "0", "-0", "0755", "0XFF", "1_000_000", "190:20:30", "1:20:30.5",
		"+.inf", ".NAN", "6.8523015e+5", "685.230_15e+03", "1.2.3", "2024-1-1",
		"2024-01-01 10:00", "2024-01-01t10:00:00", "tab\there", "line\nbreak",
		"nel\xC2\x85", "bom\xEF\xBB\xBF", " ", "a ", "x\x7F",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(plain_ok) / sizeof(*plain_ok); i++) {
		if (yaml_plain_is_ambiguous(plain_ok[i]))
			print_error("ambiguous: \"%s\"\n", plain_ok[i]);
		assert_false(yaml_plain_is_ambiguous(plain_ok[i]));
	}
	for (i = 0; i < sizeof(ambiguous) / sizeof(*ambiguous); i++) {
		if (!yaml_plain_is_ambiguous(ambiguous[i]))
			print_error("not ambiguous: \"%s\"\n", ambiguous[i]);
		assert_true(yaml_plain_is_ambiguous(ambiguous[i]));
	}
	assert_true(yaml_plain_is_ambiguous(NULL));
}

/* TAB, emoji and CJK Extension B make libyaml give up literal blocks and
 * double-quote (with escapes); what matters is that nothing is lost. */
static void test_special_chars_roundtrip(void **state)
{
	static const char *const texts[] = {
		"列1\t列2", "表格\t甲\n\t乙\n", "笑脸😀", "𠮷野家", "𠮷\n第二行\n",
		"行尾空格 \n下一行\n", "全角　空格", "“引号”和‘单引号’", "back\\slash",
		"emoji 🎉 in\nblock\n", "\x01 control", "a\\nb", "é and ü",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		free(roundtrip_text(texts[i]));
}

/* SCALAR_PLAIN values stay plain when that is safe (typed values), and
 * libyaml still quotes when plain is impossible. */
static void test_plain_values(void **state)
{
	struct node n, back;
	char *text;

	(void)state;
	node_init_map(&n);
	assert_int_equal(node_map_set_str(&n, "youth_count", "45", SCALAR_PLAIN), 0);
	assert_int_equal(node_map_set_str(&n, "active", "true", SCALAR_PLAIN), 0);
	assert_int_equal(node_map_set_str(&n, "date", "2024-07-10", SCALAR_PLAIN), 0);
	assert_int_equal(node_map_set_str(&n, "odd", "a: b", SCALAR_PLAIN), 0);
	assert_int_equal(node_map_set_str(&n, "empty", "", SCALAR_PLAIN), 0);
	assert_int_equal(node_map_set_str(&n, "multi", "x\ny", SCALAR_PLAIN), 0);
	text = roundtrip(&n);
	assert_non_null(strstr(text, "youth_count: 45\n"));
	assert_non_null(strstr(text, "active: true\n"));
	assert_non_null(strstr(text, "date: 2024-07-10\n"));
	assert_non_null(strstr(text, "odd: 'a: b'\n"));
	parse_ok(text, &back);
	assert_int_equal(node_map_get(&back, "youth_count")->style, SCALAR_PLAIN);
	assert_int_equal(node_map_get(&back, "odd")->style, SCALAR_TEXT);
	node_free(&back);
	free(text);
	node_free(&n);
}

/* Odd keys are quoted too, and still read back as the same strings. */
static void test_odd_keys(void **state)
{
	struct node n;
	char *text;

	(void)state;
	node_init_map(&n);
	assert_int_equal(node_map_set_str(&n, "no", "x", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(&n, "2024", "值", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(&n, "", "z", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(&n, "多行\n键", "w", SCALAR_TEXT), 0);
	assert_int_equal(node_map_set_str(&n, "名称", "v", SCALAR_TEXT), 0);
	text = roundtrip(&n);
	assert_non_null(strstr(text, "\"no\": x\n"));
	assert_non_null(strstr(text, "\"2024\": 值\n"));
	assert_non_null(strstr(text, "名称: v\n"));
	free(text);
	node_free(&n);
}

static void test_unknown_keys_kept_in_order(void **state)
{
	static const char *const in =
		"schema: ggw/activity/1\n"
		"zeta: 后来的版本写的\n"
		"title: 讲座\n"
		"future:\n"
		"  nested:\n"
		"    list:\n"
		"    - a: 1\n"
		"      b: [x, y]\n"
		"    - {}\n"
		"    - []\n"
		"  flag: on\n"
		"alpha: \"010\"\n";
	static const char *const canonical =
		"schema: ggw/activity/1\n"
		"zeta: 后来的版本写的\n"
		"title: 讲座\n"
		"future:\n"
		"  nested:\n"
		"    list:\n"
		"    - a: 1\n"
		"      b:\n"
		"      - x\n"
		"      - y\n"
		"    - {}\n"
		"    - []\n"
		"  flag: on\n"
		"alpha: \"010\"\n";
	struct node n;
	char *text;

	(void)state;
	parse_ok(in, &n);
	assert_int_equal(n.count, 5);
	assert_string_equal(n.keys[0], "schema");
	assert_string_equal(n.keys[1], "zeta");
	assert_string_equal(n.keys[2], "title");
	assert_string_equal(n.keys[3], "future");
	assert_string_equal(n.keys[4], "alpha");
	assert_string_equal(node_path_get(&n, "future.flag")->str, "on");
	assert_int_equal(node_path_get(&n, "future.flag")->style, SCALAR_PLAIN);
	assert_int_equal(node_map_get(&n, "alpha")->style, SCALAR_TEXT);
	text = roundtrip(&n);
	assert_string_equal(text, canonical);
	free(text);
	node_free(&n);
}

/* Exact bytes of one small canonical record. */
static void test_canonical_record_bytes(void **state)
{
	static const char *const expect =
		"schema: ggw/activity/1\n"
		"id: 20240710-3fa9c2e1\n"
		"unit: xinyi\n"
		"title: 暑期防溺水安全知识讲座\n"
		"date: 2024-07-10\n"
		"speakers:\n"
		"- 丁光海\n"
		"partners: []\n"
		"youth_count: 45\n"
		"content: |\n"
		"  讲解防溺水“六不”。\n"
		"\n"
		"  现场演示急救。\n"
		"five_have:\n"
		"  plan: 暑期安全教育计划第3项\n"
		"  commendation: \"\"\n"
		"phone: \"13800000000\"\n"
		"note: \"no\"\n";
	struct node n, v;
	char *text;

	(void)state;
	node_init_map(&n);
	node_map_set_str(&n, "schema", "ggw/activity/1", SCALAR_TEXT);
	node_map_set_str(&n, "id", "20240710-3fa9c2e1", SCALAR_TEXT);
	node_map_set_str(&n, "unit", "xinyi", SCALAR_TEXT);
	node_map_set_str(&n, "title", "暑期防溺水安全知识讲座", SCALAR_TEXT);
	node_map_set_str(&n, "date", "2024-07-10", SCALAR_PLAIN);
	node_init_seq(&v);
	node_seq_append_str(&v, "丁光海", SCALAR_TEXT);
	node_map_set(&n, "speakers", &v);
	node_init_seq(&v);
	node_map_set(&n, "partners", &v);
	node_map_set_str(&n, "youth_count", "45", SCALAR_PLAIN);
	node_map_set_str(&n, "content", "讲解防溺水“六不”。\n\n现场演示急救。\n", SCALAR_TEXT);
	node_init_map(&v);
	node_map_set_str(&v, "plan", "暑期安全教育计划第3项", SCALAR_TEXT);
	node_map_set_str(&v, "commendation", "", SCALAR_TEXT);
	node_map_set(&n, "five_have", &v);
	node_map_set_str(&n, "phone", "13800000000", SCALAR_TEXT);
	node_map_set_str(&n, "note", "no", SCALAR_TEXT);
	text = roundtrip(&n);
	assert_string_equal(text, expect);
	free(text);
	node_free(&n);
}

static void test_empty_trees(void **state)
{
	struct node n;
	char *text;

	(void)state;
	node_init_map(&n);
	text = roundtrip(&n);
	assert_string_equal(text, "{}\n");
	free(text);
	node_free(&n);
	parse_ok("", &n);
	assert_int_equal(n.count, 0);
	node_free(&n);
	parse_ok("# 只有注释\n", &n);
	assert_int_equal(n.count, 0);
	node_free(&n);
	parse_ok("---\n", &n);
	assert_int_equal(n.count, 0);
	node_free(&n);
	parse_ok("---\n...\n", &n);
	assert_int_equal(n.count, 0);
	node_free(&n);
}

/* Styles and 1-based positions of what was read. */
static void test_parse_styles_positions(void **state)
{
	struct node n;
	const struct node *v;

	(void)state;
	parse_ok("a: 1\nb: '2'\nc: \"3\"\nd: |\n  四\ne:\n  - f\n", &n);
	v = node_map_get(&n, "a");
	assert_int_equal(v->style, SCALAR_PLAIN);
	assert_int_equal(v->line, 1);
	assert_int_equal(v->col, 4);
	assert_int_equal(node_map_get(&n, "b")->style, SCALAR_TEXT);
	assert_int_equal(node_map_get(&n, "c")->style, SCALAR_TEXT);
	v = node_map_get(&n, "d");
	assert_int_equal(v->style, SCALAR_TEXT);
	assert_string_equal(v->str, "四\n");
	v = node_map_get(&n, "e");
	assert_int_equal(v->kind, NODE_SEQ);
	assert_int_equal(v->line, 7);
	assert_int_equal(v->col, 3);
	assert_int_equal(v->kids[0].line, 7);
	assert_int_equal(v->kids[0].col, 5);
	/* Columns count characters, not bytes. */
	node_free(&n);
	parse_ok("标题: 讲座\n", &n);
	assert_int_equal(node_map_get(&n, "标题")->col, 5);
	node_free(&n);
}

/* A leading BOM (Windows editors) is accepted and skipped; positions on
 * the first line do not count it; the writer never writes one. */
static void test_bom_accepted(void **state)
{
	struct node n;
	char *text;

	(void)state;
	parse_ok("\xEF\xBB\xBFtitle: 讲座\nx: 1\n", &n);
	assert_int_equal(n.count, 2);
	assert_string_equal(n.keys[0], "title");
	assert_string_equal(node_map_str(&n, "title"), "讲座");
	assert_int_equal(node_map_get(&n, "title")->col, 8);
	text = emit_ok(&n);
	assert_string_equal(text, "title: 讲座\nx: 1\n");
	free(text);
	node_free(&n);
	parse_fails("\xEF\xBB\xBF" "a: &x 1\n", 11, "t.yaml:1:4: 不允许使用锚点（anchor）");
	parse_fails("\xEF\xBB\xBF" "a: \xFF\n", 8, "t.yaml:1:4: 不是有效的 UTF-8");
	parse_ok("\xEF\xBB\xBF", &n);
	assert_int_equal(n.count, 0);
	node_free(&n);
}

/* Refusals of inline text, with exact positions. */
static void test_inline_refusals(void **state)
{
	(void)state;
	parse_fails("a: [1, !custom [2]]\n", 20, "t.yaml:1:8: 不允许使用标签（tag）");
	parse_fails("a: ! x\n", 7, "t.yaml:1:4: 不允许使用标签（tag）");
	parse_fails("a: !!map {}\n", 12, "t.yaml:1:4: 不允许使用标签（tag）");
	parse_fails("!!map\na: 1\n", 11, "t.yaml:1:1: 不允许使用标签（tag）");
	parse_fails("a: *x\n", 6, "t.yaml:1:4: 不允许使用别名（alias）");
	parse_fails("a: 1\r\nb: &x 2\r\n", 15, "t.yaml:2:4: 不允许使用锚点（anchor）");
	parse_fails("a: \"x\\0y\"\n", 10, "t.yaml:1:4: 文本中不允许出现 NUL 字符");
	parse_fails("a: x\x01y\n", 7, "t.yaml:1:5: 含有不允许的控制字符 U+0001");
	parse_fails("a: x\0y\n", 7, "t.yaml:1:5: 含有不允许的控制字符 U+0000");
	parse_fails("a: \xC0\xAF\n", 6, "t.yaml:1:4: 不是有效的 UTF-8");      /* overlong */
	parse_fails("a: \xED\xA0\x80\n", 7, "t.yaml:1:4: 不是有效的 UTF-8");  /* surrogate */
	parse_fails("标题: 讲\xE5\xBA\n", 14, "t.yaml:1:6: 不是有效的 UTF-8"); /* cut */
	parse_fails("\"就一个字符串\"\n", 21, "t.yaml:1:1: 文档根必须是映射");
	parse_fails("~\n", 2, "t.yaml:1:1: 文档根必须是映射");
	parse_fails("a: 1\n---\n", 9, "t.yaml:2:1: 只允许一个文档");
	parse_fails("{[1]: 2}\n", 9, "t.yaml:1:2: 映射的键必须是字符串");
	parse_fails("a: 1\na: 2\n", 10, "t.yaml:2:1: 重复的键“a”");
	parse_fails("\"a\": 1\na: 2\n", 12, "t.yaml:2:1: 重复的键“a”");
	parse_fails("a:\n  b: 1\n  c: [{d: 1, d: 2}]\n", 30, "t.yaml:3:14: 重复的键“d”");
	parse_fails("a:\n  b: 1\n  b: 2\n", 17, "t.yaml:3:3: 重复的键“b”");
	parse_fails("a: [[[[[[[[[[]]]]]]]]]]\n", 24, "t.yaml:1:11: 嵌套超过 8 层");
	parse_fails("a:\n\tb: 1\n", 9,
		    "t.yaml:2:1: 出现不能开始任何内容的字符（可能是用 TAB 缩进，或缺少引号）");
	parse_fails("a: b: c\n", 8,
		    "t.yaml:1:5: 此处不能有“: ”（缺少引号或缩进不对）");
	/* libyaml's English words only when ggw has no reason of its own. */
	parse_fails("a: [1\nb: 2\n", 11, "t.yaml:1:4: 方括号“[”没有配对的“]”");
	parse_fails("a: {x: 1\n", 9, "t.yaml:1:4: 花括号“{”没有配对的“}”");
}

/* Eight levels are fine; the ninth is refused. */
static void test_depth_limit(void **state)
{
	struct node n;

	(void)state;
	parse_ok("a: [[[[[[[x]]]]]]]\n", &n);
	assert_true(node_equal(&n, &n));
	node_free(&n);
	parse_fails("a: [[[[[[[[x]]]]]]]]\n", 21, "t.yaml:1:11: 嵌套超过 8 层");
}

/* Many keys: duplicates found quickly (hashing), order kept. */
static void test_many_keys(void **state)
{
	size_t cap = 200000, len = 0, i;
	char *buf = malloc(cap);
	struct node n;
	char expect[128];

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 15000; i++)
		len += (size_t)snprintf(buf + len, cap - len, "k%zu: %zu\n", i, i);
	parse_ok(buf, &n);
	assert_int_equal(n.count, 15000);
	assert_string_equal(n.keys[14999], "k14999");
	node_free(&n);
	len += (size_t)snprintf(buf + len, cap - len, "k7777: dup\n");
	snprintf(expect, sizeof(expect), "t.yaml:15001:1: 重复的键“k7777”");
	parse_fails(buf, len, expect);
	free(buf);
}

/* Property: random trees of awkward strings (YAML indicators, line breaks,
 * controls, emoji, BOM, NEL...) in both styles emit, parse back equal, and
 * no ambiguous text is ever read back as a plain scalar. */
static const char *const pieces[] = {
	"no", "yes", " ", "  ", "\n", "\n\n", "\t", ":", ": ", "#", " #", "-", "- ",
	"中文", "😀", "𠮷", "1", "0x", "0", ".", "'", "\"", "\\", "e", "~", "|", ">",
	"[", "]", "{", "}", ",", "?", "!", "&", "*", "%", "@", "`", "2024", "-01",
	"a", "\r", "\xC2\x85", "\xE2\x80\xA8", "\xEF\xBB\xBF", "...", "---",
	"\x01", "\x7F", "null",
};

static unsigned long rng_state = 12345;

static unsigned rng(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng_state >> 33) % n);
}

static void random_string(char *buf)
{
	unsigned k = rng(5), i;

	buf[0] = '\0';
	for (i = 0; i < k; i++)
		strcat(buf, pieces[rng(sizeof(pieces) / sizeof(*pieces))]);
}

static void random_tree(struct node *n, int depth)
{
	unsigned kind = depth >= 4 ? 0 : rng(3), c, i;
	char s[128];
	struct node kid;

	if (kind == 0) {
		random_string(s);
		assert_int_equal(node_init_scalar(n, s, rng(2) ? SCALAR_TEXT : SCALAR_PLAIN), 0);
		return;
	}
	if (kind == 1)
		node_init_seq(n);
	else
		node_init_map(n);
	c = rng(4) + (depth == 0);
	for (i = 0; i < c; i++) {
		random_tree(&kid, depth + 1);
		if (kind == 1) {
			assert_int_equal(node_seq_append(n, &kid), 0);
			continue;
		}
		random_string(s);
		if (node_map_index(n, s) >= 0)
			node_free(&kid);
		else
			assert_int_equal(node_map_set(n, s, &kid), 0);
	}
}

static int no_ambiguous_plain(const struct node *a, const struct node *b)
{
	size_t i;

	if (a->kind == NODE_SCALAR)
		return !(a->style == SCALAR_TEXT && b->style == SCALAR_PLAIN &&
			 yaml_plain_is_ambiguous(a->str));
	for (i = 0; i < a->count; i++)
		if (!no_ambiguous_plain(&a->kids[i], &b->kids[i]))
			return 0;
	return 1;
}

static void test_random_trees_roundtrip(void **state)
{
	struct node n, back;
	char *text;
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		do {
			random_tree(&n, 0);
			if (n.kind != NODE_MAP)
				node_free(&n);
		} while (n.kind != NODE_MAP);
		text = roundtrip(&n);
		parse_ok(text, &back);
		if (!no_ambiguous_plain(&n, &back))
			print_error("ambiguous text read back plain:\n%s\n", text);
		assert_true(no_ambiguous_plain(&n, &back));
		assert_null(strstr(text, "\n...\n"));
		assert_false(strncmp(text, "---", 3) == 0);
		node_free(&back);
		node_free(&n);
		free(text);
	}
}

/* The fast path (storage/yamlfast.c) gives exactly libyaml's tree: same
 * kinds, keys, strings, styles, lines and columns, or the same error. */
static void expect_same(const char *text)
{
	struct ggw_error e1 = { 0, "" }, e2 = { 0, "" };
	struct node a, b;
	int ra = yaml_parse("t.yaml", text, strlen(text), &a, &e1);
	int rb = yaml_parse_libyaml("t.yaml", text, strlen(text), &b, &e2);

	if (ra != rb || (ra == 0 && !same_tree(&a, &b)) || (ra != 0 && strcmp(e1.msg, e2.msg)))
		print_error("fast path differs from libyaml on:\n%s\n(%d %s / %d %s)\n", text, ra,
			    e1.msg, rb, e2.msg);
	assert_int_equal(ra, rb);
	if (ra == 0) {
		assert_true(same_tree(&a, &b));
		node_free(&a);
		node_free(&b);
	} else {
		assert_string_equal(e1.msg, e2.msg);
	}
}

static void test_fast_path_same(void **state)
{
	static const char *const cases[] = {
		"a: b\n", "a: b", "a: b\nc: d\n", "a: b\na: c\n", "a: |-\n  x\n  y\nb: c\n",
		"a: |\n  x\n\n  y\n\n\nb: c\n", "a: |-\n  x\n\n\n", "a: |\n  x\n", "a: |\n    x\n",
		"a: |\n  x\n   y\n", "a: |\n  x\n \nb: c\n", "a: |\n\n  x\n", "a: |+\n  x\n",
		"a:\n  b: c\n  d: |-\n    e\n    f\n  g: h\ni: j\n", "a:\n- x\n- y\nb: c\n",
		"a:\n  - x\n  - y\n", "a:\n  b:\n  - x\n  c: d\n", "a:\nb: c\n", "a:\n", "a: ''\n",
		"a: \"\"\n", "a: \"x y\"\n", "a: 'x'\n", "a: 'x''y'\n", "a: \"x\\ty\"\n",
		"a: \"x\"y\"\n", "a: b # c\n", "a: b#c\n", "a: b: c\n", "a: b:c\n", "a: b:\n",
		"a: - b\n", "a: -b\n", "a: ? b\n", "a: [b]\n", "a: {b: c}\n", "a: b, c\n",
		"a: &x b\n", "a: *x\n", "a: !t b\n", "a: %b\n", "a: @b\n", "a: `b\n", "a: |b\n",
		"a: >\n  b\n", "a:  b\n", "a: b \n", "a: b\n  c\n", "a: b\n c\n", "a: 1\nb: true\n",
		"A: b\n", "a-b: c\n", "a b: c\n", "1a: b\n", "_a: b\n", "\"a\": b\n", "a : b\n",
		"---\na: b\n", "a: b\n...\n", "a: b\n---\nc: d\n", "# c\na: b\n", "a: b\n# c\n",
		"a: b\n\nc: d\n", "\n", "", "a: 中文标题\nb: 二〇二五年\n", "a: 中文 #b\n",
		"a:\n- 丁光海\n- ''\n- \"x\"\n", "a:\n- - x\n", "a:\n- x: y\n", "a:\n-\n", "a:\n- x\n  y\n",
		"a:\n  b: c\n d: e\n", "a:\n   b: c\n", "a:\n  b:\n    c:\n      d:\n        e: f\n",
		"a: x\r\n", "a:\tb\n", "a: \xe2\x80\xa8\n", ("a: \xef\xbb\xbf" "b\n"),
		"a: |-\n  x\n  # not a comment\nb: c\n", "a: |-\n  ---\n", "a: |-\n  x\n---\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		expect_same(cases[i]);
	for (int i = 0; i < 3000; i++) {
		struct node n;
		char *text;

		do {
			random_tree(&n, 0);
			if (n.kind != NODE_MAP)
				node_free(&n);
		} while (n.kind != NODE_MAP);
		text = roundtrip(&n);
		expect_same(text);
		node_free(&n);
		free(text);
	}
}

struct bad_case {
	const char *file;
	const char *reason; /* after "path:" */
};

static void test_bad_corpus(void **state)
{
	static const struct bad_case cases[] = {
		{"truncated.yaml", "5:11: 方括号“[”没有配对的“]”"},
		{"alias-bomb.yaml", "2:4: 不允许使用锚点（anchor）"},
		{"alias-cycle.yaml", "2:7: 不允许使用锚点（anchor）"},
		{"alias.yaml", "5:11: 不允许使用别名（alias）"},
		{"anchor.yaml", "3:12: 不允许使用锚点（anchor）"},
		{"deep-nesting.yaml", "9:18: 嵌套超过 8 层"},
		{"invalid-utf8.yaml", "3:14: 不是有效的 UTF-8"},
		{"duplicate-key.yaml", "7:1: 重复的键“title”"},
		{"tag.yaml", "3:14: 不允许使用标签（tag）"},
		{"multi-doc.yaml", "3:1: 只允许一个文档"},
		{"root-list.yaml", "1:1: 文档根必须是映射"},
		{"non-scalar-key.yaml", "3:3: 映射的键必须是字符串"},
		{"unclosed-quote.yaml", "2:8: 引号没有闭合"},
	};
	char path[4096], expect[4200];
	struct ggw_error err;
	struct node n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(path, sizeof(path), "%s/tests/data/bad/%s", src_dir(), cases[i].file);
		snprintf(expect, sizeof(expect), "%s:%s", path, cases[i].reason);
		memset(&err, 0, sizeof(err));
		assert_int_equal(yaml_load_file(path, &n, &err), GGW_EINVALID);
		assert_string_equal(err.msg, expect);
	}
}

/* These parse; the model's validation refuses them. */
static void test_bad_for_model_only(void **state)
{
	static const char *const files[] = {"wrong-type.yaml", "traversal-id.yaml"};
	struct ggw_error err = {0};
	char path[4096];
	struct node n;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/tests/data/bad/%s", src_dir(), files[i]);
		assert_int_equal(yaml_load_file(path, &n, &err), 0);
		assert_int_equal(n.kind, NODE_MAP);
		assert_non_null(node_map_get(&n, i == 0 ? "youth_count" : "id"));
		node_free(&n);
	}
}

static void test_huge_refused(void **state)
{
	char path[] = "/tmp/ggw-test-huge-XXXXXX";
	char expect[256];
	struct ggw_error err = {0};
	struct node n;
	size_t size = YAML_MAX_BYTES + 100, i;
	char *buf = malloc(size);
	FILE *f;
	int fd;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i + 16 <= size; i += 16)
		memcpy(buf + i, "k: 暑期讲座\n", 16); /* 16 bytes a line */
	memset(buf + i, '#', size - i);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, size, f), size);
	fclose(f);
	assert_int_equal(yaml_load_file(path, &n, &err), GGW_EINVALID);
	snprintf(expect, sizeof(expect), "%s:1:1: 文件超过 256 KiB（%zu 字节）", path, size);
	assert_string_equal(err.msg, expect);
	unlink(path);
	parse_fails(buf, size, "t.yaml:1:1: 文件超过 256 KiB（262244 字节）");
	/* Just at the limit, the size is fine (here the duplicate key is not). */
	parse_fails(buf, YAML_MAX_BYTES, "t.yaml:2:1: 重复的键“k”");
	free(buf);
}

static void test_load_missing_file(void **state)
{
	struct ggw_error err = {0};
	struct node n;

	(void)state;
	assert_int_equal(yaml_load_file("/nonexistent/ggw/x.yaml", &n, &err), GGW_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent/ggw/x.yaml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_roundtrip),
		cmocka_unit_test(test_multiline_literal),
		cmocka_unit_test(test_quoting_edges),
		cmocka_unit_test(test_ambiguous_table),
		cmocka_unit_test(test_special_chars_roundtrip),
		cmocka_unit_test(test_plain_values),
		cmocka_unit_test(test_odd_keys),
		cmocka_unit_test(test_unknown_keys_kept_in_order),
		cmocka_unit_test(test_canonical_record_bytes),
		cmocka_unit_test(test_empty_trees),
		cmocka_unit_test(test_parse_styles_positions),
		cmocka_unit_test(test_bom_accepted),
		cmocka_unit_test(test_inline_refusals),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_random_trees_roundtrip),
		cmocka_unit_test(test_fast_path_same),
		cmocka_unit_test(test_bad_corpus),
		cmocka_unit_test(test_bad_for_model_only),
		cmocka_unit_test(test_huge_refused),
		cmocka_unit_test(test_load_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
