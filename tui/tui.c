#include "cli.h"

int cmd_tui(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "tui: not yet implemented");
}

