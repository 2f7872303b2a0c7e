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

/* Control characters (newline too when one line is wanted): single
 * quotes keep a newline readable, but a tab or carriage return would be
 * lost to the eye. */
static int
has_control(const char *s, int newline)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && (newline || *s != '\n')) || *s == 0x7f)
			return 1;
	return 0;
}

/* $'...' (POSIX.1-2024) keeps control characters on one line. */
static void
out_dollar_quoted(struct output *o, const char *s)
{
	static const char from[] = "\a\b\t\n\v\f\r\033", to[] = "abtnvfre";
	out_str(o, "$'");
	for (; *s; s++) {
		const char *hit = strchr(from, *s);
		if (*s == '\'' || *s == '\\') {
			out_char(o, '\\');
			out_char(o, *s);
		} else if (hit != NULL && *s) {
			out_char(o, '\\');
			out_char(o, to[hit - from]);
		} else if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			out_fmt(o, "\\%03o", (unsigned char)*s);
		} else {
			out_char(o, *s);
		}
	}
	out_char(o, '\'');
}

static void
quoted(struct output *o, const char *s, int one_line)
{
	if (!needs_quotes(s)) {
		out_str(o, s);
		return;
	}
	if (has_control(s, one_line)) {
		out_dollar_quoted(o, s);
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

void
out_quoted(struct output *o, const char *s)
{
	quoted(o, s, 0);
}

void
out_quoted_line(struct output *o, const char *s)
{
	quoted(o, s, 1);
}
