/* records/report_fmt.c's report_walk: the tables another printer (the PDF
 * of ggw-papers) gets are the very tables every format prints, in order,
 * with the same cells and row kinds; the title names the unit when one is
 * asked for; the sign-off labels. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../records/report.h"
#include "records_fixture.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

struct seen {
	char title[512];
	int heads, tables;
	const char *csv;      /* the CSV of the same report */
	const char *pos;      /* where the last table was found in it */
	int cells_missing;
	int sessions_short;   /* short rows of the sessions table */
	int totals_last;      /* tables whose last row is a total */
};

static void on_head(void *data, const char *title, const char *scope, const char *summary,
		    const char *invalid)
{
	struct seen *s = data;

	(void)scope;
	(void)invalid;
	assert_non_null(summary);
	snprintf(s->title, sizeof(s->title), "%s", title);
	s->heads++;
}

static void on_table(void *data, const struct report_table_view *t)
{
	struct seen *s = data;
	const char *at = strstr(s->pos, t->title);

	assert_non_null(at); /* in the CSV, after the table before */
	s->pos = at;
	s->tables++;
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];

			if (cell && *cell && !strstr(at, cell))
				s->cells_missing++;
		}
		if (strstr(t->title, "学习培训会议") && t->kind[r] == REPORT_ROW_SHORT)
			s->sessions_short++;
	}
	if (t->nrows && t->kind[t->nrows - 1] == REPORT_ROW_TOTAL)
		s->totals_last++;
}

static void walk(const struct ledger *l, const char *unit, struct seen *s, char **csv)
{
	struct report rep;
	struct report_print_opts o = { REPORT_CSV, 0 };
	struct report_sink sink = { s, on_head, on_table };
	size_t len = 0;
	FILE *f;

	assert_int_equal(report_compute(l, 2024, unit, 20250115, &rep, NULL), 0);
	assert_non_null(f = open_memstream(csv, &len));
	assert_int_equal(report_print(f, &rep, &o, NULL), 0);
	fclose(f);
	memset(s, 0, sizeof(*s));
	s->csv = s->pos = *csv;
	assert_int_equal(report_walk(&rep, &sink, NULL), 0);
	report_free(&rep);
}

static int csv_sections(const char *csv)
{
	int n = 0;

	for (const char *p = csv; (p = strstr(p, "\r\n\r\n")) != NULL; p += 4)
		n++;
	return n;
}

static void test_walk_all_units(void **state)
{
	struct repo *r;
	struct ledger l;
	struct seen s;
	char *csv = NULL;

	(void)state;
	fx_load_or_fail(&r, &l);
	walk(&l, NULL, &s, &csv);
	assert_int_equal(s.heads, 1);
	assert_non_null(strstr(s.title, "关心下一代工作年度统计报表（2024年）"));
	assert_int_equal(s.tables, csv_sections(csv)); /* one table per CSV section */
	assert_true(s.tables >= 9);
	assert_int_equal(s.cells_missing, 0);
	assert_true(s.totals_last >= 6);
	assert_true(s.sessions_short >= 1); /* xinyi held 1 session of 4 */
	free(csv);
	ledger_free(&l);
	repo_close(r);
}

static void test_walk_one_unit(void **state)
{
	struct repo *r;
	struct ledger l;
	struct seen s;
	char *csv = NULL;

	(void)state;
	fx_load_or_fail(&r, &l);
	walk(&l, "xinyi", &s, &csv);
	/* one unit's report carries the unit's own name */
	assert_int_equal(strncmp(s.title, "新义村关工委关心下一代工作年度统计报表", strlen("新义村关工委关心下一代工作年度统计报表")), 0);
	assert_int_equal(s.cells_missing, 0);
	assert_null(strstr(csv, "南湖村关工委"));
	free(csv);
	ledger_free(&l);
	repo_close(r);
}

static void test_signoff_labels(void **state)
{
	(void)state;
	assert_int_equal(REPORT_SIGNOFF_COUNT, 5);
	assert_string_equal(report_signoff_labels[0], "填报单位（盖章）");
	assert_string_equal(report_signoff_labels[4], "填报日期");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_all_units),
		cmocka_unit_test(test_walk_one_unit),
		cmocka_unit_test(test_signoff_labels),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
