/* The year's statistics: one pass over the ledger's entries. See report.h
 * for the definitions of what is counted. */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/date.h"
#include "../model/i18n.h"
#include "../model/record.h"
#include "facts.h"
#include "report_more.h"
#include "rules_load.h"

const char *const report_five_have_short[FIVE_HAVE_COUNT] = {
	N_("计划"), N_("分工"), N_("实施"), N_("表彰"), N_("总结")
};

const char *const report_month_names[12] = {
	N_("1月"), N_("2月"), N_("3月"), N_("4月"), N_("5月"), N_("6月"),
	N_("7月"), N_("8月"), N_("9月"), N_("10月"), N_("11月"), N_("12月")
};

int report_is_lecture_by(const struct rules *ru, const struct entry *e)
{
	int large = entry_fact_bool(e, "large", -1);

	if (large >= 0)
		return large; /* the unit said so */
	if (ru->large_flag_only)
		return 0;
	if (e->form < 0 || strcmp(enum_form[e->form].key, "lecture"))
		return 0;
	return (long)e->youth_count + e->adult_count >= ru->large_min_audience;
}

int report_is_lecture(const struct entry *e)
{
	return report_is_lecture_by(rules_default(), e);
}

const struct rules *report_rules(const struct report *r)
{
	return r && r->rules ? r->rules : rules_default();
}

int report_is_session(const struct entry *e)
{
	if (e->form >= 0 && (!strcmp(enum_form[e->form].key, "training") ||
			     !strcmp(enum_form[e->form].key, "meeting")))
		return 1;
	return e->category >= 0 && !strcmp(enum_category[e->category].key, "selfbuild");
}

int report_today(void)
{
	return date_today();
}

/* "activities/<unit>/<YYYY>/..." or "volunteers/<unit>/...": the n-th
 * (0-based) path component into buf. */
static const char *path_component(const char *path, int n, char *buf, size_t len)
{
	const char *p = path, *slash;

	if (!path)
		return NULL;
	for (int i = 0; i < n; i++) {
		if (!(slash = strchr(p, '/')))
			return NULL;
		p = slash + 1;
	}
	slash = strchr(p, '/');
	if (!slash || (size_t)(slash - p) >= len || slash == p)
		return NULL;
	memcpy(buf, p, (size_t)(slash - p));
	buf[slash - p] = '\0';
	return buf;
}

const char *report_entry_unit(const struct entry *e, char *buf, size_t len)
{
	if (e->unit && *e->unit)
		return e->unit;
	return path_component(e->path, 1, buf, len);
}

int report_entry_year(const struct entry *e)
{
	char buf[16];

	if (e->date > 0 && e->type == REC_ACTIVITY)
		return e->date / 10000;
	if (!e->path || strncmp(e->path, "activities/", 11))
		return 0;
	if (!path_component(e->path, 2, buf, sizeof(buf)) || strlen(buf) != 4 ||
	    strspn(buf, "0123456789") != 4)
		return 0;
	return atoi(buf);
}

int report_most_missing(const long missing[FIVE_HAVE_COUNT])
{
	int best = -1;

	for (int i = 0; i < FIVE_HAVE_COUNT; i++)
		if (missing[i] > 0 && (best < 0 || missing[i] > missing[best]))
			best = i;
	return best;
}

/* Volunteer ids -> ledger entry, a sorted array searched with bsearch. When
 * an id appears twice, the first entry in ledger order counts. */
struct vol_slot {
	const char *id;
	size_t entry;  /* index in ledger->v */
	long vol;      /* index in report->vols, -1 if not on the books */
};

struct vol_index {
	struct vol_slot *v;
	size_t n;
};

/* A volunteer id as it appears in an activity's list: not NUL-ended. */
struct id_span {
	const char *s;
	size_t n;
};

static int slot_order(const void *pa, const void *pb)
{
	const struct vol_slot *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);

	if (c)
		return c;
	return (a->entry > b->entry) - (a->entry < b->entry);
}

static int span_vs_slot(const void *pk, const void *ps)
{
	const struct id_span *k = pk;
	const struct vol_slot *s = ps;
	int c = strncmp(k->s, s->id, k->n);

	if (c)
		return c;
	return s->id[k->n] ? -1 : 0;
}

static void vol_index_free(struct vol_index *x)
{
	free(x->v);
	x->v = NULL;
	x->n = 0;
}

/* A volunteer the report can know by id. */
static int volunteer_with_id(const struct entry *e)
{
	return e->type == REC_VOLUNTEER && e->valid && e->id;
}

/* Every valid volunteer with an id; duplicates after the first dropped. */
static int vol_index_build(struct vol_index *x, const struct ledger *l, struct ggw_error *err)
{
	size_t count = 0, kept = 0;

	x->v = NULL;
	x->n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (volunteer_with_id(&l->v[i]))
			count++;
	if (!count)
		return 0;
	if (!(x->v = malloc(count * sizeof(*x->v))))
		return ggw_oom(err);
	for (size_t i = 0; i < l->n; i++)
		if (volunteer_with_id(&l->v[i]))
			x->v[x->n++] = (struct vol_slot){ l->v[i].id, i, -1 };
	qsort(x->v, x->n, sizeof(*x->v), slot_order);
	for (size_t i = 0; i < x->n; i++)
		if (!kept || strcmp(x->v[kept - 1].id, x->v[i].id))
			x->v[kept++] = x->v[i];
	x->n = kept;
	return 0;
}

static struct vol_slot *vol_index_find(const struct vol_index *x, const char *id, size_t n)
{
	struct id_span key = { id, n };

	if (!x->n || !n)
		return NULL;
	return bsearch(&key, x->v, x->n, sizeof(*x->v), span_vs_slot);
}

static int unit_index(const struct report *r, size_t n_known, const char *key)
{
	if (!key)
		return -1;
	for (size_t i = 0; i < n_known; i++)
		if (!strcmp(r->units[i].key, key))
			return (int)i;
	return -1;
}

static void count_add(struct report_counts *c, const struct entry *e)
{
	c->activities++;
	c->youth += e->youth_count;
	c->adults += e->adult_count;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	report_more_free(r);
	free(r->units);
	free(r->vols);
	r->units = NULL;
	r->vols = NULL;
	r->n_units = r->n_vols = 0;
}

/* What the counting steps share. */
struct tally {
	struct report *out;
	const struct ledger *l;
	struct vol_index ids;
	size_t n_known;      /* rows of units.yaml units; the next is "unknown" */
	int unknown_used;    /* an activity of the year had an unknown unit */
	int year_end;        /* yyyymmdd of 31 Dec */
};

/* The report's head: year, street, enum sizes, months due. */
static int report_start(struct report *out, const struct ledger *l, int year,
			const char *unit_filter, int today, struct ggw_error *err)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	out->street = l->units.street ? l->units.street : "";
	out->unit_filter = unit_filter;
	out->n_categories = enum_count(enum_category);
	out->n_forms = enum_count(enum_form);
	out->n_groups = enum_count(enum_group);
	if (out->n_categories > REPORT_MAX_ENUM || out->n_forms > REPORT_MAX_ENUM ||
	    out->n_groups > REPORT_MAX_ENUM)
		return ggw_fail(err, GGW_EINVALID, "report: REPORT_MAX_ENUM too small");
	if (year <= 0 || year > 9999)
		return ggw_fail(err, GGW_EUSAGE, _("年份 %d 不对"), year);
	if (!today)
		today = report_today();
	out->today = today;
	if (year < today / 10000)
		out->months_due = 12;
	else if (year == today / 10000)
		out->months_due = today / 100 % 100;
	return 0;
}

/* Rows: the units of units.yaml (or the one asked for), plus one for
 * activities of units not in units.yaml. */
static int unit_rows(struct tally *t, const char *unit_filter, struct ggw_error *err)
{
	const struct ledger *l = t->l;
	struct report *out = t->out;
	size_t n_known = 0;

	out->units = calloc(l->units.n + 2, sizeof(*out->units));
	if (!out->units)
		return ggw_oom(err);
	for (size_t i = 0; i < l->units.n; i++) {
		const struct unit_info *u = &l->units.v[i];

		if (unit_filter && strcmp(unit_filter, u->key))
			continue;
		out->units[n_known].key = u->key;
		out->units[n_known].name = u->name && *u->name ? u->name : u->key;
		out->units[n_known].kind = u->kind;
		n_known++;
	}
	if (unit_filter && n_known == 0)
		return ggw_fail(err, GGW_ENOTFOUND,
				_("units.yaml 中没有单位“%s”；可用 ggw unit list 查看"),
				unit_filter);
	out->units[n_known].key = NULL;
	out->units[n_known].name = _("其他单位（不在 units.yaml 中）");
	t->n_known = n_known;
	return 0;
}

/* Volunteers of the listed units on the books for the year: rows of
 * report->vols, per-unit and per-group counts. */
static int count_volunteers(struct tally *t, struct ggw_error *err)
{
	struct report *out = t->out;
	const struct ledger *l = t->l;

	if (t->ids.n && !(out->vols = calloc(t->ids.n, sizeof(*out->vols))))
		return ggw_oom(err);
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		struct vol_slot *s;
		int u;

		if (!volunteer_with_id(e))
			continue;
		s = vol_index_find(&t->ids, e->id, strlen(e->id));
		if (!s || s->entry != i)
			continue; /* the same id twice: the first one counts */
		u = unit_index(out, t->n_known, e->unit);
		if (u < 0 || (e->date && e->date > t->year_end))
			continue;
		s->vol = (long)out->n_vols;
		out->vols[out->n_vols].entry = i;
		out->vols[out->n_vols].unit = u;
		out->n_vols++;
		out->units[u].volunteers++;
		out->units[u].volunteers_active += e->active != 0;
		if (e->group >= 0 && (size_t)e->group < out->n_groups) {
			out->by_group[e->group].volunteers++;
			out->by_group[e->group].active += e->active != 0;
		}
		out->groups_total.volunteers++;
		out->groups_total.active += e->active != 0;
	}
	return 0;
}

/* A record failing check: counted in n_invalid (and its unit's row) when
 * it is of the year (activities) and of a listed unit. */
static void count_invalid(struct tally *t, const struct entry *e)
{
	struct report *out = t->out;
	char ubuf[48];
	const char *key = report_entry_unit(e, ubuf, sizeof(ubuf));
	int u;

	if (e->type == REC_ACTIVITY && report_entry_year(e) != out->year)
		return;
	u = unit_index(out, t->n_known, key);
	if (u >= 0)
		out->units[u].invalid++;
	if (u >= 0 || !out->unit_filter)
		out->n_invalid++;
}

/* Who took part in an activity of the year: every volunteer named gets
 * one more activity (whichever unit ran it); returns the groups (bit g). */
static unsigned count_participants(struct tally *t, const struct entry *e)
{
	const char *p = e->volunteer_ids;
	unsigned groups = 0;

	if (!p || !t->ids.n)
		return 0;
	while (*p) {
		size_t n = strcspn(p, " ");
		const struct vol_slot *s = vol_index_find(&t->ids, p, n);

		if (s) {
			const struct entry *v = &t->l->v[s->entry];

			if (s->vol >= 0)
				t->out->vols[s->vol].activities++;
			if (v->group >= 0 && (size_t)v->group < t->out->n_groups)
				groups |= 1u << v->group;
		}
		p += n;
		p += strspn(p, " ");
	}
	return groups;
}

/* The previous year's figures, for comparison. */
static void count_previous(const struct rules *ru, struct report_year *prev, const struct entry *e)
{
	prev->activities++;
	prev->youth += e->youth_count;
	prev->adults += e->adult_count;
	prev->lectures += report_is_lecture_by(ru, e);
	prev->sessions += report_is_session(e);
	for (int k = 0; k < LEVEL_COUNT; k++)
		prev->publicity += e->publicity[k];
}

/* Publicity pieces per level, 五有 coverage and conflicts of one activity
 * of the year, in its unit's row and the totals. */
static void count_quality(struct report *out, struct report_unit *ru, const struct entry *e)
{
	for (int k = 0; k < LEVEL_COUNT; k++) {
		ru->publicity[k] += e->publicity[k];
		ru->publicity_total += e->publicity[k];
		out->publicity[k] += e->publicity[k];
		out->cur.publicity += e->publicity[k];
	}
	if ((e->five_have & 0x1f) == 0x1f) {
		ru->five_complete++;
		out->five_complete++;
	}
	for (int k = 0; k < FIVE_HAVE_COUNT; k++)
		if (!(e->five_have & (1u << k))) {
			ru->five_missing[k]++;
			out->five_missing[k]++;
		}
	if (e->has_conflicts) {
		ru->conflicts++;
		out->conflicts++;
	}
}

/* One activity of the year in its unit's row and the breakdowns. */
static void count_current(struct report *out, struct report_unit *ru, const struct entry *e,
			  unsigned groups)
{
	int month = (e->date / 100 % 100 + 11) % 12;

	count_add(&ru->total, e);
	if (e->category >= 0 && (size_t)e->category < out->n_categories)
		count_add(&out->by_category[e->category], e);
	if (e->form >= 0 && (size_t)e->form < out->n_forms)
		count_add(&out->by_form[e->form], e);
	count_add(&out->by_month[month], e);
	ru->months[month]++;
	out->cur.activities++;
	out->cur.youth += e->youth_count;
	out->cur.adults += e->adult_count;
	if (report_is_lecture_by(report_rules(out), e)) {
		ru->lectures++;
		out->cur.lectures++;
	}
	if (report_is_session(e)) {
		ru->sessions++;
		out->cur.sessions++;
	}
	count_quality(out, ru, e);
	for (size_t g = 0; g < out->n_groups; g++)
		if (groups & (1u << g))
			out->by_group[g].activities++;
	if (groups)
		out->groups_total.activities++;
}

/* A valid activity of the year or the year before. */
static void count_activity(struct tally *t, const struct entry *e)
{
	struct report *out = t->out;
	int y = e->date / 10000, u;
	unsigned groups = 0;

	if (y != out->year && y != out->year - 1)
		return;
	u = unit_index(out, t->n_known, e->unit);
	if (y == out->year)
		groups = count_participants(t, e);
	if (u < 0 && out->unit_filter)
		return; /* not a listed unit */
	if (u < 0) {
		u = (int)t->n_known;
		t->unknown_used |= y == out->year;
	}
	if (y == out->year - 1)
		count_previous(report_rules(out), &out->prev, e);
	else
		count_current(out, &out->units[u], e, groups);
}

/* A valid volunteer's conflicts, if of a listed unit. */
static void count_volunteer_conflicts(struct tally *t, const struct entry *e)
{
	int u = unit_index(t->out, t->n_known, e->unit);

	if (u >= 0 && e->has_conflicts) {
		t->out->units[u].conflicts++;
		t->out->conflicts++;
	}
}

int report_compute(const struct ledger *l, int year, const char *unit_filter,
		   int today, struct report *out, struct ggw_error *err)
{
	struct tally t = { out, l, { NULL, 0 }, 0, 0, year * 10000 + 1231 };
	int rc;

	if ((rc = report_start(out, l, year, unit_filter, today, err)) < 0)
		return rc;
	if ((rc = ledger_rules_ok(l, err)) < 0)
		return rc;
	out->rules = ledger_rules(l);
	if ((rc = unit_rows(&t, unit_filter, err)) < 0)
		return rc;
	/* Volunteers first: activities look their participants up. */
	if ((rc = vol_index_build(&t.ids, l, err)) < 0)
		goto done;
	if ((rc = count_volunteers(&t, err)) < 0)
		goto done;
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];

		if (!e->valid || !units_find(&l->units, e->unit))
			count_invalid(&t, e);
		else if (e->type != REC_ACTIVITY)
			count_volunteer_conflicts(&t, e);
		else
			count_activity(&t, e);
	}
	out->n_units = t.n_known + (t.unknown_used ? 1 : 0);
	rc = report_more_compute(l, out, t.n_known, err);
done:
	vol_index_free(&t.ids);
	return rc;
}
