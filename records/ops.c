/* Changes to the ledger: validate, write atomically, commit (see ops.h).
 * Order of a write, under ggw's repository lock (repo_commit_files): the
 * file is written beside its place, made durable with the commit's
 * objects, renamed into place (a crash leaves the old or the new file,
 * never half), then the branch moves. A crash between the rename and the
 * branch leaves a record file that differs from HEAD; the next write of
 * that path commits it, and `ggw check` warns about it meanwhile. */
#include "ops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../model/date.h"
#include "../model/i18n.h"
#include "../model/rectype.h"
#include "../storage/fsutil.h"
#include "../storage/yamlio.h"
#include "cache_journal.h"
#include "checkrule.h"
#include "ledger.h"
#include "unitname.h"
#include "clock.h"
#include "sync.h"

#define LOCK_WAIT_MS 10000

static void (*notice_fn)(const char *msg, void *data);
static void *notice_data;

void ops_set_notice(void (*fn)(const char *msg, void *data), void *data)
{
	notice_fn = fn;
	notice_data = data;
}

/* ---- who is writing ---- */

void actor_free(struct actor *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->email);
	free(a->unit);
	memset(a, 0, sizeof(*a));
}

/* "<unit key>@ggw.local" (any case in the domain, as git keeps it). */
static int email_is_unit_address(const char *email)
{
	const char *at = strrchr(email, '@');
	char local[64];

	if (!at || at == email || (size_t)(at - email) >= sizeof(local) || strcasecmp(at, "@ggw.local"))
		return 0;
	snprintf(local, sizeof(local), "%.*s", (int)(at - email), email);
	return unit_key_valid(local);
}

int actor_load(struct repo *r, struct actor *a, struct ggw_error *err)
{
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = repo_config_get(r, "ggw.unit", &a->unit, err)) < 0)
		return rc;
	if (!a->unit || !*a->unit) {
		actor_free(a);
		return ggw_fail(err, GGW_EINVALID,
				_("这台电脑还没有设置单位：ggw config ggw.unit <单位代码>"));
	}
	if (!unit_key_valid(a->unit)) {
		rc = ggw_fail(err, GGW_EINVALID,
			      _("设置 ggw.unit 的值“%s”不是有效的单位代码：ggw config ggw.unit <单位代码>"),
			      a->unit);
		actor_free(a);
		return rc;
	}
	if ((rc = repo_config_get(r, "user.name", &a->name, err)) < 0) {
		actor_free(a);
		return rc;
	}
	if (!a->name || !*a->name) {
		actor_free(a);
		return ggw_fail(err, GGW_EINVALID,
				_("还没有设置填写人的姓名：ggw config user.name 名字"));
	}
	if ((rc = repo_config_get(r, "user.email", &a->email, err)) < 0) {
		actor_free(a);
		return rc;
	}
	/* "<unit>@ggw.local" is ggw's own address for a unit, not a
	 * person's: it follows ggw.unit (sync reads the unit from it), so a
	 * PC moved to another unit does not keep signing as the old one. */
	if (!a->email || !*a->email || email_is_unit_address(a->email)) {
		free(a->email);
		a->email = NULL;
		if (asprintf(&a->email, "%s@ggw.local", a->unit) < 0) {
			a->email = NULL;
			actor_free(a);
			return ggw_oom(err);
		}
	}
	return 0;
}

int ops_check_scope_units(const struct units *u, const struct actor *a, const char *unit,
			  struct ggw_error *err)
{
	if (!unit || !strcmp(a->unit, "office") || !strcmp(a->unit, unit))
		return 0; /* no unit: the record's validation refuses it */
	char mine[320], theirs[320];

	units_label_key(u, a->unit, mine, sizeof(mine));
	units_label_key(u, unit, theirs, sizeof(theirs));
	return ggw_fail(err, GGW_EDENIED,
			_("本机是%s，不能修改%s的记录：各单位只能改自己的记录，街道办公室可以改全部"),
			mine, theirs);
}

int ops_check_scope(const struct actor *a, const char *unit, struct ggw_error *err)
{
	return ops_check_scope_units(NULL, a, unit, err);
}

/* The scope check with the units' names read from the repository (only
 * when refusing: names are for the message). */
static int scope_check(struct repo *r, const struct actor *a, const char *unit,
		       struct ggw_error *err)
{
	struct units u;
	int rc;

	if (ops_check_scope(a, unit, NULL) == 0)
		return 0;
	if (units_load(r, &u, NULL) < 0)
		return ops_check_scope(a, unit, err);
	rc = ops_check_scope_units(&u, a, unit, err);
	units_free(&u);
	return rc;
}

/* ---- paths ---- */

/* Does any folder on the way from the work tree to relpath's file exist as
 * something other than a real folder (a symlink a peer committed, say)?
 * Records are only read and written through real folders, so a path can
 * never lead outside the repository. */
static int path_unsafe(struct repo *r, const char *relpath)
{
	char abs[4096];
	size_t base = strlen(repo_workdir(r));
	struct stat st;

	if (path_join(abs, sizeof(abs), repo_workdir(r), relpath) < 0)
		return 1;
	for (char *p = abs + base; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (lstat(abs, &st) == 0 && !S_ISDIR(st.st_mode)) {
			*p = '/';
			return 1;
		}
		*p = '/';
	}
	return lstat(abs, &st) == 0 && !S_ISREG(st.st_mode);
}

static int check_path_safe(struct repo *r, const char *relpath, struct ggw_error *err)
{
	if (path_unsafe(r, relpath))
		return ggw_fail(err, GGW_EDENIED,
				_("%s 的路径上有符号链接或不是文件夹的东西，ggw 不经过它读写；请检查台账文件夹"),
				relpath);
	return 0;
}

/* Is rel a regular file reached through real folders? */
static int record_file_at(struct repo *r, const char *rel)
{
	char abs[4608];
	struct stat st;

	return path_join(abs, sizeof(abs), repo_workdir(r), rel) == 0 && !path_unsafe(r, rel) &&
	       lstat(abs, &st) == 0 && S_ISREG(st.st_mode);
}

/* <folder>/<unit>/<YYYY>/<id>.yaml when the id does not say the year. */
static int find_in_years(struct repo *r, enum record_type t, const char *unitdir,
			 const char *unit, const char *id, char *rel, size_t len)
{
	DIR *d = opendir(unitdir);
	struct dirent *de;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d)))
		if (strlen(de->d_name) == 4 && strspn(de->d_name, "0123456789") == 4 &&
		    record_path_year(t, unit, id, atoi(de->d_name), rel, len, NULL) == 0)
			found = record_file_at(r, rel);
	closedir(d);
	return found;
}

int ops_find_path(struct repo *r, const char *id, char *relpath, size_t len,
		  struct ggw_error *err)
{
	const struct record_type_def *def;
	enum record_type t;
	char top[4096];
	DIR *d;
	struct dirent *de;
	int found = 0;

	if (!id || !record_id_valid(id))
		return ggw_fail(err, GGW_EINVALID,
				_("“%s”不是有效的记录编号（活动如 20240710-3fa9c2e1，五老如 v-1a2b3c4d）"),
				id ? id : "");
	t = record_id_type(id);
	def = record_type_def(t);
	if (path_join(top, sizeof(top), repo_workdir(r), def->folder) < 0)
		return ggw_fail(err, GGW_EINVALID, _("路径太长"));
	if (!(d = opendir(top)))
		return ggw_fail(err, GGW_ENOTFOUND, _("没有编号为 %s 的记录"), id);
	while (!found && (de = readdir(d))) {
		char rel[512], unitdir[4608];

		if (!unit_key_valid(de->d_name))
			continue;
		if (def->layout == LAYOUT_YEARLY && def->id_kind != ID_DATED) {
			if (path_join(unitdir, sizeof(unitdir), top, de->d_name) < 0 ||
			    !find_in_years(r, t, unitdir, de->d_name, id, rel, sizeof(rel)))
				continue;
		} else if (record_path(t, de->d_name, id, rel, sizeof(rel), NULL) < 0 ||
			   !record_file_at(r, rel))
			continue;
		if (snprintf(relpath, len, "%s", rel) >= (int)len) {
			closedir(d);
			return ggw_fail(err, GGW_EINVALID, _("路径太长"));
		}
		found = 1;
	}
	closedir(d);
	return found ? 0 : ggw_fail(err, GGW_ENOTFOUND, _("没有编号为 %s 的记录"), id);
}

/* Emit rec; refuse bytes the reader would refuse or read differently.
 * *too_big tells the caller that only the size was wrong. */
static int emit_readable(enum record_type t, struct node *rec, char **out, size_t *len,
			 int *too_big, struct ggw_error *err)
{
	struct ggw_error perr = { 0, "" };
	struct node back;
	const char *id = node_map_str(rec, "id");
	int rc;

	*too_big = 0;
	*out = NULL;
	record_normalize(t, rec);
	if ((rc = yaml_emit(rec, out, len, err)) < 0)
		return rc;
	if (*len > YAML_MAX_BYTES) {
		*too_big = 1;
		rc = ggw_fail(err, GGW_EINVALID,
			      _("记录 %s 写出来有 %zu KiB，超过台账能读回的 %d KiB，没有保存：请缩短较长的文字"),
			      id ? id : "", (*len + 1023) / 1024, YAML_MAX_BYTES / 1024);
	} else if (yaml_parse(id ? id : "record", *out, *len, &back, &perr) < 0) {
		rc = ggw_fail(err, GGW_EINVALID, _("记录 %s 写出来后读不回（%s），没有保存"),
			      id ? id : "", perr.msg);
	} else {
		if (!node_equal(&back, rec))
			rc = ggw_fail(err, GGW_EINVALID, _("记录 %s 写出来后读回的内容不一样，没有保存"),
				      id ? id : "");
		node_free(&back);
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int record_to_yaml(enum record_type t, struct node *rec, char **out, size_t *len,
		   struct ggw_error *err)
{
	int too_big;

	return emit_readable(t, rec, out, len, &too_big, err);
}

/* Bytes of text in a value (an estimate of its size in the file). */
static size_t value_size(const struct node *v)
{
	size_t n = 0;

	if (!v)
		return 0;
	if (v->kind == NODE_SCALAR)
		return v->str ? strlen(v->str) : 0;
	for (size_t i = 0; i < v->count; i++)
		n += (v->keys && v->keys[i] ? strlen(v->keys[i]) : 0) + value_size(&v->kids[i]) + 2;
	return n;
}

/* The conflicts: entry with the largest value (first of equals), or NULL. */
static struct node *largest_conflict_value(struct node *rec)
{
	struct node *cs = node_map_get(rec, "conflicts"), *best = NULL;
	size_t best_size = 0;

	for (size_t i = 0; cs && cs->kind == NODE_SEQ && i < cs->count; i++) {
		struct node *e = &cs->kids[i];
		size_t sz;

		if (e->kind != NODE_MAP || !node_map_get(e, "value"))
			continue;
		sz = value_size(node_map_get(e, "value"));
		if (!best || sz > best_size) {
			best = e;
			best_size = sz;
		}
	}
	return best;
}

int record_to_yaml_merged(enum record_type t, struct node *rec, char **out, size_t *len,
			  struct ggw_error *err)
{
	struct node *e;
	const char *id;
	int too_big, rc;

	while ((rc = emit_readable(t, rec, out, len, &too_big, err)) < 0 && too_big) {
		if (!(e = largest_conflict_value(rec))) {
			id = node_map_str(rec, "id");
			return ggw_fail(err, GGW_EINVALID,
					_("两边合并后的记录 %s 超过台账能读回的 %d KiB，没有合并：请在一台电脑上缩短这条记录的文字后再同步"),
					id ? id : "", YAML_MAX_BYTES / 1024);
		}
		node_map_remove(e, "value");
		if (node_map_set_str(e, CONFLICT_VALUE_OMITTED, "true", SCALAR_PLAIN) < 0)
			return ggw_oom(err);
	}
	return rc;
}

/* ---- commit messages ---- */

static const char *action_verb(const char *action)
{
	static const char *const verbs[][2] = {
		{ "add", "新增" }, { "edit", "修改" }, { "delete", "删除" },
		{ "resolve", "解决冲突" }, { "merge", "合并" }, { "restore", "恢复" },
	};

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(action, verbs[i][0]))
			return verbs[i][1];
	return action;
}

/* Commit messages are part of the shared history and the spec: always
 * Chinese, never translated. */
int ops_commit_message_ex(const char *action, enum record_type t, const struct node *rec,
			  const char *unit_name, const char *relpath, const char *actor_unit,
			  char **out)
{
	const struct record_type_def *def = record_type_def(t);
	const char *title, *date, *unit = node_map_str(rec, "unit");
	int n;

	if (!unit_name)
		unit_name = unit ? unit : "";
	if (!strcmp(action, "resolve")) {
		/* "解决冲突：<title>（<unit>，<date>）": the subject says what
		 * was settled, whatever kind of record it is. */
		title = def && def->title_field ? node_map_str(rec, def->title_field) : NULL;
		date = def && (def->flags & RT_MSG_DATE) ? node_map_str(rec, def->date_field) : NULL;
		n = asprintf(out, "解决冲突：%s（%s%s%s）\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: %s\n",
			     title ? title : node_map_str(rec, "id") ? node_map_str(rec, "id") : "",
			     unit_name, date ? "，" : "", date ? date : "", actor_unit, relpath, action);
	} else if (def && (def->flags & RT_MSG_DATE)) {
		title = def->title_field ? node_map_str(rec, def->title_field) : NULL;
		date = node_map_str(rec, def->date_field);
		n = asprintf(out, "%s%s：%s（%s，%s）\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: %s\n",
			     action_verb(action), def->noun,
			     title ? title : node_map_str(rec, "id") ? node_map_str(rec, "id") : "",
			     unit_name, date ? date : "", actor_unit, relpath, action);
	} else {
		title = def && def->title_field ? node_map_str(rec, def->title_field) : NULL;
		n = asprintf(out, "%s%s：%s（%s）\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: %s\n",
			     action_verb(action), def ? def->noun : "",
			     title ? title : node_map_str(rec, "id") ? node_map_str(rec, "id") : "",
			     unit_name, actor_unit, relpath, action);
	}
	if (n < 0) {
		*out = NULL;
		return GGW_ENOMEM;
	}
	return 0;
}

/* ---- shared steps ---- */

/* atomic_write's temporary files are ".<name>.tmp.<pid>.<16 hex>". Remove
 * those of dead processes in dir (we hold the repository lock, so no other
 * ggw is writing there). */
static void remove_stale_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		const char *p = strstr(de->d_name, ".tmp.");
		char *end;
		long pid;
		char msg[600];

		if (de->d_name[0] != '.' || !p)
			continue;
		pid = strtol(p + 5, &end, 10);
		if (pid <= 0 || *end != '.' || strlen(end + 1) != 16 ||
		    strspn(end + 1, "0123456789abcdef") != 16)
			continue;
		if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0 && notice_fn) {
			snprintf(msg, sizeof(msg), _("已删除中断的写入留下的临时文件 %s"), de->d_name);
			notice_fn(msg, notice_data);
		}
	}
	closedir(d);
}

static void remove_stale_temps_of(struct repo *r, const char *relpath)
{
	char abs[4096], *slash;

	if (path_join(abs, sizeof(abs), repo_workdir(r), relpath) < 0)
		return;
	if ((slash = strrchr(abs, '/')))
		*slash = '\0';
	remove_stale_temps(abs);
}

static int summarize_problems(struct problems *p, struct ggw_error *err)
{
	if (p->n == 1)
		return ggw_fail(err, GGW_EINVALID, _("记录无效，没有保存：%s"), p->v[0].msg);
	return ggw_fail(err, GGW_EINVALID, _("记录无效，没有保存：%s（共 %zu 个问题）"), p->v[0].msg,
			p->n);
}

static int validate(enum record_type t, const struct node *rec, struct problems *probs,
		    struct ggw_error *err)
{
	struct problems local = { 0 };
	struct problems *p = probs ? probs : &local;
	int rc = 0;

	if (record_validate(t, rec, p) > 0)
		rc = summarize_problems(p, err);
	problems_free(&local);
	return rc;
}

int ops_unit_display_name(struct repo *r, const char *unit, char **name, struct ggw_error *err)
{
	struct units u;
	const struct unit_info *ui;
	int rc;

	*name = NULL;
	if ((rc = units_load(r, &u, err)) < 0)
		return rc;
	if (!(ui = units_find(&u, unit))) {
		units_free(&u);
		return ggw_fail(err, GGW_EINVALID,
				_("单位“%s”不在 units.yaml 里：先由街道办公室用 ggw unit add 添加"), unit);
	}
	*name = strdup(ui->name);
	units_free(&u);
	return *name ? 0 : ggw_oom(err);
}

static int lock(struct repo *r, struct ggw_error *err)
{
	int rc = repo_lock(r, LOCK_WAIT_MS, notice_fn, notice_data, err);

	if (rc == 0)
		sync_finish_pending(r, NULL); /* a killed sync's files first (best effort) */
	/* This PC's key is read before any file changes: without it the
	 * commit would fail and leave the new file behind uncommitted. */
	if (rc == 0 && (rc = repo_signer_ready(r, err)) < 0)
		repo_unlock(r);
	return rc;
}

/* For tests only: GGW_TEST_KILL_AT=after-commit dies by SIGKILL between a
 * commit and its note in the cache journal. Unset in real use. */
static void kill_point(const char *point)
{
	const char *want = getenv("GGW_TEST_KILL_AT");

	if (want && !strcmp(want, point))
		raise(SIGKILL);
}

/* Write (data[i]; NULL: removed already) and commit paths, then tell the
 * cache journal. The files are written by the commit itself, durable in
 * one pass with its objects (repo_commit_files). */
static int commit_and_note(struct repo *r, const struct actor *a, const char *const *paths,
			   const char *const *data, const size_t *lens, size_t n,
			   const char *message, char *commit_id, struct ggw_error *err)
{
	int rc = repo_commit_files(r, paths, data, lens, n, message, a->name, a->email, commit_id,
				   err);

	if (rc == 0) {
		kill_point("after-commit");
		cache_journal_note(r, paths, n);
	}
	return rc;
}

static int write_and_commit(struct repo *r, const struct actor *a, const char *relpath,
			    const char *data, size_t len, const char *message,
			    char *commit_id, struct ggw_error *err)
{
	char abs[4096];
	const char *paths[1] = { relpath };
	int rc;

	if (path_join(abs, sizeof(abs), repo_workdir(r), relpath) < 0)
		return ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), relpath);
	if ((rc = check_path_safe(r, relpath, err)) < 0)
		return rc;
	if (!data && (rc = remove_durable(abs, repo_workdir(r), err)) < 0)
		return rc;
	return commit_and_note(r, a, paths, &data, &len, 1, message, commit_id, err);
}

/* Write a record's new text and commit it with the message of `action`
 * (add, edit or resolve). */
static int commit_record(struct repo *r, const struct actor *a, const char *action,
			 enum record_type t, const struct node *rec, const char *unit_name,
			 const char *relpath, const char *yaml, size_t len, char *commit_id,
			 struct ggw_error *err)
{
	char *msg = NULL;
	int rc;

	if (ops_commit_message_ex(action, t, rec, unit_name, relpath, a->unit, &msg) < 0)
		return ggw_oom(err);
	rc = write_and_commit(r, a, relpath, yaml, len, msg, commit_id, err);
	free(msg);
	return rc;
}

static const char *str_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* ---- add ---- */

static int fill_missing(struct repo *r, const struct actor *a, enum record_type t,
			struct node *rec, char *id, size_t idlen, struct ggw_error *err)
{
	const char *s;
	int rc;

	if (!node_map_get(rec, "schema") &&
	    node_map_set_str(rec, "schema", record_schema(t), SCALAR_TEXT) < 0)
		return ggw_oom(err);
	if (!node_map_get(rec, "unit") && node_map_set_str(rec, "unit", a->unit, SCALAR_TEXT) < 0)
		return ggw_oom(err);
	if ((s = node_map_str(rec, "id")) && *s) {
		snprintf(id, idlen, "%s", s);
		return 0;
	}
	{
		const char *df = record_date_field(t);
		int d = df && (s = node_map_str(rec, df)) ? date_parse(s) : -1;

		rc = record_type_id_new(t, d > 0 ? d : date_today(), id, idlen);
	}
	if (rc < 0)
		return ggw_fail(err, GGW_EIO, _("无法生成编号（getrandom 失败）"));
	if (node_map_set_str(rec, "id", id, SCALAR_TEXT) < 0)
		return ggw_oom(err);
	return 0;
}

/* Types only the office writes (rectype.h: WRITER_OFFICE). */
static int check_writer(const struct actor *a, enum record_type t, struct ggw_error *err)
{
	const struct record_type_def *def = record_type_def(t);

	return def && def->writer == WRITER_OFFICE ? ops_check_scope(a, "office", err) : 0;
}

/* The year folder of a new record whose id does not carry one: the year of
 * its date field then (a later correction never moves the file), or this
 * year. 0 for the other layouts. */
static int folder_year(enum record_type t, const struct node *rec)
{
	const struct record_type_def *def = record_type_def(t);
	const char *s;
	int d;

	if (!def || def->layout != LAYOUT_YEARLY || def->id_kind == ID_DATED)
		return 0;
	if ((def->flags & RT_YEAR_KEY) && (s = node_map_str(rec, "year")) && strlen(s) == 4 &&
	    strspn(s, "0123456789") == 4 && s[0] != '0')
		return atoi(s);
	d = def->date_field && (s = node_map_str(rec, def->date_field)) ? date_parse(s) : -1;
	return (d > 0 ? d : date_today()) / 10000;
}

int ops_add(struct repo *r, const struct actor *a, enum record_type t, struct node *rec,
	    char *id_out, struct problems *probs, struct ggw_error *err)
{
	char id[64], relpath[512], abs[4096], *unit_name = NULL, *yaml = NULL;
	const char *unit, *schema;
	int gave_id = node_map_str(rec, "id") != NULL, locked = 0, rc, tries;
	size_t len = 0;
	struct stat st;

	clock_warn(r, notice_fn, notice_data); /* a wrong clock is said at every add */
	if (rec->kind != NODE_MAP)
		return ggw_fail(err, GGW_EINVALID, _("记录应是一个映射（键: 值）"));
	if ((schema = node_map_str(rec, "schema")) && strcmp(schema, record_schema(t)))
		return ggw_fail(err, GGW_EINVALID, _("记录的 schema 是“%s”，这里需要“%s”"), schema,
				record_schema(t));
	if ((rc = fill_missing(r, a, t, rec, id, sizeof(id), err)) < 0)
		return rc;
	unit = node_map_str(rec, "unit");
	if ((rc = validate(t, rec, probs, err)) < 0)
		return rc;
	if ((rc = scope_check(r, a, unit, err)) < 0 || (rc = check_writer(a, t, err)) < 0)
		return rc;
	if ((rc = ops_unit_display_name(r, unit, &unit_name, err)) < 0)
		return rc;
	if ((rc = lock(r, err)) < 0)
		goto done;
	locked = 1;
	for (tries = 0;; tries++) {
		if ((rc = record_path_year(t, unit, id, folder_year(t, rec), relpath, sizeof(relpath),
					   err)) < 0)
			goto done;
		if ((rc = path_join(abs, sizeof(abs), repo_workdir(r), relpath)) < 0) {
			rc = ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), relpath);
			goto done;
		}
		if (lstat(abs, &st) != 0 && ops_find_path(r, id, abs, sizeof(abs), NULL) != 0)
			break;
		if (gave_id || tries >= 5) {
			rc = ggw_fail(err, GGW_EINVALID, _("编号 %s 已经存在：新增时不要给编号，或用 ggw edit 修改"), id);
			goto done;
		}
		node_map_remove(rec, "id");
		if ((rc = fill_missing(r, a, t, rec, id, sizeof(id), err)) < 0)
			goto done;
	}
	remove_stale_temps_of(r, relpath);
	if ((rc = record_to_yaml(t, rec, &yaml, &len, err)) < 0)
		goto done;
	if ((rc = commit_record(r, a, "add", t, rec, unit_name, relpath, yaml, len, NULL, err)) < 0)
		goto done;
	if (id_out)
		snprintf(id_out, 32, "%s", id);
done:
	if (locked)
		repo_unlock(r);
	free(unit_name);
	free(yaml);
	return rc;
}

/* ---- edit ---- */

/* The file of record id, its type and unit (path_unit: 64 bytes), if the
 * actor's unit may change it. Shared by edit and rm. */
static int find_own_record(struct repo *r, const struct actor *a, const char *id, char *relpath,
			   size_t len, enum record_type *t, char *path_unit, struct ggw_error *err)
{
	char path_id[64];
	int rc;

	if ((rc = ops_find_path(r, id, relpath, len, err)) < 0)
		return rc;
	if (record_path_parse(relpath, t, path_unit, path_id) < 0)
		return ggw_fail(err, GGW_EINVALID, _("路径不符合台账格式：%s"), relpath);
	if ((rc = scope_check(r, a, path_unit, err)) < 0)
		return rc;
	return check_writer(a, *t, err);
}

int ops_edit(struct repo *r, const struct actor *a, const char *id, struct node *rec,
	     struct problems *probs, struct ggw_error *err)
{
	return ops_edit_action_commit(r, a, id, rec, "edit", probs, NULL, err);
}

int ops_edit_action(struct repo *r, const struct actor *a, const char *id, struct node *rec,
		    const char *action, struct problems *probs, struct ggw_error *err)
{
	return ops_edit_action_commit(r, a, id, rec, action, probs, NULL, err);
}

int ops_edit_action_commit(struct repo *r, const struct actor *a, const char *id,
			   struct node *rec, const char *action, struct problems *probs,
			   char *commit_id, struct ggw_error *err)
{
	char relpath[512], path_unit[64], abs[4096];
	char *unit_name = NULL, *yaml = NULL, *head = NULL, *work = NULL;
	size_t len = 0, head_len = 0, work_len = 0;
	enum record_type t;
	const char *s;
	int rc, locked = 0;

	if (commit_id)
		commit_id[0] = '\0';
	/* A programming error, not a user's: only these two are edits. */
	if (!action || (strcmp(action, "edit") && strcmp(action, "resolve")))
		return ggw_fail(err, GGW_EINVALID, "ops_edit_action: action %s", action ? action : "(null)");
	if ((rc = find_own_record(r, a, id, relpath, sizeof(relpath), &t, path_unit, err)) < 0)
		return rc;
	if (rec->kind != NODE_MAP)
		return ggw_fail(err, GGW_EINVALID, _("记录应是一个映射（键: 值）"));
	if (!(s = node_map_str(rec, "id")) || strcmp(s, id))
		return ggw_fail(err, GGW_EINVALID, _("编号不能修改（应为 %s）"), id);
	if (!(s = node_map_str(rec, "unit")) || strcmp(s, path_unit))
		return ggw_fail(err, GGW_EINVALID, _("单位不能修改（应为 %s）"), path_unit);
	if (!(s = node_map_str(rec, "schema")) || strcmp(s, record_schema(t)))
		return ggw_fail(err, GGW_EINVALID, _("schema 不能修改（应为 %s）"), record_schema(t));
	if ((rc = validate(t, rec, probs, err)) < 0)
		return rc;
	if ((rc = ops_unit_display_name(r, path_unit, &unit_name, err)) < 0)
		return rc;
	if ((rc = record_to_yaml(t, rec, &yaml, &len, err)) < 0)
		goto done;
	if ((rc = lock(r, err)) < 0)
		goto done;
	locked = 1;
	remove_stale_temps_of(r, relpath);
	if (path_join(abs, sizeof(abs), repo_workdir(r), relpath) < 0) {
		rc = ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), relpath);
		goto done;
	}
	if (repo_read_head(r, relpath, &head, &head_len, NULL) < 0)
		head = NULL;
	if (read_regular_file(abs, YAML_MAX_BYTES, &work, &work_len, NULL) < 0)
		work = NULL;
	if (head && head_len == len && !memcmp(head, yaml, len)) {
		/* HEAD already has this: nothing to commit. A hand edit of the
		 * file is undone; else nothing changes at all. */
		if (work && work_len == len && !memcmp(work, yaml, len))
			rc = OPS_UNCHANGED;
		else
			rc = atomic_write(abs, yaml, len, err);
		goto done;
	}
	rc = commit_record(r, a, action, t, rec, unit_name, relpath, yaml, len, commit_id, err);
done:
	if (locked)
		repo_unlock(r);
	free(unit_name);
	free(yaml);
	free(head);
	free(work);
	return rc;
}

/* ---- delete ---- */

/* A volunteer named by activities (of any unit) is not deleted: they
 * would show a bare id and fail ggw check. Marking them 不在岗 keeps
 * both the history and the activities whole. */
int ops_refuse_if_named(struct repo *r, const char *id, struct ggw_error *err)
{
	struct ledger l;
	size_t named = 0;
	int rc;

	if ((rc = ledger_load(r, &l, err)) < 0)
		return rc;
	for (size_t k = 0; k < l.n; k++)
		named += entry_names_volunteer(&l.v[k], id) != 0;
	ledger_free(&l);
	if (named)
		return ggw_fail(err, GGW_EINVALID,
				_("还有 %zu 条活动记录写了这位五老（%s），删除后这些活动会找不到人，ggw check 也会报错；"
				  "没有删除。可以改为不在岗：ggw edit %s --set active=false"),
				named, id, id);
	return 0;
}

int ops_rm(struct repo *r, const struct actor *a, const char *id, struct ggw_error *err)
{
	char relpath[512], path_unit[64];
	char *unit_name = NULL, *msg = NULL;
	enum record_type t;
	struct node rec;
	struct units u;
	const struct unit_info *ui;
	int rc, locked = 0;

	if ((rc = find_own_record(r, a, id, relpath, sizeof(relpath), &t, path_unit, err)) < 0)
		return rc;
	if (t == REC_VOLUNTEER && (rc = ops_refuse_if_named(r, id, err)) < 0)
		return rc;
	/* The message names the record; a file that no longer parses is
	 * still deleted, named by its id. */
	if (record_load_file(r, relpath, &rec, NULL) < 0) {
		node_init_map(&rec);
		node_map_set_str(&rec, "id", id, SCALAR_TEXT);
	}
	if (units_load(r, &u, NULL) == 0) {
		if ((ui = units_find(&u, path_unit)))
			unit_name = strdup(ui->name);
		units_free(&u);
	}
	if (ops_commit_message_ex("delete", t, &rec, str_or(unit_name, path_unit), relpath, a->unit,
				  &msg) < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	if ((rc = lock(r, err)) < 0)
		goto done;
	locked = 1;
	remove_stale_temps_of(r, relpath);
	{
		char *head = NULL, abs[4096];
		size_t head_len = 0;

		if (repo_read_head(r, relpath, &head, &head_len, NULL) == GGW_ENOTFOUND) {
			/* Never committed (a write cut short): removing the
			 * file is all there is to do. */
			if (path_join(abs, sizeof(abs), repo_workdir(r), relpath) < 0)
				rc = ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), relpath);
			else
				rc = remove_durable(abs, repo_workdir(r), err);
			goto done;
		}
		free(head);
	}
	rc = write_and_commit(r, a, relpath, NULL, 0, msg, NULL, err);
done:
	if (locked)
		repo_unlock(r);
	node_free(&rec);
	free(unit_name);
	free(msg);
	return rc;
}

/* ---- units ---- */

int ops_unit_add(struct repo *r, const struct actor *a, const char *key, const char *name,
		 const char *kind, struct problems *probs, struct ggw_error *err)
{
	struct node root, item, *list;
	char *yaml = NULL, *msg = NULL;
	size_t len = 0;
	int rc, locked = 0;

	if (strcmp(a->unit, "office"))
		return ggw_fail(err, GGW_EDENIED,
				_("只有街道办公室（office）可以添加单位；本机单位是 %s"), a->unit);
	if (!unit_key_valid(key))
		return ggw_fail(err, GGW_EINVALID,
				_("单位代码“%s”无效：小写字母开头，由小写字母、数字和 - 组成，最多 32 个字符"),
				key);
	if (enum_index(enum_unit_kind, kind) < 0)
		return ggw_fail(err, GGW_EINVALID, _("单位类型“%s”无效：village、community、school、street 或 other"),
				kind);
	if ((rc = lock(r, err)) < 0)
		return rc;
	locked = 1;
	if ((rc = units_load_node(r, &root, err)) < 0)
		goto out;
	list = node_map_get(&root, "units");
	for (size_t i = 0; list && i < list->count; i++) {
		const char *k = node_map_str(&list->kids[i], "key");

		if (k && !strcmp(k, key)) {
			rc = ggw_fail(err, GGW_EINVALID, _("单位 %s 已经存在"), key);
			goto done;
		}
	}
	node_init_map(&item);
	if (node_map_set_str(&item, "key", key, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&item, "name", name, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&item, "kind", kind, SCALAR_TEXT) < 0 ||
	    node_seq_append(list, &item) < 0) {
		node_free(&item);
		rc = ggw_oom(err);
		goto done;
	}
	if ((rc = validate(REC_UNITS, &root, probs, err)) < 0)
		goto done;
	if ((rc = record_to_yaml(REC_UNITS, &root, &yaml, &len, err)) < 0)
		goto done;
	if (asprintf(&msg, "新增单位：%s（%s）\n\nGgw-Unit: %s\nGgw-Record: units.yaml\nGgw-Action: add\n",
		     name, key, a->unit) < 0) {
		msg = NULL;
		rc = ggw_oom(err);
		goto done;
	}
	remove_stale_temps_of(r, "units.yaml");
	rc = write_and_commit(r, a, "units.yaml", yaml, len, msg, NULL, err);
done:
	node_free(&root);
out:
	if (locked)
		repo_unlock(r);
	free(yaml);
	free(msg);
	return rc;
}

/* ---- several files in one commit (undo, restore) ---- */

int ops_lock(struct repo *r, struct ggw_error *err)
{
	return lock(r, err);
}

void ops_unlock(struct repo *r)
{
	repo_unlock(r);
}

int ops_commit_files(struct repo *r, const struct actor *a, const char *const *paths,
		     const char *const *data, const size_t *lens, size_t n, const char *message,
		     char *commit_id, struct ggw_error *err)
{
	char abs[4096];
	struct stat st;
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (path_join(abs, sizeof(abs), repo_workdir(r), paths[i]) < 0)
			return ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), paths[i]);
		if ((rc = check_path_safe(r, paths[i], err)) < 0)
			return rc;
		remove_stale_temps_of(r, paths[i]);
		if (!data[i] && lstat(abs, &st) == 0 && (rc = remove_durable(abs, repo_workdir(r), err)) < 0)
			return rc;
	}
	return commit_and_note(r, a, paths, data, lens, n, message, commit_id, err);
}
