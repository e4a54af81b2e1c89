/* This PC's signing key (see pckey.h). */
#include "pckey.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "../model/record.h"
#include "../storage/fsutil.h"
#include "ledger.h"
#include "unitname.h"

#define SIGN_NAMESPACE "git"

static int enabled;

void pckey_enable(void)
{
	const char *off = getenv("GGW_TEST_UNSIGNED");

	enabled = !(off && !strcmp(off, "1"));
}

int pckey_enabled(void)
{
	return enabled;
}

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home == '/')
		return home;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir && *pw->pw_dir == '/' ? pw->pw_dir : NULL;
}

/* ggw.unit, checked: it names the key file. */
static int this_unit(struct repo *r, char **unit, struct ggw_error *err)
{
	int rc;

	*unit = NULL;
	if ((rc = repo_config_get(r, "ggw.unit", unit, err)) < 0)
		return rc;
	if (!*unit || !unit_key_valid(*unit)) {
		free(*unit);
		*unit = NULL;
		return ggw_fail(err, GGW_EINVALID,
				_("这台电脑还没有设置单位，无法找到签名密钥：ggw config ggw.unit <单位代码>"));
	}
	return 0;
}

/* The default path: $XDG_CONFIG_HOME/ggw/keys/<unit>_ed25519. */
static int default_path(struct repo *r, char *out, size_t len, struct ggw_error *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = home_dir();
	char *unit = NULL;
	int rc, n;

	if ((rc = this_unit(r, &unit, err)) < 0)
		return rc;
	if (xdg && *xdg == '/')
		n = snprintf(out, len, "%s/ggw/keys/%s_ed25519", xdg, unit);
	else if (home)
		n = snprintf(out, len, "%s/.config/ggw/keys/%s_ed25519", home, unit);
	else
		n = -1;
	free(unit);
	if (n < 0)
		return ggw_fail(err, GGW_EINVALID,
				_("找不到用户文件夹（HOME 没有设置），无法存放签名密钥；可用 ggw config ggw.signingkey 路径 指定密钥"));
	if ((size_t)n >= len)
		return ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), out);
	return 0;
}

/* A key inside the work tree could be committed and synced to every PC. */
static int outside_repo(struct repo *r, const char *path, struct ggw_error *err)
{
	const char *wd = repo_workdir(r);
	char real[PATH_MAX], dir[PATH_MAX];
	const char *check = path;
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) && slash != dir) {
		*slash = '\0';
		if (realpath(dir, real)) {
			size_t n = strlen(real);

			if (n + 1 < sizeof(real)) {
				real[n] = '/';
				real[n + 1] = '\0';
			}
			check = real;
		}
	}
	if (wd && !strncmp(check, wd, strlen(wd)))
		return ggw_fail(err, GGW_EINVALID,
				_("签名密钥 %s 在台账文件夹里面，会被同步到别的电脑：请把它放到台账之外"), path);
	return 0;
}

int pckey_path(struct repo *r, char *out, size_t len, int *configured, struct ggw_error *err)
{
	char *conf = NULL;
	const char *home;
	int rc, n;

	if (configured)
		*configured = 0;
	if ((rc = repo_config_get(r, "ggw.signingkey", &conf, err)) < 0)
		return rc;
	if (!conf || !*conf) {
		free(conf);
		if ((rc = default_path(r, out, len, err)) < 0)
			return rc;
		return outside_repo(r, out, err);
	}
	if (configured)
		*configured = 1;
	if (!strncmp(conf, "~/", 2) && (home = home_dir()))
		n = snprintf(out, len, "%s/%s", home, conf + 2);
	else if (conf[0] == '/')
		n = snprintf(out, len, "%s", conf);
	else
		n = -2;
	if (n == -2) {
		rc = ggw_fail(err, GGW_EINVALID,
			      _("设置 ggw.signingkey 的值“%s”不是绝对路径（以 / 或 ~/ 开头）"), conf);
		free(conf);
		return rc;
	}
	free(conf);
	if (n < 0 || (size_t)n >= len)
		return ggw_fail(err, GGW_EINVALID, _("设置 ggw.signingkey 的路径太长"));
	return outside_repo(r, out, err);
}

/* "新义村关工委 wang-pc": the unit's name and this PC's host name, the
 * key's comment, so the office sees whose PC a key is. */
static void key_comment(struct repo *r, char *out, size_t len)
{
	struct units u = { 0 };
	char *unit = NULL, host[256] = "";
	size_t i, o = 0;
	char clean[64];

	repo_config_get(r, "ggw.unit", &unit, NULL);
	if (gethostname(host, sizeof(host) - 1) != 0)
		host[0] = '\0';
	for (i = 0; host[i] && o + 1 < sizeof(clean); i++) {
		unsigned char c = (unsigned char)host[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_')
			clean[o++] = (char)c;
	}
	clean[o] = '\0';
	if (units_load(r, &u, NULL) == 0 && unit)
		snprintf(out, len, "%s %s", units_label(&u, unit), o ? clean : "pc");
	else
		snprintf(out, len, "%s %s", unit ? unit : "ggw", o ? clean : "pc");
	units_free(&u);
	free(unit);
	/* A unit name is checked text, but the comment must stay one line. */
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
}

int pckey_ensure(struct repo *r, int *made, struct ggw_error *err)
{
	char path[PATH_MAX], comment[600], folder[PATH_MAX], *slash;
	struct stat st;
	int rc, configured;

	if (made)
		*made = 0;
	if ((rc = pckey_path(r, path, sizeof(path), &configured, err)) < 0)
		return rc;
	if (stat(path, &st) == 0)
		return 0;
	if (errno != ENOENT)
		return ggw_fail(err, GGW_EIO, _("无法读取签名密钥 %s：%s"), path, strerror(errno));
	if (configured)
		return ggw_fail(err, GGW_ENOTFOUND,
				_("设置 ggw.signingkey 指定的签名密钥 %s 不存在"), path);
	/* The keys folder is the user's own: 0700, like ~/.ssh. */
	snprintf(folder, sizeof(folder), "%s", path);
	if ((slash = strrchr(folder, '/')) && slash != folder) {
		*slash = '\0';
		if ((rc = mkdir_parents(path, err)) < 0)
			return rc;
		chmod(folder, 0700);
	}
	key_comment(r, comment, sizeof(comment));
	if ((rc = sshkey_generate_file(path, comment, err)) < 0) {
		/* Another ggw made it first: use that one. */
		if (stat(path, &st) == 0)
			return 0;
		return rc;
	}
	if (made)
		*made = 1;
	return 0;
}

int pckey_load(struct repo *r, struct ssh_seckey **out, struct ggw_error *err)
{
	char path[PATH_MAX];
	int rc;

	*out = NULL;
	if ((rc = pckey_ensure(r, NULL, err)) < 0 ||
	    (rc = pckey_path(r, path, sizeof(path), NULL, err)) < 0)
		return rc;
	return sshkey_load_file(path, out, err);
}

struct signer {
	struct ssh_seckey *key; /* loaded at the first commit */
};

static int sign_commit(void *data, struct repo *r, const char *commit, size_t len, char **armored,
		       struct ggw_error *err)
{
	struct signer *s = data;
	int rc;

	if (!s->key && (rc = pckey_load(r, &s->key, err)) < 0)
		return ggw_prefix(err, _("无法为这次修改签名"));
	if (!commit)
		return 0; /* repo_signer_ready: the key is loaded */
	return sshsig_sign(s->key, SIGN_NAMESPACE, commit, len, armored, err);
}

static void signer_free(void *data)
{
	struct signer *s = data;

	if (s) {
		sshkey_free(s->key);
		free(s);
	}
}

int pckey_attach(struct repo *r, struct ggw_error *err)
{
	struct signer *s;

	if (!enabled || !r || repo_has_signer(r))
		return 0;
	if (!(s = calloc(1, sizeof(*s))))
		return ggw_oom(err);
	repo_set_signer(r, sign_commit, s, signer_free);
	return 0;
}

int pckey_setup(struct repo *r, struct ggw_error *err)
{
	int rc;

	if (!enabled)
		return 0;
	if ((rc = pckey_attach(r, err)) < 0)
		return rc;
	return pckey_ensure(r, NULL, err);
}
