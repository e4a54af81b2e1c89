/* The audit's fix hints (records/audit.c audit_hints): every kind has one,
 * and `ggw audit`'s text prints it once under each kind of each unit,
 * after that kind's findings. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../model/record.h"
#include "../../records/audit.h"
#include "records_fixture.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

/* A kind added to enum audit_kind without a row in audit_hints fails
 * here: add the row (which screen, which key). */
static void test_every_kind_has_a_hint(void **state)
{
	(void)state;
	for (int k = 0; k < AUDIT__COUNT; k++) {
		const char *h = audit_kind_hint((enum audit_kind)k);

		assert_non_null(h);
		if (!*h)
			fail_msg("audit kind %d has no fix hint in records/audit.c audit_hints", k);
		assert_null(strchr(h, '\n'));
	}
	assert_string_equal(audit_kind_hint(AUDIT__COUNT), "");
	assert_non_null(strstr(audit_kind_hint(AUDIT_FIVE_HAVE), "按 e"));
	assert_non_null(strstr(audit_kind_hint(AUDIT_CONFLICT), "按 c"));
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (; (s = strstr(s, needle)); s += strlen(needle))
		n++;
	return n;
}

static void test_printed_under_each_kind(void **state)
{
	struct repo *r;
	struct ledger l;
	struct audit a;
	char *buf = NULL, *p, want[1024];
	size_t len = 0, kinds = 0;
	FILE *f;

	(void)state;
	fx_load_or_fail(&r, &l);
	assert_int_equal(audit_compute(&l, 2024, 20250115, &a, NULL), 0);
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(audit_print(f, &l, &a, NULL), 0);
	fclose(f);
	/* one hint per (unit, kind) that has findings */
	for (size_t i = 0; i < a.n; i++)
		if (!i || a.v[i].unit != a.v[i - 1].unit || a.v[i].kind != a.v[i - 1].kind)
			kinds++;
	assert_int_equal(count(buf, "  怎样改："), kinds);
	/* the months' line ends before its hint */
	snprintf(want, sizeof(want), "\n  怎样改：%s\n", audit_kind_hint(AUDIT_EMPTY_MONTH));
	assert_non_null(p = strstr(buf, want));
	assert_non_null(strstr(buf, "  没有活动的月份："));
	/* a hint follows its kind's findings: the conflict hint comes after
	 * the conflict heading of the same unit */
	snprintf(want, sizeof(want), "  怎样改：%s\n", audit_kind_hint(AUDIT_CONFLICT));
	assert_true(strstr(buf, "  有冲突待解决的记录：") < strstr(buf, want));
	free(buf);
	audit_free(&a);
	ledger_free(&l);
	repo_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_has_a_hint),
		cmocka_unit_test(test_printed_under_each_kind),
	};

	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
