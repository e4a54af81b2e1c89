/* The YAML reader's fast path; see yamlfast.h. Line by line: a map is the
 * lines at its indent ("key: value", "key: |-" with its block, "key:" with
 * a map two deeper or a sequence at the same indent), a sequence the lines
 * "- value" at its indent. Positions are counted as libyaml counts them:
 * lines from 1, columns in characters from 1, a map at its first key, a
 * sequence at its first "-", a literal block at its "|". */
#include "yamlfast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FAST_MAX_KEYS 64
#define FAST_MAX_DEPTH 4

struct fast {
	const char *p, *end; /* p: start of the current line */
	int line;
};

static const char *eol(const struct fast *f)
{
	if (f->p >= f->end)
		return NULL;
	return memchr(f->p, '\n', (size_t)(f->end - f->p));
}

static int indent_of(const char *p, const char *end)
{
	int n = 0;

	while (p + n < end && p[n] == ' ')
		n++;
	return n;
}

static void next_line(struct fast *f, const char *nl)
{
	f->p = nl + 1;
	f->line++;
}

/* A value YAML reads plain as exactly these bytes: nothing that starts
 * another token, no ": " or " #", no space at either end. */
static int plain_ok(const char *s, const char *e)
{
	if (s >= e || strchr(" -?:,[]{}#&*!|>'\"%@`", *s) || e[-1] == ' ' || e[-1] == ':')
		return 0;
	for (const char *q = s; q < e; q++)
		if ((*q == ':' && q + 1 < e && q[1] == ' ') || (*q == '#' && q[-1] == ' '))
			return 0;
	return 1;
}

/* A one-line value: plain, or quoted with nothing to unescape ("..."
 * without '\\' or '"', '...' without '''). Sets [*s, *e) to the text and
 * *style; 0 if it is none of these. */
static int one_line(const char **s, const char **e, enum scalar_style *style)
{
	const char *a = *s, *b = *e;

	if (b - a >= 2 && (*a == '"' || *a == '\'') && b[-1] == *a) {
		for (const char *q = a + 1; q < b - 1; q++)
			if (*q == *a || (*a == '"' && *q == '\\'))
				return 0;
		*s = a + 1;
		*e = b - 1;
		*style = SCALAR_TEXT;
		return 1;
	}
	*style = SCALAR_PLAIN;
	return plain_ok(a, b);
}

static int scalar(struct node *n, const char *s, const char *e, enum scalar_style style,
		  int line, int col)
{
	memset(n, 0, sizeof(*n));
	n->kind = NODE_SCALAR;
	n->style = style;
	if (!(n->str = malloc((size_t)(e - s) + 1)))
		return -1;
	memcpy(n->str, s, (size_t)(e - s));
	n->str[e - s] = '\0';
	n->line = line;
	n->col = col;
	return 0;
}

/* A literal block ("|" or "|-", chomp set for "-") whose lines are
 * indented by ind: the first line text, later ones text or empty. */
static int block(struct fast *f, int ind, int chomp, struct node *n, int line, int col)
{
	const char *start = f->p, *nl;
	size_t cap = 0, len = 0, keep = 0;
	char *buf;

	for (const char *p = start; p < f->end;) {
		int k = indent_of(p, f->end);

		nl = memchr(p, '\n', (size_t)(f->end - p));
		if (!nl)
			return 0;
		if (nl == p) { /* empty line */
			if (p == start)
				return 0;
		} else if (k < ind) {
			if (p + k == nl)
				return 0; /* only spaces */
			break; /* the maps' next key: theirs to check */
		} else if (p + k == nl || (p == start && k != ind)) {
			return 0; /* only spaces, or a first line indented oddly */
		}
		cap += (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	if (cap == 0 || !(buf = malloc(cap + 1)))
		return 0;
	while (f->p < f->end) {
		int k = indent_of(f->p, f->end);

		nl = eol(f);
		if (nl != f->p && k < ind)
			break;
		if (nl != f->p) {
			memcpy(buf + len, f->p + ind, (size_t)(nl - f->p - ind));
			len += (size_t)(nl - f->p - ind);
			keep = len + 1; /* up to this line's break */
		}
		buf[len++] = '\n';
		next_line(f, nl);
	}
	len = chomp ? keep - 1 : keep; /* trailing empty lines go */
	buf[len] = '\0';
	memset(n, 0, sizeof(*n));
	n->kind = NODE_SCALAR;
	n->style = SCALAR_TEXT;
	n->str = buf;
	n->line = line;
	n->col = col;
	return 1;
}

static int grow(struct node *n)
{
	if (n->count < n->cap)
		return 0;
	/* A record has about 20 keys, a list a few values. */
	size_t cap = n->cap ? n->cap * 2 : n->kind == NODE_MAP ? 32 : 4;
	struct node *kids = realloc(n->kids, cap * sizeof(*kids));

	if (!kids)
		return -1;
	n->kids = kids;
	if (n->kind == NODE_MAP) {
		char **keys = realloc(n->keys, cap * sizeof(*keys));

		if (!keys)
			return -1;
		n->keys = keys;
	}
	n->cap = cap;
	return 0;
}

/* "- value" lines at indent ind. */
static int seq(struct fast *f, int ind, struct node *n)
{
	memset(n, 0, sizeof(*n));
	n->kind = NODE_SEQ;
	n->line = f->line;
	n->col = ind + 1;
	while (f->p < f->end) {
		const char *nl = eol(f), *v = f->p + ind + 2, *ve = nl;
		int k = indent_of(f->p, f->end);
		enum scalar_style style;

		if (!nl)
			return 0;
		if (k < ind || (k == ind && (f->p[k] != '-' || f->p[k + 1] != ' ')))
			break;
		if (k > ind || !one_line(&v, &ve, &style) || grow(n) < 0 ||
		    scalar(&n->kids[n->count], v, ve, style, f->line, ind + 3) < 0)
			return 0;
		n->count++;
		next_line(f, nl);
	}
	return n->count > 0;
}

static int map(struct fast *f, int ind, int depth, struct node *n);

/* The value after "key:" (at colon), on this line or the next ones. */
static int value(struct fast *f, int ind, int depth, const char *colon, struct node *v)
{
	const char *nl = eol(f);
	int line = f->line, col = (int)(colon - f->p) + 3;

	if (colon[1] == '\n') {
		int k;

		next_line(f, nl);
		if (f->p >= f->end || depth >= FAST_MAX_DEPTH)
			return 0;
		k = indent_of(f->p, f->end);
		if (k == ind && f->p[k] == '-' && f->p[k + 1] == ' ')
			return seq(f, ind, v);
		return k == ind + 2 && map(f, ind + 2, depth + 1, v);
	}
	if (colon[1] != ' ')
		return 0;
	if ((nl - colon == 3 && colon[2] == '|') || (nl - colon == 4 && colon[2] == '|' && colon[3] == '-')) {
		next_line(f, nl);
		return block(f, ind + 2, nl - colon == 4, v, line, col);
	}
	const char *a = colon + 2, *b = nl;
	enum scalar_style style;

	if (!one_line(&a, &b, &style) || scalar(v, a, b, style, line, col) < 0)
		return 0;
	next_line(f, nl);
	return 1;
}

static uint64_t key_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* Keys: a lowercase letter or '_', then lowercase letters, digits, '_'. */
static const char *key_end(const char *p, const char *nl)
{
	const char *q = p;

	if (q >= nl || !((*q >= 'a' && *q <= 'z') || *q == '_'))
		return NULL;
	while (q < nl && ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_'))
		q++;
	return q < nl && *q == ':' ? q : NULL;
}

static int map(struct fast *f, int ind, int depth, struct node *n)
{
	uint64_t hashes[FAST_MAX_KEYS];

	memset(n, 0, sizeof(*n));
	n->kind = NODE_MAP;
	n->line = f->line;
	n->col = ind + 1;
	while (f->p < f->end) {
		const char *nl = eol(f), *k, *colon;
		int in = indent_of(f->p, f->end);
		uint64_t h;

		if (!nl || nl == f->p)
			return 0;
		if (in < ind && ind > 0)
			break;
		k = f->p + in;
		if (in != ind || !(colon = key_end(k, nl)) || n->count >= FAST_MAX_KEYS)
			return 0;
		h = key_hash(k, (size_t)(colon - k));
		for (size_t i = 0; i < n->count; i++)
			if (hashes[i] == h && !strncmp(n->keys[i], k, (size_t)(colon - k)) &&
			    !n->keys[i][colon - k])
				return 0; /* a duplicate: libyaml's reader says so */
		if (grow(n) < 0 || !(n->keys[n->count] = malloc((size_t)(colon - k) + 1)))
			return 0;
		memcpy(n->keys[n->count], k, (size_t)(colon - k));
		n->keys[n->count][colon - k] = '\0';
		memset(&n->kids[n->count], 0, sizeof(n->kids[n->count]));
		if (!value(f, ind, depth, colon, &n->kids[n->count])) {
			free(n->keys[n->count]);
			node_free(&n->kids[n->count]);
			return 0;
		}
		hashes[n->count++] = h;
	}
	return n->count > 0;
}

int yaml_fast_parse(const char *buf, size_t len, struct node *out)
{
	struct fast f = { buf, buf + len, 1 };
	struct node root;

	if (!len || buf[len - 1] != '\n')
		return 0;
	if (map(&f, 0, 1, &root) && f.p == f.end) {
		*out = root;
		return 1;
	}
	node_free(&root);
	return 0;
}
