/* keys/allowed_signers reading and writing (see signers.h). libc only. */
#include "signers.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"

static const char ED25519[] = "ssh-ed25519";

void signers_free(struct signers *s)
{
	for (size_t i = 0; s && i < s->n; i++) {
		struct signer *e = &s->v[i];

		free(e->raw);
		free(e->principals);
		free(e->namespaces);
		free(e->keytype);
		free(e->keyb64);
		free(e->note);
	}
	if (s) {
		free(s->v);
		s->v = NULL;
		s->n = s->cap = 0;
	}
}

static struct signer *signers_push(struct signers *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct signer *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->v = v;
		s->cap = cap;
	}
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	s->v[s->n].after = INT64_MIN;
	s->v[s->n].before = INT64_MAX;
	return &s->v[s->n++];
}

/* ---- base64 ---- */

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_value(char c)
{
	const char *p = c ? strchr(B64, c) : NULL;

	return p ? (int)(p - B64) : -1;
}

/* Decode strict base64 (padding optional) into out; length or -1. */
static long b64_decode(const char *s, unsigned char *out, size_t cap)
{
	size_t n = strlen(s), o = 0;
	unsigned acc = 0;
	int bits = 0;

	while (n > 0 && s[n - 1] == '=')
		n--;
	if (strlen(s) - n > 2)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int v = b64_value(s[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == cap)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	return (long)o;
}

static void b64_encode(const unsigned char *in, size_t n, char *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 5 <= cap; i += 3) {
		unsigned v = (unsigned)in[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = B64[(v >> 18) & 63];
		out[o++] = B64[(v >> 12) & 63];
		out[o++] = i + 1 < n ? B64[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? B64[v & 63] : '=';
	}
	if (cap)
		out[o < cap ? o : cap - 1] = '\0';
}

static size_t put_string(unsigned char *p, const void *s, size_t n)
{
	p[0] = (unsigned char)(n >> 24);
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
	memcpy(p + 4, s, n);
	return 4 + n;
}

void signers_key_b64(const unsigned char key[SIGNERS_KEY_LEN], char *out, size_t len)
{
	unsigned char blob[64];
	size_t n = put_string(blob, ED25519, sizeof(ED25519) - 1);

	n += put_string(blob + n, key, SIGNERS_KEY_LEN);
	b64_encode(blob, n, out, len);
}

/* The ed25519 key inside a base64 blob; 0 if it is one. */
static int ed25519_from_b64(const char *b64, unsigned char key[SIGNERS_KEY_LEN])
{
	unsigned char blob[128];
	long n = b64_decode(b64, blob, sizeof(blob));
	const size_t tlen = sizeof(ED25519) - 1;

	if (n != (long)(4 + tlen + 4 + SIGNERS_KEY_LEN))
		return -1;
	if (blob[0] || blob[1] || blob[2] || blob[3] != tlen || memcmp(blob + 4, ED25519, tlen))
		return -1;
	if (blob[4 + tlen] || blob[5 + tlen] || blob[6 + tlen] || blob[7 + tlen] != SIGNERS_KEY_LEN)
		return -1;
	memcpy(key, blob + 8 + tlen, SIGNERS_KEY_LEN);
	return 0;
}

/* ---- times ---- */

int signers_time_parse(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	int utc = n > 0 && (s[n - 1] == 'Z' || s[n - 1] == 'z');
	struct tm tm;
	char d[16];
	time_t t;

	if (utc)
		n--;
	if (n != 8 && n != 12 && n != 14)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	memset(d, '0', sizeof(d));
	memcpy(d, s, n);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0') - 1900;
	tm.tm_mon = (d[4] - '0') * 10 + (d[5] - '0') - 1;
	tm.tm_mday = (d[6] - '0') * 10 + (d[7] - '0');
	tm.tm_hour = (d[8] - '0') * 10 + (d[9] - '0');
	tm.tm_min = (d[10] - '0') * 10 + (d[11] - '0');
	tm.tm_sec = (d[12] - '0') * 10 + (d[13] - '0');
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_isdst = -1;
	t = utc ? timegm(&tm) : mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

void signers_time_format(int64_t t, char out[24])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, 24, "%Y%m%d%H%M%SZ", &tm))
		snprintf(out, 24, "19700101000000Z");
}

/* ---- parsing one line ---- */

struct line_ctx {
	const char *name;
	int line;
	struct ggw_error *err;
};

static int bad_line(struct line_ctx *lc, const char *why)
{
	return ggw_fail(lc->err, GGW_EINVALID, _("%s 第 %d 行：%s"), lc->name, lc->line, why);
}

/* Next space-delimited token of *p, honouring double quotes (options
 * such as namespaces="a,b"); NULL if none. Advances *p past it. */
static char *next_token(char **p, int *unbalanced)
{
	char *s = *p, *start;
	int q = 0;

	*unbalanced = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	start = s;
	for (; *s && (q || (*s != ' ' && *s != '\t')); s++)
		if (*s == '"')
			q = !q;
	if (q)
		*unbalanced = 1;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

static int looks_like_keytype(const char *t)
{
	return !strncmp(t, "ssh-", 4) || !strncmp(t, "ecdsa-sha2-", 11) ||
	       !strncmp(t, "sk-", 3) || !strncmp(t, "rsa-sha2-", 9);
}

/* One option "name" or name="value" into e. */
static int parse_option(struct line_ctx *lc, struct signer *e, char *opt)
{
	char *eq = strchr(opt, '='), *val;
	size_t vn;

	if (!eq) {
		if (!strcmp(opt, "cert-authority")) {
			e->cert_authority = 1;
			return 0;
		}
		return bad_line(lc, _("不认识的选项（只能有 namespaces、valid-after、valid-before、cert-authority）"));
	}
	*eq = '\0';
	val = eq + 1;
	vn = strlen(val);
	if (vn < 2 || val[0] != '"' || val[vn - 1] != '"')
		return bad_line(lc, _("选项的值要写在双引号里"));
	val[vn - 1] = '\0';
	val++;
	if (!strcmp(opt, "namespaces")) {
		if (e->namespaces)
			return bad_line(lc, _("namespaces 写了两次"));
		return (e->namespaces = strdup(val)) ? 0 : ggw_oom(lc->err);
	}
	if (!strcmp(opt, "valid-after") || !strcmp(opt, "valid-before")) {
		int before = opt[6] == 'b';
		char *dst = before ? e->valid_before : e->valid_after;
		int64_t t;

		if (dst[0])
			return bad_line(lc, _("有效期选项写了两次"));
		if (strlen(val) >= sizeof(e->valid_after) || signers_time_parse(val, &t) < 0)
			return bad_line(lc, _("时间要写成 YYYYMMDD、YYYYMMDDHHMM 或 YYYYMMDDHHMMSS（可加 Z 表示世界时）"));
		strcpy(dst, val);
		*(before ? &e->before : &e->after) = t;
		return 0;
	}
	return bad_line(lc, _("不认识的选项（只能有 namespaces、valid-after、valid-before、cert-authority）"));
}

/* Split options at commas outside quotes. */
static int parse_options(struct line_ctx *lc, struct signer *e, char *opts)
{
	char *s = opts;
	int error = 0;

	while (*s && error == 0) {
		char *start = s;
		int q = 0;

		for (; *s && (q || *s != ','); s++)
			if (*s == '"')
				q = !q;
		if (*s)
			*s++ = '\0';
		if (!*start)
			return bad_line(lc, _("选项之间多了一个逗号"));
		error = parse_option(lc, e, start);
	}
	return error;
}

static int valid_note_byte(unsigned char c)
{
	return c >= 0x20 && c != 0x7f;
}

/* A key line (already NUL-terminated, no newline) into e. */
static int parse_key_line(struct line_ctx *lc, struct signer *e, char *line)
{
	char *p = line, *tok, *b64;
	int unb = 0, error;

	for (const unsigned char *q = (const unsigned char *)line; *q; q++)
		if (*q != '\t' && !valid_note_byte(*q))
			return bad_line(lc, _("有控制字符"));
	tok = next_token(&p, &unb);
	if (!tok || unb || strchr(tok, '"'))
		return bad_line(lc, _("开头应是单位代号（不带引号）"));
	if (!(e->principals = strdup(tok)))
		return ggw_oom(lc->err);
	if (!(tok = next_token(&p, &unb)))
		return bad_line(lc, _("单位代号后面缺少公钥"));
	if (unb)
		return bad_line(lc, _("引号没有配对"));
	if (!looks_like_keytype(tok)) {
		if ((error = parse_options(lc, e, tok)) < 0)
			return error;
		if (!(tok = next_token(&p, &unb)) || !looks_like_keytype(tok))
			return bad_line(lc, _("选项后面缺少公钥（应为 ssh-ed25519 AAAA...）"));
	}
	if (!(b64 = next_token(&p, &unb)) || unb)
		return bad_line(lc, _("公钥类型后面缺少公钥内容"));
	if (!(e->keytype = strdup(tok)) || !(e->keyb64 = strdup(b64)))
		return ggw_oom(lc->err);
	if (!strcmp(tok, ED25519)) {
		if (ed25519_from_b64(b64, e->key) < 0)
			return bad_line(lc, _("ssh-ed25519 公钥的内容不对（base64 解不出 32 字节的 ed25519 公钥）"));
		e->ed25519 = 1;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p) {
		size_t n = strlen(p);

		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			p[--n] = '\0';
		if (!(e->note = strdup(p)))
			return ggw_oom(lc->err);
	}
	return 0;
}

static int parse_one(struct line_ctx *lc, struct signers *s, char *line)
{
	struct signer *e;
	const char *q = line;

	while (*q == ' ' || *q == '\t')
		q++;
	if (!(e = signers_push(s)))
		return ggw_oom(lc->err);
	e->line = lc->line;
	if (!*q || *q == '#') {
		for (const unsigned char *c = (const unsigned char *)line; *c; c++)
			if (*c != '\t' && !valid_note_byte(*c))
				return bad_line(lc, _("有控制字符"));
		return (e->raw = strdup(line)) ? 0 : ggw_oom(lc->err);
	}
	return parse_key_line(lc, e, line);
}

int signers_parse(const char *name, const char *data, size_t len, struct signers *out,
		  struct ggw_error *err)
{
	struct line_ctx lc = { name, 0, err };
	char buf[SIGNERS_MAX_LINE + 1];
	size_t i = 0;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (len > SIGNERS_MAX_BYTES)
		return ggw_fail(err, GGW_EINVALID, _("%s 有 %zu 字节，超过上限 %d 字节"), name, len,
				SIGNERS_MAX_BYTES);
	if (memchr(data, '\0', len))
		return ggw_fail(err, GGW_EINVALID, _("%s 里有 NUL 字节，不是文本文件"), name);
	while (i < len && error == 0) {
		const char *nl = memchr(data + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (data + i)) : len - i;

		lc.line++;
		if (n > SIGNERS_MAX_LINE) {
			error = bad_line(&lc, _("这一行太长"));
			break;
		}
		if (out->n >= SIGNERS_MAX_ENTRIES) {
			error = bad_line(&lc, _("行数太多"));
			break;
		}
		memcpy(buf, data + i, n);
		i += n + (nl ? 1 : 0);
		if (n > 0 && buf[n - 1] == '\r')
			n--;
		buf[n] = '\0';
		error = parse_one(&lc, out, buf);
	}
	if (error < 0)
		signers_free(out);
	return error;
}

/* ---- writing ---- */

static int append(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > *cap) {
		size_t c = (*cap ? *cap : 256);
		char *nb;

		while (c < *len + n + 1)
			c *= 2;
		if (!(nb = realloc(*buf, c)))
			return -1;
		*buf = nb;
		*cap = c;
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
	return 0;
}

/* The options of e, "namespaces=\"git\",valid-before=\"...\"" ("" if none). */
static int format_options(const struct signer *e, char **buf, size_t *len, size_t *cap)
{
	const char *sep = "";
	int rc = 0;

	if (e->cert_authority) {
		rc |= append(buf, len, cap, "cert-authority");
		sep = ",";
	}
	if (e->namespaces) {
		rc |= append(buf, len, cap, sep);
		rc |= append(buf, len, cap, "namespaces=\"");
		rc |= append(buf, len, cap, e->namespaces);
		rc |= append(buf, len, cap, "\"");
		sep = ",";
	}
	if (e->valid_after[0]) {
		rc |= append(buf, len, cap, sep);
		rc |= append(buf, len, cap, "valid-after=\"");
		rc |= append(buf, len, cap, e->valid_after);
		rc |= append(buf, len, cap, "\"");
		sep = ",";
	}
	if (e->valid_before[0]) {
		rc |= append(buf, len, cap, sep);
		rc |= append(buf, len, cap, "valid-before=\"");
		rc |= append(buf, len, cap, e->valid_before);
		rc |= append(buf, len, cap, "\"");
		sep = ",";
	}
	if (*sep)
		rc |= append(buf, len, cap, " ");
	return rc;
}

int signers_format(const struct signers *s, char **out, size_t *len, struct ggw_error *err)
{
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = append(&buf, &n, &cap, "");

	for (size_t i = 0; i < s->n && rc == 0; i++) {
		const struct signer *e = &s->v[i];

		if (e->raw) {
			rc |= append(&buf, &n, &cap, e->raw);
		} else {
			rc |= append(&buf, &n, &cap, e->principals);
			rc |= append(&buf, &n, &cap, " ");
			rc |= format_options(e, &buf, &n, &cap);
			rc |= append(&buf, &n, &cap, e->keytype);
			rc |= append(&buf, &n, &cap, " ");
			rc |= append(&buf, &n, &cap, e->keyb64);
			if (e->note) {
				rc |= append(&buf, &n, &cap, " ");
				rc |= append(&buf, &n, &cap, e->note);
			}
		}
		rc |= append(&buf, &n, &cap, "\n");
	}
	if (rc) {
		free(buf);
		return ggw_oom(err);
	}
	*out = buf;
	*len = n;
	return 0;
}

/* The note with control characters made spaces, trimmed, bounded. */
static char *clean_note(const char *note)
{
	size_t n = strlen(note), o = 0;
	char *s;

	if (n > 512)
		n = 512;
	if (!(s = malloc(n + 1)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		s[o++] = valid_note_byte((unsigned char)note[i]) ? note[i] : ' ';
	while (o > 0 && s[o - 1] == ' ')
		o--;
	s[o] = '\0';
	return s;
}

int signers_add(struct signers *s, const char *unit, const unsigned char key[SIGNERS_KEY_LEN],
		const char *note, struct ggw_error *err)
{
	char b64[128];
	struct signer *e;

	if (!unit[0] || strpbrk(unit, " \t\",#"))
		return ggw_fail(err, GGW_EINVALID, _("单位代号“%s”不能作为公钥的主体"), unit);
	if (signers_find_key(s, key, 0) >= 0)
		return ggw_fail(err, GGW_EINVALID, _("这把公钥已经登记过了"));
	if (s->n >= SIGNERS_MAX_ENTRIES)
		return ggw_fail(err, GGW_EINVALID, _("公钥太多"));
	signers_key_b64(key, b64, sizeof(b64));
	if (!(e = signers_push(s)))
		return ggw_oom(err);
	e->principals = strdup(unit);
	e->namespaces = strdup("git");
	e->keytype = strdup(ED25519);
	e->keyb64 = strdup(b64);
	e->ed25519 = 1;
	memcpy(e->key, key, SIGNERS_KEY_LEN);
	if (note && *note)
		e->note = clean_note(note);
	if (!e->principals || !e->namespaces || !e->keytype || !e->keyb64 ||
	    (note && *note && !e->note))
		return ggw_oom(err);
	return 0;
}

int signers_revoke(struct signers *s, size_t i, int64_t t, struct ggw_error *err)
{
	struct signer *e;

	if (i >= s->n || s->v[i].raw)
		return ggw_fail(err, GGW_ENOTFOUND, _("没有这把公钥"));
	e = &s->v[i];
	if (e->valid_before[0])
		return ggw_fail(err, GGW_EINVALID, _("这把公钥已经在 %s 撤销了"), e->valid_before);
	signers_time_format(t, e->valid_before);
	e->before = t;
	return 0;
}

/* ---- questions ---- */

int signer_allows(const struct signer *e, const char *unit, const char *ns)
{
	const char *p;
	size_t n = strlen(unit);
	int found = 0;

	if (e->raw || e->cert_authority || !e->principals)
		return 0;
	for (p = e->principals; *p && !found;) {
		size_t k = strcspn(p, ",");

		found = k == n && !strncmp(p, unit, n);
		p += k + (p[k] == ',');
	}
	if (!found)
		return 0;
	if (!e->namespaces)
		return 1;
	for (p = e->namespaces; *p;) {
		size_t k = strcspn(p, ",");

		if (k == strlen(ns) && !strncmp(p, ns, k))
			return 1;
		p += k + (p[k] == ',');
	}
	return 0;
}

int signer_valid_at(const struct signer *e, int64_t t)
{
	return t >= e->after && t <= e->before;
}

long signers_find_key(const struct signers *s, const unsigned char key[SIGNERS_KEY_LEN],
		      size_t from)
{
	for (size_t i = from; i < s->n; i++)
		if (!s->v[i].raw && s->v[i].ed25519 && !memcmp(s->v[i].key, key, SIGNERS_KEY_LEN))
			return (long)i;
	return -1;
}

void signer_first_principal(const struct signer *e, char *buf, size_t len)
{
	const char *p = e->principals ? e->principals : "";

	snprintf(buf, len, "%.*s", (int)strcspn(p, ","), p);
}
