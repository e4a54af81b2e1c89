/* 台账目录: the menu that reaches a screen for every record type and the
 * screens without a function key of their own. F2 (or m) on the activity
 * list opens it; a digit or letter opens an entry at once; Esc goes back.
 * Entries are rows of the table in menu.c: add a row there to add one. */
#ifndef GGW_TUI_MENU_H
#define GGW_TUI_MENU_H

#include "tui.h"

struct menu_entry {
	int key;            /* '1'..'9', 'a'..: opens it directly (not j k g q) */
	const char *name;   /* N_(): the entry, and the title of a type's list */
	const char *hint;   /* N_(): one line on what is in it */
	int type;           /* a record type: its list, with a count; -1 none */
	void (*open)(struct app *a); /* a screen of its own; NULL: the type's list */
};

/* Run the menu until it is left (Esc, F10, or 活动台账). */
void screen_menu(struct app *a);

/* The table's rows (menu.c), for help and tests. */
extern const struct menu_entry menu_entries[];
extern const size_t menu_entry_count;

#endif
