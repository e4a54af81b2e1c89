/* Moving a branch with one flush for the ref itself (storage/ only).
 * libgit2 1.5.1 with GIT_OPT_ENABLE_FSYNC_GITDIR fsyncs the ref and also
 * each reflog and its folder: four flushes that crash safety does not need
 * (a reflog line lost to a power cut loses no record). refwrite_move does
 * what libgit2's files backend does, with git's lock file protocol:
 * refs/...lock made exclusively, the current value compared under it
 * (GIT_EMODIFIED if it is not expect), the new id written and fsynced,
 * renamed over the ref, the folder fsynced; then the reflog lines (the
 * ref's and HEAD's when HEAD points at it) are appended without fsync. */
#ifndef GGW_REFWRITE_H
#define GGW_REFWRITE_H

struct repo;
struct git_oid;
struct git_signature;

/* refname: "refs/heads/..." or "HEAD" (an existing ref). who: the reflog's
 * identity (the commit's committer). Returns 0 or a libgit2 error code
 * with git_error_last set. */
int refwrite_move(struct repo *r, const char *refname, const struct git_oid *id,
		  const struct git_oid *expect, const struct git_signature *who,
		  const char *logmsg);

#endif
