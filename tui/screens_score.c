/* Self-score (自评): the scoring sheet of the ledger's rules.yaml applied to
 * one year, as records/score.c prints it, in a pager. Opened from the
 * overview with s; a unit's PC shows its own unit, the office's every
 * unit and the street. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "actions.h"
#include "screen.h"
#include "../model/i18n.h"
#include "../records/score.h"

struct score_view {
	struct pager pg;  /* first: the pager's callbacks take the state */
	char *text;       /* score_print's text */
};

/* A line's colour: unit headings, what is missing, what to add. */
static attr_t line_attr(const char *s)
{
	if (!strncmp(s, "【", strlen("【")))
		return term.attr[R_HEAD];
	if (strstr(s, "→") || strstr(s, "->"))
		return term.attr[R_WARN];
	return A_NORMAL;
}

static void score_build(struct pager *pg)
{
	struct score_view *v = (struct score_view *)pg;
	char *p = v->text;

	while (p && *p) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);

		if (line) {
			size_t indent = strspn(line, " ");

			lines_add_wrapped(&pg->l, line_attr(line + indent), (int)indent + 2, COLS - 1,
					  line);
			free(line);
		}
		p += n;
		p += *p == '\n';
	}
}

static const struct screen_ops score_ops = PAGER_SCREEN_OPS(SCR_SCORE, pager_action);

/* The score's text for year: the PC's own unit, or all units for the
 * office (or when no unit is set). */
static int score_text(struct app *a, int year, char **out, struct ggw_error *err)
{
	const char *unit = a->have_actor && a->actor.unit && strcmp(a->actor.unit, "office")
		? a->actor.unit : NULL;
	struct score s;
	size_t len = 0;
	FILE *m;
	int rc;

	*out = NULL;
	if ((rc = score_compute(&a->led, year, unit, 0, &s, err)) == 0) {
		if (!(m = open_memstream(out, &len))) {
			rc = ggw_oom(err);
		} else {
			rc = score_print(m, &s, SCORE_TEXT, err);
			if (fclose(m) != 0 && rc == 0)
				rc = ggw_oom(err);
		}
	}
	score_free(&s);
	return rc;
}

void screen_score(struct app *a, int year)
{
	struct ggw_error err = { 0, "" };
	struct score_view v;

	memset(&v, 0, sizeof(v));
	if (!a->led_loaded) {
		app_status(a, 1, "%s", _("台账还没有读入"));
		return;
	}
	if (score_text(a, year, &v.text, &err) < 0) {
		app_status(a, 1, "%s", err.msg);
		free(v.text);
		return;
	}
	pager_init(&v.pg, a, SCR_SCORE, score_build);
	snprintf(v.pg.title, sizeof(v.pg.title), _("自评：%d年"), year);
	screen_run(a, &score_ops, &v);
	lines_free(&v.pg.l);
	free(v.text);
}
