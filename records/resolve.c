#include "resolve.h"

#include <string.h>

#include "../model/fields.h"
#include "../model/i18n.h"
#include "../model/merge.h"
#include "../model/node.h"
#include "../model/record.h"
#include "ledger.h"

/* The record's type from its schema, else from the form of its id. */
static int resolve_type(const struct node *rec, const char *id, const char *relpath,
			struct ggw_error *err)
{
	int type = record_type_from_schema(node_map_str(rec, "schema"));

	if (type < 0)
		type = (int)record_id_type(id);
	if (!record_type_def(type))
		return ggw_fail(err, GGW_EINVALID, _("%s 不是可以识别的记录"), relpath);
	return type;
}

int ops_resolve(struct repo *r, const struct actor *a, const char *id, const char *field,
		char how, const char *value, char *commit_id, struct ggw_error *err)
{
	struct node rec = { 0 };
	char relpath[256];
	int rc, type;

	commit_id[0] = '\0';
	if ((rc = ops_find_path(r, id, relpath, sizeof(relpath), err)) < 0 ||
	    (rc = record_load_file(r, relpath, &rec, err)) < 0)
		return rc;
	if ((rc = type = resolve_type(&rec, id, relpath, err)) < 0 ||
	    (rc = ops_check_scope(a, node_map_str(&rec, "unit"), err)) < 0)
		goto done;
	/* schema, id and unit make the file's path: only kept as they are */
	if (how != 'o' && (!strcmp(field, "schema") || !strcmp(field, "id") ||
			   !strcmp(field, "unit"))) {
		rc = ggw_fail(err, GGW_EINVALID,
			      _("字段“%s”决定记录文件的位置，只能用 --ours 保留现在的值"), field);
		goto done;
	}
	if ((rc = merge_resolve((enum record_type)type, &rec, field, how, value, err)) < 0) {
		if (rc == GGW_ENOTFOUND)
			ggw_fail(err, GGW_ENOTFOUND,
				 _("记录 %s 的字段“%s”没有冲突，不用解决（ggw show %s 可以查看冲突）"),
				 id, field, id);
		goto done;
	}
	/* takes the lock, checks the record again and commits (the same path
	 * as the interface's conflict screen) */
	rc = ops_edit_action_commit(r, a, id, &rec, "resolve", NULL, commit_id, err);
	if (rc > 0)
		rc = 0;
done:
	node_free(&rec);
	return rc;
}
