/* ggw check: every problem of the ledger, one line each. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/node.h"
#include "../model/record.h"
#include "../storage/repo_status.h"
#include "checkrule.h"
#include "ledger.h"
#include "refs.h"
#include "rules_load.h"
#include "trust.h"

struct checker {
	struct repo *r;
	struct check_report *out;
	int oom;
};

static void add_line(struct checker *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_line(struct checker *c, const char *path, const char *fmt, ...)
{
	struct check_report *o = c->out;
	struct check_line l = { NULL, NULL };
	va_list ap;
	int n;

	if (c->oom)
		return;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		struct check_line *v = realloc(o->v, cap * sizeof(*v));

		if (!v) {
			c->oom = 1;
			return;
		}
		o->v = v;
		o->cap = cap;
	}
	va_start(ap, fmt);
	n = vasprintf(&l.text, fmt, ap);
	va_end(ap);
	l.path = strdup(path);
	if (n < 0 || !l.path) {
		if (n >= 0)
			free(l.text);
		free(l.path);
		c->oom = 1;
		return;
	}
	o->v[o->n++] = l;
}

static int line_or_1(int line)
{
	return line ? line : 1;
}

/* Schema problems of one parsed file, as "path:line:col: reason". */
static void add_problems(struct checker *c, const char *path, const struct problems *p)
{
	for (size_t k = 0; k < p->n; k++)
		add_line(c, path, "%s:%d:%d: %s", path, line_or_1(p->v[k].line),
			 p->v[k].line ? p->v[k].col : 1, p->v[k].msg);
	c->out->problems += p->n;
}

/* units.yaml: every problem; u is filled when it can be read at all. */
static int check_units(struct checker *c, struct units *u)
{
	struct node root;
	struct ggw_error uerr = { 0, "" };
	struct problems probs = { 0 };
	int have;

	if (record_load_file(c->r, "units.yaml", &root, &uerr) < 0) {
		add_line(c, "units.yaml", "%s", uerr.msg);
		c->out->problems++;
		return 0;
	}
	if (record_validate(REC_UNITS, &root, &probs) > 0)
		add_problems(c, "units.yaml", &probs);
	have = units_from_node(&root, u, NULL) == 0;
	problems_free(&probs);
	node_free(&root);
	return have;
}

/* Every problem of one invalid record file. */
static void check_file(struct checker *c, const struct entry *e)
{
	struct node rec;
	struct ggw_error perr = { 0, "" };
	struct problems probs = { 0 };

	if (record_load_file(c->r, e->path, &rec, &perr) < 0) {
		add_line(c, e->path, "%s", perr.msg);
		c->out->problems++;
		return;
	}
	if (record_validate(e->type, &rec, &probs) > 0) {
		char first[1400];

		snprintf(first, sizeof(first), "%s:%d:%d: %s", e->path, line_or_1(probs.v[0].line),
			 probs.v[0].line ? probs.v[0].col : 1, probs.v[0].msg);
		/* The entry's own error, when it is about something else
		 * (a file in the wrong place, a schema of the wrong type). */
		if (strncmp(e->error, first, strlen(first))) {
			add_line(c, e->path, "%s", e->error);
			c->out->problems++;
		}
		add_problems(c, e->path, &probs);
	} else {
		add_line(c, e->path, "%s", e->error);
		c->out->problems++;
	}
	problems_free(&probs);
	node_free(&rec);
}

/* Where volunteer id tok is in the activity's volunteers: list. */
static void volunteer_position(struct repo *r, const struct entry *e, const char *tok, int *line,
			       int *col)
{
	struct node rec;
	const struct node *list;

	*line = *col = 1;
	if (record_load_file(r, e->path, &rec, NULL) < 0)
		return;
	list = node_map_get(&rec, "volunteers");
	for (size_t k = 0; list && list->kind == NODE_SEQ && k < list->count; k++)
		if (list->kids[k].kind == NODE_SCALAR && !strcmp(list->kids[k].str, tok) &&
		    list->kids[k].line) {
			*line = list->kids[k].line;
			*col = list->kids[k].col;
		}
	node_free(&rec);
}

static void check_volunteer_refs(struct checker *c, const struct entry *e,
				 const struct check_index *ci)
{
	char buf[4096], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", e->volunteer_ids);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		int line, col;

		if (check_volunteer_known(ci, tok))
			continue;
		volunteer_position(c->r, e, tok, &line, &col);
		add_line(c, e->path, _("%s:%d:%d: 五老志愿者 %s 不存在（volunteers/ 里没有这个编号）"),
			 e->path, line, col, tok);
		c->out->problems++;
	}
}

/* The same id in two files (two unit folders): one problem, a line for
 * each file. ids is sorted. */
static void check_duplicate_ids(struct checker *c, const struct ledger *l, const char **ids,
				size_t nids)
{
	for (size_t k = 1; k < nids; k++) {
		if (strcmp(ids[k], ids[k - 1]) || (k >= 2 && !strcmp(ids[k], ids[k - 2])))
			continue;
		for (size_t j = 0; j < l->n; j++)
			if (!strcmp(l->v[j].id, ids[k]))
				add_line(c, l->v[j].path, _("%s:1:1: 编号 %s 重复出现"), l->v[j].path, ids[k]);
		c->out->problems++;
	}
}

/* Which records fail is decided by record_check_faults (checkrule.h),
 * the rule ggw audit counts by; here each fault is spelled out. */
static void check_records(struct checker *c, const struct ledger *l, const struct units *u,
			  const struct check_index *ci)
{
	for (size_t k = 0; k < l->n; k++) {
		const struct entry *e = &l->v[k];
		unsigned faults = record_check_faults(ci, u, e);

		if (faults & CHECK_FAULT_INVALID) {
			check_file(c, e);
			continue;
		}
		if (faults & CHECK_FAULT_UNIT) {
			add_line(c, e->path, _("%s:1:1: 单位 %s 不在 units.yaml 里"), e->path, e->unit);
			c->out->problems++;
		}
		if (faults & CHECK_FAULT_VOLUNTEER)
			check_volunteer_refs(c, e, ci);
	}
}

static void refs_line(void *ctx, const char *path, const char *line)
{
	add_line(ctx, path, "%s", line);
}

/* rules.yaml (optional): its first problem, naming line and field. */
static void check_rules_file(struct checker *c)
{
	struct ggw_error rerr = { 0, "" };
	struct rules *ru = NULL;

	if (rules_load(c->r, &ru, &rerr) < 0) {
		add_line(c, RULES_FILE, "%s", rerr.msg);
		c->out->problems++;
	}
	rules_free(ru);
}

static void signature_line(void *data, const char *line)
{
	add_line(data, TRUST_FILE, "%s", line);
}

/* Every commit's signature (records/trust.h). */
static int check_signatures(struct checker *c, struct ggw_error *err)
{
	size_t checked = 0, bad = 0;
	int rc = trust_check_history(c->r, signature_line, c, &checked, &bad, err);

	c->out->problems += bad;
	return rc;
}

int ledger_check(struct repo *r, struct check_report *out, struct ggw_error *err)
{
	struct checker c = { r, out, 0 };
	struct ledger l;
	struct units u = { 0 };
	struct check_index ci = { 0 };
	int rc, have_units;

	memset(out, 0, sizeof(*out));
	have_units = check_units(&c, &u);
	check_rules_file(&c);
	if ((rc = ledger_load_flags(r, &l, LEDGER_NO_UNITS, err)) < 0)
		goto out;
	out->files = l.n + 1;
	if ((rc = check_index_build(&l, &ci, err)) < 0)
		goto done;
	check_records(&c, &l, have_units ? &u : NULL, &ci);
	out->problems += ledger_check_refs(r, &l, refs_line, &c); /* sites, cases, ... cited */
	check_duplicate_ids(&c, &l, ci.ids, ci.nids);
	if ((rc = check_signatures(&c, err)) < 0)
		goto done;
	if (repo_dirty_paths(r, &out->dirty, &out->ndirty, NULL) < 0) {
		out->dirty = NULL;
		out->ndirty = 0;
	}
	if (c.oom)
		rc = ggw_oom(err);
done:
	check_index_free(&ci);
	ledger_free(&l);
out:
	units_free(&u);
	return rc;
}

void check_report_free(struct check_report *c)
{
	for (size_t k = 0; k < c->n; k++) {
		free(c->v[k].path);
		free(c->v[k].text);
	}
	free(c->v);
	repo_paths_free(c->dirty, c->ndirty);
	memset(c, 0, sizeof(*c));
}
