/* ggw: entry point. Parses global options, dispatches to a command from the
 * table in cli.h, and is the only place that decides the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../records/pckey.h"
#include "cli.h"
#include "../../storage/safeout.h"

#ifndef GGW_VERSION
#define GGW_VERSION "1.0.0"
#endif

/* Under LeakSanitizer: libgit2 1.5.1 leaks a pcre2 match block in
 * git_remote_create/lookup (fixed upstream, libgit2 PR 6382). Unused in
 * other builds. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

struct command {
	const char *name;
	const char *usage;
	const char *summary;
	int (*fn)(struct cli *, int, char **, struct ggw_error *);
};

#define GGW_TABLE_ENTRY(id, usage, summary, fn) { #id, usage, summary, fn },
static const struct command commands[] = { GGW_COMMANDS(GGW_TABLE_ENTRY) };
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* Command names use '-' where the C identifier has '_' (merge-file). */
static int name_matches(const char *table_name, const char *arg)
{
	for (; *table_name && *arg; table_name++, arg++)
		if (*table_name != *arg && !(*table_name == '_' && *arg == '-'))
			return 0;
	return *table_name == *arg;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (name_matches(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void print_cmd_name(FILE *f, const char *name)
{
	for (; *name; name++)
		fputc(*name == '_' ? '-' : *name, f);
}

void cli_usage(FILE *f, const char *command)
{
	const struct command *c = find_command(command);

	if (c)
		fprintf(f, _("用法：ggw %s\n"), c->usage);
}

static void usage_all(FILE *f)
{
	fprintf(f, _("用法：ggw [-C 目录] <命令> [选项]\n"
		     "ggw 是街道关工委及各村（社区）关工委的工作台账。\n"
		     "不带命令在终端上运行时打开全屏界面。\n\n命令：\n"));
	for (size_t i = 0; i < NCOMMANDS; i++) {
		fputs("  ", f);
		print_cmd_name(f, commands[i].name);
		fprintf(f, "%*s%s\n", (int)(12 - strlen(commands[i].name)), "",
			_(commands[i].summary));
	}
	fprintf(f, _("\n每个命令都有 --help。详见 man ggw。\n"));
}

int main(int argc, char **argv)
{
	struct ggw_error err = { 0, "" };
	struct cli cli = { NULL, isatty(1), argv[0] };
	const struct command *cmd;
	int i = 1, rc;

	i18n_init(NULL);
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-C") && i + 1 < argc) {
			cli.dir = argv[i + 1];
			i += 2;
		} else if (!strcmp(argv[i], "--version")) {
			printf("ggw %s\n", GGW_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage_all(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-C")) {
			fprintf(stderr, _("ggw：-C 后面要写台账所在的文件夹\n"));
			return 2;
		} else {
			/* One line that says what to do, not the whole list. */
			fprintf(stderr, _("ggw：未知选项 %s（ggw --help 列出用法）\n"), argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		if (!isatty(0) || !isatty(1)) {
			usage_all(stderr);
			return 2;
		}
		cmd = find_command("tui");
	} else {
		cmd = find_command(argv[i]);
		if (!cmd) {
			fprintf(stderr, _("ggw：没有“%s”这个命令（ggw --help 列出全部命令）\n"), argv[i]);
			return 2;
		}
	}
	/* Everything printed from here on is escaped; the full-screen
	 * interface draws its own way. */
	if (strcmp(cmd->name, "tui"))
		safeout_install();
	if (repo_global_init(&err) < 0) {
		fprintf(stderr, "ggw: %s\n", err.msg);
		return ggw_exit_status(err.code);
	}
	pckey_enable(); /* every commit this process makes is signed */
	rc = cmd->fn(&cli, i < argc ? argc - i : 1, i < argc ? argv + i : (char *[]){ "tui", NULL }, &err);
	repo_global_shutdown();
	if (rc < 0) {
		safeout_install(); /* after the full-screen interface too */
		if (err.msg[0])
			fprintf(stderr, "ggw: %s\n", err.msg);
		if (rc == GGW_EUSAGE && cmd)
			cli_usage(stderr, cmd->name);
		return ggw_exit_status(rc);
	}
	return rc; /* a command may return a positive exit status itself */
}
