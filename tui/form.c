/* Add/edit forms, generated from the model's field table: labels, required
 * marks, hints, Chinese pick lists for enumerations, line and multi-line
 * editors, list editors (one item a line), 五老 picked by name. Each field
 * is checked with field_validate as the user leaves it; everything is
 * checked on save, and nothing is written until the record is valid.
 * Fields the user did not touch keep their original value exactly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "columns.h"
#include "../records/report.h"
#include "../model/dates.h"
#include "../model/i18n.h"
#include "../model/text.h"

#define LABEL_W_MIN 12
#define LABEL_W_MAX 24

enum fkind { K_LINE, K_TEXT, K_LIST, K_ENUM, K_BOOL, K_IDS, K_MAPS, K_REF };

struct ffield {
	const struct field_def *def;
	char dotted[64];
	char label[64];
	enum fkind kind;
	struct ledit ed;          /* K_LINE K_TEXT K_LIST */
	char *orig;               /* editor text or choice as loaded */
	int choice, orig_choice;  /* K_ENUM index / K_BOOL 0 1, -1 unset */
	const struct enum_item *items;
	char *ids;                /* K_IDS: ' '-joined; K_REF: one id or "" */
	int ref;                  /* K_IDS K_REF: the type of the records cited */
	struct node maps, orig_maps; /* K_MAPS: sequences of maps (publicity) */
	char msg[320];
	int rows;
	int y;                    /* first row in form coordinates */
};

struct form {
	struct app *a;
	enum record_type t;
	const struct field_def *fields; /* the table the form is made from */
	int sub;                 /* an item of a list (publicity): no commit */
	struct node result;      /* sub: the item as saved */
	const char *id;
	struct node orig;
	int have_orig;
	const struct node *preset; /* a new record's first values, or NULL */
	struct ffield *f;
	size_t n, cur;
	int top;
	struct enum_item *unit_items; /* office: pick the unit of a new record */
	char title[256];
	int label_w;             /* label column: the widest label, within limits */
	int saved;               /* left by saving */
};

static const struct screen_ops form_ops;

/* English labels ("Young people reached") are wider than Chinese ones:
 * size the label column to them, leaving the values at least half. */
static int label_width(const struct form *fm)
{
	int w = LABEL_W_MIN;

	for (size_t i = 0; i < fm->n; i++) {
		/* the label, its required mark, a space */
		int lw = str_cols(fm->f[i].label) + ((fm->f[i].def->flags & F_REQUIRED) ? 1 : 0) + 1;
		if (lw > w)
			w = lw;
	}
	if (w > LABEL_W_MAX)
		w = LABEL_W_MAX;
	if (w > COLS / 3)
		w = COLS / 3 > LABEL_W_MIN ? COLS / 3 : LABEL_W_MIN;
	return w;
}

/* A message shown under its field does not need the field's name and key:
 * "“日期”（date）不是真实的日期：…" becomes "“日期”不是真实的日期：…". */
static void field_msg(struct ffield *f, const char *msg)
{
	char key[80];
	const char *p;

	snprintf(f->msg, sizeof(f->msg), "%s", msg);
	snprintf(key, sizeof(key), "（%s）", f->dotted);
	if (!(p = strstr(f->msg, key))) {
		snprintf(key, sizeof(key), " (%s)", f->dotted);
		p = strstr(f->msg, key);
	}
	if (p)
		memmove((char *)p, p + strlen(key), strlen(p + strlen(key)) + 1);
}

/* ---- building the form from the field table ---- */

static struct ffield *add_ffield(struct form *fm, const struct field_def *def, const char *dotted,
				 const char *label)
{
	struct ffield *nf = realloc(fm->f, (fm->n + 1) * sizeof(*nf)), *f;

	if (!nf)
		return NULL;
	fm->f = nf;
	f = &fm->f[fm->n++];
	memset(f, 0, sizeof(*f));
	f->def = def;
	snprintf(f->dotted, sizeof(f->dotted), "%s", dotted);
	snprintf(f->label, sizeof(f->label), "%s", label);
	f->choice = f->orig_choice = -1;
	f->items = def->items;
	f->rows = 1; /* texts and lists take more */
	switch (def->type) {
	case FT_TEXT:
		f->kind = K_TEXT;
		f->rows = !strcmp(def->key, "content") ? 5 : strchr(dotted, '.') ? 2 : 3;
		ledit_init(&f->ed, 1);
		break;
	case FT_STRLIST:
		f->kind = K_LIST;
		f->rows = 2;
		ledit_init(&f->ed, 1);
		break;
	case FT_ENUM:
	case FT_UNIT:
		f->kind = K_ENUM;
		break;
	case FT_BOOL:
		f->kind = K_BOOL;
		break;
	case FT_IDLIST:
		f->kind = K_IDS;
		f->ref = field_ref_type(def);
		break;
	case FT_REF:
		f->kind = K_REF;
		f->ref = field_ref_type(def);
		break;
	case FT_MAPLIST:
		f->kind = K_MAPS;
		node_init_seq(&f->maps);
		node_init_seq(&f->orig_maps);
		break;
	default:
		f->kind = K_LINE;
		ledit_init(&f->ed, 0);
		break;
	}
	return f;
}

static void load_value(struct form *fm, struct ffield *f, const struct node *v)
{
	switch (f->kind) {
	case K_LINE:
	case K_TEXT:
		if (v && v->kind == NODE_SCALAR) {
			size_t n = strlen(v->str);
			/* a literal block's final newline is not something to edit */
			if (f->kind == K_TEXT && n > 0 && v->str[n - 1] == '\n') {
				char *s = strndup(v->str, n - 1);
				ledit_set(&f->ed, s);
				free(s);
			} else {
				ledit_set(&f->ed, v->str);
			}
		}
		break;
	case K_LIST:
		if (v && v->kind == NODE_SEQ) {
			size_t len = 0;
			char *s = NULL;
			FILE *m = open_memstream(&s, &len);
			for (size_t i = 0; m && i < v->count; i++)
				if (v->kids[i].kind == NODE_SCALAR)
					fprintf(m, "%s%s", i ? "\n" : "", v->kids[i].str);
			if (m)
				fclose(m);
			ledit_set(&f->ed, s ? s : "");
			free(s);
		}
		break;
	case K_ENUM:
		if (v && v->kind == NODE_SCALAR && f->items)
			f->choice = enum_index(f->items, v->str);
		break;
	case K_BOOL:
		if (v && v->kind == NODE_SCALAR)
			f->choice = !strcmp(v->str, "true") ? 1 : !strcmp(v->str, "false") ? 0 : -1;
		break;
	case K_MAPS:
		if (v && v->kind == NODE_SEQ) {
			node_free(&f->maps);
			node_free(&f->orig_maps);
			node_clone(&f->maps, v);
			node_clone(&f->orig_maps, v);
		}
		break;
	case K_REF:
		free(f->ids);
		f->ids = strdup(v && v->kind == NODE_SCALAR ? v->str : "");
		break;
	case K_IDS: {
		size_t len = 0;
		char *s = NULL;
		FILE *m;
		free(f->ids);
		m = open_memstream(&s, &len);
		for (size_t i = 0; m && v && v->kind == NODE_SEQ && i < v->count; i++)
			if (v->kids[i].kind == NODE_SCALAR)
				fprintf(m, "%s%s", i ? " " : "", v->kids[i].str);
		if (m)
			fclose(m);
		f->ids = s ? s : strdup("");
		break;
	}
	}
	(void)fm;
	if (f->kind == K_LINE || f->kind == K_TEXT || f->kind == K_LIST) {
		f->ed.cur = 0;
		f->orig = strdup(f->ed.buf);
	} else if (f->kind == K_IDS || f->kind == K_REF) {
		f->orig = strdup(f->ids ? f->ids : "");
	}
	f->orig_choice = f->choice;
}

/* A value given, not loaded: it counts as typed (written, asked about
 * when the form is left). */
static void forget_orig(struct ffield *f)
{
	free(f->orig);
	f->orig = strdup("");
	f->orig_choice = -1;
	if (f->kind == K_MAPS) {
		node_free(&f->orig_maps);
		node_init_seq(&f->orig_maps);
	}
}

/* Nothing given in the field. */
static int field_empty(const struct ffield *f)
{
	switch (f->kind) {
	case K_LINE: case K_TEXT: case K_LIST:
		return f->ed.len == 0;
	case K_IDS: case K_REF:
		return !f->ids || !*f->ids;
	case K_MAPS:
		return f->maps.count == 0;
	default:
		return f->choice < 0;
	}
}

/* The street office picks the unit of a new record: the units as a
 * choice of their own (the ledger may be loaded again under the form). */
static void unit_choice(struct form *fm)
{
	struct app *a = fm->a;
	const struct field_def *ud = field_find(fm->fields, "unit");
	const char *want = fm->preset ? node_map_str(fm->preset, "unit") : NULL;
	struct ffield *f;

	fm->unit_items = calloc(a->led.units.n + 1, sizeof(*fm->unit_items));
	if (!ud || !fm->unit_items)
		return;
	for (size_t i = 0; i < a->led.units.n; i++) {
		const struct unit_info *u = &a->led.units.v[i];
		fm->unit_items[i].key = strdup(u->key);
		fm->unit_items[i].label = strdup(u->name ? u->name : u->key);
		if (!fm->unit_items[i].key || !fm->unit_items[i].label)
			return;
	}
	f = add_ffield(fm, ud, "unit", _(ud->label));
	if (f) {
		f->items = fm->unit_items;
		f->choice = enum_index(f->items, want && enum_index(f->items, want) >= 0 ? want : "office");
		f->orig_choice = -2; /* always written */
	}
}

static int form_build(struct form *fm)
{
	const struct field_def *fields = fm->fields;
	const struct node *rec = fm->have_orig ? &fm->orig : fm->preset;
	struct app *a = fm->a;

	/* The street office may enter a record for any unit. */
	if (!fm->sub && !fm->id && a->have_actor && a->actor.unit && !strcmp(a->actor.unit, "office") &&
	    a->led.units.n > 1)
		unit_choice(fm);
	for (const struct field_def *d = fields; d->key; d++) {
		if (!(d->flags & F_FORM) || (d->flags & F_READONLY))
			continue;
		if (d->type == FT_GROUP) {
			const struct node *g = rec ? node_map_get(rec, d->key) : NULL;
			for (const struct field_def *s = d->sub; s && s->key; s++) {
				char dotted[64], label[64];
				struct ffield *f;
				snprintf(dotted, sizeof(dotted), "%s.%s", d->key, s->key);
				snprintf(label, sizeof(label), "%s·%s", _(d->label), _(s->label));
				if (!(f = add_ffield(fm, s, dotted, label)))
					return -1;
				load_value(fm, f, g ? node_map_get(g, s->key) : NULL);
			}
			continue;
		}
		struct ffield *f = add_ffield(fm, d, d->key, _(d->label));
		if (!f)
			return -1;
		load_value(fm, f, rec ? node_map_get(rec, d->key) : NULL);
		/* a new volunteer is active unless said otherwise */
		if (!fm->id && f->kind == K_BOOL && !strcmp(d->key, "active") && f->choice < 0)
			f->choice = f->orig_choice = 1;
	}
	for (size_t i = 0; fm->preset && !fm->have_orig && i < fm->n; i++)
		if (fm->f[i].orig_choice != -2 && !field_empty(&fm->f[i]))
			forget_orig(&fm->f[i]);
	return 0;
}

static void form_free(struct form *fm)
{
	for (size_t i = 0; i < fm->n; i++) {
		struct ffield *f = &fm->f[i];
		if (f->kind == K_LINE || f->kind == K_TEXT || f->kind == K_LIST)
			ledit_free(&f->ed);
		free(f->orig);
		free(f->ids);
		if (f->kind == K_MAPS) {
			node_free(&f->maps);
			node_free(&f->orig_maps);
		}
	}
	free(fm->f);
	for (size_t i = 0; fm->unit_items && fm->unit_items[i].key; i++) {
		free((char *)fm->unit_items[i].key);
		free((char *)fm->unit_items[i].label);
	}
	free(fm->unit_items);
	if (fm->have_orig)
		node_free(&fm->orig);
}

/* ---- values ---- */

static int field_changed(const struct ffield *f)
{
	switch (f->kind) {
	case K_LINE: case K_TEXT: case K_LIST:
		return strcmp(f->ed.buf, f->orig ? f->orig : "") != 0;
	case K_IDS: case K_REF:
		return strcmp(f->ids ? f->ids : "", f->orig ? f->orig : "") != 0;
	case K_MAPS:
		return !node_equal(&f->maps, &f->orig_maps);
	default:
		return f->choice != f->orig_choice;
	}
}

static int form_dirty(const struct form *fm)
{
	for (size_t i = 0; i < fm->n; i++)
		if (field_changed(&fm->f[i]) && fm->f[i].orig_choice != -2)
			return 1;
	return 0;
}

/* The field's value as a node; returns 0 with *out left empty (kind -1)
 * when the field is empty (absent). */
static int field_node(const struct ffield *f, struct node *out, int *present)
{
	*present = 0;
	switch (f->kind) {
	case K_LINE: {
		char *s = text_trim_dup(f->ed.buf, f->ed.len);
		int typed = f->def->type == FT_INT || f->def->type == FT_DATE;
		if (!s)
			return -1;
		if (*s) {
			*present = 1;
			node_init_scalar(out, s, typed ? SCALAR_PLAIN : SCALAR_TEXT);
		}
		free(s);
		return 0;
	}
	case K_TEXT: {
		const char *s = f->ed.buf;
		size_t n = f->ed.len;
		while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
			n--;
		if (n == 0)
			return 0;
		char *t = strndup(s, n);
		if (!t)
			return -1;
		*present = 1;
		node_init_scalar(out, t, SCALAR_TEXT);
		free(t);
		return 0;
	}
	case K_LIST:
	case K_IDS: {
		const char *s = f->kind == K_LIST ? f->ed.buf : (f->ids ? f->ids : "");
		char sep = f->kind == K_LIST ? '\n' : ' ';
		node_init_seq(out);
		while (*s) {
			const char *e = strchr(s, sep);
			size_t n = e ? (size_t)(e - s) : strlen(s);
			char *item = text_trim_dup(s, n);
			if (item && *item)
				node_seq_append_str(out, item, SCALAR_TEXT);
			free(item);
			s += n + (e ? 1 : 0);
		}
		if (out->count == 0) {
			node_free(out);
			return 0;
		}
		*present = 1;
		return 0;
	}
	case K_REF:
		if (!f->ids || !*f->ids)
			return 0;
		*present = 1;
		return node_init_scalar(out, f->ids, SCALAR_TEXT);
	case K_ENUM:
		if (f->choice < 0 || !f->items)
			return 0;
		*present = 1;
		return node_init_scalar(out, f->items[f->choice].key, SCALAR_TEXT);
	case K_BOOL:
		if (f->choice < 0)
			return 0;
		*present = 1;
		return node_init_scalar(out, f->choice ? "true" : "false", SCALAR_PLAIN);
	case K_MAPS:
		if (f->maps.count == 0)
			return 0;
		*present = 1;
		return node_clone(out, &f->maps);
	}
	return 0;
}

/* A date typed as people write it (2025.7.15, 2025年7月15日) is shown and
 * saved as 2025-07-15; one not understood gets the spellings that are.
 * Returns 1 when it set the field's message. */
static int typed_date(struct ffield *f)
{
	char *s = text_trim_dup(f->ed.buf, f->ed.len), buf[16];
	int ymd, said = 0;

	if (!s)
		return 0;
	if (*s && (ymd = date_parse_typed(s)) > 0) {
		date_format(ymd, buf, sizeof(buf));
		if (strcmp(buf, f->ed.buf))
			ledit_set(&f->ed, buf);
	} else if (*s) {
		if (ymd == DATE_NOT_REAL)
			snprintf(f->msg, sizeof(f->msg), _("“%s”不是真实的日期：%s"), f->label, s);
		else
			snprintf(f->msg, sizeof(f->msg), _("“%s”看不出是哪一天：%s（%s）"), f->label, s,
				 date_examples());
		said = 1;
	}
	free(s);
	return said;
}

static int is_list_sep(const char *p, size_t *len)
{
	static const char *const seps[] = { "、", "，", ",", NULL };

	for (size_t i = 0; seps[i]; i++)
		if (!strncmp(p, seps[i], strlen(seps[i]))) {
			*len = strlen(seps[i]);
			return 1;
		}
	return 0;
}

/* A line of the list as it was loaded (kept whole, 、 and all). */
static int orig_line(const struct ffield *f, const char *line, size_t n)
{
	for (const char *o = f->orig ? f->orig : ""; *o;) {
		const char *e = strchr(o, '\n');
		size_t k = e ? (size_t)(e - o) : strlen(o);
		if (k == n && !strncmp(o, line, n))
			return 1;
		o += k + (e ? 1 : 0);
	}
	return 0;
}

/* Items typed on one line with 、 ， or , between them become one a line,
 * as they will be saved; lines loaded with the record stay whole. */
static void list_split_typed(struct ffield *f)
{
	size_t len = 0, sl;
	char *out = NULL;
	FILE *m;
	int any = 0;

	if (f->kind != K_LIST || !strcmp(f->ed.buf, f->orig ? f->orig : "") || !(m = open_memstream(&out, &len)))
		return;
	for (const char *p = f->ed.buf; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int keep = orig_line(f, p, n);
		for (size_t i = 0; i < n; i++) {
			if (!keep && is_list_sep(p + i, &sl)) {
				fputc('\n', m);
				i += sl - 1;
				any = 1;
			} else {
				fputc(p[i], m);
			}
		}
		if (e)
			fputc('\n', m);
		p += n + (e ? 1 : 0);
	}
	fclose(m);
	if (any && out) {
		/* no empty items ("a、、b", a separator at the end) */
		char *w = out, *r = out;
		while (*r) {
			char *e = strchr(r, '\n');
			size_t n = e ? (size_t)(e - r) : strlen(r);
			char *item = text_trim_dup(r, n);
			if (item && *item)
				w += sprintf(w, "%s%s", w > out ? "\n" : "", item);
			free(item);
			r += n + (e ? 1 : 0);
		}
		*w = '\0';
		ledit_set(&f->ed, out);
	}
	free(out);
}

static void validate_field(struct ffield *f)
{
	struct problems p = { 0 };
	struct node v;
	int present = 0;

	f->msg[0] = '\0';
	if (f->orig_choice == -2 && f->kind == K_ENUM) /* the unit pick */
		return;
	if (f->kind == K_LINE && f->def->type == FT_DATE && typed_date(f))
		return;
	list_split_typed(f);
	if (field_node(f, &v, &present) < 0)
		return;
	if (field_validate(f->def, present ? &v : NULL, f->dotted, &p) > 0)
		field_msg(f, p.v[0].msg);
	if (present)
		node_free(&v);
	problems_free(&p);
}

/* Apply every changed field to rec (a clone of the original). */
static int apply_fields(struct form *fm, struct node *rec)
{
	for (size_t i = 0; i < fm->n; i++) {
		struct ffield *f = &fm->f[i];
		struct node v, *parent = rec;
		const char *key = f->dotted, *dot;
		int present;

		/* an edit writes only what changed; a new record everything set */
		if (fm->have_orig && !field_changed(f) && f->orig_choice != -2)
			continue;
		if (field_node(f, &v, &present) < 0)
			return -1;
		if ((dot = strchr(f->dotted, '.'))) {
			char group[64];
			snprintf(group, sizeof(group), "%.*s", (int)(dot - f->dotted), f->dotted);
			key = dot + 1;
			parent = node_map_get(rec, group);
			if (!parent || parent->kind != NODE_MAP) {
				struct node g;
				if (!present)
					continue;
				node_init_map(&g);
				node_map_set(rec, group, &g);
				parent = node_map_get(rec, group);
			}
		}
		if (present)
			node_map_set(parent, key, &v);
		else
			node_map_remove(parent, key);
	}
	/* an emptied five_have leaves no empty map behind */
	{
		struct node *g = node_map_get(rec, "five_have");
		if (g && g->kind == NODE_MAP && g->count == 0)
			node_map_remove(rec, "five_have");
	}
	return 0;
}

/* ---- drawing ---- */

static int form_layout(struct form *fm)
{
	int y = 0;

	for (size_t i = 0; i < fm->n; i++) {
		fm->f[i].y = y;
		y += fm->f[i].rows + (fm->f[i].msg[0] ? 1 : 0);
	}
	return y;
}

static void ids_text(struct app *a, const char *ids, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	while (ids && *ids && n < len) {
		const char *e = strchr(ids, ' ');
		size_t k = e ? (size_t)(e - ids) : strlen(ids);
		char id[64];
		long i;
		snprintf(id, sizeof(id), "%.*s", (int)k, ids);
		i = a->led_loaded ? ledger_find(&a->led, id) : -1;
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "、" : "",
				      i >= 0 && a->led.v[i].title ? a->led.v[i].title : id);
		ids += k + (e ? 1 : 0);
	}
}

static void form_draw(void *st)
{
	struct form *fm = st;
	int area = LINES - 4, vx, vw;
	struct ffield *cur = fm->n ? &fm->f[fm->cur] : NULL;

	fm->label_w = label_width(fm);
	vx = fm->label_w + 1;
	vw = COLS - vx - 1;
	erase();
	draw_title(fm->title, _("F2 保存　Esc 返回"));
	form_layout(fm);
	if (cur) {
		int h = cur->rows + (cur->msg[0] ? 1 : 0);
		if (cur->y < fm->top)
			fm->top = cur->y;
		if (cur->y + h > fm->top + area)
			fm->top = cur->y + h - area;
	}
	for (size_t i = 0; i < fm->n; i++) {
		struct ffield *f = &fm->f[i];
		int y = 1 + f->y - fm->top, focused = i == fm->cur;
		attr_t la = focused ? term.attr[R_LABEL] | A_BOLD : term.attr[R_LABEL];
		attr_t va = focused ? term.attr[R_FIELD_CUR] : term.attr[R_FIELD];
		char buf[1024];

		if (y + f->rows <= 1 || y > area)
			continue;
		if (y >= 1) {
			int lw = draw_text(y, 0, f->label, fm->label_w - 1, la, 0);
			if (f->def->flags & F_REQUIRED)
				draw_text(y, lw, "*", 1, term.attr[R_WARN], 0);
		}
		switch (f->kind) {
		case K_LINE:
			if (y >= 1)
				ledit_draw(&f->ed, y, vx, 1, vw, va, 0);
			break;
		case K_TEXT:
		case K_LIST: {
			int top = y < 1 ? 1 : y, rows = f->rows - (top - y);
			if (rows > area + 1 - top)
				rows = area + 1 - top;
			if (rows > 0) {
				/* keep the editor's own scrolling, clipped to what shows */
				ledit_draw(&f->ed, top, vx, rows, vw, va, 0);
			}
			break;
		}
		case K_ENUM:
			if (f->choice >= 0 && f->items)
				draw_text(y, vx, _(f->items[f->choice].label), vw, va, DRAW_PAD);
			else
				draw_text(y, vx, _("（按 Enter 选择）"), vw, va | term.attr[R_DIM], DRAW_PAD);
			break;
		case K_BOOL:
			draw_text(y, vx, f->choice < 0 ? _("（未填，空格切换）") : f->choice ? _("是") : _("否"),
				  vw, va, DRAW_PAD);
			break;
		case K_MAPS:
			if (f->maps.count) {
				char *first = field_value_text(fm->a, f->def, &(struct node){ .kind = NODE_SEQ,
					.count = 1, .kids = f->maps.kids });
				snprintf(buf, sizeof(buf), _("%zu 条：%s"), f->maps.count, first);
				free(first);
			} else {
				snprintf(buf, sizeof(buf), "%s", _("（没有。按 Enter 添加）"));
			}
			draw_text(y, vx, buf, vw, f->maps.count ? va : va | term.attr[R_DIM], DRAW_PAD);
			break;
		case K_IDS:
		case K_REF: {
			char none[128];
			ids_text(fm->a, f->ids, buf, sizeof(buf));
			if (f->ref == REC_VOLUNTEER)
				snprintf(none, sizeof(none), "%s", _("（按 Enter 按姓名选择五老）"));
			else
				snprintf(none, sizeof(none), _("（按 Enter 从%s中选择）"), _(record_type_label(f->ref)));
			draw_text(y, vx, *buf ? buf : none, vw, *buf ? va : va | term.attr[R_DIM], DRAW_PAD);
			break;
		}
		}
		if (f->msg[0] && y + f->rows <= area)
			draw_text(y + f->rows, vx, f->msg, vw, term.attr[R_WARN], 0);
	}
	/* hint for the current field */
	if (cur) {
		const char *hint = cur->def->help ? _(cur->def->help) : "";
		char buf[256];
		if (cur->kind == K_ENUM)
			hint = _("Enter 打开选项表，← → 换一项");
		else if (cur->kind == K_MAPS)
			hint = _("Enter 打开列表：新增、修改、删除各条");
		else if (cur->kind == K_LIST && !strcmp(cur->def->key, "attachments"))
			hint = _("只记路径或说明；照片、签到表请保存后在记录页按 a 添加（随同步送到各台电脑）");
		else if (cur->kind == K_LIST)
			hint = _("每行一项，Enter 另起一项");
		else if (cur->kind == K_IDS && cur->ref == REC_VOLUNTEER)
			hint = _("Enter 或直接输入姓名，从五老名册中选择；Backspace 去掉最后一位");
		else if (cur->kind == K_IDS || cur->kind == K_REF)
			hint = cur->kind == K_IDS ? _("Enter 或直接输入文字，从列表中选择；Backspace 去掉最后一个")
						  : _("Enter 或直接输入文字，从列表中选择；Backspace 清除");
		else if (cur->kind == K_BOOL)
			hint = _("空格或 ← → 切换 是/否");
		else if (cur->kind == K_TEXT && !*hint)
			hint = _("可输入多行，Enter 换行，Tab 到下一项");
		snprintf(buf, sizeof(buf), "%s", hint);
		draw_text(LINES - 3, 0, buf, COLS, term.attr[R_DIM], DRAW_PAD);
	}
}

/* The cursor at the insertion point, for input methods. */
static void form_cursor(void *st)
{
	struct form *fm = st;
	struct ffield *cur = fm->n ? &fm->f[fm->cur] : NULL;
	int area = LINES - 4, vx = fm->label_w + 1, vw = COLS - vx - 1;
	int cy = -1, cx = -1;

	if (cur && (cur->kind == K_LINE || cur->kind == K_TEXT || cur->kind == K_LIST)) {
		int y = 1 + cur->y - fm->top;
		if (y >= 1 && y <= area) {
			int rows = cur->rows;
			if (rows > area + 1 - y)
				rows = area + 1 - y;
			ledit_draw(&cur->ed, y, vx, rows, vw, term.attr[R_FIELD_CUR], 1);
			getyx(stdscr, cy, cx);
		}
	}
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	} else {
		curs_set(0);
	}
}

static void paint_form(void *st)
{
	struct form *fm = st;

	screen_paint(fm->a, &form_ops, fm);
}

/* The unit the record belongs to: the office's pick, the record's own,
 * else NULL (this PC's). */
static const char *form_unit(const struct form *fm)
{
	for (size_t i = 0; i < fm->n; i++)
		if (fm->f[i].orig_choice == -2 && fm->f[i].kind == K_ENUM && fm->f[i].choice >= 0)
			return fm->f[i].items[fm->f[i].choice].key;
	return fm->have_orig ? node_map_str(&fm->orig, "unit") : NULL;
}

/* ---- record picker: 五老 by name, sites, cases by code, activities ---- */

struct vpick {
	struct app *a;
	int type;           /* the record type picked */
	int multi;          /* a list (FT_IDLIST) or one (FT_REF) */
	const char *unit;   /* the unit of a record added here (F3); NULL this PC's */
	size_t *v, n;       /* shown records (entry indices) */
	char **sel;         /* chosen ids */
	size_t nsel, cap;   /* cap: room in v and sel, a->led.n + 1 at most */
	void (*paint_under)(void *d); /* the form under the pop-up */
	void *under;
};

static int vp_chosen(struct vpick *p, const char *id)
{
	for (size_t i = 0; i < p->nsel; i++)
		if (!strcmp(p->sel[i], id))
			return (int)i;
	return -1;
}

static void vp_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct vpick *p = data;
	const struct entry *e = &p->a->led.v[p->v[i]];
	attr_t a = selected ? term.attr[R_TITLE] : term.attr[R_SEL];
	char buf[512], sum[400];

	(void)lb;
	if (p->type == REC_VOLUNTEER)
		snprintf(buf, sizeof(buf), "%s%s  %s  %s", !p->multi ? "" : vp_chosen(p, e->id) >= 0 ? "[x] " : "[ ] ",
			 e->title, e->group >= 0 ? _(enum_group[e->group].label) : "", unit_name(p->a, e->unit));
	else {
		entry_summary(p->a, e, sum, sizeof(sum));
		snprintf(buf, sizeof(buf), "%s%s", p->multi ? (vp_chosen(p, e->id) >= 0 ? "[x] " : "[ ] ") : "", sum);
	}
	draw_text(y, x, buf, w, a, DRAW_PAD);
}

struct vpick_view {
	struct vpick p;
	struct listbox lb;
	struct ledit filt;
	char applied[256];  /* the filter the shown list was made for */
	int ok;
};

static void vp_geometry(int *h, int *w, int *y0, int *x0)
{
	*h = LINES - 7;
	*w = COLS - 8;
	*y0 = 2;
	*x0 = 4;
}

static void vp_title(const struct vpick *p, char *buf, size_t len)
{
	const char *label = _(record_type_label(p->type));

	if (p->type == REC_VOLUNTEER && p->multi)
		snprintf(buf, len, "%s", _("选择五老（输入姓名筛选，空格选中/取消，Enter 完成，Esc 取消）"));
	else if (p->type == REC_VOLUNTEER)
		snprintf(buf, len, "%s", _("选择五老（输入姓名筛选，Enter 选定，Esc 取消）"));
	else if (p->multi)
		snprintf(buf, len, _("选择%s（输入文字筛选，空格选中/取消，Enter 完成，Esc 取消）"), label);
	else
		snprintf(buf, len, _("选择%s（输入文字筛选，Enter 选定，Esc 取消）"), label);
}

static void vp_draw(void *st)
{
	struct vpick_view *v = st;
	struct app *a = v->p.a;
	int h, w, y0, x0;
	char title[256], hint[256];

	vp_geometry(&h, &w, &y0, &x0);
	if (strcmp(v->applied, v->filt.buf)) {
		/* the record's own unit first, then the others */
		const char *home = v->p.unit ? v->p.unit : a->have_actor ? a->actor.unit : NULL;
		v->p.n = 0;
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < a->led.n && v->p.n < v->p.cap; i++) {
				const struct entry *e = &a->led.v[i];
				int own = home && e->unit && !strcmp(e->unit, home);
				if ((int)e->type == v->p.type && e->valid && e->id && own == !pass &&
				    (!v->filt.len || (e->title && text_find(e->title, v->filt.buf))))
					v->p.v[v->p.n++] = i;
			}
		v->lb.n = v->p.n;
		v->lb.sel = 0;
		snprintf(v->applied, sizeof(v->applied), "%s", v->filt.buf);
	}
	for (int r = 0; r < h + 4; r++)
		draw_fill(y0 - 1 + r, x0 - 1, w + 2, term.attr[R_SEL]);
	vp_title(&v->p, title, sizeof(title));
	draw_text(y0 - 1, x0, title, w, term.attr[R_SEL] | A_BOLD, DRAW_PAD);
	draw_text(y0, x0, _("查找："), 6, term.attr[R_SEL], 0);
	listbox_draw(&v->lb, y0 + 1, x0, h, w);
	if (v->p.n == 0) {
		if (v->p.type == REC_VOLUNTEER)
			snprintf(hint, sizeof(hint), "%s", _("没有找到。按 F3 新增一位五老。"));
		else
			snprintf(hint, sizeof(hint), _("没有找到。按 F3 新增%s。"), _(record_type_label(v->p.type)));
		draw_text(y0 + 1, x0, hint, w, term.attr[R_SEL], DRAW_PAD);
	}
	snprintf(hint, sizeof(hint), _("F3 新增%s（保存后回到这里，正在填的表单不会丢）"),
		 v->p.type == REC_VOLUNTEER ? _("五老") : _(record_type_label(v->p.type)));
	draw_text(y0 + h + 1, x0, hint, w, term.attr[R_SEL] | A_BOLD, DRAW_PAD);
}

static void vp_cursor(void *st)
{
	struct vpick_view *v = st;
	int h, w, y0, x0;

	vp_geometry(&h, &w, &y0, &x0);
	curs_set(1);
	ledit_draw(&v->filt, y0, x0 + 6, 1, w - 6, term.attr[R_FIELD_CUR], 1);
}

static void vp_toggle(struct vpick *p, const char *id)
{
	int k = vp_chosen(p, id);

	if (k >= 0) {
		free(p->sel[k]);
		memmove(&p->sel[k], &p->sel[k + 1], (p->nsel - (size_t)k - 1) * sizeof(*p->sel));
		p->nsel--;
	} else if (p->nsel < p->cap) {
		if (!p->multi)
			while (p->nsel)
				free(p->sel[--p->nsel]);
		p->sel[p->nsel++] = strdup(id);
	}
}

/* Room for every record of the ledger (it grows when one is added). */
static int vp_room(struct vpick *p)
{
	size_t want = p->a->led.n + 1;
	size_t *nv;
	char **ns;

	if (want <= p->cap)
		return 0;
	if (!(nv = realloc(p->v, want * sizeof(*nv))))
		return -1;
	p->v = nv;
	if (!(ns = realloc(p->sel, want * sizeof(*ns))))
		return -1;
	p->sel = ns;
	p->cap = want;
	return 0;
}

/* F3: add a record of the picked type (the name typed so far filled in)
 * over the form, which stays as it is; the new one comes back chosen. */
static int vp_add(struct vpick_view *v)
{
	struct vpick *p = &v->p;
	const char *title = record_title_field(p->type);
	struct node preset;
	int saved;

	node_init_map(&preset);
	if (title && v->filt.len)
		node_map_set_str(&preset, title, v->filt.buf, SCALAR_TEXT);
	if (p->unit && *p->unit)
		node_map_set_str(&preset, "unit", p->unit, SCALAR_TEXT);
	saved = screen_form_preset(p->a, (enum record_type)p->type, &preset);
	node_free(&preset);
	if (p->paint_under)
		p->paint_under(p->under);
	if (!saved)
		return SCREEN_STAY;
	app_reload(p->a);
	if (vp_room(p) < 0)
		return SCREEN_STAY;
	if (p->a->last_id[0] && vp_chosen(p, p->a->last_id) < 0)
		vp_toggle(p, p->a->last_id);
	ledit_set(&v->filt, "");
	snprintf(v->applied, sizeof(v->applied), "%s", "\x01");
	if (!p->multi) {
		v->ok = 1;
		return SCREEN_LEAVE;
	}
	return SCREEN_STAY;
}

static int vp_key(void *st, int key)
{
	struct vpick_view *v = st;
	struct vpick *p = &v->p;

	if (key == TK_ESC || key == TK_FKEY(10))
		return SCREEN_LEAVE;
	if (key == TK_FKEY(3))
		return vp_add(v);
	if (!p->multi && key == TK_ENTER && !v->lb.n)
		return SCREEN_LEAVE; /* nothing to pick: the value stays */
	if (!p->multi && key == TK_ENTER && v->lb.n) {
		const char *id = p->a->led.v[p->v[v->lb.sel]].id;
		if (vp_chosen(p, id) < 0)
			vp_toggle(p, id);
	}
	if (key == TK_ENTER || key == TK_FKEY(2)) {
		v->ok = 1;
		return SCREEN_LEAVE;
	}
	if (key == ' ' && v->lb.n) {
		vp_toggle(p, p->a->led.v[p->v[v->lb.sel]].id);
	} else if (key == TK(KEY_UP) || key == TK(KEY_DOWN) || key == TK(KEY_PPAGE) || key == TK(KEY_NPAGE)) {
		listbox_key(&v->lb, key);
	} else {
		ledit_key(&v->filt, key, COLS - 8 - 6);
	}
	return SCREEN_STAY;
}

static const struct screen_ops vpick_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = vp_draw, .cursor = vp_cursor, .key = vp_key,
};

/* The picker over ids (' '-joined); under: repaints what is under it. */
static int pick_run(struct vpick *base, char **ids, int first_key)
{
	struct vpick_view v;
	struct vpick *p = &v.p;

	memset(&v, 0, sizeof(v));
	*p = *base;
	v.lb = (struct listbox){ 0, 0, 0, 0, vp_row, p };
	snprintf(v.applied, sizeof(v.applied), "%s", "\x01");
	if (vp_room(p) < 0) {
		free(p->v);
		free(p->sel);
		return 0;
	}
	for (const char *s = *ids; s && *s;) {
		const char *e = strchr(s, ' ');
		size_t k = e ? (size_t)(e - s) : strlen(s);
		if (k && p->nsel < p->cap)
			p->sel[p->nsel++] = strndup(s, k);
		s += k + (e ? 1 : 0);
	}
	ledit_init(&v.filt, 0);
	if (first_key > 0)
		ledit_key(&v.filt, first_key, COLS);
	screen_run(p->a, &vpick_ops, &v);
	if (v.ok) {
		size_t len = 0;
		char *s = NULL;
		FILE *m = open_memstream(&s, &len);
		for (size_t i = 0; m && i < p->nsel; i++)
			fprintf(m, "%s%s", i ? " " : "", p->sel[i]);
		if (m)
			fclose(m);
		free(*ids);
		*ids = s ? s : strdup("");
	}
	for (size_t i = 0; i < p->nsel; i++)
		free(p->sel[i]);
	free(p->sel);
	free(p->v);
	ledit_free(&v.filt);
	return v.ok;
}

int pick_records(struct app *a, int type, int multi, char **ids, int first_key, const char *unit)
{
	struct vpick p;

	memset(&p, 0, sizeof(p));
	p.a = a;
	p.type = type;
	p.multi = multi;
	p.unit = unit;
	return pick_run(&p, ids, first_key);
}

int pick_volunteers_typed(struct app *a, char **ids, int first_key)
{
	return pick_records(a, REC_VOLUNTEER, 1, ids, first_key, NULL);
}

/* ---- the form screen ---- */

static void move_to(struct form *fm, size_t to)
{
	if (to >= fm->n || to == fm->cur)
		return;
	validate_field(&fm->f[fm->cur]);
	fm->cur = to;
}

static void pick_choice(struct form *fm, struct ffield *f, int first_key)
{
	size_t n = enum_count(f->items);
	const char **labels = calloc(n + 1, sizeof(*labels));
	int r;

	if (!labels)
		return;
	for (size_t i = 0; i < n; i++)
		labels[i] = _(f->items[i].label);
	screen_paint(fm->a, &form_ops, fm);
	r = pick_list_find(f->label, labels, n, f->choice, first_key);
	if (r >= 0) {
		f->choice = r;
		validate_field(f);
	}
	free(labels);
}

/* Map problems from the full validation to the fields. Returns how many
 * could not be placed next to a field (first one goes to the status). */
static size_t place_problems(struct form *fm, const struct problems *p)
{
	size_t unplaced = 0;

	for (size_t i = 0; i < p->n; i++) {
		size_t k;
		for (k = 0; k < fm->n; k++)
			if (!strcmp(fm->f[k].dotted, p->v[i].field) ||
			    (!strncmp(p->v[i].field, fm->f[k].dotted, strlen(fm->f[k].dotted)) &&
			     p->v[i].field[strlen(fm->f[k].dotted)] == '.'))
				break;
		if (k < fm->n) {
			if (!fm->f[k].msg[0])
				field_msg(&fm->f[k], p->v[i].msg);
		} else {
			if (!unplaced)
				app_status(fm->a, 1, "%s", p->v[i].msg);
			unplaced++;
		}
	}
	return unplaced;
}

/* A date that is probably a typo (2052 for 2025) is saved only if the
 * user says it is right: otherwise the activity drops out of its year. */
static int dates_confirmed(struct form *fm, struct node *rec)
{
	char msg[400], q[512];

	if (!record_date_doubt(fm->t, rec, fm->have_orig ? &fm->orig : NULL, report_today(), msg,
			       sizeof(msg)))
		return 1;
	snprintf(q, sizeof(q), _("%s仍然保存？"), msg);
	screen_paint(fm->a, &form_ops, fm);
	if (ask_yes_no(q))
		return 1;
	app_status(fm->a, 1, "%s", _("没有保存：请改正日期。"));
	return 0;
}

static int form_save(struct form *fm)
{
	struct app *a = fm->a;
	struct problems probs = { 0 };
	struct ggw_error err = { 0, "" };
	struct node rec;
	size_t bad = 0, first_bad = fm->n;
	char id[64] = "";
	int rc;

	if (!a->have_actor) {
		app_status(a, 1, "%s", _("没有设置本机单位（ggw config ggw.unit 单位），不能保存。"));
		return 0;
	}
	for (size_t i = 0; i < fm->n; i++) {
		validate_field(&fm->f[i]);
		if (fm->f[i].msg[0]) {
			bad++;
			if (first_bad == fm->n)
				first_bad = i;
		}
	}
	if (bad) {
		app_status(a, 1, _("有 %zu 项需要改正，见各项下面的红字。"), bad);
		fm->cur = first_bad;
		return 0;
	}
	if (fm->have_orig) {
		if (node_clone(&rec, &fm->orig) < 0)
			return 0;
	} else {
		node_init_map(&rec);
		node_map_set_str(&rec, "schema", record_schema(fm->t), SCALAR_TEXT);
	}
	if (apply_fields(fm, &rec) < 0) {
		node_free(&rec);
		return 0;
	}
	if (!fm->have_orig && !node_map_get(&rec, "unit") && a->actor.unit)
		node_map_set_str(&rec, "unit", a->actor.unit, SCALAR_TEXT);
	if (!dates_confirmed(fm, &rec)) {
		node_free(&rec);
		return 0;
	}
	if (fm->id) {
		snprintf(id, sizeof(id), "%s", fm->id);
		rc = ops_edit(a->repo, &a->actor, fm->id, &rec, &probs, &err);
	} else {
		rc = ops_add(a->repo, &a->actor, fm->t, &rec, id, &probs, &err);
	}
	if (rc < 0) {
		if (probs.n) {
			size_t unplaced = place_problems(fm, &probs);
			if (!unplaced)
				app_status(a, 1, _("有 %zu 项需要改正，见各项下面的红字。"), probs.n);
			for (size_t i = 0; i < fm->n; i++)
				if (fm->f[i].msg[0]) {
					fm->cur = i;
					break;
				}
		} else {
			app_status(a, 1, "%s", err.msg);
		}
		problems_free(&probs);
		node_free(&rec);
		return 0;
	}
	problems_free(&probs);
	snprintf(a->last_id, sizeof(a->last_id), "%s", id);
	{
		const char *title = tui_record_title(fm->t, &rec);
		app_status(a, 0, _("已保存：%s（%s）"), title ? title : id, id);
	}
	node_free(&rec);
	return 1;
}

/* An item of a list (a publicity entry): check its fields and keep it. */
static int sub_save(struct form *fm)
{
	size_t bad = 0;

	for (size_t i = 0; i < fm->n; i++) {
		validate_field(&fm->f[i]);
		if (fm->f[i].msg[0] && !bad++)
			fm->cur = i;
	}
	if (bad) {
		app_status(fm->a, 1, _("有 %zu 项需要改正，见各项下面的红字。"), bad);
		return 0;
	}
	/* keys of the item this ggw does not know stay as they were */
	if (fm->have_orig) {
		if (node_clone(&fm->result, &fm->orig) < 0)
			return 0;
	} else {
		node_init_map(&fm->result);
	}
	if (apply_fields(fm, &fm->result) < 0) {
		node_free(&fm->result);
		return 0;
	}
	return 1;
}

static int form_loop(struct form *fm);

/* Edit one item of a map list with a form made from its sub-fields.
 * item NULL: a new one. Returns 1 and fills out when saved. */
static int edit_item(struct form *parent, struct ffield *lf, const struct node *item, struct node *out)
{
	struct form sf;
	int saved;

	memset(&sf, 0, sizeof(sf));
	sf.a = parent->a;
	sf.t = parent->t;
	sf.fields = lf->def->sub;
	sf.sub = 1;
	sf.id = item ? "" : NULL;
	if (item && node_clone(&sf.orig, item) == 0)
		sf.have_orig = 1;
	snprintf(sf.title, sizeof(sf.title), item ? _("修改%s") : _("新增%s"), lf->label);
	if (form_build(&sf) < 0) {
		form_free(&sf);
		return 0;
	}
	saved = form_loop(&sf);
	if (saved) {
		*out = sf.result;
		memset(&sf.result, 0, sizeof(sf.result));
	}
	form_free(&sf);
	return saved;
}

struct maps_ctx { struct form *fm; struct ffield *f; };

static void maps_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct maps_ctx *c = data;
	char *t = field_value_text(c->fm->a, c->f->def, &(struct node){ .kind = NODE_SEQ, .count = 1,
		.kids = &c->f->maps.kids[i] });

	(void)lb;
	draw_text(y, x, t, w, selected ? term.attr[R_SEL] : A_NORMAL, DRAW_PAD);
	free(t);
}

/* The list of a map-list field (publicity): add, edit, delete items. */
struct maps_view {
	struct maps_ctx c;
	struct listbox lb;
};

static void maps_draw(void *st)
{
	struct maps_view *v = st;
	char title[128];

	v->lb.n = v->c.f->maps.count;
	erase();
	snprintf(title, sizeof(title), _("%s（F3 新增，Enter 修改，F8 删除，Esc 完成）"), v->c.f->label);
	draw_title(title, NULL);
	listbox_draw(&v->lb, 1, 1, LINES - 4, COLS - 2);
	if (!v->lb.n)
		draw_text(2, 2, _("还没有。按 F3 新增一条。"), COLS - 4, term.attr[R_DIM], 0);
}

static int maps_key(void *st, int key)
{
	struct maps_view *v = st;
	struct form *fm = v->c.fm;
	struct ffield *f = v->c.f;
	struct listbox *lb = &v->lb;
	struct node item;

	if (listbox_key(lb, key))
		return SCREEN_STAY;
	if (key == TK_ESC || key == TK_FKEY(10) || key == TK_FKEY(2))
		return SCREEN_LEAVE;
	if (key == TK_FKEY(3) || key == 'a') {
		if (edit_item(fm, f, NULL, &item))
			node_seq_append(&f->maps, &item);
	} else if ((key == TK_ENTER || key == TK_FKEY(4) || key == 'e') && lb->n) {
		if (edit_item(fm, f, &f->maps.kids[lb->sel], &item)) {
			node_free(&f->maps.kids[lb->sel]);
			f->maps.kids[lb->sel] = item;
		}
	} else if ((key == TK_FKEY(8) || key == 'd') && lb->n && ask_yes_no(_("删除这一条？"))) {
		node_free(&f->maps.kids[lb->sel]);
		memmove(&f->maps.kids[lb->sel], &f->maps.kids[lb->sel + 1],
			(f->maps.count - lb->sel - 1) * sizeof(*f->maps.kids));
		f->maps.count--;
	}
	return SCREEN_STAY;
}

/* Its own keys (the form's key bar under it); no status line. */
static const struct screen_ops maps_ops = {
	.id = SCR_FORM, .flags = SO_NO_STATUS | SO_KEEP_STATUS, .draw = maps_draw, .key = maps_key,
};

static void maps_editor(struct form *fm, struct ffield *f)
{
	struct maps_view v = { { fm, f }, { 0 } };

	v.lb = (struct listbox){ 0, 0, 0, 0, maps_row, &v.c };
	screen_run(fm->a, &maps_ops, &v);
}

/* Keys on a choice field (K_ENUM). */
static int enum_key(struct form *fm, struct ffield *f, int key)
{
	if (key == TK_ENTER || key == ' ') {
		pick_choice(fm, f, 0);
		return 1;
	}
	if (!TK_IS_FN(key) && key >= 0x80) {
		/* Chinese typed here (安): the list, on the first item holding it */
		pick_choice(fm, f, key);
		return 1;
	}
	if (!TK_IS_FN(key) && key > ' ' && key != 127) {
		/* typed text would be lost silently: say how to choose */
		app_status(fm->a, 1, _("“%s”要从选项表中选：按 Enter 打开，或用 ← → 换一项"), f->label);
		return 1;
	}
	if (key == TK(KEY_RIGHT) || key == TK(KEY_LEFT)) {
		int n = (int)enum_count(f->items);
		if (n > 0)
			f->choice = key == TK(KEY_RIGHT) ? (f->choice + 1) % n
							 : (f->choice <= 0 ? n - 1 : f->choice - 1);
		return 1;
	}
	return 0;
}

/* A key on the current field; 1 if the field used it. */
static int field_key(struct form *fm, struct ffield *f, int key)
{
	int vw = COLS - label_width(fm) - 2;

	switch (f->kind) {
	case K_LINE:
		if (key == TK_ENTER) {
			move_to(fm, fm->cur + 1);
			return 1;
		}
		/* fallthrough */
	case K_TEXT:
	case K_LIST:
		if (ledit_key(&f->ed, key, vw)) {
			if (f->msg[0])
				f->msg[0] = '\0';
			return 1;
		}
		return 0;
	case K_ENUM:
		return enum_key(fm, f, key);
	case K_BOOL:
		if (key == TK_ENTER || key == ' ' || key == TK(KEY_LEFT) || key == TK(KEY_RIGHT)) {
			f->choice = f->choice == 1 ? 0 : 1;
			return 1;
		}
		return 0;
	case K_MAPS:
		if (key == TK_ENTER || key == ' ') {
			maps_editor(fm, f);
			return 1;
		}
		return 0;
	case K_IDS:
	case K_REF:
		if (key == TK_ENTER || key == ' ' || (!TK_IS_FN(key) && key > ' ' && key != 127)) {
			/* a typed name (an input method's burst) starts the
			 * picker's name filter */
			struct vpick p = { .a = fm->a, .type = f->ref, .multi = f->kind == K_IDS,
					   .unit = form_unit(fm), .paint_under = paint_form, .under = fm };
			screen_paint(fm->a, &form_ops, fm);
			pick_run(&p, &f->ids, key == TK_ENTER || key == ' ' ? 0 : key);
			validate_field(f);
			return 1;
		}
		if ((key == TK_BS || key == TK(KEY_DC)) && f->kind == K_REF && f->ids) {
			f->ids[0] = '\0';
			return 1;
		}
		if (key == TK_BS || key == TK(KEY_DC)) {
			char *sp = f->ids ? strrchr(f->ids, ' ') : NULL;
			if (sp)
				*sp = '\0';
			else if (f->ids)
				f->ids[0] = '\0';
			return 1;
		}
		return 0;
	}
	return 0;
}

/* Leaving a changed form: save, throw away, or go on; a stray Enter does
 * neither (it used to mean "throw away"). */
static int form_leave(struct form *fm)
{
	static const int keys[] = { TK_FKEY(2), TK_CTRL('s'), 'y', 'Y', 'n', 'N', TK_FKEY(10) };
	int r;

	if (!form_dirty(fm))
		return SCREEN_LEAVE;
	r = ask_keys(_("填写的内容还没有保存。"), _("F2 保存　Y 不保存，离开　Esc 继续填写"),
		     keys, sizeof(keys) / sizeof(keys[0]));
	if (r == 0 || r == 1) {
		if (fm->sub ? sub_save(fm) : form_save(fm)) {
			fm->saved = 1;
			return SCREEN_LEAVE;
		}
	} else if (r == 2 || r == 3) {
		return SCREEN_LEAVE;
	}
	return SCREEN_STAY;
}

/* ---- copy from the previous activity ---- */

/* What the copy leaves for this activity's own values. */
static int not_copied(const struct ffield *f)
{
	static const char *const keys[] = { "date", "youth_count", "adult_count", NULL };

	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(f->dotted, keys[i]))
			return 1;
	/* publicity items report that day's activity */
	return f->kind == K_MAPS || f->orig_choice == -2;
}

/* Give f the value v as if typed: what it was loaded with stays. */
static void set_value(struct form *fm, struct ffield *f, const struct node *v)
{
	char *orig = f->orig;
	int orig_choice = f->orig_choice;

	f->orig = NULL;
	load_value(fm, f, v);
	free(f->orig);
	f->orig = orig;
	f->orig_choice = orig_choice;
}

/* The unit's latest activity (by date, then id). */
static const struct entry *latest_activity(struct app *a, const char *unit)
{
	const struct entry *best = NULL;

	for (size_t i = 0; unit && i < a->led.n; i++) {
		const struct entry *e = &a->led.v[i];
		if (e->type != REC_ACTIVITY || !e->valid || !e->id || !e->unit || strcmp(e->unit, unit))
			continue;
		if (!best || e->date > best->date || (e->date == best->date && strcmp(e->id, best->id) > 0))
			best = e;
	}
	return best;
}

static void add_label(char *buf, size_t len, const char *label)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s", n ? "、" : "", label);
}

/* F6 in a new activity: the empty fields from the unit's latest activity,
 * all but its date, counts and publicity; then say what came over. */
static void copy_previous(struct form *fm)
{
	struct app *a = fm->a;
	const char *unit = form_unit(fm);
	const struct entry *e;
	struct ggw_error err = { 0, "" };
	struct node prev;
	char copied[1024] = "", kept[512] = "", msg[2048], date[16];
	size_t nc = 0, date_at = fm->n;

	if (fm->t != REC_ACTIVITY || fm->id || fm->sub) {
		app_status(a, 1, "%s", _("只有新增活动时可以复制上一次活动。"));
		return;
	}
	if (!unit)
		unit = a->actor.unit;
	if (!(e = latest_activity(a, unit))) {
		app_status(a, 1, _("%s还没有活动可以复制。"), unit_name(a, unit));
		return;
	}
	if (record_load_file(a->repo, e->path, &prev, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < fm->n; i++) {
		struct ffield *f = &fm->f[i];
		const struct node *v;

		if (!strcmp(f->dotted, "date"))
			date_at = i;
		if (not_copied(f) || !(v = node_path_get(&prev, f->dotted)))
			continue;
		if (!field_empty(f)) {
			add_label(kept, sizeof(kept), f->label);
			continue;
		}
		set_value(fm, f, v);
		f->msg[0] = '\0';
		if (!field_empty(f)) {
			add_label(copied, sizeof(copied), f->label);
			nc++;
		}
	}
	node_free(&prev);
	date_format(e->date, date, sizeof(date));
	snprintf(msg, sizeof(msg), _("从 %s 的“%s”复制了 %zu 项：%s。\n\n没有复制：日期、青少年人次、其他人次、宣传报道，请填这一次的。%s%s"),
		 date, e->title ? e->title : e->id, nc, nc ? copied : _("（没有）"),
		 kept[0] ? _("\n\n已经填了的没有改动：") : "", kept);
	screen_paint(a, &form_ops, fm);
	message_box(_("复制上一次活动"), msg);
	app_status(a, 0, _("已复制 %zu 项（%s 的活动）。请填日期和人数。"), nc, date);
	if (date_at < fm->n)
		fm->cur = date_at;
}

static int form_action(void *st, int act, int key)
{
	struct form *fm = st;

	switch (act) {
	case A_COPYPREV:
		copy_previous(fm);
		return SCREEN_STAY;
	case A_SAVE:
		if (fm->sub ? sub_save(fm) : form_save(fm)) {
			fm->saved = 1;
			return SCREEN_LEAVE;
		}
		return SCREEN_STAY;
	case A_BACK:
		return form_leave(fm);
	case A_NEXTF:
		move_to(fm, fm->cur + 1 < fm->n ? fm->cur + 1 : 0);
		return SCREEN_STAY;
	case A_PREVF:
		move_to(fm, fm->cur > 0 ? fm->cur - 1 : fm->n - 1);
		return SCREEN_STAY;
	default:
		break;
	}
	if (field_key(fm, &fm->f[fm->cur], key))
		return SCREEN_STAY;
	if (key == TK(KEY_DOWN))
		move_to(fm, fm->cur + 1);
	else if (key == TK(KEY_UP) && fm->cur > 0)
		move_to(fm, fm->cur - 1);
	else if (key == TK(KEY_NPAGE))
		move_to(fm, fm->cur + 5 < fm->n ? fm->cur + 5 : fm->n - 1);
	else if (key == TK(KEY_PPAGE))
		move_to(fm, fm->cur > 5 ? fm->cur - 5 : 0);
	return SCREEN_STAY;
}

/* In a form every printable key is text. */
static int form_typing(void *st)
{
	(void)st;
	return 1;
}

static const struct screen_ops form_ops = {
	.id = SCR_FORM, .ok_role = R_GOOD, .warn_role = R_ERROR, .draw = form_draw,
	.cursor = form_cursor, .typing = form_typing, .action = form_action,
};

/* Keys of a form until it is saved (1) or left (0). */
static int form_loop(struct form *fm)
{
	fm->saved = 0;
	screen_run(fm->a, &form_ops, fm);
	curs_set(0);
	return fm->saved;
}

static int form_open(struct app *a, enum record_type t, const char *id, const struct node *preset)
{
	struct form fm;
	int saved;

	memset(&fm, 0, sizeof(fm));
	fm.a = a;
	fm.t = t;
	fm.id = id;
	fm.preset = id ? NULL : preset;
	if (!a->have_actor) {
		app_status(a, 1, "%s", _("没有设置本机单位（ggw config ggw.unit 单位），不能新增或修改。"));
		return 0;
	}
	if (id) {
		enum record_type lt;
		char path[512];
		const char *title;
		struct ggw_error err = { 0, "" };
		if (load_record(a, id, &lt, &fm.orig, path, sizeof(path)) < 0)
			return 0;
		fm.have_orig = 1;
		/* another unit's record: say so before any typing is lost */
		if (ops_check_scope_units(&a->led.units, &a->actor, node_map_str(&fm.orig, "unit"),
					  &err) < 0) {
			app_status(a, 1, "%s", err.msg);
			form_free(&fm);
			return 0;
		}
		fm.t = t = lt;
		fm.fields = record_fields(t);
		title = tui_record_title(t, &fm.orig);
		snprintf(fm.title, sizeof(fm.title), _("修改%s：%s"), _(record_type_label(t)), title ? title : id);
	} else {
		fm.fields = record_fields(t);
		snprintf(fm.title, sizeof(fm.title), _("新增%s"), _(record_type_label(t)));
	}
	if (form_build(&fm) < 0) {
		form_free(&fm);
		return 0;
	}
	/* a new activity: say that the last one can be copied */
	if (!id && t == REC_ACTIVITY && latest_activity(a, form_unit(&fm) ? form_unit(&fm) : a->actor.unit))
		app_status(a, 0, "%s", _("按 F6 可复制本单位上一次活动的内容（日期和人数除外）。"));
	saved = form_loop(&fm);
	form_free(&fm);
	return saved;
}

int screen_form(struct app *a, enum record_type t, const char *id)
{
	return form_open(a, t, id, NULL);
}

int screen_form_preset(struct app *a, enum record_type t, const struct node *preset)
{
	return form_open(a, t, NULL, preset);
}
