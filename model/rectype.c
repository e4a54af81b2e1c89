/* The record type table (see rectype.h), and everything that follows from
 * it alone: type lookups, id patterns, new ids, paths and their parsing. */
#include "rectype.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "fields_more.h"
#include "i18n.h"
#include "record.h"

static const struct list_column activity_columns[] = {
	{ "id", NULL, 20, 0 },
	{ "date", NULL, 10, 0 },
	{ "unit", NULL, 24, 0 },
	{ "category", NULL, 16, COL_SHORT },
	{ "title", NULL, 40, COL_MARK },
	{ "youth_count", N_("青少年"), 8, COL_RIGHT },
	{ "five_have", NULL, 5, 0 },
	{ NULL, NULL, 0, 0 }
};

static const struct list_column volunteer_columns[] = {
	{ "id", NULL, 12, 0 },
	{ "unit", NULL, 24, 0 },
	{ "name", NULL, 20, COL_MARK },
	{ "group", NULL, 8, 0 },
	{ "birth_year", N_("出生年"), 6, 0 },
	{ "active", NULL, 4, COL_ABSENT_TRUE },
	{ NULL, NULL, 0, 0 }
};

static const struct list_column document_columns[] = {
	{ "id", NULL, 10, 0 },
	{ "year", NULL, 4, 0 },
	{ "unit", NULL, 24, 0 },
	{ "kind", NULL, 12, 0 },
	{ "title", NULL, 40, COL_MARK },
	{ "date", NULL, 10, 0 },
	{ NULL, NULL, 0, 0 }
};

static const struct list_column member_columns[] = {
	{ "id", NULL, 10, 0 },
	{ "unit", NULL, 24, 0 },
	{ "name", NULL, 12, COL_MARK },
	{ "role", NULL, 18, 0 },
	{ "party_post", NULL, 24, 0 },
	{ "since", NULL, 10, 0 },
	{ "until", NULL, 10, 0 },
	{ NULL, NULL, 0, 0 }
};

static const struct list_column site_columns[] = {
	{ "id", NULL, 10, 0 },
	{ "unit", NULL, 24, 0 },
	{ "name", NULL, 30, COL_MARK },
	{ "kind", NULL, 14, 0 },
	{ "sign", NULL, 4, 0 },
	{ "since", NULL, 10, 0 },
	{ NULL, NULL, 0, 0 }
};

static const struct list_column award_columns[] = {
	{ "id", NULL, 10, 0 },
	{ "date", NULL, 10, 0 },
	{ "unit", NULL, 24, 0 },
	{ "level", NULL, 4, 0 },
	{ "title", NULL, 40, COL_MARK },
	{ "recipient", NULL, 20, 0 },
	{ NULL, NULL, 0, 0 }
};

static const struct list_column case_columns[] = {
	{ "id", NULL, 10, 0 },
	{ "unit", NULL, 24, 0 },
	{ "code", NULL, 20, COL_MARK },
	{ "type", NULL, 8, 0 },
	{ "age_band", NULL, 8, 0 },
	{ "stage", NULL, 6, 0 },
	{ "opened", NULL, 10, 0 },
	{ "status", NULL, 6, 0 },
	{ NULL, NULL, 0, 0 }
};

static const struct list_column fund_columns[] = {
	{ "id", NULL, 10, 0 },
	{ "date", NULL, 10, 0 },
	{ "unit", NULL, 24, 0 },
	{ "kind", NULL, 12, 0 },
	{ "amount", N_("金额"), 12, COL_RIGHT },
	{ "purpose", NULL, 30, COL_MARK },
	{ NULL, NULL, 0, 0 }
};

static const struct list_column team_columns[] = {
	{ "id", NULL, 10, 0 },
	{ "unit", NULL, 24, 0 },
	{ "name", NULL, 30, COL_MARK },
	{ "kind", NULL, 14, COL_SHORT },
	{ "appointed", NULL, 8, 0 },
	{ NULL, NULL, 0, 0 }
};

static const struct record_type_def builtin[REC__COUNT] = {
	[REC_ACTIVITY] = { "activity", "ggw/activity/1", N_("活动"), "活动",
			   "activities", LAYOUT_YEARLY, ID_DATED, 0, "title", "date",
			   RT_MSG_DATE | RT_EVIDENCE, WRITER_OWN_UNIT, activity_fields, activity_columns,
			   N_("文件名不是有效的活动编号（YYYYMMDD-8位十六进制）"),
			   N_("活动记录应放在年份文件夹里") },
	[REC_VOLUNTEER] = { "volunteer", "ggw/volunteer/1", N_("志愿者"), "五老",
			    "volunteers", LAYOUT_FLAT, ID_PREFIXED, 'v', "name", "joined",
			    0, WRITER_OWN_UNIT, volunteer_fields, volunteer_columns,
			    N_("文件名不是有效的五老编号（v-8位十六进制）"), NULL },
	[REC_UNITS] = { "units", "ggw/units/1", N_("单位列表"), "单位列表",
			"units.yaml", LAYOUT_SINGLE, ID_NONE, 0, NULL, NULL,
			0, WRITER_OFFICE, units_fields, NULL, NULL, NULL },
	/* spec/records-more.md */
	[REC_DOCUMENT] = { "document", "ggw/document/1", N_("年度文件与记录"), "文件",
			   "documents", LAYOUT_YEARLY, ID_PREFIXED, 'd', "title", "date",
			   RT_YEAR_KEY | RT_EVIDENCE, WRITER_OWN_UNIT, document_fields, document_columns,
			   NULL, NULL },
	[REC_MEMBER] = { "member", "ggw/member/1", N_("组织成员"), "组织成员",
			 "members", LAYOUT_FLAT, ID_PREFIXED, 'm', "name", "since",
			 0, WRITER_OWN_UNIT, member_fields, member_columns, NULL, NULL },
	[REC_SITE] = { "site", "ggw/site/1", N_("阵地"), "阵地",
		       "sites", LAYOUT_FLAT, ID_PREFIXED, 's', "name", "since",
		       0, WRITER_OWN_UNIT, site_fields, site_columns, NULL, NULL },
	[REC_AWARD] = { "award", "ggw/award/1", N_("表彰"), "表彰",
			"awards", LAYOUT_YEARLY, ID_PREFIXED, 'a', "title", "date",
			RT_MSG_DATE, WRITER_OWN_UNIT, award_fields, award_columns, NULL, NULL },
	[REC_CASE] = { "case", "ggw/case/1", N_("关爱对象"), "关爱对象",
		       "cases", LAYOUT_FLAT, ID_PREFIXED, 'c', "code", "opened",
		       0, WRITER_OWN_UNIT, case_fields, case_columns, NULL, NULL },
	[REC_FUND] = { "fund", "ggw/fund/1", N_("经费"), "经费",
		       "funds", LAYOUT_YEARLY, ID_PREFIXED, 'f', "purpose", "date",
		       RT_MSG_DATE, WRITER_OWN_UNIT, fund_fields, fund_columns, NULL, NULL },
	[REC_TEAM] = { "team", "ggw/team/1", N_("队伍"), "队伍",
		       "teams", LAYOUT_FLAT, ID_PREFIXED, 't', "name", NULL,
		       0, WRITER_OWN_UNIT, team_fields, team_columns, NULL, NULL },
};

/* Index REC__COUNT stays empty: it means "no type". */
#define TYPES_MAX 24
static const struct record_type_def *registered[TYPES_MAX];
static size_t type_end = REC__COUNT + 1; /* one past the highest index */

size_t record_type_count(void)
{
	return type_end;
}

const struct record_type_def *record_type_def(int t)
{
	if (t >= 0 && t < REC__COUNT)
		return &builtin[t];
	if (t > REC__COUNT && (size_t)t < type_end)
		return registered[t];
	return NULL;
}

int record_type_per_file(int t)
{
	const struct record_type_def *d = record_type_def(t);

	return d && d->layout != LAYOUT_SINGLE;
}

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* The table's `evidence` field, if it is one of evidence_fields. */
static int evidence_field_of(const struct field_def *fields)
{
	const struct field_def *f = field_find(fields, "evidence");

	return f && f->type == FT_MAPLIST && f->sub == evidence_fields;
}

int record_type_has_evidence(int t)
{
	const struct record_type_def *d = record_type_def(t);

	return d && (d->flags & RT_EVIDENCE);
}

int record_type_register(const struct record_type_def *def)
{
	size_t t;

	if (!def || !def->key || !def->schema || !def->label || !def->folder || !def->fields ||
	    !def->noun ||
	    (def->layout != LAYOUT_SINGLE && (def->id_kind == ID_NONE || !def->title_field)) ||
	    (def->id_kind == ID_PREFIXED && !(def->id_prefix >= 'a' && def->id_prefix <= 'z')) ||
	    (def->id_kind == ID_DATED && !def->date_field) || !def->fields[0].key ||
	    strcmp(def->fields[0].key, "schema") ||
	    !(def->flags & RT_EVIDENCE) != !evidence_field_of(def->fields))
		return GGW_EINVALID;
	for (t = 0; t < type_end; t++) {
		const struct record_type_def *d = record_type_def((int)t);

		if (d && (same(d->key, def->key) || same(d->schema, def->schema) ||
			  same(d->folder, def->folder) ||
			  (d->id_kind == def->id_kind && def->id_kind == ID_PREFIXED &&
			   d->id_prefix == def->id_prefix) ||
			  (d->id_kind == def->id_kind && def->id_kind == ID_DATED)))
			return GGW_EINVALID;
	}
	if (type_end >= TYPES_MAX)
		return GGW_ENOMEM;
	registered[type_end] = def;
	return (int)type_end++;
}

/* ---------------------------------------------------------------- lookups */

const struct field_def *record_fields(enum record_type t)
{
	const struct record_type_def *d = record_type_def((int)t);

	return d ? d->fields : NULL;
}

const char *record_schema(enum record_type t)
{
	const struct record_type_def *d = record_type_def((int)t);

	return d ? d->schema : NULL;
}

const char *record_type_key(enum record_type t)
{
	const struct record_type_def *d = record_type_def((int)t);

	return d ? d->key : NULL;
}

const char *record_type_label(enum record_type t)
{
	const struct record_type_def *d = record_type_def((int)t);

	return d ? d->label : NULL;
}

const char *record_title_field(int t)
{
	const struct record_type_def *d = record_type_def(t);

	return d ? d->title_field : NULL;
}

const char *record_date_field(int t)
{
	const struct record_type_def *d = record_type_def(t);

	return d ? d->date_field : NULL;
}

/* The type whose member (key, schema or folder, by offset) equals s. */
static int find_by(size_t offset, const char *s)
{
	size_t t;

	for (t = 0; s && t < type_end; t++) {
		const struct record_type_def *d = record_type_def((int)t);

		if (d && same(*(const char *const *)((const char *)d + offset), s))
			return (int)t;
	}
	return -1;
}

int record_type_from_key(const char *key)
{
	return find_by(offsetof(struct record_type_def, key), key);
}

int record_type_from_schema(const char *schema)
{
	return find_by(offsetof(struct record_type_def, schema), schema);
}

int record_type_from_folder(const char *folder)
{
	return find_by(offsetof(struct record_type_def, folder), folder);
}

/* ---------------------------------------------------------------- ids */

static int all_lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* YYYYMMDD-8hex, the date a real one. */
static int dated_id_valid(const char *s)
{
	char date[11];

	if (!s || strlen(s) != 17 || s[8] != '-' || strspn(s, "0123456789") != 8)
		return 0;
	/* "YYYY-MM-DD" by hand: every file name of a listing comes here */
	memcpy(date, s, 4);
	date[4] = '-';
	memcpy(date + 5, s + 4, 2);
	date[7] = '-';
	memcpy(date + 8, s + 6, 2);
	date[10] = '\0';
	return date_parse(date) >= 0 && all_lower_hex(s + 9, 8);
}

static int def_id_valid(const struct record_type_def *d, const char *s)
{
	if (!d || !s)
		return 0;
	switch (d->id_kind) {
	case ID_DATED:
		return dated_id_valid(s);
	case ID_PREFIXED:
		return strlen(s) == 10 && s[0] == d->id_prefix && s[1] == '-' &&
		       all_lower_hex(s + 2, 8);
	default:
		return 0;
	}
}

int record_type_id_valid(int t, const char *id)
{
	return def_id_valid(record_type_def(t), id);
}

int record_type_of_id(const char *id)
{
	size_t t;

	for (t = 0; id && t < type_end; t++)
		if (def_id_valid(record_type_def((int)t), id))
			return (int)t;
	return -1;
}

int activity_id_valid(const char *s)
{
	return record_type_id_valid(REC_ACTIVITY, s);
}

int volunteer_id_valid(const char *s)
{
	return record_type_id_valid(REC_VOLUNTEER, s);
}

int record_id_valid(const char *s)
{
	return record_type_of_id(s) >= 0;
}

enum record_type record_id_type(const char *id)
{
	int t = record_type_of_id(id);

	return t >= 0 ? (enum record_type)t : REC__COUNT;
}

static int random_bytes(unsigned char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = getrandom(buf + got, len - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

int record_type_id_new(int t, int yyyymmdd, char *buf, size_t len)
{
	const struct record_type_def *d = record_type_def(t);
	unsigned char r[4];
	char date[11];

	if (!d || d->id_kind == ID_NONE || len < (d->id_kind == ID_DATED ? 18u : 11u))
		return GGW_EINVALID;
	snprintf(date, sizeof(date), "%04d-%02d-%02d", yyyymmdd / 10000 % 10000,
		 yyyymmdd / 100 % 100, yyyymmdd % 100);
	if (d->id_kind == ID_DATED && (yyyymmdd < 0 || date_parse(date) < 0))
		return GGW_EINVALID;
	if (random_bytes(r, sizeof(r)) < 0)
		return GGW_EIO;
	if (d->id_kind == ID_DATED)
		snprintf(buf, len, "%08d-%02x%02x%02x%02x", yyyymmdd, r[0], r[1], r[2], r[3]);
	else
		snprintf(buf, len, "%c-%02x%02x%02x%02x", d->id_prefix, r[0], r[1], r[2], r[3]);
	return 0;
}

int activity_id_new(int yyyymmdd, char *buf, size_t len)
{
	return record_type_id_new(REC_ACTIVITY, yyyymmdd, buf, len);
}

int volunteer_id_new(char *buf, size_t len)
{
	return record_type_id_new(REC_VOLUNTEER, 0, buf, len);
}

void record_type_id_placeholder(int t, char *buf, size_t len)
{
	const struct record_type_def *d = record_type_def(t);

	if (d && d->id_kind == ID_DATED)
		snprintf(buf, len, "20000101-00000000");
	else if (d && d->id_kind == ID_PREFIXED)
		snprintf(buf, len, "%c-00000000", d->id_prefix);
	else if (len)
		buf[0] = '\0';
}

/* ---------------------------------------------------------------- paths */

int record_path_year(int t, const char *unit, const char *id, int year, char *buf,
		     size_t len, struct ggw_error *err)
{
	const struct record_type_def *d = record_type_def(t);
	int n;

	if (!d)
		return ggw_fail(err, GGW_EINVALID, _("记录编号“%s”无效"), id ? id : "");
	if (d->layout == LAYOUT_SINGLE) {
		n = snprintf(buf, len, "%s", d->folder);
		goto check;
	}
	if (!unit_key_valid(unit))
		return ggw_fail(err, GGW_EINVALID, _("单位代号“%s”无效"), unit ? unit : "");
	if (!def_id_valid(d, id))
		return ggw_fail(err, GGW_EINVALID, _("记录编号“%s”无效"), id ? id : "");
	if (d->layout == LAYOUT_FLAT)
		n = snprintf(buf, len, "%s/%s/%s.yaml", d->folder, unit, id);
	else if (d->id_kind == ID_DATED && year == 0)
		n = snprintf(buf, len, "%s/%s/%.4s/%s.yaml", d->folder, unit, id, id);
	else if (year >= 1000 && year <= 9999)
		n = snprintf(buf, len, "%s/%s/%04d/%s.yaml", d->folder, unit, year, id);
	else
		return ggw_fail(err, GGW_EINVALID, _("记录编号“%s”无效"), id);
check:
	if (n < 0 || (size_t)n >= len)
		return ggw_fail(err, GGW_EINVALID, "%s", _("路径太长"));
	return 0;
}

int record_path(enum record_type t, const char *unit, const char *id,
		char *buf, size_t len, struct ggw_error *err)
{
	return record_path_year((int)t, unit, id, 0, buf, len, err);
}

/* Copy the path segment at *p (up to '/' or end) into seg; advance *p past
 * the '/'. 0 if the segment is empty or too long. */
static int next_segment(const char **p, char *seg, size_t len)
{
	const char *end = strchr(*p, '/');
	size_t n = end ? (size_t)(end - *p) : strlen(*p);

	if (n == 0 || n >= len)
		return 0;
	memcpy(seg, *p, n);
	seg[n] = '\0';
	*p += n + (end ? 1 : 0);
	return 1;
}

static int strip_yaml(char *name)
{
	size_t n = strlen(name);

	if (n <= 5 || strcmp(name + n - 5, ".yaml") != 0)
		return 0;
	name[n - 5] = '\0';
	return 1;
}

int record_path_parse(const char *path, enum record_type *t, char *unit, char *id)
{
	char top[40], u[40], year[8], name[48];
	const struct record_type_def *d;
	const char *p = path;
	int type;

	if (!path)
		return GGW_EINVALID;
	type = record_type_from_folder(path);
	if (type >= 0 && record_type_def(type)->layout == LAYOUT_SINGLE) {
		if (t)
			*t = (enum record_type)type;
		if (unit)
			unit[0] = '\0';
		if (id)
			id[0] = '\0';
		return 0;
	}
	if (!next_segment(&p, top, sizeof(top)) || !next_segment(&p, u, sizeof(u)) ||
	    !unit_key_valid(u) || (type = record_type_from_folder(top)) < 0)
		return GGW_EINVALID;
	d = record_type_def(type);
	if (d->layout == LAYOUT_SINGLE)
		return GGW_EINVALID;
	if (d->layout == LAYOUT_YEARLY &&
	    (!next_segment(&p, year, sizeof(year)) || strlen(year) != 4 ||
	     strspn(year, "0123456789") != 4))
		return GGW_EINVALID;
	if (!next_segment(&p, name, sizeof(name)) || *p || p[-1] == '/' || !strip_yaml(name) ||
	    !def_id_valid(d, name))
		return GGW_EINVALID;
	if (d->layout == LAYOUT_YEARLY && d->id_kind == ID_DATED && strncmp(year, name, 4) != 0)
		return GGW_EINVALID;
	if (t)
		*t = (enum record_type)type;
	if (unit)
		strcpy(unit, u);
	if (id)
		strcpy(id, name);
	return 0;
}

int record_unit_of_path(const char *path, char *unit, size_t len)
{
	size_t t, n;
	const char *p, *slash;

	for (t = 0; path && t < type_end; t++) {
		const struct record_type_def *d = record_type_def((int)t);

		if (!d || d->layout == LAYOUT_SINGLE || d->writer != WRITER_OWN_UNIT)
			continue;
		n = strlen(d->folder);
		if (strncmp(path, d->folder, n) || path[n] != '/')
			continue;
		p = path + n + 1;
		slash = strchr(p, '/');
		if (!slash || (size_t)(slash - p) >= len)
			return 0;
		snprintf(unit, len, "%.*s", (int)(slash - p), p);
		return unit_key_valid(unit);
	}
	return 0;
}
