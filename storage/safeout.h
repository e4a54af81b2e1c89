/* The one place where the command line's text leaves for the terminal,
 * in both programs (ggw's command line, tui/cli/main.c, and the printing
 * program ggw-papers, papers/main.c): stdout and stderr are replaced by
 * streams that escape control characters (model/safetext.h), so text from
 * records, commits, file names and messages can never drive the terminal,
 * whichever command printed it. The full-screen interface draws through
 * ncurses and is not filtered (tui/draw.c replaces controls itself). */
#ifndef GGW_SAFEOUT_H
#define GGW_SAFEOUT_H

#include <stdio.h>

/* Install the filters (once; later calls do nothing). On failure the
 * streams stay as they were. */
void safeout_install(void);

/* What stdout prints from now on (on) or no longer (off) is text that
 * was escaped when ggw wrote it to a file of its own (the output cache of
 * `list --format csv|yaml`): it gets a cheaper check instead of the full
 * escape (safe_checked_prefix), which still stops every C0, C1 and bidi
 * control. stdout is flushed first, so text printed before goes the full
 * way. */
void safeout_escaped(int on);

/* The unfiltered stderr, for ggw's own terminal controls (the progress
 * line's "\r\033[K"); only trusted text may go there. */
FILE *safeout_raw_stderr(void);

#endif
