/* Printing records (see output.h). */
#include "output.h"

#include <langinfo.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/rectype.h"
#include "../model/safetext.h"
#include "../model/sbuf.h"
#include "../model/text.h"
#include "../storage/threads.h"
#include "../storage/yamlio.h"
#include "conflict_label.h"

static void text_into(struct sbuf *b, const struct node *n, int depth)
{
	if (!n)
		return;
	switch (n->kind) {
	case NODE_SCALAR:
		sb_add(b, n->str ? n->str : "");
		break;
	case NODE_SEQ:
		for (size_t i = 0; i < n->count; i++) {
			if (i)
				sb_add(b, n->kids[i].kind == NODE_MAP ? " | " : "、");
			text_into(b, &n->kids[i], depth + 1);
		}
		break;
	case NODE_MAP:
		for (size_t i = 0, k = 0; i < n->count; i++) {
			if (n->kids[i].kind == NODE_SCALAR && (!n->kids[i].str || !*n->kids[i].str))
				continue;
			if (k++)
				sb_add(b, "；");
			sb_add(b, n->keys[i]);
			sb_add(b, ": ");
			text_into(b, &n->kids[i], depth + 1);
		}
		break;
	}
}

char *node_text(const struct node *n)
{
	struct sbuf b = { 0 };

	sb_add(&b, "");
	text_into(&b, n, 0);
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

int output_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

void format_date(int d, char *buf, size_t len)
{
	int y = d / 10000, m = d / 100 % 100, day = d % 100;

	if (d > 0 && y <= 9999 && len >= 11) { /* every listed row: no snprintf */
		buf[0] = (char)('0' + y / 1000);
		buf[1] = (char)('0' + y / 100 % 10);
		buf[2] = (char)('0' + y / 10 % 10);
		buf[3] = (char)('0' + y % 10);
		buf[4] = '-';
		buf[5] = (char)('0' + m / 10);
		buf[6] = (char)('0' + m % 10);
		buf[7] = '-';
		buf[8] = (char)('0' + day / 10);
		buf[9] = (char)('0' + day % 10);
		buf[10] = '\0';
		return;
	}
	if (d <= 0)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
}

/* ---- text for people ---- */

static const char *enum_label(const struct enum_item *items, const char *key)
{
	int i = key ? enum_index(items, key) : -1;

	return i >= 0 ? _(items[i].label) : NULL;
}

/* A value as people read it: enum labels, unit names, bools in Chinese. */
static char *field_value_text(const struct field_def *f, const struct node *v,
			      const struct units *units)
{
	char *s = NULL;

	if (v->kind == NODE_SCALAR && f) {
		const char *lab = NULL;

		if (f->type == FT_ENUM)
			lab = enum_label(f->items, v->str);
		else if (f->type == FT_BOOL)
			lab = !strcmp(v->str, "true") ? _("是") : !strcmp(v->str, "false") ? _("否") : NULL;
		else if (f->type == FT_UNIT && units) {
			const struct unit_info *u = units_find(units, v->str);

			if (u && asprintf(&s, _("%s（%s）"), u->name, u->key) < 0)
				s = NULL;
			if (s)
				return s;
		}
		if (lab)
			return strdup(lab);
	}
	return node_text(v);
}

char *output_field_text(const struct field_def *f, const struct node *v, const struct units *units)
{
	return v ? field_value_text(f, v, units) : NULL;
}

/* Print text after the label column; continuation lines are indented. */
static void print_value(FILE *f, const char *text, size_t indent)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		fwrite(p, 1, n, f);
		fputc('\n', f);
		p += n;
		if (*p == '\n') {
			p++;
			if (*p)
				fprintf(f, "%*s", (int)indent, "");
		}
	}
	if (!*text)
		fputc('\n', f);
}

static int empty_value(const struct node *v)
{
	if (!v)
		return 1;
	if (v->kind == NODE_SCALAR)
		return !v->str || !*v->str;
	return v->count == 0;
}

/* "2024-07-12T10:00:00+08:00" as "2024-07-12 10:00"; anything else as is. */
static void short_time(const char *iso, char *buf, size_t len)
{
	if (strlen(iso) >= 16 && iso[10] == 'T' && iso[13] == ':')
		snprintf(buf, len, "%.10s %.5s", iso, iso + 11);
	else
		snprintf(buf, len, "%s", iso);
}

static void print_conflicts(FILE *f, const struct field_def *fields, const struct node *c,
			    size_t indent, const struct units *units)
{
	for (size_t i = 0; i < c->count; i++) {
		const struct node *e = &c->kids[i];
		const char *field = node_map_str(e, "field");
		char *value = node_text(node_map_get(e, "value"));
		const char *author = node_map_str(e, "author");
		const char *unit = node_map_str(e, "unit");
		const char *when = node_map_str(e, "time");
		const struct field_def *fd = field ? field_find(fields, field) : NULL;
		char label[256], stamp[64];
		int name_len;

		if (i)
			fprintf(f, "%*s", (int)indent, "");
		if (e->kind != NODE_MAP) {
			char *t = node_text(e);

			fprintf(f, "%s\n", t ? t : "");
			free(t);
			free(value);
			continue;
		}
		/* The label for people, the key for ggw resolve; the author
		 * without the e-mail part. */
		if (fd)
			snprintf(label, sizeof(label), _("%s（%s）"), _(fd->label), field);
		else
			snprintf(label, sizeof(label), "%s", field ? field : "?");
		author = author ? author : "";
		name_len = (int)(strstr(author, " <") ? (size_t)(strstr(author, " <") - author)
						      : strlen(author));
		short_time(when ? when : "", stamp, sizeof(stamp));
		if (!node_map_get(e, "value") && node_map_get(e, "value_omitted"))
			fprintf(f, _("%s：另一个值太长，没有写进记录，原文在提交 %s 里（%.*s，%s，%s）\n"),
				label, node_map_str(e, "commit") ? node_map_str(e, "commit") : "?",
				name_len, author, unit ? unit : "", stamp);
		else
			fprintf(f, _("%s：另一个值“%s”（%.*s，%s，%s）\n"), label, value ? value : "",
				name_len, author, unit ? unit : "", stamp);
		{ /* who typed each value, by name (conflict_label.h) */
			char kept[320], other[320];

			if (conflict_kept_who(units, e, kept, sizeof(kept))) {
				conflict_other_who(units, e, other, sizeof(other));
				fprintf(f, "%*s", (int)indent, "");
				fprintf(f, _("  现在保留的是 %s；另一个值是 %s\n"), kept,
					other[0] ? other : "?");
			}
		}
		free(value);
	}
}

static int is_known(const struct field_def *fields, const char *key)
{
	for (const struct field_def *d = fields; d->key; d++)
		if (!strcmp(d->key, key))
			return 1;
	return 0;
}

void output_record_text(FILE *f, enum record_type t, const struct node *rec,
			const struct units *units, int utf8)
{
	const struct field_def *fields = record_fields(t), *d;
	size_t w = 0, col;

	for (d = fields; d->key; d++)
		if (d->type != FT_SCHEMA && text_width(_(d->label)) > w)
			w = text_width(_(d->label));
	for (size_t i = 0; i < rec->count; i++)
		if (!is_known(fields, rec->keys[i]) && text_width(rec->keys[i]) > w)
			w = text_width(rec->keys[i]);
	col = w + 2;
	for (d = fields; d->key; d++) {
		const struct node *v = node_map_get(rec, d->key);

		if (d->type == FT_SCHEMA)
			continue;
		if (d->type == FT_GROUP && (d->flags & F_SPARSE)) {
			/* parts given, as "label：value" lines */
			int first = 1;

			for (const struct field_def *s = d->sub; v && s->key; s++) {
				const char *val = node_map_str(v, s->key);

				if (!val || !*val)
					continue;
				if (first)
					text_pad(f, _(d->label), col);
				else
					fprintf(f, "%*s", (int)col, "");
				fprintf(f, "%s%s%s\n", _(s->label), _("："), val);
				first = 0;
			}
			continue;
		}
		if (d->type == FT_GROUP) {
			/* 五有: every item, present or not. */
			text_pad(f, _(d->label), col);
			for (const struct field_def *s = d->sub; s->key; s++) {
				const char *val = v ? node_map_str(v, s->key) : NULL;
				int have = val && *val;

				if (s != d->sub)
					fprintf(f, "%*s", (int)col, "");
				fprintf(f, "%s %s", have ? (utf8 ? "✓" : "[x]") : (utf8 ? "✗" : "[ ]"),
					_(s->label));
				if (have) {
					fputs(_("："), f);
					print_value(f, val, col + (utf8 ? 2 : 4) + text_width(_(s->label)) +
							    text_width(_("：")));
				} else
					fputc('\n', f);
			}
			continue;
		}
		if (empty_value(v))
			continue;
		text_pad(f, _(d->label), col);
		if (d->type == FT_MAPLIST && v->kind == NODE_SEQ) {
			for (size_t i = 0; i < v->count; i++) {
				const struct node *it = &v->kids[i];
				struct sbuf b = { 0 };

				if (i)
					fprintf(f, "%*s", (int)col, "");
				sb_add(&b, "");
				for (const struct field_def *s = d->sub; s->key; s++) {
					const struct node *sv = node_map_get(it, s->key);
					char *txt;

					if (empty_value(sv))
						continue;
					if (!(txt = field_value_text(s, sv, units)))
						continue;
					if (b.len)
						sb_add(&b, "  ");
					sb_add(&b, txt);
					free(txt);
				}
				fprintf(f, "%s\n", b.s ? b.s : "");
				free(b.s);
			}
			continue;
		}
		if (d->type == FT_CONFLICTS && v->kind == NODE_SEQ) {
			print_conflicts(f, fields, v, col, units);
			continue;
		}
		{
			char *txt = field_value_text(d, v, units);

			print_value(f, txt ? txt : "", col);
			free(txt);
		}
	}
	/* Keys a newer ggw wrote: shown as they are. */
	for (size_t i = 0; i < rec->count; i++) {
		char *txt;

		if (is_known(fields, rec->keys[i]))
			continue;
		text_pad(f, rec->keys[i], col);
		txt = node_text(&rec->kids[i]);
		print_value(f, txt ? txt : "", col);
		free(txt);
	}
}

/* ---- CSV ---- */

/* A figure such as "12", "-3", "+300.0%": spreadsheets may read it as a
 * number, never as a formula. */
static int is_figure(const char *s)
{
	size_t i = 0, digits = 0;

	if (s[i] == '+' || s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (s[i] == '%')
		i++;
	return digits > 0 && s[i] == '\0';
}

int csv_formula_like(const char *s)
{
	return s && s[0] && strchr("=+-@\t\r", s[0]) && !is_figure(s);
}

static void csv_write(FILE *f, const char *s, int guard)
{
	if (!s)
		s = "";
	guard = guard && csv_formula_like(s);
	if (!strpbrk(s, "\",\r\n")) {
		if (guard)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csv_field(FILE *f, const char *s)
{
	csv_write(f, s, 0);
}

void csv_field_excel(FILE *f, const char *s)
{
	csv_write(f, s, 1);
}

void csv_end_row(FILE *f)
{
	fputs("\r\n", f);
}

static int csv_column(const struct field_def *d)
{
	return (d->type == FT_GROUP && !(d->flags & F_SPARSE)) || (d->flags & F_CSV);
}

void output_csv_header(FILE *f, enum record_type t)
{
	int first = 1;

	for (const struct field_def *d = record_fields(t); d->key; d++) {
		if (!csv_column(d))
			continue;
		if (d->type == FT_GROUP) {
			for (const struct field_def *s = d->sub; s->key; s++) {
				char name[128];

				snprintf(name, sizeof(name), "%s.%s", d->key, s->key);
				if (!first)
					fputc(',', f);
				csv_field(f, name);
				first = 0;
			}
			continue;
		}
		if (!first)
			fputc(',', f);
		csv_field(f, d->key);
		first = 0;
	}
	csv_end_row(f);
}

void output_csv_row(FILE *f, enum record_type t, const struct node *rec, int excel)
{
	void (*cell)(FILE *, const char *) = excel ? csv_field_excel : csv_field;
	int first = 1;

	for (const struct field_def *d = record_fields(t); d->key; d++) {
		const struct node *v;

		if (!csv_column(d))
			continue;
		v = node_map_get(rec, d->key);
		if (d->type == FT_GROUP) {
			for (const struct field_def *s = d->sub; s->key; s++) {
				if (!first)
					fputc(',', f);
				cell(f, v ? node_map_str(v, s->key) : "");
				first = 0;
			}
			continue;
		}
		if (!first)
			fputc(',', f);
		first = 0;
		if (v) {
			char *txt = node_text(v);

			cell(f, txt);
			free(txt);
		}
	}
	csv_end_row(f);
}

/* ---- YAML sequence ---- */

int output_yaml_item(FILE *f, enum record_type t, struct node *rec, struct ggw_error *err)
{
	char *yaml = NULL;
	size_t len = 0;
	int rc, first = 1;

	record_normalize(t, rec);
	if ((rc = yaml_emit(rec, &yaml, &len, err)) < 0)
		return rc;
	for (const char *p = yaml; *p;) {
		size_t n = strcspn(p, "\n");

		if (first)
			fputs("- ", f);
		else if (n)
			fputs("  ", f);
		fwrite(p, 1, n, f);
		fputc('\n', f);
		first = 0;
		p += n;
		if (*p)
			p++;
	}
	free(yaml);
	return 0;
}

/* ---- tables ---- */

#define MAXCOLS LIST_COLUMNS_MAX

/* What a list column's cell shows, decided once per listing. */
enum cell_kind { CK_ID, CK_UNIT, CK_TITLE, CK_DATE, CK_ENUM, CK_BOOL, CK_GROUP, CK_RAW };

struct table {
	size_t ncols;
	const char *head[MAXCOLS];
	size_t width[MAXCOLS], cap[MAXCOLS];
	int right[MAXCOLS];
	enum cell_kind kind[MAXCOLS];
	size_t group_items[MAXCOLS]; /* CK_GROUP: the group's items */
	char group_total[MAXCOLS][24]; /* CK_GROUP: "/<items>", made once */
	const char **labels[MAXCOLS]; /* CK_ENUM: each item's label, translated once */
	const char *yes, *no;
};

/* 1 if s is printable ASCII and three-byte characters outside
 * U+2000-U+2FFF only (safetext.c's fast path): valid UTF-8 without a
 * control, which text_fit would copy as it is. Most cells are. */
static int plain_cell(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (*p >= 0x20 && *p < 0x7f)
			p++;
		else if (*p >= 0xe0 && *p <= 0xef && *p != 0xe2 && (p[1] & 0xc0) == 0x80 &&
			 (p[2] & 0xc0) == 0x80 && (*p != 0xe0 || p[1] >= 0xa0) && (*p != 0xed || p[1] < 0xa0))
			p += 3;
		else
			return 0;
	}
	return 1;
}

static void spaces(FILE *f, size_t n)
{
	static const char sp[] = "                                ";

	for (size_t k; n; n -= k) {
		k = n < sizeof(sp) - 1 ? n : sizeof(sp) - 1;
		fwrite(sp, 1, k, f);
	}
}

#define CELL_PLAIN 0x80000000u /* in a held width: plain_cell said 1 */

/* widths: each cell's text_width, with CELL_PLAIN, if known (NULL:
 * measured here) */
static void table_row(FILE *f, const struct table *tb, char **cells, const unsigned *widths)
{
	for (size_t c = 0; c < tb->ncols; c++) {
		size_t full = widths ? widths[c] & ~CELL_PLAIN : text_width(cells[c]), w = full, room;
		int plain = widths ? (widths[c] & CELL_PLAIN) != 0 : plain_cell(cells[c]);

		if (w > tb->width[c])
			w = tb->width[c];
		if (tb->right[c])
			spaces(f, tb->width[c] - w);
		room = tb->right[c] ? w : tb->width[c];
		if (full <= room && plain) {
			/* what text_fit and text_pad would give, without copying */
			fputs(cells[c], f);
			if (c + 1 < tb->ncols || tb->right[c])
				spaces(f, room - full);
		} else if (c + 1 == tb->ncols && !tb->right[c]) {
			char cut[512];

			text_fit(cells[c], tb->width[c], cut, sizeof(cut));
			fputs(cut, f);
		} else
			text_pad(f, cells[c], room);
		if (c + 1 < tb->ncols)
			fputs("  ", f);
	}
	fputc('\n', f);
}

static const char *unit_label(const struct ledger *l, const char *key)
{
	const struct unit_info *u = units_find(&l->units, key);

	return u ? u->name : key;
}

static void cut_at(char *s, const char *mark)
{
	char *p = strstr(s, mark);

	if (p)
		*p = '\0';
}

/* cell = a then b, cut at len - 1 bytes as snprintf("%s%s") would (it
 * runs for every cell of a listing: snprintf's format parsing was a third
 * of `ggw list`). */
static void cell_put(char *cell, size_t len, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	if (na > len - 1)
		na = len - 1;
	memcpy(cell, a, na);
	if (nb > len - 1 - na)
		nb = len - 1 - na;
	memcpy(cell + na, b, nb);
	cell[na + nb] = '\0';
}

static enum cell_kind cell_kind_of(const struct record_type_def *d, const struct list_column *col,
				   const struct field_def *f)
{
	if (!strcmp(col->key, "id"))
		return CK_ID;
	if (f && f->type == FT_UNIT)
		return CK_UNIT;
	if (d->title_field && !strcmp(col->key, d->title_field))
		return CK_TITLE;
	if (d->date_field && !strcmp(col->key, d->date_field))
		return CK_DATE;
	if (f && f->type == FT_ENUM)
		return CK_ENUM;
	if (f && f->type == FT_BOOL)
		return CK_BOOL;
	return f && f->type == FT_GROUP ? CK_GROUP : CK_RAW;
}

/* One cell of a list column (rectype.h says what each shows); f is the
 * column's field, raw its stored value. */
static void column_cell(const struct ledger *l, const struct entry *e, const struct table *tb,
			size_t c, const struct list_column *col, const struct field_def *f,
			const char *raw, char *cell, size_t len)
{
	const char *mark = (col->flags & COL_MARK) && e->has_conflicts ? "! " : "";
	char date[16];
	int i;

	switch (tb->kind[c]) {
	case CK_ID:
		cell_put(cell, len, mark, e->id);
		break;
	case CK_UNIT:
		cell_put(cell, len, mark, unit_label(l, e->unit));
		break;
	case CK_TITLE:
		cell_put(cell, len, mark, e->title);
		break;
	case CK_DATE:
		format_date(e->date, date, sizeof(date));
		cell_put(cell, len, mark, date);
		break;
	case CK_ENUM:
		i = enum_index(f->items, raw);
		cell_put(cell, len, mark, i < 0 ? "" : tb->labels[c] ? tb->labels[c][i] : _(f->items[i].label));
		if (col->flags & COL_SHORT) {
			/* up to the bracket (a multi-byte "（": strcspn would
			 * cut inside a character) */
			cut_at(cell, "（");
			cut_at(cell, " (");
			cut_at(cell, "(");
		}
		break;
	case CK_BOOL:
		cell_put(cell, len, mark,
			 !strcmp(raw, "false") ? tb->no
			 : !strcmp(raw, "true") || (col->flags & COL_ABSENT_TRUE) ? tb->yes : "");
		break;
	case CK_GROUP:
		cell_put(cell, len, mark, *raw ? raw : "0");
		cell_put(cell + strlen(cell), len - strlen(cell), "", tb->group_total[c]);
		break;
	case CK_RAW:
		cell_put(cell, len, mark, raw);
		break;
	}
}

/* Every cell of e's row; colf: each column's field. */
static void entry_cells(const struct ledger *l, const struct entry *e,
			const struct record_type_def *d, const struct field_def *const *colf,
			const struct table *tb, char cells[MAXCOLS][256])
{
	const char *p = e->cols ? e->cols : "", *end;
	char raw[256];

	for (size_t c = 0; c < tb->ncols; c++) {
		/* the stored values, each ended by '\x1f' (ledger.h) */
		if ((end = strchr(p, '\x1f'))) {
			size_t k = (size_t)(end - p) < sizeof(raw) - 1 ? (size_t)(end - p) : sizeof(raw) - 1;

			memcpy(raw, p, k);
			raw[k] = '\0';
			p = end + 1;
		} else
			raw[0] = '\0';
		column_cell(l, e, tb, c, &d->columns[c], colf[c], raw, cells[c], sizeof(cells[c]));
	}
}

/* A cell's controls as the visible escapes the terminal will get anyway
 * (model/safetext.h), so that the columns are measured as shown. */
static int cell_visible(char *cell, size_t size)
{
	struct sbuf b = { 0 };

	if (plain_cell(cell))
		return 1;
	safe_text(cell, strlen(cell), 0, &b);
	if (!b.failed && b.s && strcmp(b.s, cell))
		snprintf(cell, size, "%s", b.s);
	free(b.s);
	return plain_cell(cell);
}

/* Up to this many rows the cells of the measuring pass are kept for the
 * printing pass; a longer listing computes them again (its memory stays
 * what the ledger needs). */
#define HELD_ROWS_MAX 16384

static void table_plan(struct table *tb, const struct record_type_def *d,
		       const struct field_def **colf)
{
	memset(tb, 0, sizeof(*tb));
	for (tb->ncols = 0; d && d->columns && d->columns[tb->ncols].key && tb->ncols < MAXCOLS;
	     tb->ncols++) {
		const struct list_column *col = &d->columns[tb->ncols];
		const struct field_def *fd = field_find(d->fields, col->key);
		size_t c = tb->ncols;

		colf[c] = fd;
		tb->head[c] = col->head ? _(col->head) : fd ? _(fd->label) : col->key;
		tb->cap[c] = col->width;
		tb->right[c] = (col->flags & COL_RIGHT) != 0;
		tb->kind[c] = cell_kind_of(d, col, fd);
		if (tb->kind[c] == CK_GROUP) {
			while (fd->sub[tb->group_items[c]].key)
				tb->group_items[c]++;
			snprintf(tb->group_total[c], sizeof(tb->group_total[c]), "/%zu", tb->group_items[c]);
		}
		if (tb->kind[c] == CK_ENUM) { /* gettext looks at the environment on every call */
			size_t k = 0;

			while (fd->items[k].key)
				k++;
			if ((tb->labels[c] = malloc((k ? k : 1) * sizeof(*tb->labels[c]))))
				for (size_t j = 0; j < k; j++)
					tb->labels[c][j] = _(fd->items[j].label);
		}
		tb->width[c] = text_width(tb->head[c]);
	}
	tb->yes = _("是");
	tb->no = _("否");
}

static void table_free(struct table *tb)
{
	for (size_t c = 0; c < tb->ncols; c++)
		free(tb->labels[c]);
}

/* The measuring pass over rows [from, to): each cell made visible and
 * measured, kept in held (offsets into it in off, widths in wid, indexed
 * by row as in idx) when off is not NULL, the widest cell per column in
 * width. Run on two cores for long listings: it is two thirds of printing
 * the table, and it reads the ledger only. */
struct measure {
	const struct ledger *l;
	const size_t *idx;
	size_t from, to;
	const struct record_type_def *d;
	const struct field_def *const *colf;
	const struct table *tb;
	struct sbuf held;
	size_t *off;
	unsigned *wid;
	size_t width[MAXCOLS];
};

static void *measure_rows(void *arg)
{
	struct measure *m = arg;
	const struct table *tb = m->tb;
	char cells[MAXCOLS][256];

	for (size_t i = m->from; i < m->to; i++) {
		entry_cells(m->l, &m->l->v[m->idx[i]], m->d, m->colf, tb, cells);
		for (size_t c = 0; c < tb->ncols; c++) {
			int plain = cell_visible(cells[c], sizeof(cells[c]));
			size_t w = text_width(cells[c]);

			if (m->off) {
				m->off[i * tb->ncols + c] = m->held.len;
				/* cell_visible left it plain or escaped it plain */
				m->wid[i * tb->ncols + c] = (unsigned)(w < CELL_PLAIN ? w : CELL_PLAIN - 1) |
							    (plain ? CELL_PLAIN : 0);
				sb_addn(&m->held, cells[c], strlen(cells[c]) + 1);
			}
			if (w > tb->cap[c])
				w = tb->cap[c];
			if (w > m->width[c])
				m->width[c] = w;
		}
	}
	return NULL;
}

/* Rows from which a second thread measures half of them. */
#define MEASURE_SPLIT_ROWS 1000

/* Measure rows [0, n) into m[0] (and m[1] for the second half, on a thread
 * of its own, when it pays: held or not); the widest cells into tb. 1 if
 * m[1] was used. */
static int measure_all(struct measure *m, struct table *tb, size_t n, size_t *off, unsigned *wid)
{
	pthread_t tid;
	int two = 0;
	int cpus = n >= MEASURE_SPLIT_ROWS ? usable_cores() : 1;

	m[1] = m[0];
	m[0].off = m[1].off = off;
	m[0].wid = m[1].wid = wid;
	m[0].to = n;
	if (cpus >= 2) {
		m[0].to = m[1].from = n / 2;
		m[1].to = n;
		/* signals stay the printing thread's */
		two = quiet_thread_start(&tid, NULL, measure_rows, &m[1]) == 0;
		if (!two)
			m[0].to = n;
	}
	measure_rows(&m[0]);
	if (two)
		pthread_join(tid, NULL);
	for (int k = 0; k < 1 + two; k++)
		for (size_t c = 0; c < tb->ncols; c++)
			if (m[k].width[c] > tb->width[c])
				tb->width[c] = m[k].width[c];
	return two;
}

void output_table(FILE *f, const struct ledger *l, const size_t *idx, size_t n,
		  enum record_type t, int utf8)
{
	const struct record_type_def *d = record_type_def(t);
	const struct field_def *colf[MAXCOLS];
	struct table tb;
	char cells[MAXCOLS][256];
	char *ptrs[MAXCOLS];
	struct measure m[2];
	size_t *off = NULL;
	unsigned *wid = NULL;
	int two;

	(void)utf8;
	table_plan(&tb, d, colf);
	if (tb.ncols == 0)
		return;
	if (n <= HELD_ROWS_MAX) {
		off = malloc((n ? n : 1) * tb.ncols * sizeof(*off));
		wid = malloc((n ? n : 1) * tb.ncols * sizeof(*wid));
		if (!off || !wid) {
			free(off);
			free(wid);
			off = NULL;
			wid = NULL;
		}
	}
	memset(m, 0, sizeof(m));
	m[0] = (struct measure){ .l = l, .idx = idx, .d = d, .colf = colf, .tb = &tb };
	two = measure_all(m, &tb, n, off, wid);
	if (m[0].held.failed || m[1].held.failed) { /* out of memory: compute them again */
		free(off);
		free(wid);
		off = NULL;
		wid = NULL;
	}
	for (size_t c = 0; c < tb.ncols; c++)
		ptrs[c] = (char *)tb.head[c];
	table_row(f, &tb, ptrs, NULL);
	for (size_t c = 0; c < tb.ncols; c++)
		ptrs[c] = cells[c];
	for (size_t i = 0; i < n; i++) {
		if (off) {
			const char *held = m[two && i >= m[1].from].held.s;

			for (size_t c = 0; c < tb.ncols; c++)
				ptrs[c] = (char *)held + off[i * tb.ncols + c];
		} else {
			entry_cells(l, &l->v[idx[i]], d, colf, &tb, cells);
			for (size_t c = 0; c < tb.ncols; c++)
				cell_visible(cells[c], sizeof(cells[c]));
		}
		table_row(f, &tb, ptrs, off ? wid + i * tb.ncols : NULL);
	}
	free(off);
	free(wid);
	free(m[0].held.s);
	free(m[1].held.s);
	table_free(&tb);
}
