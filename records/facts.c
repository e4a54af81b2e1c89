/* Facts of a record (facts.h): built at load, read by the report. */
#include "facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/record.h"

static int fact_type(enum field_type t)
{
	return t == FT_ENUM || t == FT_BOOL || t == FT_INT || t == FT_DATE || t == FT_MONEY;
}

static void put_fact(struct sbuf *b, const char *group, const char *key, const char *value)
{
	if (group) {
		sb_add(b, group);
		sb_add(b, ".");
	}
	sb_add(b, key);
	sb_add(b, "=");
	for (const char *p = value; *p; p++)
		sb_addn(b, *p == '\x1f' || *p == '\n' || *p == '\r' ? " " : p, 1);
	sb_add(b, "\x1f");
}

static void put_scalars(struct sbuf *b, const char *group, const struct field_def *fields,
			const struct node *map)
{
	for (const struct field_def *f = fields; f && f->key; f++) {
		const struct node *v = node_map_get(map, f->key);
		char num[24];

		if (!v)
			continue;
		if (fact_type(f->type) && v->kind == NODE_SCALAR && v->str)
			put_fact(b, group, f->key, v->str);
		else if (!group && f->type == FT_GROUP && v->kind == NODE_MAP)
			put_scalars(b, f->key, f->sub, v);
		else if (!group && (f->type == FT_MAPLIST || f->type == FT_IDLIST ||
				    f->type == FT_STRLIST) && v->kind == NODE_SEQ) {
			snprintf(num, sizeof(num), "%zu", v->count);
			put_fact(b, NULL, f->key, num);
		}
	}
}

void facts_build(struct sbuf *b, enum record_type t, const struct node *rec)
{
	put_scalars(b, NULL, record_fields(t), rec);
}

int entry_fact(const struct entry *e, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);
	const char *p = e->facts;

	if (len)
		buf[0] = '\0';
	while (p && *p) {
		const char *end = strchr(p, '\x1f');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n > kl && p[kl] == '=' && !memcmp(p, key, kl)) {
			size_t vl = n - kl - 1;

			if (vl >= len)
				return 0;
			memcpy(buf, p + kl + 1, vl);
			buf[vl] = '\0';
			return 1;
		}
		p += n + (end ? 1 : 0);
	}
	return 0;
}

long entry_fact_long(const struct entry *e, const char *key, long dflt)
{
	char buf[32], *end;
	long v;

	if (!entry_fact(e, key, buf, sizeof(buf)) || !*buf)
		return dflt;
	v = strtol(buf, &end, 10);
	return *end ? dflt : v;
}

int entry_fact_bool(const struct entry *e, const char *key, int dflt)
{
	char buf[8];

	if (!entry_fact(e, key, buf, sizeof(buf)))
		return dflt;
	if (!strcmp(buf, "true"))
		return 1;
	if (!strcmp(buf, "false"))
		return 0;
	return dflt;
}

int entry_fact_date(const struct entry *e, const char *key)
{
	char buf[16];
	int d;

	if (!entry_fact(e, key, buf, sizeof(buf)))
		return 0;
	d = date_parse(buf);
	return d > 0 ? d : 0;
}

int entry_fact_enum(const struct entry *e, const char *key, const struct enum_item *items)
{
	char buf[40];

	if (!entry_fact(e, key, buf, sizeof(buf)))
		return -1;
	return enum_index(items, buf);
}

long entry_fact_cents(const struct entry *e, const char *key)
{
	char buf[32];
	const char *dot;
	long cents;

	if (!entry_fact(e, key, buf, sizeof(buf)) || !money_valid(buf))
		return 0;
	cents = strtol(buf, NULL, 10) * 100;
	if ((dot = strchr(buf, '.'))) {
		cents += (dot[1] - '0') * 10;
		if (dot[2])
			cents += dot[2] - '0';
	}
	return cents;
}

int ymd_add_months(int ymd, int n)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = ymd / 10000, m = ymd / 100 % 100 - 1 + n, d = ymd % 100, last;

	y += m >= 0 ? m / 12 : (m - 11) / 12;
	m = ((m % 12) + 12) % 12;
	last = mdays[m] + (m == 1 && ((y % 4 == 0 && y % 100) || y % 400 == 0));
	if (d > last)
		d = last;
	return y * 10000 + (m + 1) * 100 + d;
}
