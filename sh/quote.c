/* quote.c: single-quote a string only when the shell would otherwise change it. */
#include <config.h>

#include <string.h>

#include "quote.h"

static int
needs_quotes(const char *s)
{
	if (*s == '\0')
		return 1;
	for (; *s; s++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_./-:=@%+,", *s))
			return 1;
	return 0;
}

void
out_quoted(struct output *o, const char *s)
{
	if (!needs_quotes(s)) {
		out_str(o, s);
		return;
	}
	out_char(o, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			out_str(o, "'\\''");
		else
			out_char(o, *s);
	}
	out_char(o, '\'');
}
