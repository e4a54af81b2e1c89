/* Shared by the libFuzzer targets: a loud failure that libFuzzer records
 * as a crash (with the input saved), and node dumping for the report. */
#ifndef GGW_FUZZ_COMMON_H
#define GGW_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "../../model/node.h"

static inline void fuzz_dump(const struct node *n, int depth)
{
	for (size_t i = 0; n && n->kind != NODE_SCALAR && i < n->count; i++) {
		fprintf(stderr, "%*s%s%s\n", depth * 2, "", n->kind == NODE_MAP ? n->keys[i] : "-",
			n->kids[i].kind == NODE_SCALAR ? "" : ":");
		if (n->kids[i].kind == NODE_SCALAR)
			fprintf(stderr, "%*s  = \"%s\"\n", depth * 2, "", n->kids[i].str);
		fuzz_dump(&n->kids[i], depth + 1);
	}
}

#define FUZZ_ASSERT(cond, ...)                                              \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "fuzz: %s:%d: %s: ", __FILE__,      \
				__LINE__, #cond);                           \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
			abort();                                            \
		}                                                           \
	} while (0)

#endif
