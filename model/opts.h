/* The command line's one option parser: "--name VALUE", "--name=VALUE",
 * flags, positional arguments, "--" ending the options. libc only, so that
 * the unit tests reach it; messages are usage errors (GGW_EUSAGE). */
#ifndef GGW_OPTS_H
#define GGW_OPTS_H

#include "err.h"

/* One option of a command; a table ends with OPT_END. For opt_parse,
 * value (options with a value) or flag (set to 1) say where it goes. */
struct opt_def {
	const char *name;  /* "--year", "-o" */
	int takes_value;
	const char **value;
	int *flag;
};

/* Table entries: an option with a value, a flag, the same with where
 * opt_parse puts them, the end of the table. */
#define OPT_VALUE(name) { name, 1, NULL, NULL }
#define OPT_FLAG(name) { name, 0, NULL, NULL }
#define OPT_INTO(name, ptr) { name, 1, ptr, NULL }
#define OPT_SET(name, ptr) { name, 0, NULL, ptr }
#define OPT_END { NULL, 0, NULL, NULL }

/* opt_next's answers besides an index into the table (>= 0) and a
 * negative GGW_EUSAGE. */
#define OPT_POSITIONAL 1000 /* *val is a positional argument */
#define OPT_DONE 1001       /* no arguments left */

struct opt_iter {
	int argc;
	char **argv;      /* argv[0] is the command's name, for messages */
	int i;            /* the next argument to read */
	int only_positional; /* after "--" */
};

/* Start reading at argv[first] (1 for a command, 2 after a subcommand). */
void opt_start(struct opt_iter *it, int argc, char **argv, int first);

/* The next argument: the index of its option in defs (with *val set when
 * the option takes a value), OPT_POSITIONAL (*val = the argument; "-" on
 * its own is one), OPT_DONE, or GGW_EUSAGE for an unknown option, a
 * missing value or a value given to a flag. */
int opt_next(struct opt_iter *it, const struct opt_def *defs, const char **val,
	     struct ggw_error *err);

/* "<command> 不认识“<arg>”": for an argument the command has no place for. */
int opt_unknown(struct ggw_error *err, const char *command, const char *arg);

/* Read every argument from argv[first] on: options into their value or
 * flag, positional arguments into *pos[0], *pos[1], ... (left as they are
 * when fewer). One more positional than npos is opt_unknown; so is an
 * option not in defs. A repeated option keeps the last value. */
int opt_parse(int argc, char **argv, int first, const struct opt_def *defs, const char **pos[],
	      int npos, struct ggw_error *err);

/* opt_parse without options. */
int opt_positionals(int argc, char **argv, int first, const char **pos[], int npos,
		    struct ggw_error *err);

/* Years the ledger accepts after --year. */
#define OPT_YEAR_MIN 1900
#define OPT_YEAR_MAX 2200

/* --year's value: four digits from OPT_YEAR_MIN to OPT_YEAR_MAX, else
 * GGW_EUSAGE with the same message for every command. */
int opt_year(const char *s, int *year, struct ggw_error *err);

#endif
