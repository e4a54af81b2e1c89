/* One record: every field with its Chinese label, long text wrapped for
 * Chinese, the 五有 items with what is missing, conflicts side by side;
 * and the record's history, field by field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "papers_offer.h"
#include "screen.h"
#include "screens_evidence.h"
#include "../model/fields_more.h"
#include "../model/i18n.h"
#include "../records/history.h"

#define LABEL_COLS 12

/* Text of a value for people: enum labels, lists joined with 、, volunteer
 * names for ids. *out malloc'd. */
char *field_value_text(struct app *a, const struct field_def *f, const struct node *v)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m;

	if (!v)
		return strdup("");
	m = open_memstream(&s, &n);
	if (!m)
		return strdup("");
	if (v->kind == NODE_SCALAR) {
		int i;
		if (f && f->type == FT_ENUM && f->items && (i = enum_index(f->items, v->str)) >= 0)
			fputs(_(f->items[i].label), m);
		else if (f && f->type == FT_BOOL)
			fputs(!strcmp(v->str, "true") ? _("是") : !strcmp(v->str, "false") ? _("否") : v->str, m);
		else if (f && f->type == FT_UNIT && a)
			fprintf(m, "%s（%s）", unit_name(a, v->str), v->str);
		else if (f && f->type == FT_REF && a && a->led_loaded && ledger_find(&a->led, v->str) >= 0 &&
			 a->led.v[ledger_find(&a->led, v->str)].title)
			fputs(a->led.v[ledger_find(&a->led, v->str)].title, m); /* a site, a 五老 by name */
		else
			fputs(v->str, m);
	} else if (v->kind == NODE_SEQ) {
		for (size_t i = 0; i < v->count; i++) {
			const struct node *it = &v->kids[i];
			if (i)
				fputs("、", m);
			if (it->kind != NODE_SCALAR) {
				/* a map in a list (publicity): its values in order */
				for (size_t k = 0; k < it->count; k++) {
					const struct field_def *sf = f && f->sub ? field_find(f->sub, it->keys ? it->keys[k] : "") : NULL;
					char *t = field_value_text(a, sf, &it->kids[k]);
					if (k)
						fputs(" ", m);
					fputs(t, m);
					free(t);
				}
				continue;
			}
			if (f && f->type == FT_IDLIST && a && a->led_loaded) {
				long e = ledger_find(&a->led, it->str);
				if (e >= 0 && a->led.v[e].title) {
					fputs(a->led.v[e].title, m);
					continue;
				}
			}
			fputs(it->str, m);
		}
	} else {
		for (size_t k = 0; k < v->count; k++) {
			char *t = field_value_text(a, NULL, &v->kids[k]);
			fprintf(m, "%s%s: %s", k ? "; " : "", v->keys[k], t);
			free(t);
		}
	}
	fclose(m);
	return s ? s : strdup("");
}

/* "label     value" with the value wrapped under itself. */
struct fctx { struct lines *l; const char *label; attr_t attr, lattr; int first; int indent; };

static void field_line(const char *line, size_t n, void *d)
{
	struct fctx *c = d;

	if (c->first) {
		int w = str_cols(c->label);
		lines_add(c->l, c->attr, c->indent, "%s%*s%.*s", c->label,
			  w < LABEL_COLS ? LABEL_COLS - w : 1, "", (int)n, line);
		c->first = 0;
	} else {
		lines_add(c->l, c->attr, c->indent + LABEL_COLS, "%.*s", (int)n, line);
	}
}

static void add_field(struct lines *l, int indent, const char *label, const char *value, attr_t attr)
{
	struct fctx c = { l, label, attr, 0, 1, indent };

	wrap_text(value, COLS - indent - LABEL_COLS - 1, field_line, &c);
}

/* Fit text into exactly cols columns (padding with spaces). */
static void pad_cols(char *out, size_t len, const char *s, size_t n, int cols)
{
	char tmp[1024];
	int used;
	size_t k;

	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	k = str_fit(tmp, cols, &used);
	snprintf(out, len, "%.*s%*s", (int)k, tmp, cols - used, "");
}

struct col { struct lines *l; };
static void col_line(const char *line, size_t n, void *d)
{
	struct col *c = d;
	lines_add(c->l, A_NORMAL, 0, "%.*s", (int)n, line);
}

/* Two texts side by side under two headings. */
void side_by_side(struct lines *l, int indent, const char *lh, const char *left,
			 const char *rh, const char *right)
{
	int cw = (COLS - indent - 3) / 2;
	struct lines a = { 0 }, b = { 0 };
	struct col ca = { &a }, cb = { &b };
	char buf[2048], lp[1024];

	wrap_text(left, cw, col_line, &ca);
	wrap_text(right, cw, col_line, &cb);
	pad_cols(lp, sizeof(lp), lh, strlen(lh), cw);
	lines_add(l, term.attr[R_HEAD], indent, "%s %s %s", lp, term.g.vline, rh);
	for (size_t i = 0; i < a.n || i < b.n; i++) {
		const char *x = i < a.n ? a.v[i].text : "", *y = i < b.n ? b.v[i].text : "";
		pad_cols(lp, sizeof(lp), x, strlen(x), cw);
		snprintf(buf, sizeof(buf), "%s %s %s", lp, term.g.vline, y);
		lines_add(l, A_NORMAL, indent, "%s", buf);
	}
	lines_free(&a);
	lines_free(&b);
}

static void conflict_lines(struct app *a, enum record_type t, const struct node *rec, struct lines *l)
{
	const struct node *cs = node_map_get(rec, "conflicts");

	if (!cs || cs->kind != NODE_SEQ || cs->count == 0)
		return;
	lines_add(l, A_NORMAL, 0, "%s", "");
	lines_add(l, term.attr[R_WARN], 0, _("冲突（%zu 处）：同步时两边改得不一样，按 c 逐项处理"), cs->count);
	for (size_t i = 0; i < cs->count; i++) {
		const struct node *c = &cs->kids[i];
		const char *field = node_map_str(c, "field");
		const struct field_def *f = field ? field_find(record_fields(t), field) : NULL;
		const struct node *cur = field ? node_path_get(rec, field) : NULL;
		char *mine = field_value_text(a, f, cur), *other = field_value_text(a, f, node_map_get(c, "value"));
		char head[512];
		const char *who = node_map_str(c, "author"), *when = node_map_str(c, "time"),
			   *unit = node_map_str(c, "unit"), *lt;
		char name[128];

		snprintf(name, sizeof(name), "%s", who && *who ? who : "?");
		if ((lt = strstr(name, " <")))
			name[lt - name] = '\0';
		who = name;
		lines_add(l, term.attr[R_LABEL], 1, "%s", f ? _(f->label) : (field ? field : "?"));
		snprintf(head, sizeof(head), _("另一个值（%s，%s，%s）"), who && *who ? who : "?",
			 unit && *unit ? unit_name(a, unit) : "?", when && *when ? when : "?");
		side_by_side(l, 2, _("现在的值"), *mine ? mine : _("（空）"), head, *other ? other : _("（空）"));
		free(mine);
		free(other);
	}
}

void record_lines(struct app *a, enum record_type t, const struct node *rec, struct lines *l)
{
	const struct field_def *fields = record_fields(t);

	for (const struct field_def *f = fields; f->key; f++) {
		const struct node *v = node_map_get(rec, f->key);
		char *text;

		if (f->type == FT_SCHEMA || f->type == FT_CONFLICTS)
			continue;
		if (f->type == FT_GROUP && (f->flags & F_SPARSE)) {
			/* optional parts (patrol counts): only those given */
			if (!v || v->kind != NODE_MAP || v->count == 0)
				continue;
			lines_add(l, A_NORMAL, 0, "%s", _(f->label));
			for (const struct field_def *s = f->sub; s->key; s++) {
				const char *sv = node_map_str(v, s->key);
				if (sv && *sv)
					add_field(l, 2, _(s->label), sv, A_NORMAL);
			}
			continue;
		}
		if (f->type == FT_GROUP) {
			int missing = 0;
			char miss[256] = "";
			for (const struct field_def *s = f->sub; s->key; s++) {
				const char *sv = v ? node_map_str(v, s->key) : NULL;
				if (!sv || !*sv) {
					missing++;
					if (miss[0])
						strncat(miss, "、", sizeof(miss) - strlen(miss) - 1);
					strncat(miss, _(s->label), sizeof(miss) - strlen(miss) - 1);
				}
			}
			if (missing)
				lines_add(l, term.attr[R_WARN], 0, _("%s（缺 %d 项：%s）"), _(f->label), missing, miss);
			else
				lines_add(l, term.attr[R_GOOD], 0, _("%s（齐全）"), _(f->label));
			for (const struct field_def *s = f->sub; s->key; s++) {
				const char *sv = v ? node_map_str(v, s->key) : NULL;
				if (sv && *sv)
					add_field(l, 2, _(s->label), sv, A_NORMAL);
				else
					add_field(l, 2, _(s->label), _("（缺）"), term.attr[R_WARN]);
			}
			continue;
		}
		if (f->sub == evidence_fields) {
			/* sizes and presence come from the store, not the record */
			evidence_lines(a, t, rec, l);
			continue;
		}
		if (f->type == FT_MAPLIST) {
			if (!v || v->kind != NODE_SEQ || v->count == 0)
				continue;
			lines_add(l, A_NORMAL, 0, "%s", _(f->label));
			for (size_t i = 0; i < v->count; i++) {
				char *t1 = field_value_text(a, f, &(struct node){ .kind = NODE_SEQ, .count = 1, .kids = (struct node *)&v->kids[i] });
				add_field(l, 2, "·", t1, A_NORMAL);
				free(t1);
			}
			continue;
		}
		if (!v)
			continue;
		text = field_value_text(a, f, v);
		if (f->type == FT_TEXT) {
			lines_add(l, A_NORMAL, 0, "%s", _(f->label));
			lines_add_wrapped(l, A_NORMAL, 2, COLS - 1, text);
		} else if (*text) {
			add_field(l, 0, _(f->label), text, A_NORMAL);
		}
		free(text);
	}
	/* keys a newer ggw wrote: shown as they are */
	for (size_t i = 0; rec->kind == NODE_MAP && i < rec->count; i++) {
		char *text;
		if (field_find(fields, rec->keys[i]))
			continue;
		text = field_value_text(a, NULL, &rec->kids[i]);
		add_field(l, 0, rec->keys[i], text, term.attr[R_DIM]);
		free(text);
	}
	conflict_lines(a, t, rec, l);
}

int load_record(struct app *a, const char *id, enum record_type *t, struct node *rec, char *path, size_t plen)
{
	struct ggw_error err = { 0, "" };
	long i = a->led_loaded ? ledger_find(&a->led, id) : -1;

	if (i >= 0) {
		snprintf(path, plen, "%s", a->led.v[i].path);
		*t = a->led.v[i].type;
	} else {
		if (ops_find_path(a->repo, id, path, plen, &err) < 0) {
			app_status(a, 1, "%s", err.msg);
			return -1;
		}
		*t = record_id_type(id);
	}
	if (record_load_file(a->repo, path, rec, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return -1;
	}
	return 0;
}

/* ---- the record screen ---- */

struct record_view {
	struct pager pg;  /* first: the pager's callbacks take the state */
	const char *id;
	enum record_type t;
	struct node rec;
	int have_rec;
};

static void record_build(struct pager *pg)
{
	struct record_view *v = (struct record_view *)pg;
	const char *title = tui_record_title(v->t, &v->rec);

	record_lines(pg->a, v->t, &v->rec, &pg->l);
	snprintf(pg->title, sizeof(pg->title), "%s：%s", _(record_type_label(v->t)), title ? title : v->id);
}

/* Read the record again (it was changed); SCREEN_LEAVE if it is gone. */
static int record_reload(struct record_view *v)
{
	char path[512];

	if (v->have_rec)
		node_free(&v->rec);
	v->have_rec = load_record(v->pg.a, v->id, &v->t, &v->rec, path, sizeof(path)) == 0;
	return v->have_rec ? SCREEN_STAY : SCREEN_LEAVE;
}

static int record_delete(struct record_view *v)
{
	struct app *a = v->pg.a;
	struct ggw_error err = { 0, "" };
	char q[600];

	/* another unit's record is refused before the question, not after */
	if (a->have_actor && v->have_rec &&
	    ops_check_scope_units(&a->led.units, &a->actor, node_map_str(&v->rec, "unit"), &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return SCREEN_STAY;
	}
	snprintf(q, sizeof(q), _("删除“%s”？（修改历史中仍保留）"), v->pg.title);
	if (!ask_yes_no(q))
		return SCREEN_STAY;
	if (!a->have_actor || ops_rm(a->repo, &a->actor, v->id, &err) < 0) {
		app_status(a, 1, "%s", a->have_actor ? err.msg : _("没有设置本机单位，不能修改。"));
		return SCREEN_STAY;
	}
	app_status(a, 0, _("已删除 %s"), v->id);
	return SCREEN_LEAVE;
}

static const struct screen_ops record_ops;

static int record_action(void *st, int act, int key)
{
	struct record_view *v = st;
	struct app *a = v->pg.a;
	int r = SCREEN_STAY;

	(void)key;
	if (pager_move(&v->pg, act) == SCREEN_STAY)
		return SCREEN_STAY;
	switch (act) {
	case A_EDIT:
		if (screen_form(a, v->t, v->id)) {
			app_reload(a);
			r = record_reload(v);
			v->pg.l.top = 0;
		}
		break;
	case A_HISTORY:
		screen_history(a, v->id);
		break;
	case A_CONFLICTS:
		screen_conflicts(a, v->id);
		r = record_reload(v);
		break;
	case A_DELETE:
		r = record_delete(v);
		break;
	case A_PRINT:
		papers_offer_record(a, v->id);
		break;
	case A_EV_ADD:
		if (evidence_ui_attach(a, v->t, v->id, tui_record_title(v->t, &v->rec) ? tui_record_title(v->t, &v->rec) : v->id)) {
			app_reload(a);
			r = record_reload(v);
		}
		break;
	case A_EV_OPEN:
		evidence_ui_open(a, v->t, v->id, &(struct ev_under){ &record_ops, v });
		break;
	case A_EV_WITHDRAW:
		if (evidence_ui_withdraw(a, v->t, v->id, &(struct ev_under){ &record_ops, v })) {
			app_reload(a);
			r = record_reload(v);
		}
		break;
	default:
		return SCREEN_PASS;
	}
	v->pg.stale = 1;
	return r;
}

static const struct screen_ops record_ops = PAGER_SCREEN_OPS(SCR_RECORD, record_action);

void screen_record(struct app *a, const char *id)
{
	static const int ev_acts[] = { A_EV_ADD, A_EV_OPEN, A_EV_WITHDRAW };
	int was[3];
	struct record_view v;

	memset(&v, 0, sizeof(v));
	pager_init(&v.pg, a, SCR_RECORD, record_build);
	v.id = id;
	if (record_reload(&v) == SCREEN_STAY) {
		/* a/o/w only where the type table says records carry evidence */
		for (int i = 0; i < 3; i++)
			was[i] = action_offer(ev_acts[i], record_type_has_evidence(v.t));
		screen_run(a, &record_ops, &v);
		for (int i = 0; i < 3; i++)
			action_offer(ev_acts[i], was[i]);
	}
	if (v.have_rec)
		node_free(&v.rec);
	lines_free(&v.pg.l);
}

/* ---- history ---- */

/* A changed value as people read it: volunteers by name instead of
 * "v-1a2b3c4d", a unit by its name instead of its key. Appends to m. */
static void history_value(struct app *a, const struct field_def *f, const char *text, FILE *m)
{
	if (!*text) {
		fputs(_("（空）"), m);
		return;
	}
	if (f && f->type == FT_UNIT) {
		fputs(unit_name(a, text), m);
		return;
	}
	if (!f || f->type != FT_IDLIST || !a->led_loaded) {
		fputs(text, m);
		return;
	}
	/* ids joined with 、 (or other separators): replace each one found */
	while (*text) {
		size_t n = strcspn(text, "v");
		long e;
		char id[16];
		fwrite(text, 1, n, m);
		text += n;
		if (!*text)
			break;
		if (strlen(text) >= 10 && text[1] == '-' && strspn(text + 2, "0123456789abcdef") >= 8) {
			snprintf(id, sizeof(id), "%.10s", text);
			e = ledger_find(&a->led, id);
			if (e >= 0 && a->led.v[e].title) {
				fputs(a->led.v[e].title, m);
				text += 10;
				continue;
			}
		}
		fputc(*text++, m);
	}
}

struct history_view {
	struct pager pg;  /* first: the pager's callbacks take the state */
	struct history_item *items;
	size_t n;
	enum record_type rt;
};

static void history_build(struct pager *pg)
{
	struct history_view *v = (struct history_view *)pg;
	struct app *a = pg->a;
	struct lines *l = &pg->l;

	if (v->n == 0)
		lines_add(l, term.attr[R_DIM], 1, "%s", _("还没有提交过（文件未提交）。"));
	for (size_t k = 0; k < v->n; k++) {
		const struct history_item *h = &v->items[k];
		char when[32];
		format_commit_time(h->time, h->tz_minutes, when, sizeof(when));
		lines_add(l, term.attr[R_HEAD], 0, "%s  %s  %.8s", when, h->author ? h->author : "?", h->commit);
		lines_add_wrapped(l, A_NORMAL, 2, COLS - 1, h->summary ? h->summary : "");
		if (h->error)
			lines_add_wrapped(l, term.attr[R_WARN], 2, COLS - 1, h->error);
		for (size_t c = 0; c < h->nchanges; c++) {
			const struct field_change *fc = &h->changes[c];
			const struct field_def *fd = record_type_def(v->rt) && fc->field
				? field_find(record_fields(v->rt), fc->field) : NULL;
			char *buf = NULL;
			size_t blen = 0;
			FILE *m = open_memstream(&buf, &blen);
			if (!m)
				continue;
			history_value(a, fd, fc->old_text, m);
			fprintf(m, " %s ", term.g.ascii ? "->" : "→");
			history_value(a, fd, fc->new_text, m);
			fclose(m);
			for (char *p = buf; p && *p; p++)
				if (*p == '\n')
					*p = ' ';
			add_field(l, 4, fc->label ? fc->label : fc->field, buf ? buf : "", A_NORMAL);
			free(buf);
		}
		lines_add(l, A_NORMAL, 0, "%s", "");
	}
}

static const struct screen_ops history_ops = PAGER_SCREEN_OPS(SCR_HISTORY, pager_action);

void screen_history(struct app *a, const char *id)
{
	struct ggw_error err = { 0, "" };
	struct history_view v;
	char path[512];
	long i = a->led_loaded ? ledger_find(&a->led, id) : -1;

	memset(&v, 0, sizeof(v));
	if (i >= 0)
		snprintf(path, sizeof(path), "%s", a->led.v[i].path);
	else if (ops_find_path(a->repo, id, path, sizeof(path), &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return;
	}
	if (record_history(a->repo, path, 0, &v.items, &v.n, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return;
	}
	v.rt = i >= 0 ? a->led.v[i].type : record_id_type(id);
	pager_init(&v.pg, a, SCR_HISTORY, history_build);
	snprintf(v.pg.title, sizeof(v.pg.title), _("修改历史：%s"),
		 i >= 0 && a->led.v[i].title ? a->led.v[i].title : id);
	screen_run(a, &history_ops, &v);
	lines_free(&v.pg.l);
	history_free(v.items, v.n);
}
