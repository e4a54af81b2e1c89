/* records/report_form.c: the options of `report --form`, the format a file
 * name asks for, the formula guard and escapes of a text cell, the rows
 * and figures of the fixture ledger (records_fixture.h), the fallback to
 * the built-in columns, widths and orientation, and the html page. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../records/output.h"
#include "../../records/report_form.h"
#include "records_fixture.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

#define TODAY 20250115

static int parse(const char *const *args, struct report_form_opts *o, struct ggw_error *err)
{
	char *argv[16];
	int argc = 0;

	while (args[argc]) {
		argv[argc] = (char *)args[argc];
		argc++;
	}
	*o = (struct report_form_opts){ 0, NULL, NULL, FORM_TEXT };
	return report_form_parse(argc, argv, o, err);
}

static void test_options(void **state)
{
	struct ggw_error err = { 0, "" };
	struct report_form_opts o;

	(void)state;
	assert_int_equal(parse((const char *[]){ "report", "--form", "--year", "2024", "-o", "a.xlsx", NULL }, &o, &err), 0);
	assert_int_equal(o.format, FORM_XLSX);
	assert_int_equal(o.year, 2024);
	assert_string_equal(o.out, "a.xlsx");
	assert_int_equal(parse((const char *[]){ "form", "-o", "A.HTML", NULL }, &o, &err), 0);
	assert_int_equal(o.format, FORM_HTML);
	assert_true(o.year >= 2000); /* this year */
	assert_int_equal(parse((const char *[]){ "form", "--output", "t.csv", NULL }, &o, &err), 0);
	assert_int_equal(o.format, FORM_CSV);
	assert_int_equal(parse((const char *[]){ "form", "-o", "t.dat", NULL }, &o, &err), 0);
	assert_int_equal(o.format, FORM_XLSX); /* any other ending */
	assert_int_equal(parse((const char *[]){ "form", NULL }, &o, &err), 0);
	assert_int_equal(o.format, FORM_TEXT);
	assert_null(o.out);
	assert_int_equal(parse((const char *[]){ "form", "--format", "html", "-o", "x.xlsx", NULL }, &o, &err), 0);
	assert_int_equal(o.format, FORM_HTML); /* --format wins over the ending */
	assert_int_equal(parse((const char *[]){ "form", "--format", "xlsx", NULL }, &o, &err), GGW_EUSAGE);
	assert_non_null(strstr(err.msg, "-o"));
	assert_int_equal(parse((const char *[]){ "form", "--format", "pdf", "-o", "x", NULL }, &o, &err), GGW_EUSAGE);
	assert_int_equal(parse((const char *[]){ "form", "--year", "24", NULL }, &o, &err), GGW_EUSAGE);
	assert_int_equal(parse((const char *[]){ "form", "-o", "", NULL }, &o, &err), GGW_EUSAGE);
	assert_int_equal(parse((const char *[]){ "form", "extra", NULL }, &o, &err), GGW_EUSAGE);
}

static void cell(const char *in, const char *want)
{
	struct sbuf b = { 0 };

	report_form_cell_text(in, &b);
	assert_false(b.failed);
	assert_string_equal(b.s ? b.s : "", want);
	free(b.s);
}

static void test_cell_text(void **state)
{
	(void)state;
	cell("新义村关工委", "新义村关工委");
	cell("=1+1", "'=1+1");
	cell("+SUM(A1)", "'+SUM(A1)");
	cell("@cmd", "'@cmd");
	cell("-3", "-3");       /* a figure, as csv --excel leaves it */
	cell("+5%", "+5%");
	cell("\tx", "'\\x09x");  /* guarded, and the tab made visible */
	cell("a\x1b[31mb", "a\\x1b[31mb");
	cell("\xff", "\\xff");  /* invalid UTF-8 never reaches the XML */
	cell(NULL, "");
	assert_true(csv_formula_like("=A1"));
	assert_false(csv_formula_like("12"));
	assert_false(csv_formula_like(""));
}

static const struct report_form *compute(struct report_form *f, struct ledger *l, struct repo **r,
					 const char *unit)
{
	struct ggw_error err = { 0, "" };

	fx_load_or_fail(r, l);
	if (report_form_compute(l, 2024, unit, TODAY, f, &err) < 0)
		fail_msg("%s", err.msg);
	return f;
}

static void done(struct report_form *f, struct ledger *l, struct repo *r)
{
	report_form_free(f);
	ledger_free(l);
	repo_close(r);
}

static size_t col_of(const struct report_form *f, int measure)
{
	for (size_t c = 0; c < f->n_columns; c++)
		if (f->columns[c].measure == measure)
			return c;
	fail_msg("no column %d", measure);
	return 0;
}

static void test_rows_and_figures(void **state)
{
	struct report_form f;
	struct ledger l;
	struct repo *r = NULL;

	(void)state;
	compute(&f, &l, &r, NULL);
	assert_int_equal(f.n_rows, 4); /* office xinyi nanhu, total (ghost not in units.yaml) */
	assert_true(f.has_total);
	assert_string_equal(report_form_row_name(&f, 1), "新义村关工委");
	assert_true(report_form_row_is_total(&f, 3));
	assert_false(report_form_row_is_total(&f, 2));
	assert_string_equal(report_form_row_name(&f, 3), "合计");
	/* xinyi 2024: A1 A2 A6 (A1 y40 a10, A2 y0 a8, A6 y3 a2), A1 a lecture */
	assert_int_equal(report_form_cell(&f, 1, col_of(&f, RM_ACTIVITIES)), 3);
	assert_int_equal(report_form_cell(&f, 1, col_of(&f, RM_YOUTH)), 43);
	assert_int_equal(report_form_cell(&f, 1, col_of(&f, RM_ADULTS)), 20);
	assert_int_equal(report_form_cell(&f, 1, col_of(&f, RM_LECTURES)), 1);
	assert_int_equal(report_form_cell(&f, 2, col_of(&f, RM_YOUTH)), 25); /* nanhu A3 */
	assert_int_equal(report_form_cell(&f, 3, col_of(&f, RM_YOUTH)), 68); /* no ghost */
	assert_false(report_form_col_is_money(&f, 0));
	done(&f, &l, r);

	compute(&f, &l, &r, "nanhu");
	assert_int_equal(f.n_rows, 1);
	assert_false(f.has_total);
	{
		struct sbuf t = { 0 };

		report_form_title(&f, &t);
		assert_non_null(strstr(t.s, "南湖村关工委"));
		assert_non_null(strstr(t.s, "2024"));
		free(t.s);
	}
	done(&f, &l, r);
}

static void test_ledger_columns_and_fallback(void **state)
{
	struct report_form f;
	struct ledger l;
	struct repo *r = NULL;
	char path[PATH_MAX + 16];

	(void)state;
	fx_put("rules.yaml", "schema: ggw/rules/1\nreport_form:\n"
			     "  - title: \"经费\"\n    count: budget_yuan\n"
			     "  - title: \"场次\"\n    count: activities\n");
	compute(&f, &l, &r, NULL);
	assert_int_equal(f.n_columns, 2);
	assert_true(report_form_col_is_money(&f, 0));
	assert_int_equal(report_form_cell(&f, 3, 1), 4);
	assert_false(report_form_landscape(&f)); /* narrow: portrait */
	assert_true(report_form_col_width(&f, 0) >= 8);
	done(&f, &l, r);

	fx_put("rules.yaml", "schema: ggw/rules/1\nreport_form: []\n");
	compute(&f, &l, &r, NULL);
	assert_int_equal(f.n_columns, rules_default()->n_columns);
	assert_true(report_form_landscape(&f)); /* eight columns: landscape */
	done(&f, &l, r);
	snprintf(path, sizeof(path), "%s/rules.yaml", fx_dir);
	assert_int_equal(unlink(path), 0);
}

static void test_widths(void **state)
{
	static const struct rules_column cols[] = {
		{ "场次", RM_ACTIVITIES },
		{ "参加活动的在岗五老人数", RM_VOLUNTEERS_ENGAGED },   /* 22 columns */
		{ "一个非常非常非常非常非常非常长的栏目名称", RM_YOUTH }, /* 40 */
	};
	struct report_form f;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.columns = cols;
	f.n_columns = 3;
	assert_true(report_form_col_width(&f, 0) == 8);
	assert_int_equal(report_form_header_lines(&f, 0), 1);
	assert_true(report_form_col_width(&f, 1) == 13);
	assert_int_equal(report_form_header_lines(&f, 1), 2);
	assert_true(report_form_col_width(&f, 2) == 16); /* capped */
	assert_int_equal(report_form_header_lines(&f, 2), 3);
}

static void test_html(void **state)
{
	struct report_form f;
	struct ledger l;
	struct repo *r = NULL;
	struct ggw_error err = { 0, "" };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	compute(&f, &l, &r, NULL);
	assert_non_null(fp = open_memstream(&buf, &len));
	assert_int_equal(report_form_print(fp, &f, FORM_HTML, &err), 0);
	fclose(fp);
	assert_non_null(strstr(buf, "<h1>测试街道关工委年度工作统计表（2024年）</h1>"));
	assert_non_null(strstr(buf, "@page{size:A4 landscape"));
	assert_non_null(strstr(buf, "<thead><tr><th>序号</th><th>单位</th><th>活动场次</th>"));
	assert_non_null(strstr(buf, "<tr class=\"total\">"));
	assert_non_null(strstr(buf, "填报日期：2025年1月15日"));
	free(buf);
	done(&f, &l, r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_cell_text),
		cmocka_unit_test(test_rows_and_figures),
		cmocka_unit_test(test_ledger_columns_and_fallback),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_html),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
