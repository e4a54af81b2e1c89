/* The full-screen interface: shared types of the widgets and screens.
 * Text inside the interface is UTF-8 everywhere; it becomes wchar_t (Unicode
 * in glibc) only at the ncurses boundary (draw.c, term.c), so the locale's
 * charset (UTF-8 or GB18030) never touches data on disk. */
#ifndef GGW_TUI_H
#define GGW_TUI_H

#include <stddef.h>
#include <stdint.h>
#include <curses.h>

#include "../model/err.h"
#include "../model/fields.h"
#include "../model/node.h"
#include "../model/record.h"
#include "../records/ledger.h"
#include "../records/ops.h"

/* ---- keys (term.c) ----
 * A key is an int: a Unicode code point (>= 0), or TK(KEY_xxx) for an
 * ncurses key code, so code points above 0x100 never collide with KEY_*. */
#define TK_FN 0x40000000
#define TK(k) (TK_FN | (k))
#define TK_IS_FN(k) (((k) & TK_FN) != 0)
#define TK_CTRL(c) ((c) & 0x1f)
#define TK_ENTER '\r'
#define TK_ESC 27
#define TK_TAB '\t'
#define TK_BTAB TK(KEY_BTAB)
#define TK_BS TK(KEY_BACKSPACE)
#define TK_FKEY(n) TK(KEY_F(n))
#define TK_RESIZE TK(KEY_RESIZE)
#define TK_END_SCRIPT TK(0777) /* the key script ran out: leave everything */

/* Colour/attribute roles. */
enum role {
	R_NORMAL, R_TITLE, R_SEL, R_WARN, R_GOOD, R_DIM, R_FKEY_NUM, R_FKEY_LABEL,
	R_LABEL, R_FIELD, R_FIELD_CUR, R_ERROR, R_BAR, R_HEAD, R__COUNT
};

struct glyphs {
	const char *ellipsis; /* "…" or "~" */
	const char *blocks[9]; /* bar chart eighths: "", "▏" ... "█" */
	const char *hline;     /* "─" or "-" */
	const char *vline;     /* "│" or "|" */
	const char *missing;   /* a missing 五有 mark */
	int ascii;             /* fallbacks in use */
};

struct term {
	int colour;
	attr_t attr[R__COUNT];
	struct glyphs g;
	int script;            /* keys come from GGW_TUI_SCRIPT */
	double t_start;        /* ms, monotonic */
	double t_first_draw;
	long nkeys;
	double key_total, key_max;
	double t_key;          /* when the current key was read */
	double t_first_key;    /* when the first key had been answered */
	int has_pending;       /* pending_key was read ahead (term_key_waiting) */
	int pending_key;
	int codeset_utf8;      /* locale charset is UTF-8 */
	char codeset[32];
};
extern struct term term;

int term_init(struct ggw_error *err);
void term_end(void);
double term_now_ms(void);
/* Read one key; blocks. In script mode reads the script. */
int term_getkey(void);
/* Read one key waiting at most ms (ERR -> -1). */
int term_getkey_timeout(int ms);
/* 1 if a key is already waiting (it stays for term_getkey): background
 * work waits for it. In a key script every key counts as typed ahead. */
int term_key_waiting(void);
/* Draw the screen to the terminal and note the timing of the key. */
void term_refresh(void);
/* Short name of a key for help and the key bar ("F2", "Enter", "Ctrl-S"). */
void term_key_name(int key, char *buf, size_t len);

/* ---- text drawing (draw.c) ---- */
/* Display width of one code point under the terminal's locale; -1 (not
 * printable) counts as 1 since it is drawn as '?'. */
int cp_cols(uint32_t cp);
int str_cols(const char *s);
int str_cols_n(const char *s, size_t n);
/* Byte length of the longest prefix of s fitting in cols columns. */
size_t str_fit(const char *s, int cols, int *used);
/* Draw s at y,x in at most cols columns with attr; cut with an ellipsis,
 * never inside a character. pad: DRAW_PAD fills up to cols with spaces,
 * DRAW_CLIP cuts without an ellipsis. Returns the columns drawn. */
#define DRAW_PAD 1
#define DRAW_CLIP 2
int draw_text(int y, int x, const char *s, int cols, attr_t attr, int pad);
/* Same for the first n bytes of s. */
int draw_textn(int y, int x, const char *s, size_t n, int cols, attr_t attr, int pad);
/* Right-aligned in cols. */
int draw_text_right(int y, int x, const char *s, int cols, attr_t attr);
void draw_fill(int y, int x, int cols, attr_t attr);
/* Break text into lines of at most cols columns (at '\n', else wherever a
 * character would overflow; Chinese has no spaces to break at). Calls out
 * for each line (start, byte length). */
void wrap_text(const char *s, int cols, void (*out)(const char *line, size_t n, void *d), void *d);
/* Short form of a label: text before the first full-width bracket. */
void short_label(const char *label, char *buf, size_t len);

/* A key bar at the bottom and a status message area. */
void draw_keybar(int screen);
/* Set while a drill-down list runs: its F10 is labelled 返回. */
extern int keybar_quit_is_back;
void draw_title(const char *left, const char *right);

/* ---- growable lines of text with attributes (a simple pager model) ---- */
struct tline {
	char *text;
	attr_t attr;
	int indent;   /* columns */
};
struct lines {
	struct tline *v;
	size_t n, cap;
	size_t top; /* pager: first line shown */
};
void lines_add(struct lines *l, attr_t attr, int indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Add text wrapped to cols (continuation lines get indent). */
void lines_add_wrapped(struct lines *l, attr_t attr, int indent, int cols, const char *text);
void lines_clear(struct lines *l);
void lines_free(struct lines *l);

/* ---- line editor (lineedit.c) ---- */
struct vline { size_t start, end; int cols; };
struct ledit {
	char *buf;          /* UTF-8, NUL-terminated, never NULL after init */
	size_t len, cap;
	size_t cur;         /* byte offset, always on a character boundary */
	int multiline;      /* Enter inserts a newline */
	int goal_col;       /* column kept while moving up/down, -1 none */
	int top;            /* first visual line shown (multiline) */
	int hscroll;        /* first column shown (single line) */
	size_t maxbytes;
	struct vline *vl;   /* layout cache */
	size_t nvl, capvl;
	int layout_width;
};
void ledit_init(struct ledit *e, int multiline);
void ledit_free(struct ledit *e);
void ledit_set(struct ledit *e, const char *s);
void ledit_insert(struct ledit *e, const char *utf8, size_t n);
/* Handle an editing key; returns 1 if used (text or cursor changed). */
int ledit_key(struct ledit *e, int key, int width);
/* Draw the editor in a box (h rows, w cols); if focused, place the cursor. */
void ledit_draw(struct ledit *e, int y, int x, int h, int w, attr_t attr, int focused);
/* Visual lines of the text at width w (layout cache). */
size_t ledit_layout(struct ledit *e, int w);
/* Cursor's visual line and column at width w. */
void ledit_cursor_pos(struct ledit *e, int w, int *row, int *col);

/* ---- list widget (listbox.c) ---- */
struct listbox;
typedef void (*listbox_draw_fn)(struct listbox *lb, size_t i, int y, int x, int w,
				int selected, void *data);
struct listbox {
	size_t n, sel, top;
	int height;           /* rows shown, set at draw */
	listbox_draw_fn draw_row;
	void *data;
};
void listbox_draw(struct listbox *lb, int y, int x, int h, int w);
int listbox_key(struct listbox *lb, int key); /* 1 if used */
void listbox_clamp(struct listbox *lb);

/* Pop-up pick list: items (translated labels), returns index or -1 (Esc).
 * current: index selected first. */
int pick_list(const char *title, const char *const *labels, size_t n, int current);
/* The same, with a key already typed: a Chinese character finds the first
 * item holding it (typing more Chinese in the list narrows the search). */
int pick_list_find(const char *title, const char *const *labels, size_t n, int current, int first_key);
/* Yes/no question: returns 1 yes, 0 no. */
int ask_yes_no(const char *question);
/* A question answered by one of n keys: returns its index, -1 on Esc. */
int ask_keys(const char *question, const char *hint, const int *keys, size_t n);
/* Show a message and wait for a key. */
void message_box(const char *title, const char *text);
/* Paint an empty pop-up box of want_h x want_w inside (centred, cut to the
 * screen) with title on its top line; its place and size. */
struct box { int y, x, h, w; };
struct box box_open(int want_h, int want_w, const char *title);

/* ---- the application (tui.c) ---- */
struct sync_state;
struct app {
	struct repo *repo;
	struct ledger led;
	int led_loaded;
	struct actor actor;
	int have_actor;
	char status[512];     /* last message (one line) */
	int status_warn;
	int quit;             /* leave every screen */
	char last_sync[64];   /* "" unknown */
	long unsent;          /* -1 unknown */
	/* per-session year for overview */
	int year;
	char last_id[64];     /* id of the record the last form saved */
	unsigned long led_gen; /* counts app_reload: a screen holding entry
				  indices of an older load builds them again */
	/* search corpus: every entry's search text, ASCII lower-cased, one
	 * after the other ('\0' between), built once per load */
	char *corpus;
	size_t *coff;         /* entry i is corpus[coff[i] .. coff[i+1]-1) */
	size_t *cid;          /* its id (and path) from corpus[cid[i]]: only a
				 search that looks like an id looks there */
	unsigned char *mark;  /* scratch: one byte per entry */
	int clock_checked;    /* app_clock_check has run */
};
/* The full-screen interface on an open repository (the caller closes
 * it). Returns 0 or an error code with err filled. */
int tui_run(struct repo *repo, struct ggw_error *err);

/* The clock warning (records/clock.h) into the status line, once per
 * session: it reads HEAD's commit, which starts libgit2, so the list runs
 * it after its first screen is drawn. */
void app_clock_check(struct app *a);

/* Build the search corpus if needed (after a load). 0 or -1. */
int app_corpus(struct app *a);

/* Screens; each runs screen_run (screen.h) over its callbacks and
 * returns when left. */
enum screen_id {
	SCR_LIST, SCR_RECORD, SCR_FORM, SCR_VOLS, SCR_HISTORY, SCR_SYNC,
	SCR_CONFLICTS, SCR_STATS, SCR_HELP, SCR_PICK, SCR_SCORE, SCR_DELETED,
	SCR_AUDIT,
	SCR_MENU, SCR_LEDGER, /* 台账目录 (menu.h), the list of any other type */
	SCR_KEYS,
	SCR__COUNT
};
#define SCR_BIT(s) (1u << (s))

/* A record's title (an activity's title, a volunteer's name) or NULL. */
const char *tui_record_title(enum record_type t, const struct node *rec);
/* The screen's name, translated ("活动台账"). */
const char *screen_name(int screen);

int app_reload(struct app *a);
void app_status(struct app *a, int warn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *unit_name(struct app *a, const char *key);
/* A unit's name shortened for columns: without the street's name and a
 * trailing 关工委 ("新义村", "办公室"). */
void unit_short(struct app *a, const char *key, char *buf, size_t len);
/* Key handling common to every screen: returns the action id (enum action)
 * bound to key on this screen, or -1. */
int action_for_key(int screen, int key, int typing);

void screen_list(struct app *a);
/* The activity list of one unit and year (drill-down from the overview). */
void screen_list_unit(struct app *a, const char *unit, int year);
/* The list of any record type, columns from the type table (the menu's
 * entries); name: N_() shown after the street's name. */
void screen_list_type(struct app *a, int type, const char *name);
void screen_record(struct app *a, const char *id);
/* Add (id NULL) or edit a record. Returns 1 if saved. */
int screen_form(struct app *a, enum record_type t, const char *id);
/* Add a record of type t with fields filled from preset (a map by field
 * key, "unit" included; NULL: none). Returns 1 if saved (a->last_id). */
int screen_form_preset(struct app *a, enum record_type t, const struct node *preset);
void screen_volunteers(struct app *a);
void screen_history(struct app *a, const char *id);
void screen_sync(struct app *a);
void screen_conflicts(struct app *a, const char *only_id);
void screen_stats(struct app *a);
/* Self-score of a year by rules.yaml (screens_score.c). */
void screen_score(struct app *a, int year);
void screen_help(int screen);
/* 签名钥匙: pending registration requests and the registered keys; the
 * office registers a request after checking its phone code
 * (screens_keys.c). */
void screen_keys(struct app *a);
/* 已删除的记录: pick a deleted record and restore it (screens_deleted.c). */
void screen_deleted(struct app *a);
/* 留痕检查: the findings of `ggw audit` for year (0: the overview's or this
 * year), per unit (a unit's PC: its own), each with how to fix it; Enter
 * opens the record (screens_audit.c). */
void screen_audit(struct app *a, int year);
/* 按编号查找: a box where an id, or any part of it or of the file's path
 * (what `ggw audit` prints), finds the records of every type; Enter opens
 * one (screens_goto.c). */
void screen_goto(struct app *a);
/* Undo this PC's last change after asking (the list's undo key). Returns
 * 1 if something was undone. */
int tui_undo(struct app *a);

/* screens_record.c: a value as people read it (enum labels, 、-joined lists,
 * volunteer names); malloc'd. */
char *field_value_text(struct app *a, const struct field_def *f, const struct node *v);
void record_lines(struct app *a, enum record_type t, const struct node *rec, struct lines *l);
/* Two texts side by side, each wrapped in its half, under two headings. */
void side_by_side(struct lines *l, int indent, const char *lh, const char *left,
		  const char *rh, const char *right);
/* Load a record by id (path from the ledger or found on disk). */
int load_record(struct app *a, const char *id, enum record_type *t, struct node *rec,
		char *path, size_t plen);

/* Multi-select of volunteers by name (ids in/out, ' '-separated list in
 * a malloc'd string), with a key already typed into the name filter (0:
 * none). Returns 1 if confirmed. */
int pick_volunteers_typed(struct app *a, char **ids, int first_key);
/* The same for records of any type (sites, cases ...; a case by its code):
 * multi 0 picks one. unit: the unit a record added from the picker (F3)
 * belongs to, NULL this PC's. Returns 1 if confirmed. */
int pick_records(struct app *a, int type, int multi, char **ids, int first_key, const char *unit);

#endif
