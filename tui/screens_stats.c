/* Overview (统计): one year per unit, from records/report.h (the only place
 * that counts): activities, 青少年人次, 五有 completeness, a bar chart in
 * block characters; Enter drills down into the unit's list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "papers_offer.h"
#include "../model/i18n.h"
#include "../records/report.h"

struct statview {
	struct app *a;
	struct report rep;
	int have;
	long max;
	int bar_x, bar_w;
	int year, fallback;
	struct listbox lb;
};

static void stat_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct statview *v = data;
	const struct report_unit *u = &v->rep.units[i];
	attr_t base = selected ? term.attr[R_SEL] : A_NORMAL;
	char buf[64], name[128];
	int c = x;
	long eighths;

	(void)lb;
	draw_fill(y, x, w, base);
	if (u->key)
		unit_short(v->a, u->key, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "%s", u->name ? u->name : _("（未知单位）"));
	c += draw_text(y, c, name, 16, base, DRAW_PAD) + 1;
	snprintf(buf, sizeof(buf), "%ld", u->total.activities);
	draw_text_right(y, c, buf, 6, base);
	c += 7;
	snprintf(buf, sizeof(buf), "%ld", u->total.youth);
	draw_text_right(y, c, buf, 10, base);
	c += 11;
	if (u->total.activities)
		snprintf(buf, sizeof(buf), "%.1f%%", /* as the report rounds: 87.5% */
			 100.0 * (double)u->five_complete / (double)u->total.activities);
	else
		snprintf(buf, sizeof(buf), "-");
	draw_text_right(y, c, buf, 8, u->total.activities && u->five_complete < u->total.activities
					      ? base | term.attr[R_WARN] : base);
	c += 10;
	v->bar_x = c;
	v->bar_w = x + w - c - 1;
	if (v->bar_w < 4 || v->max <= 0)
		return;
	eighths = u->total.activities * v->bar_w * 8 / v->max;
	for (int k = 0; eighths > 0 && k < v->bar_w; k++, eighths -= 8)
		draw_text(y, c + k, term.g.blocks[eighths >= 8 ? 8 : eighths], 1, base | term.attr[R_BAR], 0);
}

static int compute(struct statview *v, int year)
{
	struct ggw_error err = { 0, "" };

	if (v->have)
		report_free(&v->rep);
	memset(&v->rep, 0, sizeof(v->rep));
	v->have = 1;
	if (report_compute(&v->a->led, year, NULL, 0, &v->rep, &err) < 0) {
		app_status(v->a, 1, "%s", err.msg);
		return -1;
	}
	v->max = 0;
	for (size_t i = 0; i < v->rep.n_units; i++)
		if (v->rep.units[i].total.activities > v->max)
			v->max = v->rep.units[i].total.activities;
	return 0;
}

/* The year the overview opens on: this year when it has activities; else
 * the most recent earlier year that has some (a new year's first weeks, an
 * old ledger), else the latest year at all. *fallback says it is not this
 * year, so the title can tell why. */
static int default_year(struct app *a, int *fallback)
{
	int this_year = report_today() / 10000, before = 0, latest = 0;

	*fallback = 0;
	for (size_t i = 0; a->led_loaded && i < a->led.n; i++) {
		const struct entry *e = &a->led.v[i];
		int y = e->date / 10000;
		if (e->type != REC_ACTIVITY || !e->valid || y <= 0)
			continue;
		if (y == this_year)
			return this_year;
		if (y < this_year && y > before)
			before = y;
		if (y > latest)
			latest = y;
	}
	if (before || latest) {
		*fallback = 1;
		return before ? before : latest;
	}
	return this_year;
}

static void stats_draw(void *st)
{
	struct statview *v = st;
	char title[128], buf[512];
	int most;

	v->lb.n = v->rep.n_units;
	erase();
	if (v->fallback)
		snprintf(title, sizeof(title), _("统计：%d年（今年尚无记录）"), v->year);
	else
		snprintf(title, sizeof(title), _("统计：%d年"), v->year);
	draw_title(title, v->rep.street);
	/* one string per language, laid out to the columns below (16+1,
	 * 6+1, 10+1, 8+2, bars): English words are wider than the cells */
	draw_text(1, 0, _("单位               活动 青少年人次 五有齐全  活动数"), COLS,
		  term.attr[R_HEAD], DRAW_PAD);
	listbox_draw(&v->lb, 2, 0, LINES - 8, COLS);
	/* two lines: one would be cut at 80 columns */
	snprintf(buf, sizeof(buf), _("合计：活动 %ld 次，青少年 %ld 人次，其他 %ld 人次"),
		 v->rep.cur.activities, v->rep.cur.youth, v->rep.cur.adults);
	draw_text(LINES - 6, 0, buf, COLS, A_BOLD, DRAW_PAD);
	snprintf(buf, sizeof(buf), _("　　　宣讲 %ld 次，学习培训会议 %ld 次"), v->rep.cur.lectures,
		 v->rep.cur.sessions);
	draw_text(LINES - 5, 0, buf, COLS, A_BOLD, DRAW_PAD);
	most = report_most_missing(v->rep.five_missing);
	if (v->rep.cur.activities) {
		snprintf(buf, sizeof(buf), _("五有齐全 %ld/%ld（%.1f%%）%s%s"), v->rep.five_complete,
			 v->rep.cur.activities,
			 100.0 * (double)v->rep.five_complete / (double)v->rep.cur.activities,
			 most >= 0 ? _("；最常缺：") : "", most >= 0 ? _(report_five_have_short[most]) : "");
		draw_text(LINES - 4, 0, buf, COLS, most >= 0 ? term.attr[R_WARN] : term.attr[R_GOOD], DRAW_PAD);
	} else {
		draw_text(LINES - 4, 0, _("这一年没有活动记录。按 ← → 看别的年份。"), COLS, term.attr[R_WARN], DRAW_PAD);
	}
	if (v->rep.n_invalid || v->rep.conflicts) {
		snprintf(buf, sizeof(buf), _("未计入：%ld 个文件有错误；%ld 条活动有冲突"), v->rep.n_invalid, v->rep.conflicts);
		draw_text(LINES - 3, 0, buf, COLS, term.attr[R_DIM], DRAW_PAD);
	}
}

static void stats_status(void *st, int y)
{
	(void)st;
	draw_text(y, 0, _("← → 换年份　Enter 看这个单位的活动"), COLS, term.attr[R_DIM], DRAW_PAD);
}

static int stats_key(void *st, int key)
{
	struct statview *v = st;

	return listbox_key(&v->lb, key) ? SCREEN_STAY : SCREEN_PASS;
}

static int stats_action(void *st, int act, int key)
{
	struct statview *v = st;

	(void)key;
	if (act == A_PREVYEAR || act == A_NEXTYEAR) {
		v->year += act == A_NEXTYEAR ? 1 : -1;
		v->fallback = 0;
		compute(v, v->year);
		v->lb.sel = v->lb.top = 0;
	} else if (act == A_PRINT) {
		const char *unit = v->lb.sel < v->rep.n_units ? v->rep.units[v->lb.sel].key : NULL;
		char key_buf[64];

		snprintf(key_buf, sizeof(key_buf), "%s", unit ? unit : "");
		papers_offer_menu(v->a, unit ? key_buf : NULL, v->year);
	} else if (act == A_SCORE) {
		screen_score(v->a, v->year);
	} else if (act == A_AUDIT) {
		screen_audit(v->a, v->year);
		compute(v, v->year);
	} else if (act == A_OPEN && v->lb.sel < v->rep.n_units && v->rep.units[v->lb.sel].key) {
		char key_buf[64];
		snprintf(key_buf, sizeof(key_buf), "%s", v->rep.units[v->lb.sel].key);
		screen_list_unit(v->a, key_buf, v->year);
		compute(v, v->year);
	} else {
		return SCREEN_PASS;
	}
	return SCREEN_STAY;
}

static const struct screen_ops stats_ops = {
	.id = SCR_STATS, .ok_role = R_NORMAL, .warn_role = R_WARN, .draw = stats_draw,
	.status = stats_status, .key = stats_key, .action = stats_action,
};

void screen_stats(struct app *a)
{
	struct statview v;

	memset(&v, 0, sizeof(v));
	v.a = a;
	v.year = a->year ? a->year : default_year(a, &v.fallback);
	compute(&v, v.year);
	v.lb.draw_row = stat_row;
	v.lb.data = &v;
	screen_run(a, &stats_ops, &v);
	a->year = v.year;
	if (v.have)
		report_free(&v.rep);
}
