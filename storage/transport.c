/* Transfers in a child process with a watchdog (the parent side); see
 * transport.h. The child is storage/transfer_child.c.
 *
 * Child protocol (one line each, on the child's stdout):
 *   P <stage> <received> <total> <bytes>   progress (resets the watchdog)
 *   H <key description>\t<trust command>   unknown ssh host key
 *   U <ref> <tip> <bad> <readable> <why>  a history with a commit libgit2
 *                                          cannot parse (quarantine.h)
 *   E <kind> <message>                     failure (kind: transfer_kind;
 *                                          damaged, diskfull: <where>\t<message>)
 *   OK                                     success
 */
#include "transport.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "repo_priv.h"
#include "quarantine.h"
#include "transfer_child.h"

#define DEFAULT_TIMEOUT 60

static const char *const kind_names[] = {
	"ok", "net", "timeout", "cancel", "rejected", "nonbare", "hostkey", "auth", "owner", "other",
	"absent", "damaged", "diskfull"
};

const char *transfer_kind_name(enum transfer_kind k)
{
	return (size_t)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "other";
}

enum transfer_kind transfer_kind_from_name(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strlen(kind_names[i]) == len && !strncmp(kind_names[i], s, len))
			return (enum transfer_kind)i;
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

double transfer_now(void)
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
	if (line[0] == 'U' && line[1] == ' ') {
		char ref[256], tip[41], bad[41], good[41];
		int used = 0;

		if (sscanf(line + 2, "%255s %40s %40s %40s %n", ref, tip, bad, good, &used) >= 4 &&
		    res->nunreadable++ == 0) {
			snprintf(res->unreadable_ref, sizeof(res->unreadable_ref), "%s", ref);
			snprintf(res->unreadable_tip, sizeof(res->unreadable_tip), "%s", tip);
			snprintf(res->unreadable, sizeof(res->unreadable), "%s", bad);
			snprintf(res->readable, sizeof(res->readable), "%s",
				 strspn(good, "0") == 40 ? "" : good);
			snprintf(res->unreadable_why, sizeof(res->unreadable_why), "%s",
				 used ? line + 2 + used : "");
		}
		return 0;
	}
	if (line[0] == 'E' && line[1] == ' ') {
		char *sp = strchr(line + 2, ' ');
		size_t klen = sp ? (size_t)(sp - (line + 2)) : strlen(line + 2);

		res->kind = transfer_kind_from_name(line + 2, klen);
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

/* The child's failure as one translated line; errmsg is what it said. */
static int failure_message(struct repo *r, enum transfer_op op, const char *remote,
			   struct transfer_result *res, char *errmsg, struct ggw_error *err)
{
	size_t n = strlen(errmsg);
	char *tab = strchr(errmsg, '\t');
	const char *where = errmsg, *detail = tab ? tab + 1 : errmsg;

	while (n && errmsg[n - 1] == ' ') /* the child made line breaks spaces */
		errmsg[--n] = '\0';

	if (tab && (res->kind == TK_DAMAGED || res->kind == TK_DISKFULL))
		*tab = '\0'; /* "<where>\t<detail>" */
	if (!tab || !*where)
		where = remote;
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
	case TK_DAMAGED:
		if (op == TRANSFER_PUSH && !strcmp(where, repo_gitdir(r)))
			return ggw_fail(err, GGW_EDAMAGED,
					_("这台电脑上的台账数据已损坏（%s：%s）。请用 ggw clone 从中转仓库重新复制一份台账，再补录还没同步出去的记录；详见 man ggw-sync 的 DAMAGED REPOSITORIES 一节"),
					where, detail);
		return ggw_fail(err, GGW_EDAMAGED,
				_("中转仓库 %s 已损坏（%s）。不要再用它同步：用 ggw hub init 在别处（如另一个U盘）新建中转仓库，用 ggw remote remove 和 ggw remote add 改用它，再从存有完整台账的电脑同步一次，把台账推送上去；详见 man ggw-sync 的 DAMAGED REPOSITORIES 一节"),
				where, detail);
	case TK_DISKFULL:
		return ggw_fail(err, GGW_EIO,
				_("磁盘已满：%s 所在的磁盘没有空间了（%s）。同步没有完成，台账保持原样；请腾出空间后再同步"),
				where, detail);
	default:
		return ggw_fail(err, GGW_EIO, _("传输失败：%s"), errmsg);
	}
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
	char *argv[10 + TRANSFER_MAX_SPECS];
	size_t argc = 7;

	memset(res, 0, sizeof(*res));
	res->kind = TK_OTHER;
	if (o && o->nspecs > TRANSFER_MAX_SPECS)
		return ggw_fail(err, GGW_EINVALID, _("传输的引用太多"));
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return ggw_fail(err, GGW_EIO, _("无法创建管道：%s"), strerror(errno));
	argv[0] = "ggw";
	argv[1] = "-C";
	argv[2] = r->workdir;
	argv[3] = "sync";
	argv[4] = "--transfer-child";
	argv[5] = (char *)op_name(op);
	argv[6] = (char *)remote;
	if (o && o->nspecs && o->expect_main && o->expect_main[0]) {
		argv[argc++] = "--expect";
		argv[argc++] = (char *)o->expect_main;
	}
	for (size_t i = 0; o && i < o->nspecs; i++)
		argv[argc++] = (char *)o->specs[i];
	argv[argc] = NULL;
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
	last = transfer_now();
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
				last = transfer_now();
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
		if (transfer_now() - last > timeout) {
			kill(pid, SIGKILL);
			killed = TK_TIMEOUT;
			break;
		}
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (killed || !done) {
		remove_tmp_packs(r);
		quarantine_remove_leftover(r->gitdir);
	}
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
	return failure_message(r, op, remote, res, errmsg, err);
}
