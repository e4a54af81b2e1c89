/* The figures of a record that the report counts and `list` does not
 * show: every enum, bool, int, date and money value of its type's fields
 * (group items as "group.item"), and the number of items of each list,
 * kept in the ledger entry (and its cache) as "key=value" each followed by
 * '\x1f'. Made from the type's field table, so a new type brings its own.
 * The report reads them back here, never parsing a file. */
#ifndef GGW_FACTS_H
#define GGW_FACTS_H

#include <stddef.h>

#include "../model/fields.h"
#include "../model/node.h"
#include "../model/sbuf.h"
#include "ledger.h"

/* Append the facts of a parsed record of type t to b. */
void facts_build(struct sbuf *b, enum record_type t, const struct node *rec);

/* The value of key in e->facts into buf; 1 if present, else 0 (buf ""). */
int entry_fact(const struct entry *e, const char *key, char *buf, size_t len);
/* Typed readers: dflt when absent or not of the type. */
long entry_fact_long(const struct entry *e, const char *key, long dflt);
int entry_fact_bool(const struct entry *e, const char *key, int dflt);
int entry_fact_date(const struct entry *e, const char *key);          /* yyyymmdd, 0 */
int entry_fact_enum(const struct entry *e, const char *key,
		    const struct enum_item *items);                      /* index, -1 */
long entry_fact_cents(const struct entry *e, const char *key);       /* "12.5" -> 1250 */

/* yyyymmdd plus n months, the day cut to the month's last. */
int ymd_add_months(int ymd, int n);

#endif
