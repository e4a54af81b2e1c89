/* Shared by the printing commands (see papers_util.h). */
#include "papers_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/date.h"
#include "../model/i18n.h"
#include "../model/opts.h"
#include "../model/safetext.h"
#include "../records/unitname.h"

int pdf_make(const char *path, const char *title, int numbered_from, int measuring_passes,
	     pdf_render_fn fn, void *ctx, int *pages, struct ggw_error *err)
{
	struct pdf_doc d;
	int rc, total = 0;

	for (int pass = 0; pass <= measuring_passes; pass++) {
		int measuring = pass < measuring_passes;

		memset(&d, 0, sizeof(d));
		d.numbered_from = numbered_from;
		d.total = total;
		if ((rc = pdf_doc_start(&d, measuring, title, err)) < 0)
			return rc;
		if ((rc = fn(&d, ctx, err)) < 0) {
			pdf_doc_abort(&d);
			return rc;
		}
		total = d.page ? d.page : 1;
		if ((rc = pdf_doc_finish(&d, measuring ? NULL : path, err)) < 0)
			return rc;
	}
	if (pages)
		*pages = total;
	return 0;
}

int papers_load(struct repo *r, struct ledger *l, struct ggw_error *err)
{
	memset(l, 0, sizeof(*l));
	return ledger_load(r, l, err);
}

int papers_year_unit(const struct ledger *l, const char *year_arg, int *year,
		     const char **unit, struct ggw_error *err)
{
	int rc;

	*year = date_today() / 10000;
	if (year_arg && (rc = opt_year(year_arg, year, err)) < 0)
		return rc;
	if (*unit && (rc = units_resolve(&l->units, *unit, unit, err)) < 0)
		return rc;
	return 0;
}

int papers_pdf_path(const char *command, const char *path, struct ggw_error *err)
{
	size_t n = path ? strlen(path) : 0;

	if (!n)
		return ggw_fail(err, GGW_EUSAGE, _("%s 需要 -o 文件.pdf"), command);
	if (n < 4 || strcasecmp(path + n - 4, ".pdf") != 0)
		return ggw_fail(err, GGW_EUSAGE, _("-o 的文件名应以 .pdf 结尾：%s"), path);
	return 0;
}

void papers_progress(int done, int total, const char *what)
{
	const char *fd_text = getenv("GGW_PAPERS_PROGRESS");
	struct sbuf safe = { 0 };
	char line[512];
	int fd, n;

	if (!fd_text || !*fd_text || (fd = atoi(fd_text)) < 3)
		return;
	/* One line each: a record's title with a newline or a control in it
	 * (an old record) is escaped like all ggw prints. */
	if (what)
		safe_text(what, strlen(what), 0, &safe);
	n = snprintf(line, sizeof(line), "PROGRESS %d %d %s\n", done, total,
		     safe.s && !safe.failed ? safe.s : "");
	free(safe.s);
	if (n > 0 && write(fd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1) < 0)
		return; /* the reader went away: printing goes on */
}

void papers_saved(const char *path, int pages)
{
	fprintf(stderr, _("已保存到 %s（%d 页）\n"), path, pages);
}
