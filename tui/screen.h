/* One screen loop for the whole interface, after tig's view_driver and
 * struct view_ops: a screen is a table of callbacks over its own state,
 * and screen_run owns what every screen shares: drawing and showing,
 * reading keys, the end of a key script, resizes, mapping keys to actions
 * (actions.h), help (F1), redraw (Ctrl-L), the status line, the function
 * key bar and leaving. Screens call one another by running the next
 * screen from an action, so the call stack is the screen stack. */
#ifndef GGW_TUI_SCREEN_H
#define GGW_TUI_SCREEN_H

#include "tui.h"

/* What a key or action callback did with it. */
enum screen_result {
	SCREEN_PASS,  /* not used: the driver goes on with it (A_BACK leaves) */
	SCREEN_STAY,  /* used: draw again, read the next key */
	SCREEN_LEAVE  /* leave the screen */
};

/* screen_ops.flags */
#define SO_POPUP 1u       /* a box over what is drawn: no key bar, no status
			     line, no help; the status message is left alone */
#define SO_KEEP_STATUS 2u /* a key does not clear the status message */
#define SO_NO_STATUS 4u   /* no status line */

struct screen_ops {
	int id;             /* enum screen_id: key bindings, key bar, help */
	unsigned flags;     /* SO_* */
	enum role ok_role, warn_role; /* the status message's colours */
	/* Paint all but the status line and the key bar. Required. */
	void (*draw)(void *st);
	/* The status line at row y when there is no message. May be NULL. */
	void (*status)(void *st, int y);
	/* Last: place and show the cursor (input methods need it at the
	 * insertion point). NULL hides it. */
	void (*cursor)(void *st);
	/* Once the screen shows, before a key is read: work the first draw
	 * should not wait for. Returns 1 to draw again first. May be NULL. */
	int (*idle)(void *st);
	/* The terminal changed size (the screen is drawn again anyway). */
	void (*resize)(void *st);
	/* Are printable keys text right now (a search line, a form)? */
	int (*typing)(void *st);
	/* A key, before the action table: widgets that take keys. */
	int (*key)(void *st, int key);
	/* The key's action on this screen, -1 if it is bound to none. */
	int (*action)(void *st, int act, int key);
};

/* Run the screen until it is left or a->quit is set. a may be NULL
 * (help, pop-ups outside the application). */
void screen_run(struct app *a, const struct screen_ops *ops, void *st);
/* Paint the screen, without showing it: the background of a pop-up. */
void screen_paint(struct app *a, const struct screen_ops *ops, void *st);

/* ---- the pager: lines of text that scroll (record, history, conflicts,
 * help). A screen built on it puts struct pager first in its state and
 * uses pager_draw, pager_status and pager_resize as its callbacks. ---- */
struct pager {
	struct app *a;
	int screen;
	char title[512];
	struct lines l;
	int h;          /* rows shown at the last draw */
	int stale;      /* build the lines again before the next draw */
	/* Fill l (wrapped to COLS); called when stale. */
	void (*build)(struct pager *pg);
};
/* Start a pager: lines built before the first draw. */
void pager_init(struct pager *pg, struct app *a, int screen, void (*build)(struct pager *pg));
/* The callbacks of a screen built on the pager; act: its actions. */
#define PAGER_SCREEN_OPS(scr, act) { .id = (scr), .ok_role = R_NORMAL, .warn_role = R_WARN, \
	.draw = pager_draw, .status = pager_status, .resize = pager_resize, .action = (act) }
void pager_draw(void *st);
void pager_status(void *st, int y);
void pager_resize(void *st);
/* Scrolling actions: SCREEN_STAY if act was one, else SCREEN_PASS. */
int pager_move(struct pager *pg, int act);
/* pager_move as an action callback: for screens that only scroll. */
int pager_action(void *st, int act, int key);

#endif
