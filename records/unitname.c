/* Unit names and the --unit resolver (unitname.h). */
#include "unitname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"

const char *units_label(const struct units *u, const char *key)
{
	const struct unit_info *ui = units_find(u, key);

	if (!key)
		return "";
	return ui && ui->name && *ui->name ? ui->name : key;
}

void units_short_name(const struct units *u, const char *key, char *buf, size_t len)
{
	const char *name = units_label(u, key), *street = u ? u->street : NULL;
	size_t n, sl = street ? strlen(street) : 0;
	static const char suffix[] = "关工委";

	if (!len)
		return;
	/* "新义街道关工委办公室" under street "新义街道关工委" is "办公室" */
	if (sl && !strncmp(name, street, sl) && name[sl])
		name += sl;
	n = strlen(name);
	if (n > strlen(suffix) + 2 && !strcmp(name + n - strlen(suffix), suffix))
		n -= strlen(suffix);
	if (n >= len)
		n = len - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
}

void units_place(const struct units *u, const char *key, char *buf, size_t len)
{
	if (key && !strcmp(key, "office"))
		snprintf(buf, len, "%s", _("街道"));
	else
		units_short_name(u, key, buf, len);
}

void units_label_key(const struct units *u, const char *key, char *buf, size_t len)
{
	const char *name = units_label(u, key);

	if (!key || !strcmp(name, key))
		snprintf(buf, len, "%s", key ? key : "");
	else
		snprintf(buf, len, _("%s（%s）"), name, key);
}

/* Every unit as "新义村关工委（xinyi）", joined with 、 (malloc'd). */
static char *units_list(const struct units *u, const char *only)
{
	size_t cap = 1, used = 0;
	char *s = NULL, item[512];

	for (size_t i = 0; i < u->n; i++)
		cap += strlen(u->v[i].key) + (u->v[i].name ? strlen(u->v[i].name) : 0) + 16;
	if (!(s = malloc(cap)))
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < u->n; i++) {
		if (only && !strstr(u->v[i].name ? u->v[i].name : "", only))
			continue;
		units_label_key(u, u->v[i].key, item, sizeof(item));
		used += (size_t)snprintf(s + used, cap - used, "%s%s", used ? "、" : "", item);
	}
	return s;
}

int units_resolve(const struct units *u, const char *text, const char **key,
		  struct ggw_error *err)
{
	const char *found = NULL;
	size_t hits = 0;
	char shortname[256], *list;
	int rc;

	*key = NULL;
	if (!u || !text || !*text)
		return ggw_fail(err, GGW_ENOTFOUND, "%s", _("没有给出单位"));
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i].key, text) || (u->v[i].name && !strcmp(u->v[i].name, text))) {
			*key = u->v[i].key;
			return 0;
		}
	for (size_t i = 0; i < u->n; i++) {
		units_short_name(u, u->v[i].key, shortname, sizeof(shortname));
		if (!strcmp(shortname, text)) {
			*key = u->v[i].key;
			return 0;
		}
	}
	/* a part of a short name first: 新义 is 新义村, not the street's office */
	for (size_t i = 0; i < u->n; i++) {
		units_short_name(u, u->v[i].key, shortname, sizeof(shortname));
		if (strstr(shortname, text) && !hits++)
			found = u->v[i].key;
	}
	for (size_t i = 0; !hits && i < u->n; i++)
		if (u->v[i].name && strstr(u->v[i].name, text) && !hits++)
			found = u->v[i].key;
	if (hits == 1) {
		*key = found;
		return 0;
	}
	list = units_list(u, hits > 1 ? text : NULL);
	if (hits > 1)
		rc = ggw_fail(err, GGW_ENOTFOUND, _("“%s”不止一个单位：%s；请写全名"), text,
			      list ? list : "");
	else
		rc = ggw_fail(err, GGW_ENOTFOUND, _("没有单位“%s”；现有单位：%s"), text,
			      list ? list : "");
	free(list);
	return rc;
}
