/* Strict YAML reading and canonical writing on libyaml's event API.
 * The document loader is never used: it follows aliases (cycles, billion
 * laughs) and has no depth limit. Here the input size is capped before
 * parsing, UTF-8 is checked first, and every event is vetted as it comes. */
#include "yamlio.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/text.h"
#include "fsutil.h"
#include "yamlfast.h"

/* ---------------------------------------------------------------- UTF-8 */

/* Characters a record file must not hold: C0 controls but TAB, LF, CR;
 * DEL; C1 controls (NEL included, which YAML would count as a line break);
 * the noncharacters U+FFFE and U+FFFF libyaml refuses. */
static int is_forbidden_char(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
	       (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

/* 1-based line and column (in characters) of byte offset off. */
static void offset_position(const char *buf, size_t off, int *line, int *col)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if ((s[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* ------------------------------------------------------------- messages */

/* Fill err with "name:line:col: reason". */
static int fail_at(struct ggw_error *err, int code, const char *name, int line, int col,
		   const char *reason)
{
	return ggw_fail(err, code, "%s:%d:%d: %s", name, line, col, reason);
}

static int fail_mark(struct ggw_error *err, const char *name, yaml_mark_t mark,
		     const char *reason)
{
	return fail_at(err, GGW_EINVALID, name, (int)mark.line + 1, (int)mark.column + 1, reason);
}

/* Copy at most max bytes of s into out, never cutting a character. */
static void clip_utf8(char *out, size_t outlen, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	if (n < strlen(s) && n + 4 < outlen)
		strcat(out, "...");
}

/* ---------------------------------------------------------------- parse */

struct frame {
	struct node node;  /* the map or sequence being built */
	char *key;         /* map: key waiting for its value */
	size_t *slots;     /* map: hash of key index + 1, for duplicate keys */
	size_t nslots;     /* power of two, or 0 */
};

struct parse {
	const char *name;
	struct ggw_error *err;
	struct frame stack[YAML_MAX_DEPTH];
	int depth;
	int documents;
	int have_root;
	struct node root;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Index of key in the frame's map, or -1. */
static long frame_find(const struct frame *f, const char *key)
{
	size_t mask, i;

	if (!f->nslots)
		return -1;
	mask = f->nslots - 1;
	for (i = (size_t)hash_str(key) & mask; f->slots[i]; i = (i + 1) & mask)
		if (strcmp(f->node.keys[f->slots[i] - 1], key) == 0)
			return (long)(f->slots[i] - 1);
	return -1;
}

/* Note that the map's last entry is in; grow the table at half full. */
static int frame_index_last(struct frame *f)
{
	size_t mask, i, k, n = f->node.count;

	if (n * 2 > f->nslots) {
		size_t want = f->nslots ? f->nslots * 2 : 16;
		size_t *slots = calloc(want, sizeof(*slots));

		if (!slots)
			return -1;
		free(f->slots);
		f->slots = slots;
		f->nslots = want;
		mask = want - 1;
		for (k = 0; k < n; k++) {
			for (i = (size_t)hash_str(f->node.keys[k]) & mask; slots[i]; i = (i + 1) & mask)
				;
			slots[i] = k + 1;
		}
		return 0;
	}
	mask = f->nslots - 1;
	for (i = (size_t)hash_str(f->node.keys[n - 1]) & mask; f->slots[i]; i = (i + 1) & mask)
		;
	f->slots[i] = n;
	return 0;
}

static void frame_free(struct frame *f)
{
	node_free(&f->node);
	free(f->key);
	free(f->slots);
	memset(f, 0, sizeof(*f));
}

static int no_memory(struct parse *p)
{
	return ggw_fail(p->err, GGW_ENOMEM, "%s: %s", p->name, _("内存不足"));
}

/* Refuse anchors and tags on any node. */
static int check_props(struct parse *p, const yaml_event_t *ev, const yaml_char_t *anchor,
		       const yaml_char_t *tag)
{
	if (anchor)
		return fail_mark(p->err, p->name, ev->start_mark, _("不允许使用锚点（anchor）"));
	if (tag)
		return fail_mark(p->err, p->name, ev->start_mark, _("不允许使用标签（tag）"));
	return 0;
}

/* Checks before a node starts at ev: the root must be a map, map keys
 * must be scalars. */
static int check_place(struct parse *p, const yaml_event_t *ev, int is_scalar)
{
	struct frame *top;

	if (p->depth == 0) {
		if (ev->type == YAML_MAPPING_START_EVENT)
			return 0;
		if (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.length == 0 &&
		    ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
			return 0; /* "---" alone: an empty document */
		return fail_mark(p->err, p->name, ev->start_mark, _("文档根必须是映射"));
	}
	top = &p->stack[p->depth - 1];
	if (!is_scalar && top->node.kind == NODE_MAP && !top->key)
		return fail_mark(p->err, p->name, ev->start_mark, _("映射的键必须是字符串"));
	return 0;
}

/* Hand a finished node to its parent (moves *val). */
static int attach(struct parse *p, struct node *val, yaml_mark_t mark)
{
	struct frame *top;
	char reason[512], shown[200];

	if (p->depth == 0) {
		if (val->kind != NODE_MAP) { /* the empty document */
			node_free(val);
			node_init_map(val);
			val->line = (int)mark.line + 1;
			val->col = (int)mark.column + 1;
		}
		p->root = *val;
		p->have_root = 1;
		memset(val, 0, sizeof(*val));
		return 0;
	}
	top = &p->stack[p->depth - 1];
	if (top->node.kind == NODE_SEQ)
		return node_seq_append(&top->node, val) < 0 ? no_memory(p) : 0;
	if (!top->key) {
		if (frame_find(top, val->str) >= 0) {
			clip_utf8(shown, sizeof(shown), val->str, 120);
			snprintf(reason, sizeof(reason), _("重复的键“%s”"), shown);
			node_free(val);
			return fail_mark(p->err, p->name, mark, reason);
		}
		top->key = val->str; /* take the string over */
		val->str = NULL;
		node_free(val);
		return 0;
	}
	if (node_map_insert(&top->node, top->node.count, top->key, val) < 0)
		return no_memory(p);
	free(top->key);
	top->key = NULL;
	return frame_index_last(top) < 0 ? no_memory(p) : 0;
}

static int on_event(struct parse *p, const yaml_event_t *ev)
{
	struct node val;
	struct frame *f;
	char reason[256];
	int error;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++p->documents > 1)
			return fail_mark(p->err, p->name, ev->start_mark, _("只允许一个文档"));
		return 0;
	case YAML_ALIAS_EVENT:
		return fail_mark(p->err, p->name, ev->start_mark, _("不允许使用别名（alias）"));
	case YAML_SCALAR_EVENT:
		if ((error = check_props(p, ev, ev->data.scalar.anchor, ev->data.scalar.tag)) < 0 ||
		    (error = check_place(p, ev, 1)) < 0)
			return error;
		if (strlen((const char *)ev->data.scalar.value) != ev->data.scalar.length)
			return fail_mark(p->err, p->name, ev->start_mark,
					 _("文本中不允许出现 NUL 字符"));
		if (node_init_scalar(&val, (const char *)ev->data.scalar.value,
				     ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ?
					     SCALAR_PLAIN : SCALAR_TEXT) < 0)
			return no_memory(p);
		val.line = (int)ev->start_mark.line + 1;
		val.col = (int)ev->start_mark.column + 1;
		error = attach(p, &val, ev->start_mark);
		node_free(&val);
		return error;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT)
			error = check_props(p, ev, ev->data.sequence_start.anchor,
					    ev->data.sequence_start.tag);
		else
			error = check_props(p, ev, ev->data.mapping_start.anchor,
					    ev->data.mapping_start.tag);
		if (error < 0 || (error = check_place(p, ev, 0)) < 0)
			return error;
		if (p->depth >= YAML_MAX_DEPTH) {
			snprintf(reason, sizeof(reason), _("嵌套超过 %d 层"), YAML_MAX_DEPTH);
			return fail_mark(p->err, p->name, ev->start_mark, reason);
		}
		f = &p->stack[p->depth++];
		memset(f, 0, sizeof(*f));
		if (ev->type == YAML_SEQUENCE_START_EVENT)
			node_init_seq(&f->node);
		else
			node_init_map(&f->node);
		f->node.line = (int)ev->start_mark.line + 1;
		f->node.col = (int)ev->start_mark.column + 1;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		f = &p->stack[--p->depth];
		val = f->node;
		memset(&f->node, 0, sizeof(f->node));
		frame_free(f);
		error = attach(p, &val, ev->start_mark);
		node_free(&val);
		return error;
	default:
		return 0;
	}
}

/* "name:line:col: " + a Chinese sentence whose %s is libyaml's English
 * problem text, so a reader who knows no English still learns what kind
 * of error it is. */
static int fail_with_words(struct parse *p, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail_with_words(struct parse *p, int line, int col, const char *fmt, ...)
{
	char sentence[sizeof(p->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sentence, sizeof(sentence), fmt, ap);
	va_end(ap);
	return ggw_fail(p->err, GGW_EINVALID, "%s:%d:%d: %s", p->name, line, col, sentence);
}

/* A libyaml parse error as "name:line:col: reason", with libyaml's own
 * words after a Chinese sentence only when ggw cannot name the reason itself. */
static int libyaml_error(struct parse *p, const yaml_parser_t *parser, const char *buf)
{
	const char *problem = parser->problem ? parser->problem : "?";
	const char *generic = _("YAML 语法错误"), *reason = generic;
	yaml_mark_t mark = parser->problem_mark;
	int line, col;

	if (parser->error == YAML_MEMORY_ERROR)
		return no_memory(p);
	if (parser->error == YAML_READER_ERROR) {
		offset_position(buf, parser->problem_offset, &line, &col);
		return fail_with_words(p, line, col, _("无法读取文本（libyaml 的英文原话）：%s"),
				       problem);
	}
	if (parser->context && strstr(parser->context, "quoted scalar") &&
	    strstr(problem, "end of stream")) {
		/* Point at the opening quote, not at the end of the file. */
		reason = _("引号没有闭合");
		mark = parser->context_mark;
	} else if (strstr(problem, "expected ',' or ']'") || strstr(problem, "expected ',' or '}'")) {
		/* Point at the opening bracket, which is what needs closing. */
		reason = strchr(problem, ']') ? _("方括号“[”没有配对的“]”")
					      : _("花括号“{”没有配对的“}”");
		if (parser->context)
			mark = parser->context_mark;
	} else if (strstr(problem, "end of stream")) {
		reason = _("文件不完整（在中途结束）");
	} else if (strstr(problem, "cannot start any token")) {
		reason = _("出现不能开始任何内容的字符（可能是用 TAB 缩进，或缺少引号）");
	} else if (strstr(problem, "mapping values are not allowed")) {
		reason = _("此处不能有“: ”（缺少引号或缩进不对）");
	} else if (strstr(problem, "did not find expected") ||
		   strstr(problem, "could not find expected")) {
		reason = _("缩进或结构不对");
	}
	/* libyaml's own (English) words only where ggw has no better reason. */
	if (reason != generic)
		return ggw_fail(p->err, GGW_EINVALID, "%s:%d:%d: %s", p->name, (int)mark.line + 1,
				(int)mark.column + 1, reason);
	return fail_with_words(p, (int)mark.line + 1, (int)mark.column + 1,
			       _("YAML 语法错误（libyaml 的英文原话）：%s"), problem);
}

static int parse(const char *name, const char *buf, size_t len, struct node *out,
		 struct ggw_error *err, int allow_fast)
{
	const unsigned char *s = (const unsigned char *)buf;
	yaml_parser_t parser;
	yaml_event_t ev;
	struct parse p;
	char reason[256];
	size_t off, n;
	uint32_t cp;
	int error = 0, line, col, done = 0, fast = allow_fast;

	memset(out, 0, sizeof(*out));
	if (!name)
		name = "-";
	if (len > YAML_MAX_BYTES) {
		snprintf(reason, sizeof(reason), _("文件超过 256 KiB（%zu 字节）"), len);
		return fail_at(err, GGW_EINVALID, name, 1, 1, reason);
	}
	if (!buf)
		len = 0;
	/* A byte order mark from a Windows editor is harmless: skip it. */
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		buf += 3;
		s += 3;
		len -= 3;
	}
	for (off = 0; off < len; off += n) {
		n = utf8_decode_strict(buf + off, len - off, &cp);
		if (n == 0 || is_forbidden_char(cp)) {
			offset_position(buf, off, &line, &col);
			if (n == 0)
				snprintf(reason, sizeof(reason), "%s", _("不是有效的 UTF-8"));
			else
				snprintf(reason, sizeof(reason), _("含有不允许的控制字符 U+%04X"),
					 (unsigned)cp);
			return fail_at(err, GGW_EINVALID, name, line, col, reason);
		}
		if (cp == '\t' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
			fast = 0; /* what libyaml reads as space, a break or a BOM */
	}
	/* What ggw itself writes is read without libyaml (yamlfast.h). */
	if (fast && buf && yaml_fast_parse(buf, len, out) == 1)
		return 0;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.err = err;
	if (!yaml_parser_initialize(&parser))
		return no_memory(&p);
	yaml_parser_set_input_string(&parser, (const unsigned char *)(buf ? buf : ""), len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			error = libyaml_error(&p, &parser, buf);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		error = on_event(&p, &ev);
		yaml_event_delete(&ev);
		if (error < 0)
			break;
	}
	yaml_parser_delete(&parser);
	while (p.depth > 0)
		frame_free(&p.stack[--p.depth]);
	if (error < 0) {
		node_free(&p.root);
		return error;
	}
	if (!p.have_root) { /* empty file, or only comments */
		node_init_map(&p.root);
		p.root.line = 1;
		p.root.col = 1;
	}
	*out = p.root;
	return 0;
}

int yaml_parse(const char *name, const char *buf, size_t len, struct node *out,
	       struct ggw_error *err)
{
	return parse(name, buf, len, out, err, 1);
}

int yaml_parse_libyaml(const char *name, const char *buf, size_t len, struct node *out,
		       struct ggw_error *err)
{
	return parse(name, buf, len, out, err, 0);
}

int yaml_load_file(const char *path, struct node *out, struct ggw_error *err)
{
	struct stat st;
	char reason[256], *buf = NULL;
	size_t len = 0;
	int error;

	memset(out, 0, sizeof(*out));
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > YAML_MAX_BYTES) {
		snprintf(reason, sizeof(reason), _("文件超过 256 KiB（%zu 字节）"),
			 (size_t)st.st_size);
		return fail_at(err, GGW_EINVALID, path, 1, 1, reason);
	}
	if ((error = read_regular_file(path, YAML_MAX_BYTES, &buf, &len, err)) < 0)
		return error;
	error = yaml_parse(path, buf, len, out, err);
	free(buf);
	return error;
}

/* ----------------------------------------------------------------- emit */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Every character of s (at least one) is in set. */
static int all_in(const char *s, const char *set)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr(set, *s))
			return 0;
	return 1;
}

/* Integers and floats as YAML 1.1 and 1.2 readers see them. */
static int looks_numeric(const char *s)
{
	static const char *const specials[] = {"inf", "Inf", "INF", "nan", "NaN", "NAN"};
	const char *p = s;
	int digits = 0;
	size_t i;

	if (*p == '+' || *p == '-')
		p++;
	if (*p == '.')
		for (i = 0; i < sizeof(specials) / sizeof(*specials); i++)
			if (strcmp(p + 1, specials[i]) == 0)
				return 1;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return all_in(p + 2, "0123456789abcdefABCDEF_");
	if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		return all_in(p + 2, "01234567_");
	if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		return all_in(p + 2, "01_");
	if (*p == '_')
		return 0;
	for (; is_digit(*p) || *p == '_'; p++)
		digits += is_digit(*p);
	if (*p == ':' && digits) { /* sexagesimal, 1:20 or 1:20:30.5 */
		while (*p == ':') {
			p++;
			if (!is_digit(*p))
				return 0;
			while (is_digit(*p) || *p == '_')
				p++;
		}
		if (*p == '.')
			for (p++; is_digit(*p) || *p == '_'; p++)
				;
		return *p == '\0';
	}
	if (*p == '.')
		for (p++; is_digit(*p) || *p == '_' || *p == '.'; p++)
			digits += is_digit(*p);
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			return 0;
		while (is_digit(*p))
			p++;
	}
	return *p == '\0';
}

/* YAML 1.1 timestamps: 2024-01-01, 2024-1-1 10:00:00, 2024-01-01T10:00Z. */
static int looks_date(const char *s)
{
	int i, n;

	for (i = 0; i < 4; i++)
		if (!is_digit(s[i]))
			return 0;
	s += 4;
	for (i = 0; i < 2; i++) {
		if (*s++ != '-')
			return 0;
		for (n = 0; n < 2 && is_digit(*s); n++)
			s++;
		if (n == 0)
			return 0;
	}
	if (*s == '\0')
		return 1;
	if (*s != 'T' && *s != 't' && *s != ' ' && *s != '\t')
		return 0;
	for (s++; *s == ' ' || *s == '\t'; s++)
		;
	return is_digit(s[0]) && (s[1] == ':' || (is_digit(s[1]) && s[2] == ':'));
}

int yaml_plain_is_ambiguous(const char *s)
{
	static const char *const words[] = {
		"~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no",
		"No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
		"ON", "off", "Off", "OFF",
		"<<", "=" /* YAML 1.1 merge and value keys */
	};
	const unsigned char *u = (const unsigned char *)s;
	size_t i, len;

	if (!s || !*s)
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	if (strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]))
		return 1;
	len = strlen(s);
	if (s[len - 1] == ' ' || s[len - 1] == ':')
		return 1;
	if (strstr(s, ": ") || strstr(s, " #"))
		return 1;
	for (i = 0; i < len; i++) {
		if (u[i] < 0x20 || u[i] == 0x7F)
			return 1;
		if (u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F)
			return 1; /* C1 controls, NEL */
		if (u[i] == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9))
			return 1; /* line and paragraph separators */
		if (u[i] == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF)
			return 1; /* byte order mark */
	}
	return looks_numeric(s) || looks_date(s);
}

struct outbuf {
	char *p;
	size_t len, cap;
};

static int write_out(void *data, unsigned char *bytes, size_t size)
{
	struct outbuf *o = data;

	if (o->len + size + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 1024;
		char *p;

		while (o->len + size + 1 > cap)
			cap *= 2;
		p = realloc(o->p, cap);
		if (!p)
			return 0;
		o->p = p;
		o->cap = cap;
	}
	if (size) /* bytes may be NULL when size is 0 (undefined for memcpy) */
		memcpy(o->p + o->len, bytes, size);
	o->len += size;
	o->p[o->len] = '\0';
	return 1;
}

static int emitter_error(yaml_emitter_t *em, struct ggw_error *err)
{
	if (em->error == YAML_MEMORY_ERROR || em->error == YAML_WRITER_ERROR)
		return ggw_oom(err);
	return ggw_fail(err, GGW_EINVALID, _("无法写出 YAML：%s"),
			em->problem ? em->problem : "?");
}

static int emit_scalar(yaml_emitter_t *em, const char *s, yaml_scalar_style_t style,
		       struct ggw_error *err)
{
	yaml_event_t ev;
	char shown[200];

	if (!s)
		s = "";
	if (!utf8_valid(s, strlen(s))) {
		clip_utf8(shown, sizeof(shown), s, 60);
		return ggw_fail(err, GGW_EINVALID, _("无法写出 YAML：“%s”不是有效的 UTF-8"), shown);
	}
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
					  style))
		return ggw_oom(err);
	/* The emitter owns the event from here on, success or not. */
	if (!yaml_emitter_emit(em, &ev))
		return emitter_error(em, err);
	return 0;
}

static yaml_scalar_style_t text_style(const char *s)
{
	if (strchr(s, '\n'))
		return YAML_LITERAL_SCALAR_STYLE;
	if (yaml_plain_is_ambiguous(s))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return YAML_PLAIN_SCALAR_STYLE;
}

static int emit_node(yaml_emitter_t *em, const struct node *n, struct ggw_error *err)
{
	yaml_event_t ev;
	size_t i;
	int error, ok;

	if (n->kind == NODE_SCALAR)
		return emit_scalar(em, n->str,
				   n->style == SCALAR_TEXT ? text_style(n->str ? n->str : "") :
							     YAML_PLAIN_SCALAR_STYLE,
				   err);
	if (n->kind == NODE_SEQ)
		ok = yaml_sequence_start_event_initialize(
			&ev, NULL, NULL, 1, n->count ? YAML_BLOCK_SEQUENCE_STYLE : YAML_FLOW_SEQUENCE_STYLE);
	else
		ok = yaml_mapping_start_event_initialize(
			&ev, NULL, NULL, 1, n->count ? YAML_BLOCK_MAPPING_STYLE : YAML_FLOW_MAPPING_STYLE);
	if (!ok)
		return ggw_oom(err);
	if (!yaml_emitter_emit(em, &ev))
		return emitter_error(em, err);
	for (i = 0; i < n->count; i++) {
		if (n->kind == NODE_MAP) {
			const char *key = n->keys[i] ? n->keys[i] : "";

			error = emit_scalar(em, key,
					    yaml_plain_is_ambiguous(key) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
									   YAML_PLAIN_SCALAR_STYLE,
					    err);
			if (error < 0)
				return error;
		}
		if ((error = emit_node(em, &n->kids[i], err)) < 0)
			return error;
	}
	if (n->kind == NODE_SEQ)
		yaml_sequence_end_event_initialize(&ev);
	else
		yaml_mapping_end_event_initialize(&ev);
	if (!yaml_emitter_emit(em, &ev))
		return emitter_error(em, err);
	return 0;
}

int yaml_emit(const struct node *root, char **out, size_t *len, struct ggw_error *err)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	struct outbuf o = {NULL, 0, 0};
	int error = 0;

	*out = NULL;
	if (len)
		*len = 0;
	if (!yaml_emitter_initialize(&em))
		return ggw_oom(err);
	yaml_emitter_set_output(&em, write_out, &o);
	yaml_emitter_set_encoding(&em, YAML_UTF8_ENCODING);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);

	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (!yaml_emitter_emit(&em, &ev))
		goto emitter_failed;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (!yaml_emitter_emit(&em, &ev))
		goto emitter_failed;
	if ((error = emit_node(&em, root, err)) < 0)
		goto done;
	yaml_document_end_event_initialize(&ev, 1);
	if (!yaml_emitter_emit(&em, &ev))
		goto emitter_failed;
	yaml_stream_end_event_initialize(&ev);
	if (!yaml_emitter_emit(&em, &ev) || !yaml_emitter_flush(&em))
		goto emitter_failed;

	/* After a "|+" block at the end libyaml closes the document with "...";
	 * the end of the file ends the block just as well. */
	if (o.len >= 4 && strcmp(o.p + o.len - 4, "...\n") == 0 &&
	    (o.len == 4 || o.p[o.len - 5] == '\n')) {
		o.len -= 4;
		o.p[o.len] = '\0';
	}
	if (!o.p && write_out(&o, (unsigned char *)"", 0) == 0) {
		error = ggw_oom(err);
		goto done;
	}
	*out = o.p;
	o.p = NULL;
	if (len)
		*len = o.len;
	goto done;

emitter_failed:
	error = emitter_error(&em, err);
done:
	yaml_emitter_delete(&em);
	free(o.p);
	return error;
}
