/* ggw score [--year Y] [--unit U] [--format text|csv] [--form]. */
#include <stdio.h>
#include <string.h>

#include "../../model/date.h"
#include "../../model/opts.h"
#include "../../records/ledger.h"
#include "../../records/score.h"
#include "cmd_rules.h"

int cmd_score(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *year_arg = NULL, *unit = NULL, *format = NULL;
	int form = 0, year = 0, fmt = SCORE_TEXT, rc;
	const struct opt_def defs[] = {
		OPT_INTO("--year", &year_arg), OPT_INTO("--unit", &unit),
		OPT_INTO("--format", &format), OPT_SET("--form", &form), OPT_END,
	};
	struct repo *repo = NULL;
	struct ledger l;
	struct score s;

	if (cli_wants_help(argc, argv, "score"))
		return 0;
	if ((rc = opt_parse(argc, argv, 1, defs, NULL, 0, err)) < 0 ||
	    (year_arg && (rc = opt_year(year_arg, &year, err)) < 0))
		return rc;
	if (format && (fmt = score_format_from_key(format)) < 0)
		return cli_usage_error(err, "score", _("--format 只能是 text 或 csv"));
	if (!year)
		year = date_today() / 10000;
	if ((rc = cli_open_repo(cli, &repo, err)) < 0)
		return rc;
	if ((rc = ledger_load(repo, &l, err)) < 0) {
		repo_close(repo);
		return rc;
	}
	rc = score_compute(&l, year, unit, 0, &s, err);
	if (rc == 0 && form)
		rc = score_print_form(stdout, &s, (enum score_format)fmt, err);
	else if (rc == 0)
		rc = score_print(stdout, &s, (enum score_format)fmt, err);
	score_free(&s);
	ledger_free(&l);
	repo_close(repo);
	return rc;
}
