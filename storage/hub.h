/* Hubs and other local repositories reached by a path (a USB stick, a
 * shared folder): open one despite its owner, make a hub, copy objects
 * out of one (repair). */
#ifndef GGW_HUB_H
#define GGW_HUB_H

#include <stddef.h>

#include "../model/err.h"
#include "repo.h"

/* Open a local path's repository ignoring the owner check (a USB stick
 * mounted with another owner): used only for paths the user registered as
 * remotes. *bare set to 1/0. GGW_ENOTFOUND if it is not a repository. */
int transport_local_is_bare(const char *path, int *bare, struct ggw_error *err);

/* Make a bare hub at path (created; must be absent or empty), HEAD on main. */
int transport_hub_init(const char *path, struct ggw_error *err);

/* Copy objects from a local repository's object database (repair). Returns
 * the number copied in *copied. */
int transport_copy_objects(struct repo *r, const char *src_path, const char *const *oids,
			   size_t n, size_t *copied, struct ggw_error *err);

#endif
