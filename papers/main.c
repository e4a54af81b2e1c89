/* ggw-papers: the printing half of ggw (xlsx forms, PDF reports, record
 * sheets, binders). It is a program of its own so that the libraries it
 * needs (cairo, pango, libxlsxwriter) are loaded only when something is
 * printed; `ggw` execs it as `ggw-papers --repo DIR COMMAND ARGS...`
 * (tui/cli/papers_run.c) and the interface runs it as a child. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/err.h"
#include "../model/i18n.h"
#include "../storage/repo.h"
#include "../storage/safeout.h"
#include "papers.h"
#include "pdf_binder.h"
#include "pdf_doc.h"
#include "pdf_report.h"
#include "pdf_sheet.h"

/* One row per printing command; argv[0] of the handler is the command. */
static const struct papers_command {
	const char *name;
	int (*run)(struct repo *r, int argc, char **argv, struct ggw_error *err);
} commands[] = {
	{ "form", papers_form },
	/* PDF (papers/pdf_*.c): `ggw report --format pdf`, `ggw print`, `ggw binder` */
	{ "report-pdf", papers_report_pdf },
	{ "print", papers_print },
	{ "binder", papers_binder },
	{ NULL, NULL }
};

static int run_command(const char *dir, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	char *lang = NULL;
	int rc;

	for (const struct papers_command *c = commands; c->name; c++) {
		if (strcmp(c->name, argv[0]) != 0)
			continue;
		if ((rc = repo_open(dir, &r, err)) < 0)
			return rc;
		if (repo_config_get(r, "ggw.lang", &lang, NULL) == 0 && lang) {
			i18n_init(lang);
			free(lang);
		}
		rc = c->run(r, argc, argv, err);
		repo_close(r);
		return rc;
	}
	return ggw_fail(err, GGW_EUSAGE, _("打印程序不认识的命令：%s"), argv[0]);
}

int main(int argc, char **argv)
{
	struct ggw_error err = { 0, "" };
	int rc;

	/* Titles, names and file names from records reach the terminal in
	 * messages: escaped as everything ggw prints is. */
	safeout_install();
	i18n_init(NULL);
	if (argc < 4 || strcmp(argv[1], "--repo") != 0) {
		fprintf(stderr, "%s\n", _("ggw-papers 由 ggw 调用，不单独使用"));
		return 2;
	}
	rc = run_command(argv[2], argc - 3, argv + 3, &err);
	pdf_library_end();
	if (rc < 0) {
		fprintf(stderr, "ggw: %s\n", err.msg);
		return ggw_exit_status(rc);
	}
	return 0;
}
