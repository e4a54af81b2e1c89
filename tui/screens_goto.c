/* 按编号查找 (go to an id): a box over the screen with a line to type an
 * id into, or any part of one ("a1b2", "20240710"), or of the file's path
 * (what `ggw audit` prints for a file that does not read). Records of
 * every type whose id or path holds it show as it is typed; Enter opens
 * the selected one. Opened with i from the lists and the audit screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../model/rectype.h"

struct gotoview {
	struct app *a;
	struct ledit ed;
	size_t *hits, nhits;  /* entries matching, exact ids first */
	struct listbox lb;
	struct box b;         /* where the box was drawn */
	long open;            /* the entry to open on leaving, -1: none */
};

/* The needle as ids are written: ASCII lower-cased, without the spaces
 * around it (a copied line brings them). */
static void needle_of(const char *s, char *out, size_t len)
{
	size_t n = 0;

	s += strspn(s, " \t");
	for (; *s && n + 1 < len; s++)
		out[n++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = '\0';
}

static void find_hits(struct gotoview *v)
{
	const struct ledger *l = &v->a->led;
	char needle[128];
	size_t exact = 0;

	v->nhits = 0;
	needle_of(v->ed.buf, needle, sizeof(needle));
	if (!needle[0] || !v->hits)
		goto done;
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];

		if (e->id && !strcmp(e->id, needle)) { /* the id itself: first */
			memmove(v->hits + exact + 1, v->hits + exact, (v->nhits - exact) * sizeof(*v->hits));
			v->hits[exact++] = i;
			v->nhits++;
		} else if ((e->id && strstr(e->id, needle)) || (e->path && strstr(e->path, needle))) {
			v->hits[v->nhits++] = i;
		}
	}
done:
	v->lb.n = v->nhits;
	v->lb.sel = v->lb.top = 0;
}

static void hit_row(struct listbox *lb, size_t i, int y, int x, int w, int sel, void *data)
{
	struct gotoview *v = data;
	const struct entry *e = &v->a->led.v[v->hits[i]];
	const struct record_type_def *d = record_type_def(e->type);
	attr_t at = sel ? term.attr[R_TITLE] : term.attr[R_SEL]; /* as pick lists mark it */
	char buf[512], unit[64];

	(void)lb;
	unit_short(v->a, e->unit, unit, sizeof(unit));
	if (e->valid)
		snprintf(buf, sizeof(buf), "%s  %s  %s  %s", e->id ? e->id : e->path,
			 d ? _(d->label) : "", unit, e->title ? e->title : "");
	else
		snprintf(buf, sizeof(buf), _("%s  （无法读取）"), e->path);
	draw_text(y, x, buf, w, at, DRAW_PAD);
}

static void goto_draw(void *st)
{
	struct gotoview *v = st;
	int w = COLS - 8 > 72 ? 72 : COLS - 8, h = LINES - 6 > 14 ? 14 : LINES - 6, lw;
	char count[128];

	v->b = box_open(h < 3 ? 3 : h, w < 20 ? 20 : w, _("按编号查找"));
	lw = draw_text(v->b.y + 1, v->b.x + 2, _("编号："), v->b.w - 4, term.attr[R_SEL] | A_BOLD, 0);
	ledit_draw(&v->ed, v->b.y + 1, v->b.x + 2 + lw, 1, v->b.w - 4 - lw, term.attr[R_FIELD_CUR], 0);
	if (!v->ed.len)
		snprintf(count, sizeof(count), "%s", _("输入编号或其中一段（如 ggw audit 列出的）"));
	else if (!v->nhits)
		snprintf(count, sizeof(count), "%s", _("没有编号含这段文字的记录"));
	else
		snprintf(count, sizeof(count), _("找到 %zu 条　↑ ↓ 选择　Enter 打开　Esc 返回"), v->nhits);
	draw_text(v->b.y + 2, v->b.x + 2, count, v->b.w - 4, term.attr[R_SEL] | A_DIM, DRAW_PAD);
	v->lb.draw_row = hit_row;
	v->lb.data = v;
	listbox_draw(&v->lb, v->b.y + 3, v->b.x + 2, v->b.h - 4, v->b.w - 4);
}

static void goto_cursor(void *st)
{
	struct gotoview *v = st;
	int lw = str_cols(_("编号："));

	curs_set(1);
	ledit_draw(&v->ed, v->b.y + 1, v->b.x + 2 + lw, 1, v->b.w - 4 - lw, term.attr[R_FIELD_CUR], 1);
}

static void goto_resize(void *st)
{
	(void)st;
	erase();
}

static int goto_typing(void *st)
{
	(void)st;
	return 1;
}

static int goto_key(void *st, int key)
{
	struct gotoview *v = st;

	if (key == TK_ESC)
		return SCREEN_LEAVE;
	if (key == TK_ENTER) {
		if (!v->nhits)
			return SCREEN_STAY;
		v->open = (long)v->hits[v->lb.sel];
		return SCREEN_LEAVE;
	}
	if (key == TK(KEY_UP) || key == TK(KEY_DOWN) || key == TK(KEY_PPAGE) || key == TK(KEY_NPAGE)) {
		listbox_key(&v->lb, key);
		return SCREEN_STAY;
	}
	if (ledit_key(&v->ed, key, v->b.w)) {
		find_hits(v);
		return SCREEN_STAY;
	}
	return SCREEN_PASS;
}

static const struct screen_ops goto_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = goto_draw, .cursor = goto_cursor,
	.resize = goto_resize, .typing = goto_typing, .key = goto_key,
};

void screen_goto(struct app *a)
{
	struct gotoview v;
	const struct entry *e;
	char id[64];

	memset(&v, 0, sizeof(v));
	v.a = a;
	v.open = -1;
	if (!a->led_loaded)
		return;
	if (!(v.hits = malloc((a->led.n + 1) * sizeof(*v.hits)))) {
		app_status(a, 1, "%s", _("内存不足"));
		return;
	}
	ledit_init(&v.ed, 0);
	v.ed.maxbytes = 120;
	screen_run(a, &goto_ops, &v);
	ledit_free(&v.ed);
	if (v.open >= 0) {
		e = &a->led.v[v.open];
		if (!e->valid || !e->id) {
			message_box(_("无法读取的记录"), e->error ? e->error : e->path);
		} else {
			snprintf(id, sizeof(id), "%s", e->id);
			screen_record(a, id);
		}
	}
	free(v.hits);
}
