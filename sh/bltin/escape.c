/* escape.c: backslash escapes of printf formats, %b and echo, as dash reads them. */
#include <config.h>

#include <string.h>

#include "bltin.h"
#include "output.h"

static int
is_odigit(char c)
{
	return c >= '0' && c <= '7';
}

/* Up to three octal digits (at least one is there); the byte they make. */
static size_t
octal(const char *s, char *c)
{
	unsigned v = 0;
	size_t n = 0;
	while (n < 3 && is_odigit(s[n]))
		v = v * 8 + (unsigned)(s[n++] - '0');
	*c = (char)(v & 0xff);   /* \400 wraps to \0, as in dash */
	return n;
}

size_t
esc_format(const char *s, char *c)
{
	switch (*s) {
	case '\\': *c = '\\'; return 1;
	case 'a': *c = '\a'; return 1;
	case 'b': *c = '\b'; return 1;
	case 'e': *c = '\033'; return 1;
	case 'f': *c = '\f'; return 1;
	case 'n': *c = '\n'; return 1;
	case 'r': *c = '\r'; return 1;
	case 't': *c = '\t'; return 1;
	case 'v': *c = '\v'; return 1;
	}
	if (is_odigit(*s))
		return octal(s, c);
	*c = '\\';
	return 0;
}

/* Writes the part of [p, p+n) that falls below limit, counting all of it. */
static void
emit(struct output *o, const char *p, size_t n, size_t *len, size_t limit)
{
	if (o != NULL && *len < limit)
		out_write(o, p, n < limit - *len ? n : limit - *len);
	*len += n;
}

size_t
esc_string(const char *s, size_t limit, struct output *o, int *stop)
{
	size_t len = 0;
	*stop = 0;
	for (;;) {
		size_t run = strcspn(s, "\\");
		emit(o, s, run, &len, limit);
		s += run;
		if (*s == '\0')
			return len;
		s++;   /* the backslash */
		if (*s == 'c') {
			*stop = 1;
			return len;
		}
		char c;
		/* %b's octal is \0NNN; \NNN is taken too, as dash does. */
		if (s[0] == '0' && is_odigit(s[1]))
			s += 1 + octal(s + 1, &c);
		else
			s += esc_format(s, &c);
		emit(o, &c, 1, &len, limit);
	}
}
