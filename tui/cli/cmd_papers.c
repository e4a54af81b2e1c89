/* ggw print and ggw binder: PDF papers, made by ggw-papers (papers/). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "papers_run.h"

int cmd_print(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	if (cli_wants_help(argc, argv, "print"))
		return 0;
	return papers_exec(cli, argc, argv, err);
}

int cmd_binder(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	if (cli_wants_help(argc, argv, "binder"))
		return 0;
	return papers_exec(cli, argc, argv, err);
}

/* `ggw report --format pdf`: handed over as ggw-papers' report-pdf. */
int cmd_report_pdf_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if ((!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "pdf")) ||
		    !strcmp(argv[i], "--format=pdf"))
			return 1;
	}
	return 0;
}

int cmd_report_pdf(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int rc;

	if (!args)
		return ggw_oom(err);
	memcpy(args, argv, (size_t)argc * sizeof(*args));
	args[0] = "report-pdf";
	rc = papers_exec(cli, argc, args, err); /* returns only on failure */
	free(args);
	return rc;
}
