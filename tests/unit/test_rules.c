/* model/rules.c and records/rules_load.c, records/score.c: the built-in
 * rules are today's figures, `rules show --default` reads back the same,
 * a bad file names line and field, and the sheet scores the fixture ledger
 * (records_fixture.h) to figures worked out by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../model/rules.h"
#include "../../records/report.h"
#include "../../records/rules_load.h"
#include "../../records/score.h"
#include "../../storage/yamlio.h"
#include "records_fixture.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

#define TODAY 20250115

static char *default_text(size_t *len)
{
	struct sbuf b = { 0 };

	rules_to_yaml(rules_default(), &b);
	assert_false(b.failed);
	*len = b.len;
	return b.s;
}

static void test_defaults_are_todays_figures(void **state)
{
	const struct rules *r = rules_default();

	(void)state;
	assert_int_equal(r->min_sessions, REPORT_MIN_SESSIONS);
	assert_int_equal(r->min_briefings, 2);
	assert_int_equal(r->min_station_activities, 20);
	assert_int_equal(r->min_budget_yuan, 2000);
	assert_int_equal(r->large_min_audience, 0);
	assert_true(r->n_items >= 5);
	assert_true(r->n_columns >= 5);
	for (size_t i = 0; i < r->n_items; i++)
		for (size_t k = 0; k < r->items[i].n_parts; k++)
			assert_true(r->items[i].parts[k].measure >= 0 &&
				    r->items[i].parts[k].measure < RM__COUNT);
	for (int m = 0; m < RM__COUNT; m++) {
		assert_non_null(rules_measures[m].key);
		assert_int_equal(rules_measure_index(rules_measures[m].key), m);
	}
	assert_int_equal(rules_measure_index("nosuch"), -1);
}

static void assert_same_rules(const struct rules *a, const struct rules *b)
{
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->source, b->source);
	assert_int_equal(a->min_sessions, b->min_sessions);
	assert_int_equal(a->min_briefings, b->min_briefings);
	assert_int_equal(a->min_station_activities, b->min_station_activities);
	assert_int_equal(a->min_budget_yuan, b->min_budget_yuan);
	assert_int_equal(a->large_min_audience, b->large_min_audience);
	assert_int_equal(a->n_items, b->n_items);
	for (size_t i = 0; i < a->n_items; i++) {
		assert_string_equal(a->items[i].id, b->items[i].id);
		assert_string_equal(a->items[i].title, b->items[i].title);
		assert_int_equal(a->items[i].points, b->items[i].points);
		assert_int_equal(a->items[i].bonus, b->items[i].bonus);
		assert_int_equal(a->items[i].n_parts, b->items[i].n_parts);
		assert_memory_equal(a->items[i].parts, b->items[i].parts,
				    a->items[i].n_parts * sizeof(a->items[i].parts[0]));
	}
	assert_int_equal(a->n_columns, b->n_columns);
	for (size_t i = 0; i < a->n_columns; i++) {
		assert_string_equal(a->columns[i].title, b->columns[i].title);
		assert_int_equal(a->columns[i].measure, b->columns[i].measure);
	}
}

static void test_default_text_round_trip(void **state)
{
	struct ggw_error err = { 0, "" };
	struct rules *r = NULL;
	struct sbuf again = { 0 };
	size_t len;
	char *text = default_text(&len);

	(void)state;
	assert_int_equal(rules_parse_text("rules.yaml", text, len, &r, &err), 0);
	assert_same_rules(r, rules_default());
	rules_to_yaml(r, &again);
	assert_false(again.failed);
	assert_int_equal(again.len, len);
	assert_memory_equal(again.s, text, len);
	assert_int_equal(rules_validate_text(text, len, &err), 0);
	free(again.s);
	free(text);
	rules_free(r);
}

/* Only what is written changes; the rest stays built in. */
static void test_partial_file(void **state)
{
	const char *text = "schema: ggw/rules/1\nminimums:\n  sessions: 6\nlarge_lecture:\n  min_audience: 50\n";
	struct ggw_error err = { 0, "" };
	struct rules *r = NULL;

	(void)state;
	assert_int_equal(rules_parse_text("rules.yaml", text, strlen(text), &r, &err), 0);
	assert_int_equal(r->min_sessions, 6);
	assert_int_equal(r->min_briefings, 2);
	assert_int_equal(r->large_min_audience, 50);
	assert_int_equal(r->n_items, rules_default()->n_items);
	rules_free(r);
}

static void expect_refused(const char *text, const char *where)
{
	struct ggw_error err = { 0, "" };

	assert_int_equal(rules_validate_text(text, strlen(text), &err), GGW_EINVALID);
	if (!strstr(err.msg, where))
		fail_msg("\"%s\" not in \"%s\"", where, err.msg);
}

static void test_bad_files_name_line_and_field(void **state)
{
	(void)state;
	expect_refused("schema: ggw/rules/1\nminimums:\n  sessions: four\n",
		       "rules.yaml:3:13: minimums.sessions:");
	expect_refused("schema: ggw/rules/1\nminimums:\n  sesions: 4\n",
		       "rules.yaml:3:12: minimums.sesions:");
	expect_refused("minimums:\n  sessions: 4\n", "rules.yaml:1:1: schema:");
	expect_refused("schema: ggw/rules/9\n", "rules.yaml:1:9: schema:");
	expect_refused("schema: ggw/rules/1\nsheet:\n- id: a\n  title: 计划\n  points: 2\n  check: plann\n",
		       "rules.yaml:6:10: sheet[1].check:");
	expect_refused("schema: ggw/rules/1\nsheet:\n- id: a\n  title: 计划\n  points: 2.25\n  check: plan\n",
		       "rules.yaml:5:11: sheet[1].points:");
	expect_refused("schema: ggw/rules/1\nsheet:\n- id: a\n  title: x\n  points: 2\n  check: plan\n"
		       "- id: a\n  title: y\n  points: 1\n  check: summary\n",
		       "rules.yaml:7:7: sheet[2].id:");
	expect_refused("schema: ggw/rules/1\nsheet:\n- id: a\n  title: x\n  points: 2\n  checks:\n"
		       "  - check: plan\n    deduct: x\n",
		       "rules.yaml:8:13: sheet[1].checks[1].deduct:");
	expect_refused("schema: ggw/rules/1\nreport_form:\n- title: 场次\n  count: activity\n",
		       "rules.yaml:4:10: report_form[1].count:");
	expect_refused("schema: ggw/rules/1\nsheet:\n- id: a\n  points: 2\n  check: plan\n",
		       "sheet[1].title:");
	expect_refused("schema: ggw/rules/1\nminimums: [1]\n", "rules.yaml:2:11: minimums:");
	/* libyaml's own refusals keep their position too */
	expect_refused("schema: ggw/rules/1\nminimums:\n  sessions: 4\n  sessions: 5\n", "rules.yaml:4:");
}

/* ---- the fixture ledger scored ---- */

static void load(struct ledger *l, struct repo **r)
{
	struct ggw_error err = { 0, "" };

	assert_int_equal(repo_open(fx_dir, r, &err), 0);
	if (ledger_load_flags(*r, l, LEDGER_NO_CACHE, &err) < 0)
		fail_msg("%s", err.msg);
}

static const struct score_unit *unit(const struct score *s, const char *key)
{
	for (size_t i = 0; i < s->n_units; i++)
		if (!strcmp(s->units[i].key, key))
			return &s->units[i];
	fail_msg("no unit %s", key);
	return NULL;
}

static void test_score_default_sheet(void **state)
{
	struct ggw_error err = { 0, "" };
	struct repo *r = NULL;
	struct ledger l;
	struct score s;
	const struct score_unit *x, *n, *o;

	(void)state;
	load(&l, &r);
	assert_int_equal(score_compute(&l, 2024, NULL, TODAY, &s, &err), 0);
	assert_int_equal(s.n_units, 3); /* ghost is not in units.yaml */
	x = unit(&s, "xinyi");
	n = unit(&s, "nanhu");
	o = unit(&s, "office");
	assert_int_equal(x->measures[RM_ACTIVITIES], 3);
	assert_int_equal(x->measures[RM_SESSIONS], 1);
	assert_int_equal(x->measures[RM_LECTURES], 1);
	assert_int_equal(x->measures[RM_MONTHS_ACTIVE], 2);
	assert_int_equal(x->measures[RM_FIVE_HAVE_COMPLETE], 1);
	assert_int_equal(x->measures[RM_PUBLICITY], 2);
	assert_int_equal(x->measures[RM_PUBLICITY_COUNTY], 1);
	assert_int_equal(x->measures[RM_VOLUNTEERS], 2);
	assert_int_equal(x->measures[RM_VOLUNTEERS_ACTIVE], 1);
	assert_int_equal(x->measures[RM_VOLUNTEERS_ENGAGED], 1);
	assert_int_equal(x->measures[RM_CONFLICTS], 1);
	assert_int_equal(x->measures[RM_INVALID], 1);
	assert_int_equal(x->measures[RM_PLAN], 0);
	/* files 0, sessions 2-3*0.5, volunteers 2: 2.5 of 22 */
	assert_int_equal(x->got, 25);
	assert_int_equal(x->possible, 220);
	assert_int_equal(x->items[1].parts[0].missing, 3);
	assert_int_equal(x->items[1].parts[0].lost, 15);
	/* the 资料齐全 part is capped at 2 points for 2 incomplete activities */
	assert_int_equal(x->items[0].parts[2].missing, 2);
	assert_int_equal(x->items[0].parts[2].lost, 20);
	/* nanhu: sessions 0.5, volunteers 2-0.5 (v-00000004 took no part) */
	assert_int_equal(n->measures[RM_VOLUNTEERS_ENGAGED], 0);
	assert_int_equal(n->got, 20);
	/* office: no activities: files 1 (only plan, summary, report missing),
	 * volunteers 2 (none active) */
	assert_int_equal(o->got, 30);
	assert_int_equal(s.street.got, 75);
	assert_int_equal(s.street.possible, 660);
	assert_int_equal(s.street.items[1].parts[0].missing, 3); /* units short */
	score_free(&s);
	ledger_free(&l);
	repo_close(r);
}

/* rules.yaml changes the figures: fewer sessions needed, a lecture only
 * with 60 people, a sheet of its own. */
static void test_score_ledger_rules(void **state)
{
	struct ggw_error err = { 0, "" };
	struct repo *r = NULL;
	struct ledger l;
	struct score s;
	struct report rep;

	(void)state;
	fx_put("rules.yaml", "schema: ggw/rules/1\nname: 测试\nminimums:\n  sessions: 1\n"
			     "large_lecture:\n  min_audience: 60\n"
			     "sheet:\n- id: s\n  title: 学习\n  points: 5\n  check: sessions\n"
			     "- id: l\n  title: 宣讲\n  points: 1.5\n  check: lectures\n"
			     "report_form:\n- title: 场次\n  count: activities\n");
	load(&l, &r);
	assert_int_equal(score_compute(&l, 2024, "xinyi", TODAY, &s, &err), 0);
	assert_int_equal(s.n_units, 1);
	assert_int_equal(s.units[0].measures[RM_LECTURES], 0); /* 50 people < 60 */
	assert_int_equal(s.units[0].got, 50);
	assert_int_equal(s.units[0].possible, 65);
	score_free(&s);
	assert_int_equal(report_compute(&l, 2024, NULL, TODAY, &rep, &err), 0);
	assert_int_equal(rep.cur.lectures, 0);
	assert_int_equal(report_rules(&rep)->min_sessions, 1);
	report_free(&rep);
	ledger_free(&l);
	repo_close(r);

	/* a rules.yaml that does not read: records load, figures refused */
	fx_put("rules.yaml", "schema: ggw/rules/1\nminimums:\n  sessions: many\n");
	load(&l, &r);
	assert_non_null(l.rules_error);
	assert_int_equal(report_compute(&l, 2024, NULL, TODAY, &rep, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, "rules.yaml:3:13: minimums.sessions"));
	report_free(&rep);
	ledger_free(&l);
	repo_close(r);
	{
		char path[PATH_MAX + 16];

		snprintf(path, sizeof(path), "%s/rules.yaml", fx_dir);
		assert_int_equal(unlink(path), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_todays_figures),
		cmocka_unit_test(test_default_text_round_trip),
		cmocka_unit_test(test_partial_file),
		cmocka_unit_test(test_bad_files_name_line_and_field),
		cmocka_unit_test(test_score_default_sheet),
		cmocka_unit_test(test_score_ledger_rules),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
