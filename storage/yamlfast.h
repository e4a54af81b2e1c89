/* The YAML reader's fast path: the one shape of document ggw itself writes
 * (yaml_emit's canonical form: block maps of lowercase keys, plain one-line
 * values, literal blocks, indentless sequences of plain values), read
 * without libyaml into the very tree libyaml's events would give (same
 * strings, styles, lines and columns). Anything else, however harmless,
 * is left to libyaml: the fast path never refuses a document, it only
 * declines it. */
#ifndef GGW_YAMLFAST_H
#define GGW_YAMLFAST_H

#include <stddef.h>

#include "../model/node.h"

/* buf holds valid UTF-8 with no character yaml_parse refuses, no TAB, CR,
 * BOM, U+2028 or U+2029 (the caller checked). 1: *out is the document;
 * 0: declined, *out untouched; -1: out of memory. */
int yaml_fast_parse(const char *buf, size_t len, struct node *out);

#endif
