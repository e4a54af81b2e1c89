/* OpenSSH ed25519 keys and SSHSIG signatures with libsodium (see sshsig.h).
 * Formats: RFC 4251 strings (uint32 length + bytes), OpenSSH's
 * PROTOCOL.sshsig (signature blob and signed data) and PROTOCOL.key
 * ("openssh-key-v1" private key files). Every length read from a file or a
 * signature is checked against what is left before it is used: these bytes
 * come from other PCs and USB sticks. */
#include "sshsig.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "../model/i18n.h"
#include "fsutil.h"

#define KEYTYPE "ssh-ed25519"
#define SIG_MAGIC "SSHSIG"
#define SIG_VERSION 1
#define SIG_HASH "sha512"
#define SIG_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define SIG_END "-----END SSH SIGNATURE-----"
#define KEY_MAGIC "openssh-key-v1" /* followed by a NUL byte in the blob */
#define KEY_BEGIN "-----BEGIN OPENSSH PRIVATE KEY-----"
#define KEY_END "-----END OPENSSH PRIVATE KEY-----"
#define ARMOR_WIDTH 70
#define MAX_LINE 16384	    /* a public key line, comment included */
#define MAX_ARMORED 65536   /* a signature or private key file */
#define PUBBLOB_LEN (4 + 11 + 4 + SSHKEY_PUB_LEN)

struct ssh_seckey {
	unsigned char sk[crypto_sign_ed25519_SECRETKEYBYTES]; /* seed || public */
	struct ssh_pubkey pub;
	char *comment;
};

/* ---- wire format: a growing buffer and a bounded reader ---- */

struct wbuf {
	unsigned char *p;
	size_t len, cap;
	int oom;
};

static void wb_put(struct wbuf *b, const void *data, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		unsigned char *np;

		while (cap < b->len + n)
			cap *= 2;
		np = malloc(cap);
		if (!np) {
			b->oom = 1;
			return;
		}
		if (b->len)
			memcpy(np, b->p, b->len);
		/* Never leave secret bytes behind in a freed block. */
		if (b->p) {
			sodium_memzero(b->p, b->cap);
			free(b->p);
		}
		b->p = np;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void wb_u32(struct wbuf *b, uint32_t v)
{
	unsigned char be[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v};

	wb_put(b, be, 4);
}

static void wb_string(struct wbuf *b, const void *data, size_t n)
{
	wb_u32(b, (uint32_t)n);
	wb_put(b, data, n);
}

static void wb_cstring(struct wbuf *b, const char *s)
{
	wb_string(b, s, strlen(s));
}

static void wb_free(struct wbuf *b)
{
	if (b->p) {
		sodium_memzero(b->p, b->cap);
		free(b->p);
	}
	memset(b, 0, sizeof(*b));
}

struct rbuf {
	const unsigned char *p;
	size_t len, pos;
};

static int rb_u32(struct rbuf *r, uint32_t *v)
{
	const unsigned char *q;

	if (r->len - r->pos < 4)
		return -1;
	q = r->p + r->pos;
	*v = ((uint32_t)q[0] << 24) | ((uint32_t)q[1] << 16) | ((uint32_t)q[2] << 8) | q[3];
	r->pos += 4;
	return 0;
}

/* A string's bytes stay in the reader's buffer; the length is checked
 * against what is left, so a huge length cannot run past the end. */
static int rb_string(struct rbuf *r, const unsigned char **data, size_t *n)
{
	uint32_t len;

	if (rb_u32(r, &len) < 0 || len > r->len - r->pos)
		return -1;
	*data = r->p + r->pos;
	*n = len;
	r->pos += len;
	return 0;
}

static int str_is(const unsigned char *data, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(data, want, n) == 0;
}

static void put_pubblob(struct wbuf *b, const struct ssh_pubkey *key)
{
	wb_cstring(b, KEYTYPE);
	wb_string(b, key->key, SSHKEY_PUB_LEN);
}

/* Key type of a public key blob, printable for a message. */
static void blob_type(const unsigned char *blob, size_t n, char *out, size_t outlen)
{
	struct rbuf r = {blob, n, 0};
	const unsigned char *t;
	size_t tn, i, o = 0;

	if (rb_string(&r, &t, &tn) < 0)
		tn = 0;
	for (i = 0; i < tn && o + 1 < outlen && i < 40; i++)
		out[o++] = (t[i] > 0x20 && t[i] < 0x7f) ? (char)t[i] : '?';
	out[o] = '\0';
}

/* An ed25519 public key blob, nothing before or after it. */
static int parse_pubblob(const unsigned char *blob, size_t n, struct ssh_pubkey *out)
{
	struct rbuf r = {blob, n, 0};
	const unsigned char *t, *k;
	size_t tn, kn;

	if (rb_string(&r, &t, &tn) < 0 || !str_is(t, tn, KEYTYPE))
		return -1;
	if (rb_string(&r, &k, &kn) < 0 || kn != SSHKEY_PUB_LEN || r.pos != r.len)
		return -1;
	memcpy(out->key, k, SSHKEY_PUB_LEN);
	return 0;
}

/* ---- base64 and armor ---- */

static char *b64_encode(const unsigned char *bin, size_t n, int variant)
{
	size_t len = sodium_base64_encoded_len(n, variant);
	char *s = malloc(len);

	if (s)
		sodium_bin2base64(s, len, bin, n, variant);
	return s;
}

/* begin line, base64 wrapped at 70 columns, end line, each ending in \n. */
static char *armor(const unsigned char *bin, size_t n, const char *begin, const char *end)
{
	char *b64 = b64_encode(bin, n, sodium_base64_VARIANT_ORIGINAL);
	size_t blen, i, o = 0, cap;
	char *out;

	if (!b64)
		return NULL;
	blen = strlen(b64);
	cap = strlen(begin) + strlen(end) + blen + blen / ARMOR_WIDTH + 8;
	out = malloc(cap);
	if (out) {
		o = (size_t)sprintf(out, "%s\n", begin);
		for (i = 0; i < blen; i += ARMOR_WIDTH) {
			size_t k = blen - i < ARMOR_WIDTH ? blen - i : ARMOR_WIDTH;

			memcpy(out + o, b64 + i, k);
			o += k;
			out[o++] = '\n';
		}
		sprintf(out + o, "%s\n", end);
	}
	sodium_memzero(b64, blen);
	free(b64);
	return out;
}

/* Find the text between begin and end markers in text[0..len) and decode it
 * (whitespace ignored). 0, or -1 if the markers are missing, -2 if the
 * base64 is bad, GGW_ENOMEM. *bin is malloc'd. */
static int dearmor(const char *text, size_t len, const char *begin, const char *end,
		   unsigned char **bin, size_t *binlen)
{
	const char *b, *e, *body;
	size_t blen, cap;
	unsigned char *out;

	*bin = NULL;
	*binlen = 0;
	b = memmem(text, len, begin, strlen(begin));
	if (!b)
		return -1;
	body = b + strlen(begin);
	e = memmem(body, len - (size_t)(body - text), end, strlen(end));
	if (!e)
		return -1;
	blen = (size_t)(e - body);
	cap = blen / 4 * 3 + 3;
	out = malloc(cap ? cap : 1);
	if (!out)
		return GGW_ENOMEM;
	if (sodium_base642bin(out, cap, body, blen, " \t\r\n", binlen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0) {
		sodium_memzero(out, cap);
		free(out);
		return -2;
	}
	*bin = out;
	return 0;
}

/* ---- public keys ---- */

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int sshkey_parse_line(const char *line, struct ssh_pubkey *out, char **comment,
		      struct ggw_error *err)
{
	const char *p = line, *tok, *end;
	unsigned char blob[256];
	size_t n, bloblen;
	char type[48];

	if (comment)
		*comment = NULL;
	if (!line || !out)
		return ggw_fail(err, GGW_EINVALID, _("公钥为空"));
	if (strlen(line) > MAX_LINE)
		return ggw_fail(err, GGW_EINVALID, _("公钥行太长（超过 %d 字节）"), MAX_LINE);
	while (*p == ' ' || *p == '\t')
		p++;
	tok = p;
	while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
		p++;
	n = (size_t)(p - tok);
	if (n == 0)
		return ggw_fail(err, GGW_EINVALID, _("公钥为空"));
	if (n != strlen(KEYTYPE) || memcmp(tok, KEYTYPE, n) != 0) {
		snprintf(type, sizeof(type), "%.*s", n > 40 ? 40 : (int)n, tok);
		for (char *c = type; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		return ggw_fail(err, GGW_EINVALID,
				_("不支持的公钥类型“%s”：ggw 只用 ssh-ed25519 密钥"), type);
	}
	while (*p == ' ' || *p == '\t')
		p++;
	tok = p;
	while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
		p++;
	n = (size_t)(p - tok);
	if (n == 0 || n > 200 ||
	    sodium_base642bin(blob, sizeof(blob), tok, n, NULL, &bloblen, &end,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != p)
		return ggw_fail(err, GGW_EINVALID, _("公钥的 base64 编码有误"));
	if (parse_pubblob(blob, bloblen, out) < 0)
		return ggw_fail(err, GGW_EINVALID, _("公钥数据有误：不是完整的 ssh-ed25519 公钥"));
	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
			   end[-1] == '\n'))
		end--;
	if (comment && end > p) {
		*comment = strndup(p, (size_t)(end - p));
		if (!*comment)
			return ggw_oom(err);
	}
	return 0;
}

int sshkey_format_line(const struct ssh_pubkey *key, const char *comment, char **out,
		       struct ggw_error *err)
{
	struct wbuf b = {0};
	char *b64;
	size_t len;

	*out = NULL;
	if (comment && has_control(comment))
		return ggw_fail(err, GGW_EINVALID, _("公钥的备注里不能有换行或控制字符"));
	put_pubblob(&b, key);
	if (b.oom) {
		wb_free(&b);
		return ggw_oom(err);
	}
	b64 = b64_encode(b.p, b.len, sodium_base64_VARIANT_ORIGINAL);
	wb_free(&b);
	if (!b64)
		return ggw_oom(err);
	len = strlen(KEYTYPE) + 1 + strlen(b64) + (comment && *comment ? strlen(comment) + 1 : 0) + 1;
	*out = malloc(len);
	if (!*out) {
		free(b64);
		return ggw_oom(err);
	}
	if (comment && *comment)
		snprintf(*out, len, "%s %s %s", KEYTYPE, b64, comment);
	else
		snprintf(*out, len, "%s %s", KEYTYPE, b64);
	free(b64);
	return 0;
}

static void pub_digest(const struct ssh_pubkey *key, unsigned char out[crypto_hash_sha256_BYTES])
{
	unsigned char blob[PUBBLOB_LEN];
	struct wbuf b = {0};

	put_pubblob(&b, key);
	if (b.oom || b.len != sizeof(blob)) {
		memset(out, 0, crypto_hash_sha256_BYTES);
		wb_free(&b);
		return;
	}
	memcpy(blob, b.p, sizeof(blob));
	wb_free(&b);
	crypto_hash_sha256(out, blob, sizeof(blob));
}

void sshkey_fingerprint(const struct ssh_pubkey *key, char out[64])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	pub_digest(key, d);
	memcpy(out, "SHA256:", 7);
	sodium_bin2base64(out + 7, 64 - 7, d, sizeof(d), sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}

/* The first 8 bytes of the fingerprint's digest as four big-endian 16-bit
 * numbers, each reduced to 4 digits: 53 bits of the fingerprint, enough that
 * a forged key matching a code read out on the phone is out of reach. */
void sshkey_phone_code(const struct ssh_pubkey *key, char out[24])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	unsigned g[4];
	int i;

	pub_digest(key, d);
	for (i = 0; i < 4; i++)
		g[i] = (((unsigned)d[2 * i] << 8) | d[2 * i + 1]) % 10000u;
	snprintf(out, 24, "%04u-%04u-%04u-%04u", g[0], g[1], g[2], g[3]);
}

/* ---- signatures ---- */

/* What the key signs: magic, namespace, reserved, hash name, H(message). */
static int signed_data(struct wbuf *b, const char *ns, size_t nslen, const unsigned char *reserved,
		       size_t reslen, const void *msg, size_t msg_len)
{
	unsigned char h[crypto_hash_sha512_BYTES];

	crypto_hash_sha512(h, msg, msg_len);
	wb_put(b, SIG_MAGIC, 6);
	wb_string(b, ns, nslen);
	wb_string(b, reserved, reslen);
	wb_cstring(b, SIG_HASH);
	wb_string(b, h, sizeof(h));
	return b->oom ? -1 : 0;
}

/* Printable copy of untrusted bytes for a message. */
static void printable(const unsigned char *s, size_t n, char *out, size_t outlen)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < outlen && i < 60; i++)
		out[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? (char)s[i] : '?';
	out[o] = '\0';
}

/* Check the decoded SSHSIG blob; on success *signer is set. */
static int verify_blob(const unsigned char *blob, size_t n, const char *ns, const void *msg,
		       size_t msg_len, struct ssh_pubkey *signer, struct ggw_error *err)
{
	struct rbuf r = {blob, n, 0}, s;
	const unsigned char *pk, *sns, *res, *hash, *sig, *st, *sv;
	size_t pkn, snsn, resn, hashn, sign, stn, svn;
	struct ssh_pubkey key;
	struct wbuf data = {0};
	uint32_t version;
	char shown[64];
	int ok;

	if (n < 6 || memcmp(blob, SIG_MAGIC, 6) != 0)
		return ggw_fail(err, GGW_EINVALID, _("签名格式有误：不是 SSH 签名"));
	r.pos = 6;
	if (rb_u32(&r, &version) < 0 || version != SIG_VERSION)
		return ggw_fail(err, GGW_EINVALID, _("签名格式有误：不支持的版本"));
	if (rb_string(&r, &pk, &pkn) < 0 || rb_string(&r, &sns, &snsn) < 0 ||
	    rb_string(&r, &res, &resn) < 0 || rb_string(&r, &hash, &hashn) < 0 ||
	    rb_string(&r, &sig, &sign) < 0 || r.pos != r.len)
		return ggw_fail(err, GGW_EINVALID, _("签名格式有误：数据不完整或长度不对"));
	if (parse_pubblob(pk, pkn, &key) < 0) {
		blob_type(pk, pkn, shown, sizeof(shown));
		return ggw_fail(err, GGW_EINVALID, _("签名用的密钥类型“%s”不受支持：只接受 ssh-ed25519"),
				shown);
	}
	if (!str_is(sns, snsn, ns)) {
		printable(sns, snsn, shown, sizeof(shown));
		return ggw_fail(err, GGW_EINVALID, _("签名的用途（namespace）是“%s”，应为“%s”"), shown,
				ns);
	}
	if (!str_is(hash, hashn, SIG_HASH)) {
		printable(hash, hashn, shown, sizeof(shown));
		return ggw_fail(err, GGW_EINVALID, _("签名的散列算法“%s”不受支持：只接受 sha512"),
				shown);
	}
	s = (struct rbuf){sig, sign, 0};
	if (rb_string(&s, &st, &stn) < 0 || !str_is(st, stn, KEYTYPE) ||
	    rb_string(&s, &sv, &svn) < 0 || svn != crypto_sign_ed25519_BYTES || s.pos != s.len)
		return ggw_fail(err, GGW_EINVALID, _("签名格式有误：不是 ssh-ed25519 签名"));
	if (signed_data(&data, ns, strlen(ns), res, resn, msg, msg_len) < 0) {
		wb_free(&data);
		return ggw_oom(err);
	}
	ok = crypto_sign_ed25519_verify_detached(sv, data.p, data.len, key.key) == 0;
	wb_free(&data);
	if (!ok)
		return ggw_fail(err, GGW_EINVALID, _("签名不对：内容被改动过，或签名不属于这份内容"));
	if (signer)
		*signer = key;
	return 0;
}

int sshsig_verify(const char *armored, size_t armored_len, const char *ns, const void *msg,
		  size_t msg_len, struct ssh_pubkey *signer, struct ggw_error *err)
{
	unsigned char *blob = NULL;
	size_t n = 0;
	int rc;

	if (!armored || !ns || (!msg && msg_len))
		return ggw_fail(err, GGW_EINVALID, _("签名为空"));
	if (armored_len > MAX_ARMORED)
		return ggw_fail(err, GGW_EINVALID, _("签名太长（%zu 字节）"), armored_len);
	if (sodium_init() < 0)
		return ggw_fail(err, GGW_EIO, _("无法初始化加密库 libsodium"));
	rc = dearmor(armored, armored_len, SIG_BEGIN, SIG_END, &blob, &n);
	if (rc == GGW_ENOMEM)
		return ggw_oom(err);
	if (rc == -1)
		return ggw_fail(err, GGW_EINVALID, _("签名格式有误：找不到 SSH SIGNATURE 的开头或结尾"));
	if (rc < 0)
		return ggw_fail(err, GGW_EINVALID, _("签名格式有误：base64 编码不对"));
	rc = verify_blob(blob, n, ns, msg, msg_len, signer, err);
	free(blob);
	return rc;
}

int sshsig_sign(const struct ssh_seckey *key, const char *ns, const void *msg, size_t msg_len,
		char **armored, struct ggw_error *err)
{
	unsigned char sig[crypto_sign_ed25519_BYTES];
	struct wbuf data = {0}, inner = {0}, blob = {0};
	int rc = 0;

	*armored = NULL;
	if (!key || !ns || (!msg && msg_len))
		return ggw_fail(err, GGW_EINVALID, _("签名参数有误"));
	if (sodium_init() < 0)
		return ggw_fail(err, GGW_EIO, _("无法初始化加密库 libsodium"));
	if (signed_data(&data, ns, strlen(ns), (const unsigned char *)"", 0, msg, msg_len) < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	crypto_sign_ed25519_detached(sig, NULL, data.p, data.len, key->sk);
	wb_cstring(&inner, KEYTYPE);
	wb_string(&inner, sig, sizeof(sig));
	wb_put(&blob, SIG_MAGIC, 6);
	wb_u32(&blob, SIG_VERSION);
	wb_u32(&blob, PUBBLOB_LEN);
	put_pubblob(&blob, &key->pub);
	wb_cstring(&blob, ns);
	wb_string(&blob, "", 0);
	wb_cstring(&blob, SIG_HASH);
	wb_string(&blob, inner.p, inner.len);
	if (inner.oom || blob.oom || !(*armored = armor(blob.p, blob.len, SIG_BEGIN, SIG_END)))
		rc = ggw_oom(err);
done:
	wb_free(&data);
	wb_free(&inner);
	wb_free(&blob);
	return rc;
}

/* ---- private key files ---- */

const struct ssh_pubkey *sshkey_public(const struct ssh_seckey *key)
{
	return key ? &key->pub : NULL;
}

const char *sshkey_comment(const struct ssh_seckey *key)
{
	return key && key->comment ? key->comment : "";
}

void sshkey_free(struct ssh_seckey *key)
{
	if (!key)
		return;
	free(key->comment);
	sodium_memzero(key, sizeof(*key));
	free(key);
}

/* openssh-key-v1 blob of an unencrypted single ed25519 key. */
static int private_blob(const struct ssh_seckey *k, const char *comment, struct wbuf *out)
{
	struct wbuf priv = {0};
	uint32_t check = randombytes_random();
	unsigned char pad = 1;

	wb_put(out, KEY_MAGIC, sizeof(KEY_MAGIC)); /* with its NUL */
	wb_cstring(out, "none");		   /* cipher */
	wb_cstring(out, "none");		   /* kdf */
	wb_string(out, "", 0);			   /* kdf options */
	wb_u32(out, 1);				   /* number of keys */
	wb_u32(out, PUBBLOB_LEN);
	put_pubblob(out, &k->pub);
	wb_u32(&priv, check);
	wb_u32(&priv, check);
	wb_cstring(&priv, KEYTYPE);
	wb_string(&priv, k->pub.key, SSHKEY_PUB_LEN);
	wb_string(&priv, k->sk, sizeof(k->sk));
	wb_cstring(&priv, comment ? comment : "");
	while (priv.len % 8 != 0) /* cipher "none" has block size 8 */
		wb_put(&priv, &pad, 1), pad++;
	wb_string(out, priv.p, priv.len);
	check = 0;
	if (priv.oom || out->oom) {
		wb_free(&priv);
		return -1;
	}
	wb_free(&priv);
	return 0;
}

static int fsync_folder_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	if (rc < 0 && (errno == EINVAL || errno == ENOTSUP))
		rc = 0;
	return rc;
}

/* Write data as a new file (mode 0600): a temporary file is written and
 * fsynced, then linked to path, which fails if path exists, so an existing
 * key is never replaced, not even by two processes at once. */
static int write_new_secret(const char *path, const void *data, size_t len, struct ggw_error *err)
{
	char tmp[PATH_MAX];
	const char *p = data;
	size_t left = len;
	int fd, n, saved;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld.%08x", path, (long)getpid(),
		     (unsigned)randombytes_random());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(ENAMETOOLONG));
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(errno));
	while (left > 0) {
		ssize_t w = write(fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		p += w;
		left -= (size_t)w;
	}
	if (fchmod(fd, 0600) < 0 || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (link(tmp, path) < 0)
		goto fail;
	unlink(tmp);
	if (fsync_folder_of(path) < 0)
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(errno));
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	if (saved == EEXIST)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已经存在，不会覆盖它"), path);
	return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(saved));
}

int sshkey_generate_file(const char *path, const char *comment, struct ggw_error *err)
{
	struct ssh_seckey *k = NULL;
	struct wbuf blob = {0};
	char pubpath[PATH_MAX], *text = NULL, *line = NULL, *pubtext = NULL;
	struct stat st;
	int rc;

	if (!path || !*path)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件路径为空"));
	if (comment && has_control(comment))
		return ggw_fail(err, GGW_EINVALID, _("公钥的备注里不能有换行或控制字符"));
	if (snprintf(pubpath, sizeof(pubpath), "%s.pub", path) >= (int)sizeof(pubpath))
		return ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(ENAMETOOLONG));
	if (lstat(path, &st) == 0)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已经存在，不会覆盖它"), path);
	if (sodium_init() < 0)
		return ggw_fail(err, GGW_EIO, _("无法初始化加密库 libsodium"));
	if ((rc = mkdir_parents(path, err)) < 0)
		return rc;
	k = calloc(1, sizeof(*k));
	if (!k)
		return ggw_oom(err);
	crypto_sign_ed25519_keypair(k->pub.key, k->sk);
	if (private_blob(k, comment, &blob) < 0 ||
	    !(text = armor(blob.p, blob.len, KEY_BEGIN, KEY_END))) {
		rc = ggw_oom(err);
		goto done;
	}
	if ((rc = write_new_secret(path, text, strlen(text), err)) < 0)
		goto done;
	/* The .pub file is derived from the key: replacing a stale one is fine. */
	if ((rc = sshkey_format_line(&k->pub, comment, &line, err)) < 0)
		goto done;
	if (asprintf(&pubtext, "%s\n", line) < 0) {
		pubtext = NULL;
		rc = ggw_oom(err);
		goto done;
	}
	rc = atomic_write(pubpath, pubtext, strlen(pubtext), err);
done:
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
	free(line);
	free(pubtext);
	wb_free(&blob);
	sshkey_free(k);
	return rc;
}

/* Secret section of an openssh-key-v1 blob, checked field by field. */
static int parse_private_section(const unsigned char *p, size_t n, const struct ssh_pubkey *pub,
				 struct ssh_seckey *k, const char *path, struct ggw_error *err)
{
	struct rbuf r = {p, n, 0};
	const unsigned char *t, *pk, *sk, *cm;
	size_t tn, pkn, skn, cmn, i;
	unsigned char derived_pk[crypto_sign_ed25519_PUBLICKEYBYTES];
	unsigned char derived_sk[crypto_sign_ed25519_SECRETKEYBYTES];
	uint32_t c1, c2;
	int same;

	if (n % 8 != 0 || rb_u32(&r, &c1) < 0 || rb_u32(&r, &c2) < 0 || c1 != c2)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已损坏（校验数不符）"), path);
	if (rb_string(&r, &t, &tn) < 0 || !str_is(t, tn, KEYTYPE) ||
	    rb_string(&r, &pk, &pkn) < 0 || pkn != SSHKEY_PUB_LEN ||
	    rb_string(&r, &sk, &skn) < 0 || skn != crypto_sign_ed25519_SECRETKEYBYTES ||
	    rb_string(&r, &cm, &cmn) < 0)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已损坏（私钥部分不完整）"), path);
	for (i = 0; r.pos + i < r.len; i++)
		if (p[r.pos + i] != (unsigned char)(i + 1))
			return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已损坏（填充字节不对）"), path);
	/* The public key three times over must agree, and must be the one the
	 * seed makes: a file spliced from two keys is refused. */
	crypto_sign_ed25519_seed_keypair(derived_pk, derived_sk, sk);
	same = memcmp(pk, pub->key, SSHKEY_PUB_LEN) == 0 &&
	       memcmp(sk + 32, pub->key, SSHKEY_PUB_LEN) == 0 &&
	       memcmp(derived_pk, pub->key, SSHKEY_PUB_LEN) == 0;
	sodium_memzero(derived_sk, sizeof(derived_sk));
	if (!same)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已损坏（公钥与私钥不配对）"), path);
	memcpy(k->sk, sk, sizeof(k->sk));
	k->pub = *pub;
	k->comment = strndup((const char *)cm, cmn);
	if (!k->comment)
		return ggw_oom(err);
	for (char *c = k->comment; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return 0;
}

static int parse_private_blob(const unsigned char *blob, size_t n, struct ssh_seckey *k,
			      const char *path, struct ggw_error *err)
{
	struct rbuf r = {blob, n, 0};
	const unsigned char *cipher, *kdf, *kdfopt, *pk, *priv;
	size_t ciphern, kdfn, kdfoptn, pkn, privn;
	struct ssh_pubkey pub;
	uint32_t nkeys;
	char shown[64];

	if (n < sizeof(KEY_MAGIC) || memcmp(blob, KEY_MAGIC, sizeof(KEY_MAGIC)) != 0)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 不是 OpenSSH 私钥"), path);
	r.pos = sizeof(KEY_MAGIC);
	if (rb_string(&r, &cipher, &ciphern) < 0 || rb_string(&r, &kdf, &kdfn) < 0 ||
	    rb_string(&r, &kdfopt, &kdfoptn) < 0 || rb_u32(&r, &nkeys) < 0)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已损坏（文件头不完整）"), path);
	if (!str_is(cipher, ciphern, "none") || !str_is(kdf, kdfn, "none"))
		return ggw_fail(err, GGW_EINVALID,
				_("密钥文件 %s 设了口令（已加密）：ggw 不能用加密的密钥。请用 ssh-keygen -p -N '' -f %s 去掉口令，或另配一把不加密的密钥"),
				path, path);
	if (nkeys != 1)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 里有 %u 把密钥，ggw 只认只含一把的文件"),
				path, (unsigned)nkeys);
	if (rb_string(&r, &pk, &pkn) < 0)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已损坏（公钥部分不完整）"), path);
	if (parse_pubblob(pk, pkn, &pub) < 0) {
		blob_type(pk, pkn, shown, sizeof(shown));
		return ggw_fail(err, GGW_EINVALID,
				_("密钥文件 %s 是“%s”类型的密钥，ggw 只用 ssh-ed25519 密钥"), path, shown);
	}
	if (rb_string(&r, &priv, &privn) < 0 || r.pos != r.len)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已损坏（私钥部分不完整）"), path);
	return parse_private_section(priv, privn, &pub, k, path, err);
}

int sshkey_load_file(const char *path, struct ssh_seckey **out, struct ggw_error *err)
{
	struct ssh_seckey *k = NULL;
	unsigned char *blob = NULL;
	char *text = NULL;
	size_t len = 0, n = 0;
	struct stat st;
	int rc;

	*out = NULL;
	if (!path || !*path)
		return ggw_fail(err, GGW_EINVALID, _("密钥文件路径为空"));
	if (sodium_init() < 0)
		return ggw_fail(err, GGW_EIO, _("无法初始化加密库 libsodium"));
	/* A FIFO or device would block or never end: only a plain file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 不是普通文件"), path);
	if ((rc = read_whole_file(path, MAX_ARMORED, &text, &len, err)) < 0)
		return ggw_prefix(err, _("无法读取密钥文件 %s"), path);
	rc = dearmor(text, len, KEY_BEGIN, KEY_END, &blob, &n);
	if (rc == -1) {
		if (memmem(text, len, "-----BEGIN", 10))
			rc = ggw_fail(err, GGW_EINVALID,
				      _("密钥文件 %s 不是 OpenSSH 格式的 ed25519 私钥（ggw 只用 ssh-keygen -t ed25519 生成的密钥）"),
				      path);
		else
			rc = ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 不是 OpenSSH 私钥"), path);
		goto done;
	}
	if (rc == -2) {
		rc = ggw_fail(err, GGW_EINVALID, _("密钥文件 %s 已损坏（base64 编码不对）"), path);
		goto done;
	}
	if (rc < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	k = calloc(1, sizeof(*k));
	if (!k) {
		rc = ggw_oom(err);
		goto done;
	}
	if ((rc = parse_private_blob(blob, n, k, path, err)) < 0)
		goto done;
	*out = k;
	k = NULL;
done:
	if (blob) {
		sodium_memzero(blob, n);
		free(blob);
	}
	if (text) {
		sodium_memzero(text, len);
		free(text);
	}
	sshkey_free(k);
	return rc;
}
