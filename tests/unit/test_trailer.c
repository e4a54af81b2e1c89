/* The one trailer reader (model/trailer.c): only the trailer block counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../model/trailer.h"

static void test_block_only(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(commit_trailer("subject\n\nGgw-Unit: xinyi\n\nGgw-Unit: office\nGgw-Action: edit\n",
					"Ggw-Unit", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "office");
	/* A body paragraph with prose is not a trailer block. */
	assert_int_equal(commit_trailer("subject\n\nGgw-Unit: office\nsome words here\n", "Ggw-Unit",
					buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* The subject is never a trailer block. */
	assert_int_equal(commit_trailer("Ggw-Unit: office\n", "Ggw-Unit", buf, sizeof(buf)), 0);
	assert_int_equal(commit_trailer("Ggw-Unit: office", "Ggw-Unit", buf, sizeof(buf)), 0);
	assert_int_equal(commit_trailer("", "Ggw-Unit", buf, sizeof(buf)), 0);
	assert_int_equal(commit_trailer(NULL, "Ggw-Unit", buf, sizeof(buf)), 0);
}

static void test_values(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(commit_trailer("s\n\nggw-unit:   nanhu  \r\n\n\n", "Ggw-Unit", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "nanhu");
	assert_int_equal(commit_trailer("s\n\nGgw-Unit: a\nGgw-Unit: b\n", "Ggw-Unit", buf, sizeof(buf)), 2);
	assert_string_equal(buf, "a");
	assert_int_equal(commit_trailer("s\n\nGgw-Record: x\n  continued\nGgw-Action: add", "Ggw-Action",
					buf, sizeof(buf)), 1);
	assert_string_equal(buf, "add");
	assert_int_equal(commit_trailer("s\n\nGgw-Units: a\n", "Ggw-Unit", buf, sizeof(buf)), 0);
	assert_int_equal(commit_trailer("s\n\nGgw-Unit: abcdefghijkl\n", "Ggw-Unit", buf, 5), 1);
	assert_string_equal(buf, "abcd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_only),
		cmocka_unit_test(test_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
