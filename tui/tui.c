/* `ggw` with no command: the full-screen interface. This file holds the
 * application state, the action table, the pager used by the record view,
 * history and help, and cmd_tui itself. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../records/clock.h"

#define TUI_ACTION_DEF(id, fkey, k1, k2, scr, label, help) { id, fkey, k1, k2, scr, label, help },
const struct action_def actions[A__COUNT] = { TUI_ACTIONS(TUI_ACTION_DEF) };

static const char *const screen_names[SCR__COUNT] = {
	N_("活动台账"), N_("记录"), N_("填写表单"), N_("五老队伍"), N_("修改历史"),
	N_("同步"), N_("冲突"), N_("统计"), N_("帮助"), N_("选择"), N_("自评"), N_("已删除的记录"),
	N_("留痕检查"), N_("台账目录"), N_("台账"), N_("签名钥匙")
};

const char *screen_name(int screen)
{
	return screen >= 0 && screen < SCR__COUNT ? _(screen_names[screen]) : "";
}

const char *tui_record_title(enum record_type t, const struct node *rec)
{
	const char *field = record_title_field(t);

	return rec && field ? node_map_str(rec, field) : NULL;
}

static unsigned char action_off[A__COUNT];

int action_offer(int act, int on)
{
	int was;

	if (act < 0 || act >= A__COUNT)
		return 0;
	was = !action_off[act];
	action_off[act] = !on;
	return was;
}

int action_offered(int act)
{
	return act >= 0 && act < A__COUNT && !action_off[act];
}

int action_for_key(int screen, int key, int typing)
{
	unsigned bit = SCR_BIT(screen);

	if (key <= 0)
		return -1;
	for (size_t i = 0; i < A__COUNT; i++) {
		const struct action_def *d = &actions[i];
		if (!(d->screens & bit) || action_off[d->id])
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

/* Drop the search corpus (the ledger changed, or memory ran out). */
static void corpus_free(struct app *a)
{
	free(a->corpus);
	free(a->coff);
	free(a->cid);
	free(a->mark);
	a->corpus = NULL;
	a->coff = NULL;
	a->cid = NULL;
	a->mark = NULL;
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
	a->led_gen++;
	corpus_free(a);
	return 0;
}

/* What the search finds in an entry: its search text, its id (the one
 * `ggw audit` prints), and for a file that does not read its path (what
 * the audit prints for it). */
static size_t corpus_parts(const struct entry *e, const char *part[3])
{
	part[0] = e->search && *e->search ? e->search : e->title ? e->title : "";
	part[1] = e->id ? e->id : "";
	part[2] = !e->valid && e->path ? e->path : "";
	return 3;
}

int app_corpus(struct app *a)
{
	size_t total = 0, pos = 0;
	const char *part[3];

	if (a->corpus || !a->led_loaded)
		return a->corpus ? 0 : -1;
	for (size_t i = 0; i < a->led.n; i++)
		for (size_t k = 0, n = corpus_parts(&a->led.v[i], part); k < n; k++)
			total += strlen(part[k]) + 1;
	a->corpus = malloc(total + 1);
	a->coff = malloc((a->led.n + 1) * sizeof(*a->coff));
	a->cid = malloc((a->led.n + 1) * sizeof(*a->cid));
	a->mark = malloc(a->led.n + 1);
	if (!a->corpus || !a->coff || !a->cid || !a->mark) {
		corpus_free(a);
		return -1;
	}
	for (size_t i = 0; i < a->led.n; i++) {
		size_t n = corpus_parts(&a->led.v[i], part);

		a->coff[i] = pos;
		for (size_t k = 0; k < n; k++) {
			if (k == 1)
				a->cid[i] = pos;
			if (k && pos > a->coff[i])
				a->corpus[pos++] = '\n'; /* no match across two parts */
			for (const char *t = part[k]; *t; t++)
				a->corpus[pos++] = (*t >= 'A' && *t <= 'Z') ? (char)(*t + 32) : *t;
		}
		a->corpus[pos++] = '\0';
	}
	a->coff[a->led.n] = pos;
	a->corpus[pos] = '\0';
	return 0;
}

/* ---- help: generated from the action table ---- */

/* Fixed help sections: the heading, then its lines (N_() strings). */
static const char *const help_typing[] = {
	N_("输入文字时"),
	N_("← →            按字移动光标（一个汉字一步）"),
	N_("↑ ↓            多行文字中上下移动；在第一行/最后一行时换字段"),
	N_("Home / End     到本行开头 / 结尾"),
	N_("Backspace      删除光标前的一个字"),
	N_("Del / Ctrl-D   删除光标处的一个字"),
	N_("Ctrl-U         清空本项；Ctrl-K 删除到行尾"),
	N_("可以使用任何中文输入法；列表项每行一项"),
	NULL
};
static const char *const help_choices[] = {
	N_("选择项（主题、形式、五老等）"),
	N_("Enter / 空格   打开选项表；← → 直接换一项"),
	N_("输入汉字       直接在选项表中找到含这个字的一项（如“安”找到安全教育）"),
	N_("五老志愿者     直接输入姓名即可筛选；Backspace 去掉最后一位"),
	N_("阵地、关爱对象 同样从选择框里挑（关爱对象按编号）"),
	N_("选择框里 F3    新增一条（如名册里还没有的五老），保存后回到原来的表单"),
	N_("列表项         每行一项，也可在一行里用 、 ， 或 , 隔开"),
	N_("PgUp / PgDn    向上 / 向下跳 5 项"),
	NULL
};

static void help_section(struct lines *l, const char *const *sec)
{
	lines_add(l, A_NORMAL, 0, "%s", "");
	lines_add(l, term.attr[R_HEAD], 1, "%s", _(sec[0]));
	for (size_t i = 1; sec[i]; i++)
		lines_add(l, A_NORMAL, 2, "%s", _(sec[i]));
}

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
		if (!(d->screens & bit) || !action_offered(d->id))
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
	if (screen == SCR_FORM || screen == SCR_LIST || screen == SCR_VOLS || screen == SCR_LEDGER)
		help_section(l, help_typing);
	if (screen == SCR_FORM)
		help_section(l, help_choices);
	lines_add(l, A_NORMAL, 0, "%s", "");
	lines_add(l, term.attr[R_DIM], 1, "%s", screen == SCR_FORM
		  ? _("有的终端收不到功能键：保存也可以按 Ctrl-S，返回按 Esc。")
		  : _("有的终端收不到功能键：每个功能键都有对应的字母键（见上）。"));
}

struct help_view {
	struct pager pg;  /* first: the pager's callbacks take the state */
	int screen;       /* the screen whose keys are shown */
};

static void help_build(struct pager *pg)
{
	help_lines(((struct help_view *)pg)->screen, &pg->l);
}

static const struct screen_ops help_ops = PAGER_SCREEN_OPS(SCR_HELP, pager_action);

void screen_help(int screen)
{
	struct help_view h;

	pager_init(&h.pg, NULL, SCR_HELP, help_build);
	h.screen = screen;
	snprintf(h.pg.title, sizeof(h.pg.title), _("帮助：%s"), _(screen_names[screen]));
	screen_run(NULL, &help_ops, &h);
	lines_free(&h.pg.l);
}

void app_clock_check(struct app *a)
{
	char cw[512];

	if (a->clock_checked)
		return;
	a->clock_checked = 1;
	if (clock_check(a->repo, clock_now(), cw, sizeof(cw)))
		app_status(a, 1, "%s", cw);
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
	if (getenv("GGW_TUI_T0")) /* or from the benchmark's spawn (CLOCK_MONOTONIC ns) */
		term.t_start = strtod(getenv("GGW_TUI_T0"), NULL) / 1e6;
	screen_list(&a);
	term_end();
	rc = 0;
done:
	corpus_free(&a);
	if (a.led_loaded)
		ledger_free(&a.led);
	if (a.have_actor)
		actor_free(&a.actor);
	return rc;
}
