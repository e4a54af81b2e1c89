/* Width-aware drawing of UTF-8 text. Widths come from the terminal's
 * locale (wcwidth), since that is what the terminal will do: “…” are one
 * column under zh_CN.UTF-8 and two under zh_CN.GB18030. A character
 * wcwidth cannot measure (-1) is drawn as '?' in one column, so the columns
 * we count are the columns the terminal uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui.h"
#include "actions.h"
#include "../model/i18n.h"
#include "../model/safetext.h"
#include "../model/text.h"

/* Text becomes wchar_t by decoding UTF-8 ourselves, which is only right
 * where wchar_t holds Unicode code points (glibc, musl); that is also what
 * get_wch returns there. No locale conversion touches the data. */
#ifndef __STDC_ISO_10646__
#error "the interface needs a C library whose wchar_t is Unicode (__STDC_ISO_10646__)"
#endif

#define DRAW_MAX 1024 /* wide characters per drawn piece */

int cp_cols(uint32_t cp)
{
	int w;

	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (cp < 0x20 || cp == 0x7f)
		return 1; /* drawn as a space */
	if (safe_is_control(cp))
		return 1; /* C1 and bidi controls: drawn as '?' */
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

/* What is drawn for cp: controls become spaces, unmeasurable ones '?'. */
static wchar_t cp_shown(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return L' ';
	if (cp >= 0x80 && (wcwidth((wchar_t)cp) < 0 || safe_is_control(cp)))
		return L'?';
	return (wchar_t)cp;
}

int str_cols_n(const char *s, size_t n)
{
	int cols = 0;
	uint32_t cp;
	size_t used;

	while (n > 0) {
		if ((unsigned char)*s < 0x80) {
			cols++;
			s++;
			n--;
			continue;
		}
		used = utf8_decode(s, n, &cp);
		cols += cp_cols(cp);
		s += used;
		n -= used;
	}
	return cols;
}

int str_cols(const char *s)
{
	return s ? str_cols_n(s, strlen(s)) : 0;
}

size_t str_fit(const char *s, int cols, int *usedcols)
{
	size_t n = strlen(s), pos = 0, used;
	int c = 0, w;
	uint32_t cp;

	while (pos < n) {
		used = utf8_decode(s + pos, n - pos, &cp);
		w = cp_cols(cp);
		if (c + w > cols)
			break;
		c += w;
		pos += used;
	}
	if (usedcols)
		*usedcols = c;
	return pos;
}

void draw_fill(int y, int x, int cols, attr_t attr)
{
	if (x >= COLS || y >= LINES || cols <= 0)
		return;
	if (x + cols > COLS)
		cols = COLS - x;
	attrset(attr);
	mvhline(y, x, ' ', cols);
	attrset(A_NORMAL);
}

int draw_textn(int y, int x, const char *s, size_t n, int cols, attr_t attr, int pad)
{
	wchar_t buf[DRAW_MAX + 4];
	size_t nb = 0, pos = 0, used, mark_nb = 0;
	int c = 0, mark_c = 0, w, ew, cut = 0;
	uint32_t cp;
	const char *ell = term.g.ellipsis ? term.g.ellipsis : "~";
	uint32_t ellcp = '~';

	if (y < 0 || y >= LINES || x >= COLS || cols <= 0)
		return 0;
	if (x + cols > COLS)
		cols = COLS - x;
	utf8_decode(ell, strlen(ell), &ellcp);
	ew = cp_cols(ellcp);
	while (pos < n && s[pos]) {
		used = utf8_decode(s + pos, n - pos, &cp);
		w = cp_cols(cp);
		if (c + w > cols || nb >= DRAW_MAX) {
			cut = 1;
			break;
		}
		buf[nb++] = cp_shown(cp);
		c += w;
		pos += used;
		/* remember the last place an ellipsis would still fit after */
		if (c + ew <= cols) {
			mark_nb = nb;
			mark_c = c;
		}
	}
	if (cut && !(pad & DRAW_CLIP)) {
		nb = mark_nb;
		c = mark_c;
		if (c + ew <= cols) {
			buf[nb++] = (wchar_t)ellcp;
			c += ew;
		}
	}
	attrset(attr);
	if (nb > 0)
		mvaddnwstr(y, x, buf, (int)nb);
	if ((pad & DRAW_PAD) && c < cols)
		mvhline(y, x + c, ' ', cols - c);
	attrset(A_NORMAL);
	return (pad & DRAW_PAD) ? cols : c;
}

int draw_text(int y, int x, const char *s, int cols, attr_t attr, int pad)
{
	return draw_textn(y, x, s ? s : "", s ? strlen(s) : 0, cols, attr, pad);
}

int draw_text_right(int y, int x, const char *s, int cols, attr_t attr)
{
	int w = str_cols(s);

	if (w >= cols)
		return draw_text(y, x, s, cols, attr, 0);
	return draw_text(y, x + cols - w, s, w, attr, 0);
}

/* Wrapping with 避头尾 lives in the model (text_wrap); the interface
 * measures with the terminal's widths. */
void wrap_text(const char *s, int cols, void (*out)(const char *line, size_t n, void *d), void *d)
{
	text_wrap(s, cols, cp_cols, out, d);
}

void short_label(const char *label, char *buf, size_t len)
{
	const char *p = strstr(label, "（");
	size_t n = p ? (size_t)(p - label) : strlen(label);

	if (n >= len)
		n = len - 1;
	memcpy(buf, label, n);
	buf[n] = '\0';
}

/* ---- lines ---- */

static void lines_push(struct lines *l, char *text, attr_t attr, int indent)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct tline *v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			free(text);
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].text = text;
	l->v[l->n].attr = attr;
	l->v[l->n].indent = indent;
	l->n++;
}

void lines_add(struct lines *l, attr_t attr, int indent, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (s)
		lines_push(l, s, attr, indent);
}

struct wrap_ctx { struct lines *l; attr_t attr; int indent; };

static void wrap_out(const char *line, size_t n, void *d)
{
	struct wrap_ctx *w = d;
	char *s = strndup(line, n);

	if (s)
		lines_push(w->l, s, w->attr, w->indent);
}

void lines_add_wrapped(struct lines *l, attr_t attr, int indent, int cols, const char *text)
{
	struct wrap_ctx w = { l, attr, indent };

	wrap_text(text ? text : "", cols - indent, wrap_out, &w);
}

void lines_clear(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	l->n = 0;
}

void lines_free(struct lines *l)
{
	lines_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

/* ---- title and key bar ---- */

void draw_title(const char *left, const char *right)
{
	int rw = right ? str_cols(right) : 0;

	draw_fill(0, 0, COLS, term.attr[R_TITLE]);
	if (rw > COLS / 2)
		rw = COLS / 2;
	draw_text(0, 1, left, COLS - rw - 3, term.attr[R_TITLE], 0);
	if (right)
		draw_text_right(0, COLS - rw - 1, right, rw, term.attr[R_TITLE]);
}

int keybar_quit_is_back;

/* A letter action worth showing in the bar: one with no function key whose
 * first key is a lower-case letter (h 历史, c 冲突, o 本方 ...). */
static int letter_action(const struct action_def *d, unsigned bit)
{
	return !d->fkey && (d->screens & bit) && action_offered(d->id) && d->key1 >= 'a' &&
	       d->key1 <= 'z';
}

void draw_keybar(int screen)
{
	int x = 0, y = LINES - 1, n = 0, cell;
	unsigned bit = SCR_BIT(screen);

	for (size_t i = 0; i < A__COUNT; i++)
		if (actions[i].fkey && (actions[i].screens & bit) && action_offered(actions[i].id))
			n++;
	draw_fill(y, 0, COLS, A_NORMAL);
	if (n == 0)
		return;
	cell = COLS / (n < 10 ? 10 : n);
	for (int fk = 1; fk <= 12; fk++) {
		for (size_t i = 0; i < A__COUNT; i++) {
			char num[8];
			const char *label;
			int w;
			if (actions[i].fkey != fk || !(actions[i].screens & bit) ||
			    !action_offered(actions[i].id))
				continue;
			if (x + 4 > COLS)
				return;
			snprintf(num, sizeof(num), cell >= 7 ? "F%d" : "%d", fk);
			label = _(actions[i].label);
			/* a drill-down list: F10 goes back, it does not leave ggw */
			if (actions[i].id == A_QUIT && keybar_quit_is_back)
				label = _("返回");
			w = draw_text(y, x, num, (int)strlen(num), term.attr[R_FKEY_NUM], 0);
			draw_text(y, x + w, label, cell - w - 1, term.attr[R_FKEY_LABEL], 1);
			x += cell;
			break;
		}
	}
	/* then the letter keys, as many as fit whole: keys that have no
	 * function key would otherwise only be found in the help */
	for (size_t i = 0; i < A__COUNT; i++) {
		char num[8];
		const char *label;
		int w;
		if (!letter_action(&actions[i], bit))
			continue;
		label = _(actions[i].label);
		snprintf(num, sizeof(num), "%c", actions[i].key1);
		w = 1 + str_cols(label);
		if (x + w > COLS - 1)
			break;
		draw_text(y, x, num, 1, term.attr[R_FKEY_NUM], 0);
		draw_text(y, x + 1, label, w - 1, term.attr[R_FKEY_LABEL], 0);
		x += w + 2;
	}
}
