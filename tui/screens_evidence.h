/* Evidence (佐证材料: activity photos, sign-in sheet scans) in the
 * interface: the record screen's section, attaching through the file
 * picker (filepick.h) with a confirmation that shows the size after
 * shrinking, opening one with the desktop's viewer, withdrawing one. */
#ifndef GGW_TUI_SCREENS_EVIDENCE_H
#define GGW_TUI_SCREENS_EVIDENCE_H

#include "tui.h"

struct screen_ops;
/* The screen under the pop-ups (painted again under each one). */
struct ev_under {
	const struct screen_ops *ops;
	void *st;
};

/* Does a record of type t hold evidence (its field table has one)? */
int evidence_type_has(enum record_type t);
/* The record's evidence section: caption, kind, size, "未同步到本机"
 * when this PC lacks the bytes; a hint when there is none. */
void evidence_lines(struct app *a, enum record_type t, const struct node *rec, struct lines *l);
/* Attach files to record id (title: shown on the screens): the picker,
 * then the sizes after shrinking and kind, caption, minors; Esc on the
 * confirmation goes back to the picker. 1 when something was attached. */
int evidence_ui_attach(struct app *a, enum record_type t, const char *id, const char *title);
/* Open one of the record's files with xdg-open (a display is needed);
 * never waits for the viewer. */
void evidence_ui_open(struct app *a, enum record_type t, const char *id, const struct ev_under *under);
/* Withdraw one after asking why and confirming. 1 when withdrawn. */
int evidence_ui_withdraw(struct app *a, enum record_type t, const char *id, const struct ev_under *under);

#endif
