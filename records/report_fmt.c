/* Printing a struct report: the figures are turned into tables of text
 * cells once, then each format (text, Markdown, CSV, HTML) prints the same
 * tables. Nothing is counted here. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/fields_more.h"
#include "../model/i18n.h"
#include "../model/text.h"
#include "output.h"
#include "report.h"

enum row_flag { ROW_PLAIN, ROW_TOTAL, ROW_SHORT };

#define MAX_COLS 12

struct table {
	const char *title;          /* translated */
	const char *note;           /* translated, may be NULL */
	size_t ncols, nrows, cap;
	const char *head[MAX_COLS]; /* translated */
	unsigned char num[MAX_COLS];/* right-aligned (numbers) */
	char **cells;               /* nrows * ncols, malloc'd */
	unsigned char *flags;       /* per row */
	int chart;                  /* HTML: column drawn as bars, -1 none */
	int chart_rows;             /* rows charted (the total row is not) */
};

struct tables {
	struct table *v;
	size_t n;
	int oom;
	char sessions_title[192];   /* names the minimum of rules.yaml */
	char committees_note[768];  /* the committees by kind */
};

int report_format_from_key(const char *key)
{
	static const char *const keys[] = { "text", "md", "csv", "html" };

	for (int i = 0; i < 4; i++)
		if (key && !strcmp(key, keys[i]))
			return i;
	return -1;
}

static struct table *table_new(struct tables *ts, const char *title, int chart)
{
	struct table *nv = realloc(ts->v, (ts->n + 1) * sizeof(*nv));

	if (!nv) {
		ts->oom = 1;
		return NULL;
	}
	ts->v = nv;
	memset(&nv[ts->n], 0, sizeof(nv[ts->n]));
	nv[ts->n].title = title;
	nv[ts->n].chart = chart;
	return &nv[ts->n++];
}

static void table_col(struct table *t, const char *head, int num)
{
	if (t && t->ncols < MAX_COLS) {
		t->head[t->ncols] = head;
		t->num[t->ncols] = (unsigned char)num;
		t->ncols++;
	}
}

/* Append a row (NULL when out of memory); cells are filled with cell(). */
static char **table_row(struct tables *ts, struct table *t, enum row_flag flag)
{
	if (!t)
		return NULL;
	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		char **nc = realloc(t->cells, ncap * t->ncols * sizeof(*nc));
		unsigned char *nf;

		if (!nc) {
			ts->oom = 1;
			return NULL;
		}
		t->cells = nc;
		nf = realloc(t->flags, ncap);
		if (!nf) {
			ts->oom = 1;
			return NULL;
		}
		t->flags = nf;
		t->cap = ncap;
	}
	t->flags[t->nrows] = (unsigned char)flag;
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(char *));
	if (flag != ROW_TOTAL)
		t->chart_rows = (int)t->nrows + 1;
	return &t->cells[t->nrows++ * t->ncols];
}

static void cell(struct tables *ts, char **row, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void cell(struct tables *ts, char **row, size_t col, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	if (!row)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		s = NULL;
		ts->oom = 1;
	}
	va_end(ap);
	row[col] = s;
}

static const char *cell_text(const struct table *t, size_t r, size_t c)
{
	const char *s = t->cells[r * t->ncols + c];

	return s ? s : "";
}

static void tables_free(struct tables *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		struct table *t = &ts->v[i];

		for (size_t k = 0; k < t->nrows * t->ncols; k++)
			free(t->cells[k]);
		free(t->cells);
		free(t->flags);
	}
	free(ts->v);
}

/* "83.3%" of part/whole, "—" when whole is 0. */
static void cell_pct(struct tables *ts, char **row, size_t col, long part, long whole)
{
	if (whole > 0)
		cell(ts, row, col, "%.1f%%", 100.0 * (double)part / (double)whole);
	else
		cell(ts, row, col, "—");
}

static void overall_row(struct tables *ts, struct table *t, const char *label,
			long cur, long prev)
{
	char **row = table_row(ts, t, ROW_PLAIN);

	cell(ts, row, 0, "%s", label);
	cell(ts, row, 1, "%ld", cur);
	cell(ts, row, 2, "%ld", prev);
	if (cur == prev)
		cell(ts, row, 3, "0");
	else
		cell(ts, row, 3, "%+ld", cur - prev);
	/* "+12.5%" / "-3.0%"; no percent against 0 */
	if (prev > 0)
		cell(ts, row, 4, "%+.1f%%", 100.0 * (double)(cur - prev) / (double)prev);
	else
		cell(ts, row, 4, "—");
}

static void single_row(struct tables *ts, struct table *t, const char *label, long v)
{
	char **row = table_row(ts, t, ROW_PLAIN);

	cell(ts, row, 0, "%s", label);
	cell(ts, row, 1, "%ld", v);
	cell(ts, row, 2, "%s", "");
	cell(ts, row, 3, "%s", "");
	cell(ts, row, 4, "%s", "");
}

static void counts_cols(struct table *t, const char *first)
{
	table_col(t, first, 0);
	table_col(t, _("活动次数"), 1);
	table_col(t, _("青少年人次"), 1);
	table_col(t, _("成人人次"), 1);
}

static char **counts_row(struct tables *ts, struct table *t, const char *label,
			 const struct report_counts *c, enum row_flag flag)
{
	char **row = table_row(ts, t, flag);

	cell(ts, row, 0, "%s", label);
	cell(ts, row, 1, "%ld", c->activities);
	cell(ts, row, 2, "%ld", c->youth);
	cell(ts, row, 3, "%ld", c->adults);
	return row;
}

/* 6. Sessions against the district's minimum. */
static void sessions_table(const struct report *r, struct tables *ts)
{
	const long min_sessions = report_rules(r)->min_sessions;
	struct table *t;
	char **row;
	size_t i;

	snprintf(ts->sessions_title, sizeof(ts->sessions_title), _("六、学习培训会议（每年不少于 %ld 次）"),
		 min_sessions);
	t = table_new(ts, ts->sessions_title, -1);
	table_col(t, _("单位"), 0);
	table_col(t, _("次数"), 1);
	table_col(t, _("最低要求"), 1);
	table_col(t, _("差额"), 1);
	table_col(t, _("情况"), 0);
	for (i = 0; i < r->n_units; i++) {
		const struct report_unit *u = &r->units[i];
		int short_by = u->sessions < min_sessions;

		if (!u->key)
			continue;
		row = table_row(ts, t, short_by ? ROW_SHORT : ROW_PLAIN);
		cell(ts, row, 0, "%s", u->name);
		cell(ts, row, 1, "%ld", u->sessions);
		cell(ts, row, 2, "%ld", min_sessions);
		cell(ts, row, 3, "%ld", short_by ? min_sessions - u->sessions : 0);
		cell(ts, row, 4, "%s", short_by ? _("未达标") : _("达标"));
	}

}

/* 7. 五老 by group, 8. publicity by level. */
static void groups_publicity_tables(const struct report *r, struct tables *ts)
{
	struct table *t;
	char **row;
	size_t i;

	/* 7. 五老 by group. */
	t = table_new(ts, _("七、五老队伍"), -1);
	table_col(t, _("类别"), 0);
	table_col(t, _("在册人数"), 1);
	table_col(t, _("其中活跃"), 1);
	table_col(t, _("参与活动次数"), 1);
	if (t)
		t->note = _("参与活动次数：活动的志愿者名单中有该类五老的活动数，每个活动每类只计一次；合计行为有五老参与的活动数。");
	for (i = 0; i < r->n_groups; i++) {
		row = table_row(ts, t, ROW_PLAIN);
		cell(ts, row, 0, "%s", _(enum_group[i].label));
		cell(ts, row, 1, "%ld", r->by_group[i].volunteers);
		cell(ts, row, 2, "%ld", r->by_group[i].active);
		cell(ts, row, 3, "%ld", r->by_group[i].activities);
	}
	row = table_row(ts, t, ROW_TOTAL);
	cell(ts, row, 0, "%s", _("合计"));
	cell(ts, row, 1, "%ld", r->groups_total.volunteers);
	cell(ts, row, 2, "%ld", r->groups_total.active);
	cell(ts, row, 3, "%ld", r->groups_total.activities);

	/* 8. Publicity by level. */
	t = table_new(ts, _("八、宣传报道（篇）"), -1);
	table_col(t, _("单位"), 0);
	for (i = 0; i < LEVEL_COUNT; i++)
		table_col(t, _(enum_level[i].label), 1);
	table_col(t, _("合计"), 1);
	for (i = 0; i <= r->n_units; i++) {
		const long *p = i < r->n_units ? r->units[i].publicity : r->publicity;

		row = table_row(ts, t, i < r->n_units ? ROW_PLAIN : ROW_TOTAL);
		cell(ts, row, 0, "%s", i < r->n_units ? r->units[i].name : _("合计"));
		for (int k = 0; k < LEVEL_COUNT; k++)
			cell(ts, row, 1 + (size_t)k, "%ld", p[k]);
		cell(ts, row, 1 + LEVEL_COUNT, "%ld",
		     i < r->n_units ? r->units[i].publicity_total : r->cur.publicity);
	}
}

/* 9. 五有 completeness. */
static void five_have_table(const struct report *r, struct tables *ts)
{
	struct table *t;
	char **row;
	size_t i;

	t = table_new(ts, _("九、五有完整情况"), -1);
	table_col(t, _("单位"), 0);
	table_col(t, _("活动次数"), 1);
	table_col(t, _("五有齐全"), 1);
	table_col(t, _("齐全率"), 1);
	for (i = 0; i < FIVE_HAVE_COUNT; i++) {
		static const char *const heads[FIVE_HAVE_COUNT] = {
			N_("缺计划"), N_("缺分工"), N_("缺实施"), N_("缺表彰"), N_("缺总结")
		};
		table_col(t, _(heads[i]), 1);
	}
	table_col(t, _("最常缺"), 0);
	for (i = 0; i <= r->n_units; i++) {
		int last = i == r->n_units;
		long acts = last ? r->cur.activities : r->units[i].total.activities;
		long complete = last ? r->five_complete : r->units[i].five_complete;
		const long *miss = last ? r->five_missing : r->units[i].five_missing;
		int most = report_most_missing(miss);

		row = table_row(ts, t, last ? ROW_TOTAL : ROW_PLAIN);
		cell(ts, row, 0, "%s", last ? _("合计") : r->units[i].name);
		cell(ts, row, 1, "%ld", acts);
		cell(ts, row, 2, "%ld", complete);
		cell_pct(ts, row, 3, complete, acts);
		for (int k = 0; k < FIVE_HAVE_COUNT; k++)
			cell(ts, row, 4 + (size_t)k, "%ld", miss[k]);
		cell(ts, row, 4 + FIVE_HAVE_COUNT, "%s",
		     most >= 0 ? _(report_five_have_short[most]) : "—");
	}
}

/* 10.-19. The sections of the record types of records-more.md: one row
 * per unit and a total row, the columns read from struct report_more by
 * this table. */
enum more_col_kind {
	MC_COUNT,     /* a long */
	MC_MONEY,     /* a long of fen, shown as yuan "2000.00" */
	MC_ENUM,      /* an array of longs: one column per item of items */
	MC_ENUM_MONEY /* the same, of fen */
};

struct more_col {
	const char *head;   /* N_(); MC_ENUM: NULL (the items' labels) */
	size_t off;         /* offsetof(struct report_more, ...) */
	enum more_col_kind kind;
	const struct enum_item *items;
};

#define MORE_COLS 8
struct more_section {
	const char *title, *note; /* N_() */
	int unit_kind;            /* a column with the unit's kind */
	struct more_col cols[MORE_COLS];
};

#define MC(h, f) { h, offsetof(struct report_more, f), MC_COUNT, NULL }
#define MCE(f, it) { NULL, offsetof(struct report_more, f), MC_ENUM, it }

static const struct more_section more_sections[] = {
	{ N_("十、组织机构（在任成员）"),
	  N_("在任：统计日（当年为制表日，往年为 12 月 31 日）在任的组织成员；执行主任是五老：常务副主任/执行主任的记录写了五老编号。"),
	  1, { MCE(members, enum_member_role), MC(N_("成员合计"), members_total),
	       MC(N_("执行主任是五老"), executive_five_old) } },
	{ N_("十一、五老队伍（按单位、类别）"), N_("骨干：五老记录标为骨干（backbone）。"), 0,
	  { MCE(volunteers_by_group, enum_group), MC(N_("合计"), volunteers), MC(N_("骨干"), backbone) } },
	{ N_("十二、五老工作队伍"), N_("队员：各队伍名单中的五老人数之和。"), 0,
	  { MCE(teams, enum_team_kind), MC(N_("队伍数"), teams_total), MC(N_("队员"), team_members) } },
	{ N_("十三、关爱帮扶对象（按编号，不含姓名）"),
	  N_("本年在帮扶的对象；结对：结对了五老；联系次数：本年引用该对象编号的活动次数。"), 0,
	  { MCE(cases, enum_case_type), MC(N_("合计"), cases_total), MC(N_("结对"), cases_paired),
	    MC(N_("联系次数"), case_contacts) } },
	{ N_("十四、帮教"), N_("类别为“帮教”的关爱对象。"), 0,
	  { MC(N_("在帮教"), guidance), MC(N_("本年新增"), guidance_opened),
	    MC(N_("本年结案"), guidance_closed), MC(N_("结对五老"), guidance_paired),
	    MC(N_("帮教活动"), guidance_contacts) } },
	{ N_("十五、经费（元）"), N_("按经费记录的日期计入年度；资助人数为经费记录的资助人数之和。"), 0,
	  { { NULL, offsetof(struct report_more, money), MC_ENUM_MONEY, enum_fund_kind },
	    MC(N_("资助青少年（人）"), aided) } },
	{ N_("十六、阵地"), N_("辅导站活动：本年在校外教育辅导站开展的活动（活动记录写了阵地）。"), 0,
	  { MCE(sites, enum_site_kind), MC(N_("挂牌"), sites_signed),
	    MC(N_("辅导站活动"), station_activities) } },
	{ N_("十七、表彰"), NULL, 0, { MCE(awards, enum_award_level), MC(N_("合计"), awards_total) } },
	{ N_("十八、年度文件与信息报送"), N_("信息被采用：信息报送记录写了采用情况。"), 0,
	  { MCE(documents, enum_document_kind), MC(N_("信息被采用"), information_adopted) } },
	{ N_("十九、网吧义务监督与护苗"), N_("本年填写了巡查情况的活动。"), 0,
	  { MC(N_("巡查活动"), patrols), MC(N_("检查场所"), venues_checked),
	    MC(N_("劝离未成年人次"), minors_advised), MC(N_("移交有关部门"), referred) } },
};

static const long *more_field(const struct report_more *m, size_t off)
{
	return (const long *)((const char *)m + off);
}

static void more_cells(struct tables *ts, const struct table *t, char **row, size_t *col,
		       const struct more_col *mc, const struct report_more *m)
{
	const long *v = more_field(m, mc->off);
	size_t n = mc->items ? enum_count(mc->items) : 1;

	/* never past the columns the table has (MAX_COLS) */
	for (size_t k = 0; k < n && t && *col < t->ncols; k++) {
		if (mc->kind == MC_MONEY || mc->kind == MC_ENUM_MONEY)
			cell(ts, row, (*col)++, "%ld.%02ld", v[k] / 100, v[k] % 100);
		else
			cell(ts, row, (*col)++, "%ld", v[k]);
	}
}

static const char *unit_kind_label(const char *key)
{
	int i = key ? enum_index(enum_unit_kind, key) : -1;

	return i >= 0 ? _(enum_unit_kind[i].label) : "";
}

/* "关工委 12 个：街道 1 个、村 7 个、社区 4 个。" (the committees by kind),
 * then the section's own note. */
static void committees_note(const struct report *r, const char *note, char *buf, size_t len)
{
	size_t used, n = 0;
	int first = 1;

	for (size_t i = 0; i < r->n_units; i++)
		n += r->units[i].key != NULL;
	used = (size_t)snprintf(buf, len, _("关工委 %zu 个"), n);
	for (size_t k = 0; enum_unit_kind[k].key && used < len; k++) {
		size_t c = 0;

		for (size_t i = 0; i < r->n_units; i++)
			c += r->units[i].key && r->units[i].kind &&
			     !strcmp(r->units[i].kind, enum_unit_kind[k].key);
		if (c)
			used += (size_t)snprintf(buf + used, len - used, _("%s%s %zu 个"),
						 first ? _("：") : _("、"), _(enum_unit_kind[k].label), c);
		first &= !c;
	}
	if (used < len)
		snprintf(buf + used, len - used, _("。%s"), note);
}

static int more_col_end(const struct more_col *mc)
{
	return !mc->head && !mc->items;
}

static void more_table(const struct report *r, struct tables *ts, const struct more_section *s)
{
	struct table *t = table_new(ts, _(s->title), -1);
	char **row;

	table_col(t, _("单位"), 0);
	if (s->unit_kind)
		table_col(t, _("类型"), 0);
	for (const struct more_col *mc = s->cols; mc < s->cols + MORE_COLS && !more_col_end(mc); mc++) {
		if (mc->items)
			for (size_t k = 0; mc->items[k].key; k++)
				table_col(t, _(mc->items[k].label), 1);
		else
			table_col(t, _(mc->head), 1);
	}
	if (t && s->note && s->unit_kind) {
		committees_note(r, _(s->note), ts->committees_note, sizeof(ts->committees_note));
		t->note = ts->committees_note;
	} else if (t && s->note)
		t->note = _(s->note);
	for (size_t i = 0; i <= r->n_units; i++) {
		const struct report_unit *u = i < r->n_units ? &r->units[i] : NULL;
		size_t col = 0;

		if (u && !u->key)
			continue; /* records of units not in units.yaml are not counted */
		row = table_row(ts, t, u ? ROW_PLAIN : ROW_TOTAL);
		cell(ts, row, col++, "%s", u ? u->name : _("合计"));
		if (s->unit_kind)
			cell(ts, row, col++, "%s", u ? unit_kind_label(u->kind) : "");
		for (const struct more_col *mc = s->cols; mc < s->cols + MORE_COLS && !more_col_end(mc); mc++)
			more_cells(ts, t, row, &col, mc, u ? &u->more : &r->more);
	}
}

static void more_tables(const struct report *r, struct tables *ts)
{
	if (!r->keeps_more)
		return;
	for (size_t i = 0; i < sizeof(more_sections) / sizeof(more_sections[0]); i++)
		more_table(r, ts, &more_sections[i]);
}

static void build_tables(const struct report *r, struct tables *ts)
{
	struct table *t;
	struct report_counts total = { r->cur.activities, r->cur.youth, r->cur.adults };
	char **row;
	size_t i;

	/* 1. Overview, against the previous year. */
	t = table_new(ts, _("一、总体情况"), -1);
	table_col(t, _("指标"), 0);
	table_col(t, _("本年"), 1);
	table_col(t, _("上年"), 1);
	table_col(t, _("增减"), 1);
	table_col(t, _("增减率"), 1);
	overall_row(ts, t, _("活动次数"), r->cur.activities, r->prev.activities);
	overall_row(ts, t, _("青少年人次"), r->cur.youth, r->prev.youth);
	overall_row(ts, t, _("成人人次"), r->cur.adults, r->prev.adults);
	overall_row(ts, t, _("大型宣讲活动"), r->cur.lectures, r->prev.lectures);
	overall_row(ts, t, _("学习培训会议"), r->cur.sessions, r->prev.sessions);
	overall_row(ts, t, _("宣传报道篇数"), r->cur.publicity, r->prev.publicity);
	single_row(ts, t, _("五老志愿者（在册）"), r->groups_total.volunteers);
	single_row(ts, t, _("其中活跃"), r->groups_total.active);
	single_row(ts, t, _("五有齐全的活动"), r->five_complete);
	single_row(ts, t, _("有冲突待解决的记录"), r->conflicts);
	single_row(ts, t, _("未通过检查的记录（未计入）"), r->n_invalid);

	/* 2. By unit. */
	t = table_new(ts, _("二、各单位活动情况"), 1);
	counts_cols(t, _("单位"));
	table_col(t, _("宣讲活动"), 1);
	for (i = 0; i < r->n_units; i++) {
		row = counts_row(ts, t, r->units[i].name, &r->units[i].total, ROW_PLAIN);
		cell(ts, row, 4, "%ld", r->units[i].lectures);
	}
	row = counts_row(ts, t, _("合计"), &total, ROW_TOTAL);
	cell(ts, row, 4, "%ld", r->cur.lectures);

	/* 3. By category. */
	t = table_new(ts, _("三、按活动主题"), 2);
	counts_cols(t, _("主题"));
	for (i = 0; i < r->n_categories; i++)
		counts_row(ts, t, _(enum_category[i].label), &r->by_category[i], ROW_PLAIN);
	counts_row(ts, t, _("合计"), &total, ROW_TOTAL);

	/* 4. By form. */
	t = table_new(ts, _("四、按活动形式"), 1);
	counts_cols(t, _("形式"));
	for (i = 0; i < r->n_forms; i++)
		counts_row(ts, t, _(enum_form[i].label), &r->by_form[i], ROW_PLAIN);
	counts_row(ts, t, _("合计"), &total, ROW_TOTAL);

	/* 5. By month. */
	t = table_new(ts, _("五、按月份"), 1);
	counts_cols(t, _("月份"));
	for (i = 0; i < 12; i++)
		counts_row(ts, t, _(report_month_names[i]), &r->by_month[i], ROW_PLAIN);
	counts_row(ts, t, _("合计"), &total, ROW_TOTAL);

	sessions_table(r, ts);
	groups_publicity_tables(r, ts);
	five_have_table(r, ts);
	more_tables(r, ts);
}

/* ---- shared text ---- */

static char *title_text(const struct report *r)
{
	char *s = NULL;
	/* one unit's report carries that unit's own name */
	const char *who = r->unit_filter && r->n_units ? r->units[0].name : r->street;

	if (asprintf(&s, _("%s关心下一代工作年度统计报表（%d年）"), who, r->year) < 0)
		return NULL;
	return s;
}

static char *scope_text(const struct report *r)
{
	char *s = NULL;
	const char *scope = _("全部单位");

	if (r->unit_filter && r->n_units)
		scope = r->units[0].name;
	if (asprintf(&s, _("统计范围：%s　　统计期间：%d年1月1日至12月31日　　制表日期：%04d-%02d-%02d"),
		     scope, r->year, r->today / 10000, r->today / 100 % 100, r->today % 100) < 0)
		return NULL;
	return s;
}

static char *summary_text(const struct report *r)
{
	char *s = NULL;

	if (asprintf(&s, _("全年开展活动 %ld 次，青少年参与 %ld 人次，成人 %ld 人次；其中大型宣讲活动 %ld 次，学习培训会议 %ld 次，宣传报道 %ld 篇。"),
		     r->cur.activities, r->cur.youth, r->cur.adults, r->cur.lectures,
		     r->cur.sessions, r->cur.publicity) < 0)
		return NULL;
	return s;
}

static char *invalid_text(const struct report *r)
{
	char *s = NULL;

	if (!r->n_invalid)
		return NULL;
	if (asprintf(&s, _("另有 %ld 条记录未通过检查，未计入统计；用 ggw audit 或 ggw check 查看。"),
		     r->n_invalid) < 0)
		return NULL;
	return s;
}

/* ---- text ---- */

static void pad_right(FILE *f, const char *s, size_t cols)
{
	size_t w = text_width(s);

	for (; w < cols; w++)
		fputc(' ', f);
	fputs(s, f);
}

static void print_text_table(FILE *f, const struct table *t)
{
	size_t w[MAX_COLS], total = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = text_width(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = text_width(cell_text(t, r, c));

			if (cw > w[c])
				w[c] = cw;
		}
		total += w[c] + (c ? 2 : 0);
	}
	fprintf(f, "\n%s\n", t->title);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			fputs("  ", f);
		if (t->num[c])
			pad_right(f, t->head[c], w[c]);
		else if (c + 1 < t->ncols)
			text_pad(f, t->head[c], w[c]);
		else
			fputs(t->head[c], f);
	}
	fputc('\n', f);
	for (size_t k = 0; k < total; k++)
		fputc('-', f);
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		size_t last = t->ncols;

		/* no trailing blanks: stop after the last non-empty cell */
		while (last > 1 && !*cell_text(t, r, last - 1))
			last--;
		for (size_t c = 0; c < last; c++) {
			if (c)
				fputs("  ", f);
			if (t->num[c])
				pad_right(f, cell_text(t, r, c), w[c]);
			else if (c + 1 < last)
				text_pad(f, cell_text(t, r, c), w[c]);
			else
				fputs(cell_text(t, r, c), f);
		}
		if (t->flags[r] == ROW_SHORT)
			fputs(" !", f);
		fputc('\n', f);
	}
	if (t->note)
		fprintf(f, "%s\n", t->note);
}

static void print_text(FILE *f, const struct report *r, const struct tables *ts,
		       const char *title, const char *scope, const char *summary,
		       const char *invalid)
{
	fprintf(f, "%s\n%s\n\n%s\n", title, scope, summary);
	if (invalid)
		fprintf(f, "%s\n", invalid);
	for (size_t i = 0; i < ts->n; i++)
		print_text_table(f, &ts->v[i]);
	(void)r;
}

/* ---- The head of a marked-up report (Markdown, HTML) ---- */

typedef void (*escape_fn)(FILE *f, const char *s);

/* What goes around the title, the scope line, the summary and a note (the
 * invalid-records line, a table's note), in that order. */
struct head_markup {
	const char *open[4], *close[4];
};

enum { HEAD_TITLE, HEAD_SCOPE, HEAD_SUMMARY, HEAD_NOTE };

static void put_wrapped(FILE *f, escape_fn escape, const char *open, const char *s,
			const char *close)
{
	fputs(open, f);
	escape(f, s);
	fputs(close, f);
}

static void print_head(FILE *f, escape_fn escape, const struct head_markup *m,
		       const char *title, const char *scope, const char *summary,
		       const char *invalid)
{
	const char *text[4] = { title, scope, summary, invalid };

	for (int i = HEAD_TITLE; i <= HEAD_NOTE; i++)
		if (text[i])
			put_wrapped(f, escape, m->open[i], text[i], m->close[i]);
}

/* ---- Markdown ---- */

static void md_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\' || *s == '*' || *s == '_')
			fputc('\\', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
}

static const struct head_markup md_head = {
	{ "# ", "", "", "\n" }, { "\n\n", "\n\n", "\n", "\n" }
};

static void print_md(FILE *f, const struct tables *ts, const char *title,
		     const char *scope, const char *summary, const char *invalid)
{
	print_head(f, md_escape, &md_head, title, scope, summary, invalid);
	for (size_t i = 0; i < ts->n; i++) {
		const struct table *t = &ts->v[i];

		fputs("\n## ", f);
		md_escape(f, t->title);
		fputs("\n\n|", f);
		for (size_t c = 0; c < t->ncols; c++) {
			fputc(' ', f);
			md_escape(f, t->head[c]);
			fputs(" |", f);
		}
		fputs("\n|", f);
		for (size_t c = 0; c < t->ncols; c++)
			fputs(t->num[c] ? " ---: |" : " --- |", f);
		fputc('\n', f);
		for (size_t r = 0; r < t->nrows; r++) {
			fputc('|', f);
			for (size_t c = 0; c < t->ncols; c++) {
				const char *s = cell_text(t, r, c);

				fputc(' ', f);
				if (t->flags[r] != ROW_PLAIN && *s)
					fputs("**", f);
				md_escape(f, s);
				if (t->flags[r] != ROW_PLAIN && *s)
					fputs("**", f);
				fputs(" |", f);
			}
			fputc('\n', f);
		}
		if (t->note)
			put_wrapped(f, md_escape, md_head.open[HEAD_NOTE], t->note,
				    md_head.close[HEAD_NOTE]);
	}
}

/* ---- CSV (RFC 4180) ---- */

static void print_csv(FILE *f, const struct tables *ts, int excel, const char *title,
		      const char *scope, const char *summary, const char *invalid)
{
	if (excel)
		fputs("\xEF\xBB\xBF", f);
	csv_field_excel(f, title);
	fputs("\r\n", f);
	csv_field_excel(f, scope);
	fputs("\r\n", f);
	csv_field_excel(f, summary);
	fputs("\r\n", f);
	if (invalid) {
		csv_field_excel(f, invalid);
		fputs("\r\n", f);
	}
	for (size_t i = 0; i < ts->n; i++) {
		const struct table *t = &ts->v[i];

		fputs("\r\n", f);
		csv_field_excel(f, t->title);
		fputs("\r\n", f);
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', f);
			csv_field_excel(f, t->head[c]);
		}
		fputs("\r\n", f);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				if (c)
					fputc(',', f);
				csv_field_excel(f, cell_text(t, r, c));
			}
			fputs("\r\n", f);
		}
	}
}

/* ---- HTML: one printable, self-contained page ---- */

static void html_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			/* XML 1.0 forbids most control characters */
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc(' ', f);
			else
				fputc(*s, f);
		}
	}
}

/* Print layout: tables flow across pages with their headers repeated and
 * no row split; only a heading stays with what follows and a small table
 * (SMALL_TABLE_ROWS rows) stays whole, so small tables share a page. */
#define SMALL_TABLE_ROWS 16
static const char html_style[] =
	"@page { size: A4; margin: 14mm 12mm 16mm; }\n"
	"body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"SimSun\", sans-serif;\n"
	"       font-size: 10pt; color: #000; background: #fff; max-width: 186mm; margin: 0 auto; }\n"
	"h1 { font-size: 16pt; text-align: center; margin: 0 0 4pt; }\n"
	"p.meta { text-align: center; font-size: 9pt; color: #333; margin: 0 0 6pt; }\n"
	"p.summary { font-size: 10.5pt; line-height: 1.5; margin: 4pt 0; }\n"
	"p.note { font-size: 9pt; color: #333; margin: 2pt 0; }\n"
	"h2 { font-size: 11.5pt; border-bottom: 1px solid #666; margin: 10pt 0 3pt;\n"
	"     page-break-after: avoid; break-after: avoid; }\n"
	"section.small { page-break-inside: avoid; break-inside: avoid; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 3pt 0; }\n"
	"thead { display: table-header-group; }\n"
	"tr, svg, div.signoff { page-break-inside: avoid; break-inside: avoid; }\n"
	"th, td { border: 1px solid #777; padding: 1.5pt 4pt; }\n"
	"th { background: #e8e8e8; font-weight: bold; }\n"
	"td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n"
	"tr.total td { font-weight: bold; background: #f4f4f4; }\n"
	"tr.short td { color: #b00000; font-weight: bold; }\n"
	"svg { display: block; margin: 3pt 0 2pt; }\n"
	"svg text { font-size: 12px; fill: #000; }\n"
	"svg rect { fill: #4a78b0; }\n"
	"div.signoff { margin-top: 16pt; font-size: 10.5pt; line-height: 2.4; }\n"
	"div.signoff span { display: inline-block; width: 48%; }\n"
	"div.signoff span.wide { width: 96%; }\n";

static long cell_number(const struct table *t, size_t r, size_t c)
{
	return strtol(cell_text(t, r, c), NULL, 10);
}

/* Horizontal bars of column t->chart, one per (non-total) row, drawn to
 * the page's width (186 mm) so that 12 units of text print at about 9 pt. */
static void html_chart(FILE *f, const struct table *t)
{
	const int label_w = 190, bar_w = 420, row_h = 18, width = label_w + bar_w + 50;
	long max = 0;
	size_t rows = (size_t)t->chart_rows;
	int height;

	if (t->chart < 0 || rows == 0)
		return;
	height = (int)rows * row_h + 4;
	for (size_t r = 0; r < rows; r++)
		if (cell_number(t, r, (size_t)t->chart) > max)
			max = cell_number(t, r, (size_t)t->chart);
	fprintf(f, "<svg width=\"186mm\" height=\"%.1fmm\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
		186.0 * height / width, width, height);
	html_escape(f, t->title);
	fputs("\">\n", f);
	for (size_t r = 0; r < rows; r++) {
		long v = cell_number(t, r, (size_t)t->chart);
		int w = max > 0 ? (int)((double)bar_w * (double)v / (double)max + 0.5) : 0;
		int y = (int)r * row_h + 2;
		char label[128];

		text_fit(cell_text(t, r, 0), 30, label, sizeof(label));
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 4, y + 12);
		html_escape(f, label);
		fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
			"<text x=\"%d\" y=\"%d\">%ld</text>\n",
			label_w, y, w, row_h - 4, label_w + w + 3, y + 12, v);
	}
	fputs("</svg>\n", f);
}

static const struct head_markup html_head = {
	{ "<h1>", "<p class=\"meta\">", "<p class=\"summary\">", "<p class=\"note\">" },
	{ "</h1>\n", "</p>\n", "</p>\n", "</p>\n" }
};

const char *const report_signoff_labels[REPORT_SIGNOFF_COUNT] = {
	N_("填报单位（盖章）"), N_("负责人"), N_("填表人"), N_("联系电话"), N_("填报日期")
};

/* The stamp and signature lines a report handed upward ends with; the
 * page number in the bottom margin where the browser prints margin boxes. */
static void html_signoff(FILE *f)
{
	fputs("<div class=\"signoff\">\n", f);
	for (int i = 0; i < REPORT_SIGNOFF_COUNT; i++) {
		fputs(i == 0 ? "<span class=\"wide\">" : "<span>", f);
		html_escape(f, _(report_signoff_labels[i]));
		html_escape(f, _("："));
		if (i == REPORT_SIGNOFF_COUNT - 1)
			html_escape(f, _("　　　　年　　月　　日"));
		fputs("</span>\n", f);
	}
	fputs("</div>\n", f);
}

static void html_page_numbers(FILE *f)
{
	fputs("@page { @bottom-center { font-size: 9pt; content: ", f);
	/* TRANSLATORS: CSS: the page number in the bottom margin */
	fputs(_("\"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\""), f);
	fputs("; } }\n", f);
}

static void print_html(FILE *f, const struct tables *ts, const char *title,
		       const char *scope, const char *summary, const char *invalid)
{
	/* TRANSLATORS: the HTML lang attribute of the report's language */
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>",
		_("zh-CN"));
	html_escape(f, title);
	fprintf(f, "</title>\n<style>\n%s", html_style);
	html_page_numbers(f);
	fputs("</style>\n</head>\n<body>\n", f);
	print_head(f, html_escape, &html_head, title, scope, summary, invalid);
	for (size_t i = 0; i < ts->n; i++) {
		const struct table *t = &ts->v[i];

		fputs(t->nrows <= SMALL_TABLE_ROWS && t->chart < 0 ? "<section class=\"small\">\n<h2>"
								  : "<section>\n<h2>", f);
		html_escape(f, t->title);
		fputs("</h2>\n", f);
		html_chart(f, t);
		fputs("<table border=\"1\" cellspacing=\"0\">\n<thead><tr>", f);
		for (size_t c = 0; c < t->ncols; c++) {
			fputs(t->num[c] ? "<th class=\"n\">" : "<th>", f);
			html_escape(f, t->head[c]);
			fputs("</th>", f);
		}
		fputs("</tr></thead>\n<tbody>\n", f);
		for (size_t r = 0; r < t->nrows; r++) {
			fputs(t->flags[r] == ROW_TOTAL ? "<tr class=\"total\">" :
			      t->flags[r] == ROW_SHORT ? "<tr class=\"short\">" : "<tr>", f);
			for (size_t c = 0; c < t->ncols; c++) {
				fputs(t->num[c] ? "<td class=\"n\">" : "<td>", f);
				html_escape(f, cell_text(t, r, c));
				fputs("</td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</tbody>\n</table>\n", f);
		if (t->note)
			put_wrapped(f, html_escape, html_head.open[HEAD_NOTE], t->note,
				    html_head.close[HEAD_NOTE]);
		fputs("</section>\n", f);
	}
	html_signoff(f);
	fputs("</body>\n</html>\n", f);
}

int report_print(FILE *f, const struct report *r, const struct report_print_opts *o,
		 struct ggw_error *err)
{
	struct tables ts = { NULL, 0, 0, "", "" };
	char *title = title_text(r), *scope = scope_text(r), *summary = summary_text(r);
	char *invalid = invalid_text(r);
	int rc = 0;

	build_tables(r, &ts);
	if (ts.oom || !title || !scope || !summary || (r->n_invalid && !invalid)) {
		rc = ggw_oom(err);
		goto done;
	}
	switch (o->format) {
	case REPORT_TEXT:
		print_text(f, r, &ts, title, scope, summary, invalid);
		break;
	case REPORT_MD:
		print_md(f, &ts, title, scope, summary, invalid);
		break;
	case REPORT_CSV:
		print_csv(f, &ts, o->excel, title, scope, summary, invalid);
		break;
	case REPORT_HTML:
		print_html(f, &ts, title, scope, summary, invalid);
		break;
	}
	if (fflush(f) != 0 || ferror(f))
		rc = ggw_fail(err, GGW_EIO, _("写出报表失败"));
done:
	tables_free(&ts);
	free(title);
	free(scope);
	free(summary);
	free(invalid);
	return rc;
}

/* ---- the tables for another printer (report.h: report_walk) ---- */

int report_walk(const struct report *r, const struct report_sink *sink, struct ggw_error *err)
{
	struct tables ts = { NULL, 0, 0, "", "" };
	char *title = title_text(r), *scope = scope_text(r), *summary = summary_text(r);
	char *invalid = invalid_text(r);
	int rc = 0;

	build_tables(r, &ts);
	if (ts.oom || !title || !scope || !summary || (r->n_invalid && !invalid)) {
		rc = ggw_oom(err);
		goto done;
	}
	if (sink->head)
		sink->head(sink->data, title, scope, summary, invalid);
	for (size_t i = 0; sink->table && i < ts.n; i++) {
		const struct table *t = &ts.v[i];
		struct report_table_view v = {
			t->title, t->note, t->ncols, t->nrows, t->head, t->num,
			(const char *const *)t->cells, t->flags, t->chart, t->chart_rows
		};

		sink->table(sink->data, &v);
	}
done:
	tables_free(&ts);
	free(title);
	free(scope);
	free(summary);
	free(invalid);
	return rc;
}
