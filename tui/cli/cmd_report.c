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
#include "../../storage/fsutil.h"
#include "cli.h"

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
	enum { O_YEAR, O_UNIT, O_FORMAT, O_OUT, O_OUTPUT, O_EXCEL };
	static const struct opt_def defs[] = {
		[O_YEAR] = { "--year", 1 }, [O_UNIT] = { "--unit", 1 }, [O_FORMAT] = { "--format", 1 },
		[O_OUT] = { "-o", 1 },      [O_OUTPUT] = { "--output", 1 }, [O_EXCEL] = { "--excel", 0 },
		{ NULL, 0 },
	};
	struct opt_iter it;
	const char *v;
	int k, fmt, rc = 0;

	opt_start(&it, argc, argv, 1);
	while (rc == 0 && (k = opt_next(&it, defs, &v, err)) != OPT_DONE) {
		if (k < 0)
			return k;
		if (k == O_YEAR)
			rc = opt_year(v, &a->year, err);
		else if (k == O_UNIT)
			a->unit = v;
		else if (k == O_FORMAT && (fmt = report_format_from_key(v)) >= 0)
			a->print.format = (enum report_format)fmt;
		else if (k == O_FORMAT)
			rc = cli_usage_error(err, "report", _("--format 只能是 text、md、csv 或 html"));
		else if (k == O_OUT || k == O_OUTPUT)
			a->out_path = v;
		else if (k == O_EXCEL)
			a->print.excel = 1;
		else
			rc = opt_unknown(err, "report", v);
	}
	return rc;
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
	if ((rc = report_parse(argc, argv, &a, err)) < 0)
		return rc;
	if ((rc = load_year(cli, &a.year, &repo, &l, err)) < 0)
		return rc;
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
	static const struct opt_def defs[] = { { "--year", 1 }, { NULL, 0 } };
	struct opt_iter it;
	struct repo *repo = NULL;
	struct ledger l;
	struct audit a;
	const char *v;
	int year = 0, rc, k;

	if (cli_wants_help(argc, argv, "audit"))
		return 0;
	opt_start(&it, argc, argv, 1);
	while ((k = opt_next(&it, defs, &v, err)) != OPT_DONE) {
		if (k < 0)
			return k;
		if (k == OPT_POSITIONAL)
			return opt_unknown(err, "audit", v);
		if ((rc = opt_year(v, &year, err)) < 0)
			return rc;
	}
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
