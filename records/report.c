/* The year's statistics: one pass over the ledger's entries. See report.h
 * for the definitions of what is counted. */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/i18n.h"
#include "../model/record.h"

const char *const report_five_have_short[FIVE_HAVE_COUNT] = {
	N_("计划"), N_("分工"), N_("实施"), N_("表彰"), N_("总结")
};

const char *const report_month_names[12] = {
	N_("1月"), N_("2月"), N_("3月"), N_("4月"), N_("5月"), N_("6月"),
	N_("7月"), N_("8月"), N_("9月"), N_("10月"), N_("11月"), N_("12月")
};

int report_is_lecture(const struct entry *e)
{
	return e->form >= 0 && !strcmp(enum_form[e->form].key, "lecture");
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
	const char *env = getenv("GGW_TODAY");
	struct tm tm;
	time_t now;

	if (env && *env) {
		int d = date_parse(env);

		if (d > 0)
			return d;
	}
	now = time(NULL);
	if (!localtime_r(&now, &tm))
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
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

/* Volunteer ids -> entry, open addressing; size a power of two. */
struct vol_map {
	size_t *slot;     /* entry index + 1, 0 empty */
	long *vol;        /* per slot: index in report->vols, -1 if not listed */
	size_t size;
};

static uint32_t hash_str(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static long vol_map_find(const struct vol_map *m, const struct ledger *l,
			 const char *id, size_t n)
{
	size_t mask = m->size - 1, i;

	if (!m->size)
		return -1;
	for (i = hash_str(id, n) & mask; m->slot[i]; i = (i + 1) & mask) {
		const char *have = l->v[m->slot[i] - 1].id;

		if (have && !strncmp(have, id, n) && have[n] == '\0')
			return (long)i;
	}
	return -1;
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
	free(r->units);
	free(r->vols);
	r->units = NULL;
	r->vols = NULL;
	r->n_units = r->n_vols = 0;
}

int report_compute(const struct ledger *l, int year, const char *unit_filter,
		   int today, struct report *out, struct ggw_error *err)
{
	struct vol_map map = { NULL, NULL, 0 };
	size_t n_known, n_volunteers = 0, i;
	int unknown_used = 0, rc = 0;
	const int year_end = year * 10000 + 1231;

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

	/* Rows: the units of units.yaml (or the one asked for), plus one for
	 * activities of units not in units.yaml. */
	out->units = calloc(l->units.n + 2, sizeof(*out->units));
	if (!out->units)
		return ggw_fail(err, GGW_ENOMEM, _("内存不足"));
	n_known = 0;
	for (i = 0; i < l->units.n; i++) {
		const struct unit_info *u = &l->units.v[i];

		if (unit_filter && strcmp(unit_filter, u->key))
			continue;
		out->units[n_known].key = u->key;
		out->units[n_known].name = u->name && *u->name ? u->name : u->key;
		n_known++;
	}
	if (unit_filter && n_known == 0)
		return ggw_fail(err, GGW_ENOTFOUND,
				_("units.yaml 中没有单位“%s”；可用 ggw unit list 查看"),
				unit_filter);
	out->units[n_known].key = NULL;
	out->units[n_known].name = _("其他单位（不在 units.yaml 中）");

	/* Volunteers: every valid one goes into the id map; those of the
	 * listed units on the books for the year are counted. */
	for (i = 0; i < l->n; i++)
		if (l->v[i].type == REC_VOLUNTEER && l->v[i].valid && l->v[i].id)
			n_volunteers++;
	if (n_volunteers) {
		map.size = 16;
		while (map.size < n_volunteers * 2)
			map.size <<= 1;
		map.slot = calloc(map.size, sizeof(*map.slot));
		map.vol = malloc(map.size * sizeof(*map.vol));
		out->vols = calloc(n_volunteers, sizeof(*out->vols));
		if (!map.slot || !map.vol || !out->vols) {
			rc = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
			goto done;
		}
	}
	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		size_t mask = map.size - 1, s;
		int u;

		if (e->type != REC_VOLUNTEER || !e->valid || !e->id)
			continue;
		if (vol_map_find(&map, l, e->id, strlen(e->id)) >= 0)
			continue; /* the same id twice: the first one counts */
		for (s = hash_str(e->id, strlen(e->id)) & mask; map.slot[s]; s = (s + 1) & mask)
			;
		map.slot[s] = i + 1;
		map.vol[s] = -1;
		u = unit_index(out, n_known, e->unit);
		if (u < 0 || (e->date && e->date > year_end))
			continue;
		map.vol[s] = (long)out->n_vols;
		out->vols[out->n_vols].entry = i;
		out->vols[out->n_vols].unit = u;
		out->n_vols++;
		out->units[u].volunteers++;
		if (e->active)
			out->units[u].volunteers_active++;
		if (e->group >= 0 && (size_t)e->group < out->n_groups) {
			out->by_group[e->group].volunteers++;
			if (e->active)
				out->by_group[e->group].active++;
		}
		out->groups_total.volunteers++;
		if (e->active)
			out->groups_total.active++;
	}

	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		struct report_unit *ru;
		char ubuf[48];
		int y, u, listed;
		unsigned groups = 0;

		/* A record ggw check refuses (unreadable, or of a unit not in
		 * units.yaml) is never counted, only reported as invalid. */
		if (!e->valid || !units_find(&l->units, e->unit)) {
			const char *key = report_entry_unit(e, ubuf, sizeof(ubuf));

			y = report_entry_year(e);
			if (e->type == REC_ACTIVITY && y != year)
				continue;
			u = unit_index(out, n_known, key);
			if (u >= 0)
				out->units[u].invalid++;
			if (u >= 0 || !unit_filter)
				out->n_invalid++;
			continue;
		}
		if (e->type != REC_ACTIVITY) {
			u = unit_index(out, n_known, e->unit);
			if (u >= 0 && e->has_conflicts) {
				out->units[u].conflicts++;
				out->conflicts++;
			}
			continue;
		}
		y = e->date / 10000;
		if (y != year && y != year - 1)
			continue;
		u = unit_index(out, n_known, e->unit);
		listed = u >= 0 || !unit_filter;

		/* Who took part: every activity of the year counts for the
		 * volunteer, whichever unit ran it. */
		if (y == year && e->volunteer_ids && *e->volunteer_ids && map.size) {
			const char *p = e->volunteer_ids;

			while (*p) {
				size_t n = strcspn(p, " ");
				long s = n ? vol_map_find(&map, l, p, n) : -1;

				if (s >= 0) {
					const struct entry *v = &l->v[map.slot[s] - 1];

					if (map.vol[s] >= 0)
						out->vols[map.vol[s]].activities++;
					if (v->group >= 0 && (size_t)v->group < out->n_groups)
						groups |= 1u << v->group;
				}
				p += n;
				p += strspn(p, " ");
			}
		}
		if (!listed)
			continue;
		if (u < 0) {
			u = (int)n_known;
			unknown_used |= y == year;
		}
		ru = &out->units[u];
		if (y == year - 1) {
			out->prev.activities++;
			out->prev.youth += e->youth_count;
			out->prev.adults += e->adult_count;
			out->prev.lectures += report_is_lecture(e);
			out->prev.sessions += report_is_session(e);
			for (int k = 0; k < LEVEL_COUNT; k++)
				out->prev.publicity += e->publicity[k];
			continue;
		}
		count_add(&ru->total, e);
		if (e->category >= 0 && (size_t)e->category < out->n_categories)
			count_add(&out->by_category[e->category], e);
		if (e->form >= 0 && (size_t)e->form < out->n_forms)
			count_add(&out->by_form[e->form], e);
		count_add(&out->by_month[(e->date / 100 % 100 + 11) % 12], e);
		ru->months[(e->date / 100 % 100 + 11) % 12]++;
		out->cur.activities++;
		out->cur.youth += e->youth_count;
		out->cur.adults += e->adult_count;
		if (report_is_lecture(e)) {
			ru->lectures++;
			out->cur.lectures++;
		}
		if (report_is_session(e)) {
			ru->sessions++;
			out->cur.sessions++;
		}
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
		for (size_t g = 0; g < out->n_groups; g++)
			if (groups & (1u << g))
				out->by_group[g].activities++;
		if (groups)
			out->groups_total.activities++;
	}
	out->n_units = n_known + (unknown_used ? 1 : 0);
done:
	free(map.slot);
	free(map.vol);
	return rc;
}
