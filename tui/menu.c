/* 台账目录 (menu.h): one row per entry, drawn as a numbered list. The
 * home screen's F-key bar has no room for a key per record type, so the
 * activity list has one key (F2 目录) that leads here. */
#include <stdio.h>
#include <string.h>

#include "menu.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"

static void open_stats(struct app *a) { screen_stats(a); }
static void open_sync(struct app *a) { screen_sync(a); }
static void open_conflicts(struct app *a) { screen_conflicts(a, NULL); }
static void open_deleted(struct app *a) { screen_deleted(a); }
static void open_audit(struct app *a) { screen_audit(a, 0); }
static void open_goto(struct app *a) { screen_goto(a); }
static void open_keys(struct app *a) { screen_keys(a); }

/* To add an entry: a row here (a free key, a name, a one-line hint, and
 * either a record type or the function that runs its screen). Keep j, k,
 * g and q free: the list box moves with them. */
const struct menu_entry menu_entries[] = {
	{ '1', N_("活动台账"), N_("各项活动：五有、宣传报道（就是首页）"), REC_ACTIVITY, NULL },
	{ '2', N_("五老队伍"), N_("五老志愿者名册"), REC_VOLUNTEER, NULL },
	{ '3', N_("年度文件与记录"), N_("计划、小结、总结、会议记录、向党委汇报、报表报送"), REC_DOCUMENT, NULL },
	{ '4', N_("组织成员"), N_("主任、执行主任、副主任、委员、联络员"), REC_MEMBER, NULL },
	{ '5', N_("阵地"), N_("办公室、校外教育辅导站、假日学校、教育基地"), REC_SITE, NULL },
	{ '6', N_("表彰"), N_("街道、区县、市、省、国家各级表彰"), REC_AWARD, NULL },
	{ '7', N_("关爱对象（编号）"), N_("只记编号、类别和结对五老，不记姓名"), REC_CASE, NULL },
	{ '8', N_("经费"), N_("工作经费、募集、支出、助学救助发放"), REC_FUND, NULL },
	{ '9', N_("队伍"), N_("宣讲团、关爱工作团、科技服务团、网吧义务监督员"), REC_TEAM, NULL },
	{ 'a', N_("统计与自评"), N_("本年度各单位统计，按考核规则自评（也可按 F9）"), -1, open_stats },
	{ 'b', N_("同步"), N_("与 U 盘、办公室电脑交换记录（也可按 F5）"), -1, open_sync },
	{ 'c', N_("冲突"), N_("逐条处理同步时两边改得不一样的地方"), -1, open_conflicts },
	{ 'd', N_("已删除的记录"), N_("选一条删除了的记录恢复"), -1, open_deleted },
	{ 'e', N_("留痕检查"), N_("这一年各单位的问题和怎样改（也可在首页按 l）"), -1, open_audit },
	{ 'f', N_("按编号查找"), N_("输入编号或其中一段，找到任何一类记录（也可在首页按 i）"), -1, open_goto },
	{ 'h', N_("签名钥匙"), N_("各单位电脑的签名钥匙和登记申请（街道办公室登记）"), -1, open_keys },
};
const size_t menu_entry_count = sizeof(menu_entries) / sizeof(menu_entries[0]);

#define NAME_COLS 18

struct menu_view {
	struct app *a;
	struct listbox lb;
	long count[sizeof(menu_entries) / sizeof(menu_entries[0])];
	int leave;             /* 活动台账 chosen: back to the home list */
};

/* Records of each type, counted once per ledger. */
static void menu_count(struct menu_view *v)
{
	for (size_t k = 0; k < menu_entry_count; k++) {
		v->count[k] = -1;
		if (menu_entries[k].type < 0)
			continue;
		v->count[k] = 0;
		for (size_t i = 0; i < v->a->led.n; i++)
			if ((int)v->a->led.v[i].type == menu_entries[k].type)
				v->count[k]++;
	}
}

static void menu_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct menu_view *v = data;
	const struct menu_entry *m = &menu_entries[i];
	attr_t base = selected ? term.attr[R_SEL] : A_NORMAL;
	char key[8], count[32] = "";
	int cw = 0, nw;

	(void)lb;
	draw_fill(y, x, w, base);
	snprintf(key, sizeof(key), " %c ", m->key);
	draw_text(y, x + 1, key, 3, base | term.attr[R_FKEY_NUM], 0);
	nw = draw_text(y, x + 5, _(m->name), NAME_COLS - 1, base | A_BOLD, 0);
	if (v->count[i] >= 0) {
		snprintf(count, sizeof(count), _("%ld 条"), v->count[i]);
		cw = str_cols(count) + 1;
		draw_text_right(y, x + w - cw - 1, count, cw, base);
	}
	(void)nw;
	draw_text(y, x + 5 + NAME_COLS, _(m->hint), w - 5 - NAME_COLS - cw - 2, base | term.attr[R_DIM], 0);
}

static void menu_draw(void *st)
{
	struct menu_view *v = st;
	char title[256];

	erase();
	snprintf(title, sizeof(title), "%s — %s", v->a->led.units.street ? v->a->led.units.street : "ggw",
		 _("台账目录"));
	draw_title(title, _("台账目录"));
	draw_text(1, 1, _("按数字或字母直接打开；↑ ↓ 选择，Enter 打开，Esc 回到活动台账"), COLS - 2,
		  term.attr[R_LABEL], 0);
	v->lb.draw_row = menu_row;
	v->lb.data = v;
	v->lb.n = menu_entry_count;
	listbox_draw(&v->lb, 3, 0, LINES - 6, COLS);
}

static void menu_status(void *st, int y)
{
	struct menu_view *v = st;
	char buf[256];

	snprintf(buf, sizeof(buf), _("本机：%s"), v->a->have_actor ? unit_name(v->a, v->a->actor.unit) : "?");
	draw_text(y, 0, buf, COLS, term.attr[R_DIM], DRAW_PAD);
}

/* Open entry k; SCREEN_LEAVE when it is the home list. */
static int menu_open(struct menu_view *v, size_t k)
{
	const struct menu_entry *m = &menu_entries[k];

	v->lb.sel = k;
	if (m->type == REC_ACTIVITY && !m->open)
		return SCREEN_LEAVE;
	if (m->open)
		m->open(v->a);
	else
		screen_list_type(v->a, m->type, m->name);
	menu_count(v);
	return SCREEN_STAY;
}

static int menu_key(void *st, int key)
{
	struct menu_view *v = st;

	if (listbox_key(&v->lb, key))
		return SCREEN_STAY;
	for (size_t k = 0; k < menu_entry_count; k++)
		if (key == menu_entries[k].key)
			return menu_open(v, k);
	return SCREEN_PASS;
}

static int menu_action(void *st, int act, int key)
{
	struct menu_view *v = st;

	(void)key;
	if (act == A_OPEN && v->lb.sel < menu_entry_count)
		return menu_open(v, v->lb.sel);
	return SCREEN_PASS;
}

static const struct screen_ops menu_ops = {
	.id = SCR_MENU, .ok_role = R_GOOD, .warn_role = R_WARN, .draw = menu_draw,
	.status = menu_status, .key = menu_key, .action = menu_action,
};

void screen_menu(struct app *a)
{
	struct menu_view v;

	memset(&v, 0, sizeof(v));
	v.a = a;
	menu_count(&v);
	screen_run(a, &menu_ops, &v);
}
