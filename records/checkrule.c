/* The rules of `ggw check` over the whole ledger (see checkrule.h). */
#include "checkrule.h"

#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void check_index_free(struct check_index *c)
{
	if (!c)
		return;
	free(c->volunteers);
	free(c->ids);
	free(c->valid_ids);
	memset(c, 0, sizeof(*c));
}

/* An id with what the index needs to know of its entry. */
struct keyed {
	const char *id;
	const struct entry *e;
};

static int cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->id, ((const struct keyed *)b)->id);
}

/* One sort of every id; the three lists are taken from it in order (three
 * sorts were most of what an audit of 3,000 records did besides loading). */
int check_index_build(const struct ledger *l, struct check_index *out, struct ggw_error *err)
{
	struct keyed *v;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	v = malloc((l->n + 1) * sizeof(*v));
	out->volunteers = calloc(l->n + 1, sizeof(*out->volunteers));
	out->ids = calloc(l->n + 1, sizeof(*out->ids));
	out->valid_ids = calloc(l->n + 1, sizeof(*out->valid_ids));
	if (!v || !out->volunteers || !out->ids || !out->valid_ids) {
		free(v);
		check_index_free(out);
		return ggw_oom(err);
	}
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].id)
			v[n++] = (struct keyed){ l->v[k].id, &l->v[k] };
	qsort(v, n, sizeof(*v), cmp_keyed);
	for (size_t k = 0; k < n; k++) {
		out->ids[out->nids++] = v[k].id;
		if (v[k].e->valid)
			out->valid_ids[out->nvalid++] = v[k].id;
		if (v[k].e->type == REC_VOLUNTEER)
			out->volunteers[out->nvolunteers++] = v[k].id;
	}
	free(v);
	return 0;
}

int check_volunteer_known(const struct check_index *c, const char *id)
{
	return c->nvolunteers &&
	       bsearch(&id, c->volunteers, c->nvolunteers, sizeof(*c->volunteers), cmp_str) != NULL;
}

static int id_repeated(const struct check_index *c, const char *id)
{
	const char **hit;

	if (!id || !c->nids)
		return 0;
	hit = bsearch(&id, c->ids, c->nids, sizeof(*c->ids), cmp_str);
	if (!hit)
		return 0;
	return (hit > c->ids && !strcmp(hit[-1], id)) ||
	       (hit + 1 < c->ids + c->nids && !strcmp(hit[1], id));
}

/* Volunteer ids are stored ' '-joined (ledger.h). */
static int names_unknown_volunteer(const struct check_index *c, const struct entry *e)
{
	const char *p = e->volunteer_ids;
	char id[64];

	while (p && *p) {
		size_t n = strcspn(p, " ");

		if (n && n < sizeof(id)) {
			memcpy(id, p, n);
			id[n] = '\0';
			if (!check_volunteer_known(c, id))
				return 1;
		} else if (n) {
			return 1; /* longer than any id: no record has it */
		}
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

/* refs are "field=id" joined by ' ' (ledger.h), checked like refs.c does. */
static int cites_unknown(const struct check_index *c, const struct entry *e)
{
	const char *p = e->refs;
	char id[64];

	while (p && *p) {
		size_t n = strcspn(p, " ");
		const char *eq = memchr(p, '=', n);

		if (eq) {
			size_t k = n - (size_t)(eq + 1 - p);
			const char *key = id;

			if (k >= sizeof(id))
				return 1;
			memcpy(id, eq + 1, k);
			id[k] = '\0';
			if (!c->nvalid || !bsearch(&key, c->valid_ids, c->nvalid, sizeof(*c->valid_ids), cmp_str))
				return 1;
		}
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

unsigned record_check_faults(const struct check_index *c, const struct units *units,
			     const struct entry *e)
{
	unsigned faults = 0;

	if (!e->valid)
		faults |= CHECK_FAULT_INVALID;
	else {
		if (units && !units_find(units, e->unit))
			faults |= CHECK_FAULT_UNIT;
		if (names_unknown_volunteer(c, e))
			faults |= CHECK_FAULT_VOLUNTEER;
		if (cites_unknown(c, e))
			faults |= CHECK_FAULT_REF;
	}
	if (id_repeated(c, e->id))
		faults |= CHECK_FAULT_DUPLICATE;
	return faults;
}

int entry_names_volunteer(const struct entry *e, const char *vid)
{
	const char *p = e->volunteer_ids;
	size_t len = strlen(vid);

	while (p && *p) {
		size_t n = strcspn(p, " ");

		if (n == len && !memcmp(p, vid, n))
			return 1;
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}
