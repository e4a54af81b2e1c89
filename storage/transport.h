/* Moving git objects between this repository and a remote (libgit2 fetch
 * and push), each transfer in a child process that a watchdog can kill:
 * libgit2 1.5.1 has no network timeouts, so a stalled peer would block in
 * recv() forever. The child is this program itself (/proc/self/exe) run
 * with a hidden command; it starts a fresh libgit2 (fresh mbedTLS seeding)
 * and reports progress lines and a result on a pipe. Fetch writes only
 * refs/remotes/<name>/main: the local branch is never touched here. */
#ifndef GGW_TRANSPORT_H
#define GGW_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
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
	TK_ABSENT      /* a local path that is not there (USB stick unplugged): GGW_ENET */
};

struct transfer_progress {
	unsigned received, total; /* objects */
	uint64_t bytes;
	const char *stage;        /* short English word: connect, receive, ... */
};

typedef void (*transfer_progress_fn)(const struct transfer_progress *p, void *data);
/* Return non-zero to cancel; polled about ten times a second. */
typedef int (*transfer_cancel_fn)(void *data);

struct transfer_options {
	int timeout_sec;               /* no progress for this long: kill; <= 0: 60 */
	transfer_progress_fn progress; /* may be NULL */
	transfer_cancel_fn cancel;     /* may be NULL */
	void *data;
};

struct transfer_result {
	enum transfer_kind kind;
	char hostkey[160];  /* TK_HOSTKEY: "ED25519 SHA256:..." */
	char trust_cmd[512];/* TK_HOSTKEY: the command that trusts the host */
};

/* Fetch remote's main into refs/remotes/<remote>/main (or push main to the
 * remote's main) in a child process. On failure err holds one translated
 * line; result->kind says what kind of failure. */
int transport_run(struct repo *r, enum transfer_op op, const char *remote,
		  const struct transfer_options *o, struct transfer_result *result,
		  struct ggw_error *err);

/* The child's side: argv = { "fetch"|"push", REMOTE }, repository at dir.
 * Writes protocol lines to stdout; returns the process exit status. */
int transport_child_main(const char *dir, int argc, char **argv);

/* Is url a local path (not ssh://, git://, http(s)://, file:// is local)?
 * If so and path is not NULL, the path (without file://) is copied there. */
int transport_url_is_local(const char *url, char *path, size_t len);

/* Open a local path's repository ignoring the owner check (a USB stick
 * mounted with another owner): used only for paths the user registered as
 * remotes. *bare set to 1/0. GGW_ENOTFOUND if it is not a repository. */
int transport_local_is_bare(const char *path, int *bare, struct ggw_error *err);

/* Make a bare hub at path (created; must be absent or empty), HEAD on main. */
int transport_hub_init(const char *path, struct ggw_error *err);

/* Copy objects from a local repository's object database (repair). Returns
 * the number copied in *copied. */
int transport_copy_objects(struct repo *r, const char *src_path, const char *const *oids,
			   size_t n, size_t *copied, struct ggw_error *err);

/* ---- git plumbing for records/sync.c (which reaches libgit2 only here).
 * Object ids are 40 hex characters + NUL. ---- */

typedef char git_hex[41];

struct tree_item {
	char *path;      /* repository-relative, '/'-separated */
	git_hex blob;
	unsigned mode;   /* 0100644, 0100755, 0120000 */
};

struct commit_info {
	git_hex id;
	git_hex tree;
	git_hex parents[2];
	size_t nparents;      /* may be > 2 (only the first two are kept) */
	char *author_name, *author_email;
	int64_t time;         /* author time */
	int tz_minutes;
	char *message;
	char *unit_trailer;   /* Ggw-Unit, NULL if none */
	char *action_trailer; /* Ggw-Action, NULL if none */
};
void commit_info_free(struct commit_info *c);

/* The tip of a reference ("refs/heads/main", "HEAD",
 * "refs/remotes/x/main"); GGW_ENOTFOUND if absent or unborn. */
int gitp_ref_tip(struct repo *r, const char *ref, git_hex out, struct ggw_error *err);
int gitp_commit_info(struct repo *r, const char *id, struct commit_info *out,
		     struct ggw_error *err);
/* Commits reachable from tip but not from hide (hide may be NULL), parents
 * before children. *ids malloc'd. */
int gitp_walk(struct repo *r, const char *tip, const char *hide, git_hex **ids, size_t *n,
	      struct ggw_error *err);
/* 1 if ancestor is an ancestor of (or equal to) id. */
int gitp_is_ancestor(struct repo *r, const char *ancestor, const char *id);
/* Merge base of a and b; GGW_ENOTFOUND if the histories are unrelated. */
int gitp_merge_base(struct repo *r, const char *a, const char *b, git_hex out,
		    struct ggw_error *err);
/* Every file of a commit's tree (or a tree's, if the id is a tree), sorted
 * by path. id NULL gives nothing. */
int gitp_tree_items(struct repo *r, const char *id, struct tree_item **out, size_t *n,
		    struct ggw_error *err);
void tree_items_free(struct tree_item *v, size_t n);
/* Blob content, NUL-terminated. */
int gitp_read_blob(struct repo *r, const char *id, char **out, size_t *len,
		   struct ggw_error *err);
int gitp_write_blob(struct repo *r, const void *data, size_t len, git_hex out,
		    struct ggw_error *err);
/* Write a tree of these files (any order). */
int gitp_write_tree(struct repo *r, const struct tree_item *v, size_t n, git_hex out,
		    struct ggw_error *err);
/* The newest commit between tip and stop (excluded; NULL: root) that
 * changed path (first-parent changes); "" if none. */
int gitp_last_change(struct repo *r, const char *tip, const char *stop, const char *path,
		     git_hex out, struct ggw_error *err);
/* Commit a tree with parents, moving refs/heads/main from parents[0] to
 * the new commit only if it still points at parents[0] (GGW_ECONFLICT if
 * it moved). Committer = author, time now. */
int gitp_commit_cas(struct repo *r, const char *tree, const char *const *parents,
		    size_t nparents, const char *message, const char *name, const char *email,
		    git_hex out, struct ggw_error *err);
/* Move refs/heads/main from expected to id (compare-and-swap). */
int gitp_main_cas(struct repo *r, const char *id, const char *expected, struct ggw_error *err);
/* Set a remote-tracking ref (after a push). */
int gitp_set_ref(struct repo *r, const char *ref, const char *id, struct ggw_error *err);
/* Bring index and work tree to HEAD, assuming they matched the tree
 * `baseline` (a commit or tree id); files changed by hand since are left
 * alone unless HEAD changes them too (then GGW_ECONFLICT naming them). */
int gitp_checkout_head(struct repo *r, const char *baseline, struct ggw_error *err);
/* Write these paths (and their index entries) exactly as HEAD has them,
 * deleting those HEAD lacks; other files are left alone. */
int gitp_checkout_paths(struct repo *r, char *const *paths, size_t n, struct ggw_error *err);
/* Commits in a not in b, and in b not in a. */
int gitp_ahead_behind(struct repo *r, const char *a, const char *b, size_t *ahead,
		      size_t *behind, struct ggw_error *err);
/* Loose objects that are empty or unreadable (power cut): removed; their
 * ids are returned (malloc'd) so they can be fetched again. */
int gitp_remove_bad_loose(struct repo *r, git_hex **bad, size_t *n, struct ggw_error *err);

/* Remotes in the repository config. */
int gitp_remote_list(struct repo *r, char ***names, char ***urls, size_t *n,
		     struct ggw_error *err);
int gitp_remote_add(struct repo *r, const char *name, const char *url, struct ggw_error *err);
int gitp_remote_remove(struct repo *r, const char *name, struct ggw_error *err);
/* 1 if the object database has (and can read the header of) id. */
int gitp_object_exists(struct repo *r, const char *id);

#endif
