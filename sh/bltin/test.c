/* test.c: test and [: POSIX's rules for up to four arguments, the classic grammar beyond. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtins.h"
#include "error.h"

/*
 * Statuses: 0 true, 1 false, 2 error. An error deep in the grammar leaves
 * through a local jmp_buf, never the shell's handler stack: test is a
 * regular builtin and must not raise.
 */

enum optype { OP_NONE, OP_UNARY, OP_BINARY, OP_NOT, OP_AND, OP_OR, OP_LPAREN, OP_RPAREN };

struct op {
	const char *text;
	enum optype type;
};

static const struct op ops[] = {
	{ "-b", OP_UNARY }, { "-c", OP_UNARY }, { "-d", OP_UNARY },
	{ "-e", OP_UNARY }, { "-f", OP_UNARY }, { "-g", OP_UNARY },
	{ "-h", OP_UNARY }, { "-k", OP_UNARY }, { "-L", OP_UNARY },
	{ "-n", OP_UNARY }, { "-O", OP_UNARY }, { "-G", OP_UNARY },
	{ "-p", OP_UNARY }, { "-r", OP_UNARY }, { "-S", OP_UNARY },
	{ "-s", OP_UNARY }, { "-t", OP_UNARY }, { "-u", OP_UNARY },
	{ "-w", OP_UNARY }, { "-x", OP_UNARY }, { "-z", OP_UNARY },
	{ "=", OP_BINARY }, { "!=", OP_BINARY }, { "<", OP_BINARY },
	{ ">", OP_BINARY }, { "-eq", OP_BINARY }, { "-ne", OP_BINARY },
	{ "-gt", OP_BINARY }, { "-ge", OP_BINARY }, { "-lt", OP_BINARY },
	{ "-le", OP_BINARY }, { "-nt", OP_BINARY }, { "-ot", OP_BINARY },
	{ "-ef", OP_BINARY },
	{ "!", OP_NOT }, { "-a", OP_AND }, { "-o", OP_OR },
	{ "(", OP_LPAREN }, { ")", OP_RPAREN },
	{ NULL, OP_NONE },
};

static enum optype
optype(const char *s)
{
	if (s == NULL)
		return OP_NONE;
	for (const struct op *o = ops; o->text; o++)
		if (strcmp(o->text, s) == 0)
			return o->type;
	return OP_NONE;
}

/* One evaluation: the words left and where errors go. */
struct t {
	const char *name;   /* "test" or "[" */
	char **wp, **end;   /* the words left */
	jmp_buf fail;
};

static _Noreturn void
syntax(struct t *t, const char *word, const char *msg)
{
	if (word != NULL && *word != '\0')
		sh_warn("%s: %s: %s", t->name, word, msg);
	else
		sh_warn("%s: %s", t->name, msg);
	longjmp(t->fail, 1);
}

/* A decimal integer, blanks allowed around it (as dash allows). */
static intmax_t
number(struct t *t, const char *s)
{
	const char *p = s;
	char *end;
	while (isspace((unsigned char)*p))
		p++;
	errno = 0;
	intmax_t v = strtoimax(p, &end, 10);
	if (end == p || errno == ERANGE)
		syntax(t, s[0] ? s : "''", "integer expected");
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		syntax(t, s, "integer expected");
	return v;
}

/* Ownership tests compare with the effective ids, as access checks do. */
static int
file_test(char op, const char *path)
{
	struct stat st;
	switch (op) {
	case 'r': return faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) == 0;
	case 'w': return faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0;
	case 'x': return faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0;
	}
	if ((op == 'h' || op == 'L') ? lstat(path, &st) != 0 : stat(path, &st) != 0)
		return 0;
	switch (op) {
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'f': return S_ISREG(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 'S': return S_ISSOCK(st.st_mode);
	case 'h': case 'L': return S_ISLNK(st.st_mode);
	case 'g': return (st.st_mode & S_ISGID) != 0;
	case 'u': return (st.st_mode & S_ISUID) != 0;
	case 'k': return (st.st_mode & S_ISVTX) != 0;
	case 's': return st.st_size > 0;
	case 'O': return st.st_uid == geteuid();
	case 'G': return st.st_gid == getegid();
	default: return 1;   /* -e */
	}
}

static int
unary(struct t *t, const char *op, const char *arg)
{
	switch (op[1]) {
	case 'n': return arg[0] != '\0';
	case 'z': return arg[0] == '\0';
	case 't': return isatty((int)number(t, arg));
	default: return file_test(op[1], arg);
	}
}

/* POSIX.1-2024: -nt is also true when only the first file exists, -ot when
 * only the second does; times compare to the nanosecond. */
static int
newer(const char *a, const char *b)
{
	struct stat sa, sb;
	if (stat(a, &sa) != 0)
		return 0;
	if (stat(b, &sb) != 0)
		return 1;
	return sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
	    (sa.st_mtim.tv_sec == sb.st_mtim.tv_sec && sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec);
}

static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int
binary(struct t *t, const char *a, const char *op, const char *b)
{
	if (op[0] != '-') {
		int c = strcoll(a, b);
		switch (op[0]) {
		case '=': return c == 0;
		case '!': return c != 0;
		case '<': return c < 0;
		default: return c > 0;
		}
	}
	if (strcmp(op, "-nt") == 0)
		return newer(a, b);
	if (strcmp(op, "-ot") == 0)
		return newer(b, a);
	if (strcmp(op, "-ef") == 0)
		return same_file(a, b);
	intmax_t x = number(t, a), y = number(t, b);
	if (op[1] == 'e')
		return x == y;
	if (op[1] == 'n')
		return x != y;
	if (op[1] == 'g')
		return op[2] == 't' ? x > y : x >= y;
	return op[2] == 't' ? x < y : x <= y;
}

/* ---- the classic grammar, for five or more arguments (and odd cases) ----
 *	or   := and { -o and }
 *	and  := not { -a not }
 *	not  := ! not | primary
 *	prim := ( or ) | unary-op word | word binary-op word | word
 * A word is read as an operator only where one can be: a unary operator
 * with nothing after it, or followed by a binary operator and a third
 * word, is a plain string (dash's rule), so test -n = -n -a x compares. */

static int expr_or(struct t *t);

/* The k-th word left, or NULL past the end. */
static const char *
word(const struct t *t, int k)
{
	return t->wp + k < t->end ? t->wp[k] : NULL;
}

/* The type of the next word as the grammar sees it there. */
static enum optype
lex(const struct t *t)
{
	enum optype ty = optype(word(t, 0));
	if (ty == OP_UNARY && (word(t, 1) == NULL ||
	    (word(t, 2) != NULL && optype(word(t, 1)) == OP_BINARY)))
		return OP_NONE;
	if (ty == OP_LPAREN && word(t, 1) == NULL)
		return OP_NONE;
	return ty;
}

static int
paren(struct t *t)
{
	if (sh_stack_low())
		syntax(t, NULL, "nesting too deep");
	t->wp++;
	if (lex(t) == OP_RPAREN) {
		t->wp++;
		return 0;   /* "( )": a missing expression is false, as in dash */
	}
	int r = expr_or(t);
	if (lex(t) != OP_RPAREN)
		syntax(t, NULL, "closing paren expected");
	t->wp++;
	return r;
}

static int
primary(struct t *t)
{
	const char *w0 = word(t, 0), *w1 = word(t, 1), *w2 = word(t, 2);
	if (w0 == NULL)
		return 0;   /* dash: a missing expression is false */
	enum optype ty = lex(t);
	if (ty == OP_LPAREN)
		return paren(t);
	if (ty == OP_UNARY) {
		t->wp += 2;
		return unary(t, w0, w1);
	}
	if (w1 != NULL && optype(w1) == OP_BINARY) {
		if (w2 == NULL)
			syntax(t, w1, "argument expected");
		t->wp += 3;
		return binary(t, w0, w1, w2);
	}
	t->wp++;
	return w0[0] != '\0';
}

/* A loop, not a recursion: a long run of ! must not use up the stack. */
static int
expr_not(struct t *t)
{
	int neg = 0;
	for (; lex(t) == OP_NOT; t->wp++)
		neg = !neg;
	return neg ? !primary(t) : primary(t);
}

/* Both sides are always evaluated, so an error on the right is never hidden. */
static int
expr_and(struct t *t)
{
	int r = expr_not(t);
	while (lex(t) == OP_AND) {
		t->wp++;
		r = expr_not(t) && r;
	}
	return r;
}

static int
expr_or(struct t *t)
{
	int r = expr_and(t);
	while (lex(t) == OP_OR) {
		t->wp++;
		r = expr_and(t) || r;
	}
	return r;
}

/* The grammar over words [a, a+n); a word left over is an error naming the
 * last word used, as dash words it. */
static int
parse(struct t *t, char **a, int n)
{
	t->wp = a;
	t->end = a + n;
	int r = expr_or(t);
	if (t->wp < t->end)
		syntax(t, t->wp > a ? t->wp[-1] : t->wp[0], "unexpected operator");
	return r;
}

static int
is(const char *s, const char *text)
{
	return strcmp(s, text) == 0;
}

/* XCU test's rules by argument count; what they leave unspecified goes to
 * the grammar. -a and -o count as binary primaries with three arguments. */
static int
posix_rules(struct t *t, char **a, int n)
{
	switch (n) {
	case 0:
		return 0;
	case 1:
		return a[0][0] != '\0';
	case 2:
		if (is(a[0], "!"))
			return a[1][0] == '\0';
		if (optype(a[0]) == OP_UNARY)
			return unary(t, a[0], a[1]);
		break;
	case 3:
		switch (optype(a[1])) {
		case OP_BINARY: return binary(t, a[0], a[1], a[2]);
		case OP_AND: return a[0][0] != '\0' && a[2][0] != '\0';
		case OP_OR: return a[0][0] != '\0' || a[2][0] != '\0';
		default: break;
		}
		if (is(a[0], "!"))
			return !posix_rules(t, a + 1, 2);
		if (is(a[0], "(") && is(a[2], ")"))
			return a[1][0] != '\0';
		break;
	case 4:
		if (is(a[0], "!"))
			return !posix_rules(t, a + 1, 3);
		if (is(a[0], "(") && is(a[3], ")"))
			return posix_rules(t, a + 1, 2);
		break;
	}
	return parse(t, a, n);
}

/* The status of the test over n words: 0 true, 1 false, 2 error. */
static int
evaluate(const char *name, char **a, int n)
{
	struct t t;
	t.name = name;
	if (setjmp(t.fail) != 0)
		return 2;
	return !posix_rules(&t, a, n);
}

int
test_builtin(int argc, char **argv)
{
	if (is(argv[0], "[")) {
		if (argc < 2 || !is(argv[argc - 1], "]")) {
			sh_warn("[: missing ]");
			return 2;
		}
		argc--;
	}
	return evaluate(argv[0], argv + 1, argc - 1);
}
