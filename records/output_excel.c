/* CSV for spreadsheets and people (output_excel.h). */
#include "output_excel.h"

#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/rectype.h"
#include "../model/sbuf.h"
#include "output.h"
#include "unitname.h"

struct excel_sheet {
	const struct ledger *l;
	const struct entry **vols; /* volunteers sorted by id */
	size_t nvols;
};

static int cmp_entry_id(const void *a, const void *b)
{
	const struct entry *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

struct excel_sheet *excel_sheet_new(const struct ledger *l)
{
	struct excel_sheet *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->l = l;
	if (l->n && !(s->vols = calloc(l->n, sizeof(*s->vols)))) {
		free(s);
		return NULL;
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].type == REC_VOLUNTEER && l->v[i].valid && l->v[i].id)
			s->vols[s->nvols++] = &l->v[i];
	qsort(s->vols, s->nvols, sizeof(*s->vols), cmp_entry_id);
	return s;
}

void excel_sheet_free(struct excel_sheet *s)
{
	if (!s)
		return;
	free(s->vols);
	free(s);
}

static const char *volunteer_name(const struct excel_sheet *s, const char *id)
{
	struct entry key = { .id = id };
	const struct entry *kp = &key, **hit;

	hit = s->nvols ? bsearch(&kp, s->vols, s->nvols, sizeof(*s->vols), cmp_entry_id) : NULL;
	return hit && (*hit)->title && *(*hit)->title ? (*hit)->title : id;
}

/* The sheet's columns: what plain CSV has, and the publicity list. */
static int excel_column(const struct field_def *d)
{
	return d->type == FT_GROUP || (d->flags & F_CSV) ||
	       (d->type == FT_MAPLIST && (d->flags & F_FORM));
}

static void sep(FILE *f, int *first)
{
	if (!*first)
		fputc(',', f);
	*first = 0;
}

void excel_header(FILE *f, enum record_type t)
{
	int first = 1;

	for (const struct field_def *d = record_fields(t); d->key; d++) {
		if (!excel_column(d))
			continue;
		if (d->type == FT_GROUP) {
			for (const struct field_def *sub = d->sub; sub->key; sub++) {
				sep(f, &first);
				csv_field_excel(f, _(sub->label));
			}
			continue;
		}
		sep(f, &first);
		csv_field_excel(f, _(d->label));
	}
	csv_end_row(f);
}

static const char *enum_text(const struct enum_item *items, const char *key)
{
	int i = items && key ? enum_index(items, key) : -1;

	return i >= 0 ? _(items[i].label) : key;
}

/* One scalar as people read it: labels for enums, names for units. */
static const char *scalar_text(const struct excel_sheet *s, const struct field_def *d,
			       const char *v)
{
	if (!v)
		return "";
	switch (d->type) {
	case FT_ENUM:
		return enum_text(d->items, v);
	case FT_UNIT:
		return units_label(&s->l->units, v);
	case FT_BOOL:
		return !strcmp(v, "true") ? _("是") : !strcmp(v, "false") ? _("否") : v;
	default:
		return v;
	}
}

/* A list of maps (publicity): each item's values in field order, the
 * items joined with "；": "区级 区关工委公众号《…》2024-07-12". */
static void maplist_text(const struct excel_sheet *s, const struct field_def *d,
			 const struct node *v, struct sbuf *b)
{
	for (size_t i = 0; v->kind == NODE_SEQ && i < v->count; i++) {
		const struct node *item = &v->kids[i];
		int any = 0;

		if (i)
			sb_add(b, "；");
		for (const struct field_def *sub = d->sub; sub->key; sub++) {
			const char *x = item->kind == NODE_MAP ? node_map_str(item, sub->key) : NULL;

			if (!x || !*x)
				continue;
			if (any++)
				sb_add(b, " ");
			sb_add(b, scalar_text(s, sub, x));
		}
	}
}

/* A cell's text (malloc'd), NULL for an empty cell. */
static char *cell_text(const struct excel_sheet *s, const struct field_def *d, const struct node *v)
{
	struct sbuf b = { 0 };

	if (!v)
		return NULL;
	if (d->type == FT_MAPLIST) {
		maplist_text(s, d, v, &b);
	} else if (v->kind == NODE_SEQ) {
		for (size_t i = 0; i < v->count; i++) {
			const char *x = v->kids[i].kind == NODE_SCALAR ? v->kids[i].str : "";

			if (i)
				sb_add(&b, "、");
			sb_add(&b, d->type == FT_IDLIST ? volunteer_name(s, x) : x);
		}
	} else if (v->kind == NODE_SCALAR) {
		sb_add(&b, scalar_text(s, d, v->str));
	} else {
		return node_text(v);
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s ? b.s : strdup("");
}

void excel_row(FILE *f, const struct excel_sheet *s, enum record_type t, const struct node *rec)
{
	int first = 1;

	for (const struct field_def *d = record_fields(t); d->key; d++) {
		const struct node *v;
		char *txt;

		if (!excel_column(d))
			continue;
		v = node_map_get(rec, d->key);
		if (d->type == FT_GROUP) {
			for (const struct field_def *sub = d->sub; sub->key; sub++) {
				sep(f, &first);
				csv_field_excel(f, v ? node_map_str(v, sub->key) : "");
			}
			continue;
		}
		sep(f, &first);
		txt = cell_text(s, d, v);
		csv_field_excel(f, txt ? txt : "");
		free(txt);
	}
	csv_end_row(f);
}
