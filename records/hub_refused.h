/* What a hub's refused commits are, for ggw status and ggw log: the tip
 * this PC refused on a remote's main (refs/ggw/refused/<remote>, set by a
 * sync or by ggw clone), the commits of it that never entered this ledger,
 * a commit libgit2 cannot parse (which is not here at all), and the
 * check's words on why. */
#ifndef GGW_HUB_REFUSED_H
#define GGW_HUB_REFUSED_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "../storage/gitp.h"
#include "../storage/repo.h"

struct refused_commit {
	git_hex id;
	char *author;  /* "name <email>" */
	char *summary; /* the message's first line */
	int64_t time;
	int tz_minutes;
};

struct hub_refusal {
	git_hex tip;        /* the refused tip as this PC holds it */
	git_hex unreadable; /* a commit libgit2 cannot parse on that main; "" if none */
	char why[700];      /* why the first refused commit was refused; "" if unknown */
	struct refused_commit *v; /* commits of tip not in main, newest first */
	size_t n, more;     /* at most max of them listed; more: how many others */
};

/* 1 and out filled if remote's main holds commits this PC refused, 0 if
 * not (out empty), < 0 on error. */
int hub_refusal_get(struct repo *r, const char *remote, size_t max, struct hub_refusal *out,
		    struct ggw_error *err);
void hub_refusal_free(struct hub_refusal *h);

#endif
