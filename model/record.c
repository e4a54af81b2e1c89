/* Records as spec/records-v1.md defines them: validation, the privacy rule,
 * ids and paths, command-line field edits and the canonical key order.
 *
 * Decisions a reader may want to know:
 * - A plain scalar `~`, `null` (any case YAML knows) or empty counts as
 *   absent; for an optional field that is fine, for a required one it is
 *   "不能为空".
 * - Integers: optional '-', digits, no leading zeros except "0". A quoted
 *   number ("45") is accepted too, since people edit files by hand;
 *   record_normalize then writes it plain.
 * - Booleans in files: true / false only. On the command line
 *   record_set_field also takes yes/no, 是/否, 1/0 and stores true/false.
 * - Problems inside a list of maps carry the field "publicity.level" (the
 *   name field_find knows); the message says which item. */
#include "record.h"

#include "privacy.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "rectype.h"
#include "safetext.h"
#include "sbuf.h"
#include "text.h"

/* ---------------------------------------------------------------- problems */

void problems_free(struct problems *p)
{
	if (!p)
		return;
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

int problems_add(struct problems *p, const char *field, int line, int col,
		 const char *fmt, ...)
{
	struct problem *pr;
	va_list ap;

	if (!p)
		return 0;
	if (array_grow(&p->v, &p->cap, p->n, sizeof(*p->v), 8) < 0)
		return GGW_ENOMEM;
	pr = &p->v[p->n++];
	snprintf(pr->field, sizeof(pr->field), "%s", field ? field : "");
	pr->line = line;
	pr->col = col;
	va_start(ap, fmt);
	vsnprintf(pr->msg, sizeof(pr->msg), fmt, ap);
	va_end(ap);
	return 0;
}

/* ---------------------------------------------------------------- UTF-8 */

long utf8_chars(const char *s, size_t len)
{
	size_t i = 0, k;
	long count = 0;
	uint32_t cp;

	while (i < len) {
		k = utf8_decode_strict(s + i, len - i, &cp);
		if (k == 0)
			return -1;
		i += k;
		count++;
	}
	return count;
}

int utf8_valid(const char *s, size_t len)
{
	return utf8_chars(s, len) >= 0;
}

/* ---------------------------------------------------------------- patterns */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* yyyymmdd as an integer: a real date in 1900..2100? */
static int ymd_valid(int ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;

	return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

static int digits_value(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s)
{
	int y, m, d, ymd;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits_value(s, 4);
	m = digits_value(s + 5, 2);
	d = digits_value(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return -1;
	ymd = y * 10000 + m * 100 + d;
	return ymd_valid(ymd) ? ymd : -1;
}

int unit_key_valid(const char *s)
{
	size_t i;

	if (!s || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 1; s[i]; i++) {
		if (i >= 32)
			return 0;
		if (!((s[i] >= 'a' && s[i] <= 'z') || is_digit(s[i]) || s[i] == '-'))
			return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------- privacy */

/* The text as code points, fullwidth digits and X folded to ASCII (an input
 * method may give either); *digits: whether any digit is among them. */
static uint32_t *fold_text(const char *text, size_t *count, int *digits)
{
	size_t n = strlen(text), i = 0, k, out = 0;
	uint32_t *v = malloc((n + 1) * sizeof(*v)), cp;

	if (!v)
		return NULL;
	while (i < n) {
		k = utf8_decode(text + i, n - i, &cp); /* invalid bytes: U+FFFD */
		if (cp >= 0xFF10 && cp <= 0xFF19)
			cp = '0' + (cp - 0xFF10);
		else if (cp == 0xFF38 || cp == 0xFF58)
			cp = 'X';
		if (cp >= '0' && cp <= '9')
			*digits = 1;
		v[out++] = cp;
		i += k;
	}
	*count = out;
	return v;
}

static int cp_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* 18 characters: 17 digits and a check character (ISO 7064 MOD 11-2),
 * first digit 1-9, a real birth date at characters 7-14. */
static int id_number_valid(const uint32_t *c)
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int i, sum = 0, ymd = 0;
	uint32_t last = c[17];

	if (c[0] == '0')
		return 0;
	for (i = 0; i < 17; i++)
		sum += (int)(c[i] - '0') * weight[i];
	for (i = 6; i < 14; i++)
		ymd = ymd * 10 + (int)(c[i] - '0');
	if (!ymd_valid(ymd))
		return 0;
	if (last == 'x')
		last = 'X';
	return (uint32_t)check[sum % 11] == last;
}

static int mobile_sep(uint32_t c)
{
	return c == '-' || c == ' ' || c == 0xFF0D || c == 0x2010 || c == 0x2011;
}

static void describe(char *what, size_t whatlen, const char *kind,
		     const uint32_t *c, size_t shown)
{
	char digits[8];
	size_t i;

	for (i = 0; i < shown && i < sizeof(digits) - 1; i++)
		digits[i] = (char)c[i];
	digits[i] = '\0';
	if (what && whatlen)
		snprintf(what, whatlen, _("%s“%s…”"), kind, digits);
}

/* An ID number or a mobile number in c (n code points, folded). */
static int text_has_number(const uint32_t *c, size_t n, char *what, size_t whatlen)
{
	size_t i, j, run[3], start[3], runs, total, r;
	int found = 0;

	/* ID numbers: a maximal run of 18 digits, or 17 digits and X. */
	for (i = 0; i < n && !found; i = j) {
		if (!cp_digit(c[i])) {
			j = i + 1;
			continue;
		}
		for (j = i; j < n && cp_digit(c[j]); j++)
			;
		if ((j - i == 18 || (j - i == 17 && j < n && (c[j] == 'X' || c[j] == 'x') &&
				     !(j + 1 < n && cp_digit(c[j + 1])))) &&
		    id_number_valid(c + i)) {
			describe(what, whatlen, _("身份证号"), c + i, 4);
			found = 1;
		}
	}
	/* Mobile numbers: 1[3-9] and 9 more digits as one maximal run, or in
	 * up to three groups of 3+ digits split by a single '-' or space
	 * ("138-0000-0000", "138 0000 0000"). */
	for (i = 0; i < n && !found; i = j) {
		if (!cp_digit(c[i]) || (i > 0 && cp_digit(c[i - 1]))) {
			j = i + 1;
			continue;
		}
		runs = 0;
		total = 0;
		j = i;
		while (runs < 3) {
			size_t k = j;

			while (k < n && cp_digit(c[k]))
				k++;
			start[runs] = j;
			run[runs] = k - j;
			total += k - j;
			runs++;
			if (total >= 11 || k + 1 >= n || !mobile_sep(c[k]) || !cp_digit(c[k + 1]))
				break;
			j = k + 1;
		}
		/* the chain must use whole runs; groups of 1-2 digits are
		 * lists of small numbers, not phone numbers */
		/* +8613800000000: the country code written without a space */
		if (runs == 1 && total == 13 && c[i] == '8' && c[i + 1] == '6' && c[i + 2] == '1' &&
		    c[i + 3] >= '3' && c[i + 3] <= '9') {
			describe(what, whatlen, _("手机号"), c + i + 2, 3);
			found = 1;
		}
		if (total == 11 && c[i] == '1' && c[i + 1] >= '3' && c[i + 1] <= '9') {
			int groups_ok = 1;

			for (r = 0; runs > 1 && r < runs; r++)
				if (run[r] < 3)
					groups_ok = 0;
			if (groups_ok) {
				describe(what, whatlen, _("手机号"), c + start[0], 3);
				found = 1;
			}
		}
		j = i + run[0];
		if (j == i)
			j = i + 1;
	}
	return found;
}

int text_has_private(const char *text, char *what, size_t whatlen)
{
	uint32_t *c;
	size_t n;
	int found = 0, digits = 0;

	if (!text || !*text)
		return 0;
	c = fold_text(text, &n, &digits);
	if (!c)
		return 0;
	if (digits) /* else there is no number to look at */
		found = text_has_number(c, n, what, whatlen);
	/* A child's name next to an age, grade, school or village group. */
	if (!found)
		found = text_names_child(c, n, what, whatlen);
	free(c);
	return found;
}

/* ---------------------------------------------------------------- values */

static int scalar_is_null(const struct node *v)
{
	const char *s;

	if (!v || v->kind != NODE_SCALAR || v->style != SCALAR_PLAIN)
		return 0;
	s = v->str ? v->str : "";
	return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	       strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* Absent, null, or an empty string: nothing was written. */
static int node_absent(const struct node *v)
{
	return !v || scalar_is_null(v) ||
	       (v->kind == NODE_SCALAR && (!v->str || !*v->str));
}

/* Whitespace-only (ASCII or U+3000) counts as empty. */
static int text_blank(const char *s)
{
	while (s && *s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return 0;
	}
	return 1;
}

/* Integer text: optional '-', digits, no leading zeros but "0". */
static int int_parse(const char *s, long *out)
{
	const char *p = s;
	long v = 0;
	int neg = 0;

	if (!s)
		return 0;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!is_digit(*p) || (p[0] == '0' && p[1] != '\0') || (neg && p[0] == '0'))
		return 0;
	for (; *p; p++) {
		if (!is_digit(*p))
			return 0;
		if (v > 100000000000L)
			return 0; /* far beyond any range: treat as not a number */
		v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	return 1;
}

static const char *kind_name(enum node_kind k)
{
	switch (k) {
	case NODE_SCALAR:
		return _("文字");
	case NODE_SEQ:
		return _("列表");
	default:
		return _("映射");
	}
}

/* Where a problem is reported: a dotted key and the label's context. */
struct where {
	const char *dotted; /* "title", "five_have.summary", "publicity.level" */
	long item;          /* 1-based item of a list of maps, 0 if none */
	const char *list_label;
};

static int add(struct problems *out, const struct where *w, const struct node *at,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int add(struct problems *out, const struct where *w, const struct node *at,
	       const char *fmt, ...)
{
	char msg[320], full[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (w->item > 0)
		snprintf(full, sizeof(full), _("“%s”第 %ld 项：%s"), _(w->list_label), w->item, msg);
	else
		snprintf(full, sizeof(full), "%s", msg);
	return problems_add(out, w->dotted, at ? at->line : 0, at ? at->col : 0, "%s", full);
}

static void wrong_kind(struct problems *out, const struct where *w, const struct field_def *f,
		       const struct node *v, enum node_kind want)
{
	add(out, w, v, _("“%s”（%s）应为%s，而不是%s"), _(f->label), w->dotted,
	    kind_name(want), kind_name(v->kind));
}

static void check_privacy(struct problems *out, const struct where *w,
			  const struct field_def *f, const struct node *v)
{
	char what[128];

	if ((f->flags & F_PRIVACY) && text_has_private(v->str, what, sizeof(what)))
		add(out, w, v, _("“%s”（%s）中有疑似%s：台账不记录未成年人的个人信息，请删去"),
		    _(f->label), w->dotted, what);
}

/* Control characters (ESC, CR, C1, bidi overrides...) could drive the
 * terminal of whoever reads the record later; refused wherever text comes
 * in. Multi-line text keeps newline and tab. 1 if one was found. */
static int check_controls(struct problems *out, const struct where *w,
			  const struct field_def *f, const struct node *v, int one_line)
{
	const char *s = v->str ? v->str : "";
	uint32_t cp;

	if (!safe_find_control(s, strlen(s), !one_line, &cp))
		return 0;
	add(out, w, v, _("“%s”（%s）含有控制字符 U+%04X（不可见，会扰乱终端显示），请删去"),
	    _(f->label), w->dotted, (unsigned)cp);
	return 1;
}

#define ONE_LINE_MAX_CHARS 500

/* One line or a block of text. */
static void check_text(struct problems *out, const struct where *w,
		       const struct field_def *f, const struct node *v, int one_line)
{
	const char *s = v->str ? v->str : "";
	long chars = utf8_chars(s, strlen(s));
	/* A line without its own limit still has one, so that no record
	 * grows past what the reader accepts (YAML_MAX_BYTES). */
	long max = f->max > 0 ? f->max : one_line ? ONE_LINE_MAX_CHARS : 0;

	if (chars < 0) {
		add(out, w, v, _("“%s”（%s）含有无效的 UTF-8 字符"), _(f->label), w->dotted);
		return;
	}
	if (one_line && strchr(s, '\n')) {
		add(out, w, v, _("“%s”（%s）只能有一行"), _(f->label), w->dotted);
		return;
	}
	if (check_controls(out, w, f, v, one_line))
		return;
	if (f->min > 0 && (chars < f->min || text_blank(s))) {
		add(out, w, v, _("“%s”（%s）不能为空"), _(f->label), w->dotted);
		return;
	}
	if (max > 0 && chars > max) {
		add(out, w, v, _("“%s”（%s）不能超过 %ld 个字（现有 %ld 个）"), _(f->label),
		    w->dotted, max, chars);
		return;
	}
	check_privacy(out, w, f, v);
}

static void enum_keys(const struct enum_item *items, char *buf, size_t len)
{
	const char *sep = _("、");
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; items && items[i].key && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? sep : "",
					 items[i].key);
}

static void check_int(struct problems *out, const struct where *w,
		      const struct field_def *f, const struct node *v)
{
	long n;
	int ok = int_parse(v->str, &n);

	if (ok && n >= f->min && n <= f->max)
		return;
	if (f->min == 0 && (!ok || n < 0))
		add(out, w, v, _("“%s”（%s）必须是不小于 0 的整数"), _(f->label), w->dotted);
	else if (f->min == 0)
		add(out, w, v, _("“%s”（%s）不能大于 %ld"), _(f->label), w->dotted, f->max);
	else
		add(out, w, v, _("“%s”（%s）必须是 %ld 到 %ld 之间的整数"), _(f->label),
		    w->dotted, f->min, f->max);
}

static void check_fields(const struct field_def *table, const struct node *map,
			 const struct where *parent, struct problems *out);

/* An id of the type f cites (FT_REF, or an item of FT_IDLIST). */
static void check_ref(struct problems *out, const struct where *w, const struct field_def *f,
		      const struct node *v)
{
	int t = field_ref_type(f);
	const struct record_type_def *d = record_type_def(t);
	char shape[40];

	if (record_type_id_valid(t, v->str) || !d)
		return;
	if (d->id_kind == ID_DATED)
		snprintf(shape, sizeof(shape), "YYYYMMDD-");
	else
		snprintf(shape, sizeof(shape), "%c-", d->id_prefix);
	add(out, w, v, _("“%s”（%s）中的“%s”不是%s编号（应为 %s 加 8 位小写十六进制数）"),
	    _(f->label), w->dotted, v->str, _(d->label), shape);
}

/* [A-Z0-9][A-Z0-9-]*, min..max characters: a case code. */
static int code_valid(const char *s, long min, long max)
{
	size_t n = strlen(s), i;

	if ((long)n < (min > 0 ? min : 1) || (max > 0 && (long)n > max) || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

int case_code_valid(const char *s)
{
	return s && code_valid(s, 2, 20);
}

/* Yuan: digits (no leading zero but "0"), then "." and one or two digits. */
int money_valid(const char *s)
{
	size_t i = 0, d;

	if (!s || !is_digit(s[0]) || (s[0] == '0' && is_digit(s[1])))
		return 0;
	while (is_digit(s[i]))
		i++;
	if (i > 12)
		return 0;
	if (!s[i])
		return 1;
	if (s[i] != '.')
		return 0;
	for (d = 0, i++; is_digit(s[i]); i++)
		d++;
	return !s[i] && d >= 1 && d <= 2;
}

/* Is v of the node kind f's type needs? Says why not. */
static int value_kind_ok(const struct field_def *f, const struct node *v,
			 const struct where *w, struct problems *out)
{
	switch (f->type) {
	case FT_SCHEMA:
	case FT_ID:
	case FT_UNIT:
	case FT_STR:
	case FT_TEXT:
	case FT_DATE:
	case FT_INT:
	case FT_BOOL:
	case FT_ENUM:
	case FT_REF:
	case FT_CODE:
	case FT_MONEY:
		if (v->kind != NODE_SCALAR) {
			wrong_kind(out, w, f, v, NODE_SCALAR);
			return 0;
		}
		break;
	case FT_STRLIST:
	case FT_IDLIST:
	case FT_MAPLIST:
	case FT_CONFLICTS:
		if (v->kind != NODE_SEQ) {
			wrong_kind(out, w, f, v, NODE_SEQ);
			return 0;
		}
		break;
	case FT_GROUP:
		if (v->kind != NODE_MAP) {
			wrong_kind(out, w, f, v, NODE_MAP);
			return 0;
		}
		break;
	}
	return 1;
}

/* A list of texts or ids: its length and every item. */
static void check_list(const struct field_def *f, const struct node *v,
		       const struct where *w, struct problems *out)
{
	size_t i;

	if (f->max > 0 && v->count > (size_t)f->max)
		add(out, w, v, _("“%s”（%s）最多 %ld 项"), _(f->label), w->dotted, f->max);
	for (i = 0; i < v->count; i++) {
		const struct node *it = &v->kids[i];

		if (it->kind != NODE_SCALAR) {
			add(out, w, it, _("“%s”（%s）的第 %zu 项应为文字，而不是%s"),
			    _(f->label), w->dotted, i + 1, kind_name(it->kind));
		} else if (node_absent(it) || text_blank(it->str)) {
			add(out, w, it, _("“%s”（%s）的第 %zu 项为空"), _(f->label),
			    w->dotted, i + 1);
		} else if (f->type == FT_IDLIST) {
			if (field_ref_type(f) == REC_VOLUNTEER && !volunteer_id_valid(it->str))
				add(out, w, it,
				    _("“%s”（%s）中的“%s”不是志愿者编号（应为 v- 加 8 位小写十六进制数）"),
				    _(f->label), w->dotted, it->str);
			else if (field_ref_type(f) != REC_VOLUNTEER)
				check_ref(out, w, f, it);
		} else {
			check_text(out, w, f, it, 1);
		}
	}
}

/* A list of maps: each item and its sub-fields. */
static void check_maplist(const struct field_def *f, const struct node *v,
			  const struct where *w, struct problems *out)
{
	size_t i;

	for (i = 0; i < v->count; i++) {
		const struct node *it = &v->kids[i];
		struct where iw = { w->dotted, (long)i + 1, f->label };

		if (it->kind != NODE_MAP)
			add(out, &iw, it, _("应为映射（键: 值），而不是%s"),
			    kind_name(it->kind));
		else
			check_fields(f->sub, it, &iw, out);
	}
}

/* conflicts: loosely, each entry names its field. */
static void check_conflicts(const struct field_def *f, const struct node *v,
			    const struct where *w, struct problems *out)
{
	size_t i;

	for (i = 0; i < v->count; i++) {
		const struct node *it = &v->kids[i];
		const struct node *field = node_map_get(it, "field");

		if (it->kind != NODE_MAP || !field || field->kind != NODE_SCALAR ||
		    text_blank(field->str))
			add(out, w, it, _("“%s”（%s）的第 %zu 项缺少字段名（field）"),
			    _(f->label), w->dotted, i + 1);
	}
}

static void check_value(const struct field_def *f, const struct node *v,
			const struct where *w, struct problems *out)
{
	char buf[256];

	if (node_absent(v) || (v->kind == NODE_SCALAR && text_blank(v->str) &&
				(f->flags & F_REQUIRED))) {
		if (f->flags & F_REQUIRED)
			add(out, w, v, _("“%s”（%s）不能为空"), _(f->label), w->dotted);
		return;
	}
	if (!value_kind_ok(f, v, w, out))
		return;

	switch (f->type) {
	case FT_SCHEMA:
		if (record_type_from_schema(v->str) < 0)
			add(out, w, v, _("“%s”（%s）无法识别：%s"), _(f->label), w->dotted, v->str);
		break;
	case FT_ID:
		if (!record_id_valid(v->str))
			add(out, w, v, _("“%s”（%s）无效：%s"), _(f->label), w->dotted, v->str);
		break;
	case FT_UNIT:
		if (!unit_key_valid(v->str))
			add(out, w, v,
			    _("“%s”（%s）的取值“%s”无效：应为小写字母开头，由小写字母、数字和 - 组成，最长 32 个字符"),
			    _(f->label), w->dotted, v->str);
		break;
	case FT_STR:
		check_text(out, w, f, v, 1);
		break;
	case FT_TEXT:
		check_text(out, w, f, v, 0);
		break;
	case FT_DATE:
		if (date_parse(v->str) >= 0)
			break;
		if (strlen(v->str) == 10 && v->str[4] == '-' && v->str[7] == '-' &&
		    digits_value(v->str, 4) >= 0 && digits_value(v->str + 5, 2) >= 0 &&
		    digits_value(v->str + 8, 2) >= 0)
			add(out, w, v, _("“%s”（%s）不是真实的日期：%s"), _(f->label), w->dotted,
			    v->str);
		else
			add(out, w, v, _("“%s”（%s）应写成 YYYY-MM-DD 格式的日期：%s"),
			    _(f->label), w->dotted, v->str);
		break;
	case FT_INT:
		check_int(out, w, f, v);
		break;
	case FT_BOOL:
		if (strcmp(v->str, "true") != 0 && strcmp(v->str, "false") != 0)
			add(out, w, v, _("“%s”（%s）只能是 true 或 false"), _(f->label), w->dotted);
		break;
	case FT_ENUM:
		if (enum_index(f->items, v->str) < 0) {
			enum_keys(f->items, buf, sizeof(buf));
			add(out, w, v, _("“%s”（%s）的取值“%s”无效，可选：%s"), _(f->label),
			    w->dotted, v->str, buf);
		}
		break;
	case FT_STRLIST:
	case FT_IDLIST:
		check_list(f, v, w, out);
		break;
	case FT_REF:
		check_ref(out, w, f, v);
		break;
	case FT_CODE:
		if (!code_valid(v->str, f->min, f->max))
			add(out, w, v,
			    _("“%s”（%s）的取值“%s”无效：应为大写字母或数字开头，由大写字母、数字和 - 组成，%ld 到 %ld 个字符，如 XY-25-007"),
			    _(f->label), w->dotted, v->str, f->min, f->max);
		break;
	case FT_MONEY:
		if (!money_valid(v->str))
			add(out, w, v, _("“%s”（%s）应为金额（元），最多两位小数，如 2000.00：%s"),
			    _(f->label), w->dotted, v->str);
		break;
	case FT_GROUP:
		check_fields(f->sub, v, w, out);
		break;
	case FT_MAPLIST:
		check_maplist(f, v, w, out);
		break;
	case FT_CONFLICTS:
		check_conflicts(f, v, w, out);
		break;
	}
}

/* "parent.key" (or "key") into out, cut to size - 1 bytes as snprintf
 * would: asked for every field of every record, so without printf. */
static void dotted_name(char *out, size_t size, const char *parent, const char *key)
{
	size_t used = 0, n;

	if (parent) {
		n = strlen(parent);
		n = n < size - 1 ? n : size - 1;
		memcpy(out, parent, n);
		used = n;
		if (used < size - 1)
			out[used++] = '.';
	}
	n = strlen(key);
	n = n < size - 1 - used ? n : size - 1 - used;
	memcpy(out + used, key, n);
	out[used + n] = '\0';
}

/* Every field of table in map; dotted names continue parent's. */
static void check_fields(const struct field_def *table, const struct node *map,
			 const struct where *parent, struct problems *out)
{
	const struct field_def *f;
	char dotted[64];

	for (f = table; f->key; f++) {
		struct where w = { dotted, parent ? parent->item : 0,
				   parent ? parent->list_label : NULL };
		const struct node *v = node_map_get(map, f->key);

		dotted_name(dotted, sizeof(dotted), parent ? parent->dotted : NULL, f->key);
		/* absent required fields point at the map holding them */
		check_value(f, v, &w, out);
		if (!v && (f->flags & F_REQUIRED) && out && out->n && map &&
		    strcmp(out->v[out->n - 1].field, dotted) == 0) {
			out->v[out->n - 1].line = map->line;
			out->v[out->n - 1].col = map->col;
		}
	}
}

size_t field_validate(const struct field_def *f, const struct node *value,
		      const char *dotted, struct problems *out)
{
	struct problems tmp = { 0 };
	struct problems *p = out ? out : &tmp;
	size_t before = p->n;
	struct where w = { dotted ? dotted : f->key, 0, NULL };

	check_value(f, value, &w, p);
	before = p->n - before;
	problems_free(&tmp);
	return before;
}

size_t record_validate(enum record_type t, const struct node *rec, struct problems *out)
{
	struct problems tmp = { 0 };
	struct problems *p = out ? out : &tmp;
	size_t before = p->n;
	const char *schema, *id, *unit;
	struct node *v;

	if (!rec || rec->kind != NODE_MAP || !record_fields(t)) {
		problems_add(p, "", rec ? rec->line : 0, rec ? rec->col : 0, "%s",
			     _("记录应为映射（键: 值）"));
		goto done;
	}
	check_fields(record_fields(t), rec, NULL, p);

	/* Checks the table alone cannot express. */
	schema = node_map_str(rec, "schema");
	if (schema && record_type_from_schema(schema) >= 0 &&
	    strcmp(schema, record_schema(t)) != 0) {
		v = node_map_get(rec, "schema");
		problems_add(p, "schema", v->line, v->col, _("“%s”（%s）应为“%s”，而不是“%s”"),
			     _("格式版本"), "schema", record_schema(t), schema);
	}
	id = node_map_str(rec, "id");
	if (record_type_per_file(t) && id && record_id_valid(id) && record_id_type(id) != t) {
		v = node_map_get(rec, "id");
		problems_add(p, "id", v->line, v->col, _("“%s”（%s）不是%s的编号：%s"),
			     _("编号"), "id", _(record_type_label(t)), id);
	}
	if (t == REC_UNITS) {
		/* unit keys must be unique */
		const struct node *units = node_map_get(rec, "units");
		const char *lid = node_map_str(rec, "ledger");
		size_t i, j;

		if (lid && (strlen(lid) != 32 || strspn(lid, "0123456789abcdef") != 32)) {
			v = node_map_get(rec, "ledger");
			problems_add(p, "ledger", v->line, v->col,
				     _("“%s”（%s）应为 32 位小写十六进制数字"), _("台账编号"), "ledger");
		}

		for (i = 0; units && units->kind == NODE_SEQ && i < units->count; i++) {
			unit = node_map_str(&units->kids[i], "key");
			for (j = 0; unit && j < i; j++) {
				const char *other = node_map_str(&units->kids[j], "key");

				if (other && strcmp(other, unit) == 0) {
					problems_add(p, "units.key", units->kids[i].line,
						     units->kids[i].col,
						     _("单位代号“%s”重复"), unit);
					break;
				}
			}
		}
	}
done:
	before = p->n - before;
	problems_free(&tmp);
	return before;
}

/* ---------------------------------------------------------------- normalize */

static const struct field_def conflict_fields[] = {
	{ "field", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	{ "value", "", FT_CONFLICTS, 0, 0, 0, NULL, NULL, NULL }, /* kept as is */
	{ "author", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	{ "unit", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	{ "time", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	{ "commit", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	/* who typed the value the record kept (optional, merge.c) */
	{ "kept_author", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	{ "kept_unit", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	{ "kept_time", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	{ "kept_commit", "", FT_STR, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static void normalize_map(const struct field_def *table, struct node *map);

static void set_text_style(struct node *v)
{
	if (v->kind == NODE_SCALAR && !scalar_is_null(v))
		v->style = SCALAR_TEXT;
}

static void normalize_value(const struct field_def *f, struct node *v, int in_conflicts)
{
	long n;
	size_t i;

	if (in_conflicts && f->type == FT_CONFLICTS)
		return; /* a conflict's value: whatever it was */
	if (v->kind == NODE_SCALAR && scalar_is_null(v))
		return;
	switch (f->type) {
	case FT_INT:
		if (v->kind == NODE_SCALAR)
			v->style = int_parse(v->str, &n) ? SCALAR_PLAIN : SCALAR_TEXT;
		break;
	case FT_BOOL:
		if (v->kind == NODE_SCALAR)
			v->style = strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0
					   ? SCALAR_PLAIN
					   : SCALAR_TEXT;
		break;
	case FT_DATE:
		if (v->kind == NODE_SCALAR)
			v->style = date_parse(v->str) >= 0 ? SCALAR_PLAIN : SCALAR_TEXT;
		break;
	case FT_STRLIST:
	case FT_IDLIST:
		set_text_style(v);
		for (i = 0; v->kind == NODE_SEQ && i < v->count; i++)
			set_text_style(&v->kids[i]);
		break;
	case FT_GROUP:
		if (v->kind == NODE_MAP)
			normalize_map(f->sub, v);
		else
			set_text_style(v);
		break;
	case FT_MAPLIST:
	case FT_CONFLICTS:
		for (i = 0; v->kind == NODE_SEQ && i < v->count; i++)
			if (v->kids[i].kind == NODE_MAP)
				normalize_map(f->type == FT_CONFLICTS ? conflict_fields : f->sub,
					      &v->kids[i]);
		break;
	default:
		set_text_style(v);
		break;
	}
}

/* Reorder map's entries: table keys first, in table order, then the rest. */
static void normalize_map(const struct field_def *table, struct node *map)
{
	const struct field_def *f;
	struct node *kids;
	char **keys;
	char *moved;
	size_t i, out = 0;
	long at;

	if (map->kind != NODE_MAP || map->count == 0)
		return;
	kids = malloc(map->count * sizeof(*kids));
	keys = malloc(map->count * sizeof(*keys));
	moved = calloc(map->count, 1);
	if (!kids || !keys || !moved)
		goto styles; /* out of memory: keep the order, still fix styles */
	for (f = table; f->key; f++) {
		at = node_map_index(map, f->key);
		if (at < 0 || moved[at])
			continue;
		kids[out] = map->kids[at];
		keys[out++] = map->keys[at];
		moved[at] = 1;
	}
	for (i = 0; i < map->count; i++) {
		if (moved[i])
			continue;
		kids[out] = map->kids[i];
		keys[out++] = map->keys[i];
	}
	memcpy(map->kids, kids, map->count * sizeof(*kids));
	memcpy(map->keys, keys, map->count * sizeof(*keys));
styles:
	free(kids);
	free(keys);
	free(moved);
	for (f = table; f->key; f++) {
		struct node *v = node_map_get(map, f->key);

		if (v)
			normalize_value(f, v, table == conflict_fields);
	}
}

void record_normalize(enum record_type t, struct node *rec)
{
	if (rec && rec->kind == NODE_MAP && record_fields(t))
		normalize_map(record_fields(t), rec);
}

/* ---------------------------------------------------------------- editing */

/* Insert key where the table's order puts it (before the first later key
 * present), or at the end. */
static int insert_canonical(const struct field_def *table, struct node *map,
			    const char *key, struct node *val)
{
	const struct field_def *f;
	long at;
	int after = 0;

	if (node_map_index(map, key) >= 0)
		return node_map_set(map, key, val);
	for (f = table; f && f->key; f++) {
		if (strcmp(f->key, key) == 0) {
			after = 1;
			continue;
		}
		if (after && (at = node_map_index(map, f->key)) >= 0)
			return node_map_insert(map, (size_t)at, key, val);
	}
	return node_map_insert(map, map->count, key, val);
}

/* Build a list from "a, b，c、d": empty items skipped. */
static int split_list(const char *value, struct node *seq)
{
	const char *p = value, *comma, *fw, *dun;
	size_t n, skip;
	char *item;

	node_init_seq(seq);
	while (*p) {
		comma = strchr(p, ',');
		fw = strstr(p, "，");
		dun = strstr(p, "、"); /* 丁光海、李明: as people list names */
		if (dun && (!fw || dun < fw))
			fw = dun;
		if (fw && (!comma || fw < comma)) {
			n = (size_t)(fw - p);
			skip = 3;
		} else if (comma) {
			n = (size_t)(comma - p);
			skip = 1;
		} else {
			n = strlen(p);
			skip = 0;
		}
		item = text_trim_dup(p, n);
		if (!item)
			goto fail;
		if (*item && node_seq_append_str(seq, item, SCALAR_TEXT) < 0) {
			free(item);
			goto fail;
		}
		free(item);
		p += n + skip;
	}
	return 0;
fail:
	node_free(seq);
	return GGW_ENOMEM;
}

static void known_fields(const struct field_def *table, char *buf, size_t len)
{
	const struct field_def *f, *s;
	size_t used = 0;

	buf[0] = '\0';
	for (f = table; f->key && used < len; f++) {
		if (!(f->flags & F_FORM) || (f->flags & F_READONLY) || f->type == FT_MAPLIST)
			continue;
		if (f->type == FT_GROUP) {
			for (s = f->sub; s->key && used < len; s++)
				used += (size_t)snprintf(buf + used, len - used, "%s%s.%s",
							 used ? _("、") : "", f->key, s->key);
			continue;
		}
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? _("、") : "", f->key);
	}
}

static int problem_to_err(struct problems *p, struct ggw_error *err)
{
	int rc = ggw_fail(err, GGW_EINVALID, "%s", p->n ? p->v[0].msg : "");

	problems_free(p);
	return rc;
}

/* Command-line booleans: a few spellings people type, stored canonically. */
static const char *bool_text(const char *s)
{
	if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1") || !strcmp(s, "是"))
		return "true";
	if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "0") || !strcmp(s, "否"))
		return "false";
	return NULL;
}

/* YYYY-MM-DD exactly, digits or not a real day. */
static int iso_shaped(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* A date as typed (2025-7-15, 2025年7月15日, ...) becomes YYYY-MM-DD in
 * *text; a date not understood is refused with the spellings that are.
 * Frees *text on failure. */
static int typed_date(const struct field_def *f, const char *dotted, char **text,
		      struct ggw_error *err)
{
	int ymd = date_parse_typed(*text);
	char buf[16];

	/* 2024-02-30 written the stored way is kept: the record's validation
	 * names it along with the record's other problems */
	if (ymd == DATE_NOT_REAL && iso_shaped(*text))
		return 0;
	if (ymd == DATE_NOT_REAL || ymd == DATE_BAD_SHAPE) {
		int rc = ymd == DATE_NOT_REAL
				 ? ggw_fail(err, GGW_EINVALID, _("“%s”（%s）不是真实的日期：%s"),
					    _(f->label), dotted, *text)
				 : ggw_fail(err, GGW_EINVALID, _("“%s”（%s）看不出是哪一天：%s（%s）"),
					    _(f->label), dotted, *text, date_examples());
		free(*text);
		*text = NULL;
		return rc;
	}
	date_format(ymd, buf, sizeof(buf));
	free(*text);
	return (*text = strdup(buf)) ? 0 : ggw_oom(err);
}

/* Why dotted cannot be set with --set (0: it can). */
static int set_field_refusal(const struct field_def *f, const struct field_def *parent,
			     const char *dotted, struct ggw_error *err)
{
	if ((f->flags & F_READONLY) || f->type == FT_SCHEMA || f->type == FT_ID ||
	    (f->type == FT_UNIT && !parent))
		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）不能修改"), _(f->label), dotted);
	if (f->type == FT_CONFLICTS)
		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）不能直接设置，请用 ggw resolve"),
				_(f->label), dotted);
	if (f->type == FT_MAPLIST || (parent && parent->type == FT_MAPLIST)) {
		const struct field_def *list = parent ? parent : f;

		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）不能用 --set 设置，请用 --file"),
				_(list->label), list->key);
	}
	if (f->type == FT_GROUP) {
		char subs[256];
		const struct field_def *s;
		size_t used = 0;

		subs[0] = '\0';
		for (s = f->sub; s->key && used < sizeof(subs); s++)
			used += (size_t)snprintf(subs + used, sizeof(subs) - used, "%s%s.%s",
						 used ? _("、") : "", f->key, s->key);
		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）请逐项设置：%s"),
				_(f->label), dotted, subs);
	}
	return 0;
}

/* five_have.summary: find or make the group map; *group NULL (and 0
 * returned) when clearing a field of an absent group. */
static int set_field_group(const struct field_def *table, struct node *rec,
			   const struct field_def *parent, char op, const char *value,
			   struct node **group, struct ggw_error *err)
{
	struct node val;

	*group = node_map_get(rec, parent->key);
	if (*group && scalar_is_null(*group)) {
		node_map_remove(rec, parent->key);
		*group = NULL;
	}
	if (*group && (*group)->kind != NODE_MAP)
		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）应为映射，请先修正文件"),
				_(parent->label), parent->key);
	if (!*group) {
		if (op == '=' && text_blank(value))
			return 0;
		node_init_map(&val);
		if (insert_canonical(table, rec, parent->key, &val) < 0)
			return ggw_oom(err);
		*group = node_map_get(rec, parent->key);
	}
	return 0;
}

/* op '+': one more item at the end of a list field. */
static int set_field_append(const struct field_def *table, struct node *target,
			    const struct field_def *f, const char *dotted, const char *value,
			    struct ggw_error *err)
{
	struct node *list, val;
	char *text;
	int rc;

	if (f->type != FT_STRLIST && f->type != FT_IDLIST)
		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）不是列表，不能用 +="),
				_(f->label), dotted);
	if (!(text = text_trim_dup(value, strlen(value))))
		return ggw_oom(err);
	if (!*text) {
		free(text);
		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）不能追加空项"), _(f->label), dotted);
	}
	list = node_map_get(target, f->key);
	if (list && scalar_is_null(list)) {
		node_map_remove(target, f->key);
		list = NULL;
	}
	if (list && list->kind != NODE_SEQ) {
		free(text);
		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）应为列表，请先修正文件"),
				_(f->label), dotted);
	}
	if (!list) {
		node_init_seq(&val);
		if (insert_canonical(table, target, f->key, &val) < 0) {
			free(text);
			return ggw_oom(err);
		}
		list = node_map_get(target, f->key);
	}
	rc = node_seq_append_str(list, text, SCALAR_TEXT);
	free(text);
	return rc < 0 ? ggw_oom(err) : 0;
}

/* "2000" and "2000.5" are written "2000.00", "2000.50". */
static int money_canonical(struct node *val, struct ggw_error *err)
{
	char buf[32];
	const char *point = strchr(val->str, '.');

	snprintf(buf, sizeof(buf), "%.*s.%s%s", (int)(point ? (size_t)(point - val->str) : strlen(val->str)),
		 val->str, point ? point + 1 : "00", point && strlen(point) == 2 ? "0" : "");
	node_free(val);
	return node_init_scalar(val, buf, SCALAR_TEXT) < 0 ? ggw_oom(err) : 0;
}

/* op '=': the value as a node of the field's type in *val; 1 when the
 * text is blank (the field is cleared). */
static int set_field_value(const struct field_def *f, const char *dotted, const char *value,
			   struct node *val, struct ggw_error *err)
{
	struct problems probs = { 0 };
	const char *b;
	char *text;
	int rc;

	if (f->type == FT_STRLIST || f->type == FT_IDLIST) {
		if ((rc = split_list(value, val)) < 0)
			return ggw_fail(err, rc, "%s", _("内存不足"));
		return val->count == 0;
	}
	text = f->type == FT_TEXT ? strdup(value) : text_trim_dup(value, strlen(value));
	if (!text)
		return ggw_oom(err);
	if (text_blank(text)) {
		free(text);
		return 1;
	}
	if (f->type == FT_DATE && (rc = typed_date(f, dotted, &text, err)) < 0)
		return rc;
	if (f->type == FT_BOOL && (b = bool_text(text))) {
		free(text);
		if (!(text = strdup(b)))
			return ggw_oom(err);
	}
	rc = node_init_scalar(val, text,
			      (f->type == FT_INT || f->type == FT_BOOL || f->type == FT_DATE)
				      ? SCALAR_PLAIN
				      : SCALAR_TEXT);
	free(text);
	if (rc < 0)
		return ggw_oom(err);
	if (f->type == FT_MONEY && money_valid(val->str) && (rc = money_canonical(val, err)) < 0)
		return rc;
	normalize_value(f, val, 0);
	if ((f->type == FT_INT || f->type == FT_BOOL || f->type == FT_MONEY || f->type == FT_CODE ||
	     f->type == FT_REF) && field_validate(f, val, dotted, &probs) > 0) {
		node_free(val);
		return problem_to_err(&probs, err);
	}
	return 0;
}

int record_set_field(enum record_type t, struct node *rec, const char *dotted,
		     char op, const char *value, struct ggw_error *err)
{
	const struct field_def *table = record_fields(t), *f, *parent = NULL;
	struct node *target = rec, val;
	char top[64], known[768];
	const char *dot;
	int rc;

	memset(&val, 0, sizeof(val));
	if (!table || !rec || rec->kind != NODE_MAP || !dotted)
		return ggw_fail(err, GGW_EINVALID, "%s", _("记录应为映射（键: 值）"));
	if (!value)
		value = "";
	f = field_find(table, dotted);
	dot = strchr(dotted, '.');
	if (f && dot) {
		snprintf(top, sizeof(top), "%.*s", (int)(dot - dotted), dotted);
		parent = field_find(table, top);
	}
	if (!f || (dot && strchr(dot + 1, '.'))) {
		known_fields(table, known, sizeof(known));
		return ggw_fail(err, GGW_EINVALID, _("未知字段“%s”，可用：%s"), dotted, known);
	}
	if ((rc = set_field_refusal(f, parent, dotted, err)) < 0)
		return rc;
	if (parent) {
		if ((rc = set_field_group(table, rec, parent, op, value, &target, err)) < 0 || !target)
			return rc;
		table = parent->sub;
	}
	if (op == '+')
		return set_field_append(table, target, f, dotted, value, err);
	if (op != '=')
		return ggw_fail(err, GGW_EUSAGE, _("不支持的操作“%c”"), op);
	if ((rc = set_field_value(f, dotted, value, &val, err)) < 0)
		return rc;
	if (rc == 0)
		return insert_canonical(table, target, f->key, &val) < 0 ? ggw_oom(err) : 0;
	node_free(&val);
	if (f->flags & F_REQUIRED)
		return ggw_fail(err, GGW_EINVALID, _("“%s”（%s）不能为空"), _(f->label), dotted);
	node_map_remove(target, f->key);
	if (parent && target->count == 0)
		node_map_remove(rec, parent->key);
	return 0;
}

int record_new(enum record_type t, const char *id, const char *unit, struct node *out)
{
	node_init_map(out);
	if (!record_schema(t))
		return GGW_EINVALID;
	if (record_type_per_file(t)) {
		if (!unit_key_valid(unit) || record_id_type(id) != t)
			return GGW_EINVALID;
	}
	if (node_map_set_str(out, "schema", record_schema(t), SCALAR_TEXT) < 0)
		goto nomem;
	if (record_type_per_file(t) && (node_map_set_str(out, "id", id, SCALAR_TEXT) < 0 ||
			       node_map_set_str(out, "unit", unit, SCALAR_TEXT) < 0))
		goto nomem;
	return 0;
nomem:
	node_free(out);
	return GGW_ENOMEM;
}

/* ---------------------------------------------------------------- summaries */

int record_group_mask(const struct field_def *f, const struct node *rec)
{
	const struct node *group = f && f->type == FT_GROUP ? node_map_get(rec, f->key) : NULL, *v;
	int i, mask = 0;

	if (!group || group->kind != NODE_MAP)
		return 0;
	for (i = 0; f->sub[i].key && i < 31; i++) {
		v = node_map_get(group, f->sub[i].key);
		if (v && v->kind == NODE_SCALAR && !scalar_is_null(v) && !text_blank(v->str))
			mask |= 1 << i;
	}
	return mask;
}

int activity_five_have_mask(const struct node *rec)
{
	return record_group_mask(field_find(activity_fields, "five_have"), rec);
}

int record_has_conflicts(const struct node *rec)
{
	const struct node *c = node_map_get(rec, "conflicts");

	return c && c->kind == NODE_SEQ && c->count > 0 ? (int)c->count : 0;
}
