/* Typed dates and doubtful dates (dates.h). */
#include "dates.h"

#include <stdio.h>
#include <string.h>

#include "fields.h"
#include "i18n.h"
#include "record.h"

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Read 1..max ASCII digits at *p; -1 if none or too many. */
static int take_digits(const char **p, int max)
{
	int v = 0, n = 0;

	while (**p >= '0' && **p <= '9') {
		if (++n > max)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return n ? v : -1;
}

/* The separator at *p, one of - . / or a Chinese unit (年 月 日); moves
 * past it and returns its kind: 1 for ASCII, 2 for Chinese, 0 none. */
static int take_sep(const char **p, const char *chinese)
{
	if (**p == '-' || **p == '.' || **p == '/') {
		(*p)++;
		return 1;
	}
	if (chinese && !strncmp(*p, chinese, strlen(chinese))) {
		*p += strlen(chinese);
		return 2;
	}
	return 0;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int ymd_real(int y, int m, int d)
{
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return DATE_NOT_REAL;
	return y * 10000 + m * 100 + d;
}

int date_parse_typed(const char *s)
{
	const char *p, *start;
	int y, m, d, k1, k2;
	char first;

	if (!s)
		return DATE_BAD_SHAPE;
	p = start = skip_spaces(s);
	y = take_digits(&p, 8);
	if (y < 0)
		return DATE_BAD_SHAPE;
	if (p - start == 8) { /* 20250715 */
		if (*skip_spaces(p))
			return DATE_BAD_SHAPE;
		return ymd_real(y / 10000, y / 100 % 100, y % 100);
	}
	if (p - start != 4)
		return DATE_BAD_SHAPE;
	first = *p;
	if (!(k1 = take_sep(&p, "年")) || (m = take_digits(&p, 2)) < 0)
		return DATE_BAD_SHAPE;
	/* the same separator twice: 2025-7.15 is a slip, not a date */
	if (k1 == 1 && *p != first)
		return DATE_BAD_SHAPE;
	if (!(k2 = take_sep(&p, k1 == 2 ? "月" : NULL)) || k2 != k1 || (d = take_digits(&p, 2)) < 0)
		return DATE_BAD_SHAPE;
	if (k1 == 2 && strncmp(p, "日", strlen("日")) == 0)
		p += strlen("日");
	else if (k1 == 2 && strncmp(p, "号", strlen("号")) == 0)
		p += strlen("号");
	if (*skip_spaces(p))
		return DATE_BAD_SHAPE;
	return ymd_real(y, m, d);
}

void date_format(int ymd, char *buf, size_t len)
{
	snprintf(buf, len, "%04d-%02d-%02d", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
}

long date_days(int ymd)
{
	/* days from civil (Howard Hinnant's algorithm) */
	long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

const char *date_examples(void)
{
	return _("可以写成 2025-07-15、2025-7-15、2025.7.15、2025/7/15、2025年7月15日 或 20250715");
}

enum date_doubt date_doubt(int ymd, int today)
{
	if (ymd < DATE_EARLIEST)
		return DATE_TOO_EARLY;
	if (today > 0 && date_days(ymd) - date_days(today) > DATE_FUTURE_DAYS)
		return DATE_TOO_LATE;
	return DATE_PLAUSIBLE;
}

int record_date_doubt(enum record_type t, const struct node *rec, const struct node *before,
		      int today, char *msg, size_t len)
{
	const struct field_def *f = record_fields(t);

	for (; f && f->key; f++) {
		const char *v, *old;
		int ymd;
		enum date_doubt doubt;

		if (f->type != FT_DATE || !(v = node_map_str(rec, f->key)) || (ymd = date_parse(v)) < 0)
			continue;
		if (before && (old = node_map_str(before, f->key)) && !strcmp(old, v))
			continue;
		if ((doubt = date_doubt(ymd, today)) == DATE_PLAUSIBLE)
			continue;
		if (doubt == DATE_TOO_EARLY)
			snprintf(msg, len, _("“%s”是 %s，早于 2000 年，是不是写错了？"), _(f->label), v);
		else
			snprintf(msg, len, _("“%s”是 %s，比今天晚了 %d 天以上，是不是写错了？"),
				 _(f->label), v, DATE_FUTURE_DAYS);
		return 1;
	}
	return 0;
}
