/* The file picker of evidence (照片、签到表扫描件): it opens on the newest
 * photos of the places a user keeps them (~/Pictures, ~/图片,
 * XDG_PICTURES_DIR, a phone or stick under /media/<user>/..., /media/...,
 * /run/media/<user>/..., a phone that gvfs mounted over MTP (or a camera,
 * an iPhone: gphoto2, afc) under $XDG_RUNTIME_DIR/gvfs, else
 * /run/user/<uid>/gvfs, the folder last used), newest first, with names,
 * dates and sizes; the user moves into and out of folders, ticks several
 * files with Space and takes them with Enter. The picker keeps its state
 * (ticks, folder) between runs, so a confirmation step can send the user
 * back to it. GGW_MEDIA_ROOT replaces /media and /run/media and leaves
 * gvfs out, GGW_GVFS_ROOT replaces the gvfs folder (tests). */
#ifndef GGW_TUI_FILEPICK_H
#define GGW_TUI_FILEPICK_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "tui.h"

struct fp_entry {
	char *path;        /* full path */
	char *label;       /* a place's name ("图片", "U盘/手机 KINGSTON"), else NULL */
	time_t mtime;
	off_t size;
	int is_dir;
};

struct fp_view {
	char *dir;             /* NULL: the recent view */
	struct fp_entry *v;
	size_t n, cap;
	size_t sel, top;       /* where the cursor was */
};

struct filepick {
	struct app *a;
	const char *title;     /* the title line ("添加到：红色故事会") */
	char *last_dir;        /* the folder last used (ggw.evidencedir), may be NULL */
	struct fp_view *stack; /* [0] the recent view, then folders entered */
	size_t depth, cap;
	char **ticked;         /* full paths, in the order ticked */
	size_t nticked, capticked;
	struct listbox lb;
	int truncated;         /* the recent view stopped at its limits */
	char msg[256];         /* a warning for the status line */
	int taken;             /* the run ended with Enter on a file */
	const char *one;       /* filepick_chosen: the file under the cursor */
};

/* Start a picker (nothing is read yet). last_dir may be NULL. */
void filepick_init(struct filepick *fp, struct app *a, const char *title, const char *last_dir);
/* Run it: 1 when the user took files (filepick_chosen), 0 on Esc. */
int filepick_run(struct filepick *fp);
/* The files taken: the ticked ones, else the one under the cursor. The
 * array points into fp (valid until the next run or free). */
size_t filepick_chosen(struct filepick *fp, const char ***paths);
void filepick_free(struct filepick *fp);

/* A size as people read it: "812 B", "312 KB", "3.2 MB". */
void filepick_size_text(unsigned long long bytes, char *buf, size_t len);
/* A file name made safe to draw: invalid bytes and controls escaped
 * (\xHH), so odd names from a camera or another PC cannot move the
 * cursor. *out malloc'd. */
char *filepick_safe_name(const char *name);

#endif
