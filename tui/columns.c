/* Column texts of the record type table for the interface (columns.h). */
#include <stdio.h>
#include <string.h>

#include "columns.h"
#include "../model/i18n.h"

const struct field_def *column_field(int t, size_t col)
{
	const struct record_type_def *d = record_type_def(t);

	if (!d || !d->columns)
		return NULL;
	return field_find(d->fields, d->columns[col].key);
}

/* The stored value of column col: the entry's values, each ended by
 * '\x1f' (ledger.h). */
static void column_raw(const struct entry *e, size_t col, char *buf, size_t len)
{
	const char *p = e->cols ? e->cols : "", *end;

	for (size_t c = 0; c < col && (end = strchr(p, '\x1f')); c++)
		p = end + 1;
	end = strchr(p, '\x1f');
	snprintf(buf, len, "%.*s", end ? (int)(end - p) : 0, p);
}

void column_text(struct app *a, const struct entry *e, size_t col, char *buf, size_t len)
{
	const struct record_type_def *d = record_type_def((int)e->type);
	const struct list_column *c = d && d->columns ? &d->columns[col] : NULL;
	const struct field_def *f = column_field((int)e->type, col);
	char raw[256];
	int i;

	buf[0] = '\0';
	if (!c || !c->key)
		return;
	if (!strcmp(c->key, "id")) {
		snprintf(buf, len, "%s", e->id ? e->id : "");
		return;
	}
	if (f && f->type == FT_UNIT) {
		unit_short(a, e->unit, buf, len);
		return;
	}
	if (d->title_field && !strcmp(c->key, d->title_field)) {
		snprintf(buf, len, "%s", e->title ? e->title : "");
		return;
	}
	if (d->date_field && !strcmp(c->key, d->date_field)) {
		if (e->date > 0)
			snprintf(buf, len, "%04d-%02d-%02d", e->date / 10000, e->date / 100 % 100, e->date % 100);
		return;
	}
	column_raw(e, col, raw, sizeof(raw));
	if (f && f->type == FT_ENUM) {
		if ((i = enum_index(f->items, raw)) >= 0)
			short_label(_(f->items[i].label), buf, len);
	} else if (f && f->type == FT_BOOL) {
		snprintf(buf, len, "%s", !strcmp(raw, "false") ? _("否")
			 : !strcmp(raw, "true") || (c->flags & COL_ABSENT_TRUE) ? _("是") : "");
	} else if (f && f->type == FT_REF && a->led_loaded && (i = (int)ledger_find(&a->led, raw)) >= 0 &&
		   a->led.v[i].title) {
		snprintf(buf, len, "%s", a->led.v[i].title);
	} else {
		snprintf(buf, len, "%s", raw);
	}
}

const char *column_head(int t, size_t col)
{
	const struct record_type_def *d = record_type_def(t);
	const struct field_def *f = column_field(t, col);

	if (!d || !d->columns)
		return "";
	if (d->columns[col].head)
		return _(d->columns[col].head);
	return f ? _(f->label) : d->columns[col].key;
}

int column_cols(int t, size_t col)
{
	const struct record_type_def *d = record_type_def(t);
	const struct field_def *f = column_field(t, col);
	int head = str_cols(column_head(t, col)), w = head, max;
	char lab[128];

	if (!d || !d->columns)
		return 0;
	max = (int)d->columns[col].width;
	if (f && f->type == FT_DATE)
		return head > 10 ? head : 10;
	if (f && f->type == FT_ENUM) {
		for (size_t i = 0; f->items[i].key; i++) {
			short_label(_(f->items[i].label), lab, sizeof(lab));
			if (str_cols(lab) > w)
				w = str_cols(lab);
		}
	} else if (f && (f->type == FT_STR || f->type == FT_MONEY || f->type == FT_REF)) {
		w = max;
	} else if (w < 4) {
		w = 4;
	}
	/* within the table's width, but never narrower than the heading */
	if (max > 0 && w > max)
		w = max;
	return w < head ? head : w;
}

void entry_summary(struct app *a, const struct entry *e, char *buf, size_t len)
{
	const struct record_type_def *d = record_type_def((int)e->type);
	size_t n = 0;

	n += (size_t)snprintf(buf, len, "%s", e->title ? e->title : (e->id ? e->id : ""));
	for (size_t c = 0; d && d->columns && d->columns[c].key && n < len; c++) {
		const struct field_def *f = column_field((int)e->type, c);
		char cell[256];

		if (!strcmp(d->columns[c].key, "id") || (f && f->type == FT_UNIT) ||
		    (d->title_field && !strcmp(d->columns[c].key, d->title_field)))
			continue;
		column_text(a, e, c, cell, sizeof(cell));
		if (*cell)
			n += (size_t)snprintf(buf + n, len - n, "  %s", cell);
	}
	if (n < len && e->unit)
		n += (size_t)snprintf(buf + n, len - n, "  %s", unit_name(a, e->unit));
}
