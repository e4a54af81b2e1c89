/* A second libgit2 handle on an open repository, for another thread:
 * libgit2's handles are not shared across threads here. */
#ifndef GGW_REPO_TWIN_H
#define GGW_REPO_TWIN_H

#include "../model/err.h"
#include "repo.h"

/* A struct repo on the same repository as r, with its own libgit2 handle
 * (what r's objects are on disk; no lock, no signer). Close with
 * repo_close. Not for repositories whose objects r holds only in memory. */
int repo_twin(struct repo *r, struct repo **out, struct ggw_error *err);

#endif
