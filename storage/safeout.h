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

/* The unfiltered stderr, for ggw's own terminal controls (the progress
 * line's "\r\033[K"); only trusted text may go there. */
FILE *safeout_raw_stderr(void);

#endif
