/* The command line: one table of commands (X-macro), shared helpers for
 * finding the repository and printing. Each command lives in a cmd_*.c. */
#ifndef GGW_CLI_H
#define GGW_CLI_H

#include <stdio.h>

#include "../../model/err.h"
#include "../../model/i18n.h"
#include "../../storage/repo.h"

struct cli {
	const char *dir;   /* -C DIR, or NULL */
	int stdout_tty;    /* stdout is a terminal */
	const char *prog;  /* argv[0] */
};

/* name, usage (after "ggw "), one-line summary (Chinese, N_), handler.
 * Handlers get argv with argv[0] = the command name. */
#define GGW_COMMANDS(X) \
	X(init,      "init DIR --street NAME --unit KEY [--unit-name NAME] [--kind K]... [--me KEY]", N_("新建台账仓库"), cmd_init) \
	X(clone,     "clone URL DIR --unit KEY",                N_("复制已有台账"), cmd_clone) \
	X(config,    "config [NAME [VALUE]]",                   N_("查看或修改设置"), cmd_config) \
	X(unit,      "unit add KEY NAME --kind K | unit list",  N_("管理单位（仅办公室）"), cmd_unit) \
	X(add,       "add [--type T] [--set FIELD=VALUE]... [--file F.yaml] [--force]", N_("新增记录"), cmd_add) \
	X(edit,      "edit ID [--set FIELD=VALUE]... [--file F.yaml] [--force]", N_("修改记录"), cmd_edit) \
	X(rm,        "rm ID",                                   N_("删除记录"), cmd_rm) \
	X(undo,      "undo",                                    N_("撤销本机上一次修改"), cmd_undo) \
	X(restore,   "restore ID | restore --list",             N_("恢复已删除的记录"), cmd_restore) \
	X(show,      "show ID [--format text|yaml]",            N_("显示一条记录"), cmd_show) \
	X(attach,    "attach ID FILE... [--kind photo|scan|file] [--caption TEXT] [--minors-visible]", N_("给记录附上照片、签到表扫描件等佐证材料"), cmd_attach) \
	X(evidence,  "evidence list ID | evidence withdraw HASH --why TEXT | evidence export ID DIR", N_("佐证材料：列出、撤回、导出"), cmd_evidence) \
	X(list,      "list [--type T] [--unit U] [--year Y] [--from D --to D] [--category C] [--form F] [--grep TEXT] [--missing five-have] [--conflicts] [--sort date|-date|title] [--format table|csv|yaml|ids] [--excel] [--count]", N_("查询记录"), cmd_list) \
	X(log,       "log [ID] [--limit N]",                    N_("修改历史"), cmd_log) \
	X(check,     "check",                                   N_("检查全部记录"), cmd_check) \
	X(case,      "case key CODE [--set TEXT | --delete]",   N_("关爱对象编号对应信息（只在本机）"), cmd_case) \
	X(remote,    "remote add NAME URL | remote list | remote remove NAME", N_("管理同步对象"), cmd_remote) \
	X(hub,       "hub init PATH | hub repair NAME",          N_("新建或修复中转仓库（U盘、办公室电脑）"), cmd_hub) \
	X(sync,      "sync [REMOTE]... | sync FILE [--reply FILE] [--for PEER]", N_("同步"), cmd_sync) \
	X(bundle,    "bundle create FILE [--since-last] [--for PEER]", N_("把台账写成一个文件（可用微信、QQ、邮件发送）"), cmd_bundle) \
	X(status,    "status",                                  N_("同步状态"), cmd_status) \
	X(resolve,   "resolve ID FIELD (--ours|--theirs|--value V)", N_("解决冲突"), cmd_resolve) \
	X(report,    "report [--year Y] [--unit U] [--format text|md|csv|html|pdf] [--excel] [-o FILE] | report --form [--year Y] [--unit U] [--format xlsx|html|csv|text] [-o FILE]", N_("年度报表"), cmd_report) \
	X(print,     "print ID -o FILE.pdf",                    N_("把一条记录打印成 A4 表格（PDF）"), cmd_print) \
	X(binder,    "binder --unit U [--year Y] -o FILE.pdf",  N_("把一个单位一年的台账做成 PDF"), cmd_binder) \
	X(audit,     "audit [--year Y]",                        N_("留痕检查"), cmd_audit) \
	X(score,     "score [--year Y] [--unit U] [--format text|csv] [--form]", N_("按评分表自评"), cmd_score) \
	X(rules,     "rules show [--default] | rules edit | rules check FILE", N_("考核规则（rules.yaml）"), cmd_rules) \
	X(key,       "key show [--line] | key add UNIT KEYLINE [--note TEXT] | key revoke FINGERPRINT | key list | key request [--note TEXT] | key accept FINGERPRINT | key resign [REMOTE]", N_("本机签名密钥"), cmd_key) \
	X(doctor,    "doctor [--network]",                      N_("检查这台电脑和台账的常见问题"), cmd_doctor) \
	X(merge_file,"merge-file BASE OURS THEIRS",             N_("git 合并驱动"), cmd_merge_file) \
	X(tui,       "tui",                                     N_("全屏界面"), cmd_tui)

#define GGW_DECLARE_CMD(name, usage, summary, fn) \
	int fn(struct cli *cli, int argc, char **argv, struct ggw_error *err);
GGW_COMMANDS(GGW_DECLARE_CMD)

/* Find and open the repository: -C DIR, else $GGW_DIR, else the current
 * folder if inside a records repository, else the default recorded by the
 * last init/clone in $XDG_CONFIG_HOME/ggw/config. Also applies ggw.lang. */
int cli_open_repo(struct cli *cli, struct repo **out, struct ggw_error *err);
/* Record dir (absolute) as the default repository. Failure is not fatal. */
void cli_set_default_repo(const char *dir);

/* Print "用法：ggw <usage>" for a command to f. */
void cli_usage(FILE *f, const char *command);
/* Is argv[i] "--help" or "-h" anywhere? then print usage to stdout. */
int cli_wants_help(int argc, char **argv, const char *command);
/* Report a usage error: fills err with GGW_EUSAGE and the usage line. */
int cli_usage_error(struct ggw_error *err, const char *command, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print a notice line to stderr (used as repo_lock's notice callback). */
void cli_notice(const char *msg, void *data);

#endif
