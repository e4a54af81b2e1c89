/* rules.yaml: read from the work tree like units.yaml, refused when it
 * does not read, committed only when valid. */
#include "rules_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/i18n.h"
#include "../storage/fsutil.h"
#include "../storage/yamlio.h"

#define RULES_LOCK_WAIT_MS 10000

int rules_parse_text(const char *name, const char *yaml, size_t len, struct rules **out,
		     struct ggw_error *err)
{
	struct node root;
	int rc;

	*out = NULL;
	if ((rc = yaml_parse(name, yaml, len, &root, err)) < 0)
		return rc;
	rc = rules_from_node(&root, name, out, err);
	node_free(&root);
	return rc;
}

int rules_validate_text(const char *yaml, size_t len, struct ggw_error *err)
{
	struct rules *r = NULL;
	int rc = rules_parse_text(RULES_FILE, yaml, len, &r, err);

	rules_free(r);
	return rc;
}

/* The absolute path of rules.yaml; 1 if it is there, 0 if absent; a
 * symbolic link or a folder is refused. */
static int rules_path(struct repo *r, char *abs, size_t len, struct ggw_error *err)
{
	struct stat st;

	if (path_join(abs, len, repo_workdir(r), RULES_FILE) < 0)
		return ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), RULES_FILE);
	if (lstat(abs, &st) != 0)
		return errno == ENOENT ? 0 : ggw_fail(err, GGW_EIO, _("读不了 %s：%s"), RULES_FILE,
						      strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ggw_fail(err, GGW_EINVALID, _("%s 应为普通文件（不能是链接或文件夹）"), RULES_FILE);
	return 1;
}

int rules_load(struct repo *r, struct rules **out, struct ggw_error *err)
{
	char abs[4096], *buf = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = rules_path(r, abs, sizeof(abs), err)) <= 0)
		return rc;
	if ((rc = read_whole_file(abs, YAML_MAX_BYTES, &buf, &len, err)) < 0)
		return rc;
	rc = rules_parse_text(RULES_FILE, buf, len, out, err);
	free(buf);
	return rc;
}

const struct rules *ledger_rules(const struct ledger *l)
{
	return l && l->rules ? l->rules : rules_default();
}

int ledger_rules_ok(const struct ledger *l, struct ggw_error *err)
{
	if (l && l->rules_error)
		return ggw_fail(err, GGW_EINVALID, _("考核规则有误，不能计算：%s（办公室可用 ggw rules edit 修正）"),
				l->rules_error);
	return 0;
}

int rules_commit(struct repo *r, const struct actor *a, const char *text, size_t len,
		 struct ggw_error *err)
{
	const char *paths[1] = { RULES_FILE };
	char abs[4096], *old = NULL, *msg = NULL;
	size_t old_len = 0;
	int rc, present;

	if (!a->unit || strcmp(a->unit, "office"))
		return ggw_fail(err, GGW_EDENIED,
				_("只有街道办公室（office）可以修改考核规则；本机单位是 %s"),
				a->unit ? a->unit : "");
	if ((rc = rules_validate_text(text, len, err)) < 0)
		return ggw_prefix(err, _("考核规则无效，没有保存"));
	if ((rc = repo_lock(r, RULES_LOCK_WAIT_MS, NULL, NULL, err)) < 0)
		return rc;
	if ((rc = repo_signer_ready(r, err)) < 0) /* this PC's key before the file changes */
		goto done;
	if ((rc = present = rules_path(r, abs, sizeof(abs), err)) < 0)
		goto done;
	if (present && (rc = read_whole_file(abs, YAML_MAX_BYTES, &old, &old_len, err)) < 0)
		goto done;
	if (present && old_len == len && !memcmp(old, text, len)) {
		/* the same text: committed already, unless only the work
		 * tree has it */
		char *head = NULL;
		size_t head_len = 0;
		int same = repo_read_head(r, RULES_FILE, &head, &head_len, NULL) == 0 &&
			   head_len == len && !memcmp(head, text, len);

		free(head);
		if (same) {
			rc = OPS_UNCHANGED;
			goto done;
		}
	}
	if (asprintf(&msg, "修改考核规则\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: rules\n", a->unit,
		     RULES_FILE) < 0) {
		msg = NULL;
		rc = ggw_oom(err);
		goto done;
	}
	if ((rc = atomic_write(abs, text, len, err)) < 0)
		goto done;
	rc = repo_commit_paths(r, paths, 1, msg, a->name, a->email, NULL, err);
done:
	repo_unlock(r);
	free(old);
	free(msg);
	return rc;
}
