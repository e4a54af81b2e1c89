/* The screen driver (see screen.h) and the pager built on it. */
#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "actions.h"
#include "../model/i18n.h"

void screen_paint(struct app *a, const struct screen_ops *o, void *st)
{
	o->draw(st);
	if (!(o->flags & (SO_POPUP | SO_NO_STATUS))) {
		if (a && a->status[0])
			draw_text(LINES - 2, 0, a->status, COLS,
				  term.attr[a->status_warn ? o->warn_role : o->ok_role], DRAW_PAD);
		else if (o->status)
			o->status(st, LINES - 2);
	}
	if (!(o->flags & SO_POPUP))
		draw_keybar(o->id);
	if (o->cursor)
		o->cursor(st);
	else
		curs_set(0);
}

void screen_run(struct app *a, const struct screen_ops *o, void *st)
{
	unsigned keep = o->flags & (SO_POPUP | SO_KEEP_STATUS);

	while (!(a && a->quit)) {
		int key, act, r;

		screen_paint(a, o, st);
		term_refresh();
		if (o->idle && o->idle(st))
			continue;
		key = term_getkey();
		if (key == TK_END_SCRIPT) {
			if (a)
				a->quit = 1;
			return;
		}
		if (key == TK_RESIZE) {
			/* the message stays: only a key the user typed answers it */
			if (o->resize)
				o->resize(st);
			continue;
		}
		if (a && !keep)
			a->status[0] = '\0';
		if (o->key && (r = o->key(st, key)) != SCREEN_PASS) {
			if (r == SCREEN_LEAVE)
				return;
			continue;
		}
		act = action_for_key(o->id, key, o->typing ? o->typing(st) : 0);
		if (act == A_HELP && !(o->flags & SO_POPUP)) {
			screen_help(o->id);
			continue;
		}
		if (act == A_REDRAW) {
			clearok(curscr, TRUE);
			continue;
		}
		r = o->action ? o->action(st, act, key) : SCREEN_PASS;
		if (r == SCREEN_LEAVE || (r == SCREEN_PASS && act == A_BACK))
			return;
	}
}

/* ---- pager ---- */

void pager_init(struct pager *pg, struct app *a, int screen, void (*build)(struct pager *pg))
{
	memset(pg, 0, sizeof(*pg));
	pg->a = a;
	pg->screen = screen;
	pg->build = build;
	pg->stale = 1;
}

void pager_draw(void *st)
{
	struct pager *pg = st;
	struct lines *l = &pg->l;

	if (pg->stale && pg->build) {
		lines_clear(l);
		pg->build(pg);
	}
	pg->stale = 0;
	pg->h = LINES - 3;
	if (pg->h < 1)
		pg->h = 1;
	erase();
	draw_title(pg->title, screen_name(pg->screen));
	if (l->top + (size_t)pg->h > l->n)
		l->top = l->n > (size_t)pg->h ? l->n - (size_t)pg->h : 0;
	for (int r = 0; r < pg->h && l->top + (size_t)r < l->n; r++) {
		const struct tline *t = &l->v[l->top + (size_t)r];
		draw_text(1 + r, t->indent, t->text, COLS - t->indent, t->attr, 0);
	}
}

/* Where the page is, when there is more than one page. */
void pager_status(void *st, int y)
{
	struct pager *pg = st;
	size_t top = pg->l.top, n = pg->l.n, h = (size_t)pg->h;
	char pos[64];

	if (n <= h)
		return;
	snprintf(pos, sizeof(pos), _("第 %zu-%zu 行，共 %zu 行"), top + 1, top + h < n ? top + h : n, n);
	draw_text_right(y, 0, pos, COLS - 1, term.attr[R_DIM]);
}

/* The lines are wrapped to the width: make them again. */
void pager_resize(void *st)
{
	((struct pager *)st)->stale = 1;
}

int pager_move(struct pager *pg, int act)
{
	size_t *top = &pg->l.top, h = (size_t)pg->h;

	switch (act) {
	case A_UP: if (*top > 0) (*top)--; break;
	case A_DOWN: (*top)++; break;
	case A_PGUP: *top = *top > h - 1 ? *top - h + 1 : 0; break;
	case A_PGDN: *top += h > 1 ? h - 1 : 1; break;
	case A_HOME: *top = 0; break;
	case A_END: *top = pg->l.n; break;
	default: return SCREEN_PASS;
	}
	return SCREEN_STAY;
}

int pager_action(void *st, int act, int key)
{
	(void)key;
	return pager_move(st, act);
}
