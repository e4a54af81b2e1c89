/* Undo this PC's last change; restore a deleted record (see undo.h).
 * Both run under ggw's repository lock from the first look at history to
 * the commit, so a sync cannot slip a change in between. */
#include "undo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/rectype.h"
#include "../storage/fsutil.h"
#include "../storage/repo_changes.h"
#include "../storage/repo_status.h"
#include "../storage/yamlio.h"
#include "history.h"
#include "ledger.h"

#define UNDO_PREFIX "撤销："
#define REDO_PREFIX "重做："

void undo_target_free(struct undo_target *t)
{
	if (!t)
		return;
	free(t->subject);
	free(t->next_subject);
	memset(t, 0, sizeof(*t));
}

/* Changes a person made through ggw (not init, not a sync merge). */
static int action_undoable(const char *action)
{
	static const char *const keys[] = { "add", "edit", "delete", "resolve", "undo", "restore" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(action, keys[i]))
			return 1;
	return 0;
}

/* "撤销：X" undone is "重做：X", and back; anything else gets "撤销：". */
static char *undo_subject(const char *subject, const char *action)
{
	size_t lu = strlen(UNDO_PREFIX), lr = strlen(REDO_PREFIX);
	char *out = NULL;
	int n;

	if (!strcmp(action, "undo") && !strncmp(subject, UNDO_PREFIX, lu))
		n = asprintf(&out, "%s%s", REDO_PREFIX, subject + lu);
	else if (!strcmp(action, "undo") && !strncmp(subject, REDO_PREFIX, lr))
		n = asprintf(&out, "%s%s", UNDO_PREFIX, subject + lr);
	else
		n = asprintf(&out, "%s%s", UNDO_PREFIX, subject);
	return n < 0 ? NULL : out;
}

int ops_undo_find(struct repo *r, const struct actor *a, struct undo_target *t,
		  struct ggw_error *err)
{
	struct file_version *v = NULL;
	size_t n = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = repo_log(r, 0, &v, &n, err)) < 0)
		return rc;
	rc = GGW_ENOTFOUND;
	for (size_t k = 0; k < n; k++) {
		char unit[64], action[16];

		if (message_trailer(v[k].message, "Ggw-Unit", unit, sizeof(unit)) < 0 ||
		    message_trailer(v[k].message, "Ggw-Action", action, sizeof(action)) < 0 ||
		    strcmp(unit, a->unit) || strcmp(v[k].email, a->email) || !action_undoable(action))
			continue;
		memcpy(t->commit, v[k].commit, sizeof(t->commit));
		snprintf(t->action, sizeof(t->action), "%s", action);
		t->subject = strdup(v[k].summary);
		t->next_subject = t->subject ? undo_subject(t->subject, action) : NULL;
		if (!t->subject || !t->next_subject) {
			undo_target_free(t);
			rc = ggw_oom(err);
		} else
			rc = 0;
		break;
	}
	file_versions_free(v, n);
	if (rc == GGW_ENOTFOUND)
		ggw_fail(err, rc, _("这台电脑（单位 %s，%s）还没有可以撤销的修改"), a->unit, a->email);
	return rc;
}

/* May the actor write path? Record files: their unit's, or office; any
 * other file (units.yaml): office only. */
static int path_scope(const struct actor *a, const char *path, struct ggw_error *err)
{
	enum record_type t;
	char unit[64], id[64];
	const struct record_type_def *def;
	int rc;

	if (record_path_parse(path, &t, unit, id) < 0)
		return ops_check_scope(a, "office", err);
	if ((rc = ops_check_scope(a, unit, err)) < 0)
		return rc;
	def = record_type_def(t);
	return def && def->writer == WRITER_OFFICE ? ops_check_scope(a, "office", err) : 0;
}

/* Someone changed path after the commit being undone: say who and when. */
static int changed_since(struct repo *r, const struct undo_target *t, const char *path,
			 struct ggw_error *err)
{
	struct git_meta m;
	char when[32];

	if (repo_last_change_meta(r, t->commit, path, &m, NULL) < 0)
		return ggw_fail(err, GGW_ECONFLICT,
				_("不能撤销“%s”：%s 后来又被改过；请用 ggw log 查看，再直接修改"),
				t->subject, path);
	format_commit_time(m.time, m.tz_minutes, when, sizeof(when));
	return ggw_fail(err, GGW_ECONFLICT,
			_("不能撤销“%s”：%s 后来又被 %s%s%s%s 在 %s 改过（提交 %.8s）；请用 ggw log 查看，再直接修改"),
			t->subject, path, m.author, *m.unit ? _("（") : "", m.unit, *m.unit ? _("）") : "",
			when, m.commit);
}

/* The work-tree file differs from HEAD (edited by hand, not committed)? */
static int hand_edited(struct repo *r, const char *path, const char *head_blob)
{
	char abs[4096], hex[41];
	char *data = NULL;
	size_t len = 0;
	int differs;

	if (path_join(abs, sizeof(abs), repo_workdir(r), path) < 0)
		return 1;
	if (read_whole_file(abs, (size_t)64 << 20, &data, &len, NULL) < 0)
		return *head_blob != '\0'; /* absent (or unreadable) */
	differs = !*head_blob || repo_hash_blob(data, len, hex) < 0 || strcmp(hex, head_blob);
	free(data);
	return differs;
}

/* A record's earlier content must still be a valid record. */
static int content_valid(const char *path, const char *data, size_t len, struct ggw_error *err)
{
	enum record_type t;
	char unit[64], id[64];
	struct node rec;
	struct problems probs = { 0 };
	struct ggw_error perr = { 0, "" };
	int rc = 0;

	if (record_path_parse(path, &t, unit, id) < 0) {
		if (strcmp(path, "units.yaml"))
			return 0; /* not a record: restored as it was */
		t = REC_UNITS;
	}
	if (yaml_parse(path, data, len, &rec, &perr) < 0)
		return ggw_fail(err, GGW_EINVALID, _("不能撤销：%s 以前的内容无法读取：%s"), path,
				perr.msg);
	if (record_validate(t, &rec, &probs) > 0)
		rc = ggw_fail(err, GGW_EINVALID, _("不能撤销：%s 以前的内容不是有效的记录：%s"), path,
			      probs.v[0].msg);
	problems_free(&probs);
	node_free(&rec);
	return rc;
}

/* Every path's content before the commit; refused paths stop it all. */
struct undo_files {
	const char **paths;
	char **data;
	size_t *lens;
	size_t n;
};

static void undo_files_free(struct undo_files *f)
{
	for (size_t i = 0; f->data && i < f->n; i++)
		free(f->data[i]);
	free(f->paths);
	free(f->data);
	free(f->lens);
	memset(f, 0, sizeof(*f));
}

static int undo_prepare(struct repo *r, const struct actor *a, const struct undo_target *t,
			const struct path_change *ch, size_t nch, struct undo_files *f,
			struct ggw_error *err)
{
	int rc;

	if (!(f->paths = calloc(nch + 1, sizeof(*f->paths))) ||
	    !(f->data = calloc(nch + 1, sizeof(*f->data))) ||
	    !(f->lens = calloc(nch + 1, sizeof(*f->lens))))
		return ggw_oom(err);
	for (size_t i = 0; i < nch; i++) {
		char head[41];
		enum record_type type;
		char unit[64], id[64];

		if ((rc = path_scope(a, ch[i].path, err)) < 0)
			return rc;
		if ((rc = repo_blob_at(r, "HEAD", ch[i].path, head, err)) < 0)
			return rc;
		if (strcmp(head, ch[i].new_blob))
			return changed_since(r, t, ch[i].path, err);
		if (hand_edited(r, ch[i].path, head))
			return ggw_fail(err, GGW_ECONFLICT,
					_("不能撤销“%s”：%s 有还没有提交的改动；请先保存或放弃这些改动"),
					t->subject, ch[i].path);
		f->paths[f->n] = ch[i].path;
		if (*ch[i].old_blob) {
			if ((rc = repo_blob_read(r, ch[i].old_blob, &f->data[f->n], &f->lens[f->n], err)) < 0)
				return rc;
			f->n++;
			if ((rc = content_valid(ch[i].path, f->data[f->n - 1], f->lens[f->n - 1], err)) < 0)
				return rc;
		} else {
			f->n++;
			/* undoing a volunteer's addition deletes it */
			if (record_path_parse(ch[i].path, &type, unit, id) == 0 && type == REC_VOLUNTEER &&
			    (rc = ops_refuse_if_named(r, id, err)) < 0)
				return rc;
		}
	}
	return 0;
}

static char *undo_message(const struct actor *a, const struct undo_target *t,
			  const struct undo_files *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m)
		return NULL;
	/* Commit messages are shared data: Chinese, never translated. */
	fprintf(m, "%s\n\nGgw-Unit: %s\n", t->next_subject, a->unit);
	for (size_t i = 0; i < f->n; i++)
		fprintf(m, "Ggw-Record: %s\n", f->paths[i]);
	fprintf(m, "Ggw-Action: undo\nGgw-Undoes: %s\n", t->commit);
	if (fclose(m) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

int ops_undo(struct repo *r, const struct actor *a, struct undo_target *out, char *commit_id,
	     struct ggw_error *err)
{
	struct undo_target t = { 0 };
	struct path_change *ch = NULL;
	struct undo_files f = { 0 };
	size_t nch = 0;
	char *msg = NULL;
	int rc;

	if (commit_id)
		commit_id[0] = '\0';
	if ((rc = ops_lock(r, err)) < 0)
		return rc;
	if ((rc = ops_undo_find(r, a, &t, err)) < 0)
		goto done;
	if ((rc = repo_commit_changes(r, t.commit, &ch, &nch, err)) < 0)
		goto done;
	if (!nch) {
		rc = ggw_fail(err, GGW_ENOTFOUND, _("“%s”没有改动任何文件，没有可撤销的"), t.subject);
		goto done;
	}
	if ((rc = undo_prepare(r, a, &t, ch, nch, &f, err)) < 0)
		goto done;
	if (!(msg = undo_message(a, &t, &f))) {
		rc = ggw_oom(err);
		goto done;
	}
	rc = ops_commit_files(r, a, f.paths, (const char *const *)f.data, f.lens, f.n, msg,
			      commit_id, err);
done:
	ops_unlock(r);
	if (rc == 0 && out) {
		*out = t;
		memset(&t, 0, sizeof(t));
	}
	undo_target_free(&t);
	undo_files_free(&f);
	path_changes_free(ch, nch);
	free(msg);
	return rc;
}

/* ---- deleted records ---- */

static int record_file_path(const char *path, void *data)
{
	enum record_type t;
	char unit[64], id[64];

	(void)data;
	return record_path_parse(path, &t, unit, id) == 0 && record_type_per_file(t);
}

void deleted_records_free(struct deleted_record *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].id);
		free(v[i].unit);
		free(v[i].path);
		free(v[i].title);
		free(v[i].author);
	}
	free(v);
}

/* The title the record had, from its last content ("" if unreadable). */
static char *title_of(struct repo *r, enum record_type t, const char *blob)
{
	const char *field = record_title_field(t), *s;
	char *data = NULL, *title;
	size_t len = 0;
	struct node rec;

	if (!field || repo_blob_read(r, blob, &data, &len, NULL) < 0)
		return strdup("");
	if (yaml_parse("", data, len, &rec, NULL) < 0) {
		free(data);
		return strdup("");
	}
	s = node_map_str(&rec, field);
	title = strdup(s ? s : "");
	node_free(&rec);
	free(data);
	return title;
}

static int id_listed(const struct deleted_record *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].id, id))
			return 1;
	return 0;
}

int deleted_records(struct repo *r, struct deleted_record **out, size_t *n,
		    struct ggw_error *err)
{
	struct deleted_file *df = NULL;
	struct deleted_record *v = NULL;
	size_t nd = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = repo_deleted_files(r, record_file_path, NULL, &df, &nd, err)) < 0)
		return rc;
	if (nd && !(v = calloc(nd, sizeof(*v)))) {
		deleted_files_free(df, nd);
		return ggw_oom(err);
	}
	for (size_t i = 0; i < nd; i++) {
		struct deleted_record *d = &v[count];
		char unit[64], id[64], now[512];

		/* a record moved by hand is not deleted: it is still found by
		 * id; one deleted from two places is listed once, newest */
		if (record_path_parse(df[i].path, &d->type, unit, id) < 0 ||
		    ops_find_path(r, id, now, sizeof(now), NULL) == 0 || id_listed(v, count, id))
			continue;
		count++;
		d->id = strdup(id);
		d->unit = strdup(unit);
		d->path = strdup(df[i].path);
		d->author = strdup(df[i].author);
		d->title = title_of(r, d->type, df[i].blob);
		memcpy(d->commit, df[i].commit, sizeof(d->commit));
		memcpy(d->blob, df[i].blob, sizeof(d->blob));
		d->time = df[i].time;
		d->tz_minutes = df[i].tz_minutes;
		if (message_trailer(df[i].message, "Ggw-Unit", d->deleter_unit,
				    sizeof(d->deleter_unit)) < 0)
			d->deleter_unit[0] = '\0';
		if (!d->id || !d->unit || !d->path || !d->author || !d->title) {
			deleted_records_free(v, count);
			deleted_files_free(df, nd);
			return ggw_oom(err);
		}
	}
	deleted_files_free(df, nd);
	*out = v;
	*n = count;
	return 0;
}

/* ---- restore ---- */

/* The record, parsed, validated, in the actor's scope. */
static int restore_load(struct repo *r, const struct actor *a, const struct deleted_record *d,
			struct node *rec, struct problems *probs, struct ggw_error *err)
{
	struct problems local = { 0 };
	struct problems *p = probs ? probs : &local;
	const struct record_type_def *def = record_type_def(d->type);
	char *data = NULL;
	size_t len = 0;
	int rc;

	if ((rc = ops_check_scope(a, d->unit, err)) < 0 ||
	    (def && def->writer == WRITER_OFFICE && (rc = ops_check_scope(a, "office", err)) < 0))
		return rc;
	if ((rc = repo_blob_read(r, d->blob, &data, &len, err)) < 0)
		return rc;
	rc = yaml_parse(d->path, data, len, rec, err);
	free(data);
	if (rc < 0) {
		ggw_prefix(err, _("不能恢复 %s"), d->id);
		return rc;
	}
	if (record_validate(d->type, rec, p) > 0)
		rc = ggw_fail(err, GGW_EINVALID, _("不能恢复 %s：删除前的内容不是有效的记录：%s"), d->id,
			      p->v[0].msg);
	problems_free(&local);
	if (rc < 0)
		node_free(rec);
	return rc;
}

static int find_deleted(struct repo *r, const char *id, struct deleted_record **v, size_t *n,
			const struct deleted_record **d, struct ggw_error *err)
{
	char path[512];
	int rc;

	*d = NULL;
	if (!record_id_valid(id))
		return ggw_fail(err, GGW_EINVALID,
				_("“%s”不是有效的记录编号（活动如 20240710-3fa9c2e1，五老如 v-1a2b3c4d）"), id);
	if (ops_find_path(r, id, path, sizeof(path), NULL) == 0)
		return ggw_fail(err, GGW_EINVALID, _("记录 %s 还在（%s），不需要恢复"), id, path);
	if ((rc = deleted_records(r, v, n, err)) < 0)
		return rc;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].id, id)) {
			*d = &(*v)[i];
			return 0;
		}
	return ggw_fail(err, GGW_ENOTFOUND,
			_("历史里没有编号为 %s 的已删除记录（ggw restore --list 列出可以恢复的记录）"), id);
}

int ops_restore(struct repo *r, const struct actor *a, const char *id, char *relpath,
		struct problems *probs, struct ggw_error *err)
{
	struct deleted_record *v = NULL;
	const struct deleted_record *d;
	size_t n = 0, len = 0;
	struct node rec;
	char *unit_name = NULL, *yaml = NULL, *msg = NULL;
	int rc, loaded = 0;

	if ((rc = ops_lock(r, err)) < 0)
		return rc;
	if ((rc = find_deleted(r, id, &v, &n, &d, err)) < 0)
		goto done;
	if ((rc = restore_load(r, a, d, &rec, probs, err)) < 0)
		goto done;
	loaded = 1;
	if ((rc = ops_unit_display_name(r, d->unit, &unit_name, err)) < 0)
		goto done;
	if ((rc = record_to_yaml(d->type, &rec, &yaml, &len, err)) < 0)
		goto done;
	if (ops_commit_message_ex("restore", d->type, &rec, unit_name, d->path, a->unit, &msg) < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	{
		const char *paths[1] = { d->path }, *data[1] = { yaml };

		rc = ops_commit_files(r, a, paths, data, &len, 1, msg, NULL, err);
	}
	if (rc == 0 && relpath)
		snprintf(relpath, 512, "%s", d->path);
done:
	ops_unlock(r);
	if (loaded)
		node_free(&rec);
	deleted_records_free(v, n);
	free(unit_name);
	free(yaml);
	free(msg);
	return rc;
}
