/* Undo and restore in the interface, over records/undo.h like `ggw undo`
 * and `ggw restore`: the lists' undo key, and 已删除的记录, the records
 * history deleted (newest first), where Enter brings one back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../model/rectype.h"
#include "../records/history.h"
#include "../records/undo.h"

int tui_undo(struct app *a)
{
	struct undo_target t = { 0 };
	struct ggw_error err = { 0, "" };
	char q[700];
	int rc;

	if (!a->have_actor) {
		app_status(a, 1, "%s", _("没有设置本机单位（ggw config ggw.unit），不能修改。"));
		return 0;
	}
	if (ops_undo_find(a->repo, &a->actor, &t, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return 0;
	}
	snprintf(q, sizeof(q), _("撤销本机上一次修改“%s”？（成为一次新的提交）"), t.subject);
	undo_target_free(&t);
	if (!ask_yes_no(q))
		return 0;
	rc = ops_undo(a->repo, &a->actor, &t, NULL, &err);
	if (rc < 0)
		app_status(a, 1, "%s", err.msg);
	else
		app_status(a, 0, _("已提交：%s"), t.next_subject);
	undo_target_free(&t);
	return rc == 0;
}

struct delview {
	struct app *a;
	struct deleted_record *v;
	size_t n;
	struct listbox lb;
	int loaded;
};

static void del_load(struct delview *d)
{
	struct ggw_error err = { 0, "" };

	deleted_records_free(d->v, d->n);
	d->v = NULL;
	d->n = 0;
	if (deleted_records(d->a->repo, &d->v, &d->n, &err) < 0)
		app_status(d->a, 1, "%s", err.msg);
	d->lb.n = d->n;
	listbox_clamp(&d->lb);
	d->loaded = 1;
}

/* "20240710-3fa9c2e1  2024-07-12 09:30  活动  暑期防溺水讲座  新义村  王主任" */
static void del_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct delview *d = data;
	const struct deleted_record *r = &d->v[i];
	const struct record_type_def *def = record_type_def(r->type);
	attr_t at = selected ? term.attr[R_SEL] : term.attr[R_NORMAL];
	char when[32], unit[128], line[1200];

	(void)lb;
	format_commit_time(r->time, r->tz_minutes, when, sizeof(when));
	unit_short(d->a, r->unit, unit, sizeof(unit));
	snprintf(line, sizeof(line), "%-18s %s  %s  %s", r->id, when, def ? _(def->label) : "",
		 r->title);
	draw_fill(y, x, w, at);
	draw_text(y, x, line, w - 26 > 10 ? w - 26 : w, at, DRAW_PAD);
	if (w - 26 > 10) {
		snprintf(line, sizeof(line), "%s %s", unit, r->author);
		draw_text(y, x + w - 25, line, 25, at, DRAW_PAD);
	}
}

static void del_draw(void *st)
{
	struct delview *d = st;
	char right[64];

	erase();
	snprintf(right, sizeof(right), _("%zu/%zu 条"), d->n ? d->lb.sel + 1 : 0, d->n);
	draw_title(_("已删除的记录"), right);
	draw_text(1, 0, _("删除时间、类型、标题，以及记录的单位和删除人；Enter 恢复选中的记录"), COLS,
		  term.attr[R_LABEL], DRAW_PAD);
	d->lb.draw_row = del_row;
	d->lb.data = d;
	listbox_draw(&d->lb, 3, 0, LINES - 5, COLS);
	if (d->loaded && !d->n)
		draw_text(4, 2, _("没有已删除的记录。"), COLS - 4, term.attr[R_DIM], 0);
}

static void del_status(void *st, int y)
{
	struct delview *d = st;
	char buf[256];

	snprintf(buf, sizeof(buf), _("共 %zu 条已删除的记录；恢复是一次新的提交，会同步到各单位"), d->n);
	draw_text(y, 0, buf, COLS, term.attr[R_DIM], DRAW_PAD);
}

static int del_key(void *st, int key)
{
	struct delview *d = st;

	return listbox_key(&d->lb, key) ? SCREEN_STAY : SCREEN_PASS;
}

static void restore_current(struct delview *d)
{
	struct ggw_error err = { 0, "" };
	struct problems probs = { 0 };
	char q[700], id[64];

	if (d->lb.sel >= d->n)
		return;
	if (!d->a->have_actor) {
		app_status(d->a, 1, "%s", _("没有设置本机单位（ggw config ggw.unit），不能修改。"));
		return;
	}
	snprintf(id, sizeof(id), "%s", d->v[d->lb.sel].id);
	snprintf(q, sizeof(q), _("恢复“%s”（%s）？"), d->v[d->lb.sel].title, id);
	if (!ask_yes_no(q))
		return;
	if (ops_restore(d->a->repo, &d->a->actor, id, NULL, &probs, &err) < 0) {
		app_status(d->a, 1, "%s", err.msg);
	} else {
		app_status(d->a, 0, _("已恢复 %s"), id);
		snprintf(d->a->last_id, sizeof(d->a->last_id), "%s", id);
		del_load(d);
	}
	problems_free(&probs);
}

static int del_action(void *st, int act, int key)
{
	struct delview *d = st;

	(void)key;
	if (act != A_RESTORE)
		return SCREEN_PASS;
	restore_current(d);
	return SCREEN_STAY;
}

/* The history walk can take a moment on a large ledger: after the first
 * draw. */
static int del_idle(void *st)
{
	struct delview *d = st;

	if (d->loaded)
		return 0;
	del_load(d);
	return 1;
}

static const struct screen_ops del_ops = {
	.id = SCR_DELETED, .ok_role = R_GOOD, .warn_role = R_WARN, .draw = del_draw,
	.status = del_status, .idle = del_idle, .key = del_key, .action = del_action,
};

void screen_deleted(struct app *a)
{
	struct delview d;

	memset(&d, 0, sizeof(d));
	d.a = a;
	a->last_id[0] = '\0';
	screen_run(a, &del_ops, &d);
	deleted_records_free(d.v, d.n);
}
