/* The self-score: counts from the report, points from the rules. */
#include "score.h"

#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/text.h"
#include "../model/fields_more.h"
#include "facts.h"
#include "output.h"

int score_format_from_key(const char *key)
{
	if (!strcmp(key, "text"))
		return SCORE_TEXT;
	if (!strcmp(key, "csv"))
		return SCORE_CSV;
	return -1;
}

void score_free(struct score *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_units; i++)
		free(s->units[i].items);
	free(s->units);
	free(s->street.items);
	report_free(&s->rep);
	memset(s, 0, sizeof(*s));
}

/* Offices of the unit in use and with a sign on the door. */
static long office_signed(const struct ledger *l, const struct report *r, size_t ui)
{
	long n = 0;

	for (size_t i = 0; i < r->n_sites; i++) {
		const struct entry *e = &l->v[r->sites[i].entry];

		if (r->sites[i].unit == (int)ui && entry_fact_bool(e, "sign", 0) &&
		    entry_fact_enum(e, "kind", enum_site_kind) == enum_index(enum_site_kind, "office"))
			n++;
	}
	return n;
}

/* The count of enum key in one of struct report_more's arrays. */
static long by_key(const long *counts, const struct enum_item *items, const char *key)
{
	int i = enum_index(items, key);

	return i >= 0 ? counts[i] : 0;
}

/* Measures of the record types of records-more.md: report_more's figures. */
static void more_measures(const struct report_more *mm, long *m)
{
	m[RM_PLAN] = by_key(mm->documents, enum_document_kind, "plan");
	m[RM_HALFYEAR] = by_key(mm->documents, enum_document_kind, "halfyear");
	m[RM_SUMMARY] = by_key(mm->documents, enum_document_kind, "summary");
	m[RM_REPORT_SENT] = mm->report_sent_on_time;
	m[RM_BRIEFINGS] = by_key(mm->documents, enum_document_kind, "briefing");
	m[RM_RULES_DOCS] = by_key(mm->documents, enum_document_kind, "rules");
	m[RM_RESEARCH] = by_key(mm->documents, enum_document_kind, "research");
	m[RM_INFORMATION] = by_key(mm->documents, enum_document_kind, "information");
	m[RM_DIRECTOR] = by_key(mm->members, enum_member_role, "director");
	m[RM_EXECUTIVE] = by_key(mm->members, enum_member_role, "executive");
	m[RM_LIAISON] = by_key(mm->members, enum_member_role, "liaison");
	m[RM_STATIONS] = by_key(mm->sites, enum_site_kind, "station");
	m[RM_STATION_ACTIVITIES] = mm->station_activities;
	m[RM_BUDGET_YUAN] = by_key(mm->money, enum_fund_kind, "budget") / 100;
	m[RM_AWARDS_CITY] = by_key(mm->awards, enum_award_level, "city") +
			    by_key(mm->awards, enum_award_level, "province") +
			    by_key(mm->awards, enum_award_level, "national");
	m[RM_TEAMS] = mm->teams_total;
	m[RM_CASES_PAIRED] = mm->cases_paired;
	m[RM_NO_EVIDENCE] = mm->no_evidence;
}

/* What the ledger shows for a unit's row of the report. */
static void unit_measures(const struct ledger *l, const struct report *r, size_t ui, long *m)
{
	const struct report_unit *u = &r->units[ui];

	memset(m, 0, RM__COUNT * sizeof(*m));
	m[RM_ACTIVITIES] = u->total.activities;
	m[RM_YOUTH] = u->total.youth;
	m[RM_ADULTS] = u->total.adults;
	m[RM_LECTURES] = u->lectures;
	m[RM_SESSIONS] = u->sessions;
	for (int k = 0; k < r->months_due; k++)
		m[RM_MONTHS_ACTIVE] += u->months[k] > 0;
	m[RM_FIVE_HAVE_COMPLETE] = u->five_complete;
	m[RM_PUBLICITY] = u->publicity_total;
	for (int k = 0; k < LEVEL_COUNT; k++)
		if (!strcmp(enum_level[k].key, "county") || !strcmp(enum_level[k].key, "city") ||
		    !strcmp(enum_level[k].key, "province") || !strcmp(enum_level[k].key, "national"))
			m[RM_PUBLICITY_COUNTY] += u->publicity[k];
	m[RM_VOLUNTEERS] = u->volunteers;
	m[RM_VOLUNTEERS_ACTIVE] = u->volunteers_active;
	for (size_t i = 0; i < r->n_vols; i++)
		if (r->vols[i].unit == (int)ui && r->vols[i].activities > 0 &&
		    l->v[r->vols[i].entry].active)
			m[RM_VOLUNTEERS_ENGAGED]++;
	m[RM_CONFLICTS] = u->conflicts;
	m[RM_INVALID] = u->invalid;
	more_measures(&u->more, m);
	m[RM_OFFICE_SIGN] = office_signed(l, r, ui);
}

/* Points one part takes off: per missing one, capped, never more than
 * the item. */
static int part_lost(const struct rules_part *p, long missing, int points)
{
	long lost;

	if (missing <= 0)
		return 0;
	if (missing > RULES_MAX_POINTS)
		missing = RULES_MAX_POINTS; /* no overflow; the item caps it anyway */
	lost = p->deduct < 0 ? points : missing * p->deduct;
	if (p->max_deduct >= 0 && lost > p->max_deduct)
		lost = p->max_deduct;
	return lost > points ? points : (int)lost;
}

static void score_unit_items(const struct score *s, struct score_unit *su)
{
	const struct rules *ru = s->rules;

	for (size_t i = 0; i < ru->n_items; i++) {
		const struct rules_item *it = &ru->items[i];
		struct score_item *si = &su->items[i];
		int lost = 0;

		for (size_t k = 0; k < it->n_parts; k++) {
			const struct rules_part *p = &it->parts[k];
			struct score_part *sp = &si->parts[k];
			int bad = rules_measures[p->measure].need == NEED_NONE_BAD;

			sp->measure = p->measure;
			sp->have = su->measures[p->measure];
			sp->need = rules_part_need(ru, p, s->rep.months_due, su->measures[RM_ACTIVITIES],
						   su->measures[RM_VOLUNTEERS_ACTIVE]);
			sp->missing = bad ? sp->have - sp->need : sp->need - sp->have;
			if (sp->missing < 0)
				sp->missing = 0;
			sp->lost = part_lost(p, sp->missing, it->points);
			lost += sp->lost;
		}
		if (it->bonus) {
			si->got = lost ? 0 : it->points;
			su->bonus_got += si->got;
			su->bonus_possible += it->points;
		} else {
			si->got = lost >= it->points ? 0 : it->points - lost;
			su->got += si->got;
			su->possible += it->points;
		}
	}
}

/* The street's row: sums over the units; a part's missing counts the
 * units that fall short. */
static void street_add(struct score_unit *st, const struct score_unit *su, size_t n_items,
		       const struct rules *ru)
{
	for (int m = 0; m < RM__COUNT; m++)
		st->measures[m] += su->measures[m];
	st->got += su->got;
	st->possible += su->possible;
	st->bonus_got += su->bonus_got;
	st->bonus_possible += su->bonus_possible;
	for (size_t i = 0; i < n_items; i++) {
		st->items[i].got += su->items[i].got;
		for (size_t k = 0; k < ru->items[i].n_parts; k++) {
			struct score_part *sp = &st->items[i].parts[k];
			const struct score_part *up = &su->items[i].parts[k];

			sp->measure = up->measure;
			sp->have += up->have;
			sp->need += up->need;
			sp->missing += up->missing > 0;
			sp->lost += up->lost;
		}
	}
}

int score_compute(const struct ledger *l, int year, const char *unit_filter, int today,
		  struct score *out, struct ggw_error *err)
{
	size_t n_items, known = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = report_compute(l, year, unit_filter, today, &out->rep, err)) < 0)
		return rc;
	out->rules = report_rules(&out->rep);
	n_items = out->rules->n_items;
	for (size_t i = 0; i < out->rep.n_units; i++)
		known += out->rep.units[i].key != NULL;
	out->units = calloc(known ? known : 1, sizeof(*out->units));
	out->street.items = calloc(n_items ? n_items : 1, sizeof(*out->street.items));
	if (!out->units || !out->street.items)
		return ggw_oom(err);
	out->street.name = out->rep.street;
	for (size_t i = 0; i < out->rep.n_units; i++) {
		struct score_unit *su;

		if (!out->rep.units[i].key)
			continue; /* records of units not in units.yaml: no sheet */
		su = &out->units[out->n_units];
		if (!(su->items = calloc(n_items ? n_items : 1, sizeof(*su->items))))
			return ggw_oom(err);
		out->n_units++;
		su->key = out->rep.units[i].key;
		su->name = out->rep.units[i].name;
		unit_measures(l, &out->rep, i, su->measures);
		score_unit_items(out, su);
		street_add(&out->street, su, n_items, out->rules);
	}
	return 0;
}

/* ---- printing ---- */

static void print_part(FILE *f, const struct score_part *sp, int street, int bonus)
{
	const struct rules_measure_info *mi = &rules_measures[sp->measure];
	char pts[16];

	fprintf(f, "      - %s%s：", _(mi->label), mi->from_new_records ? _("（新记录类型）") : "");
	if (street) {
		fprintf(f, _("合计 %ld，%ld 个单位不足"), sp->have, sp->missing);
		if (sp->lost && !bonus)
			fprintf(f, _("，共扣 %s 分"), rules_points_str(sp->lost, pts, sizeof(pts)));
		fputc('\n', f);
		return;
	}
	if (mi->need == NEED_NONE_BAD)
		fprintf(f, _("台账有 %ld，最多 %ld"), sp->have, sp->need);
	else
		fprintf(f, _("台账有 %ld，需要 %ld"), sp->have, sp->need);
	if (!sp->missing) {
		fputs(_("，达标\n"), f);
		return;
	}
	fprintf(f, _("，差 %ld"), sp->missing);
	if (sp->lost && !bonus)
		fprintf(f, _("，扣 %s 分"), rules_points_str(sp->lost, pts, sizeof(pts)));
	fprintf(f, "\n        → %s\n", _(mi->hint));
}

static void print_unit_text(FILE *f, const struct score *s, const struct score_unit *su, int street)
{
	const struct rules *ru = s->rules;
	char got[16], pos[16], pts[16];

	fprintf(f, _("【%s】得分 %s / %s"), su->name, rules_points_str(su->got, got, sizeof(got)),
		rules_points_str(su->possible, pos, sizeof(pos)));
	if (su->bonus_possible)
		fprintf(f, _("，加分 %s"), rules_points_str(su->bonus_got, pts, sizeof(pts)));
	if (street && s->n_units)
		fprintf(f, _("（%zu 个单位合计，平均 %.1f 分）"), s->n_units,
			(double)su->got / 10.0 / (double)s->n_units);
	fputc('\n', f);
	for (size_t i = 0; i < ru->n_items; i++) {
		const struct rules_item *it = &ru->items[i];
		const struct score_item *si = &su->items[i];

		fprintf(f, "  %zu. %s%s\n     ", i + 1, it->bonus ? _("（加分）") : "", it->title);
		if (street)
			fprintf(f, _("满分 %s，合计得 %s\n"),
				rules_points_str(it->points * (int)s->n_units, pos, sizeof(pos)),
				rules_points_str(si->got, got, sizeof(got)));
		else
			fprintf(f, _("%s 分，得 %s 分\n"), rules_points_str(it->points, pos, sizeof(pos)),
				rules_points_str(si->got, got, sizeof(got)));
		for (size_t k = 0; k < it->n_parts; k++)
			print_part(f, &si->parts[k], street, it->bonus);
	}
}

/* CSV cells: a comma before every cell but a row's first; text guarded
 * against formulas (csv_field_excel), figures as they are. */
struct csv_row {
	FILE *f;
	int col;
};

static void csv_text(struct csv_row *r, const char *s)
{
	if (r->col++)
		fputc(',', r->f);
	csv_field_excel(r->f, s);
}

static void csv_long(struct csv_row *r, long v)
{
	if (r->col++)
		fputc(',', r->f);
	fprintf(r->f, "%ld", v);
}

static void csv_points(struct csv_row *r, int tenths)
{
	char buf[16];

	if (r->col++)
		fputc(',', r->f);
	fputs(rules_points_str(tenths, buf, sizeof(buf)), r->f);
}

static void csv_row_end(struct csv_row *r)
{
	csv_end_row(r->f);
	r->col = 0;
}

static void print_unit_csv(FILE *f, const struct score *s, const struct score_unit *su,
			   const char *key)
{
	struct csv_row row = { f, 0 };

	for (size_t i = 0; i < s->rules->n_items; i++) {
		const struct rules_item *it = &s->rules->items[i];

		for (size_t k = 0; k < it->n_parts; k++) {
			const struct score_part *sp = &su->items[i].parts[k];

			csv_text(&row, key);
			csv_text(&row, su->name);
			csv_text(&row, it->id);
			csv_text(&row, it->title);
			csv_points(&row, it->points);
			csv_points(&row, su->items[i].got);
			csv_text(&row, rules_measures[sp->measure].key);
			csv_long(&row, sp->have);
			csv_long(&row, sp->need);
			csv_long(&row, sp->missing);
			csv_points(&row, sp->lost);
			csv_text(&row, sp->missing && strcmp(key, "*") ? _(rules_measures[sp->measure].hint) : "");
			csv_row_end(&row);
		}
	}
}

int score_print(FILE *f, const struct score *s, enum score_format fmt, struct ggw_error *err)
{
	if (fmt == SCORE_CSV) {
		fputs("unit,unit_name,item,title,points,got,check,have,need,missing,lost,hint", f);
		csv_end_row(f);
		for (size_t i = 0; i < s->n_units; i++)
			print_unit_csv(f, s, &s->units[i], s->units[i].key);
		if (!s->rep.unit_filter)
			print_unit_csv(f, s, &s->street, "*");
	} else {
		fprintf(f, _("%s自评（%d年）\n"), s->rep.street, s->rep.year);
		fprintf(f, _("评分表：%s\n"), s->rules->name);
		if (*s->rules->source)
			fprintf(f, _("来源：%s\n"), s->rules->source);
		fputs(_("按台账中的记录计算；标“新记录类型”的检查项按年度文件、组织成员、阵地、经费、表彰、队伍和关爱对象记录计算。\n"), f);
		for (size_t i = 0; i < s->n_units; i++) {
			fputc('\n', f);
			print_unit_text(f, s, &s->units[i], 0);
		}
		if (!s->rep.unit_filter && s->n_units > 1) {
			fputc('\n', f);
			print_unit_text(f, s, &s->street, 1);
		}
	}
	if (fflush(f) != 0 || ferror(f))
		return ggw_fail(err, GGW_EIO, _("写出自评结果失败"));
	return 0;
}

int score_print_form(FILE *f, const struct score *s, enum score_format fmt,
		     struct ggw_error *err)
{
	const struct rules *ru = s->rules;
	size_t *w = calloc(ru->n_columns + 1, sizeof(*w));
	size_t name_w = text_width(_("合计"));
	struct csv_row row = { f, 0 };

	if (!w)
		return ggw_oom(err);
	for (size_t i = 0; i < s->n_units; i++)
		if (text_width(s->units[i].name) > name_w)
			name_w = text_width(s->units[i].name);
	for (size_t c = 0; c < ru->n_columns; c++)
		w[c] = text_width(ru->columns[c].title) < 6 ? 6 : text_width(ru->columns[c].title);
	if (fmt == SCORE_TEXT) {
		fprintf(f, _("%s年度报表（%d年，%s）\n\n"), s->rep.street, s->rep.year, ru->name);
		text_pad(f, _("单位"), name_w);
		for (size_t c = 0; c < ru->n_columns; c++) {
			fputs("  ", f);
			text_pad(f, ru->columns[c].title, w[c]);
		}
	} else {
		csv_text(&row, _("单位"));
		for (size_t c = 0; c < ru->n_columns; c++)
			csv_text(&row, ru->columns[c].title);
	}
	for (size_t i = 0; i <= s->n_units; i++) {
		const struct score_unit *su = i < s->n_units ? &s->units[i] : &s->street;

		if (i == s->n_units && s->rep.unit_filter)
			break;
		if (fmt == SCORE_CSV) {
			csv_row_end(&row);
			csv_text(&row, i < s->n_units ? su->name : _("合计"));
			for (size_t c = 0; c < ru->n_columns; c++)
				csv_long(&row, su->measures[ru->columns[c].measure]);
			continue;
		}
		fputc('\n', f);
		text_pad(f, i < s->n_units ? su->name : _("合计"), name_w);
		for (size_t c = 0; c < ru->n_columns; c++)
			fprintf(f, "  %*ld", (int)w[c], su->measures[ru->columns[c].measure]);
	}
	if (fmt == SCORE_CSV)
		csv_row_end(&row);
	else
		fputc('\n', f);
	free(w);
	if (fflush(f) != 0 || ferror(f))
		return ggw_fail(err, GGW_EIO, _("写出报表失败"));
	return 0;
}
