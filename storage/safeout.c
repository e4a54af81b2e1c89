/* Filtered stdout and stderr (see safeout.h), with glibc's fopencookie. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* fopencookie */
#endif
#include "safeout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/safetext.h"

struct filter {
	int fd;
	struct safe_stream st;
	int escaped; /* what comes was escaped when written (safeout_escaped) */
};

static struct filter out_filter = { 1, { { 0 }, 0 }, 0 }, err_filter = { 2, { { 0 }, 0 }, 0 };
static FILE *raw_stderr;
static int installed;

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Text escaped already: the bytes that pass the cheap check go out as
 * they are; a cut sequence waiting from the last piece, and whatever the
 * check stops at, go through the full escape. */
static int write_escaped(struct filter *f, const char *buf, size_t size)
{
	struct sbuf out = { 0 };
	size_t done = 0, ok;
	int rc = 0;

	if (f->st.npend) { /* complete the waiting sequence first */
		while (done < size && done < 3 && ((unsigned char)buf[done] & 0xc0) == 0x80)
			done++;
		safe_stream_feed(&f->st, buf, done, &out);
		if (f->st.npend) { /* still cut (or more to come): escape it all */
			safe_stream_feed(&f->st, buf + done, size - done, &out);
			done = size;
		}
		if (out.len)
			rc = write_all(f->fd, out.s, out.len);
		out.len = 0;
	}
	ok = safe_checked_prefix(buf + done, size - done);
	if (rc == 0 && ok)
		rc = write_all(f->fd, buf + done, ok);
	done += ok;
	if (rc == 0 && done < size) {
		safe_stream_feed(&f->st, buf + done, size - done, &out);
		if (out.len)
			rc = write_all(f->fd, out.s, out.len);
	}
	if (out.failed)
		rc = -1, errno = ENOMEM;
	free(out.s);
	return rc;
}

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
	struct filter *f = cookie;
	struct sbuf out = { 0 };
	int rc;

	if (f->escaped)
		return write_escaped(f, buf, size) < 0 ? -1 : (ssize_t)size;
	safe_stream_feed(&f->st, buf, size, &out);
	if (out.failed) {
		free(out.s);
		errno = ENOMEM;
		return -1;
	}
	rc = out.len ? write_all(f->fd, out.s, out.len) : 0;
	free(out.s);
	return rc < 0 ? -1 : (ssize_t)size;
}

/* Bytes still waiting (a cut UTF-8 sequence at the very end) are escaped
 * and written when the program ends. */
static void filter_end(struct filter *f)
{
	struct sbuf out = { 0 };

	safe_stream_end(&f->st, &out);
	if (!out.failed && out.len)
		write_all(f->fd, out.s, out.len);
	free(out.s);
}

static void flush_at_exit(void)
{
	fflush(stdout);
	fflush(stderr);
	filter_end(&out_filter);
	filter_end(&err_filter);
}

void safeout_install(void)
{
	cookie_io_functions_t io = { NULL, filter_write, NULL, NULL };
	FILE *o, *e;

	if (installed)
		return;
	installed = 1;
	fflush(stdout);
	fflush(stderr);
	o = fopencookie(&out_filter, "w", io);
	e = fopencookie(&err_filter, "w", io);
	if (!o || !e || atexit(flush_at_exit) != 0) {
		if (o)
			fclose(o);
		if (e)
			fclose(e);
		return;
	}
	/* stdout keeps its buffering (full for pipes, line for terminals);
	 * stderr stays unbuffered so that it interleaves with raw_stderr. */
	setvbuf(o, NULL, isatty(1) ? _IOLBF : _IOFBF, isatty(1) ? BUFSIZ : 65536);
	setvbuf(e, NULL, _IONBF, 0);
	raw_stderr = stderr;
	stdout = o;
	stderr = e;
}

void safeout_escaped(int on)
{
	fflush(stdout);
	if (installed)
		out_filter.escaped = on;
}

FILE *safeout_raw_stderr(void)
{
	return raw_stderr ? raw_stderr : stderr;
}
