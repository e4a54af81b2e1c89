/* `list --format csv --excel`: a sheet for people, opened in WPS or Excel.
 * Chinese headers (field labels), enum values as their Chinese labels,
 * unit names, 五老 names instead of ids, yes/no for flags, publicity in
 * one column; every cell guarded against formulas (csv_field_excel).
 * Plain `--format csv` (output.h) stays the stable format for programs. */
#ifndef GGW_OUTPUT_EXCEL_H
#define GGW_OUTPUT_EXCEL_H

#include <stdio.h>

#include "ledger.h"

struct excel_sheet;

/* Names for the sheet come from l (units, volunteers); l must outlive it.
 * NULL when out of memory. */
struct excel_sheet *excel_sheet_new(const struct ledger *l);
void excel_sheet_free(struct excel_sheet *s);
/* Header row of type t, in Chinese. */
void excel_header(FILE *f, enum record_type t);
/* One record, with the header's columns. */
void excel_row(FILE *f, const struct excel_sheet *s, enum record_type t, const struct node *rec);

#endif
