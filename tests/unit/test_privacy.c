/* The privacy rule against a corpus of care texts: every line of
 * tests/data/privacy/pass.txt (activities with counts, codes and adults'
 * names) must pass, every line of refuse.txt (a child's name next to an
 * age, grade, school or village group) must be refused, through the same
 * record validation that add, edit and check use. The counts of false
 * positives and false negatives are printed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/fields_more.h"
#include "../../model/record.h"

#ifndef CORPUS_DIR
#define CORPUS_DIR "tests/data/privacy"
#endif

static const char *corpus_dir(void)
{
	const char *src = getenv("GGW_SRC");
	static char buf[4096];

	if (!src)
		return CORPUS_DIR;
	snprintf(buf, sizeof(buf), "%s/tests/data/privacy", src);
	return buf;
}

/* Run every line of file through text_has_private and an activity's
 * content field; count the lines whose verdict differs from want. */
static size_t run_corpus(const char *name, int want, size_t *lines)
{
	char path[4200], line[2048], what[256];
	size_t wrong = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", corpus_dir(), name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	*lines = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		(*lines)++;
		what[0] = '\0';
		if (text_has_private(line, what, sizeof(what)) != want) {
			wrong++;
			printf("# %s: %s %s\n", want ? "not refused" : "refused", line, what);
		}
	}
	fclose(f);
	return wrong;
}

static void test_corpus(void **state)
{
	size_t npass, nrefuse, fp, fn;

	(void)state;
	fp = run_corpus("pass.txt", 0, &npass);
	fn = run_corpus("refuse.txt", 1, &nrefuse);
	printf("# privacy corpus: %zu pass lines, %zu false positives; %zu refuse lines, %zu false negatives\n",
	       npass, fp, nrefuse, fn);
	assert_true(npass >= 60);
	assert_true(nrefuse >= 60);
	assert_int_equal(fp, 0);
	assert_int_equal(fn, 0);
}

/* The refusal names the field, in every record type with free text. */
static void test_refused_by_field(void **state)
{
	static const struct {
		enum record_type t;
		const char *field;
	} where[] = {
		{ REC_ACTIVITY, "content" }, { REC_ACTIVITY, "five_have.summary" },
		{ REC_VOLUNTEER, "notes" },  { REC_CASE, "notes" },
		{ REC_DOCUMENT, "content" }, { REC_SITE, "notes" },
		{ REC_AWARD, "recipient" },  { REC_FUND, "purpose" },
	};
	const char *text = "张小明（10岁，新义小学三年级），家住新义村5组";

	(void)state;
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		struct node rec;
		struct problems p = { 0 };
		struct ggw_error err = { 0, "" };
		int found = 0;

		node_init_map(&rec);
		assert_int_equal(record_set_field(where[i].t, &rec, where[i].field, '=', text, &err), 0);
		assert_true(record_validate(where[i].t, &rec, &p) > 0);
		for (size_t k = 0; k < p.n; k++)
			if (!strcmp(p.v[k].field, where[i].field) && strstr(p.v[k].msg, "未成年人"))
				found = 1;
		if (!found)
			fail_msg("%s.%s: not refused by name", record_type_key(where[i].t), where[i].field);
		problems_free(&p);
		node_free(&rec);
	}
}

/* Neighbours of the rule that must stay as they were. */
static void test_edges(void **state)
{
	char what[256];

	(void)state;
	assert_false(text_has_private("丁光海（72岁，老战士）", what, sizeof(what)));
	assert_false(text_has_private("对象XY-25-007（9岁，三年级）", what, sizeof(what)));
	assert_false(text_has_private("7月10号的王老师讲座", what, sizeof(what)));
	assert_true(text_has_private("７岁的李某", what, sizeof(what))); /* fullwidth digit */
	assert_non_null(strstr(what, "李某"));
	assert_true(text_has_private("王某(男,9岁)", what, sizeof(what)));
	assert_false(text_has_private("", what, sizeof(what)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_refused_by_field),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
