/* The home screen (activity list) and the volunteer list: a virtual list
 * over struct entry, a filter line, and incremental search. The filtered
 * set is an index array; typing one more character of the search narrows
 * the current set instead of scanning the whole ledger again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "columns.h"
#include "menu.h"
#include "../model/i18n.h"
#include "../model/rectype.h"
#include "../model/text.h"
#include "../records/sync.h"
#include "../records/unitname.h"
#include "../storage/gitp.h"

/* One step of an incremental search: the entries matching the first len
 * bytes of the search text. Typing filters the top step; Backspace pops. */
struct search_step {
	size_t len;
	int ids;               /* ids were searched too (needle_idlike) */
	size_t *idx, n, cap;
};
#define SEARCH_STEPS 64

/* What the list shows of a type (list_types below). */
struct list_col;
struct list_type {
	enum record_type type;
	int screen;                 /* SCR_LIST, SCR_VOLS: keys and help */
	enum sort_order sort;
	const char *title;          /* N_("%s — 活动台账"): %s the street */
	const struct list_col *cols;
	int group_counts;           /* a line of counts per 五老 group */
	int filters;                /* lines of the filter dialog: 7, 2 (unit, year), 1 (unit) */
};

struct listview {
	struct app *a;
	const struct list_type *lt;
	int type;                   /* lt->type, as queries and entries hold it */
	struct screen_ops ops;      /* the list's callbacks, for this type's screen */
	const char *drill;          /* a unit's list from the overview: Esc and F10 go back */
	int need_status;            /* the status line's sync figures are still to come */
	struct query q;        /* the filter, without the search text */
	char unit_key[40];
	char saved_unit[40];   /* the unit filter as this PC remembers it */
	int remember;          /* the unit filter is this PC's (not a drill-down) */
	size_t *all, nall;     /* every entry of the type, sorted once per load */
	int all_valid;
	size_t *base, nbase, capbase; /* entries matching the filter, in order */
	size_t *view, nview;   /* base or a search step: what is shown */
	struct search_step st[SEARCH_STEPS];
	int nst;
	char ststr[256];       /* the search text the steps were made for */
	struct ledit sed;      /* the search line */
	int searching;
	struct listbox lb;
	int w_unit, w_cat, w_fill; /* column widths for this COLS */
	/* the other types: columns made from the type table for this COLS */
	struct list_type gen;
	const char *gen_name;       /* N_(): shown after the street's name */
	struct list_col *gen_cols;
	int gen_idx[LIST_COLUMNS_MAX + 3]; /* each gen_cols's column of the type table */
	int gen_cols_for;           /* the COLS they were made for */
	unsigned long led_gen;      /* the ledger the indices are of */
	char sel_id[64];            /* the selected record's id at the last draw */
	int cell_col;               /* cell_column: the column being drawn */
};

#define GROUPS_MAX 16

/* Four-character names of the categories for the list's 8-column
 * column: "红色基因传承（…）" would be cut to "红色基…". Keyed by the
 * category's key; a category not here falls back to its short label. */
static const struct { const char *key, *name; } category_column[] = {
	{ "ideology", N_("思想道德") }, { "red", N_("红色传承") }, { "law", N_("法治教育") },
	{ "safety", N_("安全教育") }, { "environment", N_("环保教育") }, { "science", N_("科普实践") },
	{ "culture", N_("文化体育") }, { "family", N_("家庭教育") }, { "care", N_("关爱帮扶") },
	{ "prevention", N_("预防帮教") }, { "net", N_("网吧护苗") }, { "psychology", N_("心理健康") },
	{ "rural", N_("乡村振兴") }, { "selfbuild", N_("自身建设") }, { "other", N_("其他") },
};

static void category_name(int category, char *buf, size_t len)
{
	buf[0] = '\0';
	if (category < 0 || (size_t)category >= enum_count(enum_category))
		return;
	for (size_t i = 0; i < sizeof(category_column) / sizeof(category_column[0]); i++)
		if (!strcmp(category_column[i].key, enum_category[category].key)) {
			snprintf(buf, len, "%s", _(category_column[i].name));
			return;
		}
	short_label(_(enum_category[category].label), buf, len);
}

static const char *const five_short[FIVE_HAVE_COUNT] = {
	N_("计"), N_("分"), N_("实"), N_("表"), N_("总")
};

/* ---- filtering ---- */

struct sort_key { uint64_t tie; uint32_t date; uint32_t idx; };

/* An activity id "YYYYMMDD-xxxxxxxx" as a number that orders like the
 * string; 0 for anything else. */
static uint64_t id_number(const char *id)
{
	uint64_t d = 0, h = 0;
	int i;

	if (!id)
		return 0;
	for (i = 0; i < 8; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		d = d * 10 + (uint64_t)(id[i] - '0');
	}
	if (id[8] != '-')
		return 0;
	for (i = 9; i < 17; i++) {
		int c = id[i];
		if (c >= '0' && c <= '9')
			h = h * 16 + (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			h = h * 16 + (uint64_t)(c - 'a' + 10);
		else
			return 0;
	}
	return id[17] ? 0 : d << 32 | h;
}

static void radix_pass(struct sort_key *k, struct sort_key *tmp, size_t n, int shift, int on_tie)
{
	size_t count[257] = { 0 }, i;

#define DIGIT(x) (on_tie ? (unsigned)((~(x).tie >> shift) & 0xff) : (unsigned)((~(x).date >> shift) & 0xff))
	for (i = 0; i < n; i++)
		count[DIGIT(k[i]) + 1]++;
	for (i = 1; i < 257; i++)
		count[i] += count[i - 1];
	for (i = 0; i < n; i++)
		tmp[count[DIGIT(k[i])]++] = k[i];
#undef DIGIT
	memcpy(k, tmp, n * sizeof(*k));
}

/* Newest first, as ledger_query's SORT_DATE_DESC orders (date descending,
 * then id descending), by stable radix passes on numbers instead of string
 * comparisons: 100,000 records in a few milliseconds. */
static int sort_date_desc(struct listview *v)
{
	const struct ledger *l = &v->a->led;
	struct sort_key *k = NULL, *tmp = NULL;
	size_t n = 0, i;
	int shift;

	for (i = 0; i < l->n; i++)
		if ((int)l->v[i].type == v->type)
			n++;
	v->all = malloc((n + 1) * sizeof(*v->all));
	k = malloc((n + 1) * sizeof(*k));
	tmp = malloc((n + 1) * sizeof(*tmp));
	if (!v->all || !k || !tmp) {
		free(k);
		free(tmp);
		return -1;
	}
	n = 0;
	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];
		if ((int)e->type != v->type)
			continue;
		k[n].date = e->date > 0 ? (uint32_t)e->date : 0;
		k[n].tie = id_number(e->id);
		k[n].idx = (uint32_t)i;
		n++;
	}
	for (shift = 0; shift < 64; shift += 8)
		radix_pass(k, tmp, n, shift, 1);
	for (shift = 0; shift < 32; shift += 8)
		radix_pass(k, tmp, n, shift, 0);
	for (i = 0; i < n; i++)
		v->all[i] = k[i].idx;
	v->nall = n;
	free(k);
	free(tmp);
	return 0;
}

static int sort_all(struct listview *v)
{
	struct ggw_error err = { 0, "" };
	struct query all;
	double t0 = term_now_ms();

	free(v->all);
	v->all = NULL;
	v->nall = 0;
	if (v->q.sort == SORT_DATE_DESC) {
		if (sort_date_desc(v) < 0) {
			app_status(v->a, 1, "%s", _("内存不足"));
			return -1;
		}
	} else {
		query_init(&all);
		all.type = v->type;
		all.include_invalid = 1;
		all.sort = v->q.sort;
		if (ledger_query(&v->a->led, &all, &v->all, &v->nall, &err) < 0) {
			app_status(v->a, 1, "%s", err.msg);
			return -1;
		}
	}
	if (term.script > 1)
		fprintf(stderr, "ggw-tui: sorted %zu entries in %.1f ms\n", v->nall, term_now_ms() - t0);
	v->all_valid = 1;
	return 0;
}

/* The filter is a linear pass over the sorted order: no sorting per key. */
static int rebuild_base(struct listview *v)
{
	size_t n = 0;

	if (!v->all_valid && sort_all(v) < 0)
		return -1;
	if (v->capbase < v->nall + 1) {
		size_t *nb = realloc(v->base, (v->nall + 1) * sizeof(*nb));
		if (!nb)
			return -1;
		v->base = nb;
		v->capbase = v->nall + 1;
	}
	v->led_gen = v->a->led_gen;
	v->q.type = v->type;
	v->q.grep = NULL;
	v->q.include_invalid = 1;
	v->q.unit = v->unit_key[0] ? v->unit_key : NULL;
	for (size_t i = 0; i < v->nall; i++)
		if (entry_matches(&v->a->led.v[v->all[i]], &v->q))
			v->base[n++] = v->all[i];
	v->nbase = n;
	v->nst = 0;
	v->ststr[0] = '\0';
	v->view = v->base;
	v->nview = n;
	return 0;
}

/* The needle as the corpus has it: ASCII lower-cased. */
static size_t fold_needle(const char *s, char *out, size_t len)
{
	size_t n = 0;

	for (; *s && n + 1 < len; s++)
		out[n++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	out[n] = '\0';
	return n;
}

/* Does the search look like an id or a part of one (what `ggw audit`
 * prints): 4 ASCII characters or more, a digit among them? Only then are
 * ids and paths searched too: "f" would match every other id's hex. */
static int needle_idlike(const char *needle, size_t nlen)
{
	int digit = 0;

	for (size_t i = 0; i < nlen; i++) {
		if ((unsigned char)needle[i] >= 0x80)
			return 0;
		digit |= needle[i] >= '0' && needle[i] <= '9';
	}
	return nlen >= 4 && digit;
}

/* Where entry i's searched text ends: with its id and path, or before. */
static size_t entry_end(const struct app *a, size_t i, int ids)
{
	return ids ? a->coff[i + 1] - 1 : a->cid[i];
}

static int entry_has(struct app *a, size_t i, const char *needle, size_t nlen, int ids)
{
	return memmem(a->corpus + a->coff[i], entry_end(a, i, ids) - a->coff[i], needle, nlen) != NULL;
}

/* Mark every entry whose text holds needle: one memmem pass over the whole
 * corpus, skipping to the next entry after each hit. */
static void mark_all(struct app *a, const char *needle, size_t nlen, int ids)
{
	const char *c = a->corpus, *end = a->corpus + a->coff[a->led.n], *p = c;
	size_t lo, hi;

	memset(a->mark, 0, a->led.n);
	while (p < end && (p = memmem(p, (size_t)(end - p), needle, nlen))) {
		size_t off = (size_t)(p - c);
		lo = 0;
		hi = a->led.n; /* the entry with coff[k] <= off < coff[k+1] */
		while (hi - lo > 1) {
			size_t mid = (lo + hi) / 2;
			if (a->coff[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
		if (off + nlen <= entry_end(a, lo, ids)) /* not across an entry's end */
			a->mark[lo] = 1;
		p = c + a->coff[lo + 1];
	}
}

static void apply_search(struct listview *v)
{
	const char *s = v->sed.buf;
	size_t len = strlen(s), nlen;
	long keep_id = -1;
	char needle[256];
	int ids;

	nlen = fold_needle(s, needle, sizeof(needle));
	ids = needle_idlike(needle, nlen);
	if (v->lb.sel < v->nview)
		keep_id = (long)v->view[v->lb.sel];
	/* drop the steps that are not a prefix of the new text, and those
	 * that did not look in ids when this one does (not a narrowing) */
	while (v->nst > 0 && (v->st[v->nst - 1].len > len || v->st[v->nst - 1].ids != ids ||
			      strncmp(v->ststr, s, v->st[v->nst - 1].len) != 0))
		v->nst--;
	if (len == 0) {
		v->view = v->base;
		v->nview = v->nbase;
	} else if (v->nst > 0 && v->st[v->nst - 1].len == len) {
		v->view = v->st[v->nst - 1].idx;
		v->nview = v->st[v->nst - 1].n;
	} else {
		const size_t *src = v->nst ? v->st[v->nst - 1].idx : v->base;
		size_t nsrc = v->nst ? v->st[v->nst - 1].n : v->nbase, n = 0;
		struct search_step *t;

		if (app_corpus(v->a) < 0)
			return;
		if (v->nst == SEARCH_STEPS) /* very long text: refine the top step in place */
			v->nst--;
		t = &v->st[v->nst];
		if (t->cap < nsrc + 1) {
			size_t *ni = realloc(t->idx, (nsrc + 1) * sizeof(*ni));
			if (!ni)
				return;
			t->idx = ni;
			t->cap = nsrc + 1;
		}
		if (nsrc > v->a->led.n / 8) {
			mark_all(v->a, needle, nlen, ids);
			for (size_t i = 0; i < nsrc; i++)
				if (v->a->mark[src[i]])
					t->idx[n++] = src[i];
		} else {
			for (size_t i = 0; i < nsrc; i++)
				if (entry_has(v->a, src[i], needle, nlen, ids))
					t->idx[n++] = src[i];
		}
		t->n = n;
		t->len = len;
		t->ids = ids;
		v->nst++;
		v->view = t->idx;
		v->nview = n;
	}
	snprintf(v->ststr, sizeof(v->ststr), "%s", s);
	v->lb.n = v->nview;
	v->lb.sel = 0;
	for (size_t i = 0; keep_id >= 0 && i < v->nview; i++)
		if ((long)v->view[i] == keep_id) {
			v->lb.sel = i;
			break;
		}
	listbox_clamp(&v->lb);
}

static void refilter(struct listview *v)
{
	long keep = v->lb.sel < v->nview && v->all_valid ? (long)v->view[v->lb.sel] : -1;

	rebuild_base(v); /* sets led_gen once the indices are of this load */
	apply_search(v);
	for (size_t i = 0; keep >= 0 && i < v->nview; i++)
		if ((long)v->view[i] == keep) {
			v->lb.sel = i;
			break;
		}
	listbox_clamp(&v->lb);
}

static void select_id(struct listview *v, const char *id)
{
	for (size_t i = 0; id && i < v->nview; i++)
		if (v->a->led.v[v->view[i]].id && !strcmp(v->a->led.v[v->view[i]].id, id)) {
			v->lb.sel = i;
			break;
		}
	listbox_clamp(&v->lb);
}

/* After the ledger changed: reload, filter again, keep the selection. */
static void reload(struct listview *v, const char *select)
{
	char keep[64] = "";
	/* the indices are of the ledger a screen above may have replaced */
	const struct entry *e = v->led_gen == v->a->led_gen && v->lb.sel < v->nview
				? &v->a->led.v[v->view[v->lb.sel]] : NULL;

	if (select)
		snprintf(keep, sizeof(keep), "%s", select);
	else if (e && e->id)
		snprintf(keep, sizeof(keep), "%s", e->id);
	else
		snprintf(keep, sizeof(keep), "%s", v->sel_id);
	app_reload(v->a);
	v->all_valid = 0;
	refilter(v);
	select_id(v, keep);
}

/* ---- drawing ---- */

void unit_short(struct app *a, const char *key, char *buf, size_t len)
{
	units_short_name(a->led_loaded ? &a->led.units : NULL, key, buf, len);
}

/* ---- columns ---- */

/* A column's width: fixed, the unit's or category's (wider on wide
 * terminals), what the others leave (the title), or to the right edge. */
enum col_width { CW_FIXED, CW_UNIT, CW_CAT, CW_FILL, CW_REST };

struct list_col {
	const char *head;     /* N_() heading; NULL: none */
	enum col_width width;
	int n;                /* CW_FIXED: columns; CW_UNIT: columns more */
	int gap;              /* blank columns after it */
	int head_right;       /* the heading is right-aligned (counts) */
	void (*cell)(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base);
};

static void cell_date(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	char buf[32];

	(void)v;
	if (e->date > 0)
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d", e->date / 10000, e->date / 100 % 100, e->date % 100);
	else
		snprintf(buf, sizeof(buf), "%s", "----------");
	draw_text(y, x, buf, w, base, DRAW_PAD);
}

static void cell_unit(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	char lab[128];

	unit_short(v->a, e->unit, lab, sizeof(lab));
	draw_text(y, x, lab, w, base, DRAW_PAD);
}

static void cell_category(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	char lab[128];

	(void)v;
	category_name(e->category, lab, sizeof(lab));
	draw_text(y, x, lab, w, base, DRAW_PAD);
}

/* x: the file cannot be read; !: the record has conflicts. */
static void cell_mark(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	(void)v;
	if (!e->valid || e->has_conflicts)
		draw_text(y, x, e->valid ? "!" : "x", w, base | term.attr[R_WARN], 0);
}

static void cell_title(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	char lab[128];

	(void)v;
	if (e->valid) {
		draw_text(y, x, e->title, w, base, DRAW_PAD);
		return;
	}
	snprintf(lab, sizeof(lab), _("（无法读取）%s"), e->error ? e->error : "");
	draw_text(y, x, lab, w, base | term.attr[R_WARN], DRAW_PAD);
}

static void cell_name(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	(void)v;
	draw_text(y, x, e->valid ? e->title : _("（无法读取）"), w, base, DRAW_PAD);
}

static void cell_youth(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	char buf[32];

	(void)v;
	snprintf(buf, sizeof(buf), "%d", e->youth_count);
	draw_text_right(y, x, buf, w, base);
}

static void cell_five_have(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	(void)v;
	(void)w;
	for (int k = 0; k < FIVE_HAVE_COUNT; k++, x += 2) {
		if (e->five_have & (1 << k))
			draw_text(y, x, _(five_short[k]), 2, base | term.attr[R_GOOD], DRAW_PAD);
		else
			draw_text(y, x, term.g.missing, 2, base | term.attr[R_WARN], DRAW_PAD);
	}
}

static void cell_group(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	(void)v;
	draw_text(y, x, e->group >= 0 && (size_t)e->group < enum_count(enum_group)
		  ? _(enum_group[e->group].label) : "", w, base, DRAW_PAD);
}

static void cell_birth(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	char buf[32] = "";

	(void)v;
	if (e->birth_year > 0)
		snprintf(buf, sizeof(buf), "%d", e->birth_year);
	draw_text(y, x, buf, w, base, DRAW_PAD);
}

static void cell_active(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	(void)v;
	draw_text(y, x, e->active ? _("在岗") : _("不在岗"), w, e->active ? base : base | term.attr[R_DIM], DRAW_PAD);
}

/* The error of a file that cannot be read, else roles and teams (they
 * follow the name in the search text). */
static void cell_roles(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	char lab[128];
	const char *nl;

	(void)v;
	if (!e->valid && e->error) {
		draw_text(y, x, e->error, w, base | term.attr[R_WARN], 0);
		return;
	}
	if (!e->search || !(nl = strchr(e->search, '\n')))
		return;
	snprintf(lab, sizeof(lab), "%s", nl + 1);
	for (char *p = lab; *p; p++)
		if (*p == '\n')
			*p = ' ';
	draw_text(y, x, lab, w, base | term.attr[R_DIM], 0);
}

static const struct list_col activity_cols[] = {
	{ N_("日期"), CW_FIXED, 10, 1, 0, cell_date },
	{ N_("单位"), CW_UNIT, 0, 1, 0, cell_unit },
	{ N_("主题"), CW_CAT, 0, 1, 0, cell_category },
	{ NULL, CW_FIXED, 1, 0, 0, cell_mark },
	{ N_("标题"), CW_FILL, 0, 1, 0, cell_title },
	{ N_("青少年"), CW_FIXED, 6, 1, 1, cell_youth },
	{ N_("五有"), CW_FIXED, 2 * FIVE_HAVE_COUNT, 0, 0, cell_five_have },
	{ NULL, CW_FIXED, 0, 0, 0, NULL }
};

static const struct list_col volunteer_cols[] = {
	{ NULL, CW_FIXED, 1, 0, 0, cell_mark },
	{ N_("姓名"), CW_FIXED, 16, 1, 0, cell_name },
	{ N_("类别"), CW_FIXED, 8, 1, 0, cell_group },
	{ N_("单位"), CW_UNIT, 2, 1, 0, cell_unit },
	{ N_("出生"), CW_FIXED, 6, 1, 0, cell_birth },
	{ N_("状态"), CW_FIXED, 8, 1, 0, cell_active },
	{ N_("职务、团队"), CW_REST, 0, 0, 0, cell_roles },
	{ NULL, CW_FIXED, 0, 0, 0, NULL }
};

/* What the list shows of each type it lists: a small table of its own
 * until the record type table (model/rectype.h) carries columns. */
static const struct list_type list_types[] = {
	{ REC_ACTIVITY, SCR_LIST, SORT_DATE_DESC, N_("%s — 活动台账"), activity_cols, 0, 7 },
	{ REC_VOLUNTEER, SCR_VOLS, SORT_TITLE, N_("%s — 五老队伍"), volunteer_cols, 1, 1 },
};

static const struct list_type *list_type_of(enum record_type t)
{
	for (size_t i = 0; i < sizeof(list_types) / sizeof(list_types[0]); i++)
		if (list_types[i].type == t)
			return &list_types[i];
	return NULL;
}

/* A column of the type table (the other types' lists). */
static void cell_column(struct listview *v, const struct entry *e, int y, int x, int w, attr_t base)
{
	const struct record_type_def *d = record_type_def(v->type);
	char buf[256];

	column_text(v->a, e, (size_t)v->cell_col, buf, sizeof(buf));
	if (d->columns[v->cell_col].flags & COL_RIGHT)
		draw_text_right(y, x, buf, w, base);
	else
		draw_text(y, x, buf, w, base, DRAW_PAD);
}

#define TITLE_COLS_MIN 12

/* The other types' columns, from the type table, for this width: the
 * title takes what the others leave; when that is too little, long texts
 * shrink to 8 columns, then the last columns go. */
static void generic_columns(struct listview *v)
{
	const struct record_type_def *d = record_type_def(v->type);
	struct list_col *c = v->gen_cols;
	int width[LIST_COLUMNS_MAX], idx[LIST_COLUMNS_MAX], n = 0, used, last;

	v->gen_cols_for = COLS;
	for (size_t k = 0; d->columns && d->columns[k].key && n < LIST_COLUMNS_MAX; k++) {
		const struct field_def *f = column_field(v->type, k);
		if (!strcmp(d->columns[k].key, "id"))
			continue;
		idx[n] = (int)k;
		width[n++] = (f && f->type == FT_UNIT) ? v->w_unit + 1
			     : !strcmp(d->columns[k].key, d->title_field) ? TITLE_COLS_MIN + 2
			     : column_cols(v->type, k) + 1;
	}
	used = 0;
	for (int i = 0; i < n; i++)
		used += width[i];
	for (int i = 0; i < n && used > COLS; i++) {
		const struct field_def *f = column_field(v->type, (size_t)idx[i]);
		int head = str_cols(column_head(v->type, (size_t)idx[i])), to = (head > 8 ? head : 8) + 1;
		if (f && (f->type == FT_STR || f->type == FT_REF) && width[i] > to &&
		    strcmp(d->columns[idx[i]].key, d->title_field)) {
			int by = width[i] - to < used - COLS ? width[i] - to : used - COLS;
			used -= by;
			width[i] -= by;
		}
	}
	for (last = n - 1; last > 0 && used > COLS; last--)
		if (strcmp(d->columns[idx[last]].key, d->title_field) &&
		    column_field(v->type, (size_t)idx[last])->type != FT_UNIT) {
			used -= width[last];
			memmove(&idx[last], &idx[last + 1], (size_t)(n - last - 1) * sizeof(*idx));
			memmove(&width[last], &width[last + 1], (size_t)(n - last - 1) * sizeof(*width));
			n--;
		}
	for (int i = 0; i < n; i++) {
		const struct list_column *lc = &d->columns[idx[i]];
		const struct field_def *f = column_field(v->type, (size_t)idx[i]);
		const char *head = lc->head ? lc->head : f ? f->label : lc->key;

		v->gen_idx[c - v->gen_cols] = idx[i];
		if (f && f->type == FT_UNIT)
			*c++ = (struct list_col){ head, CW_UNIT, 0, 1, 0, cell_unit };
		else if (!strcmp(lc->key, d->title_field)) {
			*c++ = (struct list_col){ NULL, CW_FIXED, 1, 0, 0, cell_mark };
			*c++ = (struct list_col){ head, CW_FILL, 0, 1, 0, cell_title };
		} else
			*c++ = (struct list_col){ head, CW_FIXED, width[i] - 1, 1, (lc->flags & COL_RIGHT) != 0,
						  cell_column };
	}
	if (c > v->gen_cols)
		c[-1].gap = 0;
	*c = (struct list_col){ NULL, CW_FIXED, 0, 0, 0, NULL };
}

static void layout(struct listview *v)
{
	int extra = COLS - 80, others = 0;

	v->w_unit = 10; /* "荷花塘社区": five characters */
	v->w_cat = 8;
	if (extra > 0) {
		v->w_unit += extra / 8;
		v->w_cat += extra / 8;
	}
	if (v->lt == &v->gen)
		generic_columns(v);
	for (const struct list_col *c = v->lt->cols; c->cell; c++)
		others += c->gap + (c->width == CW_UNIT ? v->w_unit + c->n : c->width == CW_CAT ? v->w_cat
				    : c->width == CW_FIXED ? c->n : 0);
	v->w_fill = COLS - others;
	if (v->w_fill < 8)
		v->w_fill = 8;
}

static int col_width(const struct listview *v, const struct list_col *c, int x, int right)
{
	switch (c->width) {
	case CW_UNIT: return v->w_unit + c->n;
	case CW_CAT: return v->w_cat;
	case CW_FILL: return v->w_fill;
	case CW_REST: return right - x;
	default: return c->n;
	}
}

static void draw_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct listview *v = data;
	const struct entry *e = &v->a->led.v[v->view[i]];
	attr_t base = selected ? term.attr[R_SEL] : A_NORMAL;
	int c = x;

	(void)lb;
	draw_fill(y, x, w, base);
	for (const struct list_col *col = v->lt->cols; col->cell; col++) {
		int cw = col_width(v, col, c, x + w);
		if (v->lt == &v->gen)
			v->cell_col = v->gen_idx[col - v->gen_cols];
		col->cell(v, e, y, c, cw, base);
		c += cw + col->gap;
	}
}

static void draw_header(struct listview *v, int y)
{
	attr_t h = term.attr[R_HEAD];
	int c = 0;

	draw_fill(y, 0, COLS, A_NORMAL);
	for (const struct list_col *col = v->lt->cols; col->cell; col++) {
		int cw = col_width(v, col, c, COLS);
		if (col->head && col->head_right)
			draw_text_right(y, c, _(col->head), cw, h);
		else if (col->head)
			draw_text(y, c, _(col->head), cw, h, DRAW_PAD);
		c += cw + col->gap;
	}
}

static void filter_summary(struct listview *v, char *buf, size_t len)
{
	char lab[128];
	size_t n = 0;

	buf[0] = '\0';
#define ADD(...) do { if (n < len) n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); } while (0)
	ADD("%s", _("筛选："));
	if (v->unit_key[0])
		ADD("%s ", unit_name(v->a, v->unit_key));
	if (v->q.year)
		ADD(_("%d年 "), v->q.year);
	if (v->q.category >= 0) {
		short_label(_(enum_category[v->q.category].label), lab, sizeof(lab));
		ADD("%s ", lab);
	}
	if (v->q.form >= 0)
		ADD("%s ", _(enum_form[v->q.form].label));
	if (v->q.missing_five_have)
		ADD("%s ", _("五有不全"));
	if (v->q.conflicts)
		ADD("%s ", _("有冲突"));
	if (!v->unit_key[0] && !v->q.year && v->q.category < 0 && v->q.form < 0 &&
	    !v->q.missing_five_have && !v->q.conflicts)
		ADD("%s ", _("全部"));
	if (v->sed.len && !v->searching)
		ADD(_(" 搜索：%s"), v->sed.buf);
#undef ADD
}

static void draw_group_counts(struct listview *v, int y)
{
	long count[GROUPS_MAX] = { 0 };
	size_t ng = enum_count(enum_group);
	char buf[256];
	size_t n = 0;

	for (size_t i = 0; i < v->nview; i++) {
		const struct entry *e = &v->a->led.v[v->view[i]];
		if (e->valid && e->group >= 0 && (size_t)e->group < ng && (size_t)e->group < GROUPS_MAX)
			count[e->group]++;
	}
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", _("按类别："));
	for (size_t g = 0; g < ng && g < GROUPS_MAX && n < sizeof(buf); g++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %ld  ", _(enum_group[g].label), count[g]);
	draw_text(y, 0, buf, COLS, term.attr[R_LABEL], DRAW_PAD);
}

/* The status line without a message: this PC, the count, sync, the ledger. */
static void list_status(void *st, int y)
{
	struct listview *v = st;
	struct app *a = v->a;
	char buf[512], unsent[32], sync[64];
	const char *dir = repo_workdir(a->repo);

	if (a->unsent >= 0)
		snprintf(unsent, sizeof(unsent), "%ld", a->unsent);
	else
		snprintf(unsent, sizeof(unsent), "%s", "-");
	snprintf(sync, sizeof(sync), "%s", a->last_sync[0] ? a->last_sync : _("从未"));
	if (a->unsent == -2) /* "未发送：- 上次同步：从未" said nothing useful */
		snprintf(buf, sizeof(buf), _("本机：%s %s 共 %zu 条 %s 还没有设置同步（按 F5 看怎样设置） %s 台账：%s"),
			 a->have_actor ? unit_name(a, a->actor.unit) : "?", term.g.vline, v->nview,
			 term.g.vline, term.g.vline, dir);
	else
		snprintf(buf, sizeof(buf), _("本机：%s %s 共 %zu 条 %s 未发送：%s %s 上次同步：%s %s 台账：%s"),
			 a->have_actor ? unit_name(a, a->actor.unit) : "?", term.g.vline, v->nview,
			 term.g.vline, unsent, term.g.vline, sync, term.g.vline, dir);
	draw_text(y, 0, buf, COLS, term.attr[R_DIM], DRAW_PAD);
}

/* What clears the conditions shown on the filter line, NULL if none. */
static const char *filter_hint(const struct listview *v)
{
	if (v->sed.len)
		return _("Esc 清除搜索　x 清除全部");
	if (v->unit_key[0] || v->q.year || v->q.category >= 0 || v->q.form >= 0 ||
	    v->q.missing_five_have || v->q.conflicts)
		return _("按 x 清除筛选");
	return NULL;
}

/* While typing the search: how to leave it, right of the text. */
#define SEARCH_HINT N_("Enter 完成　Esc 清除")

/* Columns of the search line's text: what the label and the hint leave. */
static int search_cols(int lw)
{
	int hw = str_cols(_(SEARCH_HINT)) + 2;

	return COLS - lw - 1 - (COLS - lw - hw >= 20 ? hw : 0);
}

static void list_draw(void *st)
{
	struct listview *v = st;
	char title[256], right[128];
	/* the counts line (五老 groups) takes a row from the list */
	int rows = LINES - 5 - (v->lt->group_counts ? 1 : 0);

	keybar_quit_is_back = v->drill != NULL;
	if (v->led_gen != v->a->led_gen) { /* loaded again by a screen run from here */
		v->all_valid = 0;
		refilter(v);
		if (v->led_gen != v->a->led_gen) /* out of memory: show nothing stale */
			v->nview = v->lb.n = 0;
		else
			select_id(v, v->sel_id);
	}
	erase();
	layout(v);
	if (v->lt == &v->gen)
		snprintf(title, sizeof(title), "%s — %s", v->a->led.units.street ? v->a->led.units.street : "ggw",
			 _(v->gen_name));
	else
		snprintf(title, sizeof(title), _(v->lt->title), v->a->led.units.street ? v->a->led.units.street : "ggw");
	snprintf(right, sizeof(right), _("%zu/%zu 条"), v->nview ? v->lb.sel + 1 : 0, v->nview);
	draw_title(title, right);
	if (v->searching) {
		int lw = draw_text(1, 0, _("搜索："), COLS, term.attr[R_LABEL], 0);
		ledit_draw(&v->sed, 1, lw, 1, search_cols(lw), term.attr[R_FIELD_CUR], 0);
		if (search_cols(lw) < COLS - lw - 1)
			draw_text_right(1, 0, _(SEARCH_HINT), COLS - 1, term.attr[R_DIM]);
	} else {
		char f[512];
		const char *hint = filter_hint(v);
		filter_summary(v, f, sizeof(f));
		draw_text(1, 0, f, COLS, term.attr[R_LABEL], DRAW_PAD);
		if (hint && str_cols(f) + str_cols(hint) + 2 < COLS)
			draw_text_right(1, 0, hint, COLS - 1, term.attr[R_DIM]);
	}
	draw_header(v, 2);
	v->lb.draw_row = draw_row;
	v->lb.data = v;
	listbox_draw(&v->lb, 3, 0, rows, COLS);
	if (v->lt->group_counts)
		draw_group_counts(v, LINES - 3);
	if (v->nview == 0)
		draw_text(4, 2, v->nbase ? _("没有符合搜索条件的记录。按 x 清除条件。")
				: _("还没有记录。按 F3 或 a 新增一条。"), COLS - 4, term.attr[R_DIM], 0);
	snprintf(v->sel_id, sizeof(v->sel_id), "%s",
		 v->lb.sel < v->nview && v->a->led.v[v->view[v->lb.sel]].id ? v->a->led.v[v->view[v->lb.sel]].id : "");
}

/* The cursor in the search line while typing there. */
static void list_cursor(void *st)
{
	struct listview *v = st;
	int lw = str_cols(_("搜索："));

	if (!v->searching) {
		curs_set(0);
		return;
	}
	curs_set(1);
	ledit_draw(&v->sed, 1, lw, 1, search_cols(lw), term.attr[R_FIELD_CUR], 1);
}

/* ---- filter dialog ---- */

static int pick_unit(struct listview *v)
{
	const struct units *u = &v->a->led.units;
	const char **labels = calloc(u->n + 1, sizeof(*labels));
	int cur = 0, r;

	if (!labels)
		return -1;
	labels[0] = _("全部单位");
	for (size_t i = 0; i < u->n; i++) {
		labels[i + 1] = u->v[i].name ? u->v[i].name : u->v[i].key;
		if (v->unit_key[0] && !strcmp(v->unit_key, u->v[i].key))
			cur = (int)i + 1;
	}
	r = pick_list(_("单位"), labels, u->n + 1, cur);
	if (r == 0)
		v->unit_key[0] = '\0';
	else if (r > 0)
		snprintf(v->unit_key, sizeof(v->unit_key), "%s", u->v[r - 1].key);
	free(labels);
	return r;
}

static void pick_year(struct listview *v)
{
	int years[64], ny = 0, cur = 0, r;
	char names[64][16];
	const char *labels[65];

	for (size_t i = 0; i < v->a->led.n && ny < 64; i++) {
		const struct entry *e = &v->a->led.v[i];
		int y = (int)e->type == v->type ? e->date / 10000 : 0, k;
		if (y <= 0)
			continue;
		for (k = 0; k < ny && years[k] != y; k++)
			;
		if (k == ny)
			years[ny++] = y;
	}
	for (int i = 0; i < ny; i++) /* newest first */
		for (int j = i + 1; j < ny; j++)
			if (years[j] > years[i]) {
				int t = years[i];
				years[i] = years[j];
				years[j] = t;
			}
	labels[0] = _("全部年份");
	for (int i = 0; i < ny; i++) {
		snprintf(names[i], sizeof(names[i]), _("%d年"), years[i]);
		labels[i + 1] = names[i];
		if (years[i] == v->q.year)
			cur = i + 1;
	}
	r = pick_list(_("年份"), labels, (size_t)ny + 1, cur);
	if (r == 0)
		v->q.year = 0;
	else if (r > 0)
		v->q.year = years[r - 1];
}

static void pick_enum(const char *title, const struct enum_item *items, int *value)
{
	size_t n = enum_count(items);
	const char **labels = calloc(n + 1, sizeof(*labels));
	int r;

	if (!labels)
		return;
	labels[0] = _("全部");
	for (size_t i = 0; i < n; i++)
		labels[i + 1] = _(items[i].label);
	r = pick_list(title, labels, n + 1, *value + 1);
	if (r >= 0)
		*value = r - 1;
	free(labels);
}

static void filter_dialog(struct listview *v)
{
	int at = 0; /* the line just changed stays selected */

	for (;;) {
		char l[7][160], lab[128];
		const char *labels[7];
		int r;

		snprintf(l[0], sizeof(l[0]), _("单位：%s"), v->unit_key[0] ? unit_name(v->a, v->unit_key) : _("全部"));
		if (v->q.year)
			snprintf(l[1], sizeof(l[1]), _("年份：%d"), v->q.year);
		else
			snprintf(l[1], sizeof(l[1]), "%s", _("年份：全部"));
		if (v->q.category >= 0)
			short_label(_(enum_category[v->q.category].label), lab, sizeof(lab));
		snprintf(l[2], sizeof(l[2]), _("主题：%s"), v->q.category >= 0 ? lab : _("全部"));
		snprintf(l[3], sizeof(l[3]), _("形式：%s"), v->q.form >= 0 ? _(enum_form[v->q.form].label) : _("全部"));
		snprintf(l[4], sizeof(l[4]), _("只看五有不全：%s"), v->q.missing_five_have ? _("是") : _("否"));
		snprintf(l[5], sizeof(l[5]), _("只看有冲突的：%s"), v->q.conflicts ? _("是") : _("否"));
		snprintf(l[6], sizeof(l[6]), "%s", _("清除全部条件"));
		for (int i = 0; i < 7; i++)
			labels[i] = l[i];
		screen_paint(v->a, &v->ops, v);
		r = pick_list(_("筛选（Enter 修改，Esc 完成）"), labels, (size_t)v->lt->filters, at);
		if (r >= 0)
			at = r == 6 ? 0 : r;
		if (v->lt->filters == 1 && r == 0) {
			pick_unit(v);
			break;
		}
		switch (r) {
		case 0: pick_unit(v); break;
		case 1: pick_year(v); break;
		case 2: pick_enum(_("主题"), enum_category, &v->q.category); break;
		case 3: pick_enum(_("形式"), enum_form, &v->q.form); break;
		case 4: v->q.missing_five_have = !v->q.missing_five_have; break;
		case 5: v->q.conflicts = !v->q.conflicts; break;
		case 6:
			query_init(&v->q);
			v->unit_key[0] = '\0';
			break;
		default:
			refilter(v);
			return;
		}
		refilter(v);
		if (v->a->quit)
			return;
	}
	refilter(v);
}

/* ---- sync status for the status line ---- */

/* Commits of ours a remote has not got: 0 if unknown. */
static long unsent_to(struct repo *r, const char *name, const char *head, int *known)
{
	char ref[128];
	git_hex tip;
	size_t ahead = 0, behind = 0;
	git_hex *ids = NULL;

	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", name);
	*known = gitp_ref_tip(r, ref, tip, NULL) == 0;
	if (!head[0])
		return 0;
	if (*known) {
		gitp_ahead_behind(r, head, tip, &ahead, &behind, NULL);
		return (long)ahead;
	}
	/* Never synced: everything is still to send. */
	if (gitp_walk(r, head, NULL, &ids, &ahead, NULL) < 0)
		ahead = 0;
	free(ids);
	return (long)ahead;
}

/* The status line's figures: the remotes only (sync_status would load the
 * ledger again and walk the work tree, which the list does not show). */
static void refresh_sync_status(struct app *a)
{
	struct remote_info *rv = NULL;
	struct ggw_error err = { 0, "" };
	git_hex head = "";
	size_t nr = 0;
	int64_t last = 0;
	long unsent = -1;

	if (sync_remote_list(a->repo, &rv, &nr, &err) < 0)
		return;
	if (nr && gitp_ref_tip(a->repo, "HEAD", head, NULL) < 0)
		head[0] = '\0';
	for (size_t i = 0; i < nr; i++) {
		int known;
		long ahead = unsent_to(a->repo, rv[i].name, head, &known);

		if (rv[i].lastsync > last)
			last = rv[i].lastsync;
		if (known && (unsent < 0 || ahead > unsent))
			unsent = ahead;
	}
	/* -2: no remote at all, which the status line says in words */
	a->unsent = nr == 0 ? -2 : unsent;
	a->last_sync[0] = '\0';
	if (last > 0) {
		time_t t = (time_t)last;
		struct tm tm;
		if (localtime_r(&t, &tm))
			strftime(a->last_sync, sizeof(a->last_sync), "%Y-%m-%d %H:%M", &tm);
	}
	sync_remote_list_free(rv, nr);
}

/* ---- the unit filter, remembered per PC ----
 * In the ledger's .git/config on this PC (never synced: another PC has
 * its own): ggw.listunit-<type> = a unit's key, or "*" for every unit.
 * Until it is set, a unit's PC opens its home list and its volunteers on
 * its own unit (the lists a village clerk keeps); the office's on every
 * unit. */
#define UNIT_ALL "*"

static void remembered_name(const struct listview *v, char *buf, size_t len)
{
	const char *k = record_type_key(v->lt->type);

	snprintf(buf, len, "ggw.listunit-%s", k ? k : "x");
	for (char *p = buf + strlen("ggw."); *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			*p = '-';
}

static void unit_filter_load(struct listview *v, int own_first)
{
	struct ggw_error err = { 0, "" };
	struct app *a = v->a;
	const char *own = a->have_actor ? a->actor.unit : NULL;
	char name[64], *val = NULL;

	remembered_name(v, name, sizeof(name));
	if (repo_config_get(a->repo, name, &val, &err) < 0)
		app_status(a, 1, "%s", err.msg);
	else if (val && strcmp(val, UNIT_ALL) && units_find(&a->led.units, val))
		snprintf(v->unit_key, sizeof(v->unit_key), "%s", val);
	else if (!val && own_first && own && strcmp(own, "office") && units_find(&a->led.units, own))
		snprintf(v->unit_key, sizeof(v->unit_key), "%s", own);
	/* a remembered unit gone from units.yaml: every unit */
	snprintf(v->saved_unit, sizeof(v->saved_unit), "%s", v->unit_key);
	free(val);
}

/* After the filter changed: remember its unit on this PC. */
static void unit_filter_save(struct listview *v)
{
	struct ggw_error err = { 0, "" };
	char name[64];

	if (!v->remember || !strcmp(v->saved_unit, v->unit_key))
		return;
	remembered_name(v, name, sizeof(name));
	if (repo_config_set(v->a->repo, name, v->unit_key[0] ? v->unit_key : UNIT_ALL, &err) < 0) {
		app_status(v->a, 1, "%s", err.msg);
		return;
	}
	snprintf(v->saved_unit, sizeof(v->saved_unit), "%s", v->unit_key);
}

/* ---- the screen ---- */

static const struct entry *current(struct listview *v)
{
	return v->lb.sel < v->nview ? &v->a->led.v[v->view[v->lb.sel]] : NULL;
}

static void delete_current(struct listview *v)
{
	const struct entry *e = current(v);
	struct ggw_error err = { 0, "" };
	char q[512], id[64];

	if (!e || !e->id)
		return;
	if (!v->a->have_actor) {
		app_status(v->a, 1, "%s", _("没有设置本机单位（ggw config ggw.unit），不能修改。"));
		return;
	}
	/* another unit's record is refused before the question, not after */
	if (ops_check_scope_units(&v->a->led.units, &v->a->actor, e->unit, &err) < 0) {
		app_status(v->a, 1, "%s", err.msg);
		return;
	}
	snprintf(q, sizeof(q), _("删除“%s”？（修改历史中仍保留）"), e->title ? e->title : e->id);
	if (!ask_yes_no(q))
		return;
	snprintf(id, sizeof(id), "%s", e->id);
	if (ops_rm(v->a->repo, &v->a->actor, id, &err) < 0) {
		app_status(v->a, 1, "%s", err.msg);
		return;
	}
	app_status(v->a, 0, _("已删除 %s"), id);
	reload(v, NULL);
}

/* After the first drawn list, once no key is waiting: the clock warning
 * and the sync figures (they start libgit2). The search corpus waits for
 * the first search. */
static int list_idle(void *st)
{
	struct listview *v = st;

	if (!v->need_status || term_key_waiting())
		return 0;
	v->need_status = 0;
	app_clock_check(v->a);
	refresh_sync_status(v->a);
	return 1;
}

static int list_typing(void *st)
{
	return ((struct listview *)st)->searching;
}

/* The search line while typing, then the list's own movement keys. */
static int list_key(void *st, int key)
{
	struct listview *v = st;
	int act;

	if (key == TK_ESC && !v->searching && v->sed.len) {
		/* the search stays after Enter; Esc takes it away */
		ledit_set(&v->sed, "");
		apply_search(v);
		return SCREEN_STAY;
	}
	if (v->drill && key == TK_ESC && !v->searching)
		return SCREEN_LEAVE;
	if (!v->searching)
		return listbox_key(&v->lb, key) ? SCREEN_STAY : SCREEN_PASS;
	act = action_for_key(v->lt->screen, key, 1);
	if (key == TK_ENTER || act == A_SEARCH) {
		v->searching = 0;
		return SCREEN_STAY;
	}
	if (key == TK_ESC) {
		ledit_set(&v->sed, "");
		apply_search(v);
		v->searching = 0;
		return SCREEN_STAY;
	}
	if (key != TK(KEY_UP) && key != TK(KEY_DOWN) && key != TK(KEY_PPAGE) &&
	    key != TK(KEY_NPAGE) && ledit_key(&v->sed, key, COLS)) {
		apply_search(v);
		return SCREEN_STAY;
	}
	if (listbox_key(&v->lb, key) || act < 0)
		return SCREEN_STAY;
	return SCREEN_PASS;
}

/* The audit screen or the go-to-id box: they open records (which may be
 * changed there), so the list reads the ledger again if HEAD moved. */
static void run_reading(struct listview *v, int act)
{
	git_hex before = "", after = "";

	gitp_ref_tip(v->a->repo, "HEAD", before, NULL);
	if (act == A_AUDIT)
		screen_audit(v->a, 0);
	else
		screen_goto(v->a);
	gitp_ref_tip(v->a->repo, "HEAD", after, NULL);
	if (strcmp(before, after))
		reload(v, NULL);
}

/* Open, edit or see the history of the selected record. */
static void on_current(struct listview *v, int act)
{
	const struct entry *e = current(v);
	char id[64];

	if (e && !e->id && act == A_OPEN) {
		message_box(_("无法读取的记录"), e->error ? e->error : e->path);
		return;
	}
	if (!e || !e->id)
		return;
	snprintf(id, sizeof(id), "%s", e->id);
	if (act == A_OPEN) {
		screen_record(v->a, id);
		reload(v, id);
	} else if (act == A_EDIT) {
		if (screen_form(v->a, e->type, id))
			reload(v, id);
	} else {
		screen_history(v->a, id);
	}
}

static int list_action(void *st, int act, int key)
{
	struct listview *v = st;
	struct app *a = v->a;

	(void)key;
	switch (act) {
	case A_QUIT:
		if (v->drill) /* a drill-down: back to the overview */
			return SCREEN_LEAVE;
		a->quit = 1;
		break;
	case A_SEARCH:
		v->searching = 1;
		break;
	case A_CLEAR:
		query_init(&v->q);
		v->q.sort = v->lt->sort;
		v->unit_key[0] = '\0';
		ledit_set(&v->sed, "");
		refilter(v);
		unit_filter_save(v);
		break;
	case A_FILTER:
		filter_dialog(v);
		unit_filter_save(v);
		break;
	case A_OPEN:
	case A_EDIT:
	case A_HISTORY:
		on_current(v, act);
		break;
	case A_ADD:
		if (screen_form(a, v->lt->type, NULL))
			reload(v, a->last_id);
		break;
	case A_DELETE:
		delete_current(v);
		break;
	case A_VOLS:
		screen_volunteers(a);
		reload(v, NULL);
		break;
	case A_SYNC:
		screen_sync(a);
		reload(v, NULL);
		refresh_sync_status(a);
		break;
	case A_CONFLICTS:
		screen_conflicts(a, NULL);
		reload(v, NULL);
		break;
	case A_STATS:
		screen_stats(a);
		break;
	case A_MENU: {
		git_hex before = "", after = "";

		gitp_ref_tip(a->repo, "HEAD", before, NULL);
		screen_menu(a);
		gitp_ref_tip(a->repo, "HEAD", after, NULL);
		if (strcmp(before, after)) /* something was changed from the menu */
			reload(v, NULL);
		break;
	}
	case A_UNDO:
		if (tui_undo(a))
			reload(v, NULL);
		break;
	case A_AUDIT:
	case A_GOTO:
		run_reading(v, act);
		break;
	case A_DELETED:
		screen_deleted(a);
		reload(v, a->last_id[0] ? a->last_id : NULL);
		break;
	default:
		return SCREEN_PASS;
	}
	return SCREEN_STAY;
}

static const struct screen_ops list_ops = {
	.ok_role = R_GOOD, .warn_role = R_WARN, .draw = list_draw, .status = list_status,
	.cursor = list_cursor, .idle = list_idle, .typing = list_typing, .key = list_key,
	.action = list_action,
};

/* The list of one type: home is the first screen (it fetches the sync
 * figures after its first draw); unit and year narrow it (a drill-down). */
/* The other types: what the list shows comes from the type table. */
static int generic_type(struct listview *v, int t, const char *name)
{
	const struct record_type_def *d = record_type_def(t);
	size_t n = 0;

	if (!d || !record_type_per_file(t) || !d->title_field)
		return -1;
	while (d->columns && d->columns[n].key)
		n++;
	/* a mark before the title, the end */
	if (!(v->gen_cols = calloc(n + 3, sizeof(*v->gen_cols))))
		return -1;
	v->gen = (struct list_type){ (enum record_type)t, SCR_LEDGER,
				     d->layout == LAYOUT_YEARLY ? SORT_DATE_DESC : SORT_TITLE, NULL,
				     v->gen_cols, 0, d->layout == LAYOUT_YEARLY ? 2 : 1 };
	v->gen_name = name ? name : d->label;
	v->lt = &v->gen;
	return 0;
}

static void run_list(struct app *a, int t, int home, const char *unit, int year, const char *name)
{
	struct listview v;

	memset(&v, 0, sizeof(v));
	v.a = a;
	if (!(v.lt = list_type_of((enum record_type)t)) && generic_type(&v, t, name) < 0)
		return;
	v.type = (int)t;
	v.ops = list_ops;
	v.ops.id = v.lt->screen;
	v.drill = unit;
	query_init(&v.q);
	v.q.sort = v.lt->sort;
	if (unit) {
		snprintf(v.unit_key, sizeof(v.unit_key), "%s", unit);
	} else {
		v.remember = 1;
		unit_filter_load(&v, home || t == REC_VOLUNTEER);
	}
	v.q.year = year;
	ledit_init(&v.sed, 0);
	refilter(&v);
	v.need_status = home;
	screen_run(a, &v.ops, &v);
	keybar_quit_is_back = 0;
	free(v.all);
	free(v.base);
	for (int i = 0; i < SEARCH_STEPS; i++)
		free(v.st[i].idx);
	ledit_free(&v.sed);
	free(v.gen_cols);
}

void screen_list(struct app *a)
{
	run_list(a, REC_ACTIVITY, 1, NULL, 0, NULL);
}

void screen_volunteers(struct app *a)
{
	run_list(a, REC_VOLUNTEER, 0, NULL, 0, NULL);
}

void screen_list_unit(struct app *a, const char *unit, int year)
{
	run_list(a, REC_ACTIVITY, 0, unit, year, NULL);
}

void screen_list_type(struct app *a, int type, const char *name)
{
	if (type == REC_ACTIVITY || type == REC_VOLUNTEER)
		run_list(a, type, 0, NULL, 0, NULL);
	else
		run_list(a, type, 0, NULL, 0, name);
}
