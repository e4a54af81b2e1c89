/* The records repository in git (libgit2): open, init, clone, lock,
 * commit, history, configuration. */
#ifndef GGW_REPO_H
#define GGW_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"

struct git_repository;

/* Opaque: its fields are storage's (storage/repo_priv.h). */
struct repo;

/* The work tree's absolute path, with a trailing '/'. */
const char *repo_workdir(const struct repo *r);
/* The git folder's absolute path (<workdir>.git/), with a trailing '/'. */
const char *repo_gitdir(const struct repo *r);
/* libgit2's handle, for storage/ code that takes a git_repository; opened
 * (and libgit2 started) on first use; NULL if that fails. */
struct git_repository *repo_git(const struct repo *r);
/* 1 while this process holds ggw's lock (repo_lock), else 0. */
int repo_lock_held(const struct repo *r);

/* Call once from main. libgit2 itself starts on first use (storage/
 * repo_priv.h: repo_lib_start), so commands served from the work tree and
 * the cache never pay for its start (the CA bundle parse). */
int repo_global_init(struct ggw_error *err);
void repo_global_shutdown(void);

/* Open the records repository containing dir (discovers upward). A folder
 * that is not a records repository (no units.yaml at the top) is
 * GGW_ENOTFOUND with a message saying what to do; so is a bare repository.
 * A repository owned by another user is GGW_EDENIED (owner check on). */
int repo_open(const char *dir, struct repo **out, struct ggw_error *err);
/* New repository at dir (created if needed; must be empty or absent), on
 * branch main. Writes nothing else: callers add units.yaml etc. */
int repo_init(const char *dir, struct repo **out, struct ggw_error *err);
/* Clone url (a local path is enough for the foundation) into dir.
 * GGW_EDAMAGED: libgit2 could not read the remote's history (a commit it
 * cannot parse, a damaged object); GGW_EDENIED: the owner check, a key
 * or a host key not accepted (no callbacks here); dir is left as it was. */
int repo_clone(const char *url, const char *dir, struct repo **out, struct ggw_error *err);
/* The same; REPO_CLONE_NO_CHECKOUT: objects, refs and HEAD only, no work
 * tree or index (the caller writes them: storage/wtcheckout.h). */
#define REPO_CLONE_NO_CHECKOUT 1u
int repo_clone_flags(const char *url, const char *dir, unsigned flags, struct repo **out,
		     struct ggw_error *err);
/* A clone's work tree is written between these two: mark (the marker
 * <gitdir>/ggw/clone-unfinished, fsynced) and finish (one sync of the file
 * system holding the work tree, then the marker removed durably; in a
 * process of its own that holds the lock, when repo_clone_finish_deferred():
 * storage/clonemark.h). While a clone is cut off (the marker there, its
 * files not known to be all written in this boot), repo_open refuses the
 * folder (GGW_EDAMAGED, saying to clone again), and
 * repo_clone_unfinished(dir) is 1. */
int repo_clone_mark_unfinished(struct repo *r, struct ggw_error *err);
int repo_clone_finish(struct repo *r, struct ggw_error *err);
int repo_clone_finish_deferred(void);
int repo_clone_unfinished(const char *dir);
/* Frees what libgit2 holds for this repository (its pack files' mapped
 * windows and indexes, the object cache) until it is needed again: a
 * clone of a million records does so before it loads them. */
void repo_drop_caches(struct repo *r);
void repo_close(struct repo *r);

/* Take ggw's own lock (flock on <gitdir>/ggw/lock). If another ggw holds it,
 * wait up to wait_ms, then GGW_ELOCKED "另一个 ggw 正在使用这个台账…". Once
 * held, stale git lock files (index.lock, HEAD.lock, lock files under refs/, ...) left
 * by a crash are removed, and each removal is reported through notice
 * (may be NULL) as a Chinese line. Released by repo_unlock/repo_close. */
int repo_lock(struct repo *r, int wait_ms, void (*notice)(const char *msg, void *data),
	      void *data, struct ggw_error *err);
void repo_unlock(struct repo *r);

/* Configuration in the repository's .git/config. get: *out malloc'd or NULL
 * if unset (returns 0). */
int repo_config_get(struct repo *r, const char *name, char **out, struct ggw_error *err);
int repo_config_set(struct repo *r, const char *name, const char *value, struct ggw_error *err);
int repo_config_unset(struct repo *r, const char *name, struct ggw_error *err);

/* Commit: stage exactly the given repository-relative paths as they are in
 * the work tree (a missing file is staged as deleted), write the index,
 * commit on HEAD (branch main; first commit if unborn) with the message
 * (a final newline is added if missing) and author (also the committer).
 * author_email may be NULL: then user.email from the configuration, else
 * "ggw@localhost"; callers should pass what to use. Other changes in the
 * work tree are left alone. The commit is HEAD's tree plus exactly these
 * paths: what an interrupted checkout left in the index, or someone staged
 * by hand with `git add`, is not committed (only these paths' index
 * entries change; hand-staged changes stay staged). Call it
 * holding repo_lock. GGW_EINVALID "没有需要提交的修改" if the tree would not
 * change; GGW_ECONFLICT if HEAD moved meanwhile. Fills commit_id (41 bytes)
 * if not NULL. */
int repo_commit_paths(struct repo *r, const char *const *paths, size_t npaths,
		      const char *message, const char *author_name,
		      const char *author_email, char *commit_id, struct ggw_error *err);
/* The same, writing the files too: data[i] (lens[i] bytes) becomes the
 * work tree file paths[i] (folders made as needed); data[i] NULL: the file
 * is taken as it is (the caller removed it, say). Each file is written
 * beside its place first, made durable in the same pass as the commit's
 * objects, and renamed into place before the branch moves: a crash leaves
 * the old file or the new one, never half, and before the commit object
 * exists nothing in the work tree has changed. On GGW_EINVALID "没有需要
 * 提交的修改" the files are in place all the same. */
int repo_commit_files(struct repo *r, const char *const *paths, const char *const *data,
		      const size_t *lens, size_t npaths, const char *message,
		      const char *author_name, const char *author_email, char *commit_id,
		      struct ggw_error *err);

/* Signing of every commit made through r (repo_commit_paths, the merge
 * commits of gitp_commit_cas): sign gets the commit object's bytes and
 * returns an armored SSH signature (namespace "git", malloc'd) or a GGW_E*
 * code with err filled, which fails the commit; called with commit NULL
 * (and armored NULL) it only gets ready (repo_signer_ready). records/pckey.c sets it
 * when a ledger is opened; storage never reads the user's key folder
 * itself. No signer: commits are unsigned (unit tests, tools). free_data
 * (may be NULL) gets data back at repo_close or the next repo_set_signer. */
typedef int (*repo_sign_fn)(void *data, struct repo *r, const char *commit, size_t len,
			    char **armored, struct ggw_error *err);
void repo_set_signer(struct repo *r, repo_sign_fn sign, void *data, void (*free_data)(void *));
int repo_has_signer(const struct repo *r);
/* Can r's signer sign? (sign is called with commit NULL: load the key
 * now.) 0 when there is no signer. Call it before writing files that a
 * commit will take, so a missing key fails before anything changes. */
int repo_signer_ready(struct repo *r, struct ggw_error *err);

/* The SSH signature of commit id (40 hex digits), for the trust side:
 * REPO_SIG_NONE when the commit has no gpgsig header; REPO_SIG_GOOD with
 * *signer the key whose signature (namespace "git") holds over the commit;
 * REPO_SIG_BAD when a signature is there but does not hold (not SSHSIG,
 * not ed25519, wrong namespace, altered), with why (may be NULL) saying
 * which. Whether the signer may sign is the caller's question. < 0: the
 * commit cannot be read (err). */
struct ssh_pubkey;
enum { REPO_SIG_NONE = 0, REPO_SIG_GOOD = 1, REPO_SIG_BAD = 2 };
int repo_commit_signature(struct repo *r, const char *id, struct ssh_pubkey *signer,
			  struct ggw_error *why, struct ggw_error *err);

/* Blob id (hex, 41 bytes) git would give these bytes. */
int repo_hash_blob(const void *data, size_t len, char *hex);

/* Read a path's content at HEAD: *out malloc'd, NUL-terminated; GGW_ENOTFOUND
 * if absent. */
int repo_read_head(struct repo *r, const char *path, char **out, size_t *len,
		   struct ggw_error *err);

/* History of one path, newest first (commit time, children before parents),
 * over every commit reachable from HEAD: a version per commit that changed
 * the path. A commit with one parent changed it if the path differs from
 * that parent; a merge only if the path differs from ALL its parents (a
 * merge that took one side as it was is skipped; that side's own commit is
 * listed). limit 0: no limit. content is the file at that commit (NULL if
 * deleted there). An unborn HEAD or a path never seen: 0 versions. */
struct file_version {
	char commit[41];
	char *author;     /* name */
	char *email;
	int64_t time;     /* seconds since the epoch */
	int tz_minutes;   /* offset */
	char *summary;    /* message's first line */
	char *message;    /* whole message */
	char *content;    /* NULL: deleted in this commit */
	size_t content_len;
};
int repo_file_history(struct repo *r, const char *path, size_t limit,
		      struct file_version **out, size_t *n, struct ggw_error *err);
void file_versions_free(struct file_version *v, size_t n);

/* Fill err from git_error_last() (which may be NULL in 1.5.1) with a
 * Chinese prefix; returns code. Used by every libgit2 call site. */
int repo_git_fail(struct ggw_error *err, int code, const char *what);

#endif
