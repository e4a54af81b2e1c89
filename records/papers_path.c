#include "papers_path.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LIBEXECDIR
#define LIBEXECDIR "/usr/local/lib/ggw"
#endif

static int usable(const char *path)
{
	return access(path, X_OK) == 0;
}

int papers_program(char *out, size_t outsz)
{
	const char *env = getenv("GGW_PAPERS");
	char self[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		snprintf(out, outsz, "%s", env);
		return usable(out) ? 0 : -1;
	}
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		char *slash;

		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(out, outsz, "%s/ggw-papers", self);
			if (usable(out))
				return 0;
		}
	}
	snprintf(out, outsz, "%s/ggw-papers", LIBEXECDIR);
	return usable(out) ? 0 : -1;
}
