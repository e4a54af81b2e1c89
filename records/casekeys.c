/* Case keys on this PC only (casekeys.h). The file:
 *   schema: ggw/case-keys/1
 *   repository: /home/…/ledger     # for people reading it
 *   keys:
 *     XY-25-007: …                  # whatever the unit needs to find the child
 */
#include "casekeys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/node.h"
#include "../model/record.h"
#include "../storage/fsutil.h"
#include "../storage/yamlio.h"
#include "ledger.h"

#define KEYS_SCHEMA "ggw/case-keys/1"
#define KEYS_MAX_BYTES (1 << 20)

static int hex32(const char *s)
{
	return s && strlen(s) == 32 && strspn(s, "0123456789abcdef") == 32;
}

/* <config>/ggw/case-keys/<name>.yaml into buf. */
static int keys_file(const char *name, char *buf, size_t len, struct ggw_error *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && *xdg)
		n = snprintf(buf, len, "%s/ggw/case-keys/%s.yaml", xdg, name);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.config/ggw/case-keys/%s.yaml", home, name);
	else
		return ggw_fail(err, GGW_EINVALID, "%s",
				_("没有设置 HOME 或 XDG_CONFIG_HOME，不知道把编号对应信息存在哪里"));
	if (n < 0 || (size_t)n >= len)
		return ggw_fail(err, GGW_EINVALID, "%s", _("路径太长"));
	return 0;
}

int casekeys_path(struct repo *r, char *buf, size_t len, struct ggw_error *err)
{
	const char *ledger = NULL;
	struct node units;
	char name[48], by_dir[4096];
	unsigned long long h = 1469598103934665603ULL;
	int rc;

	/* FNV-1a of the folder: stable while the folder stays */
	for (const char *p = repo_workdir(r); *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	snprintf(name, sizeof(name), "dir-%016llx", h);
	if ((rc = keys_file(name, by_dir, sizeof(by_dir), err)) < 0)
		return rc;
	if (record_load_file(r, "units.yaml", &units, NULL) == 0) {
		ledger = node_map_str(&units, "ledger");
		snprintf(name, sizeof(name), "%s", hex32(ledger) ? ledger : "");
		node_free(&units);
	} else
		name[0] = '\0';
	/* the ledger's own name, unless keys were kept by folder before the
	 * ledger had one */
	if (!name[0] || access(by_dir, F_OK) == 0) {
		if (strlen(by_dir) >= len)
			return ggw_fail(err, GGW_EINVALID, "%s", _("路径太长"));
		memcpy(buf, by_dir, strlen(by_dir) + 1);
		return 0;
	}
	return keys_file(name, buf, len, err);
}

/* The file as a node; a missing file is an empty map. */
static int load(const char *path, struct node *out, struct ggw_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (access(path, F_OK) != 0 && errno == ENOENT) {
		node_init_map(out);
		return 0;
	}
	if ((rc = read_whole_file(path, KEYS_MAX_BYTES, &buf, &len, err)) < 0)
		return rc;
	rc = yaml_parse(path, buf, len, out, err);
	free(buf);
	if (rc == 0 && out->kind != NODE_MAP) {
		node_free(out);
		return ggw_fail(err, GGW_EINVALID, _("%s：不是编号对应信息文件"), path);
	}
	return rc;
}

/* Write with mode 0600 from the start (umask), in a 0700 folder. */
static int save(struct repo *r, const char *path, struct node *root, struct ggw_error *err)
{
	char *yaml = NULL, dir[4096], *slash;
	size_t len = 0;
	mode_t old;
	struct node out, *keys = node_map_get(root, "keys");
	int rc;

	/* schema and repository first, then the keys */
	node_init_map(&out);
	if (node_map_set_str(&out, "schema", KEYS_SCHEMA, SCALAR_TEXT) < 0 ||
	    node_map_set_str(&out, "repository", repo_workdir(r), SCALAR_TEXT) < 0 ||
	    (keys && node_map_set(&out, "keys", keys) < 0)) {
		node_free(&out);
		return ggw_oom(err);
	}
	rc = yaml_emit(&out, &yaml, &len, err);
	node_free(&out);
	if (rc < 0)
		return rc;
	snprintf(dir, sizeof(dir), "%s", path);
	old = umask(077);
	if ((slash = strrchr(dir, '/'))) {
		*slash = '\0';
		if ((rc = mkdir_parents(path, err)) == 0)
			chmod(dir, 0700);
	}
	if (rc == 0)
		rc = atomic_write(path, yaml, len, err);
	umask(old);
	if (rc == 0)
		chmod(path, 0600);
	free(yaml);
	return rc;
}

static int check_code(const char *code, struct ggw_error *err)
{
	if (!case_code_valid(code))
		return ggw_fail(err, GGW_EUSAGE,
				_("对象编号“%s”无效：应为大写字母或数字开头，由大写字母、数字和 - 组成，2 到 20 个字符"),
				code ? code : "");
	return 0;
}

int casekeys_get(struct repo *r, const char *code, char **text, struct ggw_error *err)
{
	char path[4096];
	struct node root;
	const char *s;
	int rc;

	*text = NULL;
	if ((rc = check_code(code, err)) < 0 || (rc = casekeys_path(r, path, sizeof(path), err)) < 0 ||
	    (rc = load(path, &root, err)) < 0)
		return rc;
	s = node_map_str(node_map_get(&root, "keys"), code);
	if (s && !(*text = strdup(s)))
		rc = ggw_oom(err);
	else if (!s)
		rc = ggw_fail(err, GGW_ENOTFOUND, _("本机没有对象编号 %s 的对应信息"), code);
	node_free(&root);
	return rc;
}

int casekeys_set(struct repo *r, const char *code, const char *text, struct ggw_error *err)
{
	char path[4096];
	struct node root, *keys, fresh;
	int rc;

	if ((rc = check_code(code, err)) < 0 || (rc = casekeys_path(r, path, sizeof(path), err)) < 0 ||
	    (rc = load(path, &root, err)) < 0)
		return rc;
	keys = node_map_get(&root, "keys");
	if (!keys || keys->kind != NODE_MAP) {
		node_init_map(&fresh);
		if (node_map_set(&root, "keys", &fresh) < 0) {
			node_free(&root);
			return ggw_oom(err);
		}
		keys = node_map_get(&root, "keys");
	}
	if (node_map_set_str(keys, code, text, SCALAR_TEXT) < 0)
		rc = ggw_oom(err);
	else
		rc = save(r, path, &root, err);
	node_free(&root);
	return rc;
}

int casekeys_delete(struct repo *r, const char *code, struct ggw_error *err)
{
	char path[4096];
	struct node root, *keys;
	int rc, had;

	if ((rc = check_code(code, err)) < 0 || (rc = casekeys_path(r, path, sizeof(path), err)) < 0 ||
	    (rc = load(path, &root, err)) < 0)
		return rc;
	keys = node_map_get(&root, "keys");
	had = keys && keys->kind == NODE_MAP && node_map_get(keys, code);
	if (had) {
		node_map_remove(keys, code);
		if (keys->count == 0)
			rc = remove_durable(path, NULL, err);
		else
			rc = save(r, path, &root, err);
	}
	node_free(&root);
	return rc < 0 ? rc : had;
}
