#include "cli.h"

/* ---- remote, hub, sync, status (records/sync.h) ---- */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../model/opts.h"
#include "../../records/bundle.h"
#include "../../records/clock.h"
#include "../../records/ledgerid.h"
#include "../../records/ops.h"
#include "../../records/sync.h"
#include "../../records/unitname.h"
#include "cmd_evidence.h"
#include "cmd_key_admin.h"
#include "../../storage/safeout.h"
#include "hubrefused.h"

static int remote_add(struct repo *r, const char *name, const char *url, struct ggw_error *err)
{
	struct remote_info *v = NULL;
	size_t n = 0;
	int rc;

	if ((rc = repo_lock(r, 5000, cli_notice, NULL, err)) < 0 ||
	    (rc = sync_remote_add(r, name, url, err)) < 0)
		return rc;
	if (sync_remote_list(r, &v, &n, NULL) == 0)
		for (size_t i = 0; i < n; i++)
			if (!strcmp(v[i].name, name))
				printf(v[i].local && v[i].bare == 0
				       ? _("已添加 %s：%s（对方的台账，只从它取数据，不推送）\n")
				       : _("已添加 %s：%s\n"), v[i].name, v[i].url);
	sync_remote_list_free(v, n);
	return 0;
}

static const char *remote_kind(const struct remote_info *v)
{
	if (!v->local)
		return _("网络");
	if (v->bare == 1)
		return _("中转仓库");
	return v->bare == 0 ? _("对方台账（只取不推）") : _("未连接");
}

static int remote_list(struct repo *r, struct ggw_error *err)
{
	struct remote_info *v = NULL;
	size_t n = 0;
	int rc;

	if ((rc = sync_remote_list(r, &v, &n, err)) == 0) {
		for (size_t i = 0; i < n; i++)
			printf("%s\t%s\t%s\n", v[i].name, v[i].url, remote_kind(&v[i]));
		if (n == 0)
			fprintf(stderr, _("还没有同步对象。用 ggw remote add 名称 地址 添加\n"));
	}
	sync_remote_list_free(v, n);
	return rc;
}

/* The subcommand's arguments are the right number? */
static int remote_usage(int argc, char **argv, struct ggw_error *err)
{
	if (argc < 2)
		return cli_usage_error(err, "remote", _("缺少子命令：add、list 或 remove"));
	if (!strcmp(argv[1], "add"))
		return argc == 4 ? 0 : cli_usage_error(err, "remote",
			_("remote add 要写名称和地址，如 ggw remote add usb /media/u盘/ggw-hub.git"));
	if (!strcmp(argv[1], "remove"))
		return argc == 3 ? 0 : cli_usage_error(err, "remote",
			_("remote remove 要写一个名称（ggw remote list 列出全部）"));
	if (!strcmp(argv[1], "list"))
		return argc == 2 ? 0 : cli_usage_error(err, "remote", _("remote list 不带参数"));
	return cli_usage_error(err, "remote", _("不认识“%s”：要 add、list 或 remove"), argv[1]);
}

int cmd_remote(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	int rc;

	if (cli_wants_help(argc, argv, "remote"))
		return 0;
	if ((rc = remote_usage(argc, argv, err)) < 0 || (rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if (!strcmp(argv[1], "add"))
		rc = remote_add(r, argv[2], argv[3], err);
	else if (!strcmp(argv[1], "remove")) {
		if ((rc = repo_lock(r, 5000, cli_notice, NULL, err)) == 0 &&
		    (rc = sync_remote_remove(r, argv[2], err)) == 0)
			printf(_("已删除同步对象 %s\n"), argv[2]);
	} else
		rc = remote_list(r, err);
	repo_close(r);
	return rc;
}

/* ggw hub repair NAME|PATH (the office): see sync_hub_repair. */
static int hub_repair(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	char msg[1024];
	int rc;

	if (argc != 3)
		return cli_usage_error(err, "hub", _("hub repair 要写中转仓库的名称或路径，如 ggw hub repair usb"));
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = sync_hub_repair(r, argv[2], msg, sizeof(msg), err)) == 0)
		printf("%s\n", msg);
	repo_close(r);
	return rc;
}

/* Made from the office's ledger, a hub starts from a ledger with an id. */
static void hub_init_ledger_id(struct cli *cli)
{
	struct ggw_error e2 = { 0, "" };
	struct repo *r = NULL;
	struct actor a;
	int added = 0;

	if (cli_open_repo(cli, &r, &e2) < 0)
		return; /* made outside a ledger: its first sync brings one */
	if (actor_load(r, &a, &e2) == 0) {
		if (ops_lock(r, &e2) == 0) {
			ledgerid_ensure(r, &a, &added, &e2);
			ops_unlock(r);
		}
		actor_free(&a);
	}
	if (added)
		printf("%s\n", _("已为这本台账生成台账编号（units.yaml 的 ledger）"));
	repo_close(r);
}

int cmd_hub(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	int rc;

	(void)cli;
	if (cli_wants_help(argc, argv, "hub"))
		return 0;
	if (argc < 2)
		return cli_usage_error(err, "hub", _("缺少子命令 init"));
	if (!strcmp(argv[1], "repair"))
		return hub_repair(cli, argc, argv, err);
	if (strcmp(argv[1], "init"))
		return cli_usage_error(err, "hub", _("不认识“%s”：只有 hub init"), argv[1]);
	if (argc != 3)
		return cli_usage_error(err, "hub",
				       argc < 3 ? _("hub init 要写新仓库的路径，如 /media/u盘/ggw-hub.git")
						: _("参数太多"));
	if ((rc = sync_hub_init(argv[2], err)) < 0)
		return rc;
	hub_init_ledger_id(cli);
	printf(_("已新建中转仓库 %s。在有台账的电脑上用 ggw remote add 名称 %s 登记它，然后 ggw sync；"
		 "其他电脑用 ggw clone %s 文件夹 --unit 单位代码 复制台账，不用再登记\n"),
	       argv[2], argv[2], argv[2]);
	return 0;
}

struct sync_cli {
	int tty;          /* stderr is a terminal: one updating line */
	int line_open;
	double last;
};

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *phase_label(enum sync_phase p)
{
	switch (p) {
	case SYNC_PHASE_CHECK: return _("检查");
	case SYNC_PHASE_FETCH: return _("接收");
	case SYNC_PHASE_VERIFY: return _("核对");
	case SYNC_PHASE_MERGE: return _("合并");
	case SYNC_PHASE_PUSH: return _("发送");
	default: return "";
	}
}

static void sync_cli_progress(const struct sync_progress *p, void *data)
{
	struct sync_cli *sc = data;
	double t = mono_now();

	if (!sc->tty || p->phase == SYNC_PHASE_DONE)
		return;
	if (t - sc->last < 0.1)
		return;
	sc->last = t;
	if (p->total)
		fputs("\r\033[K", safeout_raw_stderr()), fprintf(stderr, _("%s：%s %u/%u 个对象，%.1f KiB"),
			p->remote ? p->remote : "", phase_label(p->phase), p->received, p->total,
			(double)p->bytes / 1024.0);
	else if (p->remote) {
		fputs("\r\033[K", safeout_raw_stderr());
		fprintf(stderr, _("%s：%s…"), p->remote, phase_label(p->phase));
	} else
		fputs("\r\033[K", safeout_raw_stderr()), fprintf(stderr, "%s…", phase_label(p->phase));
	sc->line_open = 1;
	fflush(stderr);
}

static void sync_cli_clear(struct sync_cli *sc)
{
	if (sc->line_open) {
		fputs("\r\033[K", safeout_raw_stderr());
		sc->line_open = 0;
	}
}

static void sync_cli_done(const struct sync_result *res, void *data)
{
	sync_cli_clear(data);
	if (res->code == 0)
		printf(_("%s：%s\n"), res->remote, res->message);
	else
		fprintf(stderr, _("%s：%s\n"), res->remote,
			res->message[0] ? res->message : _("失败"));
	fflush(stdout);
}

static void sync_cli_notice(const char *msg, void *data)
{
	sync_cli_clear(data);
	fprintf(stderr, "ggw: %s\n", msg);
}

/* "123.4 KiB" */
static void size_text(uint64_t bytes, char *buf, size_t len)
{
	if (bytes < 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", (double)bytes / 1024.0);
	else
		snprintf(buf, len, "%.1f MiB", (double)bytes / (1024.0 * 1024.0));
}

static void print_made(const struct bundle_made *m)
{
	char size[32];

	size_text(m->size, size, sizeof(size));
	printf(_("已写成文件 %s（%s，%s）%s%s\n"), m->path, size,
	       m->nprereqs ? _("只含对方可能还没有的部分") : _("整本台账"),
	       m->peer[0] ? _("，给 ") : "", m->peer);
	printf("%s\n", _("可以用微信、QQ、邮件或U盘发给对方；对方用 ggw sync 文件名 收下"));
}

/* ggw sync FILE [--reply FILE] [--for PEER]: a bundle file in. */
static int sync_file(struct cli *cli, const char *file, const char *reply, const char *peer,
		     const struct sync_options *o, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct sync_result res;
	struct bundle_made made;
	int rc;

	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	rc = ledger_bundle_sync(r, file, peer, reply, o, &res, &made, err);
	sync_cli_clear(o->data);
	if (rc == 0 || res.message[0])
		sync_cli_done(&res, o->data);
	if (rc == 0 && reply) {
		if (made.size)
			print_made(&made);
		else
			printf(_("对方的文件里已有本机的全部记录，不用回复（没有写 %s）\n"), reply);
	}
	if (rc < 0 && res.message[0])
		ggw_fail(err, rc, _("没有收下文件 %s（见上一行）"), file);
	repo_close(r);
	return rc;
}

/* A path rather than a remote's name (names have no '/'), or a file. */
static int is_file_arg(const char *a)
{
	struct stat st;

	size_t n = strlen(a);

	return strchr(a, '/') || (n > 7 && !strcmp(a + n - 7, ".bundle")) || (stat(a, &st) == 0 && S_ISREG(st.st_mode)) ||
	       ledger_bundle_looks_like(a);
}

int cmd_bundle(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *file = NULL, *peer = NULL, **pos[1] = { &file };
	int since_last = 0, rc;
	const struct opt_def defs[] = { OPT_SET("--since-last", &since_last), OPT_INTO("--for", &peer),
					OPT_END };
	struct repo *r = NULL;
	struct bundle_made made;

	if (cli_wants_help(argc, argv, "bundle"))
		return 0;
	if (argc < 2 || strcmp(argv[1], "create"))
		return cli_usage_error(err, "bundle", _("要写 bundle create 文件名，如 ggw bundle create 新义村12月.bundle"));
	if ((rc = opt_parse(argc, argv, 2, defs, pos, 1, err)) < 0)
		return rc;
	if (!file || !*file)
		return cli_usage_error(err, "bundle", _("bundle create 要写文件名，如 ggw bundle create 新义村12月.bundle"));
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = ledger_bundle_create(r, file, since_last, peer, &made, err)) == 0)
		print_made(&made);
	repo_close(r);
	return rc;
}

int cmd_sync(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct sync_cli sc = { isatty(2), 0, 0 };
	struct sync_options o = { sync_cli_progress, sync_cli_done, NULL, sync_cli_notice, &sc, 0 };
	const char *reply = NULL, *peer = NULL;
	const struct opt_def defs[] = { OPT_VALUE("--reply"), OPT_VALUE("--for"), OPT_END };
	struct sync_result *res = NULL;
	struct opt_iter it;
	const char **remotes, *v;
	size_t nres = 0, nremotes = 0;
	int rc, k;

	/* Hidden: the transfer child run by storage/transport.c. */
	if (argc >= 2 && !strcmp(argv[1], "--transfer-child"))
		return sync_transfer_child(cli->dir, argc - 2, argv + 2);
	if (cli_wants_help(argc, argv, "sync"))
		return 0;
	if (!(remotes = calloc((size_t)argc, sizeof(*remotes))))
		return ggw_oom(err);
	opt_start(&it, argc, argv, 1);
	while ((k = opt_next(&it, defs, &v, err)) != OPT_DONE) {
		if (k < 0) {
			free(remotes);
			return k;
		}
		if (k == 0)
			reply = v;
		else if (k == 1)
			peer = v;
		else
			remotes[nremotes++] = v;
	}
	if (nremotes == 1 && is_file_arg(remotes[0])) {
		rc = sync_file(cli, remotes[0], reply, peer, &o, err);
		free(remotes);
		return rc;
	}
	if (reply || peer) {
		free(remotes);
		return cli_usage_error(err, "sync", _("--reply 和 --for 只用于收下一个文件：ggw sync 文件名 --reply 回复文件名"));
	}
	for (size_t i = 0; i < nremotes; i++)
		if (strchr(remotes[i], '/')) {
			rc = cli_usage_error(err, "sync", _("一次只能收下一个文件：%s"), remotes[i]);
			free(remotes);
			return rc;
		}
	if ((rc = cli_open_repo(cli, &r, err)) == 0) {
		rc = sync_run(r, remotes, nremotes, &o, &res, &nres, err);
		sync_cli_clear(&sc);
		free(res);
		repo_close(r);
	}
	free(remotes);
	return rc;
}

static void print_age(int64_t t)
{
	char buf[64];
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t) {
		printf("%s", _("从未同步"));
		return;
	}
	localtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm);
	printf("%s", buf);
}

int cmd_status(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct sync_status st;
	int rc;

	if (cli_wants_help(argc, argv, "status"))
		return 0;
	if ((rc = opt_positionals(argc, argv, 1, NULL, 0, err)) < 0 ||
	    (rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = sync_status(r, &st, err)) < 0) {
		repo_close(r);
		return rc;
	}
	if (st.unit) { /* by name, with the key ggw.unit holds */
		struct units u;
		char label[320];
		int have = units_load(r, &u, NULL) == 0;

		units_label_key(have ? &u : NULL, st.unit, label, sizeof(label));
		printf(_("本机单位：%s\n"), label);
		if (have)
			units_free(&u);
	} else
		printf(_("本机单位：%s\n"), _("（未设置：ggw config ggw.unit 单位代号）"));
	if (st.nremotes == 0)
		printf(_("同步对象：无（ggw remote add 名称 地址）\n"));
	for (size_t i = 0; i < st.nremotes; i++) {
		const struct remote_status *rs = &st.remotes[i];

		printf(_("同步对象 %s（%s）：未发送的提交 %zu 个"), rs->name, rs->url, rs->ahead);
		if (rs->behind)
			printf(_("，已收到未合并 %zu 个"), rs->behind);
		printf(_("；上次同步："));
		print_age(rs->lastsync);
		putchar('\n');
		if (rs->refused[0])
			printf(_("  中转仓库里有被拒绝的提交（%.10s）：本机记录只经旁路交换；请街道办公室运行 ggw hub repair %s\n"),
			       rs->refused, rs->name);
		if (rs->refused[0])
			hubrefused_status(r, rs->name);
		keys_status_remote(r, rs->name); /* unregistered key: commits stay here */
	}
	keys_status_request(r);
	evidence_status_line(r, st.unit);
	printf(_("待解决的冲突：%zu 条记录"), st.conflicts);
	if (st.conflicts)
		printf(_("（ggw list --conflicts 查看，ggw resolve 解决）"));
	putchar('\n');
	printf(_("未提交的文件：%zu 个\n"), st.nuncommitted);
	for (size_t i = 0; i < st.nuncommitted; i++)
		printf("  %s\n", st.uncommitted[i]);
	if (st.merge_pending)
		printf(_("上次同步被中断，下次 ggw sync 会完成它\n"));
	if (st.odd_times)
		printf(_("时间不可能对的提交：%zu 个（电脑时钟不准时做的；ggw log 里标有“时间可疑”）\n"), st.odd_times);
	clock_warn(r, NULL, NULL);
	sync_status_free(&st);
	repo_close(r);
	return 0;
}

/* ---- resolve and merge-file (field-level merge, model/merge.h) ---- */

#include "../../records/mergefile.h"
#include "../../records/resolve.h"

/* ID FIELD and one of --ours, --theirs, --value V ('o', 't', 'v' in *how). */
static int resolve_parse(int argc, char **argv, const char **id, const char **field, char *how,
			 const char **value, struct ggw_error *err)
{
	int ours = 0, theirs = 0, rc;
	const struct opt_def defs[] = {
		OPT_SET("--ours", &ours), OPT_SET("--theirs", &theirs), OPT_INTO("--value", value),
		OPT_END,
	};

	if ((rc = opt_parse(argc, argv, 1, defs, (const char **[]){ id, field }, 2, err)) < 0)
		return rc;
	if (ours + theirs + (*value != NULL) > 1)
		return cli_usage_error(err, "resolve", _("--ours、--theirs 和 --value 只能选一个"));
	*how = ours ? 'o' : theirs ? 't' : *value ? 'v' : 0;
	return 0;
}

int cmd_resolve(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL, *field = NULL, *value = NULL;
	char how = 0, commit_id[41] = "", whose[320] = "";
	struct repo *r = NULL;
	struct actor actor = { 0 };
	int rc;

	if (cli_wants_help(argc, argv, "resolve"))
		return 0;
	if ((rc = resolve_parse(argc, argv, &id, &field, &how, &value, err)) < 0)
		return rc;
	if (!id || !field || !how)
		return cli_usage_error(err, "resolve",
				       _("要写记录编号、字段名，以及 --ours、--theirs 或 --value 之一"));
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	ops_set_notice(cli_notice, NULL);
	if ((rc = actor_load(r, &actor, err)) == 0 &&
	    (rc = ops_resolve(r, &actor, id, field, how, value, commit_id, whose, sizeof(whose),
				 err)) == 0) {
		if (commit_id[0])
			printf(_("已解决 %s 的字段“%s”的冲突（提交 %.7s）\n"), id, field, commit_id);
		else
			printf(_("已解决 %s 的字段“%s”的冲突（记录与已提交的版本相同，没有新的提交）\n"),
			       id, field);
		if (whose[0])
			printf(_("现在的值是 %s\n"), whose);
	}
	actor_free(&actor);
	repo_close(r);
	return rc;
}

/* git's merge driver: `ggw merge-file %O %A %B`. The result replaces %A.
 * Exit 0 when merged (recorded conflicts included: the record is valid and
 * flagged); on any error %A is left as it was and git reports a conflict. */
int cmd_merge_file(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	char id[128];
	size_t nconflicts = 0;
	int rc;

	(void)cli;
	if (cli_wants_help(argc, argv, "merge_file"))
		return 0;
	if (argc != 4)
		return cli_usage_error(err, "merge_file", _("要写三个文件：共同祖先、我方、对方"));
	if ((rc = merge_driver(argv[1], argv[2], argv[3], id, sizeof(id), &nconflicts, err)) < 0)
		return rc;
	if (nconflicts)
		fprintf(stderr, _("ggw：记录 %s 有 %zu 处两边改得不同，已保留一个值，另一个记在 "
				  "conflicts: 里；请用 ggw resolve 解决。\n"),
			id, nconflicts);
	return 0;
}

