#include "papers_run.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../records/papers_path.h"

int papers_exec(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	char prog[PATH_MAX], dir[PATH_MAX];
	struct repo *r = NULL;
	char **args;
	int rc;

	if (papers_program(prog, sizeof prog) < 0)
		return ggw_fail(err, GGW_ENOTFOUND,
				_("找不到打印程序 %s：请重新安装 ggw"), prog);
	/* Resolve the repository the way every command does (-C, $GGW_DIR,
	 * the current folder, the default), then name it to the child. */
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	snprintf(dir, sizeof dir, "%s", repo_workdir(r));
	repo_close(r);
	if (!(args = calloc((size_t)argc + 4, sizeof *args)))
		return ggw_oom(err);
	args[0] = prog;
	args[1] = "--repo";
	args[2] = dir;
	for (int i = 0; i < argc; i++)
		args[3 + i] = argv[i];
	fflush(stdout);
	fflush(stderr);
	execv(prog, args);
	rc = ggw_fail(err, GGW_EIO, _("无法运行打印程序 %s：%s"), prog, strerror(errno));
	free(args);
	return rc;
}
