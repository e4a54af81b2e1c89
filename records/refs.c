/* The cited-record check of `ggw check` (refs.h). */
#include "refs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/record.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Where in the file the id is written under key (1:1 if not found). */
static void find_position(struct repo *r, const char *path, const char *key, const char *id,
			  int *line, int *col)
{
	struct node rec;
	const struct node *v;

	*line = *col = 1;
	if (record_load_file(r, path, &rec, NULL) < 0)
		return;
	v = node_map_get(&rec, key);
	for (size_t k = 0; v && k < (v->kind == NODE_SEQ ? v->count : 1); k++) {
		const struct node *it = v->kind == NODE_SEQ ? &v->kids[k] : v;

		if (it->kind == NODE_SCALAR && it->str && !strcmp(it->str, id) && it->line > 0) {
			*line = it->line;
			*col = it->col;
			break;
		}
	}
	node_free(&rec);
}

/* One entry's refs against the sorted ids of valid records. */
static size_t check_entry(struct repo *r, const struct entry *e, char **ids, size_t nids,
			  refs_emit_fn *emit, void *ctx)
{
	char buf[4096], line_text[1024], *save = NULL, *tok;
	size_t count = 0;

	snprintf(buf, sizeof(buf), "%s", e->refs);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *id = strchr(tok, '=');
		const struct field_def *f;
		const struct record_type_def *d;
		const char *key;
		int line, col;

		if (!id)
			continue;
		*id++ = '\0';
		key = id;
		if (nids && bsearch(&key, ids, nids, sizeof(*ids), cmp_str))
			continue;
		f = field_find(record_fields(e->type), tok);
		d = record_type_def(f ? field_ref_type(f) : -1);
		find_position(r, e->path, tok, id, &line, &col);
		snprintf(line_text, sizeof(line_text),
			 _("%s:%d:%d: “%s”（%s）引用的%s %s 不存在（%s/ 里没有这个编号）"), e->path, line,
			 col, f ? _(f->label) : tok, tok, d ? _(d->label) : "", id, d ? d->folder : "");
		emit(ctx, e->path, line_text);
		count++;
	}
	return count;
}

size_t ledger_check_refs(struct repo *r, const struct ledger *l, refs_emit_fn *emit, void *ctx)
{
	char **ids = calloc(l->n + 1, sizeof(*ids));
	size_t nids = 0, count = 0;

	if (!ids)
		return 0;
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].valid && l->v[k].id)
			ids[nids++] = (char *)l->v[k].id;
	qsort(ids, nids, sizeof(*ids), cmp_str);
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].valid && l->v[k].refs && *l->v[k].refs)
			count += check_entry(r, &l->v[k], ids, nids, emit, ctx);
	free(ids);
	return count;
}
