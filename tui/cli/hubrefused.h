/* ggw status and ggw log: a hub's refused commits said plainly (which
 * commits, by whom, why, what the office runs), from records/hub_refused.h. */
#ifndef GGW_CLI_HUBREFUSED_H
#define GGW_CLI_HUBREFUSED_H

#include "../../storage/repo.h"

/* Under ggw status's line for remote: why it was refused. */
void hubrefused_status(struct repo *r, const char *remote);

/* After ggw log's history: for each remote whose main holds refused
 * commits, the commits that never entered this ledger. */
void hubrefused_log(struct repo *r);

#endif
