/* Filtering and sorting ledger entries. */
#include "ledger.h"

#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/text.h"

void query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
	q->type = -1;
	q->category = -1;
	q->form = -1;
	q->sort = SORT_DATE_DESC;
}

int entry_matches(const struct entry *e, const struct query *q)
{
	if (!e->valid && !q->include_invalid)
		return 0;
	if (q->type >= 0 && (int)e->type != q->type)
		return 0;
	if (q->unit && strcmp(e->unit, q->unit))
		return 0;
	if (q->year && e->date / 10000 != q->year)
		return 0;
	if (q->from && e->date < q->from)
		return 0;
	if (q->to && e->date > q->to)
		return 0;
	if (q->category >= 0 && e->category != q->category)
		return 0;
	if (q->form >= 0 && e->form != q->form)
		return 0;
	if (q->missing_five_have &&
	    (e->type != REC_ACTIVITY || e->five_have == (1u << FIVE_HAVE_COUNT) - 1))
		return 0;
	if (q->conflicts && !e->has_conflicts)
		return 0;
	if (q->grep && *q->grep && !text_find(e->search ? e->search : "", q->grep) &&
	    !text_find(e->id, q->grep))
		return 0;
	return 1;
}

static const struct ledger *sort_ledger;
static enum sort_order sort_how;

int ledger_entry_cmp(const struct entry *a, const struct entry *b, enum sort_order how)
{
	int c = 0;

	switch (how) {
	case SORT_DATE_DESC:
		c = (a->date < b->date) - (a->date > b->date);
		if (!c)
			c = -strcmp(a->id, b->id);
		break;
	case SORT_DATE_ASC:
		c = (a->date > b->date) - (a->date < b->date);
		if (!c)
			c = strcmp(a->id, b->id);
		break;
	case SORT_TITLE:
		c = strcmp(a->title ? a->title : "", b->title ? b->title : "");
		if (!c)
			c = strcmp(a->id, b->id);
		break;
	}
	if (!c)
		c = strcmp(a->path, b->path);
	return c;
}

static int compare_entries(const void *pa, const void *pb)
{
	return ledger_entry_cmp(&sort_ledger->v[*(const size_t *)pa], &sort_ledger->v[*(const size_t *)pb],
			   sort_how);
}

int ledger_query(const struct ledger *l, const struct query *q, size_t **idx, size_t *n,
		 struct ggw_error *err)
{
	size_t *v = NULL, count = 0;

	*idx = NULL;
	*n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (entry_matches(&l->v[i], q))
			count++;
	if (!count)
		return 0;
	if (!(v = malloc(count * sizeof(*v))))
		return ggw_oom(err);
	count = 0;
	for (size_t i = 0; i < l->n; i++)
		if (entry_matches(&l->v[i], q))
			v[count++] = i;
	/* qsort has no context argument in C11; the ledger is not shared
	 * between threads. */
	sort_ledger = l;
	sort_how = q->sort;
	qsort(v, count, sizeof(*v), compare_entries);
	sort_ledger = NULL;
	*idx = v;
	*n = count;
	return 0;
}
