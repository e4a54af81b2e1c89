/* ggw report and ggw audit: load the ledger, compute (records/report.c,
 * records/audit.c), print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../records/audit.h"
#include "../../records/ledger.h"
#include "../../records/report.h"
#include "../../records/unitname.h"
#include "../../storage/fsutil.h"
#include "cli.h"

/* "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i. 1 if it
 * matched, -1 if the value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return 0;
	if (argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
}

static int parse_year(const char *s, int *year)
{
	char *end;
	long y = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || y < 1900 || y > 9999)
		return -1;
	*year = (int)y;
	return 0;
}

static int load(struct cli *cli, struct repo **repo, struct ledger *l, struct ggw_error *err)
{
	int rc;

	if ((rc = cli_open_repo(cli, repo, err)) < 0)
		return rc;
	if ((rc = ledger_load(*repo, l, err)) < 0) {
		repo_close(*repo);
		*repo = NULL;
	}
	return rc;
}

int cmd_report(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct report_print_opts opts = { REPORT_TEXT, 0 };
	const char *unit = NULL, *out_path = NULL, *val;
	struct repo *repo = NULL;
	struct ledger l;
	struct report r;
	int year = 0, rc, m;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (cli_wants_help(argc, argv, "report"))
		return 0;
	for (int i = 1; i < argc; i++) {
		val = NULL;
		if ((m = opt_value(argc, argv, &i, "--year", &val)) != 0) {
			if (m < 0 || parse_year(val, &year) < 0)
				return cli_usage_error(err, "report", _("--year 需要一个四位年份，如 2024"));
		} else if ((m = opt_value(argc, argv, &i, "--unit", &val)) != 0) {
			if (m < 0)
				return cli_usage_error(err, "report", _("--unit 需要一个单位代码"));
			unit = val;
		} else if ((m = opt_value(argc, argv, &i, "--format", &val)) != 0) {
			int fmt = m > 0 ? report_format_from_key(val) : -1;

			if (fmt < 0)
				return cli_usage_error(err, "report", _("--format 只能是 text、md、csv 或 html"));
			opts.format = (enum report_format)fmt;
		} else if ((m = opt_value(argc, argv, &i, "-o", &val)) != 0 ||
			   (m = opt_value(argc, argv, &i, "--output", &val)) != 0) {
			if (m < 0)
				return cli_usage_error(err, "report", _("-o 需要一个文件名"));
			out_path = val;
		} else if (!strcmp(argv[i], "--excel")) {
			opts.excel = 1;
		} else {
			return cli_usage_error(err, "report", _("不认识的参数：%s"), argv[i]);
		}
	}
	if (!year)
		year = report_today() / 10000;
	if ((rc = load(cli, &repo, &l, err)) < 0)
		return rc;
	rc = unit ? units_resolve(&l.units, unit, &unit, err) : 0;
	if (rc == 0)
		rc = report_compute(&l, year, unit, 0, &r, err);
	else
		memset(&r, 0, sizeof(r));
	if (rc == 0) {
		f = out_path ? open_memstream(&buf, &len) : stdout;
		if (!f)
			rc = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		else {
			rc = report_print(f, &r, &opts, err);
			if (out_path) {
				if (fclose(f) != 0 && rc == 0)
					rc = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
				/* atomic_write's message names the file and the reason. */
				if (rc == 0)
					rc = atomic_write(out_path, buf, len, err);
				if (rc == 0) /* stdout stays empty: the report is in the file */
					fprintf(stderr, _("报表已保存到 %s\n"), out_path);
			}
		}
	}
	free(buf);
	report_free(&r);
	ledger_free(&l);
	repo_close(repo);
	return rc;
}

int cmd_audit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *val;
	struct repo *repo = NULL;
	struct ledger l;
	struct audit a;
	int year = 0, rc, m;

	if (cli_wants_help(argc, argv, "audit"))
		return 0;
	for (int i = 1; i < argc; i++) {
		val = NULL;
		if ((m = opt_value(argc, argv, &i, "--year", &val)) != 0) {
			if (m < 0 || parse_year(val, &year) < 0)
				return cli_usage_error(err, "audit", _("--year 需要一个四位年份，如 2024"));
		} else {
			return cli_usage_error(err, "audit", _("不认识的参数：%s"), argv[i]);
		}
	}
	if (!year)
		year = report_today() / 10000;
	if ((rc = load(cli, &repo, &l, err)) < 0)
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
