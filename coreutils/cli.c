/* cli.c: the shared command-line helper: errors, exit statuses, option parsing. */
#include <config.h>

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ipc/core.h"

/* Weak, so ipcsh can supply the real answer from its signal state. */
__attribute__((weak)) int
cli_pending_signal(void)
{
	return 0;
}

int
cli_status_of(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return CLI_OK;
	case ETIMEDOUT: case EAGAIN: case EPIPE: case ENOMSG:
		return CLI_NOTHING;
	case EINVAL: case ENAMETOOLONG: case EMSGSIZE: case ERANGE:
		return CLI_USAGE;
	case ENOENT: case EIDRM: case ENXIO:
		return CLI_NOENT;
	case EACCES: case EPERM:
		return CLI_PERM;
	default:
		return CLI_FAIL;
	}
}

static void
verror(const char *prog, const char *object, const char *fmt, va_list ap)
{
	/* One fprintf per piece would interleave with other writers; build the
	 * line first and write it once. A line too long for the stack buffer
	 * (a long file name) gets one from the heap rather than being cut. */
	va_list aq;
	va_copy(aq, ap);
	int m = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	size_t need = strlen(prog) + 3 + (object ? strlen(object) + 2 : 0) +
	    (m > 0 ? (size_t)m : 0);
	char small[1024], *line = need <= sizeof small ? small : malloc(need);
	if (line == NULL) {
		line = small;
		need = sizeof small;
	}
	int n = object ? snprintf(line, need, "%s: %s: ", prog, object)
	    : snprintf(line, need, "%s: ", prog);
	if (n >= 0 && (size_t)n < need)
		vsnprintf(line + n, need - (size_t)n, fmt, ap);
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
	if (line != small)
		free(line);
}

void
cli_error(const char *prog, const char *object, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(prog, object, fmt, ap);
	va_end(ap);
}

int
cli_fail(const char *prog, const char *object, int err)
{
	cli_error(prog, object, "%s", ipc_strerror(err));
	return cli_status_of(err);
}

int
cli_usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(prog, NULL, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return CLI_USAGE;
}

/* Says which directory was refused and why, in words a user can act on. */
static const char *
rundir_reason(int err)
{
	switch (-err) {
	case EPERM: return "unsafe runtime directory: owned by another user, "
	    "or writable by group or others";
	case ELOOP: return "unsafe runtime directory: a symbolic link";
	case ENOTDIR: return "unusable runtime directory: not a directory";
	default: return ipc_strerror(err);
	}
}

int
cli_runtime_dir(const char *prog, char *buf, size_t len)
{
	if (len > 0)
		buf[0] = '\0';
	int n = ipc_runtime_dir(buf, len);
	if (n >= 0)
		return CLI_OK;
	const char *env = getenv("IPC_RUNTIME_DIR");
	if (n == -EINVAL && env != NULL && *env != '\0' && *env != '/') {
		cli_error(prog, env, "IPC_RUNTIME_DIR must be an absolute path");
		return CLI_USAGE;
	}
	cli_error(prog, len > 0 && buf[0] ? buf : "runtime directory", "%s",
	    rundir_reason(n));
	return cli_status_of(n);
}

void
cli_version(const char *prog)
{
	printf("%s (%s) %s\n"
	    "Copyright (C) 2026 the ipcsh developers.\n"
	    "License: MIT <https://opensource.org/licenses/MIT>.\n"
	    "This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n",
	    prog, PACKAGE_NAME, PACKAGE_VERSION);
}

/* ---- options ---- */

void
cli_parser_init(struct cli_parser *p, const char *prog, int argc, char **argv,
    int first)
{
	p->prog = prog;
	p->argc = argc;
	p->argv = argv;
	p->idx = first;
	p->rest = NULL;
	p->only_operands = 0;
}

/* GNU's wording, so scripts and people see what they know from getopt:
 * the message is before, what, after. */
static int
bad(const struct cli_parser *p, const char *before, const char *what,
    const char *after)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s%s%s\nTry '%s --help' for more information.\n",
	    p->prog, before, what, after, p->prog);
	return CLI_BAD;
}

static const struct cli_option *
find_long(const struct cli_parser *p, const struct cli_option *opts,
    const char *name, size_t len, int *ambiguous)
{
	const struct cli_option *hit = NULL;
	int hits = 0;
	*ambiguous = 0;
	for (const struct cli_option *o = opts; o->key != 0; o++) {
		if (o->name == NULL || strncmp(o->name, name, len) != 0)
			continue;
		if (o->name[len] == '\0')
			return o;   /* an exact match beats any prefix */
		hit = o;
		hits++;
	}
	if (hits > 1) {
		*ambiguous = 1;
		fflush(stdout);
		fprintf(stderr, "%s: option '--%.*s' is ambiguous; possibilities:",
		    p->prog, (int)len, name);
		for (const struct cli_option *o = opts; o->key != 0; o++)
			if (o->name && strncmp(o->name, name, len) == 0)
				fprintf(stderr, " '--%s'", o->name);
		fprintf(stderr, "\nTry '%s --help' for more information.\n", p->prog);
		return NULL;
	}
	return hit;
}

static int
next_long(struct cli_parser *p, const struct cli_option *opts, const char *word,
    const char **arg)
{
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	int ambiguous;
	const struct cli_option *o = find_long(p, opts, word, len, &ambiguous);
	if (ambiguous)
		return CLI_BAD;
	if (o == NULL)
		return bad(p, "unrecognized option '--", word, "'");
	*arg = NULL;
	if (eq != NULL) {
		if (o->arg == CLI_NOARG)
			return bad(p, "option '--", o->name, "' doesn't allow an argument");
		*arg = eq + 1;
	} else if (o->arg == CLI_ARG) {
		if (p->idx >= p->argc)
			return bad(p, "option '--", o->name, "' requires an argument");
		*arg = p->argv[p->idx++];
	}
	return o->key;
}

static int
next_short(struct cli_parser *p, const struct cli_option *opts, const char **arg)
{
	char c = *p->rest++;
	const struct cli_option *o = opts;
	while (o->key != 0 && (o->key != (unsigned char)c || o->key > 255))
		o++;
	char what[2] = { c, '\0' };
	if (o->key == 0 || o->arg == CLI_OPTARG) {
		p->rest = NULL;
		return bad(p, "invalid option -- '", what, "'");
	}
	*arg = NULL;
	if (o->arg == CLI_ARG) {
		if (*p->rest != '\0')
			*arg = p->rest;
		else if (p->idx < p->argc)
			*arg = p->argv[p->idx++];
		else {
			p->rest = NULL;
			return bad(p, "option requires an argument -- '", what, "'");
		}
		p->rest = NULL;
	} else if (*p->rest == '\0') {
		p->rest = NULL;
	}
	return o->key;
}

int
cli_next(struct cli_parser *p, const struct cli_option *opts, const char **arg)
{
	if (p->rest != NULL)
		return next_short(p, opts, arg);
	if (p->idx >= p->argc)
		return CLI_END;
	char *word = p->argv[p->idx++];
	if (p->only_operands || word[0] != '-' || word[1] == '\0') {
		*arg = word;
		return CLI_OPERAND;
	}
	if (word[1] == '-') {
		if (word[2] == '\0') {
			p->only_operands = 1;
			return cli_next(p, opts, arg);
		}
		return next_long(p, opts, word + 2, arg);
	}
	p->rest = word + 1;
	return next_short(p, opts, arg);
}

/* ---- values ---- */

int
cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || *s == ' ' || *s == '\t')
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int
cli_parse_seconds(const char *s, int *ms)
{
	char *end;
	if (*s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !(v >= 0) || v > 2147483.0)
		return -EINVAL;
	*ms = (int)(v * 1000.0 + 0.5);
	if (*ms == 0 && v > 0)
		*ms = 1;
	return 0;
}

int
cli_parse_size(const char *s, size_t *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno == ERANGE)
		return errno == ERANGE ? -ERANGE : -EINVAL;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: return -EINVAL;
	}
	if (*end == 'i' && shift != 0 && end[1] == 'B')
		end += 2;          /* accept KiB, MiB, GiB too */
	else if (*end == 'B' && shift != 0)
		end++;
	if (*end != '\0')
		return -EINVAL;
	if (v > ((unsigned long long)SIZE_MAX >> shift))
		return -ERANGE;
	*out = (size_t)(v << shift);
	return 0;
}

/* ---- input records ---- */

void
cli_reader_init(struct cli_reader *r, int fd, enum cli_split split)
{
	memset(r, 0, sizeof *r);
	r->fd = fd;
	r->split = split;
}

void
cli_reader_free(struct cli_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Makes room for at least one more byte, compacting consumed records first. */
static int
reader_grow(struct cli_reader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->len - r->start);
		r->len -= r->start;
		r->start = 0;
	}
	if (r->len < r->cap)
		return 0;
	size_t cap = r->cap ? r->cap * 2 : 4096;
	char *b = realloc(r->buf, cap);
	if (b == NULL)
		return -ENOMEM;
	r->buf = b;
	r->cap = cap;
	return 0;
}

static int
reader_fill(struct cli_reader *r)
{
	int e = reader_grow(r);
	if (e < 0)
		return e;
	ssize_t n;
	do
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		r->eof = 1;
	r->len += (size_t)n;
	return 0;
}

int
cli_reader_next(struct cli_reader *r, const char **rec, size_t *len)
{
	char sep = r->split == CLI_NUL ? '\0' : '\n';
	size_t scanned = 0;
	for (;;) {
		char *base = r->buf + r->start;
		size_t avail = r->len - r->start;
		char *hit = r->split == CLI_RAW || avail == 0 ? NULL
		    : memchr(base + scanned, sep, avail - scanned);
		if (hit != NULL) {
			if (r->max != 0 && (size_t)(hit - base) > r->max)
				return -EMSGSIZE;
			*rec = base;
			*len = (size_t)(hit - base);
			r->start += *len + 1;
			return 1;
		}
		if (r->eof) {
			/* A last record without its separator still counts; raw
			 * input is exactly one record, even when empty. */
			if (avail == 0 && (r->split != CLI_RAW || r->eof > 1))
				return 0;
			if (r->max != 0 && avail > r->max)
				return -EMSGSIZE;
			*rec = avail ? base : "";
			*len = avail;
			r->start = r->len;
			r->eof = 2;
			return 1;
		}
		scanned = avail;
		if (r->max != 0 && avail > r->max)
			return -EMSGSIZE;
		int e = reader_fill(r);
		if (e < 0)
			return e;
	}
}

int
cli_standalone(int argc, char **argv, int (*run)(int, char **))
{
	/* Character classes only (names in messages show as the terminal
	 * can): numbers keep the C locale's decimal point. */
	setlocale(LC_CTYPE, "");
	int status = run(argc, argv);
	/* A full disk or closed pipe on standard output must not pass silently. */
	if (fflush(stdout) != 0 || ferror(stdout))
		return status ? status : CLI_FAIL;
	return status;
}
