/* 留痕检查 (the audit screen): what `ggw audit` finds in a year, per unit,
 * each kind of finding followed by how to fix it (records/audit.c's
 * hints). A unit's PC shows its own unit (f shows every unit, its own
 * first); the office's every unit. Enter on a finding opens its record;
 * on a month or the sessions, the unit's list of that year. Opened with l
 * from the activity list and the overview. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../records/audit.h"
#include "../records/checkrule.h"
#include "../records/report.h"
#include "../storage/gitp.h"

/* One row on the screen: a unit's heading, a kind's heading, a finding
 * (selectable), or a line of a hint. */
enum arow_kind { AR_UNIT, AR_KIND, AR_FINDING, AR_HINT, AR_BLANK };

struct arow {
	enum arow_kind kind;
	long finding;      /* AR_FINDING: index in audit.v */
	char *text;
};

struct auditview {
	struct app *a;
	int year;
	struct audit au;
	int have;
	unsigned long gen; /* the app's ledger load au's indices are into */
	git_hex head;      /* HEAD when computed */
	int own;           /* this PC's unit in au.rep.units, -1: the office */
	int all_units;     /* a unit's PC showing every unit */
	struct arow *rows;
	size_t n, cap;
	struct listbox lb;
	int built_cols;    /* COLS the rows were wrapped for */
};

static void rows_free(struct auditview *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->rows[i].text);
	v->n = 0;
}

static void row_add(struct auditview *v, enum arow_kind k, long finding, const char *text)
{
	char *t;

	if (v->n == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 64;
		struct arow *nr = realloc(v->rows, ncap * sizeof(*nr));
		if (!nr)
			return;
		v->rows = nr;
		v->cap = ncap;
	}
	if (!(t = strdup(text ? text : "")))
		return;
	v->rows[v->n++] = (struct arow){ k, finding, t };
}

struct wrap_ctx { struct auditview *v; int first; };

static void hint_line(const char *line, size_t n, void *d)
{
	struct wrap_ctx *w = d;
	char buf[512];

	snprintf(buf, sizeof(buf), "%s%.*s", w->first ? "" : "  ", (int)n, line);
	row_add(w->v, AR_HINT, -1, buf);
	w->first = 0;
}

/* Why a record fails ggw check, short (the audit prints the long form). */
static void invalid_reason(const struct entry *e, unsigned mask, char *buf, size_t len)
{
	if (!e->valid)
		snprintf(buf, len, "%s", e->error && *e->error ? e->error : _("无法读取"));
	else if (mask & CHECK_FAULT_UNIT)
		snprintf(buf, len, _("单位 %s 不在 units.yaml 中"), e->unit ? e->unit : "");
	else if (mask & CHECK_FAULT_VOLUNTEER)
		snprintf(buf, len, "%s", _("有不存在的五老志愿者"));
	else if (mask & CHECK_FAULT_DUPLICATE)
		snprintf(buf, len, "%s", _("编号重复"));
	else
		buf[0] = '\0';
}

/* A finding as one line: the record's id, date and title, then what is
 * wrong with it; or the figure of a unit's year. */
static void finding_text(struct auditview *v, const struct audit_finding *f, char *buf, size_t len)
{
	const struct entry *e = f->entry >= 0 ? &v->a->led.v[f->entry] : NULL;
	const struct rules *r = report_rules(&v->au.rep);
	size_t n = 0;
	char why[256];

	buf[0] = '\0';
#define ADD(...) do { if (n < len) n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); } while (0)
	if (f->kind == AUDIT_FEW_SESSIONS) {
		ADD(_("全年 %ld 次，最少 %ld 次，差 %ld 次"), f->count, r->min_sessions,
		    r->min_sessions - f->count);
		return;
	}
	if (!e) {
		if (f->kind == AUDIT_EMPTY_MONTH && f->month >= 1 && f->month <= 12)
			ADD("%s", _(report_month_names[f->month - 1]));
		return;
	}
	ADD("%s  ", e->id ? e->id : e->path);
	if (e->type == REC_ACTIVITY && e->date > 0)
		ADD("%04d-%02d-%02d  ", e->date / 10000, e->date / 100 % 100, e->date % 100);
	ADD("%s", e->title ? e->title : "");
	if (e->type == REC_VOLUNTEER && e->group >= 0 && (size_t)e->group < enum_count(enum_group))
		ADD(_("（%s）"), _(enum_group[e->group].label));
	if (f->kind == AUDIT_FIVE_HAVE) {
		int sep = 0;
		ADD("%s", _("  缺："));
		for (int k = 0; k < FIVE_HAVE_COUNT; k++)
			if (f->mask & (1u << k)) {
				ADD("%s%s", sep ? _("、") : "", _(report_five_have_short[k]));
				sep = 1;
			}
	} else if (f->kind == AUDIT_INVALID) {
		invalid_reason(e, f->mask, why, sizeof(why));
		ADD("  %s", why);
	}
#undef ADD
}

/* The rows of one unit: its heading, then each kind's heading, findings
 * and hint. The months of a unit share one row. */
static void unit_rows(struct auditview *v, int unit, const char *name)
{
	size_t first, cnt = audit_unit_findings(&v->au, unit, &first);
	char buf[1024];
	int last = -1;

	if (!cnt) {
		snprintf(buf, sizeof(buf), _("【%s】未发现问题"), name);
		row_add(v, AR_UNIT, -1, buf);
		return;
	}
	snprintf(buf, sizeof(buf), _("【%s】发现 %zu 个问题"), name, cnt);
	row_add(v, AR_UNIT, -1, buf);
	for (size_t i = first; i < first + cnt; i++) {
		const struct audit_finding *f = &v->au.v[i];

		if ((int)f->kind != last) {
			row_add(v, AR_KIND, -1, audit_kind_heading(f->kind));
			last = (int)f->kind;
		}
		if (f->kind == AUDIT_EMPTY_MONTH) {
			size_t k, len = 0;
			buf[0] = '\0';
			for (k = i; k < first + cnt && v->au.v[k].kind == AUDIT_EMPTY_MONTH; k++)
				len += (size_t)snprintf(buf + len, len < sizeof(buf) ? sizeof(buf) - len : 0,
						"%s%s", k > i ? _("、") : "",
						_(report_month_names[v->au.v[k].month - 1]));
			row_add(v, AR_FINDING, (long)i, buf);
			i = k - 1;
		} else {
			finding_text(v, f, buf, sizeof(buf));
			row_add(v, AR_FINDING, (long)i, buf);
		}
		if (i + 1 == first + cnt || v->au.v[i + 1].kind != f->kind) {
			struct wrap_ctx w = { v, 1 };
			char hint[1024];

			snprintf(hint, sizeof(hint), _("怎样改：%s"), audit_kind_hint(f->kind));
			wrap_text(hint, COLS - 8 > 20 ? COLS - 8 : 20, hint_line, &w);
		}
	}
	row_add(v, AR_BLANK, -1, "");
}

static int selectable(const struct auditview *v, size_t i)
{
	return i < v->n && v->rows[i].kind == AR_FINDING;
}

/* Onto the nearest finding from the selected row, looking in direction
 * dir first; on the first finding, the headings above it show too. */
static void snap(struct auditview *v, int dir)
{
	long k, first = -1;

	for (k = (long)v->lb.sel; !selectable(v, v->lb.sel) && k >= 0 && (size_t)k < v->n; k += dir)
		if (selectable(v, (size_t)k))
			v->lb.sel = (size_t)k;
	for (k = (long)v->lb.sel; !selectable(v, v->lb.sel) && k >= 0 && (size_t)k < v->n; k -= dir)
		if (selectable(v, (size_t)k))
			v->lb.sel = (size_t)k;
	for (k = 0; (size_t)k < v->n && first < 0; k++)
		if (selectable(v, (size_t)k))
			first = k;
	if (first >= 0 && v->lb.sel == (size_t)first)
		v->lb.top = 0;
}

static void build(struct auditview *v)
{
	const struct report *r = &v->au.rep;
	long keep = selectable(v, v->lb.sel) ? v->rows[v->lb.sel].finding : -1;
	size_t dummy;

	rows_free(v);
	v->built_cols = COLS;
	if (!v->have)
		return;
	if (v->own >= 0)
		unit_rows(v, v->own, r->units[v->own].name);
	for (size_t i = 0; i < r->n_units && (v->own < 0 || v->all_units); i++)
		if ((int)i != v->own)
			unit_rows(v, (int)i, r->units[i].name);
	if ((v->own < 0 || v->all_units) && audit_unit_findings(&v->au, -1, &dummy))
		unit_rows(v, -1, _("不属于任何已知单位的记录"));
	v->lb.n = v->n;
	v->lb.sel = 0;
	for (size_t i = 0; keep >= 0 && i < v->n; i++)
		if (v->rows[i].kind == AR_FINDING && v->rows[i].finding == keep)
			v->lb.sel = i;
	snap(v, 1);
	if (v->lb.height > 0) /* before the first draw the height is not known */
		listbox_clamp(&v->lb);
}

static int compute(struct auditview *v)
{
	struct ggw_error err = { 0, "" };
	const char *own = v->a->have_actor ? v->a->actor.unit : NULL;

	if (v->have)
		audit_free(&v->au);
	v->have = 0;
	v->own = -1;
	v->gen = v->a->led_gen;
	if (gitp_ref_tip(v->a->repo, "HEAD", v->head, NULL) < 0)
		v->head[0] = '\0';
	if (audit_compute(&v->a->led, v->year, 0, &v->au, &err) < 0) {
		app_status(v->a, 1, "%s", err.msg);
		build(v);
		return -1;
	}
	v->have = 1;
	for (size_t i = 0; own && strcmp(own, "office") && i < v->au.rep.n_units; i++)
		if (v->au.rep.units[i].key && !strcmp(v->au.rep.units[i].key, own))
			v->own = (int)i;
	build(v);
	return 0;
}

static void audit_row(struct listbox *lb, size_t i, int y, int x, int w, int sel, void *data)
{
	struct auditview *v = data;
	const struct arow *r = &v->rows[i];
	attr_t at = r->kind == AR_UNIT ? term.attr[R_HEAD] : r->kind == AR_KIND ? term.attr[R_LABEL]
		: r->kind == AR_HINT ? term.attr[R_DIM] : A_NORMAL;
	int indent = r->kind == AR_UNIT ? 0 : r->kind == AR_FINDING ? 4 : 2;

	(void)lb;
	if (sel && r->kind == AR_FINDING)
		at = term.attr[R_SEL];
	draw_fill(y, x, w, A_NORMAL);
	draw_text(y, x + indent, r->text, w - indent, at, sel && r->kind == AR_FINDING ? DRAW_PAD : 0);
}

static void audit_draw(void *st)
{
	struct auditview *v = st;
	char title[128], sum[256];

	if (v->built_cols != COLS)
		build(v);
	erase();
	snprintf(title, sizeof(title), _("留痕检查：%d年"), v->year);
	draw_title(title, screen_name(SCR_AUDIT));
	if (!v->have)
		snprintf(sum, sizeof(sum), "%s", _("无法检查这一年"));
	else if (v->own >= 0 && !v->all_units)
		snprintf(sum, sizeof(sum), _("只看本单位（全街道共 %zu 个问题，按 f 看全部单位）"), v->au.n);
	else
		snprintf(sum, sizeof(sum), _("全街道共 %zu 个问题"), v->au.n);
	draw_text(1, 0, sum, COLS, term.attr[R_LABEL], DRAW_PAD);
	v->lb.draw_row = audit_row;
	v->lb.data = v;
	listbox_draw(&v->lb, 2, 0, LINES - 4, COLS);
}

static void audit_status(void *st, int y)
{
	(void)st;
	draw_text(y, 0, _("Enter 打开这条记录　e 编辑　← → 换年份　i 按编号找"), COLS, term.attr[R_DIM],
		  DRAW_PAD);
}

static int audit_key(void *st, int key)
{
	struct auditview *v = st;
	size_t before = v->lb.sel;

	if (!listbox_key(&v->lb, key))
		return SCREEN_PASS;
	snap(v, v->lb.sel >= before ? 1 : -1);
	listbox_clamp(&v->lb);
	return SCREEN_STAY;
}

/* After a screen run from here: the ledger changed (HEAD moved: read it
 * again), or that screen read it again; then the findings are made anew. */
static void reread(struct auditview *v)
{
	git_hex now = "";

	if (gitp_ref_tip(v->a->repo, "HEAD", now, NULL) == 0 && strcmp(now, v->head))
		app_reload(v->a);
	if (v->gen != v->a->led_gen)
		compute(v);
}

/* Enter (open) or e (edit) on the selected finding. */
static void on_finding(struct auditview *v, int act)
{
	const struct audit_finding *f;
	const struct entry *e;
	char id[64];

	if (!selectable(v, v->lb.sel))
		return;
	f = &v->au.v[v->rows[v->lb.sel].finding];
	if (f->entry < 0) { /* a month, the sessions: the unit's activities of the year */
		char unit[64];
		if (f->unit < 0 || !v->au.rep.units[f->unit].key)
			return;
		snprintf(unit, sizeof(unit), "%s", v->au.rep.units[f->unit].key);
		if (act == A_OPEN) {
			screen_list_unit(v->a, unit, v->year);
			reread(v);
		}
		return;
	}
	e = &v->a->led.v[f->entry];
	if (!e->valid || !e->id) {
		message_box(_("无法读取的记录"), e->error ? e->error : e->path);
		return;
	}
	snprintf(id, sizeof(id), "%s", e->id);
	if (act == A_OPEN)
		screen_record(v->a, id);
	else
		screen_form(v->a, e->type, id);
	reread(v);
}

static int audit_action(void *st, int act, int key)
{
	struct auditview *v = st;

	(void)key;
	switch (act) {
	case A_PREVYEAR:
	case A_NEXTYEAR:
		v->year += act == A_NEXTYEAR ? 1 : -1;
		v->lb.sel = v->lb.top = 0;
		compute(v);
		break;
	case A_UNITS:
		if (v->own < 0) {
			app_status(v->a, 0, "%s", _("街道办公室的电脑看的是全部单位"));
			break;
		}
		v->all_units = !v->all_units;
		build(v);
		break;
	case A_OPEN:
	case A_EDIT:
		on_finding(v, act);
		break;
	case A_GOTO:
		screen_goto(v->a);
		reread(v);
		break;
	default:
		return SCREEN_PASS;
	}
	return SCREEN_STAY;
}

static const struct screen_ops audit_ops = {
	.id = SCR_AUDIT, .ok_role = R_NORMAL, .warn_role = R_WARN, .draw = audit_draw,
	.status = audit_status, .key = audit_key, .action = audit_action,
};

void screen_audit(struct app *a, int year)
{
	struct auditview v;

	memset(&v, 0, sizeof(v));
	v.a = a;
	if (!a->led_loaded) {
		app_status(a, 1, "%s", _("台账还没有读入"));
		return;
	}
	v.year = year ? year : a->year ? a->year : report_today() / 10000;
	compute(&v);
	screen_run(a, &audit_ops, &v);
	rows_free(&v);
	free(v.rows);
	if (v.have)
		audit_free(&v.au);
}
