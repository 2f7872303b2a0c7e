/* quote.c: quoting of names in messages, compatible with GNU coreutils' quoteaf. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "quote.h"

/* What one character (one byte, or one multibyte sequence) needs. */
enum unit_kind {
	PLAIN,      /* shown as is, fine inside "..." too */
	SPECIAL,    /* shown as is inside '...', but special to a shell in "..." */
	APOSTROPHE, /* ' */
	ESCAPED,    /* shown as $'\n' or $'\ooo' */
};

struct unit {
	enum unit_kind kind;
	size_t len;   /* bytes */
};

static const char escape_letters[] = "\aa\bb\ff\nn\rr\tt\vv";

/* The printable ASCII characters that are special to a shell (GNU's list). */
static int
shell_special(const char *s, size_t i)
{
	char c = s[i];
	if (c == '#' || c == '~')
		return i != 0;
	if (c == '{' || c == '}')
		return s[1] != '\0';
	return strchr("!\"$&()*;<=>?[\\^`|", c) != NULL;
}

static struct unit
next_unit(const char *s, size_t i, mbstate_t *mbs)
{
	unsigned char c = (unsigned char)s[i];
	if (c == '\'')
		return (struct unit){ APOSTROPHE, 1 };
	if (c < 0x80 || MB_CUR_MAX == 1) {
		if (!isprint(c))
			return (struct unit){ ESCAPED, 1 };
		return (struct unit){ c < 0x80 && shell_special(s, i) ? SPECIAL : PLAIN, 1 };
	}
	wchar_t w;
	size_t n = mbrtowc(&w, s + i, strlen(s + i), mbs);
	if (n == (size_t)-1) {
		memset(mbs, 0, sizeof *mbs);
		return (struct unit){ ESCAPED, 1 };
	}
	if (n == (size_t)-2)   /* cut short by the end of the string */
		return (struct unit){ ESCAPED, strlen(s + i) };
	return (struct unit){ iswprint((wint_t)w) ? PLAIN : ESCAPED, n };
}

/* A string with an apostrophe and nothing else special reads best in
 * double quotes: "it's". */
static int
wants_double_quotes(const char *s)
{
	mbstate_t mbs;
	memset(&mbs, 0, sizeof mbs);
	int apostrophe = 0;
	for (size_t i = 0; s[i] != '\0';) {
		struct unit u = next_unit(s, i, &mbs);
		if (u.kind == SPECIAL || u.kind == ESCAPED)
			return 0;
		apostrophe |= u.kind == APOSTROPHE;
		i += u.len;
	}
	return apostrophe;
}

/* Appends the escape of byte c: \n for the usual controls, else \ooo. */
static char *
put_escape(char *o, unsigned char c)
{
	*o++ = '\\';
	const char *l = c != '\0' ? memchr(escape_letters, c, sizeof escape_letters - 1) : NULL;
	if (l != NULL && (l - escape_letters) % 2 == 0) {
		*o++ = l[1];
		return o;
	}
	*o++ = (char)('0' + (c >> 6));
	*o++ = (char)('0' + ((c >> 3) & 7));
	*o++ = (char)('0' + (c & 7));
	return o;
}

/* 'text' with '\'' for apostrophes and '$'...' sections for escapes. */
static void
single_quote(const char *s, char *o)
{
	mbstate_t mbs;
	memset(&mbs, 0, sizeof mbs);
	int in_escape = 0;
	*o++ = '\'';
	for (size_t i = 0; s[i] != '\0';) {
		struct unit u = next_unit(s, i, &mbs);
		if (u.kind == APOSTROPHE) {
			memcpy(o, "'\\''", 4);
			o += 4;
			in_escape = 0;
		} else if (u.kind == ESCAPED) {
			if (!in_escape)
				memcpy(o, "'$'", 3), o += 3;
			in_escape = 1;
			for (size_t k = 0; k < u.len; k++)
				o = put_escape(o, (unsigned char)s[i + k]);
		} else {
			if (in_escape)
				memcpy(o, "''", 2), o += 2;
			in_escape = 0;
			memcpy(o, s + i, u.len);
			o += u.len;
		}
		i += u.len;
	}
	*o++ = '\'';
	*o = '\0';
}

char *
cli_quote(const char *s)
{
	/* Worst case per byte: '$'\ooo'' around every one. */
	char *out = malloc(strlen(s) * 10 + 3);
	if (out == NULL)
		return NULL;
	size_t n = strlen(s);
	if (wants_double_quotes(s)) {
		out[0] = '"';
		memcpy(out + 1, s, n);
		memcpy(out + 1 + n, "\"", 2);
	} else {
		single_quote(s, out);
	}
	return out;
}
