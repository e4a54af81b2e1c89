/* model/opts: the one option parser every command uses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "../../model/i18n.h"
#include "../../model/opts.h"

enum { O_YEAR, O_UNIT, O_UNIT_NAME, O_COUNT };
static const struct opt_def defs[] = {
	[O_YEAR] = OPT_VALUE("--year"),
	[O_UNIT] = OPT_VALUE("--unit"),
	[O_UNIT_NAME] = OPT_VALUE("--unit-name"),
	[O_COUNT] = OPT_FLAG("--count"),
	OPT_END,
};

static void test_values_flags_positionals(void **state)
{
	char *argv[] = { "list", "--year", "2024", "--unit=xinyi", "--unit-name", "新义村",
			 "--count", "here", "-", NULL };
	struct opt_iter it;
	struct ggw_error err = { 0, "" };
	const char *v;

	(void)state;
	opt_start(&it, 9, argv, 1);
	assert_int_equal(opt_next(&it, defs, &v, &err), O_YEAR);
	assert_string_equal(v, "2024");
	assert_int_equal(opt_next(&it, defs, &v, &err), O_UNIT);
	assert_string_equal(v, "xinyi");
	assert_int_equal(opt_next(&it, defs, &v, &err), O_UNIT_NAME); /* not --unit */
	assert_string_equal(v, "新义村");
	assert_int_equal(opt_next(&it, defs, &v, &err), O_COUNT);
	assert_null(v);
	assert_int_equal(opt_next(&it, defs, &v, &err), OPT_POSITIONAL);
	assert_string_equal(v, "here");
	assert_int_equal(opt_next(&it, defs, &v, &err), OPT_POSITIONAL); /* "-" alone */
	assert_string_equal(v, "-");
	assert_int_equal(opt_next(&it, defs, &v, &err), OPT_DONE);
	assert_int_equal(opt_next(&it, defs, &v, &err), OPT_DONE);
}

static void test_double_dash(void **state)
{
	char *argv[] = { "sync", "--", "--count", "--year", NULL };
	struct opt_iter it;
	const char *v;

	(void)state;
	opt_start(&it, 4, argv, 1);
	assert_int_equal(opt_next(&it, defs, &v, NULL), OPT_POSITIONAL);
	assert_string_equal(v, "--count");
	assert_int_equal(opt_next(&it, defs, &v, NULL), OPT_POSITIONAL);
	assert_string_equal(v, "--year");
	assert_int_equal(opt_next(&it, defs, &v, NULL), OPT_DONE);
}

static void refused(int argc, char **argv, const char *want)
{
	struct opt_iter it;
	struct ggw_error err = { 0, "" };
	const char *v;
	int k;

	opt_start(&it, argc, argv, 1);
	while ((k = opt_next(&it, defs, &v, &err)) >= 0 && k != OPT_DONE)
		;
	assert_int_equal(k, GGW_EUSAGE);
	assert_int_equal(err.code, GGW_EUSAGE);
	assert_string_equal(err.msg, want);
}

static void test_refusals(void **state)
{
	char *unknown[] = { "report", "--frob", NULL };
	char *missing[] = { "list", "--count", "--year", NULL };
	char *flag_value[] = { "list", "--count=3", NULL };
	char *prefix[] = { "list", "--yearly", NULL };

	(void)state;
	refused(2, unknown, "report 不认识“--frob”");
	refused(3, missing, "--year 后面缺少值");
	refused(2, flag_value, "--count 不带值");
	refused(2, prefix, "list 不认识“--yearly”");
}

static void test_year(void **state)
{
	struct ggw_error err = { 0, "" };
	int y = 0;

	(void)state;
	assert_int_equal(opt_year("2024", &y, &err), 0);
	assert_int_equal(y, 2024);
	assert_int_equal(opt_year("1900", &y, &err), 0);
	assert_int_equal(opt_year("2200", &y, &err), 0);
	assert_int_equal(y, 2200);
	for (const char *const *s = (const char *const[]){ "1899", "2201", "24x", "", "+2024",
							   " 2024", "20240", "-202", NULL };
	     *s; s++) {
		y = 7;
		assert_int_equal(opt_year(*s, &y, &err), GGW_EUSAGE);
		assert_int_equal(y, 7);
		assert_string_equal(err.msg, "--year 要写四位年份（1900 到 2200），如 2024");
	}
}

static void test_positionals(void **state)
{
	char *two[] = { "config", "user.name", "张三", NULL };
	char *three[] = { "config", "a.b", "c", "d", NULL };
	char *opt[] = { "check", "--all", NULL };
	char *extra[] = { "check", "x", NULL };
	const char *name = NULL, *value = NULL;
	struct ggw_error err = { 0, "" };

	(void)state;
	assert_int_equal(opt_positionals(3, two, 1, (const char **[]){ &name, &value }, 2, &err), 0);
	assert_string_equal(name, "user.name");
	assert_string_equal(value, "张三");
	assert_int_equal(opt_positionals(4, three, 1, (const char **[]){ &name, &value }, 2, &err),
			 GGW_EUSAGE);
	assert_string_equal(err.msg, "config 不认识“d”");
	assert_int_equal(opt_positionals(2, opt, 1, NULL, 0, &err), GGW_EUSAGE);
	assert_string_equal(err.msg, "check 不认识“--all”");
	assert_int_equal(opt_positionals(2, extra, 1, NULL, 0, &err), GGW_EUSAGE);
	assert_string_equal(err.msg, "check 不认识“x”");
}

/* opt_parse: values and flags straight into their places. */
static void test_parse_into(void **state)
{
	char *argv[] = { "report", "--year=2024", "-o", "r.html", "--excel", "--year", "2023",
			 "x", NULL };
	const char *year = NULL, *out = NULL, *pos = NULL;
	int excel = 0;
	const struct opt_def into[] = {
		OPT_INTO("--year", &year), OPT_INTO("-o", &out), OPT_SET("--excel", &excel), OPT_END,
	};
	struct ggw_error err = { 0, "" };

	(void)state;
	assert_int_equal(opt_parse(8, argv, 1, into, (const char **[]){ &pos }, 1, &err), 0);
	assert_string_equal(year, "2023"); /* the last one counts */
	assert_string_equal(out, "r.html");
	assert_int_equal(excel, 1);
	assert_string_equal(pos, "x");
	assert_int_equal(opt_parse(8, argv, 1, into, NULL, 0, &err), GGW_EUSAGE);
	assert_string_equal(err.msg, "report 不认识“x”");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_flags_positionals),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_year),
		cmocka_unit_test(test_positionals),
		cmocka_unit_test(test_parse_into),
	};

	i18n_init("zh");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
