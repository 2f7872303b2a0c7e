/* read.c: read [-r] [-d delim] [-p prompt] [name...]: one logical line into variables. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bltin.h"
#include "builtins.h"
#include "cli.h"
#include "error.h"
#include "lctype.h"
#include "mem.h"
#include "output.h"
#include "var.h"

/*
 * The line is kept with its escapes marked in band: an escaped byte c is
 * stored as NUL, c. NUL never reaches the line otherwise (input NULs are
 * dropped, or end the line with -d ''), so the marking is unambiguous and
 * one growing string on the shell's stack holds everything.
 */
#define ESC '\0'

/* How one call reads: its options and where the line is growing. */
struct rd {
	int raw;          /* -r */
	char delim;
	int pending;      /* the last byte was an unescaped backslash */
	struct sbuf line;
};

enum { RD_MORE, RD_END };

/* Feeds one input byte; RD_END when it ended the line. Without -r a
 * backslash escapes the next byte and backslash-newline is removed (with
 * -d too, as bash does); an escaped delimiter is then literal, except NUL,
 * which always ends the line. Other NULs cannot live in a variable: dropped
 * (as dash and bash do), without disturbing a pending backslash. */
static int
feed(struct rd *r, char c)
{
	if (c == '\0' && r->delim != '\0')
		return RD_MORE;
	if (r->pending) {
		r->pending = 0;
		if (c == '\n')
			return RD_MORE;
		if (c == '\0')
			return RD_END;
		sb_putc(&r->line, ESC);
		sb_putc(&r->line, c);
		return RD_MORE;
	}
	if (c == r->delim)
		return RD_END;
	if (c == '\\' && !r->raw)
		r->pending = 1;
	else
		sb_putc(&r->line, c);
	return RD_MORE;
}

/* After a system call failed: 0 to make it again (EINTR, and no trap
 * wants the shell back), else what to return: -errno, or -(128 + signal). */
static ssize_t
call_failed(void)
{
	if (errno != EINTR)
		return -errno;
	int sig = cli_pending_signal();
	return sig != 0 ? -(128 + sig) : 0;
}

/* One read(2) that retries on EINTR unless a trap wants the shell back:
 * then -(128 + signal). Returns bytes, 0 at end of file, or -errno. */
static ssize_t
read_some_from(int fd, char *buf, size_t n)
{
	for (;;) {
		ssize_t k = read(fd, buf, n);
		if (k >= 0 || (k = call_failed()) != 0)
			return k;
	}
}

static ssize_t
read_some(char *buf, size_t n)
{
	return read_some_from(0, buf, n);
}

/* A regular file: a block at a time, then seek back to just past the
 * delimiter so the next reader of fd 0 starts there. Returns 0 at the end
 * of the line, 1 at end of file, or a negative read_some value. */
static int
read_seekable(struct rd *r)
{
	char buf[4096];
	for (;;) {
		ssize_t n = read_some(buf, sizeof buf);
		if (n <= 0)
			return n == 0 ? 1 : (int)n;
		for (ssize_t i = 0; i < n; i++) {
			if (feed(r, buf[i]) == RD_END) {
				if (i + 1 < n && lseek(0, (off_t)(i + 1 - n), SEEK_CUR) < 0)
					return -errno;
				return 0;
			}
		}
	}
}

#ifdef HAVE_TEE
/* Takes exactly n bytes from fd 0 (a pipe that holds them). */
static int
consume(size_t n)
{
	char sink[4096];
	while (n > 0) {
		ssize_t k = read_some(sink, n);
		if (k <= 0)
			return k == 0 ? -EIO : (int)k;
		n -= (size_t)k;
	}
	return 0;
}

/* Copies what the pipe at fd 0 holds (waiting for some) into the scratch
 * pipe without taking it: bytes, 0 at end of file, or as read_some. */
static ssize_t
tee_some(int to, size_t n)
{
	for (;;) {
		ssize_t k = tee(0, to, n, 0);
		if (k >= 0 || (k = call_failed()) != 0)
			return k;
	}
}

/* Bytes waiting in the pipe at fd 0 (0 when it cannot tell). */
static int
pipe_waiting(void)
{
	int n;
	return ioctl(0, FIONREAD, &n) == 0 ? n : 0;
}

/*
 * Below this many bytes waiting, reading them one by one costs no more
 * than making the scratch pipe (a here-document's short line); an empty
 * pipe is read a byte at a time too, as tee would only wait for data.
 */
#define TEE_MIN 32

/*
 * A pipe, on Linux: tee(2) copies what is waiting into a scratch pipe
 * without taking it from fd 0; the copy shows where the line ends, and
 * exactly that much is then taken: seven system calls a line (the scratch
 * pipe is made and closed each time, so no subshell shares it), not one a
 * byte, and still no byte past the line is taken from a later reader.
 * -ENOSYS when tee cannot be used here (the caller reads byte by byte).
 */
static int
read_pipe(struct rd *r)
{
	int sp[2];
	if (pipe2(sp, O_CLOEXEC) < 0)
		return -ENOSYS;
	int st;
	for (int first = 1;; first = 0) {
		char buf[4096];
		ssize_t n = tee_some(sp[1], sizeof buf);
		if (n <= 0) {   /* end of file; tee refused here (nothing taken yet); an error */
			st = n == 0 ? 1 : first && (n == -EINVAL || n == -ENOSYS) ? -ENOSYS : (int)n;
			break;
		}
		if ((n = read_some_from(sp[0], buf, (size_t)n)) <= 0) {
			st = n == 0 ? -EIO : (int)n;
			break;
		}
		ssize_t i = 0;
		while (i < n && feed(r, buf[i]) != RD_END)
			i++;
		int end = i < n;
		if ((st = consume((size_t)(end ? i + 1 : n))) < 0 || end)
			break;
	}
	close(sp[0]);
	close(sp[1]);
	return st;
}
#endif

/* Anything else (pipe, terminal, socket): a byte at a time, so no byte
 * past the line is taken from a later reader. */
static int
read_bytewise(struct rd *r)
{
	char c;
	for (;;) {
		ssize_t n = read_some(&c, 1);
		if (n <= 0)
			return n == 0 ? 1 : (int)n;
		if (feed(r, c) == RD_END)
			return 0;
	}
}

/* How fd 0 can be read: a regular file in blocks, a pipe through tee. */
enum { IN_BYTES, IN_SEEKABLE, IN_PIPE };

static int
input_kind(void)
{
	struct stat st;
	if (fstat(0, &st) < 0)
		return IN_BYTES;
	return S_ISREG(st.st_mode) ? IN_SEEKABLE : S_ISFIFO(st.st_mode) ? IN_PIPE : IN_BYTES;
}

/* ---- splitting (XCU 2.6.5 as read adapts it) ---- */

struct split {
	const char *s, *end, *ifs;
	/* by byte: 1 IFS white space, 2 another IFS character, 3 a byte of
	 * a non-ASCII IFS character (a whole character must match) */
	char cls[256];
};

static void
split_init(struct split *sp, const char *s, size_t len)
{
	const char *ifs = var_get("IFS");
	sp->s = s;
	sp->end = s + len;
	sp->ifs = ifs ? ifs : " \t\n";
	memset(sp->cls, 0, sizeof sp->cls);
	for (ifs = sp->ifs; *ifs; ifs++) {
		unsigned char c = (unsigned char)*ifs;
		sp->cls[c] = c >= 0x80 ? 3 : c == ' ' || c == '\t' || c == '\n' ? 1 : 2;
	}
}

/* The IFS class of the character at p (0 for an escaped byte), and in
 * *len its length: an escape marker and its byte, or a multibyte
 * character where IFS holds one, go as one. */
static int
cls(const struct split *sp, const char *p, size_t *len)
{
	*len = 1;
	if (*p == ESC) {
		*len = 2;
		return 0;
	}
	int c = sp->cls[(unsigned char)*p];
	if (c != 3)
		return c;
	*len = lc_char_len(p, (size_t)(sp->end - p));
	return ifs_has_char(sp->ifs, p, *len) ? 2 : 0;
}

static const char *
skip_ws(const struct split *sp, const char *p)
{
	size_t n;
	while (p < sp->end && cls(sp, p, &n) == 1)
		p += n;
	return p;
}

/* The end of the field at p: the first unescaped IFS character. */
static const char *
field_end(const struct split *sp, const char *p)
{
	size_t n;
	while (p < sp->end && cls(sp, p, &n) == 0)
		p += n;
	return p;
}

/* Past one delimiter at p: white space, then at most one other IFS
 * character with the white space after it. */
static const char *
skip_delim(const struct split *sp, const char *p)
{
	size_t n;
	p = skip_ws(sp, p);
	if (p < sp->end && cls(sp, p, &n) == 2)
		p = skip_ws(sp, p + n);
	return p;
}

/* [p, q) with escape markers removed, as a string on the shell stack. */
static char *
unescape(const char *p, const char *q)
{
	char *v = st_alloc((size_t)(q - p) + 1), *o = v;
	while (p < q) {
		if (*p == ESC)
			p++;
		*o++ = *p++;
	}
	*o = '\0';
	return v;
}

/* The last variable: one field alone takes its delimiter off; otherwise
 * the rest of the line, less trailing IFS white space, delimiters and all. */
static char *
last_value(const struct split *sp, const char *p)
{
	const char *fe = field_end(sp, p);
	if (skip_delim(sp, fe) == sp->end)
		return unescape(p, fe);
	const char *q = sp->end;
	while (q > p && sp->cls[(unsigned char)q[-1]] == 1 && !(q - 1 > p && q[-2] == ESC))
		q--;
	return unescape(p, q);
}

static int
assign(const char *name, const char *value)
{
	return var_set(name, value, 0) < 0 ? 2 : 0;
}

/* Assigns the fields of the line to names[0..n). */
static int
assign_fields(char **names, int n, const char *s, size_t len)
{
	struct split sp;
	split_init(&sp, s, len);
	const char *ifs = var_get("IFS");
	int st = 0;
	if (ifs != NULL && *ifs == '\0') {   /* no splitting at all */
		st |= assign(names[0], unescape(s, s + len));
		for (int i = 1; i < n; i++)
			st |= assign(names[i], "");
		return st;
	}
	const char *p = skip_ws(&sp, s);
	for (int i = 0; i < n; i++) {
		if (i == n - 1) {
			st |= assign(names[i], last_value(&sp, p));
			break;
		}
		const char *fe = field_end(&sp, p);
		st |= assign(names[i], unescape(p, fe));
		p = skip_delim(&sp, fe);
	}
	return st;
}

/* ---- the builtin ---- */

/* Names are checked before any input is taken, so a typo loses no data. */
static int
check_names(char **names, int n)
{
	for (int i = 0; i < n; i++) {
		struct var *v;
		if (!is_name(names[i])) {
			sh_warn("read: %s: bad variable name", names[i]);
			return 2;
		}
		if ((v = var_lookup(names[i])) != NULL && (v->flags & VREADONLY)) {
			sh_warn("read: %s: is read only", names[i]);
			return 2;
		}
	}
	return 0;
}

static int
parse_options(struct bopt *o, struct rd *r, const char **prompt)
{
	int c;
	while ((c = bopt_next(o, "rd:p:")) != 0) {
		switch (c) {
		case 'r': r->raw = 1; break;
		case 'd': r->delim = o->arg[0]; break;   /* "" is NUL */
		case 'p': *prompt = o->arg; break;
		default: return 2;
		}
	}
	return 0;
}

/* 0 at the end of the line, 1 at end of file, or a negative read_some
 * value. */
static int
read_line(struct rd *r)
{
	switch (input_kind()) {
	case IN_SEEKABLE:
		return read_seekable(r);
#ifdef HAVE_TEE
	case IN_PIPE: {
		int got = pipe_waiting() >= TEE_MIN ? read_pipe(r) : -ENOSYS;
		if (got != -ENOSYS)
			return got;
		break;
	}
#endif
	}
	return read_bytewise(r);
}

/* Reads the line and assigns it (reply: to REPLY whole); the line lives on
 * the shell stack only for this call. */
static int
read_assign(struct rd *r, char **names, int n, int reply)
{
	struct stackmark mark;
	st_mark(&mark);
	sb_init(&r->line);
	int got = read_line(r);
	size_t len = r->line.len;
	char *line = sb_done(&r->line);
	int st;
	if (got < -128) {
		st = -got;
	} else if (got < 0) {
		sh_warn("read: standard input: %s", strerror(-got));
		st = 2;
	} else {
		st = reply ? assign("REPLY", unescape(line, line + len))
		    : assign_fields(names, n, line, len);
		if (st == 0)
			st = got;
	}
	st_pop(&mark);
	return st;
}

/*
 * With no names the line goes to REPLY whole, without splitting or
 * trimming (bash's rule; escapes are still processed). Status 1 at end of
 * file, the variables still getting what was read; 2 on bad usage or a
 * read error; 128+n when trap n interrupted it.
 */
int
read_builtin(int argc, char **argv)
{
	static char *reply[] = { "REPLY", NULL };
	struct rd r = { 0, '\n', 0, { 0 } };
	const char *prompt = NULL;
	struct bopt o;
	bopt_init(&o, argv);
	if (parse_options(&o, &r, &prompt) != 0)
		return 2;
	char **names = argc > o.idx ? argv + o.idx : reply;
	int n = argc > o.idx ? argc - o.idx : 1;
	if (check_names(names, n) != 0)
		return 2;
	if (prompt != NULL && isatty(0))
		out_str(&out2, prompt);
	/* What the script wrote before it reads may be what its peer waits
	 * for (a request down a FIFO before reading the reply). */
	out_flush_all();
	return read_assign(&r, names, n, names == reply);
}
