/* Strict, bounded YAML reading and canonical writing with libyaml.
 * Reading refuses: input over 256 KiB, nesting deeper than 8, any alias or
 * anchor, any tag, invalid UTF-8, duplicate keys, non-string keys, more than
 * one document; errors are "path:line:column: reason". A leading UTF-8 BOM
 * (Windows editors add one) is skipped; the writer never writes one. */
#ifndef GGW_YAMLIO_H
#define GGW_YAMLIO_H

#include <stddef.h>

#include "../model/err.h"
#include "../model/node.h"

#define YAML_MAX_BYTES (256 * 1024)
#define YAML_MAX_DEPTH 8

/* Parse buf (len bytes) into *out (a map, the document root). name is used
 * in messages. Scalars read plain get SCALAR_PLAIN, quoted or block ones
 * SCALAR_TEXT. An empty document gives an empty map. 0 or GGW_EINVALID. */
int yaml_parse(const char *name, const char *buf, size_t len, struct node *out,
	       struct ggw_error *err);
/* The same always through libyaml, never the fast path (storage/yamlfast.h):
 * for tests comparing the two. */
int yaml_parse_libyaml(const char *name, const char *buf, size_t len, struct node *out,
		       struct ggw_error *err);
/* Read and parse a file (size checked before reading). GGW_EIO if it can't
 * be read. */
int yaml_load_file(const char *path, struct node *out, struct ggw_error *err);

/* Emit root as one block-style document: UTF-8 as is (no \u escapes), no
 * line folding, LF, no "---" or "...", literal blocks for multi-line text,
 * quotes wherever YAML would read a SCALAR_TEXT as non-string. *out is
 * malloc'd and NUL-terminated. */
int yaml_emit(const struct node *root, char **out, size_t *len, struct ggw_error *err);

/* Would a plain scalar s be read by a YAML 1.1/1.2 reader as something
 * other than this string (null, bool, number, date, or syntax)? */
int yaml_plain_is_ambiguous(const char *s);

#endif
