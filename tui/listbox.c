/* A virtual list: only the visible rows are drawn, through a callback, so
 * a list of 100,000 records costs what a screenful costs. Also the small
 * pop-ups built on it: pick lists, yes/no questions, messages. */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
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

struct box { int y, x, h, w; };

static struct box box_open(int want_h, int want_w, const char *title)
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

int pick_list_find(const char *title, const char *const *labels, size_t n, int current, int first_key)
{
	struct pick_ctx p = { labels };
	struct listbox lb = { n, current >= 0 ? (size_t)current : 0, 0, 0, pick_row, &p };
	int w = str_cols(title) + 2, h = (int)n, key, act;
	char find[64] = "";

	if (first_key >= 0x80 && !TK_IS_FN(first_key))
		pick_find(&lb, labels, n, find, sizeof(find), first_key);

	for (size_t i = 0; i < n; i++)
		if (str_cols(labels[i]) + 2 > w)
			w = str_cols(labels[i]) + 2;
	for (;;) {
		struct box b = box_open(h, w, title);
		listbox_draw(&lb, b.y + 1, b.x + 2, b.h - 2, b.w - 4);
		curs_set(0);
		term_refresh();
		key = term_getkey();
		if (key == TK_END_SCRIPT)
			return -1;
		if (key == TK_RESIZE) {
			erase();
			continue;
		}
		if (key >= 0x80 && !TK_IS_FN(key)) {
			pick_find(&lb, labels, n, find, sizeof(find), key);
			continue;
		}
		find[0] = '\0';
		if (listbox_key(&lb, key))
			continue;
		act = action_for_key(SCR_PICK, key, 0);
		if (key == TK_ENTER)
			return n ? (int)lb.sel : -1;
		if (act == A_BACK)
			return -1;
		/* a digit or letter jumps to the item it starts with (1-9) */
		if (key >= '1' && key <= '9' && (size_t)(key - '1') < n) {
			lb.sel = (size_t)(key - '1');
			continue;
		}
		if (act == A_REDRAW)
			clearok(curscr, TRUE);
	}
}

/* Draw a two-line question box and wait for one key. */
static int ask_box_key(const char *question, const char *hint)
{
	int w = str_cols(question);
	struct box b;

	if (str_cols(hint) > w)
		w = str_cols(hint);
	b = box_open(2, w, NULL);
	draw_text(b.y + 1, b.x + 2, question, b.w - 4, term.attr[R_SEL] | A_BOLD, DRAW_PAD);
	draw_text(b.y + 2, b.x + 2, hint, b.w - 4, term.attr[R_SEL], DRAW_PAD);
	curs_set(0);
	term_refresh();
	return term_getkey();
}

int ask_yes_no(const char *question)
{
	const char *hint = _("Y 是　N 否");

	for (;;) {
		int key = ask_box_key(question, hint);

		if (key == 'y' || key == 'Y' || key == TK_ENTER)
			return 1;
		if (key == 'n' || key == 'N' || key == TK_ESC || key == TK_END_SCRIPT || key == TK_FKEY(10))
			return 0;
	}
}

int ask_keys(const char *question, const char *hint, const int *keys, size_t n)
{
	for (;;) {
		int key = ask_box_key(question, hint);

		if (key == TK_ESC || key == TK_END_SCRIPT)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (key == keys[i])
				return (int)i;
	}
}

void message_box(const char *title, const char *text)
{
	struct lines l = { 0 };
	int w = COLS - 10, key;

	if (w > 70)
		w = 70;
	lines_add_wrapped(&l, A_NORMAL, 0, w, text);
	for (;;) {
		struct box b = box_open((int)l.n + 1, w, title);
		for (size_t i = 0; i < l.n && (int)i < b.h - 3; i++)
			draw_text(b.y + 1 + (int)i, b.x + 2, l.v[i].text, b.w - 4, term.attr[R_SEL], DRAW_PAD);
		draw_text(b.y + b.h - 2, b.x + 2, _("按任意键继续"), b.w - 4, term.attr[R_SEL] | A_DIM, DRAW_PAD);
		curs_set(0);
		term_refresh();
		key = term_getkey();
		if (key != TK_RESIZE)
			break;
	}
	lines_free(&l);
}
