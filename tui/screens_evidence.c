/* Evidence in the interface (see screens_evidence.h). */
#include "screens_evidence.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "filepick.h"
#include "screen.h"
#include "../model/fields_more.h"
#include "../model/i18n.h"
#include "../records/evidence.h"

#define EV_CONFIG_DIR "ggw.evidencedir" /* the folder last used, per PC */
#define EV_CAPTION_MAX 300
#define EV_TEMP_PREFIX "evidence-"
#define EV_TEMP_AGE (24 * 3600) /* viewer copies older than this go */

int evidence_type_has(enum record_type t)
{
	const struct field_def *fs = record_fields(t);

	for (const struct field_def *f = fs; f && f->key; f++)
		if (f->sub == evidence_fields)
			return 1;
	return 0;
}

static const char *kind_label(const char *kind)
{
	int i = kind ? enum_index(enum_evidence_kind, kind) : -1;

	return i >= 0 ? _(enum_evidence_kind[i].label) : (kind && *kind ? kind : "?");
}

/* Text padded with spaces to cols columns. */
static void pad_to(char *out, size_t len, const char *s, int cols)
{
	int w = str_cols(s);

	snprintf(out, len, "%s%*s", s, w < cols ? cols - w : 0, "");
}

/* One item as a line: "1  照片          312 KB  活动现场（拍到未成年人）";
 * k (size_t)-1: for a sentence, "照片 312 KB 活动现场". */
static void item_text(const struct evidence_item *it, size_t k, char *buf, size_t len)
{
	char kind[64], size[32], sz[32];
	char *cap = it->caption && *it->caption ? filepick_safe_name(it->caption) : NULL;

	pad_to(kind, sizeof(kind), kind_label(it->kind), 14);
	if (it->present) {
		filepick_size_text(it->bytes, sz, sizeof(sz));
		snprintf(size, sizeof(size), "%7s", sz);
	} else {
		snprintf(size, sizeof(size), "%s", _("未同步到本机"));
	}
	if (k == (size_t)-1) /* in a sentence: no number, no padding */
		snprintf(buf, len, "%s %s %s%s", kind_label(it->kind), it->present ? sz : size,
			 cap ? cap : _("（无说明）"), it->minors_visible ? _("（拍到未成年人）") : "");
	else
		snprintf(buf, len, "%zu  %s  %s  %s%s", k + 1, kind, size, cap ? cap : _("（无说明）"),
			 it->minors_visible ? _("（拍到未成年人）") : "");
	free(cap);
}

void evidence_lines(struct app *a, enum record_type t, const struct node *rec, struct lines *l)
{
	struct ggw_error err = { 0, "" };
	struct evidence_item *items = NULL;
	const char *id = node_map_str(rec, "id");
	size_t n = 0, total = 0, here = 0;
	char buf[1024], sz[32];

	if (!evidence_type_has(t) || !id)
		return;
	if (evidence_list(a->repo, id, &items, &n, &err) < 0) {
		lines_add(l, term.attr[R_WARN], 0, _("佐证材料    读不出：%s"), err.msg);
		return;
	}
	if (n == 0) {
		lines_add(l, term.attr[R_DIM], 0, "%s", _("佐证材料    （没有。按 a 添加活动照片、签到表扫描件）"));
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (items[i].present) {
			total += items[i].bytes;
			here++;
		}
	filepick_size_text(total, sz, sizeof(sz));
	if (here == n)
		lines_add(l, A_NORMAL, 0, _("佐证材料（%zu 份，%s）  a 添加  o 查看  w 撤回"), n, sz);
	else
		lines_add(l, A_NORMAL, 0, _("佐证材料（%zu 份，本机有 %zu 份）  a 添加  o 查看  w 撤回"), n, here);
	for (size_t i = 0; i < n; i++) {
		item_text(&items[i], i, buf, sizeof(buf));
		lines_add_wrapped(l, items[i].present ? A_NORMAL : term.attr[R_WARN], 2, COLS - 1, buf);
	}
	evidence_items_free(items, n);
}

/* ---- attaching: the confirmation after the picker ---- */

struct ev_file {
	const char *path;
	struct evidence_item it;
	off_t src_bytes;
	int done, ok;
	char msg[512];
};

struct ev_confirm {
	struct app *a;
	const char *id, *title;
	struct ev_file *f;
	size_t n, next;        /* next: the first file not yet prepared */
	int kind;              /* index in enum_evidence_kind */
	struct ledit caption;
	int minors;
	int focus;             /* 0 kind, 1 caption, 2 minors */
	int attached;
	char msg[600];
};

static void confirm_file_row(struct ev_confirm *c, size_t i, int y, int nw)
{
	struct ev_file *f = &c->f[i];
	char src[32], out[64], dims[32] = "";
	char *name = filepick_safe_name(strrchr(f->path, '/') ? strrchr(f->path, '/') + 1 : f->path);

	filepick_size_text((unsigned long long)f->src_bytes, src, sizeof(src));
	if (!f->done)
		snprintf(out, sizeof(out), "%s", _("计算中"));
	else if (!f->ok)
		snprintf(out, sizeof(out), "%s", _("不能添加"));
	else
		filepick_size_text(f->it.bytes, out, sizeof(out));
	if (f->done && f->ok && f->it.width > 0)
		snprintf(dims, sizeof(dims), term.g.ascii ? "%dx%d" : "%d×%d", f->it.width, f->it.height);
	else if (f->done && f->ok)
		snprintf(dims, sizeof(dims), "%s", f->it.ext);
	draw_text(y, 2, name, nw, A_NORMAL, 0);
	draw_text_right(y, 2 + nw + 1, src, 9, A_NORMAL);
	draw_text(y, 2 + nw + 11, term.g.ascii ? "->" : "→", 2, term.attr[R_DIM], 0);
	draw_text_right(y, 2 + nw + 14, out, 9, f->done && !f->ok ? term.attr[R_WARN] : term.attr[R_GOOD]);
	draw_text(y, 2 + nw + 25, dims, COLS - (2 + nw + 25), term.attr[R_DIM], 0);
	free(name);
}

struct wrap_rows { int y, ymax; };
static void msg_row(const char *line, size_t n, void *d)
{
	struct wrap_rows *w = d;

	if (w->y < w->ymax)
		draw_textn(w->y, 6, line, n, COLS - 7, term.attr[R_WARN], 0);
	w->y++;
}

static void confirm_totals(struct ev_confirm *c, int y)
{
	size_t good = 0, bad = 0, pending = 0;
	unsigned long long bytes = 0;
	char sz[32], line[512];

	for (size_t i = 0; i < c->n; i++) {
		if (!c->f[i].done)
			pending++;
		else if (c->f[i].ok)
			good++, bytes += c->f[i].it.bytes;
		else
			bad++;
	}
	filepick_size_text(bytes, sz, sizeof(sz));
	if (pending)
		snprintf(line, sizeof(line), _("正在压缩照片，算存入后的大小……（还有 %zu 个）"), pending);
	else if (!good)
		snprintf(line, sizeof(line), "%s", _("没有可以添加的文件：按 Esc 回去重新选"));
	else if (bad)
		snprintf(line, sizeof(line), _("共 %zu 个文件，存入后一共 %s；另有 %zu 个不能添加（见上），其余照常添加"),
			 good, sz, bad);
	else
		snprintf(line, sizeof(line), _("共 %zu 个文件，存入后一共 %s（去掉了拍摄地点等信息）"), good, sz);
	draw_text(y, 0, line, COLS, good || pending ? term.attr[R_HEAD] : term.attr[R_WARN], DRAW_PAD);
}

static void confirm_fields(struct ev_confirm *c, int y)
{
	static const char *const hints[] = {
		N_("Enter 打开选项表，← → 换一项"),
		N_("例如：活动现场、签到表第 1 页；不要写未成年人的姓名"),
		N_("能认出孩子时选“是”：这是个人信息，只在台账里用，可以撤回"),
	};
	int lw = 14, vw = COLS - lw - 1;
	attr_t va;

	for (int i = 0; i < 3; i++) {
		const char *label = i == 0 ? _("类别") : i == 1 ? _("说明") : _("拍到未成年人");
		va = c->focus == i ? term.attr[R_FIELD_CUR] : term.attr[R_FIELD];
		draw_text(y + i, 0, label, lw - 1, c->focus == i ? term.attr[R_LABEL] | A_BOLD : term.attr[R_LABEL], 0);
		if (i == 0)
			draw_text(y, lw, _(enum_evidence_kind[c->kind].label), vw, va, DRAW_PAD);
		else if (i == 1)
			ledit_draw(&c->caption, y + 1, lw, 1, vw, va, 0);
		else
			draw_text(y + 2, lw, c->minors ? _("是") : _("否"), vw, va, DRAW_PAD);
	}
	draw_text(y + 3, lw, _(hints[c->focus]), vw, term.attr[R_DIM], DRAW_PAD);
}

static void confirm_draw(void *st)
{
	struct ev_confirm *c = st;
	int nw = COLS - 2 - 36 > 8 ? COLS - 2 - 36 : 8, y = 2, ymax = LINES - 9;
	char title[600];

	erase();
	snprintf(title, sizeof(title), _("添加到：%s"), c->title);
	draw_title(title, _("确认添加"));
	draw_text(1, 2, _("文件"), nw, term.attr[R_HEAD], DRAW_PAD);
	draw_text_right(1, 2 + nw + 1, _("原大小"), 9, term.attr[R_HEAD]);
	draw_text_right(1, 2 + nw + 14, _("存入后"), 9, term.attr[R_HEAD]);
	for (size_t i = 0; i < c->n; i++) {
		if (y >= ymax) {
			char more[64];
			snprintf(more, sizeof(more), _("……还有 %zu 个"), c->n - i);
			draw_text(ymax - 1, 2, more, COLS - 2, term.attr[R_DIM], DRAW_PAD);
			break;
		}
		confirm_file_row(c, i, y++, nw);
		if (c->f[i].done && !c->f[i].ok) {
			struct wrap_rows w = { y, ymax };
			wrap_text(c->f[i].msg, COLS - 7, msg_row, &w);
			y = w.y;
		}
	}
	confirm_totals(c, LINES - 8);
	confirm_fields(c, LINES - 6);
	if (c->msg[0])
		draw_text(LINES - 2, 0, c->msg, COLS, term.attr[R_WARN], DRAW_PAD);
	draw_text(LINES - 1, 0, _("Tab 换一项  F2 或 Enter 添加  Esc 回去重选（什么也不存）"), COLS,
		  term.attr[R_FKEY_LABEL], DRAW_PAD);
}

static void confirm_cursor(void *st)
{
	struct ev_confirm *c = st;

	if (c->focus != 1) {
		curs_set(0);
		return;
	}
	curs_set(1);
	ledit_draw(&c->caption, LINES - 5, 14, 1, COLS - 15, term.attr[R_FIELD_CUR], 1);
}

/* One file prepared per call, so the sizes show as they come. */
static int confirm_idle(void *st)
{
	struct ev_confirm *c = st;
	struct ev_file *f;
	struct ggw_error err = { 0, "" };
	struct evidence_attach_opts o;

	if (c->next >= c->n)
		return 0;
	f = &c->f[c->next++];
	memset(&o, 0, sizeof(o));
	f->ok = evidence_preview(c->a->repo, f->path, &o, &f->it, &err) == 0;
	if (!f->ok)
		snprintf(f->msg, sizeof(f->msg), "%s", err.msg[0] ? err.msg : _("不能添加这个文件"));
	free(f->it.caption);
	f->it.caption = NULL;
	f->done = 1;
	/* every file a PDF: the kind is a scan (a sign-in sheet) */
	if (c->next == c->n) {
		size_t pdf = 0, good = 0;
		for (size_t i = 0; i < c->n; i++)
			if (c->f[i].ok) {
				good++;
				pdf += !strcmp(c->f[i].it.ext, "pdf");
			}
		if (good && pdf == good)
			c->kind = enum_index(enum_evidence_kind, "scan") >= 0 ? enum_index(enum_evidence_kind, "scan") : 0;
	}
	return 1;
}

/* Remember the folder of the first file for the next picker. */
static void remember_dir(struct app *a, const char *path)
{
	struct ggw_error err = { 0, "" };
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	if (!(slash = strrchr(dir, '/')) || slash == dir)
		return;
	*slash = '\0';
	if (repo_config_set(a->repo, EV_CONFIG_DIR, dir, &err) < 0)
		ggw_clear(&err); /* only a convenience: attaching went well */
}

static int confirm_attach(struct ev_confirm *c)
{
	struct ggw_error err = { 0, "" };
	struct evidence_attach_opts o;
	const char **paths = NULL;
	size_t good = 0;
	unsigned long long bytes = 0;
	char sz[32];

	if (c->next < c->n)
		return SCREEN_STAY;
	if (!c->a->have_actor) {
		snprintf(c->msg, sizeof(c->msg), "%s", _("没有设置本机单位，不能修改。"));
		return SCREEN_STAY;
	}
	if (!(paths = calloc(c->n ? c->n : 1, sizeof(*paths))))
		return SCREEN_STAY;
	for (size_t i = 0; i < c->n; i++)
		if (c->f[i].ok) {
			paths[good++] = c->f[i].path;
			bytes += c->f[i].it.bytes;
		}
	if (!good) {
		snprintf(c->msg, sizeof(c->msg), "%s", _("没有可以添加的文件：按 Esc 回去重新选"));
		free(paths);
		return SCREEN_STAY;
	}
	memset(&o, 0, sizeof(o));
	o.kind = enum_evidence_kind[c->kind].key;
	o.caption = c->caption.len ? c->caption.buf : NULL;
	o.minors_visible = c->minors;
	if (evidence_attach(c->a->repo, &c->a->actor, c->id, paths, good, &o, NULL, &err) < 0) {
		snprintf(c->msg, sizeof(c->msg), "%s", err.msg);
		free(paths);
		return SCREEN_STAY;
	}
	remember_dir(c->a, paths[0]);
	free(paths);
	filepick_size_text(bytes, sz, sizeof(sz));
	app_status(c->a, 0, _("已添加 %zu 个文件（存入 %s），下次同步时送到各台电脑"), good, sz);
	c->attached = 1;
	return SCREEN_LEAVE;
}

static void kind_step(struct ev_confirm *c, int d)
{
	int n = 0;

	while (enum_evidence_kind[n].key)
		n++;
	c->kind = (c->kind + d + n) % n;
}

static int confirm_key(void *st, int key)
{
	struct ev_confirm *c = st;

	c->msg[0] = '\0';
	if (key == TK_ESC || key == TK_FKEY(10))
		return SCREEN_LEAVE;
	if (key == TK_FKEY(2) || key == TK_CTRL('s') || (key == TK_ENTER && c->focus != 0))
		return confirm_attach(c);
	if (key == TK_TAB || key == TK(KEY_DOWN)) {
		c->focus = (c->focus + 1) % 3;
		return SCREEN_STAY;
	}
	if (key == TK_BTAB || key == TK(KEY_UP)) {
		c->focus = (c->focus + 2) % 3;
		return SCREEN_STAY;
	}
	if (c->focus == 0) {
		if (key == TK_ENTER) {
			const char *labels[8];
			size_t n = 0;
			int r;
			for (; enum_evidence_kind[n].key && n < 8; n++)
				labels[n] = _(enum_evidence_kind[n].label);
			if ((r = pick_list(_("类别"), labels, n, c->kind)) >= 0)
				c->kind = r;
		} else if (key == TK(KEY_LEFT) || key == TK(KEY_RIGHT) || key == ' ') {
			kind_step(c, key == TK(KEY_LEFT) ? -1 : 1);
		}
		return SCREEN_STAY;
	}
	if (c->focus == 2) {
		if (key == ' ' || key == TK(KEY_LEFT) || key == TK(KEY_RIGHT))
			c->minors = !c->minors;
		else if (key == 'y' || key == 'Y' || key == 'n' || key == 'N')
			c->minors = key == 'y' || key == 'Y';
		return SCREEN_STAY;
	}
	ledit_key(&c->caption, key, COLS - 15);
	return SCREEN_STAY;
}

static void confirm_resize(void *st)
{
	(void)st;
	erase();
}

static const struct screen_ops confirm_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = confirm_draw, .cursor = confirm_cursor,
	.idle = confirm_idle, .resize = confirm_resize, .key = confirm_key,
};

/* The confirmation of the files chosen: 1 attached, 0 back to the picker. */
static int confirm_run(struct app *a, const char *id, const char *title, const char *const *paths, size_t n,
		       struct ev_confirm *keep)
{
	struct ev_confirm *c = keep;

	if (!(c->f = calloc(n, sizeof(*c->f))))
		return 0;
	c->a = a;
	c->id = id;
	c->title = title;
	c->n = n;
	c->next = 0;
	c->attached = 0;
	c->msg[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		c->f[i].path = paths[i];
		c->f[i].src_bytes = stat(paths[i], &st) == 0 ? st.st_size : 0;
	}
	erase();
	screen_run(a, &confirm_ops, c);
	free(c->f);
	c->f = NULL;
	return c->attached;
}

int evidence_ui_attach(struct app *a, enum record_type t, const char *id, const char *title)
{
	struct ggw_error err = { 0, "" };
	struct filepick fp;
	struct ev_confirm c;
	char *last = NULL, head[600];
	int attached = 0;
	long e;

	if (!evidence_type_has(t)) {
		app_status(a, 1, "%s", _("这类记录不附照片：照片和签到表附在活动和年度文件上"));
		return 0;
	}
	if (!a->have_actor) {
		app_status(a, 1, "%s", _("没有设置本机单位，不能修改。"));
		return 0;
	}
	/* another unit's record is refused before the picker, not after */
	if ((e = a->led_loaded ? ledger_find(&a->led, id) : -1) >= 0 &&
	    ops_check_scope_units(&a->led.units, &a->actor, a->led.v[e].unit, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return 0;
	}
	if (repo_config_get(a->repo, EV_CONFIG_DIR, &last, &err) < 0)
		ggw_clear(&err);
	snprintf(head, sizeof(head), _("添加照片、扫描件：%s"), title);
	filepick_init(&fp, a, head, last);
	free(last);
	memset(&c, 0, sizeof(c));
	ledit_init(&c.caption, 0);
	c.caption.maxbytes = EV_CAPTION_MAX;
	while (!attached && !a->quit && filepick_run(&fp)) {
		const char **paths;
		size_t n = filepick_chosen(&fp, &paths);
		if (n)
			attached = confirm_run(a, id, title, paths, n, &c);
	}
	ledit_free(&c.caption);
	filepick_free(&fp);
	return attached;
}

/* ---- choosing one of the record's files ---- */

/* The screen under a pop-up, painted again before the pop-up: one box
 * after another leaves nothing of the first behind. */
static void paint_under(struct app *a, const struct ev_under *under)
{
	if (under && under->ops)
		screen_paint(a, under->ops, under->st);
}

/* The record's items and the one the user picks (one: no question).
 * -1 when there is none or Esc. */
static long choose_item(struct app *a, const char *id, const char *question, const struct ev_under *under,
			struct evidence_item **items, size_t *n)
{
	struct ggw_error err = { 0, "" };
	char **labels;
	long r;

	*items = NULL;
	*n = 0;
	if (evidence_list(a->repo, id, items, n, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return -1;
	}
	if (*n == 0) {
		app_status(a, 1, "%s", _("这条记录还没有佐证材料：按 a 添加"));
		return -1;
	}
	if (*n == 1)
		return 0;
	if (!(labels = calloc(*n, sizeof(*labels))))
		return -1;
	for (size_t i = 0; i < *n; i++) {
		char buf[1024];
		item_text(&(*items)[i], i, buf, sizeof(buf));
		labels[i] = strdup(buf);
		if (!labels[i])
			labels[i] = strdup("?");
	}
	paint_under(a, under);
	r = pick_list(question, (const char *const *)labels, *n, 0);
	for (size_t i = 0; i < *n; i++)
		free(labels[i]);
	free(labels);
	return r;
}

/* ---- opening with the desktop's viewer ---- */

static int env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v;
}

static int program_on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	while (path && *path) {
		size_t k = strcspn(path, ":");
		if (k && (size_t)snprintf(buf, sizeof(buf), "%.*s/%s", (int)k, path, prog) < sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return 1;
		path += k + (path[k] == ':');
	}
	return 0;
}

/* A private folder for the viewer's copies: $XDG_RUNTIME_DIR/ggw, else
 * ~/.cache/ggw; made 0700, refused when it is not ours. */
static int viewer_dir(char *buf, size_t len)
{
	const char *rt = getenv("XDG_RUNTIME_DIR"), *home = getenv("HOME");
	struct stat st;

	if (rt && *rt && stat(rt, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(buf, len, "%s/ggw", rt);
	} else if (home && *home) {
		snprintf(buf, len, "%s/.cache", home);
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -1;
		snprintf(buf, len, "%s/.cache/ggw", home);
	} else {
		return -1;
	}
	if (mkdir(buf, 0700) < 0 && errno != EEXIST)
		return -1;
	if (lstat(buf, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid())
		return -1;
	return chmod(buf, 0700);
}

/* Copies a viewer was given a day ago or more are not needed any more. */
static void prune_viewer_copies(const char *dir)
{
	time_t now = time(NULL);
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct stat st;
		if (strncmp(de->d_name, EV_TEMP_PREFIX, strlen(EV_TEMP_PREFIX)))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		    now - st.st_mtime > EV_TEMP_AGE)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

/* Write bytes to a new private file in dir; its path in out. */
static int write_viewer_copy(const char *dir, const struct evidence_item *it, const struct sbuf *b, char *out,
			     size_t len)
{
	const char *ext = it->ext[0] ? it->ext : "bin";
	size_t done = 0;
	int fd;

	snprintf(out, len, "%s/%s%.12s-XXXXXX.%s", dir, EV_TEMP_PREFIX, it->sha256, ext);
	if ((fd = mkstemps(out, (int)strlen(ext) + 1)) < 0)
		return -1;
	fchmod(fd, 0600);
	while (done < b->len) {
		ssize_t w = write(fd, b->s + done, b->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(out);
			return -1;
		}
		done += (size_t)w;
	}
	return close(fd);
}

/* xdg-open in a grandchild of its own session: the interface waits only
 * for the child, which leaves at once; the viewer outlives ggw. */
static int spawn_viewer(const char *path)
{
	pid_t pid = fork();
	int status = 0;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		pid_t g;
		setsid();
		g = fork();
		if (g == 0) {
			int null = open("/dev/null", O_RDWR);
			if (null >= 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
			}
			for (int fd = 3; fd < 256; fd++)
				close(fd);
			signal(SIGPIPE, SIG_DFL);
			execlp("xdg-open", "xdg-open", path, (char *)NULL);
			_exit(127);
		}
		_exit(g < 0 ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

void evidence_ui_open(struct app *a, enum record_type t, const char *id, const struct ev_under *under)
{
	struct ggw_error err = { 0, "" };
	struct evidence_item *items = NULL;
	struct sbuf b = { 0 };
	char dir[PATH_MAX], path[PATH_MAX + 64];
	size_t n = 0;
	long k;

	if (!evidence_type_has(t))
		return;
	if (!env_set("DISPLAY") && !env_set("WAYLAND_DISPLAY")) {
		app_status(a, 1, _("没有图形界面，可用 ggw evidence export %s 文件夹 导出后查看"), id);
		return;
	}
	if (!program_on_path("xdg-open")) {
		app_status(a, 1, "%s", _("找不到 xdg-open，无法打开看图程序（请安装 xdg-utils）"));
		return;
	}
	if ((k = choose_item(a, id, _("查看哪一份？"), under, &items, &n)) < 0)
		goto done;
	if (evidence_read(a->repo, items[k].sha256, &b, &err) < 0) {
		app_status(a, 1, "%s", err.code == GGW_ENOTFOUND ? _("这份文件还没有同步到本机：同步以后再看") : err.msg);
		goto done;
	}
	if (viewer_dir(dir, sizeof(dir)) < 0) {
		app_status(a, 1, "%s", _("不能建立存放临时文件的文件夹（~/.cache/ggw）"));
		goto done;
	}
	prune_viewer_copies(dir);
	if (write_viewer_copy(dir, &items[k], &b, path, sizeof(path)) < 0) {
		app_status(a, 1, _("不能写出临时文件：%s"), strerror(errno));
		goto done;
	}
	if (spawn_viewer(path) < 0)
		app_status(a, 1, "%s", _("无法启动 xdg-open"));
	else
		app_status(a, 0, _("已交给看图程序打开第 %ld 份（%s）"), k + 1, kind_label(items[k].kind));
done:
	free(b.s);
	if (n || items)
		evidence_items_free(items, n);
}

/* ---- withdrawing ---- */

/* One box, two steps: the reason, then what withdrawing does and y/n. */
struct withdraw_view {
	struct app *a;
	const struct ev_under *under;
	struct ledit ed;
	const char *what;
	int stage;            /* 0 the reason, 1 the question */
	int yes;
	char msg[128];
	struct lines l;       /* the question, wrapped */
	struct box b;
};

#define WD_ROWS 7

static void withdraw_draw(void *st)
{
	struct withdraw_view *v = st;
	int w = COLS - 12 > 66 ? 66 : COLS - 12;

	paint_under(v->a, v->under);
	v->b = box_open(WD_ROWS, w, _("撤回佐证材料"));
	if (v->stage == 1) {
		for (size_t i = 0; i < v->l.n && (int)i < v->b.h - 3; i++)
			draw_text(v->b.y + 1 + (int)i, v->b.x + 2, v->l.v[i].text, v->b.w - 4, term.attr[R_SEL],
				  DRAW_PAD);
		draw_text(v->b.y + v->b.h - 2, v->b.x + 2, _("Y 撤回　N 不撤回"), v->b.w - 4,
			  term.attr[R_SEL] | A_BOLD, DRAW_PAD);
		return;
	}
	draw_text(v->b.y + 1, v->b.x + 2, v->what, v->b.w - 4, term.attr[R_SEL], DRAW_PAD);
	draw_text(v->b.y + 3, v->b.x + 2, _("撤回原因（必填，会记在台账里）："), v->b.w - 4,
		  term.attr[R_SEL] | A_BOLD, DRAW_PAD);
	ledit_draw(&v->ed, v->b.y + 4, v->b.x + 2, 1, v->b.w - 4, term.attr[R_FIELD_CUR], 0);
	draw_text(v->b.y + 6, v->b.x + 2, v->msg[0] ? v->msg : _("Enter 下一步  Esc 取消"), v->b.w - 4,
		  v->msg[0] ? term.attr[R_SEL] | A_BOLD : term.attr[R_SEL], DRAW_PAD);
}

static void withdraw_cursor(void *st)
{
	struct withdraw_view *v = st;

	if (v->stage == 1) {
		curs_set(0);
		return;
	}
	curs_set(1);
	ledit_draw(&v->ed, v->b.y + 4, v->b.x + 2, 1, v->b.w - 4, term.attr[R_FIELD_CUR], 1);
}

static void withdraw_question(struct withdraw_view *v)
{
	char text[1400];

	snprintf(text, sizeof(text),
		 _("撤回%s？\n这份文件会从本机删除，其他电脑和 U 盘在下次同步时也会删除它；"
		   "台账里只记下谁、何时、为什么撤回，不留照片。撤回以后不能恢复。"),
		 v->what);
	lines_clear(&v->l);
	lines_add_wrapped(&v->l, A_NORMAL, 0, (COLS - 12 > 66 ? 66 : COLS - 12), text);
}

static int withdraw_key(void *st, int key)
{
	struct withdraw_view *v = st;

	v->msg[0] = '\0';
	if (key == TK_ESC || key == TK_FKEY(10))
		return SCREEN_LEAVE;
	if (v->stage == 1) {
		if (key == 'y' || key == 'Y')
			v->yes = 1;
		return key == 'y' || key == 'Y' || key == 'n' || key == 'N' ? SCREEN_LEAVE : SCREEN_STAY;
	}
	if (key == TK_ENTER) {
		if (strspn(v->ed.buf, " \t") == v->ed.len) {
			snprintf(v->msg, sizeof(v->msg), "%s", _("请写明为什么撤回"));
			return SCREEN_STAY;
		}
		withdraw_question(v);
		v->stage = 1;
		return SCREEN_STAY;
	}
	ledit_key(&v->ed, key, v->b.w - 4);
	return SCREEN_STAY;
}

static void withdraw_resize(void *st)
{
	struct withdraw_view *v = st;

	erase();
	if (v->stage == 1)
		withdraw_question(v);
}

static const struct screen_ops withdraw_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = withdraw_draw, .cursor = withdraw_cursor,
	.resize = withdraw_resize, .key = withdraw_key,
};

int evidence_ui_withdraw(struct app *a, enum record_type t, const char *id, const struct ev_under *under)
{
	struct ggw_error err = { 0, "" };
	struct evidence_item *items;
	struct withdraw_view v;
	char what[1200], line[1100];
	size_t n;
	long k;
	int done = 0;

	if (!evidence_type_has(t))
		return 0;
	if (!a->have_actor) {
		app_status(a, 1, "%s", _("没有设置本机单位，不能修改。"));
		return 0;
	}
	if ((k = choose_item(a, id, _("撤回哪一份？"), under, &items, &n)) < 0)
		goto out;
	item_text(&items[k], (size_t)-1, line, sizeof(line));
	snprintf(what, sizeof(what), _("第 %ld 份：%s"), k + 1, line);
	memset(&v, 0, sizeof(v));
	v.a = a;
	v.under = under;
	ledit_init(&v.ed, 0);
	v.ed.maxbytes = 400;
	v.what = what;
	screen_run(a, &withdraw_ops, &v);
	if (v.yes) {
		if (evidence_withdraw(a->repo, &a->actor, items[k].sha256, v.ed.buf, &err) < 0)
			app_status(a, 1, "%s", err.msg);
		else {
			app_status(a, 0, "%s", _("已撤回：其他电脑和 U 盘下次同步时删除这份文件"));
			done = 1;
		}
	}
	ledit_free(&v.ed);
	lines_free(&v.l);
out:
	if (n || items)
		evidence_items_free(items, n);
	return done;
}
