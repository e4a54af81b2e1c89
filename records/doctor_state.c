/* ggw doctor: the ledger folder's own state (signing key registration,
 * stale lock files, the records' validity). */
#include "doctor_priv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../storage/fsutil.h"
#include "check.h"
#include "pckey.h"
#include "../storage/sshsig.h"

#define KEY_FILE_MAX (256 * 1024)
#define LOCK_WALK_DEPTH 8

/* This PC's public key line ("ssh-ed25519 AAAA...") from its signing key
 * (records/pckey.h: ggw.signingkey, else the default key in the user's
 * config folder), without making one; shown gets the key file's path. */
static char *signing_key(struct repo *r, char *shown, size_t len)
{
	struct ssh_seckey *key = NULL;
	char *line = NULL;

	shown[0] = '\0';
	if (pckey_path(r, shown, len, NULL, NULL) < 0 || access(shown, F_OK) != 0)
		return NULL;
	if (sshkey_load_file(shown, &key, NULL) == 0)
		sshkey_format_line(sshkey_public(key), NULL, &line, NULL);
	sshkey_free(key);
	return line;
}

/* The key's base64 part (second field), copied into out. */
static int key_blob(const char *key, char *out, size_t len)
{
	const char *b = key + strcspn(key, " \t");
	size_t n;

	b += strspn(b, " \t");
	n = strcspn(b, " \t\r\n");
	if (n < 16 || n >= len)
		return -1;
	memcpy(out, b, n);
	out[n] = '\0';
	return 0;
}

/* The principals field of the allowed_signers line holding blob, or NULL. */
static const char *signer_of(char *signers, const char *blob, char *who, size_t len)
{
	char *save = NULL;

	for (char *line = strtok_r(signers, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !strstr(line, blob))
			continue;
		snprintf(who, len, "%.*s", (int)strcspn(line, " \t"), line);
		return who;
	}
	return NULL;
}

static int principal_has(const char *principals, const char *unit)
{
	size_t n = strlen(unit);

	for (const char *p = principals; *p; p += strcspn(p, ","), p += *p == ',') {
		size_t m = strcspn(p, ",");

		if ((m == n && !strncmp(p, unit, n)) || (m == 1 && *p == '*'))
			return 1;
	}
	return 0;
}

static void key_verdict(struct doctor_finding *f, const char *unit, const char *shown,
			const char *who)
{
	if (!who) {
		f->status = DOCTOR_PROBLEM;
		doctor_say(f->found, sizeof(f->found), _("本机的签名钥匙（%s）还没有登记"), shown);
		doctor_say(f->fix, sizeof(f->fix),
			   _("运行 ggw key request（单位 %s）并同步，再打电话请街道办公室核对 ggw key show 显示的核对码后登记"),
			   unit);
	} else if (!principal_has(who, unit)) {
		f->status = DOCTOR_PROBLEM;
		doctor_say(f->found, sizeof(f->found), _("本机的签名钥匙登记在 %s 名下，不是本机单位 %s"),
			   who, unit);
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("请街道办公室撤销这把钥匙（ggw key revoke），再按本机单位重新登记"));
	} else {
		doctor_say(f->found, sizeof(f->found), _("本机的签名钥匙已登记在 %s 名下"), who);
	}
}

void doctor_check_key(struct doctor_report *d, struct repo *r)
{
	char path[PATH_MAX], shown[PATH_MAX], blob[1024], who[256];
	char *signers = NULL, *key = NULL, *unit = NULL;
	struct doctor_finding *f;
	size_t n;

	snprintf(path, sizeof(path), "%skeys/allowed_signers", repo_workdir(r));
	if (read_whole_file(path, KEY_FILE_MAX, &signers, &n, NULL) < 0) {
		if ((f = doctor_add(d, _("密钥登记"), DOCTOR_OK)) != NULL)
			doctor_say(f->found, sizeof(f->found), "%s",
				   _("台账没有启用提交签名（没有 keys/allowed_signers）"));
		return;
	}
	if (!(f = doctor_add(d, _("密钥登记"), DOCTOR_OK)))
		goto done;
	if (repo_config_get(r, "ggw.unit", &unit, NULL) < 0 || !unit) {
		f->status = DOCTOR_PROBLEM;
		doctor_say(f->found, sizeof(f->found), "%s", _("这台电脑还没有设置单位"));
		doctor_say(f->fix, sizeof(f->fix), "%s", _("运行 ggw config ggw.unit <单位代码>"));
	} else if (!(key = signing_key(r, shown, sizeof(shown))) || key_blob(key, blob, sizeof(blob)) < 0) {
		f->status = DOCTOR_PROBLEM;
		doctor_say(f->found, sizeof(f->found), "%s",
			   *shown && access(shown, F_OK) == 0 ? _("读不出本机的签名钥匙")
						      : _("本机还没有签名钥匙"));
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("运行 ggw key show（没有钥匙时会新建一把），再运行 ggw key request 并同步，请街道办公室在“签名钥匙”屏幕登记"));
	} else {
		key_verdict(f, unit, shown, signer_of(signers, blob, who, sizeof(who)));
	}
done:
	free(signers);
	free(key);
	free(unit);
}

/* Count git's lock files (*.lock) under dir; the first found goes to list. */
static void find_locks(const char *dir, int depth, char *list, size_t len, size_t *count)
{
	DIR *dh;
	struct dirent *de;
	char path[PATH_MAX];
	struct stat st;

	if (depth > LOCK_WALK_DEPTH || !(dh = opendir(dir)))
		return;
	while ((de = readdir(dh)) != NULL) {
		size_t n = strlen(de->d_name);

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path) ||
		    lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			find_locks(path, depth + 1, list, len, count);
		} else if (S_ISREG(st.st_mode) && n > 5 && !strcmp(de->d_name + n - 5, ".lock")) {
			if (!(*count)++)
				snprintf(list, len, "%s", path);
		}
	}
	closedir(dh);
}

/* Is ggw's own flock on <gitdir>/ggw/lock held by another process? */
static int ggw_lock_busy(struct repo *r)
{
	char path[PATH_MAX];
	int fd, busy = 0;

	snprintf(path, sizeof(path), "%sggw/lock", repo_gitdir(r));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) != 0)
		busy = errno == EWOULDBLOCK;
	close(fd); /* drops the shared lock if it was taken */
	return busy;
}

void doctor_check_locks(struct doctor_report *d, struct repo *r)
{
	static const char *const top[] = { "index.lock", "HEAD.lock", "config.lock", "packed-refs.lock" };
	char first[PATH_MAX] = "", path[PATH_MAX];
	struct doctor_finding *f;
	size_t count = 0;

	if (ggw_lock_busy(r)) {
		if ((f = doctor_add(d, _("锁文件"), DOCTOR_OK)) != NULL)
			doctor_say(f->found, sizeof(f->found), "%s",
				   _("另一个 ggw 正在使用台账，锁是它的，不是残留"));
		return;
	}
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", repo_gitdir(r), top[i]);
		if (access(path, F_OK) == 0 && !count++)
			snprintf(first, sizeof(first), "%s", path);
	}
	snprintf(path, sizeof(path), "%srefs", repo_gitdir(r));
	find_locks(path, 0, first, sizeof(first), &count);
	if (!count) {
		if ((f = doctor_add(d, _("锁文件"), DOCTOR_OK)) != NULL)
			doctor_say(f->found, sizeof(f->found), "%s", _("没有残留的锁文件"));
		return;
	}
	if (!(f = doctor_add(d, _("锁文件"), DOCTOR_PROBLEM)))
		return;
	doctor_say(f->found, sizeof(f->found), _("有 %zu 个上次异常退出留下的锁文件，例如 %s"), count, first);
	doctor_say(f->fix, sizeof(f->fix),
		   _("确认没有 ggw 和 git 在运行，然后删除：rm '%s'（下次保存或同步时 ggw 也会自动清除）"),
		   first);
}

/* The same look as `ggw check` (records/check.c). */
void doctor_check_records(struct doctor_report *d, struct repo *r)
{
	struct check_report c;
	struct ggw_error e = { 0, "" };
	struct doctor_finding *f;

	if (ledger_check(r, &c, &e) < 0) {
		if ((f = doctor_add(d, _("记录检查"), DOCTOR_PROBLEM)) != NULL) {
			doctor_say(f->found, sizeof(f->found), "%s", e.msg);
			doctor_say(f->fix, sizeof(f->fix), "%s", _("运行 ggw check 查看详情"));
		}
	} else if (!c.problems) {
		if ((f = doctor_add(d, _("记录检查"), DOCTOR_OK)) != NULL)
			doctor_say(f->found, sizeof(f->found), _("检查了 %zu 个文件，全部合格"), c.files);
	} else if ((f = doctor_add(d, _("记录检查"), DOCTOR_PROBLEM)) != NULL) {
		doctor_say(f->found, sizeof(f->found), _("检查了 %zu 个文件，发现 %zu 个问题，例如 %s"),
			   c.files, c.problems, c.n ? c.v[0].text : "");
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("运行 ggw check 查看全部，用 ggw edit 改正，或用 ggw log 找回以前的版本"));
	}
	check_report_free(&c);
}
