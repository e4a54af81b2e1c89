/* ggw init and ggw clone: a ledger's beginning on this PC. */
#include "init.h"
#include "ledgerid.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/fields.h"
#include "../model/i18n.h"
#include "../model/node.h"
#include "../storage/fsutil.h"
#include "../storage/repo.h"
#include "../storage/wtcheckout.h"
#include "ledger.h"
#include "ops.h"
#include "pckey.h"
#include "sync.h"
#include "sync_clone.h"
#include "unitname.h"

/* ---- folders ---- */

int dir_absent_or_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int empty = 1;

	if (!d)
		return errno == ENOENT;
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	return empty;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* The same, keeping the top folder itself. */
static int rm_below(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return ftw->level == 0 ? 0 : rm_one(path, st, flag, ftw);
}

/* Undo a failed init or clone: a folder that was not there goes, one that
 * was there (empty) is emptied again. */
static void undo_folder(const char *dir, int existed)
{
	nftw(dir, existed ? rm_below : rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- init ---- */

static int init_check_units(const struct init_options *o, struct ggw_error *err)
{
	int me_found = !o->me || !strcmp(o->me, "office");

	for (size_t k = 0; k < o->nunits; k++) {
		const struct init_unit *u = &o->units[k];

		if (!unit_key_valid(u->key))
			return ggw_fail(err, GGW_EINVALID,
					_("单位代码“%s”无效：小写字母开头，由小写字母、数字和 - 组成，最多 32 个字符"),
					u->key);
		if (u->kind && enum_index(enum_unit_kind, u->kind) < 0)
			return ggw_fail(err, GGW_EINVALID,
					_("单位类型“%s”无效：village、community、school、street 或 other"),
					u->kind);
		for (size_t j = 0; j < k; j++)
			if (!strcmp(o->units[j].key, u->key))
				return ggw_fail(err, GGW_EINVALID, _("单位代码 %s 重复"), u->key);
		me_found |= o->me && !strcmp(u->key, o->me);
	}
	if (!me_found)
		return ggw_fail(err, GGW_EINVALID, _("--me %s 不是这里列出的单位"), o->me);
	return 0;
}

static int unit_item(struct node *list, const char *key, const char *name, const char *kind)
{
	struct node item;

	if (node_init_map(&item) < 0)
		return -1;
	if (node_map_set_str(&item, "key", key, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&item, "name", name, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&item, "kind", kind, SCALAR_TEXT) < 0 || node_seq_append(list, &item) < 0) {
		node_free(&item);
		return -1;
	}
	return 0;
}

/* units.yaml as a node: the office first (named "<street>办公室" unless
 * --unit office --unit-name says otherwise), then the units in order. */
static int units_yaml_build(const struct init_options *o, struct node *root)
{
	struct node list;
	char office_name[512], id[LEDGER_ID_LEN + 1];
	const char *oname = NULL;
	int rc = -1;

	for (size_t k = 0; k < o->nunits; k++)
		if (!strcmp(o->units[k].key, "office"))
			oname = o->units[k].name;
	snprintf(office_name, sizeof(office_name), "%s办公室", o->street);
	if (node_init_map(root) < 0)
		return -1;
	if (node_init_seq(&list) < 0)
		return -1;
	if (ledgerid_make(id, NULL) < 0)
		goto done;
	if (node_map_set_str(root, "schema", record_schema(REC_UNITS), SCALAR_TEXT) < 0 ||
	    node_map_set_str(root, "ledger", id, SCALAR_TEXT) < 0 ||
	    node_map_set_str(root, "street", o->street, SCALAR_TEXT) < 0 ||
	    unit_item(&list, "office", oname ? oname : office_name, "street") < 0)
		goto done;
	for (size_t k = 0; k < o->nunits; k++) {
		const struct init_unit *u = &o->units[k];

		if (strcmp(u->key, "office") &&
		    unit_item(&list, u->key, u->name ? u->name : u->key, u->kind ? u->kind : "village") < 0)
			goto done;
	}
	rc = node_map_set(root, "units", &list);
done:
	node_free(&list);
	return rc;
}

/* Who makes the first commit: user.name if git knows one, else the office
 * (user.name can only be set once the ledger exists). */
static int init_actor(struct repo *r, const struct init_options *o, struct actor *a,
		      struct init_result *res, struct ggw_error *err)
{
	const char *unit = o->me ? o->me : "office";

	snprintf(res->unit, sizeof(res->unit), "%s", unit);
	res->anonymous = 0;
	if (actor_load(r, a, NULL) == 0)
		return 0;
	actor_free(a);
	res->anonymous = 1;
	a->unit = strdup(unit);
	if (asprintf(&a->name, "%s办公室", o->street) < 0)
		a->name = NULL;
	if (asprintf(&a->email, "%s@ggw.local", unit) < 0)
		a->email = NULL;
	return a->unit && a->name && a->email ? 0 : ggw_oom(err);
}

static int write_file(const char *dir, const char *name, const char *text, size_t len,
		      struct ggw_error *err)
{
	char path[PATH_MAX];

	if (path_join(path, sizeof(path), dir, name) < 0)
		return ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), dir);
	return atomic_write(path, text, len, err);
}

/* units.yaml, .gitattributes, ggw.unit and the first commit. */
static int init_write(struct repo *r, const struct init_options *o, const char *yaml, size_t len,
		      struct init_result *res, struct ggw_error *err)
{
	static const char *const paths[2] = { "units.yaml", ".gitattributes" };
	static const char attributes[] = "*.yaml -merge\n";
	struct actor a = { 0 };
	char *msg = NULL;
	int rc;

	if ((rc = repo_config_set(r, "ggw.unit", o->me ? o->me : "office", err)) < 0 ||
	    (rc = init_actor(r, o, &a, res, err)) < 0 ||
	    (rc = write_file(o->dir, paths[0], yaml, len, err)) < 0 ||
	    (rc = write_file(o->dir, paths[1], attributes, sizeof(attributes) - 1, err)) < 0 ||
	    (rc = pckey_setup(r, err)) < 0) /* this PC's key signs the first commit */
		goto done;
	/* Commit messages are shared history: always Chinese. */
	if (asprintf(&msg, "新建台账：%s\n\nGgw-Unit: %s\nGgw-Action: init\n", o->street, a.unit) < 0) {
		msg = NULL;
		rc = ggw_oom(err);
		goto done;
	}
	rc = repo_commit_paths(r, paths, 2, msg, a.name, a.email, NULL, err);
done:
	free(msg);
	actor_free(&a);
	return rc;
}

int ops_init(const struct init_options *o, struct init_result *res, struct problems *probs,
	     struct ggw_error *err)
{
	struct problems own = { 0 };
	struct node root = { 0 };
	struct repo *r = NULL;
	char *yaml = NULL;
	size_t len = 0;
	int rc, existed;

	if (!probs)
		probs = &own;
	if ((rc = init_check_units(o, err)) < 0)
		return rc;
	if (units_yaml_build(o, &root) < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	if (record_validate(REC_UNITS, &root, probs) > 0) {
		rc = ggw_fail(err, GGW_EINVALID, _("单位设置无效，没有新建台账"));
		goto done;
	}
	if ((rc = record_to_yaml(REC_UNITS, &root, &yaml, &len, err)) < 0)
		goto done;
	if (!dir_absent_or_empty(o->dir)) /* repo_init refuses it, and we keep it */
		existed = -1;
	else
		existed = access(o->dir, F_OK) == 0;
	if ((rc = repo_init(o->dir, &r, err)) < 0)
		goto done;
	if ((rc = init_write(r, o, yaml, len, res, err)) < 0) {
		repo_close(r);
		r = NULL;
		if (existed >= 0)
			undo_folder(o->dir, existed);
	}
done:
	repo_close(r);
	problems_free(&own);
	node_free(&root);
	free(yaml);
	return rc;
}

/* ---- clone ---- */

/* For tests only: GGW_TEST_KILL_AT=clone-before-finish makes a clone die
 * by SIGKILL with everything written but not yet made durable (see
 * storage/wtcheckout.c for clone-checkout). Unset in real use. */
static void kill_point(const char *point)
{
	const char *want = getenv("GGW_TEST_KILL_AT");

	if (want && !strcmp(want, point))
		raise(SIGKILL);
}

/* "host:path" (scp-like ssh address) rather than a local path. */
static int looks_like_scp(const char *url)
{
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');

	return colon && colon != url && (!slash || colon < slash);
}

/* --unit: the key, the name or the short name (新义村); *key (keylen
 * bytes) receives the key, label the unit's name and key. */
static int unit_known(struct repo *r, const char *unit, char *key, size_t keylen, char *label,
		      size_t label_len, struct ggw_error *err)
{
	struct units u = { 0 };
	const char *found;
	int rc;

	if ((rc = units_load(r, &u, err)) < 0)
		return rc;
	if (units_resolve(&u, unit, &found, err) < 0) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		rc = ggw_fail(err, GGW_EINVALID, _("%s；已撤销复制"), why);
	} else {
		snprintf(key, keylen, "%s", found);
		if (label && label_len)
			units_label_key(&u, found, label, label_len);
	}
	units_free(&u);
	return rc;
}

/* An office cloning an older ledger without an id gives it one (a unit's
 * copy adopts the office's at its next sync). */
static int clone_ledger_id(struct repo *r, struct ggw_error *err)
{
	struct actor a;
	int rc, added = 0;

	if (actor_load(r, &a, NULL) < 0) {
		actor_free(&a);
		return 0; /* no name yet: the office's next sync gives it */
	}
	if ((rc = ops_lock(r, err)) == 0) {
		rc = ledgerid_ensure(r, &a, &added, err);
		ops_unlock(r);
	}
	actor_free(&a);
	return rc;
}

/* The work tree: written on every core, each record parsed from the bytes
 * as they are written (the seed), so that the cache is built from blob ids
 * and contents already in hand. A tree the fast way does not take (a
 * symlink, an odd name) is checked out by libgit2 and parsed by the load. */
static int seed_file(int worker, const struct wt_file *f, void *data)
{
	return ledger_seed_add(data, worker, f->path, f->data, f->len, f->blob, f->st);
}

static int clone_checkout(struct repo *r, struct ledger_seed **seed, struct ggw_error *err)
{
	int rc;

	*seed = ledger_seed_new(wtcheckout_workers());
	rc = wtcheckout_fresh(r, *seed ? seed_file : NULL, *seed, err);
	if (rc == 0)
		rc = repo_checkout_head(r, err);
	return rc < 0 ? rc : 0;
}

/* The first list after a clone reads the cache this load writes; failing
 * to is no failure of the clone. */
static void clone_build_cache(struct repo *r, struct ledger_seed *seed)
{
	struct ggw_error e = { 0, "" };
	struct ledger l;

	repo_drop_caches(r); /* the load reads files, not git objects */
	if ((seed ? ledger_load_seeded(r, seed, &l, &e) : ledger_load(r, &l, &e)) == 0)
		ledger_free(&l);
}

/* A folder holding a clone that was cut off (killed, power lost) before it
 * finished: emptied, so that the clone is simply made again. */
static int unfinished_clone_cleared(const char *dir, int *existed)
{
	if (!repo_clone_unfinished(dir))
		return 0;
	undo_folder(dir, 1);
	*existed = 1;
	return dir_absent_or_empty(dir);
}

int ops_clone(const char *url, const char *dir, const char *unit, struct ggw_error *err)
{
	return ops_clone_named(url, dir, unit, NULL, 0, NULL, 0, err);
}

/* git_clone could not read the hub's history (a commit libgit2 cannot
 * parse on its main), or could not log in over ssh (it has no key
 * callback): an empty repository with the hub as origin, for sync's
 * readers to fill (records/sync_clone.h; ssh keys and host keys as a sync
 * has them). */
static int clone_slow_start(const char *url, const char *dir, struct repo **r,
			    struct ggw_error *err)
{
	int rc;

	ggw_clear(err);
	if ((rc = repo_init(dir, r, err)) < 0)
		return rc;
	return sync_remote_add(*r, "origin", url, err);
}

int ops_clone_named(const char *url, const char *dir, const char *unit, char *label,
		    size_t label_len, char *note, size_t note_len, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct ledger_seed *seed = NULL;
	struct fs_flush *flush = NULL;
	char key[128], said[1024];
	int rc, existed, fetched = 1, checked_out = 0;

	if (label && label_len)
		label[0] = '\0';
	if (note && note_len)
		note[0] = '\0';
	if (!unit || !*unit)
		return ggw_fail(err, GGW_EINVALID, _("单位代码“%s”无效"), unit ? unit : "");
	/* Checked here so that the message is ggw's, in the user's language,
	 * rather than libgit2's English. */
	existed = access(dir, F_OK) == 0;
	if (!dir_absent_or_empty(dir) && !unfinished_clone_cleared(dir, &existed))
		return ggw_fail(err, GGW_EINVALID,
				_("文件夹 %s 不是空的，不能复制到这里。请换一个空文件夹或一个还不存在的文件夹。"),
				dir);
	if (!strstr(url, "://") && !looks_like_scp(url) && access(url, F_OK) != 0)
		return ggw_fail(err, GGW_ENET, _("找不到 %s：请检查路径（U盘是否插好）"), url);
	/* The work tree is written after the marker that says the clone is
	 * unfinished, made durable with one sync of its file system at the end
	 * (no fsync per file), and only then the marker goes: a clone cut off
	 * half-way is refused by every command and made again by the next
	 * ggw clone into the same folder. */
	rc = repo_clone_flags(url, dir, REPO_CLONE_NO_CHECKOUT, &r, err);
	if (rc == GGW_EDAMAGED ||
	    (rc == GGW_EDENIED && (!strncmp(url, "ssh://", 6) || looks_like_scp(url)))) {
		fetched = 0;
		rc = clone_slow_start(url, dir, &r, err);
	}
	if (rc == 0)
		rc = repo_clone_mark_unfinished(r, err);
	/* Only what the sync check accepts: the last good history of a hub
	 * whose main holds refused commits. Checked before any file is
	 * written; when it moved main (or fetched it itself), it checked out
	 * the work tree too. */
	if (rc == 0 && (rc = sync_clone_check(r, "origin", fetched, said, sizeof(said), err)) > 0) {
		if (note && note_len)
			snprintf(note, note_len, "%s", said);
		checked_out = 1;
		rc = 0;
	}
	if (rc == 0 && !fetched)
		checked_out = 1;
	if (rc == 0 && !checked_out)
		rc = clone_checkout(r, &seed, err);
	/* Where the flush can be left to a process of its own, the user has
	 * the prompt back once the files are written (storage/clonemark.h);
	 * else the disk takes the work tree while this thread builds the
	 * cache, and repo_clone_finish's own sync has only the last files. */
	if (rc == 0 && !repo_clone_finish_deferred())
		flush = sync_filesystem_begin(dir);
	if (rc < 0 || (rc = unit_known(r, unit, key, sizeof(key), label, label_len, err)) < 0 ||
	    (rc = repo_config_set(r, "ggw.unit", key, err)) < 0 ||
	    (rc = pckey_setup(r, err)) < 0 ||
	    (rc = clone_ledger_id(r, err)) < 0) {
		sync_filesystem_wait(flush, NULL);
		ledger_seed_free(seed);
		repo_close(r);
		undo_folder(dir, existed);
		return rc;
	}
	clone_build_cache(r, seed);
	ledger_seed_free(seed);
	kill_point("clone-before-finish");
	if ((rc = sync_filesystem_wait(flush, err)) == 0)
		rc = repo_clone_finish(r, err);
	repo_close(r);
	if (rc < 0)
		undo_folder(dir, existed);
	return rc;
}
