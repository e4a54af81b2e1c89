/* Sync: every remote with a live progress bar while it runs, then what
 * came in and went out, conflicts and refusals. The transfer runs in a
 * child process under the sync module's watchdog; this screen is redrawn
 * from its progress callback and polls the keyboard from its cancel
 * callback, so Esc stops a stalled transfer and the screen never freezes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../records/bundle.h"
#include "../records/sync.h"

struct rstate {
	struct remote_info info;
	struct sync_progress p;
	int started, done;
	struct sync_result res;
};

struct syncview {
	struct app *a;
	struct rstate *r;
	size_t n;
	int running, cancelled;
	int pending;      /* the sync is still to run (after the first draw) */
	int keep_status;  /* left for the conflicts screen: keep its message */
	double last_draw;
	char notice[512];
	struct sync_result *res;
	size_t nres;
};

static const char *phase_text(enum sync_phase ph)
{
	switch (ph) {
	case SYNC_PHASE_CHECK: return _("检查本机台账");
	case SYNC_PHASE_FETCH: return _("接收");
	case SYNC_PHASE_VERIFY: return _("核对对方的提交");
	case SYNC_PHASE_MERGE: return _("合并");
	case SYNC_PHASE_PUSH: return _("发送");
	case SYNC_PHASE_DONE: return _("完成");
	}
	return "";
}

/* A bar of width cols for done/total, in eighths of a cell. */
static void draw_bar(int y, int x, int cols, unsigned done, unsigned total)
{
	long eighths = total ? (long)((double)done / total * cols * 8) : 0;
	int c = 0;

	if (eighths > (long)cols * 8)
		eighths = (long)cols * 8;
	draw_text(y, x, "[", 1, A_NORMAL, 0);
	for (; eighths >= 8; eighths -= 8, c++)
		draw_text(y, x + 1 + c, term.g.blocks[8], 1, term.attr[R_BAR], 0);
	if (eighths > 0 && term.g.blocks[eighths][0]) {
		draw_text(y, x + 1 + c, term.g.blocks[eighths], 1, term.attr[R_BAR], 0);
		c++;
	}
	draw_fill(y, x + 1 + c, cols - c, A_NORMAL);
	draw_text(y, x + 1 + cols, "]", 1, A_NORMAL, 0);
}

static void human_bytes(uint64_t b, char *buf, size_t len)
{
	if (b < 1024)
		snprintf(buf, len, "%llu B", (unsigned long long)b);
	else if (b < 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", b / 1024.0);
	else
		snprintf(buf, len, "%.1f MiB", b / 1048576.0);
}

static void result_text(const struct sync_result *res, char *buf, size_t len)
{
	size_t n = 0;

#define ADD(...) do { if (n < len) n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); } while (0)
	switch (res->outcome) {
	case SYNC_UP_TO_DATE: ADD("%s", _("已是最新，没有要收发的")); break;
	case SYNC_DONE:
		if (res->received)
			ADD(_("收到 %zu 个提交%s"), res->received,
			    res->merged ? _("（已合并）") : res->fast_forward ? _("（直接前进）") : "");
		else
			ADD("%s", _("没有新收到的"));
		if (res->pushed)
			ADD("%s", _("；本机记录已发送"));
		else if (res->fetch_only)
			ADD("%s", _("；对方是别的电脑，只接收不发送"));
		break;
	case SYNC_SKIPPED: ADD(_("连不上，已跳过：%s"), res->message); break;
	case SYNC_REFUSED: ADD(_("拒绝：%s"), res->message); break;
	case SYNC_FAILED: ADD(_("失败：%s"), res->message); break;
	case SYNC_CANCELLED: ADD("%s", _("已取消，台账保持原样")); break;
	}
	if (res->conflicts)
		ADD(_("；产生 %zu 处冲突，按 c 处理"), res->conflicts);
#undef ADD
}

static void sync_draw(void *st)
{
	struct syncview *v = st;
	int y = 2, current_seen = 0;

	erase();
	draw_title(_("同步"), v->running ? _("进行中…  Esc 取消") : NULL);
	if (v->n == 0) {
		/* a first-time user: what sync is and the two commands that set it up */
		static const char *const how[] = {
			N_("同步就是把本机的记录和别的电脑交换，通常经过一个 U 盘上的中转仓库。"),
			N_("第一次使用时，先退出 ggw（F10），在命令行做两步（每台电脑一次）："),
			"",
			N_("1. 在 U 盘上建立中转仓库（只需在一台电脑上做一次）："),
			N_("     ggw hub init /media/U盘/ggw-hub"),
			N_("2. 把它添加为本机的同步对象（名称自取，如 upan）："),
			N_("     ggw remote add upan /media/U盘/ggw-hub"),
			"",
			N_("也可以添加办公室电脑上的中转仓库或网络地址（ssh://）。"),
			N_("设置好以后，在活动台账按 F5 就会同步。详见 man ggw-sync。"),
			N_("没有U盘也没有网络时：按 w 把台账写成一个文件，用微信、QQ 发给对方；按 o 收下对方发来的文件。"),
		};
		struct lines l = { 0 };
		draw_text(2, 2, _("还没有同步对象。"), COLS - 4, A_BOLD, 0);
		for (size_t i = 0; i < sizeof(how) / sizeof(how[0]); i++)
			if (*how[i])
				lines_add_wrapped(&l, A_NORMAL, 0, COLS - 4, _(how[i]));
			else
				lines_add(&l, A_NORMAL, 0, "%s", "");
		for (size_t i = 0; i < l.n && 4 + (int)i < LINES - 3; i++)
			draw_text(4 + (int)i, 2 + l.v[i].indent, l.v[i].text, COLS - 3 - l.v[i].indent, A_NORMAL, 0);
		lines_free(&l);
	}
	for (size_t i = 0; i < v->n && y < LINES - 4; i++) {
		struct rstate *r = &v->r[i];
		char buf[1200], bytes[32];

		draw_text(y, 1, r->info.name, 16, A_BOLD, DRAW_PAD);
		draw_text(y, 18, r->info.url, COLS - 19, term.attr[R_DIM], 0);
		y++;
		if (r->done) {
			result_text(&r->res, buf, sizeof(buf));
			attr_t at = r->res.outcome == SYNC_UP_TO_DATE || r->res.outcome == SYNC_DONE
					    ? term.attr[R_GOOD] : term.attr[R_WARN];
			if (r->res.conflicts)
				at = term.attr[R_WARN];
			draw_text(y, 3, buf, COLS - 4, at, 0);
		} else if (r->started) {
			int x = 3;
			x += draw_text(y, x, phase_text(r->p.phase), 14, A_NORMAL, DRAW_PAD);
			if (r->p.phase == SYNC_PHASE_FETCH || r->p.phase == SYNC_PHASE_PUSH) {
				draw_bar(y, x, 24, r->p.received, r->p.total);
				x += 27;
				human_bytes(r->p.bytes, bytes, sizeof(bytes));
				snprintf(buf, sizeof(buf), _("%u/%u 个对象  %s"), r->p.received, r->p.total, bytes);
				draw_text(y, x, buf, COLS - x - 1, A_NORMAL, 0);
			}
		} else if (v->running && !current_seen) {
			/* the remote being contacted: nothing reported yet */
			draw_text(y, 3, _("正在连接…"), COLS - 4, A_NORMAL, 0);
		} else {
			draw_text(y, 3, v->running ? _("等待") : "", COLS - 4, term.attr[R_DIM], 0);
		}
		if (!r->done)
			current_seen = 1;
		y += 2;
	}
	if (v->notice[0])
		draw_text(LINES - 3, 0, v->notice, COLS, term.attr[R_DIM], DRAW_PAD);
}

static int sync_idle(void *st);
static int sync_action(void *st, int act, int key);

static const struct screen_ops sync_ops = {
	.id = SCR_SYNC, .flags = SO_KEEP_STATUS, .ok_role = R_GOOD, .warn_role = R_WARN,
	.draw = sync_draw, .idle = sync_idle, .action = sync_action,
};

/* Show the screen now: from the transfer's callbacks, between keys. */
static void sync_show(struct syncview *v)
{
	screen_paint(v->a, &sync_ops, v);
	term_refresh();
}

static struct rstate *find_remote(struct syncview *v, const char *name)
{
	for (size_t i = 0; name && i < v->n; i++)
		if (!strcmp(v->r[i].info.name, name))
			return &v->r[i];
	return NULL;
}

static void on_progress(const struct sync_progress *p, void *data)
{
	struct syncview *v = data;
	struct rstate *r = find_remote(v, p->remote);
	double now = term_now_ms();

	if (r) {
		r->p = *p;
		r->p.remote = r->info.name;
		r->started = 1;
	}
	if (now - v->last_draw >= 40) {
		v->last_draw = now;
		sync_show(v);
	}
}

static void on_done(const struct sync_result *res, void *data)
{
	struct syncview *v = data;
	struct rstate *r = find_remote(v, res->remote);

	if (r) {
		r->res = *res;
		r->done = 1;
		r->started = 1;
	}
	sync_show(v);
}

static int on_cancel(void *data)
{
	struct syncview *v = data;
	int key;

	if (term.script || v->cancelled)
		return v->cancelled;
	while ((key = term_getkey_timeout(0)) != -1) {
		if (key == TK_ESC || key == TK_FKEY(10) || key == TK_CTRL('c')) {
			v->cancelled = 1;
			app_status(v->a, 1, "%s", _("正在取消…"));
			sync_show(v);
		} else if (key == TK_RESIZE) {
			sync_show(v);
		}
	}
	return v->cancelled;
}

static void on_notice(const char *msg, void *data)
{
	struct syncview *v = data;

	snprintf(v->notice, sizeof(v->notice), "%s", msg);
}

/* After the first draw: the transfer, drawn as it goes. */
static int sync_idle(void *st)
{
	struct syncview *v = st;
	struct app *a = v->a;
	struct ggw_error err = { 0, "" };
	struct sync_options o = { on_progress, on_done, on_cancel, on_notice, v, 0 };
	int rc;

	if (!v->pending)
		return 0;
	v->pending = 0;
	rc = sync_run(a->repo, NULL, 0, &o, &v->res, &v->nres, &err);
	v->running = 0;
	for (size_t i = 0; i < v->nres; i++) {
		struct rstate *r = find_remote(v, v->res[i].remote);
		if (r && !r->done) {
			r->res = v->res[i];
			r->done = 1;
		}
	}
	if (rc < 0 && err.msg[0])
		app_status(a, rc == GGW_ENET ? 0 : 1, "%s", err.msg);
	else
		app_status(a, 0, "%s", _("同步完成。"));
	app_reload(a);
	return 1;
}

/* ---- the ledger as one file (records/bundle.h) ---- */

/* A one-line path entry in a box: Enter takes it, Esc gives up. */
struct path_view {
	const char *title;
	struct ledit ed;
	int ok;
};

static void path_draw(void *st)
{
	struct path_view *p = st;
	int w = COLS - 8 > 70 ? 70 : COLS - 8, y = LINES / 2 - 2, x = (COLS - w) / 2;

	for (int r = 0; r < 4; r++)
		draw_fill(y + r, x - 2, w + 4, term.attr[R_SEL]);
	draw_text(y, x, p->title, w, term.attr[R_SEL] | A_BOLD, DRAW_PAD);
	ledit_draw(&p->ed, y + 1, x, 1, w, A_NORMAL, 0);
	draw_text(y + 2, x, _("Enter 确定　Esc 取消"), w, term.attr[R_SEL], DRAW_PAD);
}

static void path_cursor(void *st)
{
	struct path_view *p = st;
	int w = COLS - 8 > 70 ? 70 : COLS - 8;

	ledit_draw(&p->ed, LINES / 2 - 1, (COLS - w) / 2, 1, w, A_NORMAL, 1);
}

static int path_typing(void *st)
{
	(void)st;
	return 1;
}

static int path_key(void *st, int key)
{
	struct path_view *p = st;

	if (key == TK_ESC || key == TK_FKEY(10))
		return SCREEN_LEAVE;
	if (key == TK_ENTER) {
		p->ok = p->ed.len > 0;
		return SCREEN_LEAVE;
	}
	ledit_key(&p->ed, key, COLS - 8 > 70 ? 70 : COLS - 8);
	return SCREEN_STAY;
}

static const struct screen_ops path_ops = {
	.id = SCR_PICK, .flags = SO_POPUP, .draw = path_draw, .cursor = path_cursor,
	.typing = path_typing, .key = path_key,
};

/* Ask for a path (start: the suggestion); 1 with it in out. */
static int ask_path(const char *title, const char *start, char *out, size_t len)
{
	struct path_view p = { title, { 0 }, 0 };

	ledit_init(&p.ed, 0);
	ledit_set(&p.ed, start);
	screen_run(NULL, &path_ops, &p);
	if (p.ok)
		snprintf(out, len, "%s", p.ed.buf);
	ledit_free(&p.ed);
	return p.ok;
}

/* ~/ggw-<unit>-<what>-<YYYYMMDD>.bundle */
static void suggest_path(struct app *a, const char *what, char *out, size_t len)
{
	const char *home = getenv("HOME");
	char day[16];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y%m%d", &tm);
	snprintf(out, len, "%s/ggw-%s%s-%s.bundle", home && *home ? home : ".",
		 a->have_actor && a->actor.unit ? a->actor.unit : "ledger", what, day);
}

static void made_text(const struct bundle_made *m, char *buf, size_t len)
{
	char size[32];

	human_bytes(m->size, size, sizeof(size));
	snprintf(buf, len, _("已写成文件 %s（%s，%s）：用微信、QQ、邮件或U盘发给对方"), m->path, size,
		 m->nprereqs ? _("只含对方可能还没有的部分") : _("整本台账"));
}

static void bundle_out(struct syncview *v)
{
	struct app *a = v->a;
	struct ggw_error err = { 0, "" };
	struct bundle_made made;
	char path[4096], start[4096];
	int office = a->have_actor && a->actor.unit && !strcmp(a->actor.unit, "office");

	suggest_path(a, "", start, sizeof(start));
	if (!ask_path(_("把本机台账写成文件，存到："), start, path, sizeof(path)))
		return;
	/* A unit sends what the office may not have; the office a whole copy. */
	if (ledger_bundle_create(a->repo, path, !office, NULL, &made, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return;
	}
	made_text(&made, v->notice, sizeof(v->notice));
	app_status(a, 0, "%s", v->notice);
}

static void bundle_in(struct syncview *v)
{
	struct app *a = v->a;
	struct ggw_error err = { 0, "" };
	struct sync_options o = { on_progress, NULL, on_cancel, on_notice, v, 0 };
	struct sync_result res;
	struct bundle_made made;
	char path[4096], reply[4096], start[4096], line[1400], size[32];
	struct stat st;
	int rc;

	snprintf(start, sizeof(start), "%s/", getenv("HOME") ? getenv("HOME") : ".");
	if (!ask_path(_("收下台账文件（微信、QQ 收到的文件的位置）："), start, path, sizeof(path)))
		return;
	if (stat(path, &st) == 0) {
		human_bytes((uint64_t)st.st_size, size, sizeof(size));
		snprintf(v->notice, sizeof(v->notice), _("正在收下 %s（%s）…"), path, size);
		sync_show(v);
	}
	suggest_path(a, _("-回复"), reply, sizeof(reply));
	rc = ledger_bundle_sync(a->repo, path, NULL, NULL, &o, &res, &made, &err);
	app_reload(a);
	if (rc < 0) {
		app_status(a, 1, "%s", err.msg);
		return;
	}
	result_text(&res, line, sizeof(line));
	snprintf(v->notice, sizeof(v->notice), "%s：%s", path, line);
	sync_show(v);
	if (!ask_yes_no(_("要写一个回复文件，把合并后的台账发回给对方吗？")))
		return;
	if (!ask_path(_("回复文件存到："), reply, path, sizeof(path)))
		return;
	/* The peer's file is in now: the reply leaves out what it held. */
	rc = ledger_bundle_reply(a->repo, path, &made, &err);
	if (rc < 0)
		app_status(a, 1, "%s", err.msg);
	else if (made.size == 0)
		app_status(a, 0, "%s", _("对方的文件里已有本机的全部记录，不用回复"));
	else {
		made_text(&made, v->notice, sizeof(v->notice));
		app_status(a, 0, "%s", v->notice);
	}
}

static int sync_action(void *st, int act, int key)
{
	struct syncview *v = st;

	(void)key;
	if (act == A_BUNDLE_OUT || act == A_BUNDLE_IN) {
		if (v->running)
			return SCREEN_STAY;
		if (act == A_BUNDLE_OUT)
			bundle_out(v);
		else
			bundle_in(v);
		return SCREEN_STAY;
	}
	if (act == A_CANCEL)
		return SCREEN_LEAVE;
	if (act == A_KEYS) { /* the requests a sync brought (screens_keys.c) */
		screen_keys(v->a);
		return SCREEN_STAY;
	}
	if (act == A_CONFLICTS) {
		v->a->status[0] = '\0';
		screen_conflicts(v->a, NULL);
		/* keep what the conflicts screen said ("none to settle") */
		v->keep_status = 1;
		return SCREEN_LEAVE;
	}
	return SCREEN_PASS;
}

void screen_sync(struct app *a)
{
	struct syncview v;
	struct ggw_error err = { 0, "" };
	struct remote_info *list = NULL;
	size_t nlist = 0;

	memset(&v, 0, sizeof(v));
	v.a = a;
	if (sync_remote_list(a->repo, &list, &nlist, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return;
	}
	v.r = calloc(nlist + 1, sizeof(*v.r));
	if (!v.r) {
		sync_remote_list_free(list, nlist);
		return;
	}
	for (size_t i = 0; i < nlist; i++)
		v.r[i].info = list[i];
	v.n = nlist;
	v.running = v.pending = v.n > 0;
	screen_run(a, &sync_ops, &v);
	if (!v.keep_status)
		a->status[0] = '\0';
	free(v.res);
	free(v.r); /* its remote_info strings belong to list */
	sync_remote_list_free(list, nlist);
}
