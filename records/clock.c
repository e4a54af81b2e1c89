/* Clock checks (see clock.h). */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../model/i18n.h"
#include "../storage/transport.h"

#define SLACK_SEC (5 * 60)              /* clocks a few minutes apart are fine */
#define FAR_AHEAD_SEC (366LL * 86400)
#define YEAR_2000 946684800LL

int64_t clock_now(void)
{
	const char *v = getenv("GGW_NOW");

	if (v && *v) {
		char *end;
		long long t = strtoll(v, &end, 10);

		if (!*end && t > 0)
			return (int64_t)t;
	}
	return (int64_t)time(NULL);
}

int clock_implausible(int64_t t, int64_t now)
{
	return t < YEAR_2000 || t > now + 86400;
}

static void local_text(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, len, "?");
}

int clock_check(struct repo *r, int64_t now, char *msg, size_t len)
{
	struct commit_info c;
	git_hex head;
	char a[32], b[32];
	int64_t last;

	msg[0] = '\0';
	if (gitp_ref_tip(r, "HEAD", head, NULL) < 0 || gitp_commit_info(r, head, &c, NULL) < 0)
		return 0;
	last = c.time;
	commit_info_free(&c);
	local_text(now, a, sizeof(a));
	local_text(last, b, sizeof(b));
	if (now + SLACK_SEC < last)
		snprintf(msg, len,
			 _("警告：本机时钟（%s）早于台账最后一次提交的时间（%s）。请校准电脑的日期和时间：时钟不准，同步时冲突的先后就判断不准"),
			 a, b);
	else if (now > last + FAR_AHEAD_SEC)
		snprintf(msg, len,
			 _("警告：本机时钟（%s）比台账最后一次提交（%s）晚了一年多。如果电脑的日期不对，请先校准再记录"),
			 a, b);
	return msg[0] != '\0';
}

void clock_warn(struct repo *r, void (*notice)(const char *msg, void *data), void *data)
{
	char msg[512];

	if (!clock_check(r, clock_now(), msg, sizeof(msg)))
		return;
	if (notice)
		notice(msg, data);
	else
		fprintf(stderr, "%s\n", msg);
}
