/* Error codes and messages shared by every layer.
 * Functions return 0 or a negative GGW_E* code and fill a struct ggw_error;
 * only main() turns a code into an exit status. */
#ifndef GGW_ERR_H
#define GGW_ERR_H

enum ggw_code {
	GGW_OK = 0,
	GGW_EINVALID = -1,  /* refused: invalid record or input (exit 1) */
	GGW_EDENIED = -2,   /* not allowed for this unit (exit 1) */
	GGW_ECONFLICT = -3, /* a conflict is left (exit 1) */
	GGW_ENOTFOUND = -4, /* no such record, unit, remote (exit 1) */
	GGW_EUSAGE = -5,    /* bad command line (exit 2) */
	GGW_ENET = -6,      /* a remote could not be reached (exit 3) */
	GGW_EDAMAGED = -7,  /* repository damaged (exit 4) */
	GGW_ELOCKED = -8,   /* locked by another process (exit 4) */
	GGW_EIO = -9,       /* file system error (exit 1) */
	GGW_ENOMEM = -10,   /* out of memory (exit 1) */
	GGW_ECANCEL = -11   /* cancelled by the user (exit 1) */
};

struct ggw_error {
	int code;
	char msg[1024]; /* one line, for people, already translated */
};

/* Fill err (may be NULL) with code and a printf-style message; return code. */
int ggw_fail(struct ggw_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix an existing message: "prefix: old message". Returns err->code. */
int ggw_prefix(struct ggw_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void ggw_clear(struct ggw_error *err);

/* Out of memory: fills err (may be NULL) and returns GGW_ENOMEM. */
int ggw_oom(struct ggw_error *err);

/* Exit status for a code, as the cli spec says (0,1,2,3,4). */
int ggw_exit_status(int code);

#endif
