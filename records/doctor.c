/* ggw doctor: the PC's own checks (locale, terminal, font, disk) and the
 * list. The ledger's checks are in doctor_ledger.c. */
#include "doctor.h"
#include "doctor_priv.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "../model/i18n.h"

#define MIN_FREE_BYTES (100ull * 1024 * 1024)

struct doctor_finding *doctor_add(struct doctor_report *d, const char *check,
				  enum doctor_status status)
{
	struct doctor_finding *f;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct doctor_finding *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			d->oom = 1;
			return NULL;
		}
		d->v = v;
		d->cap = cap;
	}
	f = &d->v[d->n++];
	f->check = check;
	f->status = status;
	f->found[0] = f->fix[0] = '\0';
	return f;
}

void doctor_say(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* The locale variable that decides the character set, as the C library
 * picks it: LC_ALL, else LC_CTYPE, else LANG. */
static const char *ctype_setting(void)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);

		if (v && *v)
			return v;
	}
	return "";
}

static void check_locale(struct doctor_report *d)
{
	const char *setting = ctype_setting();
	char *saved = setlocale(LC_CTYPE, NULL);
	char keep[128];
	const char *set, *codeset;
	struct doctor_finding *f;
	int good;

	snprintf(keep, sizeof(keep), "%s", saved ? saved : "C");
	set = setlocale(LC_CTYPE, "");
	codeset = nl_langinfo(CODESET);
	good = set && (!strcmp(codeset, "UTF-8") || !strcmp(codeset, "GB18030"));
	f = doctor_add(d, _("语言环境"), good ? DOCTOR_OK : DOCTOR_PROBLEM);
	if (f && !set) {
		doctor_say(f->found, sizeof(f->found), _("%s 这个语言环境在本机没有安装"), setting);
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("运行 sudo dpkg-reconfigure locales，选中 zh_CN.UTF-8 并设为默认，然后重新登录"));
	} else if (f && !good) {
		doctor_say(f->found, sizeof(f->found), _("%s（字符集 %s），中文会显示成乱码"),
			   *setting ? setting : "C", codeset);
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("在 ~/.profile 末尾加一行 export LANG=zh_CN.UTF-8，然后重新登录"));
	} else if (f) {
		doctor_say(f->found, sizeof(f->found), _("%s（字符集 %s）"), setting, codeset);
	}
	setlocale(LC_CTYPE, keep);
}

static void check_terminal(struct doctor_report *d, const struct doctor_options *o)
{
	struct doctor_finding *f;
	int big = o->cols >= 80 && o->rows >= 24;

	if (!o->tty) {
		f = doctor_add(d, _("终端大小"), DOCTOR_UNKNOWN);
		if (f)
			doctor_say(f->found, sizeof(f->found), "%s", _("输出不是终端，未检查"));
		return;
	}
	f = doctor_add(d, _("终端大小"), big ? DOCTOR_OK : DOCTOR_PROBLEM);
	if (!f)
		return;
	doctor_say(f->found, sizeof(f->found), _("%d 列 × %d 行"), o->cols, o->rows);
	if (!big)
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("全屏界面至少要 80 列 × 24 行：把窗口拉大，或从菜单的“关工委台账”打开"));
}

/* The program's full path if it is on PATH. */
static int find_program(const char *name, char *out, size_t len)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	int found = 0;

	if (!path || !(copy = strdup(path)))
		return 0;
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		if ((size_t)snprintf(out, len, "%s/%s", *dir ? dir : ".", name) < len &&
		    access(out, X_OK) == 0)
			found = 1;
	}
	free(copy);
	return found;
}

static void check_font(struct doctor_report *d)
{
	char prog[PATH_MAX], cmd[PATH_MAX + 64], line[256], first[256] = "";
	struct doctor_finding *f;
	size_t count = 0;
	FILE *p;

	if (!find_program("fc-list", prog, sizeof(prog)) || strchr(prog, '\'')) {
		f = doctor_add(d, _("中文字体"), DOCTOR_UNKNOWN);
		if (f)
			doctor_say(f->found, sizeof(f->found), "%s",
				   _("没有 fc-list，无法检查（字符终端下由终端决定字体）"));
		return;
	}
	snprintf(cmd, sizeof(cmd), "'%s' :lang=zh family 2>/dev/null", prog);
	if ((p = popen(cmd, "r")) != NULL) {
		while (fgets(line, sizeof(line), p)) {
			line[strcspn(line, "\n")] = '\0';
			if (!*line)
				continue;
			if (!count++)
				snprintf(first, sizeof(first), "%s", line);
		}
		pclose(p);
	}
	f = doctor_add(d, _("中文字体"), count ? DOCTOR_OK : DOCTOR_PROBLEM);
	if (!f)
		return;
	if (count) {
		doctor_say(f->found, sizeof(f->found), _("找到 %zu 种，例如 %s"), count, first);
		return;
	}
	doctor_say(f->found, sizeof(f->found), "%s", _("没有找到中文字体，图形终端里中文会显示成方块"));
	doctor_say(f->fix, sizeof(f->fix), "%s",
		   _("运行 sudo apt install fonts-noto-cjk（或 fonts-wqy-microhei）"));
}

void doctor_check_disk(struct doctor_report *d, const char *dir)
{
	struct doctor_finding *f;
	struct statvfs st;
	unsigned long long avail;

	if (statvfs(dir, &st) != 0) {
		f = doctor_add(d, _("磁盘空间"), DOCTOR_UNKNOWN);
		if (f)
			doctor_say(f->found, sizeof(f->found), _("无法查看 %s 所在磁盘"), dir);
		return;
	}
	avail = (unsigned long long)st.f_bavail * st.f_frsize;
	f = doctor_add(d, _("磁盘空间"), avail < MIN_FREE_BYTES ? DOCTOR_PROBLEM : DOCTOR_OK);
	if (!f)
		return;
	doctor_say(f->found, sizeof(f->found), _("台账所在磁盘还剩 %.1f GB"),
		   (double)avail / (1024.0 * 1024 * 1024));
	if (avail < MIN_FREE_BYTES)
		doctor_say(f->fix, sizeof(f->fix), "%s",
			   _("剩余不到 100 MB，保存和同步会失败：删除不用的大文件、清空回收站"));
}

int doctor_run(struct repo *r, const char *open_error, const struct doctor_options *o,
	       struct doctor_report *out, struct ggw_error *err)
{
	struct doctor_finding *f;

	memset(out, 0, sizeof(*out));
	check_locale(out);
	check_terminal(out, o);
	check_font(out);
	if (!r) {
		if ((f = doctor_add(out, _("台账"), DOCTOR_PROBLEM)) != NULL) {
			doctor_say(f->found, sizeof(f->found), "%s",
				   open_error && *open_error ? open_error : _("找不到台账"));
			doctor_say(f->fix, sizeof(f->fix), "%s",
				   _("在台账文件夹里运行 ggw doctor，或用 ggw -C 文件夹 doctor"));
		}
		doctor_check_disk(out, ".");
	} else {
		doctor_check_disk(out, repo_workdir(r));
		doctor_check_clock(out, r);
		doctor_check_remotes(out, r, o->network);
		doctor_check_key(out, r);
		doctor_check_locks(out, r);
		doctor_check_records(out, r);
	}
	if (out->oom)
		return ggw_oom(err);
	return 0;
}

size_t doctor_problems(const struct doctor_report *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].status == DOCTOR_PROBLEM;
	return n;
}

void doctor_report_free(struct doctor_report *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}
