/* lexer.c: characters to tokens and words (quotes, expansions, here-documents). */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "input.h"
#include "lexer.h"
#include "mem.h"
#include "parser.h"

/* ---- raw text of words, for messages, aliases and here-doc delimiters ---- */

static char *rec;
static size_t rec_len, rec_cap;
static int words_open;

static void rec_put(int c);

static int
lgetc(void)
{
	int c = in_getc();
	if (c != IN_EOF && words_open > 0)
		rec_put(c);
	return c;
}

static void
lungetc(int c)
{
	if (c == IN_EOF)
		return;
	in_ungetc(c);
	if (words_open > 0 && rec_len > 0)
		rec_len--;
}

/* A line continuation just read leaves no trace in the word's text: XCU
 * 2.2.1 removes it before words are made, and here-document delimiters,
 * alias and function names are taken from that text. */
static void
rec_drop_bnl(void)
{
	if (words_open > 0)
		rec_len -= 2;
}

/* The next character with backslash-newline pairs removed (line continuation). */
static int
getc_bnl(void)
{
	for (;;) {
		int c = lgetc();
		if (c != '\\')
			return c;
		int c2 = lgetc();
		if (c2 != '\n') {
			lungetc(c2);
			return c;
		}
		rec_drop_bnl();
	}
}

/* ---- building a word's parts ---- */

struct pbuild {
	struct wpart *head, **tail;
	char *lit;
	size_t len, cap;
	int kind;            /* the kind of the open literal run, or -1 */
};

static void
pb_init(struct pbuild *b)
{
	b->head = NULL;
	b->tail = &b->head;
	b->lit = NULL;
	b->len = b->cap = 0;
	b->kind = -1;
}

static struct wpart *
new_part(enum wpart_kind kind)
{
	struct wpart *p = st_alloc(sizeof *p);
	memset(p, 0, sizeof *p);
	p->kind = kind;
	return p;
}

static void
pb_flush(struct pbuild *b)
{
	if (b->kind < 0)
		return;
	struct wpart *p = new_part((enum wpart_kind)b->kind);
	p->u.lit.s = st_strndup(b->lit ? b->lit : "", b->len);
	p->u.lit.n = b->len;
	*b->tail = p;
	b->tail = &p->next;
	b->kind = -1;
	b->len = 0;
}

static void
pb_char(struct pbuild *b, enum wpart_kind kind, int c)
{
	if (b->kind != (int)kind) {
		pb_flush(b);
		b->kind = (int)kind;
	}
	if (b->len == b->cap) {
		/* Grows on the stack: the old copy goes with the next pop. */
		size_t cap = b->cap ? b->cap * 2 : 64;
		char *n = st_alloc(cap);
		if (b->len)
			memcpy(n, b->lit, b->len);
		b->lit = n;
		b->cap = cap;
	}
	b->lit[b->len++] = (char)c;
}

/* An empty quoted run: '' still makes a word (and an empty field). */
static void
pb_empty_quoted(struct pbuild *b)
{
	if (b->kind != WP_QLIT) {
		pb_flush(b);
		b->kind = WP_QLIT;
	}
}

static void
pb_part(struct pbuild *b, struct wpart *p)
{
	pb_flush(b);
	*b->tail = p;
	b->tail = &p->next;
}

static struct wpart *
pb_done(struct pbuild *b)
{
	pb_flush(b);
	return b->head;
}

/* ---- errors ---- */

static unsigned long syntax_errors;

unsigned long
parse_error_count(void)
{
	return syntax_errors;
}

void
parse_syntax_error(const char *fmt, ...)
{
	char msg[256];
	syntax_errors++;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_lineno = in_lineno;
	lex_reset();
	sh_error("syntax error: %s", msg);
}

void
parse_nest_check(void)
{
	if (sh_stack_low())
		parse_syntax_error("nesting too deep");
}

/* ---- quotes and expansions ---- */

static struct wpart *lex_dollar(int in_dq);
static struct wpart *lex_backquote(int in_dq);
static struct wpart *lex_dq(void);

/* After a '$': its expansion as a part, or a literal '$' of kind lit. */
static void
pb_dollar(struct pbuild *b, int in_dq, enum wpart_kind lit)
{
	struct wpart *p = lex_dollar(in_dq);
	if (p)
		pb_part(b, p);
	else
		pb_char(b, lit, '$');
}

static void
lex_squote(struct pbuild *b)
{
	pb_empty_quoted(b);
	for (;;) {
		int c = lgetc();
		if (c == IN_EOF)
			parse_syntax_error("unterminated quoted string");
		if (c == '\'')
			return;
		pb_char(b, WP_QLIT, c);
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
put_utf8(struct pbuild *b, uint32_t u)
{
	if (u < 0x80) {
		pb_char(b, WP_QLIT, (int)u);
	} else if (u < 0x800) {
		pb_char(b, WP_QLIT, 0xc0 | (int)(u >> 6));
		pb_char(b, WP_QLIT, 0x80 | (int)(u & 0x3f));
	} else if (u < 0x10000) {
		pb_char(b, WP_QLIT, 0xe0 | (int)(u >> 12));
		pb_char(b, WP_QLIT, 0x80 | (int)((u >> 6) & 0x3f));
		pb_char(b, WP_QLIT, 0x80 | (int)(u & 0x3f));
	} else if (u < 0x110000) {
		pb_char(b, WP_QLIT, 0xf0 | (int)(u >> 18));
		pb_char(b, WP_QLIT, 0x80 | (int)((u >> 12) & 0x3f));
		pb_char(b, WP_QLIT, 0x80 | (int)((u >> 6) & 0x3f));
		pb_char(b, WP_QLIT, 0x80 | (int)(u & 0x3f));
	}
}

/* Reads up to max hex digits (or octal when base 8); the count read in *n. */
static uint32_t
read_digits(int base, int max, int *n)
{
	uint32_t v = 0;
	for (*n = 0; *n < max; (*n)++) {
		int c = lgetc();
		int d = base == 8 ? (c >= '0' && c <= '7' ? c - '0' : -1) : hexval(c);
		if (d < 0) {
			lungetc(c);
			break;
		}
		v = v * (uint32_t)base + (uint32_t)d;
	}
	return v;
}

/* One escape of $'...' (POSIX.1-2024), after its backslash. */
static void
lex_dsq_escape(struct pbuild *b)
{
	static const char from[] = "\"'\\?abefnrtv", to[] = "\"'\\?\a\b\033\f\n\r\t\v";
	int c = lgetc(), n;
	const char *hit = c > 0 ? strchr(from, c) : NULL;
	if (hit != NULL) {
		pb_char(b, WP_QLIT, to[hit - from]);
	} else if (c == 'c') {
		int x = lgetc();
		pb_char(b, WP_QLIT, x == '?' ? 0x7f : (x & 0x1f));
	} else if (c == 'x') {
		uint32_t v = read_digits(16, 2, &n);
		if (n == 0)
			pb_char(b, WP_QLIT, '\\'), pb_char(b, WP_QLIT, 'x');
		else
			pb_char(b, WP_QLIT, (int)v);
	} else if (c == 'u' || c == 'U') {
		uint32_t v = read_digits(16, c == 'u' ? 4 : 8, &n);
		if (n == 0)
			pb_char(b, WP_QLIT, '\\'), pb_char(b, WP_QLIT, c);
		else
			put_utf8(b, v);
	} else if (c >= '0' && c <= '7') {
		lungetc(c);
		pb_char(b, WP_QLIT, (int)(read_digits(8, 3, &n) & 0xff));
	} else {
		pb_char(b, WP_QLIT, '\\');
		if (c != IN_EOF)
			pb_char(b, WP_QLIT, c);
	}
}

static void
lex_dollar_squote(struct pbuild *b)
{
	pb_empty_quoted(b);
	for (;;) {
		int c = lgetc();
		if (c == IN_EOF)
			parse_syntax_error("unterminated quoted string");
		if (c == '\'')
			return;
		if (c == '\\')
			lex_dsq_escape(b);
		else
			pb_char(b, WP_QLIT, c);
	}
}

static int
is_special_param(int c)
{
	return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' ||
	    c == '$' || c == '!' || c == '0';
}

static int
is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* A parameter's name after $ or ${: a name, digits (all of them only in
 * braces), or one special character. NULL when there is none. */
static const char *
lex_param_name(int c, int braced)
{
	char buf[256];
	size_t n = 0;
	if (is_name_start(c)) {
		while (is_name_char(c) && n < sizeof buf - 1) {
			buf[n++] = (char)c;
			c = getc_bnl();
		}
		lungetc(c);
	} else if (c >= '0' && c <= '9') {
		buf[n++] = (char)c;
		if (braced) {
			while ((c = getc_bnl()) >= '0' && c <= '9' && n < sizeof buf - 1)
				buf[n++] = (char)c;
			lungetc(c);
		}
	} else if (is_special_param(c)) {
		buf[n++] = (char)c;
	} else {
		return NULL;
	}
	return st_strndup(buf, n);
}

/* The word after an operator in ${x OP word}, up to the closing brace. */
static struct wpart *
lex_brace_word(int in_dq, int pattern)
{
	struct pbuild b;
	/* In "${x#pat}" the pattern is not quoted by the outer quotes. */
	enum wpart_kind lit = in_dq && !pattern ? WP_QLIT : WP_LIT;
	pb_init(&b);
	for (;;) {
		int c = getc_bnl();
		switch (c) {
		case IN_EOF:
			parse_syntax_error("missing '}'");
		case '}':
			return pb_done(&b);
		case '\\':
			c = lgetc();
			if (c == IN_EOF)
				parse_syntax_error("missing '}'");
			if (in_dq && !pattern && !strchr("$`\"\\}", c))
				pb_char(&b, WP_QLIT, '\\');
			pb_char(&b, WP_QLIT, c);
			break;
		case '\'':
			if (in_dq && !pattern)
				pb_char(&b, WP_QLIT, c);
			else
				lex_squote(&b);
			break;
		case '"':
			pb_part(&b, lex_dq());
			break;
		case '$':
			pb_dollar(&b, in_dq, lit);
			break;
		case '`':
			pb_part(&b, lex_backquote(in_dq));
			break;
		default:
			pb_char(&b, lit, c);
		}
	}
}

static _Noreturn void
bad_subst(void)
{
	parse_syntax_error("bad substitution");
}

/* ${#...}: the length of a parameter, or $# followed by an operator. */
static const char *
lex_hash_form(struct wpart *p)
{
	int c = getc_bnl();
	if (c == '}') {
		lungetc(c);
		return "#";
	}
	if (c == '-' || c == '#' || c == '?') {
		int c2 = getc_bnl();
		lungetc(c2);
		if (c2 != '}') {
			lungetc(c);
			return "#";   /* ${#-word}, ${##pat}, ${#?msg}: operators on $# */
		}
	} else if (c == '=' || c == '+' || c == ':' || c == '%') {
		lungetc(c);
		return "#";
	}
	const char *name = lex_param_name(c, 1);
	if (name == NULL)
		bad_subst();
	p->u.param.op = PO_LEN;
	return name;
}

static struct wpart *
lex_braced_param(int in_dq)
{
	struct wpart *p = new_part(WP_PARAM);
	int c = getc_bnl();
	const char *name = c == '#' ? lex_hash_form(p) : lex_param_name(c, 1);
	if (name == NULL)
		bad_subst();
	p->u.param.name = name;
	c = getc_bnl();
	if (p->u.param.op == PO_LEN) {
		if (c != '}')
			bad_subst();
		return p;
	}
	if (c == '}')
		return p;
	if (c == ':') {
		p->u.param.colon = 1;
		c = getc_bnl();
		if (!strchr("-=?+", c) || c == '\0')
			bad_subst();
	}
	switch (c) {
	case '-': p->u.param.op = PO_MINUS; break;
	case '=': p->u.param.op = PO_ASSIGN; break;
	case '?': p->u.param.op = PO_QUESTION; break;
	case '+': p->u.param.op = PO_PLUS; break;
	case '%':
		c = getc_bnl();
		p->u.param.op = c == '%' ? PO_RLARGE : PO_RSMALL;
		if (c != '%')
			lungetc(c);
		break;
	case '#':
		c = getc_bnl();
		p->u.param.op = c == '#' ? PO_LLARGE : PO_LSMALL;
		if (c != '#')
			lungetc(c);
		break;
	default:
		bad_subst();
	}
	p->u.param.arg = lex_brace_word(in_dq, p->u.param.op >= PO_RSMALL);
	return p;
}

/*
 * "$((" whose matching ")" is not followed by another: not arithmetic but
 * a command substitution of a subshell, "$( (list) )" written without the
 * blank (XCU 2.6.3: arithmetic first, the other only when arithmetic
 * cannot parse). The text read since "$((" goes back to the input behind
 * a "(" and is parsed again as commands; the word's record drops it, to
 * record it on the second reading.
 */
static struct wpart *
arith_as_cmdsub(size_t start)
{
	size_t len = rec_len - start;
	char *text = st_alloc(len + 1);
	text[0] = '(';
	memcpy(text + 1, rec + start, len);
	rec_len = start - 1;   /* before the second '(' */
	in_push_reread(text, len + 1);
	struct wpart *p = new_part(WP_CMDSUB);
	p->u.cmd = parse_cmdsub();
	return p;
}

/* $((...)): the expression's parts, up to the matching "))". */
static struct wpart *
lex_arith(void)
{
	struct pbuild b;
	int depth = 0;
	/* Inside a word or a here-document's body the text is recorded:
	 * then a "$((" that is not arithmetic can be read again. */
	int rereadable = words_open > 0;
	size_t start = rec_len;
	pb_init(&b);
	for (;;) {
		int c = getc_bnl();
		switch (c) {
		case IN_EOF:
			parse_syntax_error("missing '))'");
		case '(':
			depth++;
			pb_char(&b, WP_LIT, c);
			break;
		case ')':
			if (depth == 0) {
				c = getc_bnl();
				if (c != ')' && rereadable) {
					lungetc(c);
					return arith_as_cmdsub(start);
				}
				if (c != ')')
					parse_syntax_error("missing '))'");
				struct wpart *a = new_part(WP_ARITH);
				a->u.dq = pb_done(&b);
				return a;
			}
			depth--;
			pb_char(&b, WP_LIT, c);
			break;
		case '\\':
			c = lgetc();
			pb_char(&b, WP_QLIT, c == IN_EOF ? '\\' : c);
			break;
		case '"':
			pb_part(&b, lex_dq());
			break;
		case '$':
			pb_dollar(&b, 1, WP_LIT);
			break;
		case '`':
			pb_part(&b, lex_backquote(1));
			break;
		default:
			pb_char(&b, WP_LIT, c);
		}
	}
}

/* After a '$': a parameter, $( ), $(( )), or NULL for a literal '$'. */
static struct wpart *
lex_dollar(int in_dq)
{
	parse_nest_check();   /* ${...} and $(...) nest through here */
	int c = getc_bnl();
	if (c == '{')
		return lex_braced_param(in_dq);
	if (c == '(') {
		int c2 = getc_bnl();
		if (c2 == '(')
			return lex_arith();
		lungetc(c2);
		struct wpart *p = new_part(WP_CMDSUB);
		p->u.cmd = parse_cmdsub();
		return p;
	}
	const char *name = lex_param_name(c, 0);
	if (name == NULL) {
		lungetc(c);
		return NULL;
	}
	struct wpart *p = new_part(WP_PARAM);
	p->u.param.name = name;
	return p;
}

/* `...`: the text with its backslash escapes undone, parsed as a list. */
static struct wpart *
lex_backquote(int in_dq)
{
	parse_nest_check();
	int lineno = in_lineno;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		int c = lgetc();
		if (c == IN_EOF)
			parse_syntax_error("unterminated '`'");
		if (c == '`')
			break;
		if (c == '\\') {
			int c2 = lgetc();
			if (c2 == '\n') {
				rec_drop_bnl();
				continue;
			}
			if (c2 == '$' || c2 == '`' || c2 == '\\' || (in_dq && c2 == '"'))
				c = c2;
			else
				lungetc(c2);
		}
		if (len + 1 >= cap) {
			cap = cap ? cap * 2 : 128;
			char *n = st_alloc(cap);
			if (len)
				memcpy(n, buf, len);
			buf = n;
		}
		buf[len++] = (char)c;
	}
	struct wpart *p = new_part(WP_CMDSUB);
	p->u.cmd = parse_string_list(buf ? buf : "", len, lineno);
	return p;
}

static struct wpart *
lex_dq(void)
{
	struct pbuild b;
	/* No empty run is started here: "$@" alone must expand to no word,
	 * while "" (a WP_DQ without parts) still makes an empty one. */
	pb_init(&b);
	for (;;) {
		int c = lgetc();
		switch (c) {
		case IN_EOF:
			parse_syntax_error("unterminated quoted string");
		case '"': {
			struct wpart *dq = new_part(WP_DQ);
			dq->u.dq = pb_done(&b);
			return dq;
		}
		case '\\':
			c = lgetc();
			if (c == '\n') {
				rec_drop_bnl();
				break;
			}
			if (c == IN_EOF || !strchr("$`\"\\", c))
				pb_char(&b, WP_QLIT, '\\');
			if (c != IN_EOF)
				pb_char(&b, WP_QLIT, c);
			break;
		case '$':
			pb_dollar(&b, 1, WP_QLIT);
			break;
		case '`':
			pb_part(&b, lex_backquote(1));
			break;
		default:
			pb_char(&b, WP_QLIT, c);
		}
	}
}

/* ---- words ---- */

static int
is_meta(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	    c == '|' || c == '<' || c == '>' || c == '(' || c == ')' || c == IN_EOF;
}

/* Reads a word starting at c; stops before the first metacharacter. */
static struct wpart *
lex_word_parts(int c)
{
	struct pbuild b;
	pb_init(&b);
	for (;; c = lgetc()) {
		if (is_meta(c)) {
			lungetc(c);
			return pb_done(&b);
		}
		switch (c) {
		case '\\':
			c = lgetc();
			if (c == '\n') {
				rec_drop_bnl();
				break;
			}
			if (c == IN_EOF)
				pb_char(&b, WP_LIT, '\\');
			else
				pb_char(&b, WP_QLIT, c);
			break;
		case '\'':
			lex_squote(&b);
			break;
		case '"':
			pb_part(&b, lex_dq());
			break;
		case '$': {
			int c2 = lgetc();
			if (c2 == '\'') {
				lex_dollar_squote(&b);
				break;
			}
			lungetc(c2);
			pb_dollar(&b, 0, WP_LIT);
			break;
		}
		case '`':
			pb_part(&b, lex_backquote(0));
			break;
		default:
			pb_char(&b, WP_LIT, c);
		}
	}
}

static void
rec_put(int c)
{
	if (rec_len == rec_cap) {
		rec_cap = rec_cap ? rec_cap * 2 : 256;
		rec = xrealloc(rec, rec_cap);
	}
	rec[rec_len++] = (char)c;
}

static struct word *
lex_word(int c)
{
	size_t start;
	if (words_open++ > 0) {
		start = rec_len - 1;   /* an enclosing word already recorded c */
	} else {
		rec_len = 0;
		rec_put(c);
		start = 0;
	}
	struct word *w = st_alloc(sizeof *w);
	w->next = NULL;
	w->parts = lex_word_parts(c);
	w->raw = st_strndup(rec + start, rec_len - start);
	words_open--;
	return w;
}

/* ---- here-documents ---- */

static struct redir **pending;
static size_t npending, cappending;

void
lex_heredoc_pending(struct redir *r)
{
	if (npending == cappending) {
		cappending = cappending ? cappending * 2 : 8;
		pending = xrealloc(pending, cappending * sizeof *pending);
	}
	pending[npending++] = r;
}

int
lex_heredocs_pending(void)
{
	return (int)npending;
}

void
lex_reset(void)
{
	npending = 0;
	words_open = 0;
	rec_len = 0;
}

/* The delimiter: the word with quote removal, and whether it was quoted. */
static const char *
heredoc_delim(const char *raw, int *quoted)
{
	size_t n = strlen(raw);
	char *d = st_alloc(n + 1), *o = d;
	*quoted = 0;
	for (const char *s = raw; *s; s++) {
		if (*s == '\\' && s[1]) {
			*quoted = 1;
			*o++ = *++s;
		} else if (*s == '\'' || *s == '"') {
			*quoted = 1;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return d;
}

/* Reads one line into the body buffer; returns its start, or -1 at EOF. */
static long
read_line(char **buf, size_t *len, size_t *cap, int strip_tabs)
{
	long start = (long)*len;
	int c = in_getc();
	if (c == IN_EOF)
		return -1;
	while (strip_tabs && c == '\t')
		c = in_getc();
	for (; c != IN_EOF; c = in_getc()) {
		if (*len + 2 >= *cap) {
			/* On the stack: a syntax error in the body leaks nothing. */
			size_t ncap = *cap ? *cap * 2 : 256;
			char *n = st_alloc(ncap);
			if (*len)
				memcpy(n, *buf, *len);
			*buf = n;
			*cap = ncap;
		}
		(*buf)[(*len)++] = (char)c;
		if (c == '\n')
			break;
	}
	return start;
}

/* Does a line (without its newline) end in an unescaped backslash? */
static int
ends_continued(const char *line, size_t n)
{
	size_t k = 0;
	while (k < n && line[n - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

static void
read_heredoc(struct redir *r)
{
	int lineno = in_lineno;
	const char *delim = heredoc_delim(r->target->raw, &r->quoted);
	size_t dlen = strlen(delim), len = 0, cap = 0;
	char *buf = NULL;
	long start;
	int continued = 0;   /* this line goes on from the one before */
	while ((start = read_line(&buf, &len, &cap, r->strip_tabs)) >= 0) {
		size_t n = len - (size_t)start;
		const char *line = n ? buf + start : "";   /* tabs then end: nothing read */
		int newline = n > 0 && line[n - 1] == '\n';
		n -= (size_t)newline;
		/* Unquoted, a backslash-newline joins two lines (XCU 2.7.4): after
		 * a line a\ the line EOF is text, not a line of its own. */
		int was_continued = continued;
		continued = !r->quoted && newline && ends_continued(line, n);
		if (!was_continued && n == dlen && memcmp(line, delim, dlen) == 0) {
			len = (size_t)start;
			break;
		}
	}
	if (r->quoted) {
		struct wpart *p = new_part(WP_QLIT);
		p->u.lit.s = buf ? buf : "";
		p->u.lit.n = len;
		r->body = p;
	} else {
		r->body = lex_heredoc_body(buf ? buf : "", len, lineno);
	}
}

size_t
lex_heredoc_mark(void)
{
	return npending;
}

/* Here-documents opened inside a string being parsed (`...`, a body) that
 * its text never gave a newline to: their bodies end with the string, as in
 * dash and bash, and nothing pending outlives the string's parse. */
void
lex_heredoc_settle(size_t mark)
{
	while (npending > mark)
		read_heredoc(pending[--npending]);
}

static void
read_pending_heredocs(void)
{
	/* A body may hold $( ) whose parse adds here-documents of its own:
	 * take the list first. */
	size_t n = npending;
	struct redir **list = st_alloc(n * sizeof *list);
	memcpy(list, pending, n * sizeof *list);
	npending = 0;
	for (size_t i = 0; i < n; i++)
		read_heredoc(list[i]);
}

/* An unquoted here-document's body: $ ` and \ are special, quotes are not. */
struct wpart *
lex_heredoc_body(const char *text, size_t len, int lineno)
{
	struct pbuild b;
	/* The body is recorded as a word's text is, so that a "$((" in it
	 * that is not arithmetic can be read again (lex_arith); the record,
	 * and an enclosing word's, drops it afterwards. */
	int saved_line = in_lineno;
	size_t saved_rec = rec_len, mark = npending;
	in_push_string(text, len, 1);
	in_lineno = lineno;
	words_open++;
	pb_init(&b);
	pb_empty_quoted(&b);
	for (int c; (c = lgetc()) != IN_EOF;) {
		struct wpart *p;
		if (c == '\\') {
			c = lgetc();
			if (c == '\n')
				continue;
			if (c == IN_EOF || !strchr("$`\\", c))
				pb_char(&b, WP_QLIT, '\\');
			if (c != IN_EOF)
				pb_char(&b, WP_QLIT, c);
		} else if (c == '$' && (p = lex_dollar(1)) != NULL) {
			pb_part(&b, p);
		} else if (c == '`') {
			pb_part(&b, lex_backquote(1));
		} else {
			pb_char(&b, WP_QLIT, c);
		}
	}
	lex_heredoc_settle(mark);
	in_pop();
	in_lineno = saved_line;
	words_open--;
	rec_len = saved_rec;
	struct wpart *dq = new_part(WP_DQ);
	dq->u.dq = pb_done(&b);
	return dq;
}

/* ---- tokens ---- */

static const struct {
	const char *word;
	enum token tok;
} reserved[] = {
	{ "if", T_IF }, { "then", T_THEN }, { "else", T_ELSE }, { "elif", T_ELIF },
	{ "fi", T_FI }, { "do", T_DO }, { "done", T_DONE }, { "case", T_CASE },
	{ "esac", T_ESAC }, { "while", T_WHILE }, { "until", T_UNTIL },
	{ "for", T_FOR }, { "in", T_IN }, { "{", T_LBRACE }, { "}", T_RBRACE },
	{ "!", T_BANG },
};

enum token
lex_reserved(const struct word *w)
{
	const struct wpart *p = w->parts;
	if (p == NULL || p->next != NULL || p->kind != WP_LIT)
		return T_WORD;
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strlen(reserved[i].word) == p->u.lit.n &&
		    memcmp(reserved[i].word, p->u.lit.s, p->u.lit.n) == 0)
			return reserved[i].tok;
	return T_WORD;
}

int
is_reserved_word(const char *s)
{
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strcmp(reserved[i].word, s) == 0)
			return 1;
	return 0;
}

static struct redir *
new_redir(enum redir_op op, int fd)
{
	struct redir *r = st_alloc(sizeof *r);
	memset(r, 0, sizeof *r);
	r->op = op;
	r->fd = fd;
	return r;
}

/* After '<' or '>': the redirection operator; fd < 0 means the default. */
static struct redir *
lex_redir_op(int c, int fd)
{
	int c2 = getc_bnl();
	struct redir *r;
	if (c == '<') {
		switch (c2) {
		case '<': {
			r = new_redir(R_HEREDOC, fd < 0 ? 0 : fd);
			int c3 = getc_bnl();
			if (c3 == '-')
				r->strip_tabs = 1;
			else
				lungetc(c3);
			return r;
		}
		case '&': return new_redir(R_DUPIN, fd < 0 ? 0 : fd);
		case '>': return new_redir(R_RDWR, fd < 0 ? 0 : fd);
		default: lungetc(c2); return new_redir(R_IN, fd < 0 ? 0 : fd);
		}
	}
	switch (c2) {
	case '>': return new_redir(R_APPEND, fd < 0 ? 1 : fd);
	case '&': return new_redir(R_DUPOUT, fd < 0 ? 1 : fd);
	case '|': return new_redir(R_CLOBBER, fd < 0 ? 1 : fd);
	default: lungetc(c2); return new_redir(R_OUT, fd < 0 ? 1 : fd);
	}
}

/* A word of digits right before '<' or '>' is an IO number. */
static int
io_number(const struct word *w)
{
	const struct wpart *p = w->parts;
	if (p == NULL || p->next || p->kind != WP_LIT || p->u.lit.n > 9)
		return -1;
	int fd = 0;
	for (size_t i = 0; i < p->u.lit.n; i++) {
		if (p->u.lit.s[i] < '0' || p->u.lit.s[i] > '9')
			return -1;
		fd = fd * 10 + (p->u.lit.s[i] - '0');
	}
	return fd;
}

static void
skip_blanks_and_comment(void)
{
	for (;;) {
		int c = getc_bnl();
		if (c == ' ' || c == '\t')
			continue;
		if (c == '#') {
			while ((c = lgetc()) != '\n' && c != IN_EOF)
				;
		}
		lungetc(c);
		return;
	}
}

static enum token
lex_operator(int c)
{
	int c2;
	switch (c) {
	case '&':
		c2 = getc_bnl();
		if (c2 == '&')
			return T_ANDIF;
		lungetc(c2);
		return T_AMP;
	case '|':
		c2 = getc_bnl();
		if (c2 == '|')
			return T_ORIF;
		lungetc(c2);
		return T_PIPE;
	case ';':
		c2 = getc_bnl();
		if (c2 == ';')
			return T_DSEMI;
		if (c2 == '&')
			return T_SEMIAMP;
		lungetc(c2);
		return T_SEMI;
	case '(':
		return T_LPAREN;
	case ')':
		return T_RPAREN;
	}
	return T_EOF;
}

void
lex_next(struct lexeme *lx)
{
	if (words_open == 0)
		rec_len = 0;
	skip_blanks_and_comment();
	lx->lineno = in_lineno;
	lx->word = NULL;
	lx->redir = NULL;
	int c = getc_bnl();
	if (c == IN_EOF) {
		lx->tok = T_EOF;
		return;
	}
	if (c == '\n') {
		if (npending > 0)
			read_pending_heredocs();
		lx->tok = T_NL;
		return;
	}
	if (c == '<' || c == '>') {
		lx->tok = T_REDIR;
		lx->redir = lex_redir_op(c, -1);
		return;
	}
	enum token op = lex_operator(c);
	if (op != T_EOF) {
		lx->tok = op;
		return;
	}
	lx->word = lex_word(c);
	c = lgetc();
	lungetc(c);
	int fd;
	if ((c == '<' || c == '>') && (fd = io_number(lx->word)) >= 0) {
		lgetc();
		lx->tok = T_REDIR;
		lx->redir = lex_redir_op(c, fd);
		lx->redir->explicit_fd = 1;
		lx->word = NULL;
		return;
	}
	lx->tok = T_WORD;
}

const char *
lex_token_text(const struct lexeme *lx)
{
	static const char *const names[] = {
		[T_EOF] = "end of file", [T_NL] = "newline", [T_SEMI] = ";",
		[T_AMP] = "&", [T_PIPE] = "|", [T_ANDIF] = "&&", [T_ORIF] = "||",
		[T_DSEMI] = ";;", [T_SEMIAMP] = ";&", [T_LPAREN] = "(",
		[T_RPAREN] = ")", [T_IF] = "if", [T_THEN] = "then", [T_ELSE] = "else",
		[T_ELIF] = "elif", [T_FI] = "fi", [T_DO] = "do", [T_DONE] = "done",
		[T_CASE] = "case", [T_ESAC] = "esac", [T_WHILE] = "while",
		[T_UNTIL] = "until", [T_FOR] = "for", [T_IN] = "in", [T_LBRACE] = "{",
		[T_RBRACE] = "}", [T_BANG] = "!",
	};
	static const char *const redirs[] = {
		[R_IN] = "<", [R_OUT] = ">", [R_APPEND] = ">>", [R_CLOBBER] = ">|",
		[R_RDWR] = "<>", [R_DUPIN] = "<&", [R_DUPOUT] = ">&", [R_HEREDOC] = "<<",
	};
	if (lx->tok == T_WORD)
		return lx->word->raw;
	if (lx->tok == T_REDIR)
		return lx->redir->strip_tabs ? "<<-" : redirs[lx->redir->op];
	return names[lx->tok];
}
