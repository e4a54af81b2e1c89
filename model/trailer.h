/* Commit message trailers ("Ggw-Unit: xinyi"), read the one way every part
 * of ggw reads them: only from the trailer block, the message's last
 * paragraph (never its first), in which every line is "Token: value" (or
 * a continuation line starting with a blank). A "Ggw-Unit:" line in the
 * body of the message is text, not a trailer. */
#ifndef GGW_TRAILER_H
#define GGW_TRAILER_H

#include <stddef.h>

/* The first value of trailer key (compared without case) into buf, trimmed.
 * Returns how many times key occurs in the trailer block (0: absent; then
 * buf is ""). */
int commit_trailer(const char *message, const char *key, char *buf, size_t len);

#endif
