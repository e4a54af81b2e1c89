/* The district's report form: figures from score_compute, texts and
 * widths shared by every format, the html, csv and text forms. */
#include "report_form.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/i18n.h"
#include "../model/safetext.h"
#include "../model/text.h"
#include "../model/date.h"
#include "../model/opts.h"
#include "../storage/fsutil.h"
#include "output.h"
#include "unitname.h"

int report_form_format_from_key(const char *key)
{
	static const char *const keys[] = { "xlsx", "html", "csv", "text" };

	for (int i = 0; i < 4; i++)
		if (!strcmp(keys[i], key))
			return i;
	return -1;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && !strcasecmp(s + n - t, tail);
}

enum report_form_format report_form_format_for_path(const char *path)
{
	if (ends_with(path, ".html") || ends_with(path, ".htm"))
		return FORM_HTML;
	if (ends_with(path, ".csv"))
		return FORM_CSV;
	if (ends_with(path, ".txt"))
		return FORM_TEXT;
	return FORM_XLSX;
}

int report_form_parse(int argc, char **argv, struct report_form_opts *o, struct ggw_error *err)
{
	const char *year = NULL, *format = NULL;
	int form = 0, fmt, rc;
	const struct opt_def defs[] = {
		OPT_SET("--form", &form),       OPT_INTO("--year", &year),
		OPT_INTO("--unit", &o->unit),   OPT_INTO("--format", &format),
		OPT_INTO("-o", &o->out),        OPT_INTO("--output", &o->out),
		OPT_END,
	};

	o->year = 0;
	if ((rc = opt_parse(argc, argv, 1, defs, NULL, 0, err)) < 0 ||
	    (year && (rc = opt_year(year, &o->year, err)) < 0))
		return rc;
	if (format && (fmt = report_form_format_from_key(format)) < 0)
		return ggw_fail(err, GGW_EUSAGE, _("report --form 的 --format 只能是 xlsx、html、csv 或 text"));
	if (format)
		o->format = (enum report_form_format)fmt;
	else
		o->format = o->out ? report_form_format_for_path(o->out) : FORM_TEXT;
	if (o->format == FORM_XLSX && !o->out)
		return ggw_fail(err, GGW_EUSAGE, _("xlsx 表格要写到文件：加上 -o 文件名.xlsx"));
	if (o->out && !*o->out)
		return ggw_fail(err, GGW_EUSAGE, _("-o 后面应是文件名"));
	if (!o->year)
		o->year = date_today() / 10000;
	return 0;
}

int report_form_load(struct repo *repo, const struct report_form_opts *o, struct ledger *l,
		     int *loaded, struct report_form *f, struct ggw_error *err)
{
	const char *unit = NULL;
	int rc;

	memset(f, 0, sizeof(*f));
	*loaded = 0;
	if ((rc = ledger_load(repo, l, err)) < 0)
		return rc;
	*loaded = 1;
	if (o->unit && (rc = units_resolve(&l->units, o->unit, &unit, err)) < 0)
		return rc;
	return report_form_compute(l, o->year, unit, 0, f, err);
}

int report_form_write_file(const struct report_form *f, enum report_form_format fmt,
			   const char *path, struct ggw_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc;

	if (!fp)
		return ggw_oom(err);
	rc = report_form_print(fp, f, fmt, err);
	if (fclose(fp) != 0 && rc == 0)
		rc = ggw_oom(err);
	if (rc == 0)
		rc = atomic_write(path, buf, len, err);
	free(buf);
	return rc;
}

int report_form_compute(const struct ledger *l, int year, const char *unit, int today,
			struct report_form *out, struct ggw_error *err)
{
	const struct rules *ru;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = score_compute(l, year, unit, today, &out->score, err)) < 0)
		return rc;
	ru = out->score.rules;
	/* A rules.yaml with an empty report_form: the built-in columns, so
	 * that the form is never a list of names without figures. */
	if (!ru->n_columns)
		ru = rules_default();
	out->columns = ru->columns;
	out->n_columns = ru->n_columns;
	out->has_total = !unit;
	out->n_rows = out->score.n_units + (size_t)out->has_total;
	return 0;
}

void report_form_free(struct report_form *f)
{
	if (!f)
		return;
	score_free(&f->score);
	memset(f, 0, sizeof(*f));
}

static const struct score_unit *row_unit(const struct report_form *f, size_t r)
{
	return r < f->score.n_units ? &f->score.units[r] : &f->score.street;
}

const char *report_form_row_name(const struct report_form *f, size_t r)
{
	return report_form_row_is_total(f, r) ? _("合计") : row_unit(f, r)->name;
}

int report_form_row_is_total(const struct report_form *f, size_t r)
{
	return r >= f->score.n_units;
}

long report_form_cell(const struct report_form *f, size_t r, size_t c)
{
	return row_unit(f, r)->measures[f->columns[c].measure];
}

int report_form_col_is_money(const struct report_form *f, size_t c)
{
	return f->columns[c].measure == RM_BUDGET_YUAN;
}

/* ---- texts ---- */

/* The one unit asked for names the form; else the street. */
static const char *form_owner(const struct report_form *f)
{
	if (!f->has_total && f->score.n_units == 1)
		return f->score.units[0].name;
	return f->score.rep.street ? f->score.rep.street : "";
}

void report_form_title(const struct report_form *f, struct sbuf *out)
{
	sb_printf(out, _("%s年度工作统计表（%d年）"), form_owner(f), f->score.rep.year);
}

void report_form_reporter(const struct report_form *f, struct sbuf *out)
{
	sb_printf(out, _("填报单位：%s（盖章）"), form_owner(f));
}

void report_form_date(const struct report_form *f, struct sbuf *out)
{
	int d = f->score.rep.today;

	sb_printf(out, _("填报日期：%d年%d月%d日"), d / 10000, d / 100 % 100, d % 100);
}

void report_form_signature(struct sbuf *out)
{
	sb_add(out, _("负责人：　　　　　　　　填表人：　　　　　　　　联系电话："));
}

void report_form_note(const struct report_form *f, struct sbuf *out)
{
	sb_printf(out, _("说明：栏目按“%s”的报表栏目（rules.yaml），数字由 ggw 从台账统计，统计期间为%d年1月1日至12月31日；未通过检查的记录不计入。"),
	       f->score.rules->name, f->score.rep.year);
}

void report_form_cell_text(const char *s, struct sbuf *out)
{
	if (!s)
		s = "";
	if (csv_formula_like(s))
		sb_add(out, "'");
	safe_text(s, strlen(s), 0, out);
}

/* ---- widths ---- */

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

double report_form_unit_width(const struct report_form *f)
{
	size_t w = text_width(_("单位"));

	for (size_t r = 0; r < f->n_rows; r++) {
		size_t n = text_width(report_form_row_name(f, r));

		if (n > w)
			w = n;
	}
	return clampd((double)w + 2, 12, 40);
}

/* Titles wrap over up to three lines rather than widen the sheet. */
static size_t title_lines(size_t w)
{
	return w <= 12 ? 1 : w <= 24 ? 2 : 3;
}

double report_form_col_width(const struct report_form *f, size_t c)
{
	size_t w = text_width(f->columns[c].title), lines = title_lines(w);

	return clampd((double)((w + lines - 1) / lines) + 2, 8, 16);
}

int report_form_header_lines(const struct report_form *f, size_t c)
{
	double room = report_form_col_width(f, c) - 2;
	size_t w = text_width(f->columns[c].title);
	int lines = (int)(((double)w + room - 1) / room);

	return lines < 1 ? 1 : lines;
}

int report_form_landscape(const struct report_form *f)
{
	double w = REPORT_FORM_SEQ_WIDTH + report_form_unit_width(f);

	for (size_t c = 0; c < f->n_columns; c++)
		w += report_form_col_width(f, c);
	return w > 96; /* about what A4 portrait holds at 11 pt */
}

/* ---- html, csv, text ---- */

static void html_text(struct sbuf *b, const char *s)
{
	struct sbuf t = { 0 };

	report_form_cell_text(s, &t);
	for (const char *p = t.s ? t.s : ""; *p; p++) {
		switch (*p) {
		case '&': sb_add(b, "&amp;"); break;
		case '<': sb_add(b, "&lt;"); break;
		case '>': sb_add(b, "&gt;"); break;
		case '"': sb_add(b, "&quot;"); break;
		default: sb_addn(b, p, 1);
		}
	}
	if (t.failed)
		b->failed = 1;
	free(t.s);
}

/* A text made by a report_form_* function, html-escaped. */
static void html_part(struct sbuf *b, void (*make)(const struct report_form *, struct sbuf *),
		      const struct report_form *f)
{
	struct sbuf t = { 0 };

	make(f, &t);
	html_text(b, t.s ? t.s : "");
	if (t.failed)
		b->failed = 1;
	free(t.s);
}

static void html_figure(struct sbuf *b, const struct report_form *f, long v, size_t c)
{
	char num[32], grouped[48];
	size_t n, k = 0;

	n = (size_t)snprintf(num, sizeof(num), "%ld", v);
	if (!report_form_col_is_money(f, c)) {
		sb_add(b, num);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i && num[i - 1] != '-' && (n - i) % 3 == 0)
			grouped[k++] = ',';
		grouped[k++] = num[i];
	}
	grouped[k] = '\0';
	sb_add(b, grouped);
}

static const char html_style[] =
	"body{font-family:\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",\"WenQuanYi Zen Hei\",serif;font-size:11pt;margin:0}\n"
	"h1{font-size:16pt;text-align:center;margin:0 0 6pt}\n"
	".meta{display:flex;justify-content:space-between;margin:0 0 4pt}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"thead{display:table-header-group}\n"
	"th,td{border:0.75pt solid #000;padding:2pt 4pt}\n"
	"th{background:#e8e8e8;font-weight:bold;text-align:center}\n"
	"td.n{text-align:right}td.seq{text-align:center}\n"
	"tr.total td{font-weight:bold}\n"
	"tr{page-break-inside:avoid}\n"
	".sign{margin:12pt 0 4pt}.note{font-size:9pt}\n";

static void html_table(struct sbuf *b, const struct report_form *f)
{
	sb_add(b, "<table>\n<thead><tr><th>");
	html_text(b, _("序号"));
	sb_add(b, "</th><th>");
	html_text(b, _("单位"));
	sb_add(b, "</th>");
	for (size_t c = 0; c < f->n_columns; c++) {
		sb_add(b, "<th>");
		html_text(b, f->columns[c].title);
		sb_add(b, "</th>");
	}
	sb_add(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < f->n_rows; r++) {
		int total = report_form_row_is_total(f, r);

		sb_add(b, total ? "<tr class=\"total\"><td class=\"seq\"></td><td>" : "<tr><td class=\"seq\">");
		if (!total)
			sb_printf(b, "%zu</td><td>", r + 1);
		html_text(b, report_form_row_name(f, r));
		sb_add(b, "</td>");
		for (size_t c = 0; c < f->n_columns; c++) {
			sb_add(b, "<td class=\"n\">");
			html_figure(b, f, report_form_cell(f, r, c), c);
			sb_add(b, "</td>");
		}
		sb_add(b, "</tr>\n");
	}
	sb_add(b, "</tbody>\n</table>\n");
}

static void form_html(struct sbuf *b, const struct report_form *f)
{
	struct sbuf sig = { 0 };

	sb_add(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_part(b, report_form_title, f);
	sb_printf(b, "</title>\n<style>\n@page{size:A4 %s;margin:12mm}\n%s</style>\n</head>\n<body>\n<h1>",
	       report_form_landscape(f) ? "landscape" : "portrait", html_style);
	html_part(b, report_form_title, f);
	sb_add(b, "</h1>\n<div class=\"meta\"><span>");
	html_part(b, report_form_reporter, f);
	sb_add(b, "</span><span>");
	html_part(b, report_form_date, f);
	sb_add(b, "</span></div>\n");
	html_table(b, f);
	report_form_signature(&sig);
	sb_add(b, "<p class=\"sign\">");
	html_text(b, sig.s ? sig.s : "");
	sb_add(b, "</p>\n<p class=\"note\">");
	html_part(b, report_form_note, f);
	sb_add(b, "</p>\n</body>\n</html>\n");
	if (sig.failed)
		b->failed = 1;
	free(sig.s);
}

static void form_csv(FILE *fp, const struct report_form *f)
{
	csv_field_excel(fp, _("单位"));
	for (size_t c = 0; c < f->n_columns; c++) {
		fputc(',', fp);
		csv_field_excel(fp, f->columns[c].title);
	}
	csv_end_row(fp);
	for (size_t r = 0; r < f->n_rows; r++) {
		csv_field_excel(fp, report_form_row_name(f, r));
		for (size_t c = 0; c < f->n_columns; c++)
			fprintf(fp, ",%ld", report_form_cell(f, r, c));
		csv_end_row(fp);
	}
}

static void form_text(FILE *fp, const struct report_form *f)
{
	struct sbuf t = { 0 };
	size_t name_w = (size_t)report_form_unit_width(f) - 2;

	report_form_title(f, &t);
	fprintf(fp, "%s\n\n", t.s ? t.s : "");
	free(t.s);
	text_pad(fp, _("单位"), name_w);
	for (size_t c = 0; c < f->n_columns; c++) {
		fputs("  ", fp);
		fputs(f->columns[c].title, fp);
	}
	fputc('\n', fp);
	for (size_t r = 0; r < f->n_rows; r++) {
		text_pad(fp, report_form_row_name(f, r), name_w);
		for (size_t c = 0; c < f->n_columns; c++) {
			size_t w = text_width(f->columns[c].title);

			fprintf(fp, "  %*ld", (int)(w < 1 ? 1 : w), report_form_cell(f, r, c));
		}
		fputc('\n', fp);
	}
}

int report_form_print(FILE *fp, const struct report_form *f, enum report_form_format fmt,
		      struct ggw_error *err)
{
	if (fmt == FORM_HTML) {
		struct sbuf b = { 0 };

		form_html(&b, f);
		if (b.failed) {
			free(b.s);
			return ggw_oom(err);
		}
		fwrite(b.s, 1, b.len, fp);
		free(b.s);
	} else if (fmt == FORM_CSV) {
		form_csv(fp, f);
	} else {
		form_text(fp, f);
	}
	if (fflush(fp) != 0 || ferror(fp))
		return ggw_fail(err, GGW_EIO, _("写出报表失败"));
	return 0;
}
