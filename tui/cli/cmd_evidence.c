/* ggw attach and ggw evidence list|withdraw|export (records/evidence.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/opts.h"
#include "../../records/evidence.h"
#include "../../records/evidence_sync.h"
#include "cli.h"
#include "cmd_evidence.h"

static void size_text(size_t bytes, char *buf, size_t len)
{
	if (bytes >= 1024 * 1024)
		snprintf(buf, len, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
	else
		snprintf(buf, len, "%.0f KB", (double)bytes / 1024.0 + 0.5);
}

/* One line per item: "1. 照片 312 KB 1600×1200 说明 [拍到未成年人] (hash)". */
void cli_print_evidence(const struct evidence_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char size[32] = "";

		if (v[i].present)
			size_text(v[i].bytes, size, sizeof(size));
		printf("%zu. %s  %s  %s%s%s  %s\n", i + 1, evidence_kind_label(v[i].kind),
		       v[i].present ? size : _("本机还没有（尚未同步过来）"),
		       v[i].caption ? v[i].caption : "", v[i].minors_visible ? _("（拍到未成年人）") : "",
		       v[i].present && v[i].unsent ? _("（还没有发送）") : "", v[i].sha256);
	}
}

int cmd_attach(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *kind = NULL, *caption = NULL, *val;
	int minors = 0, k, rc;
	const struct opt_def defs[] = { OPT_VALUE("--kind"), OPT_VALUE("--caption"),
					OPT_FLAG("--minors-visible"), OPT_END };
	struct evidence_attach_opts o;
	struct evidence_item *items = NULL;
	const char **files = NULL, *id = NULL;
	size_t nfiles = 0;
	struct repo *r = NULL;
	struct actor a = { 0 };
	struct opt_iter it;

	if (cli_wants_help(argc, argv, "attach"))
		return 0;
	if (!(files = calloc((size_t)argc + 1, sizeof(*files))))
		return ggw_oom(err);
	opt_start(&it, argc, argv, 1);
	while ((k = opt_next(&it, defs, &val, err)) != OPT_DONE) {
		if (k < 0) {
			rc = k;
			goto done;
		}
		if (k == 0)
			kind = val;
		else if (k == 1)
			caption = val;
		else if (k == 2)
			minors = 1;
		else if (!id)
			id = val;
		else
			files[nfiles++] = val;
	}
	if (!id || !nfiles) {
		rc = cli_usage_error(err, "attach", _("需要记录编号 ID 和至少一个文件"));
		goto done;
	}
	if (kind && strcmp(kind, "photo") && strcmp(kind, "scan") && strcmp(kind, "file")) {
		rc = cli_usage_error(err, "attach", _("--kind 只能是 photo、scan 或 file"));
		goto done;
	}
	memset(&o, 0, sizeof(o));
	o.kind = kind;
	o.caption = caption;
	o.minors_visible = minors;
	if (!(items = calloc(nfiles, sizeof(*items)))) {
		rc = ggw_oom(err);
		goto done;
	}
	if ((rc = cli_open_repo(cli, &r, err)) < 0 || (rc = actor_load(r, &a, err)) < 0)
		goto done;
	if ((rc = evidence_attach(r, &a, id, files, nfiles, &o, items, err)) < 0)
		goto done;
	printf(_("已给 %s 附上 %zu 个文件：\n"), id, nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		char size[32];

		size_text(items[i].bytes, size, sizeof(size));
		if (items[i].width)
			printf("  %s → %s %d×%d  %s\n", files[i], size, items[i].width, items[i].height,
			       items[i].sha256);
		else
			printf("  %s → %s  %s\n", files[i], size, items[i].sha256);
	}
done:
	evidence_items_free(items, items ? nfiles : 0);
	actor_free(&a);
	repo_close(r);
	free(files);
	return rc;
}

static int evidence_list_cmd(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL;
	struct evidence_item *v = NULL;
	struct repo *r = NULL;
	size_t n = 0;
	int rc;

	if ((rc = opt_positionals(argc, argv, 2, (const char **[]){ &id }, 1, err)) < 0)
		return rc;
	if (!id)
		return cli_usage_error(err, "evidence", _("缺少记录编号 ID"));
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = evidence_list(r, id, &v, &n, err)) == 0) {
		if (!n)
			printf(_("%s 没有佐证材料\n"), id);
		cli_print_evidence(v, n);
	}
	evidence_items_free(v, n);
	repo_close(r);
	return rc;
}

static int evidence_withdraw_cmd(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *hash = NULL, *why = NULL;
	const struct opt_def defs[] = { OPT_INTO("--why", &why), OPT_END };
	struct repo *r = NULL;
	struct actor a = { 0 };
	int rc;

	if ((rc = opt_parse(argc, argv, 2, defs, (const char **[]){ &hash }, 1, err)) < 0)
		return rc;
	if (!hash || !why || !why[0])
		return cli_usage_error(err, "evidence", _("撤回要给出 HASH 和 --why 原因"));
	if ((rc = cli_open_repo(cli, &r, err)) < 0 || (rc = actor_load(r, &a, err)) < 0)
		goto done;
	if ((rc = evidence_withdraw(r, &a, hash, why, err)) == 0)
		printf(_("已撤回 %.12s…：本机的文件已删除，其他电脑和中转仓库在下次同步时删除\n"), hash);
done:
	actor_free(&a);
	repo_close(r);
	return rc;
}

static int evidence_export_cmd(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL, *dir = NULL;
	struct repo *r = NULL;
	size_t written = 0;
	int rc;

	if ((rc = opt_positionals(argc, argv, 2, (const char **[]){ &id, &dir }, 2, err)) < 0)
		return rc;
	if (!id || !dir)
		return cli_usage_error(err, "evidence", _("导出要给出记录编号 ID 和文件夹 DIR"));
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = evidence_export(r, id, dir, &written, err)) == 0)
		printf(_("已把 %zu 个文件写到 %s\n"), written, dir);
	repo_close(r);
	return rc;
}

int cmd_evidence(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	if (cli_wants_help(argc, argv, "evidence"))
		return 0;
	if (argc < 2)
		return cli_usage_error(err, "evidence", _("缺少子命令（list、withdraw 或 export）"));
	if (!strcmp(argv[1], "list"))
		return evidence_list_cmd(cli, argc, argv, err);
	if (!strcmp(argv[1], "withdraw"))
		return evidence_withdraw_cmd(cli, argc, argv, err);
	if (!strcmp(argv[1], "export"))
		return evidence_export_cmd(cli, argc, argv, err);
	return cli_usage_error(err, "evidence", _("不认识的子命令“%s”"), argv[1]);
}

/* ggw status: this unit's evidence files on no remote yet. */
void evidence_status_line(struct repo *r, const char *unit)
{
	size_t files = 0;
	uint64_t bytes = 0;
	char size[32];
	struct ggw_error e = { 0, "" };

	if (!unit || evidence_unsent(r, unit, &files, &bytes, &e) < 0 || !files)
		return;
	size_text((size_t)bytes, size, sizeof(size));
	printf(_("未发送的佐证材料：%zu 个文件（%s），下次 ggw sync 发送\n"), files, size);
}

/* ggw show: the record's evidence with sizes and whether this PC has it. */
void evidence_show_lines(struct repo *r, const struct node *rec)
{
	struct evidence_item *v = NULL;
	size_t n = 0;
	struct ggw_error e = { 0, "" };

	if (evidence_items_of(r, rec, &v, &n, &e) < 0 || !n)
		return;
	printf(_("佐证材料文件（%zu 个）：\n"), n);
	cli_print_evidence(v, n);
	evidence_items_free(v, n);
}
