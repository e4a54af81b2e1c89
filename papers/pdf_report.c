/* The annual report as PDF (see pdf_report.h). Nothing is counted or
 * worded here: the tables come from report_walk, so a table added to the
 * report shows up in the PDF as it does in every other format. */
#include "pdf_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/opts.h"
#include "papers_util.h"

struct report_pdf {
	struct pdf_doc *d;
	int in_binder;
};

static void head_cb(void *data, const char *title, const char *scope, const char *summary,
		    const char *invalid)
{
	struct report_pdf *p = data;

	if (p->in_binder)
		pdf_heading(p->d, title, &pdf_h1, 60);
	else
		pdf_text(p->d, title, &pdf_title);
	pdf_text(p->d, scope, p->in_binder ? &pdf_small : &pdf_subtitle);
	pdf_text(p->d, summary, &pdf_body);
	if (invalid)
		pdf_text(p->d, invalid, &pdf_small);
}

#define CHART_ROW_H 13.0

/* Horizontal bars of one column, labels at 9 pt. */
static void bar_chart(struct pdf_doc *d, const struct report_table_view *t)
{
	const double label_w = 170, bar_w = PDF_TEXT_W - 170 - 50, row_h = CHART_ROW_H;
	size_t rows = (size_t)t->chart_rows;
	long max = 0;
	const struct pdf_style label = { 9, 0, PDF_RIGHT, 0, 0 }, value = { 9, 0, PDF_LEFT, 0, 0 };

	for (size_t r = 0; r < rows; r++) {
		const char *v = t->cells[r * t->ncols + (size_t)t->chart];
		long n = v ? strtol(v, NULL, 10) : 0;

		if (n > max)
			max = n;
	}
	pdf_need(d, (double)rows * row_h + 8);
	for (size_t r = 0; r < rows; r++) {
		const char *name = t->cells[r * t->ncols];
		const char *v = t->cells[r * t->ncols + (size_t)t->chart];
		long n = v ? strtol(v, NULL, 10) : 0;
		double w = max > 0 ? bar_w * (double)n / (double)max : 0, top = d->y;

		pango_layout_set_ellipsize(d->layout, PANGO_ELLIPSIZE_END);
		pdf_text_at(d, name ? name : "", &label, PDF_MARGIN_X, label_w - 6);
		pango_layout_set_ellipsize(d->layout, PANGO_ELLIPSIZE_NONE);
		d->y = top;
		if (!d->dry) {
			cairo_set_source_rgb(d->cr, 0.29, 0.47, 0.69);
			cairo_rectangle(d->cr, PDF_MARGIN_X + label_w, top + 2, w, row_h - 4);
			cairo_fill(d->cr);
		}
		pdf_text_at(d, v ? v : "0", &value, PDF_MARGIN_X + label_w + w + 3, 50);
		d->y = top + row_h;
	}
	d->y += 4;
}

static void table_cb(void *data, const struct report_table_view *v)
{
	struct report_pdf *p = data;
	struct pdf_doc *d = p->d;
	struct pdf_table t = { v->ncols, v->head, v->num, { 0 } };

	/* the heading stays with its chart (if any) and the table's first rows */
	pdf_heading(d, v->title, &pdf_h2,
		    60 + (v->chart >= 0 && v->chart_rows > 0 ? v->chart_rows * CHART_ROW_H + 8 : 0));
	if (v->chart >= 0 && v->chart_rows > 0)
		bar_chart(d, v);
	pdf_table_begin(d, &t, v->cells, v->nrows, NULL);
	for (size_t r = 0; r < v->nrows; r++)
		pdf_table_row(d, &t, v->cells + r * v->ncols,
			      v->kind[r] == REPORT_ROW_TOTAL ? PDF_ROW_TOTAL :
			      v->kind[r] == REPORT_ROW_SHORT ? PDF_ROW_SHORT : PDF_ROW_PLAIN);
	d->y += 4;
	if (v->note)
		pdf_text(d, v->note, &pdf_small);
	d->y += 6;
}

int pdf_report_render(struct pdf_doc *d, const struct report *r, int in_binder,
		      struct ggw_error *err)
{
	struct report_pdf p = { d, in_binder };
	struct report_sink sink = { &p, head_cb, table_cb };
	const char *labels[REPORT_SIGNOFF_COUNT];
	char date_line[128];
	int rc;

	if ((rc = report_walk(r, &sink, err)) < 0)
		return rc;
	for (int i = 0; i < REPORT_SIGNOFF_COUNT; i++)
		labels[i] = _(report_signoff_labels[i]);
	pdf_sign_lines(d, labels, REPORT_SIGNOFF_COUNT - 1);
	snprintf(date_line, sizeof(date_line), "%s%s%s", labels[REPORT_SIGNOFF_COUNT - 1], _("："),
		 _("　　　　年　　月　　日"));
	pdf_text(d, date_line, &pdf_body);
	return 0;
}

static int render_report(struct pdf_doc *d, void *ctx, struct ggw_error *err)
{
	return pdf_report_render(d, ctx, 0, err);
}

int papers_report_pdf(struct repo *repo, int argc, char **argv, struct ggw_error *err)
{
	const char *year_arg = NULL, *unit = NULL, *out = NULL, *format = NULL;
	int excel = 0, year, rc, pages = 0;
	const struct opt_def defs[] = {
		OPT_INTO("--year", &year_arg), OPT_INTO("--unit", &unit), OPT_INTO("--format", &format),
		OPT_INTO("-o", &out), OPT_INTO("--output", &out), OPT_SET("--excel", &excel), OPT_END,
	};
	struct ledger l;
	struct report r;
	char *title = NULL;

	memset(&r, 0, sizeof(r));
	if ((rc = opt_parse(argc, argv, 1, defs, NULL, 0, err)) < 0 ||
	    (rc = papers_pdf_path("report --format pdf", out, err)) < 0)
		return rc;
	if ((rc = papers_load(repo, &l, err)) < 0)
		goto done;
	if ((rc = papers_year_unit(&l, year_arg, &year, &unit, err)) < 0 ||
	    (rc = report_compute(&l, year, unit, 0, &r, err)) < 0)
		goto done;
	if (asprintf(&title, _("%s %d年年度统计报表"), unit ? r.units[0].name : r.street, year) < 0) {
		title = NULL;
		rc = ggw_oom(err);
		goto done;
	}
	if ((rc = pdf_make(out, title, 1, 1, render_report, &r, &pages, err)) == 0)
		papers_saved(out, pages);
done:
	free(title);
	report_free(&r);
	ledger_free(&l);
	return rc;
}
