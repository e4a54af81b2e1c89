/* `ggw tui` (and `ggw` with no command on a terminal): open the ledger and
 * hand it to the full-screen interface. */
#include "cli.h"
#include "../tui.h"

int cmd_tui(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *repo = NULL;
	int rc;

	if (cli_wants_help(argc, argv, "tui"))
		return 0;
	if ((rc = cli_open_repo(cli, &repo, err)) < 0)
		return rc;
	rc = tui_run(repo, err);
	repo_close(repo);
	return rc;
}
