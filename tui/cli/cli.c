#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../records/pckey.h"
#include "../../storage/fsutil.h"

static int config_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && *xdg)
		n = snprintf(buf, len, "%s/ggw/config", xdg);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.config/ggw/config", home);
	else
		return -1;
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* The config file is "repository = /abs/path" lines; last one wins. */
static char *default_repo(void)
{
	char path[PATH_MAX], line[PATH_MAX + 32], *found = NULL;
	FILE *f;

	if (config_path(path, sizeof(path)) < 0 || !(f = fopen(path, "r")))
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		char *v;

		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "repository", 10))
			continue;
		v = line + 10;
		v += strspn(v, " \t");
		if (*v != '=')
			continue;
		v++;
		v += strspn(v, " \t");
		free(found);
		found = strdup(v);
	}
	fclose(f);
	return found;
}

void cli_set_default_repo(const char *dir)
{
	char path[PATH_MAX], abs[PATH_MAX], *text = NULL;
	int n;

	if (config_path(path, sizeof(path)) < 0 || !realpath(dir, abs))
		return;
	n = asprintf(&text, "# ggw: written by init/clone\nrepository = %s\n", abs);
	if (n < 0)
		return;
	atomic_write(path, text, (size_t)n, NULL);
	free(text);
}

int cli_open_repo(struct cli *cli, struct repo **out, struct ggw_error *err)
{
	const char *env = getenv("GGW_DIR");
	char *def = NULL, *lang = NULL;
	int rc;

	if (cli->dir)
		rc = repo_open(cli->dir, out, err);
	else if (env && *env)
		rc = repo_open(env, out, err);
	else {
		struct ggw_error here;

		rc = repo_open(".", out, &here);
		if (rc == GGW_ENOTFOUND && (def = default_repo()) != NULL)
			rc = repo_open(def, out, err);
		else if (rc < 0 && err)
			*err = here;
		free(def);
	}
	if (rc < 0)
		return rc;
	if ((rc = pckey_attach(*out, err)) < 0) { /* commits signed with this PC's key */
		repo_close(*out);
		*out = NULL;
		return rc;
	}
	if (repo_config_get(*out, "ggw.lang", &lang, NULL) == 0 && lang) {
		i18n_init(lang);
		free(lang);
	}
	return 0;
}

int cli_wants_help(int argc, char **argv, const char *command)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cli_usage(stdout, command);
			return 1;
		}
	}
	return 0;
}

int cli_usage_error(struct ggw_error *err, const char *command, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	(void)command;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ggw_fail(err, GGW_EUSAGE, "%s", msg);
}

void cli_notice(const char *msg, void *data)
{
	(void)data;
	fprintf(stderr, "ggw: %s\n", msg);
}
