/* The settings ggw keeps in the repository's git config (user.name,
 * ggw.unit, ggw.lang, ggw.timeout, the remotes), and what each may be. */
#ifndef GGW_SETTINGS_H
#define GGW_SETTINGS_H

#include "../model/err.h"
#include "../storage/repo.h"

/* Does name look like a setting ("section.key")? */
int settings_name_valid(const char *name);

/* Check and save one setting. A name ggw does not read (a typo like
 * user.nmae would be saved and then ignored), a badly formed one or a
 * ggw.timeout that is not 1..86400 is GGW_EUSAGE; a ggw.unit not in
 * units.yaml, a ggw.lang other than zh or en, an empty user.name is
 * GGW_EINVALID. Names are matched without case, as git does. */
int settings_set(struct repo *r, const char *name, const char *value, struct ggw_error *err);

#endif
