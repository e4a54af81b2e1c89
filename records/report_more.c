/* Documents, members, sites, awards, cases, funds, teams and the
 * activities' patrol, site and cases keys, counted per unit (report.h). */
#include "report_more.h"

#include <stdlib.h>
#include <string.h>

#include "../model/fields_more.h"
#include "../model/i18n.h"
#include "../model/rectype.h"
#include "facts.h"

#define FOREVER 99991231

/* Valid records by id (any unit), to follow the ids activities, members,
 * cases and teams cite. */
struct id_slot {
	const char *id;
	size_t entry;
};

struct more_ctx {
	const struct ledger *l;
	struct report *out;
	size_t n_known;
	int year_start, year_end;
	struct id_slot *ids;
	size_t n_ids;
	long *slot;              /* per entry: index in its record array, -1 */
	size_t cap_sites, cap_cases, cap_teams, cap_members;
};

static int slot_cmp(const void *pa, const void *pb)
{
	const struct id_slot *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

static const struct entry *find_valid(const struct more_ctx *c, const char *id, int type)
{
	struct id_slot key = { id, 0 }, *hit;

	if (!c->n_ids || !id)
		return NULL;
	hit = bsearch(&key, c->ids, c->n_ids, sizeof(*c->ids), slot_cmp);
	if (!hit || (int)c->l->v[hit->entry].type != type)
		return NULL;
	return &c->l->v[hit->entry];
}

static long find_entry(const struct more_ctx *c, const char *id)
{
	struct id_slot key = { id, 0 }, *hit;

	if (!c->n_ids || !id)
		return -1;
	hit = bsearch(&key, c->ids, c->n_ids, sizeof(*c->ids), slot_cmp);
	return hit ? (long)hit->entry : -1;
}

static int listed_unit(const struct more_ctx *c, const char *key)
{
	for (size_t i = 0; key && i < c->n_known; i++)
		if (!strcmp(c->out->units[i].key, key))
			return (int)i;
	return -1;
}

/* Call fn for every id cited under field (entry.refs: "field=id ..."). */
typedef void cited_fn(struct more_ctx *c, const struct entry *e, const char *id, void *arg);

static void each_cited(struct more_ctx *c, const struct entry *e, const char *field,
		       cited_fn *fn, void *arg)
{
	size_t fl = strlen(field);
	const char *p = e->refs;

	while (p && *p) {
		size_t n = strcspn(p, " ");

		if (n > fl + 1 && n - fl - 1 < 64 && p[fl] == '=' && !memcmp(p, field, fl)) {
			char id[64];

			memcpy(id, p + fl + 1, n - fl - 1);
			id[n - fl - 1] = '\0';
			fn(c, e, id, arg);
		}
		p += n;
		p += strspn(p, " ");
	}
}

static void count_if_volunteer(struct more_ctx *c, const struct entry *e, const char *id, void *arg)
{
	(void)e;
	if (find_valid(c, id, REC_VOLUNTEER))
		++*(long *)arg;
}

static long cited_volunteers(struct more_ctx *c, const struct entry *e, const char *field)
{
	long n = 0;

	each_cited(c, e, field, count_if_volunteer, &n);
	return n;
}

static int enum_key_is(const struct enum_item *items, int i, const char *key)
{
	return i >= 0 && !strcmp(items[i].key, key);
}

int report_member_in_post(const struct entry *e, int ymd)
{
	int since = entry_fact_date(e, "since"), until = entry_fact_date(e, "until");

	return (!since || since <= ymd) && (!until || until >= ymd);
}

/* The day a case was closed: closed:, else its opened day when its status
 * says closed without a date, else 0. */
static int case_closed_day(const struct entry *e)
{
	int closed = entry_fact_date(e, "closed");

	if (!closed && enum_key_is(enum_case_status, entry_fact_enum(e, "status", enum_case_status),
				   "closed"))
		closed = e->date ? e->date : 1;
	return closed;
}

int report_case_open_on(const struct entry *e, int ymd)
{
	int closed = case_closed_day(e);

	return e->date && e->date <= ymd && (!closed || closed > ymd);
}

static int push_record(struct more_ctx *c, struct report_record **v, size_t *n, size_t *cap,
		       size_t entry, int unit, long count)
{
	if (array_grow(v, cap, *n, sizeof(**v), 16) < 0)
		return -1;
	(*v)[*n] = (struct report_record){ entry, unit, count, 0 };
	c->slot[entry] = (long)(*n)++;
	return 0;
}


static void count_document(struct more_ctx *c, struct report_more *m, const struct entry *e)
{
	int kind = entry_fact_enum(e, "kind", enum_document_kind), date;

	if (kind < 0 || entry_fact_long(e, "year", 0) != c->out->year)
		return;
	m->documents[kind]++;
	if (enum_key_is(enum_document_kind, kind, "information") &&
	    entry_fact_long(e, "adopted_by", 0) > 0)
		m->information_adopted++;
	date = entry_fact_date(e, "date");
	if (enum_key_is(enum_document_kind, kind, "report-sent") && (!date || date <= c->year_end))
		m->report_sent_on_time++;
}

static int count_member(struct more_ctx *c, struct report_more *m, const struct entry *e,
			size_t i, int u)
{
	int role = entry_fact_enum(e, "role", enum_member_role);
	long five_old;

	if (role < 0 || !report_member_in_post(e, c->out->ref_day))
		return 0;
	five_old = cited_volunteers(c, e, "volunteer") > 0;
	m->members[role]++;
	m->members_total++;
	if (enum_key_is(enum_member_role, role, "executive"))
		m->executive_five_old += five_old;
	return push_record(c, &c->out->members, &c->out->n_members, &c->cap_members, i, u, five_old);
}

static int count_site(struct more_ctx *c, struct report_more *m, const struct entry *e,
		      size_t i, int u)
{
	int kind = entry_fact_enum(e, "kind", enum_site_kind);

	if (kind < 0 || (e->date && e->date > c->year_end))
		return 0;
	m->sites[kind]++;
	m->sites_total++;
	m->sites_signed += entry_fact_bool(e, "sign", 0);
	return push_record(c, &c->out->sites, &c->out->n_sites, &c->cap_sites, i, u, 0);
}

static int count_case(struct more_ctx *c, struct report_more *m, const struct entry *e,
		      size_t i, int u)
{
	int type = entry_fact_enum(e, "type", enum_case_type), closed = case_closed_day(e);
	int guidance = enum_key_is(enum_case_type, type, "guidance");
	int opened_now = e->date >= c->year_start && e->date <= c->year_end;
	int closed_now = closed >= c->year_start && closed <= c->year_end;
	long paired;

	if (type < 0 || !e->date || e->date > c->year_end || (closed && closed < c->year_start))
		return 0;
	paired = cited_volunteers(c, e, "volunteers") > 0;
	m->cases[type]++;
	m->cases_total++;
	m->cases_paired += paired;
	m->cases_opened += opened_now;
	m->cases_closed += closed_now;
	if (guidance) {
		m->guidance++;
		m->guidance_opened += opened_now;
		m->guidance_closed += closed_now;
		m->guidance_paired += paired;
	}
	return push_record(c, &c->out->cases, &c->out->n_cases, &c->cap_cases, i, u, 0);
}

static void count_fund(struct more_ctx *c, struct report_more *m, const struct entry *e)
{
	int kind = entry_fact_enum(e, "kind", enum_fund_kind);

	if (kind < 0 || e->date / 10000 != c->out->year)
		return;
	m->money[kind] += entry_fact_cents(e, "amount");
	m->aided += entry_fact_long(e, "aided_count", 0);
}

static int count_team(struct more_ctx *c, struct report_more *m, const struct entry *e,
		      size_t i, int u)
{
	int kind = entry_fact_enum(e, "kind", enum_team_kind);
	long appointed = entry_fact_long(e, "appointed", 0), members;

	if (kind < 0 || appointed > c->out->year)
		return 0;
	members = entry_fact_long(e, "volunteers", 0);
	m->teams[kind]++;
	m->teams_total++;
	m->team_members += members;
	return push_record(c, &c->out->teams, &c->out->n_teams, &c->cap_teams, i, u, members);
}

static void count_award(struct more_ctx *c, struct report_more *m, const struct entry *e)
{
	int level = entry_fact_enum(e, "level", enum_award_level);

	if (level < 0 || e->date / 10000 != c->out->year)
		return;
	m->awards[level]++;
	m->awards_total++;
}

/* One record of a new type, of a listed unit. */
static int count_record(struct more_ctx *c, const struct entry *e, size_t i, int u)
{
	struct report_more *m = &c->out->units[u].more;

	switch (e->type) {
	case REC_DOCUMENT: count_document(c, m, e); return 0;
	case REC_MEMBER: return count_member(c, m, e, i, u);
	case REC_SITE: return count_site(c, m, e, i, u);
	case REC_CASE: return count_case(c, m, e, i, u);
	case REC_FUND: count_fund(c, m, e); return 0;
	case REC_TEAM: return count_team(c, m, e, i, u);
	case REC_AWARD: count_award(c, m, e); return 0;
	default: return 0;
	}
}

/* An activity at a station: counted for the site's own unit. */
static void activity_at_site(struct more_ctx *c, const struct entry *a, const char *id, void *arg)
{
	long k = find_entry(c, id), s;
	struct report_record *r;

	(void)arg;
	if (k < 0 || (s = c->slot[k]) < 0 || c->l->v[k].type != REC_SITE)
		return;
	r = &c->out->sites[s];
	if (a->date / 10000 != c->out->year)
		return;
	r->count++;
	if (enum_key_is(enum_site_kind, entry_fact_enum(&c->l->v[k], "kind", enum_site_kind), "station"))
		c->out->units[r->unit].more.station_activities++;
}

/* A contact with a case: the year's ones counted, the last one kept. */
static void activity_for_case(struct more_ctx *c, const struct entry *a, const char *id, void *arg)
{
	long k = find_entry(c, id), s;
	struct report_record *r;

	(void)arg;
	if (k < 0 || (s = c->slot[k]) < 0 || c->l->v[k].type != REC_CASE)
		return;
	r = &c->out->cases[s];
	if (a->date <= c->out->ref_day && a->date > r->last)
		r->last = a->date;
	if (a->date / 10000 != c->out->year)
		return;
	r->count++;
	c->out->units[r->unit].more.case_contacts++;
	if (enum_key_is(enum_case_type, entry_fact_enum(&c->l->v[k], "type", enum_case_type), "guidance"))
		c->out->units[r->unit].more.guidance_contacts++;
}

static void count_activity_more(struct more_ctx *c, const struct entry *e)
{
	int u = listed_unit(c, e->unit);

	each_cited(c, e, "site", activity_at_site, NULL);
	each_cited(c, e, "cases", activity_for_case, NULL);
	if (u < 0 || e->date / 10000 != c->out->year)
		return;
	if (entry_fact_long(e, "evidence", 0) <= 0)
		c->out->units[u].more.no_evidence++;
	if (e->facts && strstr(e->facts, "patrol.")) {
		struct report_more *m = &c->out->units[u].more;

		m->patrols++;
		m->venues_checked += entry_fact_long(e, "patrol.venues_checked", 0);
		m->minors_advised += entry_fact_long(e, "patrol.minors_advised", 0);
		m->referred += entry_fact_long(e, "patrol.referred_to", 0);
	}
}

/* ---- posts empty for more than three months ---- */

struct term {
	int since, until;
};

static int term_cmp(const void *pa, const void *pb)
{
	const struct term *a = pa, *b = pb;

	return (a->since > b->since) - (a->since < b->since);
}

static int push_vacancy(struct report *out, size_t *cap, int u, int role, int from, int to)
{
	if (array_grow(&out->vacancies, cap, out->n_vacancies, sizeof(*out->vacancies), 8) < 0)
		return -1;
	out->vacancies[out->n_vacancies++] = (struct report_vacancy){ u, role, from, to };
	return 0;
}

/* The gaps between the terms of one post, merged in order of since. */
static int post_gaps(struct more_ctx *c, struct term *t, size_t n, int u, int role, size_t *cap)
{
	int end, ref = c->out->ref_day;

	if (!n)
		return 0;
	qsort(t, n, sizeof(*t), term_cmp);
	end = t[0].until;
	for (size_t k = 1; k <= n && end < ref; k++) {
		int next = k < n ? t[k].since : 0;

		if (k < n && next <= ymd_add_months(end, 3)) {
			if (t[k].until > end)
				end = t[k].until;
			continue;
		}
		/* empty from the day after `end` to `next` (0: up to ref) */
		if ((next && next > ref) || k == n)
			next = 0;
		if ((next || ref > ymd_add_months(end, 3)) && end <= c->year_end &&
		    (next ? next : ref) >= c->year_start &&
		    push_vacancy(c->out, cap, u, role, end, next) < 0)
			return -1;
		if (!next)
			break;
		end = t[k].until;
	}
	return 0;
}

static int count_vacancies(struct more_ctx *c)
{
	static const char *const posts[] = { "director", "executive", "liaison" };
	struct term *t = malloc((c->l->n + 1) * sizeof(*t));
	size_t cap = 0;
	int rc = 0;

	if (!t)
		return -1;
	for (size_t u = 0; u < c->n_known && !rc; u++)
		for (size_t p = 0; p < sizeof(posts) / sizeof(posts[0]) && !rc; p++) {
			int role = enum_index(enum_member_role, posts[p]);
			size_t n = 0;

			for (size_t i = 0; i < c->l->n; i++) {
				const struct entry *e = &c->l->v[i];

				if (e->type != REC_MEMBER || !e->valid || !e->unit ||
				    strcmp(e->unit, c->out->units[u].key) ||
				    entry_fact_enum(e, "role", enum_member_role) != role)
					continue;
				t[n].since = entry_fact_date(e, "since");
				t[n].until = entry_fact_date(e, "until");
				if (!t[n].until)
					t[n].until = FOREVER;
				n++;
			}
			rc = post_gaps(c, t, n, (int)u, role, &cap);
		}
	free(t);
	return rc;
}

/* ---- the whole count ---- */

static void volunteers_more(struct more_ctx *c)
{
	for (size_t i = 0; i < c->out->n_vols; i++) {
		const struct entry *e = &c->l->v[c->out->vols[i].entry];
		struct report_more *m = &c->out->units[c->out->vols[i].unit].more;

		m->volunteers++;
		if (e->group >= 0 && e->group < REPORT_MAX_ENUM)
			m->volunteers_by_group[e->group]++;
		m->backbone += entry_fact_bool(e, "backbone", 0);
	}
}

static void sum_units(struct report *out, size_t n_known)
{
	long *total = (long *)&out->more;
	size_t n = sizeof(out->more) / sizeof(long);

	memset(&out->more, 0, sizeof(out->more));
	for (size_t u = 0; u < n_known; u++) {
		const long *v = (const long *)&out->units[u].more;

		for (size_t k = 0; k < n; k++)
			total[k] += v[k];
	}
}

static int build_ids(struct more_ctx *c)
{
	const struct ledger *l = c->l;

	c->ids = malloc((l->n + 1) * sizeof(*c->ids));
	c->slot = malloc((l->n + 1) * sizeof(*c->slot));
	if (!c->ids || !c->slot)
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		c->slot[i] = -1;
		if (l->v[i].valid && l->v[i].id)
			c->ids[c->n_ids++] = (struct id_slot){ l->v[i].id, i };
	}
	qsort(c->ids, c->n_ids, sizeof(*c->ids), slot_cmp);
	return 0;
}

static int ref_day_of(int year, int today)
{
	if (year < today / 10000)
		return year * 10000 + 1231;
	if (year == today / 10000)
		return today;
	return year * 10000 + 101;
}

int report_more_compute(const struct ledger *l, struct report *out, size_t n_known,
			struct ggw_error *err)
{
	struct more_ctx c = { l, out, n_known, out->year * 10000 + 101, out->year * 10000 + 1231,
			      NULL, 0, NULL, 0, 0, 0, 0 };
	int rc = -1;

	out->ref_day = ref_day_of(out->year, out->today);
	out->n_document_kinds = enum_count(enum_document_kind);
	out->n_roles = enum_count(enum_member_role);
	out->n_team_kinds = enum_count(enum_team_kind);
	out->n_case_types = enum_count(enum_case_type);
	out->n_fund_kinds = enum_count(enum_fund_kind);
	out->n_site_kinds = enum_count(enum_site_kind);
	out->n_award_levels = enum_count(enum_award_level);
	if (out->n_document_kinds > REPORT_MAX_ENUM || out->n_roles > REPORT_MAX_ENUM ||
	    out->n_team_kinds > REPORT_MAX_ENUM || out->n_case_types > REPORT_MAX_ENUM ||
	    out->n_fund_kinds > REPORT_MAX_ENUM || out->n_site_kinds > REPORT_MAX_ENUM ||
	    out->n_award_levels > REPORT_MAX_ENUM)
		return ggw_fail(err, GGW_EINVALID, "report: REPORT_MAX_ENUM too small");
	if (build_ids(&c) < 0)
		goto done;
	for (size_t i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		int u = listed_unit(&c, e->unit);

		if (e->valid && e->type != REC_ACTIVITY && e->type != REC_VOLUNTEER &&
		    record_type_per_file((int)e->type))
			out->keeps_more = 1;
		if (e->valid && u >= 0 && e->type != REC_ACTIVITY && count_record(&c, e, i, u) < 0)
			goto done;
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].valid && l->v[i].type == REC_ACTIVITY && units_find(&l->units, l->v[i].unit))
			count_activity_more(&c, &l->v[i]);
	volunteers_more(&c);
	if (count_vacancies(&c) < 0)
		goto done;
	sum_units(out, n_known);
	rc = 0;
done:
	free(c.ids);
	free(c.slot);
	return rc < 0 ? ggw_oom(err) : 0;
}

void report_more_free(struct report *r)
{
	free(r->sites);
	free(r->cases);
	free(r->teams);
	free(r->members);
	free(r->vacancies);
	r->sites = r->cases = r->teams = r->members = NULL;
	r->vacancies = NULL;
	r->n_sites = r->n_cases = r->n_teams = r->n_members = r->n_vacancies = 0;
}
