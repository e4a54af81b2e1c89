/* The binder (see pdf_binder.h): the sections are the rows of `sections`;
 * each part of a section is a register (one table of a type's records),
 * sheets (one page or more per record), the year's session activities, the
 * publicity pieces or the annual report. */
#include "pdf_binder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/date.h"
#include "../model/fields_more.h"
#include "../model/i18n.h"
#include "../model/opts.h"
#include "../model/rectype.h"
#include "../records/output.h"
#include "../records/report.h"
#include "papers_util.h"
#include "pdf_evidence.h"
#include "pdf_report.h"
#include "pdf_sheet.h"

enum part_kind { PART_NONE, PART_REGISTER, PART_SHEETS, PART_SESSIONS, PART_PUBLICITY, PART_REPORT };

struct part {
	enum part_kind kind;
	int type;
	const char *doc_kinds; /* documents: the kinds, space-separated */
	const char *title;     /* N_() sub-heading, may be NULL */
	int up_to_year;        /* documents of this year and the years before
				  (rules stay in force) */
};

#define PARTS_MAX 3
struct section {
	const char *title; /* N_() */
	struct part parts[PARTS_MAX];
};

/* The order scoring sheets check a binder in (shared/domain/inspections.md). */
static const struct section sections[] = {
	{ N_("一、组织机构与阵地"),
	  { { PART_REGISTER, REC_MEMBER, NULL, N_("组织成员"), 0 },
	    { PART_REGISTER, REC_TEAM, NULL, N_("队伍"), 0 },
	    { PART_REGISTER, REC_SITE, NULL, N_("阵地"), 0 } } },
	{ N_("二、工作制度"), { { PART_SHEETS, REC_DOCUMENT, "rules", NULL, 1 } } },
	{ N_("三、年度工作计划"), { { PART_SHEETS, REC_DOCUMENT, "plan", NULL, 0 } } },
	{ N_("四、半年小结与年终总结"), { { PART_SHEETS, REC_DOCUMENT, "halfyear summary", NULL, 0 } } },
	{ N_("五、会议与学习培训"),
	  { { PART_SESSIONS, REC_ACTIVITY, NULL, N_("学习培训会议活动"), 0 },
	    { PART_SHEETS, REC_DOCUMENT, "minutes briefing", NULL, 0 } } },
	{ N_("六、活动记录"), { { PART_SHEETS, REC_ACTIVITY, NULL, NULL, 0 } } },
	{ N_("七、五老队伍名册"), { { PART_REGISTER, REC_VOLUNTEER, NULL, NULL, 0 } } },
	{ N_("八、关爱对象（只列编号）"), { { PART_REGISTER, REC_CASE, NULL, NULL, 0 } } },
	{ N_("九、经费"), { { PART_REGISTER, REC_FUND, NULL, NULL, 0 } } },
	{ N_("十、表彰"), { { PART_REGISTER, REC_AWARD, NULL, NULL, 0 } } },
	{ N_("十一、宣传信息与调研"),
	  { { PART_PUBLICITY, REC_ACTIVITY, NULL, N_("活动的宣传报道"), 0 },
	    { PART_SHEETS, REC_DOCUMENT, "information research other", NULL, 0 } } },
	{ N_("十二、年度统计报表"),
	  { { PART_REPORT, 0, NULL, NULL, 0 },
	    { PART_SHEETS, REC_DOCUMENT, "report-sent", NULL, 0 } } },
};
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

/* One record of the unit, loaded. */
struct item {
	size_t entry;
	struct node rec;
};

struct toc_line {
	char *text;
	int level, page;
};

struct binder {
	struct repo *repo;
	const struct ledger *l;
	const char *unit, *unit_name;
	int year;
	struct report rep;
	struct item *items;
	size_t n_items, n_sheets;
	struct toc_line *toc;   /* from the pass before */
	size_t n_toc;
	struct toc_line *next;  /* being collected in this pass */
	size_t n_next, cap_next;
	int toc_pages;          /* pages the contents took in the pass before */
	int steps_done, steps_total;
	int oom;
	struct pdf_evidence_stats ev_sheets; /* in the sheets (cover) */
	size_t ev_missing, ev_missing_now;   /* not on this PC: the pass
						before, this pass */
};

/* ---- the unit's records ---- */

static int path_year(const char *path)
{
	const char *p = path ? strchr(path, '/') : NULL;

	if (!p || !(p = strchr(p + 1, '/')))
		return 0;
	return strspn(p + 1, "0123456789") == 4 && p[5] == '/' ? atoi(p + 1) : 0;
}

/* Does entry e belong in the binder of year (up_to: or a year before)? */
static int of_year(const struct entry *e, int year, int up_to)
{
	const struct record_type_def *def = record_type_def((int)e->type);
	int y;

	if (!def || def->layout != LAYOUT_YEARLY)
		return !e->date || e->date <= year * 10000 + 1231; /* on the books */
	y = e->type == REC_ACTIVITY ? e->date / 10000 : path_year(e->path);
	return up_to ? y > 0 && y <= year : y == year;
}

static int item_order(const void *pa, const void *pb, void *data)
{
	const struct ledger *l = data;
	const struct entry *a = &l->v[((const struct item *)pa)->entry];
	const struct entry *b = &l->v[((const struct item *)pb)->entry];

	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return strcmp(a->title ? a->title : "", b->title ? b->title : "");
}

/* Every valid record of the unit that any section may show, loaded. */
static int load_items(struct binder *b, struct ggw_error *err)
{
	const struct ledger *l = b->l;
	int rc;

	if (!(b->items = calloc(l->n + 1, sizeof(*b->items))))
		return ggw_oom(err);
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];

		if (!e->valid || !e->unit || strcmp(e->unit, b->unit) || !of_year(e, b->year, 1))
			continue;
		b->items[b->n_items].entry = i;
		if ((rc = record_load_file(b->repo, e->path, &b->items[b->n_items].rec, err)) < 0)
			return rc;
		b->n_sheets += e->type == REC_ACTIVITY || e->type == REC_DOCUMENT;
		b->n_items++;
	}
	qsort_r(b->items, b->n_items, sizeof(*b->items), item_order, (void *)l);
	return 0;
}

static void free_items(struct binder *b)
{
	for (size_t i = 0; i < b->n_items; i++)
		node_free(&b->items[i].rec);
	free(b->items);
}

static int kind_listed(const char *kinds, const char *kind)
{
	size_t n = kind ? strlen(kind) : 0;

	for (const char *p = kinds; n && p && *p;) {
		size_t w = strcspn(p, " ");

		if (w == n && !strncmp(p, kind, n))
			return 1;
		p += w;
		p += strspn(p, " ");
	}
	return 0;
}

/* Does item it belong to part p? */
static int in_part(const struct binder *b, const struct part *p, const struct item *it)
{
	const struct entry *e = &b->l->v[it->entry];

	if ((int)e->type != p->type || !of_year(e, b->year, p->up_to_year))
		return 0;
	if (p->doc_kinds && !kind_listed(p->doc_kinds, node_map_str(&it->rec, "kind")))
		return 0;
	if (p->kind == PART_SESSIONS)
		return report_is_session(e);
	return 1;
}

/* ---- contents ---- */

static void toc_add(struct binder *b, struct pdf_doc *d, const char *text, int level)
{
	if (b->n_next == b->cap_next) {
		size_t ncap = b->cap_next ? b->cap_next * 2 : 64;
		struct toc_line *nt = realloc(b->next, ncap * sizeof(*nt));

		if (!nt) {
			b->oom = 1;
			return;
		}
		b->next = nt;
		b->cap_next = ncap;
	}
	if (!(b->next[b->n_next].text = strdup(text))) {
		b->oom = 1;
		return;
	}
	b->next[b->n_next].level = level;
	b->next[b->n_next++].page = d->page;
	pdf_outline(d, text, level);
}

static void toc_free(struct toc_line *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].text);
	free(t);
}

static void step(struct binder *b, const char *what)
{
	papers_progress(++b->steps_done, b->steps_total, what);
}

/* ---- the parts ---- */

static void part_heading(struct pdf_doc *d, const struct part *p)
{
	if (p->title)
		pdf_heading(d, _(p->title), &pdf_h2, 60);
}

static void render_register(struct binder *b, struct pdf_doc *d, const struct part *p)
{
	const struct node **recs = calloc(b->n_items + 1, sizeof(*recs));
	size_t n = 0;

	if (!recs) {
		b->oom = 1;
		return;
	}
	for (size_t i = 0; i < b->n_items; i++)
		if (in_part(b, p, &b->items[i]))
			recs[n++] = &b->items[i].rec;
	part_heading(d, p);
	if (n)
		pdf_register_render(d, b->l, p->type, recs, n);
	else
		pdf_text(d, _("（没有记录）"), &pdf_small);
	d->y += 8;
	free(recs);
}

static int render_sheets(struct binder *b, struct pdf_doc *d, const struct part *p, int first,
			 struct ggw_error *err)
{
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < b->n_items; i++) {
		const struct item *it = &b->items[i];
		const struct entry *e = &b->l->v[it->entry];
		struct pdf_evidence_stats ev = { 0, 0, 0 };
		char line[512], date[16];

		if (!in_part(b, p, it))
			continue;
		if (n++ || !first)
			pdf_new_page(d);
		format_date(e->date, date, sizeof(date));
		snprintf(line, sizeof(line), "%s%s%s", date, *date ? " " : "", e->title ? e->title : "");
		toc_add(b, d, line, 1);
		if ((rc = pdf_sheet_render_stats(d, b->l, p->type, &it->rec, &ev, err)) < 0)
			return rc;
		b->ev_missing_now += ev.missing;
		step(b, e->title);
	}
	if (!n && first)
		pdf_text(d, _("（没有记录）"), &pdf_small);
	return 0;
}

/* Every publicity piece of the year's activities: a table. */
static void render_publicity(struct binder *b, struct pdf_doc *d, const struct part *p)
{
	const char *head[5] = { _("活动日期"), _("活动"), _("媒体"), _("级别"), _("报道标题") };
	const struct field_def *level = field_find(activity_fields, "publicity.level");
	struct pdf_table t = { 5, head, NULL, { 0 } };
	const double widths[5] = { 0.13, 0.27, 0.22, 0.1, 0.28 };
	int any = 0;

	part_heading(d, p);
	for (size_t i = 0; i < b->n_items; i++) {
		const struct item *it = &b->items[i];
		const struct node *pub = node_map_get(&it->rec, "publicity");
		char date[16];

		if (!in_part(b, p, it) || !pub || pub->kind != NODE_SEQ)
			continue;
		format_date(b->l->v[it->entry].date, date, sizeof(date));
		for (size_t k = 0; k < pub->count; k++) {
			char *lv = output_field_text(level, node_map_get(&pub->kids[k], "level"), NULL);
			const char *cells[5] = { date, b->l->v[it->entry].title,
						 node_map_str(&pub->kids[k], "outlet"), lv,
						 node_map_str(&pub->kids[k], "title") };

			if (!any++)
				pdf_table_begin(d, &t, NULL, 0, widths);
			pdf_table_row(d, &t, cells, PDF_ROW_PLAIN);
			free(lv);
		}
	}
	if (!any)
		pdf_text(d, _("（没有记录）"), &pdf_small);
	d->y += 8;
}

static int render_part(struct binder *b, struct pdf_doc *d, const struct part *p, int first,
		       struct ggw_error *err)
{
	switch (p->kind) {
	case PART_REGISTER:
	case PART_SESSIONS:
		render_register(b, d, p);
		return 0;
	case PART_SHEETS:
		return render_sheets(b, d, p, first, err);
	case PART_PUBLICITY:
		render_publicity(b, d, p);
		return 0;
	case PART_REPORT:
		return pdf_report_render(d, &b->rep, 1, err);
	case PART_NONE:
		break;
	}
	return 0;
}

/* ---- cover and contents ---- */

/* The evidence of every record the binder prints as a sheet. */
static void count_sheet_evidence(struct binder *b)
{
	for (size_t s = 0; s < N_SECTIONS; s++)
		for (int k = 0; k < PARTS_MAX; k++) {
			const struct part *p = &sections[s].parts[k];

			if (p->kind != PART_SHEETS)
				continue;
			for (size_t i = 0; i < b->n_items; i++)
				if (in_part(b, p, &b->items[i]))
					pdf_evidence_count(node_map_get(&b->items[i].rec, "evidence"),
							   &b->ev_sheets);
		}
}

/* On the cover: how many photos the binder holds, how many show minors
 * (the unit's own paper, not for handing round), what did not print. */
static void cover_evidence(struct binder *b, struct pdf_doc *d)
{
	const struct pdf_style note = { 10.5, 0, PDF_CENTER, 0.2, 6 };
	char line[512];

	if (!b->ev_sheets.photos && !b->ev_missing)
		return;
	d->y = 640;
	if (b->ev_sheets.photos) {
		if (b->ev_sheets.minors)
			snprintf(line, sizeof(line),
				 _("本册附照片 %zu 张，其中 %zu 张拍到未成年人：只供本单位存档和上级检查，不要外传、翻拍或上网。"),
				 b->ev_sheets.photos, b->ev_sheets.minors);
		else
			snprintf(line, sizeof(line), _("本册附照片 %zu 张。"), b->ev_sheets.photos);
		pdf_text_at(d, line, &note, PDF_MARGIN_X + 40, PDF_TEXT_W - 80);
	}
	if (b->ev_missing) {
		snprintf(line, sizeof(line),
			 _("有 %zu 件佐证材料还没有同步到本机，没有印出：先同步（ggw sync）再打印。"),
			 b->ev_missing);
		pdf_text_at(d, line, &note, PDF_MARGIN_X + 40, PDF_TEXT_W - 80);
	}
}

static void render_cover(struct binder *b, struct pdf_doc *d)
{
	const struct pdf_style big = { 26, 1, PDF_CENTER, 0, 18 }, year = { 20, 0, PDF_CENTER, 0, 12 };
	char line[512];
	int today = date_today();

	pdf_new_page(d);
	d->y = 230;
	snprintf(line, sizeof(line), _("%s关心下一代工作台账"), b->unit_name);
	pdf_text(d, line, &big);
	snprintf(line, sizeof(line), _("%d年度"), b->year);
	pdf_text(d, line, &year);
	d->y = 560;
	pdf_text(d, b->l->units.street ? b->l->units.street : "", &pdf_subtitle);
	snprintf(line, sizeof(line), _("编印日期：%d年%d月%d日"), today / 10000, today / 100 % 100,
		 today % 100);
	pdf_text(d, line, &pdf_subtitle);
	cover_evidence(b, d);
}

/* The contents: the pages the pass before found, moved by the pages the
 * contents themselves take now beyond what they took then (every section
 * starts on a page of its own, so nothing else moves). */
static void render_contents(struct binder *b, struct pdf_doc *d)
{
	int first = d->page + 1, offset;

	/* lay the contents out dry first to learn their length */
	d->dry = 1;
	pdf_new_page(d);
	pdf_text(d, _("目　录"), &pdf_title);
	d->y += 8;
	for (size_t i = 0; i < b->n_toc; i++)
		pdf_toc_line(d, b->toc[i].text, b->toc[i].page, b->toc[i].level);
	offset = (d->page - first + 1) - b->toc_pages;
	b->toc_pages = d->page - first + 1;
	d->page = first - 1;
	d->dry = d->measuring;
	pdf_new_page(d);
	pdf_text(d, _("目　录"), &pdf_title);
	d->y += 8;
	for (size_t i = 0; i < b->n_toc; i++)
		pdf_toc_line(d, b->toc[i].text, b->toc[i].page + offset, b->toc[i].level);
}

static int render_binder(struct pdf_doc *d, void *ctx, struct ggw_error *err)
{
	struct binder *b = ctx;
	int rc;

	snprintf(d->running, sizeof(d->running), _("%s %d年台账"), b->unit_name, b->year);
	b->n_next = 0;
	b->ev_missing_now = 0;
	render_cover(b, d);
	render_contents(b, d);
	for (size_t s = 0; s < N_SECTIONS; s++) {
		pdf_new_page(d);
		toc_add(b, d, _(sections[s].title), 0);
		pdf_text(d, _(sections[s].title), &pdf_h1);
		for (int k = 0; k < PARTS_MAX && sections[s].parts[k].kind != PART_NONE; k++)
			if ((rc = render_part(b, d, &sections[s].parts[k], k == 0, err)) < 0)
				return rc;
		step(b, _(sections[s].title));
	}
	if (b->oom)
		return ggw_oom(err);
	b->ev_missing = b->ev_missing_now;
	/* what this pass learnt is the next pass's contents */
	toc_free(b->toc, b->n_toc);
	b->toc = b->next;
	b->n_toc = b->n_next;
	b->next = NULL;
	b->n_next = b->cap_next = 0;
	return 0;
}

int papers_binder(struct repo *repo, int argc, char **argv, struct ggw_error *err)
{
	const char *year_arg = NULL, *unit = NULL, *out = NULL;
	const struct opt_def defs[] = {
		OPT_INTO("--year", &year_arg), OPT_INTO("--unit", &unit), OPT_INTO("-o", &out),
		OPT_INTO("--output", &out), OPT_END,
	};
	struct ledger l;
	struct binder b;
	char title[512];
	int rc, pages = 0;

	memset(&b, 0, sizeof(b));
	if ((rc = opt_parse(argc, argv, 1, defs, NULL, 0, err)) < 0)
		return rc;
	if (!unit)
		return ggw_fail(err, GGW_EUSAGE, _("用法：ggw binder --unit 单位 [--year 年份] -o 文件.pdf"));
	if ((rc = papers_pdf_path("binder", out, err)) < 0)
		return rc;
	if ((rc = papers_load(repo, &l, err)) < 0)
		goto done;
	if ((rc = papers_year_unit(&l, year_arg, &b.year, &unit, err)) < 0 ||
	    (rc = report_compute(&l, b.year, unit, 0, &b.rep, err)) < 0)
		goto done;
	b.repo = repo;
	b.l = &l;
	b.unit = unit;
	b.unit_name = b.rep.units[0].name;
	if ((rc = load_items(&b, err)) < 0)
		goto done;
	count_sheet_evidence(&b);
	/* a measuring pass finds the pages, the second draws */
	b.steps_total = 2 * (int)(N_SECTIONS + b.n_sheets);
	snprintf(title, sizeof(title), _("%s %d年台账"), b.unit_name, b.year);
	if ((rc = pdf_make(out, title, 2, 1, render_binder, &b, &pages, err)) == 0) {
		papers_progress(b.steps_total, b.steps_total, "");
		papers_saved(out, pages);
	}
done:
	toc_free(b.toc, b.n_toc);
	toc_free(b.next, b.n_next);
	free_items(&b);
	report_free(&b.rep);
	ledger_free(&l);
	return rc;
}
