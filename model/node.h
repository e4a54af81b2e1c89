/* A record in memory: an ordered YAML-like tree of maps, sequences and
 * string scalars. Keys the field table does not know are kept as they are,
 * so a newer ggw's data survives an older ggw's edit. */
#ifndef GGW_NODE_H
#define GGW_NODE_H

#include <stddef.h>

enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };

/* How a scalar is written back:
 * SCALAR_TEXT  - a string: quoted if YAML would read it as anything else,
 *                literal block (|) if it has a newline;
 * SCALAR_PLAIN - typed value (integer, bool, date) or an unknown key's
 *                value read plain: written plain when that is safe. */
enum scalar_style { SCALAR_TEXT, SCALAR_PLAIN };

struct node {
	enum node_kind kind;
	enum scalar_style style; /* NODE_SCALAR only */
	char *str;               /* NODE_SCALAR: UTF-8, NUL-terminated */
	size_t count;            /* NODE_SEQ/NODE_MAP: number of children */
	size_t cap;
	char **keys;             /* NODE_MAP: keys[i] names kids[i] */
	struct node *kids;       /* children; realloc'd: don't keep pointers */
	int line, col;           /* 1-based source position, 0 if built */
};

/* Constructors fill *n (caller owns storage); return 0 or -1 (ENOMEM). */
int node_init_map(struct node *n);
int node_init_seq(struct node *n);
int node_init_scalar(struct node *n, const char *s, enum scalar_style style);
void node_free(struct node *n); /* frees children and strings, not n */
int node_clone(struct node *dst, const struct node *src);
/* Structural equality (kind, strings, keys in order; style and position
 * ignored). */
int node_equal(const struct node *a, const struct node *b);

/* Maps. get returns NULL if absent or map is not a map. */
struct node *node_map_get(const struct node *map, const char *key);
const char *node_map_str(const struct node *map, const char *key); /* scalar or NULL */
long node_map_index(const struct node *map, const char *key);       /* -1 if absent */
/* set replaces an existing key in place (keeping its position) or appends;
 * it takes ownership of *val (moved; *val is left zeroed). */
int node_map_set(struct node *map, const char *key, struct node *val);
int node_map_set_str(struct node *map, const char *key, const char *s,
		     enum scalar_style style);
int node_map_remove(struct node *map, const char *key); /* 1 removed, 0 absent */
/* Insert key at position pos (moves val). */
int node_map_insert(struct node *map, size_t pos, const char *key, struct node *val);

/* Sequences. append moves *val. */
int node_seq_append(struct node *seq, struct node *val);
int node_seq_append_str(struct node *seq, const char *s, enum scalar_style style);

/* Walk a dotted path ("five_have.summary") through maps. */
struct node *node_path_get(const struct node *root, const char *dotted);

#endif
