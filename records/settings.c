#include "settings.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/i18n.h"
#include "../model/safetext.h"
#include "evidence.h"
#include "ledger.h"

/* The settings ggw reads. Anything else would be saved and then ignored
 * (a typo like user.nmae), so setting it is refused. */
static const char *const config_known[] = {
	"user.name", "user.email", "ggw.unit", "ggw.lang", "ggw.timeout",
	"ggw.signingkey", /* this PC's signing key file (records/pckey.h) */
	"evidence.maxside", "evidence.maxbytes", /* records/evidence.h */
};
/* Per remote: "<prefix><name><suffix>", written by ggw remote add / sync. */
static const struct {
	const char *prefix, *suffix;
} config_known_remote[] = {
	{ "remote.", ".url" },
	{ "remote.", ".pushurl" },
	{ "remote.", ".fetch" },
	{ "remote.", ".push" },
	{ "ggw.remote.", ".lastsync" },
};

/* git compares section and key names without case: *name is replaced by
 * the canonical spelling of a known setting, so the checks below apply. */
static int config_name_known(const char **name)
{
	size_t n = strlen(*name);

	for (size_t i = 0; i < sizeof(config_known) / sizeof(config_known[0]); i++)
		if (!strcasecmp(*name, config_known[i])) {
			*name = config_known[i];
			return 1;
		}
	for (size_t i = 0; i < sizeof(config_known_remote) / sizeof(config_known_remote[0]); i++) {
		size_t lp = strlen(config_known_remote[i].prefix);
		size_t ls = strlen(config_known_remote[i].suffix);

		/* a non-empty remote name between prefix and suffix */
		if (n > lp + ls && !strncasecmp(*name, config_known_remote[i].prefix, lp) &&
		    !strcasecmp(*name + n - ls, config_known_remote[i].suffix))
			return 1;
	}
	return 0;
}

/* ggw.timeout: seconds, a whole number from 1 to 86400. */
static int config_timeout_valid(const char *value)
{
	long v = 0;

	if (!*value || strspn(value, "0123456789") != strlen(value) || strlen(value) > 6)
		return 0;
	v = strtol(value, NULL, 10);
	return v >= 1 && v <= 86400;
}

int settings_name_valid(const char *name)
{
	size_t n = strlen(name);

	return strchr(name, '.') && name[0] != '.' && name[n - 1] != '.';
}

/* The value is one this setting may take? */
static int settings_value_check(struct repo *r, const char *name, const char *value,
				struct ggw_error *err)
{
	struct units u;
	int rc, found;

	if (!strcmp(name, "ggw.timeout") && !config_timeout_valid(value))
		return ggw_fail(err, GGW_EUSAGE,
				_("ggw.timeout 是秒数，要写 1 到 86400 之间的整数，如 ggw config ggw.timeout 60"));
	if (!strcmp(name, "ggw.lang") && strcmp(value, "zh") && strcmp(value, "en"))
		return ggw_fail(err, GGW_EINVALID, _("ggw.lang 只能是 zh（中文）或 en（英文）"));
	if (!strncmp(name, "evidence.", 9))
		return evidence_setting_check(name, value, err);
	if (!strcmp(name, "user.name") && !*value)
		return ggw_fail(err, GGW_EINVALID, _("姓名不能为空"));
	if (strcmp(name, "ggw.unit"))
		return 0;
	if ((rc = units_load(r, &u, err)) < 0)
		return rc;
	found = units_find(&u, value) != NULL;
	units_free(&u);
	if (!found)
		return ggw_fail(err, GGW_EINVALID,
				_("单位 %s 不在 units.yaml 里：用 ggw unit list 查看单位代码"), value);
	return 0;
}

int settings_set(struct repo *r, const char *name, const char *value, struct ggw_error *err)
{
	int rc;

	if (!config_name_known(&name))
		return ggw_fail(err, GGW_EUSAGE,
				_("不认识设置“%s”，没有保存。可以设置的有：user.name、user.email、"
				  "ggw.unit、ggw.lang、ggw.timeout，以及同步用的 remote.<名称>.url、"
				  "remote.<名称>.pushurl、remote.<名称>.fetch、remote.<名称>.push、"
				  "ggw.remote.<名称>.lastsync"),
				name);
	if (!settings_name_valid(name))
		return ggw_fail(err, GGW_EUSAGE, _("设置名应像 user.name 或 ggw.unit"));
	if (safe_find_control(value, strlen(value), 0, &(uint32_t){ 0 }))
		return ggw_fail(err, GGW_EINVALID,
				_("“%s”的值含有控制字符（不可见，会扰乱终端显示），没有保存"), name);
	if ((rc = settings_value_check(r, name, value, err)) < 0)
		return rc;
	return repo_config_set(r, name, value, err);
}
