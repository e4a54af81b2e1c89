/* The printing commands of ggw-papers (papers/main.c's table). Each takes
 * the open repository and argv with argv[0] the command name, as ggw's own
 * commands do, and returns 0 or a GGW_E* code with err filled. */
#ifndef GGW_PAPERS_H
#define GGW_PAPERS_H

#include "../model/err.h"
#include "../storage/repo.h"

#endif
