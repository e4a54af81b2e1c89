/* What the transfer child (transfer_child.c) and its watchdog
 * (transport.c) share: the names of the kinds of failure on the pipe, and
 * the clock. transport_child_main itself is declared in transport.h. */
#ifndef GGW_TRANSFER_CHILD_H
#define GGW_TRANSFER_CHILD_H

#include <stddef.h>

#include "transport.h"

/* "net", "timeout", ... as written on the pipe; "other" if out of range. */
const char *transfer_kind_name(enum transfer_kind k);
/* The kind named by s[0..len); TK_OTHER if unknown. */
enum transfer_kind transfer_kind_from_name(const char *s, size_t len);
/* Monotonic seconds. */
double transfer_now(void);

#endif
