/* ggw doctor: the ledger's checks (clock against the last commit, remotes,
 * signing key registration, stale locks, the records). */
#include "doctor_priv.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../storage/gitp.h"
#include "../storage/transport.h"
#include "clock.h"
#include "sync.h"

#define PROBE_TIMEOUT_MS 3000

static void format_time(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, len, "%lld", (long long)t);
}

/* clock_check (records/clock.c) decides, so sync's warning and doctor agree:
 * a problem when the clock is before the last commit, or over a year after. */
void doctor_check_clock(struct doctor_report *d, struct repo *r)
{
	struct commit_info ci;
	struct doctor_finding *f;
	git_hex head;
	char now_s[64], last_s[64], warning[512];
	int64_t now = clock_now(), ahead;

	memset(&ci, 0, sizeof(ci));
	if (gitp_ref_tip(r, "HEAD", head, NULL) < 0 || gitp_commit_info(r, head, &ci, NULL) < 0) {
		if ((f = doctor_add(d, _("电脑时钟"), DOCTOR_UNKNOWN)) != NULL)
			doctor_say(f->found, sizeof(f->found), "%s", _("台账还没有提交，无从比较"));
		commit_info_free(&ci);
		return;
	}
	format_time(now, now_s, sizeof(now_s));
	format_time(ci.time, last_s, sizeof(last_s));
	ahead = ci.time - now;
	if (!clock_check(r, now, warning, sizeof(warning))) {
		if ((f = doctor_add(d, _("电脑时钟"), DOCTOR_OK)) != NULL)
			doctor_say(f->found, sizeof(f->found), _("本机时间 %s，台账最后一次提交在 %s"),
				   now_s, last_s);
	} else if ((f = doctor_add(d, _("电脑时钟"), DOCTOR_PROBLEM)) != NULL) {
		if (ahead > 0)
			doctor_say(f->found, sizeof(f->found),
				   _("本机时间 %s，比台账最后一次提交（%s）还早 %lld 天 %lld 小时"),
				   now_s, last_s, (long long)(ahead / 86400), (long long)(ahead % 86400 / 3600));
		else
			doctor_say(f->found, sizeof(f->found),
				   _("本机时间 %s，比台账最后一次提交（%s）晚了 %lld 天，日期可能不对"),
				   now_s, last_s, (long long)(-ahead / 86400));
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("校准日期和时间（系统设置里的“时间和日期”，或 sudo date -s \"年-月-日 时:分\"），否则新记录的时间会错"));
	}
	commit_info_free(&ci);
}

/* host and port of a network remote's URL: scheme://[user@]host[:port]/...
 * or scp-like [user@]host:path. */
static int url_host_port(const char *url, char *host, size_t hlen, char *port, size_t plen)
{
	const char *p = strstr(url, "://"), *h, *end, *at;
	const char *dflt = "22";
	size_t n;

	if (p) {
		if (!strncmp(url, "git://", 6))
			dflt = "9418";
		else if (!strncmp(url, "http://", 7))
			dflt = "80";
		else if (!strncmp(url, "https://", 8))
			dflt = "443";
		h = p + 3;
	} else {
		h = url;
	}
	end = h + strcspn(h, p ? "/" : ":");
	at = memchr(h, '@', (size_t)(end - h));
	if (at)
		h = at + 1;
	if (*h == '[') {
		const char *close = memchr(h, ']', (size_t)(end - h));

		if (!close)
			return -1;
		n = (size_t)(close - h - 1);
		if (n >= hlen)
			return -1;
		memcpy(host, h + 1, n);
		host[n] = '\0';
		h = close + 1;
	} else {
		const char *colon = p ? memchr(h, ':', (size_t)(end - h)) : NULL;

		n = (size_t)((colon ? colon : end) - h);
		if (!n || n >= hlen)
			return -1;
		memcpy(host, h, n);
		host[n] = '\0';
		h += n;
	}
	if (p && *h == ':' && h + 1 < end && (size_t)(end - h - 1) < plen) {
		memcpy(port, h + 1, (size_t)(end - h - 1));
		port[end - h - 1] = '\0';
	} else {
		snprintf(port, plen, "%s", dflt);
	}
	return 0;
}

/* One TCP connection attempt per address, PROBE_TIMEOUT_MS each. */
static int tcp_reachable(const char *host, const char *port, char *why, size_t len)
{
	struct addrinfo hints, *res = NULL, *a;
	int ok = 0, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(why, len, "%s", gai_strerror(rc));
		return 0;
	}
	snprintf(why, len, "%s", _("连接超时"));
	for (a = res; a && !ok; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
		struct pollfd pfd;
		int soerr = 0;
		socklen_t sl = sizeof(soerr);

		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
			ok = 1;
		} else if (errno == EINPROGRESS) {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, PROBE_TIMEOUT_MS) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0) {
				if (soerr == 0)
					ok = 1;
				else
					snprintf(why, len, "%s", strerror(soerr));
			}
		} else {
			snprintf(why, len, "%s", strerror(errno));
		}
		close(fd);
	}
	freeaddrinfo(res);
	return ok;
}

static int on_removable_media(const char *path)
{
	return !strncmp(path, "/media/", 7) || !strncmp(path, "/run/media/", 11) ||
	       !strncmp(path, "/mnt/", 5);
}

static void check_local_remote(struct doctor_report *d, const struct remote_info *ri,
			       const char *path)
{
	struct doctor_finding *f;
	struct stat st;

	if (stat(path, &st) != 0) {
		if (!(f = doctor_add(d, _("同步对象"), DOCTOR_PROBLEM)))
			return;
		if (on_removable_media(path)) {
			doctor_say(f->found, sizeof(f->found), _("%s（%s）：U盘没有插上，或没有挂载"),
				   ri->name, path);
			doctor_say(f->fix, sizeof(f->fix), "%s",
				   _("插上 U 盘，等它在文件管理器里出现后再同步"));
		} else {
			doctor_say(f->found, sizeof(f->found), _("%s（%s）：文件夹不存在"), ri->name, path);
			doctor_say(f->fix, sizeof(f->fix),
				   _("检查这个文件夹还在不在；地址错了就运行 ggw remote remove %s，再用 ggw remote add 重新添加"),
				   ri->name);
		}
		return;
	}
	if (ri->bare < 0) {
		if ((f = doctor_add(d, _("同步对象"), DOCTOR_PROBLEM)) != NULL) {
			doctor_say(f->found, sizeof(f->found), _("%s（%s）：不是台账仓库"), ri->name, path);
			doctor_say(f->fix, sizeof(f->fix),
				   _("新的 U 盘先运行 ggw hub init %s；不是这个地址就改正它"), path);
		}
		return;
	}
	if ((f = doctor_add(d, _("同步对象"), DOCTOR_OK)) != NULL)
		doctor_say(f->found, sizeof(f->found), ri->bare ? _("%s（%s）：中转仓库，可以同步")
						     : _("%s（%s）：另一台电脑的台账，只接收"),
			   ri->name, path);
}

static void check_network_remote(struct doctor_report *d, const struct remote_info *ri,
				 int network)
{
	struct doctor_finding *f;
	char host[256], port[16], why[256];

	if (!network) {
		if ((f = doctor_add(d, _("同步对象"), DOCTOR_UNKNOWN)) != NULL)
			doctor_say(f->found, sizeof(f->found),
				   _("%s（%s）：网络地址，没有联系（加 --network 试连）"), ri->name, ri->url);
		return;
	}
	if (url_host_port(ri->url, host, sizeof(host), port, sizeof(port)) < 0) {
		if ((f = doctor_add(d, _("同步对象"), DOCTOR_PROBLEM)) != NULL) {
			doctor_say(f->found, sizeof(f->found), _("%s（%s）：看不懂这个地址"), ri->name, ri->url);
			doctor_say(f->fix, sizeof(f->fix), _("用 ggw remote remove %s 后重新添加"), ri->name);
		}
		return;
	}
	if (tcp_reachable(host, port, why, sizeof(why))) {
		if ((f = doctor_add(d, _("同步对象"), DOCTOR_OK)) != NULL)
			doctor_say(f->found, sizeof(f->found), _("%s（%s）：能连上 %s 端口 %s"),
				   ri->name, ri->url, host, port);
		return;
	}
	if ((f = doctor_add(d, _("同步对象"), DOCTOR_PROBLEM)) != NULL) {
		doctor_say(f->found, sizeof(f->found), _("%s（%s）：连不上 %s 端口 %s（%s）"),
			   ri->name, ri->url, host, port, why);
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("检查网线或无线网络，以及对方电脑是否开机；连不上时可以改用 U 盘同步"));
	}
}

void doctor_check_remotes(struct doctor_report *d, struct repo *r, int network)
{
	struct remote_info *v = NULL;
	struct doctor_finding *f;
	struct ggw_error e;
	char path[PATH_MAX];
	size_t n = 0;

	if (sync_remote_list(r, &v, &n, &e) < 0) {
		if ((f = doctor_add(d, _("同步对象"), DOCTOR_PROBLEM)) != NULL) {
			doctor_say(f->found, sizeof(f->found), "%s", e.msg);
			doctor_say(f->fix, sizeof(f->fix), "%s", _("运行 ggw remote list 查看设置"));
		}
		return;
	}
	if (!n && (f = doctor_add(d, _("同步对象"), DOCTOR_OK)) != NULL)
		doctor_say(f->found, sizeof(f->found), "%s", _("没有设置同步对象（只在本机记账）"));
	for (size_t i = 0; i < n; i++) {
		if (v[i].local && transport_url_is_local(v[i].url, path, sizeof(path)))
			check_local_remote(d, &v[i], path);
		else
			check_network_remote(d, &v[i], network);
	}
	sync_remote_list_free(v, n);
}
