/* records/report on a small known ledger (records_fixture.h): every figure
 * of the year checked exactly, for all units and one unit, the year
 * before, months due, participants (unknown ids, volunteers not yet on
 * the books, a duplicated id) and the helpers behind the definitions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <unistd.h>

#include "../../model/record.h"
#include "../../records/report.h"
#include "records_fixture.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

#define TODAY 20250115

static void compute(const struct ledger *l, int year, const char *unit, struct report *rep)
{
	struct ggw_error err = { 0, "" };

	if (report_compute(l, year, unit, TODAY, rep, &err) < 0)
		fail_msg("report: %s", err.msg);
}

static int cat(const char *key)
{
	return enum_index(enum_category, key);
}

static int form(const char *key)
{
	return enum_index(enum_form, key);
}

static int group(const char *key)
{
	return enum_index(enum_group, key);
}

static int level(const char *key)
{
	return enum_index(enum_level, key);
}

static void counts_equal(const struct report_counts *c, long acts, long youth, long adults)
{
	assert_int_equal(c->activities, acts);
	assert_int_equal(c->youth, youth);
	assert_int_equal(c->adults, adults);
}

static const struct report_volunteer *vol(const struct report *rep, const struct ledger *l,
					  const char *id)
{
	for (size_t i = 0; i < rep->n_vols; i++)
		if (!strcmp(l->v[rep->vols[i].entry].id, id))
			return &rep->vols[i];
	return NULL;
}

static void test_totals(void **state)
{
	struct repo *r;
	struct ledger l;
	struct report rep;

	(void)state;
	fx_load_or_fail(&r, &l);
	assert_int_equal(l.n, 13);
	assert_int_equal(l.n_invalid, 2);
	compute(&l, 2024, NULL, &rep);
	assert_int_equal(rep.year, 2024);
	assert_string_equal(rep.street, "测试街道关工委");
	assert_null(rep.unit_filter);
	assert_int_equal(rep.today, TODAY);
	assert_int_equal(rep.months_due, 12);
	assert_int_equal(rep.n_categories, enum_count(enum_category));

	/* A4's unit ghost is not in units.yaml: the record fails the check
	 * and is never counted (issue 9), only listed as invalid. */
	assert_int_equal(rep.cur.activities, 4);
	assert_int_equal(rep.cur.youth, 68);
	assert_int_equal(rep.cur.adults, 25);
	assert_int_equal(rep.cur.lectures, 1);
	assert_int_equal(rep.cur.sessions, 2);
	assert_int_equal(rep.cur.publicity, 2);
	assert_int_equal(rep.publicity[level("county")], 1);
	assert_int_equal(rep.publicity[level("brief")], 1);
	assert_int_equal(rep.publicity[level("wechat")], 0);

	assert_int_equal(rep.prev.activities, 1);
	assert_int_equal(rep.prev.youth, 7);
	assert_int_equal(rep.prev.adults, 1);
	assert_int_equal(rep.prev.lectures, 1);
	assert_int_equal(rep.prev.sessions, 0);
	assert_int_equal(rep.prev.publicity, 1);

	assert_int_equal(rep.five_complete, 1);
	assert_int_equal(rep.five_missing[0], 1); /* plan: A3 */
	assert_int_equal(rep.five_missing[1], 3);
	assert_int_equal(rep.five_missing[2], 3);
	assert_int_equal(rep.five_missing[3], 3);
	assert_int_equal(rep.five_missing[4], 2); /* summary: A2 A3 */
	assert_int_equal(report_most_missing(rep.five_missing), 1);
	assert_int_equal(rep.conflicts, 2);       /* A6, V4 */
	assert_int_equal(rep.n_invalid, 3);       /* BAD, VBAD, A4 */

	counts_equal(&rep.by_month[2], 2, 40, 18);
	counts_equal(&rep.by_month[6], 1, 25, 5);
	counts_equal(&rep.by_month[10], 1, 3, 2);
	counts_equal(&rep.by_month[11], 0, 0, 0); /* A4 not counted */
	counts_equal(&rep.by_month[0], 0, 0, 0);
	counts_equal(&rep.by_month[5], 0, 0, 0); /* A5 is of 2023 */
	counts_equal(&rep.by_category[cat("safety")], 1, 40, 10);
	counts_equal(&rep.by_category[cat("selfbuild")], 1, 0, 8);
	counts_equal(&rep.by_category[cat("red")], 1, 25, 5);
	counts_equal(&rep.by_category[cat("care")], 1, 3, 2);
	counts_equal(&rep.by_category[cat("law")], 0, 0, 0);
	counts_equal(&rep.by_form[form("lecture")], 1, 40, 10);
	counts_equal(&rep.by_form[form("meeting")], 1, 0, 8);
	counts_equal(&rep.by_form[form("training")], 1, 25, 5);
	counts_equal(&rep.by_form[form("visit")], 1, 3, 2);
	report_free(&rep);
	ledger_free(&l);
	repo_close(r);
}

static void test_units(void **state)
{
	struct repo *r;
	struct ledger l;
	struct report rep;
	const struct report_unit *u;

	(void)state;
	fx_load_or_fail(&r, &l);
	compute(&l, 2024, NULL, &rep);
	/* units.yaml order; no row for ghost, whose record is only invalid. */
	assert_int_equal(rep.n_units, 3);
	assert_string_equal(rep.units[0].key, "office");
	assert_string_equal(rep.units[0].name, "测试街道关工委办公室");
	assert_string_equal(rep.units[1].key, "xinyi");
	assert_string_equal(rep.units[2].key, "nanhu");

	u = &rep.units[0];
	counts_equal(&u->total, 0, 0, 0);
	assert_int_equal(u->volunteers, 0);
	assert_int_equal(u->invalid, 0);

	u = &rep.units[1];
	counts_equal(&u->total, 3, 43, 20);
	assert_int_equal(u->lectures, 1);
	assert_int_equal(u->sessions, 1);
	assert_int_equal(u->publicity_total, 2);
	assert_int_equal(u->publicity[level("county")], 1);
	assert_int_equal(u->five_complete, 1);
	assert_int_equal(u->five_missing[0], 0);
	assert_int_equal(u->five_missing[1], 2);
	assert_int_equal(u->five_missing[4], 1);
	assert_int_equal(u->months[2], 2);
	assert_int_equal(u->months[10], 1);
	assert_int_equal(u->months[6], 0);
	assert_int_equal(u->volunteers, 2);
	assert_int_equal(u->volunteers_active, 1);
	assert_int_equal(u->conflicts, 1);
	assert_int_equal(u->invalid, 1);

	u = &rep.units[2];
	counts_equal(&u->total, 1, 25, 5);
	assert_int_equal(u->lectures, 0);
	assert_int_equal(u->sessions, 1);
	assert_int_equal(u->five_complete, 0);
	assert_int_equal(u->five_missing[0], 1);
	assert_int_equal(u->months[6], 1);
	assert_int_equal(u->volunteers, 1);        /* V3 joins in 2025 */
	assert_int_equal(u->volunteers_active, 1);
	assert_int_equal(u->conflicts, 1);         /* V4 */
	assert_int_equal(u->invalid, 1);           /* BAD */

	report_free(&rep);
	ledger_free(&l);
	repo_close(r);
}

static void test_volunteers_and_groups(void **state)
{
	struct repo *r;
	struct ledger l;
	struct report rep;
	const struct report_volunteer *v;

	(void)state;
	fx_load_or_fail(&r, &l);
	compute(&l, 2024, NULL, &rep);
	assert_int_equal(rep.n_vols, 3); /* V1 V2 V4; V3 not yet on the books */
	assert_non_null(v = vol(&rep, &l, "v-00000001"));
	assert_int_equal(v->activities, 2);
	assert_int_equal(v->unit, 1);
	assert_non_null(v = vol(&rep, &l, "v-00000002"));
	assert_int_equal(v->activities, 1);
	assert_non_null(v = vol(&rep, &l, "v-00000004"));
	assert_int_equal(v->activities, 0);
	assert_int_equal(v->unit, 2);
	assert_null(vol(&rep, &l, "v-00000003"));

	/* A group took part when a named volunteer (on the books or not)
	 * belongs to it; an unknown id counts for nobody. */
	assert_int_equal(rep.by_group[group("veteran")].volunteers, 1);
	assert_int_equal(rep.by_group[group("veteran")].active, 1);
	assert_int_equal(rep.by_group[group("veteran")].activities, 3);
	assert_int_equal(rep.by_group[group("teacher")].volunteers, 1);
	assert_int_equal(rep.by_group[group("teacher")].active, 0);
	assert_int_equal(rep.by_group[group("teacher")].activities, 1);
	assert_int_equal(rep.by_group[group("cadre")].volunteers, 1);
	assert_int_equal(rep.by_group[group("cadre")].activities, 0);
	assert_int_equal(rep.groups_total.volunteers, 3);
	assert_int_equal(rep.groups_total.active, 2);
	assert_int_equal(rep.groups_total.activities, 3);
	report_free(&rep);
	ledger_free(&l);
	repo_close(r);
}

static void test_unit_filter(void **state)
{
	struct repo *r;
	struct ledger l;
	struct report rep;
	struct ggw_error err = { 0, "" };

	(void)state;
	fx_load_or_fail(&r, &l);
	compute(&l, 2024, "xinyi", &rep);
	assert_string_equal(rep.unit_filter, "xinyi");
	assert_int_equal(rep.n_units, 1);
	assert_string_equal(rep.units[0].key, "xinyi");
	assert_int_equal(rep.cur.activities, 3);
	assert_int_equal(rep.cur.youth, 43);
	assert_int_equal(rep.cur.adults, 20);
	assert_int_equal(rep.cur.lectures, 1);
	assert_int_equal(rep.cur.sessions, 1);
	assert_int_equal(rep.prev.activities, 1);
	assert_int_equal(rep.conflicts, 1);
	assert_int_equal(rep.n_invalid, 1);   /* nanhu's BAD is not counted */
	assert_int_equal(rep.n_vols, 2);
	/* V1's activities count whatever unit ran them (all are xinyi's). */
	assert_int_equal(vol(&rep, &l, "v-00000001")->activities, 2);
	assert_int_equal(rep.by_group[group("veteran")].volunteers, 1);
	assert_int_equal(rep.by_group[group("veteran")].activities, 2); /* A1 A2 */
	assert_int_equal(rep.by_group[group("cadre")].volunteers, 0);
	assert_int_equal(rep.groups_total.activities, 2);
	counts_equal(&rep.by_category[cat("safety")], 1, 40, 10);
	report_free(&rep);

	/* nanhu: V1 is not listed, but A3's veteran V3 still makes a group. */
	compute(&l, 2024, "nanhu", &rep);
	assert_int_equal(rep.n_units, 1);
	assert_int_equal(rep.cur.activities, 1);
	assert_int_equal(rep.n_vols, 1);
	assert_int_equal(rep.by_group[group("veteran")].activities, 1);
	assert_int_equal(rep.by_group[group("veteran")].volunteers, 0);
	report_free(&rep);

	/* A unit with no records: all zero, still a row. */
	compute(&l, 2024, "office", &rep);
	assert_int_equal(rep.n_units, 1);
	assert_int_equal(rep.cur.activities, 0);
	assert_int_equal(rep.n_vols, 0);
	assert_int_equal(rep.n_invalid, 0);
	report_free(&rep);

	assert_int_equal(report_compute(&l, 2024, "nowhere", TODAY, &rep, &err), GGW_ENOTFOUND);
	assert_non_null(strstr(err.msg, "nowhere"));
	report_free(&rep);
	assert_int_equal(report_compute(&l, 0, NULL, TODAY, &rep, &err), GGW_EUSAGE);
	report_free(&rep);
	assert_int_equal(report_compute(&l, 10000, NULL, TODAY, &rep, &err), GGW_EUSAGE);
	report_free(&rep);
	ledger_free(&l);
	repo_close(r);
}

static void test_other_years(void **state)
{
	struct repo *r;
	struct ledger l;
	struct report rep;

	(void)state;
	fx_load_or_fail(&r, &l);
	compute(&l, 2023, NULL, &rep);
	assert_int_equal(rep.cur.activities, 1);
	assert_int_equal(rep.cur.youth, 7);
	assert_int_equal(rep.cur.lectures, 1);
	assert_int_equal(rep.cur.publicity, 1);
	assert_int_equal(rep.publicity[level("wechat")], 1);
	assert_int_equal(rep.prev.activities, 1);  /* A8 */
	assert_int_equal(rep.prev.youth, 9);
	assert_int_equal(rep.n_units, 3);          /* ghost has nothing in 2023 */
	assert_int_equal(rep.n_invalid, 1);        /* VBAD only: BAD is of 2024 */
	assert_int_equal(rep.n_vols, 3);           /* V1 V2 V4 */
	assert_int_equal(rep.groups_total.activities, 0);
	report_free(&rep);

	/* An empty year: nothing counted, no unknown row. */
	compute(&l, 2019, NULL, &rep);
	assert_int_equal(rep.cur.activities, 0);
	assert_int_equal(rep.prev.activities, 0);
	assert_int_equal(rep.n_units, 3);
	assert_int_equal(rep.n_vols, 2);           /* V4 joins in 2020 */
	assert_int_equal(report_most_missing(rep.five_missing), -1);
	report_free(&rep);

	/* months_due: all months of a past year, up to this month of the
	 * current one, none of a future one. */
	assert_int_equal(report_compute(&l, 2024, NULL, 20240615, &rep, NULL), 0);
	assert_int_equal(rep.months_due, 6);
	report_free(&rep);
	assert_int_equal(report_compute(&l, 2025, NULL, 20240615, &rep, NULL), 0);
	assert_int_equal(rep.months_due, 0);
	report_free(&rep);
	assert_int_equal(report_compute(&l, 2023, NULL, 20240615, &rep, NULL), 0);
	assert_int_equal(rep.months_due, 12);
	report_free(&rep);
	ledger_free(&l);
	repo_close(r);
}

/* The same volunteer id in two units' folders: the first in ledger order
 * is the one the report knows (its unit and group). */
static void test_duplicate_volunteer_id(void **state)
{
	struct repo *r;
	struct ledger l;
	struct report rep;
	long first = -1, second = -1;

	(void)state;
	fx_put("volunteers/nanhu/v-00000001.yaml",
	       "schema: ggw/volunteer/1\nid: v-00000001\nunit: nanhu\nname: 丁光海\ngroup: model\n");
	fx_load_or_fail(&r, &l);
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].valid && !strcmp(l.v[i].id, "v-00000001")) {
			if (first < 0)
				first = (long)i;
			else
				second = (long)i;
		}
	assert_true(first >= 0 && second >= 0);
	compute(&l, 2024, NULL, &rep);
	assert_int_equal(rep.n_vols, 3);
	assert_int_equal(vol(&rep, &l, "v-00000001")->entry, (size_t)first);
	assert_int_equal(vol(&rep, &l, "v-00000001")->activities, 2);
	if (!strcmp(l.v[first].unit, "xinyi")) {
		assert_int_equal(rep.units[1].volunteers, 2);
		assert_int_equal(rep.units[2].volunteers, 1);
		assert_int_equal(rep.by_group[group("veteran")].activities, 3);
		assert_int_equal(rep.by_group[group("model")].activities, 0);
	} else {
		assert_int_equal(rep.units[1].volunteers, 1);
		assert_int_equal(rep.units[2].volunteers, 2);
		assert_int_equal(rep.by_group[group("model")].activities, 2);
		assert_int_equal(rep.by_group[group("veteran")].activities, 1);
	}
	report_free(&rep);
	ledger_free(&l);
	repo_close(r);
	{
		char path[PATH_MAX * 2];

		snprintf(path, sizeof(path), "%s/volunteers/nanhu/v-00000001.yaml", fx_dir);
		assert_int_equal(unlink(path), 0);
	}
}

static void test_helpers(void **state)
{
	struct repo *r;
	struct ledger l;
	const struct entry *e;
	char buf[48];
	long missing[FIVE_HAVE_COUNT] = { 1, 3, 3, 0, 2 };
	long none[FIVE_HAVE_COUNT] = { 0 };

	(void)state;
	fx_load_or_fail(&r, &l);
	e = &l.v[ledger_find(&l, FX_A2)];
	assert_true(report_is_session(e));   /* meeting (and selfbuild) */
	assert_false(report_is_lecture(e));
	e = &l.v[ledger_find(&l, FX_A1)];
	assert_true(report_is_lecture(e));
	assert_false(report_is_session(e));
	e = &l.v[ledger_find(&l, FX_A3)];
	assert_true(report_is_session(e));   /* training */
	assert_int_equal(report_entry_year(e), 2024);
	assert_string_equal(report_entry_unit(e, buf, sizeof(buf)), "nanhu");
	e = &l.v[ledger_find(&l, "v-00000003")];
	assert_int_equal(report_entry_year(e), 0);
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.v[i].path, FX_BAD_PATH)) {
			assert_false(l.v[i].valid);
			assert_int_equal(report_entry_year(&l.v[i]), 2024);
			assert_string_equal(report_entry_unit(&l.v[i], buf, sizeof(buf)), "nanhu");
		}
	assert_int_equal(report_most_missing(missing), 1); /* ties: the first */
	assert_int_equal(report_most_missing(none), -1);
	ledger_free(&l);
	repo_close(r);
}

static void test_print(void **state)
{
	struct repo *r;
	struct ledger l;
	struct report rep;
	struct report_print_opts o = { REPORT_CSV, 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	fx_load_or_fail(&r, &l);
	compute(&l, 2024, NULL, &rep);
	assert_int_equal(report_format_from_key("csv"), REPORT_CSV);
	assert_int_equal(report_format_from_key("pdf"), -1);
	for (int fmt = REPORT_TEXT; fmt <= REPORT_HTML; fmt++) {
		assert_non_null(f = open_memstream(&buf, &len));
		o.format = (enum report_format)fmt;
		assert_int_equal(report_print(f, &rep, &o, NULL), 0);
		fclose(f);
		assert_non_null(strstr(buf, "新义村关工委"));
		assert_non_null(strstr(buf, "南湖村关工委"));
		free(buf);
		buf = NULL;
	}
	report_free(&rep);
	ledger_free(&l);
	repo_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_volunteers_and_groups),
		cmocka_unit_test(test_unit_filter),
		cmocka_unit_test(test_other_years),
		cmocka_unit_test(test_duplicate_volunteer_id),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_print),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
