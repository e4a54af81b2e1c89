/* Work-tree status, whole-ledger log and config listing (libgit2), for
 * `ggw check`, `ggw log` and `ggw config`. Kept apart from repo.c so the
 * records layer still reaches libgit2 only through storage/. */
#ifndef GGW_REPO_STATUS_H
#define GGW_REPO_STATUS_H

#include <stddef.h>

#include "../model/err.h"
#include "repo.h"

/* Record files (units.yaml, activities/, volunteers/) that differ from
 * HEAD: modified, added, deleted or untracked. *paths is a malloc'd array
 * of malloc'd repository-relative paths; free with repo_paths_free. */
int repo_dirty_paths(struct repo *r, char ***paths, size_t *n, struct ggw_error *err);
void repo_paths_free(char **paths, size_t n);

/* The newest commits of HEAD's history (first parents), at most limit
 * (0: all). content/content_len of each version are NULL/0. An unborn HEAD
 * gives none. */
int repo_log(struct repo *r, size_t limit, struct file_version **out, size_t *n,
	     struct ggw_error *err);

/* Settings whose name starts with prefix (e.g. "ggw."), as "name=value"
 * strings, each name once (the most local level wins). */
int repo_config_list(struct repo *r, const char *prefix, char ***items, size_t *n,
		     struct ggw_error *err);

#endif
