#include "cli.h"

int cmd_init(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "init: not yet implemented");
}

int cmd_clone(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "clone: not yet implemented");
}

int cmd_config(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "config: not yet implemented");
}

int cmd_unit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "unit: not yet implemented");
}

int cmd_add(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "add: not yet implemented");
}

int cmd_edit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "edit: not yet implemented");
}

int cmd_rm(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "rm: not yet implemented");
}

int cmd_show(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "show: not yet implemented");
}

int cmd_list(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "list: not yet implemented");
}

int cmd_log(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "log: not yet implemented");
}

int cmd_check(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	(void)cli; (void)argc; (void)argv;
	return ggw_fail(err, GGW_EUSAGE, "check: not yet implemented");
}

