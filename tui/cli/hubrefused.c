/* A hub's refused commits on the command line (hubrefused.h). */
#include "hubrefused.h"

#include <stdio.h>

#include "../../model/i18n.h"
#include "../../records/history.h"
#include "../../records/hub_refused.h"
#include "../../records/sync.h"

void hubrefused_status(struct repo *r, const char *remote)
{
	struct ggw_error e = { 0, "" };
	struct hub_refusal h;

	if (hub_refusal_get(r, remote, 0, &h, &e) <= 0)
		return;
	if (h.unreadable[0])
		printf(_("    提交 %.10s 无法读取（git 读不懂），没有进入本机台账\n"), h.unreadable);
	else if (h.why[0])
		printf(_("    原因：%s\n"), h.why);
	hub_refusal_free(&h);
}

static void log_one(struct repo *r, const char *remote)
{
	struct ggw_error e = { 0, "" };
	struct hub_refusal h;

	if (hub_refusal_get(r, remote, 20, &h, &e) <= 0)
		return;
	printf(_("\n同步对象 %s 的 main 上有被拒绝的提交，没有进入本机台账（请街道办公室运行 ggw hub repair %s）：\n"),
	       remote, remote);
	if (h.unreadable[0])
		printf(_("%.8s  （无法读取的提交：git 读不懂它）\n"), h.unreadable);
	for (size_t k = 0; k < h.n; k++) {
		char when[32];

		format_commit_time(h.v[k].time, h.v[k].tz_minutes, when, sizeof(when));
		printf("%.8s  %s  %s  %s  %s\n", h.v[k].id, when, h.v[k].author, h.v[k].summary,
		       _("〔被拒绝〕"));
	}
	if (h.more)
		printf(_("……另有 %zu 个\n"), h.more);
	if (h.why[0])
		printf(_("原因：%s\n"), h.why);
	hub_refusal_free(&h);
}

void hubrefused_log(struct repo *r)
{
	struct ggw_error e = { 0, "" };
	struct remote_info *rv = NULL;
	size_t nr = 0;

	if (sync_remote_list(r, &rv, &nr, &e) < 0)
		return;
	for (size_t i = 0; i < nr; i++)
		log_one(r, rv[i].name);
	sync_remote_list_free(rv, nr);
}
