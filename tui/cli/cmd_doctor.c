/* ggw doctor: run records/doctor.c's checks and print one line per check.
 * Exit status 1 when a problem was found. */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../model/opts.h"
#include "../../records/doctor.h"
#include "cli.h"

static const char *mark(enum doctor_status s)
{
	switch (s) {
	case DOCTOR_OK:
		return "✓";
	case DOCTOR_PROBLEM:
		return "✗";
	default:
		return "－";
	}
}

int cmd_doctor(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct doctor_options o = { 0, 0, 0, 0 };
	const struct opt_def defs[] = { OPT_SET("--network", &o.network), OPT_END };
	struct doctor_report d;
	struct ggw_error open_err = { 0, "" };
	struct repo *r = NULL;
	struct winsize ws;
	size_t problems;
	int rc;

	if (cli_wants_help(argc, argv, "doctor"))
		return 0;
	if ((rc = opt_parse(argc, argv, 1, defs, NULL, 0, err)) < 0)
		return rc;
	if (cli->stdout_tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
		o.tty = 1;
		o.cols = ws.ws_col;
		o.rows = ws.ws_row;
	}
	if (cli_open_repo(cli, &r, &open_err) < 0)
		r = NULL;
	rc = doctor_run(r, open_err.msg, &o, &d, err);
	if (rc == 0) {
		for (size_t i = 0; i < d.n; i++) {
			const struct doctor_finding *f = &d.v[i];

			if (f->fix[0])
				printf(_("%s %s：%s；解决办法：%s\n"), mark(f->status), f->check, f->found, f->fix);
			else
				printf(_("%s %s：%s\n"), mark(f->status), f->check, f->found);
		}
		problems = doctor_problems(&d);
		if (problems)
			printf(_("发现 %zu 个问题。\n"), problems);
		else
			printf("%s\n", _("没有发现问题。"));
		rc = problems ? 1 : 0;
	}
	doctor_report_free(&d);
	repo_close(r);
	return rc;
}
