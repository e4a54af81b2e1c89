/* ggw case key CODE [--set TEXT | --delete] */
#include "cli.h"
#include "cmd_case.h"

#include <stdlib.h>
#include <string.h>

#include "../../model/record.h"
#include "../../records/casekeys.h"
#include "../../records/ledger.h"
#include "../../records/ops.h"

void case_code_of(struct repo *r, const char *id, char *code, size_t len)
{
	char relpath[512];
	struct node rec;
	const char *s;

	if (len)
		code[0] = '\0';
	if (!id || record_type_of_id(id) != REC_CASE ||
	    ops_find_path(r, id, relpath, sizeof(relpath), NULL) < 0 ||
	    record_load_file(r, relpath, &rec, NULL) < 0)
		return;
	if ((s = node_map_str(&rec, "code")) && case_code_valid(s))
		snprintf(code, len, "%s", s);
	node_free(&rec);
}

void case_key_hint(struct repo *r, const char *code)
{
	char *text = NULL;

	if (!code || !*code || casekeys_get(r, code, &text, NULL) < 0)
		return;
	free(text);
	fprintf(stderr, _("提示：本机还保存着对象编号 %s 对应的信息；帮扶结束后请用 ggw case key %s --delete 销毁\n"),
		code, code);
}

void case_key_hint_if_closed(struct repo *r, const struct node *rec)
{
	const char *status = node_map_str(rec, "status");

	if (status && !strcmp(status, "closed"))
		case_key_hint(r, node_map_str(rec, "code"));
}

/* Is code the code of some case record of the ledger? */
static int code_in_ledger(struct repo *r, const char *code)
{
	struct ledger l;
	int found = 0;

	if (ledger_load(r, &l, NULL) < 0)
		return 1; /* cannot tell: no warning */
	for (size_t k = 0; k < l.n && !found; k++)
		found = l.v[k].type == REC_CASE && l.v[k].valid && !strcmp(l.v[k].title, code);
	ledger_free(&l);
	return found;
}

static int case_key(struct repo *r, const char *code, const char *set, int del,
		    struct ggw_error *err)
{
	char *text = NULL, path[4096];
	int rc;

	if (set) {
		if (!*set)
			return cli_usage_error(err, "case", _("--set 需要内容；要销毁请用 --delete"));
		if (!code_in_ledger(r, code))
			fprintf(stderr, _("注意：台账里还没有对象编号为 %s 的关爱对象记录\n"), code);
		if ((rc = casekeys_set(r, code, set, err)) < 0)
			return rc;
		casekeys_path(r, path, sizeof(path), NULL);
		printf(_("已保存对象编号 %s 的对应信息（只在本机：%s）\n"), code, path);
		return 0;
	}
	if (del) {
		if ((rc = casekeys_delete(r, code, err)) < 0)
			return rc;
		printf(rc ? _("已销毁对象编号 %s 的对应信息\n") : _("本机没有对象编号 %s 的对应信息\n"), code);
		return 0;
	}
	if ((rc = casekeys_get(r, code, &text, err)) < 0)
		return rc;
	printf("%s\n", text);
	free(text);
	return 0;
}

int cmd_case(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *code = NULL, *set = NULL;
	struct repo *r = NULL;
	int del = 0, rc;

	if (cli_wants_help(argc, argv, "case"))
		return 0;
	if (argc < 3 || strcmp(argv[1], "key"))
		return cli_usage_error(err, "case", _("用法是 ggw case key CODE [--set TEXT | --delete]"));
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--delete"))
			del = 1;
		else if (!strcmp(argv[i], "--set") && i + 1 < argc)
			set = argv[++i];
		else if (!strncmp(argv[i], "--set=", 6))
			set = argv[i] + 6;
		else if (argv[i][0] != '-' && !code)
			code = argv[i];
		else
			return cli_usage_error(err, "case", _("无法识别的参数“%s”"), argv[i]);
	}
	if (!code)
		return cli_usage_error(err, "case", _("缺少对象编号 CODE"));
	if (set && del)
		return cli_usage_error(err, "case", _("--set 和 --delete 只能用一个"));
	if (!case_code_valid(code))
		return cli_usage_error(err, "case", _("对象编号“%s”无效：应为大写字母或数字开头，由大写字母、数字和 - 组成，2 到 20 个字符"),
				       code);
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	rc = case_key(r, code, set, del, err);
	repo_close(r);
	return rc;
}
