/* Every action of the interface in one table. Key handling, the function
 * key bar and the help screen are all generated from it, so what the help
 * says is what the keys do.
 *
 * X(id, fkey, key1, key2, screens, label, help)
 *   fkey    function key number (0: none); shown in the key bar
 *   key1/2  other keys (letters for terminals that swallow F-keys, Ctrl
 *           keys, Enter, arrows); 0 none. Printable keys are ignored while
 *           the user is typing in a field.
 *   screens bit set of screens where the action exists
 *   label   short Chinese label (key bar), N_()
 *   help    one line for the help screen, N_() */
#ifndef GGW_TUI_ACTIONS_H
#define GGW_TUI_ACTIONS_H

#include "tui.h"

#define S_LIST SCR_BIT(SCR_LIST)
#define S_REC SCR_BIT(SCR_RECORD)
#define S_FORM SCR_BIT(SCR_FORM)
/* the lists of the other types (SCR_LEDGER) have the volunteers' keys */
#define S_VOLS (SCR_BIT(SCR_VOLS) | SCR_BIT(SCR_LEDGER))
#define S_MENU SCR_BIT(SCR_MENU)
#define S_HIST SCR_BIT(SCR_HISTORY)
#define S_SYNC SCR_BIT(SCR_SYNC)
#define S_CONF SCR_BIT(SCR_CONFLICTS)
#define S_STAT SCR_BIT(SCR_STATS)
#define S_HELP SCR_BIT(SCR_HELP)
#define S_PICK SCR_BIT(SCR_PICK)
#define S_SCORE SCR_BIT(SCR_SCORE)
#define S_DEL SCR_BIT(SCR_DELETED)
#define S_AUDIT SCR_BIT(SCR_AUDIT)
#define S_KEYS SCR_BIT(SCR_KEYS)
#define S_ALL 0xffffu /* 16 screens: a 17th needs a wider mask */
#define S_MOVE (S_LIST | S_REC | S_VOLS | S_HIST | S_CONF | S_STAT | S_HELP | S_PICK | S_SYNC | S_SCORE | \
		S_DEL | S_AUDIT | S_MENU | S_KEYS)

#define TUI_ACTIONS(X) \
	X(A_HELP,      1, '?', 0,            S_ALL & ~S_HELP, N_("帮助"), N_("显示本屏幕的全部按键")) \
	X(A_SAVE,      2, TK_CTRL('s'), 0,   S_FORM, N_("保存"), N_("检查全部字段，无误后保存为一次提交")) \
	X(A_ADD,       3, 'a', 0,            S_LIST | S_VOLS, N_("新增"), N_("新增一条记录")) \
	X(A_EDIT,      4, 'e', 0,            S_LIST | S_REC | S_VOLS | S_CONF | S_AUDIT, N_("编辑"), N_("修改选中的记录")) \
	X(A_SYNC,      5, 'y', 0,            S_LIST, N_("同步"), N_("与各同步对象（U盘、办公室电脑）交换记录")) \
	X(A_VOLS,      6, 'v', 0,            S_LIST, N_("五老"), N_("五老志愿者名册")) \
	X(A_SEARCH,    7, '/', 0,            S_LIST | S_VOLS, N_("搜索"), N_("在标题、内容、地点、主讲人中即时搜索")) \
	X(A_DELETE,    8, 'd', 0,            S_LIST | S_REC | S_VOLS, N_("删除"), N_("删除选中的记录（历史中仍保留）")) \
	X(A_STATS,     9, 't', 0,            S_LIST, N_("统计"), N_("本年度各单位统计")) \
	X(A_QUIT,     10, 'q', TK_CTRL('q'), S_LIST, N_("退出"), N_("退出 ggw")) \
	X(A_CANCEL,    0, TK_ESC, 0,         S_SYNC, N_("取消"), N_("取消正在进行（或卡住）的传输")) \
	X(A_BACK,     10, TK_ESC, 'q',       S_ALL & ~S_LIST, N_("返回"), N_("回到上一屏幕")) \
	X(A_OPEN,      0, TK_ENTER, 0,       S_LIST | S_VOLS | S_STAT | S_AUDIT | S_MENU, N_("打开"), N_("打开选中的一项")) \
	/* a letter first in the key bar's letters (no F-key left there); F2 too */ \
	X(A_MENU,      0, 'm', TK_FKEY(2),   S_LIST, N_("目录"), N_("台账目录：年度文件、组织成员、阵地、表彰、关爱对象、经费、队伍等")) \
	X(A_FILTER,    0, 'f', 0,            S_LIST | SCR_BIT(SCR_LEDGER), N_("筛选"), N_("按单位、年份、主题、形式、五有、冲突筛选")) \
	X(A_CLEAR,     0, 'x', 0,            S_LIST | S_VOLS, N_("清除"), N_("清除筛选和搜索条件")) \
	X(A_HISTORY,   0, 'h', 0,            S_LIST | S_REC | S_VOLS, N_("历史"), N_("这条记录的修改历史（谁、何时、改了什么）")) \
	X(A_CONFLICTS, 0, 'c', 0,            S_LIST | S_REC | S_SYNC, N_("冲突"), N_("逐条处理同步时产生的冲突")) \
	X(A_EV_ADD,    0, 'a', 0,            S_REC, N_("添加照片"), N_("添加活动照片、签到表扫描件等佐证材料：从图片文件夹、手机或 U 盘里选，可一次选几个")) \
	X(A_EV_OPEN,   0, 'o', 0,            S_REC, N_("看照片"), N_("用看图程序打开一份佐证材料（要有图形界面；没有时用 ggw evidence export 导出）")) \
	X(A_EV_WITHDRAW, 0, 'w', 0,          S_REC, N_("撤回照片"), N_("撤回一份佐证材料：写明原因；各台电脑和 U 盘下次同步时删除它")) \
	X(A_BUNDLE_OUT, 0, 'w', 0,           S_SYNC, N_("写成文件"), N_("把本机台账写成一个文件，用微信、QQ、邮件发给办公室（ggw bundle create）")) \
	X(A_BUNDLE_IN, 0, 'o', 0,            S_SYNC, N_("收下文件"), N_("收下别人发来的台账文件，核对、合并，可再写一个回复文件（ggw sync 文件）")) \
	X(A_UP,        0, TK(KEY_UP), 'k',   S_MOVE, N_("上移"), N_("上一行")) \
	X(A_DOWN,      0, TK(KEY_DOWN), 'j', S_MOVE, N_("下移"), N_("下一行")) \
	X(A_PGUP,      0, TK(KEY_PPAGE), 0,  S_MOVE, N_("上页"), N_("上一页")) \
	X(A_PGDN,      0, TK(KEY_NPAGE), 0,   S_MOVE, N_("下页"), N_("下一页")) \
	X(A_HOME,      0, TK(KEY_HOME), 'g', S_MOVE, N_("开头"), N_("到第一行")) \
	X(A_END,       0, TK(KEY_END), 'G',  S_MOVE, N_("末尾"), N_("到最后一行")) \
	X(A_NEXTF,     0, TK_TAB, 0,         S_FORM, N_("下一项"), N_("到下一个字段（也可用↓离开单行字段）")) \
	X(A_PREVF,     0, TK_BTAB, 0,        S_FORM, N_("上一项"), N_("到上一个字段")) \
	X(A_PICK,      0, TK_ENTER, 0,       S_FORM, N_("选择"), N_("在选择项上打开中文选项表；多行文字中换行")) \
	X(A_OURS,      0, 'o', '1',          S_CONF, N_("本方"), N_("保留本机的值")) \
	X(A_THEIRS,    0, 't', '2',          S_CONF, N_("对方"), N_("采用对方的值")) \
	X(A_NEXTENTRY, 0, TK_ENTER, TK_TAB,  S_CONF, N_("下一处"), N_("这条记录的下一处冲突")) \
	X(A_NEXT,      0, 'n', TK(KEY_RIGHT), S_CONF, N_("下一条"), N_("下一条有冲突的记录")) \
	X(A_PREV,      0, 'p', TK(KEY_LEFT), S_CONF, N_("上一条"), N_("上一条有冲突的记录")) \
	X(A_PREVYEAR,  0, TK(KEY_LEFT), '[', S_STAT | S_AUDIT, N_("上一年"), N_("看上一年的统计")) \
	X(A_NEXTYEAR,  0, TK(KEY_RIGHT), ']', S_STAT | S_AUDIT, N_("下一年"), N_("看下一年的统计")) \
	X(A_PRINT,     0, 'P', 'p',          S_STAT | S_REC, N_("打印"), N_("打印与导出：单位台账、年度报表（PDF/HTML）、区里的报表表格、一条记录的 A4 表格；文件存进“文档/关工委”")) \
	X(A_SCORE,     0, 'S', 's',          S_STAT, N_("自评"), N_("按考核规则（rules.yaml）自评这一年：各项得分、缺什么、该补哪条记录")) \
	X(A_REDRAW,    0, TK_CTRL('l'), 0,   S_ALL, N_("重画"), N_("重新画屏幕")) \
	X(A_UNDO,      0, 'u', 0,            S_LIST | S_VOLS, N_("撤销"), N_("撤销本机上一次修改（一次新的提交，会同步）")) \
	X(A_DELETED,   0, 'r', 0,            S_LIST | S_VOLS, N_("已删除"), N_("已删除的记录：选一条恢复")) \
	X(A_RESTORE,   0, TK_ENTER, 'r',     S_DEL, N_("恢复"), N_("恢复选中的记录（删除前的内容）")) \
	X(A_AUDIT,     0, 'l', 0,            S_LIST | S_STAT, N_("留痕检查"), N_("这一年各单位的问题（ggw audit）和怎样改，Enter 打开那条记录")) \
	X(A_GOTO,      0, 'i', 0,            S_LIST | S_VOLS | S_AUDIT, N_("按编号找"), N_("输入编号（或其中一段），在各类记录中找到它并打开")) \
	X(A_UNITS,     0, 'f', 0,            S_AUDIT, N_("单位"), N_("只看本单位 / 看全部单位")) \
	X(A_COPYPREV,  0, TK_FKEY(6), TK_CTRL('p'), S_FORM, N_("复制上次"), N_("新增活动时：复制本单位上一次活动的内容（日期和人数除外）")) \
	X(A_KEYS,      0, 'K', 0,            S_SYNC, N_("钥匙"), N_("签名钥匙：随同步收到的登记申请和已登记的钥匙（街道办公室在这里登记）")) \
	X(A_REGISTER,  0, TK_ENTER, 'R',     S_KEYS, N_("登记"), N_("电话核对过核对码以后，登记选中的申请"))

#define TUI_ACTION_ENUM(id, fkey, k1, k2, scr, label, help) id,
enum action { TUI_ACTIONS(TUI_ACTION_ENUM) A__COUNT };
#undef TUI_ACTION_ENUM

struct action_def {
	int id;
	int fkey, key1, key2;
	unsigned screens;
	const char *label, *help;
};
extern const struct action_def actions[A__COUNT];

/* What the screen on top offers of its actions: a record whose type
 * carries no evidence (rectype.h RT_EVIDENCE) has no a/o/w. An action not
 * offered is neither in the key bar nor the help, and its keys do
 * nothing. Everything is offered until a screen says otherwise;
 * action_offer returns the previous setting, for the screen to put back
 * when it leaves. */
int action_offer(int act, int on);
int action_offered(int act);

#endif
