/* Conflicts: step through the records a sync left with conflicts and, for
 * each field, keep this PC's value, take the other one, or type a new one.
 * Each settled field is saved at once (one commit), like `ggw resolve`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "../model/i18n.h"
#include "../model/merge.h"

struct confview {
	struct app *a;
	char **ids;
	size_t n, cur;
	struct node rec;
	int have_rec;
	enum record_type t;
	size_t entry;   /* which conflict entry of the record */
	int quit_early;
	struct lines l;
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

static void build(struct confview *v)
{
	const struct node *cs = conflicts_of(v);
	const char *title;

	lines_clear(&v->l);
	if (!v->have_rec)
		return;
	title = node_map_str(&v->rec, record_title_field(v->t));
	lines_add(&v->l, term.attr[R_HEAD], 0, _("第 %zu/%zu 条记录：%s（%s）"), v->cur + 1, v->n,
		  title ? title : "", v->ids[v->cur]);
	if (!cs) {
		lines_add(&v->l, term.attr[R_GOOD], 1, "%s", v->cur + 1 < v->n
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
		lines_add(&v->l, A_NORMAL, 0, "%s", "");
		lines_add(&v->l, i == v->entry ? term.attr[R_SEL] | A_BOLD : term.attr[R_LABEL], 0,
			  "%s %s（%zu/%zu）", i == v->entry ? ">" : " ", f ? _(f->label) : (field ? field : "?"),
			  i + 1, cs->count);
		snprintf(head, sizeof(head), _("2 对方（%s，%s，%s）"), who,
			 unit && *unit ? unit_name(v->a, unit) : "?", when && *when ? when : "?");
		side_by_side(&v->l, 2, _("1 本方（现在的值）"), *mine ? mine : _("（空）"), head,
			     *other ? other : _("（空）"));
		free(mine);
		free(other);
	}
	lines_add(&v->l, A_NORMAL, 0, "%s", "");
	lines_add(&v->l, term.attr[R_DIM], 1, "%s",
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
static int edit_value(struct confview *v, const struct field_def *f, const char *start, char **out)
{
	struct ledit e;
	int multi = f && (f->type == FT_TEXT || f->type == FT_STRLIST || f->type == FT_IDLIST);
	int key, ok = 0, h = multi ? 6 : 1, w = COLS - 8;

	ledit_init(&e, multi);
	ledit_set(&e, start);
	for (;;) {
		int y0 = (LINES - h) / 2;
		for (int r = -1; r <= h + 1; r++)
			draw_fill(y0 + r, 2, COLS - 4, term.attr[R_SEL]);
		draw_text(y0 - 1, 4, multi ? _("新的值（F2 确定，Esc 取消；列表每行一项）") : _("新的值（Enter 确定，Esc 取消）"),
			  w, term.attr[R_SEL] | A_BOLD, DRAW_PAD);
		curs_set(1);
		ledit_draw(&e, y0, 4, h, w, term.attr[R_FIELD_CUR], 1);
		term_refresh();
		key = term_getkey();
		if (key == TK_END_SCRIPT) {
			v->a->quit = 1;
			break;
		}
		if (key == TK_ESC || key == TK_FKEY(10))
			break;
		if (key == TK_FKEY(2) || key == TK_CTRL('s') || (!multi && key == TK_ENTER)) {
			ok = 1;
			break;
		}
		ledit_key(&e, key, w);
	}
	curs_set(0);
	if (ok) {
		if (f && (f->type == FT_STRLIST || f->type == FT_IDLIST)) /* items: comma-separated */
			for (char *p = e.buf; *p; p++)
				if (*p == '\n')
					*p = ',';
		*out = strdup(e.buf);
	}
	ledit_free(&e);
	return ok;
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

void screen_conflicts(struct app *a, const char *only_id)
{
	struct confview v;
	int rc;

	memset(&v, 0, sizeof(v));
	v.a = a;
	collect(&v, only_id);
	if (v.n == 0) {
		app_status(a, 0, "%s", _("没有冲突需要处理。"));
		free(v.ids);
		return;
	}
	load_current(&v);
	if (only_id && !conflicts_of(&v)) {
		/* 'c' on a record without conflicts: say so, no empty screen */
		app_status(a, 0, "%s", _("这条记录没有冲突。"));
		v.quit_early = 1;
	}
	while (!a->quit && !v.quit_early) {
		const struct node *cs;
		int key, act;
		build(&v);
		rc = pager_run(a, SCR_CONFLICTS, _("处理冲突"), &v.l);
		if (rc == -2)
			continue;
		if (rc == -1)
			break;
		act = rc;
		cs = conflicts_of(&v);
		key = 0;
		switch (act) {
		case A_OURS: settle(&v, 'o'); break;
		case A_THEIRS: settle(&v, 't'); break;
		case A_EDIT: settle(&v, 'v'); break;
		case A_NEXT:
			if (v.cur + 1 < v.n) {
				v.cur++;
				load_current(&v);
			}
			break;
		case A_PREV:
			if (v.cur > 0) {
				v.cur--;
				load_current(&v);
			}
			break;
		case A_NEXTENTRY:
			if (cs)
				v.entry = (v.entry + 1) % cs->count;
			break;
		default:
			break;
		}
		(void)key;
	}
	app_reload(a);
	if (v.have_rec)
		node_free(&v.rec);
	for (size_t i = 0; i < v.n; i++)
		free(v.ids[i]);
	free(v.ids);
	lines_free(&v.l);
}
