/* Field-by-field history of one record (see history.h). */
#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/i18n.h"
#include "../model/node.h"
#include "../model/record.h"
#include "../model/trailer.h"
#include "../storage/yamlio.h"
#include "output.h"
#include "trust.h"

int message_trailer(const char *message, const char *key, char *buf, size_t len)
{
	/* The same reader as sync's write-scope check: the trailer block only. */
	return commit_trailer(message, key, buf, len) > 0 ? 0 : -1;
}

void history_signature(struct repo *r, struct trust_ctx **t, const char *id, char *buf,
		       size_t len)
{
	struct commit_info c;
	struct trust_verdict v;
	char unit[64];
	git_hex head;

	buf[0] = '\0';
	if (!*t) {
		if (gitp_ref_tip(r, "HEAD", head, NULL) < 0 || trust_open(r, head, NULL, t, NULL) < 0)
			return;
		trust_describe_old(*t);
	}
	if (gitp_commit_info(r, id, &c, NULL) < 0)
		return;
	trust_claimed_unit(&c, NULL, NULL, 0, unit, sizeof(unit));
	if (trust_commit(*t, &c, unit, &v, NULL) == 0)
		trust_describe(&v, buf, len);
	commit_info_free(&c);
}

void history_signature_done(struct trust_ctx *t)
{
	trust_free(t);
}

void format_commit_time(int64_t t, int tz_minutes, char *buf, size_t len)
{
	time_t shifted = (time_t)(t + (int64_t)tz_minutes * 60);
	struct tm tm;

	if (!gmtime_r(&shifted, &tm)) {
		snprintf(buf, len, "?");
		return;
	}
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
}

void history_free(struct history_item *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		for (size_t k = 0; k < v[i].nchanges; k++) {
			free(v[i].changes[k].field);
			free(v[i].changes[k].label);
			free(v[i].changes[k].old_text);
			free(v[i].changes[k].new_text);
		}
		free(v[i].changes);
		free(v[i].author);
		free(v[i].email);
		free(v[i].summary);
		free(v[i].error);
	}
	free(v);
}

struct diff {
	struct history_item *it;
	size_t cap;
	int failed;
};

static int is_empty(const struct node *n)
{
	if (!n)
		return 1;
	if (n->kind == NODE_SCALAR)
		return !n->str || !*n->str;
	return n->count == 0;
}

/* Enum keys shown with their Chinese label: "安全教育（…）". */
static char *value_text(const struct field_def *f, const struct node *n)
{
	if (!n)
		return strdup("");
	if (f && f->type == FT_ENUM && n->kind == NODE_SCALAR && n->str) {
		int i = enum_index(f->items, n->str);

		if (i >= 0)
			return strdup(_(f->items[i].label));
	}
	return node_text(n);
}

/* Append a change; takes old_text and new_text (NULL: out of memory). */
static void push_change(struct diff *d, const char *field, const char *label, char *old_text,
			char *new_text)
{
	struct field_change *c;

	if (d->it->nchanges == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct field_change *v = realloc(d->it->changes, cap * sizeof(*v));

		if (!v) {
			free(old_text);
			free(new_text);
			d->failed = 1;
			return;
		}
		d->it->changes = v;
		d->cap = cap;
	}
	c = &d->it->changes[d->it->nchanges++];
	c->field = strdup(field);
	c->label = strdup(label);
	c->old_text = old_text;
	c->new_text = new_text;
	if (!c->field || !c->label || !c->old_text || !c->new_text)
		d->failed = 1;
}

static void add_change(struct diff *d, const struct field_def *f, const char *field,
		       const char *label, const struct node *a, const struct node *b)
{
	if ((is_empty(a) && is_empty(b)) || (a && b && node_equal(a, b)))
		return;
	push_change(d, field, label, value_text(f, a), value_text(f, b));
}

/* One `conflicts:` entry in words: "标题（title）：另一个值“…”（张三，xinyi，
 * 2024-07-12T10:00:00+08:00）". */
static char *conflict_text(enum record_type t, const struct node *e)
{
	const char *field = node_map_str(e, "field");
	const struct field_def *f = field ? field_find(record_fields(t), field) : NULL;
	const struct node *value = node_map_get(e, "value");
	static const char *const meta_keys[] = { "author", "unit", "time" };
	char *vt = NULL, *out = NULL, meta[600] = "", label[256];
	size_t used = 0;
	int n;

	if (e->kind != NODE_MAP)
		return node_text(e);
	/* labelled like the other changes: "五有·有总结" */
	snprintf(label, sizeof(label), "%s", f ? _(f->label) : (field ? field : "?"));
	if (f && field && strchr(field, '.')) {
		char group[128];
		const struct field_def *g;

		snprintf(group, sizeof(group), "%.*s", (int)(strchr(field, '.') - field), field);
		if ((g = field_find(record_fields(t), group)))
			snprintf(label, sizeof(label), "%s·%s", _(g->label), _(f->label));
	}
	for (size_t i = 0; i < sizeof(meta_keys) / sizeof(meta_keys[0]); i++) {
		const char *m = node_map_str(e, meta_keys[i]);

		if (m && *m && used < sizeof(meta))
			used += (size_t)snprintf(meta + used, sizeof(meta) - used, "%s%s",
						 used ? _("，") : "", m);
	}
	if (value && !(vt = value_text(f, value)))
		return NULL;
	if (value)
		n = asprintf(&out, _("%s（%s）：另一个值“%s”%s%s%s"), label, field ? field : "?", vt, *meta ? "（" : "", meta, *meta ? "）" : "");
	else
		n = asprintf(&out, _("%s（%s）：另一边删去了这个字段%s%s%s"), label, field ? field : "?",
			     *meta ? "（" : "", meta, *meta ? "）" : "");
	free(vt);
	return n < 0 ? NULL : out;
}

static int entry_in(const struct node *list, const struct node *e)
{
	for (size_t i = 0; list && list->kind == NODE_SEQ && i < list->count; i++)
		if (node_equal(&list->kids[i], e))
			return 1;
	return 0;
}

/* Conflicts are shown one entry at a time: settled (gone) or new. */
static void diff_conflicts(struct diff *d, enum record_type t, const struct node *a,
			   const struct node *b)
{
	if (a && a->kind != NODE_SEQ)
		a = NULL;
	if (b && b->kind != NODE_SEQ)
		b = NULL;
	for (size_t i = 0; a && i < a->count; i++)
		if (!entry_in(b, &a->kids[i]))
			push_change(d, "conflicts", _("冲突已解决"), conflict_text(t, &a->kids[i]),
				    strdup(""));
	for (size_t i = 0; b && i < b->count; i++)
		if (!entry_in(a, &b->kids[i]))
			push_change(d, "conflicts", _("新增冲突"), strdup(""),
				    conflict_text(t, &b->kids[i]));
}

static int known_key(const struct field_def *fields, const char *key)
{
	for (const struct field_def *f = fields; f && f->key; f++)
		if (!strcmp(f->key, key))
			return 1;
	return 0;
}

/* Diff two versions (either may be NULL: added / deleted). */
static void diff_records(struct diff *d, enum record_type t, const struct node *a,
			 const struct node *b)
{
	const struct field_def *fields = record_fields(t);

	for (const struct field_def *f = fields; f && f->key; f++) {
		const struct node *va = a ? node_map_get(a, f->key) : NULL;
		const struct node *vb = b ? node_map_get(b, f->key) : NULL;

		if (f->type == FT_SCHEMA)
			continue;
		if (f->type == FT_CONFLICTS) {
			diff_conflicts(d, t, va, vb);
			continue;
		}
		if (f->type == FT_GROUP && f->sub) {
			for (const struct field_def *s = f->sub; s->key; s++) {
				char dotted[128], label[256];

				snprintf(dotted, sizeof(dotted), "%s.%s", f->key, s->key);
				snprintf(label, sizeof(label), "%s·%s", _(f->label), _(s->label));
				add_change(d, s, dotted, label, va ? node_map_get(va, s->key) : NULL,
					   vb ? node_map_get(vb, s->key) : NULL);
			}
			continue;
		}
		add_change(d, f, f->key, _(f->label), va, vb);
	}
	/* Unknown keys of either version. */
	for (int side = 0; side < 2; side++) {
		const struct node *n = side ? b : a;

		for (size_t i = 0; n && i < n->count; i++) {
			const char *k = n->keys[i];

			if (known_key(fields, k))
				continue;
			if (side == 1 && a && node_map_get(a, k))
				continue; /* already compared from a's side */
			add_change(d, NULL, k, k, a ? node_map_get(a, k) : NULL, b ? node_map_get(b, k) : NULL);
		}
	}
}

int record_history(struct repo *r, const char *relpath, size_t limit,
		   struct history_item **out, size_t *n, struct ggw_error *err)
{
	struct file_version *fv = NULL;
	size_t nv = 0, fetch;
	struct history_item *items = NULL;
	struct node *parsed = NULL;
	unsigned char *ok = NULL;
	enum record_type t;
	char unit[64], id[64];
	int rc;

	*out = NULL;
	*n = 0;
	if (record_path_parse(relpath, &t, unit, id) < 0) {
		/* a misplaced file: its type from its top folder */
		int ft;

		snprintf(unit, sizeof(unit), "%.*s", (int)strcspn(relpath, "/"), relpath);
		ft = record_type_from_folder(unit);
		t = ft >= 0 ? (enum record_type)ft : REC_ACTIVITY;
	}
	/* One more than asked: the oldest shown version needs its parent. */
	fetch = limit ? limit + 1 : 0;
	if ((rc = repo_file_history(r, relpath, fetch, &fv, &nv, err)) < 0)
		return rc;
	if (nv == 0)
		return 0;
	items = calloc(nv, sizeof(*items));
	parsed = calloc(nv, sizeof(*parsed));
	ok = calloc(nv, 1);
	if (!items || !parsed || !ok) {
		rc = ggw_oom(err);
		goto done;
	}
	for (size_t i = 0; i < nv; i++) {
		struct ggw_error perr = { 0, "" };

		if (!fv[i].content)
			continue;
		if (yaml_parse(relpath, fv[i].content, fv[i].content_len, &parsed[i], &perr) == 0)
			ok[i] = 1;
		else {
			items[i].error = strdup(perr.msg);
			node_init_map(&parsed[i]);
		}
	}
	for (size_t i = 0; i < nv; i++) {
		struct history_item *it = &items[i];
		struct diff d = { it, 0, 0 };
		int has_prev = i + 1 < nv;
		const struct node *prev = has_prev && fv[i + 1].content && ok[i + 1] ? &parsed[i + 1] : NULL;
		const struct node *cur = fv[i].content && ok[i] ? &parsed[i] : NULL;

		if (limit && i >= limit)
			break;
		memcpy(it->commit, fv[i].commit, sizeof(it->commit));
		it->author = strdup(fv[i].author ? fv[i].author : "");
		it->email = strdup(fv[i].email ? fv[i].email : "");
		it->time = fv[i].time;
		it->tz_minutes = fv[i].tz_minutes;
		it->summary = strdup(fv[i].summary ? fv[i].summary : "");
		if (message_trailer(fv[i].message, "Ggw-Action", it->action, sizeof(it->action)) < 0)
			snprintf(it->action, sizeof(it->action), "%s", "git");
		/* One more version than shown was fetched, so even the oldest
		 * shown one is compared with its parent. */
		diff_records(&d, t, prev, cur);
		(*n)++;
		if (d.failed || !it->author || !it->email || !it->summary) {
			rc = ggw_oom(err);
			goto done;
		}
	}
	*out = items;
	items = NULL;
	rc = 0;
done:
	if (items)
		history_free(items, nv);
	if (rc < 0)
		*n = 0;
	for (size_t i = 0; parsed && i < nv; i++)
		node_free(&parsed[i]);
	free(parsed);
	free(ok);
	file_versions_free(fv, nv);
	return rc;
}
