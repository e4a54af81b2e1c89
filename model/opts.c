#include "opts.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

void opt_start(struct opt_iter *it, int argc, char **argv, int first)
{
	it->argc = argc;
	it->argv = argv;
	it->i = first;
	it->only_positional = 0;
}

int opt_unknown(struct ggw_error *err, const char *command, const char *arg)
{
	return ggw_fail(err, GGW_EUSAGE, _("%s 不认识“%s”"), command, arg);
}

/* Does arg name the option: "--name", or "--name=..." (then *inline_val
 * points after the '=')? */
static int names(const char *arg, const char *name, const char **inline_val)
{
	size_t n = strlen(name);

	*inline_val = NULL;
	if (strncmp(arg, name, n))
		return 0;
	if (arg[n] == '=')
		*inline_val = arg + n + 1;
	return arg[n] == '\0' || arg[n] == '=';
}

static int take_value(struct opt_iter *it, const struct opt_def *d, const char *inline_val,
		      const char **val, struct ggw_error *err)
{
	if (!d->takes_value) {
		if (inline_val)
			return ggw_fail(err, GGW_EUSAGE, _("%s 不带值"), d->name);
		return 0;
	}
	if (inline_val) {
		*val = inline_val;
		return 0;
	}
	if (it->i >= it->argc)
		return ggw_fail(err, GGW_EUSAGE, _("%s 后面缺少值"), d->name);
	*val = it->argv[it->i++];
	return 0;
}

int opt_next(struct opt_iter *it, const struct opt_def *defs, const char **val,
	     struct ggw_error *err)
{
	const char *arg, *inline_val;

	*val = NULL;
	if (it->i >= it->argc)
		return OPT_DONE;
	arg = it->argv[it->i++];
	if (!it->only_positional && !strcmp(arg, "--")) {
		it->only_positional = 1;
		return opt_next(it, defs, val, err);
	}
	if (it->only_positional || arg[0] != '-' || arg[1] == '\0') {
		*val = arg;
		return OPT_POSITIONAL;
	}
	for (int k = 0; defs[k].name; k++) {
		int rc;

		if (!names(arg, defs[k].name, &inline_val))
			continue;
		if ((rc = take_value(it, &defs[k], inline_val, val, err)) < 0)
			return rc;
		return k;
	}
	return opt_unknown(err, it->argv[0], arg);
}

int opt_parse(int argc, char **argv, int first, const struct opt_def *defs, const char **pos[],
	      int npos, struct ggw_error *err)
{
	struct opt_iter it;
	const char *v;
	int k, got = 0;

	opt_start(&it, argc, argv, first);
	while ((k = opt_next(&it, defs, &v, err)) != OPT_DONE) {
		if (k < 0)
			return k;
		if (k == OPT_POSITIONAL && got == npos)
			return opt_unknown(err, argv[0], v);
		if (k == OPT_POSITIONAL)
			*pos[got++] = v;
		else if (defs[k].value)
			*defs[k].value = v;
		else if (defs[k].flag)
			*defs[k].flag = 1;
	}
	return 0;
}

int opt_positionals(int argc, char **argv, int first, const char **pos[], int npos,
		    struct ggw_error *err)
{
	static const struct opt_def none[] = { OPT_END };

	return opt_parse(argc, argv, first, none, pos, npos, err);
}

int opt_year(const char *s, int *year, struct ggw_error *err)
{
	long y = -1;

	if (strlen(s) == 4 && strspn(s, "0123456789") == 4)
		y = strtol(s, NULL, 10);
	if (y < OPT_YEAR_MIN || y > OPT_YEAR_MAX)
		return ggw_fail(err, GGW_EUSAGE, _("--year 要写四位年份（%d 到 %d），如 2024"), OPT_YEAR_MIN,
				OPT_YEAR_MAX);
	*year = (int)y;
	return 0;
}
