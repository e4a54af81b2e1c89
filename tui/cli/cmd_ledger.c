/* Ledger commands: init clone config unit add edit rm show list log check.
 * Output for people is Chinese (gettext); --format csv|yaml|ids output is
 * for programs and never translated. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../model/date.h"
#include "../../model/dates.h"
#include "../../model/opts.h"
#include "../../model/record.h"
#include "../../model/safetext.h"
#include "../../model/text.h"
#include "../../records/changes.h"
#include "../../records/check.h"
#include "../../records/find.h"
#include "../../records/clock.h"
#include "../../records/history.h"
#include "../../records/init.h"
#include "../../records/ledger.h"
#include "../../records/ops.h"
#include "../../records/settings.h"
#include "../../records/output.h"
#include "../../records/output_excel.h"
#include "../../records/unitname.h"
#include "hubrefused.h"
#include "cmd_case.h"
#include "cmd_evidence.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo_status.h"
#include "../../storage/yamlio.h"
#include "../../records/outcache.h"
#include "../../storage/safeout.h"

/* ---- helpers ---- */

/* One line per problem; with the --file it came from (file != NULL) and a
 * known position, as "file:line:col: reason" so the user finds the line. */
static void print_problems_in(const struct problems *p, const char *file)
{
	for (size_t i = 0; i < p->n; i++) {
		if (file && p->v[i].line > 0)
			fprintf(stderr, "%s:%d:%d: ", file, p->v[i].line, p->v[i].col);
		fprintf(stderr, "%s\n", p->v[i].msg);
	}
}

static void print_problems(const struct problems *p)
{
	print_problems_in(p, NULL);
}

static int parse_type(const char *s, enum record_type *t, const char *cmd, struct ggw_error *err)
{
	int v = record_type_from_key(s);
	char keys[256] = "";

	if (!record_type_per_file(v)) {
		for (size_t k = 0, used = 0; k < record_type_count() && used < sizeof(keys); k++)
			if (record_type_per_file((int)k))
				used += (size_t)snprintf(keys + used, sizeof(keys) - used, "%s%s",
							 used ? ", " : "", record_type_def((int)k)->key);
		return cli_usage_error(err, cmd, _("--type 只能是这些记录类型之一：%s"), keys);
	}
	*t = (enum record_type)v;
	return 0;
}

static int open_repo(struct cli *cli, struct repo **r, struct ggw_error *err)
{
	ops_set_notice(cli_notice, NULL);
	return cli_open_repo(cli, r, err);
}

/* ---- init ---- */

/* init's options into o; units is room for argc entries. */
static int init_parse(int argc, char **argv, struct init_options *o, struct init_unit *units,
		      struct ggw_error *err)
{
	enum { O_STREET, O_ME, O_UNIT, O_UNIT_NAME, O_KIND };
	static const struct opt_def defs[] = {
		[O_STREET] = OPT_VALUE("--street"),       [O_ME] = OPT_VALUE("--me"),
		[O_UNIT] = OPT_VALUE("--unit"),           [O_UNIT_NAME] = OPT_VALUE("--unit-name"),
		[O_KIND] = OPT_VALUE("--kind"),           OPT_END,
	};
	struct opt_iter it;
	const char *v;
	int k;

	opt_start(&it, argc, argv, 1);
	while ((k = opt_next(&it, defs, &v, err)) != OPT_DONE) {
		if (k < 0)
			return k;
		if ((k == O_UNIT_NAME || k == O_KIND) && !o->nunits)
			return cli_usage_error(err, "init", _("%s 要跟在 --unit KEY 后面"), defs[k].name);
		if (k == O_STREET)
			o->street = v;
		else if (k == O_ME)
			o->me = v;
		else if (k == O_UNIT)
			units[o->nunits++] = (struct init_unit){ v, NULL, NULL };
		else if (k == O_UNIT_NAME)
			units[o->nunits - 1].name = v;
		else if (k == O_KIND)
			units[o->nunits - 1].kind = v;
		else if (o->dir)
			return opt_unknown(err, "init", v);
		else
			o->dir = v;
	}
	if (!o->dir)
		return cli_usage_error(err, "init", _("缺少文件夹 DIR"));
	if (!o->street || !*o->street)
		return cli_usage_error(err, "init", _("缺少 --street 街道关工委名称"));
	return 0;
}

int cmd_init(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct init_options o = { 0 };
	struct init_result res;
	struct problems probs = { 0 };
	struct init_unit *units;
	char abs[PATH_MAX];
	int rc;

	(void)cli;
	if (cli_wants_help(argc, argv, "init"))
		return 0;
	if (!(units = calloc((size_t)argc, sizeof(*units))))
		return ggw_oom(err);
	o.units = units;
	if ((rc = init_parse(argc, argv, &o, units, err)) < 0)
		goto done;
	if ((rc = ops_init(&o, &res, &probs, err)) < 0) {
		print_problems(&probs);
		goto done;
	}
	if (res.anonymous)
		fprintf(stderr, _("ggw: 还没有设置填写人的姓名，请运行：ggw -C %s config user.name 名字\n"), o.dir);
	cli_set_default_repo(o.dir);
	if (!realpath(o.dir, abs))
		snprintf(abs, sizeof(abs), "%s", o.dir);
	printf(_("已新建台账：%s（本机单位：%s）\n"), abs, res.unit);
	if (!strcmp(res.unit, "office")) /* issue 10: the spare office key, asked for at the start */
		fprintf(stderr, "%s", _("下一步（签名）：在另一台电脑上（或 ssh-keygen 生成后抄在纸上、放进保险柜）准备一把备用的办公室钥匙，用 ggw key add office \"备用钥匙的公钥行\" --note 备用钥匙 登记：本机的钥匙会一起登记，从这时起各单位的修改都要签名。本机钥匙丢了就靠备用钥匙恢复（man ggw-sync）。\n"));
done:
	problems_free(&probs);
	free(units);
	return rc;
}

/* ---- clone ---- */

/* A ledger that checks signatures (keys/allowed_signers): the new PC asks
 * at once to be registered (`ggw key request`); the request travels with
 * its next sync. A failure here is said, never fatal: the clone is made. */
static void clone_asks_registration(const struct cli *cli, const char *dir)
{
	char path[PATH_MAX];
	char *args[] = { "key", "request", NULL };
	struct cli sub = *cli;
	struct ggw_error e = { 0, "" };
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/keys/allowed_signers", dir) >= (int)sizeof(path) ||
	    lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	sub.dir = dir;
	if (cmd_key(&sub, 2, args, &e) < 0)
		fprintf(stderr, _("ggw: 没能写好登记申请（%s）；以后可以运行 ggw key request\n"), e.msg);
}

int cmd_clone(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *url = NULL, *dir = NULL, *unit = NULL;
	const struct opt_def defs[] = { OPT_INTO("--unit", &unit), OPT_END };
	char label[320], note[1024];
	int rc;

	(void)cli;
	if (cli_wants_help(argc, argv, "clone"))
		return 0;
	if ((rc = opt_parse(argc, argv, 1, defs, (const char **[]){ &url, &dir }, 2, err)) < 0)
		return rc;
	if (!url || !dir)
		return cli_usage_error(err, "clone", _("需要 URL 和 DIR"));
	if (!unit)
		return cli_usage_error(err, "clone", _("缺少 --unit 本机单位代码"));
	/* --unit: the key, the name or the short name (新义村) */
	if ((rc = ops_clone_named(url, dir, unit, label, sizeof(label), note, sizeof(note), err)) < 0)
		return rc;
	cli_set_default_repo(dir);
	printf(_("已复制台账到 %s（本机单位：%s）\n"), dir, label);
	if (note[0]) {
		fflush(stdout);
		fprintf(stderr, "ggw: %s\n", note);
	}
	clone_asks_registration(cli, dir);
	return 0;
}

/* ---- config ---- */

static int config_show(struct repo *r, const char *name)
{
	char *v = NULL;

	if (repo_config_get(r, name, &v, NULL) == 0 && v) {
		printf("%s=%s\n", name, v);
		free(v);
		return 1;
	}
	return 0;
}

static void config_list(struct repo *r)
{
	char **items = NULL;
	size_t n = 0;

	config_show(r, "user.name");
	config_show(r, "user.email");
	config_show(r, "ggw.unit");
	config_show(r, "ggw.lang");
	if (repo_config_list(r, "ggw.", &items, &n, NULL) == 0) {
		for (size_t k = 0; k < n; k++)
			if (strncmp(items[k], "ggw.unit=", 9) && strncmp(items[k], "ggw.lang=", 9))
				printf("%s\n", items[k]);
		repo_paths_free(items, n);
	}
}

static int config_get(struct repo *r, const char *name, struct ggw_error *err)
{
	char *v = NULL;
	int rc;

	if (!settings_name_valid(name))
		return cli_usage_error(err, "config", _("设置名应像 user.name 或 ggw.unit"));
	if ((rc = repo_config_get(r, name, &v, err)) < 0)
		return rc;
	if (!v) {
		/* Exit 1 like git config; stdout stays empty for scripts. */
		fprintf(stderr, _("ggw：还没有设置 %s（用 ggw config %s 值 设置）\n"), name, name);
		return 1;
	}
	printf("%s\n", v);
	free(v);
	return 0;
}

int cmd_config(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	const char *name = NULL, *value = NULL;
	int rc;

	if (cli_wants_help(argc, argv, "config"))
		return 0;
	if ((rc = opt_positionals(argc, argv, 1, (const char **[]){ &name, &value }, 2, err)) < 0)
		return rc;
	/* opened first: a refusal is in the ledger's language (ggw.lang) */
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	if (!name) {
		config_list(r);
		rc = 0;
	} else if (!value)
		rc = config_get(r, name, err);
	else
		rc = settings_set(r, name, value, err);
	repo_close(r);
	return rc;
}

/* ---- unit ---- */

static const char *unit_kind_label(const char *kind)
{
	int ki = enum_index(enum_unit_kind, kind);

	return ki >= 0 ? _(enum_unit_kind[ki].label) : kind;
}

static int unit_list(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct units u;
	size_t key_cols = 0, kind_cols = 0;
	int rc;

	if ((rc = opt_positionals(argc, argv, 2, NULL, 0, err)) < 0)
		return rc;
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	rc = units_load(r, &u, err);
	repo_close(r);
	if (rc < 0)
		return rc;
	printf("%s\n", u.street);
	/* Columns as wide as their longest entry: the kind labels are
	 * 2 columns in Chinese but up to 9 in English. */
	for (size_t k = 0; k < u.n; k++) {
		size_t kw = text_width(unit_kind_label(u.v[k].kind));

		if (text_width(u.v[k].key) > key_cols)
			key_cols = text_width(u.v[k].key);
		if (kw > kind_cols)
			kind_cols = kw;
	}
	for (size_t k = 0; k < u.n; k++) {
		text_pad(stdout, u.v[k].key, key_cols + 2);
		text_pad(stdout, unit_kind_label(u.v[k].kind), kind_cols + 2);
		printf("%s\n", u.v[k].name);
	}
	units_free(&u);
	return 0;
}

static int unit_add(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *key = NULL, *name = NULL, *kind = "village";
	const struct opt_def defs[] = { OPT_INTO("--kind", &kind), OPT_END };
	struct problems probs = { 0 };
	struct actor a = { 0 };
	struct repo *r = NULL;
	int rc;

	if ((rc = opt_parse(argc, argv, 2, defs, (const char **[]){ &key, &name }, 2, err)) < 0)
		return rc;
	if (!key || !name)
		return cli_usage_error(err, "unit", _("需要 KEY 和 NAME"));
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = actor_load(r, &a, err)) == 0) {
		rc = ops_unit_add(r, &a, key, name, kind, &probs, err);
		if (rc < 0 && probs.n)
			print_problems(&probs);
	}
	actor_free(&a);
	problems_free(&probs);
	repo_close(r);
	if (rc == 0)
		printf(_("已添加单位 %s（%s）\n"), key, name);
	return rc;
}

int cmd_unit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	if (cli_wants_help(argc, argv, "unit"))
		return 0;
	if (argc < 2)
		return cli_usage_error(err, "unit", _("要说明 add 还是 list"));
	if (!strcmp(argv[1], "list"))
		return unit_list(cli, argc, argv, err);
	if (!strcmp(argv[1], "add"))
		return unit_add(cli, argc, argv, err);
	return cli_usage_error(err, "unit", _("不认识“%s”：要 add 或 list"), argv[1]);
}

/* ---- add / edit ---- */

static void say_stderr(const char *msg, void *data)
{
	(void)data;
	fprintf(stderr, "%s\n", msg);
}

/* Every --set; each refused one on stderr, then the record's other
 * problems, so the user sees all there is to fix at once. */
static int apply_sets(enum record_type t, struct node *rec, const char **sets, size_t n,
		      int adding, struct ggw_error *err)
{
	return record_apply_changes(t, rec, sets, n, adding, say_stderr, NULL, err);
}

/* A date that is probably a typo (2052, 1925) is refused unless --force. */
static int check_dates(enum record_type t, const struct node *rec, const struct node *before,
		       int force, struct ggw_error *err)
{
	char msg[400];

	if (force || !record_date_doubt(t, rec, before, date_today(), msg, sizeof(msg)))
		return 0;
	return ggw_fail(err, GGW_EINVALID, _("%s确实无误请加 --force 再保存。"), msg);
}

static int load_input_file(const char *file, struct node *out, struct ggw_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if ((rc = read_whole_file(file, YAML_MAX_BYTES, &buf, &len, err)) < 0)
		return rc;
	rc = yaml_parse(file, buf, len, out, err);
	free(buf);
	return rc;
}

/* What add and edit were told: the record (edit), --type (add), --file and
 * every --set in order. */
struct change_args {
	const char *id, *type, *file;
	const char **sets;
	size_t nsets;
	int force; /* --force: a doubtful date is saved as it is */
};

/* What add and edit hold while they work; freed by change_free. */
struct change {
	struct change_args c;
	struct node rec;
	struct repo *r;
	struct actor a;
	struct problems probs;
};

static void change_free(struct change *ch)
{
	problems_free(&ch->probs);
	actor_free(&ch->a);
	repo_close(ch->r);
	node_free(&ch->rec);
	free(ch->c.sets);
}

static int change_parse(int argc, char **argv, int adding, struct change_args *c,
			struct ggw_error *err)
{
	enum { O_FILE, O_SET, O_FORCE, O_TYPE }; /* O_TYPE last: add only */
	static const struct opt_def add_defs[] = {
		[O_FILE] = OPT_VALUE("--file"), [O_SET] = OPT_VALUE("--set"),
		[O_FORCE] = OPT_FLAG("--force"), [O_TYPE] = OPT_VALUE("--type"), OPT_END,
	};
	static const struct opt_def edit_defs[] = {
		[O_FILE] = OPT_VALUE("--file"), [O_SET] = OPT_VALUE("--set"),
		[O_FORCE] = OPT_FLAG("--force"), OPT_END,
	};
	struct opt_iter it;
	const char *v;
	int k;

	memset(c, 0, sizeof(*c));
	if (!(c->sets = calloc((size_t)argc, sizeof(*c->sets))))
		return ggw_oom(err);
	opt_start(&it, argc, argv, 1);
	while ((k = opt_next(&it, adding ? add_defs : edit_defs, &v, err)) != OPT_DONE) {
		if (k < 0)
			return k;
		if (k == O_FILE)
			c->file = v;
		else if (k == O_SET)
			c->sets[c->nsets++] = v;
		else if (k == O_TYPE)
			c->type = v;
		else if (k == O_FORCE)
			c->force = 1;
		else if (adding || c->id)
			return opt_unknown(err, argv[0], v);
		else
			c->id = v;
	}
	return 0;
}

/* add --file: the record, and its type from schema: (else --type's). */
static int add_load_file(const struct change_args *c, enum record_type *t, struct node *rec,
			 struct ggw_error *err)
{
	const char *schema;
	int rc, ft;

	if ((rc = load_input_file(c->file, rec, err)) < 0)
		return rc;
	if (!(schema = node_map_str(rec, "schema")))
		return 0;
	ft = record_type_from_schema(schema);
	if (!record_type_per_file(ft))
		return ggw_fail(err, GGW_EINVALID, _("%s：schema“%s”不是活动或五老记录"), c->file, schema);
	if (c->type && ft != (int)*t)
		return cli_usage_error(err, "add", _("--type %s 与文件的 schema %s 不一致"), c->type, schema);
	*t = (enum record_type)ft;
	return 0;
}

int cmd_add(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct change ch = { 0 };
	struct change_args *c = &ch.c;
	enum record_type t = REC_ACTIVITY;
	char id[32];
	int rc;

	if (cli_wants_help(argc, argv, "add"))
		return 0;
	if ((rc = change_parse(argc, argv, 1, c, err)) < 0 ||
	    (c->type && (rc = parse_type(c->type, &t, "add", err)) < 0))
		goto done;
	if (c->file)
		rc = add_load_file(c, &t, &ch.rec, err);
	else if (node_init_map(&ch.rec) < 0)
		rc = ggw_oom(err);
	if (rc < 0 || (rc = apply_sets(t, &ch.rec, c->sets, c->nsets, 1, err)) < 0 ||
	    (rc = check_dates(t, &ch.rec, NULL, c->force, err)) < 0 ||
	    (rc = open_repo(cli, &ch.r, err)) < 0 || (rc = actor_load(ch.r, &ch.a, err)) < 0)
		goto done;
	if ((rc = ops_add(ch.r, &ch.a, t, &ch.rec, id, &ch.probs, err)) < 0) {
		print_problems_in(&ch.probs, c->file);
		goto done;
	}
	printf("%s\n", id);
done:
	change_free(&ch);
	return rc;
}

/* edit --file: the file, with the fixed fields it leaves out (schema, id,
 * unit) from the record itself, else from its path. */
static int edit_load_file(struct repo *r, const char *file, const char *relpath,
			  enum record_type t, const char *unit, const char *id, struct node *rec,
			  struct ggw_error *err)
{
	static const char *const keys[] = { "schema", "id", "unit" };
	const char *from_path[3] = { record_schema(t), id, unit };
	struct node cur = { 0 };
	int rc, have_cur;

	if ((rc = load_input_file(file, rec, err)) < 0)
		return rc;
	have_cur = record_load_file(r, relpath, &cur, NULL) == 0;
	for (size_t k = 0; k < 3 && rc == 0; k++) {
		const char *v = have_cur ? node_map_str(&cur, keys[k]) : NULL;

		if (!node_map_get(rec, keys[k]) &&
		    node_map_set_str(rec, keys[k], v ? v : from_path[k], SCALAR_TEXT) < 0)
			rc = ggw_oom(err);
	}
	if (have_cur)
		node_free(&cur);
	return rc;
}

/* Only a date this edit changes is questioned (the record as committed is
 * the "before"). */
static int edit_check_dates(struct repo *r, const char *relpath, enum record_type t,
			    const struct node *rec, int force, struct ggw_error *err)
{
	struct node before;
	int had, rc;

	if (force)
		return 0;
	had = record_load_file(r, relpath, &before, NULL) == 0;
	rc = check_dates(t, rec, had ? &before : NULL, 0, err);
	if (had)
		node_free(&before);
	return rc;
}

int cmd_edit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct change ch = { 0 };
	struct change_args *c = &ch.c;
	char relpath[512], unit[64], pid[64];
	enum record_type t;
	int rc;

	if (cli_wants_help(argc, argv, "edit"))
		return 0;
	if ((rc = change_parse(argc, argv, 0, c, err)) < 0)
		goto done;
	if (!c->id) {
		rc = cli_usage_error(err, "edit", _("缺少记录编号 ID"));
		goto done;
	}
	if (!c->file && !c->nsets) {
		rc = cli_usage_error(err, "edit", _("要用 --set 或 --file 说明改什么"));
		goto done;
	}
	if ((rc = open_repo(cli, &ch.r, err)) < 0 || (rc = actor_load(ch.r, &ch.a, err)) < 0 ||
	    (rc = ops_find_path(ch.r, c->id, relpath, sizeof(relpath), err)) < 0)
		goto done;
	if (record_path_parse(relpath, &t, unit, pid) < 0) {
		rc = ggw_fail(err, GGW_EINVALID, _("路径不符合台账格式：%s"), relpath);
		goto done;
	}
	if (c->file)
		rc = edit_load_file(ch.r, c->file, relpath, t, unit, c->id, &ch.rec, err);
	else if ((rc = record_load_file(ch.r, relpath, &ch.rec, err)) < 0)
		ggw_prefix(err, _("记录文件读不出来，请用 --file 给出完整记录"));
	if (rc < 0 || (rc = apply_sets(t, &ch.rec, c->sets, c->nsets, 0, err)) < 0 ||
	    (rc = edit_check_dates(ch.r, relpath, t, &ch.rec, c->force, err)) < 0)
		goto done;
	if ((rc = ops_edit(ch.r, &ch.a, c->id, &ch.rec, &ch.probs, err)) < 0) {
		print_problems_in(&ch.probs, c->file);
		goto done;
	}
	if (rc == OPS_UNCHANGED)
		printf(_("没有修改\n"));
	else
		printf(_("已修改 %s\n"), c->id); /* like rm's "已删除": the user sees it took */
	if (t == REC_CASE && rc != OPS_UNCHANGED)
		case_key_hint_if_closed(ch.r, &ch.rec);
	rc = 0;
done:
	change_free(&ch);
	return rc;
}

/* ---- rm ---- */

int cmd_rm(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct actor a = { 0 };
	char code[32];
	int rc;

	if (cli_wants_help(argc, argv, "rm"))
		return 0;
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage_error(err, "rm", _("需要一个记录编号 ID"));
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	case_code_of(r, argv[1], code, sizeof(code)); /* before the file is gone */
	if ((rc = actor_load(r, &a, err)) == 0 && (rc = ops_rm(r, &a, argv[1], err)) == 0) {
		printf(_("已删除 %s\n"), argv[1]);
		case_key_hint(r, code);
	}
	actor_free(&a);
	repo_close(r);
	return rc;
}

/* ---- show ---- */

/* show and log: at most one ID and one option with a value. */
static int parse_id_opt(int argc, char **argv, const char *opt, const char **id, const char **val,
			struct ggw_error *err)
{
	const struct opt_def defs[] = { OPT_INTO(opt, val), OPT_END };

	return opt_parse(argc, argv, 1, defs, (const char **[]){ id }, 1, err);
}

int cmd_show(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL, *format = "text";
	struct repo *r = NULL;
	struct node rec;
	char relpath[512], unit[64], pid[64];
	enum record_type t;
	int rc;

	if (cli_wants_help(argc, argv, "show"))
		return 0;
	if ((rc = parse_id_opt(argc, argv, "--format", &id, &format, err)) < 0)
		return rc;
	if (!id)
		return cli_usage_error(err, "show", _("缺少记录编号 ID"));
	if (strcmp(format, "text") && strcmp(format, "yaml"))
		return cli_usage_error(err, "show", _("--format 只能是 text 或 yaml"));
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = ops_find_path(r, id, relpath, sizeof(relpath), err)) < 0)
		goto out;
	if (record_path_parse(relpath, &t, unit, pid) < 0) {
		rc = ggw_fail(err, GGW_EINVALID, _("路径不符合台账格式：%s"), relpath);
		goto out;
	}
	if ((rc = record_load_file(r, relpath, &rec, err)) < 0)
		goto out;
	if (!strcmp(format, "yaml")) {
		char *yaml = NULL;
		size_t len = 0;

		if ((rc = record_to_yaml(t, &rec, &yaml, &len, err)) == 0) {
			fwrite(yaml, 1, len, stdout);
			free(yaml);
		}
	} else {
		struct units u;
		int have = units_load(r, &u, NULL) == 0;

		output_record_text(stdout, t, &rec, have ? &u : NULL, output_utf8());
		evidence_show_lines(r, &rec);
		if (have)
			units_free(&u);
	}
	node_free(&rec);
out:
	repo_close(r);
	return rc;
}

/* ---- list ---- */

static int parse_date_opt(const char *s, int *out, const char *opt, struct ggw_error *err)
{
	int d = date_parse_typed(s); /* 2024.7.10, 2024年7月10日 as well */

	if (d < 0)
		return cli_usage_error(err, "list", _("%s 的日期“%s”无效：%s"), opt, s, date_examples());
	*out = d;
	return 0;
}

static int parse_enum_opt(const struct enum_item *items, const char *s, int *out,
			  const char *opt, struct ggw_error *err)
{
	char keys[600] = "";
	size_t used = 0;
	int v = enum_index(items, s);

	if (v >= 0) {
		*out = v;
		return 0;
	}
	for (size_t k = 0; items[k].key && used < sizeof(keys) - 40; k++)
		used += (size_t)snprintf(keys + used, sizeof(keys) - used, "%s%s", k ? _("、") : "",
					 items[k].key);
	return cli_usage_error(err, "list", _("%s 不认识“%s”，可用：%s"), opt, s, keys);
}

/* What list was asked for. */
struct list_args {
	struct query q;
	enum record_type t;
	const char *type, *format, *sort;
	int count, excel;
};

enum { O_TYPE, O_UNIT, O_YEAR, O_FROM, O_TO, O_CATEGORY, O_FORM, O_GREP, O_MISSING, O_SORT,
       O_FORMAT, O_CONFLICTS, O_COUNT, O_EXCEL };
static const struct opt_def list_defs[] = {
	[O_TYPE] = OPT_VALUE("--type"),       [O_UNIT] = OPT_VALUE("--unit"),
	[O_YEAR] = OPT_VALUE("--year"),       [O_FROM] = OPT_VALUE("--from"),
	[O_TO] = OPT_VALUE("--to"),           [O_CATEGORY] = OPT_VALUE("--category"),
	[O_FORM] = OPT_VALUE("--form"),       [O_GREP] = OPT_VALUE("--grep"),
	[O_MISSING] = OPT_VALUE("--missing"), [O_SORT] = OPT_VALUE("--sort"),
	[O_FORMAT] = OPT_VALUE("--format"),   [O_CONFLICTS] = OPT_FLAG("--conflicts"),
	[O_COUNT] = OPT_FLAG("--count"),     [O_EXCEL] = OPT_FLAG("--excel"),
	OPT_END,
};

/* One option k (list_defs) with its value v. */
static int list_option(struct list_args *la, int k, const char *v, struct ggw_error *err)
{
	struct query *q = &la->q;

	switch (k) {
	case O_TYPE: la->type = v; return 0;
	case O_UNIT: q->unit = v; return 0;
	case O_YEAR: return opt_year(v, &q->year, err);
	case O_FROM: return parse_date_opt(v, &q->from, "--from", err);
	case O_TO: return parse_date_opt(v, &q->to, "--to", err);
	case O_CATEGORY: return parse_enum_opt(enum_category, v, &q->category, "--category", err);
	case O_FORM: return parse_enum_opt(enum_form, v, &q->form, "--form", err);
	case O_GREP: q->grep = v; return 0;
	case O_MISSING:
		if (strcmp(v, "five-have"))
			return cli_usage_error(err, "list", _("--missing 只能是 five-have"));
		q->missing_five_have = 1;
		return 0;
	case O_SORT: la->sort = v; return 0;
	case O_FORMAT: la->format = v; return 0;
	case O_CONFLICTS: q->conflicts = 1; return 0;
	case O_COUNT: la->count = 1; return 0;
	case O_EXCEL: la->excel = 1; return 0;
	default: return opt_unknown(err, "list", v);
	}
}

/* The choices that only make sense together, once every option is read. */
static int list_settle(struct list_args *la, struct ggw_error *err)
{
	static const struct {
		const char *key;
		enum sort_order sort;
	} sorts[] = { { "date", SORT_DATE_ASC }, { "-date", SORT_DATE_DESC }, { "title", SORT_TITLE } };
	static const char *const formats[] = { "table", "csv", "yaml", "ids" };
	size_t k;
	int rc;

	if ((rc = parse_type(la->type, &la->t, "list", err)) < 0)
		return rc;
	la->q.type = (int)la->t;
	if (la->q.from && la->q.to && la->q.from > la->q.to)
		return cli_usage_error(err, "list", _("--from 的日期晚于 --to：请把开始日期写在 --from，结束日期写在 --to"));
	for (k = 0; k < sizeof(sorts) / sizeof(sorts[0]) && strcmp(la->sort, sorts[k].key); k++)
		;
	if (k == sizeof(sorts) / sizeof(sorts[0]))
		return cli_usage_error(err, "list", _("--sort 只能是 date、-date 或 title"));
	la->q.sort = sorts[k].sort;
	for (k = 0; k < sizeof(formats) / sizeof(formats[0]) && strcmp(la->format, formats[k]); k++)
		;
	if (k == sizeof(formats) / sizeof(formats[0]))
		return cli_usage_error(err, "list", _("--format 只能是 table、csv、yaml 或 ids"));
	if (la->excel && strcmp(la->format, "csv"))
		return cli_usage_error(err, "list", _("--excel 只用于 --format csv"));
	return 0;
}

static int list_parse(int argc, char **argv, struct list_args *la, struct ggw_error *err)
{
	struct opt_iter it;
	const char *v;
	int k, rc;

	query_init(&la->q);
	la->type = "activity";
	la->format = "table";
	la->sort = "-date";
	la->count = la->excel = 0;
	opt_start(&it, argc, argv, 1);
	while ((k = opt_next(&it, list_defs, &v, err)) != OPT_DONE)
		if (k < 0 || (rc = list_option(la, k, v, err)) < 0)
			return k < 0 ? k : rc;
	return list_settle(la, err);
}

/* --excel: the csv for people (records/output_excel.h), names looked up
 * in the whole ledger, so each record is read in full. */
static int list_print_excel(struct repo *r, const struct ledger *l, const size_t *idx, size_t n,
			    const struct list_args *la, struct ggw_error *err)
{
	struct excel_sheet *sheet = excel_sheet_new(l);

	if (!sheet)
		return ggw_oom(err);
	fputs("\xEF\xBB\xBF", stdout);
	excel_header(stdout, la->t);
	for (size_t k = 0; k < n; k++) {
		struct node rec;
		struct ggw_error lerr = { 0, "" };

		if (record_load_file(r, l->v[idx[k]].path, &rec, &lerr) < 0) {
			fprintf(stderr, _("警告：跳过无效文件 %s\n"), lerr.msg);
			continue;
		}
		excel_row(stdout, sheet, la->t, &rec);
		node_free(&rec);
	}
	excel_sheet_free(sheet);
	return 0;
}

/* csv and yaml: each record as its file renders (kept in the output cache
 * by blob, so only changed files are parsed again). */
static int list_print_full(struct repo *r, const struct ledger *l, const size_t *idx, size_t n,
			   const struct list_args *la, struct ggw_error *err)
{
	int csv = !strcmp(la->format, "csv");
	enum outcache_form form = csv ? OUT_CSV : OUT_YAML;
	struct outcache *oc;

	if (csv && la->excel)
		return list_print_excel(r, l, idx, n, la, err);
	if (csv)
		output_csv_header(stdout, la->t);
	else if (n == 0)
		fputs("[]\n", stdout);
	oc = outcache_open(l);
	safeout_escaped(1); /* the cache's texts are escaped (outcache.h) */
	for (size_t k = 0; oc && k < n; k++) {
		struct ggw_error lerr = { 0, "" };

		if (outcache_print(oc, stdout, &l->v[idx[k]], form, &lerr) < 0)
			fprintf(stderr, _("警告：跳过无效文件 %s\n"), lerr.msg);
	}
	safeout_escaped(0);
	outcache_close(oc);
	return 0;
}

static int list_print(struct repo *r, const struct ledger *l, const struct list_args *la,
		      struct ggw_error *err)
{
	size_t *idx = NULL, n = 0;
	int rc;

	if (la->count) { /* no sorting needed */
		for (size_t k = 0; k < l->n; k++)
			n += entry_matches(&l->v[k], &la->q) ? 1 : 0;
		printf("%zu\n", n);
		return 0;
	}
	if ((rc = ledger_query(l, &la->q, &idx, &n, err)) < 0)
		return rc;
	if (!strcmp(la->format, "table")) {
		output_table(stdout, l, idx, n, la->t, output_utf8());
		if (n == 0) /* a bare header row looks like a fault */
			fprintf(stderr, _("没有符合条件的记录\n"));
	} else if (!strcmp(la->format, "ids")) {
		for (size_t k = 0; k < n; k++)
			printf("%s\n", l->v[idx[k]].id);
	} else
		rc = list_print_full(r, l, idx, n, la, err);
	free(idx);
	return rc;
}

int cmd_list(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct list_args la;
	struct repo *r = NULL;
	struct ledger l = { 0 };
	int rc;

	if (cli_wants_help(argc, argv, "list"))
		return 0;
	if ((rc = list_parse(argc, argv, &la, err)) < 0)
		return rc;
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = ledger_load(r, &l, err)) < 0)
		goto out;
	if (la.q.unit && (rc = units_resolve(&l.units, la.q.unit, &la.q.unit, err)) < 0)
		goto out;
	for (size_t k = 0; k < l.n; k++)
		if (!l.v[k].valid && (int)l.v[k].type == la.q.type)
			fprintf(stderr, _("警告：跳过无效文件 %s\n"), l.v[k].error);
	rc = list_print(r, &l, &la, err);
out:
	if (fflush(stdout) != 0 && rc == 0)
		rc = ggw_fail(err, GGW_EIO, _("输出失败：%s"), strerror(errno));
	ledger_free(&l);
	repo_close(r);
	return rc;
}

/* ---- log ---- */

/* A commit's Ggw-Action for people, with the key itself after it. */
static const char *action_label(const char *action)
{
	static const struct {
		const char *key, *label;
	} labels[] = {
		{ "add", N_("新增了记录") },
		{ "edit", N_("修改了记录") },
		{ "delete", N_("删除了记录") },
		{ "merge", N_("同步时合并") },
		{ "resolve", N_("解决了冲突") },
		{ "init", N_("新建了台账") },
		{ "undo", N_("撤销了一次修改") },
		{ "restore", N_("恢复了删除的记录") },
		{ "git", N_("用 git 直接提交") },
	};

	for (size_t k = 0; k < sizeof(labels) / sizeof(labels[0]); k++)
		if (!strcmp(action, labels[k].key))
			return _(labels[k].label);
	return NULL;
}

static void print_change(const struct field_change *c)
{
	/* one conflict entry, settled or new: the label says which */
	if (!strcmp(c->field, "conflicts"))
		printf(_("    %s：%s\n"), c->label, *c->old_text ? c->old_text : c->new_text);
	else if (!*c->old_text)
		printf(_("    %s：%s\n"), c->label, c->new_text);
	else if (!*c->new_text)
		printf(_("    %s：删去“%s”\n"), c->label, c->old_text);
	else
		printf(_("    %s：%s → %s\n"), c->label, c->old_text, c->new_text);
}

static void log_all(struct repo *r, size_t limit, struct ggw_error *err, int *rc)
{
	struct file_version *v = NULL;
	size_t n = 0;
	struct units u;
	struct trust_ctx *trust = NULL;
	char sig[512];
	int have_units;

	if ((*rc = repo_log(r, limit, &v, &n, err)) < 0)
		return;
	have_units = units_load(r, &u, NULL) == 0; /* names, not keys */
	for (size_t k = 0; k < n; k++) {
		char when[32], unit[64], who[320], place[128];

		format_commit_time(v[k].time, v[k].tz_minutes, when, sizeof(when));
		if (message_trailer(v[k].message, "Ggw-Unit", unit, sizeof(unit)) < 0)
			unit[0] = '\0';
		units_place(have_units ? &u : NULL, unit, place, sizeof(place));
		if (*unit)
			snprintf(who, sizeof(who), _("%s（%s）"), v[k].author, place);
		else
			snprintf(who, sizeof(who), "%s", v[k].author);
		history_signature(r, &trust, v[k].commit, sig, sizeof(sig));
		printf("%.8s  %s%s  %s  %s%s%s%s\n", v[k].commit, when,
		       clock_implausible(v[k].time, clock_now()) ? _("（时间可疑）") : "", who, v[k].summary,
		       *sig ? "  〔" : "", sig, *sig ? "〕" : "");
	}
	history_signature_done(trust);
	if (have_units)
		units_free(&u);
	file_versions_free(v, n);
}

static void print_history_item(const struct history_item *h, const char *sig)
{
	const char *label = action_label(h->action);
	char when[32];

	format_commit_time(h->time, h->tz_minutes, when, sizeof(when));
	printf("%.8s  %s  %s <%s>  ", h->commit, when, h->author, h->email);
	if (label)
		printf(_("%s（%s）\n"), label, h->action);
	else
		printf("%s\n", h->action);
	printf("  %s\n", h->summary);
	if (*sig)
		printf(_("  签名：%s\n"), sig);
	if (h->error)
		printf(_("    （这一版无法读取：%s）\n"), h->error);
	for (size_t c = 0; c < h->nchanges; c++)
		print_change(&h->changes[c]);
}

static void log_record(struct repo *r, const char *id, size_t limit, struct ggw_error *err,
		       int *rc)
{
	char relpath[512];
	struct history_item *h = NULL;
	struct trust_ctx *trust = NULL;
	size_t n = 0;

	if ((*rc = record_find_any(r, id, relpath, sizeof(relpath), err)) < 0 ||
	    (*rc = record_history(r, relpath, limit, &h, &n, err)) < 0)
		return;
	if (n == 0)
		printf(_("%s 还没有提交过\n"), relpath);
	for (size_t k = 0; k < n; k++) {
		char sig[512];

		history_signature(r, &trust, h[k].commit, sig, sizeof(sig));
		print_history_item(&h[k], sig);
	}
	history_signature_done(trust);
	history_free(h, n);
}

int cmd_log(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL, *limit_arg = NULL;
	struct repo *r = NULL;
	size_t limit = 20;
	int rc;

	if (cli_wants_help(argc, argv, "log"))
		return 0;
	if ((rc = parse_id_opt(argc, argv, "--limit", &id, &limit_arg, err)) < 0)
		return rc;
	if (limit_arg) {
		char *end;
		long n = strtol(limit_arg, &end, 10);

		if (!*limit_arg || *end || n < 1)
			return cli_usage_error(err, "log", _("--limit 要一个正整数"));
		limit = (size_t)n;
	}
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	if (id)
		log_record(r, id, limit, err, &rc);
	else
		log_all(r, limit, err, &rc);
	if (!id && rc == 0)
		hubrefused_log(r);
	repo_close(r);
	return rc;
}

/* ---- check ---- */

int cmd_check(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct check_report c;
	int rc;

	if (cli_wants_help(argc, argv, "check"))
		return 0;
	if ((rc = opt_positionals(argc, argv, 1, NULL, 0, err)) < 0)
		return rc;
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	rc = ledger_check(r, &c, err);
	for (size_t k = 0; k < c.n; k++)
		printf("%s\n", c.v[k].text);
	for (size_t k = 0; k < c.ndirty; k++)
		fprintf(stderr, _("警告：%s 有未提交的改动（ggw 下次修改这条记录时会一并提交，或用 git 提交）\n"),
			c.dirty[k]);
	if (rc == 0 && c.problems)
		fprintf(stderr, _("检查了 %zu 个文件，发现 %zu 个问题\n"), c.files, c.problems);
	else if (rc == 0)
		fprintf(stderr, _("检查了 %zu 个文件，没有发现问题\n"), c.files);
	if (rc == 0)
		rc = c.problems ? 1 : 0;
	check_report_free(&c);
	repo_close(r);
	return rc;
}
