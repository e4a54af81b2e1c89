/* ggw rules show [--default] | rules edit | rules check FILE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../model/opts.h"
#include "../../model/rules.h"
#include "../../model/sbuf.h"
#include "../../records/ops.h"
#include "../../records/rules_load.h"
#include "../../storage/fsutil.h"
#include "../../storage/yamlio.h"
#include "cmd_rules.h"

/* The text of r with its comments; *out malloc'd. */
static int rules_text(const struct rules *r, char **out, size_t *len, struct ggw_error *err)
{
	struct sbuf b = { 0 };

	rules_to_yaml(r, &b);
	if (b.failed) {
		free(b.s);
		return ggw_oom(err);
	}
	*out = b.s;
	*len = b.len;
	return 0;
}

/* rules.yaml as the ledger holds it, or the defaults' text when absent. */
static int current_text(struct repo *r, char **out, size_t *len, int *present,
			struct ggw_error *err)
{
	char abs[4096];
	int rc;

	*present = 0;
	if (path_join(abs, sizeof(abs), repo_workdir(r), RULES_FILE) < 0)
		return ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), RULES_FILE);
	if (access(abs, F_OK) != 0)
		return rules_text(rules_default(), out, len, err);
	if ((rc = read_whole_file(abs, YAML_MAX_BYTES, out, len, err)) < 0)
		return rc;
	*present = 1;
	return 0;
}

static int rules_show(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	int dflt = 0, present = 0, rc;
	const struct opt_def defs[] = { OPT_SET("--default", &dflt), OPT_END };
	struct repo *r = NULL;
	char *text = NULL;
	size_t len = 0;

	if ((rc = opt_parse(argc, argv, 2, defs, NULL, 0, err)) < 0)
		return rc;
	if (dflt) {
		rc = rules_text(rules_default(), &text, &len, err);
	} else {
		if ((rc = cli_open_repo(cli, &r, err)) < 0)
			return rc;
		rc = current_text(r, &text, &len, &present, err);
		repo_close(r);
		if (rc == 0 && !present)
			fputs(_("（台账中没有 rules.yaml，按下面的默认规则计算）\n"), stderr);
	}
	if (rc == 0 && fwrite(text, 1, len, stdout) != len)
		rc = ggw_fail(err, GGW_EIO, _("写出考核规则失败"));
	free(text);
	return rc;
}

static int rules_check(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *file = NULL;
	struct rules *ru = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	(void)cli;
	if ((rc = opt_positionals(argc, argv, 2, (const char **[]){ &file }, 1, err)) < 0)
		return rc;
	if (!file)
		return cli_usage_error(err, "rules", _("需要文件名"));
	if ((rc = read_whole_file(file, YAML_MAX_BYTES, &buf, &len, err)) < 0)
		return rc;
	rc = rules_parse_text(file, buf, len, &ru, err);
	if (rc == 0)
		printf(_("%s：考核规则有效（%zu 个评分项，%zu 个报表栏目）\n"), file, ru->n_items,
		       ru->n_columns);
	rules_free(ru);
	free(buf);
	return rc;
}

/* $VISUAL, $EDITOR, else the first of sensible-editor, nano, vi found. */
static const char *pick_editor(void)
{
	static const char *const fallback[] = { "sensible-editor", "nano", "vi" };
	const char *e = getenv("VISUAL");
	const char *path = getenv("PATH");

	if (e && *e)
		return e;
	if ((e = getenv("EDITOR")) && *e)
		return e;
	for (size_t i = 0; path && i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		const char *p = path;

		while (*p) {
			size_t n = strcspn(p, ":");
			char cand[4096];

			if (n && (size_t)snprintf(cand, sizeof(cand), "%.*s/%s", (int)n, p, fallback[i]) <
					 sizeof(cand) && access(cand, X_OK) == 0)
				return fallback[i];
			p += n;
			p += *p == ':';
		}
	}
	return "vi";
}

/* Run the editor on path through sh, so that EDITOR may hold options. */
static int run_editor(const char *path, struct ggw_error *err)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		return ggw_fail(err, GGW_EIO, _("打不开编辑器：%s"), strerror(errno));
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $GGW_RULES_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return ggw_fail(err, GGW_EIO, _("等待编辑器失败：%s"), strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return ggw_fail(err, GGW_ECANCEL, _("编辑器没有正常退出，考核规则没有修改"));
	return 0;
}

/* Ask on the terminal whether to edit again after a refusal. */
static int ask_again(void)
{
	char line[16];

	if (!isatty(0) || !isatty(2))
		return 0;
	fputs(_("重新编辑吗？[Y/n] "), stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] != 'n' && line[0] != 'N';
}

/* Edit the temporary copy until it is valid (or the user gives up);
 * *text receives the new text. */
static int edit_until_valid(const char *tmp, char **text, size_t *len, struct ggw_error *err)
{
	int rc;

	for (;;) {
		if ((rc = run_editor(tmp, err)) < 0)
			return rc;
		free(*text);
		*text = NULL;
		if ((rc = read_whole_file(tmp, YAML_MAX_BYTES, text, len, err)) < 0)
			return rc;
		if ((rc = rules_validate_text(*text, *len, err)) == 0)
			return 0;
		fprintf(stderr, "%s\n", err->msg);
		if (!ask_again())
			return ggw_fail(err, GGW_EINVALID, _("考核规则无效，没有提交：%s"), err->msg);
	}
}

static int rules_edit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	char tmp[] = "/tmp/ggw-rules-XXXXXX.yaml", *orig = NULL, *text = NULL;
	size_t orig_len = 0, len = 0;
	struct actor a = { 0 };
	struct repo *r = NULL;
	int rc, present = 0, fd = -1;

	if ((rc = opt_positionals(argc, argv, 2, NULL, 0, err)) < 0)
		return rc;
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = actor_load(r, &a, err)) < 0)
		goto done;
	if (!a.unit || strcmp(a.unit, "office")) {
		rc = ggw_fail(err, GGW_EDENIED, _("只有街道办公室（office）可以修改考核规则；本机单位是 %s"),
			      a.unit ? a.unit : "");
		goto done;
	}
	if ((rc = current_text(r, &orig, &orig_len, &present, err)) < 0)
		goto done;
	if ((fd = mkstemps(tmp, 5)) < 0) {
		rc = ggw_fail(err, GGW_EIO, _("建不了临时文件：%s"), strerror(errno));
		goto done;
	}
	close(fd);
	if ((rc = atomic_write(tmp, orig, orig_len, err)) < 0)
		goto done;
	setenv("GGW_RULES_EDITOR", pick_editor(), 1);
	if ((rc = edit_until_valid(tmp, &text, &len, err)) < 0) {
		if (rc == GGW_EINVALID) {
			fprintf(stderr, _("改过的文件留在 %s\n"), tmp);
			fd = -1; /* kept: the work is not lost */
		}
		goto done;
	}
	if (present && len == orig_len && !memcmp(text, orig, len)) {
		printf(_("考核规则没有修改\n"));
		goto done;
	}
	if ((rc = rules_commit(r, &a, text, len, err)) == OPS_UNCHANGED) {
		printf(_("考核规则没有修改\n"));
		rc = 0;
	} else if (rc == 0) {
		printf(_("考核规则已保存并提交\n"));
	}
done:
	if (fd >= 0)
		unlink(tmp);
	free(orig);
	free(text);
	actor_free(&a);
	repo_close(r);
	return rc;
}

int cmd_rules(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	if (cli_wants_help(argc, argv, "rules"))
		return 0;
	if (argc < 2)
		return cli_usage_error(err, "rules", _("要说明 show、edit 还是 check"));
	if (!strcmp(argv[1], "show"))
		return rules_show(cli, argc, argv, err);
	if (!strcmp(argv[1], "edit"))
		return rules_edit(cli, argc, argv, err);
	if (!strcmp(argv[1], "check"))
		return rules_check(cli, argc, argv, err);
	return cli_usage_error(err, "rules", _("不认识“%s”：要 show、edit 或 check"), argv[1]);
}
