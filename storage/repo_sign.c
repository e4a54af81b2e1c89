/* Signed commits (repo_priv.h: repo_commit_create_head). libgit2 1.5.1
 * cannot sign inside git_commit_create, so the commit is built as bytes
 * (git_commit_create_buffer), signed by the repository's signer, written
 * with its gpgsig header (git_commit_create_with_signature), and HEAD's
 * branch is moved here with the same compare-and-swap and reflog message
 * git_commit_create would have used. Order for crashes: the commit object
 * is written (fsynced, GIT_OPT_ENABLE_FSYNC_GITDIR) before the ref names
 * it, so a kill in between leaves only an unreferenced object. */
#include "repo_priv.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "../model/i18n.h"
#include "refwrite.h"
#include "sshsig.h"

void repo_set_signer(struct repo *r, repo_sign_fn sign, void *data, void (*free_data)(void *))
{
	if (!r)
		return;
	if (r->sign_free)
		r->sign_free(r->sign_data);
	r->sign = sign;
	r->sign_data = data;
	r->sign_free = free_data;
}

int repo_has_signer(const struct repo *r)
{
	return r && r->sign;
}

int repo_signer_ready(struct repo *r, struct ggw_error *err)
{
	if (!r || !r->sign)
		return 0;
	return r->sign(r->sign_data, r, NULL, 0, NULL, err);
}

/* For tests only: GGW_TEST_KILL_AT=commit-object (the signed commit is
 * written, the branch not yet moved) or commit-ref (the branch moved)
 * makes the process die by SIGKILL there. Unset in real use. */
static void kill_point(const char *point)
{
	const char *want = getenv("GGW_TEST_KILL_AT");

	if (want && !strcmp(want, point))
		raise(SIGKILL);
}

/* The ref HEAD moves (refs/heads/main, or HEAD itself when detached) and
 * its current target; *born 0 when the branch does not exist yet. */
static int head_target(git_repository *g, char **refname, git_oid *cur, int *born)
{
	git_reference *head = NULL;
	const char *name;
	int error;

	*refname = NULL;
	*born = 0;
	if ((error = git_reference_lookup(&head, g, "HEAD")) < 0)
		return error;
	name = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC
		       ? git_reference_symbolic_target(head)
		       : "HEAD";
	*refname = strdup(name ? name : "HEAD");
	git_reference_free(head);
	if (!*refname) {
		git_error_set_oom();
		return -1;
	}
	error = git_reference_name_to_id(cur, g, *refname);
	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0)
		return error;
	*born = 1;
	return 0;
}

/* "commit: <summary>" as libgit2 and git write it in the reflog. */
static int reflog_message(git_repository *g, const git_oid *id, size_t nparents, char **out)
{
	git_commit *c = NULL;
	const char *summary;
	int error;

	if ((error = git_commit_lookup(&c, g, id)) < 0)
		return error;
	summary = git_commit_summary(c);
	if (asprintf(out, "commit%s: %s",
		     nparents == 0 ? " (initial)" : nparents > 1 ? " (merge)" : "",
		     summary ? summary : "") < 0) {
		*out = NULL;
		git_error_set_oom();
		error = -1;
	}
	git_commit_free(c);
	return error;
}

/* Move refname from cur (or create it when !born) to id. */
static int move_ref(git_repository *g, const char *refname, const git_oid *id, int born,
		    const git_oid *cur, const char *logmsg)
{
	git_reference *ref = NULL;
	int error;

	if (born)
		error = git_reference_create_matching(&ref, g, refname, id, 1, cur, logmsg);
	else {
		error = git_reference_create(&ref, g, refname, id, 0, logmsg);
		if (error == GIT_EEXISTS)
			error = GIT_EMODIFIED; /* another commit came first */
	}
	git_reference_free(ref);
	return error;
}

void repo_head_move_free(struct repo_head_move *mv)
{
	free(mv->refname);
	memset(mv, 0, sizeof(*mv));
}

int repo_commit_write(struct repo *r, const git_signature *author, const git_signature *committer,
		      const char *message, const git_tree *tree, size_t nparents,
		      const git_commit **parents, git_oid *out, struct repo_head_move *mv,
		      struct ggw_error *err)
{
	git_buf buf = { 0 };
	char *armored = NULL;
	size_t n;
	int error;

	memset(mv, 0, sizeof(*mv));
	mv->nparents = nparents;
	/* The same check git_commit_create makes before writing anything. */
	if ((error = head_target(r->git, &mv->refname, &mv->cur, &mv->born)) < 0)
		goto done;
	if (mv->born != (nparents > 0) ||
	    (mv->born && !git_oid_equal(&mv->cur, git_commit_id(parents[0])))) {
		git_error_set_str(GIT_ERROR_OBJECT,
				  "failed to create commit: current tip is not the first parent");
		error = GIT_EMODIFIED;
		goto done;
	}
	if (!r->sign) {
		error = git_commit_create(out, r->git, NULL, author, committer, NULL, message, tree,
					  nparents, parents);
		goto done;
	}
	if ((error = git_commit_create_buffer(&buf, r->git, author, committer, NULL, message, tree,
					      nparents, parents)) < 0)
		goto done;
	if (r->sign(r->sign_data, r, buf.ptr, buf.size, &armored, err) < 0) {
		error = GIT_EUSER;
		goto done;
	}
	/* libgit2 indents every line break of the header value: a final one
	 * would leave a line holding one space, which git does not write. */
	n = strlen(armored);
	while (n > 0 && armored[n - 1] == '\n')
		armored[--n] = '\0';
	error = git_commit_create_with_signature(out, r->git, buf.ptr, armored, "gpgsig");
done:
	if (error == 0)
		kill_point("commit-object");
	else
		repo_head_move_free(mv);
	git_buf_dispose(&buf);
	free(armored);
	return error;
}

int repo_commit_move_head(struct repo *r, const git_oid *id, struct repo_head_move *mv)
{
	git_commit *c = NULL;
	char *logmsg = NULL;
	int error;

	/* An existing branch moves with one flush (refwrite.h); the first
	 * commit of a ledger creates it through libgit2. */
	if ((error = reflog_message(r->git, id, mv->nparents, &logmsg)) == 0)
		error = !mv->born ? move_ref(r->git, mv->refname, id, 0, &mv->cur, logmsg)
		      : (error = git_commit_lookup(&c, r->git, id)) < 0
			? error
			: refwrite_move(r, mv->refname, id, &mv->cur, git_commit_committer(c), logmsg);
	if (error == 0)
		kill_point("commit-ref");
	git_commit_free(c);
	free(logmsg);
	repo_head_move_free(mv);
	return error;
}

int repo_commit_create_head(struct repo *r, const git_signature *author,
			    const git_signature *committer, const char *message,
			    const git_tree *tree, size_t nparents, const git_commit **parents,
			    git_oid *out, struct ggw_error *err)
{
	struct repo_head_move mv;
	int error;

	if ((error = repo_commit_write(r, author, committer, message, tree, nparents, parents, out,
				       &mv, err)) < 0)
		return error;
	return repo_commit_move_head(r, out, &mv);
}

int repo_commit_signature(struct repo *r, const char *id, struct ssh_pubkey *signer,
			  struct ggw_error *why, struct ggw_error *err)
{
	git_buf sig = { 0 }, data = { 0 };
	git_oid oid;
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (!id || git_oid_fromstrn(&oid, id, strlen(id)) < 0 || strlen(id) != GIT_OID_HEXSZ)
		return ggw_fail(err, GGW_EINVALID, _("无效的提交编号“%s”"), id ? id : "");
	error = git_commit_extract_signature(&sig, &data, r->git, &oid, "gpgsig");
	if (error == GIT_ENOTFOUND) {
		/* No gpgsig header, or no such commit: tell them apart. */
		git_commit *c = NULL;

		if (git_commit_lookup(&c, r->git, &oid) < 0)
			return repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
		git_commit_free(c);
		return REPO_SIG_NONE;
	}
	if (error < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
	error = sshsig_verify(sig.ptr, sig.size, "git", data.ptr, data.size, signer, why) == 0
			? REPO_SIG_GOOD
			: REPO_SIG_BAD;
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return error;
}
