/* Two parsed trees alike in everything a reader sees: kinds, keys in
 * order, scalars with their styles, and every line and column. The YAML
 * fast path (storage/yamlfast.c) must give what libyaml gives; the unit
 * test and the fuzz target both ask. (node_equal ignores style and
 * positions: what a merge compares.) */
#ifndef GGW_TESTS_SAME_TREE_H
#define GGW_TESTS_SAME_TREE_H

#include <string.h>

#include "../model/node.h"

static inline int same_tree(const struct node *a, const struct node *b)
{
	if (a->kind != b->kind || a->line != b->line || a->col != b->col || a->count != b->count)
		return 0;
	if (a->kind == NODE_SCALAR)
		return a->style == b->style && !strcmp(a->str, b->str);
	for (size_t i = 0; i < a->count; i++)
		if ((a->kind == NODE_MAP && strcmp(a->keys[i], b->keys[i])) ||
		    !same_tree(&a->kids[i], &b->kids[i]))
			return 0;
	return 1;
}

#endif
