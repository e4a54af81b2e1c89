/* The in-memory record tree (see node.h). Moves leave the source zeroed so
 * that ownership is always clear: whoever holds a non-zero node frees it. */
#include "node.h"

#include <stdlib.h>
#include <string.h>

int node_init_map(struct node *n)
{
	memset(n, 0, sizeof(*n));
	n->kind = NODE_MAP;
	return 0;
}

int node_init_seq(struct node *n)
{
	memset(n, 0, sizeof(*n));
	n->kind = NODE_SEQ;
	return 0;
}

int node_init_scalar(struct node *n, const char *s, enum scalar_style style)
{
	memset(n, 0, sizeof(*n));
	n->kind = NODE_SCALAR;
	n->style = style;
	n->str = strdup(s ? s : "");
	return n->str ? 0 : -1;
}

void node_free(struct node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->count; i++) {
		node_free(&n->kids[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->kids);
	free(n->keys);
	free(n->str);
	memset(n, 0, sizeof(*n));
}

/* Make room for one more child (and key for maps). */
static int node_grow(struct node *n)
{
	size_t cap;
	struct node *kids;
	char **keys;

	if (n->count < n->cap)
		return 0;
	cap = n->cap ? n->cap * 2 : 4;
	kids = realloc(n->kids, cap * sizeof(*kids));
	if (!kids)
		return -1;
	n->kids = kids;
	if (n->kind == NODE_MAP) {
		keys = realloc(n->keys, cap * sizeof(*keys));
		if (!keys)
			return -1;
		n->keys = keys;
	}
	n->cap = cap;
	return 0;
}

int node_clone(struct node *dst, const struct node *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->kind = src->kind;
	dst->style = src->style;
	dst->line = src->line;
	dst->col = src->col;
	if (src->kind == NODE_SCALAR) {
		dst->str = strdup(src->str ? src->str : "");
		return dst->str ? 0 : -1;
	}
	if (src->count == 0)
		return 0;
	dst->kids = calloc(src->count, sizeof(*dst->kids));
	if (!dst->kids)
		return -1;
	if (src->kind == NODE_MAP) {
		dst->keys = calloc(src->count, sizeof(*dst->keys));
		if (!dst->keys)
			goto fail;
	}
	dst->cap = src->count;
	for (i = 0; i < src->count; i++) {
		/* count tracks built children so node_free cleans up exactly */
		if (node_clone(&dst->kids[i], &src->kids[i]) < 0) {
			node_free(&dst->kids[i]);
			goto fail;
		}
		if (dst->keys) {
			dst->keys[i] = strdup(src->keys[i] ? src->keys[i] : "");
			if (!dst->keys[i]) {
				node_free(&dst->kids[i]);
				goto fail;
			}
		}
		dst->count = i + 1;
	}
	return 0;
fail:
	node_free(dst);
	return -1;
}

int node_equal(const struct node *a, const struct node *b)
{
	size_t i;

	if (a == b)
		return 1;
	if (!a || !b || a->kind != b->kind)
		return 0;
	if (a->kind == NODE_SCALAR)
		return strcmp(a->str ? a->str : "", b->str ? b->str : "") == 0;
	if (a->count != b->count)
		return 0;
	for (i = 0; i < a->count; i++) {
		if (a->kind == NODE_MAP &&
		    strcmp(a->keys[i] ? a->keys[i] : "", b->keys[i] ? b->keys[i] : "") != 0)
			return 0;
		if (!node_equal(&a->kids[i], &b->kids[i]))
			return 0;
	}
	return 1;
}

/* Readers look fields up in field-table order, which is the order a
 * canonical file has them in: try the key after this thread's last hit in
 * the same map first. Keys are compared by first byte before strcmp. */
static _Thread_local const struct node *hint_map;
static _Thread_local size_t hint_next;

long node_map_index(const struct node *map, const char *key)
{
	size_t i;

	if (!map || map->kind != NODE_MAP || !key)
		return -1;
	i = hint_map == map ? hint_next : 0;
	if (i < map->count && map->keys[i] && map->keys[i][0] == key[0] &&
	    strcmp(map->keys[i], key) == 0)
		goto found;
	for (i = 0; i < map->count; i++)
		if (map->keys[i] && map->keys[i][0] == key[0] && strcmp(map->keys[i], key) == 0)
			goto found;
	return -1;
found:
	hint_map = map;
	hint_next = i + 1;
	return (long)i;
}

struct node *node_map_get(const struct node *map, const char *key)
{
	long i = node_map_index(map, key);

	return i < 0 ? NULL : &map->kids[i];
}

const char *node_map_str(const struct node *map, const char *key)
{
	const struct node *v = node_map_get(map, key);

	return v && v->kind == NODE_SCALAR ? v->str : NULL;
}

/* On failure *val is freed too, so a moved value never leaks. */
int node_map_set(struct node *map, const char *key, struct node *val)
{
	long i;

	if (!map || map->kind != NODE_MAP || !key) {
		node_free(val);
		return -1;
	}
	i = node_map_index(map, key);
	if (i >= 0) {
		node_free(&map->kids[i]);
		map->kids[i] = *val;
		memset(val, 0, sizeof(*val));
		return 0;
	}
	return node_map_insert(map, map->count, key, val);
}

int node_map_set_str(struct node *map, const char *key, const char *s,
		     enum scalar_style style)
{
	struct node v;

	if (node_init_scalar(&v, s, style) < 0)
		return -1;
	return node_map_set(map, key, &v);
}

int node_map_remove(struct node *map, const char *key)
{
	long i = node_map_index(map, key);

	if (i < 0)
		return 0;
	node_free(&map->kids[i]);
	free(map->keys[i]);
	memmove(&map->kids[i], &map->kids[i + 1],
		(map->count - (size_t)i - 1) * sizeof(*map->kids));
	memmove(&map->keys[i], &map->keys[i + 1],
		(map->count - (size_t)i - 1) * sizeof(*map->keys));
	map->count--;
	return 1;
}

int node_map_insert(struct node *map, size_t pos, const char *key, struct node *val)
{
	char *k;

	if (!map || map->kind != NODE_MAP || !key) {
		node_free(val);
		return -1;
	}
	if (pos > map->count)
		pos = map->count;
	k = strdup(key);
	if (!k || node_grow(map) < 0) {
		free(k);
		node_free(val);
		return -1;
	}
	memmove(&map->kids[pos + 1], &map->kids[pos],
		(map->count - pos) * sizeof(*map->kids));
	memmove(&map->keys[pos + 1], &map->keys[pos],
		(map->count - pos) * sizeof(*map->keys));
	map->kids[pos] = *val;
	map->keys[pos] = k;
	map->count++;
	memset(val, 0, sizeof(*val));
	return 0;
}

int node_seq_append(struct node *seq, struct node *val)
{
	if (!seq || seq->kind != NODE_SEQ || node_grow(seq) < 0) {
		node_free(val);
		return -1;
	}
	seq->kids[seq->count++] = *val;
	memset(val, 0, sizeof(*val));
	return 0;
}

int node_seq_append_str(struct node *seq, const char *s, enum scalar_style style)
{
	struct node v;

	if (node_init_scalar(&v, s, style) < 0)
		return -1;
	return node_seq_append(seq, &v);
}

struct node *node_path_get(const struct node *root, const char *dotted)
{
	const struct node *cur = root;
	char key[256];
	const char *p = dotted, *dot;
	size_t len;

	if (!root || !dotted)
		return NULL;
	for (;;) {
		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof(key))
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		cur = node_map_get(cur, key);
		if (!cur || !dot)
			return (struct node *)cur;
		p = dot + 1;
	}
}
