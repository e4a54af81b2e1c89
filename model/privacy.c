/* A child's name next to an age, grade, school or village group
 * (privacy.h). The rule, on code points:
 *   NAME   = a common surname (or 欧阳, 司马, ...) and one or two given-name
 *            characters, or 某/某某, or X/XX;
 *   MARKER = an age under 18 (10岁, 十二周岁), a grade (三年级, 初二, 高一,
 *            大班), a school (…小学, …中学, 幼儿园), a village group or
 *            house number (5组, 12号), 家住;
 * and the text is refused when
 *   - a MARKER, then at most two child words (的, 学生, 留守儿童, ...),
 *     comes right before a NAME ("三年级学生王某", "5组李某某家"), or a
 *     child word alone does ("留守儿童王某某");
 *   - a NAME is followed by a bracket or one or two short comma clauses
 *     holding a MARKER ("张小明（10岁…）", "吴某，女，11岁"), or directly
 *     by an age, a grade, 同学 or 小朋友;
 * unless the name is an adult's: followed by 老师, 主任, ... or with 退休,
 * 老战士, 志愿者, ... in its bracket or clause. Adults' names (the 五老,
 * speakers) and case codes (XY-25-007) next to ages and grades pass. */
#include "privacy.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

static const char surnames[] =
	"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
	"叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
	"黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤萧常葛易乔赖庞樊兰殷施牛洪柳鲁岳齐康伍";
static const char *const compound_surnames[] = { "欧阳", "司马", "上官", "诸葛", "慕容", "令狐",
						 "皇甫", "尉迟", "长孙", "夏侯", "公孙", NULL };
/* Characters common in given names, leaving out those that mostly make
 * words with what follows a surname in care texts (学, 生, 家, 校, ...). */
static const char given[] =
	"伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宇浩凯鹏飞俊帅鑫波斌"
	"宁海峰亮博晨阳雪梅琳丹婷颖欣怡佳琪涵萱梓轩墨豪然睿哲瑞泽宸奕诺可思雨晴悦彤语嘉煜铭昊"
	"翔晓小宝贝虎凤燕莉倩楠蕾薇妍菲蓉月星雅慧婧璐瑶馨宏志庆福荣康永兴勤春秋冬贵芬珍兵松柏"
	"德胜利旭东新立远光清玲君云霖毅恒鸿达耀杨锦程航轩烨琦璇蕊茜菁彬颜露娇萌甜乐宸灿然"
	"天子";
/* After a name: the person is an adult. */
static const char *const adult_titles[] = {
	"老师", "校长", "书记", "主任", "同志", "先生", "女士", "爷爷", "奶奶", "阿姨", "叔叔",
	"伯伯", "老人", "委员", "队长", "民警", "警官", "律师", "医生", "法官", "教授", "院长",
	"局长", "部长", "会长", "站长", "村长", "社长", "辅导员", "主讲", "讲授", "老党员",
	"老战士", "老干部", "老专家", "老模范", "老教师", NULL
};
/* In a name's bracket or clause: the person is an adult. */
static const char *const adult_words[] = {
	"老师", "教师", "校长", "书记", "主任", "老战士", "老干部", "老党员", "老专家", "老模范",
	"老教师", "五老", "志愿者", "退休", "民警", "辅导员", "家长", "党员", "委员", "干部",
	"副", "岁老人", NULL
};
/* Between a marker and a name. */
static const char *const child_words[] = {
	"留守儿童", "困境儿童", "流动儿童", "残疾儿童", "小学生", "中学生", "学生", "女生", "男生",
	"女孩", "男孩", "同学", "孩子", "儿童", "少年", "幼儿", "女童", "男童", NULL
};
static const char *const school_words[] = { "小学", "中学", "初中", "高中", "幼儿园", "学校",
					    "职校", "技校", "完小", "中心校", "学前班", NULL };

/* ---- matching code points against UTF-8 literals ---- */

static size_t utf8_chars_of(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Is the UTF-8 word at t[i...] (within n)? Its length in code points, or 0. */
static size_t word_at(const uint32_t *t, size_t n, size_t i, const char *word)
{
	size_t k = 0, len = strlen(word), off = 0;
	uint32_t cp;

	while (off < len) {
		off += utf8_decode(word + off, len - off, &cp);
		if (i + k >= n || t[i + k] != cp)
			return 0;
		k++;
	}
	return k;
}

/* Does the text end with word just before position end? Its length or 0. */
static size_t word_before(const uint32_t *t, size_t end, const char *word)
{
	size_t len = (size_t)utf8_chars_of(word);

	return len && len <= end && word_at(t, end, end - len, word) ? len : 0;
}

static size_t any_at(const uint32_t *t, size_t n, size_t i, const char *const *words)
{
	size_t k;

	for (; *words; words++)
		if ((k = word_at(t, n, i, *words)))
			return k;
	return 0;
}

static int in_set(const char *set, uint32_t c)
{
	size_t off = 0, len = strlen(set);
	uint32_t cp;

	while (off < len) {
		off += utf8_decode(set + off, len - off, &cp);
		if (cp == c)
			return 1;
	}
	return 0;
}

/* surnames and given, as bitmaps over the CJK block (every character of
 * both is in it): in_set decodes its set each call, and these two are
 * asked about nearly every character of every text. */
#define CJK_FIRST 0x4E00u
#define CJK_LAST 0x9FFFu
static uint8_t surname_bits[(CJK_LAST - CJK_FIRST + 8) / 8];
static uint8_t given_bits[(CJK_LAST - CJK_FIRST + 8) / 8];
static uint8_t compound_first_bits[(CJK_LAST - CJK_FIRST + 8) / 8];
/* Either of the two above: where a name may start. */
static uint8_t name_first_bits[(CJK_LAST - CJK_FIRST + 8) / 8];
static pthread_once_t bits_once = PTHREAD_ONCE_INIT;

static void bits_fill(uint8_t *bits, const char *set, int first_only)
{
	size_t off = 0, len = strlen(set);
	uint32_t cp;

	while (off < len) {
		off += utf8_decode(set + off, len - off, &cp);
		if (first_only)
			off = len;
		if (cp >= CJK_FIRST && cp <= CJK_LAST)
			bits[(cp - CJK_FIRST) / 8] |= (uint8_t)(1u << ((cp - CJK_FIRST) % 8));
	}
}

static void bits_init(void)
{
	bits_fill(surname_bits, surnames, 0);
	bits_fill(given_bits, given, 0);
	for (const char *const *c = compound_surnames; *c; c++)
		bits_fill(compound_first_bits, *c, 1);
	for (size_t k = 0; k < sizeof(name_first_bits); k++)
		name_first_bits[k] = surname_bits[k] | compound_first_bits[k];
}

/* (text_names_child filled the bitmaps before any call) */
static int in_bits(const uint8_t *bits, uint32_t c)
{
	return c >= CJK_FIRST && c <= CJK_LAST &&
	       (bits[(c - CJK_FIRST) / 8] >> ((c - CJK_FIRST) % 8) & 1);
}

static int contains(const uint32_t *t, size_t from, size_t to, const char *const *words)
{
	for (size_t i = from; i < to; i++)
		if (any_at(t, to, i, words))
			return 1;
	return 0;
}

/* ---- markers ---- */

static int digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int cn_digit(uint32_t c)
{
	return in_set("零一二两三四五六七八九十", c);
}

/* The value of the number written just before end (ASCII digits or
 * Chinese numerals up to 十九); *start is where it begins. -1 if none. */
static int number_before(const uint32_t *t, size_t end, size_t *start)
{
	size_t i = end;
	int v = 0, scale = 1;

	while (i > 0 && digit(t[i - 1]) && end - i < 3)
		i--;
	if (i < end) {
		for (size_t k = i; k < end; k++)
			v = v * 10 + (int)(t[k] - '0');
		*start = i;
		return v;
	}
	while (i > 0 && cn_digit(t[i - 1]) && end - i < 3)
		i--;
	if (i == end)
		return -1;
	*start = i;
	for (size_t k = i; k < end; k++) {
		static const char digits[] = "零一二三四五六七八九";
		int d = -1;
		size_t off = 0, idx = 0, len = strlen(digits);
		uint32_t cp;

		if (in_set("十", t[k])) {
			v = (v ? v : 1) * 10;
			scale = 0;
			continue;
		}
		if (in_set("两", t[k]))
			d = 2;
		while (d < 0 && off < len) {
			off += utf8_decode(digits + off, len - off, &cp);
			if (cp == t[k])
				d = (int)idx;
			idx++;
		}
		v = scale ? v * 10 + d : v + d;
	}
	return v;
}

/* A marker ending just before end: its start, or (size_t)-1. */
static size_t marker_before(const uint32_t *t, size_t end)
{
	size_t k, start;
	int v;

	if ((k = word_before(t, end, "岁"))) {
		size_t e = end - k;

		if (word_before(t, e, "周"))
			e--;
		v = number_before(t, e, &start);
		return v >= 0 && v < 18 ? start : (size_t)-1;
	}
	if ((k = word_before(t, end, "年级"))) {
		if (end >= 3 && (digit(t[end - 3]) || cn_digit(t[end - 3])))
			return end - 3;
		return (size_t)-1;
	}
	if (end >= 2 && (in_set("初高", t[end - 2])) && in_set("一二三", t[end - 1]))
		return end - 2;
	if (end >= 2 && in_set("大中小", t[end - 2]) && in_set("班", t[end - 1]))
		return end - 2;
	for (const char *const *w = school_words; *w; w++)
		if ((k = word_before(t, end, *w)))
			return end - k;
	if (end >= 2 && (in_set("组号", t[end - 1]))) {
		v = number_before(t, end - 1, &start);
		/* "7月10号" is a date */
		if (v >= 0 && !(in_set("号", t[end - 1]) && start > 0 && in_set("月", t[start - 1])))
			return start;
	}
	return (size_t)-1;
}

/* Is there a marker anywhere in t[from, to)? */
static int marker_within(const uint32_t *t, size_t from, size_t to)
{
	for (size_t e = from + 1; e <= to; e++)
		if (marker_before(t, e) != (size_t)-1 && marker_before(t, e) >= from)
			return 1;
	for (size_t i = from; i < to; i++)
		if (word_at(t, to, i, "家住"))
			return 1;
	return 0;
}

/* ---- names ---- */

static int placeholder(uint32_t c)
{
	return c == 'X' || c == 'x' || c == 0xFF38 || c == 0xD7 || c == '*' || c == 0xFF0A;
}

/* The length of the surname (compound first) starting at i, or 0. */
static size_t surname_at(const uint32_t *t, size_t n, size_t i)
{
	size_t j = 0;

	if (i >= n)
		return 0;
	if (in_bits(compound_first_bits, t[i]))
		for (const char *const *c = compound_surnames; *c && !j; c++)
			j = word_at(t, n, i, *c);
	if (!j && i < n && in_bits(surname_bits, t[i]))
		j = 1;
	return j;
}

/* A name starting at i: its end, or 0. */
static size_t name_at(const uint32_t *t, size_t n, size_t i)
{
	size_t j = surname_at(t, n, i), k;

	if (!j)
		return 0;
	j += i;
	if (j < n && in_set("某", t[j]))
		return j + 1 < n && in_set("某", t[j + 1]) ? j + 2 : j + 1;
	if (j < n && placeholder(t[j])) {
		k = j + 1 < n && placeholder(t[j + 1]) ? j + 2 : j + 1;
		/* XY-25-007 is a code, not 张X */
		if (k < n && ((t[k] >= 'A' && t[k] <= 'Z') || (t[k] >= 'a' && t[k] <= 'z') ||
			      digit(t[k]) || t[k] == '-'))
			return 0;
		return k;
	}
	if (j < n && in_bits(given_bits, t[j]))
		return j + 1 < n && in_bits(given_bits, t[j + 1]) ? j + 2 : j + 1;
	return 0;
}

static int han(uint32_t c)
{
	return c >= 0x4E00 && c <= 0x9FFF;
}

/* A looser name for the bracket and comma forms: a surname and any one or
 * two Chinese characters right before "（", "，" or 同学 (given names
 * outside the list above: 马小龙，…). Its end, or 0. */
static size_t loose_name_at(const uint32_t *t, size_t n, size_t i)
{
	size_t j = surname_at(t, n, i);

	if (!j)
		return 0;
	for (size_t e = i + j + 1; e <= i + j + 2 && e < n; e++) {
		if (!han(t[e - 1]))
			return 0;
		if (in_set("（(，,", t[e]) || word_at(t, n, e, "同学"))
			return e;
	}
	return 0;
}

static int clause_end(uint32_t c)
{
	return in_set("，,、。；;！？!?\n：:", c);
}

/* What follows the name ending at e says "a child". */
static int child_after(const uint32_t *t, size_t n, size_t e)
{
	size_t from, to, clauses;

	if (word_at(t, n, e, "同学") || word_at(t, n, e, "小朋友"))
		return 1;
	if (e < n && (in_set("（(", t[e]))) {
		for (to = e + 1; to < n && to < e + 40 && !in_set("）)", t[to]); to++)
			;
		return marker_within(t, e + 1, to) && !contains(t, e + 1, to, adult_words);
	}
	if (e < n && in_set("，,", t[e])) {
		from = e + 1;
		to = from;
		for (clauses = 0; clauses < 2 && to < n; clauses++) {
			size_t start = to;

			while (to < n && !clause_end(t[to]) && to - start < 16)
				to++;
			if (to < n && !in_set("，,、", t[to]))
				break;
			if (to < n)
				to++;
		}
		return marker_within(t, from, to) && !contains(t, from, to, adult_words);
	}
	/* "王某10岁", "王某三年级" */
	for (to = e + 1; to <= n && to <= e + 5; to++) {
		size_t m = marker_before(t, to);

		if (m == e && !any_at(t, n, e, school_words))
			return 1;
	}
	return 0;
}

/* What comes before the name starting at i says "a child". */
static int child_before(const uint32_t *t, size_t i)
{
	size_t at = i, k, words = 0;
	int child_noun = 0;

	while (words < 2) {
		k = word_before(t, at, "的");
		for (const char *const *w = child_words; !k && *w; w++)
			if ((k = word_before(t, at, *w)))
				child_noun = 1;
		if (!k)
			break;
		at -= k;
		words++;
	}
	return child_noun || (at > 0 && marker_before(t, at) != (size_t)-1);
}

static void describe_name(const uint32_t *t, size_t i, size_t e, char *what, size_t whatlen)
{
	char name[32];
	size_t used = 0;

	for (; i < e && used + 4 < sizeof(name); i++)
		used += utf8_encode(t[i], name + used);
	name[used] = '\0';
	if (what && whatlen)
		snprintf(what, whatlen, _("未成年人的姓名与年龄、年级、学校或住址“%s…”"), name);
}

int text_names_child(const uint32_t *t, size_t n, char *what, size_t whatlen)
{
	pthread_once(&bits_once, bits_init);
	for (size_t i = 0; i < n; i++) {
		size_t e;

		/* Both kinds of name start with a surname: most characters
		 * of a text start none. */
		if (!in_bits(name_first_bits, t[i]))
			continue;
		e = name_at(t, n, i);
		if (e && !any_at(t, n, e, adult_titles) && (child_before(t, i) || child_after(t, n, e))) {
			describe_name(t, i, e, what, whatlen);
			return 1;
		}
		if ((e = loose_name_at(t, n, i)) && child_after(t, n, e)) {
			describe_name(t, i, e, what, whatlen);
			return 1;
		}
	}
	return 0;
}
