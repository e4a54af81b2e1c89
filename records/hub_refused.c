/* A hub's refused commits as this PC knows them (hub_refused.h). */
#include "hub_refused.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "sync_check.h"

void hub_refusal_free(struct hub_refusal *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].author);
		free(h->v[i].summary);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static int add_commit(struct repo *r, struct hub_refusal *h, const char *id)
{
	struct refused_commit *c = &h->v[h->n];
	struct commit_info ci;
	const char *nl;

	if (gitp_commit_info(r, id, &ci, NULL) < 0)
		return 0;
	memset(c, 0, sizeof(*c));
	memcpy(c->id, id, sizeof(git_hex));
	c->time = ci.time;
	c->tz_minutes = ci.tz_minutes;
	nl = strchr(ci.message, '\n');
	if (asprintf(&c->author, "%s <%s>", ci.author_name, ci.author_email) < 0)
		c->author = NULL;
	c->summary = nl ? strndup(ci.message, (size_t)(nl - ci.message)) : strdup(ci.message);
	commit_info_free(&ci);
	if (!c->author || !c->summary) {
		free(c->author);
		free(c->summary);
		return -1;
	}
	h->n++;
	return 0;
}

/* The commits of tip that main lacks, newest first, at most max. */
static int list_commits(struct repo *r, const char *head, size_t max, struct hub_refusal *h,
			struct ggw_error *err)
{
	git_hex *ids = NULL;
	size_t n = 0;
	int error;

	if ((error = gitp_walk(r, h->tip, head[0] ? head : NULL, &ids, &n, NULL)) < 0) {
		free(ids);
		return 0; /* not walkable here: the check's words say enough */
	}
	if (n && !(h->v = calloc(n < max ? n : max, sizeof(*h->v)))) {
		free(ids);
		return ggw_oom(err);
	}
	for (size_t k = n; k > 0 && error == 0; k--) {
		if (h->n == max) {
			h->more = k;
			break;
		}
		if (add_commit(r, h, ids[k - 1]) < 0)
			error = ggw_oom(err);
	}
	free(ids);
	return error;
}

int hub_refusal_get(struct repo *r, const char *remote, size_t max, struct hub_refusal *out,
		    struct ggw_error *err)
{
	struct ggw_error why = { 0, "" };
	char ref[160], *cut;
	git_hex head = "";
	size_t count = 0;
	int error;

	memset(out, 0, sizeof(*out));
	snprintf(ref, sizeof(ref), "refs/ggw/refused/%s", remote);
	if (gitp_ref_tip(r, ref, out->tip, NULL) < 0)
		return 0;
	gitp_ref_tip(r, "HEAD", head, NULL);
	sync_unreadable_get(r, remote, out->unreadable);
	if (!out->unreadable[0] && sync_check_range(r, head[0] ? head : NULL, out->tip, &count,
						    NULL, &why) < 0) {
		if ((cut = strstr(why.msg, "。已拒绝这个同步对象的全部新历史")) != NULL)
			*cut = '\0';
		snprintf(out->why, sizeof(out->why), "%s", why.msg);
	}
	if ((error = list_commits(r, head, max, out, err)) < 0) {
		hub_refusal_free(out);
		return error;
	}
	return 1;
}
