/* The ledger id in units.yaml; see ledgerid.h. */
#include "ledgerid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "../model/i18n.h"
#include "../model/node.h"
#include "../model/record.h"
#include "../storage/gitp.h"
#include "../storage/yamlio.h"
#include "ledger.h"

int ledgerid_make(char *out, struct ggw_error *err)
{
	unsigned char raw[LEDGER_ID_LEN / 2];
	static const char hex[] = "0123456789abcdef";
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n <= 0)
			return ggw_fail(err, GGW_EIO, _("无法取得随机数，没有生成台账编号"));
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[LEDGER_ID_LEN] = '\0';
	return 0;
}

int ledgerid_valid(const char *s)
{
	size_t n = 0;

	for (; s && s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return n == LEDGER_ID_LEN;
}

void ledgerid_of_commit(struct repo *r, const char *commit, char *id, size_t idlen,
			char *street, size_t streetlen)
{
	struct tree_item *items = NULL;
	struct commit_info c;
	size_t n = 0;

	id[0] = street[0] = '\0';
	if (gitp_commit_info(r, commit, &c, NULL) < 0)
		return;
	if (gitp_tree_items(r, c.tree, &items, &n, NULL) == 0) {
		for (size_t i = 0; i < n; i++) {
			char *data = NULL;
			size_t len = 0;
			struct node root;

			if (strcmp(items[i].path, "units.yaml") ||
			    gitp_read_blob(r, items[i].blob, &data, &len, NULL) < 0)
				continue;
			if (len <= YAML_MAX_BYTES && yaml_parse("units.yaml", data, len, &root, NULL) == 0) {
				const char *l = node_map_str(&root, "ledger");
				const char *s = node_map_str(&root, "street");

				snprintf(id, idlen, "%s", l && ledgerid_valid(l) ? l : "");
				snprintf(street, streetlen, "%s", s ? s : "");
				node_free(&root);
			}
			free(data);
		}
	}
	tree_items_free(items, n);
	commit_info_free(&c);
}

int ledgerid_ensure(struct repo *r, const struct actor *a, int *added, struct ggw_error *err)
{
	struct node root;
	struct problems probs = { 0 };
	char id[LEDGER_ID_LEN + 1], *yaml = NULL, *msg = NULL;
	const char *paths[1] = { "units.yaml" };
	const char *data[1];
	size_t len = 0;
	int rc;

	*added = 0;
	if (!a->unit || strcmp(a->unit, "office"))
		return 0; /* a unit adopts the office's through sync */
	if ((rc = units_load_node(r, &root, err)) < 0)
		return rc;
	if (node_map_str(&root, "ledger")) {
		node_free(&root);
		return 0;
	}
	if ((rc = ledgerid_make(id, err)) < 0)
		goto done;
	if (node_map_set_str(&root, "ledger", id, SCALAR_TEXT) < 0) {
		rc = ggw_oom(err);
		goto done;
	}
	if (record_validate(REC_UNITS, &root, &probs) > 0) {
		rc = ggw_fail(err, GGW_EINVALID, "units.yaml: %s", probs.v[0].msg);
		goto done;
	}
	if ((rc = record_to_yaml(REC_UNITS, &root, &yaml, &len, err)) < 0)
		goto done;
	/* Commit messages are shared history: always Chinese. */
	if (asprintf(&msg, "台账编号：%s\n\nGgw-Unit: %s\nGgw-Record: units.yaml\nGgw-Action: edit\n",
		     id, a->unit) < 0) {
		msg = NULL;
		rc = ggw_oom(err);
		goto done;
	}
	data[0] = yaml;
	if ((rc = ops_commit_files(r, a, paths, data, &len, 1, msg, NULL, err)) == 0)
		*added = 1;
done:
	problems_free(&probs);
	node_free(&root);
	free(yaml);
	free(msg);
	return rc;
}
