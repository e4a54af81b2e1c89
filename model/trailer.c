/* Trailer block parsing (see trailer.h). Pure text, libc only. */
#include "trailer.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/* Length of the token if the line is "Token: value", else 0. */
static size_t trailer_token(const char *p, size_t n)
{
	size_t t = 0, k;

	while (t < n && ((p[t] >= 'A' && p[t] <= 'Z') || (p[t] >= 'a' && p[t] <= 'z') ||
			 (p[t] >= '0' && p[t] <= '9') || p[t] == '-'))
		t++;
	for (k = t; k < n && (p[k] == ' ' || p[k] == '\t'); k++)
		;
	return t > 0 && k < n && p[k] == ':' ? t : 0;
}

/* Start of the trailer block, or NULL if the message has none. */
static const char *trailer_block(const char *msg)
{
	const char *end = msg + strlen(msg), *para = NULL, *p;
	int first = 1;

	/* Drop trailing blank lines. */
	while (end > msg) {
		const char *ls = end;

		if (ls > msg && ls[-1] == '\n')
			ls--;
		while (ls > msg && ls[-1] != '\n')
			ls--;
		if (!is_blank_line(ls, (size_t)(end - ls)))
			break;
		end = ls;
	}
	/* Find the last paragraph: after the last blank line before end. */
	for (p = msg; p < end;) {
		size_t n = strcspn(p, "\n");

		if (n > (size_t)(end - p))
			n = (size_t)(end - p);
		if (is_blank_line(p, n)) {
			para = NULL;
		} else if (!para) {
			if (p != msg)
				first = 0;
			para = p;
		}
		p += n;
		if (p < end)
			p++;
	}
	if (!para || first || para == msg)
		return NULL;
	for (p = para; p < end;) {
		size_t n = strcspn(p, "\n");

		if (n > (size_t)(end - p))
			n = (size_t)(end - p);
		if (!trailer_token(p, n) && !(p != para && (*p == ' ' || *p == '\t')))
			return NULL;
		p += n;
		if (p < end)
			p++;
	}
	return para;
}

int commit_trailer(const char *message, const char *key, char *buf, size_t len)
{
	const char *p = message ? trailer_block(message) : NULL;
	size_t klen = strlen(key);
	int count = 0;

	if (len)
		buf[0] = '\0';
	while (p && *p) {
		size_t n = strcspn(p, "\n"), t = trailer_token(p, n);

		if (t == klen && !strncasecmp(p, key, klen)) {
			const char *v = strchr(p, ':') + 1;
			size_t vn = n - (size_t)(v - p);

			while (vn && (*v == ' ' || *v == '\t')) {
				v++;
				vn--;
			}
			while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t' || v[vn - 1] == '\r'))
				vn--;
			if (count++ == 0 && len)
				snprintf(buf, len, "%.*s", (int)vn, v);
		}
		p += n;
		if (*p)
			p++;
	}
	return count;
}
