/* Field-level three-way merge of records (see merge.h and the spec's
 * "Merging" section).
 *
 * Granularity and rules, in one place:
 * - Top-level keys are fields, known or unknown alike. A FT_GROUP field
 *   (five_have) is merged item by item ("five_have.plan", ...). In
 *   units.yaml the `units` list is merged unit by unit, keyed by `key`
 *   (field name "units.<key>"). Every other value (scalars, publicity,
 *   unknown maps) is one value.
 * - Absent, "" and empty lists/maps count as the same "empty" value, and
 *   the order of keys in a map does not matter, so a form that writes
 *   `commendation: ""` does not clash with a real edit.
 * - Changed on one side only: that side's value. Same value on both: taken
 *   once. Changed differently: the side with the later commit time wins;
 *   equal or unknown times: the value whose serialization (below) compares
 *   greater bytewise wins. The losing value goes under `conflicts:` with
 *   the losing side's author, unit, time and commit. The rule only looks
 *   at content and metadata, so swapping ours and theirs gives the same
 *   record byte for byte.
 * - String lists (FT_STRLIST, FT_IDLIST) changed on both sides are merged
 *   as sets and leave no conflict: an item removed on either side is
 *   removed, an item added on either side is added; order: the winning
 *   side's list (rule above), then the other side's additions in its order.
 * - conflicts: is itself merged as a set against the base: an entry
 *   removed on either side (resolved) stays removed, entries present on
 *   both or added on either side stay; then the new ones are added;
 *   duplicates dropped; sorted by field, then serialization.
 * - Record deleted on one side and changed on the other: the changed
 *   record is kept as it is, and no conflict entry is written (the spec's
 *   conflicts are per field; the deletion stays visible in the history).
 *   Deleted on one side and unchanged on the other, or on both: deleted.
 *   Added on both sides: merged against an empty record.
 * - Key order of the result: the base's order, then new keys sorted
 *   bytewise; record_normalize then puts known keys in table order. */
#include "merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "record.h"
#include "sbuf.h"

#define CONFLICTS_KEY "conflicts"

/* ---- canonical serialization for ordering ---- */

static void sb_str(struct sbuf *b, char tag, const char *s)
{
	sb_addn(b, &tag, 1);
	sb_addn(b, s ? s : "", strlen(s ? s : "") + 1);
}

/* Prefix-free, hence injective: every item starts with a tag (S scalar,
 * L list, M map, K key, E end of a list or map) and texts end with NUL; a
 * scalar's style follows its text (P plain, T text). Scalars compare as
 * their text does, the style only breaking ties. */
static void serialize(struct sbuf *b, const struct node *n)
{
	size_t i;

	if (!n)
		return; /* absent: the empty string, below everything */
	if (n->kind == NODE_SCALAR) {
		sb_str(b, 'S', n->str);
		sb_addn(b, n->style == SCALAR_PLAIN ? "P" : "T", 1);
		return;
	}
	sb_addn(b, n->kind == NODE_MAP ? "M" : "L", 1);
	for (i = 0; i < n->count; i++) {
		if (n->kind == NODE_MAP)
			sb_str(b, 'K', n->keys[i]);
		serialize(b, &n->kids[i]);
	}
	sb_addn(b, "E", 1);
}

/* Bytewise order of the serializations; -2 if out of memory. */
static int node_order(const struct node *a, const struct node *b)
{
	struct sbuf sa = { 0 }, sb = { 0 };
	int c;

	serialize(&sa, a);
	serialize(&sb, b);
	if (sa.failed || sb.failed) {
		c = -2;
	} else {
		size_t min = sa.len < sb.len ? sa.len : sb.len;

		c = min ? memcmp(sa.s, sb.s, min) : 0;
		if (c == 0)
			c = sa.len < sb.len ? -1 : sa.len > sb.len;
		c = c < 0 ? -1 : c > 0;
	}
	free(sa.s);
	free(sb.s);
	return c;
}

/* ---- values ---- */

static int is_empty(const struct node *n)
{
	if (!n)
		return 1;
	if (n->kind == NODE_SCALAR)
		return !n->str || !n->str[0];
	return n->count == 0;
}

/* Equal in substance: empty values alike, map key order ignored. */
static int value_eq(const struct node *a, const struct node *b)
{
	size_t i;

	if (is_empty(a) && is_empty(b))
		return 1;
	if (!a || !b || a->kind != b->kind)
		return 0;
	if (a->kind == NODE_SCALAR)
		return strcmp(a->str ? a->str : "", b->str ? b->str : "") == 0;
	if (a->kind == NODE_SEQ) {
		if (a->count != b->count)
			return 0;
		for (i = 0; i < a->count; i++)
			if (!value_eq(&a->kids[i], &b->kids[i]))
				return 0;
		return 1;
	}
	for (i = 0; i < a->count; i++)
		if (!value_eq(&a->kids[i], node_map_get(b, a->keys[i])))
			return 0;
	for (i = 0; i < b->count; i++)
		if (!node_map_get(a, b->keys[i]) && !is_empty(&b->kids[i]))
			return 0;
	return 1;
}

/* Two equivalent values: take one, the same whichever side is which (they
 * may differ in key order, empty form or scalar style). */
static const struct node *pick_same(const struct node *a, const struct node *b)
{
	return node_order(a, b) >= 0 ? a : b;
}

static const char *s_or_empty(const char *s)
{
	return s ? s : "";
}

struct mctx {
	enum record_type type;
	const struct merge_side *ours, *theirs;
	struct node added;  /* seq of new conflict entries */
	struct ggw_error *err;
};

static int oom(struct ggw_error *err)
{
	return ggw_oom(err);
}

/* Does ours win a field both sides changed differently? Symmetric: later
 * commit wins; unknown or equal times fall back to the values' order. */
static int ours_wins(const struct mctx *m, const struct node *o, const struct node *t)
{
	int64_t to = m->ours->rank_time ? m->ours->rank_time : m->ours->time;
	int64_t tt = m->theirs->rank_time ? m->theirs->rank_time : m->theirs->time;
	int c;

	if (to && tt && to != tt)
		return to > tt;
	c = node_order(o, t);
	if (c != 0)
		return c > 0;
	return strcmp(s_or_empty(m->ours->commit), s_or_empty(m->theirs->commit)) >= 0;
}

/* "2024-07-12T10:00:00+08:00", or "" if the time is unknown. */
static void format_time(int64_t t, int tz_minutes, char *buf, size_t len)
{
	time_t shifted = (time_t)(t + (int64_t)tz_minutes * 60);
	struct tm tm;
	int off = tz_minutes < 0 ? -tz_minutes : tz_minutes;
	char date[40];

	buf[0] = '\0';
	if (!t || !gmtime_r(&shifted, &tm))
		return;
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s%c%02d:%02d", date, tz_minutes < 0 ? '-' : '+', off / 60, off % 60);
}

static int set_meta(struct node *entry, const char *key, const char *value)
{
	if (!value || !*value)
		return 0;
	return node_map_set_str(entry, key, value, SCALAR_TEXT);
}

/* Record the losing value of field (NULL: the loser removed the field),
 * who typed it, and who typed the value kept (kept_*: so both can be
 * shown by name; the winner is the same on every PC). */
static int add_conflict(struct mctx *m, const char *field, const struct node *loser,
			const struct merge_side *side, const struct merge_side *kept)
{
	struct node entry, v;
	char when[64], kept_when[64];

	node_init_map(&entry);
	if (node_map_set_str(&entry, "field", field, SCALAR_TEXT) < 0)
		goto fail;
	if (loser) {
		if (node_clone(&v, loser) < 0 || node_map_set(&entry, "value", &v) < 0)
			goto fail;
	}
	format_time(side->time, side->tz_minutes, when, sizeof(when));
	if (set_meta(&entry, "author", side->author) < 0 ||
	    set_meta(&entry, "unit", side->unit) < 0 ||
	    set_meta(&entry, "time", when) < 0 ||
	    set_meta(&entry, "commit", side->commit) < 0)
		goto fail;
	format_time(kept->time, kept->tz_minutes, kept_when, sizeof(kept_when));
	if (set_meta(&entry, "kept_author", kept->author) < 0 ||
	    set_meta(&entry, "kept_unit", kept->unit) < 0 ||
	    set_meta(&entry, "kept_time", kept_when) < 0 ||
	    set_meta(&entry, "kept_commit", kept->commit) < 0)
		goto fail;
	if (node_seq_append(&m->added, &entry) < 0)
		return oom(m->err);
	return 0;
fail:
	node_free(&entry);
	return oom(m->err);
}

/* Whole-value three-way merge: *pick points into b/o/t (not cloned). */
static int merge_value(struct mctx *m, const char *field, const struct node *b,
		       const struct node *o, const struct node *t, const struct node **pick)
{
	int win;

	if (value_eq(o, t)) {
		*pick = pick_same(o, t);
		return 0;
	}
	if (value_eq(o, b)) {
		*pick = t;
		return 0;
	}
	if (value_eq(t, b)) {
		*pick = o;
		return 0;
	}
	win = ours_wins(m, o, t);
	*pick = win ? o : t;
	return add_conflict(m, field, win ? t : o, win ? m->theirs : m->ours, win ? m->ours : m->theirs);
}

/* Put a clone of v (if v is not NULL) under key in map. */
static int put_clone(struct mctx *m, struct node *map, const char *key, const struct node *v)
{
	struct node c;

	if (!v)
		return 0;
	if (node_clone(&c, v) < 0 || node_map_set(map, key, &c) < 0)
		return oom(m->err);
	return 0;
}

/* ---- key sets ---- */

struct keylist {
	const char **v;
	size_t n, cap;
};

static int keylist_has(const struct keylist *k, const char *key)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->v[i], key) == 0)
			return 1;
	return 0;
}

static int keylist_add(struct keylist *k, const char *key)
{
	if (keylist_has(k, key))
		return 0;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 16;
		const char **v = realloc(k->v, cap * sizeof(*v));

		if (!v)
			return -1;
		k->v = v;
		k->cap = cap;
	}
	k->v[k->n++] = key;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The base's keys in order, then keys new on either side, sorted. */
static int merged_keys(const struct node *b, const struct node *o, const struct node *t,
		       struct keylist *out)
{
	size_t first_new, i;
	const struct node *sides[2] = { o, t };

	for (i = 0; b && b->kind == NODE_MAP && i < b->count; i++)
		if (keylist_add(out, b->keys[i]) < 0)
			return -1;
	first_new = out->n;
	for (int s = 0; s < 2; s++)
		for (i = 0; sides[s] && sides[s]->kind == NODE_MAP && i < sides[s]->count; i++)
			if (keylist_add(out, sides[s]->keys[i]) < 0)
				return -1;
	if (out->n > first_new) /* v may be NULL when empty */
		qsort(out->v + first_new, out->n - first_new, sizeof(*out->v), cmp_str);
	return 0;
}

static int is_map_or_absent(const struct node *n)
{
	return !n || n->kind == NODE_MAP;
}

/* ---- string lists as sets ---- */

static int is_str_seq_or_absent(const struct node *n)
{
	if (!n)
		return 1;
	if (n->kind == NODE_SCALAR)
		return !n->str || !n->str[0]; /* "" counts as an empty list */
	if (n->kind != NODE_SEQ)
		return 0;
	for (size_t i = 0; i < n->count; i++)
		if (n->kids[i].kind != NODE_SCALAR)
			return 0;
	return 1;
}

static int seq_has(const struct node *seq, const char *s)
{
	if (!seq || seq->kind != NODE_SEQ)
		return 0;
	for (size_t i = 0; i < seq->count; i++)
		if (strcmp(s_or_empty(seq->kids[i].str), s) == 0)
			return 1;
	return 0;
}

/* Both sides changed the list differently: set merge into *out (a seq). */
static int merge_set(struct mctx *m, const struct node *b, const struct node *o,
		     const struct node *t, struct node *out)
{
	const struct node *w, *x;
	size_t i;

	if (ours_wins(m, o, t)) {
		w = o;
		x = t;
	} else {
		w = t;
		x = o;
	}
	node_init_seq(out);
	for (i = 0; w && w->kind == NODE_SEQ && i < w->count; i++) {
		const char *s = s_or_empty(w->kids[i].str);

		if (seq_has(out, s) || (seq_has(b, s) && !seq_has(x, s)))
			continue; /* duplicate, or removed on the other side */
		if (node_seq_append_str(out, s, w->kids[i].style) < 0)
			goto fail;
	}
	for (i = 0; x && x->kind == NODE_SEQ && i < x->count; i++) {
		const char *s = s_or_empty(x->kids[i].str);

		if (seq_has(out, s) || seq_has(b, s))
			continue; /* kept already, or removed by the winner */
		if (node_seq_append_str(out, s, x->kids[i].style) < 0)
			goto fail;
	}
	return 0;
fail:
	node_free(out);
	return oom(m->err);
}

/* ---- units.yaml: the units list, unit by unit ---- */

static const struct node *unit_by_key(const struct node *seq, const char *key)
{
	for (size_t i = 0; seq && seq->kind == NODE_SEQ && i < seq->count; i++)
		if (strcmp(s_or_empty(node_map_str(&seq->kids[i], "key")), key) == 0)
			return &seq->kids[i];
	return NULL;
}

/* A list of maps with distinct scalar keys (or absent)? */
static int is_keyed_list(const struct node *n)
{
	if (!n)
		return 1;
	if (n->kind != NODE_SEQ)
		return 0;
	for (size_t i = 0; i < n->count; i++) {
		const char *k = node_map_str(&n->kids[i], "key");

		if (n->kids[i].kind != NODE_MAP || !k)
			return 0;
		for (size_t j = 0; j < i; j++)
			if (strcmp(k, s_or_empty(node_map_str(&n->kids[j], "key"))) == 0)
				return 0;
	}
	return 1;
}

static int keyed_list_keys(const struct node *seq, struct keylist *k)
{
	for (size_t i = 0; seq && i < seq->count; i++)
		if (keylist_add(k, node_map_str(&seq->kids[i], "key")) < 0)
			return -1;
	return 0;
}

static int merge_units_list(struct mctx *m, const char *field, const struct node *b,
			    const struct node *o, const struct node *t, struct node *out)
{
	struct keylist keys = { 0 };
	size_t first_new, i;
	int rc = 0;

	node_init_seq(out);
	if (keyed_list_keys(b, &keys) < 0)
		goto nomem;
	first_new = keys.n;
	if (keyed_list_keys(o, &keys) < 0 || keyed_list_keys(t, &keys) < 0)
		goto nomem;
	if (keys.n > first_new) /* v may be NULL when empty */
		qsort(keys.v + first_new, keys.n - first_new, sizeof(*keys.v), cmp_str);
	for (i = 0; i < keys.n; i++) {
		const struct node *pick;
		char name[128];
		struct node c;

		snprintf(name, sizeof(name), "%s.%s", field, keys.v[i]);
		rc = merge_value(m, name, unit_by_key(b, keys.v[i]), unit_by_key(o, keys.v[i]),
				 unit_by_key(t, keys.v[i]), &pick);
		if (rc < 0)
			goto done;
		if (!pick || is_empty(pick))
			continue;
		if (node_clone(&c, pick) < 0 || node_seq_append(out, &c) < 0)
			goto nomem;
	}
	goto done;
nomem:
	rc = oom(m->err);
done:
	free(keys.v);
	if (rc < 0)
		node_free(out);
	return rc;
}

/* ---- maps ---- */

static const struct node *map_get(const struct node *map, const char *key)
{
	return map && map->kind == NODE_MAP ? node_map_get(map, key) : NULL;
}

static int merge_map(struct mctx *m, const struct field_def *table, const char *prefix,
		     const struct node *b, const struct node *o, const struct node *t,
		     struct node *out);

/* One key of a map: into out (a map), or nothing if the result is absent. */
static int merge_key(struct mctx *m, const struct field_def *table, const char *prefix,
		     const char *key, const struct node *b, const struct node *o,
		     const struct node *t, struct node *out)
{
	const struct field_def *f = NULL;
	const struct node *pick;
	char name[256];
	struct node v;
	int rc;

	if (prefix[0])
		snprintf(name, sizeof(name), "%s.%s", prefix, key);
	else
		snprintf(name, sizeof(name), "%s", key);
	for (const struct field_def *d = table; d && d->key; d++)
		if (strcmp(d->key, key) == 0)
			f = d;

	if (f && f->type == FT_GROUP && is_map_or_absent(b) && is_map_or_absent(o) &&
	    is_map_or_absent(t) && !(value_eq(o, b) || value_eq(t, b) || value_eq(o, t))) {
		rc = merge_map(m, f->sub, name, b, o, t, &v);
		if (rc < 0)
			return rc;
		/* An emptied group stays only if both sides still have it. */
		if (v.count == 0 && !(o && t)) {
			node_free(&v);
			return 0;
		}
		return node_map_set(out, key, &v) < 0 ? oom(m->err) : 0;
	}
	if (f && (f->type == FT_STRLIST || f->type == FT_IDLIST) && is_str_seq_or_absent(b) &&
	    is_str_seq_or_absent(o) && is_str_seq_or_absent(t) &&
	    !(value_eq(o, b) || value_eq(t, b) || value_eq(o, t))) {
		rc = merge_set(m, b, o, t, &v);
		if (rc < 0)
			return rc;
		if (f->max > 0 && v.count > (size_t)f->max) {
			node_free(&v); /* too long for the record: a plain conflict */
		} else {
			if (v.count == 0 && !(o && t)) {
				node_free(&v);
				return 0;
			}
			return node_map_set(out, key, &v) < 0 ? oom(m->err) : 0;
		}
	}
	if (m->type == REC_UNITS && f && f->type == FT_MAPLIST && !prefix[0] &&
	    strcmp(key, "units") == 0 && is_keyed_list(b) && is_keyed_list(o) &&
	    is_keyed_list(t) && !(value_eq(o, b) || value_eq(t, b) || value_eq(o, t))) {
		rc = merge_units_list(m, name, b, o, t, &v);
		if (rc < 0)
			return rc;
		return node_map_set(out, key, &v) < 0 ? oom(m->err) : 0;
	}
	rc = merge_value(m, name, b, o, t, &pick);
	if (rc < 0)
		return rc;
	return put_clone(m, out, key, pick);
}

static int merge_map(struct mctx *m, const struct field_def *table, const char *prefix,
		     const struct node *b, const struct node *o, const struct node *t,
		     struct node *out)
{
	struct keylist keys = { 0 };
	int rc = 0;

	node_init_map(out);
	if (merged_keys(b, o, t, &keys) < 0) {
		rc = oom(m->err);
		goto done;
	}
	for (size_t i = 0; i < keys.n; i++) {
		const char *k = keys.v[i];

		if (!prefix[0] && strcmp(k, CONFLICTS_KEY) == 0)
			continue;
		rc = merge_key(m, table, prefix, k, map_get(b, k), map_get(o, k), map_get(t, k), out);
		if (rc < 0)
			goto done;
	}
done:
	free(keys.v);
	if (rc < 0)
		node_free(out);
	return rc;
}

/* ---- conflicts: ---- */

static int seq_contains(const struct node *seq, const struct node *e)
{
	for (size_t i = 0; seq && seq->kind == NODE_SEQ && i < seq->count; i++)
		if (node_equal(&seq->kids[i], e))
			return 1;
	return 0;
}

static int cmp_entries(const void *pa, const void *pb)
{
	const struct node *a = pa, *b = pb;
	int c = strcmp(s_or_empty(node_map_str(a, "field")), s_or_empty(node_map_str(b, "field")));

	return c ? c : node_order(a, b);
}

static const struct node *seq_or_null(const struct node *n)
{
	return n && n->kind == NODE_SEQ ? n : NULL;
}

static int append_clone(struct node *seq, const struct node *e)
{
	struct node c;

	return node_clone(&c, e) < 0 || node_seq_append(seq, &c) < 0 ? -1 : 0;
}

/* Merge the sides' conflicts against the base as a set (an entry stays if
 * both sides have it or one side added it), plus the new ones. Sorted
 * first, then deduplicated keeping the first of equal entries, so the
 * result does not depend on which side is which. */
static int merge_conflicts(struct mctx *m, const struct node *b, const struct node *o,
			   const struct node *t, struct node *out, size_t *nnew)
{
	const struct node *bc = seq_or_null(map_get(b, CONFLICTS_KEY));
	const struct node *oc = seq_or_null(map_get(o, CONFLICTS_KEY));
	const struct node *tc = seq_or_null(map_get(t, CONFLICTS_KEY));
	struct node cand, all;
	size_t i;

	*nnew = 0;
	node_init_seq(&cand);
	node_init_seq(&all);
	for (i = 0; oc && i < oc->count; i++)
		if ((seq_contains(tc, &oc->kids[i]) || !seq_contains(bc, &oc->kids[i])) &&
		    append_clone(&cand, &oc->kids[i]) < 0)
			goto nomem;
	for (i = 0; tc && i < tc->count; i++)
		if (!seq_contains(bc, &tc->kids[i]) && append_clone(&cand, &tc->kids[i]) < 0)
			goto nomem;
	for (i = 0; i < m->added.count; i++) {
		if (!seq_contains(&cand, &m->added.kids[i]))
			(*nnew)++;
		if (append_clone(&cand, &m->added.kids[i]) < 0)
			goto nomem;
	}
	if (cand.count)
		qsort(cand.kids, cand.count, sizeof(*cand.kids), cmp_entries);
	for (i = 0; i < cand.count; i++)
		if (!seq_contains(&all, &cand.kids[i]) && node_seq_append(&all, &cand.kids[i]) < 0)
			goto nomem;
	node_free(&cand);
	if (all.count == 0)
		return 0;
	if (node_map_set(out, CONFLICTS_KEY, &all) < 0)
		return oom(m->err);
	return 0;
nomem:
	node_free(&cand);
	node_free(&all);
	return oom(m->err);
}

static int not_a_map(const struct node *n)
{
	return n && n->kind != NODE_MAP;
}

int merge_record(enum record_type t, const struct node *base,
		 const struct merge_side *ours, const struct merge_side *theirs,
		 struct node *out, int *deleted, size_t *nconflicts,
		 struct ggw_error *err)
{
	struct mctx m = { t, ours, theirs, { 0 }, err };
	const struct node *o = ours->rec, *th = theirs->rec, *keep = NULL;
	struct node empty;
	size_t nnew = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	*deleted = 0;
	*nconflicts = 0;
	if (not_a_map(base) || not_a_map(o) || not_a_map(th))
		return ggw_fail(err, GGW_EINVALID, "%s", _("合并的记录不是 YAML 映射"));
	if (!o && !th) {
		*deleted = 1;
		return 0;
	}
	if (!o || !th) {
		keep = o ? o : th;
		/* Deleted on one side: gone if the other left it as it was. */
		if (base && value_eq(keep, base)) {
			*deleted = 1;
			return 0;
		}
		if (node_clone(out, keep) < 0)
			return oom(err);
		record_normalize(t, out);
		return 0;
	}
	node_init_map(&empty);
	if (!base)
		base = &empty;
	node_init_seq(&m.added);
	rc = merge_map(&m, record_fields(t), "", base, o, th, out);
	if (rc == 0)
		rc = merge_conflicts(&m, base, o, th, out, &nnew);
	node_free(&m.added);
	if (rc < 0) {
		node_free(out);
		return rc;
	}
	record_normalize(t, out);
	*nconflicts = nnew;
	return 0;
}

/* ---- resolve ---- */

/* Set (v) or remove (v == NULL) the field named dotted; moves *v. */
static int put_path(enum record_type t, struct node *rec, const char *dotted, struct node *v,
		    struct ggw_error *err)
{
	const char *dot = strchr(dotted, '.');
	char parent[128];
	struct node *p, fresh;
	size_t len;

	if (!dot) {
		if (v)
			return node_map_set(rec, dotted, v) < 0 ? oom(err) : 0;
		node_map_remove(rec, dotted);
		return 0;
	}
	len = (size_t)(dot - dotted);
	if (len >= sizeof(parent)) {
		node_free(v);
		return ggw_fail(err, GGW_EINVALID, _("字段名太长：%s"), dotted);
	}
	memcpy(parent, dotted, len);
	parent[len] = '\0';
	p = node_map_get(rec, parent);
	if (t == REC_UNITS && strcmp(parent, "units") == 0) {
		/* units.<key>: the unit with that key in the units list */
		if (!p || p->kind != NODE_SEQ) {
			node_init_seq(&fresh);
			if (node_map_set(rec, parent, &fresh) < 0) {
				node_free(v);
				return oom(err);
			}
			p = node_map_get(rec, parent);
		}
		for (size_t i = 0; i < p->count; i++) {
			if (strcmp(s_or_empty(node_map_str(&p->kids[i], "key")), dot + 1) != 0)
				continue;
			node_free(&p->kids[i]);
			if (v) {
				p->kids[i] = *v;
				memset(v, 0, sizeof(*v));
			} else {
				memmove(&p->kids[i], &p->kids[i + 1],
					(p->count - i - 1) * sizeof(*p->kids));
				p->count--;
			}
			return 0;
		}
		return v && node_seq_append(p, v) < 0 ? oom(err) : 0;
	}
	if (!p || p->kind != NODE_MAP) {
		if (!v)
			return 0;
		node_init_map(&fresh);
		if (node_map_set(rec, parent, &fresh) < 0) {
			node_free(v);
			return oom(err);
		}
		p = node_map_get(rec, parent);
	}
	return put_path(t, p, dot + 1, v, err);
}

int merge_resolve(enum record_type t, struct node *rec, const char *dotted,
		  char how, const char *value, struct ggw_error *err)
{
	struct node *cs = node_map_get(rec, CONFLICTS_KEY), keep, *entry = NULL;
	size_t i;
	int rc;

	if (how != 'o' && how != 't' && how != 'v')
		return ggw_fail(err, GGW_EUSAGE, "%s", _("解决方式只能是 --ours、--theirs 或 --value"));
	for (i = 0; cs && cs->kind == NODE_SEQ && i < cs->count && !entry; i++)
		if (strcmp(s_or_empty(node_map_str(&cs->kids[i], "field")), dotted) == 0)
			entry = &cs->kids[i];
	if (!entry)
		return ggw_fail(err, GGW_ENOTFOUND, _("字段“%s”没有冲突需要解决"), dotted);

	if (how == 't') {
		const struct node *v = node_map_get(entry, "value");
		struct node c;

		/* Left out of a merged record too big to keep both (records/ops.h). */
		if (!v && node_map_get(entry, "value_omitted"))
			return ggw_fail(err, GGW_EINVALID,
					_("“%s”另一边的值太长，没有写进这条记录（原文在提交 %s 里）：请用 --value 填写或用 --ours"),
					dotted, s_or_empty(node_map_str(entry, "commit")));
		if (v) {
			if (node_clone(&c, v) < 0)
				return oom(err);
			rc = put_path(t, rec, dotted, &c, err);
		} else {
			rc = put_path(t, rec, dotted, NULL, err);
		}
		if (rc < 0)
			return rc;
	} else if (how == 'v') {
		rc = record_set_field(t, rec, dotted, '=', value ? value : "", err);
		if (rc < 0)
			return rc;
	}

	/* Drop every entry for the field (cs may have moved: look it up). */
	cs = node_map_get(rec, CONFLICTS_KEY);
	node_init_seq(&keep);
	for (i = 0; cs && cs->kind == NODE_SEQ && i < cs->count; i++) {
		if (strcmp(s_or_empty(node_map_str(&cs->kids[i], "field")), dotted) == 0)
			continue;
		if (node_seq_append(&keep, &cs->kids[i]) < 0) {
			node_free(&keep);
			return oom(err);
		}
	}
	if (keep.count == 0) {
		node_free(&keep);
		node_map_remove(rec, CONFLICTS_KEY);
	} else if (node_map_set(rec, CONFLICTS_KEY, &keep) < 0) {
		return oom(err);
	}
	record_normalize(t, rec);
	return 0;
}
