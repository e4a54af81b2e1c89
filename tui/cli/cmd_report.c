/* ggw report and ggw audit: load the ledger, compute (records/report.c,
 * records/audit.c), print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../model/date.h"
#include "../../model/opts.h"
#include "../../records/audit.h"
#include "../../records/ledger.h"
#include "../../records/report.h"
#include "../../records/unitname.h"
#include "../../storage/fsutil.h"
#include "cli.h"
#include "cmd_report_form.h"
#include "cmd_papers.h"

/* The ledger for a year's figures: *year (0: this year) settled, the
 * repository opened and the ledger loaded. */
static int load_year(struct cli *cli, int *year, struct repo **repo, struct ledger *l,
		     struct ggw_error *err)
{
	int rc;

	if (!*year)
		*year = date_today() / 10000;
	if ((rc = cli_open_repo(cli, repo, err)) < 0)
		return rc;
	if ((rc = ledger_load(*repo, l, err)) < 0) {
		repo_close(*repo);
		*repo = NULL;
	}
	return rc;
}

struct report_args {
	struct report_print_opts print;
	const char *unit, *out_path;
	int year;
};

static int report_parse(int argc, char **argv, struct report_args *a, struct ggw_error *err)
{
	const char *year = NULL, *format = NULL;
	const struct opt_def defs[] = {
		OPT_INTO("--year", &year),         OPT_INTO("--unit", &a->unit),
		OPT_INTO("--format", &format),     OPT_INTO("-o", &a->out_path),
		OPT_INTO("--output", &a->out_path), OPT_SET("--excel", &a->print.excel),
		OPT_END,
	};
	int rc, fmt = 0;

	if ((rc = opt_parse(argc, argv, 1, defs, NULL, 0, err)) < 0 ||
	    (year && (rc = opt_year(year, &a->year, err)) < 0))
		return rc;
	if (format && (fmt = report_format_from_key(format)) < 0)
		return cli_usage_error(err, "report", _("--format 只能是 text、md、csv、html 或 pdf"));
	if (format)
		a->print.format = (enum report_format)fmt;
	return 0;
}

/* The report into -o FILE: written whole or not at all. */
static int report_to_file(const struct report *r, const struct report_args *a,
			  struct ggw_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return ggw_oom(err);
	rc = report_print(f, r, &a->print, err);
	if (fclose(f) != 0 && rc == 0)
		rc = ggw_oom(err);
	/* atomic_write's message names the file and the reason. */
	if (rc == 0 && (rc = atomic_write(a->out_path, buf, len, err)) == 0)
		fprintf(stderr, _("报表已保存到 %s\n"), a->out_path); /* stdout stays empty */
	free(buf);
	return rc;
}

int cmd_report(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct report_args a = { { REPORT_TEXT, 0 }, NULL, NULL, 0 };
	struct repo *repo = NULL;
	struct ledger l;
	struct report r;
	int rc;

	if (cli_wants_help(argc, argv, "report"))
		return 0;
	if (report_wants_form(argc, argv)) /* the district's form */
		return cmd_report_form(cli, argc, argv, err);
	if (cmd_report_pdf_wanted(argc, argv))
		return cmd_report_pdf(cli, argc, argv, err);
	if ((rc = report_parse(argc, argv, &a, err)) < 0)
		return rc;
	if ((rc = load_year(cli, &a.year, &repo, &l, err)) < 0)
		return rc;
	memset(&r, 0, sizeof(r));
	if (!a.unit || (rc = units_resolve(&l.units, a.unit, &a.unit, err)) == 0)
		rc = report_compute(&l, a.year, a.unit, 0, &r, err);
	if (rc == 0 && a.out_path)
		rc = report_to_file(&r, &a, err);
	else if (rc == 0)
		rc = report_print(stdout, &r, &a.print, err);
	report_free(&r);
	ledger_free(&l);
	repo_close(repo);
	return rc;
}

int cmd_audit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *year_arg = NULL;
	const struct opt_def defs[] = { OPT_INTO("--year", &year_arg), OPT_END };
	struct repo *repo = NULL;
	struct ledger l;
	struct audit a;
	int year = 0, rc;

	if (cli_wants_help(argc, argv, "audit"))
		return 0;
	if ((rc = opt_parse(argc, argv, 1, defs, NULL, 0, err)) < 0 ||
	    (year_arg && (rc = opt_year(year_arg, &year, err)) < 0))
		return rc;
	if ((rc = load_year(cli, &year, &repo, &l, err)) < 0)
		return rc;
	rc = audit_compute(&l, year, 0, &a, err);
	if (rc == 0)
		rc = audit_print(stdout, &l, &a, err);
	if (rc == 0 && a.n > 0)
		rc = 1; /* something found: exit 1, for scripts */
	audit_free(&a);
	ledger_free(&l);
	repo_close(repo);
	return rc;
}
