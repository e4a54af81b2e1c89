/* ggw report --form [--year Y] [--unit U] [--format xlsx|html|csv|text] [-o FILE] */
#include "cmd_report_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../records/ledger.h"
#include "../../records/report_form.h"
#include "papers_run.h"

int report_wants_form(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--form"))
			return 1;
	return 0;
}

/* xlsx needs libxlsxwriter: ggw-papers writes it (papers/form_xlsx.c),
 * as `ggw-papers --repo DIR form ARGS...` with the same arguments. */
static int form_by_papers(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int rc;

	if (!args)
		return ggw_oom(err);
	args[0] = "form";
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	rc = papers_exec(cli, argc, args, err); /* returns only on failure */
	free(args);
	return rc;
}

int cmd_report_form(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct report_form_opts o = { 0, NULL, NULL, FORM_TEXT };
	struct repo *repo = NULL;
	struct ledger l;
	struct report_form f;
	int loaded = 0, rc;

	if ((rc = report_form_parse(argc, argv, &o, err)) < 0)
		return rc;
	if (o.format == FORM_XLSX)
		return form_by_papers(cli, argc, argv, err);
	if ((rc = cli_open_repo(cli, &repo, err)) < 0)
		return rc;
	rc = report_form_load(repo, &o, &l, &loaded, &f, err);
	if (rc == 0 && o.out) {
		if ((rc = report_form_write_file(&f, o.format, o.out, err)) == 0)
			fprintf(stderr, _("报表已保存到 %s\n"), o.out);
	} else if (rc == 0) {
		rc = report_form_print(stdout, &f, o.format, err);
	}
	report_form_free(&f);
	if (loaded)
		ledger_free(&l);
	repo_close(repo);
	return rc;
}
