/* keys/allowed_signers (model/signers.c): parse, write, hostile lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../model/signers.h"

#define KEY1 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH9YxHJnmgRdsPJzbzScB6EqtcSEENbAotgoZonhkTKZ"

static void test_round_trip(void **state)
{
	const char *in = "# ggw\n\nxinyi namespaces=\"git\" " KEY1 " 新义村 王秀英的电脑\n"
			 "office namespaces=\"git\",valid-before=\"20261201120000Z\" " KEY1 "\n";
	struct signers s;
	struct ggw_error err = { 0, "" };
	char *out = NULL, b64[128], unit[64];
	size_t len = 0;

	(void)state;
	assert_int_equal(signers_parse("keys/allowed_signers", in, strlen(in), &s, &err), 0);
	assert_int_equal(s.n, 4);
	assert_non_null(s.v[0].raw);
	assert_string_equal(s.v[2].principals, "xinyi");
	assert_string_equal(s.v[2].note, "新义村 王秀英的电脑");
	assert_true(s.v[2].ed25519);
	assert_true(signer_allows(&s.v[2], "xinyi", "git"));
	assert_false(signer_allows(&s.v[2], "xin", "git"));
	assert_false(signer_allows(&s.v[2], "xinyi", "file"));
	assert_int_equal(s.v[3].before, 1796126400);
	assert_true(signer_valid_at(&s.v[3], 1796126400));
	assert_false(signer_valid_at(&s.v[3], 1796126401));
	assert_int_equal(signers_find_key(&s, s.v[2].key, 0), 2);
	assert_int_equal(signers_find_key(&s, s.v[2].key, 3), 3);
	signers_key_b64(s.v[2].key, b64, sizeof(b64));
	assert_string_equal(b64, &KEY1[12]);
	signer_first_principal(&s.v[3], unit, sizeof(unit));
	assert_string_equal(unit, "office");
	assert_int_equal(signers_format(&s, &out, &len, &err), 0);
	assert_string_equal(out, in);
	free(out);
	assert_int_equal(signers_revoke(&s, 2, 0, &err), 0);
	assert_int_equal(signers_revoke(&s, 2, 0, &err), GGW_EINVALID);
	assert_string_equal(s.v[2].valid_before, "19700101000000Z");
	assert_int_equal(signers_add(&s, "nanhu", s.v[2].key, "x", &err), GGW_EINVALID);
	signers_free(&s);
}

static void test_add(void **state)
{
	struct signers s = { 0 };
	struct ggw_error err = { 0, "" };
	unsigned char key[32];
	char *out = NULL;
	size_t len = 0;

	(void)state;
	memset(key, 7, sizeof(key));
	assert_int_equal(signers_add(&s, "nanhu", key, "南湖\t电脑\n ", &err), 0);
	assert_int_equal(signers_add(&s, "bad unit", key, NULL, &err), GGW_EINVALID);
	assert_int_equal(signers_format(&s, &out, &len, &err), 0);
	assert_non_null(strstr(out, "nanhu namespaces=\"git\" ssh-ed25519 AAAA"));
	assert_non_null(strstr(out, " 南湖 电脑\n"));
	signers_free(&s);
	assert_int_equal(signers_parse("f", out, len, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_memory_equal(s.v[0].key, key, 32);
	signers_free(&s);
	free(out);
}

static void refused(const char *in, const char *want)
{
	struct signers s;
	struct ggw_error err = { 0, "" };

	assert_int_equal(signers_parse("keys/allowed_signers", in, strlen(in), &s, &err), GGW_EINVALID);
	assert_non_null(strstr(err.msg, want));
	assert_int_equal(s.n, 0);
}

static void test_hostile(void **state)
{
	char *big;

	(void)state;
	refused("x\n", "第 1 行");
	refused("# a\nxinyi bogus=\"1\" " KEY1 "\n", "第 2 行");
	refused("xinyi namespaces=git " KEY1 "\n", "双引号");
	refused("xinyi valid-before=\"2026\" " KEY1 "\n", "YYYYMMDD");
	refused("xinyi namespaces=\"git " KEY1 "\n", "第 1 行");
	refused("xinyi ssh-ed25519 AAAA!!\n", "ed25519");
	refused("xinyi ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH9Y\n", "ed25519");
	refused("xinyi " KEY1 " a\033[2Jb\n", "控制字符");
	refused("\"xinyi\" " KEY1 "\n", "第 1 行");
	big = malloc(SIGNERS_MAX_LINE + 10);
	memset(big, 'a', SIGNERS_MAX_LINE + 8);
	big[SIGNERS_MAX_LINE + 8] = '\0';
	refused(big, "太长");
	free(big);
	{
		struct signers s;
		struct ggw_error err = { 0, "" };

		assert_int_equal(signers_parse("f", "a\0b", 3, &s, &err), GGW_EINVALID);
		/* Other key types are kept but never usable by ggw. */
		assert_int_equal(signers_parse("f", "xinyi ssh-rsa AAAAB3Nza\r\n", 24, &s, &err), 0);
		assert_int_equal(s.n, 1);
		assert_false(s.v[0].ed25519);
		assert_string_equal(s.v[0].keyb64, "AAAAB3Nza");
		signers_free(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
