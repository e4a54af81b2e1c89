/* Where the printing program ggw-papers is (see papers/main.c): the command
 * line execs it, the interface runs it as a child. */
#ifndef GGW_PAPERS_PATH_H
#define GGW_PAPERS_PATH_H

#include <stddef.h>

/* $GGW_PAPERS, else ggw-papers beside this executable (/proc/self/exe),
 * else LIBEXECDIR/ggw-papers. Returns 0 and the path in out when the file
 * is executable, -1 (out holds the last place tried) when not found. */
int papers_program(char *out, size_t outsz);

#endif
