/* What the trust side (records/trust.c) reads of a commit: its SSH
 * signature and the bytes it signs, its committer time, and one file of
 * its tree by path, without listing the whole tree. */
#ifndef GGW_GITSIG_H
#define GGW_GITSIG_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "gitp.h"

struct commit_sig {
	char *sig;             /* armored signature (gpgsig header), NULL if unsigned */
	size_t siglen;
	char *data;            /* the commit without its signature: what was signed */
	size_t datalen;
	int64_t committer_time; /* what git passes as ssh-keygen -Overify-time */
};
void commit_sig_free(struct commit_sig *s);

/* Signature of commit id (out->sig NULL when it has none). */
int gitsig_read(struct repo *r, const char *id, struct commit_sig *out, struct ggw_error *err);
/* The blob id of path in commit id's tree; GGW_ENOTFOUND if absent (or
 * not a regular file). */
int gitsig_path_blob(struct repo *r, const char *id, const char *path, git_hex out,
		     struct ggw_error *err);
/* Every commit reachable from tip (with tip), sorted by id for bsearch. */
int gitsig_ancestors_sorted(struct repo *r, const char *tip, git_hex **ids, size_t *n,
			    struct ggw_error *err);

/* A commit of one file (name, data) with no parent, pointed at by ref
 * (created or moved): a registration request, which never enters main. */
int gitsig_detached_file(struct repo *r, const char *ref, const char *name, const void *data,
			 size_t len, const char *message, git_hex out, struct ggw_error *err);

/* A commit of tree on parent (may be "" for none), signed by r's signer
 * (storage/repo.h) when it has one, author as given (time, tz minutes),
 * committer the same person now; no reference moves. */
int gitsig_commit(struct repo *r, const char *tree, const char *parent, const char *message,
		  const char *name, const char *email, int64_t when, int tz_minutes, git_hex out,
		  struct ggw_error *err);

#endif
