#include "cli.h"

int cmd_report(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "report: not yet implemented");
}

int cmd_audit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "audit: not yet implemented");
}

