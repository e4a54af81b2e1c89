/* A small reader for git's configuration syntax (see confread.h). */
#include "confread.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Trim blanks (space, tab, CR, LF) at both ends in place. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* A section header "[name]" or "[name "sub"]": *in_section says whether
 * it is exactly section (case-insensitive, no subsection). -1: not one
 * this reader takes on (a setting on the same line, an include). */
static int header(char *line, const char *section, size_t slen, int *in_section)
{
	char *close = strrchr(line, ']');

	if (!close || *trim(close + 1) != '\0')
		return -1;
	*close = '\0';
	line = trim(line + 1);
	if (!strncasecmp(line, "include", 7))
		return -1; /* includes pull in other files */
	*in_section = strlen(line) == slen && !strncasecmp(line, section, slen);
	return 0;
}

/* One file: *value replaced by each later setting of section.key. 0 on
 * success (absent file too), -1 to hand over to libgit2. */
static int scan_file(const char *path, const char *section, size_t slen, const char *key,
		     char **value)
{
	char line[4096];
	FILE *f = fopen(path, "re");
	int in_section = 0, rc = 0;

	if (!f)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		char *s = trim(line), *eq, *name;

		if (len == sizeof(line) - 1 || (len > 1 && s[strlen(s) - 1] == '\\')) {
			rc = -1; /* a long or continued line */
			break;
		}
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			rc = header(s, section, slen, &in_section);
			continue;
		}
		if (!in_section)
			continue;
		if (strpbrk(s, "\\\"#;")) {
			rc = -1; /* escapes, quotes or a comment after the value */
			break;
		}
		eq = strchr(s, '=');
		if (eq)
			*eq = '\0';
		name = trim(s);
		if (strcasecmp(name, key))
			continue;
		free(*value);
		/* A key without '=' (boolean true) is libgit2's to answer. */
		if (!eq || !(*value = strdup(trim(eq + 1)))) {
			*value = NULL;
			rc = -1;
		}
	}
	fclose(f);
	return rc;
}

int confread_get(const char *gitdir, const char *name, char **out)
{
	const char *dot = strchr(name, '.'), *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	char paths[4][PATH_MAX], section[64];
	char *value = NULL;
	size_t slen;
	int n = 0;

	*out = NULL;
	if (!dot || strchr(dot + 1, '.') || (slen = (size_t)(dot - name)) >= sizeof(section) ||
	    !home || !*home)
		return -1;
	memcpy(section, name, slen);
	section[slen] = '\0';
	snprintf(paths[n++], PATH_MAX, "/etc/gitconfig");
	if (xdg && *xdg)
		snprintf(paths[n++], PATH_MAX, "%s/git/config", xdg);
	else
		snprintf(paths[n++], PATH_MAX, "%s/.config/git/config", home);
	snprintf(paths[n++], PATH_MAX, "%s/.gitconfig", home);
	snprintf(paths[n++], PATH_MAX, "%sconfig", gitdir);
	for (int i = 0; i < n; i++)
		if (scan_file(paths[i], section, slen, dot + 1, &value) < 0) {
			free(value);
			return -1;
		}
	*out = value;
	return value != NULL;
}
