/* Findings about documents, members, sites, funds, cases and teams. */
#include "audit_more.h"

#include <stdlib.h>
#include <string.h>

#include "../model/fields_more.h"
#include "../model/i18n.h"
#include "../model/sbuf.h"
#include "../model/text.h"
#include "facts.h"
#include "report.h"

struct more_kind {
	enum audit_kind kind;
	int type;          /* the record type the ledger must keep for it */
	int inline_detail; /* detail on the heading's line */
	const char *heading, *name; /* N_(): heading, name in the summary */
};

static const struct more_kind kinds[] = {
	{ AUDIT_NO_PLAN, REC_DOCUMENT, 1, N_("没有年度工作计划"), N_("没有年度计划") },
	{ AUDIT_NO_HALFYEAR, REC_DOCUMENT, 1, N_("没有半年小结"), N_("没有半年小结") },
	{ AUDIT_NO_SUMMARY, REC_DOCUMENT, 1, N_("没有年终总结"), N_("没有年终总结") },
	{ AUDIT_FEW_BRIEFINGS, REC_DOCUMENT, 1, N_("党委听取汇报不足："), N_("党委听取汇报不足") },
	{ AUDIT_REPORT_NOT_SENT, REC_DOCUMENT, 1, N_("年度报表未在年底前报送"), N_("年报未报送") },
	{ AUDIT_NO_DIRECTOR, REC_MEMBER, 1, N_("没有在任的主任"), N_("没有主任") },
	{ AUDIT_NO_EXECUTIVE, REC_MEMBER, 1, N_("没有在任的常务副主任/执行主任"), N_("没有执行主任") },
	{ AUDIT_EXECUTIVE_NOT_FIVE_OLD, REC_MEMBER, 0, N_("执行主任不是登记的五老："),
	  N_("执行主任不是五老") },
	{ AUDIT_VACANT_POST, REC_MEMBER, 0, N_("职务空缺超过三个月："), N_("职务空缺") },
	{ AUDIT_STATION_FEW, REC_SITE, 0, N_("活动不足的校外教育辅导站："), N_("辅导站活动不足") },
	{ AUDIT_LOW_MONEY, REC_FUND, 1, N_("工作经费不足："), N_("经费不足") },
	{ AUDIT_CASE_NO_CONTACT, REC_CASE, 0, N_("三个月没有联系的在帮扶对象："), N_("对象久未联系") },
	{ AUDIT_TEAM_EMPTY, REC_TEAM, 0, N_("没有队员的队伍："), N_("空队伍") },
	{ AUDIT_NO_EVIDENCE, REC_ACTIVITY, 0, N_("没有照片或签到表的活动："), N_("活动无照片") },
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

static const struct more_kind *kind_info(enum audit_kind k)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (kinds[i].kind == k)
			return &kinds[i];
	return NULL;
}

int audit_more_kind(enum audit_kind k)
{
	return kind_info(k) != NULL;
}

int audit_more_inline(enum audit_kind k)
{
	const struct more_kind *m = kind_info(k);

	return m && m->inline_detail;
}

const char *audit_more_heading(enum audit_kind k)
{
	const struct more_kind *m = kind_info(k);

	return m ? _(m->heading) : "";
}

void audit_more_summary(FILE *f, const struct audit *a)
{
	for (size_t i = 0; i < N_KINDS; i++)
		if (a->per_kind[kinds[i].kind])
			fprintf(f, _("，%s %zu"), _(kinds[i].name), a->per_kind[kinds[i].kind]);
}

/* ---- finding ---- */

struct found {
	struct audit_finding *v;
	size_t n, cap;
	int failed;
	unsigned keeps;   /* bit t: the ledger holds a valid record of type t */
};

static void add(struct found *fd, enum audit_kind kind, int unit, long entry, long count)
{
	const struct more_kind *m = kind_info(kind);

	if (fd->failed || !(fd->keeps & (1u << m->type)))
		return;
	if (array_grow(&fd->v, &fd->cap, fd->n, sizeof(*fd->v), 32) < 0) {
		fd->failed = 1;
		return;
	}
	memset(&fd->v[fd->n], 0, sizeof(fd->v[fd->n]));
	fd->v[fd->n].kind = kind;
	fd->v[fd->n].unit = unit;
	fd->v[fd->n].entry = entry;
	fd->v[fd->n].count = count;
	fd->n++;
}

static long by_key(const long *counts, const struct enum_item *items, const char *key)
{
	int i = enum_index(items, key);

	return i >= 0 ? counts[i] : 0;
}

static int has_vacancy(const struct report *r, int unit, const char *role, int ongoing)
{
	int ri = enum_index(enum_member_role, role);

	for (size_t i = 0; i < r->n_vacancies; i++)
		if (r->vacancies[i].unit == unit && r->vacancies[i].role == ri &&
		    (!ongoing || !r->vacancies[i].to))
			return 1;
	return 0;
}

/* A unit's yearly duties: documents, posts, money. */
static void unit_findings(struct found *fd, const struct report *r, int u)
{
	const struct report_more *m = &r->units[u].more;
	const struct rules *ru = report_rules(r);

	if (r->months_due >= 1 && !by_key(m->documents, enum_document_kind, "plan"))
		add(fd, AUDIT_NO_PLAN, u, -1, 0);
	if (r->months_due >= 7 && !by_key(m->documents, enum_document_kind, "halfyear"))
		add(fd, AUDIT_NO_HALFYEAR, u, -1, 0);
	if (r->months_due >= 12 && !by_key(m->documents, enum_document_kind, "summary"))
		add(fd, AUDIT_NO_SUMMARY, u, -1, 0);
	if (by_key(m->documents, enum_document_kind, "briefing") < ru->min_briefings)
		add(fd, AUDIT_FEW_BRIEFINGS, u, -1, by_key(m->documents, enum_document_kind, "briefing"));
	if (r->months_due >= 12 && !m->report_sent_on_time)
		add(fd, AUDIT_REPORT_NOT_SENT, u, -1, by_key(m->documents, enum_document_kind, "report-sent"));
	/* an ongoing vacancy of more than three months says it already */
	if (!by_key(m->members, enum_member_role, "director") && !has_vacancy(r, u, "director", 1))
		add(fd, AUDIT_NO_DIRECTOR, u, -1, 0);
	if (!by_key(m->members, enum_member_role, "executive") && !has_vacancy(r, u, "executive", 1))
		add(fd, AUDIT_NO_EXECUTIVE, u, -1, 0);
	if (by_key(m->money, enum_fund_kind, "budget") < ru->min_budget_yuan * 100)
		add(fd, AUDIT_LOW_MONEY, u, -1, by_key(m->money, enum_fund_kind, "budget"));
}

/* Records behind the figures: executives, stations, cases, teams. */
static void record_findings(struct found *fd, const struct ledger *l, const struct report *r)
{
	int executive = enum_index(enum_member_role, "executive");
	int station = enum_index(enum_site_kind, "station");
	int due = ymd_add_months(r->ref_day, -3);

	for (size_t i = 0; i < r->n_members; i++) {
		const struct entry *e = &l->v[r->members[i].entry];

		if (!r->members[i].count && entry_fact_enum(e, "role", enum_member_role) == executive)
			add(fd, AUDIT_EXECUTIVE_NOT_FIVE_OLD, r->members[i].unit, (long)r->members[i].entry, 0);
	}
	for (size_t i = 0; i < r->n_sites; i++)
		if (entry_fact_enum(&l->v[r->sites[i].entry], "kind", enum_site_kind) == station &&
		    r->sites[i].count < report_rules(r)->min_station_activities)
			add(fd, AUDIT_STATION_FEW, r->sites[i].unit, (long)r->sites[i].entry, r->sites[i].count);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct entry *e = &l->v[r->cases[i].entry];
		int last = r->cases[i].last > e->date ? r->cases[i].last : e->date;

		if (report_case_open_on(e, r->ref_day) && last < due)
			add(fd, AUDIT_CASE_NO_CONTACT, r->cases[i].unit, (long)r->cases[i].entry,
			    r->cases[i].last);
	}
	for (size_t i = 0; i < r->n_teams; i++)
		if (!r->teams[i].count)
			add(fd, AUDIT_TEAM_EMPTY, r->teams[i].unit, (long)r->teams[i].entry, 0);
}

/* Is evidence in use: some record holds evidence, or the scoring sheet
 * checks no_evidence? A ledger kept before photos could be attached is
 * not told that every activity lacks them. */
static int evidence_in_use(const struct ledger *l, const struct report *r)
{
	const struct rules *ru = report_rules(r);

	for (size_t i = 0; i < ru->n_items; i++)
		for (size_t k = 0; k < ru->items[i].n_parts; k++)
			if (ru->items[i].parts[k].measure == RM_NO_EVIDENCE)
				return 1;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].valid && entry_fact_long(&l->v[i], "evidence", 0) > 0)
			return 1;
	return 0;
}

/* The year's activities of listed units with no evidence entry (the same
 * activities report_more counts in no_evidence). */
static void evidence_findings(struct found *fd, const struct ledger *l, const struct report *r)
{
	if (!evidence_in_use(l, r))
		return;
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];

		if (!e->valid || e->type != REC_ACTIVITY || e->date / 10000 != r->year || !e->unit ||
		    entry_fact_long(e, "evidence", 0) > 0)
			continue;
		for (size_t u = 0; u < r->n_units; u++)
			if (r->units[u].key && !strcmp(r->units[u].key, e->unit)) {
				add(fd, AUDIT_NO_EVIDENCE, (int)u, (long)i, 0);
				break;
			}
	}
}

int audit_more_findings(const struct ledger *l, const struct report *r,
			struct audit_finding **out, size_t *n)
{
	struct found fd = { NULL, 0, 0, 0, 0 };

	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].valid && l->v[i].type < 32)
			fd.keeps |= 1u << l->v[i].type;
	for (size_t u = 0; u < r->n_units; u++)
		if (r->units[u].key)
			unit_findings(&fd, r, (int)u);
	for (size_t i = 0; i < r->n_vacancies; i++) {
		add(&fd, AUDIT_VACANT_POST, r->vacancies[i].unit, -1, 0);
		if (!fd.failed && fd.n && fd.v[fd.n - 1].kind == AUDIT_VACANT_POST) {
			fd.v[fd.n - 1].mask = (unsigned)r->vacancies[i].role;
			fd.v[fd.n - 1].date_from = r->vacancies[i].from;
			fd.v[fd.n - 1].date_to = r->vacancies[i].to;
		}
	}
	record_findings(&fd, l, r);
	evidence_findings(&fd, l, r);
	if (fd.failed) {
		free(fd.v);
		return -1;
	}
	*out = fd.v;
	*n = fd.n;
	return 0;
}

/* ---- printing ---- */

static void put_date(FILE *f, int d)
{
	fprintf(f, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
}

static void record_line(FILE *f, const struct entry *e)
{
	fputs("    ", f);
	text_pad(f, e->id ? e->id : "", 12);
	fputs("  ", f);
	fputs(e->title ? e->title : "", f);
}

void audit_more_print(FILE *f, const struct ledger *l, const struct audit *a,
		      const struct audit_finding *x)
{
	const struct report *r = &a->rep;
	const struct rules *ru = report_rules(r);
	const struct entry *e = x->entry >= 0 ? &l->v[x->entry] : NULL;

	switch (x->kind) {
	case AUDIT_FEW_BRIEFINGS:
		fprintf(f, _("全年 %ld 次，最少 %ld 次，差 %ld 次\n"), x->count, ru->min_briefings,
			ru->min_briefings - x->count);
		break;
	case AUDIT_REPORT_NOT_SENT:
		fputs(x->count ? _("（“年报报送”记录的日期晚于 12 月 31 日）\n")
			       : _("（没有“年报报送”记录）\n"), f);
		break;
	case AUDIT_NO_DIRECTOR:
	case AUDIT_NO_EXECUTIVE:
		fputs(_("（统计日 "), f);
		put_date(f, r->ref_day);
		fputs(_("）\n"), f);
		break;
	case AUDIT_LOW_MONEY:
		fprintf(f, _("全年工作经费 %ld.%02ld 元，最少 %ld 元\n"), x->count / 100, x->count % 100,
			ru->min_budget_yuan);
		break;
	case AUDIT_VACANT_POST:
		fprintf(f, "    %s：", _(enum_member_role[x->mask].label));
		put_date(f, x->date_from);
		if (x->date_to) {
			fputs(_(" 离任，"), f);
			put_date(f, x->date_to);
			fputs(_(" 才有人接任\n"), f);
		} else {
			fputs(_(" 离任后至今空缺\n"), f);
		}
		break;
	case AUDIT_STATION_FEW:
		record_line(f, e);
		fprintf(f, _("  全年 %ld 次，最少 %ld 次\n"), x->count, ru->min_station_activities);
		break;
	case AUDIT_CASE_NO_CONTACT:
		record_line(f, e);
		if (x->count) {
			fputs(_("  最近一次活动 "), f);
			put_date(f, (int)x->count);
			fputc('\n', f);
		} else
			fputs(_("  没有引用它的活动\n"), f);
		break;
	case AUDIT_NO_EVIDENCE:
		fputs("    ", f);
		text_pad(f, e->id ? e->id : "", 18);
		fputs("  ", f);
		put_date(f, e->date);
		fputs("  ", f);
		fputs(e->title ? e->title : "", f);
		fputc('\n', f);
		break;
	case AUDIT_EXECUTIVE_NOT_FIVE_OLD:
	case AUDIT_TEAM_EMPTY:
		record_line(f, e);
		fputc('\n', f);
		break;
	default:
		fputc('\n', f);
		break;
	}
}
