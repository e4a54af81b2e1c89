#include "mergefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/fields.h"
#include "../model/i18n.h"
#include "../model/merge.h"
#include "../model/node.h"
#include "../storage/fsutil.h"
#include "../storage/gitmeta.h"
#include "../storage/yamlio.h"
#include "ops.h"

/* Parse one of git's files. An empty or missing base is "no ancestor".
 * raw (may be NULL) receives the bytes read, *rawlen their length. */
static int merge_file_load(const char *path, int optional, struct node *out, int *present,
			   char **raw, size_t *rawlen, struct ggw_error *err)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*present = 0;
	if (optional && (stat(path, &st) < 0 || st.st_size == 0))
		return 0;
	if ((rc = read_whole_file(path, YAML_MAX_BYTES, &buf, &len, err)) < 0)
		return rc;
	rc = yaml_parse(path, buf, len, out, err);
	if (rc == 0)
		*present = 1;
	if (rc == 0 && raw) {
		*raw = buf;
		*rawlen = len;
	} else {
		free(buf);
	}
	return rc;
}

static int merge_file_type(const struct node *n)
{
	const char *schema = n ? node_map_str(n, "schema") : NULL;

	return schema ? record_type_from_schema(schema) : -1;
}

/* git's merge driver: `ggw merge-file %O %A %B`. The result replaces %A.
 * Exit 0 when merged (recorded conflicts included: the record is valid and
 * flagged); on any error %A is left as it was and git reports a conflict. */
/* The three versions git gives the driver; ours_raw keeps ours' bytes. */
struct three {
	struct node base, ours, theirs;
	int have_base, have_ours, have_theirs;
	char *ours_raw;
	size_t ours_len;
};

static void three_free(struct three *t)
{
	free(t->ours_raw);
	if (t->have_base)
		node_free(&t->base);
	if (t->have_ours)
		node_free(&t->ours);
	if (t->have_theirs)
		node_free(&t->theirs);
}

/* Load the three files; the record type both sides agree on. */
static int three_load(struct three *t, const char *base, const char *ours, const char *theirs,
		      struct ggw_error *err)
{
	int rc, type, tt;

	if ((rc = merge_file_load(base, 1, &t->base, &t->have_base, NULL, NULL, err)) < 0 ||
	    (rc = merge_file_load(ours, 0, &t->ours, &t->have_ours, &t->ours_raw, &t->ours_len,
				  err)) < 0 ||
	    (rc = merge_file_load(theirs, 0, &t->theirs, &t->have_theirs, NULL, NULL, err)) < 0)
		return rc;
	type = merge_file_type(&t->ours);
	tt = merge_file_type(&t->theirs);
	if (type < 0)
		type = tt;
	if (type < 0 || (tt >= 0 && tt != type))
		return ggw_fail(err, GGW_EINVALID,
				_("%s 和 %s 不是同一种 ggw 记录（schema: 不对），无法按字段合并"), ours,
				theirs);
	return type;
}

int merge_driver(const char *base, const char *ours, const char *theirs, char *id, size_t len,
		 size_t *nconflicts, struct ggw_error *err)
{
	struct three t = { 0 };
	struct node out = { 0 };
	struct git_meta mo, mt;
	struct merge_side so, st;
	char *text = NULL;
	size_t text_len = 0;
	int rc, type, deleted = 0;

	*nconflicts = 0;
	snprintf(id, len, "%s", ours);
	if ((rc = type = three_load(&t, base, ours, theirs, err)) < 0)
		goto done;
	/* Metadata from the running git merge, if there is one; without it
	 * the winner rule falls back to the content. */
	gitmeta_driver_sides(t.ours_raw, t.ours_len, &mo, &mt, NULL);
	so = (struct merge_side){ &t.ours, mo.author, mo.unit, mo.time, mo.tz_minutes, mo.commit, 0 };
	st = (struct merge_side){ &t.theirs, mt.author, mt.unit, mt.time, mt.tz_minutes, mt.commit, 0 };
	if ((rc = merge_record((enum record_type)type, t.have_base ? &t.base : NULL, &so, &st, &out,
			       &deleted, nconflicts, err)) < 0)
		goto done;
	if (deleted) /* cannot happen with both sides present; keep ours */
		goto done;
	if ((rc = record_to_yaml_merged((enum record_type)type, &out, &text, &text_len, err)) < 0 ||
	    (rc = atomic_write(ours, text, text_len, err)) < 0)
		goto done;
	if (node_map_str(&out, "id"))
		snprintf(id, len, "%s", node_map_str(&out, "id"));
done:
	free(text);
	node_free(&out);
	three_free(&t);
	return rc;
}
