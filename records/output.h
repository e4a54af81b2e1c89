/* Printing records for people (text with Chinese labels, aligned tables)
 * and for programs (YAML sequences, CSV rows per RFC 4180). Shared by the
 * command line, the reports and the interface. */
#ifndef GGW_OUTPUT_H
#define GGW_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "../model/err.h"
#include "../model/fields.h"
#include "../model/node.h"
#include "ledger.h"

/* A value as one line of text for people: scalars as they are, lists
 * joined with "、", maps (five_have, publicity items) as "key: value"
 * pairs joined with "；", list of maps joined with " | ". malloc'd. */
char *node_text(const struct node *n);

/* One field's value as people read it (enum labels, 是/否, unit names
 * when units is given, lists joined with "、"). malloc'd; NULL for no
 * value or out of memory. */
char *output_field_text(const struct field_def *f, const struct node *v,
			const struct units *units);

/* Is stdout's locale UTF-8 (so ✓/✗ can be shown)? */
int output_utf8(void);

/* One record for people: a label column (field labels from the field
 * table, aligned by display width) and the values; enum values with their
 * Chinese label, 五有 items with ✓/✗ (or [x]/[ ] when utf8 is 0),
 * publicity one line per piece, conflicts listed, unknown keys at the end.
 * units may be NULL (then unit keys are shown without names). */
void output_record_text(FILE *f, enum record_type t, const struct node *rec,
			const struct units *units, int utf8);

/* One CSV field, quoted when it holds '"', ',', CR or LF (RFC 4180). */
void csv_field(FILE *f, const char *s);
/* The same for a sheet opened in WPS or Excel: text that starts like a
 * formula (= + - @ tab CR, but not a figure such as "-3" or "+5%") gets a
 * leading ' so that it stays text (OWASP "CSV injection"). */
void csv_field_excel(FILE *f, const char *s);
/* The guard's test, for the other sheets (xlsx and html forms): would a
 * spreadsheet take s for a formula? They write such text after a ' too. */
int csv_formula_like(const char *s);
/* End a CSV row (CRLF). */
void csv_end_row(FILE *f);
/* Header row: F_CSV fields of type t, groups as dotted sub-columns
 * (five_have.plan, ...). */
void output_csv_header(FILE *f, enum record_type t);
/* One record as a CSV row with the header's columns; excel: cells as
 * csv_field_excel writes them. */
void output_csv_row(FILE *f, enum record_type t, const struct node *rec, int excel);

/* One record as an item of a YAML sequence ("- " then the canonical
 * form, indented). The record is normalized in place. */
int output_yaml_item(FILE *f, enum record_type t, struct node *rec, struct ggw_error *err);

/* An aligned table of ledger entries for people. Activities: 编号 日期 单位
 * 主题 标题 青少年 五有; volunteers: 编号 单位 姓名 类别 出生年 在册. The
 * unit column shows the unit's name when units is not NULL. */
void output_table(FILE *f, const struct ledger *l, const size_t *idx, size_t n,
		  enum record_type t, int utf8);

/* "2024-07-10" from yyyymmdd (buf >= 11); "" for 0. */
void format_date(int yyyymmdd, char *buf, size_t len);

#endif
