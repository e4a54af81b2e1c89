/* What the interface shows of a record in one line, from the record type
 * table (model/rectype.h): the text of each list column of a ledger entry
 * (enum labels, 是/否, unit and referenced records by name), and a width
 * that fits it. Used by the lists of every type (screens_list.c) and the
 * rows of the record pickers (form.c). */
#ifndef GGW_TUI_COLUMNS_H
#define GGW_TUI_COLUMNS_H

#include "tui.h"
#include "../model/rectype.h"

/* The field a list column of type t shows, or NULL (id, unknown). */
const struct field_def *column_field(int t, size_t col);
/* The text of list column col of e, as people read it. */
void column_text(struct app *a, const struct entry *e, size_t col, char *buf, size_t len);
/* Columns a list column of type t wants: its heading's width or its
 * widest value (enum labels), within the table's width. */
int column_cols(int t, size_t col);
/* The heading of list column col of type t (translated). */
const char *column_head(int t, size_t col);
/* A record's line in a picker: its title, then its other columns but id,
 * unit and title (a case: its code, type, age band ...; never a name). */
void entry_summary(struct app *a, const struct entry *e, char *buf, size_t len);

#endif
