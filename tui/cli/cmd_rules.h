/* ggw rules (show, edit, check) and ggw score: thin commands over
 * records/rules_load.c and records/score.c. Declared in cli.h's table. */
#ifndef GGW_CMD_RULES_H
#define GGW_CMD_RULES_H

#include "cli.h"

#endif
