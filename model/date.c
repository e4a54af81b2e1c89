#include "date.h"

#include <stdlib.h>
#include <time.h>

#include "record.h"

int date_today(void)
{
	const char *env = getenv("GGW_TODAY");
	struct tm tm;
	time_t now;

	if (env && *env) {
		int d = date_parse(env);

		if (d > 0)
			return d;
	}
	now = time(NULL);
	if (!localtime_r(&now, &tm))
		return 0;
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}
