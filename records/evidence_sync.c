/* The evidence store at sync, withdrawals applied, unsent files (see
 * evidence_sync.h). */
#include "evidence_sync.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/rectype.h"
#include "../storage/fsutil.h"
#include "../storage/hub_local.h"
#include "../storage/sshsig.h"
#include "../storage/yamlio.h"
#include "evidence.h"
#include "ledger.h"
#include "trust.h"

#define OFFICE_UNIT "office"
#define TRACK(io) ((io)->track ? (io)->track : (io)->remote)

/* A set of 64-hex names (sha256) and of blob ids. */
struct hashset {
	char (*sha)[65];
	size_t n, cap;
	git_hex *blob;
	size_t nb, capb;
};

static void hashset_free(struct hashset *s)
{
	free(s->sha);
	free(s->blob);
	memset(s, 0, sizeof(*s));
}

static int hashset_has(const struct hashset *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strncmp(s->sha[i], name, 64))
			return 1;
	return 0;
}

static int hashset_add(struct hashset *s, const char *sha)
{
	if (hashset_has(s, sha))
		return 0;
	if (array_grow(&s->sha, &s->cap, s->n, sizeof(*s->sha), 16) < 0)
		return -1;
	snprintf(s->sha[s->n++], 65, "%.64s", sha);
	return 0;
}

static int blob_add(struct hashset *s, const char *blob)
{
	for (size_t i = 0; i < s->nb; i++)
		if (!strcmp(s->blob[i], blob))
			return 0;
	if (array_grow(&s->blob, &s->capb, s->nb, sizeof(*s->blob), 16) < 0)
		return -1;
	snprintf(s->blob[s->nb++], sizeof(git_hex), "%s", blob);
	return 0;
}

/* The value of "key: value" in YAML bytes (a flat map we wrote), quotes
 * stripped, into out; 0 if absent. */
static int yaml_flat_value(const char *data, const char *key, char *out, size_t len)
{
	size_t kl = strlen(key);

	for (const char *p = data; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *v, *e;

		if (strncmp(p, key, kl) || p[kl] != ':')
			continue;
		v = p + kl + 1;
		v += strspn(v, " '\"");
		e = v + strcspn(v, "'\"\n");
		snprintf(out, len, "%.*s", (int)(e - v), v);
		return 1;
	}
	return 0;
}

/* The withdrawals the work tree records: hashes and (where known) blobs. */
static int withdrawn_load(struct repo *r, struct hashset *w, struct ggw_error *err)
{
	char dir[4096], sub[4400], path[4800];
	DIR *d, *d2;
	struct dirent *de, *fe;

	memset(w, 0, sizeof(*w));
	snprintf(dir, sizeof(dir), "%s" EVIDENCE_WITHDRAWN_DIR, repo_workdir(r));
	if (!(d = opendir(dir)))
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !unit_key_valid(de->d_name))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		if (!(d2 = opendir(sub)))
			continue;
		while ((fe = readdir(d2))) {
			char rel[256], *data = NULL, blob[64];
			size_t len = 0;

			snprintf(rel, sizeof(rel), EVIDENCE_WITHDRAWN_DIR "/%s/%s", de->d_name, fe->d_name);
			if (!evidence_withdrawal_path_parse(rel, NULL, 0))
				continue;
			if (hashset_add(w, fe->d_name) < 0)
				goto oom;
			snprintf(path, sizeof(path), "%s/%s", sub, fe->d_name);
			if (read_regular_file(path, 65536, &data, &len, NULL) == 0 &&
			    yaml_flat_value(data, "blob", blob, sizeof(blob)) && strlen(blob) == 40 &&
			    strspn(blob, "0123456789abcdef") == 40 && blob_add(w, blob) < 0) {
				free(data);
				goto oom;
			}
			free(data);
		}
		closedir(d2);
	}
	closedir(d);
	return 0;
oom:
	closedir(d2);
	closedir(d);
	hashset_free(w);
	return ggw_oom(err);
}

/* The files of v not withdrawn; removed blobs go into gone. */
static size_t keep_not_withdrawn(struct evstore_file *v, size_t n, const struct hashset *w,
				 struct hashset *gone)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (hashset_has(w, v[i].name)) {
			blob_add(gone, v[i].blob);
			continue;
		}
		v[k++] = v[i];
	}
	return k;
}

static int store_message(const char *unit, const char *what, char **msg)
{
	return asprintf(msg, "佐证材料库：%s（%s）\n\nGgw-Unit: %s\nGgw-Action: evidence-store\n", what,
			unit, unit) < 0 ? -1 : 0;
}

/* Rewrite the refs under prefix holding withdrawn files (store refs), or
 * delete them (tracking refs: delete != 0). */
static int rewrite_refs(struct repo *r, const struct actor *a, const char *prefix, int delete,
			const struct hashset *w, struct hashset *gone, struct ggw_error *err)
{
	char **names = NULL, *msg = NULL;
	git_hex *ids = NULL;
	size_t n = 0;
	int rc;

	if ((rc = gitp_ref_list(r, prefix, &names, &ids, &n, err)) < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct evstore_file *v = NULL;
		size_t nv = 0, kept;
		git_hex tip;

		if ((rc = evstore_files(r, names[i], &v, &nv, tip, err)) < 0)
			break;
		kept = keep_not_withdrawn(v, nv, w, gone);
		if (kept != nv) {
			if (delete) {
				rc = gitp_delete_ref(r, names[i], err);
			} else if (store_message(a->unit, "撤回的文件已删除", &msg) < 0) {
				rc = ggw_oom(err);
			} else {
				rc = evstore_commit(r, names[i], v, kept, tip, msg, a->name, a->email,
						    NULL, err);
				free(msg);
				msg = NULL;
			}
		}
		evstore_files_free(v);
	}
	gitp_ref_list_free(names, ids, n);
	return rc;
}

int evidence_apply_withdrawals(struct repo *r, const struct actor *a, size_t *pruned,
			       struct ggw_error *err)
{
	struct hashset w, gone = { 0 };
	size_t have = 0;
	int rc;

	if (pruned)
		*pruned = 0;
	if ((rc = withdrawn_load(r, &w, err)) < 0)
		return rc;
	if (!w.n)
		goto done;
	if ((rc = rewrite_refs(r, a, EVSTORE_PREFIX, 0, &w, &gone, err)) < 0 ||
	    (rc = rewrite_refs(r, a, EVIDENCE_IN_PREFIX, 1, &w, &gone, err)) < 0)
		goto done;
	for (size_t i = 0; i < w.nb; i++)
		blob_add(&gone, w.blob[i]);
	for (size_t i = 0; i < gone.nb; i++)
		have += evstore_gitdir_has(repo_gitdir(r), gone.blob[i]);
	if (have)
		rc = evstore_prune(repo_gitdir(r), gone.blob, gone.nb, pruned, err);
done:
	hashset_free(&w);
	hashset_free(&gone);
	return rc;
}

/* ---- checking an incoming store ref ---- */

/* The unit a store commit speaks for (its Ggw-Unit trailer, else its
 * author e-mail's local part); "" if neither. */
static void commit_unit_of(struct repo *r, const char *id, char *unit, size_t len)
{
	struct commit_info c;
	struct ggw_error e = { 0, "" };

	unit[0] = '\0';
	if (gitp_commit_info(r, id, &c, &e) < 0)
		return;
	if (c.unit_trailer && unit_key_valid(c.unit_trailer)) {
		snprintf(unit, len, "%s", c.unit_trailer);
	} else if (c.author_email) {
		const char *at = strchr(c.author_email, '@');

		if (at && (size_t)(at - c.author_email) < len) {
			snprintf(unit, len, "%.*s", (int)(at - c.author_email), c.author_email);
			if (!unit_key_valid(unit))
				unit[0] = '\0';
		}
	}
	commit_info_free(&c);
}

/* Once the ledger has keys (keys/allowed_signers at HEAD), a store commit
 * must be signed by a key registered for the unit it speaks for, valid at
 * its time: the Ggw-Unit line alone could be written by anyone. 0 fine,
 * 1 refused (why), < 0 error. */
static int check_signature(struct repo *r, const char *id, const char *unit,
			   struct ggw_error *why, struct ggw_error *err)
{
	struct signers reg = { 0 };
	struct ssh_pubkey key;
	struct commit_info c;
	struct ggw_error sigwhy = { 0, "" };
	git_hex head;
	int present = 0, rc, ok = 0;

	if (gitp_ref_tip(r, "HEAD", head, NULL) < 0)
		return 0;
	if ((rc = trust_signers_at(r, head, &reg, &present, err)) < 0)
		return rc;
	if (!present) {
		signers_free(&reg);
		return 0; /* no keys yet: nothing is signed */
	}
	rc = repo_commit_signature(r, id, &key, &sigwhy, err);
	if (rc == REPO_SIG_GOOD && gitp_commit_info(r, id, &c, err) == 0) {
		for (long i = signers_find_key(&reg, key.key, 0); i >= 0 && !ok;
		     i = signers_find_key(&reg, key.key, (size_t)i + 1))
			ok = signer_allows(&reg.v[i], unit, "git") && signer_valid_at(&reg.v[i], c.time);
		commit_info_free(&c);
		if (!ok)
			ggw_fail(why, GGW_EDENIED, _("签名的钥匙没有登记为 %s 的（或已作废）"), unit);
	} else if (rc == REPO_SIG_NONE) {
		ggw_fail(why, GGW_EDENIED, _("没有签名（台账已经开始签名）"));
	} else if (rc == REPO_SIG_BAD) {
		ggw_fail(why, GGW_EDENIED, _("签名不成立：%s"), sigwhy.msg);
	}
	signers_free(&reg);
	if (rc < 0)
		return rc;
	return ok ? 0 : 1;
}

/* The hashes unit's records cite (read from the record files' bytes). */
static int cited_by_unit(struct repo *r, const char *unit, struct hashset *out,
			 struct ggw_error *err)
{
	struct ledger l;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = ledger_load(r, &l, err)) < 0)
		return rc;
	for (size_t k = 0; k < l.n; k++) {
		const struct entry *e = &l.v[k];
		char abs[4096], *data = NULL;
		size_t len = 0;

		if (!e->unit || strcmp(e->unit, unit) || !field_find(record_fields(e->type), "evidence"))
			continue;
		snprintf(abs, sizeof(abs), "%s%s", repo_workdir(r), e->path);
		if (read_regular_file(abs, YAML_MAX_BYTES, &data, &len, NULL) < 0)
			continue;
		for (char *p = data; (p = strstr(p, "sha256:")); p += 7) {
			char *v = p + 7 + strspn(p + 7, " '\"");

			if (strspn(v, "0123456789abcdef") >= 64)
				hashset_add(out, v);
		}
		free(data);
	}
	ledger_free(&l);
	return 0;
}

static int find_name(const struct evstore_file *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return 1;
	return 0;
}

struct incoming {
	char unit[64];
	char ref[200];     /* refs/ggw/evin/<remote>/<unit> */
	git_hex tip;       /* what the remote has */
	int dirty;         /* holds withdrawn files */
};

/* Check incoming store ref in (unit's) against ours; notice on refusal.
 * 1 refused, 0 fine with *v its files. */
struct skip_ctx {
	const struct hashset *w;
	const struct evstore_file *lv; /* this PC's version of the store */
	size_t nl;
};

/* Bytes not to read again: withdrawn (maybe pruned here already), or held
 * here under the same name and blob (checked when they came or were made). */
static int skip_known(const char *name, const char *blob, void *data)
{
	const struct skip_ctx *c = data;

	if (hashset_has(c->w, name))
		return 1;
	for (size_t i = 0; i < c->nl; i++)
		if (!strcmp(c->lv[i].name, name) && !strcmp(c->lv[i].blob, blob))
			return 1;
	return 0;
}

static int check_incoming(struct repo *r, const struct evidence_sync_io *io,
			  const struct incoming *in, const struct evstore_file *lv, size_t nl,
			  const struct hashset *w, struct evstore_file **v, size_t *n,
			  struct ggw_error *err)
{
	struct ggw_error why = { 0, "" };
	char author[64], msg[1400];
	struct skip_ctx sc = { w, lv, nl };
	int rc;

	rc = evstore_check_commit_skip(r, in->tip, EVIDENCE_SYNC_MAX_BYTES, skip_known, &sc, v, n,
				       &why, err);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		commit_unit_of(r, in->tip, author, sizeof(author));
		if (!author[0]) {
			ggw_fail(&why, GGW_EDENIED, _("它的提交没有说明是哪个单位做的（Ggw-Unit）"));
			rc = 1;
		} else if ((rc = check_signature(r, in->tip, author, &why, err)) < 0) {
			evstore_files_free(*v);
			*v = NULL;
			*n = 0;
			return rc;
		}
		if (rc == 0 && strcmp(author, in->unit)) {
			struct hashset cited;

			if ((rc = cited_by_unit(r, in->unit, &cited, err)) < 0) {
				evstore_files_free(*v);
				*v = NULL;
				*n = 0;
				return rc;
			}
			for (size_t i = 0; i < *n && rc == 0; i++)
				if (!hashset_has(w, (*v)[i].name) && !find_name(lv, nl, (*v)[i].name) &&
				    !hashset_has(&cited, (*v)[i].name)) {
					ggw_fail(&why, GGW_EDENIED,
						 _("单位 %s 的电脑往 %s 的佐证材料库里加了文件 %.12s…（只能删去已撤回的文件）"),
						 author[0] ? author : "?", in->unit, (*v)[i].name);
					rc = 1;
				}
			hashset_free(&cited);
		}
		if (rc == 0)
			return 0;
		evstore_files_free(*v);
		*v = NULL;
		*n = 0;
	}
	snprintf(msg, sizeof(msg), _("已拒绝 %s 上 %s 的佐证材料库（%.10s）：%s"), io->remote, in->unit,
		 in->tip, why.msg);
	if (io->notice)
		io->notice(msg, io->data);
	return 1;
}

/* 1 if blob is a file of some store ref of this PC. */
static int blob_in_stores(struct repo *r, const char *blob)
{
	char **names = NULL;
	git_hex *ids = NULL;
	size_t n = 0;
	int found = 0;
	struct ggw_error e = { 0, "" };

	if (gitp_ref_list(r, EVSTORE_PREFIX, &names, &ids, &n, &e) < 0)
		return 1; /* unsure: keep it */
	for (size_t i = 0; i < n && !found; i++) {
		struct evstore_file *v = NULL;
		size_t nv = 0;

		if (evstore_files(r, names[i], &v, &nv, NULL, &e) < 0) {
			found = 1;
			break;
		}
		for (size_t k = 0; k < nv && !found; k++)
			found = !strcmp(v[k].blob, blob);
		evstore_files_free(v);
	}
	gitp_ref_list_free(names, ids, n);
	return found;
}

/* A refused store commit's files (a huge one above all) do not stay on
 * this PC: the blobs no store of ours holds are pruned. */
static void prune_refused(struct repo *r, const char *tip)
{
	struct tree_item *it = NULL;
	struct hashset drop = { 0 };
	size_t n = 0;
	struct ggw_error e = { 0, "" };

	if (gitp_tree_items(r, tip, &it, &n, &e) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (!blob_in_stores(r, it[i].blob))
			blob_add(&drop, it[i].blob);
	tree_items_free(it, n);
	if (drop.nb)
		evstore_prune(repo_gitdir(r), drop.blob, drop.nb, NULL, &e);
	hashset_free(&drop);
}

/* ours + theirs - withdrawn, as one list (sorted by name). */
static int union_files(const struct evstore_file *a, size_t na, const struct evstore_file *b,
		       size_t nb, const struct hashset *w, struct evstore_file **out, size_t *n)
{
	size_t i = 0, j = 0, k = 0;

	*out = calloc(na + nb + 1, sizeof(**out));
	if (!*out)
		return -1;
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a[i].name, b[j].name);
		const struct evstore_file *f = c <= 0 ? &a[i] : &b[j];

		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (!hashset_has(w, f->name))
			(*out)[k++] = *f;
	}
	*n = k;
	return 0;
}

static int same_names(const struct evstore_file *a, size_t na, const struct evstore_file *b,
		      size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i].name, b[i].name))
			return 0;
	return 1;
}

/* Take in one remote store ref: adopt theirs, keep ours, or commit the
 * union (this PC's commit). */
static int merge_incoming(struct repo *r, const struct actor *a, const struct evidence_sync_io *io,
			  struct incoming *in, const struct hashset *w, struct ggw_error *err)
{
	struct evstore_file *lv = NULL, *tv = NULL, *m = NULL;
	size_t nl = 0, nt = 0, nm = 0;
	char local[160], *msg = NULL;
	git_hex ltip;
	int rc;

	evstore_ref(in->unit, local, sizeof(local));
	if ((rc = evstore_files(r, local, &lv, &nl, ltip, err)) < 0)
		return rc;
	if (!strcmp(ltip, in->tip))
		goto done;
	if ((rc = check_incoming(r, io, in, lv, nl, w, &tv, &nt, err)) != 0) {
		if (rc > 0) {
			gitp_delete_ref(r, in->ref, NULL);
			prune_refused(r, in->tip);
			in->tip[0] = '\0';
			rc = 0;
		}
		goto done;
	}
	for (size_t i = 0; i < nt; i++)
		in->dirty |= hashset_has(w, tv[i].name);
	if (union_files(lv, nl, tv, nt, w, &m, &nm) < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	if (same_names(m, nm, tv, nt))
		rc = evstore_ref_move(r, local, in->tip, ltip, err);
	else if (!same_names(m, nm, lv, nl)) {
		if (store_message(in->unit, "合并两台电脑的文件", &msg) < 0)
			rc = ggw_oom(err);
		else
			rc = evstore_commit(r, local, m, nm, ltip, msg, a->name, a->email, NULL, err);
	}
done:
	free(msg);
	free(m);
	evstore_files_free(lv);
	evstore_files_free(tv);
	return rc;
}

/* What the remote holds now: refs/ggw/evin/<remote>/<unit>. */
static int incoming_list(struct repo *r, const char *remote, struct incoming **out, size_t *n,
			 struct ggw_error *err)
{
	char prefix[200], **names = NULL;
	git_hex *ids = NULL;
	size_t nn = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	snprintf(prefix, sizeof(prefix), EVIDENCE_IN_PREFIX "%s/", remote);
	if ((rc = gitp_ref_list(r, prefix, &names, &ids, &nn, err)) < 0)
		return rc;
	if (nn && !(*out = calloc(nn, sizeof(**out))))
		rc = ggw_oom(err);
	for (size_t i = 0; i < nn && rc == 0; i++) {
		const char *u = names[i] + strlen(prefix);

		if (!unit_key_valid(u) || strlen(u) >= sizeof((*out)[k].unit))
			continue;
		snprintf((*out)[k].unit, sizeof((*out)[k].unit), "%s", u);
		snprintf((*out)[k].ref, sizeof((*out)[k].ref), "%s", names[i]);
		memcpy((*out)[k].tip, ids[i], sizeof(git_hex));
		k++;
	}
	*n = k;
	gitp_ref_list_free(names, ids, nn);
	return rc;
}

static const struct incoming *incoming_of(const struct incoming *v, size_t n, const char *unit)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].unit, unit))
			return &v[i];
	return NULL;
}

/* Push every local store ref whose tip the remote lacks; 0 if all went. */
static int push_changed(struct repo *r, const struct evidence_sync_io *io,
			const struct incoming *in, size_t nin, struct ggw_error *err)
{
	char **names = NULL, ref[200];
	git_hex *ids = NULL;
	size_t n = 0;
	int rc, failed = 0;

	if ((rc = gitp_ref_list(r, EVSTORE_PREFIX, &names, &ids, &n, err)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *unit = names[i] + strlen(EVSTORE_PREFIX);
		const struct incoming *c = incoming_of(in, nin, unit);
		struct ggw_error e = { 0, "" };

		if (!unit_key_valid(unit) || (c && !strcmp(c->tip, ids[i])))
			continue;
		if (io->push(io->ctx, names[i], names[i], &e) < 0) {
			char msg[1400];

			snprintf(msg, sizeof(msg), _("佐证材料库 %s 没有推送到 %s：%s"), unit, io->remote, e.msg);
			if (io->notice)
				io->notice(msg, io->data);
			failed = 1;
			continue;
		}
		snprintf(ref, sizeof(ref), EVIDENCE_IN_PREFIX "%s/%s", TRACK(io), unit);
		gitp_set_ref(r, ref, ids[i], NULL);
	}
	gitp_ref_list_free(names, ids, n);
	return failed;
}

/* The hub on a path no longer names the withdrawn files: delete their
 * bytes there too. */
static void prune_hub(const struct evidence_sync_io *io, const struct hashset *w,
		      const struct hashset *gone)
{
	struct hashset all = { 0 };
	struct ggw_error e = { 0, "" };
	size_t pruned = 0, have = 0;

	for (size_t i = 0; i < w->nb; i++)
		blob_add(&all, w->blob[i]);
	for (size_t i = 0; i < gone->nb; i++)
		blob_add(&all, gone->blob[i]);
	for (size_t i = 0; i < all.nb; i++)
		have += evstore_gitdir_has(io->hub_path, all.blob[i]);
	if (have && evstore_prune_hub(io->hub_path, all.blob, all.nb, &pruned, &e) < 0 && io->notice)
		io->notice(e.msg, io->data);
	hashset_free(&all);
}

/* Blobs of the remote's store versions that hold withdrawn files. */
static void dirty_blobs(struct repo *r, const struct incoming *in, size_t n,
			const struct hashset *w, struct hashset *gone)
{
	for (size_t i = 0; i < n; i++) {
		struct evstore_file *v = NULL;
		size_t nv = 0;
		struct ggw_error e = { 0, "" };

		if (!in[i].tip[0] || evstore_files(r, in[i].tip, &v, &nv, NULL, &e) < 0)
			continue;
		keep_not_withdrawn(v, nv, w, gone);
		evstore_files_free(v);
	}
}

int evidence_sync_remote(struct repo *r, const struct actor *a, const struct evidence_sync_io *io,
			 struct ggw_error *err)
{
	struct incoming *in = NULL;
	struct hashset w = { 0 }, gone = { 0 };
	char spec[300];
	size_t nin = 0;
	int rc, push_failed = 0;

	snprintf(spec, sizeof(spec), "+" EVSTORE_PREFIX "*:" EVIDENCE_IN_PREFIX "%s/*", TRACK(io));
	if ((rc = io->fetch(io->ctx, spec, err)) < 0)
		return rc;
	if ((rc = withdrawn_load(r, &w, err)) < 0 ||
	    (rc = incoming_list(r, TRACK(io), &in, &nin, err)) < 0)
		goto done;
	dirty_blobs(r, in, nin, &w, &gone);
	for (size_t i = 0; i < nin && rc == 0; i++)
		rc = merge_incoming(r, a, io, &in[i], &w, err);
	if (rc < 0 || (rc = evidence_apply_withdrawals(r, a, NULL, err)) < 0)
		goto done;
	if (!io->fetch_only)
		push_failed = push_changed(r, io, in, nin, err);
	if (push_failed < 0) {
		rc = push_failed;
		goto done;
	}
	if (!push_failed && io->hub_path)
		prune_hub(io, &w, &gone);
done:
	free(in);
	hashset_free(&w);
	hashset_free(&gone);
	return rc;
}

/* ---- unsent ---- */

int evidence_file_unsent(struct repo *r, const char *unit, const char *name)
{
	char **names = NULL;
	git_hex *ids = NULL;
	size_t n = 0;
	int sent = 0;
	struct ggw_error e = { 0, "" };

	if (gitp_ref_list(r, EVIDENCE_IN_PREFIX, &names, &ids, &n, &e) < 0)
		return 1;
	for (size_t i = 0; i < n && !sent; i++) {
		const char *slash = strrchr(names[i], '/');
		struct evstore_file *v = NULL;
		size_t nv = 0;

		if (!slash || strcmp(slash + 1, unit) || evstore_files(r, names[i], &v, &nv, NULL, &e) < 0)
			continue;
		sent = find_name(v, nv, name);
		evstore_files_free(v);
	}
	gitp_ref_list_free(names, ids, n);
	return !sent;
}

int evidence_unsent(struct repo *r, const char *unit, size_t *files, uint64_t *bytes,
		    struct ggw_error *err)
{
	struct evstore_file *v = NULL;
	size_t n = 0;
	char ref[160];
	int rc;

	*files = 0;
	*bytes = 0;
	evstore_ref(unit, ref, sizeof(ref));
	if ((rc = evstore_files(r, ref, &v, &n, NULL, err)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (evidence_file_unsent(r, unit, v[i].name)) {
			(*files)++;
			*bytes += v[i].size;
		}
	evstore_files_free(v);
	return 0;
}
