/* ggw key add | revoke | list | request | accept (see cmd_key_admin.h). */
#include "cmd_key_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../model/opts.h"
#include "../../model/signers.h"
#include "../../records/keys_admin.h"
#include "../../records/ops.h"
#include "../../records/pckey.h"
#include "../../records/resign.h"
#include "../../storage/gitp.h"
#include "../../records/trust.h"
#include "../../storage/sshsig.h"

static const char *const SUBS[] = { "add", "revoke", "list", "request", "accept", "resign" };

int cmd_key_admin_handles(const char *sub)
{
	for (size_t i = 0; sub && i < sizeof(SUBS) / sizeof(SUBS[0]); i++)
		if (!strcmp(sub, SUBS[i]))
			return 1;
	return 0;
}

static int open_with_actor(struct cli *cli, struct repo **r, struct actor *a,
			   struct ggw_error *err)
{
	int rc;

	ops_set_notice(cli_notice, NULL);
	if ((rc = cli_open_repo(cli, r, err)) < 0)
		return rc;
	if ((rc = actor_load(*r, a, err)) < 0) {
		repo_close(*r);
		*r = NULL;
	}
	return rc;
}

/* With one valid office key only, losing that PC would leave nobody able
 * to change the keys: say how to keep a spare (ggw-sync(7)). */
static void spare_key_hint(struct repo *r)
{
	struct signers s;
	size_t office = 0;
	int present = 0;

	if (keys_load(r, &s, &present, NULL) < 0)
		return;
	for (size_t i = 0; i < s.n; i++)
		office += signer_allows(&s.v[i], "office", "git") && !s.v[i].valid_before[0];
	signers_free(&s);
	if (office == 1)
		printf("%s\n", _("提示：街道办公室只有一把有效的钥匙。请再登记一把备用钥匙，写在纸上或放在另一台电脑上保管（ssh-keygen -t ed25519 -f spare，ggw key add office \"$(cat spare.pub)\" --note 备用钥匙），办公室电脑丢了也能恢复（见 ggw-sync(7)）"));
}

/* ggw key add UNIT KEYLINE [--note TEXT] */
static int key_add(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	static const char *note = NULL;
	const char *unit = NULL, *line = NULL, **pos[2] = { &unit, &line };
	const struct opt_def defs[] = { OPT_INTO("--note", &note), OPT_END };
	struct repo *r = NULL;
	struct actor a;
	char fp[64];
	int rc;

	note = NULL;
	if ((rc = opt_parse(argc, argv, 2, defs, pos, 2, err)) < 0)
		return rc;
	if (!unit || !line)
		return cli_usage_error(err, "key", _("key add 要单位代码和公钥行：ggw key add UNIT \"ssh-ed25519 AAAA...\" [--note 说明]"));
	if ((rc = open_with_actor(cli, &r, &a, err)) < 0)
		return rc;
	rc = keys_add(r, &a, unit, line, note, fp, err);
	if (rc == 0) {
		printf(_("已登记 %s 的钥匙 %s；同步以后各台电脑都会认这把钥匙签的提交\n"), unit, fp);
		spare_key_hint(r);
	}
	actor_free(&a);
	repo_close(r);
	return rc;
}

/* ggw key revoke FINGERPRINT */
static int key_revoke(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *fp = NULL, **pos[1] = { &fp };
	struct repo *r = NULL;
	struct actor a;
	char unit[64];
	int rc;

	if ((rc = opt_positionals(argc, argv, 2, pos, 1, err)) < 0)
		return rc;
	if (!fp)
		return cli_usage_error(err, "key", _("key revoke 要钥匙的指纹（ggw key list 列出全部）"));
	if ((rc = open_with_actor(cli, &r, &a, err)) < 0)
		return rc;
	rc = keys_revoke(r, &a, fp, (int64_t)time(NULL), unit, err);
	if (rc == 0)
		printf(_("已撤销 %s 的钥匙 %s：这把钥匙此后签的提交都不被接受，以前的提交仍然有效\n"), unit, fp);
	actor_free(&a);
	repo_close(r);
	return rc;
}

static void print_key(const struct signer *e)
{
	struct ssh_pubkey k;
	char fp[64], phone[24], unit[64];

	memcpy(k.key, e->key, sizeof(k.key));
	sshkey_fingerprint(&k, fp);
	sshkey_phone_code(&k, phone);
	signer_first_principal(e, unit, sizeof(unit));
	if (e->valid_before[0])
		printf(_("%-12s %s  %s  已撤销（%s 起）  %s\n"), unit, fp, phone, e->valid_before,
		       e->note ? e->note : "");
	else
		printf(_("%-12s %s  %s  有效  %s\n"), unit, fp, phone, e->note ? e->note : "");
}

/* ggw key list */
static int key_list(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	struct repo *r = NULL;
	struct signers s;
	struct key_request *q = NULL;
	size_t nq = 0, pending = 0;
	int rc, present = 0;

	if ((rc = opt_positionals(argc, argv, 2, NULL, 0, err)) < 0)
		return rc;
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if ((rc = keys_load(r, &s, &present, err)) < 0)
		goto out;
	if (!present)
		printf("%s\n", _("这个台账还没有登记过钥匙（提交都没有签名）：街道办公室用 ggw key add office \"$(ggw key show --line)\" 开始签名"));
	for (size_t i = 0; i < s.n; i++)
		if (!s.v[i].raw && s.v[i].ed25519)
			print_key(&s.v[i]);
	signers_free(&s);
	if ((rc = keyreq_list(r, &q, &nq, err)) < 0)
		goto out;
	for (size_t i = 0; i < nq; i++) {
		if (q[i].registered)
			continue;
		if (!pending++)
			printf("%s\n", _("等待登记的申请（核对电话里念的号码后用 ggw key accept 指纹 登记）："));
		printf(_("  %-12s %s  %s  %s\n"), q[i].unit, q[i].fingerprint, q[i].phone, q[i].note);
	}
	free(q);
out:
	repo_close(r);
	return rc;
}

/* ggw key request [--note TEXT] [--key FILE.pub] */
static int key_request(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	static const char *note, *keyfile;
	const struct opt_def defs[] = { OPT_INTO("--note", &note), OPT_INTO("--key", &keyfile), OPT_END };
	struct repo *r = NULL;
	struct actor a;
	struct key_request q;
	char line[512] = "", pubpath[4200];
	int rc;

	note = keyfile = NULL;
	if ((rc = opt_parse(argc, argv, 2, defs, NULL, 0, err)) < 0)
		return rc;
	if (!keyfile) {
		char path[4096];

		if ((rc = cli_open_repo(cli, &r, err)) < 0)
			return rc;
		if ((rc = pckey_ensure(r, NULL, err)) < 0 ||
		    (rc = pckey_path(r, path, sizeof(path), NULL, err)) < 0) {
			repo_close(r);
			return rc;
		}
		repo_close(r);
		r = NULL;
		snprintf(pubpath, sizeof(pubpath), "%s.pub", path);
		keyfile = pubpath;
	}
	{
		FILE *f = fopen(keyfile, "r");

		if (!f || !fgets(line, sizeof(line), f)) {
			if (f)
				fclose(f);
			return ggw_fail(err, GGW_ENOTFOUND, _("读不了公钥文件 %s"), keyfile);
		}
		fclose(f);
		line[strcspn(line, "\r\n")] = '\0';
	}
	if ((rc = open_with_actor(cli, &r, &a, err)) < 0)
		return rc;
	rc = keyreq_make(r, a.unit, line, note ? note : a.name, &q, err);
	if (rc == 0)
		printf(_("已写好登记申请：单位 %s，钥匙 %s，电话核对号码 %s。下次同步时带给街道办公室；登记以前，本机的新提交留在本机\n"),
		       q.unit, q.fingerprint, q.phone);
	actor_free(&a);
	repo_close(r);
	return rc;
}

/* ggw key accept FINGERPRINT: register a pending request. */
static int key_accept(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *fp = NULL, **pos[1] = { &fp };
	struct repo *r = NULL;
	struct actor a;
	struct key_request *q = NULL;
	size_t nq = 0;
	const struct key_request *hit = NULL;
	int rc;

	if ((rc = opt_positionals(argc, argv, 2, pos, 1, err)) < 0)
		return rc;
	if (!fp)
		return cli_usage_error(err, "key", _("key accept 要申请里钥匙的指纹（ggw key list 列出等待登记的申请）"));
	if ((rc = open_with_actor(cli, &r, &a, err)) < 0)
		return rc;
	if ((rc = keyreq_list(r, &q, &nq, err)) < 0)
		goto out;
	for (size_t i = 0; i < nq && !hit; i++)
		if (!q[i].registered && (!strcmp(q[i].fingerprint, fp) || !strcmp(q[i].fingerprint + 7, fp)))
			hit = &q[i];
	if (!hit) {
		rc = ggw_fail(err, GGW_ENOTFOUND, _("没有指纹为 %s 的等待登记的申请（ggw key list 列出全部）"), fp);
		goto out;
	}
	if ((rc = keys_add(r, &a, hit->unit, hit->keyline, hit->note, NULL, err)) == 0)
		printf(_("已登记 %s 的钥匙 %s\n"), hit->unit, hit->fingerprint);
out:
	free(q);
	actor_free(&a);
	repo_close(r);
	return rc;
}

/* ggw key resign [REMOTE]: this PC's unsynced commits made again on the
 * remote's main, signed by this PC's key (after its registration). */
static int key_resign(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *remote = NULL, **pos[1] = { &remote };
	struct repo *r = NULL;
	struct resign_result res;
	char **names = NULL, **urls = NULL;
	size_t n = 0;
	int rc;

	if ((rc = opt_positionals(argc, argv, 2, pos, 1, err)) < 0)
		return rc;
	if ((rc = cli_open_repo(cli, &r, err)) < 0)
		return rc;
	if (!remote && (rc = gitp_remote_list(r, &names, &urls, &n, err)) == 0) {
		if (n == 1)
			remote = names[0];
		else
			rc = cli_usage_error(err, "key", _("有 %zu 个同步对象，请写明用哪一个：ggw key resign 名称"), n);
	}
	if (rc == 0 && (rc = resign_unsynced(r, remote, &res, err)) == 0) {
		if (!res.replayed && !res.aside)
			printf(_("本机没有 %s 还没有的提交，不用重签\n"), remote);
		else
			printf(_("已用本机的钥匙重签 %zu 个还没有同步出去的提交，接在 %s 的最新记录后面；原来的历史留在 %s。请再运行 ggw sync\n"),
			       res.replayed, remote, res.kept);
		if (res.aside)
			printf(_("有 %zu 个提交改的文件在 %s 上也被改过，没有重签，留在 refs/ggw/aside/ 下（第一个是 %.10s）：请对照后重新录入\n"),
			       res.aside, remote, res.first_aside);
	}
	gitp_remote_list_free(names, urls, n);
	repo_close(r);
	return rc;
}

int cmd_key_admin(struct cli *cli, int argc, char **argv, struct ggw_error *err)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (!strcmp(sub, "add"))
		return key_add(cli, argc, argv, err);
	if (!strcmp(sub, "revoke"))
		return key_revoke(cli, argc, argv, err);
	if (!strcmp(sub, "list"))
		return key_list(cli, argc, argv, err);
	if (!strcmp(sub, "request"))
		return key_request(cli, argc, argv, err);
	if (!strcmp(sub, "accept"))
		return key_accept(cli, argc, argv, err);
	if (!strcmp(sub, "resign"))
		return key_resign(cli, argc, argv, err);
	return cli_usage_error(err, "key", _("key 不认识“%s”"), sub);
}

void keys_status_remote(struct repo *r, const char *name)
{
	char ref[160], msg[1024];

	snprintf(ref, sizeof(ref), "refs/remotes/%s/main", name);
	if (trust_outgoing_refused(r, NULL, ref, msg, sizeof(msg)))
		printf("  %s\n", msg);
}

/* The ledger has keys but not this PC's, and no request was made. */
static void unregistered_hint(struct repo *r)
{
	struct signers s;
	struct ssh_seckey *k = NULL;
	char *unit = NULL;
	int present = 0, mine = 0;

	if (keys_load(r, &s, &present, NULL) < 0)
		return;
	if (present && repo_config_get(r, "ggw.unit", &unit, NULL) == 0 && unit &&
	    pckey_load(r, &k, NULL) == 0) {
		const struct ssh_pubkey *pub = sshkey_public(k);

		for (long i = signers_find_key(&s, pub->key, 0); i >= 0 && !mine;
		     i = signers_find_key(&s, pub->key, (size_t)i + 1))
			mine = signer_allows(&s.v[i], unit, "git");
		if (!mine)
			printf("%s\n", _("本机的钥匙还没有在这个台账登记：新提交会留在本机。请运行 ggw key request 申请登记，并在电话里把 ggw key show 显示的核对码念给街道办公室"));
	}
	sshkey_free(k);
	free(unit);
	signers_free(&s);
}

void keys_status_request(struct repo *r)
{
	struct key_request *q = NULL;
	size_t nq = 0;
	char own[128];

	keyreq_own_ref(r, own, sizeof(own));
	if (!own[0]) {
		unregistered_hint(r);
		return;
	}
	if (keyreq_list(r, &q, &nq, NULL) < 0)
		return;
	for (size_t i = 0; i < nq; i++)
		if (!strcmp(q[i].ref, own))
			printf(q[i].registered ? _("本机的钥匙已登记：%s（%s）\n")
					       : _("本机的钥匙等待街道办公室登记：%s，电话核对号码 %s（申请随下次同步带给街道办公室）\n"),
			       q[i].fingerprint, q[i].phone);
	free(q);
}
