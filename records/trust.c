/* Who may sign what (see trust.h). */
#include "trust.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../model/rectype.h"
#include "../model/trailer.h"
#include "../storage/gitsig.h"
#include "../storage/sshsig.h"

#define CACHE_SLOTS 8

/* One version of keys/allowed_signers, by blob id. */
struct registry {
	git_hex blob;      /* "" for "no file" */
	struct signers s;
	int present;
	int used;
};

struct trust_ctx {
	struct repo *r;
	int started;
	int have_start_parent;
	git_hex start_parent;      /* commits reachable from it are before the start */
	struct signers current;    /* the registry of the tip trust was read from */
	git_hex *pre;              /* ancestors of start_parent, sorted; lazily */
	size_t npre;
	int pre_loaded;
	struct registry cache[CACHE_SLOTS];
	unsigned clock;
	int describe_old;          /* check old commits' signatures too (log) */
};

static const char OFFICE_UNIT[] = "office";

/* The start parent named in a registry's comment lines; 0 if found. */
static int start_parent_of(const struct signers *s, git_hex out)
{
	size_t tag = strlen(TRUST_START_TAG);

	for (size_t i = 0; i < s->n; i++) {
		const char *raw = s->v[i].raw, *p;

		if (!raw || strncmp(raw, TRUST_START_TAG, tag))
			continue;
		p = raw + tag;
		while (*p == ' ')
			p++;
		if (strspn(p, "0123456789abcdef") == 40 && (!p[40] || p[40] == ' ')) {
			memcpy(out, p, 40);
			out[40] = '\0';
			return 0;
		}
	}
	return -1;
}

int trust_signers_at(struct repo *r, const char *id, struct signers *out, int *present,
		     struct ggw_error *err)
{
	git_hex blob;
	char *data = NULL;
	size_t len = 0;
	int error;

	memset(out, 0, sizeof(*out));
	*present = 0;
	if (!id || !id[0])
		return 0;
	error = gitsig_path_blob(r, id, TRUST_FILE, blob, err);
	if (error == GGW_ENOTFOUND)
		return 0;
	if (error < 0 || (error = gitp_read_blob(r, blob, &data, &len, err)) < 0)
		return error;
	error = signers_parse(TRUST_FILE, data, len, out, err);
	free(data);
	*present = error == 0;
	return error;
}

/* The registry at commit id, from the cache when its blob was seen. */
static int registry_at(struct trust_ctx *t, const char *id, struct registry **out,
		       struct ggw_error *err)
{
	struct registry *slot = NULL;
	git_hex blob = "";
	char *data = NULL;
	size_t len = 0;
	int error = gitsig_path_blob(t->r, id, TRUST_FILE, blob, err);

	if (error < 0 && error != GGW_ENOTFOUND)
		return error;
	if (error == GGW_ENOTFOUND)
		blob[0] = '\0';
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct registry *c = &t->cache[i];

		if (c->used && !strcmp(c->blob, blob)) {
			c->used = (int)++t->clock;
			*out = c;
			return 0;
		}
		if (!slot || !c->used || (c->used && slot->used && c->used < slot->used))
			slot = c;
	}
	signers_free(&slot->s);
	memset(slot, 0, sizeof(*slot));
	if (blob[0]) {
		if ((error = gitp_read_blob(t->r, blob, &data, &len, err)) < 0)
			return error;
		error = signers_parse(TRUST_FILE, data, len, &slot->s, err);
		free(data);
		if (error < 0)
			return error;
		slot->present = 1;
	}
	memcpy(slot->blob, blob, sizeof(git_hex));
	slot->used = (int)++t->clock;
	*out = slot;
	return 0;
}

int trust_open(struct repo *r, const char *trusted_tip, const char *incoming_tip,
	       struct trust_ctx **out, struct ggw_error *err)
{
	struct trust_ctx *t = calloc(1, sizeof(*t));
	int present = 0, error;

	*out = NULL;
	if (!t)
		return ggw_oom(err);
	t->r = r;
	error = trust_signers_at(r, trusted_tip, &t->current, &present, err);
	if (error == 0 && !present) {
		signers_free(&t->current);
		error = trust_signers_at(r, incoming_tip, &t->current, &present, err);
	}
	if (error < 0) {
		ggw_prefix(err, _("读不了钥匙登记"));
		trust_free(t);
		return error;
	}
	t->started = present;
	t->have_start_parent = present && start_parent_of(&t->current, t->start_parent) == 0;
	*out = t;
	return 0;
}

void trust_free(struct trust_ctx *t)
{
	if (!t)
		return;
	signers_free(&t->current);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		signers_free(&t->cache[i].s);
	free(t->pre);
	free(t);
}

void trust_describe_old(struct trust_ctx *t)
{
	t->describe_old = 1;
}

int trust_started(const struct trust_ctx *t)
{
	return t && t->started;
}

static int hex_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* 1 if id was made before the trust start. */
static int before_start(struct trust_ctx *t, const char *id, struct ggw_error *err)
{
	if (!t->have_start_parent)
		return 0;
	if (!t->pre_loaded) {
		if (gitsig_ancestors_sorted(t->r, t->start_parent, &t->pre, &t->npre, err) < 0)
			return -1;
		t->pre_loaded = 1;
	}
	return bsearch(id, t->pre, t->npre, sizeof(git_hex), hex_cmp) != NULL;
}

/* Copy at most len-1 bytes of s without cutting a UTF-8 character. */
static void copy_utf8(char *dst, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* After the signature is good: may this key sign for v->unit in reg? */
static void judge_key(struct trust_ctx *t, const struct signers *reg, const struct ssh_pubkey *key,
		      int64_t when, struct trust_verdict *v)
{
	const struct signer *allowed = NULL, *any = NULL;

	for (long i = signers_find_key(reg, key->key, 0); i >= 0;
	     i = signers_find_key(reg, key->key, (size_t)i + 1)) {
		const struct signer *e = &reg->v[i];
		char unit[64];

		signer_first_principal(e, unit, sizeof(unit));
		if (!any)
			any = e;
		if (v->unit[0] ? signer_allows(e, v->unit, "git") : signer_allows(e, unit, "git")) {
			if (!allowed || (allowed->valid_before[0] && !e->valid_before[0]))
				allowed = e;
		}
	}
	if (!any) {
		v->state = TRUST_UNKNOWN_KEY;
		return;
	}
	signer_first_principal(allowed ? allowed : any, v->key_unit, sizeof(v->key_unit));
	copy_utf8(v->note, sizeof(v->note), (allowed ? allowed : any)->note ? (allowed ? allowed : any)->note : "");
	if (!allowed) {
		v->state = TRUST_WRONG_UNIT;
		return;
	}
	if (!v->unit[0])
		snprintf(v->unit, sizeof(v->unit), "%s", v->key_unit);
	if (allowed->valid_before[0]) {
		v->state = TRUST_REVOKED;
		return;
	}
	if (!signer_valid_at(allowed, when)) {
		v->state = TRUST_NOT_YET;
		return;
	}
	v->state = TRUST_GOOD;
	/* Revoked since, in the trusted tip's registry? */
	for (long i = signers_find_key(&t->current, key->key, 0); i >= 0;
	     i = signers_find_key(&t->current, key->key, (size_t)i + 1)) {
		const struct signer *e = &t->current.v[i];

		if (!e->valid_before[0])
			continue;
		if (when > e->before)
			v->state = TRUST_REVOKED;
		else
			v->revoked_later = 1;
	}
}

/* Signature of c checked against reg. */
static int check_signature(struct trust_ctx *t, const struct commit_info *c,
			   const struct signers *reg, struct trust_verdict *v, struct ggw_error *err)
{
	struct commit_sig cs;
	struct ssh_pubkey key;
	struct ggw_error serr = { 0, "" };
	int error;

	if ((error = gitsig_read(t->r, c->id, &cs, err)) < 0)
		return error;
	if (!cs.sig) {
		v->state = TRUST_UNSIGNED;
	} else if (sshsig_verify(cs.sig, cs.siglen, "git", cs.data, cs.datalen, &key, &serr) < 0) {
		v->state = TRUST_BAD;
		copy_utf8(v->why, sizeof(v->why), serr.msg);
	} else {
		sshkey_fingerprint(&key, v->fingerprint);
		judge_key(t, reg, &key, cs.committer_time, v);
	}
	commit_sig_free(&cs);
	return 0;
}

/* c adds keys/allowed_signers on a first parent without it: the office's
 * first signed commit, if it is the one the trusted registry names. */
static int check_bootstrap(struct trust_ctx *t, const struct commit_info *c,
			   struct trust_verdict *v, struct ggw_error *err)
{
	struct registry *own;
	git_hex sp;
	int error, named;

	if ((error = registry_at(t, c->id, &own, err)) < 0)
		return error;
	if (!own->present) {
		v->state = TRUST_OUTSIDE;
		return 0;
	}
	named = start_parent_of(&own->s, sp) == 0;
	if (c->nparents == 0 ? (named || t->have_start_parent)
			     : (!named || !t->have_start_parent || strcmp(sp, c->parents[0]) ||
				strcmp(sp, t->start_parent))) {
		v->state = TRUST_OUTSIDE;
		return 0;
	}
	if (strcmp(v->unit, OFFICE_UNIT) && v->unit[0]) {
		v->state = TRUST_WRONG_UNIT;
		snprintf(v->key_unit, sizeof(v->key_unit), "%s", "");
	}
	snprintf(v->unit, sizeof(v->unit), "%s", OFFICE_UNIT);
	if (v->state == TRUST_WRONG_UNIT)
		return 0;
	return check_signature(t, c, &own->s, v, err);
}

int trust_commit(struct trust_ctx *t, const struct commit_info *c, const char *unit,
		 struct trust_verdict *v, struct ggw_error *err)
{
	struct registry *reg;
	int error;

	memset(v, 0, sizeof(*v));
	snprintf(v->unit, sizeof(v->unit), "%s", unit ? unit : "");
	if (!t->started) {
		v->state = TRUST_NO_START;
		return 0;
	}
	if ((error = before_start(t, c->id, err)) < 0)
		return error;
	if (error == 1) {
		/* Made before the start: fine either way; say whose key if it is
		 * one of today's (ledgers signed before their first key). */
		if (t->describe_old && check_signature(t, c, &t->current, v, err) == 0 &&
		    v->state == TRUST_GOOD)
			v->signed_before = 1;
		v->state = TRUST_BEFORE_START;
		return 0;
	}
	if (c->nparents == 0)
		return check_bootstrap(t, c, v, err);
	if ((error = registry_at(t, c->parents[0], &reg, err)) < 0)
		return error;
	if (!reg->present)
		return check_bootstrap(t, c, v, err);
	return check_signature(t, c, &reg->s, v, err);
}

int trust_refused(enum trust_state s)
{
	return s != TRUST_NO_START && s != TRUST_BEFORE_START && s != TRUST_GOOD;
}

void trust_claimed_unit(const struct commit_info *c, const struct units *u, char *const *paths,
			size_t np, char *unit, size_t len)
{
	const char *at = strchr(c->author_email, '@');

	unit[0] = '\0';
	if (commit_trailer(c->message, "Ggw-Unit", unit, len))
		return;
	if (at && u) {
		char local[64];

		snprintf(local, sizeof(local), "%.*s", (int)(at - c->author_email), c->author_email);
		if (unit_key_valid(local) && units_find(u, local)) {
			snprintf(unit, len, "%s", local);
			return;
		}
	}
	if (np > 0 && !record_unit_of_path(paths[0], unit, len))
		unit[0] = '\0';
}

/* Why a refused verdict was refused, one phrase. */
static void refusal_reason(const struct trust_verdict *v, char *buf, size_t len)
{
	switch (v->state) {
	case TRUST_UNSIGNED:
		snprintf(buf, len, "%s", _("没有签名（这个台账从签名开始以后，每个提交都要签名）"));
		break;
	case TRUST_BAD:
		snprintf(buf, len, _("签名无效（%s）"), v->why);
		break;
	case TRUST_UNKNOWN_KEY:
		snprintf(buf, len, "%s", _("签名的钥匙没有在它的上一个提交的 keys/allowed_signers 里登记"));
		break;
	case TRUST_WRONG_UNIT:
		if (v->key_unit[0])
			snprintf(buf, len, _("签名的钥匙登记给了 %s，不是这个单位的"), v->key_unit);
		else
			snprintf(buf, len, "%s", _("第一次登记钥匙的提交只能由街道办公室（office）来做"));
		break;
	case TRUST_REVOKED:
		snprintf(buf, len, "%s", _("签名的钥匙已经撤销，撤销以后的提交不算数"));
		break;
	case TRUST_NOT_YET:
		snprintf(buf, len, "%s", _("签名的钥匙还没到生效时间"));
		break;
	case TRUST_OUTSIDE:
		snprintf(buf, len, "%s", _("是在签名开始以后、在还没有钥匙登记的旧历史上做的提交，没有可以核对的钥匙"));
		break;
	default:
		snprintf(buf, len, "%s", "");
	}
}

/* A commit that changes keys/allowed_signers must leave one that reads,
 * and may not remove it once signing has started. */
static int registry_change_ok(struct trust_ctx *t, const struct commit_info *c,
			      char *const *paths, size_t np, struct ggw_error *err)
{
	struct registry *reg;
	struct ggw_error perr = { 0, "" };
	size_t k;

	for (k = 0; k < np && strcmp(paths[k], TRUST_FILE); k++)
		;
	if (k == np)
		return 0;
	if (registry_at(t, c->id, &reg, &perr) < 0)
		return ggw_fail(err, GGW_EDENIED,
				_("提交 %.10s 里的 %s 无效：%s。已拒绝这个同步对象的全部新历史，本机台账未改动"),
				c->id, TRUST_FILE, perr.msg);
	if (!reg->present && t->started)
		return ggw_fail(err, GGW_EDENIED,
				_("提交 %.10s 删去了 %s：签名开始以后不能删去钥匙登记。已拒绝这个同步对象的全部新历史，本机台账未改动"),
				c->id, TRUST_FILE);
	return 0;
}

int trust_verify_incoming(struct trust_ctx *t, const struct commit_info *c,
			  const struct units *u, char *const *paths, size_t np,
			  struct ggw_error *err)
{
	struct trust_verdict v;
	char unit[64], why[400];
	int error;

	trust_claimed_unit(c, u, paths, np, unit, sizeof(unit));
	if ((error = trust_commit(t, c, unit, &v, err)) < 0)
		return error;
	if (!trust_refused(v.state))
		return registry_change_ok(t, c, paths, np, err);
	refusal_reason(&v, why, sizeof(why));
	return ggw_fail(err, GGW_EDENIED,
			_("提交 %.10s（单位 %s，钥匙 %s）修改了 %s：%s。已拒绝这个同步对象的全部新历史，本机台账未改动"),
			c->id, v.unit[0] ? v.unit : _("未知"),
			v.fingerprint[0] ? v.fingerprint : _("无"),
			np ? paths[0] : _("（没有改动文件）"), why);
}

void trust_describe(const struct trust_verdict *v, char *buf, size_t len)
{
	char why[400];

	switch (v->state) {
	case TRUST_NO_START:
		snprintf(buf, len, "%s", _("未签名"));
		break;
	case TRUST_BEFORE_START:
		if (v->signed_before)
			snprintf(buf, len, _("签名开始之前（%s 的钥匙签过名）"), v->key_unit);
		else
			snprintf(buf, len, "%s", _("未签名（签名开始之前）"));
		break;
	case TRUST_GOOD:
		snprintf(buf, len, _("已签名：%s 的钥匙%s%s%s%s"), v->key_unit, v->note[0] ? "（" : "",
			 v->note, v->note[0] ? "）" : "", v->revoked_later ? _("，此后已撤销") : "");
		break;
	default:
		refusal_reason(v, why, sizeof(why));
		snprintf(buf, len, _("签名不被接受：%s"), why);
	}
}

int trust_check_history(struct repo *r, trust_bad_fn bad, void *data, size_t *checked,
			size_t *nbad, struct ggw_error *err)
{
	struct trust_ctx *t = NULL;
	git_hex head, *ids = NULL;
	size_t n = 0;
	int error;

	*checked = *nbad = 0;
	if (gitp_ref_tip(r, "HEAD", head, NULL) < 0)
		return 0; /* an empty ledger */
	if ((error = trust_open(r, head, NULL, &t, err)) < 0) {
		bad(data, err->msg);
		(*nbad)++;
		ggw_clear(err);
		return 0;
	}
	if (!t->started || (error = gitp_walk(r, head, NULL, &ids, &n, err)) < 0) {
		trust_free(t);
		return error;
	}
	for (size_t i = 0; i < n && error == 0; i++) {
		struct commit_info c;
		struct trust_verdict v;
		char unit[64], why[400], line[800];

		if ((error = gitp_commit_info(r, ids[i], &c, err)) < 0)
			break;
		trust_claimed_unit(&c, NULL, NULL, 0, unit, sizeof(unit));
		if ((error = trust_commit(t, &c, unit, &v, err)) == 0 && trust_refused(v.state)) {
			refusal_reason(&v, why, sizeof(why));
			snprintf(line, sizeof(line), _("提交 %.10s（单位 %s，钥匙 %s）：%s"), c.id,
				 v.unit[0] ? v.unit : _("未知"), v.fingerprint[0] ? v.fingerprint : _("无"),
				 why);
			bad(data, line);
			(*nbad)++;
		}
		(*checked)++;
		commit_info_free(&c);
	}
	free(ids);
	trust_free(t);
	return error;
}

int trust_outgoing_refused(struct repo *r, const char *ours, const char *remote_ref, char *msg,
			   size_t len)
{
	struct trust_ctx *t = NULL;
	git_hex head, theirs, *ids = NULL;
	size_t n = 0;
	int held = 0, have_theirs;

	msg[0] = '\0';
	if (!ours) {
		if (gitp_ref_tip(r, "HEAD", head, NULL) < 0)
			return 0;
		ours = head;
	}
	have_theirs = remote_ref && gitp_ref_tip(r, remote_ref, theirs, NULL) == 0;
	if ((have_theirs && gitp_is_ancestor(r, ours, theirs)) ||
	    trust_open(r, ours, ours, &t, NULL) < 0)
		return 0;
	if (!t->started || gitp_walk(r, ours, have_theirs ? theirs : NULL, &ids, &n, NULL) < 0) {
		trust_free(t);
		return 0;
	}
	for (size_t i = 0; i < n && !held; i++) {
		struct commit_info c;
		struct trust_verdict v;
		char unit[64], why[400];

		if (gitp_commit_info(r, ids[i], &c, NULL) < 0)
			continue;
		trust_claimed_unit(&c, NULL, NULL, 0, unit, sizeof(unit));
		if (trust_commit(t, &c, unit, &v, NULL) == 0 && trust_refused(v.state)) {
			refusal_reason(&v, why, sizeof(why));
			snprintf(msg, len,
				 _("本机的新提交没有发送出去，留在本机：提交 %.10s（单位 %s，钥匙 %s）%s。"
				   "这台电脑的钥匙要先由街道办公室登记（ggw key request 申请）；登记以后同步一次，再用 ggw key resign 重签这些提交"),
				 c.id, v.unit[0] ? v.unit : _("未知"),
				 v.fingerprint[0] ? v.fingerprint : _("无"), why);
			held = 1;
		}
		commit_info_free(&c);
	}
	free(ids);
	trust_free(t);
	return held;
}
