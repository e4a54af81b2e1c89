#include "cli.h"

/* ---- remote, hub, sync, status (records/sync.h) ---- */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../records/sync.h"
#include "../../records/unitname.h"
#include "safeout.h"

int cmd_remote(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	int rc;

	if (cli_wants_help(argc, argv, "remote"))
		return 0;
	if (argc < 2)
		return cli_usage_error(err, "remote", _("缺少子命令：add、list 或 remove"));
	if (!strcmp(argv[1], "add")) {
		if (argc != 4)
			return cli_usage_error(err, "remote",
					       _("remote add 要写名称和地址，如 ggw remote add usb /media/u盘/ggw-hub.git"));
	} else if (!strcmp(argv[1], "remove")) {
		if (argc != 3)
			return cli_usage_error(err, "remote",
					       _("remote remove 要写一个名称（ggw remote list 列出全部）"));
	} else if (!strcmp(argv[1], "list")) {
		if (argc != 2)
			return cli_usage_error(err, "remote", _("remote list 不带参数"));
	} else {
		return cli_usage_error(err, "remote", _("不认识“%s”：要 add、list 或 remove"), argv[1]);
	}
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if (!strcmp(argv[1], "add")) {
		if ((rc = repo_lock(r, 5000, cli_notice, NULL, err)) == 0 &&
		    (rc = sync_remote_add(r, argv[2], argv[3], err)) == 0) {
			struct remote_info *v = NULL;
			size_t n = 0;

			if (sync_remote_list(r, &v, &n, NULL) == 0)
				for (size_t i = 0; i < n; i++)
					if (!strcmp(v[i].name, argv[2]))
						printf(v[i].local && v[i].bare == 0
						       ? _("已添加 %s：%s（对方的台账，只从它取数据，不推送）\n")
						       : _("已添加 %s：%s\n"), v[i].name, v[i].url);
			sync_remote_list_free(v, n);
		}
	} else if (!strcmp(argv[1], "remove")) {
		if ((rc = repo_lock(r, 5000, cli_notice, NULL, err)) == 0 &&
		    (rc = sync_remote_remove(r, argv[2], err)) == 0)
			printf(_("已删除同步对象 %s\n"), argv[2]);
	} else {
		struct remote_info *v = NULL;
		size_t n = 0;

		if ((rc = sync_remote_list(r, &v, &n, err)) == 0) {
			for (size_t i = 0; i < n; i++)
				printf("%s\t%s\t%s\n", v[i].name, v[i].url,
				       !v[i].local ? _("网络") : v[i].bare == 1 ? _("中转仓库")
				       : v[i].bare == 0 ? _("对方台账（只取不推）") : _("未连接"));
			if (n == 0)
				fprintf(stderr, _("还没有同步对象。用 ggw remote add 名称 地址 添加\n"));
		}
		sync_remote_list_free(v, n);
	}
	repo_close(r);
	return rc;
}

int cmd_hub(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	int rc;

	(void)cli;
	if (cli_wants_help(argc, argv, "hub"))
		return 0;
	if (argc < 2)
		return cli_usage_error(err, "hub", _("缺少子命令 init"));
	if (strcmp(argv[1], "init"))
		return cli_usage_error(err, "hub", _("不认识“%s”：只有 hub init"), argv[1]);
	if (argc != 3)
		return cli_usage_error(err, "hub",
				       argc < 3 ? _("hub init 要写新仓库的路径，如 /media/u盘/ggw-hub.git")
						: _("参数太多"));
	if ((rc = sync_hub_init(argv[2], err)) < 0)
		return rc;
	printf(_("已新建中转仓库 %s。在每台电脑上用 ggw remote add 名称 %s 登记它，然后 ggw sync\n"),
	       argv[2], argv[2]);
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
		fputs("\r\033[K", cli_raw_stderr()), fprintf(stderr, _("%s：%s %u/%u 个对象，%.1f KiB"),
			p->remote ? p->remote : "", phase_label(p->phase), p->received, p->total,
			(double)p->bytes / 1024.0);
	else if (p->remote) {
		fputs("\r\033[K", cli_raw_stderr());
		fprintf(stderr, _("%s：%s…"), p->remote, phase_label(p->phase));
	} else
		fputs("\r\033[K", cli_raw_stderr()), fprintf(stderr, "%s…", phase_label(p->phase));
	sc->line_open = 1;
	fflush(stderr);
}

static void sync_cli_clear(struct sync_cli *sc)
{
	if (sc->line_open) {
		fputs("\r\033[K", cli_raw_stderr());
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

int cmd_sync(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct sync_cli sc = { isatty(2), 0, 0 };
	struct sync_options o = { sync_cli_progress, sync_cli_done, NULL, sync_cli_notice, &sc, 0 };
	struct sync_result *res = NULL;
	size_t nres = 0;
	int rc;

	/* Hidden: the transfer child run by storage/transport.c. */
	if (argc >= 2 && !strcmp(argv[1], "--transfer-child"))
		return sync_transfer_child(cli->dir, argc - 2, argv + 2);
	if (cli_wants_help(argc, argv, "sync"))
		return 0;
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return cli_usage_error(err, "sync", _("未知选项 %s"), argv[i]);
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	rc = sync_run(r, (const char *const *)argv + 1, (size_t)argc - 1, &o, &res, &nres, err);
	sync_cli_clear(&sc);
	free(res);
	repo_close(r);
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
	if (argc != 1)
		return cli_usage_error(err, "status", _("status 不带参数"));
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
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
	}
	printf(_("待解决的冲突：%zu 条记录"), st.conflicts);
	if (st.conflicts)
		printf(_("（ggw list --conflicts 查看，ggw resolve 解决）"));
	putchar('\n');
	printf(_("未提交的文件：%zu 个\n"), st.nuncommitted);
	for (size_t i = 0; i < st.nuncommitted; i++)
		printf("  %s\n", st.uncommitted[i]);
	if (st.merge_pending)
		printf(_("上次同步被中断，下次 ggw sync 会完成它\n"));
	sync_status_free(&st);
	repo_close(r);
	return 0;
}

/* ---- resolve and merge-file (field-level merge, model/merge.h) ---- */

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../model/merge.h"
#include "../../model/record.h"
#include "../../records/conflict_label.h"
#include "../../records/ledger.h"
#include "../../records/ops.h"
#include "../../storage/fsutil.h"
#include "../../storage/gitmeta.h"
#include "../../storage/yamlio.h"

/* Who typed the value --ours keeps or --theirs takes (conflict_label.h),
 * "" when the entry does not say. */
static void resolve_whose(struct repo *r, const struct node *rec, const char *field, char how,
			  char *buf, size_t len)
{
	const struct node *cs = node_map_get(rec, "conflicts");
	struct units u;
	int have;

	buf[0] = '\0';
	if (how == 'v' || !cs || cs->kind != NODE_SEQ)
		return;
	have = units_load(r, &u, NULL) == 0;
	for (size_t i = 0; i < cs->count; i++) {
		const char *f = node_map_str(&cs->kids[i], "field");

		if (!f || strcmp(f, field))
			continue;
		if (how == 'o')
			conflict_kept_who(have ? &u : NULL, &cs->kids[i], buf, len);
		else
			conflict_other_who(have ? &u : NULL, &cs->kids[i], buf, len);
		break;
	}
	if (have)
		units_free(&u);
}

int cmd_resolve(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL, *field = NULL, *value = NULL;
	char how = 0, relpath[256], commit_id[41] = "", whose[320] = "";
	struct repo *r = NULL;
	struct actor actor = { 0 };
	struct node rec = { 0 };
	int rc, type, loaded = 0;

	if (cli_wants_help(argc, argv, "resolve"))
		return 0;
	for (int i = 1; i < argc; i++) {
		char want = 0;

		if (!strcmp(argv[i], "--ours"))
			want = 'o';
		else if (!strcmp(argv[i], "--theirs"))
			want = 't';
		else if (!strcmp(argv[i], "--value") || !strncmp(argv[i], "--value=", 8)) {
			want = 'v';
			if (argv[i][7] == '=')
				value = argv[i] + 8;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return cli_usage_error(err, "resolve", _("--value 后面要写新的值"));
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error(err, "resolve", _("未知选项 %s"), argv[i]);
		} else if (!id) {
			id = argv[i];
		} else if (!field) {
			field = argv[i];
		} else {
			return cli_usage_error(err, "resolve", _("多余的参数 %s"), argv[i]);
		}
		if (want && how && want != how)
			return cli_usage_error(err, "resolve",
					       _("--ours、--theirs 和 --value 只能选一个"));
		if (want)
			how = want;
	}
	if (!id || !field || !how)
		return cli_usage_error(err, "resolve",
				       _("要写记录编号、字段名，以及 --ours、--theirs 或 --value 之一"));

	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	ops_set_notice(cli_notice, NULL);
	/* ops_edit_action takes the lock, checks the record again and commits
	 * (the same path as the interface's conflict screen). */
	if ((rc = actor_load(r, &actor, err)) < 0 ||
	    (rc = ops_find_path(r, id, relpath, sizeof(relpath), err)) < 0 ||
	    (rc = record_load_file(r, relpath, &rec, err)) < 0)
		goto done;
	loaded = 1;
	type = record_type_from_schema(node_map_str(&rec, "schema"));
	if (type < 0)
		type = (int)record_id_type(id);
	if (!record_type_def(type)) {
		rc = ggw_fail(err, GGW_EINVALID, _("%s 不是可以识别的记录"), relpath);
		goto done;
	}
	if ((rc = ops_check_scope(&actor, node_map_str(&rec, "unit"), err)) < 0)
		goto done;
	/* schema, id and unit make the file's path: only kept as they are */
	if (how != 'o' && (!strcmp(field, "schema") || !strcmp(field, "id") ||
			   !strcmp(field, "unit"))) {
		rc = ggw_fail(err, GGW_EINVALID,
			      _("字段“%s”决定记录文件的位置，只能用 --ours 保留现在的值"), field);
		goto done;
	}
	resolve_whose(r, &rec, field, how, whose, sizeof(whose));
	if ((rc = merge_resolve((enum record_type)type, &rec, field, how, value, err)) < 0) {
		if (rc == GGW_ENOTFOUND)
			ggw_fail(err, GGW_ENOTFOUND,
				 _("记录 %s 的字段“%s”没有冲突，不用解决（ggw show %s 可以查看冲突）"),
				 id, field, id);
		goto done;
	}
	if ((rc = ops_edit_action_commit(r, &actor, id, &rec, "resolve", NULL, commit_id,
					 err)) < 0)
		goto done;
	if (commit_id[0])
		printf(_("已解决 %s 的字段“%s”的冲突（提交 %.7s）\n"), id, field, commit_id);
	else
		printf(_("已解决 %s 的字段“%s”的冲突（记录与已提交的版本相同，没有新的提交）\n"),
		       id, field);
	if (whose[0])
		printf(_("现在的值是 %s\n"), whose);
	rc = 0;
done:
	if (loaded)
		node_free(&rec);
	actor_free(&actor);
	repo_close(r);
	return rc;
}

/* Parse one of git's files. An empty or missing base is "no ancestor".
 * raw (may be NULL) receives the bytes read, *rawlen their length. */
static int merge_file_load(const char *path, int optional, struct node *out, int *present,
			   char **raw, size_t *rawlen, struct ggw_error *err)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*present = 0;
	if (optional && (stat(path, &st) < 0 || st.st_size == 0))
		return 0;
	if ((rc = read_whole_file(path, YAML_MAX_BYTES, &buf, &len, err)) < 0)
		return rc;
	rc = yaml_parse(path, buf, len, out, err);
	if (rc == 0)
		*present = 1;
	if (rc == 0 && raw) {
		*raw = buf;
		*rawlen = len;
	} else {
		free(buf);
	}
	return rc;
}

static int merge_file_type(const struct node *n)
{
	const char *schema = n ? node_map_str(n, "schema") : NULL;

	return schema ? record_type_from_schema(schema) : -1;
}

/* git's merge driver: `ggw merge-file %O %A %B`. The result replaces %A.
 * Exit 0 when merged (recorded conflicts included: the record is valid and
 * flagged); on any error %A is left as it was and git reports a conflict. */
int cmd_merge_file(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct node base = { 0 }, ours = { 0 }, theirs = { 0 }, out = { 0 };
	struct git_meta mo, mt;
	struct merge_side so, st;
	int have_base = 0, have_ours = 0, have_theirs = 0, deleted = 0, type, tt, rc;
	size_t nconflicts = 0, len;
	char *text = NULL, *ours_raw = NULL;
	size_t ours_len = 0;

	(void)cli;
	if (cli_wants_help(argc, argv, "merge_file"))
		return 0;
	if (argc != 4)
		return cli_usage_error(err, "merge_file", _("要写三个文件：共同祖先、我方、对方"));
	if ((rc = merge_file_load(argv[1], 1, &base, &have_base, NULL, NULL, err)) < 0 ||
	    (rc = merge_file_load(argv[2], 0, &ours, &have_ours, &ours_raw, &ours_len, err)) < 0 ||
	    (rc = merge_file_load(argv[3], 0, &theirs, &have_theirs, NULL, NULL, err)) < 0)
		goto done;
	type = merge_file_type(&ours);
	tt = merge_file_type(&theirs);
	if (type < 0)
		type = tt;
	if (type < 0 || (tt >= 0 && tt != type)) {
		rc = ggw_fail(err, GGW_EINVALID,
			      _("%s 和 %s 不是同一种 ggw 记录（schema: 不对），无法按字段合并"),
			      argv[2], argv[3]);
		goto done;
	}
	/* Metadata from the running git merge, if there is one; without it
	 * the winner rule falls back to the content. */
	gitmeta_driver_sides(ours_raw, ours_len, &mo, &mt, NULL);
	so = (struct merge_side){ &ours, mo.author, mo.unit, mo.time, mo.tz_minutes, mo.commit };
	st = (struct merge_side){ &theirs, mt.author, mt.unit, mt.time, mt.tz_minutes, mt.commit };
	if ((rc = merge_record((enum record_type)type, have_base ? &base : NULL, &so, &st, &out,
			       &deleted, &nconflicts, err)) < 0)
		goto done;
	if (deleted) /* cannot happen with both sides present; keep ours */
		goto done;
	if ((rc = record_to_yaml_merged((enum record_type)type, &out, &text, &len, err)) < 0 ||
	    (rc = atomic_write(argv[2], text, len, err)) < 0)
		goto done;
	if (nconflicts)
		fprintf(stderr, _("ggw：记录 %s 有 %zu 处两边改得不同，已保留一个值，另一个记在 "
				  "conflicts: 里；请用 ggw resolve 解决。\n"),
			node_map_str(&out, "id") ? node_map_str(&out, "id") : argv[2], nconflicts);
done:
	free(text);
	free(ours_raw);
	node_free(&out);
	if (have_base)
		node_free(&base);
	if (have_ours)
		node_free(&ours);
	if (have_theirs)
		node_free(&theirs);
	return rc;
}

