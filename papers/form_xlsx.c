/* `ggw report --form` as an xlsx workbook (libxlsxwriter): the district's
 * columns (records/report_form.h) with a merged title, the reporting unit
 * and date, bordered cells with number formats, a total row, the
 * signature line, on A4 fitted to the page width with the header row
 * repeated on every page. */
#include "form_xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "../model/i18n.h"
#include "../records/ledger.h"
#include "../records/report_form.h"
#include "../storage/fsutil.h"

#define FORM_FONT "宋体"  /* SimSun: what WPS and Kylin offices expect */
#define ROW_TITLE 0
#define ROW_META 1
#define ROW_HEAD 2
#define ROW_BODY 3

struct xl {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *meta_left, *meta_right, *head, *seq, *text, *num, *money;
	lxw_format *total_text, *total_num, *total_money, *plain, *note;
	lxw_error error; /* the first failure */
};

static void keep(struct xl *x, lxw_error e)
{
	if (x->error == LXW_NO_ERROR)
		x->error = e;
}

static lxw_format *new_format(struct xl *x, double size, int bold, int border, uint8_t align)
{
	lxw_format *f = workbook_add_format(x->wb);

	format_set_font_name(f, FORM_FONT);
	format_set_font_size(f, size);
	format_set_align(f, align);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (bold)
		format_set_bold(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

static void make_formats(struct xl *x)
{
	x->title = new_format(x, 16, 1, 0, LXW_ALIGN_CENTER);
	x->meta_left = new_format(x, 11, 0, 0, LXW_ALIGN_LEFT);
	x->meta_right = new_format(x, 11, 0, 0, LXW_ALIGN_RIGHT);
	x->head = new_format(x, 11, 1, 1, LXW_ALIGN_CENTER);
	format_set_text_wrap(x->head);
	format_set_pattern(x->head, LXW_PATTERN_SOLID);
	format_set_bg_color(x->head, 0xE8E8E8);
	x->seq = new_format(x, 11, 0, 1, LXW_ALIGN_CENTER);
	format_set_num_format(x->seq, "0");
	x->text = new_format(x, 11, 0, 1, LXW_ALIGN_LEFT);
	format_set_num_format(x->text, "@"); /* text: an edit stays text */
	format_set_text_wrap(x->text);
	x->num = new_format(x, 11, 0, 1, LXW_ALIGN_RIGHT);
	format_set_num_format(x->num, "0");
	x->money = new_format(x, 11, 0, 1, LXW_ALIGN_RIGHT);
	format_set_num_format(x->money, "#,##0");
	x->total_text = new_format(x, 11, 1, 1, LXW_ALIGN_CENTER);
	format_set_num_format(x->total_text, "@");
	x->total_num = new_format(x, 11, 1, 1, LXW_ALIGN_RIGHT);
	format_set_num_format(x->total_num, "0");
	x->total_money = new_format(x, 11, 1, 1, LXW_ALIGN_RIGHT);
	format_set_num_format(x->total_money, "#,##0");
	x->plain = new_format(x, 11, 0, 0, LXW_ALIGN_LEFT);
	x->note = new_format(x, 9, 0, 0, LXW_ALIGN_LEFT);
	format_set_text_wrap(x->note);
}

/* Text from the ledger or rules.yaml, made safe (report_form_cell_text). */
static void put_text(struct xl *x, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	struct sbuf b = { 0 };

	report_form_cell_text(s, &b);
	keep(x, b.failed ? LXW_ERROR_MEMORY_MALLOC_FAILED
			 : worksheet_write_string(x->ws, r, c, b.s ? b.s : "", f));
	free(b.s);
}

/* One merged line of text over columns c0..c1 (a single cell if equal). */
static void put_line(struct xl *x, lxw_row_t r, lxw_col_t c0, lxw_col_t c1, struct sbuf *text,
		     lxw_format *f)
{
	struct sbuf b = { 0 };

	report_form_cell_text(text->s ? text->s : "", &b);
	if (b.failed || text->failed)
		keep(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	else if (c0 == c1)
		keep(x, worksheet_write_string(x->ws, r, c0, b.s, f));
	else
		keep(x, worksheet_merge_range(x->ws, r, c0, r, c1, b.s, f));
	free(b.s);
	free(text->s);
	*text = (struct sbuf){ 0 };
}

static void write_head(struct xl *x, const struct report_form *f)
{
	int lines = 1;

	put_text(x, ROW_HEAD, 0, _("序号"), x->head);
	put_text(x, ROW_HEAD, 1, _("单位"), x->head);
	keep(x, worksheet_set_column(x->ws, 0, 0, REPORT_FORM_SEQ_WIDTH, NULL));
	keep(x, worksheet_set_column(x->ws, 1, 1, report_form_unit_width(f), NULL));
	for (size_t c = 0; c < f->n_columns; c++) {
		lxw_col_t col = (lxw_col_t)(c + 2);

		put_text(x, ROW_HEAD, col, f->columns[c].title, x->head);
		keep(x, worksheet_set_column(x->ws, col, col, report_form_col_width(f, c), NULL));
		if (report_form_header_lines(f, c) > lines)
			lines = report_form_header_lines(f, c);
	}
	keep(x, worksheet_set_row(x->ws, ROW_HEAD, 15.0 * lines + 6, NULL));
}

static void write_body(struct xl *x, const struct report_form *f)
{
	for (size_t r = 0; r < f->n_rows; r++) {
		lxw_row_t row = (lxw_row_t)(ROW_BODY + r);
		int total = report_form_row_is_total(f, r);

		keep(x, worksheet_set_row(x->ws, row, 18, NULL));

		if (total)
			keep(x, worksheet_write_blank(x->ws, row, 0, x->total_text));
		else
			keep(x, worksheet_write_number(x->ws, row, 0, (double)(r + 1), x->seq));
		put_text(x, row, 1, report_form_row_name(f, r), total ? x->total_text : x->text);
		for (size_t c = 0; c < f->n_columns; c++) {
			int money = report_form_col_is_money(f, c);
			lxw_format *fmt = total ? (money ? x->total_money : x->total_num)
						: (money ? x->money : x->num);

			keep(x, worksheet_write_number(x->ws, row, (lxw_col_t)(c + 2),
						       (double)report_form_cell(f, r, c), fmt));
		}
	}
}

/* The title, the reporting unit and date, the table, the signature line
 * and the note; then the page set-up. */
static void write_sheet(struct xl *x, const struct report_form *f)
{
	lxw_col_t last = (lxw_col_t)(f->n_columns + 1), split = (lxw_col_t)((last + 1) / 2);
	lxw_row_t sign_row = (lxw_row_t)(ROW_BODY + f->n_rows + 1), note_row = sign_row + 1;
	struct sbuf t = { 0 };

	report_form_title(f, &t);
	put_line(x, ROW_TITLE, 0, last, &t, x->title);
	keep(x, worksheet_set_row(x->ws, ROW_TITLE, 32, NULL));
	report_form_reporter(f, &t);
	put_line(x, ROW_META, 0, split - 1, &t, x->meta_left);
	report_form_date(f, &t);
	put_line(x, ROW_META, split, last, &t, x->meta_right);
	keep(x, worksheet_set_row(x->ws, ROW_META, 20, NULL));
	write_head(x, f);
	write_body(x, f);
	report_form_signature(&t);
	put_line(x, sign_row, 0, last, &t, x->plain);
	keep(x, worksheet_set_row(x->ws, sign_row, 24, NULL));
	report_form_note(f, &t);
	put_line(x, note_row, 0, last, &t, x->note);
	keep(x, worksheet_set_row(x->ws, note_row, 30, NULL));

	worksheet_set_paper(x->ws, 9); /* A4 */
	if (report_form_landscape(f))
		worksheet_set_landscape(x->ws);
	else
		worksheet_set_portrait(x->ws);
	worksheet_fit_to_pages(x->ws, 1, 0); /* one page wide, as long as it takes */
	worksheet_set_margins(x->ws, 0.5, 0.5, 0.6, 0.7);
	worksheet_center_horizontally(x->ws);
	keep(x, worksheet_repeat_rows(x->ws, ROW_HEAD, ROW_HEAD));
	keep(x, worksheet_print_area(x->ws, 0, 0, note_row, last));
	keep(x, worksheet_set_footer(x->ws, _("&C第 &P 页，共 &N 页")));
	worksheet_freeze_panes(x->ws, ROW_BODY, 2);
}

/* The workbook into path (a private temporary file). */
static int write_workbook(const struct report_form *f, const char *path, struct ggw_error *err)
{
	struct xl x = { 0 };
	struct sbuf title = { 0 }, note = { 0 };
	lxw_doc_properties props = { 0 };
	lxw_error e;

	if (!(x.wb = workbook_new(path)))
		return ggw_fail(err, GGW_EIO, _("无法新建 xlsx 表格：%s"), strerror(errno));
	x.ws = workbook_add_worksheet(x.wb, _("统计表"));
	make_formats(&x);
	if (x.ws)
		write_sheet(&x, f);
	else
		x.error = LXW_ERROR_MEMORY_MALLOC_FAILED;
	report_form_title(f, &title);
	report_form_note(f, &note);
	props.title = title.s;
	props.author = "ggw";
	props.comments = note.s;
	keep(&x, workbook_set_properties(x.wb, &props));
	e = workbook_close(x.wb); /* frees the workbook whatever happened */
	free(title.s);
	free(note.s);
	if (x.error == LXW_NO_ERROR)
		x.error = e;
	if (x.error != LXW_NO_ERROR)
		return ggw_fail(err, GGW_EIO, _("写出 xlsx 表格失败：%s"), lxw_strerror(x.error));
	return 0;
}

int form_write_xlsx(const struct report_form *f, const char *path, struct ggw_error *err)
{
	const char *tmpdir = getenv("TMPDIR");
	char dir[4096], file[4200];
	char *data = NULL;
	size_t len = 0;
	int rc;

	snprintf(dir, sizeof(dir), "%s/ggw-form.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(dir))
		return ggw_fail(err, GGW_EIO, _("无法新建临时文件夹 %s：%s"), dir, strerror(errno));
	snprintf(file, sizeof(file), "%s/form.xlsx", dir);
	/* Written aside, then put in place whole: never half a workbook. */
	rc = write_workbook(f, file, err);
	if (rc == 0)
		rc = read_whole_file(file, 256u << 20, &data, &len, err);
	if (rc == 0)
		rc = atomic_write(path, data, len, err);
	free(data);
	unlink(file);
	rmdir(dir);
	return rc;
}

int papers_form(struct repo *r, int argc, char **argv, struct ggw_error *err)
{
	struct report_form_opts o = { 0, NULL, NULL, FORM_XLSX };
	struct report_form f;
	struct ledger l;
	int loaded = 0, rc;

	if ((rc = report_form_parse(argc, argv, &o, err)) < 0)
		return rc;
	if ((rc = report_form_load(r, &o, &l, &loaded, &f, err)) == 0) {
		if (o.format == FORM_XLSX)
			rc = form_write_xlsx(&f, o.out, err);
		else if (o.out)
			rc = report_form_write_file(&f, o.format, o.out, err);
		else
			rc = report_form_print(stdout, &f, o.format, err);
	}
	if (rc == 0 && o.out)
		fprintf(stderr, _("报表已保存到 %s\n"), o.out);
	report_form_free(&f);
	if (loaded)
		ledger_free(&l);
	return rc;
}
