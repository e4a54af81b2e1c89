/* Printing from the interface (see papers_offer.h). */
#include "papers_offer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/rectype.h"
#include "../records/papers_path.h"
#include "../records/report.h"
#include "../storage/fsutil.h"

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int papers_offer_dir(char *buf, size_t len)
{
	const char *home = getenv("HOME");
	char docs[PATH_MAX];

	if (!home || !*home)
		home = ".";
	snprintf(docs, sizeof(docs), "%s/文档", home);
	if (!is_dir(docs))
		snprintf(docs, sizeof(docs), "%s/Documents", home);
	if (is_dir(docs))
		snprintf(buf, len, "%s/关工委", docs);
	else
		snprintf(buf, len, "%s", home);
	if (!is_dir(buf) && mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* dir/name with what cannot be in a file name (/, control characters, a
 * leading dot) made '_': unit names come from units.yaml. */
static void paper_path(char *out, size_t len, const char *dir, const char *name)
{
	char clean[512];
	size_t i;

	snprintf(clean, sizeof(clean), "%s", name);
	for (i = 0; clean[i]; i++)
		if (clean[i] == '/' || clean[i] == '\\' || (unsigned char)clean[i] < 0x20 ||
		    clean[i] == 0x7f)
			clean[i] = '_';
	if (clean[0] == '.')
		clean[0] = '_';
	snprintf(out, len, "%s/%s", dir, clean);
}

/* One line from the child: a progress line on the status row, or a
 * message kept for the end. */
static void child_line(char *line, char *msg, size_t msglen)
{
	int done, total, used = 0;

	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	if (sscanf(line, "PROGRESS %d %d %n", &done, &total, &used) >= 2 && used > 0) {
		char buf[600];

		snprintf(buf, sizeof(buf), _("正在生成…… %d%%  %s"),
			 total > 0 ? done * 100 / total : 0, line + used);
		draw_text(LINES - 2, 0, buf, COLS, term.attr[R_HEAD], DRAW_PAD);
		term_refresh();
		return;
	}
	if (*line)
		snprintf(msg, msglen, "%s", strncmp(line, "ggw: ", 5) ? line : line + 5);
}

/* Run `ggw-papers --repo DIR args...` as a child, its stderr and progress
 * descriptor on one pipe. 0 when it succeeded; else msg says why. */
static int run_papers(struct app *a, const char *const *args, char *msg, size_t msglen)
{
	char prog[PATH_MAX], line[1024];
	const char *argv[16];
	size_t n = 0, ln = 0;
	int p[2], status = 0;
	pid_t pid;
	char c;

	msg[0] = '\0';
	if (papers_program(prog, sizeof(prog)) < 0) {
		snprintf(msg, msglen, _("找不到打印程序 %s：请重新安装 ggw"), prog);
		return -1;
	}
	argv[n++] = prog;
	argv[n++] = "--repo";
	argv[n++] = repo_workdir(a->repo);
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pipe(p) < 0 || (pid = fork()) < 0) {
		snprintf(msg, msglen, _("无法运行打印程序 %s：%s"), prog, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(p[1], 2);
		if (p[1] != 3)
			dup2(p[1], 3);
		setenv("GGW_PAPERS_PROGRESS", "3", 1);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	while (read(p[0], &c, 1) == 1) {
		if (c != '\n' && ln + 1 < sizeof(line)) {
			line[ln++] = c;
			continue;
		}
		line[ln] = '\0';
		child_line(line, msg, msglen);
		ln = 0;
	}
	line[ln] = '\0';
	child_line(line, msg, msglen);
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (!msg[0])
		snprintf(msg, msglen, _("打印程序 %s 没有完成"), prog);
	return -1;
}

static void saved(struct app *a, const char *path)
{
	char text[PATH_MAX + 128], shown[PATH_MAX];
	const char *home = getenv("HOME");
	size_t hn = home ? strlen(home) : 0;

	/* ~/文档/关工委/...: what people see in their file manager */
	if (hn > 1 && !strncmp(path, home, hn) && path[hn] == '/')
		snprintf(shown, sizeof(shown), "~%s", path + hn);
	else
		snprintf(shown, sizeof(shown), "%s", path);
	app_status(a, 0, _("已保存到 %s"), shown);
	snprintf(text, sizeof(text), _("文件已保存到：\n%s"), shown);
	message_box(_("已保存"), text);
}

static void failed(struct app *a, const char *msg)
{
	app_status(a, 1, "%s", msg);
	message_box(_("没有生成"), msg);
}

/* The papers program makes path from args; shows where it went. */
static void make_paper(struct app *a, const char *const *args, const char *path)
{
	char msg[1024];

	draw_text(LINES - 2, 0, _("正在生成……"), COLS, term.attr[R_HEAD], DRAW_PAD);
	term_refresh();
	if (run_papers(a, args, msg, sizeof(msg)) == 0)
		saved(a, path);
	else
		failed(a, msg);
}

/* The HTML report is ggw's own: no child needed. */
static void make_html(struct app *a, const char *unit, int year, const char *path)
{
	struct report_print_opts o = { REPORT_HTML, 0 };
	struct ggw_error err = { 0, "" };
	struct report r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = report_compute(&a->led, year, unit, 0, &r, &err);
	if (rc == 0 && !(f = open_memstream(&buf, &len)))
		rc = ggw_oom(&err);
	else if (rc == 0) {
		rc = report_print(f, &r, &o, &err);
		if (fclose(f) != 0 && rc == 0)
			rc = ggw_oom(&err);
	}
	if (rc == 0)
		rc = atomic_write(path, buf, len, &err);
	free(buf);
	report_free(&r);
	if (rc == 0)
		saved(a, path);
	else
		failed(a, err.msg);
}

static const struct ledger *sort_ledger;

static int newest_first(const void *pa, const void *pb)
{
	int a = sort_ledger->v[*(const size_t *)pa].date, b = sort_ledger->v[*(const size_t *)pb].date;

	return (a < b) - (a > b);
}

/* One activity of the unit's year, picked by title (newest first); its id
 * into id. */
static int pick_activity(struct app *a, const char *unit, int year, char *id, size_t len)
{
	size_t n = 0, *idx = calloc(a->led.n + 1, sizeof(*idx));
	char **labels = calloc(a->led.n + 1, sizeof(*labels));
	int k = -1;

	for (size_t i = 0; idx && labels && i < a->led.n; i++) {
		const struct entry *e = &a->led.v[i];

		if (e->type != REC_ACTIVITY || !e->valid || !e->unit || strcmp(e->unit, unit) ||
		    e->date / 10000 != year)
			continue;
		idx[n++] = i;
	}
	sort_ledger = &a->led;
	if (n)
		qsort(idx, n, sizeof(*idx), newest_first);
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = &a->led.v[idx[i]];

		if (asprintf(&labels[i], "%02d-%02d %s", e->date / 100 % 100, e->date % 100,
			     e->title ? e->title : "") < 0) {
			n = i;
			break;
		}
	}
	if (n)
		k = pick_list(_("打印哪条活动记录？"), (const char *const *)labels, n, 0);
	else
		app_status(a, 1, _("这个单位这一年没有活动记录"));
	if (k >= 0)
		snprintf(id, len, "%s", a->led.v[idx[k]].id);
	for (size_t i = 0; labels && i < n; i++)
		free(labels[i]);
	free(labels);
	free(idx);
	return k >= 0;
}

void papers_offer_record(struct app *a, const char *id)
{
	char dir[PATH_MAX], name[256], path[PATH_MAX + 256];
	long e = ledger_find(&a->led, id);
	const char *label = e >= 0 ? record_type_label(a->led.v[e].type) : NULL;
	const char *args[] = { "print", id, "-o", path, NULL };

	if (papers_offer_dir(dir, sizeof(dir)) < 0) {
		failed(a, _("无法建立保存文件的文件夹"));
		return;
	}
	snprintf(name, sizeof(name), _("%s-%s.pdf"), label ? _(label) : _("记录"), id);
	paper_path(path, sizeof(path), dir, name);
	make_paper(a, args, path);
}

enum offer { OFFER_BINDER, OFFER_RECORD, OFFER_UNIT_PDF, OFFER_PDF, OFFER_HTML, OFFER_FORM,
	     OFFER__COUNT };

void papers_offer_menu(struct app *a, const char *unit, int year)
{
	const struct unit_info *u = unit ? units_find(&a->led.units, unit) : NULL;
	const char *street = a->led.units.street ? a->led.units.street : "";
	const char *uname = u && u->name && *u->name ? u->name : unit;
	char labels[OFFER__COUNT][256], dir[PATH_MAX], name[512], path[PATH_MAX + 512];
	char year_s[16], id[64];
	const char *shown[OFFER__COUNT];
	int map[OFFER__COUNT], n = 0, k;

	snprintf(year_s, sizeof(year_s), "%d", year);
	if (u) {
		snprintf(labels[n], 256, _("%s %d年台账（PDF，送检用）"), uname, year);
		map[n++] = OFFER_BINDER;
		snprintf(labels[n], 256, _("%s的一条活动记录（PDF）"), uname);
		map[n++] = OFFER_RECORD;
		snprintf(labels[n], 256, _("%s %d年年度报表（PDF）"), uname, year);
		map[n++] = OFFER_UNIT_PDF;
	}
	snprintf(labels[n], 256, _("全街道 %d年年度报表（PDF）"), year);
	map[n++] = OFFER_PDF;
	snprintf(labels[n], 256, _("全街道 %d年年度报表（HTML，用浏览器打印）"), year);
	map[n++] = OFFER_HTML;
	snprintf(labels[n], 256, _("区里的年度报表表格 %d年（xlsx）"), year);
	map[n++] = OFFER_FORM;
	for (int i = 0; i < n; i++)
		shown[i] = labels[i];
	if ((k = pick_list(_("打印与导出"), shown, (size_t)n, 0)) < 0)
		return;
	if (papers_offer_dir(dir, sizeof(dir)) < 0) {
		failed(a, _("无法建立保存文件的文件夹"));
		return;
	}
	switch (map[k]) {
	case OFFER_BINDER: {
		const char *args[] = { "binder", "--unit", unit, "--year", year_s, "-o", path, NULL };

		snprintf(name, sizeof(name), _("%s-%d年台账.pdf"), uname, year);
		paper_path(path, sizeof(path), dir, name);
		make_paper(a, args, path);
		break;
	}
	case OFFER_RECORD:
		if (pick_activity(a, unit, year, id, sizeof(id)))
			papers_offer_record(a, id);
		break;
	case OFFER_UNIT_PDF:
	case OFFER_PDF: {
		int one = map[k] == OFFER_UNIT_PDF;
		const char *args[] = { "report-pdf", "--year", year_s, "-o", path,
				       one ? "--unit" : NULL, unit, NULL };

		snprintf(name, sizeof(name), _("%s-%d年年度报表.pdf"), one ? uname : street, year);
		paper_path(path, sizeof(path), dir, name);
		make_paper(a, args, path);
		break;
	}
	case OFFER_HTML:
		snprintf(name, sizeof(name), _("%s-%d年年度报表.html"), street, year);
		paper_path(path, sizeof(path), dir, name);
		make_html(a, NULL, year, path);
		break;
	case OFFER_FORM: {
		/* the xlsx form is ggw-papers' `form` command (papers/form_xlsx.c), given the
		 * same arguments as `ggw report --form` */
		const char *args[] = { "form", "--form", "--year", year_s, "--format", "xlsx", "-o", path, NULL };

		snprintf(name, sizeof(name), _("%s-%d年区报表.xlsx"), street, year);
		paper_path(path, sizeof(path), dir, name);
		make_paper(a, args, path);
		break;
	}
	}
}
