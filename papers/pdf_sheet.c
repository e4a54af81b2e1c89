/* Record sheets (see pdf_sheet.h). Every row comes from the type's field
 * table, so a new type or field prints without a change here. */
#include "pdf_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/fields_more.h"
#include "../model/i18n.h"
#include "../model/opts.h"
#include "../model/rectype.h"
#include "../model/sbuf.h"
#include "../records/output.h"
#include "papers_util.h"
#include "pdf_evidence.h"

/* Sheet titles of the types that have a customary one; others are
 * "<label>登记表". */
static const struct {
	const char *type, *title;
} sheet_titles[] = {
	{ "activity", N_("活动记录表") },
	{ "volunteer", N_("五老志愿者登记表") },
	{ "document", N_("文件与记录") },
	{ NULL, NULL }
};

static const double label_cols[2] = { 0.22, 0.78 };

const char *pdf_sheet_title(int t, char *buf, size_t len)
{
	const struct record_type_def *def = record_type_def(t);

	for (int i = 0; def && sheet_titles[i].type; i++)
		if (!strcmp(sheet_titles[i].type, def->key))
			return _(sheet_titles[i].title);
	snprintf(buf, len, _("%s登记表"), def ? _(def->label) : "");
	return buf;
}

/* A sha256 shown short: people compare the first characters. */
static void shorten_digest(char *s)
{
	if (s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64)
		strcpy(s + 12, "…");
}

/* Ids cited (FT_REF, FT_IDLIST) with the cited record's title from the
 * ledger: "丁光海（v-1a2b3c4d）". */
static char *refs_text(const struct ledger *l, const struct node *v)
{
	struct sbuf b = { 0 };
	size_t n = v->kind == NODE_SEQ ? v->count : 1;

	sb_add(&b, "");
	for (size_t i = 0; i < n; i++) {
		const struct node *it = v->kind == NODE_SEQ ? &v->kids[i] : v;
		const char *id = it->kind == NODE_SCALAR && it->str ? it->str : "";
		long e = ledger_find(l, id);

		if (i)
			sb_add(&b, "、");
		if (e >= 0 && l->v[e].title && *l->v[e].title) {
			sb_add(&b, l->v[e].title);
			sb_add(&b, "（");
			sb_add(&b, id);
			sb_add(&b, "）");
		} else
			sb_add(&b, id);
	}
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static char *value_text(const struct ledger *l, const struct field_def *f, const struct node *v)
{
	char *s;

	if (f->type == FT_REF || f->type == FT_IDLIST)
		return refs_text(l, v);
	s = output_field_text(f, v, &l->units);
	shorten_digest(s);
	return s;
}

static int empty(const struct node *v)
{
	if (!v)
		return 1;
	return v->kind == NODE_SCALAR ? !v->str || !*v->str : v->count == 0;
}

static void row2(struct pdf_doc *d, struct pdf_table *t, const char *label, const char *value)
{
	const char *cells[2] = { label, value ? value : "" };

	pdf_table_row(d, t, cells, PDF_ROW_PLAIN);
}

/* A list of maps (publicity, evidence, adopted_by): a table of its own
 * with the sub-fields as columns. */
static void maplist_table(struct pdf_doc *d, const struct ledger *l, const struct field_def *f,
			  const struct node *v)
{
	const char *head[PDF_TABLE_MAX_COLS];
	size_t nc = 0, nrows = v->count;
	char **cells;
	struct pdf_table t;

	for (const struct field_def *s = f->sub; s->key && nc < PDF_TABLE_MAX_COLS; s++)
		head[nc++] = _(s->label);
	if (!nc || !(cells = calloc(nrows * nc + 1, sizeof(*cells))))
		return;
	for (size_t r = 0; r < nrows; r++) {
		size_t c = 0;

		for (const struct field_def *s = f->sub; s->key && c < nc; s++, c++) {
			const struct node *sv = node_map_get(&v->kids[r], s->key);

			cells[r * nc + c] = empty(sv) ? NULL : value_text(l, s, sv);
		}
	}
	pdf_heading(d, _(f->label), &pdf_h2, 40);
	t = (struct pdf_table){ nc, head, NULL, { 0 } };
	pdf_table_begin(d, &t, (const char *const *)cells, nrows, NULL);
	for (size_t r = 0; r < nrows; r++)
		pdf_table_row(d, &t, (const char *const *)cells + r * nc, PDF_ROW_PLAIN);
	d->y += 6;
	for (size_t k = 0; k < nrows * nc; k++)
		free(cells[k]);
	free(cells);
}

/* The rows of the label/value table for one field; lists of maps and
 * long texts are left for after the table. */
static void field_rows(struct pdf_doc *d, struct pdf_table *t, const struct ledger *l,
		       const struct field_def *f, const struct node *v)
{
	char label[256], *txt;

	if (f->type == FT_GROUP) {
		/* 五有: every item, ✓ or ✗; sparse groups (patrol): the parts given */
		for (const struct field_def *s = f->sub; s->key; s++) {
			const struct node *sv = v ? node_map_get(v, s->key) : NULL;

			if ((f->flags & F_SPARSE) && empty(sv))
				continue;
			if (f->flags & F_SPARSE)
				snprintf(label, sizeof(label), "%s·%s", _(f->label), _(s->label));
			else
				snprintf(label, sizeof(label), "%s %s", empty(sv) ? "✗" : "✓", _(s->label));
			txt = empty(sv) ? NULL : value_text(l, s, sv);
			row2(d, t, label, txt ? txt : (f->flags & F_SPARSE) ? "" : _("（未填写）"));
			free(txt);
		}
		return;
	}
	if (f->type == FT_CONFLICTS) {
		snprintf(label, sizeof(label), _("有 %zu 处冲突待解决（ggw show 查看）"), v->count);
		row2(d, t, _(f->label), label);
		return;
	}
	txt = value_text(l, f, v);
	row2(d, t, _(f->label), txt);
	free(txt);
}

/* The type's fields that go into the label/value table. */
static int in_table(const struct field_def *f, const struct node *v)
{
	if (f->type == FT_SCHEMA || f->type == FT_MAPLIST || f->type == FT_TEXT)
		return 0;
	if (f->type == FT_GROUP)
		return !(f->flags & F_SPARSE) || !empty(v);
	return !empty(v);
}

static int is_known(const struct field_def *fields, const char *key)
{
	for (const struct field_def *f = fields; f->key; f++)
		if (!strcmp(f->key, key))
			return 1;
	return 0;
}

/* Under the title: the unit's name and the record's own title. */
static void sheet_subtitle(struct pdf_doc *d, const struct ledger *l,
			   const struct record_type_def *def, const struct node *rec)
{
	const char *unit = node_map_str(rec, "unit");
	const struct unit_info *u = unit ? units_find(&l->units, unit) : NULL;
	const char *title = def->title_field ? node_map_str(rec, def->title_field) : NULL;
	char line[512];

	snprintf(line, sizeof(line), "%s%s%s", u && u->name ? u->name : unit ? unit : "",
		 title && *title ? "　" : "", title ? title : "");
	if (line[0])
		pdf_text(d, line, &pdf_subtitle);
}

int pdf_sheet_render(struct pdf_doc *d, const struct ledger *l, int t, const struct node *rec,
		     struct ggw_error *err)
{
	return pdf_sheet_render_stats(d, l, t, rec, NULL, err);
}

int pdf_sheet_render_stats(struct pdf_doc *d, const struct ledger *l, int t,
			   const struct node *rec, struct pdf_evidence_stats *st,
			   struct ggw_error *err)
{
	const struct record_type_def *def = record_type_def(t);
	const struct field_def *f;
	const char *head[2] = { _("项目"), _("内容") };
	struct pdf_table tab = { 2, head, NULL, { 0 } };
	const char *signers[2] = { _("记录人"), _("负责人") };
	char buf[128];

	if (!def)
		return ggw_fail(err, GGW_EINVALID, _("不认识的记录类型"));
	pdf_need(d, 200);
	pdf_text(d, pdf_sheet_title(t, buf, sizeof(buf)), &pdf_title);
	sheet_subtitle(d, l, def, rec);
	d->y += 4;
	pdf_table_begin(d, &tab, NULL, 0, label_cols);
	for (f = def->fields; f->key; f++) {
		const struct node *v = node_map_get(rec, f->key);

		if (in_table(f, v))
			field_rows(d, &tab, l, f, v);
	}
	/* keys a newer ggw wrote: as they are */
	for (size_t i = 0; i < rec->count; i++)
		if (!is_known(def->fields, rec->keys[i])) {
			char *txt = node_text(&rec->kids[i]);

			row2(d, &tab, rec->keys[i], txt);
			free(txt);
		}
	d->y += 8;
	for (f = def->fields; f->key; f++) {
		const struct node *v = node_map_get(rec, f->key);

		if (f->type == FT_TEXT && !empty(v)) {
			pdf_heading(d, _(f->label), &pdf_h2, 30);
			pdf_text(d, v->str, &pdf_body);
			d->y += 4;
		} else if (f->type == FT_MAPLIST && v && v->kind == NODE_SEQ && v->count &&
			   f->sub == evidence_fields) {
			pdf_evidence_render(d, l->repo, v, st); /* thumbnails */
		} else if (f->type == FT_MAPLIST && v && v->kind == NODE_SEQ && v->count)
			maplist_table(d, l, f, v);
	}
	pdf_sign_lines(d, signers, 2);
	return 0;
}

/* A register cell: groups (五有) as "filled/all", else the value. */
static char *register_cell(const struct ledger *l, const struct field_def *f, const struct node *v)
{
	char *s = NULL;

	if (f->type == FT_GROUP) {
		int have = 0, all = 0;

		for (const struct field_def *sf = f->sub; sf->key; sf++, all++)
			have += v && !empty(node_map_get(v, sf->key));
		if (asprintf(&s, "%d/%d", have, all) < 0)
			s = NULL;
		return s;
	}
	return empty(v) ? NULL : value_text(l, f, v);
}

void pdf_register_render(struct pdf_doc *d, const struct ledger *l, int t,
			 const struct node *const *recs, size_t n)
{
	const struct record_type_def *def = record_type_def(t);
	const struct field_def *cols[LIST_COLUMNS_MAX];
	const char *head[LIST_COLUMNS_MAX];
	unsigned char num[LIST_COLUMNS_MAX];
	size_t nc = 0;
	char **cells;
	struct pdf_table tab;

	for (const struct list_column *c = def ? def->columns : NULL; c && c->key; c++) {
		const struct field_def *f = field_find(def->fields, c->key);

		if (!f || f->type == FT_ID || f->type == FT_UNIT || nc >= LIST_COLUMNS_MAX)
			continue;
		cols[nc] = f;
		head[nc] = c->head ? _(c->head) : _(f->label);
		num[nc] = (c->flags & COL_RIGHT) != 0;
		nc++;
	}
	if (!nc || !(cells = calloc(n * nc + 1, sizeof(*cells))))
		return;
	for (size_t r = 0; r < n; r++)
		for (size_t c = 0; c < nc; c++)
			cells[r * nc + c] = register_cell(l, cols[c], node_map_get(recs[r], cols[c]->key));
	tab = (struct pdf_table){ nc, head, num, { 0 } };
	pdf_table_begin(d, &tab, (const char *const *)cells, n, NULL);
	for (size_t r = 0; r < n; r++)
		pdf_table_row(d, &tab, (const char *const *)cells + r * nc, PDF_ROW_PLAIN);
	d->y += 6;
	for (size_t k = 0; k < n * nc; k++)
		free(cells[k]);
	free(cells);
}

struct print_job {
	const struct ledger *l;
	int type;
	const struct node *rec;
};

static int render_print(struct pdf_doc *d, void *ctx, struct ggw_error *err)
{
	const struct print_job *j = ctx;

	return pdf_sheet_render(d, j->l, j->type, j->rec, err);
}

int papers_print(struct repo *repo, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL, *out = NULL;
	const char **pos[] = { &id };
	const struct opt_def defs[] = { OPT_INTO("-o", &out), OPT_INTO("--output", &out), OPT_END };
	struct node rec = { 0 };
	struct ledger l;
	struct print_job job;
	char title[256], tbuf[128];
	long e;
	int rc, pages = 0;

	if ((rc = opt_parse(argc, argv, 1, defs, pos, 1, err)) < 0)
		return rc;
	if (!id)
		return ggw_fail(err, GGW_EUSAGE, _("用法：ggw print ID -o 文件.pdf"));
	if ((rc = papers_pdf_path("print", out, err)) < 0)
		return rc;
	if ((rc = papers_load(repo, &l, err)) < 0)
		goto done;
	if ((e = ledger_find(&l, id)) < 0) {
		rc = ggw_fail(err, GGW_ENOTFOUND, _("没有编号为 %s 的记录"), id);
		goto done;
	}
	if (!l.v[e].valid) {
		rc = ggw_fail(err, GGW_EINVALID, _("记录 %s 未通过检查，不能打印；用 ggw check 查看"), id);
		goto done;
	}
	if ((rc = record_load_file(repo, l.v[e].path, &rec, err)) < 0)
		goto done;
	job = (struct print_job){ &l, (int)l.v[e].type, &rec };
	snprintf(title, sizeof(title), "%s %s", pdf_sheet_title(job.type, tbuf, sizeof(tbuf)),
		 l.v[e].title ? l.v[e].title : id);
	if ((rc = pdf_make(out, title, 1, 1, render_print, &job, &pages, err)) == 0)
		papers_saved(out, pages);
done:
	node_free(&rec);
	ledger_free(&l);
	return rc;
}
