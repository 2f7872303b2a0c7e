/* output.c: buffered output for builtins, flushed at the points output.h names. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "output.h"

#define OUT_CAP 8192

struct output out1 = { .fd = 1 };
struct output out2 = { .fd = 2 };

static int
write_all(struct output *o, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (o->error == 0)
				o->error = errno;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
out_flush(struct output *o)
{
	int r = 0;
	if (o->len > 0)
		r = write_all(o, o->buf, o->len);
	o->len = 0;
	return r;
}

void
out_flush_all(void)
{
	out_flush(&out1);
	out_flush(&out2);
}

void
out_discard(struct output *o)
{
	o->len = 0;
}

void
out_write(struct output *o, const void *p, size_t n)
{
	if (o->buf == NULL) {
		o->buf = xmalloc(OUT_CAP);
		o->cap = OUT_CAP;
	}
	if (o->len + n > o->cap) {
		out_flush(o);
		if (n >= o->cap) {
			write_all(o, p, n);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

void
out_str(struct output *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void
out_char(struct output *o, int c)
{
	if (o->buf != NULL && o->len < o->cap) {
		o->buf[o->len++] = (char)c;
		return;
	}
	char ch = (char)c;
	out_write(o, &ch, 1);
}

void
out_vfmt(struct output *o, const char *fmt, va_list ap)
{
	char small[512];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	if ((size_t)n < sizeof small) {
		out_write(o, small, (size_t)n);
	} else {
		char *big = xmalloc((size_t)n + 1);
		vsnprintf(big, (size_t)n + 1, fmt, ap2);
		out_write(o, big, (size_t)n);
		free(big);
	}
	va_end(ap2);
}

void
out_fmt(struct output *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	out_vfmt(o, fmt, ap);
	va_end(ap);
}
