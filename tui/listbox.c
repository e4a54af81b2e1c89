/* A virtual list: only the visible rows are drawn, through a callback, so
 * a list of 100,000 records costs what a screenful costs. Also the small
 * pop-ups built on it: pick lists, yes/no questions, messages. */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../model/text.h"

void listbox_clamp(struct listbox *lb)
{
	size_t h = lb->height > 0 ? (size_t)lb->height : 1;

	if (lb->n == 0) {
		lb->sel = lb->top = 0;
		return;
	}
	if (lb->sel >= lb->n)
		lb->sel = lb->n - 1;
	if (lb->sel < lb->top)
		lb->top = lb->sel;
	if (lb->sel >= lb->top + h)
		lb->top = lb->sel - h + 1;
	if (lb->top + h > lb->n)
		lb->top = lb->n > h ? lb->n - h : 0;
}

void listbox_draw(struct listbox *lb, int y, int x, int h, int w)
{
	lb->height = h;
	listbox_clamp(lb);
	for (int r = 0; r < h; r++) {
		size_t i = lb->top + (size_t)r;
		if (i < lb->n)
			lb->draw_row(lb, i, y + r, x, w, i == lb->sel, lb->data);
		else
			draw_fill(y + r, x, w, A_NORMAL);
	}
}

int listbox_key(struct listbox *lb, int key)
{
	size_t page = lb->height > 1 ? (size_t)lb->height - 1 : 1;
	int act = action_for_key(SCR_PICK, key, 0);

	if (lb->n == 0)
		return act == A_UP || act == A_DOWN || act == A_PGUP || act == A_PGDN ||
		       act == A_HOME || act == A_END;
	switch (act) {
	case A_UP:
		if (lb->sel > 0)
			lb->sel--;
		break;
	case A_DOWN:
		if (lb->sel + 1 < lb->n)
			lb->sel++;
		break;
	case A_PGUP:
		lb->sel = lb->sel > page ? lb->sel - page : 0;
		lb->top = lb->top > page ? lb->top - page : 0;
		break;
	case A_PGDN:
		lb->sel = lb->sel + page < lb->n ? lb->sel + page : lb->n - 1;
		lb->top += page;
		break;
	case A_HOME:
		lb->sel = 0;
		break;
	case A_END:
		lb->sel = lb->n - 1;
		break;
	default:
		return 0;
	}
	listbox_clamp(lb);
	return 1;
}

/* ---- pop-ups ---- */

struct box box_open(int want_h, int want_w, const char *title)
{
	struct box b;

	b.w = want_w + 4;
	if (b.w > COLS - 2)
		b.w = COLS - 2;
	b.h = want_h + 2;
	if (b.h > LINES - 2)
		b.h = LINES - 2;
	b.y = (LINES - b.h) / 2;
	b.x = (COLS - b.w) / 2;
	for (int r = 0; r < b.h; r++)
		draw_fill(b.y + r, b.x, b.w, term.attr[R_SEL]);
	attrset(term.attr[R_SEL]);
	if (term.g.ascii) {
		mvhline(b.y, b.x, '-', b.w);
		mvhline(b.y + b.h - 1, b.x, '-', b.w);
	} else {
		for (int c = 0; c < b.w; c++) {
			draw_text(b.y, b.x + c, term.g.hline, 1, term.attr[R_SEL], 0);
			draw_text(b.y + b.h - 1, b.x + c, term.g.hline, 1, term.attr[R_SEL], 0);
		}
	}
	attrset(A_NORMAL);
	if (title) {
		int tw = str_cols(title);
		if (tw > b.w - 4)
			tw = b.w - 4;
		draw_text(b.y, b.x + (b.w - tw - 2) / 2, " ", 1, term.attr[R_SEL] | A_BOLD, 0);
		draw_text(b.y, b.x + (b.w - tw) / 2, title, tw, term.attr[R_SEL] | A_BOLD, 0);
		draw_text(b.y, b.x + (b.w - tw) / 2 + tw, " ", 1, term.attr[R_SEL] | A_BOLD, 0);
	}
	return b;
}

struct pick_ctx { const char *const *labels; };

static void pick_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct pick_ctx *p = data;
	attr_t a = selected ? term.attr[R_TITLE] : term.attr[R_SEL];

	(void)lb;
	draw_text(y, x, " ", 1, a, 0);
	draw_text(y, x + 1, p->labels[i], w - 1, a, DRAW_PAD);
}

int pick_list(const char *title, const char *const *labels, size_t n, int current)
{
	return pick_list_find(title, labels, n, current, 0);
}

/* Chinese typed in a pick list (an input method's characters) finds the
 * first item holding what was typed: "安" jumps to 安全教育. ASCII letters
 * stay keys (j k g G q). */
static void pick_find(struct listbox *lb, const char *const *labels, size_t n, char *find,
		      size_t cap, int key)
{
	char u[8];
	size_t len = strlen(find), k = utf8_encode((uint32_t)key, u);

	if (k == 0 || len + k + 1 > cap)
		return;
	memcpy(find + len, u, k);
	find[len + k] = '\0';
	for (size_t i = 0; i < n; i++)
		if (text_find(labels[i], find)) {
			lb->sel = i;
			listbox_clamp(lb);
			return;
		}
	/* nothing holds the whole text: start again from this character */
	memcpy(find, u, k);
	find[k] = '\0';
	for (size_t i = 0; i < n; i++)
		if (text_find(labels[i], find)) {
			lb->sel = i;
			listbox_clamp(lb);
			return;
		}
}

struct pick_view {
	struct pick_ctx p;
	struct listbox lb;
	const char *title;
	size_t n;
	int w, h, result;
	char find[64];
};

static void pick_draw(void *st)
{
	struct pick_view *v = st;
	struct box b = box_open(v->h, v->w, v->title);

	listbox_draw(&v->lb, b.y + 1, b.x + 2, b.h - 2, b.w - 4);
}

/* The box moves with the size: what was under it goes. */
static void pick_resize(void *st)
{
	(void)st;
	erase();
}

static int pick_key(void *st, int key)
{
	struct pick_view *v = st;

	if (key >= 0x80 && !TK_IS_FN(key)) {
		pick_find(&v->lb, v->p.labels, v->n, v->find, sizeof(v->find), key);
		return SCREEN_STAY;
	}
	v->find[0] = '\0';
	if (listbox_key(&v->lb, key))
		return SCREEN_STAY;
	if (key == TK_ENTER) {
		v->result = v->n ? (int)v->lb.sel : -1;
		return SCREEN_LEAVE;
	}
	/* a digit or letter jumps to the item it starts with (1-9) */
	if (key >= '1' && key <= '9' && (size_t)(key - '1') < v->n) {
		v->lb.sel = (size_t)(key - '1');
		return SCREEN_STAY;
	}
	return SCREEN_PASS;
}

static const struct screen_ops pick_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = pick_draw, .resize = pick_resize, .key = pick_key,
};

int pick_list_find(const char *title, const char *const *labels, size_t n, int current, int first_key)
{
	struct pick_view v;

	memset(&v, 0, sizeof(v));
	v.p.labels = labels;
	v.lb = (struct listbox){ n, current >= 0 ? (size_t)current : 0, 0, 0, pick_row, &v.p };
	v.title = title;
	v.n = n;
	v.w = str_cols(title) + 2;
	v.h = (int)n;
	v.result = -1;
	if (first_key >= 0x80 && !TK_IS_FN(first_key))
		pick_find(&v.lb, labels, n, v.find, sizeof(v.find), first_key);
	for (size_t i = 0; i < n; i++)
		if (str_cols(labels[i]) + 2 > v.w)
			v.w = str_cols(labels[i]) + 2;
	screen_run(NULL, &pick_ops, &v);
	return v.result;
}

/* A two-line question box answered by one key. */
struct ask_view {
	const char *question, *hint;
	const int *keys;
	size_t n;
	int result;
};

static void ask_draw(void *st)
{
	struct ask_view *q = st;
	int w = str_cols(q->question);
	struct box b;

	if (str_cols(q->hint) > w)
		w = str_cols(q->hint);
	b = box_open(2, w, NULL);
	draw_text(b.y + 1, b.x + 2, q->question, b.w - 4, term.attr[R_SEL] | A_BOLD, DRAW_PAD);
	draw_text(b.y + 2, b.x + 2, q->hint, b.w - 4, term.attr[R_SEL], DRAW_PAD);
}

static int ask_key(void *st, int key)
{
	struct ask_view *q = st;

	if (key == TK_ESC)
		return SCREEN_LEAVE;
	for (size_t i = 0; i < q->n; i++)
		if (key == q->keys[i]) {
			q->result = (int)i;
			return SCREEN_LEAVE;
		}
	return SCREEN_STAY;
}

static const struct screen_ops ask_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = ask_draw, .key = ask_key,
};

int ask_keys(const char *question, const char *hint, const int *keys, size_t n)
{
	struct ask_view q = { question, hint, keys, n, -1 };

	screen_run(NULL, &ask_ops, &q);
	return q.result;
}

int ask_yes_no(const char *question)
{
	/* the first three say yes; Esc, the end of a key script: no */
	static const int keys[] = { 'y', 'Y', TK_ENTER, 'n', 'N', TK_FKEY(10) };

	int r = ask_keys(question, _("Y 是　N 否"), keys, sizeof(keys) / sizeof(keys[0]));

	return r >= 0 && r < 3;
}

struct message_view {
	const char *title;
	struct lines l;
	int w;
};

static void message_draw(void *st)
{
	struct message_view *m = st;
	struct box b = box_open((int)m->l.n + 1, m->w, m->title);

	for (size_t i = 0; i < m->l.n && (int)i < b.h - 3; i++)
		draw_text(b.y + 1 + (int)i, b.x + 2, m->l.v[i].text, b.w - 4, term.attr[R_SEL], DRAW_PAD);
	draw_text(b.y + b.h - 2, b.x + 2, _("按任意键继续"), b.w - 4, term.attr[R_SEL] | A_DIM, DRAW_PAD);
}

static int message_key(void *st, int key)
{
	(void)st;
	(void)key;
	return SCREEN_LEAVE;
}

static const struct screen_ops message_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = message_draw, .key = message_key,
};

void message_box(const char *title, const char *text)
{
	struct message_view m = { title, { 0 }, COLS - 10 };

	if (m.w > 70)
		m.w = 70;
	lines_add_wrapped(&m.l, A_NORMAL, 0, m.w, text);
	screen_run(NULL, &message_ops, &m);
	lines_free(&m.l);
}
