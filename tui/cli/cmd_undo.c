/* ggw undo, ggw restore: thin commands over records/undo.h. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "../../model/opts.h"
#include "../../model/rectype.h"
#include "../../model/text.h"
#include "../../records/history.h"
#include "../../records/undo.h"

static int open_with_actor(struct cli *cli, struct repo **r, struct actor *a,
			   struct ggw_error *err)
{
	int rc;

	ops_set_notice(cli_notice, NULL);
	if ((rc = cli_open_repo(cli, r, err)) < 0)
		return rc;
	if ((rc = actor_load(*r, a, err)) < 0) {
		repo_close(*r);
		*r = NULL;
	}
	return rc;
}

int cmd_undo(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct actor a = { 0 };
	struct undo_target t = { 0 };
	char commit[41];
	int rc;

	if (cli_wants_help(argc, argv, "undo"))
		return 0;
	if ((rc = opt_positionals(argc, argv, 1, NULL, 0, err)) < 0)
		return rc;
	if ((rc = open_with_actor(cli, &r, &a, err)) < 0)
		return rc;
	if ((rc = ops_undo(r, &a, &t, commit, err)) == 0) {
		size_t lr = strlen("重做：");

		/* "撤销：X" commits undo X, "重做：X" ones do X again */
		if (!strncmp(t.next_subject, "重做：", lr))
			printf(_("已重做：%s（撤销了提交 %.8s）\n"), t.next_subject + lr, t.commit);
		else
			printf(_("已撤销：%s（提交 %.8s）\n"), t.next_subject + strlen("撤销："), t.commit);
	}
	undo_target_free(&t);
	actor_free(&a);
	repo_close(r);
	return rc;
}

static int restore_list(struct repo *r, struct ggw_error *err)
{
	struct deleted_record *v = NULL;
	size_t n = 0;
	int rc;

	if ((rc = deleted_records(r, &v, &n, err)) < 0)
		return rc;
	if (!n)
		printf(_("没有已删除的记录\n"));
	for (size_t i = 0; i < n; i++) {
		const struct record_type_def *def = record_type_def(v[i].type);
		char when[32], who[320];

		format_commit_time(v[i].time, v[i].tz_minutes, when, sizeof(when));
		if (*v[i].deleter_unit)
			snprintf(who, sizeof(who), _("%s（%s）"), v[i].author, v[i].deleter_unit);
		else
			snprintf(who, sizeof(who), "%s", v[i].author);
		text_pad(stdout, v[i].id, 19);
		printf("  %s  ", when);
		text_pad(stdout, who, 24);
		printf("  %s%s%s\n", def ? _(def->label) : "", _("："), v[i].title);
	}
	deleted_records_free(v, n);
	return 0;
}

int cmd_restore(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct actor a = { 0 };
	struct problems probs = { 0 };
	const char *id = NULL;
	char relpath[512];
	int rc, list = 0;

	if (cli_wants_help(argc, argv, "restore"))
		return 0;
	{
		const struct opt_def opts[] = { OPT_SET("--list", &list), OPT_END };
		const char **pos[1] = { &id };

		if ((rc = opt_parse(argc, argv, 1, opts, pos, 1, err)) < 0)
			return rc;
	}
	if (list == !!id)
		return cli_usage_error(err, "restore", _("需要一个记录编号 ID，或 --list"));
	if (list) {
		ops_set_notice(cli_notice, NULL);
		if ((rc = cli_open_repo(cli, &r, err)) < 0)
			return rc;
		rc = restore_list(r, err);
		repo_close(r);
		return rc;
	}
	if ((rc = open_with_actor(cli, &r, &a, err)) < 0)
		return rc;
	if ((rc = ops_restore(r, &a, id, relpath, &probs, err)) == 0)
		printf(_("已恢复 %s（%s）\n"), id, relpath);
	else
		for (size_t k = 1; k < probs.n; k++)
			fprintf(stderr, "%s\n", probs.v[k].msg);
	problems_free(&probs);
	actor_free(&a);
	repo_close(r);
	return rc;
}
