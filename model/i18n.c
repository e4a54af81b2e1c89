#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>
#include <sys/stat.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The catalogue next to the binary (build/locale) wins over the installed
 * one, so a build runs in English without `make install`. */
static void bind_catalogue(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	struct stat st;
	ssize_t n;
	const char *env = getenv("GGW_LOCALEDIR");

	if (env && *env) {
		bindtextdomain("ggw", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/locale", exe);
			if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
				bindtextdomain("ggw", dir);
				return;
			}
		}
	}
	bindtextdomain("ggw", LOCALEDIR);
}

/* English only when asked: by ggw.lang, or by the language the
 * environment names (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, in gettext's
 * order), even where that locale is not generated on this PC. C and POSIX
 * give Chinese. The environment is read once, before we set LANGUAGE. */
static int wants_english(const char *lang)
{
	static int env_english = -1;
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

	if (lang && *lang)
		return strncmp(lang, "en", 2) == 0;
	if (env_english < 0) {
		env_english = 0;
		for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
			const char *v = getenv(vars[i]);

			if (v && *v) {
				env_english = strncmp(v, "en", 2) == 0;
				break;
			}
		}
	}
	return env_english;
}

void i18n_init(const char *lang)
{
	const char *msgs;

	setlocale(LC_ALL, "");
	bind_catalogue();
	bind_textdomain_codeset("ggw", "UTF-8");
	textdomain("ggw");
	if (wants_english(lang)) {
		setenv("LANGUAGE", "en", 1);
		msgs = setlocale(LC_MESSAGES, NULL);
		/* gettext ignores LANGUAGE under the C locale. */
		if (!msgs || !strcmp(msgs, "C") || !strcmp(msgs, "POSIX"))
			setlocale(LC_MESSAGES, "C.UTF-8");
	} else {
		/* No Chinese catalogue exists: the source strings are Chinese. */
		setenv("LANGUAGE", "zh_CN", 1);
	}
	/* Tell gettext its cached translations are stale (glibc). */
	{
		extern int _nl_msg_cat_cntr;
		++_nl_msg_cat_cntr;
	}
}
