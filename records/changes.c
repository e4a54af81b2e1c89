#include "changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/record.h"

/* Apply "FIELD=VALUE" or "FIELD+=VALUE". unit may be set on add only
 * (the office adding for a unit); record_set_field refuses it. */
static int apply_one(enum record_type t, struct node *rec, const char *arg, int adding,
		     struct ggw_error *err)
{
	const char *eq = strchr(arg, '=');
	char field[128];
	char op = '=';
	size_t n;

	if (!eq || eq == arg)
		return ggw_fail(err, GGW_EUSAGE, _("--set 要写成 字段=值（如 title=防溺水讲座）"));
	n = (size_t)(eq - arg);
	if (eq[-1] == '+') {
		op = '+';
		n--;
	}
	if (n == 0 || n >= sizeof(field))
		return ggw_fail(err, GGW_EUSAGE, _("--set 要写成 字段=值（如 title=防溺水讲座）"));
	memcpy(field, arg, n);
	field[n] = '\0';
	if (adding && op == '=' && !strcmp(field, "unit")) {
		if (!unit_key_valid(eq + 1))
			return ggw_fail(err, GGW_EINVALID, _("单位代码“%s”无效"), eq + 1);
		return node_map_set_str(rec, "unit", eq + 1, SCALAR_TEXT) < 0 ? ggw_oom(err) : 0;
	}
	return record_set_field(t, rec, field, op, eq + 1, err);
}

/* Problems of the rest of the record, after some changes were refused.
 * Fields in skip (already told) and the fixed fields ggw fills itself
 * are left out. */
static void tell_other_problems(enum record_type t, const struct node *rec, char skip[][128],
				size_t nskip, void (*say)(const char *, void *), void *data)
{
	struct node copy;
	struct problems probs = { 0 };
	char pid[32];

	if (node_clone(&copy, rec) < 0)
		return;
	if (!node_map_get(&copy, "schema"))
		node_map_set_str(&copy, "schema", record_schema(t), SCALAR_TEXT);
	if (!node_map_get(&copy, "unit"))
		node_map_set_str(&copy, "unit", "office", SCALAR_TEXT);
	record_type_id_placeholder(t, pid, sizeof(pid));
	if (!node_map_get(&copy, "id"))
		node_map_set_str(&copy, "id", pid, SCALAR_TEXT);
	record_validate(t, &copy, &probs);
	for (size_t k = 0; k < probs.n; k++) {
		int dup = 0;

		for (size_t j = 0; j < nskip; j++)
			dup |= !strcmp(probs.v[k].field, skip[j]);
		if (!dup)
			say(probs.v[k].msg, data);
	}
	problems_free(&probs);
	node_free(&copy);
}

int record_apply_changes(enum record_type t, struct node *rec, const char *const *changes,
			 size_t n, int adding, void (*say)(const char *msg, void *data),
			 void *data, struct ggw_error *err)
{
	char (*failed_fields)[128] = calloc(n ? n : 1, 128);
	size_t failed = 0;
	int first = 0, rc = 0;

	if (!failed_fields)
		return ggw_oom(err);
	for (size_t k = 0; k < n && rc != GGW_EUSAGE && rc != GGW_ENOMEM; k++) {
		struct ggw_error e = { 0, "" };

		rc = apply_one(t, rec, changes[k], adding, &e);
		if (rc == GGW_EUSAGE || rc == GGW_ENOMEM) {
			if (err)
				*err = e;
		} else if (rc < 0) {
			say(e.msg, data);
			snprintf(failed_fields[failed], 128, "%.*s", (int)strcspn(changes[k], "+="),
				 changes[k]);
			if (!failed++)
				first = rc;
		}
	}
	if (rc == GGW_EUSAGE || rc == GGW_ENOMEM) {
		free(failed_fields);
		return rc;
	}
	if (failed)
		tell_other_problems(t, rec, failed_fields, failed, say, data);
	free(failed_fields);
	return failed ? ggw_fail(err, first, _("有 %zu 处 --set 无效，没有保存"), failed) : 0;
}
