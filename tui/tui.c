/* `ggw` with no command: the full-screen interface. This file holds the
 * application state, the action table, the pager used by the record view,
 * history and help, and cmd_tui itself. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "../model/i18n.h"
#include "../records/clock.h"

#define TUI_ACTION_DEF(id, fkey, k1, k2, scr, label, help) { id, fkey, k1, k2, scr, label, help },
const struct action_def actions[A__COUNT] = { TUI_ACTIONS(TUI_ACTION_DEF) };

static const char *const screen_names[SCR__COUNT] = {
	N_("活动台账"), N_("记录"), N_("填写表单"), N_("五老队伍"), N_("修改历史"),
	N_("同步"), N_("冲突"), N_("统计"), N_("帮助"), N_("选择")
};

int action_for_key(int screen, int key, int typing)
{
	unsigned bit = SCR_BIT(screen);

	if (key <= 0)
		return -1;
	for (size_t i = 0; i < A__COUNT; i++) {
		const struct action_def *d = &actions[i];
		if (!(d->screens & bit))
			continue;
		if (d->fkey && key == TK_FKEY(d->fkey))
			return d->id;
		if (typing && !TK_IS_FN(key) && key >= 32 && key != 127)
			continue;
		if ((d->key1 && key == d->key1) || (d->key2 && key == d->key2))
			return d->id;
	}
	return -1;
}

void app_status(struct app *a, int warn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_warn = warn;
}

const char *unit_name(struct app *a, const char *key)
{
	const struct unit_info *u;

	if (!key)
		return "";
	u = a->led_loaded ? units_find(&a->led.units, key) : NULL;
	return u && u->name ? u->name : key;
}

int app_reload(struct app *a)
{
	struct ggw_error err = { 0, "" };
	struct ledger fresh;

	memset(&fresh, 0, sizeof(fresh));
	if (ledger_load(a->repo, &fresh, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		return -1;
	}
	if (a->led_loaded)
		ledger_free(&a->led);
	a->led = fresh;
	a->led_loaded = 1;
	free(a->corpus);
	free(a->coff);
	free(a->mark);
	a->corpus = NULL;
	a->coff = NULL;
	a->mark = NULL;
	return 0;
}

int app_corpus(struct app *a)
{
	size_t total = 0, pos = 0;

	if (a->corpus || !a->led_loaded)
		return a->corpus ? 0 : -1;
	for (size_t i = 0; i < a->led.n; i++) {
		const struct entry *e = &a->led.v[i];
		total += strlen(e->search ? e->search : e->title ? e->title : "") + 1;
	}
	a->corpus = malloc(total + 1);
	a->coff = malloc((a->led.n + 1) * sizeof(*a->coff));
	a->mark = malloc(a->led.n + 1);
	if (!a->corpus || !a->coff || !a->mark) {
		free(a->corpus);
		free(a->coff);
		free(a->mark);
		a->corpus = NULL;
		a->coff = NULL;
		a->mark = NULL;
		return -1;
	}
	for (size_t i = 0; i < a->led.n; i++) {
		const struct entry *e = &a->led.v[i];
		const char *t = e->search ? e->search : e->title ? e->title : "";
		a->coff[i] = pos;
		for (; *t; t++)
			a->corpus[pos++] = (*t >= 'A' && *t <= 'Z') ? (char)(*t + 32) : *t;
		a->corpus[pos++] = '\0';
	}
	a->coff[a->led.n] = pos;
	a->corpus[pos] = '\0';
	return 0;
}

/* ---- pager ---- */

int pager_run(struct app *a, int screen, const char *title, struct lines *l)
{
	size_t top = l->top;
	int key, act, h;

	for (;; l->top = top) {
		h = LINES - 3;
		if (h < 1)
			h = 1;
		erase();
		draw_title(title, _(screen_names[screen]));
		if (top + (size_t)h > l->n)
			top = l->n > (size_t)h ? l->n - (size_t)h : 0;
		for (int r = 0; r < h && top + (size_t)r < l->n; r++) {
			const struct tline *t = &l->v[top + (size_t)r];
			draw_text(1 + r, t->indent, t->text, COLS - t->indent, t->attr, 0);
		}
		if (a && a->status[0]) {
			draw_text(LINES - 2, 0, a->status, COLS, a->status_warn ? term.attr[R_WARN] : A_NORMAL, DRAW_PAD);
			a->status[0] = '\0';
		} else if (l->n > (size_t)h) {
			char pos[64];
			snprintf(pos, sizeof(pos), _("第 %zu-%zu 行，共 %zu 行"), top + 1,
				 top + (size_t)h < l->n ? top + (size_t)h : l->n, l->n);
			draw_text_right(LINES - 2, 0, pos, COLS - 1, term.attr[R_DIM]);
		}
		draw_keybar(screen);
		curs_set(0);
		term_refresh();
		key = term_getkey();
		l->top = top;
		if (key == TK_END_SCRIPT) {
			if (a)
				a->quit = 1;
			return -1;
		}
		if (key == TK_RESIZE)
			return -2;
		act = action_for_key(screen, key, 0);
		switch (act) {
		case A_UP: if (top > 0) top--; break;
		case A_DOWN: top++; break;
		case A_PGUP: top = top > (size_t)h - 1 ? top - (size_t)h + 1 : 0; break;
		case A_PGDN: top += (size_t)(h > 1 ? h - 1 : 1); break;
		case A_HOME: top = 0; break;
		case A_END: top = l->n; break;
		case A_BACK: return -1;
		case A_REDRAW: clearok(curscr, TRUE); break;
		case A_HELP:
			screen_help(screen);
			break;
		case -1: break;
		default: l->top = top; return act;
		}
	}
}

/* ---- help: generated from the action table ---- */

static void help_lines(int screen, struct lines *l)
{
	unsigned bit = SCR_BIT(screen);
	char k[3][32], keys[112];
	/* in a form, letters are text: only function and control keys act */
	int typing = screen == SCR_FORM;

	lines_add(l, term.attr[R_HEAD], 1, _("“%s”屏幕的按键"), _(screen_names[screen]));
	lines_add(l, A_NORMAL, 0, "%s", "");
	for (size_t i = 0; i < A__COUNT; i++) {
		const struct action_def *d = &actions[i];
		int n = 0, w, lw;
		if (!(d->screens & bit))
			continue;
		if (d->fkey)
			term_key_name(TK_FKEY(d->fkey), k[n++], sizeof(k[0]));
		if (d->key1 && !(typing && !TK_IS_FN(d->key1) && d->key1 >= 32))
			term_key_name(d->key1, k[n++], sizeof(k[0]));
		if (d->key2 && !(typing && !TK_IS_FN(d->key2) && d->key2 >= 32))
			term_key_name(d->key2, k[n++], sizeof(k[0]));
		keys[0] = '\0';
		for (int j = 0; j < n; j++) {
			if (j)
				strcat(keys, " / ");
			strcat(keys, k[j]);
		}
		w = str_cols(keys);
		lw = str_cols(_(d->label));
		lines_add(l, A_NORMAL, 2, "%s%*s%s%*s%s", keys, w < 22 ? 22 - w : 1, "",
			  _(d->label), lw < 10 ? 10 - lw : 1, "", _(d->help));
	}
	if (screen == SCR_FORM || screen == SCR_LIST || screen == SCR_VOLS) {
		lines_add(l, A_NORMAL, 0, "%s", "");
		lines_add(l, term.attr[R_HEAD], 1, "%s", _("输入文字时"));
		lines_add(l, A_NORMAL, 2, "%s", _("← →            按字移动光标（一个汉字一步）"));
		lines_add(l, A_NORMAL, 2, "%s", _("↑ ↓            多行文字中上下移动；在第一行/最后一行时换字段"));
		lines_add(l, A_NORMAL, 2, "%s", _("Home / End     到本行开头 / 结尾"));
		lines_add(l, A_NORMAL, 2, "%s", _("Backspace      删除光标前的一个字"));
		lines_add(l, A_NORMAL, 2, "%s", _("Del / Ctrl-D   删除光标处的一个字"));
		lines_add(l, A_NORMAL, 2, "%s", _("Ctrl-U         清空本项；Ctrl-K 删除到行尾"));
		lines_add(l, A_NORMAL, 2, "%s", _("可以使用任何中文输入法；列表项每行一项"));
	}
	if (screen == SCR_FORM) {
		lines_add(l, A_NORMAL, 0, "%s", "");
		lines_add(l, term.attr[R_HEAD], 1, "%s", _("选择项（主题、形式、五老等）"));
		lines_add(l, A_NORMAL, 2, "%s", _("Enter / 空格   打开选项表；← → 直接换一项"));
		lines_add(l, A_NORMAL, 2, "%s", _("输入汉字       直接在选项表中找到含这个字的一项（如“安”找到安全教育）"));
		lines_add(l, A_NORMAL, 2, "%s", _("五老志愿者     直接输入姓名即可筛选；Backspace 去掉最后一位"));
		lines_add(l, A_NORMAL, 2, "%s", _("PgUp / PgDn    向上 / 向下跳 5 项"));
	}
	lines_add(l, A_NORMAL, 0, "%s", "");
	lines_add(l, term.attr[R_DIM], 1, "%s", screen == SCR_FORM
		  ? _("有的终端收不到功能键：保存也可以按 Ctrl-S，返回按 Esc。")
		  : _("有的终端收不到功能键：每个功能键都有对应的字母键（见上）。"));
}

void screen_help(int screen)
{
	struct lines l = { 0 };
	char title[128];
	int rc;

	snprintf(title, sizeof(title), _("帮助：%s"), _(screen_names[screen]));
	do {
		lines_clear(&l);
		help_lines(screen, &l);
		rc = pager_run(NULL, SCR_HELP, title, &l);
	} while (rc == -2);
	lines_free(&l);
}

/* ---- entry point ---- */

int tui_run(struct repo *repo, struct ggw_error *err)
{
	struct app a;
	double start = term_now_ms();
	int rc;

	memset(&a, 0, sizeof(a));
	a.unsent = -1;
	a.repo = repo;
	if (actor_load(a.repo, &a.actor, err) == 0)
		a.have_actor = 1;
	else
		app_status(&a, 1, "%s", err->msg);
	ggw_clear(err);
	{ char cw[512]; if (clock_check(a.repo, clock_now(), cw, sizeof(cw))) app_status(&a, 1, "%s", cw); }
	if (ledger_load(a.repo, &a.led, err) < 0) {
		rc = err->code ? err->code : GGW_EIO;
		goto done;
	}
	a.led_loaded = 1;
	if (getenv("GGW_TUI_VERBOSE"))
		fprintf(stderr, "ggw-tui: ledger loaded after %.1f ms (%zu entries, %zu parsed)\n",
			term_now_ms() - start, a.led.n, a.led.n_parsed);
	if ((rc = term_init(err)) < 0)
		goto done;
	term.t_start = start; /* timings count from the start of the command */
	screen_list(&a);
	term_end();
	rc = 0;
done:
	free(a.corpus);
	free(a.coff);
	free(a.mark);
	if (a.led_loaded)
		ledger_free(&a.led);
	if (a.have_actor)
		actor_free(&a.actor);
	return rc;
}
