/* Conflicts: step through the records a sync left with conflicts and, for
 * each field, keep this PC's value, take the other one, or type a new one.
 * Each settled field is saved at once (one commit), like `ggw resolve`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../model/merge.h"

struct confview {
	struct pager pg;  /* first: the pager's callbacks take the state */
	struct app *a;
	char **ids;
	size_t n, cur;
	struct node rec;
	int have_rec;
	enum record_type t;
	size_t entry;   /* which conflict entry of the record */
};

static void collect(struct confview *v, const char *only)
{
	v->n = 0;
	if (only) {
		v->ids = calloc(1, sizeof(*v->ids));
		if (v->ids) {
			v->ids[0] = strdup(only);
			v->n = 1;
		}
		return;
	}
	v->ids = calloc(v->a->led.n + 1, sizeof(*v->ids));
	for (size_t i = 0; v->ids && i < v->a->led.n; i++)
		if (v->a->led.v[i].has_conflicts && v->a->led.v[i].id)
			v->ids[v->n++] = strdup(v->a->led.v[i].id);
}

static const struct node *conflicts_of(struct confview *v)
{
	const struct node *cs = v->have_rec ? node_map_get(&v->rec, "conflicts") : NULL;

	return cs && cs->kind == NODE_SEQ && cs->count ? cs : NULL;
}

static int load_current(struct confview *v)
{
	char path[512];

	if (v->have_rec)
		node_free(&v->rec);
	v->have_rec = 0;
	v->entry = 0;
	if (v->cur >= v->n)
		return -1;
	if (load_record(v->a, v->ids[v->cur], &v->t, &v->rec, path, sizeof(path)) < 0)
		return -1;
	v->have_rec = 1;
	return 0;
}

static void build(struct pager *pg)
{
	struct confview *v = (struct confview *)pg;
	const struct node *cs = conflicts_of(v);
	const char *title;

	if (!v->have_rec)
		return;
	title = tui_record_title(v->t, &v->rec);
	lines_add(&v->pg.l, term.attr[R_HEAD], 0, _("第 %zu/%zu 条记录：%s（%s）"), v->cur + 1, v->n,
		  title ? title : "", v->ids[v->cur]);
	if (!cs) {
		lines_add(&v->pg.l, term.attr[R_GOOD], 1, "%s", v->cur + 1 < v->n
			  ? _("这条记录的冲突都已处理。按 n 看下一条。")
			  : _("冲突都已处理。按 Esc 返回。"));
		return;
	}
	if (v->entry >= cs->count)
		v->entry = cs->count - 1;
	for (size_t i = 0; i < cs->count; i++) {
		const struct node *c = &cs->kids[i];
		const char *field = node_map_str(c, "field");
		const struct field_def *f = field ? field_find(record_fields(v->t), field) : NULL;
		char *mine = field_value_text(v->a, f, field ? node_path_get(&v->rec, field) : NULL);
		char *other = field_value_text(v->a, f, node_map_get(c, "value"));
		const char *who = node_map_str(c, "author"), *when = node_map_str(c, "time"),
			   *unit = node_map_str(c, "unit");
		char head[512], name[128];
		const char *lt;

		/* "Name <email>": the name is enough here */
		snprintf(name, sizeof(name), "%s", who && *who ? who : "?");
		if ((lt = strstr(name, " <")))
			name[lt - name] = '\0';
		who = name;
		lines_add(&v->pg.l, A_NORMAL, 0, "%s", "");
		lines_add(&v->pg.l, i == v->entry ? term.attr[R_SEL] | A_BOLD : term.attr[R_LABEL], 0,
			  "%s %s（%zu/%zu）", i == v->entry ? ">" : " ", f ? _(f->label) : (field ? field : "?"),
			  i + 1, cs->count);
		snprintf(head, sizeof(head), _("2 对方（%s，%s，%s）"), who,
			 unit && *unit ? unit_name(v->a, unit) : "?", when && *when ? when : "?");
		side_by_side(&v->pg.l, 2, _("1 本方（现在的值）"), *mine ? mine : _("（空）"), head,
			     *other ? other : _("（空）"));
		free(mine);
		free(other);
	}
	lines_add(&v->pg.l, A_NORMAL, 0, "%s", "");
	lines_add(&v->pg.l, term.attr[R_DIM], 1, "%s",
		  _("o/1 保留本方　t/2 采用对方　e 改成新值　Enter 下一处　n/p 下一条/上一条记录"));
}

static int save(struct confview *v)
{
	struct ggw_error err = { 0, "" };
	struct problems probs = { 0 };
	int rc;

	if (!v->a->have_actor) {
		app_status(v->a, 1, "%s", _("没有设置本机单位，不能修改。"));
		return -1;
	}
	/* its own action, so the history tells a settled conflict from an edit */
	rc = ops_edit_action(v->a->repo, &v->a->actor, v->ids[v->cur], &v->rec, "resolve", &probs, &err);
	if (rc < 0)
		app_status(v->a, 1, "%s", probs.n ? probs.v[0].msg : err.msg);
	problems_free(&probs);
	return rc;
}

/* A small editor for a new value: one line, or several for long text. */
struct value_edit {
	struct ledit e;
	int multi, h, w, ok;
};

static void value_draw(void *st)
{
	struct value_edit *ve = st;
	int y0 = (LINES - ve->h) / 2;

	for (int r = -1; r <= ve->h + 1; r++)
		draw_fill(y0 + r, 2, COLS - 4, term.attr[R_SEL]);
	draw_text(y0 - 1, 4, ve->multi ? _("新的值（F2 确定，Esc 取消；列表每行一项）") : _("新的值（Enter 确定，Esc 取消）"),
		  ve->w, term.attr[R_SEL] | A_BOLD, DRAW_PAD);
}

static void value_cursor(void *st)
{
	struct value_edit *ve = st;

	curs_set(1);
	ledit_draw(&ve->e, (LINES - ve->h) / 2, 4, ve->h, ve->w, term.attr[R_FIELD_CUR], 1);
}

static int value_key(void *st, int key)
{
	struct value_edit *ve = st;

	if (key == TK_ESC || key == TK_FKEY(10))
		return SCREEN_LEAVE;
	if (key == TK_FKEY(2) || key == TK_CTRL('s') || (!ve->multi && key == TK_ENTER)) {
		ve->ok = 1;
		return SCREEN_LEAVE;
	}
	ledit_key(&ve->e, key, ve->w);
	return SCREEN_STAY;
}

static const struct screen_ops value_ops = {
	.id = SCR_CONFLICTS, .flags = SO_POPUP, .draw = value_draw, .cursor = value_cursor,
	.key = value_key,
};

static int edit_value(struct confview *v, const struct field_def *f, const char *start, char **out)
{
	struct value_edit ve;

	memset(&ve, 0, sizeof(ve));
	ve.multi = f && (f->type == FT_TEXT || f->type == FT_STRLIST || f->type == FT_IDLIST);
	ve.h = ve.multi ? 6 : 1;
	ve.w = COLS - 8;
	ledit_init(&ve.e, ve.multi);
	ledit_set(&ve.e, start);
	screen_run(v->a, &value_ops, &ve);
	curs_set(0);
	if (ve.ok) {
		if (f && (f->type == FT_STRLIST || f->type == FT_IDLIST)) /* items: comma-separated */
			for (char *p = ve.e.buf; *p; p++)
				if (*p == '\n')
					*p = ',';
		*out = strdup(ve.e.buf);
	}
	ledit_free(&ve.e);
	return ve.ok;
}

static void settle(struct confview *v, char how)
{
	const struct node *cs = conflicts_of(v);
	struct ggw_error err = { 0, "" };
	const char *field;
	char *value = NULL, fieldbuf[64];
	struct node backup;

	if (!cs)
		return;
	field = node_map_str(&cs->kids[v->entry], "field");
	if (!field)
		return;
	snprintf(fieldbuf, sizeof(fieldbuf), "%s", field);
	if (how == 'v') {
		const struct field_def *f = field_find(record_fields(v->t), fieldbuf);
		char *cur = field_value_text(NULL, f && f->type == FT_ENUM ? NULL : f, node_path_get(&v->rec, fieldbuf));
		int ok;
		if (f && (f->type == FT_STRLIST || f->type == FT_IDLIST))
			for (char *p = cur; *p; p++) /* 、-joined for reading; one a line to edit */
				if (!strncmp(p, "、", strlen("、"))) {
					memmove(p + 1, p + strlen("、"), strlen(p + strlen("、")) + 1);
					*p = '\n';
				}
		ok = edit_value(v, f, cur, &value);
		free(cur);
		if (!ok)
			return;
	}
	if (node_clone(&backup, &v->rec) < 0) {
		free(value);
		return;
	}
	if (merge_resolve(v->t, &v->rec, fieldbuf, how, value, &err) < 0) {
		app_status(v->a, 1, "%s", err.msg);
		node_free(&backup);
		free(value);
		return;
	}
	free(value);
	if (save(v) < 0) {
		node_free(&v->rec);
		v->rec = backup;
		return;
	}
	node_free(&backup);
	{
		const struct field_def *f = field_find(record_fields(v->t), fieldbuf);
		app_status(v->a, 0, _("已保存：%s"), f ? _(f->label) : fieldbuf);
	}
	if (!conflicts_of(v) && v->cur + 1 < v->n) {
		v->cur++;
		load_current(v);
	}
}

static int conflicts_action(void *st, int act, int key)
{
	struct confview *v = st;
	const struct node *cs = conflicts_of(v);

	(void)key;
	if (pager_move(&v->pg, act) == SCREEN_STAY)
		return SCREEN_STAY;
	switch (act) {
	case A_OURS: settle(v, 'o'); break;
	case A_THEIRS: settle(v, 't'); break;
	case A_EDIT: settle(v, 'v'); break;
	case A_NEXT:
		if (v->cur + 1 < v->n) {
			v->cur++;
			load_current(v);
		}
		break;
	case A_PREV:
		if (v->cur > 0) {
			v->cur--;
			load_current(v);
		}
		break;
	case A_NEXTENTRY:
		if (cs)
			v->entry = (v->entry + 1) % cs->count;
		break;
	default:
		return SCREEN_PASS;
	}
	v->pg.stale = 1;
	return SCREEN_STAY;
}

static const struct screen_ops conflicts_ops = PAGER_SCREEN_OPS(SCR_CONFLICTS, conflicts_action);

void screen_conflicts(struct app *a, const char *only_id)
{
	struct confview v;

	memset(&v, 0, sizeof(v));
	v.a = a;
	pager_init(&v.pg, a, SCR_CONFLICTS, build);
	snprintf(v.pg.title, sizeof(v.pg.title), "%s", _("处理冲突"));
	collect(&v, only_id);
	if (v.n == 0) {
		app_status(a, 0, "%s", _("没有冲突需要处理。"));
		free(v.ids);
		return;
	}
	load_current(&v);
	if (only_id && !conflicts_of(&v))
		/* 'c' on a record without conflicts: say so, no empty screen */
		app_status(a, 0, "%s", _("这条记录没有冲突。"));
	else
		screen_run(a, &conflicts_ops, &v);
	app_reload(a);
	if (v.have_rec)
		node_free(&v.rec);
	for (size_t i = 0; i < v.n; i++)
		free(v.ids[i]);
	free(v.ids);
	lines_free(&v.pg.l);
}
