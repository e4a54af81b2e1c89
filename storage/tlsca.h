/* The CA bundle, loaded only for a remote that may speak TLS. libgit2
 * 1.5.1 built with mbedTLS (Debian's) parses the whole bundle inside
 * git_libgit2_init, about 10 ms before any command could start. */
#ifndef GGW_TLSCA_H
#define GGW_TLSCA_H

#include "../model/err.h"

/* Around git_libgit2_init: while on, libgit2's CA bundle load is skipped
 * (it gets an empty chain: an https connection would fail its certificate
 * check, never pass it). */
void tlsca_skip(int on);
/* Before a transfer or clone over http(s): load the system's CA bundle
 * (once per process). Other URLs: nothing. */
int tlsca_for_url(const char *url, struct ggw_error *err);

#endif
