/* Synchronising the ledger with other PCs and hubs: remotes, fetch, verify
 * the incoming commits' write scope, merge (fast-forward, else a merge
 * commit whose record conflicts are merged field by field), push to hubs,
 * status. Shared by the command line and the interface's sync screen: one
 * progress callback, one cancellation callback, one result per remote.
 *
 * Safety: fetch writes only refs/remotes/<name>/main; local main moves only
 * after verify and merge succeeded, by compare-and-swap; a transfer cut at
 * any byte, a kill -9 or a power cut leaves the ledger as it was, and the
 * next sync finishes the job. */
#ifndef GGW_SYNC_H
#define GGW_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "../storage/repo.h"

/* ---- remotes (git remotes in the repository's config) ---- */

struct remote_info {
	char *name;
	char *url;
	int local;      /* a local path (USB stick, folder) */
	int bare;       /* local only: 1 hub, 0 peer (fetch only), -1 unknown/absent */
	int64_t lastsync; /* last successful sync, seconds since the epoch; 0 never */
};

int sync_remote_list(struct repo *r, struct remote_info **out, size_t *n, struct ggw_error *err);
void sync_remote_list_free(struct remote_info *v, size_t n);
/* NAME: [A-Za-z0-9][A-Za-z0-9_.-]{0,62}; URL: local path (made absolute),
 * ssh://, git://, http(s)://, or user@host:path. */
int sync_remote_add(struct repo *r, const char *name, const char *url, struct ggw_error *err);
int sync_remote_remove(struct repo *r, const char *name, struct ggw_error *err);

/* Make a bare hub repository at path. */
int sync_hub_init(const char *path, struct ggw_error *err);

/* ---- sync ---- */

enum sync_phase {
	SYNC_PHASE_CHECK,   /* checking the local repository (objects) */
	SYNC_PHASE_FETCH,   /* receiving from the remote */
	SYNC_PHASE_VERIFY,  /* checking incoming commits' write scope */
	SYNC_PHASE_MERGE,
	SYNC_PHASE_PUSH,    /* sending to the hub */
	SYNC_PHASE_DONE     /* this remote finished (see its sync_result) */
};

struct sync_progress {
	const char *remote;
	enum sync_phase phase;
	unsigned received, total; /* objects of the current transfer */
	uint64_t bytes;
};

struct sync_result;

struct sync_options {
	/* Called from the calling thread, often (throttled to ~20/s). */
	void (*progress)(const struct sync_progress *p, void *data);
	/* Called when a remote is done (result filled). May be NULL. */
	void (*remote_done)(const struct sync_result *res, void *data);
	/* Non-zero: stop now (the running transfer is killed, nothing is
	 * half-applied). Polled about ten times a second. */
	int (*cancel)(void *data);
	/* Notices worth a line (stale locks removed, objects repaired). */
	void (*notice)(const char *msg, void *data);
	void *data;
	int timeout_sec; /* watchdog; 0: ggw.timeout from config, else 60 */
};

enum sync_outcome {
	SYNC_UP_TO_DATE,  /* nothing to receive or send */
	SYNC_DONE,        /* received and/or sent */
	SYNC_SKIPPED,     /* unreachable: code GGW_ENET, message says why */
	SYNC_REFUSED,     /* verification refused the remote's history */
	SYNC_FAILED,      /* other error (message) */
	SYNC_CANCELLED
};

struct sync_result {
	char remote[64];
	enum sync_outcome outcome;
	int code;              /* 0 or GGW_E* */
	char message[1024];    /* one line for people (translated); "" if none */
	size_t received;       /* new commits merged in */
	int fast_forward;      /* local main moved forward without a merge commit */
	int merged;            /* a merge commit was made */
	size_t conflicts;      /* conflicts the merge recorded */
	int pushed;            /* the hub now has our main */
	int fetch_only;        /* a peer (not bare): not pushed to */
};

/* Sync with the named remotes (all configured ones if n == 0), in order.
 * *results (malloc'd, *nresults entries) has one result per remote. Takes
 * and releases the repository lock (if the caller already holds it, it is
 * kept). A cancelled run stops at once: the transfer is killed, nothing is
 * half-applied, the remaining remotes get no result. Returns 0 if every remote went well,
 * GGW_ENET if some could not be reached (others were still synced),
 * else the first other error's code (GGW_EDENIED for a refused history,
 * GGW_ECANCEL, ...). err summarises. */
int sync_run(struct repo *r, const char *const *names, size_t n, const struct sync_options *o,
	     struct sync_result **results, size_t *nresults, struct ggw_error *err);

/* Verify and merge commit tip, already in the object store (a bundle
 * file's main, records/bundle.c), like any remote's main: the same checks,
 * ledger id, merge and conflict handling. label names it in messages. The
 * caller holds the repository lock. res is filled. */
int sync_take_in_commit(struct repo *r, const char *label, const char *tip,
			const struct sync_options *o, struct sync_result *res, struct ggw_error *err);

/* ---- hub repair ---- */

/* The office puts a hub (a remote's name or a local path) whose main holds
 * a refused commit back on the newest commit of its main's first-parent
 * line that passes the check (else on the office's main). The refused tip
 * is kept on the hub as refs/ggw/refused/<YYYYMMDD>-<id>, never deleted.
 * A network hub (by name only) is repaired through the transfer child
 * with a lease on its main (GGW_ECONFLICT if it moved). msg gets one line
 * for people. GGW_EDENIED if this PC is not the office's; GGW_EUSAGE for
 * an unregistered network URL. */
int sync_hub_repair(struct repo *r, const char *target, char *msg, size_t msglen,
		    struct ggw_error *err);

/* ---- status ---- */

struct remote_status {
	char *name, *url;
	int local, bare;
	int64_t lastsync;   /* 0: never */
	int known;          /* 1 if refs/remotes/<name>/main exists */
	size_t ahead;       /* our commits it has not got */
	size_t behind;      /* its commits fetched but not yet merged */
	char refused[41];   /* its main's tip this PC refused, "" if none */
};

struct sync_status {
	char *unit;              /* ggw.unit, NULL if unset */
	struct remote_status *remotes;
	size_t nremotes;
	size_t conflicts;        /* records with conflicts */
	char **uncommitted;      /* record files differing from HEAD */
	size_t nuncommitted;
	int merge_pending;       /* an interrupted sync left work to finish */
	size_t odd_times;        /* commits (of the newest 2000) whose time cannot be right */
};

int sync_status(struct repo *r, struct sync_status *out, struct ggw_error *err);
void sync_status_free(struct sync_status *s);

/* Finish the checkout a killed sync left half done (main moved, files not
 * yet): called with the lock held before any change to the ledger, so no
 * commit is ever made on top of a half-updated work tree. 0 if nothing
 * was pending. */
int sync_finish_pending(struct repo *r, struct ggw_error *err);

/* The hidden transfer child (`ggw sync --transfer-child OP REMOTE`). */
int sync_transfer_child(const char *dir, int argc, char **argv);

#endif
