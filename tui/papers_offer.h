/* The interface's printing offers: a unit's binder, the annual report (PDF
 * or HTML), the district's form (xlsx), one record's sheet. Each is
 * written into the user's documents folder (~/文档/关工委, else
 * ~/Documents/关工委, else the home folder) under a name that says what
 * and which year, and the path is shown. PDF and xlsx are made by the
 * printing program ggw-papers run as a child; its progress lines are shown
 * on the status line while a long binder is made. */
#ifndef GGW_TUI_PAPERS_OFFER_H
#define GGW_TUI_PAPERS_OFFER_H

#include "tui.h"

/* The menu of the overview: unit (a key, or NULL for none selected) and
 * the year on screen. */
void papers_offer_menu(struct app *a, const char *unit, int year);
/* Print one record as its A4 sheet. */
void papers_offer_record(struct app *a, const char *id);

/* The folder papers go into (made if missing): buf >= 4096. 0 or -1. */
int papers_offer_dir(char *buf, size_t len);

#endif
