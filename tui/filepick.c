/* The evidence file picker (see filepick.h). What it reads of the disk is
 * bounded (folders, files, depth), so a stick holding 100,000 files opens
 * as fast as one holding ten; symbolic links are not followed while the
 * places are searched (a link loop cannot hold the interface). */
#include "filepick.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../model/safetext.h"
#include "../model/sbuf.h"

#define FP_MAX_DIRS 400      /* folders read to make the recent view */
#define FP_MAX_FILES 3000    /* photos the recent view keeps */
#define FP_MAX_ENTRIES 20000 /* entries of one folder shown */
#define FP_DEPTH 3           /* levels below a place searched */
#define FP_MAX_VOLUMES 16

/* ---- small helpers ---- */

void filepick_size_text(unsigned long long b, char *buf, size_t len)
{
	if (b < 1024)
		snprintf(buf, len, "%llu B", b);
	else if (b < 1024ull * 1024)
		snprintf(buf, len, "%llu KB", (b + 512) / 1024);
	else if (b < 1024ull * 1024 * 1024)
		snprintf(buf, len, "%.1f MB", (double)b / (1024.0 * 1024));
	else
		snprintf(buf, len, "%.1f GB", (double)b / (1024.0 * 1024 * 1024));
}

char *filepick_safe_name(const char *name)
{
	struct sbuf b = { 0 };

	safe_text(name, strlen(name), 0, &b);
	if (b.failed || !b.s) {
		free(b.s);
		return strdup("?");
	}
	return b.s;
}

/* Names a photo or scan is kept under (what the recent view gathers). */
static int is_picture_name(const char *name)
{
	static const char *const exts[] = { "jpg", "jpeg", "png", "pdf", "heic", "heif", NULL };
	const char *dot = strrchr(name, '.');

	if (!dot || dot == name)
		return 0;
	for (size_t i = 0; exts[i]; i++)
		if (!strcasecmp(dot + 1, exts[i]))
			return 1;
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

/* path shown with ~ for the home folder, escaped; malloc'd. */
static char *shown_path(const char *path)
{
	const char *home = getenv("HOME");
	size_t hn = home ? strlen(home) : 0;
	char buf[PATH_MAX + 8];

	if (hn > 1 && !strncmp(path, home, hn) && (path[hn] == '/' || !path[hn]))
		snprintf(buf, sizeof(buf), "~%s", path + hn);
	else
		snprintf(buf, sizeof(buf), "%s", path);
	return filepick_safe_name(buf);
}

/* The tail of s that fits in cols columns, "…" before it when cut. */
static void tail_fit(const char *s, int cols, char *out, size_t len)
{
	const char *ell = term.g.ellipsis ? term.g.ellipsis : "~";
	int ew = str_cols(ell);

	if (str_cols(s) <= cols) {
		snprintf(out, len, "%s", s);
		return;
	}
	while (*s && str_cols(s) > cols - ew) {
		s++;
		while ((*s & 0xc0) == 0x80)
			s++;
	}
	snprintf(out, len, "%s%s", ell, s);
}

/* ---- views ---- */

static void view_clear(struct fp_view *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].path);
		free(v->v[i].label);
	}
	v->n = 0;
}

static void view_free(struct fp_view *v)
{
	view_clear(v);
	free(v->v);
	free(v->dir);
	memset(v, 0, sizeof(*v));
}

static struct fp_entry *view_add(struct fp_view *v, const char *path, const struct stat *st)
{
	struct fp_entry *e;

	if (array_grow(&v->v, &v->cap, v->n, sizeof(*v->v), 64) < 0)
		return NULL;
	e = &v->v[v->n];
	memset(e, 0, sizeof(*e));
	if (!(e->path = strdup(path)))
		return NULL;
	e->mtime = st->st_mtime;
	e->size = st->st_size;
	e->is_dir = S_ISDIR(st->st_mode);
	v->n++;
	return e;
}

/* Folders by name first, then files newest first. */
static int entry_order(const void *pa, const void *pb)
{
	const struct fp_entry *a = pa, *b = pb;

	if (a->is_dir != b->is_dir)
		return b->is_dir - a->is_dir;
	if (a->is_dir)
		return strcmp(a->path, b->path);
	if (a->mtime != b->mtime)
		return a->mtime < b->mtime ? 1 : -1;
	return strcmp(base_name(a->path), base_name(b->path));
}

/* ---- the recent view: places, then the photos found in them ---- */

struct scan {
	struct fp_view *v;
	size_t dirs;
	int limited;
	struct { dev_t dev; ino_t ino; } *seen; /* places already listed */
	size_t nseen, capseen;
};

static int name_cmp_dcim_first(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	int da = !strcasecmp(a, "DCIM"), db = !strcasecmp(b, "DCIM");

	return da != db ? db - da : strcmp(a, b);
}

/* Photos in dir and (depth > 0) the folders below it, DCIM first. */
static void scan_dir(struct scan *s, const char *dir, int depth)
{
	char **subs = NULL, path[PATH_MAX];
	size_t nsubs = 0, capsubs = 0;
	struct dirent *de;
	DIR *d;

	if (s->dirs >= FP_MAX_DIRS) {
		s->limited = 1;
		return;
	}
	s->dirs++;
	if (!(d = opendir(dir)))
		return;
	while ((de = readdir(d))) {
		struct stat st;
		if (de->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path))
			continue;
		if (S_ISDIR(st.st_mode) && depth > 0) {
			if (array_grow(&subs, &capsubs, nsubs, sizeof(*subs), 16) == 0 &&
			    (subs[nsubs] = strdup(de->d_name)))
				nsubs++;
		} else if (S_ISREG(st.st_mode) && is_picture_name(de->d_name)) {
			if (s->v->n >= FP_MAX_FILES + FP_MAX_VOLUMES + 8) {
				s->limited = 1;
				continue;
			}
			view_add(s->v, path, &st);
		}
	}
	closedir(d);
	if (nsubs)
		qsort(subs, nsubs, sizeof(*subs), name_cmp_dcim_first);
	for (size_t i = 0; i < nsubs; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, subs[i]) < sizeof(path))
			scan_dir(s, path, depth - 1);
		free(subs[i]);
	}
	free(subs);
}

/* A place row (once per folder, however it is reached). */
static void add_place(struct scan *s, const char *dir, const char *label)
{
	struct stat st;
	struct fp_entry *e;

	if (!dir || !*dir || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return;
	for (size_t i = 0; i < s->nseen; i++)
		if (s->seen[i].dev == st.st_dev && s->seen[i].ino == st.st_ino)
			return;
	if (array_grow(&s->seen, &s->capseen, s->nseen, sizeof(*s->seen), 8) < 0)
		return;
	s->seen[s->nseen].dev = st.st_dev;
	s->seen[s->nseen].ino = st.st_ino;
	s->nseen++;
	if ((e = view_add(s->v, dir, &st)))
		e->label = strdup(label);
}

static const char *user_name(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u && *u && !strchr(u, '/'))
		return u;
	pw = getpwuid(getuid());
	return pw && pw->pw_name ? pw->pw_name : NULL;
}

static int name_cmp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The volumes under a media folder: root/<user>/<volume> and root/<volume>
 * (only_user 2: root's children are the volumes), by name. */
static void add_volumes(struct scan *s, const char *root, int only_user)
{
	const char *user = user_name();
	char path[PATH_MAX], label[300], **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;

	if (!(d = opendir(root)))
		return;
	while ((de = readdir(d)) && n < 4 * FP_MAX_VOLUMES)
		if (de->d_name[0] != '.' && array_grow(&names, &cap, n, sizeof(*names), 8) == 0 &&
		    (names[n] = strdup(de->d_name)))
			n++;
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char *safe;
		if (s->nseen >= FP_MAX_VOLUMES + 4 ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", root, names[i]) >= sizeof(path) ||
		    lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (user && !strcmp(names[i], user) && !only_user)
			add_volumes(s, path, 2); /* its children are the volumes */
		else if (only_user != 1 && (!user || strcmp(names[i], user) || only_user == 2)) {
			safe = filepick_safe_name(names[i]);
			snprintf(label, sizeof(label), _("U盘/手机 %s"), safe);
			free(safe);
			add_place(s, path, label);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Where gvfs mounts phones (MTP), cameras and iPhones (gphoto2, afc):
 * GGW_GVFS_ROOT (tests), none when GGW_MEDIA_ROOT stands for the removable
 * places (tests), else $XDG_RUNTIME_DIR/gvfs, else /run/user/<uid>/gvfs. */
static int gvfs_root(char *buf, size_t len)
{
	const char *env = getenv("GGW_GVFS_ROOT"), *media = getenv("GGW_MEDIA_ROOT");
	const char *run = getenv("XDG_RUNTIME_DIR");

	if (env && *env)
		return (size_t)snprintf(buf, len, "%s", env) < len;
	if (media && *media)
		return 0;
	if (run && run[0] == '/')
		return (size_t)snprintf(buf, len, "%s/gvfs", run) < len;
	return (size_t)snprintf(buf, len, "/run/user/%lu/gvfs", (unsigned long)getuid()) < len;
}

/* "mtp:host=Xiaomi_Redmi_Note_8" -> "Xiaomi Redmi Note 8"; 0 for a mount
 * that is no phone or camera (smb-share:, sftp:, ... are slow to read). */
static int gvfs_phone_name(const char *mount, char *buf, size_t len)
{
	static const char *const kinds[] = { "mtp:", "gphoto2:", "afc:", NULL };
	const char *host;
	size_t i;

	for (i = 0; kinds[i] && strncmp(mount, kinds[i], strlen(kinds[i])); i++)
		;
	if (!kinds[i])
		return 0;
	host = strstr(mount, "host=");
	snprintf(buf, len, "%s", host ? host + 5 : mount + strlen(kinds[i]));
	for (char *c = buf; *c; c++)
		if (*c == '_' || *c == ',')
			*c = ' ';
	return 1;
}

/* The phones gvfs has mounted: each mount a place, by name. */
static void add_gvfs(struct scan *s)
{
	char root[PATH_MAX], path[PATH_MAX], name[256], label[300], **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;

	if (!gvfs_root(root, sizeof(root)) || !(d = opendir(root)))
		return;
	while ((de = readdir(d)) && n < FP_MAX_VOLUMES)
		if (gvfs_phone_name(de->d_name, name, sizeof(name)) &&
		    array_grow(&names, &cap, n, sizeof(*names), 8) == 0 && (names[n] = strdup(de->d_name)))
			n++;
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *safe;

		gvfs_phone_name(names[i], name, sizeof(name));
		safe = filepick_safe_name(name);
		snprintf(label, sizeof(label), _("手机 %s"), safe);
		free(safe);
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, names[i]) < sizeof(path))
			add_place(s, path, label);
		free(names[i]);
	}
	free(names);
}

/* XDG_PICTURES_DIR from the environment, else from user-dirs.dirs
 * (XDG_PICTURES_DIR="$HOME/照片"), as the desktop set it. */
static void pictures_dir(char *buf, size_t len)
{
	const char *env = getenv("XDG_PICTURES_DIR"), *home = getenv("HOME");
	const char *cfg = getenv("XDG_CONFIG_HOME");
	char path[PATH_MAX], line[PATH_MAX];
	FILE *f;

	buf[0] = '\0';
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	if (!home || !*home)
		return;
	if (cfg && *cfg)
		snprintf(path, sizeof(path), "%s/user-dirs.dirs", cfg);
	else
		snprintf(path, sizeof(path), "%s/.config/user-dirs.dirs", home);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v = line + strlen("XDG_PICTURES_DIR=\""), *end;
		if (strncmp(line, "XDG_PICTURES_DIR=\"", strlen("XDG_PICTURES_DIR=\"")) || !(end = strchr(v, '"')))
			continue;
		*end = '\0';
		if (!strncmp(v, "$HOME/", 6))
			snprintf(buf, len, "%s/%s", home, v + 6);
		else if (v[0] == '/')
			snprintf(buf, len, "%s", v);
		break;
	}
	fclose(f);
}

static void gather_places(struct filepick *fp, struct scan *s)
{
	const char *home = getenv("HOME");
	const char *media = getenv("GGW_MEDIA_ROOT");
	const char *user = user_name();
	char path[PATH_MAX], xdg[PATH_MAX];

	pictures_dir(xdg, sizeof(xdg));
	if (fp->last_dir)
		add_place(s, fp->last_dir, _("上次用的文件夹"));
	if (media && *media) {
		add_volumes(s, media, 0);
	} else {
		add_volumes(s, "/media", 0);
		if (user && (size_t)snprintf(path, sizeof(path), "/run/media/%s", user) < sizeof(path))
			add_volumes(s, path, 2);
	}
	add_gvfs(s);
	if (xdg[0])
		add_place(s, xdg, _("图片"));
	if (home && *home) {
		snprintf(path, sizeof(path), "%s/图片", home);
		add_place(s, path, _("图片"));
		snprintf(path, sizeof(path), "%s/Pictures", home);
		add_place(s, path, _("图片"));
	}
}

static int newest_first(const void *pa, const void *pb)
{
	const struct fp_entry *a = pa, *b = pb;

	if (a->mtime != b->mtime)
		return a->mtime < b->mtime ? 1 : -1;
	return strcmp(a->path, b->path);
}

static void build_recent(struct filepick *fp, struct fp_view *v)
{
	struct scan s = { v, 0, 0, NULL, 0, 0 };
	size_t nplaces, k;

	view_clear(v);
	gather_places(fp, &s);
	nplaces = v->n;
	for (size_t i = 0; i < nplaces; i++) {
		char *dir = strdup(v->v[i].path);
		if (dir)
			scan_dir(&s, dir, FP_DEPTH);
		free(dir);
	}
	/* a place inside another (the last folder used inside Pictures)
	 * gives its photos twice: keep one of each path */
	if (v->n > nplaces)
		qsort(v->v + nplaces, v->n - nplaces, sizeof(*v->v), newest_first);
	for (size_t i = k = nplaces; i < v->n; i++) {
		if (k > nplaces && v->v[k - 1].mtime == v->v[i].mtime && !strcmp(v->v[k - 1].path, v->v[i].path)) {
			free(v->v[i].path);
			continue;
		}
		v->v[k++] = v->v[i];
	}
	v->n = k;
	if (v->n > nplaces + FP_MAX_FILES) {
		for (size_t i = nplaces + FP_MAX_FILES; i < v->n; i++)
			free(v->v[i].path);
		v->n = nplaces + FP_MAX_FILES;
		s.limited = 1;
	}
	fp->truncated = s.limited;
	free(s.seen);
	v->sel = v->n > nplaces ? nplaces : 0; /* on the newest photo */
	v->top = 0;
}

/* ---- a folder ---- */

static int build_folder(struct fp_view *v)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;

	view_clear(v);
	if (!(d = opendir(v->dir)))
		return -1;
	/* the way up first (not above /) */
	if (strcmp(v->dir, "/") && snprintf(path, sizeof(path), "%s/..", v->dir) > 0 && stat(path, &st) == 0) {
		struct fp_entry *e;
		char *up = strdup(v->dir), *slash = up ? strrchr(up, '/') : NULL;
		if (slash && slash != up)
			*slash = '\0';
		else if (slash)
			slash[1] = '\0';
		if (up && (e = view_add(v, up, &st)))
			e->label = strdup(_("..（上一级文件夹）"));
		free(up);
	}
	while ((de = readdir(d)) && v->n < FP_MAX_ENTRIES) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", strcmp(v->dir, "/") ? v->dir : "",
				     de->d_name) >= sizeof(path))
			continue;
		if (stat(path, &st) < 0 || (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)))
			continue;
		view_add(v, path, &st);
	}
	closedir(d);
	if (v->n > 1 || (v->n == 1 && !v->v[0].label)) {
		size_t first = v->n && v->v[0].label ? 1 : 0;
		qsort(v->v + first, v->n - first, sizeof(*v->v), entry_order);
		/* the first file, else the first folder below */
		v->sel = first;
		for (size_t i = first; i < v->n; i++)
			if (!v->v[i].is_dir) {
				v->sel = i;
				break;
			}
	}
	v->top = 0;
	return 0;
}

static struct fp_view *cur_view(struct filepick *fp)
{
	return &fp->stack[fp->depth];
}

/* Enter a folder: a new level of the stack. */
static void push_folder(struct filepick *fp, const char *dir)
{
	struct fp_view *v;

	if (array_grow(&fp->stack, &fp->cap, fp->depth + 1, sizeof(*fp->stack), 4) < 0)
		return;
	cur_view(fp)->sel = fp->lb.sel;
	cur_view(fp)->top = fp->lb.top;
	v = &fp->stack[fp->depth + 1];
	memset(v, 0, sizeof(*v));
	if (!(v->dir = strdup(dir)))
		return;
	if (build_folder(v) < 0) {
		char *safe = shown_path(dir);
		snprintf(fp->msg, sizeof(fp->msg), _("打不开文件夹 %s：%s"), safe, strerror(errno));
		free(safe);
		view_free(v);
		return;
	}
	fp->depth++;
	fp->lb.sel = v->sel;
	fp->lb.top = v->top;
}

static void pop_folder(struct filepick *fp)
{
	if (fp->depth == 0)
		return;
	view_free(cur_view(fp));
	fp->depth--;
	fp->lb.sel = cur_view(fp)->sel;
	fp->lb.top = cur_view(fp)->top;
}

/* ---- ticks ---- */

static long tick_index(const struct filepick *fp, const char *path)
{
	for (size_t i = 0; i < fp->nticked; i++)
		if (!strcmp(fp->ticked[i], path))
			return (long)i;
	return -1;
}

static void tick_toggle(struct filepick *fp, const char *path)
{
	long k = tick_index(fp, path);

	if (k >= 0) {
		free(fp->ticked[k]);
		memmove(&fp->ticked[k], &fp->ticked[k + 1], (fp->nticked - (size_t)k - 1) * sizeof(*fp->ticked));
		fp->nticked--;
		return;
	}
	if (array_grow(&fp->ticked, &fp->capticked, fp->nticked + 1, sizeof(*fp->ticked), 8) < 0)
		return;
	if ((fp->ticked[fp->nticked] = strdup(path)))
		fp->nticked++;
}

/* ---- drawing ---- */

#define FP_DATE_COLS 16
#define FP_SIZE_COLS 8

static void fp_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct filepick *fp = data;
	const struct fp_entry *e = &cur_view(fp)->v[i];
	attr_t at = selected ? term.attr[R_SEL] : A_NORMAL;
	int namew = w - 4 - 1 - FP_DATE_COLS - 2 - FP_SIZE_COLS > 8 ? w - 4 - 1 - FP_DATE_COLS - 2 - FP_SIZE_COLS : 8;
	char date[32] = "", size[32], name[PATH_MAX + 64];
	struct tm tm;
	char *safe;

	(void)lb;
	if (localtime_r(&e->mtime, &tm))
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
	if (e->is_dir) {
		snprintf(size, sizeof(size), "%s", _("文件夹"));
		if (e->label)
			date[0] = '\0'; /* a place, the way up: its date says nothing */
		if (e->label && cur_view(fp)->dir) {
			snprintf(name, sizeof(name), "%s", e->label);
		} else if (e->label) {
			safe = shown_path(e->path);
			snprintf(name, sizeof(name), "%s  %s", e->label, safe);
			free(safe);
		} else {
			safe = filepick_safe_name(base_name(e->path));
			snprintf(name, sizeof(name), "%s/", safe);
			free(safe);
		}
	} else {
		filepick_size_text((unsigned long long)e->size, size, sizeof(size));
		safe = filepick_safe_name(base_name(e->path));
		snprintf(name, sizeof(name), "%s", safe);
		free(safe);
	}
	draw_fill(y, x, w, at);
	draw_text(y, x, e->is_dir ? " >  " : tick_index(fp, e->path) >= 0 ? "[x] " : "[ ] ",
		  4, at | (e->is_dir ? 0 : A_BOLD), 0);
	draw_text(y, x + 4, name, namew, e->is_dir ? at | A_BOLD : at, 0);
	draw_text(y, x + 4 + namew + 1, date, FP_DATE_COLS, at, 0);
	draw_text_right(y, x + w - FP_SIZE_COLS, size, FP_SIZE_COLS, at);
}

static void fp_draw(void *st)
{
	struct filepick *fp = st;
	struct fp_view *v = cur_view(fp);
	int h = LINES - 5, namew = COLS - 4 - 1 - FP_DATE_COLS - 2 - FP_SIZE_COLS;
	char right[PATH_MAX + 8], line[512];

	if (namew < 8)
		namew = 8;
	erase();
	if (v->dir) {
		char *safe = shown_path(v->dir);
		tail_fit(safe, COLS / 2, right, sizeof(right));
		free(safe);
	} else {
		snprintf(right, sizeof(right), "%s", _("最近的照片（从新到旧）"));
	}
	draw_title(fp->title, right);
	draw_text(1, 4, _("名称"), namew, term.attr[R_HEAD], DRAW_PAD);
	draw_text(1, 4 + namew + 1, _("修改时间"), FP_DATE_COLS, term.attr[R_HEAD], DRAW_PAD);
	draw_text_right(1, COLS - FP_SIZE_COLS, _("大小"), FP_SIZE_COLS, term.attr[R_HEAD]);
	fp->lb.n = v->n;
	fp->lb.draw_row = fp_row;
	fp->lb.data = fp;
	if (h < 1)
		h = 1;
	listbox_draw(&fp->lb, 2, 0, h, COLS);
	if (v->n == 0)
		draw_text(2, 4, v->dir ? _("（这个文件夹是空的）")
			  : _("没有找到照片。插上手机或 U 盘后按 F5 再找一次，或把照片放进“图片”文件夹。"),
			  COLS - 4, term.attr[R_DIM], 0);
	/* where the file under the cursor is */
	if (v->n && fp->lb.sel < v->n) {
		char *safe = shown_path(v->v[fp->lb.sel].path);
		tail_fit(safe, COLS - 1, right, sizeof(right));
		free(safe);
		draw_text(LINES - 3, 0, right, COLS, term.attr[R_DIM], DRAW_PAD);
	}
	if (fp->msg[0])
		draw_text(LINES - 2, 0, fp->msg, COLS, term.attr[R_WARN], DRAW_PAD);
	else {
		if (fp->nticked)
			snprintf(line, sizeof(line), _("已勾选 %zu 个文件，按 Enter 添加"), fp->nticked);
		else if (!v->dir && fp->truncated)
			snprintf(line, sizeof(line), "%s", _("只列出了最新的一部分：要找更早的，进文件夹里找"));
		else
			snprintf(line, sizeof(line), "%s", _("空格勾选几个文件，Enter 添加；没有勾选时添加光标所在的文件"));
		draw_text(LINES - 2, 0, line, COLS, fp->nticked ? term.attr[R_GOOD] : A_NORMAL, DRAW_PAD);
	}
	draw_text(LINES - 1, 0, _("空格 勾选  Enter 添加  → 进文件夹  ← 退回  F5 再找  Esc 取消"), COLS,
		  term.attr[R_FKEY_LABEL], DRAW_PAD);
}

static void fp_resize(void *st)
{
	(void)st;
	erase();
}

/* ---- keys ---- */

static void fp_help(void)
{
	message_box(_("选择文件"),
		    _("一打开列出“图片”文件夹、手机和 U 盘（/media 下，以及用数据线按“传输文件”连接的手机）以及上次用的文件夹里最新的照片，"
		      "最新的在最上面；上面几行是这些文件夹本身。\n"
		      "↑↓ 移动，空格 勾选或取消（可勾选几个，也可以在不同文件夹里勾选），"
		      "Enter 添加勾选的文件（没有勾选时添加光标所在的文件），"
		      "→ 或 Enter 进入文件夹，← 或 Backspace 退回，F5 重新查找（刚插上手机时），Esc 取消。\n"
		      "添加以前会先显示每个文件压缩后的大小，再选类别、写说明。"));
}

static void rescan(struct filepick *fp)
{
	struct fp_view *v = cur_view(fp);

	if (v->dir)
		build_folder(v);
	else
		build_recent(fp, v);
	fp->lb.sel = v->sel;
	fp->lb.top = 0;
}

static int fp_key(void *st, int key)
{
	struct filepick *fp = st;
	struct fp_view *v = cur_view(fp);
	struct fp_entry *e = v->n && fp->lb.sel < v->n ? &v->v[fp->lb.sel] : NULL;

	fp->msg[0] = '\0';
	if (key == TK_ESC || key == TK_FKEY(10) || key == 'q')
		return SCREEN_LEAVE;
	if (key == TK_FKEY(1) || key == '?') {
		fp_help();
		return SCREEN_STAY;
	}
	if (key == TK_FKEY(5)) {
		rescan(fp);
		return SCREEN_STAY;
	}
	if (listbox_key(&fp->lb, key))
		return SCREEN_STAY;
	if (key == TK(KEY_LEFT) || key == TK_BS || key == 127 || key == 8) {
		pop_folder(fp);
		return SCREEN_STAY;
	}
	if (!e)
		return SCREEN_STAY;
	if (e->is_dir && (key == TK_ENTER || key == TK(KEY_RIGHT))) {
		char *dir = strdup(e->path);
		if (dir)
			push_folder(fp, dir);
		free(dir);
		return SCREEN_STAY;
	}
	if (key == ' ') {
		if (e->is_dir)
			snprintf(fp->msg, sizeof(fp->msg), "%s", _("文件夹不能勾选：按 → 或 Enter 打开它"));
		else
			tick_toggle(fp, e->path);
		return SCREEN_STAY;
	}
	if (key == TK_ENTER) {
		cur_view(fp)->sel = fp->lb.sel;
		cur_view(fp)->top = fp->lb.top;
		fp->taken = 1;
		return SCREEN_LEAVE;
	}
	return SCREEN_STAY;
}

static const struct screen_ops fp_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = fp_draw, .resize = fp_resize, .key = fp_key,
};

/* ---- the entry points ---- */

void filepick_init(struct filepick *fp, struct app *a, const char *title, const char *last_dir)
{
	memset(fp, 0, sizeof(*fp));
	fp->a = a;
	fp->title = title;
	fp->last_dir = last_dir && *last_dir ? strdup(last_dir) : NULL;
}

int filepick_run(struct filepick *fp)
{
	if (!fp->stack) {
		if (array_grow(&fp->stack, &fp->cap, 0, sizeof(*fp->stack), 4) < 0)
			return 0;
		memset(&fp->stack[0], 0, sizeof(fp->stack[0]));
		build_recent(fp, &fp->stack[0]);
		fp->lb.sel = fp->stack[0].sel;
	}
	erase();
	fp->taken = 0;
	fp->lb.height = LINES - 5;
	screen_run(fp->a, &fp_ops, fp);
	erase();
	return fp->taken;
}

size_t filepick_chosen(struct filepick *fp, const char ***paths)
{
	struct fp_view *v = cur_view(fp);

	if (fp->nticked) {
		*paths = (const char **)fp->ticked;
		return fp->nticked;
	}
	if (v->n && fp->lb.sel < v->n && !v->v[fp->lb.sel].is_dir) {
		fp->one = v->v[fp->lb.sel].path;
		*paths = &fp->one;
		return 1;
	}
	*paths = NULL;
	return 0;
}

void filepick_free(struct filepick *fp)
{
	for (size_t i = 0; fp->stack && i <= fp->depth; i++)
		view_free(&fp->stack[i]);
	free(fp->stack);
	for (size_t i = 0; i < fp->nticked; i++)
		free(fp->ticked[i]);
	free(fp->ticked);
	free(fp->last_dir);
	memset(fp, 0, sizeof(*fp));
}
