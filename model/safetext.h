/* Text that came from elsewhere (records, author names, commit subjects,
 * file names) made safe for a terminal: control characters could move the
 * cursor, recolour or retitle the window, or (bidi controls) make text read
 * differently from what it is. One definition of "control" serves both the
 * input check (model/record.c refuses them) and the output escape.
 *
 * Escapes (visible, plain ASCII): a C0 control, DEL or an invalid UTF-8
 * byte becomes \xHH (ESC is "\x1b"); a C1 control or a bidi control
 * becomes \uHHHH (U+202E is "\u202e"). Newline, tab, and a CR directly
 * before a newline (CSV line ends) are kept when layout is kept. */
#ifndef GGW_SAFETEXT_H
#define GGW_SAFETEXT_H

#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"

/* C0 (U+0000-U+001F, newline and tab included), DEL, C1 (U+0080-U+009F),
 * the bidi embeddings and overrides U+202A-U+202E and isolates
 * U+2066-U+2069. */
int safe_is_control(uint32_t cp);

/* Does s (n bytes) hold a control (newline and tab allowed when
 * allow_layout)? 1 and *cp set to the first one, else 0. Invalid UTF-8 is
 * not looked at here (checked on its own where text comes in). */
int safe_find_control(const char *s, size_t n, int allow_layout, uint32_t *cp);

/* Append s (n bytes) to out with every control and invalid byte escaped.
 * keep_layout: newline, tab and CR+LF pass unchanged. */
void safe_text(const char *s, size_t n, int keep_layout, struct sbuf *out);

/* The same for a stream written in pieces (layout kept): a UTF-8 sequence
 * or a CR cut by the end of a piece waits for the next one. */
struct safe_stream {
	char pend[4];
	size_t npend;
};
void safe_stream_feed(struct safe_stream *st, const char *s, size_t n, struct sbuf *out);
/* End of the stream: whatever still waits is escaped. */
void safe_stream_end(struct safe_stream *st, struct sbuf *out);

/* For text that was escaped already (safe_text, layout kept) when ggw
 * wrote it to a file of its own, a cheaper check before it is printed
 * again: how many leading bytes of s hold no C0 control but newline, tab
 * and CR+LF, no DEL, no C1 or bidi control, and end on a whole UTF-8
 * sequence. It does not look for invalid UTF-8 (escaped text has none);
 * the rest of s is for the full escape. */
size_t safe_checked_prefix(const char *s, size_t n);

#endif
