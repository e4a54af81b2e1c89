/* Withdrawing evidence (evidence.h evidence_withdraw): the entries leave
 * the records citing the file and a withdrawal file is written, as one
 * commit; then the stores are rewritten without the file and its bytes
 * pruned (evidence_sync.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/rectype.h"
#include "../model/safetext.h"
#include "../storage/evstore.h"
#include "../storage/fsutil.h"
#include "../storage/yamlio.h"
#include "evidence.h"
#include "evidence_sync.h"
#include "ledger.h"

#define OFFICE_UNIT "office"
#define MAX_CITING 64

const char *evidence_kind_label(const char *kind)
{
	if (kind && !strcmp(kind, "photo"))
		return _("照片");
	if (kind && !strcmp(kind, "scan"))
		return _("扫描件");
	return _("其他文件");
}

struct citing {
	char path[512];
	char unit[64];
	enum record_type t;
	char *yaml;
	size_t len;
};

/* Remove hash from the record's evidence list; 1 if it was there. */
static int drop_entry(struct node *rec, const char *hash)
{
	struct node *list = node_map_get(rec, "evidence");
	int dropped = 0;

	for (size_t i = 0; list && list->kind == NODE_SEQ && i < list->count;) {
		const char *s = node_map_str(&list->kids[i], "sha256");

		if (s && !strcmp(s, hash)) {
			node_free(&list->kids[i]);
			memmove(&list->kids[i], &list->kids[i + 1],
				(list->count - i - 1) * sizeof(*list->kids));
			list->count--;
			dropped = 1;
		} else {
			i++;
		}
	}
	if (list && list->kind == NODE_SEQ && list->count == 0)
		node_map_remove(rec, "evidence");
	return dropped;
}

/* Every record citing hash, with its new text. Records are found by the
 * hash in their bytes first (cheap), then parsed. */
static int find_citing(struct repo *r, const char *hash, struct citing *c, size_t *n,
		       struct ggw_error *err)
{
	struct ledger l;
	int rc;

	*n = 0;
	if ((rc = ledger_load(r, &l, err)) < 0)
		return rc;
	for (size_t k = 0; k < l.n && rc == 0; k++) {
		const struct entry *e = &l.v[k];
		char abs[4096], *data = NULL;
		size_t len = 0;
		struct node rec;
		int hit;

		if (!field_find(record_fields(e->type), "evidence"))
			continue;
		snprintf(abs, sizeof(abs), "%s%s", repo_workdir(r), e->path);
		if (read_regular_file(abs, YAML_MAX_BYTES, &data, &len, NULL) < 0)
			continue;
		hit = memmem(data, len, hash, EVIDENCE_HASH_LEN) != NULL;
		free(data);
		if (!hit || record_load_file(r, e->path, &rec, NULL) < 0)
			continue;
		if (*n == MAX_CITING) {
			node_free(&rec);
			rc = ggw_fail(err, GGW_EINVALID, _("引用这个文件的记录太多"));
			break;
		}
		if (drop_entry(&rec, hash)) {
			struct citing *ci = &c[*n];

			snprintf(ci->path, sizeof(ci->path), "%s", e->path);
			snprintf(ci->unit, sizeof(ci->unit), "%s", e->unit ? e->unit : "");
			ci->t = e->type;
			if ((rc = record_to_yaml(e->type, &rec, &ci->yaml, &ci->len, err)) == 0)
				(*n)++;
		}
		node_free(&rec);
	}
	ledger_free(&l);
	return rc;
}

static int withdrawal_yaml(const struct actor *a, const char *hash, const char *blob,
			   const char *unit, const char *why, char **out, size_t *len,
			   struct ggw_error *err)
{
	struct node m;
	char at[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (node_init_map(&m) < 0)
		return ggw_oom(err);
	if (node_map_set_str(&m, "sha256", hash, SCALAR_TEXT) < 0 ||
	    (blob[0] && node_map_set_str(&m, "blob", blob, SCALAR_TEXT) < 0) ||
	    node_map_set_str(&m, "unit", unit, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&m, "by", a->name ? a->name : a->unit, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&m, "by_unit", a->unit, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&m, "at", at, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&m, "why", why, SCALAR_TEXT) < 0) {
		node_free(&m);
		return ggw_oom(err);
	}
	rc = yaml_emit(&m, out, len, err);
	node_free(&m);
	return rc;
}

/* Who may withdraw: the office any file; a unit the files its records
 * cite or its store holds. *owner gets the unit folder of the withdrawal. */
static int withdraw_scope(const struct actor *a, const struct citing *c, size_t n,
			  const char *store_unit, char *owner, size_t olen, struct ggw_error *err)
{
	int office = !strcmp(a->unit, OFFICE_UNIT);

	for (size_t i = 0; i < n; i++)
		if (!office && strcmp(c[i].unit, a->unit))
			return ggw_fail(err, GGW_EDENIED,
					_("这个文件是 %s 的记录 %s 引用的，只有该单位或街道办公室能撤回"),
					c[i].unit, c[i].path);
	if (!office && !n && store_unit[0] && strcmp(store_unit, a->unit))
		return ggw_fail(err, GGW_EDENIED, _("这个文件是 %s 的，只有该单位或街道办公室能撤回"),
				store_unit);
	snprintf(owner, olen, "%s", !office ? a->unit : n ? c[0].unit
				     : store_unit[0] ? store_unit : OFFICE_UNIT);
	return 0;
}

static int commit_withdrawal(struct repo *r, const struct actor *a, const char *hash,
			     const char *why, struct citing *c, size_t n, const char *wpath,
			     const char *wyaml, size_t wlen, struct ggw_error *err)
{
	const char *paths[MAX_CITING + 1], *data[MAX_CITING + 1];
	size_t lens[MAX_CITING + 1];
	char *msg = NULL;
	int rc;

	for (size_t i = 0; i < n; i++) {
		paths[i] = c[i].path;
		data[i] = c[i].yaml;
		lens[i] = c[i].len;
	}
	paths[n] = wpath;
	data[n] = wyaml;
	lens[n] = wlen;
	if (asprintf(&msg, "撤回佐证材料：%.12s…（%zu 条记录）\n\n%s\n\nGgw-Unit: %s\nGgw-Action: withdraw-evidence\n",
		     hash, n, why, a->unit) < 0)
		return ggw_oom(err);
	rc = ops_commit_files(r, a, paths, data, lens, n + 1, msg, NULL, err);
	free(msg);
	return rc;
}

int evidence_withdraw(struct repo *r, const struct actor *a, const char *sha256,
		      const char *why, struct ggw_error *err)
{
	struct citing *c = NULL;
	struct evstore_file f;
	char store_unit[64] = "", owner[64], wpath[256], *wyaml = NULL;
	size_t n = 0, wlen = 0;
	int rc, in_store;
	uint32_t cp;

	if (!sha256 || strlen(sha256) != EVIDENCE_HASH_LEN ||
	    strspn(sha256, "0123456789abcdef") != EVIDENCE_HASH_LEN)
		return ggw_fail(err, GGW_EUSAGE, _("“%s”不是 64 位十六进制的 SHA-256（见 ggw evidence list ID）"),
				sha256 ? sha256 : "");
	if (!why || !why[0])
		return ggw_fail(err, GGW_EUSAGE, _("撤回要写明原因（--why）"));
	/* The reason is committed and shown on every PC: the same rule as any
	 * text field (model/record.c). */
	if (!utf8_valid(why, strlen(why)) || safe_find_control(why, strlen(why), 0, &cp))
		return ggw_fail(err, GGW_EINVALID,
				_("撤回原因里有控制字符或不是 UTF-8 的字节（不可见，会扰乱终端显示），请删去后再撤回"));
	if (!a->unit || !unit_key_valid(a->unit))
		return ggw_fail(err, GGW_EINVALID, _("本机还没有设置单位（ggw config ggw.unit 代号）"));
	if (evidence_is_withdrawn(r, sha256))
		return ggw_fail(err, GGW_EINVALID, _("%.12s… 已经撤回过了"), sha256);
	if (!(c = calloc(MAX_CITING, sizeof(*c))))
		return ggw_oom(err);
	if ((rc = ops_lock(r, err)) < 0)
		goto done;
	in_store = evidence_store_find(r, sha256, &f, store_unit, sizeof(store_unit)) == 0;
	if ((rc = find_citing(r, sha256, c, &n, err)) < 0)
		goto unlock;
	if (!n && !in_store) {
		rc = ggw_fail(err, GGW_ENOTFOUND, _("没有记录引用 %.12s…，本机也没有这个文件"), sha256);
		goto unlock;
	}
	if ((rc = withdraw_scope(a, c, n, store_unit, owner, sizeof(owner), err)) < 0)
		goto unlock;
	evidence_withdrawal_path(owner, sha256, wpath, sizeof(wpath));
	if ((rc = withdrawal_yaml(a, sha256, in_store ? f.blob : "", owner, why, &wyaml, &wlen,
				  err)) < 0 ||
	    (rc = commit_withdrawal(r, a, sha256, why, c, n, wpath, wyaml, wlen, err)) < 0)
		goto unlock;
	rc = evidence_apply_withdrawals(r, a, NULL, err);
unlock:
	ops_unlock(r);
done:
	for (size_t i = 0; i < n; i++)
		free(c[i].yaml);
	free(c);
	free(wyaml);
	return rc;
}
