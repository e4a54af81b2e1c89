/* Sync: remotes, fetch, verify, merge, push, status. See sync.h and
 * man/ggw-sync.7. Git plumbing lives in storage/gitp.c. */
#include "sync.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/merge.h"
#include "../model/record.h"
#include "../model/trailer.h"
#include "../storage/fsutil.h"
#include "../storage/hub_local.h"
#include "../storage/repo_status.h"
#include "../storage/repo_twin.h"
#include "../storage/threads.h"
#include "../storage/transport.h"
#include "../storage/treecheck.h"
#include "../storage/yamlio.h"
#include "clock.h"
#include "evidence.h"
#include "evidence_sync.h"
#include "ledger.h"
#include "ledgerid.h"
#include "ops.h"
#include "keys_admin.h"
#include "sync_check.h"
#include "trust.h"

#define PUSH_ATTEMPTS 3
#define OFFICE "office"

/* For tests only: GGW_TEST_KILL_AT=<point> makes the process die by
 * SIGKILL at that named point of a sync (after-fetch, after-verify,
 * before-main-move, after-main-move, mid-checkout, after-checkout,
 * before-push, after-push), so crash recovery can be tested at every step
 * instead of after random sleeps. Unset in real use. */
static void kill_point(const char *point)
{
	const char *want = getenv("GGW_TEST_KILL_AT");

	if (want && !strcmp(want, point))
		raise(SIGKILL);
}

/* ------------------------------------------------------------------ */
/* Remotes                                                              */

static int remote_name_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 63 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
				  (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return strstr(s, "..") == NULL && s[n - 1] != '.' && strcmp(s + (n > 5 ? n - 5 : 0), ".lock");
}

static int64_t lastsync_get(struct repo *r, const char *name)
{
	char key[128], *v = NULL;
	int64_t t = 0;

	snprintf(key, sizeof(key), "ggw.remote.%s.lastsync", name);
	if (repo_config_get(r, key, &v, NULL) == 0 && v)
		t = strtoll(v, NULL, 10);
	free(v);
	return t;
}

static void lastsync_set(struct repo *r, const char *name)
{
	char key[128], val[32];

	snprintf(key, sizeof(key), "ggw.remote.%s.lastsync", name);
	snprintf(val, sizeof(val), "%lld", (long long)time(NULL));
	repo_config_set(r, key, val, NULL);
}

void sync_remote_list_free(struct remote_info *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].url);
	}
	free(v);
}

int sync_remote_list(struct repo *r, struct remote_info **out, size_t *n, struct ggw_error *err)
{
	char **names = NULL, **urls = NULL;
	size_t count = 0;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = gitp_remote_list(r, &names, &urls, &count, err)) < 0)
		return error;
	*out = calloc(count + 1, sizeof(**out));
	if (!*out) {
		error = ggw_oom(err);
		count = 0;
	}
	for (size_t i = 0; i < count; i++) {
		char path[PATH_MAX];
		struct remote_info *ri = &(*out)[i];

		ri->name = names[i];
		ri->url = urls[i];
		names[i] = urls[i] = NULL;
		ri->local = transport_url_is_local(ri->url, path, sizeof(path));
		ri->bare = -1;
		if (ri->local && transport_local_is_bare(path, &ri->bare, NULL) < 0)
			ri->bare = -1;
		ri->lastsync = lastsync_get(r, ri->name);
	}
	*n = count;
	gitp_remote_list_free(names, urls, count);
	return error;
}

/* Another remote for the same place (local paths compared by realpath)? Its
 * name goes into err: two names for one stick would sync it twice. */
static int remote_url_taken(struct repo *r, const char *use, struct ggw_error *err)
{
	char **names = NULL, **urls = NULL, path[PATH_MAX], abs[PATH_MAX];
	size_t n = 0;
	int error;

	if ((error = gitp_remote_list(r, &names, &urls, &n, err)) < 0)
		return error;
	for (size_t i = 0; i < n && !error; i++) {
		const char *u = urls[i] ? urls[i] : "";

		if (transport_url_is_local(u, path, sizeof(path)) && realpath(path, abs))
			u = abs;
		if (!strcmp(u, use))
			error = ggw_fail(err, GGW_EINVALID,
					 _("%s 已经登记为同步对象 %s，不用再添加（ggw remote list 列出全部）"),
					 use, names[i]);
	}
	gitp_remote_list_free(names, urls, n);
	return error;
}

int sync_remote_add(struct repo *r, const char *name, const char *url, struct ggw_error *err)
{
	char path[PATH_MAX], abs[PATH_MAX + 8];
	const char *use = url;
	int error;

	if (!remote_name_valid(name))
		return ggw_fail(err, GGW_EUSAGE,
				_("同步对象名“%s”无效：只能用字母、数字、-、_、.，例如 office 或 usb"), name);
	if (!*url)
		return ggw_fail(err, GGW_EUSAGE, _("缺少地址"));
	if (transport_url_is_local(url, path, sizeof(path))) {
		if (!realpath(path, abs))
			return ggw_fail(err, GGW_ENOTFOUND,
					_("找不到 %s：%s。U盘插好了吗？新的中转仓库请先用 ggw hub init 建立"),
					path, strerror(errno));
		use = abs;
	} else if (strncmp(url, "ssh://", 6) && strncmp(url, "git://", 6) &&
		   strncmp(url, "http://", 7) && strncmp(url, "https://", 8) && !strchr(url, ':')) {
		return ggw_fail(err, GGW_EUSAGE,
				_("不认识的地址 %s：请用本地路径、ssh://、git://、http:// 或 https://"), url);
	}
	if ((error = remote_url_taken(r, use, err)) < 0)
		return error;
	return gitp_remote_add(r, name, use, err);
}

int sync_remote_remove(struct repo *r, const char *name, struct ggw_error *err)
{
	char key[128], **refs = NULL;
	git_hex *ids = NULL;
	size_t n = 0;
	int error;

	if ((error = gitp_remote_remove(r, name, err)) < 0)
		return error;
	snprintf(key, sizeof(key), "ggw.remote.%s.lastsync", name);
	repo_config_unset(r, key, NULL);
	/* What ggw remembered of it: a refused tip, side references. */
	snprintf(key, sizeof(key), "refs/ggw/refused/%s", name);
	gitp_delete_ref(r, key, NULL);
	snprintf(key, sizeof(key), "refs/ggw/side/%s/", name);
	if (gitp_ref_list(r, key, &refs, &ids, &n, NULL) == 0)
		for (size_t i = 0; i < n; i++)
			gitp_delete_ref(r, refs[i], NULL);
	gitp_ref_list_free(refs, ids, n);
	return 0;
}

int sync_hub_init(const char *path, struct ggw_error *err)
{
	return transport_hub_init(path, err);
}

int sync_transfer_child(const char *dir, int argc, char **argv)
{
	return transport_child_main(dir, argc, argv);
}

/* ------------------------------------------------------------------ */
/* Verifying incoming commits                                           */

static int path_in_unit(const char *path, const char *unit)
{
	char owner[64];

	return (record_unit_of_path(path, owner, sizeof(owner)) ||
		evidence_withdrawal_path_parse(path, owner, sizeof(owner))) && !strcmp(owner, unit);
}

/* The unit whose record folders hold path, copied to unit; 0 if none. */
static int unit_of_path(const char *path, char *unit, size_t len)
{
	return record_unit_of_path(path, unit, len) || evidence_withdrawal_path_parse(path, unit, len);
}

/* Paths where two sorted item lists differ (content, mode or presence). */
static int diff_paths(const struct tree_item *a, size_t na, const struct tree_item *b, size_t nb,
		      char ***out, size_t *n)
{
	size_t i = 0, j = 0, cap = 0;

	*out = NULL;
	*n = 0;
	while (i < na || j < nb) {
		const char *p;
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i].path, b[j].path);

		if (c == 0) {
			p = a[i].path;
			if (!strcmp(a[i].blob, b[j].blob) && a[i].mode == b[j].mode) {
				i++;
				j++;
				continue;
			}
			i++;
			j++;
		} else if (c < 0) {
			p = a[i++].path;
		} else {
			p = b[j++].path;
		}
		if (*n == cap) {
			char **nv = realloc(*out, (cap = cap ? cap * 2 : 16) * sizeof(char *));

			if (!nv)
				return -1;
			*out = nv;
		}
		if (!((*out)[(*n)++] = strdup(p)))
			return -1;
	}
	return 0;
}

static void strs_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* "Name <email>" */
static char *author_of(const struct commit_info *c)
{
	char *s = NULL;

	if (asprintf(&s, "%s <%s>", c->author_name, c->author_email) < 0)
		return NULL;
	return s;
}

/* The unit a commit speaks for: its Ggw-Unit trailer (read from the
 * trailer block, as ggw log reads it), else its author e-mail's local part
 * if that is a unit of units.yaml; "" if neither (a plain git commit from
 * someone unknown). Returns how many Ggw-Unit trailers the commit has. */
static int commit_unit(const struct commit_info *c, const struct units *u, char *unit, size_t len)
{
	const char *at;
	int ntrailers = commit_trailer(c->message, "Ggw-Unit", unit, len);

	if (ntrailers)
		return ntrailers;
	at = strchr(c->author_email, '@');
	if (at && (size_t)(at - c->author_email) < len) {
		char local[64];

		snprintf(local, sizeof(local), "%.*s", (int)(at - c->author_email), c->author_email);
		if (unit_key_valid(local) && u && units_find(u, local))
			snprintf(unit, len, "%s", local);
	}
	return 0;
}

struct items {
	struct tree_item *v;
	size_t n, cap;
};

static int merge_path(struct repo *r, const char *path, const struct tree_item *b,
		      const struct tree_item *o, const struct tree_item *t, const char *base,
		      const char *ours, const char *theirs, int write, struct items *res,
		      size_t *nconflicts, struct ggw_error *err);
static int item_same(const struct tree_item *a, const struct tree_item *b);

/* Sorted a and b merged, without duplicates; the strings move to *out. */
static int paths_union(char **a, size_t na, char **b, size_t nb, char ***out, size_t *n)
{
	size_t i = 0, j = 0;

	*n = 0;
	if (!(*out = malloc((na + nb + 1) * sizeof(char *))))
		return -1;
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i], b[j]);

		if (c == 0) {
			free(b[j]);
			b[j++] = NULL;
		}
		if (c <= 0) {
			(*out)[(*n)++] = a[i];
			a[i++] = NULL;
		} else {
			(*out)[(*n)++] = b[j];
			b[j++] = NULL;
		}
	}
	return 0;
}

/* A merge's own paths: where it differs from ggw's merge of its first two
 * parents. That merge equals the first parent except where the second
 * differs from the merge base, so only those paths and the ones where the
 * commit differs from its first parent are merged, one by one. */
static int merge_own_paths(struct repo *r, const struct commit_info *c, char ***paths,
			   size_t *n, struct ggw_error *err)
{
	char **mine_p0 = NULL, **p1_base = NULL, **cand = NULL;
	size_t nmp = 0, npb = 0, ncand = 0, nconf = 0;
	const char *ids[4];
	git_hex base;
	struct ggw_error e2;
	int error;

	*paths = NULL;
	*n = 0;
	if (gitp_merge_base(r, c->parents[0], c->parents[1], base, &e2) < 0)
		base[0] = '\0';
	if ((error = gitp_tree_diff(r, c->tree, c->parents[0], &mine_p0, &nmp, err)) < 0 ||
	    (error = gitp_tree_diff(r, c->parents[1], base, &p1_base, &npb, err)) < 0)
		goto done;
	if (paths_union(mine_p0, nmp, p1_base, npb, &cand, &ncand) < 0) {
		error = ggw_oom(err);
		goto done;
	}
	ids[0] = c->tree;
	ids[1] = base;
	ids[2] = c->parents[0];
	ids[3] = c->parents[1];
	for (size_t k = 0; k < ncand && error == 0; k++) {
		struct tree_item at[4];
		int found[4];
		struct items res = { NULL, 0, 0 };
		char *path;
		int keep;

		for (int s = 0; s < 4 && error == 0; s++)
			if ((found[s] = gitp_tree_blob_at(r, ids[s], cand[k], &at[s], err)) < 0)
				error = found[s];
		if (error == 0)
			error = merge_path(r, cand[k], found[1] ? &at[1] : NULL, found[2] ? &at[2] : NULL,
					   found[3] ? &at[3] : NULL, base, c->parents[0], c->parents[1],
					   0, &res, &nconf, err);
		keep = error == 0 && !item_same(res.n ? &res.v[0] : NULL, found[0] ? &at[0] : NULL);
		path = cand[k];
		cand[k] = NULL;
		if (keep)
			cand[(*n)++] = path; /* *n <= k */
		else
			free(path);
		tree_items_free(res.v, res.n);
	}
	if (error == 0) {
		*paths = cand;
		cand = NULL;
	}
done:
	if (cand) { /* on an error: the kept ones and those not looked at */
		for (size_t k = 0; k < ncand; k++)
			free(cand[k]);
		free(cand);
		*n = 0;
	}
	tree_paths_free(mine_p0, nmp);
	tree_paths_free(p1_base, npb);
	return error;
}

/* Paths a commit changes on its own account: against its parent, or for a
 * merge against what ggw's merge of its two parents gives (so a merge that
 * only combines both sides is charged with nothing). Subtrees with equal
 * ids are not read. */
static int commit_own_paths(struct repo *r, struct tree_seen *seen, const struct commit_info *c,
			    char ***paths, size_t *n, struct ggw_error *err)
{
	if (c->nparents >= 2)
		return merge_own_paths(r, c, paths, n, err);
	return gitp_tree_diff_seen(r, seen, c->tree, c->nparents == 1 ? c->parents[0] : NULL, paths,
				   n, err);
}

/* What verification knows while walking the incoming commits: the units of
 * the tree being checked (re-read whenever units.yaml changes). */
struct verify_ctx {
	struct repo *r;
	struct units units;
	int have_units;
	git_hex units_blob;
	struct tree_seen *seen; /* entries earlier commits' trees passed with */
};

/* Why a tree entry is not something a ledger holds; NULL if it is. Only
 * regular files (100644) with the names the format gives, in their
 * folders; never symlinks, submodules, executables or ./../.git parts
 * (the whitelist of names leaves no room for them). */
static const char *entry_problem(const char *path, unsigned mode)
{
	if (mode == 0120000)
		return _("是符号链接");
	if (mode == 0160000)
		return _("是子模块");
	if (mode == 0100755)
		return _("是可执行文件");
	if (mode != 0100644)
		return _("不是普通文件");
	if (!strcmp(path, "units.yaml") || !strcmp(path, "rules.yaml") ||
	    !strcmp(path, ".gitattributes") || record_path_parse(path, NULL, NULL, NULL) == 0 ||
	    evidence_withdrawal_path_parse(path, NULL, 0))
		return NULL;
	if (!strncmp(path, "keys/", 5) && path[5] && path[5] != '.') {
		for (const char *q = path + 5; *q; q++)
			if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			      (*q >= '0' && *q <= '9') || *q == '-' || *q == '_' || *q == '.'))
				return _("不是台账能存放的文件");
		return NULL;
	}
	return _("不是台账能存放的文件（台账只有各单位文件夹里的记录、units.yaml、rules.yaml、.gitattributes 和 keys/ 下的文件）");
}

/* own is sorted (gitp_tree_diff sorts it). */
static int is_own_path(char *const *own, size_t nown, const char *path)
{
	size_t lo = 0, hi = nown;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(own[mid], path);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Read blob it and parse it as YAML (name in messages). 0: root holds the
 * tree; 1: not YAML, why in perr; <0: unreadable, error in err. */
static int read_yaml_blob(struct verify_ctx *v, const struct tree_item *it, const char *name,
			  struct node *root, struct ggw_error *perr, struct ggw_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	if ((error = gitp_read_blob(v->r, it->blob, &data, &len, err)) < 0)
		return error;
	error = yaml_parse(name, data, len, root, perr);
	free(data);
	return error < 0 ? 1 : 0;
}

/* Re-read the units from a units.yaml blob (when it changed). */
static int verify_units(struct verify_ctx *v, const struct commit_info *c,
			const struct tree_item *it, struct ggw_error *err)
{
	struct ggw_error perr = { 0, "" };
	struct node root;
	int error;

	if (v->have_units && !strcmp(v->units_blob, it->blob))
		return 0;
	if (v->have_units)
		units_free(&v->units);
	v->have_units = 0;
	if ((error = read_yaml_blob(v, it, "units.yaml", &root, &perr, err)) < 0)
		return error;
	if (error == 0) {
		error = units_from_node(&root, &v->units, &perr);
		node_free(&root);
	}
	if (error != 0)
		return ggw_fail(err, GGW_EDENIED,
				_("提交 %.10s（%s <%s>）里的 units.yaml 无效：%s。已拒绝这个同步对象的全部新历史，本机台账未改动"),
				c->id, c->author_name, c->author_email, perr.msg);
	v->have_units = 1;
	memcpy(v->units_blob, it->blob, sizeof(git_hex));
	return 0;
}

/* A YAML file of the ledger (rules.yaml) must at least parse. */
static int verify_yaml_blob(struct verify_ctx *v, const struct commit_info *c,
			    const struct tree_item *it, struct ggw_error *err)
{
	struct ggw_error perr = { 0, "" };
	struct node root;
	int error;

	if ((error = read_yaml_blob(v, it, it->path, &root, &perr, err)) < 0)
		return error;
	if (error == 0) {
		node_free(&root);
		return 0;
	}
	return ggw_fail(err, GGW_EDENIED,
			_("提交 %.10s（%s <%s>）里的 %s 无效：%s。已拒绝这个同步对象的全部新历史，本机台账未改动"),
			c->id, c->author_name, c->author_email, it->path, perr.msg);
}

/* The commit's whole tree must be one a ledger can hold; the files it
 * changes must be within the record size limit. */
static int verify_tree(struct verify_ctx *v, const struct commit_info *c, char *const *own,
		       size_t nown, struct ggw_error *err)
{
	struct tree_item *e = NULL;
	size_t n = 0, nwant = nown + 1;
	const char **want = malloc(nwant * sizeof(*want));
	int error, have_units_file = 0;

	/* Entries an earlier commit's tree passed with are not looked at
	 * again (the checks depend on path and mode only); the own paths
	 * (sizes) and units.yaml always are. */
	if (!want)
		return ggw_oom(err);
	for (size_t k = 0; k < nown; k++)
		want[k] = own[k];
	want[nown] = "units.yaml";
	error = gitp_tree_entries_new(v->r, v->seen, c->tree, want, nwant, &e, &n, err);
	free(want);
	if (error < 0)
		return error;
	for (size_t i = 0; i < n && error == 0; i++) {
		const char *why = entry_problem(e[i].path, e[i].mode);
		uint64_t size = 0;

		if (why) {
			error = ggw_fail(err, GGW_EDENIED,
					 _("提交 %.10s（%s <%s>）里的 %s %s。已拒绝这个同步对象的全部新历史，本机台账未改动"),
					 c->id, c->author_name, c->author_email, e[i].path, why);
			break;
		}
		if (is_own_path(own, nown, e[i].path)) {
			if ((error = gitp_blob_size(v->r, e[i].blob, &size, err)) < 0)
				break;
			if (size > YAML_MAX_BYTES) {
				error = ggw_fail(err, GGW_EDENIED,
						 _("提交 %.10s（%s <%s>）里的 %s 有 %llu 字节，超过记录大小上限 %d 字节。已拒绝这个同步对象的全部新历史，本机台账未改动"),
						 c->id, c->author_name, c->author_email, e[i].path,
						 (unsigned long long)size, YAML_MAX_BYTES);
				break;
			}
		}
		if (!strcmp(e[i].path, "units.yaml")) {
			have_units_file = 1;
			error = verify_units(v, c, &e[i], err);
		} else if (!strcmp(e[i].path, "rules.yaml") && is_own_path(own, nown, e[i].path)) {
			error = verify_yaml_blob(v, c, &e[i], err);
		}
	}
	if (error == 0 && !have_units_file)
		error = ggw_fail(err, GGW_EDENIED,
				 _("提交 %.10s（%s <%s>）删去了 units.yaml。已拒绝这个同步对象的全部新历史，本机台账未改动"),
				 c->id, c->author_name, c->author_email);
	tree_items_free(e, n);
	return error;
}

/* A commit's write scope. With a Ggw-Unit trailer (or a unit's e-mail) it
 * speaks for that unit, which must be in units.yaml; without either, every
 * path must lie in one unit's own folders, and that gives no more than
 * those folders: a unit is never taken from a path. */
static int verify_scope(struct verify_ctx *v, const struct commit_info *c, char *const *paths,
			size_t np, struct ggw_error *err)
{
	const struct units *u = v->have_units ? &v->units : NULL;
	char unit[64], pathunit[64], first[64] = "";
	int ntrailers = commit_unit(c, u, unit, sizeof(unit));

	if (ntrailers > 1)
		return ggw_fail(err, GGW_EDENIED,
				_("提交 %.10s（%s <%s>）有 %d 个 Ggw-Unit，只能有一个。已拒绝这个同步对象的全部新历史，本机台账未改动"),
				c->id, c->author_name, c->author_email, ntrailers);
	if (unit[0] && !unit_key_valid(unit))
		return ggw_fail(err, GGW_EDENIED,
				_("提交 %.10s（%s <%s>）的 Ggw-Unit“%s”不是有效的单位代号"),
				c->id, c->author_name, c->author_email, unit);
	if (unit[0] && u && !units_find(u, unit))
		return ggw_fail(err, GGW_EDENIED,
				_("提交 %.10s（%s <%s>）的 Ggw-Unit“%s”不是 units.yaml 里的单位。已拒绝这个同步对象的全部新历史，本机台账未改动"),
				c->id, c->author_name, c->author_email, unit);
	for (size_t k = 0; k < np; k++) {
		const char *p = paths[k];

		if (unit[0]) {
			if (!strcmp(unit, OFFICE) || path_in_unit(p, unit))
				continue;
			return ggw_fail(err, GGW_EDENIED,
					_("提交 %.10s（%s <%s>，单位 %s）修改了 %s，超出了该单位的范围。已拒绝这个同步对象的全部新历史，本机台账未改动"),
					c->id, c->author_name, c->author_email, unit, p);
		}
		if (!unit_of_path(p, pathunit, sizeof(pathunit)) ||
		    (first[0] && strcmp(first, pathunit)) || (u && !units_find(u, pathunit)))
			return ggw_fail(err, GGW_EDENIED,
					_("提交 %.10s（%s <%s>）没有 Ggw-Unit，却修改了 %s：没有 Ggw-Unit 的提交只能修改一个单位自己文件夹里的记录。已拒绝这个同步对象的全部新历史"),
					c->id, c->author_name, c->author_email, p);
		snprintf(first, sizeof(first), "%s", pathunit);
	}
	return 0;
}

/* One commit of the walk: its tree, its write scope, its signature.
 * *named is 1 when the failure is this commit's (it could be read). */
static int verify_commit(struct verify_ctx *v, struct trust_ctx *trust, const char *id,
			 int *named, struct ggw_error *err)
{
	struct commit_info c;
	char **paths = NULL;
	size_t np = 0;
	int error;

	*named = 0;
	if ((error = gitp_commit_info(v->r, id, &c, err)) < 0)
		return error;
	*named = 1;
	if ((error = commit_own_paths(v->r, v->seen, &c, &paths, &np, err)) == 0 &&
	    (error = verify_tree(v, &c, paths, np, err)) == 0 &&
	    (error = verify_scope(v, &c, paths, np, err)) == 0)
		error = trust_verify_incoming(trust, &c, v->have_units ? &v->units : NULL, paths, np,
					      err);
	strs_free(paths, np);
	commit_info_free(&c);
	return error;
}

/* A long walk is checked on every core: each commit's verdict depends on
 * that commit alone (what a context keeps is caches: units by blob,
 * registries by blob, tree entries that passed), so workers take blocks
 * of the walk in turn, each with a context and a libgit2 handle of its
 * own, and the answer is the first failure in the walk's order, as one
 * worker going through it all would give. */
#define VERIFY_BLOCK 256
#define VERIFY_MIN_SPLIT (4 * VERIFY_BLOCK)
#define VERIFY_MAX_WORKERS 2

struct verify_job {
	const char *ours, *theirs;
	const git_hex *ids;
	size_t n;
	atomic_size_t next;  /* the next block to take */
	atomic_size_t first; /* the first failed commit found (n: none yet) */
	pthread_mutex_t mu;
	int error, named;
	struct ggw_error err;
};

struct verify_worker {
	struct verify_job *j;
	struct repo *r;     /* this worker's handle */
	struct verify_ctx *v; /* set: worker 0's, made by verify_incoming */
	struct trust_ctx *trust;
};

static void verify_failed(struct verify_job *j, size_t i, int error, int named,
			  const struct ggw_error *err)
{
	pthread_mutex_lock(&j->mu);
	if (i < atomic_load(&j->first)) {
		j->error = error;
		j->named = named;
		j->err = *err;
		atomic_store(&j->first, i);
	}
	pthread_mutex_unlock(&j->mu);
}

/* Blocks in turn until the walk ends or a failure before them is known;
 * on this worker's own failure it stops (its context is spent, and every
 * block it could take later lies after it). */
static void verify_blocks(struct verify_job *j, struct verify_ctx *v, struct trust_ctx *trust)
{
	for (;;) {
		size_t from = atomic_fetch_add(&j->next, 1) * VERIFY_BLOCK;

		for (size_t i = from; i < from + VERIFY_BLOCK && i < j->n; i++) {
			struct ggw_error e = { 0, "" };
			int named, error;

			if (i >= atomic_load(&j->first))
				return;
			if ((error = verify_commit(v, trust, j->ids[i], &named, &e)) < 0) {
				verify_failed(j, i, error, named, &e);
				return;
			}
		}
		if (from + VERIFY_BLOCK >= j->n)
			return;
	}
}

static void *verify_worker_run(void *data)
{
	struct verify_worker *w = data;
	struct verify_ctx v;
	struct trust_ctx *trust = NULL;

	if (w->v) {
		verify_blocks(w->j, w->v, w->trust);
		return NULL;
	}
	/* A worker that cannot start leaves its share to the others. */
	memset(&v, 0, sizeof(v));
	v.r = w->r;
	if (!(v.seen = tree_seen_new()))
		return NULL;
	if (trust_open(w->r, w->j->ours, w->j->theirs, &trust, NULL) == 0)
		verify_blocks(w->j, &v, trust);
	if (v.have_units)
		units_free(&v.units);
	tree_seen_free(v.seen);
	trust_free(trust);
	return NULL;
}

/* Worker 0 (this thread, r and v) and, for a long walk, more; the first
 * failure in j. */
static void verify_run(struct repo *r, struct verify_job *j, struct verify_ctx *v,
		       struct trust_ctx *trust)
{
	struct verify_worker w[VERIFY_MAX_WORKERS];
	pthread_t tid[VERIFY_MAX_WORKERS];
	long cpus = usable_cores();
	int nw = 1;

	w[0] = (struct verify_worker){ j, r, v, trust };
	if (j->n >= VERIFY_MIN_SPLIT && cpus > 1)
		for (; nw < VERIFY_MAX_WORKERS && nw < cpus; nw++) {
			w[nw] = (struct verify_worker){ j, NULL, NULL, NULL };
			if (repo_twin(r, &w[nw].r, NULL) < 0)
				break;
			if (quiet_thread_start(&tid[nw], NULL, verify_worker_run, &w[nw]) != 0) {
				repo_close(w[nw].r);
				break;
			}
		}
	verify_worker_run(&w[0]);
	for (int k = 1; k < nw; k++) {
		pthread_join(tid[k], NULL);
		repo_close(w[k].r);
	}
}

/* Check every commit in theirs and not in ours, parents first: its tree,
 * then its write scope. failed (may be NULL) gets the refused commit. */
static int verify_incoming(struct repo *r, const char *ours, const char *theirs,
			   size_t *count, char *failed, struct ggw_error *err)
{
	struct verify_ctx v;
	struct verify_job j;
	git_hex *ids = NULL;
	size_t n = 0;
	int error;
	struct trust_ctx *trust = NULL;

	memset(&v, 0, sizeof(v));
	v.r = r;
	*count = 0;
	if (!(v.seen = tree_seen_new()))
		return ggw_oom(err);
	if ((error = gitp_walk(r, theirs, ours, &ids, &n, err)) < 0 ||
	    (error = trust_open(r, ours, theirs, &trust, err)) < 0) {
		tree_seen_free(v.seen);
		free(ids);
		return error;
	}
	*count = n;
	memset(&j, 0, sizeof(j));
	j.ours = ours;
	j.theirs = theirs;
	j.ids = (const git_hex *)ids;
	j.n = n;
	atomic_init(&j.next, 0);
	atomic_init(&j.first, n);
	pthread_mutex_init(&j.mu, NULL);
	verify_run(r, &j, &v, trust);
	pthread_mutex_destroy(&j.mu);
	if (atomic_load(&j.first) < n) {
		error = j.error;
		*err = j.err;
		if (failed && j.named)
			memcpy(failed, ids[atomic_load(&j.first)], sizeof(git_hex));
	}
	if (v.have_units)
		units_free(&v.units);
	tree_seen_free(v.seen);
	trust_free(trust);
	free(ids);
	return error;
}

/* ------------------------------------------------------------------ */
/* Merging trees                                                        */

static int item_same(const struct tree_item *a, const struct tree_item *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a->blob, b->blob) && a->mode == b->mode;
}

static int items_push(struct items *it, const char *path, const char *blob, unsigned mode)
{
	if (it->n == it->cap) {
		struct tree_item *nv = realloc(it->v, (it->cap = it->cap ? it->cap * 2 : 256) * sizeof(*nv));

		if (!nv)
			return -1;
		it->v = nv;
	}
	if (!(it->v[it->n].path = strdup(path)))
		return -1;
	memcpy(it->v[it->n].blob, blob, sizeof(git_hex));
	it->v[it->n].mode = mode;
	it->n++;
	return 0;
}

static const struct tree_item *find_item(const struct tree_item *v, size_t n, const char *path)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(v[mid].path, path);

		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct side_meta {
	git_hex commit;
	char *author;
	char unit[64];
	int64_t time, rank_time;
	int tz;
};

/* The time a commit counts with in a conflict, robust to a clock years
 * off: never earlier than its parents, never later than a commit that
 * came after it in history (up to tip) nor than this PC's now. Only
 * history decides the first two, so every PC merging the same histories
 * agrees; "now" only trims times in the future. */
static int64_t effective_time(struct repo *r, const char *tip, const struct commit_info *c)
{
	int64_t t = c->time, now = clock_now();
	git_hex *ids = NULL;
	size_t n = 0;

	for (size_t i = 0; i < c->nparents && i < 2; i++) {
		struct commit_info p;

		if (gitp_commit_info(r, c->parents[i], &p, NULL) == 0) {
			if (p.time > t)
				t = p.time;
			commit_info_free(&p);
		}
	}
	if (strcmp(tip, c->id) && gitp_walk(r, tip, c->id, &ids, &n, NULL) == 0) {
		/* Parents first: the commits right after c come early; a bound
		 * keeps a long history cheap (any descendant is an upper bound). */
		for (size_t i = 0; i < n && i < 1024; i++) {
			struct commit_info d;

			if (gitp_commit_info(r, ids[i], &d, NULL) < 0)
				continue;
			if (d.time < t && gitp_is_ancestor(r, c->id, d.id))
				t = d.time;
			commit_info_free(&d);
		}
	}
	free(ids);
	return t > now ? now : t;
}

static void side_meta_load(struct repo *r, const char *tip, const char *base, const char *path,
			   struct side_meta *m)
{
	struct commit_info c;
	git_hex last;

	memset(m, 0, sizeof(*m));
	if (gitp_last_change(r, tip, base, path, last, NULL) < 0 || !last[0])
		memcpy(last, tip, sizeof(git_hex));
	if (gitp_commit_info(r, last, &c, NULL) < 0)
		return;
	memcpy(m->commit, c.id, sizeof(git_hex));
	m->author = author_of(&c);
	commit_unit(&c, NULL, m->unit, sizeof(m->unit));
	if (!m->unit[0]) {
		const char *at = strchr(c.author_email, '@');

		if (at && (size_t)(at - c.author_email) < sizeof(m->unit))
			snprintf(m->unit, sizeof(m->unit), "%.*s", (int)(at - c.author_email),
				 c.author_email);
	}
	m->time = c.time;
	m->rank_time = effective_time(r, tip, &c);
	m->tz = c.tz_minutes;
	commit_info_free(&c);
}

/* Load a blob as a record node; 0 ok, <0 unreadable. */
static int load_node(struct repo *r, const struct tree_item *it, const char *path, struct node *out)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	if ((error = gitp_read_blob(r, it->blob, &data, &len, NULL)) < 0)
		return error;
	error = yaml_parse(path, data, len, out, NULL);
	free(data);
	return error;
}

/* Both sides changed a record file differently: merge it field by field.
 * *keep = NULL: drop it; else the blob to keep in blob_out. */
static int merge_one_record(struct repo *r, enum record_type t, const char *path,
			    const struct tree_item *b, const struct tree_item *o,
			    const struct tree_item *th, const char *base, const char *ours,
			    const char *theirs, int write, git_hex blob_out, int *deleted,
			    size_t *nconflicts, struct ggw_error *err)
{
	struct node nb, no, nt, out;
	int hb = 0, ho = 0, ht = 0, error = 0;
	struct side_meta mo, mt;
	struct merge_side so, st;
	char *yaml = NULL;
	size_t len = 0, nconf = 0;

	memset(&out, 0, sizeof(out));
	*deleted = 0;
	if (b) {
		if (load_node(r, b, path, &nb) < 0)
			return 1; /* unreadable: the caller picks a version */
		hb = 1;
	}
	if (o) {
		if (load_node(r, o, path, &no) < 0) {
			error = 1;
			goto done;
		}
		ho = 1;
	}
	if (th) {
		if (load_node(r, th, path, &nt) < 0) {
			error = 1;
			goto done;
		}
		ht = 1;
	}
	side_meta_load(r, ours, base, path, &mo);
	side_meta_load(r, theirs, base, path, &mt);
	so = (struct merge_side){ ho ? &no : NULL, mo.author ? mo.author : "", mo.unit, mo.time, mo.tz, mo.commit, mo.rank_time };
	st = (struct merge_side){ ht ? &nt : NULL, mt.author ? mt.author : "", mt.unit, mt.time, mt.tz, mt.commit, mt.rank_time };
	error = merge_record(t, hb ? &nb : NULL, &so, &st, &out, deleted, &nconf, err);
	free(mo.author);
	free(mt.author);
	if (error < 0)
		goto done;
	*nconflicts += nconf;
	if (*deleted)
		goto done;
	if ((error = record_to_yaml_merged(t, &out, &yaml, &len, err)) < 0)
		goto done;
	if (write)
		error = gitp_write_blob(r, yaml, len, blob_out, err);
	else
		error = repo_hash_blob(yaml, len, blob_out) < 0 ? ggw_fail(err, GGW_EIO, "hash") : 0;
done:
	free(yaml);
	if (!*deleted || error)
		node_free(&out);
	if (hb)
		node_free(&nb);
	if (ho)
		node_free(&no);
	if (ht)
		node_free(&nt);
	return error;
}

/* One path of a three-way merge (b, o, t: its base, ours and theirs, NULL
 * where absent): the result pushed to res, or nothing when it goes. */
static int merge_path(struct repo *r, const char *path, const struct tree_item *b,
		      const struct tree_item *o, const struct tree_item *t, const char *base,
		      const char *ours, const char *theirs, int write, struct items *res,
		      size_t *nconflicts, struct ggw_error *err)
{
	const struct tree_item *take = NULL;

	if (item_same(o, t))
		take = o;
	else if (item_same(b, o))
		take = t;
	else if (item_same(b, t))
		take = o;
	else {
		enum record_type rt;
		char unit[48], id[48];
		int is_rec = record_path_parse(path, &rt, unit, id) == 0;
		git_hex blob;
		int deleted = 0, rc = 1;

		if (!strcmp(path, "units.yaml")) {
			rt = REC_UNITS;
			is_rec = 1;
		}
		if (is_rec) {
			rc = merge_one_record(r, rt, path, b, o, t, base, ours, theirs, write,
					      blob, &deleted, nconflicts, err);
			if (rc < 0)
				return rc;
		}
		if (rc == 0) {
			if (!deleted && items_push(res, path, blob, 0100644) < 0)
				return ggw_oom(err);
			return 0;
		}
		/* Not a record, or unreadable: keep one version whole. */
		if (!o)
			take = t;
		else if (!t)
			take = o;
		else
			take = strcmp(o->blob, t->blob) > 0 ? o : t;
	}
	if (take && items_push(res, path, take->blob, take->mode) < 0)
		return ggw_oom(err);
	return 0;
}

/* Three-way merge of whole trees, path by path. Files changed on one side
 * take that side; record files (and units.yaml) changed on both are merged
 * field by field; any other file changed on both keeps the version with the
 * greater blob id (symmetric, so two PCs agree) and an edit beats a
 * delete. write = 0 only computes ids (for verification). */
static int merge_tree_items(struct repo *r, const char *base, const char *ours, const char *theirs,
			    int write, struct tree_item **out, size_t *n, size_t *nconflicts,
			    struct ggw_error *err)
{
	struct tree_item *vb = NULL, *vo = NULL, *vt = NULL;
	size_t nb = 0, no = 0, nt = 0, i = 0, j = 0;
	struct items res = { NULL, 0, 0 };
	int error;

	*out = NULL;
	*n = 0;
	*nconflicts = 0;
	if ((error = gitp_tree_items(r, base && *base ? base : NULL, &vb, &nb, err)) < 0 ||
	    (error = gitp_tree_items(r, ours, &vo, &no, err)) < 0 ||
	    (error = gitp_tree_items(r, theirs, &vt, &nt, err)) < 0)
		goto done;
	/* Walk ours and theirs together (union of paths); base by lookup.
	 * Paths only in base (deleted on both sides) simply vanish. */
	while (i < no || j < nt) {
		int c = i >= no ? 1 : j >= nt ? -1 : strcmp(vo[i].path, vt[j].path);
		const struct tree_item *o = c <= 0 ? &vo[i] : NULL;
		const struct tree_item *t = c >= 0 ? &vt[j] : NULL;
		const char *path = o ? o->path : t->path;
		const struct tree_item *b = find_item(vb, nb, path);

		if (o)
			i++;
		if (t)
			j++;
		if ((error = merge_path(r, path, b, o, t, base, ours, theirs, write, &res, nconflicts,
					err)) < 0)
			goto done;
	}
	*out = res.v;
	*n = res.n;
	res.v = NULL;
	res.n = 0;
	error = 0;
done:
	tree_items_free(res.v, res.n);
	tree_items_free(vb, nb);
	tree_items_free(vo, no);
	tree_items_free(vt, nt);
	return error;
}

/* ------------------------------------------------------------------ */
/* Moving main and the work tree                                        */

static void pending_path(struct repo *r, char *buf, size_t len)
{
	snprintf(buf, len, "%sggw/checkout-pending", repo_gitdir(r));
}

/* Before moving main: note what the work tree matches, so an interrupted
 * checkout is finished by the next run. */
static int pending_write(struct repo *r, const char *baseline, struct ggw_error *err)
{
	char path[PATH_MAX], line[64];
	int n = snprintf(line, sizeof(line), "%s\n", baseline);

	pending_path(r, path, sizeof(path));
	return atomic_write(path, line, (size_t)n, err);
}

/* Is the work tree's file at path one of the two versions (blob ids, ""
 * for absent), or a torn write of the second? libgit2 writes a checked-out
 * file in place (open with O_TRUNC, then write), so a sync killed inside
 * that write, or a power cut before the data reached the disk, leaves the
 * new version's first bytes, possibly none. Such a file was never the
 * user's: it is rewritten, not taken for an edit. */
static int worktree_is(struct repo *r, const char *path, const char *a, const char *b)
{
	char full[PATH_MAX], *data = NULL, *want = NULL, hex[41];
	size_t len = 0, wlen = 0;
	struct stat st;
	int same;

	snprintf(full, sizeof(full), "%s%s", repo_workdir(r), path);
	if (lstat(full, &st) < 0)
		return !*a || !*b;
	if (!S_ISREG(st.st_mode) || read_whole_file(full, (size_t)st.st_size + 1, &data, &len, NULL) < 0)
		return 0;
	same = repo_hash_blob(data, len, hex) == 0 && (!strcmp(hex, a) || !strcmp(hex, b));
	if (!same && *b && gitp_read_blob(r, b, &want, &wlen, NULL) == 0)
		same = len < wlen && memcmp(data, want, len) == 0;
	free(want);
	free(data);
	return same;
}

/* Bring the files main's move changed from the baseline commit to HEAD.
 * A file may be at the old version, at the new one (a crash in between),
 * or edited by hand: only the first two are rewritten. */
static int finish_checkout(struct repo *r, const char *baseline, struct ggw_error *err)
{
	struct tree_item *a = NULL, *b = NULL;
	size_t na = 0, nb = 0, nc = 0, nok = 0, nbad = 0;
	char **changed = NULL, names[400] = "";
	git_hex head;
	int error;

	if ((error = gitp_ref_tip(r, "HEAD", head, err)) < 0 ||
	    (error = gitp_tree_items(r, baseline, &a, &na, err)) < 0 ||
	    (error = gitp_tree_items(r, head, &b, &nb, err)) < 0)
		goto done;
	if (diff_paths(a, na, b, nb, &changed, &nc) < 0) {
		error = ggw_oom(err);
		goto done;
	}
	for (size_t i = 0; i < nc; i++) {
		const struct tree_item *x = find_item(a, na, changed[i]);
		const struct tree_item *y = find_item(b, nb, changed[i]);

		if (worktree_is(r, changed[i], x ? x->blob : "", y ? y->blob : "")) {
			char *keep = changed[nok];

			changed[nok++] = changed[i];
			changed[i] = keep;
		} else if (nbad++ < 3) {
			size_t used = strlen(names);

			snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "", changed[i]);
		}
	}
	if (nbad) {
		error = ggw_fail(err, GGW_ECONFLICT,
				 _("这些文件有未提交的修改，与收到的修改冲突：%s。请先提交或撤销这些修改，再同步"),
				 names);
		goto done;
	}
	/* In two halves, so that tests can kill the process in between. */
	if (nok && (error = gitp_checkout_paths(r, changed, nok / 2, err)) == 0) {
		kill_point("mid-checkout");
		error = gitp_checkout_paths(r, changed + nok / 2, nok - nok / 2, err);
	}
done:
	strs_free(changed, nc);
	tree_items_free(a, na);
	tree_items_free(b, nb);
	return error;
}

static int pending_finish(struct repo *r, struct ggw_error *err)
{
	char path[PATH_MAX], *data = NULL;
	size_t len = 0;
	int error;

	pending_path(r, path, sizeof(path));
	if (access(path, F_OK) < 0)
		return 0;
	if (read_whole_file(path, 4096, &data, &len, NULL) == 0 && len >= 40) {
		data[40] = '\0';
		error = finish_checkout(r, data, err);
	} else {
		/* Torn marker (written atomically, so only by hand): check out
		 * against HEAD itself. */
		error = gitp_checkout_head(r, NULL, err);
	}
	free(data);
	/* The files written in place must be on the disk before the marker
	 * that would repair them goes. */
	if (error == 0)
		error = sync_filesystem_of(repo_workdir(r), err);
	if (error < 0)
		return error;
	kill_point("after-checkout");
	return remove_durable(path, NULL, err);
}

int sync_finish_pending(struct repo *r, struct ggw_error *err)
{
	return pending_finish(r, err);
}

/* Uncommitted record files that the change old->new would touch. */
static int dirty_in_the_way(struct repo *r, const char *oldc, const char *newc, char *names,
			    size_t len, struct ggw_error *err)
{
	char **dirty = NULL, **changed = NULL;
	size_t nd = 0, nc = 0, hits = 0;
	struct tree_item *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	int error;

	names[0] = '\0';
	if ((error = repo_dirty_paths(r, &dirty, &nd, err)) < 0)
		return error;
	if (nd == 0)
		goto done;
	if ((error = gitp_tree_items(r, oldc, &a, &na, err)) < 0 ||
	    (error = gitp_tree_items(r, newc, &b, &nb, err)) < 0)
		goto done;
	if (diff_paths(a, na, b, nb, &changed, &nc) < 0) {
		error = ggw_oom(err);
		goto done;
	}
	for (size_t i = 0; i < nd; i++)
		for (size_t k = 0; k < nc; k++)
			if (!strcmp(dirty[i], changed[k])) {
				size_t used = strlen(names);

				if (hits++ < 3)
					snprintf(names + used, len - used, "%s%s", used ? ", " : "",
						 dirty[i]);
			}
	error = hits ? 1 : 0;
done:
	repo_paths_free(dirty, nd);
	strs_free(changed, nc);
	tree_items_free(a, na);
	tree_items_free(b, nb);
	return error;
}

/* ------------------------------------------------------------------ */
/* One remote                                                           */

struct run {
	struct repo *r;
	const struct sync_options *o;
	struct actor actor;
	struct units units;
	int have_units;
	int timeout;
	const char *remote;
	enum sync_phase phase;
	int moved_back;    /* the remote's main went backwards (not a refusal) */
	int unreadable;    /* its main holds a commit libgit2 cannot parse */
	int foreign;       /* it holds another ledger: refused, nothing exchanged */
	const struct remote_info *ri; /* the remote being synced */
};

static void report(struct run *run, enum sync_phase phase, unsigned rcv, unsigned tot, uint64_t bytes)
{
	struct sync_progress p = { run->remote, phase, rcv, tot, bytes };

	run->phase = phase;
	if (run->o && run->o->progress)
		run->o->progress(&p, run->o->data);
}

static void on_transfer(const struct transfer_progress *tp, void *data)
{
	struct run *run = data;

	report(run, run->phase, tp->received, tp->total, tp->bytes);
}

static int on_cancel(void *data)
{
	struct run *run = data;

	return run->o && run->o->cancel ? run->o->cancel(run->o->data) : 0;
}

/* A transfer with run->remote; specs (n of them) instead of main's, and a
 * lease on the remote's main for a push (see transport.h). */
static int transfer_specs(struct run *run, enum transfer_op op, enum sync_phase phase,
			  const char *const *specs, size_t n, const char *expect,
			  struct transfer_result *tr, struct ggw_error *err)
{
	struct transfer_options to = { run->timeout, on_transfer, on_cancel, run, specs, n, expect };

	report(run, phase, 0, 0, 0);
	return transport_run(run->r, op, run->remote, &to, tr, err);
}

static int transfer(struct run *run, enum transfer_op op, enum sync_phase phase,
		    struct transfer_result *tr, struct ggw_error *err)
{
	return transfer_specs(run, op, phase, NULL, 0, NULL, tr, err);
}

/* Side exchange with the hub ri, one code path for every kind of hub: a
 * local one (USB stick, folder) in this process, a network one (ssh://,
 * git://, http(s)://) through the transfer child and its watchdog. */
static int hub_push_ref(struct run *run, const struct remote_info *ri, const char *src,
			const char *dst, struct ggw_error *err)
{
	char path[PATH_MAX], spec[300];
	const char *specs[1] = { spec };
	struct transfer_result tr;

	if (transport_url_is_local(ri->url, path, sizeof(path)))
		return hub_local_push(run->r, path, src, dst, err);
	snprintf(spec, sizeof(spec), "+%s:%s", src, dst);
	return transfer_specs(run, TRANSFER_PUSH, SYNC_PHASE_PUSH, specs, 1, NULL, &tr, err);
}

/* tr says what was refused (a tip whose history holds a commit libgit2
 * cannot parse: its readable part came, the commit did not). */
static int hub_fetch_refs_said(struct run *run, const struct remote_info *ri, const char *spec,
			       struct transfer_result *tr, struct ggw_error *err)
{
	char path[PATH_MAX];
	const char *specs[1] = { spec };

	if (transport_url_is_local(ri->url, path, sizeof(path)))
		return hub_local_fetch_refused(run->r, path, spec, tr, err);
	return transfer_specs(run, TRANSFER_FETCH, SYNC_PHASE_FETCH, specs, 1, NULL, tr, err);
}

static int hub_fetch_refs(struct run *run, const struct remote_info *ri, const char *spec,
			  struct ggw_error *err)
{
	struct transfer_result tr;

	return hub_fetch_refs_said(run, ri, spec, &tr, err);
}

/* Can libgit2 parse commit id? Asked before walking from it: libgit2
 * 1.5.1 leaks memory when a walk or a push meets a commit it cannot parse
 * (an author time of 2^64-1). */
static int commit_readable(struct repo *r, const char *id)
{
	struct commit_info c;

	if (gitp_commit_info(r, id, &c, NULL) < 0)
		return 0;
	commit_info_free(&c);
	return 1;
}

/* Another ledger (units.yaml names another id, or no common history) is
 * refused before anything is checked or merged, and nothing is pushed. */
static int same_ledger(struct run *run, const char *ours, const char *theirs,
		       struct ggw_error *err)
{
	char our_id[64], their_id[64], our_street[200], their_street[200], where[300], todo[400];
	struct ggw_error e2 = { 0, "" };
	git_hex base;
	int unrelated;

	ledgerid_of_commit(run->r, ours, our_id, sizeof(our_id), our_street, sizeof(our_street));
	ledgerid_of_commit(run->r, theirs, their_id, sizeof(their_id), their_street,
			   sizeof(their_street));
	unrelated = !gitp_is_ancestor(run->r, ours, theirs) &&
		    gitp_merge_base(run->r, ours, theirs, base, &e2) == GGW_ENOTFOUND;
	if (!unrelated && (!our_id[0] || !their_id[0] || !strcmp(our_id, their_id)))
		return 0;
	run->foreign = 1;
	if (!run->ri)
		snprintf(where, sizeof(where), _("文件 %s 里"), run->remote);
	else if (run->ri->local)
		snprintf(where, sizeof(where), "%s", _("这个U盘里"));
	else
		snprintf(where, sizeof(where), _("同步对象 %s 里"), run->remote);
	if (!run->ri)
		snprintf(todo, sizeof(todo), "%s", _("请确认收到的是本街道台账的文件"));
	else
		snprintf(todo, sizeof(todo),
			 _("请确认插的是本街道的U盘、登记的是本街道的中转仓库；登记错了就用 ggw remote remove %s 删掉它，再登记正确的"),
			 run->remote);
	return ggw_fail(err, GGW_EDENIED,
			_("%s是另一本台账（%s，台账编号 %.8s），不是本机的台账（%s，台账编号 %.8s）%s：没有合并，也没有推送，本机台账未改动。%s"),
			where, their_street[0] ? their_street : "?", their_id[0] ? their_id : "-",
			our_street[0] ? our_street : "?", our_id[0] ? our_id : "-",
			unrelated ? _("，两边的历史没有共同的起点") : "", todo);
}

/* Verify theirs and bring it into main (fast-forward or merge commit).
 * ours is the current main on entry and the new main on return. A history
 * that verification cannot even read (a commit libgit2 cannot parse) is
 * refused like any other. */
static int take_in(struct run *run, struct sync_result *res, const char *theirs, git_hex ours,
		   struct ggw_error *err)
{
	git_hex base, merged;
	char names[400];
	size_t count = 0;
	int error;

	if (!commit_readable(run->r, theirs))
		return ggw_fail(err, GGW_EDENIED,
				_("%s 的新历史里有无法读取的提交（%s）。已拒绝这个同步对象的全部新历史，本机台账未改动"),
				run->remote, theirs);
	if (gitp_is_ancestor(run->r, theirs, ours))
		return 0; /* nothing new */
	report(run, SYNC_PHASE_VERIFY, 0, 0, 0);
	if ((error = same_ledger(run, ours, theirs, err)) < 0)
		return error;
	if ((error = verify_incoming(run->r, ours, theirs, &count, NULL, err)) < 0) {
		if (error != GGW_EDENIED && error != GGW_ENOMEM) {
			char why[sizeof(err->msg)];

			snprintf(why, sizeof(why), "%s", err->msg);
			error = ggw_fail(err, GGW_EDENIED,
					 _("%s 的新历史里有无法读取的提交（%s）。已拒绝这个同步对象的全部新历史，本机台账未改动"),
					 run->remote, why);
		}
		return error;
	}
	kill_point("after-verify");
	report(run, SYNC_PHASE_MERGE, 0, 0, 0);
	if (gitp_is_ancestor(run->r, ours, theirs)) {
		memcpy(merged, theirs, sizeof(git_hex));
		res->fast_forward = 1;
	} else {
		struct tree_item *items = NULL;
		size_t n = 0, nconf = 0;
		git_hex tree;
		const char *parents[2] = { ours, theirs };
		char *msg = NULL;

		if (gitp_merge_base(run->r, ours, theirs, base, NULL) < 0)
			base[0] = '\0';
		if ((error = merge_tree_items(run->r, base, ours, theirs, 1, &items, &n, &nconf, err)) < 0)
			return error;
		error = gitp_write_tree(run->r, items, n, tree, err);
		tree_items_free(items, n);
		if (error < 0)
			return error;
		if ((error = dirty_in_the_way(run->r, ours, tree, names, sizeof(names), err)) != 0)
			goto dirty;
		/* Commit messages are data shared by every PC: not translated. */
		if (asprintf(&msg, "同步合并：%s\n\nGgw-Unit: %s\nGgw-Action: merge\n", run->remote,
			     run->actor.unit ? run->actor.unit : "") < 0)
			return ggw_oom(err);
		if ((error = pending_write(run->r, ours, err)) == 0 && (kill_point("before-main-move"), 1))
			error = gitp_commit_cas(run->r, tree, parents, 2, msg, run->actor.name,
						run->actor.email, merged, err);
		free(msg);
		if (error < 0)
			return error;
		res->merged = 1;
		res->conflicts += nconf;
		goto checkout;
	}
	if ((error = dirty_in_the_way(run->r, ours, merged, names, sizeof(names), err)) != 0)
		goto dirty;
	if ((error = pending_write(run->r, ours, err)) < 0)
		return error;
	kill_point("before-main-move");
	if ((error = gitp_main_cas(run->r, merged, ours, err)) < 0)
		return error;
checkout:
	kill_point("after-main-move");
	res->received += count;
	if ((error = pending_finish(run->r, err)) < 0)
		return error;
	memcpy(ours, merged, sizeof(git_hex));
	return 0;
dirty:
	if (error < 0)
		return error;
	return ggw_fail(err, GGW_ECONFLICT,
			_("这些记录文件有未提交的修改，而 %s 也改了它们：%s。请先保存（提交）或撤销这些修改，再同步"),
			run->remote, names);
}

/* The remote's main must go on from where we last saw it. A main that
 * moved backwards or was replaced is said, not merged and not pushed
 * over; the last seen tip is kept so the next sync says it again. The
 * one move back that is expected: away from a tip this PC refused (the
 * office repaired the hub). */
static int check_continuity(struct run *run, const char *last, const char *theirs,
			    struct ggw_error *err)
{
	char ref[160];
	git_hex refused;

	snprintf(ref, sizeof(ref), "refs/ggw/refused/%s", run->remote);
	if (gitp_ref_tip(run->r, ref, refused, NULL) == 0 && !strcmp(refused, last)) {
		gitp_delete_ref(run->r, ref, NULL);
		if (run->o && run->o->notice) {
			char line[256];

			snprintf(line, sizeof(line), _("%s：中转仓库已修复，被拒绝的提交不在它的 main 上了"),
				 run->remote);
			run->o->notice(line, run->o->data);
		}
		return 0;
	}
	if (commit_readable(run->r, theirs) && gitp_is_ancestor(run->r, last, theirs))
		return 0;
	{
		/* A history that cannot be read (a commit libgit2 cannot parse)
		 * is refused as such, not taken for a main that moved back. */
		struct ggw_error e2 = { 0, "" };
		git_hex *ids = NULL;
		size_t n = 0;
		int unreadable = !commit_readable(run->r, theirs) ||
				 gitp_walk(run->r, theirs, NULL, &ids, &n, &e2) < 0;

		if (!e2.msg[0])
			snprintf(e2.msg, sizeof(e2.msg), _("无法解析提交 %.10s"), theirs);

		free(ids);
		if (unreadable)
			return ggw_fail(err, GGW_EDENIED,
					_("%s 的新历史里有无法读取的提交（%s）。已拒绝这个同步对象的全部新历史，本机台账未改动"),
					run->remote, e2.msg);
	}
	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", run->remote);
	gitp_set_ref(run->r, ref, last, NULL);
	run->moved_back = 1;
	return ggw_fail(err, GGW_EDENIED,
			_("%s 的 main 倒退了或被换成了别的历史（上次看到 %.10s，现在是 %.10s）：没有合并，也没有推送。请街道办公室检查这个中转仓库；确认无误后用 ggw remote remove %s 再 ggw remote add 重新登记它"),
			run->remote, last, theirs, run->remote);
}

/* The fetch found a commit libgit2 cannot parse on the remote's main: it
 * stayed in the scratch repository (storage/quarantine.h), its raw text
 * is kept aside in <gitdir>/ggw/refused/<id>. */
/* <gitdir>ggw/unreadable-<remote>: the id of the unreadable commit on
 * that remote's main (refs/ggw/refused/<remote> cannot name it: it is not
 * in this ledger), for ggw status. */
static void unreadable_note_path(struct repo *r, const char *remote, char *path, size_t len)
{
	snprintf(path, len, "%sggw/unreadable-%s", repo_gitdir(r), remote);
}

static int unreadable_refusal(struct run *run, const struct transfer_result *tr,
			      struct ggw_error *err)
{
	sync_unreadable_note(run->r, run->remote, tr->unreadable);
	run->unreadable = 1;
	return ggw_fail(err, GGW_EDENIED,
			_("%s 的新历史里有无法读取的提交 %s（%s）：它没有进入本机台账，原文另存在 %sggw/refused/%s 供检查；它之前的记录照常收下"),
			run->remote, tr->unreadable, tr->unreadable_why, repo_gitdir(run->r),
			tr->unreadable);
}

/* Fetch, check, verify, merge. Sets *ours to the new local main. */
static int receive(struct run *run, struct sync_result *res, git_hex ours, struct ggw_error *err)
{
	struct transfer_result tr;
	git_hex theirs, last;
	char ref[128];
	int error, have_last;

	run->moved_back = 0;
	run->unreadable = 0;
	run->foreign = 0;
	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", run->remote);
	have_last = gitp_ref_tip(run->r, ref, last, NULL) == 0;
	if ((error = transfer(run, TRANSFER_FETCH, SYNC_PHASE_FETCH, &tr, err)) < 0) {
		/* A local hub that cannot be read is not a network problem: a
		 * commit on its main that git cannot parse. */
		if (tr.kind == TK_OTHER && run->ri && run->ri->local && run->ri->bare == 1) {
			char why[sizeof(err->msg)];

			snprintf(why, sizeof(why), "%s", err->msg);
			error = ggw_fail(err, GGW_EDENIED,
					 _("%s 的 main 上有无法读取的提交（%s）。已拒绝这个同步对象的全部新历史，本机台账未改动"),
					 run->remote, why);
		}
		return error;
	}
	kill_point("after-fetch");
	if ((error = gitp_ref_tip(run->r, "HEAD", ours, err)) < 0)
		return error;
	if (gitp_ref_tip(run->r, ref, theirs, NULL) < 0)
		return tr.nunreadable ? unreadable_refusal(run, &tr, err) : 0; /* an empty hub */
	if (have_last && strcmp(last, theirs) &&
	    (error = check_continuity(run, last, theirs, err)) < 0)
		return error;
	/* The readable part of a main whose newer commit cannot be parsed is
	 * taken in like any history; then the commit is refused. */
	if ((error = take_in(run, res, theirs, ours, err)) < 0)
		return error;
	return tr.nunreadable ? unreadable_refusal(run, &tr, err) : 0;
}

static void set_result(struct sync_result *res, enum sync_outcome oc, int code, const char *msg)
{
	res->outcome = oc;
	res->code = code;
	snprintf(res->message, sizeof(res->message), "%s", msg ? msg : "");
}

/* The hub's main holds a refused commit. Remember the tip (status and the
 * repair look for it) and, on a local hub, keep records moving by side
 * references: our main goes to refs/ggw/units/<unit> on the hub, every
 * other unit's side reference is verified and merged on its own, so one
 * bad commit never stops the other units' records. */
static void refused_main(struct run *run, const struct remote_info *ri, struct sync_result *res,
			 struct ggw_error *err)
{
	char ref[160], path[PATH_MAX], spec[300], extra[1024] = "";
	char **names = NULL;
	struct transfer_result tr = { .kind = TK_OK };
	git_hex tip, ours, *ids = NULL;
	size_t n = 0, before = res->received;
	int local = ri->local && transport_url_is_local(ri->url, path, sizeof(path));
	/* A local peer's own ledger (not bare) takes no side references. */
	int side = local ? ri->bare == 1 : !ri->local;

	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", ri->name);
	if (run->unreadable) {
		/* Its tip is not in this ledger: the readable part that came
		 * stands for it, so that status says so until the repair. */
		if (gitp_ref_tip(run->r, ref, tip, NULL) == 0) {
			snprintf(ref, sizeof(ref), "refs/ggw/refused/%s", ri->name);
			gitp_set_ref(run->r, ref, tip, NULL);
		}
	} else if ((local && side && hub_local_main(path, tip, NULL) == 0) ||
		   gitp_ref_tip(run->r, ref, tip, NULL) == 0) {
		snprintf(ref, sizeof(ref), "refs/ggw/refused/%s", ri->name);
		gitp_set_ref(run->r, ref, tip, NULL);
	}
	if (side) {
		struct ggw_error e2 = { 0, "" };

		snprintf(ref, sizeof(ref), "refs/ggw/units/%s", run->actor.unit);
		snprintf(spec, sizeof(spec), "+refs/ggw/units/*:refs/ggw/side/%s/*", ri->name);
		if (hub_push_ref(run, ri, "refs/heads/main", ref, &e2) < 0 ||
		    hub_fetch_refs_said(run, ri, spec, &tr, &e2) < 0 ||
		    gitp_ref_tip(run->r, "HEAD", ours, &e2) < 0) {
			side = 0;
		} else {
			snprintf(ref, sizeof(ref), "refs/ggw/side/%s/", ri->name);
			if (gitp_ref_list(run->r, ref, &names, &ids, &n, &e2) < 0)
				n = 0;
		}
		for (size_t i = 0; i < n; i++) {
			struct ggw_error e3 = { 0, "" };

			if (!strcmp(names[i] + strlen(ref), run->actor.unit))
				continue;
			/* A side reference that fails the check is skipped alone. */
			take_in(run, res, ids[i], ours, &e3);
		}
		gitp_ref_list_free(names, ids, n);
	}
	if (side)
		snprintf(extra, sizeof(extra), _("已通过这个中转仓库的旁路交换各单位的记录（收到 %zu 个新提交，本机记录已放上旁路）。"),
			 res->received - before);
	if (side && tr.nunreadable) {
		/* A unit's side reference holding a commit libgit2 cannot
		 * parse: its readable part came, the commit did not. */
		const char *unit = strrchr(tr.unreadable_ref, '/');
		size_t used = strlen(extra);

		snprintf(extra + used, sizeof(extra) - used,
			 _("单位 %s 的旁路上有无法读取的提交 %s，没有收下（原文另存在本机 ggw/refused 下）。"),
			 unit ? unit + 1 : tr.unreadable_ref, tr.unreadable);
		used = strlen(extra);
		if (tr.nunreadable > 1)
			snprintf(extra + used, sizeof(extra) - used, _("另有 %u 个旁路也是这样。"),
				 tr.nunreadable - 1);
	}
	{
		size_t used = strlen(err->msg);
		int office = run->actor.unit && !strcmp(run->actor.unit, OFFICE);

		snprintf(err->msg + used, sizeof(err->msg) - used, office
			 ? _("。中转仓库 %s 里有被拒绝的提交，本机的新记录没有推送到它的 main。%s请运行 ggw hub repair %s 把它退回到最后一个通过检查的提交")
			 : _("。中转仓库 %s 里有被拒绝的提交，本机的新记录没有推送到它的 main。%s请街道办公室运行 ggw hub repair %s"),
			 ri->name, extra, ri->name);
	}
}

/* New PCs' registration requests (records/keys_admin.h) travel beside
 * main through every hub. On a hub on a path they go both ways at no
 * cost. On a network hub each is one more transfer, so this PC's own
 * request goes out only while its key is held back (held), and only the
 * office, which registers them, takes the requests in. Best effort: a
 * failure never fails the sync. */
static void exchange_key_requests(struct run *run, const struct remote_info *ri, int held)
{
	struct ggw_error e = { 0, "" };
	int office = run->actor.unit && !strcmp(run->actor.unit, OFFICE);
	char own[128];

	keyreq_own_ref(run->r, own, sizeof(own));
	if (own[0] && (ri->local || held))
		hub_push_ref(run, ri, own, own, &e);
	if (ri->local || office)
		hub_fetch_refs(run, ri, "+" KEYREQ_PREFIX "*:" KEYREQ_PREFIX "*", &e);
}

/* A sync of ri that went through: nothing on its main is refused any
 * more (a hub repaired back onto the readable part of an unreadable tip
 * is not seen moving back, so check_continuity cannot tell). */
static void clear_refused(struct run *run, const struct remote_info *ri)
{
	char ref[160], line[256], note[PATH_MAX];
	git_hex tip;

	snprintf(ref, sizeof(ref), "refs/ggw/refused/%s", ri->name);
	if (gitp_ref_tip(run->r, ref, tip, NULL) < 0)
		return;
	gitp_delete_ref(run->r, ref, NULL);
	unreadable_note_path(run->r, ri->name, note, sizeof(note));
	unlink(note);
	if (run->o && run->o->notice) {
		snprintf(line, sizeof(line), _("%s：中转仓库已修复，被拒绝的提交不在它的 main 上了"),
			 ri->name);
		run->o->notice(line, run->o->data);
	}
}

/* Evidence stores travel beside main (records/evidence_sync.c), through
 * the same side exchange as the key requests. Best effort: a refused or
 * failed store never fails the ledger's sync; it is said as a notice. */
static int ev_push(void *ctx, const char *src, const char *dst, struct ggw_error *err)
{
	struct run *run = ctx;

	return hub_push_ref(run, run->ri, src, dst, err);
}

static int ev_fetch(void *ctx, const char *spec, struct ggw_error *err)
{
	struct run *run = ctx;

	return hub_fetch_refs(run, run->ri, spec, err);
}

static void exchange_evidence(struct run *run, const struct remote_info *ri, int fetch_only)
{
	char path[PATH_MAX];
	int hub = ri->local && ri->bare == 1 && transport_url_is_local(ri->url, path, sizeof(path));
	struct evidence_sync_io io = { ev_push, ev_fetch, run, ri->name, hub ? path : NULL,
				       fetch_only, run->o ? run->o->notice : NULL,
				       run->o ? run->o->data : NULL, NULL };
	struct ggw_error e = { 0, "" };

	if (evidence_sync_remote(run->r, &run->actor, &io, &e) < 0 && io.notice)
		io.notice(e.msg, io.data);
}

static int sync_one(struct run *run, const struct remote_info *ri, struct sync_result *res)
{
	struct ggw_error err = { 0, "" };
	struct transfer_result tr;
	git_hex ours, theirs, before;
	char ref[128], held[768] = "";
	int error = 0, attempt;

	memset(res, 0, sizeof(*res));
	snprintf(res->remote, sizeof(res->remote), "%s", ri->name);
	run->remote = ri->name;
	run->ri = ri;
	res->fetch_only = ri->local && ri->bare == 0;
	if (gitp_ref_tip(run->r, "HEAD", before, &err) < 0)
		goto fail;
	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", ri->name);
	for (attempt = 0; attempt < PUSH_ATTEMPTS; attempt++) {
		if ((error = receive(run, res, ours, &err)) < 0) {
			if (error == GGW_EDENIED && !run->moved_back && !run->foreign)
				refused_main(run, ri, res, &err);
			goto fail;
		}
		if (res->fetch_only)
			break;
		if (gitp_ref_tip(run->r, ref, theirs, NULL) == 0 && !strcmp(theirs, ours))
			break; /* the hub already has our main */
		if (trust_outgoing_refused(run->r, ours, ref, held, sizeof(held)))
			break; /* this PC's key is not registered: main stays local */
		kill_point("before-push");
		error = transfer(run, TRANSFER_PUSH, SYNC_PHASE_PUSH, &tr, &err);
		if (error == 0) {
			kill_point("after-push");
			gitp_set_ref(run->r, ref, ours, NULL);
			res->pushed = 1;
			break;
		}
		if (tr.kind == TK_NONBARE) {
			/* A peer's own ledger: we take from it, never push. */
			res->fetch_only = 1;
			error = 0;
			break;
		}
		if (tr.kind != TK_REJECTED)
			goto fail;
		/* The hub moved while we merged: fetch, merge, push again. */
	}
	if (attempt == PUSH_ATTEMPTS) {
		error = ggw_fail(&err, GGW_ENET, _("%s 一直有新的提交，推送 %d 次都被拒绝；请稍后再同步"),
				 ri->name, PUSH_ATTEMPTS);
		goto fail;
	}
	if (!res->fetch_only)
		exchange_key_requests(run, ri, held[0] != '\0');
	clear_refused(run, ri);
	exchange_evidence(run, ri, res->fetch_only);
	lastsync_set(run->r, ri->name);
	report(run, SYNC_PHASE_DONE, 0, 0, 0);
	{
		char msg[1280];
		int moved = strcmp(before, ours) != 0;

		if (!moved && !res->pushed)
			snprintf(msg, sizeof(msg), _("已是最新"));
		else if (!moved)
			snprintf(msg, sizeof(msg), _("已推送"));
		else
			snprintf(msg, sizeof(msg), _("收到 %zu 个新提交%s%s%s"), res->received,
				 res->merged ? _("，已合并") : res->fast_forward ? _("，已快进") : "",
				 res->conflicts ? _("，有冲突待解决（ggw list --conflicts）") : "",
				 res->pushed ? _("，已推送") : "");
		if (res->fetch_only) {
			size_t used = strlen(msg);

			snprintf(msg + used, sizeof(msg) - used, "%s",
				 _("（对方不是中转仓库，只取不推；要推送请用 ggw hub init 建中转仓库）"));
		}
		if (held[0]) {
			size_t used = strlen(msg);

			snprintf(msg + used, sizeof(msg) - used, _("；%s"), held);
		}
		set_result(res, moved || res->pushed ? SYNC_DONE : SYNC_UP_TO_DATE, 0, msg);
	}
	return 0;
fail:
	if (!error)
		error = err.code ? err.code : GGW_EIO;
	set_result(res, error == GGW_ENET ? SYNC_SKIPPED : error == GGW_ECANCEL ? SYNC_CANCELLED :
		   error == GGW_EDENIED ? SYNC_REFUSED : SYNC_FAILED, error, err.msg);
	report(run, SYNC_PHASE_DONE, 0, 0, 0);
	return error;
}

/* ------------------------------------------------------------------ */
/* Repair after a power cut                                             */

static int repair_objects(struct run *run, struct remote_info *rv, size_t nr, struct ggw_error *err)
{
	git_hex *bad = NULL;
	size_t nbad = 0, missing = 0;
	int error;

	report(run, SYNC_PHASE_CHECK, 0, 0, 0);
	if ((error = gitp_remove_bad_loose(run->r, &bad, &nbad, err)) < 0)
		return error;
	for (size_t i = 0; i < nbad; i++)
		if (!gitp_object_exists(run->r, bad[i]))
			memmove(bad[missing++], bad[i], sizeof(git_hex));
	if (nbad && run->o && run->o->notice) {
		char line[256];

		snprintf(line, sizeof(line), _("发现 %zu 个损坏的对象文件（可能是断电造成的），已删除，正在从同步对象取回"),
			 nbad);
		run->o->notice(line, run->o->data);
	}
	for (size_t k = 0; k < nr && missing; k++) {
		char path[PATH_MAX];
		const char **ids = malloc(missing * sizeof(char *));
		size_t copied = 0, still = 0;
		struct ggw_error e2;

		if (!ids)
			break;
		for (size_t i = 0; i < missing; i++)
			ids[i] = bad[i];
		run->remote = rv[k].name;
		if (transport_url_is_local(rv[k].url, path, sizeof(path))) {
			transport_copy_objects(run->r, path, ids, missing, &copied, &e2);
		} else {
			struct transfer_result tr;

			if (transfer(run, TRANSFER_REPAIR, SYNC_PHASE_CHECK, &tr, &e2) == 0) {
				snprintf(path, sizeof(path), "%sggw/repair", repo_gitdir(run->r));
				transport_copy_objects(run->r, path, ids, missing, &copied, &e2);
			}
		}
		free(ids);
		for (size_t i = 0; i < missing; i++)
			if (!gitp_object_exists(run->r, bad[i]))
				memmove(bad[still++], bad[i], sizeof(git_hex));
		missing = still;
	}
	if (missing) {
		error = ggw_fail(err, GGW_EDAMAGED,
				 _("有 %zu 个损坏的对象（如 %s）没能从任何同步对象取回；请接上中转仓库（U盘）或联网后再同步"),
				 missing, bad[0]);
	} else if (nbad && run->o && run->o->notice) {
		run->o->notice(_("损坏的对象已全部取回"), run->o->data);
	}
	free(bad);
	return error;
}

/* An older ledger gets its id at the office's next sync (ledgerid.h). */
static void ensure_ledger_id(struct run *run)
{
	struct ggw_error e2 = { 0, "" };
	int added = 0;

	if (ledgerid_ensure(run->r, &run->actor, &added, &e2) == 0 && added && run->o &&
	    run->o->notice)
		run->o->notice(_("已为这本台账生成台账编号（units.yaml 的 ledger），各单位的电脑同步后会采用它"),
			       run->o->data);
}

/* ggw.timeout, or 60 seconds. */
static int config_timeout(struct repo *r)
{
	char *tv = NULL;
	int t = 60;

	if (repo_config_get(r, "ggw.timeout", &tv, NULL) == 0 && tv && atoi(tv) > 0)
		t = atoi(tv);
	free(tv);
	return t;
}

/* ------------------------------------------------------------------ */

int sync_run(struct repo *r, const char *const *names, size_t n, const struct sync_options *o,
	     struct sync_result **results, size_t *nresults, struct ggw_error *err)
{
	struct run run;
	struct remote_info *all = NULL, *sel = NULL;
	size_t nall = 0, nsel = 0;
	int error, worst = 0, took_lock;

	*results = NULL;
	*nresults = 0;
	memset(&run, 0, sizeof(run));
	run.r = r;
	run.o = o;
	took_lock = !repo_lock_held(r); /* the interface may hold it already */
	if ((error = repo_lock(r, 5000, o ? o->notice : NULL, o ? o->data : NULL, err)) < 0)
		return error;
	if ((error = sync_remote_list(r, &all, &nall, err)) < 0)
		goto done;
	sel = calloc(n ? n : nall ? nall : 1, sizeof(*sel));
	if (!sel) {
		error = ggw_oom(err);
		goto done;
	}
	if (n == 0) {
		if (nall == 0) {
			error = ggw_fail(err, GGW_ENOTFOUND,
					 _("还没有同步对象。用 ggw remote add 名称 地址 添加（例如 U盘上的中转仓库）"));
			goto done;
		}
		memcpy(sel, all, nall * sizeof(*sel));
		nsel = nall;
	} else {
		for (size_t i = 0; i < n; i++) {
			size_t k;

			for (k = 0; k < nall && strcmp(all[k].name, names[i]); k++)
				;
			if (k == nall) {
				error = ggw_fail(err, GGW_ENOTFOUND,
						 _("没有名为 %s 的同步对象（ggw remote list 列出全部）"), names[i]);
				goto done;
			}
			sel[nsel++] = all[k];
		}
	}
	run.timeout = o && o->timeout_sec > 0 ? o->timeout_sec : config_timeout(r);
	if ((error = actor_load(r, &run.actor, err)) < 0)
		goto done;
	if (!run.actor.unit || !*run.actor.unit) {
		error = ggw_fail(err, GGW_EINVALID, _("这台电脑还没有设置单位：ggw config ggw.unit 单位代号"));
		goto done;
	}
	run.have_units = units_load(r, &run.units, NULL) == 0;
	clock_warn(r, o ? o->notice : NULL, o ? o->data : NULL);
	if ((error = pending_finish(r, err)) < 0)
		goto done;
	ensure_ledger_id(&run);
	if ((error = repair_objects(&run, sel, nsel, err)) < 0)
		goto done;
	*results = calloc(nsel, sizeof(**results));
	if (!*results) {
		error = ggw_oom(err);
		goto done;
	}
	for (size_t i = 0; i < nsel; i++) {
		int rc;

		if (o && o->cancel && o->cancel(o->data)) {
			worst = GGW_ECANCEL;
			break;
		}
		rc = sync_one(&run, &sel[i], &(*results)[i]);

		*nresults = i + 1;
		if (o && o->remote_done)
			o->remote_done(&(*results)[i], o->data);
		if (rc == GGW_ECANCEL) {
			worst = rc;
			break;
		}
		if (rc < 0 && (worst == 0 || worst == GGW_ENET))
			worst = rc;
	}
	error = worst;
	if (error == GGW_ENET)
		ggw_fail(err, GGW_ENET, _("有同步对象无法连接，已跳过；其余已同步"));
	else if (error == GGW_ECANCEL)
		ggw_fail(err, GGW_ECANCEL, _("同步已取消；台账保持取消前的状态"));
	else if (error < 0)
		ggw_fail(err, error, _("同步未全部完成（见上面各行）"));
done:
	free(sel);
	sync_remote_list_free(all, nall);
	actor_free(&run.actor);
	if (run.have_units)
		units_free(&run.units);
	if (took_lock)
		repo_unlock(r);
	return error;
}

/* ------------------------------------------------------------------ */
/* A commit already in the object store (a bundle file's main)          */

int sync_take_in_commit(struct repo *r, const char *label, const char *tip,
			const struct sync_options *o, struct sync_result *res, struct ggw_error *err)
{
	struct run run;
	git_hex ours, before;
	int error;

	memset(&run, 0, sizeof(run));
	memset(res, 0, sizeof(*res));
	snprintf(res->remote, sizeof(res->remote), "%s", label);
	run.r = r;
	run.o = o;
	run.remote = label;
	if ((error = actor_load(r, &run.actor, err)) < 0)
		goto done;
	if (!run.actor.unit || !*run.actor.unit) {
		error = ggw_fail(err, GGW_EINVALID, _("这台电脑还没有设置单位：ggw config ggw.unit 单位代号"));
		goto done;
	}
	run.have_units = units_load(r, &run.units, NULL) == 0;
	clock_warn(r, o ? o->notice : NULL, o ? o->data : NULL);
	if ((error = pending_finish(r, err)) < 0)
		goto done;
	ensure_ledger_id(&run);
	if ((error = gitp_ref_tip(r, "HEAD", ours, err)) < 0)
		goto done;
	memcpy(before, ours, sizeof(git_hex));
	if ((error = take_in(&run, res, tip, ours, err)) < 0)
		goto done;
	if (!strcmp(before, ours))
		set_result(res, SYNC_UP_TO_DATE, 0, _("已是最新"));
	else {
		char msg[512];

		snprintf(msg, sizeof(msg), _("收到 %zu 个新提交%s%s"), res->received,
			 res->merged ? _("，已合并") : res->fast_forward ? _("，已快进") : "",
			 res->conflicts ? _("，有冲突待解决（ggw list --conflicts）") : "");
		set_result(res, SYNC_DONE, 0, msg);
	}
done:
	if (error < 0)
		set_result(res, error == GGW_EDENIED ? SYNC_REFUSED : SYNC_FAILED, error, err->msg);
	actor_free(&run.actor);
	if (run.have_units)
		units_free(&run.units);
	return error;
}

/* ------------------------------------------------------------------ */
/* Hub repair (the office)                                              */

static int passes(struct repo *r, const char *ours, const char *c)
{
	struct ggw_error e = { 0, "" };
	size_t count = 0;

	return commit_readable(r, c) &&
	       (gitp_is_ancestor(r, c, ours) || verify_incoming(r, ours, c, &count, NULL, &e) == 0);
}

/* Bring hub commit c here as refs/ggw/repair/tip (through a temporary
 * reference on the hub); 1 if it came. */
static int fetch_candidate(struct repo *r, const char *path, const char *c)
{
	struct ggw_error e = { 0, "" };
	int ok = hub_local_set_ref(path, "refs/ggw/repair/candidate", c, &e) == 0 &&
		 hub_local_fetch(r, path, "+refs/ggw/repair/candidate:refs/ggw/repair/tip", &e) == 0;

	hub_local_delete_ref(path, "refs/ggw/repair/candidate");
	return ok;
}

/* The newest commit on tip's first-parent line (walked in the raw
 * objects, so even past a commit libgit2 cannot parse) that passes the
 * check against ours; "" if none. path: a local hub's, whose commits are
 * brought here one by one; NULL: the history is here already (fetched
 * from a network hub). */
static void last_good(struct repo *r, const char *path, const char *ours, const char *tip,
		      git_hex good)
{
	git_hex c, parent;

	good[0] = '\0';
	memcpy(c, tip, sizeof(git_hex));
	for (int steps = 0; steps < 10000; steps++) {
		if ((path ? hub_local_raw_parent(path, c, parent, NULL)
			  : gitp_raw_parent(r, c, parent, NULL)) < 0)
			return;
		memcpy(c, parent, sizeof(git_hex));
		if ((!path || fetch_candidate(r, path, c)) && passes(r, ours, c)) {
			memcpy(good, c, sizeof(git_hex));
			return;
		}
	}
}

/* The hub to repair: a registered remote's name or a local path. *local
 * says which way it is reached; a network hub must be registered (the
 * transfer child reaches it by name). */
static int repair_target(struct repo *r, const char *target, char **name, char *path, size_t len,
			 int *local, struct ggw_error *err)
{
	struct remote_info *rv = NULL;
	size_t nr = 0;
	const char *url = target;
	int error;

	*name = NULL;
	if ((error = sync_remote_list(r, &rv, &nr, err)) < 0)
		return error;
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(rv[i].name, target)) {
			url = rv[i].url;
			*name = strdup(rv[i].name);
		}
	*local = transport_url_is_local(url, path, len);
	if (!*local && !*name)
		error = ggw_fail(err, GGW_EUSAGE,
				 _("%s 不是已登记的同步对象：网络上的中转仓库请先用 ggw remote add 名称 地址 登记，再运行 ggw hub repair 名称"),
				 target);
	sync_remote_list_free(rv, nr);
	return error;
}

/* libgit2 1.5.1 can neither fetch nor push past a commit it cannot parse
 * (an author time of 2^64-1) once that commit is in this repository: such
 * a hub is repaired on the computer that holds it, by its path. */
static int unreadable_network_hub(const char *name, struct ggw_error *err)
{
	char why[sizeof(err->msg)];

	snprintf(why, sizeof(why), "%s", err->msg);
	return ggw_fail(err, GGW_EIO,
			_("无法从网络修复中转仓库 %s（%s）：它的 main 上可能有本程序无法读取的提交。请在存放这个中转仓库的电脑上，用那里的办公室台账运行 ggw hub repair 中转仓库的路径"),
			name, why);
}

/* The office's repair of a network hub, through the transfer child and
 * its watchdog: the hub's main comes here as refs/ggw/repair/tip, the last
 * good commit of its line is found here, and one push with a lease (the
 * hub's main must still be the refused tip: compare-and-swap) moves main
 * back and keeps the refused tip at keep on the hub. */
static int repair_network(struct repo *r, const char *name, const char *keep_prefix, git_hex tip,
			  git_hex good, char *kept, size_t keptlen, struct ggw_error *err)
{
	struct run run;
	struct transfer_result tr;
	char keep_spec[200];
	const char *fetch_spec[1] = { "+refs/heads/main:refs/ggw/repair/tip" };
	const char *push_specs[3] = { "+refs/heads/main:refs/ggw/units/" OFFICE,
				      "+refs/ggw/repair/good:refs/heads/main", keep_spec };
	git_hex ours;
	int error;

	memset(&run, 0, sizeof(run));
	run.r = r;
	run.remote = name;
	run.timeout = config_timeout(r);
	if ((error = transfer_specs(&run, TRANSFER_FETCH, SYNC_PHASE_FETCH, fetch_spec, 1, NULL,
				    &tr, err)) < 0)
		return tr.kind == TK_OTHER ? unreadable_network_hub(name, err) : error;
	if ((error = gitp_ref_tip(r, "HEAD", ours, err)) < 0)
		return error;
	if (tr.nunreadable) {
		/* The tip's history holds a commit libgit2 cannot parse: it
		 * stayed in the scratch repository; its readable part (if any)
		 * came as refs/ggw/repair/tip. */
		git_hex readable;

		memcpy(tip, tr.unreadable_tip, sizeof(git_hex));
		good[0] = '\0';
		if (gitp_ref_tip(r, "refs/ggw/repair/tip", readable, NULL) == 0) {
			if (passes(r, ours, readable))
				memcpy(good, readable, sizeof(git_hex));
			else
				last_good(r, NULL, ours, readable, good);
		}
		snprintf(kept, keptlen, _("对象库里（无法读取的提交 %s 的原文另存在本机 %sggw/refused/%s）"),
			 tr.unreadable, repo_gitdir(r), tr.unreadable);
	} else {
		if (gitp_ref_tip(r, "refs/ggw/repair/tip", tip, NULL) < 0)
			return ggw_fail(err, GGW_ENOTFOUND, _("中转仓库 %s 还是空的"), name);
		if (passes(r, ours, tip))
			return 1;
		last_good(r, NULL, ours, tip, good);
		snprintf(kept, keptlen, "%s-%.10s", keep_prefix, tip);
	}
	if (!good[0])
		memcpy(good, ours, sizeof(git_hex)); /* nothing on the hub's line: our main */
	if ((error = gitp_set_ref(r, "refs/ggw/repair/good", good, err)) < 0)
		return error;
	snprintf(keep_spec, sizeof(keep_spec), "+refs/ggw/repair/tip:%s", kept);
	/* An unreadable tip is not here to push a ref at: it stays in the
	 * hub's objects, its text on this PC. */
	error = transfer_specs(&run, TRANSFER_PUSH, SYNC_PHASE_PUSH, push_specs,
			       tr.nunreadable ? 2 : 3, tip, &tr, err);
	gitp_delete_ref(r, "refs/ggw/repair/good", NULL);
	if (error < 0 && tr.kind == TK_REJECTED)
		return ggw_fail(err, GGW_ECONFLICT, _("中转仓库的 main 刚刚变了；请再运行一次"));
	return error < 0 && tr.kind == TK_OTHER ? unreadable_network_hub(name, err) : error;
}

/* A side reference of a hub on a path naming a commit libgit2 cannot
 * parse is set aside as well (its unit's next sync puts its own back). */
static void set_aside_sides(const char *path, const char *day, char *msg, size_t msglen)
{
	struct ggw_error e = { 0, "" };
	char said[300];
	size_t used = strlen(msg);

	if (hub_local_set_aside_unparsable(path, "refs/ggw/units/", day, said, sizeof(said), &e) > 0)
		snprintf(msg + used, msglen - used,
			 _("；旁路上无法读取的提交（%s）也已移开，编号保存在中转仓库的 ggw-refused 文件夹里"),
			 said);
}

int sync_hub_repair(struct repo *r, const char *target, char *msg, size_t msglen,
		    struct ggw_error *err)
{
	struct actor actor;
	char *name = NULL, path[PATH_MAX], keep[128], ref[160], day[16], kept[PATH_MAX + 64];
	git_hex tip, ours, good;
	time_t now = time(NULL);
	struct tm tm;
	int error, took_lock = !repo_lock_held(r), have_actor = 0, local = 1, on_hub_line = 0;

	msg[0] = '\0';
	if ((error = repo_lock(r, 5000, NULL, NULL, err)) < 0)
		return error;
	if ((error = actor_load(r, &actor, err)) < 0)
		goto done;
	have_actor = 1;
	if (!actor.unit || strcmp(actor.unit, OFFICE)) {
		error = ggw_fail(err, GGW_EDENIED, _("只有街道办公室（单位 office）的电脑能修复中转仓库"));
		goto done;
	}
	if ((error = repair_target(r, target, &name, path, sizeof(path), &local, err)) < 0)
		goto done;
	localtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y%m%d", &tm);
	if (!local) {
		snprintf(keep, sizeof(keep), "refs/ggw/refused/%s", day);
		if ((error = repair_network(r, name, keep, tip, good, kept, sizeof(kept), err)) < 0)
			goto done;
		if (error == 1) {
			error = 0;
			snprintf(msg, msglen, _("中转仓库 %s 的 main 通过检查，不用修复"), target);
			goto done;
		}
		goto repaired;
	}
	if ((error = hub_local_main(path, tip, err)) < 0 ||
	    (error = gitp_ref_tip(r, "HEAD", ours, err)) < 0)
		goto done;
	if (fetch_candidate(r, path, tip) && passes(r, ours, tip)) {
		snprintf(msg, msglen, _("中转仓库 %s 的 main 通过检查，不用修复"), target);
		goto sides;
	}
	last_good(r, path, ours, tip, good);
	on_hub_line = good[0] != '\0';
	if (!good[0])
		memcpy(good, ours, sizeof(git_hex)); /* nothing on the hub's line: our main */
	/* Our main goes onto the hub first, so every object of good is there.
	 * A good commit of the hub's own line is there already: then the push
	 * may fail (libgit2 cannot push past an unparsable commit on the hub's
	 * main once this ledger holds it, fetched over the network). */
	if ((error = hub_local_push(r, path, "refs/heads/main", "refs/ggw/units/" OFFICE, err)) < 0) {
		if (!on_hub_line)
			goto done;
		error = 0;
	}
	snprintf(keep, sizeof(keep), "refs/ggw/refused/%s-%.10s", day, tip);
	if ((error = hub_local_reset_main(path, good, tip, keep, kept, sizeof(kept), err)) < 0)
		goto done;
repaired:
	if (name) {
		snprintf(ref, sizeof(ref), "refs/remotes/%s/main", name);
		gitp_set_ref(r, ref, good, NULL);
		snprintf(ref, sizeof(ref), "refs/ggw/refused/%s", name);
		gitp_delete_ref(r, ref, NULL);
	}
	snprintf(msg, msglen,
		 _("已把中转仓库 %s 的 main 从 %.10s 退回到 %.10s（最后一个通过检查的提交）；被拒绝的历史保存在中转仓库的 %s，没有删除。现在运行 ggw sync，各单位的电脑下次同步时会自动继续"),
		 target, tip, good, kept);
sides:
	if (local)
		set_aside_sides(path, day, msg, msglen);
done:
	gitp_delete_ref(r, "refs/ggw/repair/tip", NULL);
	free(name);
	if (have_actor)
		actor_free(&actor);
	if (took_lock)
		repo_unlock(r);
	return error;
}

/* ------------------------------------------------------------------ */
/* The check, for ggw clone (records/sync_clone.c)                      */

int sync_check_range(struct repo *r, const char *ours, const char *theirs, size_t *count,
		     char *failed, struct ggw_error *err)
{
	if (failed)
		failed[0] = '\0';
	if (!commit_readable(r, theirs))
		return ggw_fail(err, GGW_EDENIED, _("无法解析提交 %.10s"), theirs);
	return verify_incoming(r, ours, theirs, count, failed, err);
}

int sync_unreadable_get(struct repo *r, const char *remote, git_hex id)
{
	char note[PATH_MAX];
	FILE *f;
	int found = 0;

	id[0] = '\0';
	unreadable_note_path(r, remote, note, sizeof(note));
	if ((f = fopen(note, "re")) != NULL) {
		found = fscanf(f, "%40[0-9a-f]", id) == 1 && strlen(id) == 40;
		fclose(f);
	}
	if (!found)
		id[0] = '\0';
	return found;
}

void sync_unreadable_note(struct repo *r, const char *remote, const char *id)
{
	char path[PATH_MAX], line[64];

	unreadable_note_path(r, remote, path, sizeof(path));
	snprintf(line, sizeof(line), "%s\n", id);
	atomic_write(path, line, strlen(line), NULL);
}

/* ------------------------------------------------------------------ */
/* Status                                                               */

void sync_status_free(struct sync_status *s)
{
	if (!s)
		return;
	free(s->unit);
	for (size_t i = 0; i < s->nremotes; i++) {
		free(s->remotes[i].name);
		free(s->remotes[i].url);
	}
	free(s->remotes);
	repo_paths_free(s->uncommitted, s->nuncommitted);
	memset(s, 0, sizeof(*s));
}

int sync_status(struct repo *r, struct sync_status *out, struct ggw_error *err)
{
	struct remote_info *rv = NULL;
	struct ledger l;
	size_t nr = 0;
	git_hex head;
	char path[PATH_MAX];
	int error, have_head;

	memset(out, 0, sizeof(*out));
	repo_config_get(r, "ggw.unit", &out->unit, NULL);
	if ((error = sync_remote_list(r, &rv, &nr, err)) < 0)
		return error;
	out->remotes = calloc(nr + 1, sizeof(*out->remotes));
	if (!out->remotes) {
		sync_remote_list_free(rv, nr);
		return ggw_oom(err);
	}
	have_head = gitp_ref_tip(r, "HEAD", head, NULL) == 0;
	for (size_t i = 0; i < nr; i++) {
		struct remote_status *rs = &out->remotes[i];
		char ref[128];
		git_hex tip;

		rs->name = rv[i].name;
		rs->url = rv[i].url;
		rv[i].name = rv[i].url = NULL;
		rs->local = rv[i].local;
		rs->bare = rv[i].bare;
		rs->lastsync = rv[i].lastsync;
		out->nremotes = i + 1;
		snprintf(ref, sizeof(ref), "refs/ggw/refused/%s", rs->name);
		if (gitp_ref_tip(r, ref, tip, NULL) == 0) {
			memcpy(rs->refused, tip, sizeof(rs->refused));
			/* The unreadable commit itself, when that was the refusal. */
			if (sync_unreadable_get(r, rs->name, tip))
				memcpy(rs->refused, tip, sizeof(rs->refused));
		}
		snprintf(ref, sizeof(ref), "refs/remotes/%s/main", rs->name);
		if (gitp_ref_tip(r, ref, tip, NULL) == 0) {
			rs->known = 1;
			if (have_head)
				gitp_ahead_behind(r, head, tip, &rs->ahead, &rs->behind, NULL);
		} else if (have_head) {
			git_hex *ids = NULL;
			size_t n = 0;

			/* Never synced: everything is still to send. */
			if (gitp_walk(r, head, NULL, &ids, &n, NULL) == 0)
				rs->ahead = n;
			free(ids);
		}
	}
	sync_remote_list_free(rv, nr);
	if ((error = ledger_load(r, &l, err)) < 0)
		goto fail;
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].has_conflicts)
			out->conflicts++;
	ledger_free(&l);
	if ((error = repo_dirty_paths(r, &out->uncommitted, &out->nuncommitted, err)) < 0)
		goto fail;
	pending_path(r, path, sizeof(path));
	out->merge_pending = access(path, F_OK) == 0;
	if (have_head) {
		git_hex *ids = NULL;
		size_t n = 0;
		int64_t now = clock_now();

		if (gitp_walk(r, head, NULL, &ids, &n, NULL) == 0)
			for (size_t i = n > 2000 ? n - 2000 : 0; i < n; i++) {
				struct commit_info c;

				if (gitp_commit_info(r, ids[i], &c, NULL) == 0) {
					out->odd_times += clock_implausible(c.time, now);
					commit_info_free(&c);
				}
			}
		free(ids);
	}
	return 0;
fail:
	sync_status_free(out);
	return error;
}
