/* Labels for the two values of a conflict (conflict_label.h). */
#include "conflict_label.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "unitname.h"

/* "2024-12-01T10:00:00+08:00" -> "12月1日"; "" if it is not such a time. */
static void month_day(const char *iso, char *buf, size_t len)
{
	int y, m, d;

	buf[0] = '\0';
	if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= 31)
		snprintf(buf, len, _("%d月%d日"), m, d);
}

int conflict_who(const struct units *u, const char *author, const char *unit, const char *time,
		 char *buf, size_t len)
{
	char name[128] = "", where[160] = "", when[32];
	const char *lt;

	if (author && *author) {
		snprintf(name, sizeof(name), "%s", author);
		if ((lt = strstr(name, " <")))
			name[lt - name] = '\0';
	}
	if (unit && *unit) {
		char place[128];

		units_place(u, unit, place, sizeof(place));
		snprintf(where, sizeof(where), _("（%s）"), place);
	}
	month_day(time, when, sizeof(when));
	if (!name[0] && !where[0] && !when[0]) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	snprintf(buf, len, _("%s%s%s 填的"), name[0] ? name : _("有人"), where, when);
	return 1;
}

int conflict_other_who(const struct units *u, const struct node *entry, char *buf, size_t len)
{
	return conflict_who(u, node_map_str(entry, "author"), node_map_str(entry, "unit"),
			    node_map_str(entry, "time"), buf, len);
}

int conflict_kept_who(const struct units *u, const struct node *entry, char *buf, size_t len)
{
	return conflict_who(u, node_map_str(entry, "kept_author"), node_map_str(entry, "kept_unit"),
			    node_map_str(entry, "kept_time"), buf, len);
}
