/* Moving git objects between this repository and a remote (libgit2 fetch
 * and push), each transfer in a child process that a watchdog can kill:
 * libgit2 1.5.1 has no network timeouts, so a stalled peer would block in
 * recv() forever. The child is this program itself (/proc/self/exe) run
 * with a hidden command; it starts a fresh libgit2 (fresh mbedTLS seeding)
 * and reports progress lines and a result on a pipe. Fetch writes only
 * refs/remotes/<name>/main: the local branch is never touched here.
 * It includes gitp.h (git plumbing) and hub.h (local hubs), which were
 * once part of it, so its callers need no other storage header. */
#ifndef GGW_TRANSPORT_H
#define GGW_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "gitp.h"
#include "hub.h"
#include "repo.h"

/* FETCH: remote main -> refs/remotes/<remote>/main. PUSH: main -> remote
 * main (never forced). REPAIR: remote main into a scratch bare repository
 * <gitdir>/ggw/repair, from which lost objects are copied back. */
enum transfer_op { TRANSFER_FETCH, TRANSFER_PUSH, TRANSFER_REPAIR };

/* How a transfer ended, beyond 0 / GGW_E* (set in transfer_result.kind). */
enum transfer_kind {
	TK_OK,
	TK_NET,        /* could not connect / connection lost (GGW_ENET) */
	TK_TIMEOUT,    /* watchdog: no progress for the timeout (GGW_ENET) */
	TK_CANCEL,     /* cancelled by the caller (GGW_ECANCEL) */
	TK_REJECTED,   /* push refused: the remote branch moved */
	TK_NONBARE,    /* push target is not a bare repository (a peer) */
	TK_HOSTKEY,    /* ssh host key unknown or changed */
	TK_AUTH,       /* ssh authentication failed */
	TK_OWNER,      /* repository owned by another user */
	TK_OTHER,      /* anything else */
	TK_ABSENT,     /* a local path that is not there (USB stick unplugged): GGW_ENET */
	TK_DAMAGED,    /* objects that cannot be read: the hub's (GGW_EDAMAGED), or
			* this ledger's, met while pushing to a local hub */
	TK_DISKFULL    /* no space left on a disk written to (GGW_EIO) */
};

struct transfer_progress {
	unsigned received, total; /* objects */
	uint64_t bytes;
	const char *stage;        /* short English word: connect, receive, ... */
};

typedef void (*transfer_progress_fn)(const struct transfer_progress *p, void *data);
/* Return non-zero to cancel; polled about ten times a second. */
typedef int (*transfer_cancel_fn)(void *data);

#define TRANSFER_MAX_SPECS 4

struct transfer_options {
	int timeout_sec;               /* no progress for this long: kill; <= 0: 60 */
	transfer_progress_fn progress; /* may be NULL */
	transfer_cancel_fn cancel;     /* may be NULL */
	void *data;
	/* FETCH, PUSH: these refspecs (at most TRANSFER_MAX_SPECS) instead of
	 * main's, e.g. the side references of a hub whose main holds a
	 * refused commit; "+" forces. nspecs 0: main, as described above. */
	const char *const *specs;
	size_t nspecs;
	/* PUSH with specs: a lease. The push goes only if the remote's main
	 * is this commit when connected, and git's receive-pack moves a ref
	 * only from the value it advertised: a compare-and-swap of the
	 * remote's main (network remotes; TK_REJECTED if it moved). */
	const char *expect_main;
};

struct transfer_result {
	enum transfer_kind kind;
	char hostkey[160];  /* TK_HOSTKEY: "ED25519 SHA256:..." */
	char trust_cmd[512];/* TK_HOSTKEY: the command that trusts the host */
	/* FETCH: a reference whose new history holds a commit libgit2 cannot
	 * parse (the first one said). Such a commit never enters the ledger:
	 * the reference got only the newest commit of its first-parent line
	 * whose history parses (readable; "" or zeros if none), or stayed. */
	unsigned nunreadable;
	char unreadable_ref[256];
	char unreadable_tip[41], unreadable[41], readable[41];
	char unreadable_why[300];
};

/* Fetch remote's main into refs/remotes/<remote>/main (or push main to the
 * remote's main) in a child process. On failure err holds one translated
 * line; result->kind says what kind of failure. */
int transport_run(struct repo *r, enum transfer_op op, const char *remote,
		  const struct transfer_options *o, struct transfer_result *result,
		  struct ggw_error *err);

/* The child's side: argv = { "fetch"|"push", REMOTE [, "--expect", OID]
 * [, SPEC...] }, repository at dir.
 * Writes protocol lines to stdout; returns the process exit status. */
int transport_child_main(const char *dir, int argc, char **argv);

/* Is url a local path (not ssh://, git://, http(s)://, file:// is local)?
 * If so and path is not NULL, the path (without file://) is copied there. */
int transport_url_is_local(const char *url, char *path, size_t len);

#endif
