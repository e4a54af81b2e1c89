/* The audit: the records behind the report's gaps, per unit. */
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "audit_more.h"
#include "checkrule.h"

/* How to fix each kind of finding: the screen and the key, for the
 * 60-year-old at a village PC. One row per enum audit_kind (designated
 * initialisers, so order does not matter): A NEW KIND ADDS ITS ROW HERE
 * (tests/unit/test_audit_hint.c fails for a kind without one). Printed
 * under each kind by `ggw audit` and shown on the interface's 留痕检查
 * screen (tui/screens_audit.c); the keys are those of tui/actions.h. */
static const char *const audit_hints[AUDIT__COUNT] = {
	[AUDIT_FIVE_HAVE] = N_("在活动台账（ggw 主屏幕）按 i 输入编号打开这条活动，按 e 编辑，补上缺的各项，F2 保存。"),
	[AUDIT_CONFLICT] = N_("在活动台账按 c，逐条选保留本方（o）还是对方（t）的值。"),
	[AUDIT_EMPTY_MONTH] = N_("那个月做过活动的，在活动台账按 a 补记；没有做的，今后每月至少安排一次。"),
	[AUDIT_IDLE_VOLUNTEER] = N_("参加过活动的，在活动台账打开那条活动按 e，在“五老志愿者”中加上这位五老；已不参加的，在五老队伍（按 v）选中这位五老按 e，把“在岗”改为否。"),
	[AUDIT_FEW_SESSIONS] = N_("在活动台账按 a 补记开过的学习培训或会议（形式选学习培训或会议/讨论会）。"),
	[AUDIT_INVALID] = N_("在活动台账按 i 输入编号打开它，按 e 改正：不存在的五老重新选，或按 r 从已删除的记录中恢复；读不了的文件用 ggw check 看原因；单位不在名单上的，请街道办公室用 ggw unit add 添加。"),
	[AUDIT_NO_PLAN] = N_("在活动台账按 F2 打开目录，选 3 年度文件与记录，按 a 新增，类别选“年度工作计划”，年度填这一年。"),
	[AUDIT_NO_HALFYEAR] = N_("在目录（F2）选 3 年度文件与记录，按 a 新增，类别选“半年小结”。"),
	[AUDIT_NO_SUMMARY] = N_("在目录（F2）选 3 年度文件与记录，按 a 新增，类别选“年终总结”（次年 1 月写的，年度仍填这一年）。"),
	[AUDIT_FEW_BRIEFINGS] = N_("每次向党委汇报后，在目录（F2）选 3 年度文件与记录按 a 新增，类别选“向党委汇报”。"),
	[AUDIT_REPORT_NOT_SENT] = N_("报送年度报表后，在目录（F2）选 3 年度文件与记录按 a 新增，类别选“年报报送”，日期填报送那天（不晚于 12 月 31 日）。"),
	[AUDIT_NO_DIRECTOR] = N_("在目录（F2）选 4 组织成员按 a 新增，职务选“主任”，填任职日期和任命文号。"),
	[AUDIT_NO_EXECUTIVE] = N_("在目录（F2）选 4 组织成员按 a 新增，职务选“常务副主任/执行主任”，在“五老”中选这位五老。"),
	[AUDIT_EXECUTIVE_NOT_FIVE_OLD] = N_("在目录（F2）选 4 组织成员，选中这位执行主任按 e，在“五老”中选他（她）的五老记录；还没登记的，先在五老队伍（目录 2）按 a 登记。"),
	[AUDIT_VACANT_POST] = N_("在目录（F2）选 4 组织成员：给离任的人填离任日期，按 a 登记接任的人和任职日期、任命文号；空缺要在三个月内补上。"),
	[AUDIT_STATION_FEW] = N_("在辅导站开展过的活动，在活动台账打开按 e，在“阵地”中选这个辅导站；每年的次数要达到 rules.yaml 的最低要求。"),
	[AUDIT_LOW_MONEY] = N_("在目录（F2）选 8 经费，按 a 新增本年的工作经费（类别选“工作经费”）。"),
	[AUDIT_CASE_NO_CONTACT] = N_("结对五老走访后，在活动台账按 a 补记走访活动，在“关爱对象”中选这个编号；已结案的，在目录（F2）选 7 关爱对象按 e，把状态改为“已结案”并填结案日期。"),
	[AUDIT_TEAM_EMPTY] = N_("在目录（F2）选 9 队伍，选中这个队伍按 e，在“五老”中加上队员。"),
	[AUDIT_NO_EVIDENCE] = N_("在活动台账按 i 输入编号打开这条活动，按 a 选现场照片或签到表扫描件附上；也可以用命令 ggw attach 编号 照片.jpg（签到表扫描件加 --kind scan）。"),
};

const char *audit_kind_hint(enum audit_kind k)
{
	return (unsigned)k < AUDIT__COUNT && audit_hints[k] ? _(audit_hints[k]) : "";
}

static const char *kind_heading(enum audit_kind k);

const char *audit_kind_heading(enum audit_kind k)
{
	return kind_heading(k);
}

/* Unit index in the report, -1 if not listed; unknown units go to the
 * report's extra row when it has one. */
static int audit_unit_of(const struct report *r, const char *key)
{
	if (key)
		for (size_t i = 0; i < r->n_units; i++)
			if (r->units[i].key && !strcmp(r->units[i].key, key))
				return (int)i;
	if (r->n_units && !r->units[r->n_units - 1].key)
		return (int)r->n_units - 1;
	return -1;
}

struct sort_ctx_finding {
	struct audit_finding f;
	int date;
	const char *id;
};

static int finding_cmp(const void *pa, const void *pb)
{
	const struct sort_ctx_finding *a = pa, *b = pb;
	unsigned ua = (unsigned)a->f.unit, ub = (unsigned)b->f.unit; /* -1 last */

	if (ua != ub)
		return ua < ub ? -1 : 1;
	if (a->f.kind != b->f.kind)
		return a->f.kind < b->f.kind ? -1 : 1;
	if (a->f.month != b->f.month)
		return a->f.month < b->f.month ? -1 : 1;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static int add_finding(struct sort_ctx_finding **v, size_t *n, size_t *cap,
		       const struct sort_ctx_finding *f)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct sort_ctx_finding *nv = realloc(*v, ncap * sizeof(**v));

		if (!nv)
			return -1;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = *f;
	return 0;
}

void audit_free(struct audit *a)
{
	if (!a)
		return;
	report_free(&a->rep);
	check_index_free(&a->index);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

/* The findings about the record types of records-more.md (audit_more.c). */
static int more_findings(const struct ledger *l, const struct report *r,
			 struct sort_ctx_finding **v, size_t *n, size_t *cap)
{
	struct audit_finding *more = NULL;
	size_t n_more = 0;
	struct sort_ctx_finding f;

	if (audit_more_findings(l, r, &more, &n_more) < 0)
		return -1;
	for (size_t i = 0; i < n_more; i++) {
		memset(&f, 0, sizeof(f));
		f.f = more[i];
		f.id = more[i].entry >= 0 ? l->v[more[i].entry].id : NULL;
		if (more[i].entry >= 0 && l->v[more[i].entry].type == REC_ACTIVITY)
			f.date = l->v[more[i].entry].date; /* activities by date */
		if (add_finding(v, n, cap, &f) < 0) {
			free(more);
			return -1;
		}
	}
	free(more);
	return 0;
}

int audit_compute(const struct ledger *l, int year, int today, struct audit *out,
		  struct ggw_error *err)
{
	struct sort_ctx_finding *v = NULL, f;
	struct check_index ci;
	size_t n = 0, cap = 0, i;
	const struct report *r = &out->rep;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = report_compute(l, year, NULL, today, &out->rep, err)) < 0)
		return rc;
	if ((rc = check_index_build(l, &ci, err)) < 0) {
		report_free(&out->rep);
		return rc;
	}

	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		/* exactly the records ggw check fails (records/checkrule.h) */
		unsigned faults = record_check_faults(&ci, &l->units, e);
		char ubuf[48];

		memset(&f, 0, sizeof(f));
		f.f.entry = (long)i;
		f.id = e->id ? e->id : e->path;
		if (!e->valid) {
			if (e->type == REC_ACTIVITY && report_entry_year(e) != year) {
				out->invalid_other_years++;
				continue;
			}
			f.f.kind = AUDIT_INVALID;
			f.f.mask = faults;
			f.f.unit = audit_unit_of(r, report_entry_unit(e, ubuf, sizeof(ubuf)));
			f.id = e->path;
			if (add_finding(&v, &n, &cap, &f) < 0)
				goto nomem;
			continue;
		}
		if (e->type == REC_ACTIVITY && e->date / 10000 != year) {
			if (faults)
				out->invalid_other_years++;
			continue;
		}
		f.f.unit = audit_unit_of(r, e->unit);
		f.date = e->type == REC_ACTIVITY ? e->date : 0;
		if (faults) {
			/* valid as a file, but failing a rule across records
			 * (unit, volunteer ids, an id used twice) */
			f.f.kind = AUDIT_INVALID;
			f.f.mask = faults;
			f.id = e->path;
			if (add_finding(&v, &n, &cap, &f) < 0)
				goto nomem;
			/* a record of a unit not in units.yaml, like the
			 * report, counts nothing else */
			if (faults & CHECK_FAULT_UNIT)
				continue;
			f.f.mask = 0;
			f.id = e->id;
		}
		if (e->type == REC_ACTIVITY && (e->five_have & 0x1f) != 0x1f) {
			f.f.kind = AUDIT_FIVE_HAVE;
			f.f.mask = ~(unsigned)e->five_have & 0x1f;
			if (add_finding(&v, &n, &cap, &f) < 0)
				goto nomem;
		}
		if (e->has_conflicts) {
			f.f.kind = AUDIT_CONFLICT;
			f.f.mask = 0;
			if (add_finding(&v, &n, &cap, &f) < 0)
				goto nomem;
		}
	}
	/* Idle volunteers come from the report's own counting. */
	for (i = 0; i < r->n_vols; i++) {
		const struct entry *e = &l->v[r->vols[i].entry];

		if (r->vols[i].activities || !e->active)
			continue;
		memset(&f, 0, sizeof(f));
		f.f.kind = AUDIT_IDLE_VOLUNTEER;
		f.f.unit = r->vols[i].unit;
		f.f.entry = (long)r->vols[i].entry;
		f.id = e->id;
		if (add_finding(&v, &n, &cap, &f) < 0)
			goto nomem;
	}
	for (i = 0; i < r->n_units; i++) {
		const struct report_unit *u = &r->units[i];

		if (!u->key)
			continue; /* not a unit of units.yaml: no duty to report */
		memset(&f, 0, sizeof(f));
		f.f.unit = (int)i;
		f.f.entry = -1;
		for (int m = 0; m < r->months_due; m++) {
			if (u->months[m])
				continue;
			f.f.kind = AUDIT_EMPTY_MONTH;
			f.f.month = m + 1;
			if (add_finding(&v, &n, &cap, &f) < 0)
				goto nomem;
		}
		f.f.month = 0;
		if (u->sessions < report_rules(r)->min_sessions) {
			f.f.kind = AUDIT_FEW_SESSIONS;
			f.f.count = u->sessions;
			if (add_finding(&v, &n, &cap, &f) < 0)
				goto nomem;
		}
	}
	if (more_findings(l, r, &v, &n, &cap) < 0)
		goto nomem;
	if (n)
		qsort(v, n, sizeof(*v), finding_cmp);
	out->v = n ? malloc(n * sizeof(*out->v)) : NULL;
	if (n && !out->v)
		goto nomem;
	for (i = 0; i < n; i++) {
		out->v[i] = v[i].f;
		out->per_kind[v[i].f.kind]++;
	}
	out->n = n;
	free(v);
	out->index = ci; /* audit_print's */
	return 0;
nomem:
	free(v);
	check_index_free(&ci);
	return ggw_oom(err);
}

size_t audit_unit_findings(const struct audit *a, int unit, size_t *first)
{
	size_t i = 0, k;

	while (i < a->n && a->v[i].unit != unit)
		i++;
	*first = i;
	for (k = i; k < a->n && a->v[k].unit == unit; k++)
		;
	return k - i;
}

static void print_date(FILE *f, int d)
{
	if (d > 0)
		fprintf(f, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
	else
		fputs("          ", f);
}

/* title_cols > 0: the title padded to that width, so that what follows
 * it lines up. */
static void print_activity_line(FILE *f, const struct entry *e, size_t title_cols)
{
	fputs("    ", f);
	text_pad(f, e->id ? e->id : "", 18);
	fputs("  ", f);
	print_date(f, e->type == REC_ACTIVITY ? e->date : 0);
	fputs("  ", f);
	if (title_cols)
		text_pad(f, e->title ? e->title : "", title_cols);
	else
		fputs(e->title ? e->title : "", f);
}

static void print_volunteer_line(FILE *f, const struct entry *e)
{
	fputs("    ", f);
	text_pad(f, e->id ? e->id : "", 18);
	fputs("  ", f);
	fputs(e->title ? e->title : "", f);
	if (e->group >= 0 && enum_group[e->group].key)
		fprintf(f, _("（%s）"), _(enum_group[e->group].label));
}

static const char *kind_heading(enum audit_kind k)
{
	switch (k) {
	case AUDIT_FIVE_HAVE: return _("五有不全的活动：");
	case AUDIT_CONFLICT: return _("有冲突待解决的记录：");
	case AUDIT_EMPTY_MONTH: return _("没有活动的月份：");
	case AUDIT_IDLE_VOLUNTEER: return _("本年没有参加活动的在册五老志愿者：");
	case AUDIT_FEW_SESSIONS: return _("学习培训会议不足：");
	case AUDIT_INVALID: return _("未通过检查的记录（ggw check）：");
	default: return audit_more_heading(k);
	}
}

/* Why a record fails the check, one line per reason. */
static void print_invalid(FILE *f, const struct check_index *ci, const struct entry *e,
			  unsigned faults)
{
	if (!e->valid) {
		fprintf(f, "    %s\n", e->error && *e->error ? e->error : e->path);
		return;
	}
	if (faults & CHECK_FAULT_UNIT)
		fprintf(f, _("    %s：单位 %s 不在 units.yaml 中\n"), e->path, e->unit ? e->unit : "");
	if (faults & CHECK_FAULT_VOLUNTEER) {
		const char *p = e->volunteer_ids;

		while (p && *p) {
			size_t n = strcspn(p, " ");
			char id[64];

			snprintf(id, sizeof(id), "%.*s", (int)n, p);
			if (n && !check_volunteer_known(ci, id))
				fprintf(f, _("    %s: 五老志愿者 %s 不存在（volunteers/ 里没有这个编号）\n"),
					e->path, id);
			p += n;
			p += strspn(p, " ");
		}
	}
	if (faults & CHECK_FAULT_DUPLICATE)
		fprintf(f, _("    %s: 编号 %s 重复出现\n"), e->path, e->id ? e->id : "");
	if (faults & CHECK_FAULT_REF)
		fprintf(f, _("    %s: 引用的记录不存在（ggw check 列出编号）\n"), e->path);
}

/* After the findings of one kind: the end of the months' line, then how
 * to fix them (indented like a heading, so readers of the headings skip it). */
static void end_kind(FILE *f, int kind)
{
	if (kind < 0)
		return;
	if (kind == AUDIT_EMPTY_MONTH)
		fputc('\n', f);
	if (*audit_kind_hint((enum audit_kind)kind))
		fprintf(f, _("  怎样改：%s\n"), audit_kind_hint((enum audit_kind)kind));
}

static void print_unit(FILE *f, const struct ledger *l, const struct check_index *ci,
		       const struct audit *a, int unit, const char *name)
{
	size_t first, cnt = audit_unit_findings(a, unit, &first), title_cols = 0;
	int last_kind = -1;

	if (!cnt) {
		fprintf(f, _("【%s】未发现问题\n"), name);
		return;
	}
	fprintf(f, _("【%s】发现 %zu 个问题\n"), name, cnt);
	/* The 五有 list's "缺：" column starts after the widest title. */
	for (size_t i = first; i < first + cnt; i++) {
		const struct entry *e = a->v[i].entry >= 0 ? &l->v[a->v[i].entry] : NULL;

		if (a->v[i].kind == AUDIT_FIVE_HAVE && e && e->title && text_width(e->title) > title_cols)
			title_cols = text_width(e->title);
	}
	for (size_t i = first; i < first + cnt; i++) {
		const struct audit_finding *x = &a->v[i];
		const struct entry *e = x->entry >= 0 ? &l->v[x->entry] : NULL;

		if ((int)x->kind != last_kind) {
			end_kind(f, last_kind);
			fprintf(f, "  %s", kind_heading(x->kind));
			if (x->kind != AUDIT_EMPTY_MONTH && x->kind != AUDIT_FEW_SESSIONS &&
			    !audit_more_inline(x->kind))
				fputc('\n', f);
			last_kind = (int)x->kind;
		} else if (x->kind == AUDIT_EMPTY_MONTH) {
			fputs(_("、"), f);
		}
		switch (x->kind) {
		case AUDIT_FIVE_HAVE: {
			int sep = 0;

			print_activity_line(f, e, title_cols);
			fputs(_("  缺："), f);
			for (int k = 0; k < FIVE_HAVE_COUNT; k++)
				if (x->mask & (1u << k)) {
					fprintf(f, "%s%s", sep ? _("、") : "",
						_(report_five_have_short[k]));
					sep = 1;
				}
			fputc('\n', f);
			break;
		}
		case AUDIT_CONFLICT:
		case AUDIT_IDLE_VOLUNTEER:
			if (e->type == REC_ACTIVITY)
				print_activity_line(f, e, 0);
			else
				print_volunteer_line(f, e);
			fputc('\n', f);
			break;
		case AUDIT_EMPTY_MONTH:
			fputs(_(report_month_names[x->month - 1]), f);
			break;
		case AUDIT_FEW_SESSIONS:
			fprintf(f, _("全年 %ld 次，最少 %ld 次，差 %ld 次\n"), x->count,
				report_rules(&a->rep)->min_sessions,
				report_rules(&a->rep)->min_sessions - x->count);
			break;
		case AUDIT_INVALID:
			print_invalid(f, ci, e, x->mask);
			break;
		default:
			audit_more_print(f, l, a, x);
			break;
		}
	}
	end_kind(f, last_kind);
}

int audit_print(FILE *f, const struct ledger *l, const struct audit *a,
		struct ggw_error *err)
{
	const struct report *r = &a->rep;
	const struct check_index *ci = &a->index;
	size_t dummy;

	fprintf(f, _("%s留痕检查（%d年）\n"), r->street, r->year);
	if (a->n) {
		fprintf(f, _("共发现 %zu 个问题：五有不全 %zu，冲突 %zu，空白月份 %zu，未参加活动的志愿者 %zu，学习培训会议不足 %zu，未通过检查 %zu"),
			a->n, a->per_kind[AUDIT_FIVE_HAVE], a->per_kind[AUDIT_CONFLICT],
			a->per_kind[AUDIT_EMPTY_MONTH], a->per_kind[AUDIT_IDLE_VOLUNTEER],
			a->per_kind[AUDIT_FEW_SESSIONS], a->per_kind[AUDIT_INVALID]);
		audit_more_summary(f, a);
		fputs(_("。\n"), f);
	} else
		fputs(_("未发现问题。\n"), f);
	if (a->invalid_other_years)
		fprintf(f, _("另有其他年份的 %zu 条记录未通过检查，用 ggw check 查看。\n"),
			a->invalid_other_years);
	for (size_t i = 0; i < r->n_units; i++) {
		fputc('\n', f);
		print_unit(f, l, ci, a, (int)i, r->units[i].name);
	}
	if (audit_unit_findings(a, -1, &dummy)) {
		fputc('\n', f);
		print_unit(f, l, ci, a, -1, _("不属于任何已知单位的记录"));
	}
	if (fflush(f) != 0 || ferror(f))
		return ggw_fail(err, GGW_EIO, _("写出检查结果失败"));
	return 0;
}
