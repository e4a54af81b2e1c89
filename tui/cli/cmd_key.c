/* ggw key SUBCOMMAND: a small table of subcommands (see cmd_key.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/opts.h"
#include "../../records/ledger.h"
#include "../../records/pckey.h"
#include "../../records/unitname.h"
#include "../../storage/sshsig.h"
#include "cmd_key.h"
#include "cmd_key_admin.h"

struct key_subcommand {
	const char *name;
	key_subcommand_fn fn;
};

/* One row per subcommand. */
static const struct key_subcommand key_subcommands[] = {
	{ "show", key_show },
	{ "add", cmd_key_admin },     /* cmd_key_admin.c: the office's keys */
	{ "revoke", cmd_key_admin },
	{ "list", cmd_key_admin },
	{ "request", cmd_key_admin },
	{ "accept", cmd_key_admin },
	{ "resign", cmd_key_admin },
};

/* "xinyi ssh-ed25519 AAAA... 新义村关工委 wang-pc": the line the office
 * registers (git's allowed-signers format, principal = the unit key). */
static int signer_line(const char *unit, const struct ssh_seckey *key, char **out,
		       struct ggw_error *err)
{
	char *line = NULL;
	int rc;

	*out = NULL;
	if ((rc = sshkey_format_line(sshkey_public(key), sshkey_comment(key), &line, err)) < 0)
		return rc;
	if (asprintf(out, "%s %s", unit, line) < 0) {
		*out = NULL;
		rc = ggw_oom(err);
	}
	free(line);
	return rc;
}

static void print_details(struct repo *r, const char *unit, const char *line,
			  const struct ssh_seckey *key, const char *path, int made)
{
	struct units u = { 0 };
	char label[512], fp[64], code[24];

	units_label_key(units_load(r, &u, NULL) == 0 ? &u : NULL, unit, label, sizeof(label));
	units_free(&u);
	sshkey_fingerprint(sshkey_public(key), fp);
	sshkey_phone_code(sshkey_public(key), code);
	if (made)
		printf(_("（这台电脑还没有签名密钥，已新建）\n"));
	printf(_("本机单位：%s\n"), label);
	printf(_("公钥：%s\n"), line);
	printf(_("指纹：%s\n"), fp);
	printf(_("电话核对码：%s\n"), code);
	printf(_("密钥文件：%s\n"), path);
	printf(_("请把公钥交给街道办公室登记；登记时在电话里核对指纹或核对码。\n"));
}

int key_show(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	int only_line = 0, made = 0, rc;
	const struct opt_def defs[] = { OPT_SET("--line", &only_line), OPT_END };
	struct ssh_seckey *key = NULL;
	struct repo *r = NULL;
	char path[4096], *unit = NULL, *line = NULL;

	if ((rc = opt_parse(argc, argv, 2, defs, NULL, 0, err)) < 0)
		return rc;
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = repo_config_get(r, "ggw.unit", &unit, err)) < 0)
		goto done;
	if (!unit || !*unit) {
		rc = ggw_fail(err, GGW_EINVALID,
			      _("这台电脑还没有设置单位：ggw config ggw.unit <单位代码>"));
		goto done;
	}
	if ((rc = pckey_ensure(r, &made, err)) < 0 ||
	    (rc = pckey_path(r, path, sizeof(path), NULL, err)) < 0 ||
	    (rc = sshkey_load_file(path, &key, err)) < 0 ||
	    (rc = signer_line(unit, key, &line, err)) < 0)
		goto done;
	if (only_line)
		printf("%s\n", line);
	else
		print_details(r, unit, line, key, path, made);
done:
	free(line);
	free(unit);
	sshkey_free(key);
	repo_close(r);
	return rc;
}

int cmd_key(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	size_t i, n = sizeof(key_subcommands) / sizeof(key_subcommands[0]);

	if (argc < 2)
		return cli_usage_error(err, "key", _("ggw key 后面要写子命令，如 ggw key show"));
	if (cli_wants_help(argc, argv, "key"))
		return 0;
	for (i = 0; i < n; i++)
		if (!strcmp(argv[1], key_subcommands[i].name))
			return key_subcommands[i].fn(cli, argc, argv, err);
	return cli_usage_error(err, "key", _("ggw key 没有“%s”这个子命令"), argv[1]);
}
