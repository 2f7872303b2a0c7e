/* output.h: the shell's buffered output to fd 1 and fd 2. */
#ifndef SH_OUTPUT_H
#define SH_OUTPUT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Builtins write through these buffers, not stdio: a loop of echo or printf
 * then costs one write per 8 KiB. The buffers are flushed before any fork or
 * exec, before redirections change fd 1 or 2, at the end of each top-level
 * command when the output is a terminal, and at exit. out2 is flushed after
 * every message so errors and output interleave as written.
 */
struct output {
	char *buf;
	size_t len, cap;
	int fd;
	int error;   /* errno of the first failed write since the last reset */
};

extern struct output out1, out2;

void out_write(struct output *o, const void *p, size_t n);
void out_str(struct output *o, const char *s);
void out_char(struct output *o, int c);
void out_fmt(struct output *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_vfmt(struct output *o, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Writes the buffer out; returns 0 or -errno (also kept in o->error). */
int out_flush(struct output *o);
void out_flush_all(void);
/* Drops buffered bytes (a forked child must not write its parent's output twice). */
void out_discard(struct output *o);

#endif
