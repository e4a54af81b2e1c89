/* The district's report form (`ggw report --form`): the columns of the
 * ledger's rules.yaml report_form (each a count of score_compute's
 * measures, which come from report_compute), one row per unit of
 * units.yaml and a total row. The texts around the table (title, the
 * reporting unit, the date, the signature line, the note) and the column
 * widths are decided here once, so that the html form (written here), the
 * xlsx form (papers/form_xlsx.c) and the csv/text forms agree. */
#ifndef GGW_REPORT_FORM_H
#define GGW_REPORT_FORM_H

#include <stddef.h>
#include <stdio.h>

#include "../model/err.h"
#include "../model/rules.h"
#include "../model/sbuf.h"
#include "../storage/repo.h"
#include "ledger.h"
#include "score.h"

enum report_form_format { FORM_XLSX, FORM_HTML, FORM_CSV, FORM_TEXT };

/* "xlsx" "html" "csv" "text" -> format, -1 if unknown. */
int report_form_format_from_key(const char *key);
/* The format a file name's ending asks for (.xlsx .html .htm .csv .txt),
 * FORM_XLSX for any other ending. */
enum report_form_format report_form_format_for_path(const char *path);

struct report_form {
	struct score score;
	const struct rules_column *columns; /* the ledger's report_form, or
					       the built-in one when empty */
	size_t n_columns;
	size_t n_rows;    /* units, then the total row (unless one unit) */
	int has_total;
};

/* year > 0; unit NULL for every unit (a resolved key otherwise); today as
 * report_compute. out must be freed with report_form_free, also after an
 * error. */
int report_form_compute(const struct ledger *l, int year, const char *unit, int today,
			struct report_form *out, struct ggw_error *err);
void report_form_free(struct report_form *f);

/* Row r (0..n_rows-1): its name (the unit's, or 合计), whether it is the
 * total row, the figure of column c. */
const char *report_form_row_name(const struct report_form *f, size_t r);
int report_form_row_is_total(const struct report_form *f, size_t r);
long report_form_cell(const struct report_form *f, size_t r, size_t c);
/* Is column c an amount of money (shown with thousands separators)? */
int report_form_col_is_money(const struct report_form *f, size_t c);

/* The texts around the table, in the current language. */
void report_form_title(const struct report_form *f, struct sbuf *out);
void report_form_reporter(const struct report_form *f, struct sbuf *out); /* 填报单位 */
void report_form_date(const struct report_form *f, struct sbuf *out);     /* 填报日期 */
void report_form_signature(struct sbuf *out);                             /* 负责人… */
void report_form_note(const struct report_form *f, struct sbuf *out);     /* 说明 */
/* A text cell as the sheets write it: control characters and invalid
 * UTF-8 escaped (safetext.h), and after a ' when a spreadsheet would take
 * it for a formula (csv_formula_like, the guard of csv --excel). */
void report_form_cell_text(const char *s, struct sbuf *out);

/* Widths in character units (a CJK character is 2): the sequence number
 * column, the unit column, data column c; lines the header of column c
 * takes at that width. */
#define REPORT_FORM_SEQ_WIDTH 6
double report_form_unit_width(const struct report_form *f);
double report_form_col_width(const struct report_form *f, size_t c);
int report_form_header_lines(const struct report_form *f, size_t c);
/* Landscape A4 when the table is too wide for portrait at a readable size. */
int report_form_landscape(const struct report_form *f);

/* The options of `ggw report --form` (read by ggw and by ggw-papers):
 * --form --year Y --unit U --format xlsx|html|csv|text -o FILE. Without
 * --format: from FILE's ending, text without -o; xlsx needs -o. year 0:
 * this year. GGW_EUSAGE with the reason. */
struct report_form_opts {
	int year;
	const char *unit, *out;
	enum report_form_format format;
};
int report_form_parse(int argc, char **argv, struct report_form_opts *o, struct ggw_error *err);
/* Load the ledger of repo into l and compute the form of o into f (both
 * to be freed by the caller, also after an error: l only when
 * *loaded is set). */
int report_form_load(struct repo *repo, const struct report_form_opts *o, struct ledger *l,
		     int *loaded, struct report_form *f, struct ggw_error *err);
/* html/csv/text form written whole to path or not at all (atomic_write). */
int report_form_write_file(const struct report_form *f, enum report_form_format fmt,
			   const char *path, struct ggw_error *err);

/* The form as one html page (A4, the header row repeated on every printed
 * page), or csv / text (score_print_form). GGW_EIO or GGW_ENOMEM. */
int report_form_print(FILE *fp, const struct report_form *f, enum report_form_format fmt,
		      struct ggw_error *err);

#endif
