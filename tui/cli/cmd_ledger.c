/* Ledger commands: init clone config unit add edit rm show list log check.
 * Output for people is Chinese (gettext); --format csv|yaml|ids output is
 * for programs and never translated. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../model/record.h"
#include "../../model/text.h"
#include "../../records/checkrule.h"
#include "../../records/history.h"
#include "../../records/ledger.h"
#include "../../records/ops.h"
#include "../../records/output.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo_status.h"
#include "../../storage/yamlio.h"

/* ---- argument helpers ---- */

/* "--name VALUE" or "--name=VALUE" at argv[*i]: 1 with *val set (and *i
 * moved past the value), 0 if argv[*i] is something else, GGW_EUSAGE if the
 * value is missing. */
static int opt_arg(int argc, char **argv, int *i, const char *name, const char **val,
		   const char *cmd, struct ggw_error *err)
{
	size_t n = strlen(name);

	if (!strcmp(argv[*i], name)) {
		if (*i + 1 >= argc)
			return cli_usage_error(err, cmd, _("%s 后面缺少值"), name);
		*val = argv[++*i];
		return 1;
	}
	if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=') {
		*val = argv[*i] + n + 1;
		return 1;
	}
	return 0;
}

static int unknown_option(struct ggw_error *err, const char *cmd, const char *arg)
{
	return cli_usage_error(err, cmd, _("%s 不认识“%s”"), cmd, arg);
}

/* One command's options, NULL-terminated; flags take no value. */
struct optdef {
	const char *name;
	int takes_value;
};

#define OPT_POSITIONAL 1000 /* next_opt: argv[*i] is not an option */

/* What argv[*i] is, against the command's options (argv[0] is the command
 * name, for messages): the index of the option in opts, with *val set when
 * it takes a value (and *i moved past a separate value); OPT_POSITIONAL
 * with *val = the argument; or GGW_EUSAGE for an unknown option or a
 * missing value. */
static int next_opt(int argc, char **argv, int *i, const struct optdef *opts, const char **val,
		    struct ggw_error *err)
{
	for (int k = 0; opts[k].name; k++) {
		int rc;

		if (!opts[k].takes_value) {
			if (!strcmp(argv[*i], opts[k].name))
				return k;
			continue;
		}
		if ((rc = opt_arg(argc, argv, i, opts[k].name, val, argv[0], err)) != 0)
			return rc < 0 ? rc : k;
	}
	if (argv[*i][0] == '-')
		return unknown_option(err, argv[0], argv[*i]);
	*val = argv[*i];
	return OPT_POSITIONAL;
}

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

	if (!record_type_per_file(v))
		return cli_usage_error(err, cmd, _("--type 只能是 activity（活动）或 volunteer（五老）"));
	*t = (enum record_type)v;
	return 0;
}

static int open_repo(struct cli *cli, struct repo **r, struct ggw_error *err)
{
	ops_set_notice(cli_notice, NULL);
	return cli_open_repo(cli, r, err);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void remove_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int dir_absent_or_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int empty = 1;

	if (!d)
		return errno == ENOENT;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* "host:path" (scp-like ssh address) rather than a local path. */
static int looks_like_scp(const char *url)
{
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');

	return colon && colon != url && (!slash || colon < slash);
}

/* Remove everything inside dir, keeping dir itself. */
static void empty_folder(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[PATH_MAX];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) < (int)sizeof(path))
			remove_tree(path);
	}
	closedir(d);
}

/* ---- init ---- */

struct init_unit {
	const char *key, *name, *kind;
};

int cmd_init(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *dir = NULL, *street = NULL, *me = NULL, *v;
	struct init_unit units[64];
	size_t nunits = 0;
	struct repo *r = NULL;
	struct node root, list, item;
	struct problems probs = { 0 };
	struct actor a = { 0 };
	char *yaml = NULL, *msg = NULL, path[PATH_MAX], abs[PATH_MAX];
	const char *paths[2] = { "units.yaml", ".gitattributes" };
	size_t len = 0;
	int rc = 0, created = 0, i;

	(void)cli;
	if (cli_wants_help(argc, argv, "init"))
		return 0;
	for (i = 1; i < argc; i++) {
		static const struct optdef opts[] = {
			{ "--street", 1 }, { "--me", 1 }, { "--unit", 1 }, { "--unit-name", 1 },
			{ "--kind", 1 }, { NULL, 0 },
		};

		switch ((rc = next_opt(argc, argv, &i, opts, &v, err))) {
		case 0:
			street = v;
			break;
		case 1:
			me = v;
			break;
		case 2:
			if (nunits == sizeof(units) / sizeof(units[0]))
				return cli_usage_error(err, "init", _("单位太多"));
			units[nunits].key = v;
			units[nunits].name = NULL;
			units[nunits].kind = NULL;
			nunits++;
			break;
		case 3:
			if (!nunits)
				return cli_usage_error(err, "init", _("--unit-name 要跟在 --unit KEY 后面"));
			units[nunits - 1].name = v;
			break;
		case 4:
			if (!nunits)
				return cli_usage_error(err, "init", _("--kind 要跟在 --unit KEY 后面"));
			units[nunits - 1].kind = v;
			break;
		case OPT_POSITIONAL:
			if (dir)
				return unknown_option(err, "init", argv[i]);
			dir = v;
			break;
		default:
			return rc;
		}
	}
	rc = 0;
	if (!dir)
		return cli_usage_error(err, "init", _("缺少文件夹 DIR"));
	if (!street || !*street)
		return cli_usage_error(err, "init", _("缺少 --street 街道关工委名称"));
	for (size_t k = 0; k < nunits; k++) {
		if (!unit_key_valid(units[k].key))
			return ggw_fail(err, GGW_EINVALID,
					_("单位代码“%s”无效：小写字母开头，由小写字母、数字和 - 组成，最多 32 个字符"),
					units[k].key);
		if (units[k].kind && enum_index(enum_unit_kind, units[k].kind) < 0)
			return ggw_fail(err, GGW_EINVALID,
					_("单位类型“%s”无效：village、community、school、street 或 other"),
					units[k].kind);
		for (size_t j = 0; j < k; j++)
			if (!strcmp(units[j].key, units[k].key))
				return ggw_fail(err, GGW_EINVALID, _("单位代码 %s 重复"), units[k].key);
	}
	if (me) {
		int found = !strcmp(me, "office");

		for (size_t k = 0; k < nunits; k++)
			found |= !strcmp(units[k].key, me);
		if (!found)
			return ggw_fail(err, GGW_EINVALID, _("--me %s 不是这里列出的单位"), me);
	}
	/* units.yaml */
	node_init_map(&root);
	node_init_seq(&list);
	node_map_set_str(&root, "schema", record_schema(REC_UNITS), SCALAR_TEXT);
	node_map_set_str(&root, "street", street, SCALAR_TEXT);
	{
		char office_name[512];
		const char *oname = NULL;

		for (size_t k = 0; k < nunits; k++)
			if (!strcmp(units[k].key, "office"))
				oname = units[k].name;
		snprintf(office_name, sizeof(office_name), "%s办公室", street);
		node_init_map(&item);
		node_map_set_str(&item, "key", "office", SCALAR_TEXT);
		node_map_set_str(&item, "name", oname ? oname : office_name, SCALAR_TEXT);
		node_map_set_str(&item, "kind", "street", SCALAR_TEXT);
		node_seq_append(&list, &item);
	}
	for (size_t k = 0; k < nunits; k++) {
		if (!strcmp(units[k].key, "office"))
			continue;
		node_init_map(&item);
		node_map_set_str(&item, "key", units[k].key, SCALAR_TEXT);
		node_map_set_str(&item, "name", units[k].name ? units[k].name : units[k].key, SCALAR_TEXT);
		node_map_set_str(&item, "kind", units[k].kind ? units[k].kind : "village", SCALAR_TEXT);
		node_seq_append(&list, &item);
	}
	node_map_set(&root, "units", &list);
	if (record_validate(REC_UNITS, &root, &probs) > 0) {
		print_problems(&probs);
		rc = ggw_fail(err, GGW_EINVALID, _("单位设置无效，没有新建台账"));
		goto done;
	}
	if ((rc = record_to_yaml(REC_UNITS, &root, &yaml, &len, err)) < 0)
		goto done;
	created = dir_absent_or_empty(dir);
	if ((rc = repo_init(dir, &r, err)) < 0) {
		created = 0;
		goto done;
	}
	if ((rc = repo_config_set(r, "ggw.unit", me ? me : "office", err)) < 0)
		goto fail;
	if (actor_load(r, &a, NULL) < 0) {
		/* No user.name yet (it can only be set once the ledger exists):
		 * the first commit is the office's, and we say how to fix it. */
		char office_name[512];

		actor_free(&a);
		snprintf(office_name, sizeof(office_name), "%s办公室", street);
		a.unit = strdup(me ? me : "office");
		a.name = strdup(office_name);
		if (asprintf(&a.email, "%s@ggw.local", me ? me : "office") < 0)
			a.email = NULL;
		if (!a.unit || !a.name || !a.email) {
			rc = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
			goto fail;
		}
		fprintf(stderr, _("ggw: 还没有设置填写人的姓名，请运行：ggw -C %s config user.name 名字\n"), dir);
	}
	if (path_join(path, sizeof(path), r->workdir, "units.yaml") < 0 ||
	    (rc = atomic_write(path, yaml, len, err)) < 0)
		goto fail;
	if (path_join(path, sizeof(path), r->workdir, ".gitattributes") < 0 ||
	    (rc = atomic_write(path, "*.yaml -merge\n", 14, err)) < 0)
		goto fail;
	if (asprintf(&msg, "新建台账：%s\n\nGgw-Unit: %s\nGgw-Action: init\n", street, a.unit) < 0) {
		msg = NULL;
		rc = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		goto fail;
	}
	if ((rc = repo_commit_paths(r, paths, 2, msg, a.name, a.email, NULL, err)) < 0)
		goto fail;
	cli_set_default_repo(dir);
	if (!realpath(dir, abs))
		snprintf(abs, sizeof(abs), "%s", dir);
	printf(_("已新建台账：%s（本机单位：%s）\n"), abs, a.unit);
	goto done;
fail:
	repo_close(r);
	r = NULL;
	if (created)
		remove_tree(dir);
done:
	repo_close(r);
	actor_free(&a);
	problems_free(&probs);
	node_free(&root);
	free(yaml);
	free(msg);
	return rc;
}

/* ---- clone ---- */

int cmd_clone(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *url = NULL, *dir = NULL, *unit = NULL;
	struct repo *r = NULL;
	struct units u = { 0 };
	int rc, i, existed;

	(void)cli;
	if (cli_wants_help(argc, argv, "clone"))
		return 0;
	for (i = 1; i < argc; i++) {
		static const struct optdef opts[] = { { "--unit", 1 }, { NULL, 0 } };
		const char *v;

		switch ((rc = next_opt(argc, argv, &i, opts, &v, err))) {
		case 0:
			unit = v;
			break;
		case OPT_POSITIONAL:
			if (!url)
				url = v;
			else if (!dir)
				dir = v;
			else
				return unknown_option(err, "clone", v);
			break;
		default:
			return rc;
		}
	}
	if (!url || !dir)
		return cli_usage_error(err, "clone", _("需要 URL 和 DIR"));
	if (!unit)
		return cli_usage_error(err, "clone", _("缺少 --unit 本机单位代码"));
	if (!unit_key_valid(unit))
		return ggw_fail(err, GGW_EINVALID, _("单位代码“%s”无效"), unit);
	/* Checked here so that the message is ggw's, in the user's language,
	 * rather than libgit2's English. */
	if (!dir_absent_or_empty(dir))
		return ggw_fail(err, GGW_EINVALID,
				_("文件夹 %s 不是空的，不能复制到这里。请换一个空文件夹或一个还不存在的文件夹。"),
				dir);
	if (!strstr(url, "://") && !looks_like_scp(url) && access(url, F_OK) != 0)
		return ggw_fail(err, GGW_ENET, _("找不到 %s：请检查路径（U盘是否插好）"), url);
	existed = access(dir, F_OK) == 0;
	if ((rc = repo_clone(url, dir, &r, err)) < 0)
		goto fail;
	if ((rc = units_load(r, &u, err)) < 0)
		goto fail;
	if (!units_find(&u, unit)) {
		char keys[800] = "";
		size_t used = 0;

		for (size_t k = 0; k < u.n && used < sizeof(keys) - 40; k++)
			used += (size_t)snprintf(keys + used, sizeof(keys) - used, "%s%s", k ? "、" : "",
						 u.v[k].key);
		rc = ggw_fail(err, GGW_EINVALID, _("单位 %s 不在这个台账的 units.yaml 里（有：%s）；已撤销复制"),
			      unit, keys);
		goto fail;
	}
	if ((rc = repo_config_set(r, "ggw.unit", unit, err)) < 0)
		goto fail;
	cli_set_default_repo(dir);
	printf(_("已复制台账到 %s（本机单位：%s）\n"), dir, unit);
	units_free(&u);
	repo_close(r);
	return 0;
fail:
	/* Leave the folder as it was: absent, or there and empty. */
	units_free(&u);
	repo_close(r);
	if (existed)
		empty_folder(dir);
	else
		remove_tree(dir);
	return rc;
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

/* The settings ggw reads. Anything else would be saved and then ignored
 * (a typo like user.nmae), so setting it is refused. */
static const char *const config_known[] = {
	"user.name", "user.email", "ggw.unit", "ggw.lang", "ggw.timeout",
};
/* Per remote: "<prefix><name><suffix>", written by ggw remote add / sync. */
static const struct {
	const char *prefix, *suffix;
} config_known_remote[] = {
	{ "remote.", ".url" },
	{ "remote.", ".pushurl" },
	{ "remote.", ".fetch" },
	{ "remote.", ".push" },
	{ "ggw.remote.", ".lastsync" },
};

/* git compares section and key names without case: *name is replaced by
 * the canonical spelling of a known setting, so the checks below apply. */
static int config_name_known(const char **name)
{
	size_t n = strlen(*name);

	for (size_t i = 0; i < sizeof(config_known) / sizeof(config_known[0]); i++)
		if (!strcasecmp(*name, config_known[i])) {
			*name = config_known[i];
			return 1;
		}
	for (size_t i = 0; i < sizeof(config_known_remote) / sizeof(config_known_remote[0]); i++) {
		size_t lp = strlen(config_known_remote[i].prefix);
		size_t ls = strlen(config_known_remote[i].suffix);

		/* a non-empty remote name between prefix and suffix */
		if (n > lp + ls && !strncasecmp(*name, config_known_remote[i].prefix, lp) &&
		    !strcasecmp(*name + n - ls, config_known_remote[i].suffix))
			return 1;
	}
	return 0;
}

/* ggw.timeout: seconds, a whole number from 1 to 86400. */
static int config_timeout_valid(const char *value)
{
	long v = 0;

	if (!*value || strspn(value, "0123456789") != strlen(value) || strlen(value) > 6)
		return 0;
	v = strtol(value, NULL, 10);
	return v >= 1 && v <= 86400;
}

int cmd_config(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	const char *name = NULL, *value = NULL;
	int rc;

	if (cli_wants_help(argc, argv, "config"))
		return 0;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			return unknown_option(err, "config", argv[i]);
		if (!name)
			name = argv[i];
		else if (!value)
			value = argv[i];
		else
			return cli_usage_error(err, "config", _("参数太多"));
	}
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	/* after opening: the refusal is in the ledger's language (ggw.lang) */
	if (name && value && !config_name_known(&name)) {
		repo_close(r);
		return cli_usage_error(err, "config",
				       _("不认识设置“%s”，没有保存。可以设置的有：user.name、user.email、"
					 "ggw.unit、ggw.lang、ggw.timeout，以及同步用的 remote.<名称>.url、"
					 "remote.<名称>.pushurl、remote.<名称>.fetch、remote.<名称>.push、"
					 "ggw.remote.<名称>.lastsync"),
				       name);
	}
	if (name && value && !strcmp(name, "ggw.timeout") && !config_timeout_valid(value)) {
		repo_close(r);
		return cli_usage_error(err, "config",
				       _("ggw.timeout 是秒数，要写 1 到 86400 之间的整数，如 ggw config ggw.timeout 60"));
	}
	if (!name) {
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
		repo_close(r);
		return 0;
	}
	if (!strchr(name, '.') || name[0] == '.' || name[strlen(name) - 1] == '.') {
		repo_close(r);
		return cli_usage_error(err, "config", _("设置名应像 user.name 或 ggw.unit"));
	}
	if (!value) {
		char *v = NULL;

		rc = repo_config_get(r, name, &v, err);
		repo_close(r);
		if (rc < 0)
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
	if (!strcmp(name, "ggw.unit")) {
		struct units u;

		if ((rc = units_load(r, &u, err)) < 0) {
			repo_close(r);
			return rc;
		}
		if (!units_find(&u, value)) {
			units_free(&u);
			repo_close(r);
			return ggw_fail(err, GGW_EINVALID,
					_("单位 %s 不在 units.yaml 里：用 ggw unit list 查看单位代码"), value);
		}
		units_free(&u);
	} else if (!strcmp(name, "ggw.lang") && strcmp(value, "zh") && strcmp(value, "en")) {
		repo_close(r);
		return ggw_fail(err, GGW_EINVALID, _("ggw.lang 只能是 zh（中文）或 en（英文）"));
	} else if (!strcmp(name, "user.name") && !*value) {
		repo_close(r);
		return ggw_fail(err, GGW_EINVALID, _("姓名不能为空"));
	}
	rc = repo_config_set(r, name, value, err);
	repo_close(r);
	return rc;
}

/* ---- unit ---- */

static const char *unit_kind_label(const char *kind)
{
	int ki = enum_index(enum_unit_kind, kind);

	return ki >= 0 ? _(enum_unit_kind[ki].label) : kind;
}

int cmd_unit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	const char *key = NULL, *name = NULL, *kind = "village";
	int rc, i;

	if (cli_wants_help(argc, argv, "unit"))
		return 0;
	if (argc < 2)
		return cli_usage_error(err, "unit", _("要说明 add 还是 list"));
	if (!strcmp(argv[1], "list")) {
		struct units u;

		if (argc > 2)
			return cli_usage_error(err, "unit", _("参数太多"));
		if ((rc = open_repo(cli, &r, err)) < 0)
			return rc;
		rc = units_load(r, &u, err);
		repo_close(r);
		if (rc < 0)
			return rc;
		printf("%s\n", u.street);
		/* Columns as wide as their longest entry: the kind labels are
		 * 2 columns in Chinese but up to 9 in English. */
		size_t key_cols = 0, kind_cols = 0;
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
	if (strcmp(argv[1], "add"))
		return cli_usage_error(err, "unit", _("不认识“%s”：要 add 或 list"), argv[1]);
	for (i = 2; i < argc; i++) {
		static const struct optdef opts[] = { { "--kind", 1 }, { NULL, 0 } };
		const char *v;

		switch ((rc = next_opt(argc, argv, &i, opts, &v, err))) {
		case 0:
			kind = v;
			break;
		case OPT_POSITIONAL:
			if (!key)
				key = v;
			else if (!name)
				name = v;
			else
				return cli_usage_error(err, "unit", _("参数太多"));
			break;
		default:
			return rc;
		}
	}
	if (!key || !name)
		return cli_usage_error(err, "unit", _("需要 KEY 和 NAME"));
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	{
		struct actor a;
		struct problems probs = { 0 };

		if ((rc = actor_load(r, &a, err)) == 0) {
			rc = ops_unit_add(r, &a, key, name, kind, &probs, err);
			if (rc < 0 && probs.n)
				print_problems(&probs);
			actor_free(&a);
		}
		problems_free(&probs);
	}
	repo_close(r);
	if (rc == 0)
		printf(_("已添加单位 %s（%s）\n"), key, name);
	return rc;
}

/* ---- add / edit ---- */

/* Apply "FIELD=VALUE" or "FIELD+=VALUE". unit may be set on add only
 * (the office adding for a unit); record_set_field refuses it. */
static int apply_set(enum record_type t, struct node *rec, const char *arg, int adding,
		     const char *cmd, struct ggw_error *err)
{
	const char *eq = strchr(arg, '=');
	char field[128];
	char op = '=';
	size_t n;

	if (!eq || eq == arg)
		return cli_usage_error(err, cmd, _("--set 要写成 字段=值（如 title=防溺水讲座）"));
	n = (size_t)(eq - arg);
	if (eq[-1] == '+') {
		op = '+';
		n--;
	}
	if (n == 0 || n >= sizeof(field))
		return cli_usage_error(err, cmd, _("--set 要写成 字段=值（如 title=防溺水讲座）"));
	memcpy(field, arg, n);
	field[n] = '\0';
	if (adding && op == '=' && !strcmp(field, "unit")) {
		if (!unit_key_valid(eq + 1))
			return ggw_fail(err, GGW_EINVALID, _("单位代码“%s”无效"), eq + 1);
		return node_map_set_str(rec, "unit", eq + 1, SCALAR_TEXT) < 0
			       ? ggw_fail(err, GGW_ENOMEM, _("内存不足"))
			       : 0;
	}
	return record_set_field(t, rec, field, op, eq + 1, err);
}

/* Problems of the rest of the record, after some --set were refused: the
 * user sees everything to fix at once. Fields in `skip` (already reported)
 * and the fixed fields ggw fills itself are left out. */
static void report_other_problems(enum record_type t, const struct node *rec, char skip[][128],
				  size_t nskip)
{
	struct node copy;
	struct problems probs = { 0 };
	char pid[32];

	if (node_clone(&copy, rec) < 0)
		return;
	if (!node_map_get(&copy, "schema"))
		node_map_set_str(&copy, "schema", record_schema(t), SCALAR_TEXT);
	if (!node_map_get(&copy, "unit"))
		node_map_set_str(&copy, "unit", "office", SCALAR_TEXT);
	record_type_id_placeholder(t, pid, sizeof(pid));
	if (!node_map_get(&copy, "id"))
		node_map_set_str(&copy, "id", pid, SCALAR_TEXT);
	record_validate(t, &copy, &probs);
	for (size_t k = 0; k < probs.n; k++) {
		int dup = 0;

		for (size_t j = 0; j < nskip; j++)
			dup |= !strcmp(probs.v[k].field, skip[j]);
		if (!dup)
			fprintf(stderr, "%s\n", probs.v[k].msg);
	}
	problems_free(&probs);
	node_free(&copy);
}

/* Apply every --set; each refused one is reported on stderr, so that the
 * user sees all problems at once. */
static int apply_sets(enum record_type t, struct node *rec, const char **sets, size_t n,
		      int adding, const char *cmd, struct ggw_error *err)
{
	char (*failed_fields)[128] = calloc(n ? n : 1, 128);
	size_t failed = 0;
	int first = 0;

	if (!failed_fields)
		return ggw_fail(err, GGW_ENOMEM, _("内存不足"));
	for (size_t k = 0; k < n; k++) {
		struct ggw_error e = { 0, "" };
		int rc = apply_set(t, rec, sets[k], adding, cmd, &e);

		if (rc == GGW_EUSAGE || rc == GGW_ENOMEM) {
			*err = e;
			free(failed_fields);
			return rc;
		}
		if (rc < 0) {
			fprintf(stderr, "%s\n", e.msg);
			snprintf(failed_fields[failed], 128, "%.*s", (int)strcspn(sets[k], "+="), sets[k]);
			if (!failed++)
				first = rc;
		}
	}
	if (failed) {
		report_other_problems(t, rec, failed_fields, failed);
		free(failed_fields);
		return ggw_fail(err, first, _("有 %zu 处 --set 无效，没有保存"), failed);
	}
	free(failed_fields);
	return 0;
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

int cmd_add(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *type = NULL, *file = NULL, *v;
	const char **sets = NULL;
	size_t nsets = 0;
	enum record_type t = REC_ACTIVITY;
	struct node rec;
	struct repo *r = NULL;
	struct actor a = { 0 };
	struct problems probs = { 0 };
	char id[32];
	int rc = 0, i;

	if (cli_wants_help(argc, argv, "add"))
		return 0;
	memset(&rec, 0, sizeof(rec));
	if (!(sets = calloc((size_t)argc, sizeof(*sets))))
		return ggw_fail(err, GGW_ENOMEM, _("内存不足"));
	for (i = 1; i < argc; i++) {
		static const struct optdef opts[] = {
			{ "--type", 1 }, { "--file", 1 }, { "--set", 1 }, { NULL, 0 },
		};

		switch ((rc = next_opt(argc, argv, &i, opts, &v, err))) {
		case 0:
			type = v;
			break;
		case 1:
			file = v;
			break;
		case 2:
			sets[nsets++] = v;
			break;
		case OPT_POSITIONAL:
			rc = unknown_option(err, "add", v);
			goto done;
		default:
			goto done;
		}
	}
	rc = 0;
	if (type && (rc = parse_type(type, &t, "add", err)) < 0)
		goto done;
	if (file) {
		const char *schema;

		if ((rc = load_input_file(file, &rec, err)) < 0)
			goto done;
		if ((schema = node_map_str(&rec, "schema"))) {
			int ft = record_type_from_schema(schema);

			if (!record_type_per_file(ft)) {
				rc = ggw_fail(err, GGW_EINVALID, _("%s：schema“%s”不是活动或五老记录"), file, schema);
				goto done;
			}
			if (type && ft != (int)t) {
				rc = cli_usage_error(err, "add", _("--type %s 与文件的 schema %s 不一致"), type, schema);
				goto done;
			}
			t = (enum record_type)ft;
		}
	} else
		node_init_map(&rec);
	if ((rc = apply_sets(t, &rec, sets, nsets, 1, "add", err)) < 0)
		goto done;
	if ((rc = open_repo(cli, &r, err)) < 0)
		goto done;
	if ((rc = actor_load(r, &a, err)) < 0)
		goto done;
	rc = ops_add(r, &a, t, &rec, id, &probs, err);
	if (rc < 0) {
		print_problems_in(&probs, file);
		goto done;
	}
	printf("%s\n", id);
done:
	problems_free(&probs);
	actor_free(&a);
	repo_close(r);
	node_free(&rec);
	free(sets);
	return rc;
}

int cmd_edit(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL, *file = NULL, *v;
	const char **sets = NULL;
	size_t nsets = 0;
	struct node rec, cur;
	struct repo *r = NULL;
	struct actor a = { 0 };
	struct problems probs = { 0 };
	char relpath[512], unit[64], pid[64];
	enum record_type t;
	int rc = 0, i;

	if (cli_wants_help(argc, argv, "edit"))
		return 0;
	memset(&rec, 0, sizeof(rec));
	memset(&cur, 0, sizeof(cur));
	if (!(sets = calloc((size_t)argc, sizeof(*sets))))
		return ggw_fail(err, GGW_ENOMEM, _("内存不足"));
	for (i = 1; i < argc; i++) {
		static const struct optdef opts[] = { { "--file", 1 }, { "--set", 1 }, { NULL, 0 } };

		switch ((rc = next_opt(argc, argv, &i, opts, &v, err))) {
		case 0:
			file = v;
			break;
		case 1:
			sets[nsets++] = v;
			break;
		case OPT_POSITIONAL:
			if (id) {
				rc = unknown_option(err, "edit", v);
				goto done;
			}
			id = v;
			break;
		default:
			goto done;
		}
	}
	rc = 0;
	if (!id) {
		rc = cli_usage_error(err, "edit", _("缺少记录编号 ID"));
		goto done;
	}
	if (!file && !nsets) {
		rc = cli_usage_error(err, "edit", _("要用 --set 或 --file 说明改什么"));
		goto done;
	}
	if ((rc = open_repo(cli, &r, err)) < 0)
		goto done;
	if ((rc = actor_load(r, &a, err)) < 0)
		goto done;
	if ((rc = ops_find_path(r, id, relpath, sizeof(relpath), err)) < 0)
		goto done;
	if (record_path_parse(relpath, &t, unit, pid) < 0) {
		rc = ggw_fail(err, GGW_EINVALID, _("路径不符合台账格式：%s"), relpath);
		goto done;
	}
	if (file) {
		const char *keys[] = { "schema", "id", "unit" };

		if ((rc = load_input_file(file, &rec, err)) < 0)
			goto done;
		/* What the file leaves out of the fixed fields comes from the
		 * record itself. */
		if (record_load_file(r, relpath, &cur, NULL) == 0)
			for (size_t k = 0; k < 3; k++)
				if (!node_map_get(&rec, keys[k]) && node_map_str(&cur, keys[k]))
					node_map_set_str(&rec, keys[k], node_map_str(&cur, keys[k]), SCALAR_TEXT);
		if (!node_map_get(&rec, "schema"))
			node_map_set_str(&rec, "schema", record_schema(t), SCALAR_TEXT);
		if (!node_map_get(&rec, "id"))
			node_map_set_str(&rec, "id", id, SCALAR_TEXT);
		if (!node_map_get(&rec, "unit"))
			node_map_set_str(&rec, "unit", unit, SCALAR_TEXT);
	} else if ((rc = record_load_file(r, relpath, &rec, err)) < 0) {
		ggw_prefix(err, _("记录文件读不出来，请用 --file 给出完整记录"));
		goto done;
	}
	if ((rc = apply_sets(t, &rec, sets, nsets, 0, "edit", err)) < 0)
		goto done;
	rc = ops_edit(r, &a, id, &rec, &probs, err);
	if (rc < 0) {
		print_problems_in(&probs, file);
		goto done;
	}
	if (rc == OPS_UNCHANGED)
		printf(_("没有修改\n"));
	else
		printf(_("已修改 %s\n"), id); /* like rm's "已删除": the user sees it took */
	rc = 0;
done:
	problems_free(&probs);
	actor_free(&a);
	repo_close(r);
	node_free(&rec);
	node_free(&cur);
	free(sets);
	return rc;
}

/* ---- rm ---- */

int cmd_rm(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct actor a = { 0 };
	int rc;

	if (cli_wants_help(argc, argv, "rm"))
		return 0;
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage_error(err, "rm", _("需要一个记录编号 ID"));
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = actor_load(r, &a, err)) == 0 && (rc = ops_rm(r, &a, argv[1], err)) == 0)
		printf(_("已删除 %s\n"), argv[1]);
	actor_free(&a);
	repo_close(r);
	return rc;
}

/* ---- show ---- */

int cmd_show(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL, *format = "text";
	struct repo *r = NULL;
	struct node rec;
	char relpath[512], unit[64], pid[64];
	enum record_type t;
	int rc = 0, i;

	if (cli_wants_help(argc, argv, "show"))
		return 0;
	for (i = 1; i < argc; i++) {
		static const struct optdef opts[] = { { "--format", 1 }, { NULL, 0 } };
		const char *v;

		switch ((rc = next_opt(argc, argv, &i, opts, &v, err))) {
		case 0:
			format = v;
			break;
		case OPT_POSITIONAL:
			if (id)
				return unknown_option(err, "show", v);
			id = v;
			break;
		default:
			return rc;
		}
	}
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
	int d = date_parse(s);

	if (d < 0)
		return cli_usage_error(err, "list", _("%s 的日期“%s”无效：格式 2024-07-10"), opt, s);
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

int cmd_list(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *type = "activity", *format = "table", *sort = "-date", *v;
	struct query q;
	struct repo *r = NULL;
	struct ledger l;
	size_t *idx = NULL, n = 0;
	enum record_type t = REC_ACTIVITY;
	int rc = 0, i, count = 0, excel = 0;

	if (cli_wants_help(argc, argv, "list"))
		return 0;
	query_init(&q);
	memset(&l, 0, sizeof(l));
	for (i = 1; i < argc; i++) {
		enum { O_TYPE, O_UNIT, O_YEAR, O_FROM, O_TO, O_CATEGORY, O_FORM, O_GREP, O_MISSING,
		       O_SORT, O_FORMAT, O_CONFLICTS, O_COUNT, O_EXCEL };
		static const struct optdef opts[] = {
			[O_TYPE] = { "--type", 1 },         [O_UNIT] = { "--unit", 1 },
			[O_YEAR] = { "--year", 1 },         [O_FROM] = { "--from", 1 },
			[O_TO] = { "--to", 1 },             [O_CATEGORY] = { "--category", 1 },
			[O_FORM] = { "--form", 1 },         [O_GREP] = { "--grep", 1 },
			[O_MISSING] = { "--missing", 1 },   [O_SORT] = { "--sort", 1 },
			[O_FORMAT] = { "--format", 1 },     [O_CONFLICTS] = { "--conflicts", 0 },
			[O_COUNT] = { "--count", 0 },       [O_EXCEL] = { "--excel", 0 },
			{ NULL, 0 },
		};
		char *end;
		long y;

		switch ((rc = next_opt(argc, argv, &i, opts, &v, err))) {
		case O_TYPE:
			type = v;
			break;
		case O_UNIT:
			q.unit = v;
			break;
		case O_YEAR:
			y = strtol(v, &end, 10);
			if (*end || y < 1900 || y > 2200)
				return cli_usage_error(err, "list", _("--year 要写四位年份，如 2024"));
			q.year = (int)y;
			break;
		case O_FROM:
			if ((rc = parse_date_opt(v, &q.from, "--from", err)) < 0)
				return rc;
			break;
		case O_TO:
			if ((rc = parse_date_opt(v, &q.to, "--to", err)) < 0)
				return rc;
			break;
		case O_CATEGORY:
			if ((rc = parse_enum_opt(enum_category, v, &q.category, "--category", err)) < 0)
				return rc;
			break;
		case O_FORM:
			if ((rc = parse_enum_opt(enum_form, v, &q.form, "--form", err)) < 0)
				return rc;
			break;
		case O_GREP:
			q.grep = v;
			break;
		case O_MISSING:
			if (strcmp(v, "five-have"))
				return cli_usage_error(err, "list", _("--missing 只能是 five-have"));
			q.missing_five_have = 1;
			break;
		case O_SORT:
			sort = v;
			break;
		case O_FORMAT:
			format = v;
			break;
		case O_CONFLICTS:
			q.conflicts = 1;
			break;
		case O_COUNT:
			count = 1;
			break;
		case O_EXCEL:
			excel = 1;
			break;
		case OPT_POSITIONAL:
			return unknown_option(err, "list", v);
		default:
			return rc;
		}
	}
	rc = 0;
	if ((rc = parse_type(type, &t, "list", err)) < 0)
		return rc;
	if (q.from && q.to && q.from > q.to)
		return cli_usage_error(err, "list", _("--from 的日期晚于 --to：请把开始日期写在 --from，结束日期写在 --to"));
	q.type = (int)t;
	if (!strcmp(sort, "date"))
		q.sort = SORT_DATE_ASC;
	else if (!strcmp(sort, "-date"))
		q.sort = SORT_DATE_DESC;
	else if (!strcmp(sort, "title"))
		q.sort = SORT_TITLE;
	else
		return cli_usage_error(err, "list", _("--sort 只能是 date、-date 或 title"));
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "yaml") &&
	    strcmp(format, "ids"))
		return cli_usage_error(err, "list", _("--format 只能是 table、csv、yaml 或 ids"));
	if (excel && strcmp(format, "csv"))
		return cli_usage_error(err, "list", _("--excel 只用于 --format csv"));
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = ledger_load(r, &l, err)) < 0)
		goto out;
	if (q.unit && !units_find(&l.units, q.unit)) {
		rc = ggw_fail(err, GGW_ENOTFOUND, _("没有单位 %s：用 ggw unit list 查看单位代码"), q.unit);
		goto out;
	}
	for (size_t k = 0; k < l.n; k++)
		if (!l.v[k].valid && (int)l.v[k].type == q.type)
			fprintf(stderr, _("警告：跳过无效文件 %s\n"), l.v[k].error);
	if (count) { /* no sorting needed */
		for (size_t k = 0; k < l.n; k++)
			n += entry_matches(&l.v[k], &q) ? 1 : 0;
		printf("%zu\n", n);
		goto out;
	}
	if ((rc = ledger_query(&l, &q, &idx, &n, err)) < 0)
		goto out;
	if (!strcmp(format, "table")) {
		output_table(stdout, &l, idx, n, t, output_utf8());
		if (n == 0) /* a bare header row looks like a fault */
			fprintf(stderr, _("没有符合条件的记录\n"));
	} else if (!strcmp(format, "ids")) {
		for (size_t k = 0; k < n; k++)
			printf("%s\n", l.v[idx[k]].id);
	} else {
		int csv = !strcmp(format, "csv");

		if (csv) {
			if (excel)
				fputs("\xEF\xBB\xBF", stdout);
			output_csv_header(stdout, t);
		} else if (n == 0)
			fputs("[]\n", stdout);
		for (size_t k = 0; k < n; k++) {
			const struct entry *e = &l.v[idx[k]];
			struct node rec;
			struct ggw_error lerr = { 0, "" };

			if (record_load_file(r, e->path, &rec, &lerr) < 0) {
				fprintf(stderr, _("警告：跳过无效文件 %s\n"), lerr.msg);
				continue;
			}
			if (csv)
				output_csv_row(stdout, t, &rec);
			else if (output_yaml_item(stdout, t, &rec, &lerr) < 0)
				fprintf(stderr, _("警告：跳过无效文件 %s\n"), lerr.msg);
			node_free(&rec);
		}
	}
out:
	if (fflush(stdout) != 0 && rc == 0)
		rc = ggw_fail(err, GGW_EIO, _("输出失败：%s"), strerror(errno));
	free(idx);
	ledger_free(&l);
	repo_close(r);
	return rc;
}

/* ---- log ---- */

/* A deleted record's path, from the Ggw-Record trailers of the history. */
static int find_deleted_path(struct repo *r, const char *id, char *relpath, size_t len)
{
	struct file_version *v = NULL;
	size_t n = 0;
	char rec[512], want[80];
	int found = 0;

	snprintf(want, sizeof(want), "/%s.yaml", id);
	if (repo_log(r, 0, &v, &n, NULL) < 0)
		return -1;
	for (size_t i = 0; i < n && !found; i++) {
		size_t rl;

		if (message_trailer(v[i].message, "Ggw-Record", rec, sizeof(rec)) < 0)
			continue;
		rl = strlen(rec);
		if (rl > strlen(want) && !strcmp(rec + rl - strlen(want), want)) {
			snprintf(relpath, len, "%s", rec);
			found = 1;
		}
	}
	file_versions_free(v, n);
	return found ? 0 : -1;
}

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

static void print_change(const struct field_change *c, const char *action)
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
	(void)action;
}

int cmd_log(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *id = NULL;
	struct repo *r = NULL;
	size_t limit = 20;
	int rc = 0, i;

	if (cli_wants_help(argc, argv, "log"))
		return 0;
	for (i = 1; i < argc; i++) {
		static const struct optdef opts[] = { { "--limit", 1 }, { NULL, 0 } };
		const char *v;
		char *end;
		long n;

		switch ((rc = next_opt(argc, argv, &i, opts, &v, err))) {
		case 0:
			n = strtol(v, &end, 10);
			if (*end || n < 1)
				return cli_usage_error(err, "log", _("--limit 要一个正整数"));
			limit = (size_t)n;
			break;
		case OPT_POSITIONAL:
			if (id)
				return unknown_option(err, "log", v);
			id = v;
			break;
		default:
			return rc;
		}
	}
	rc = 0;
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	if (!id) {
		struct file_version *v = NULL;
		size_t n = 0;

		if ((rc = repo_log(r, limit, &v, &n, err)) == 0) {
			for (size_t k = 0; k < n; k++) {
				char when[32], unit[64];

				format_commit_time(v[k].time, v[k].tz_minutes, when, sizeof(when));
				if (message_trailer(v[k].message, "Ggw-Unit", unit, sizeof(unit)) < 0)
					unit[0] = '\0';
				char who[320];

				if (*unit)
					snprintf(who, sizeof(who), _("%s（%s）"), v[k].author, unit);
				else
					snprintf(who, sizeof(who), "%s", v[k].author);
				printf("%.8s  %s  %s  %s\n", v[k].commit, when, who, v[k].summary);
			}
			file_versions_free(v, n);
		}
	} else {
		char relpath[512];
		struct history_item *h = NULL;
		size_t n = 0;
		struct ggw_error ferr;

		if ((rc = ops_find_path(r, id, relpath, sizeof(relpath), &ferr)) < 0) {
			if (rc != GGW_ENOTFOUND || find_deleted_path(r, id, relpath, sizeof(relpath)) < 0) {
				*err = ferr;
				goto out;
			}
		}
		if ((rc = record_history(r, relpath, limit, &h, &n, err)) < 0)
			goto out;
		if (n == 0)
			printf(_("%s 还没有提交过\n"), relpath);
		for (size_t k = 0; k < n; k++) {
			const char *label = action_label(h[k].action);
			char when[32];

			format_commit_time(h[k].time, h[k].tz_minutes, when, sizeof(when));
			printf("%.8s  %s  %s <%s>  ", h[k].commit, when, h[k].author, h[k].email);
			if (label)
				printf(_("%s（%s）\n"), label, h[k].action);
			else
				printf("%s\n", h[k].action);
			printf("  %s\n", h[k].summary);
			if (h[k].error)
				printf(_("    （这一版无法读取：%s）\n"), h[k].error);
			for (size_t c = 0; c < h[k].nchanges; c++)
				print_change(&h[k].changes[c], h[k].action);
		}
		history_free(h, n);
	}
out:
	repo_close(r);
	return rc;
}

/* ---- check ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Report every problem of one record file, as `check` shows them. */
static size_t check_file(struct repo *r, const struct entry *e)
{
	struct node rec;
	struct ggw_error perr = { 0, "" };
	struct problems probs = { 0 };
	size_t count = 0;

	if (record_load_file(r, e->path, &rec, &perr) < 0) {
		printf("%s\n", perr.msg);
		return 1;
	}
	if (record_validate(e->type, &rec, &probs) > 0) {
		char first[1400];

		snprintf(first, sizeof(first), "%s:%d:%d: %s", e->path, probs.v[0].line ? probs.v[0].line : 1,
			 probs.v[0].line ? probs.v[0].col : 1, probs.v[0].msg);
		/* The entry's own error, when it is about something else
		 * (a file in the wrong place, a schema of the wrong type). */
		if (strncmp(e->error, first, strlen(first))) {
			printf("%s\n", e->error);
			count++;
		}
		for (size_t k = 0; k < probs.n; k++)
			printf("%s:%d:%d: %s\n", e->path, probs.v[k].line ? probs.v[k].line : 1,
			       probs.v[k].line ? probs.v[k].col : 1, probs.v[k].msg);
		count += probs.n;
	} else {
		printf("%s\n", e->error);
		count = 1;
	}
	problems_free(&probs);
	node_free(&rec);
	return count;
}

static size_t check_volunteer_refs(struct repo *r, const struct entry *e, char **vids, size_t nv)
{
	char buf[4096], *save = NULL, *tok;
	size_t count = 0;

	snprintf(buf, sizeof(buf), "%s", e->volunteer_ids);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		const char *key = tok;
		struct node rec;
		int line = 1, col = 1;

		if (nv && bsearch(&key, vids, nv, sizeof(*vids), cmp_str))
			continue;
		if (record_load_file(r, e->path, &rec, NULL) == 0) {
			const struct node *list = node_map_get(&rec, "volunteers");

			for (size_t k = 0; list && list->kind == NODE_SEQ && k < list->count; k++)
				if (list->kids[k].kind == NODE_SCALAR && !strcmp(list->kids[k].str, tok)) {
					line = list->kids[k].line ? list->kids[k].line : 1;
					col = list->kids[k].line ? list->kids[k].col : 1;
				}
			node_free(&rec);
		}
		printf(_("%s:%d:%d: 五老志愿者 %s 不存在（volunteers/ 里没有这个编号）\n"), e->path, line, col,
		       tok);
		count++;
	}
	return count;
}

int cmd_check(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct ledger l;
	struct node units_root;
	struct units u = { 0 };
	struct ggw_error uerr = { 0, "" };
	struct problems probs = { 0 };
	char **vids = NULL, **ids = NULL, **dirty = NULL;
	size_t problems = 0, nv = 0, ndirty = 0;
	struct check_index ci = { 0 };
	int rc, have_units = 0;

	if (cli_wants_help(argc, argv, "check"))
		return 0;
	if (argc > 1)
		return unknown_option(err, "check", argv[1]);
	if ((rc = open_repo(cli, &r, err)) < 0)
		return rc;
	/* units.yaml: every problem. */
	if (record_load_file(r, "units.yaml", &units_root, &uerr) < 0) {
		printf("%s\n", uerr.msg);
		problems++;
	} else {
		if (record_validate(REC_UNITS, &units_root, &probs) > 0) {
			for (size_t k = 0; k < probs.n; k++)
				printf("units.yaml:%d:%d: %s\n", probs.v[k].line ? probs.v[k].line : 1,
				       probs.v[k].line ? probs.v[k].col : 1, probs.v[k].msg);
			problems += probs.n;
		}
		have_units = units_from_node(&units_root, &u, NULL) == 0;
		node_free(&units_root);
	}
	problems_free(&probs);
	if ((rc = ledger_load_flags(r, &l, LEDGER_NO_UNITS, err)) < 0)
		goto out;
	vids = calloc(l.n + 1, sizeof(*vids));
	ids = calloc(l.n + 1, sizeof(*ids));
	if (!vids || !ids) {
		rc = ggw_fail(err, GGW_ENOMEM, _("内存不足"));
		goto done;
	}
	for (size_t k = 0; k < l.n; k++)
		if (l.v[k].type == REC_VOLUNTEER)
			vids[nv++] = (char *)l.v[k].id;
	qsort(vids, nv, sizeof(*vids), cmp_str);
	if ((rc = check_index_build(&l, &ci, err)) < 0)
		goto done;
	for (size_t k = 0; k < l.n; k++) {
		const struct entry *e = &l.v[k];
		/* the rule the audit counts by (records/checkrule.h) */
		unsigned faults = record_check_faults(&ci, have_units ? &u : NULL, e);

		ids[k] = (char *)e->id;
		if (faults & CHECK_FAULT_INVALID) {
			problems += check_file(r, e);
			continue;
		}
		if (faults & CHECK_FAULT_UNIT) {
			printf(_("%s:1:1: 单位 %s 不在 units.yaml 里\n"), e->path, e->unit);
			problems++;
		}
		if (faults & CHECK_FAULT_VOLUNTEER)
			problems += check_volunteer_refs(r, e, vids, nv);
	}
	/* The same id twice (in two unit folders). */
	qsort(ids, l.n, sizeof(*ids), cmp_str);
	for (size_t k = 1; k < l.n; k++)
		if (!strcmp(ids[k], ids[k - 1]) && (k < 2 || strcmp(ids[k], ids[k - 2]))) {
			for (size_t j = 0; j < l.n; j++)
				if (!strcmp(l.v[j].id, ids[k]))
					printf(_("%s:1:1: 编号 %s 重复出现\n"), l.v[j].path, ids[k]);
			problems++;
		}
	if (repo_dirty_paths(r, &dirty, &ndirty, NULL) == 0) {
		for (size_t k = 0; k < ndirty; k++)
			fprintf(stderr, _("警告：%s 有未提交的改动（ggw 下次修改这条记录时会一并提交，或用 git 提交）\n"),
				dirty[k]);
		repo_paths_free(dirty, ndirty);
	}
	if (problems)
		fprintf(stderr, _("检查了 %zu 个文件，发现 %zu 个问题\n"), l.n + 1, problems);
	else
		fprintf(stderr, _("检查了 %zu 个文件，没有发现问题\n"), l.n + 1);
	rc = problems ? 1 : 0;
done:
	check_index_free(&ci);
	free(vids);
	free(ids);
	ledger_free(&l);
out:
	units_free(&u);
	repo_close(r);
	return rc;
}
