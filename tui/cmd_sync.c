#include "cli.h"

int cmd_remote(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "remote: not yet implemented");
}

int cmd_hub(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "hub: not yet implemented");
}

int cmd_sync(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "sync: not yet implemented");
}

int cmd_status(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "status: not yet implemented");
}

int cmd_resolve(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "resolve: not yet implemented");
}

int cmd_merge_file(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "merge_file: not yet implemented");
}

