/* Transfers in a child process with a watchdog; see transport.h.
 *
 * Child protocol (one line each, on the child's stdout):
 *   P <stage> <received> <total> <bytes>   progress (resets the watchdog)
 *   H <key description>\t<trust command>   unknown ssh host key
 *   E <kind> <message>                     failure (kind: transfer_kind)
 *   OK                                     success
 */
#include "transport.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../model/i18n.h"

#define DEFAULT_TIMEOUT 60
#define MAX_CRED_TRIES 4

static const char *const kind_names[] = {
	"ok", "net", "timeout", "cancel", "rejected", "nonbare", "hostkey", "auth", "owner", "other",
	"absent"
};

static int kind_from_name(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strlen(kind_names[i]) == len && !strncmp(kind_names[i], s, len))
			return (int)i;
	return TK_OTHER;
}

int transport_url_is_local(const char *url, char *path, size_t len)
{
	const char *p = url;

	if (!strncmp(url, "file://", 7))
		p = url + 7;
	else if (strstr(url, "://"))
		return 0;
	else if (url[0] != '/' && url[0] != '.' && strchr(url, ':') &&
		 (!strchr(url, '/') || strchr(url, ':') < strchr(url, '/')))
		return 0; /* scp-like user@host:path */
	if (path) {
		if (strlen(p) >= len)
			return 0;
		strcpy(path, p);
	}
	return 1;
}

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */
/* Parent side                                                          */

static const char *op_name(enum transfer_op op)
{
	return op == TRANSFER_PUSH ? "push" : op == TRANSFER_REPAIR ? "repair" : "fetch";
}

/* libgit2's commonest network errors, in the user's language: "failed to
 * connect to HOST: REASON" and "failed to resolve address for HOST: REASON"
 * (REASON is strerror's or the resolver's, already translated). Anything
 * else keeps libgit2's words. */
static int net_failure(const char *msg, struct ggw_error *err)
{
	static const char connect[] = "failed to connect to ", resolve[] = "failed to resolve address for ";
	const char *host, *sep;
	int is_connect = !strncmp(msg, connect, sizeof(connect) - 1);

	if (!is_connect && strncmp(msg, resolve, sizeof(resolve) - 1))
		return ggw_fail(err, GGW_ENET, _("无法连接：%s"), msg);
	host = msg + (is_connect ? sizeof(connect) : sizeof(resolve)) - 1;
	if (!(sep = strstr(host, ": ")))
		return ggw_fail(err, GGW_ENET, _("无法连接：%s"), msg);
	return ggw_fail(err, GGW_ENET,
			is_connect ? _("连不上 %.*s：%s（对方电脑没开、网络不通或地址写错）")
				   : _("找不到主机 %.*s：%s（请检查地址和网络）"),
			(int)(sep - host), host, sep + 2);
}

static int parse_line(char *line, struct transfer_result *res, char *errmsg, size_t errlen,
		      struct transfer_progress *prog, int *done)
{
	if (line[0] == 'P' && line[1] == ' ') {
		char stage[32] = "";
		unsigned rcv = 0, tot = 0;
		unsigned long long bytes = 0;

		if (sscanf(line + 2, "%31s %u %u %llu", stage, &rcv, &tot, &bytes) >= 1) {
			static char stage_keep[32];

			snprintf(stage_keep, sizeof(stage_keep), "%s", stage);
			prog->stage = stage_keep;
			prog->received = rcv;
			prog->total = tot;
			prog->bytes = bytes;
			return 1;
		}
		return 0;
	}
	if (line[0] == 'H' && line[1] == ' ') {
		char *tab = strchr(line + 2, '\t');

		if (tab) {
			*tab = '\0';
			snprintf(res->trust_cmd, sizeof(res->trust_cmd), "%s", tab + 1);
		}
		snprintf(res->hostkey, sizeof(res->hostkey), "%s", line + 2);
		return 0;
	}
	if (line[0] == 'E' && line[1] == ' ') {
		char *sp = strchr(line + 2, ' ');
		size_t klen = sp ? (size_t)(sp - (line + 2)) : strlen(line + 2);

		res->kind = (enum transfer_kind)kind_from_name(line + 2, klen);
		snprintf(errmsg, errlen, "%s", sp ? sp + 1 : "");
		*done = 1;
		return 0;
	}
	if (!strcmp(line, "OK")) {
		res->kind = TK_OK;
		*done = 1;
	}
	return 0;
}

static int rm_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[PATH_MAX];
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		if (unlink(path) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* A killed indexer leaves objects/pack/pack_git2_*; nothing else writes
 * there while we hold ggw's repository lock and the child is dead. */
static void remove_tmp_packs(struct repo *r)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%sobjects/pack", r->gitdir);
	rm_prefix(dir, "pack_git2_");
}

int transport_run(struct repo *r, enum transfer_op op, const char *remote,
		  const struct transfer_options *o, struct transfer_result *res,
		  struct ggw_error *err)
{
	int pfd[2], devnull, status = 0, done = 0, killed = 0;
	int timeout = o && o->timeout_sec > 0 ? o->timeout_sec : DEFAULT_TIMEOUT;
	char buf[4096], errmsg[900] = "";
	size_t used = 0;
	double last;
	pid_t pid, parent;
	int debug_child;
	char *argv[9];

	memset(res, 0, sizeof(*res));
	res->kind = TK_OTHER;
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return ggw_fail(err, GGW_EIO, _("无法创建管道：%s"), strerror(errno));
	argv[0] = "ggw";
	argv[1] = "-C";
	argv[2] = r->workdir;
	argv[3] = "sync";
	argv[4] = "--transfer-child";
	argv[5] = (char *)op_name(op);
	argv[6] = (char *)remote;
	argv[7] = NULL;
	debug_child = getenv("GGW_DEBUG_TRANSFER") != NULL;
	fflush(NULL);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return ggw_fail(err, GGW_EIO, _("无法启动传输进程：%s"), strerror(errno));
	}
	if (pid == 0) {
		/* Only async-signal-safe calls until exec. */
		devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, 0);
			/* The interface owns the terminal: the child says
			 * everything on the pipe. */
			if (!debug_child)
				dup2(devnull, 2);
		}
		dup2(pfd[1], 1);
		/* Die with the parent: a killed ggw must not leave a transfer
		 * running without the repository lock. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(pfd[1]);
	last = now_sec();
	for (;;) {
		struct pollfd pf = { pfd[0], POLLIN, 0 };
		int pr = poll(&pf, 1, 100);

		if (pr < 0 && errno != EINTR)
			break;
		if (pr > 0) {
			ssize_t got = read(pfd[0], buf + used, sizeof(buf) - 1 - used);
			char *nl;

			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				break; /* EOF: the child is gone or finishing */
			used += (size_t)got;
			buf[used] = '\0';
			while ((nl = memchr(buf, '\n', used)) != NULL) {
				struct transfer_progress prog = { 0, 0, 0, "" };

				*nl = '\0';
				last = now_sec();
				if (parse_line(buf, res, errmsg, sizeof(errmsg), &prog, &done) &&
				    o && o->progress)
					o->progress(&prog, o->data);
				used -= (size_t)(nl + 1 - buf);
				memmove(buf, nl + 1, used);
				buf[used] = '\0';
			}
			if (used == sizeof(buf) - 1)
				used = 0; /* an overlong line: drop it */
		}
		if (o && o->cancel && o->cancel(o->data)) {
			kill(pid, SIGKILL);
			killed = TK_CANCEL;
			break;
		}
		if (now_sec() - last > timeout) {
			kill(pid, SIGKILL);
			killed = TK_TIMEOUT;
			break;
		}
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (killed || !done)
		remove_tmp_packs(r);
	if (killed == TK_CANCEL) {
		res->kind = TK_CANCEL;
		return ggw_fail(err, GGW_ECANCEL, _("已取消与 %s 的同步"), remote);
	}
	if (killed == TK_TIMEOUT) {
		res->kind = TK_TIMEOUT;
		return ggw_fail(err, GGW_ENET, _("连接 %s 超时，已停止"), remote);
	}
	if (!done) {
		res->kind = TK_OTHER;
		if (WIFSIGNALED(status))
			return ggw_fail(err, GGW_EIO, _("传输进程异常退出（信号 %d）"), WTERMSIG(status));
		return ggw_fail(err, GGW_EIO, _("传输进程异常退出（状态 %d）"),
				WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	switch (res->kind) {
	case TK_OK:
		return 0;
	case TK_NET:
		return net_failure(errmsg, err);
	case TK_ABSENT:
		return ggw_fail(err, GGW_ENET, _("找不到 %s（U盘没插上？），已跳过"), errmsg);
	case TK_HOSTKEY:
		if (res->hostkey[0])
			return ggw_fail(err, GGW_EDENIED,
					_("主机密钥未知或已改变，已拒绝连接（%s）。核对指纹后运行：%s"),
					res->hostkey, res->trust_cmd);
		return ggw_fail(err, GGW_EDENIED, _("证书未通过验证，已拒绝连接：%s"), errmsg);
	case TK_AUTH:
		return ggw_fail(err, GGW_EDENIED,
				_("对方拒绝了登录（试过 ssh-agent 和 ~/.ssh/id_ed25519、id_ecdsa）：%s"),
				errmsg);
	case TK_OWNER:
		return ggw_fail(err, GGW_EDENIED, _("仓库属于另一个用户：%s"), errmsg);
	case TK_REJECTED:
		return ggw_fail(err, GGW_ECONFLICT, _("对方拒绝了推送（它已有新提交）：%s"), errmsg);
	case TK_NONBARE:
		return ggw_fail(err, GGW_EDENIED,
				_("不是中转仓库（不是裸仓库），不能推送；只从它取数据。要推送，请用 ggw hub init 建中转仓库"));
	default:
		return ggw_fail(err, GGW_EIO, _("传输失败：%s"), errmsg);
	}
}

/* ------------------------------------------------------------------ */
/* Child side                                                           */

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
	out_line("E %s %s", kind_names[k], clean);
}

static int throttled(struct child *c, int final)
{
	double t = now_sec();

	if (!final && t - c->last_report < 0.05)
		return 1;
	c->last_report = t;
	return 0;
}

static int cb_sideband(const char *str, int len, void *payload)
{
	struct child *c = payload;

	(void)str;
	(void)len;
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

static enum transfer_kind classify(int code, struct child *c)
{
	const git_error *e = git_error_last();

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
	if (e && (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_SSH ||
		  e->klass == GIT_ERROR_OS || e->klass == GIT_ERROR_HTTP ||
		  e->klass == GIT_ERROR_SSL))
		return TK_NET;
	return TK_OTHER;
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

static int child_fetch_into(git_repository *repo, git_remote *remote, const char *refspec,
			    struct child *c)
{
	git_fetch_options fo;
	char *specs[] = { (char *)refspec };
	git_strarray refspecs = { specs, 1 };

	(void)repo;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	init_callbacks(&fo.callbacks, c);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	fo.prune = GIT_FETCH_NO_PRUNE;
	return git_remote_fetch(remote, &refspecs, &fo, "ggw sync: fetch");
}

/* A push killed half-way (kill -9, a stick pulled out) leaves lock files in
 * the hub that git never removes. Pushers of ggw take turns on an flock of
 * <hub>/ggw-push.lock; holding it, a ref lock is either a plain git push
 * through git daemon or ssh (which holds it for milliseconds) or stale: one
 * still there after two seconds is removed. Returns the flock's fd or -1. */
#define HUB_LOCK_WAIT_MS 2000
static int hub_take_turn(const char *gitdir)
{
	static const char *const locks[] = { "refs/heads/main.lock", "packed-refs.lock", "HEAD.lock" };
	char path[PATH_MAX];
	struct timespec pause = { 0, 50 * 1000000L };
	int fd, waited;

	snprintf(path, sizeof(path), "%sggw-push.lock", gitdir);
	fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0666);
	/* Waiting is progress: the watchdog must not fire meanwhile. */
	for (waited = 0; fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0 && waited < 30000; waited += 50) {
		if (waited % 250 == 0)
			out_line("P wait 0 0 0");
		nanosleep(&pause, NULL);
	}
	for (size_t i = 0; i < sizeof(locks) / sizeof(locks[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", gitdir, locks[i]);
		for (waited = 0; access(path, F_OK) == 0 && waited < HUB_LOCK_WAIT_MS; waited += 50) {
			if (waited % 250 == 0)
				out_line("P wait 0 0 0");
			nanosleep(&pause, NULL);
		}
		if (access(path, F_OK) == 0)
			unlink(path);
	}
	return fd;
}

/* Push to a local bare hub with a real compare-and-swap: libgit2's local
 * transport moves the hub's main without checking its old value, so two
 * PCs pushing at once (the office PC and a unit through git daemon) could
 * drop one push. Objects go in as a pack; main moves only if it still is
 * what we saw and our main descends from it. */
static int local_push_cas(git_repository *repo, git_repository *target, struct child *c)
{
	git_oid ours, old;
	git_packbuilder *pb = NULL;
	git_revwalk *walk = NULL;
	git_reference *ref = NULL;
	char packdir[PATH_MAX];
	int has_old, error, turn = -1;

	if ((error = git_reference_name_to_id(&ours, repo, "refs/heads/main")) < 0)
		return error;
	error = git_reference_name_to_id(&old, target, "refs/heads/main");
	if (error < 0 && error != GIT_ENOTFOUND)
		return error;
	has_old = error == 0;
	if (has_old && git_oid_equal(&old, &ours))
		return 0;
	if (has_old && git_graph_descendant_of(repo, &ours, &old) != 1) {
		git_error_set_str(GIT_ERROR_REFERENCE, "the hub's main moved (fetch first)");
		return GIT_ENONFASTFORWARD;
	}
	turn = hub_take_turn(git_repository_path(target));
	snprintf(packdir, sizeof(packdir), "%sobjects/pack", git_repository_path(target));
	if ((error = git_packbuilder_new(&pb, repo)) < 0 || (error = git_revwalk_new(&walk, repo)) < 0 ||
	    (error = git_revwalk_push(walk, &ours)) < 0 ||
	    (has_old && (error = git_revwalk_hide(walk, &old)) < 0) ||
	    (error = git_packbuilder_insert_walk(pb, walk)) < 0 ||
	    (error = git_packbuilder_write(pb, packdir, 0, cb_transfer, c)) < 0)
		goto done;
	if (has_old)
		error = git_reference_create_matching(&ref, target, "refs/heads/main", &ours, 1, &old,
						      "ggw sync: push");
	else
		error = git_reference_create(&ref, target, "refs/heads/main", &ours, 0, "ggw sync: push");
	if (error == GIT_EMODIFIED || error == GIT_EEXISTS) {
		git_error_set_str(GIT_ERROR_REFERENCE, "the hub's main moved (fetch first)");
		error = GIT_ENONFASTFORWARD;
	}
done:
	if (turn >= 0)
		close(turn);
	git_reference_free(ref);
	git_revwalk_free(walk);
	git_packbuilder_free(pb);
	return error;
}

int transport_child_main(const char *dir, int argc, char **argv)
{
	git_repository *repo = NULL, *scratch = NULL, *target = NULL;
	git_remote *remote = NULL, *anon = NULL;
	struct child c;
	char path[PATH_MAX], refspec[300];
	const char *op, *name;
	int error = 0, local;

	memset(&c, 0, sizeof(c));
	signal(SIGPIPE, SIG_DFL);
	if (argc < 2) {
		out_error(TK_OTHER, "usage");
		return 2;
	}
	op = argv[0];
	name = argv[1];
	out_line("P connect 0 0 0");
	if ((error = git_repository_open_ext(&repo, dir ? dir : ".", 0, NULL)) < 0) {
		out_error(classify(error, &c), last_msg());
		goto done;
	}
	/* An in-memory remote made from the configured URL: git_remote_lookup
	 * would read the config through libgit2 1.5.1's leaking regex code,
	 * and the refspecs are given explicitly anyway. */
	{
		git_config *cfg = NULL;
		git_buf url = { NULL, 0, 0 };
		git_remote_create_options ro;
		char key[300];

		snprintf(key, sizeof(key), "remote.%s.url", name);
		if (git_repository_config_snapshot(&cfg, repo) < 0 ||
		    git_config_get_string_buf(&url, cfg, key) < 0) {
			git_config_free(cfg);
			out_error(TK_OTHER, "no such remote");
			error = -1;
			goto done;
		}
		git_config_free(cfg);
		git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
		ro.repository = repo;
		ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
		error = git_remote_create_with_opts(&remote, url.ptr, &ro);
		git_buf_dispose(&url);
		if (error < 0) {
			out_error(TK_OTHER, last_msg());
			goto done;
		}
	}
	c.url = git_remote_url(remote);
	local = transport_url_is_local(c.url, path, sizeof(path));
	if (local) {
		struct stat st;

		/* Registered hub paths only: a USB stick is often mounted with
		 * another owner (vfat, or a stick formatted on another PC). */
		git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
		if (stat(path, &st) < 0) {
			out_error(TK_ABSENT, path);
			error = -1;
			goto done;
		}
		if (!strcmp(op, "push")) {
			if ((error = git_repository_open_ext(&target, path,
							     GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)) < 0) {
				out_error(classify(error, &c), last_msg());
				goto done;
			}
			if (!git_repository_is_bare(target)) {
				out_error(TK_NONBARE, "not a bare repository");
				error = -1;
				goto done;
			}
		}
	}
	if (!strcmp(op, "fetch")) {
		snprintf(refspec, sizeof(refspec), "+refs/heads/main:refs/remotes/%s/main", name);
		error = child_fetch_into(repo, remote, refspec, &c);
	} else if (!strcmp(op, "repair")) {
		char sp[PATH_MAX];

		snprintf(sp, sizeof(sp), "%sggw/repair", git_repository_path(repo));
		if ((error = git_repository_init(&scratch, sp, 1)) < 0 ||
		    (error = git_remote_create_anonymous(&anon, scratch, c.url)) < 0) {
			out_error(classify(error, &c), last_msg());
			goto done;
		}
		error = child_fetch_into(scratch, anon, "+refs/heads/main:refs/heads/main", &c);
	} else if (!strcmp(op, "push") && target) {
		error = local_push_cas(repo, target, &c);
	} else if (!strcmp(op, "push")) {
		git_push_options po;
		char *specs[] = { "refs/heads/main:refs/heads/main" };
		git_strarray refspecs = { specs, 1 };

		git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
		init_callbacks(&po.callbacks, &c);
		error = git_remote_push(remote, &refspecs, &po);
		if (error == 0 && c.push_failed) {
			int nonbare = strstr(c.push_status, "checked out") != NULL ||
				      strstr(c.push_status, "non-bare") != NULL;

			out_error(nonbare ? TK_NONBARE : TK_REJECTED, c.push_status);
			error = -1;
			goto done;
		}
	} else {
		out_error(TK_OTHER, "unknown operation");
		error = -1;
		goto done;
	}
	if (error < 0) {
		enum transfer_kind k = classify(error, &c);

		/* A remote refusing a non-fast-forward says so in words too. */
		if (k == TK_OTHER && strstr(last_msg(), "fast-forward"))
			k = TK_REJECTED;
		out_error(k, last_msg());
		goto done;
	}
	out_line("OK");
done:
	git_remote_free(anon);
	git_remote_free(remote);
	git_repository_free(target);
	git_repository_free(scratch);
	git_repository_free(repo);
	return error < 0 ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Local repositories                                                   */

int transport_local_is_bare(const char *path, int *bare, struct ggw_error *err)
{
	git_repository *repo = NULL;
	int saved = 1, error;

	git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, &saved);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	error = git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, saved);
	if (error < 0)
		return ggw_fail(err, GGW_ENOTFOUND, _("%s 不是 git 仓库"), path);
	*bare = git_repository_is_bare(repo);
	git_repository_free(repo);
	return 0;
}

int transport_hub_init(const char *path, struct ggw_error *err)
{
	git_repository *repo = NULL;
	git_repository_init_options io;
	struct stat st;
	int error;

	if (stat(path, &st) == 0) {
		DIR *d;
		struct dirent *de;
		int empty = 1;

		if (!S_ISDIR(st.st_mode))
			return ggw_fail(err, GGW_EINVALID, _("%s 已存在且不是文件夹"), path);
		if (!(d = opendir(path)))
			return ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), path, strerror(errno));
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				empty = 0;
		closedir(d);
		if (!empty)
			return ggw_fail(err, GGW_EINVALID,
					_("%s 不是空文件夹；请换一个新文件夹名（例如 U盘上的 ggw-hub.git）"), path);
	}
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	io.initial_head = "main";
	if ((error = git_repository_init_ext(&repo, path, &io)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法新建中转仓库"));
	git_repository_free(repo);
	return 0;
}

int transport_copy_objects(struct repo *r, const char *src_path, const char *const *oids,
			   size_t n, size_t *copied, struct ggw_error *err)
{
	git_repository *src = NULL;
	git_odb *sodb = NULL, *dodb = NULL;
	int saved = 1, error;

	*copied = 0;
	git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, &saved);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	error = git_repository_open_ext(&src, src_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, saved);
	if (error < 0)
		return ggw_fail(err, GGW_ENOTFOUND, _("%s 不是 git 仓库"), src_path);
	if ((error = git_repository_odb(&sodb, src)) < 0 ||
	    (error = git_repository_odb(&dodb, r->git)) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法打开对象库"));
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		git_oid id, written;
		git_odb_object *obj = NULL;

		if (git_oid_fromstr(&id, oids[i]) < 0 || git_odb_read(&obj, sodb, &id) < 0)
			continue;
		if (git_odb_write(&written, dodb, git_odb_object_data(obj), git_odb_object_size(obj),
				  git_odb_object_type(obj)) == 0)
			(*copied)++;
		git_odb_object_free(obj);
	}
	error = 0;
done:
	git_odb_free(sodb);
	git_odb_free(dodb);
	git_repository_free(src);
	return error;
}

/* ------------------------------------------------------------------ */
/* Plumbing for records/sync.c                                          */

static int oid_from(const char *hex, git_oid *id, struct ggw_error *err)
{
	if (!hex || git_oid_fromstrn(id, hex, strlen(hex)) < 0 || strlen(hex) != GIT_OID_HEXSZ)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), hex ? hex : "(null)");
	return 0;
}

static void hex_of(const git_oid *id, git_hex out)
{
	git_oid_tostr(out, sizeof(git_hex), id);
}

void commit_info_free(struct commit_info *c)
{
	if (!c)
		return;
	free(c->author_name);
	free(c->author_email);
	free(c->message);
	free(c->unit_trailer);
	free(c->action_trailer);
	memset(c, 0, sizeof(*c));
}

int gitp_ref_tip(struct repo *r, const char *ref, git_hex out, struct ggw_error *err)
{
	git_oid id;
	int error = git_reference_name_to_id(&id, r->git, ref);

	out[0] = '\0';
	if (error == GIT_ENOTFOUND || error == GIT_EUNBORNBRANCH)
		return ggw_fail(err, GGW_ENOTFOUND, _("没有 %s"), ref);
	if (error < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取引用"));
	hex_of(&id, out);
	return 0;
}

int gitp_commit_info(struct repo *r, const char *idhex, struct commit_info *out,
		     struct ggw_error *err)
{
	git_commit *c = NULL;
	git_oid id;
	const git_signature *a;
	git_message_trailer_array tr = { 0 };
	const char *msg;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = oid_from(idhex, &id, err)) < 0)
		return error;
	if (git_commit_lookup(&c, r->git, &id) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
	hex_of(&id, out->id);
	hex_of(git_commit_tree_id(c), out->tree);
	out->nparents = git_commit_parentcount(c);
	for (unsigned i = 0; i < out->nparents && i < 2; i++)
		hex_of(git_commit_parent_id(c, i), out->parents[i]);
	a = git_commit_author(c);
	out->author_name = strdup(a->name ? a->name : "");
	out->author_email = strdup(a->email ? a->email : "");
	out->time = (int64_t)a->when.time;
	out->tz_minutes = a->when.offset;
	msg = git_commit_message(c);
	out->message = strdup(msg ? msg : "");
	if (msg && git_message_trailers(&tr, msg) == 0) {
		for (size_t i = 0; i < tr.count; i++) {
			char **slot = !strcasecmp(tr.trailers[i].key, "Ggw-Unit") ? &out->unit_trailer :
				      !strcasecmp(tr.trailers[i].key, "Ggw-Action") ? &out->action_trailer : NULL;

			if (slot && !*slot)
				*slot = strdup(tr.trailers[i].value);
		}
		git_message_trailer_array_free(&tr);
	}
	git_commit_free(c);
	if (!out->author_name || !out->author_email || !out->message) {
		commit_info_free(out);
		return ggw_fail(err, GGW_ENOMEM, _("内存不足"));
	}
	return 0;
}

int gitp_walk(struct repo *r, const char *tip, const char *hide, git_hex **ids, size_t *n,
	      struct ggw_error *err)
{
	git_revwalk *w = NULL;
	git_oid id, t, h;
	size_t cap = 0;
	int error;

	*ids = NULL;
	*n = 0;
	if ((error = oid_from(tip, &t, err)) < 0 || (hide && (error = oid_from(hide, &h, err)) < 0))
		return error;
	if (git_revwalk_new(&w, r->git) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(w, &t) < 0 || (hide && git_revwalk_hide(w, &h) < 0)) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法遍历历史"));
		goto done;
	}
	while ((error = git_revwalk_next(&id, w)) == 0) {
		if (*n == cap) {
			git_hex *nv = realloc(*ids, (cap = cap ? cap * 2 : 64) * sizeof(git_hex));

			if (!nv) {
				error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
				goto done;
			}
			*ids = nv;
		}
		hex_of(&id, (*ids)[(*n)++]);
	}
	if (error != GIT_ITEROVER) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法遍历历史"));
		goto done;
	}
	error = 0;
done:
	git_revwalk_free(w);
	if (error < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return error;
}

int gitp_is_ancestor(struct repo *r, const char *ancestor, const char *idhex)
{
	git_oid a, b;

	if (oid_from(ancestor, &a, NULL) < 0 || oid_from(idhex, &b, NULL) < 0)
		return 0;
	if (git_oid_equal(&a, &b))
		return 1;
	return git_graph_descendant_of(r->git, &b, &a) == 1;
}

int gitp_merge_base(struct repo *r, const char *a, const char *b, git_hex out,
		    struct ggw_error *err)
{
	git_oid x, y, base;
	int error;

	out[0] = '\0';
	if ((error = oid_from(a, &x, err)) < 0 || (error = oid_from(b, &y, err)) < 0)
		return error;
	error = git_merge_base(&base, r->git, &x, &y);
	if (error == GIT_ENOTFOUND)
		return ggw_fail(err, GGW_ENOTFOUND, _("两边的历史没有共同的起点"));
	if (error < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法找到共同的历史"));
	hex_of(&base, out);
	return 0;
}

struct items_acc {
	struct tree_item *v;
	size_t n, cap;
	int failed;
};

static int tree_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct items_acc *acc = payload;
	git_filemode_t mode = git_tree_entry_filemode(e);
	struct tree_item *it;

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return 0;
	/* A gitlink (submodule) is no record: listing nothing for it would
	 * let a commit add one anywhere past sync's write-scope check. */
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return -1;
	if (acc->n == acc->cap) {
		struct tree_item *nv = realloc(acc->v, (acc->cap = acc->cap ? acc->cap * 2 : 256) * sizeof(*nv));

		if (!nv) {
			acc->failed = 1;
			return -1;
		}
		acc->v = nv;
	}
	it = &acc->v[acc->n];
	if (asprintf(&it->path, "%s%s", root, git_tree_entry_name(e)) < 0) {
		acc->failed = 1;
		return -1;
	}
	hex_of(git_tree_entry_id(e), it->blob);
	it->mode = (unsigned)mode;
	acc->n++;
	return 0;
}

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tree_item *)a)->path, ((const struct tree_item *)b)->path);
}

void tree_items_free(struct tree_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

int gitp_tree_items(struct repo *r, const char *idhex, struct tree_item **out, size_t *n,
		    struct ggw_error *err)
{
	git_object *obj = NULL;
	git_tree *tree = NULL;
	struct items_acc acc = { NULL, 0, 0, 0 };
	git_oid id;
	int error;

	*out = NULL;
	*n = 0;
	if (!idhex || !*idhex)
		return 0;
	if ((error = oid_from(idhex, &id, err)) < 0)
		return error;
	if (git_object_lookup(&obj, r->git, &id, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &acc) < 0) {
		error = acc.failed ? ggw_fail(err, GGW_ENOMEM, _("内存不足"))
				   : repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (acc.n) /* acc.v is NULL for a tree without files */
		qsort(acc.v, acc.n, sizeof(*acc.v), item_cmp);
	*out = acc.v;
	*n = acc.n;
	acc.v = NULL;
	acc.n = 0;
	error = 0;
done:
	tree_items_free(acc.v, acc.n);
	git_tree_free(tree);
	git_object_free(obj);
	return error;
}

int gitp_read_blob(struct repo *r, const char *idhex, char **out, size_t *len,
		   struct ggw_error *err)
{
	git_blob *b = NULL;
	git_oid id;
	size_t sz;
	int error;

	*out = NULL;
	if ((error = oid_from(idhex, &id, err)) < 0)
		return error;
	if (git_blob_lookup(&b, r->git, &id) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取文件内容"));
	sz = (size_t)git_blob_rawsize(b);
	*out = malloc(sz + 1);
	if (!*out) {
		git_blob_free(b);
		return ggw_fail(err, GGW_ENOMEM, _("内存不足"));
	}
	memcpy(*out, git_blob_rawcontent(b), sz);
	(*out)[sz] = '\0';
	if (len)
		*len = sz;
	git_blob_free(b);
	return 0;
}

int gitp_write_blob(struct repo *r, const void *data, size_t len, git_hex out,
		    struct ggw_error *err)
{
	git_oid id;

	if (git_blob_create_from_buffer(&id, r->git, data, len) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法写入文件内容"));
	hex_of(&id, out);
	return 0;
}

int gitp_write_tree(struct repo *r, const struct tree_item *v, size_t n, git_hex out,
		    struct ggw_error *err)
{
	git_index *idx = NULL;
	git_oid tree;
	int error = 0;

	if (git_index_new(&idx) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法建立目录树"));
	for (size_t i = 0; i < n; i++) {
		git_index_entry e;

		memset(&e, 0, sizeof(e));
		e.mode = v[i].mode ? v[i].mode : GIT_FILEMODE_BLOB;
		e.path = v[i].path;
		if ((error = oid_from(v[i].blob, &e.id, err)) < 0)
			goto done;
		if (git_index_add(idx, &e) < 0) {
			error = repo_git_fail(err, GGW_EIO, _("无法建立目录树"));
			goto done;
		}
	}
	if (git_index_write_tree_to(&tree, idx, r->git) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法建立目录树"));
		goto done;
	}
	hex_of(&tree, out);
done:
	git_index_free(idx);
	return error;
}

/* Blob id of path in a commit's tree; zero id if absent. */
static void path_id_in(git_commit *c, const char *path, git_oid *id)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;

	memset(id, 0, sizeof(*id));
	if (git_commit_tree(&t, c) < 0)
		return;
	if (git_tree_entry_bypath(&e, t, path) == 0) {
		git_oid_cpy(id, git_tree_entry_id(e));
		git_tree_entry_free(e);
	}
	git_tree_free(t);
}

int gitp_last_change(struct repo *r, const char *tip, const char *stop, const char *path,
		     git_hex out, struct ggw_error *err)
{
	git_revwalk *w = NULL;
	git_oid id, t, s;
	int error;

	out[0] = '\0';
	if ((error = oid_from(tip, &t, err)) < 0 || (stop && *stop && (error = oid_from(stop, &s, err)) < 0))
		return error;
	if (git_revwalk_new(&w, r->git) < 0 || git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL) < 0 ||
	    git_revwalk_push(w, &t) < 0 || (stop && *stop && git_revwalk_hide(w, &s) < 0)) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法遍历历史"));
		goto done;
	}
	while ((error = git_revwalk_next(&id, w)) == 0) {
		git_commit *c = NULL, *p = NULL;
		git_oid mine, theirs;
		int changed;

		if (git_commit_lookup(&c, r->git, &id) < 0)
			continue;
		path_id_in(c, path, &mine);
		memset(&theirs, 0, sizeof(theirs));
		if (git_commit_parentcount(c) > 0 && git_commit_parent(&p, c, 0) == 0)
			path_id_in(p, path, &theirs);
		/* A merge commit that only takes one side's version is not the
		 * change's author: look for the commit that made it. */
		changed = !git_oid_equal(&mine, &theirs);
		if (changed && git_commit_parentcount(c) > 1) {
			git_commit *p2 = NULL;
			git_oid second;

			if (git_commit_parent(&p2, c, 1) == 0) {
				path_id_in(p2, path, &second);
				if (git_oid_equal(&mine, &second))
					changed = 0;
				git_commit_free(p2);
			}
		}
		git_commit_free(p);
		git_commit_free(c);
		if (changed) {
			hex_of(&id, out);
			break;
		}
	}
	error = 0;
done:
	git_revwalk_free(w);
	return error;
}

int gitp_commit_cas(struct repo *r, const char *treehex, const char *const *parents,
		    size_t nparents, const char *message, const char *name, const char *email,
		    git_hex out, struct ggw_error *err)
{
	git_tree *tree = NULL;
	git_commit *pc[2] = { NULL, NULL };
	git_signature *sig = NULL;
	git_oid tid, id;
	int error = 0;

	if (nparents > 2)
		return ggw_fail(err, GGW_EINVALID, "too many parents");
	if ((error = oid_from(treehex, &tid, err)) < 0)
		return error;
	if (git_tree_lookup(&tree, r->git, &tid) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	for (size_t i = 0; i < nparents; i++) {
		git_oid p;

		if ((error = oid_from(parents[i], &p, err)) < 0)
			goto done;
		if (git_commit_lookup(&pc[i], r->git, &p) < 0) {
			error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取提交"));
			goto done;
		}
	}
	if (git_signature_now(&sig, name, email) < 0) {
		error = repo_git_fail(err, GGW_EINVALID, _("提交人姓名或邮箱无效"));
		goto done;
	}
	error = git_commit_create(&id, r->git, "HEAD", sig, sig, NULL, message, tree, nparents,
				  (const git_commit **)pc);
	if (error == GIT_EMODIFIED) {
		error = ggw_fail(err, GGW_ECONFLICT, _("台账在同步期间被修改，请再同步一次"));
		goto done;
	}
	if (error < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法写入合并提交"));
		goto done;
	}
	hex_of(&id, out);
done:
	git_signature_free(sig);
	git_commit_free(pc[0]);
	git_commit_free(pc[1]);
	git_tree_free(tree);
	return error;
}

int gitp_main_cas(struct repo *r, const char *idhex, const char *expected, struct ggw_error *err)
{
	git_reference *ref = NULL;
	git_oid id, old;
	int error;

	if ((error = oid_from(idhex, &id, err)) < 0 || (error = oid_from(expected, &old, err)) < 0)
		return error;
	error = git_reference_create_matching(&ref, r->git, "refs/heads/main", &id, 1, &old,
					      "ggw sync: fast-forward");
	git_reference_free(ref);
	if (error == GIT_EMODIFIED)
		return ggw_fail(err, GGW_ECONFLICT, _("台账在同步期间被修改，请再同步一次"));
	if (error < 0)
		return repo_git_fail(err, GGW_EIO, _("无法移动 main 分支"));
	return 0;
}

int gitp_set_ref(struct repo *r, const char *refname, const char *idhex, struct ggw_error *err)
{
	git_reference *ref = NULL;
	git_oid id;
	int error;

	if ((error = oid_from(idhex, &id, err)) < 0)
		return error;
	error = git_reference_create(&ref, r->git, refname, &id, 1, "ggw sync: pushed");
	git_reference_free(ref);
	if (error < 0)
		return repo_git_fail(err, GGW_EIO, _("无法更新引用"));
	return 0;
}

struct conflict_acc {
	char list[600];
	size_t count;
};

static int checkout_notify(git_checkout_notify_t why, const char *path, const git_diff_file *b,
			   const git_diff_file *t, const git_diff_file *w, void *payload)
{
	struct conflict_acc *acc = payload;
	size_t used = strlen(acc->list);

	(void)why;
	(void)b;
	(void)t;
	(void)w;
	if (acc->count++ < 5 && used + strlen(path) + 3 < sizeof(acc->list))
		snprintf(acc->list + used, sizeof(acc->list) - used, "%s%s", used ? ", " : "", path);
	return 0;
}

int gitp_checkout_head(struct repo *r, const char *baseline, struct ggw_error *err)
{
	git_checkout_options co;
	git_object *obj = NULL;
	git_tree *base = NULL;
	struct conflict_acc acc;
	git_oid id;
	int error;

	memset(&acc, 0, sizeof(acc));
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = checkout_notify;
	co.notify_payload = &acc;
	if (baseline && *baseline) {
		if ((error = oid_from(baseline, &id, err)) < 0)
			return error;
		if (git_object_lookup(&obj, r->git, &id, GIT_OBJECT_ANY) < 0 ||
		    git_object_peel((git_object **)&base, obj, GIT_OBJECT_TREE) < 0) {
			error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
			goto done;
		}
		co.baseline = base;
	}
	error = git_checkout_head(r->git, &co);
	if (error == GIT_ECONFLICT || (error < 0 && acc.count)) {
		error = ggw_fail(err, GGW_ECONFLICT,
				 _("这些文件有未提交的修改，与收到的修改冲突：%s。请先提交或撤销这些修改，再同步"),
				 acc.list);
		goto done;
	}
	if (error < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法更新工作区"));
done:
	git_tree_free(base);
	git_object_free(obj);
	return error;
}

int gitp_checkout_paths(struct repo *r, char *const *paths, size_t n, struct ggw_error *err)
{
	git_checkout_options co;

	if (n == 0)
		return 0;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH |
			       GIT_CHECKOUT_REMOVE_UNTRACKED;
	co.paths.strings = (char **)paths;
	co.paths.count = n;
	if (git_checkout_head(r->git, &co) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法更新工作区"));
	return 0;
}

int gitp_ahead_behind(struct repo *r, const char *a, const char *b, size_t *ahead,
		      size_t *behind, struct ggw_error *err)
{
	git_oid x, y;
	int error;

	*ahead = *behind = 0;
	if ((error = oid_from(a, &x, err)) < 0 || (error = oid_from(b, &y, err)) < 0)
		return error;
	if (git_graph_ahead_behind(ahead, behind, r->git, &x, &y) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法比较历史"));
	return 0;
}

static int is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

int gitp_remove_bad_loose(struct repo *r, git_hex **bad, size_t *n, struct ggw_error *err)
{
	git_odb *odb = NULL;
	git_odb_backend *be = NULL;
	char objdir[PATH_MAX];
	size_t cap = 0;
	int error = 0;

	*bad = NULL;
	*n = 0;
	snprintf(objdir, sizeof(objdir), "%sobjects", r->gitdir);
	/* A loose-only object database: packs must not answer for it. */
	if (git_odb_new(&odb) < 0 || git_odb_backend_loose(&be, objdir, -1, 0, 0, 0) < 0 ||
	    git_odb_add_backend(odb, be, 1) < 0) {
		if (be && odb)
			be->free(be);
		git_odb_free(odb);
		return repo_git_fail(err, GGW_EIO, _("无法检查对象库"));
	}
	for (int hi = 0; hi < 256 && error == 0; hi++) {
		char dir[PATH_MAX + 4];
		DIR *d;
		struct dirent *de;

		snprintf(dir, sizeof(dir), "%s/%02x", objdir, hi);
		if (!(d = opendir(dir)))
			continue;
		while ((de = readdir(d)) != NULL) {
			char path[PATH_MAX + 64], hex[41];
			struct stat st;
			git_odb_object *obj = NULL;
			git_oid id;
			int broken;

			if (strlen(de->d_name) != 38 || !is_hex(de->d_name, 38))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			snprintf(hex, sizeof(hex), "%02x%s", hi, de->d_name);
			if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
				continue;
			broken = st.st_size == 0;
			if (!broken) {
				git_oid_fromstr(&id, hex);
				if (git_odb_read(&obj, odb, &id) < 0)
					broken = 1;
				git_odb_object_free(obj);
			}
			if (!broken)
				continue;
			if (unlink(path) < 0)
				continue;
			if (*n == cap) {
				git_hex *nv = realloc(*bad, (cap = cap ? cap * 2 : 8) * sizeof(git_hex));

				if (!nv) {
					error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
					break;
				}
				*bad = nv;
			}
			memcpy((*bad)[(*n)++], hex, 41);
		}
		closedir(d);
	}
	git_odb_free(odb);
	return error;
}

/* Remotes straight from the config ("remote.<name>.url"): git_remote_list
 * and git_remote_lookup go through libgit2 1.5.1's regex matching, which
 * leaks its pcre2 match data on every call. */
int gitp_remote_list(struct repo *r, char ***names, char ***urls, size_t *n,
		     struct ggw_error *err)
{
	git_config *cfg = NULL, *snap = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	size_t cap = 0, i;
	int error;

	*names = *urls = NULL;
	*n = 0;
	if (git_repository_config(&cfg, r->git) < 0 || git_config_snapshot(&snap, cfg) < 0 ||
	    git_config_iterator_new(&it, snap) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法读取同步对象列表"));
		goto done;
	}
	while ((error = git_config_next(&e, it)) == 0) {
		size_t len = strlen(e->name);

		if (len <= 11 || strncasecmp(e->name, "remote.", 7) ||
		    strcasecmp(e->name + len - 4, ".url"))
			continue;
		for (i = 0; i < *n; i++)
			if (strlen((*names)[i]) == len - 11 && !strncmp((*names)[i], e->name + 7, len - 11))
				break;
		if (i < *n) {
			/* a later url of the same remote wins */
			char *u = strdup(e->value ? e->value : "");

			if (!u)
				goto nomem;
			free((*urls)[i]);
			(*urls)[i] = u;
			continue;
		}
		if (*n + 1 >= cap) {
			char **nn = realloc(*names, (cap ? cap * 2 : 8) * sizeof(char *));

			if (!nn)
				goto nomem;
			*names = nn;
			nn = realloc(*urls, (cap ? cap * 2 : 8) * sizeof(char *));
			if (!nn)
				goto nomem;
			*urls = nn;
			cap = cap ? cap * 2 : 8;
		}
		(*names)[*n] = strndup(e->name + 7, len - 11);
		(*urls)[*n] = strdup(e->value ? e->value : "");
		(*n)++;
		(*names)[*n] = (*urls)[*n] = NULL;
		if (!(*names)[*n - 1] || !(*urls)[*n - 1])
			goto nomem;
	}
	if (error != GIT_ITEROVER) {
		error = repo_git_fail(err, GGW_EIO, _("无法读取同步对象列表"));
		goto done;
	}
	error = 0;
	goto done;
nomem:
	error = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
done:
	if (error < 0) {
		for (i = 0; i < *n; i++) {
			free((*names)[i]);
			free((*urls)[i]);
		}
		free(*names);
		free(*urls);
		*names = *urls = NULL;
		*n = 0;
	}
	git_config_iterator_free(it);
	git_config_free(snap);
	git_config_free(cfg);
	return error;
}

static int remote_exists(struct repo *r, const char *name)
{
	char **names = NULL, **urls = NULL;
	size_t n = 0;
	int found = 0;

	if (gitp_remote_list(r, &names, &urls, &n, NULL) < 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		found |= !strcmp(names[i], name);
		free(names[i]);
		free(urls[i]);
	}
	free(names);
	free(urls);
	return found;
}

int gitp_remote_add(struct repo *r, const char *name, const char *url, struct ggw_error *err)
{
	git_config *cfg = NULL;
	char key[300], spec[300];
	int error = 0;

	if (remote_exists(r, name))
		return ggw_fail(err, GGW_EINVALID, _("已经有名为 %s 的同步对象；先用 ggw remote remove %s 删除它"),
				name, name);
	snprintf(spec, sizeof(spec), "+refs/heads/*:refs/remotes/%s/*", name);
	if (git_repository_config(&cfg, r->git) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法添加同步对象"));
		goto done;
	}
	snprintf(key, sizeof(key), "remote.%s.url", name);
	if (git_config_set_string(cfg, key, url) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法添加同步对象"));
		goto done;
	}
	snprintf(key, sizeof(key), "remote.%s.fetch", name);
	if (git_config_set_string(cfg, key, spec) < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法添加同步对象"));
done:
	git_config_free(cfg);
	return error;
}

int gitp_remote_remove(struct repo *r, const char *name, struct ggw_error *err)
{
	static const char *const keys[] = { "url", "fetch", "pushurl", "push" };
	git_config *cfg = NULL;
	git_reference *ref = NULL;
	char key[300];

	if (!remote_exists(r, name))
		return ggw_fail(err, GGW_ENOTFOUND, _("没有名为 %s 的同步对象（ggw remote list 列出全部）"), name);
	if (git_repository_config(&cfg, r->git) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法删除同步对象"));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(key, sizeof(key), "remote.%s.%s", name, keys[i]);
		git_config_delete_entry(cfg, key); /* absent is fine */
	}
	git_config_free(cfg);
	snprintf(key, sizeof(key), "refs/remotes/%s/main", name);
	if (git_reference_lookup(&ref, r->git, key) == 0) {
		git_reference_delete(ref);
		git_reference_free(ref);
	}
	return 0;
}

int gitp_object_exists(struct repo *r, const char *idhex)
{
	git_odb *odb = NULL;
	git_oid id;
	size_t len;
	git_object_t type;
	int ok;

	if (oid_from(idhex, &id, NULL) < 0 || git_repository_odb(&odb, r->git) < 0)
		return 0;
	git_odb_refresh(odb);
	ok = git_odb_read_header(&len, &type, odb, &id) == 0;
	git_odb_free(odb);
	return ok;
}
