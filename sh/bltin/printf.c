/* printf.c: POSIX printf with dash's escapes and %b; no allocation in the common case. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "bltin.h"
#include "builtins.h"
#include "error.h"
#include "lctype.h"
#include "mem.h"
#include "output.h"

/* One call's state: the arguments left and the status so far. */
struct pf {
	char **args;
	int status;
};

/* A conversion specification: %[flags][width][.precision]conv. */
struct spec {
	char flags[6];   /* each of "#-+ 0" at most once, NUL-terminated */
	int width;       /* 0 when absent */
	int prec;        /* -1 when absent */
	int overflow;    /* width or precision digits beyond INT_MAX */
	char conv;
};

enum { PF_GO, PF_STOP, PF_FAIL };

static const char *
next_arg(struct pf *pf)
{
	return *pf->args != NULL ? *pf->args++ : NULL;
}

/* dash's wording: nothing converted, a tail left over, or out of range. */
static void
check_number(struct pf *pf, const char *s, const char *end)
{
	if (*end != '\0') {
		sh_warn("printf: %s: %s", s,
		    end == s ? "expected numeric value" : "not completely converted");
		pf->status = 1;
	} else if (errno == ERANGE) {
		sh_warn("printf: %s: %s", s, strerror(ERANGE));
		pf->status = 1;
	}
}

/* A missing argument is 0; 'c or "c is the character's value in the
 * locale's codeset: a code point in UTF-8, where a byte that does not
 * start a valid character stands for itself. */
static int
quoted_char(const char *s, uintmax_t *v)
{
	if (s[0] != '\'' && s[0] != '"')
		return 0;
	*v = (unsigned char)s[1];
	if (*v >= 0x80) {
		locale_ensure();
		wchar_t wc;
		mbstate_t st = { 0 };
		size_t n = MB_CUR_MAX > 1 ? mbrtowc(&wc, s + 1, strlen(s + 1), &st) : 0;
		if (n != 0 && n != (size_t)-1 && n != (size_t)-2)
			*v = (uintmax_t)wc;
	}
	return 1;
}

static intmax_t
arg_signed(struct pf *pf)
{
	const char *s = next_arg(pf);
	uintmax_t q;
	char *end;
	if (s == NULL)
		return 0;
	if (quoted_char(s, &q))
		return (intmax_t)q;
	errno = 0;
	intmax_t v = strtoimax(s, &end, 0);
	check_number(pf, s, end);
	return v;
}

static uintmax_t
arg_unsigned(struct pf *pf)
{
	const char *s = next_arg(pf);
	uintmax_t v;
	char *end;
	if (s == NULL)
		return 0;
	if (quoted_char(s, &v))
		return v;
	errno = 0;
	v = strtoumax(s, &end, 0);
	check_number(pf, s, end);
	return v;
}

static double
arg_double(struct pf *pf)
{
	const char *s = next_arg(pf);
	uintmax_t q;
	char *end;
	if (s == NULL)
		return 0;
	if (quoted_char(s, &q))
		return (double)q;
	errno = 0;
	double v = strtod(s, &end);
	check_number(pf, s, end);
	return v;
}

/* A width or precision given as '*': the argument converted to int the
 * way dash converts it (an out-of-range value wraps). */
static int
arg_int(struct pf *pf)
{
	return (int)arg_signed(pf);
}

static void
pad(size_t n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		out_write(&out1, spaces, k);
		n -= k;
	}
}

/* A negative '*' width means '-' and its absolute value, as in C. */
static int
left_adjusted(struct spec *sp)
{
	return strchr(sp->flags, '-') != NULL || sp->width < 0;
}

static size_t
field_width(const struct spec *sp)
{
	return sp->width < 0 ? (size_t)-(long)sp->width : (size_t)sp->width;
}

/* %s and %c: len bytes of s in the field (glibc ignores '0' here; so do we). */
static void
put_field(struct spec *sp, const char *s, size_t len)
{
	size_t w = field_width(sp), fill = w > len ? w - len : 0;
	if (!left_adjusted(sp))
		pad(fill);
	out_write(&out1, s, len);
	if (left_adjusted(sp))
		pad(fill);
}

/* %b: escapes expanded, the precision counting output bytes; PF_STOP on \c. */
static int
put_b(struct pf *pf, struct spec *sp)
{
	const char *s = next_arg(pf);
	int stop;
	if (s == NULL)
		s = "";
	size_t len = esc_string(s, SIZE_MAX, NULL, &stop);
	if (sp->prec >= 0 && (size_t)sp->prec < len)
		len = (size_t)sp->prec;
	size_t w = field_width(sp), fill = w > len ? w - len : 0;
	if (!left_adjusted(sp))
		pad(fill);
	esc_string(s, len, &out1, &stop);
	if (left_adjusted(sp))
		pad(fill);
	return stop ? PF_STOP : PF_GO;
}

/* The C format for a numeric spec: flags, "*.*", the length, the conversion. */
static void
c_format(const struct spec *sp, const char *length, char *fmt)
{
	*fmt++ = '%';
	for (const char *f = sp->flags; *f; f++)
		*fmt++ = *f;
	memcpy(fmt, "*.*", 3);
	fmt += 3;
	for (; *length; length++)
		*fmt++ = *length;
	*fmt++ = sp->conv;
	*fmt = '\0';
}

/* A number to format: which member is set follows from the conversion. */
struct num {
	intmax_t i;
	uintmax_t u;
	double d;
};

/* The C library does the numeric work; the format is built here from a
 * checked spec, hence the nonliteral pragma. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int
format_num(char *buf, size_t size, const char *fmt, const struct spec *sp,
    const struct num *v)
{
	switch (sp->conv) {
	case 'd': case 'i':
		return snprintf(buf, size, fmt, sp->width, sp->prec, v->i);
	case 'o': case 'u': case 'x': case 'X':
		return snprintf(buf, size, fmt, sp->width, sp->prec, v->u);
	default:
		return snprintf(buf, size, fmt, sp->width, sp->prec, v->d);
	}
}
#pragma GCC diagnostic pop

/* Prints a number on the stack, unless the field is huge. */
static void
put_num(const struct spec *sp, const struct num *v)
{
	char fmt[16], small[128];
	int integer = strchr("diouxX", sp->conv) != NULL;
	c_format(sp, integer ? "j" : "", fmt);
	int n = format_num(small, sizeof small, fmt, sp, v);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		out_write(&out1, small, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	format_num(big, (size_t)n + 1, fmt, sp, v);
	out_write(&out1, big, (size_t)n);
	free(big);
}

/* Runs one conversion; sp->conv is already known to be valid. */
static int
convert(struct pf *pf, struct spec *sp)
{
	const char *s;
	struct num v = { 0, 0, 0 };
	switch (sp->conv) {
	case 'b':
		return put_b(pf, sp);
	case 'c':
		s = next_arg(pf);
		put_field(sp, s != NULL ? s : "", 1);   /* a missing or empty one is NUL */
		return PF_GO;
	case 's':
		s = next_arg(pf);
		if (s == NULL)
			s = "";
		put_field(sp, s, sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s));
		return PF_GO;
	case 'd': case 'i':
		v.i = arg_signed(pf);
		break;
	case 'o': case 'u': case 'x': case 'X':
		v.u = arg_unsigned(pf);
		break;
	default:   /* a A e E f F g G */
		v.d = arg_double(pf);
		break;
	}
	put_num(sp, &v);
	return PF_GO;
}

/* Digits of a width or precision in the format; beyond INT_MAX they set
 * *overflow (an error, as dash's formatting fails there too). */
static int
digits(const char **pp, int *overflow)
{
	const char *p = *pp;
	int v = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (INT_MAX - (*p - '0')) / 10)
			*overflow = 1;
		else
			v = v * 10 + (*p - '0');
	}
	*pp = p;
	return v;
}

/* Parses the spec at p (just past '%'), taking '*' values from the
 * arguments as dash does; returns the end or NULL after an error. */
static const char *
parse_spec(struct pf *pf, const char *start, const char *p, struct spec *sp)
{
	size_t nf = 0;
	for (; *p != '\0' && strchr("#-+ 0", *p) != NULL; p++)
		if (memchr(sp->flags, *p, nf) == NULL)
			sp->flags[nf++] = *p;
	sp->flags[nf] = '\0';
	sp->overflow = 0;
	sp->width = *p == '*' ? (p++, arg_int(pf)) : digits(&p, &sp->overflow);
	sp->prec = -1;
	if (*p == '.') {
		p++;
		sp->prec = *p == '*' ? (p++, arg_int(pf)) : digits(&p, &sp->overflow);
	}
	sp->conv = *p;
	if (sp->conv == '\0') {
		sh_warn("printf: missing format character");
		return NULL;
	}
	if (sp->overflow) {
		sh_warn("printf: %.*s: field width or precision too large", (int)(p + 1 - start), start);
		return NULL;
	}
	if (strchr("diouxXcsbeEfFgGaA", sp->conv) == NULL) {
		sh_warn("printf: %.*s: invalid directive", (int)(p + 1 - start), start);
		return NULL;
	}
	return p + 1;
}

/* One pass over the format: PF_GO at its end, PF_STOP on \c, PF_FAIL on error. */
static int
run_format(struct pf *pf, const char *p)
{
	for (;;) {
		size_t run = strcspn(p, "\\%");
		out_write(&out1, p, run);
		p += run;
		if (*p == '\0')
			return PF_GO;
		if (*p == '\\') {
			char c;
			p++;
			p += esc_format(p, &c);
			out_char(&out1, c);
			continue;
		}
		if (p[1] == '%') {
			out_char(&out1, '%');
			p += 2;
			continue;
		}
		struct spec sp;
		const char *start = p;
		if ((p = parse_spec(pf, start, p + 1, &sp)) == NULL)
			return PF_FAIL;
		int r = convert(pf, &sp);
		if (r != PF_GO)
			return r;
	}
}

/*
 * printf FORMAT [ARG...]: the format is reused while arguments remain and
 * the last pass used some; missing arguments are empty or 0. A bad number
 * is reported and printf goes on (status 1); a bad directive ends it
 * (status 2), as in dash.
 */
int
printf_builtin(int argc, char **argv)
{
	struct bopt o;
	bopt_init(&o, argv);
	if (bopt_next(&o, "") != 0)
		return 2;
	if (o.idx >= argc) {
		sh_warn("printf: usage: printf format [arg ...]");
		return 2;
	}
	struct pf pf = { argv + o.idx + 1, 0 };
	const char *fmt = argv[o.idx];
	char **before;
	do {
		before = pf.args;
		int r = run_format(&pf, fmt);
		if (r == PF_FAIL)
			return 2;
		if (r == PF_STOP)
			break;
	} while (pf.args != before && *pf.args != NULL);
	return pf.status;
}
