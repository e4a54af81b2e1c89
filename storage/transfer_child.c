/* The transfer child: runs one libgit2 fetch or push and reports on its
 * stdout (protocol in storage/transport.c); the parent's watchdog kills it
 * if it stalls. */
#include "transfer_child.h"
#include "hubpath.h"
#include "quarantine.h"
#include "repo_priv.h"
#include "tlsca.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_CRED_TRIES 4

struct child {
	const char *url;
	char host_key[160];
	char trust_cmd[512];
	int cred_tries;
	int cert_refused;
	int auth_exhausted;
	double last_report;
	char push_status[256];
	int push_failed;
	int local;            /* the remote is a path: its files are read here */
	int pushing;
	char repo_path[PATH_MAX]; /* this ledger's git folder */
	char remote_text[256];    /* the remote's last words (sideband) */
};

static void out_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void out_error(enum transfer_kind k, const char *msg)
{
	char clean[700];
	size_t i;

	snprintf(clean, sizeof(clean), "%s", msg ? msg : "");
	for (i = 0; clean[i]; i++)
		if (clean[i] == '\n' || clean[i] == '\r')
			clean[i] = ' ';
	out_line("E %s %s", transfer_kind_name(k), clean);
}

static int throttled(struct child *c, int final)
{
	double t = transfer_now();

	if (!final && t - c->last_report < 0.05)
		return 1;
	c->last_report = t;
	return 0;
}

static int cb_sideband(const char *str, int len, void *payload)
{
	struct child *c = payload;

	/* Kept: a remote that finds its own repository damaged says so here
	 * ("fatal: loose object ... is corrupt") before it hangs up. */
	if (len > 0) {
		snprintf(c->remote_text, sizeof(c->remote_text), "%.*s", len, str);
		c->remote_text[strcspn(c->remote_text, "\r\n")] = '\0';
	}
	if (!throttled(c, 0))
		out_line("P remote 0 0 0");
	return 0;
}

static int cb_transfer(const git_indexer_progress *st, void *payload)
{
	struct child *c = payload;
	int final = st->received_objects == st->total_objects;

	if (!throttled(c, final))
		out_line("P receive %u %u %llu", st->received_objects, st->total_objects,
			 (unsigned long long)st->received_bytes);
	return 0;
}

static int cb_push_transfer(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	struct child *c = payload;

	if (!throttled(c, current == total))
		out_line("P send %u %u %llu", current, total, (unsigned long long)bytes);
	return 0;
}

static int cb_pack(int stage, uint32_t current, uint32_t total, void *payload)
{
	struct child *c = payload;

	(void)stage;
	if (!throttled(c, current == total))
		out_line("P pack %u %u 0", current, total);
	return 0;
}

static int cb_push_update(const char *refname, const char *status, void *payload)
{
	struct child *c = payload;

	(void)refname;
	if (status) {
		c->push_failed = 1;
		snprintf(c->push_status, sizeof(c->push_status), "%s", status);
	}
	return 0;
}

static void base64_nopad(const unsigned char *in, size_t n, char *out)
{
	static const char tbl[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];

		out[o++] = tbl[v >> 18 & 63];
		out[o++] = tbl[v >> 12 & 63];
		out[o++] = tbl[v >> 6 & 63];
		out[o++] = tbl[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;

		out[o++] = tbl[v >> 18 & 63];
		out[o++] = tbl[v >> 12 & 63];
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;

		out[o++] = tbl[v >> 18 & 63];
		out[o++] = tbl[v >> 12 & 63];
		out[o++] = tbl[v >> 6 & 63];
	}
	out[o] = '\0';
}

static void url_port(const char *url, char *port, size_t len)
{
	const char *p = strstr(url, "://"), *end;

	port[0] = '\0';
	if (!p)
		return;
	p += 3;
	end = strchr(p, '/');
	if (!end)
		end = p + strlen(p);
	for (const char *q = end; q > p; q--) {
		if (q[-1] == ']' || q[-1] == '@')
			break;
		if (q[-1] == ':') {
			snprintf(port, len, "%.*s", (int)(end - q), q);
			return;
		}
	}
}

static int cb_certificate(git_cert *cert, int valid, const char *host, void *payload)
{
	struct child *c = payload;

	if (valid)
		return 0;
	c->cert_refused = 1;
	if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2) {
		git_cert_hostkey *hk = (git_cert_hostkey *)cert;
		const char *type = "";
		const char *kt = "ed25519,ecdsa";
		char fp[64] = "", port[16];

		switch (hk->raw_type) {
		case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519: type = "ED25519"; kt = "ed25519"; break;
		case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256:
		case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384:
		case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521: type = "ECDSA"; kt = "ecdsa"; break;
		case GIT_CERT_SSH_RAW_TYPE_RSA: type = "RSA"; kt = "rsa"; break;
		default: type = "?"; break;
		}
		if (hk->type & GIT_CERT_SSH_SHA256) {
			char b64[48];

			base64_nopad(hk->hash_sha256, 32, b64);
			snprintf(fp, sizeof(fp), "SHA256:%s", b64);
		}
		url_port(c->url, port, sizeof(port));
		snprintf(c->host_key, sizeof(c->host_key), "%s %s %s", host, type, fp);
		if (port[0] && strcmp(port, "22"))
			snprintf(c->trust_cmd, sizeof(c->trust_cmd),
				 "ssh-keyscan -t %s -p %s %s >> ~/.ssh/known_hosts", kt, port, host);
		else
			snprintf(c->trust_cmd, sizeof(c->trust_cmd),
				 "ssh-keyscan -t %s %s >> ~/.ssh/known_hosts", kt, host);
		out_line("H %s\t%s", c->host_key, c->trust_cmd);
	}
	git_error_set_str(GIT_ERROR_SSH, "host key not trusted");
	return GIT_ECERTIFICATE;
}

static void url_user(const char *url, char *user, size_t len)
{
	const char *p = strstr(url, "://"), *at, *slash;

	user[0] = '\0';
	p = p ? p + 3 : url;
	at = strchr(p, '@');
	slash = strchr(p, '/');
	if (at && (!slash || at < slash))
		snprintf(user, len, "%.*s", (int)(at - p), p);
	if (!user[0]) {
		struct passwd *pw = getpwuid(getuid());

		snprintf(user, len, "%s", pw ? pw->pw_name : "git");
	}
}

static int cb_credentials(git_credential **out, const char *url, const char *username_from_url,
			  unsigned int allowed, void *payload)
{
	struct child *c = payload;
	char user[128], pub[PATH_MAX], priv[PATH_MAX];
	const char *home = getenv("HOME");
	static const char *const keys[] = { "id_ed25519", "id_ecdsa" };
	int slot;

	if (username_from_url && *username_from_url)
		snprintf(user, sizeof(user), "%s", username_from_url);
	else
		url_user(url ? url : c->url, user, sizeof(user));
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user);
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY))
		goto exhausted;
	/* Bounded: the agent once, then each key file once. */
	while ((slot = c->cred_tries++) < MAX_CRED_TRIES) {
		if (slot == 0) {
			if (getenv("SSH_AUTH_SOCK") && *getenv("SSH_AUTH_SOCK"))
				return git_credential_ssh_key_from_agent(out, user);
			continue;
		}
		if (slot - 1 >= (int)(sizeof(keys) / sizeof(keys[0])) || !home)
			break;
		snprintf(priv, sizeof(priv), "%s/.ssh/%s", home, keys[slot - 1]);
		snprintf(pub, sizeof(pub), "%s.pub", priv);
		if (access(priv, R_OK) < 0)
			continue;
		return git_credential_ssh_key_new(out, user, access(pub, R_OK) == 0 ? pub : NULL,
						  priv, NULL);
	}
exhausted:
	c->auth_exhausted = 1;
	git_error_set_str(GIT_ERROR_SSH, "no usable ssh key (agent, ~/.ssh/id_ed25519, ~/.ssh/id_ecdsa)");
	return GIT_EAUTH;
}

static const char *last_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown error";
}

/* Out of disk space (this PC's, or the remote's as it reports it)?
 * libgit2 puts strerror's words (in the locale's language) in the message;
 * errno itself may be stale by now. */
static int is_disk_full(const char *msg, const struct child *c)
{
	static const char *const words[] = { "No space left", "Disk quota exceeded" };

	if (strstr(msg, strerror(ENOSPC)) || strstr(msg, strerror(EDQUOT)))
		return 1;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(msg, words[i]) || strstr(c->remote_text, words[i]))
			return 1;
	return 0;
}

/* Objects that cannot be read: a local hub's files (read here directly,
 * libgit2's words), or a remote whose git says its own are damaged (its
 * words come through ssh's stderr or the sideband). A cut connection says
 * none of these: it is never taken for damage. */
static const char *const remote_damage_words[] = { "is corrupt", "corruption", "inflate:",
						   "unable to unpack", "bad object" };

static int has_remote_damage_words(const char *text)
{
	for (size_t i = 0; i < sizeof(remote_damage_words) / sizeof(remote_damage_words[0]); i++)
		if (strstr(text, remote_damage_words[i]))
			return 1;
	return 0;
}

static int is_damage(const git_error *e, const char *msg, const struct child *c)
{
	static const char *const local_words[] = { "inflat", "corrupt", "object not found",
						   "truncated", "bad object", "unable to unpack",
						   "unable to read" };

	if (c->local && e && (e->klass == GIT_ERROR_ZLIB || e->klass == GIT_ERROR_ODB ||
			      e->klass == GIT_ERROR_OBJECT))
		return 1;
	for (size_t i = 0; c->local && i < sizeof(local_words) / sizeof(local_words[0]); i++)
		if (strstr(msg, local_words[i]))
			return 1;
	return has_remote_damage_words(msg) || has_remote_damage_words(c->remote_text);
}

static enum transfer_kind classify(int code, struct child *c)
{
	const git_error *e = git_error_last();
	const char *msg = last_msg();

	if (c->cert_refused || code == GIT_ECERTIFICATE)
		return TK_HOSTKEY;
	if (c->auth_exhausted || code == GIT_EAUTH)
		return TK_AUTH;
	if (code == GIT_EOWNER)
		return TK_OWNER;
	if (code == GIT_ENONFASTFORWARD)
		return TK_REJECTED;
	if (code == GIT_EBAREREPO)
		return TK_NONBARE;
	if (is_disk_full(msg, c))
		return TK_DISKFULL;
	if (is_damage(e, msg, c))
		return TK_DAMAGED;
	if (e && (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_SSH ||
		  e->klass == GIT_ERROR_OS || e->klass == GIT_ERROR_HTTP ||
		  e->klass == GIT_ERROR_SSL))
		return TK_NET;
	/* A remote refusing a non-fast-forward says so in words too. */
	if (strstr(msg, "fast-forward"))
		return TK_REJECTED;
	return TK_OTHER;
}

/* Report a failed libgit2 call. Damage and a full disk name the place:
 * "<where>\t<libgit2's words>" (where: the remote, or this ledger's git
 * folder for a full disk while fetching, or for damage met while pushing
 * from it). */
static void report_failure(int code, struct child *c)
{
	enum transfer_kind k = classify(code, c);
	const char *msg = last_msg(), *fatal;
	char both[1000];

	if (k == TK_DAMAGED && !c->local) {
		/* The remote's own last words: its final "fatal: ..." line. */
		if (!has_remote_damage_words(msg))
			msg = c->remote_text;
		while ((fatal = strstr(msg, "fatal: ")) != NULL && fatal[7])
			msg = fatal + 7;
	}

	if (k != TK_DAMAGED && k != TK_DISKFULL) {
		out_error(k, msg);
		return;
	}
	if (k == TK_DISKFULL && !c->pushing)
		snprintf(both, sizeof(both), "%s\t%s", c->repo_path, msg);
	else if (k == TK_DAMAGED && c->pushing && c->local)
		snprintf(both, sizeof(both), "%s\t%s", c->repo_path, msg);
	else
		snprintf(both, sizeof(both), "%s\t%s", c->url ? c->url : "", msg);
	out_error(k, both);
}

static void init_callbacks(git_remote_callbacks *cb, struct child *c)
{
	cb->sideband_progress = cb_sideband;
	cb->transfer_progress = cb_transfer;
	cb->push_transfer_progress = cb_push_transfer;
	cb->pack_progress = cb_pack;
	cb->push_update_reference = cb_push_update;
	cb->certificate_check = cb_certificate;
	cb->credentials = cb_credentials;
	cb->payload = c;
}

static int child_fetch_into(git_remote *remote, char **specs, size_t n, struct child *c)
{
	git_fetch_options fo;
	git_strarray refspecs = { specs, n };

	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	init_callbacks(&fo.callbacks, c);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	fo.prune = GIT_FETCH_NO_PRUNE;
	return git_remote_fetch(remote, &refspecs, &fo, "ggw sync: fetch");
}

/* A remote bound to the scratch repository, for the configured URL. */
static int scratch_remote(git_repository *scratch, const char *url, git_remote **remote)
{
	git_remote_create_options ro;

	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = scratch;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	return git_remote_create_with_opts(remote, url, &ro);
}

struct moved_ref {
	char name[256];
	git_oid to;
};

#define MOVED_MAX 64

/* One reference the fetch moved in the scratch repository: checked; a
 * history libgit2 cannot parse is said on the pipe ("U <ref> <tip> <bad>
 * <readable> <why>") and only its readable part (if any) is taken. */
static int judge_ref(struct quarantine *qr, const char *name, const git_oid *tip,
		     struct moved_ref *keep, size_t *nkeep, size_t *nbad)
{
	git_oid bad, readable, old;
	char why[300], ht[GIT_OID_HEXSZ + 1], hb[GIT_OID_HEXSZ + 1], hr[GIT_OID_HEXSZ + 1];
	int rc = quarantine_check(qr, tip, &bad, &readable, why, sizeof(why));
	int has_old = git_reference_name_to_id(&old, qr->ledger, name) == 0;

	if (rc < 0)
		return rc;
	if (rc == 1) {
		(*nbad)++;
		quarantine_keep_raw(qr, &bad);
		git_oid_tostr(ht, sizeof(ht), tip);
		git_oid_tostr(hb, sizeof(hb), &bad);
		git_oid_tostr(hr, sizeof(hr), &readable);
		for (char *p = why; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		out_line("U %s %s %s %s %s", name, ht, hb, hr, why);
		if (git_oid_is_zero(&readable) || (has_old && git_oid_equal(&old, &readable)))
			return 0;
		tip = &readable;
	}
	if (*nkeep < MOVED_MAX && strlen(name) < sizeof(keep->name)) {
		snprintf(keep[*nkeep].name, sizeof(keep->name), "%s", name);
		git_oid_cpy(&keep[(*nkeep)++].to, tip);
	}
	return 0;
}

/* The references the fetch moved: those the scratch holds at another
 * commit than the ledger. Checked, then migrated into the ledger. */
static int take_moved_refs(struct quarantine *qr)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	struct moved_ref keep[MOVED_MAX];
	git_oid tips[MOVED_MAX];
	size_t nkeep = 0, nmoved = 0, nbad = 0;
	int error, adopted = 0;

	if ((error = git_reference_iterator_new(&it, qr->scratch)) < 0)
		return error;
	while (error == 0 && (error = git_reference_next(&ref, it)) == 0) {
		const git_oid *to = git_reference_target(ref);
		git_oid old;

		if (to && (git_reference_name_to_id(&old, qr->ledger, git_reference_name(ref)) < 0 ||
			   !git_oid_equal(&old, to))) {
			nmoved++;
			error = judge_ref(qr, git_reference_name(ref), to, keep, &nkeep, &nbad);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (error != GIT_ITEROVER && error < 0)
		return error;
	error = 0;
	for (size_t i = 0; i < nkeep; i++)
		git_oid_cpy(&tips[i], &keep[i].to);
	/* Every moved reference passed as it came: the packs move in as they
	 * are. Else (or loose objects) only the readable histories, repacked. */
	adopted = nbad == 0 && nkeep == nmoved ? quarantine_adopt_packs(qr) : 0;
	if (adopted < 0)
		return adopted;
	if (!adopted && (error = quarantine_migrate(qr, tips, nkeep)) < 0)
		return error;
	for (size_t i = 0; i < nkeep && error == 0; i++) {
		git_reference *made = NULL;

		error = git_reference_create(&made, qr->ledger, keep[i].name, &keep[i].to, 1,
					     "ggw sync: fetch");
		git_reference_free(made);
	}
	return error;
}

/* Every fetch lands in the scratch repository first (quarantine.h), so a
 * commit libgit2 cannot parse never enters the ledger. */
static int child_fetch_quarantined(git_repository *repo, char **specs, size_t n, struct child *c)
{
	struct quarantine qr;
	git_remote *remote = NULL;
	int error;

	if ((error = quarantine_open(&qr, repo)) < 0)
		return error;
	if ((error = scratch_remote(qr.scratch, c->url, &remote)) == 0 &&
	    (error = child_fetch_into(remote, specs, n, c)) == 0)
		error = take_moved_refs(&qr);
	git_remote_free(remote);
	quarantine_close(&qr);
	return error;
}

/* The lease of a push: connected for pushing, the remote's main must be
 * expect. The push then runs on this connection, and receive-pack moves a
 * reference only from the value it advertised here. */
static int check_lease(git_remote *remote, const git_remote_callbacks *cb, const char *expect)
{
	const git_remote_head **heads;
	size_t n;
	git_oid want;
	int error;

	if (git_oid_fromstr(&want, expect) < 0) {
		git_error_set_str(GIT_ERROR_INVALID, "bad lease");
		return GIT_EINVALID;
	}
	if ((error = git_remote_connect(remote, GIT_DIRECTION_PUSH, cb, NULL, NULL)) < 0 ||
	    (error = git_remote_ls(&heads, &n, remote)) < 0)
		return error;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(heads[i]->name, "refs/heads/main") && git_oid_equal(&heads[i]->oid, &want))
			return 0;
	git_error_set_str(GIT_ERROR_REFERENCE, "the hub's main moved (fetch first)");
	return GIT_ENONFASTFORWARD;
}

/* libgit2's push of specs (a network remote, or side references on a
 * local one). 1: refused by the remote and already reported. */
static int child_push(git_remote *remote, char **specs, size_t n, const char *expect,
		      struct child *c)
{
	git_push_options po;
	git_strarray refspecs = { specs, n };
	int error;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	init_callbacks(&po.callbacks, c);
	if (expect && (error = check_lease(remote, &po.callbacks, expect)) < 0)
		return error;
	if ((error = git_remote_push(remote, &refspecs, &po)) < 0)
		return error;
	if (c->push_failed) {
		int nonbare = strstr(c->push_status, "checked out") != NULL ||
			      strstr(c->push_status, "non-bare") != NULL;

		out_error(nonbare ? TK_NONBARE : TK_REJECTED, c->push_status);
		return 1;
	}
	return 0;
}

static void cb_wait(void *payload)
{
	(void)payload;
	out_line("P wait 0 0 0");
}

/* A hub on a path is read and written directly (hubpath.h), never through
 * libgit2's local transport: one commit it cannot parse on any reference
 * of the hub would stop every fetch and push. */
static void path_unreadable(const char *ref, const git_oid *tip, const git_oid *bad,
			    const git_oid *readable, const char *why, void *data)
{
	char ht[GIT_OID_HEXSZ + 1], hb[GIT_OID_HEXSZ + 1], hr[GIT_OID_HEXSZ + 1], w[300];

	(void)data;
	git_oid_tostr(ht, sizeof(ht), tip);
	git_oid_tostr(hb, sizeof(hb), bad);
	git_oid_tostr(hr, sizeof(hr), readable);
	snprintf(w, sizeof(w), "%s", why);
	for (char *p = w; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	out_line("U %s %s %s %s %s", ref, ht, hb, hr, w);
}

static int path_transfer(git_repository *repo, const char *path, int push, char **specs,
			 size_t n, const char *expect, struct child *c)
{
	struct hubpath_progress pr = { cb_pack, cb_transfer, cb_wait, c };

	return push ? hubpath_push(repo, path, specs, n, expect, &pr)
		    : hubpath_fetch(repo, path, specs, n, path_unreadable, NULL, &pr);
}

/* What the parent asked: "fetch"|"push"|"repair" REMOTE [--expect OID] [SPEC...]. */
struct request {
	const char *op, *name, *expect;
	char *specs[TRANSFER_MAX_SPECS];
	size_t nspecs;
};

static int parse_request(int argc, char **argv, struct request *q)
{
	int i = 2;

	memset(q, 0, sizeof(*q));
	if (argc < 2)
		return -1;
	q->op = argv[0];
	q->name = argv[1];
	if (i + 1 < argc && !strcmp(argv[i], "--expect")) {
		q->expect = argv[i + 1];
		i += 2;
	}
	for (; i < argc; i++) {
		if (q->nspecs == TRANSFER_MAX_SPECS)
			return -1;
		q->specs[q->nspecs++] = argv[i];
	}
	return 0;
}

/* An in-memory remote made from the configured URL: git_remote_lookup
 * would read the config through libgit2 1.5.1's leaking regex code, and
 * the refspecs are given explicitly anyway. 1: reported. */
static int open_remote(git_repository *repo, const char *name, git_remote **remote)
{
	git_config *cfg = NULL;
	git_buf url = { NULL, 0, 0 };
	git_remote_create_options ro;
	char key[300];
	int error;

	snprintf(key, sizeof(key), "remote.%s.url", name);
	if (git_repository_config_snapshot(&cfg, repo) < 0 ||
	    git_config_get_string_buf(&url, cfg, key) < 0) {
		git_config_free(cfg);
		out_error(TK_OTHER, "no such remote");
		return 1;
	}
	git_config_free(cfg);
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	error = git_remote_create_with_opts(remote, url.ptr, &ro);
	git_buf_dispose(&url);
	if (error < 0) {
		out_error(TK_OTHER, last_msg());
		return 1;
	}
	return 0;
}

/* A local remote: there, and for a push of main a bare repository, opened
 * into *target. 1: reported. */
static int open_local(const char *path, const struct request *q, git_repository **target,
		      struct child *c)
{
	struct stat st;
	int error;

	/* Registered hub paths only: a USB stick is often mounted with
	 * another owner (vfat, or a stick formatted on another PC). */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	if (stat(path, &st) < 0) {
		out_error(TK_ABSENT, path);
		return 1;
	}
	if (strcmp(q->op, "push"))
		return 0;
	if ((error = git_repository_open_ext(target, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)) < 0) {
		report_failure(error, c);
		return 1;
	}
	if (!git_repository_is_bare(*target)) {
		out_error(TK_NONBARE, "not a bare repository");
		return 1;
	}
	return 0;
}

int transport_child_main(const char *dir, int argc, char **argv)
{
	git_repository *repo = NULL, *scratch = NULL, *target = NULL;
	git_remote *remote = NULL, *anon = NULL;
	struct child c;
	struct request q;
	char path[PATH_MAX], refspec[300], *main_spec[1] = { refspec };
	int error = 0;

	memset(&c, 0, sizeof(c));
	/* A remote that hangs up mid-transfer (one whose repository is damaged
	 * does) must give a write error to report, not kill the child. The
	 * parent's pipe needs no SIGPIPE: the child dies with the parent. */
	signal(SIGPIPE, SIG_IGN);
	if (parse_request(argc, argv, &q) < 0) {
		out_error(TK_OTHER, "usage");
		return 2;
	}
	c.pushing = !strcmp(q.op, "push");
	out_line("P connect 0 0 0");
	if ((error = repo_lib_start(NULL)) < 0 ||
	    (error = git_repository_open_ext(&repo, dir ? dir : ".", 0, NULL)) < 0) {
		report_failure(error, &c);
		goto done;
	}
	snprintf(c.repo_path, sizeof(c.repo_path), "%s", git_repository_path(repo));
	if ((error = open_remote(repo, q.name, &remote)) != 0)
		goto reported;
	c.url = git_remote_url(remote);
	if ((error = tlsca_for_url(c.url, NULL)) < 0) {
		out_error(TK_OTHER, last_msg());
		goto done;
	}
	c.local = transport_url_is_local(c.url, path, sizeof(path));
	if (c.local && (error = open_local(path, &q, &target, &c)) != 0)
		goto reported;
	if (c.local && (!strcmp(q.op, "fetch") || c.pushing)) {
		if (c.pushing)
			snprintf(refspec, sizeof(refspec), "refs/heads/main:refs/heads/main");
		else
			snprintf(refspec, sizeof(refspec), "+refs/heads/main:refs/remotes/%s/main", q.name);
		error = q.nspecs ? path_transfer(repo, path, c.pushing, q.specs, q.nspecs, q.expect, &c)
				 : path_transfer(repo, path, c.pushing, main_spec, 1, NULL, &c);
	} else if (!strcmp(q.op, "fetch")) {
		snprintf(refspec, sizeof(refspec), "+refs/heads/main:refs/remotes/%s/main", q.name);
		error = q.nspecs ? child_fetch_quarantined(repo, q.specs, q.nspecs, &c)
				 : child_fetch_quarantined(repo, main_spec, 1, &c);
	} else if (!strcmp(q.op, "repair")) {
		char sp[PATH_MAX];

		snprintf(sp, sizeof(sp), "%sggw/repair", git_repository_path(repo));
		snprintf(refspec, sizeof(refspec), "+refs/heads/main:refs/heads/main");
		if ((error = git_repository_init(&scratch, sp, 1)) < 0 ||
		    (error = git_remote_create_anonymous(&anon, scratch, c.url)) < 0) {
			report_failure(error, &c);
			goto done;
		}
		error = child_fetch_into(anon, main_spec, 1, &c);
	} else if (c.pushing) {
		snprintf(refspec, sizeof(refspec), "refs/heads/main:refs/heads/main");
		error = q.nspecs ? child_push(remote, q.specs, q.nspecs, q.expect, &c)
				 : child_push(remote, main_spec, 1, NULL, &c);
		if (error == 1)
			goto reported;
	} else {
		out_error(TK_OTHER, "unknown operation");
		goto reported;
	}
	if (error < 0) {
		report_failure(error, &c);
		goto done;
	}
	out_line("OK");
	goto done;
reported:
	error = -1;
done:
	git_remote_free(anon);
	git_remote_free(remote);
	git_repository_free(target);
	git_repository_free(scratch);
	git_repository_free(repo);
	return error < 0 ? 1 : 0;
}
