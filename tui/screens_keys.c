/* 签名钥匙 (K on the sync screen, where the requests arrive): the registration requests waiting, then the
 * keys of keys/allowed_signers, over records/keys_admin.h like `ggw key
 * list` and `ggw key accept`. Enter on a waiting request registers it
 * (office only) after a question that shows the phone code to compare
 * with the one the clerk reads out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../model/signers.h"
#include "../records/keys_admin.h"
#include "../storage/sshsig.h"

/* One row: a waiting request or a registered key. */
struct keyrow {
	int pending;               /* a request (registrable) */
	char unit[64], fingerprint[64], phone[24], state[48], note[200];
	char keyline[160];
};

struct keyview {
	struct app *a;
	struct keyrow *v;
	size_t n, npending;
	struct listbox lb;
	int loaded;
	size_t office_valid;       /* office keys not revoked */
};

static int push_row(struct keyview *k, const struct keyrow *row, size_t *cap)
{
	if (k->n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct keyrow *nv = realloc(k->v, c * sizeof(*nv));

		if (!nv)
			return -1;
		k->v = nv;
		*cap = c;
	}
	k->v[k->n++] = *row;
	return 0;
}

static void add_requests(struct keyview *k, size_t *cap)
{
	struct key_request *q = NULL;
	size_t nq = 0;
	struct ggw_error err = { 0, "" };

	if (keyreq_list(k->a->repo, &q, &nq, &err) < 0) {
		app_status(k->a, 1, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < nq; i++) {
		struct keyrow row;

		if (q[i].registered)
			continue;
		memset(&row, 0, sizeof(row));
		row.pending = 1;
		snprintf(row.unit, sizeof(row.unit), "%s", q[i].unit);
		snprintf(row.fingerprint, sizeof(row.fingerprint), "%s", q[i].fingerprint);
		snprintf(row.phone, sizeof(row.phone), "%s", q[i].phone);
		snprintf(row.state, sizeof(row.state), "%s", _("等待登记"));
		snprintf(row.note, sizeof(row.note), "%s", q[i].note);
		snprintf(row.keyline, sizeof(row.keyline), "%s", q[i].keyline);
		if (push_row(k, &row, cap) < 0)
			break;
		k->npending++;
	}
	free(q);
}

static void add_keys(struct keyview *k, size_t *cap)
{
	struct signers s;
	struct ggw_error err = { 0, "" };
	int present = 0;

	if (keys_load(k->a->repo, &s, &present, &err) < 0) {
		app_status(k->a, 1, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < s.n; i++) {
		const struct signer *e = &s.v[i];
		struct ssh_pubkey key;
		struct keyrow row;

		if (e->raw || !e->ed25519)
			continue;
		memset(&row, 0, sizeof(row));
		memcpy(key.key, e->key, sizeof(key.key));
		signer_first_principal(e, row.unit, sizeof(row.unit));
		sshkey_fingerprint(&key, row.fingerprint);
		sshkey_phone_code(&key, row.phone);
		if (e->valid_before[0])
			snprintf(row.state, sizeof(row.state), _("已撤销（%.8s）"), e->valid_before);
		else
			snprintf(row.state, sizeof(row.state), "%s", _("有效"));
		k->office_valid += signer_allows(e, "office", "git") && !e->valid_before[0];
		snprintf(row.note, sizeof(row.note), "%s", e->note ? e->note : "");
		if (push_row(k, &row, cap) < 0)
			break;
	}
	signers_free(&s);
}

static void keys_load_rows(struct keyview *k)
{
	size_t cap = 0;

	free(k->v);
	k->v = NULL;
	k->n = k->npending = k->office_valid = 0;
	add_requests(k, &cap);
	add_keys(k, &cap);
	k->lb.n = k->n;
	listbox_clamp(&k->lb);
	k->loaded = 1;
}

/* "等待登记  新义村  SHA256:...  4821-0937-5512-0764  王秀英的电脑" */
static void key_row(struct listbox *lb, size_t i, int y, int x, int w, int selected, void *data)
{
	struct keyview *k = data;
	const struct keyrow *r = &k->v[i];
	attr_t at = selected ? term.attr[R_SEL] : r->pending ? term.attr[R_WARN] : term.attr[R_NORMAL];
	char unit[128], line[800];

	(void)lb;
	unit_short(k->a, r->unit, unit, sizeof(unit));
	snprintf(line, sizeof(line), "%-10s %-12s %s  %s  %s", r->state, unit, r->phone, r->fingerprint,
		 r->note);
	draw_fill(y, x, w, at);
	draw_text(y, x, line, w, at, DRAW_PAD);
}

static void keys_draw(void *st)
{
	struct keyview *k = st;
	char right[64];

	erase();
	snprintf(right, sizeof(right), _("等待登记 %zu 份"), k->npending);
	draw_title(_("签名钥匙"), right);
	draw_text(1, 0, _("状态、单位、电话核对码、指纹、说明；在等待登记的申请上按 Enter 登记（只有街道办公室）"),
		  COLS, term.attr[R_LABEL], DRAW_PAD);
	if (k->office_valid == 1)
		draw_text(2, 0, _("街道办公室只有一把有效的钥匙：请再登记一把备用钥匙保管好，办公室电脑丢了也能恢复（见 ggw-sync(7)）"),
			  COLS, term.attr[R_WARN], DRAW_PAD);
	k->lb.draw_row = key_row;
	k->lb.data = k;
	listbox_draw(&k->lb, 3, 0, LINES - 5, COLS);
	if (k->loaded && !k->n)
		draw_text(4, 2, _("这个台账还没有登记过钥匙，也没有收到登记申请。"), COLS - 4,
			  term.attr[R_DIM], 0);
}

static void keys_status(void *st, int y)
{
	(void)st;
	draw_text(y, 0, _("新电脑的申请随同步带来；登记以后再同步一次，各单位就都认这把钥匙"), COLS,
		  term.attr[R_DIM], DRAW_PAD);
}

static int keys_key(void *st, int key)
{
	struct keyview *k = st;

	return listbox_key(&k->lb, key) ? SCREEN_STAY : SCREEN_PASS;
}

static void register_current(struct keyview *k)
{
	struct ggw_error err = { 0, "" };
	const struct keyrow *r;
	char q[900], unit[128];

	if (k->lb.sel >= k->n)
		return;
	r = &k->v[k->lb.sel];
	if (!r->pending) {
		app_status(k->a, 1, "%s", _("这把钥匙已经登记过了"));
		return;
	}
	if (!k->a->have_actor || strcmp(k->a->actor.unit, "office")) {
		app_status(k->a, 1, "%s", _("只有街道办公室（office）可以登记钥匙"));
		return;
	}
	unit_short(k->a, r->unit, unit, sizeof(unit));
	snprintf(q, sizeof(q), _("登记%s的钥匙？请先在电话里请对方念出核对码，与这里的 %s 逐位对照，一致才登记。"),
		 unit, r->phone);
	if (!ask_yes_no(q))
		return;
	if (keys_add(k->a->repo, &k->a->actor, r->unit, r->keyline, r->note, NULL, &err) < 0) {
		app_status(k->a, 1, "%s", err.msg);
		return;
	}
	app_status(k->a, 0, _("已登记%s的钥匙 %s；同步以后各台电脑都认这把钥匙"), unit, r->fingerprint);
	keys_load_rows(k);
}

static int keys_action(void *st, int act, int key)
{
	struct keyview *k = st;

	(void)key;
	if (act != A_REGISTER)
		return SCREEN_PASS;
	register_current(k);
	return SCREEN_STAY;
}

static int keys_idle(void *st)
{
	struct keyview *k = st;

	if (k->loaded)
		return 0;
	keys_load_rows(k);
	return 1;
}

static const struct screen_ops keys_ops = {
	.id = SCR_KEYS, .ok_role = R_GOOD, .warn_role = R_WARN, .draw = keys_draw,
	.status = keys_status, .idle = keys_idle, .key = keys_key, .action = keys_action,
};

void screen_keys(struct app *a)
{
	struct keyview k;

	memset(&k, 0, sizeof(k));
	k.a = a;
	screen_run(a, &keys_ops, &k);
	free(k.v);
}
