/* The office's keys and the registration requests (see keys_admin.h). */
#include "keys_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../storage/gitp.h"
#include "../storage/gitsig.h"
#include "../storage/hub_local.h"
#include "../storage/sshsig.h"
#include "../storage/treecheck.h"
#include "ledger.h"
#include "pckey.h"
#include "trust.h"

static const char OFFICE_UNIT[] = "office";
static const char REQ_MAGIC[] = "ggw-key-request/1\n";

int keys_load(struct repo *r, struct signers *out, int *present, struct ggw_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int error = repo_read_head(r, TRUST_FILE, &data, &len, err);

	memset(out, 0, sizeof(*out));
	*present = 0;
	if (error == GGW_ENOTFOUND) {
		ggw_clear(err);
		return 0;
	}
	if (error < 0)
		return error;
	error = signers_parse(TRUST_FILE, data, len, out, err);
	free(data);
	*present = error == 0;
	return error;
}

static void entry_fingerprint(const struct signer *e, char fp[64])
{
	struct ssh_pubkey k;

	memcpy(k.key, e->key, sizeof(k.key));
	sshkey_fingerprint(&k, fp);
}

long keys_find_fingerprint(const struct signers *s, const char *fp)
{
	const char *want = !strncmp(fp, "SHA256:", 7) ? fp + 7 : fp;
	size_t wn = strlen(want);
	long found = -1;
	unsigned char seen[SIGNERS_KEY_LEN];

	if (wn < 8)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		char have[64];

		if (s->v[i].raw || !s->v[i].ed25519)
			continue;
		entry_fingerprint(&s->v[i], have);
		if (strncmp(have + 7, want, wn))
			continue;
		if (found >= 0 && memcmp(seen, s->v[i].key, sizeof(seen)))
			return -2;
		if (found < 0) {
			found = (long)i;
			memcpy(seen, s->v[i].key, sizeof(seen));
		}
	}
	return found;
}

static int office_only(const struct actor *a, struct ggw_error *err)
{
	if (strcmp(a->unit, OFFICE_UNIT))
		return ggw_fail(err, GGW_EDENIED,
				_("只有街道办公室（office）可以登记或撤销钥匙；本机单位是 %s"), a->unit);
	return 0;
}

/* Write the registry and commit it as the office. */
static int commit_registry(struct repo *r, const struct actor *a, const struct signers *s,
			   const char *subject, struct ggw_error *err)
{
	const char *paths[1] = { TRUST_FILE };
	const char *data[1];
	size_t lens[1];
	char *text = NULL, *msg = NULL;
	size_t len = 0;
	int rc;

	if ((rc = signers_format(s, &text, &len, err)) < 0)
		return rc;
	if (asprintf(&msg, "%s\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: key\n", subject, a->unit,
		     TRUST_FILE) < 0) {
		free(text);
		return ggw_oom(err);
	}
	data[0] = text;
	lens[0] = len;
	rc = ops_commit_files(r, a, paths, data, lens, 1, msg, NULL, err);
	free(text);
	free(msg);
	return rc;
}

/* The first registry of a ledger: a header and the trust start line
 * (HEAD, whose history was made before signing). */
static int registry_start(struct repo *r, struct signers *s, struct ggw_error *err)
{
	char *line = NULL;
	git_hex head;
	struct signers hdr;
	int rc;

	if (gitp_ref_tip(r, "HEAD", head, NULL) < 0)
		head[0] = '\0';
	if (asprintf(&line, "# ggw: keys allowed to sign this ledger (git allowed-signers format; office only)\n"
		     "%s%s%s", head[0] ? TRUST_START_TAG " " : "", head, head[0] ? "\n" : "") < 0)
		return ggw_oom(err);
	rc = signers_parse(TRUST_FILE, line, strlen(line), &hdr, err);
	free(line);
	if (rc < 0)
		return rc;
	*s = hdr;
	return 0;
}

/* "xinyi ssh-ed25519 AAAA..." (as ggw key show --line prints it) or
 * "ssh-ed25519 AAAA...": the key line without its principal, which must
 * then be unit. */
static int strip_principal(const char *unit, const char **line, struct ggw_error *err)
{
	const char *p = *line, *sp;

	while (*p == ' ')
		p++;
	*line = p;
	if (!strncmp(p, "ssh-", 4) || !(sp = strchr(p, ' ')))
		return 0;
	if ((size_t)(sp - p) != strlen(unit) || strncmp(p, unit, strlen(unit)))
		return ggw_fail(err, GGW_EINVALID, _("公钥行写的单位是“%.*s”，不是 %s"),
				(int)(sp - p) > 64 ? 64 : (int)(sp - p), p, unit);
	*line = sp + 1;
	return 0;
}

/* This PC's own key (signing on), into key; 0 if there is one. */
static int own_key(struct repo *r, struct ssh_pubkey *key)
{
	struct ssh_seckey *k = NULL;

	if (!pckey_enabled() || pckey_load(r, &k, NULL) < 0)
		return -1;
	*key = *sshkey_public(k);
	sshkey_free(k);
	return 0;
}

/* The first registry: this PC's own key as the office's (it signs the
 * commit that adds the file, checked against that file). */
static int first_registry(struct repo *r, const char *unit, const struct ssh_pubkey *key,
			  struct signers *s, struct ggw_error *err)
{
	struct ssh_pubkey mine;
	int have_mine = own_key(r, &mine) == 0, rc;

	if (!have_mine && strcmp(unit, OFFICE_UNIT))
		return ggw_fail(err, GGW_EINVALID,
				_("这个台账还没有登记过钥匙：第一把要登记街道办公室自己这台电脑的钥匙（ggw key add office \"$(ggw key show --line)\"），签名从这一次提交开始"));
	if ((rc = registry_start(r, s, err)) < 0)
		return rc;
	if (have_mine && memcmp(mine.key, key->key, SIGNERS_KEY_LEN))
		rc = signers_add(s, OFFICE_UNIT, mine.key, _("街道办公室（登记第一把钥匙的电脑）"), err);
	return rc;
}

/* Will the others accept the office's commit? This PC's key must be an
 * office key of the registry (never for the first one). */
static int may_sign_keys(struct repo *r, const struct signers *s, struct ggw_error *err)
{
	struct ssh_pubkey mine;
	char fp[64];

	if (own_key(r, &mine) < 0)
		return 0;
	for (long i = signers_find_key(s, mine.key, 0); i >= 0;
	     i = signers_find_key(s, mine.key, (size_t)i + 1))
		if (signer_allows(&s->v[i], OFFICE_UNIT, "git") && !s->v[i].valid_before[0])
			return 0;
	sshkey_fingerprint(&mine, fp);
	return ggw_fail(err, GGW_EDENIED,
			_("本机的钥匙 %s 不是登记过的街道办公室钥匙，用它签的登记别的电脑不会接受：请在登记过的办公室电脑上操作，或先用那里的钥匙登记本机的钥匙"),
			fp);
}

int keys_add(struct repo *r, const struct actor *a, const char *unit, const char *keyline,
	     const char *note, char *fp, struct ggw_error *err)
{
	struct signers s = { 0 };
	struct ssh_pubkey key;
	struct units u;
	char *comment = NULL, subject[256], fpbuf[64];
	int rc, present = 0, have_units = 0;

	if ((rc = office_only(a, err)) < 0 || (rc = strip_principal(unit, &keyline, err)) < 0)
		return rc;
	if ((rc = sshkey_parse_line(keyline, &key, &comment, err)) < 0)
		return rc;
	sshkey_fingerprint(&key, fpbuf);
	if ((rc = units_load(r, &u, err)) < 0)
		goto out;
	have_units = 1;
	if (!unit_key_valid(unit) || !units_find(&u, unit)) {
		rc = ggw_fail(err, GGW_ENOTFOUND, _("units.yaml 里没有单位 %s"), unit);
		goto out;
	}
	if ((rc = ops_lock(r, err)) < 0)
		goto out;
	if ((rc = keys_load(r, &s, &present, err)) == 0)
		rc = present ? may_sign_keys(r, &s, err) : first_registry(r, unit, &key, &s, err);
	if (rc == 0)
		rc = signers_add(&s, unit, key.key, note ? note : comment, err);
	if (rc == 0) {
		snprintf(subject, sizeof(subject), "登记钥匙：%s %s", unit, fpbuf);
		rc = commit_registry(r, a, &s, subject, err);
	}
	ops_unlock(r);
	if (rc == 0 && fp)
		memcpy(fp, fpbuf, 64);
out:
	if (have_units)
		units_free(&u);
	signers_free(&s);
	free(comment);
	return rc;
}

/* Office keys in s other than those holding key, not revoked. */
static size_t other_office_keys(const struct signers *s, const unsigned char *key)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (signer_allows(&s->v[i], OFFICE_UNIT, "git") && !s->v[i].valid_before[0] &&
		    memcmp(s->v[i].key, key, SIGNERS_KEY_LEN))
			n++;
	return n;
}

int keys_revoke(struct repo *r, const struct actor *a, const char *fp, int64_t now,
		char *unit_out, struct ggw_error *err)
{
	struct signers s = { 0 };
	char unit[64] = "", subject[256], fpbuf[64];
	long i;
	int rc, present = 0, any = 0, office = 0;

	if ((rc = office_only(a, err)) < 0)
		return rc;
	if ((rc = ops_lock(r, err)) < 0)
		return rc;
	if ((rc = keys_load(r, &s, &present, err)) < 0 || (rc = may_sign_keys(r, &s, err)) < 0)
		goto out;
	i = keys_find_fingerprint(&s, fp);
	if (i == -2) {
		rc = ggw_fail(err, GGW_EINVALID, _("指纹 %s 对应好几把钥匙，请写完整的指纹"), fp);
		goto out;
	}
	if (i < 0) {
		rc = ggw_fail(err, GGW_ENOTFOUND, _("keys/allowed_signers 里没有指纹为 %s 的钥匙（ggw key list 列出全部）"), fp);
		goto out;
	}
	entry_fingerprint(&s.v[i], fpbuf);
	signer_first_principal(&s.v[i], unit, sizeof(unit));
	for (long k = i; k >= 0; k = signers_find_key(&s, s.v[i].key, (size_t)k + 1)) {
		if (signer_allows(&s.v[k], OFFICE_UNIT, "git"))
			office = 1;
		if (!s.v[k].valid_before[0] && signers_revoke(&s, (size_t)k, now, NULL) == 0)
			any = 1;
	}
	if (!any) {
		rc = ggw_fail(err, GGW_EINVALID, _("钥匙 %s 已经撤销过了"), fpbuf);
		goto out;
	}
	if (office && other_office_keys(&s, s.v[i].key) == 0) {
		rc = ggw_fail(err, GGW_EINVALID,
			      _("%s 是街道办公室最后一把有效的钥匙，撤销以后就没有人能再登记钥匙了：请先登记一把备用的办公室钥匙（ggw key add office ...），再撤销这一把"),
			      fpbuf);
		goto out;
	}
	snprintf(subject, sizeof(subject), "撤销钥匙：%s %s", unit, fpbuf);
	rc = commit_registry(r, a, &s, subject, err);
	if (rc == 0 && unit_out)
		snprintf(unit_out, 64, "%s", unit);
out:
	ops_unlock(r);
	signers_free(&s);
	return rc;
}

/* ---- registration requests ---- */

static void hex16(const unsigned char *key, char out[17])
{
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", key[i]);
}

int keyreq_make(struct repo *r, const char *unit, const char *keyline, const char *note,
		struct key_request *out, struct ggw_error *err)
{
	struct ssh_pubkey key;
	char *line = NULL, *text = NULL, h[17];
	git_hex id;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!unit_key_valid(unit))
		return ggw_fail(err, GGW_EINVALID, _("单位代码“%s”无效"), unit);
	if ((rc = sshkey_parse_line(keyline, &key, NULL, err)) < 0)
		return rc;
	if ((rc = sshkey_format_line(&key, NULL, &line, err)) < 0)
		return rc;
	hex16(key.key, h);
	snprintf(out->ref, sizeof(out->ref), "%s%s-%s", KEYREQ_PREFIX, unit, h);
	snprintf(out->unit, sizeof(out->unit), "%s", unit);
	snprintf(out->keyline, sizeof(out->keyline), "%s", line);
	snprintf(out->note, sizeof(out->note), "%s", note ? note : "");
	for (char *p = out->note; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	sshkey_fingerprint(&key, out->fingerprint);
	sshkey_phone_code(&key, out->phone);
	if (asprintf(&text, "%sunit: %s\nkey: %s\nnote: %s\n", REQ_MAGIC, unit, line, out->note) < 0) {
		free(line);
		return ggw_oom(err);
	}
	free(line);
	rc = gitsig_detached_file(r, out->ref, "request", text, strlen(text), "ggw key request\n", id, err);
	free(text);
	if (rc == 0)
		rc = repo_config_set(r, "ggw.keyrequest", out->ref, err);
	return rc;
}

void keyreq_own_ref(struct repo *r, char *buf, size_t len)
{
	char *v = NULL;

	buf[0] = '\0';
	if (repo_config_get(r, "ggw.keyrequest", &v, NULL) == 0 && v &&
	    !strncmp(v, KEYREQ_PREFIX, strlen(KEYREQ_PREFIX)))
		snprintf(buf, len, "%s", v);
	free(v);
}

/* "field: value\n" of a request's text into out; -1 if absent or bad. */
static int req_field(const char *text, const char *field, char *out, size_t len)
{
	size_t fn = strlen(field);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		size_t n = strcspn(p, "\n");

		if (n > fn + 1 && !strncmp(p, field, fn) && p[fn] == ':' && p[fn + 1] == ' ') {
			if (n - fn - 2 >= len)
				return -1;
			snprintf(out, len, "%.*s", (int)(n - fn - 2), p + fn + 2);
			return 0;
		}
	}
	return -1;
}

/* One request ref read and checked; 0 if it is one. */
static int read_request(struct repo *r, const char *ref, const char *tip, struct key_request *q)
{
	struct ssh_pubkey key;
	git_hex blob;
	uint64_t size = 0;
	char *text = NULL, h[17], want[128];
	size_t len = 0;
	int ok = -1;

	memset(q, 0, sizeof(*q));
	if (gitsig_path_blob(r, tip, "request", blob, NULL) < 0 ||
	    gitp_blob_size(r, blob, &size, NULL) < 0 || size > KEYREQ_MAX_BYTES ||
	    gitp_read_blob(r, blob, &text, &len, NULL) < 0)
		return -1;
	if (strlen(text) != len || strncmp(text, REQ_MAGIC, strlen(REQ_MAGIC)))
		goto done;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)text[i] < 0x20 && text[i] != '\n') || text[i] == 0x7f)
			goto done;
	if (req_field(text, "unit", q->unit, sizeof(q->unit)) < 0 || !unit_key_valid(q->unit) ||
	    req_field(text, "key", q->keyline, sizeof(q->keyline)) < 0 ||
	    sshkey_parse_line(q->keyline, &key, NULL, NULL) < 0)
		goto done;
	if (req_field(text, "note", q->note, sizeof(q->note)) < 0)
		q->note[0] = '\0';
	hex16(key.key, h);
	snprintf(want, sizeof(want), "%s%s-%s", KEYREQ_PREFIX, q->unit, h);
	if (strcmp(want, ref))
		goto done; /* the name must say what the content says */
	snprintf(q->ref, sizeof(q->ref), "%s", ref);
	sshkey_fingerprint(&key, q->fingerprint);
	sshkey_phone_code(&key, q->phone);
	ok = 0;
done:
	free(text);
	return ok;
}

int keyreq_list(struct repo *r, struct key_request **out, size_t *n, struct ggw_error *err)
{
	char **names = NULL;
	git_hex *ids = NULL;
	size_t nr = 0;
	struct signers s;
	int rc, present = 0;

	*out = NULL;
	*n = 0;
	if ((rc = gitp_ref_list(r, KEYREQ_PREFIX, &names, &ids, &nr, err)) < 0)
		return rc;
	if ((rc = keys_load(r, &s, &present, err)) < 0) {
		gitp_ref_list_free(names, ids, nr);
		return rc;
	}
	if (nr && !(*out = calloc(nr < KEYREQ_MAX ? nr : KEYREQ_MAX, sizeof(**out))))
		rc = ggw_oom(err);
	for (size_t i = 0; rc == 0 && i < nr && *n < KEYREQ_MAX; i++) {
		struct key_request *q = &(*out)[*n];
		struct ssh_pubkey key;

		if (read_request(r, names[i], ids[i], q) < 0)
			continue;
		if (sshkey_parse_line(q->keyline, &key, NULL, NULL) == 0)
			q->registered = signers_find_key(&s, key.key, 0) >= 0;
		(*n)++;
	}
	signers_free(&s);
	gitp_ref_list_free(names, ids, nr);
	return rc;
}
