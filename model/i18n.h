/* gettext glue. Source strings are Chinese; po/en.po gives English.
 * N_() marks strings in static tables; _() translates at use. */
#ifndef GGW_I18N_H
#define GGW_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Set up the locale and the message catalogue. lang is ggw.lang from the
 * repository config or NULL ("zh" forces Chinese, "en" English). Chinese is
 * shown in every locale unless the locale's language or lang is English. */
void i18n_init(const char *lang);

#endif
