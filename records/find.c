#include "find.h"

#include <stdio.h>
#include <string.h>

#include "../storage/repo_status.h"
#include "history.h"
#include "ops.h"

/* A deleted record's path, from the Ggw-Record trailers of the history. */
static int find_deleted_path(struct repo *r, const char *id, char *relpath, size_t len)
{
	struct file_version *v = NULL;
	size_t n = 0;
	char rec[512], want[80];
	int found = 0;

	snprintf(want, sizeof(want), "/%s.yaml", id);
	if (repo_log(r, 0, &v, &n, NULL) < 0)
		return -1;
	for (size_t i = 0; i < n && !found; i++) {
		size_t rl;

		if (message_trailer(v[i].message, "Ggw-Record", rec, sizeof(rec)) < 0)
			continue;
		rl = strlen(rec);
		if (rl > strlen(want) && !strcmp(rec + rl - strlen(want), want)) {
			snprintf(relpath, len, "%s", rec);
			found = 1;
		}
	}
	file_versions_free(v, n);
	return found ? 0 : -1;
}

int record_find_any(struct repo *r, const char *id, char *relpath, size_t len,
		    struct ggw_error *err)
{
	struct ggw_error ferr = { 0, "" };
	int rc = ops_find_path(r, id, relpath, len, &ferr);

	if (rc == GGW_ENOTFOUND && find_deleted_path(r, id, relpath, len) == 0)
		return 0;
	if (rc < 0 && err)
		*err = ferr;
	return rc;
}
