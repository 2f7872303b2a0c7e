/* arith.c: $((...)): C integer expressions over intmax_t, with variables. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "error.h"
#include "options.h"
#include "var.h"

/*
 * A recursive-descent evaluator straight over the text: no tree, since each
 * expansion evaluates its expression once. `skip` counts the enclosing
 * branches that are not taken (&&, ||, ?:): they are parsed but neither
 * assign nor divide, so `0 && (x = 1/0)` is quiet.
 */
struct ar {
	const char *p;
	const char *expr;
	int skip;
};

/* An lvalue carried up from a primary, so assignment operators can use it. */
struct val {
	intmax_t v;
	const char *name;    /* the variable named, or NULL */
	size_t len;
};

static intmax_t expr_comma(struct ar *a);
static struct val expr_assign(struct ar *a);

static _Noreturn void
ar_error(struct ar *a, const char *what)
{
	sh_error("arithmetic: %s in '%s'", what, a->expr);
}

static void
blanks(struct ar *a)
{
	while (*a->p == ' ' || *a->p == '\t' || *a->p == '\n')
		a->p++;
}

/* A constant: decimal, 0octal or 0xhex. */
static int
parse_number(const char *s, const char **end, intmax_t *out)
{
	int base = 10;
	const char *p = s;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!isxdigit((unsigned char)*p))
			return -1;
	} else if (p[0] == '0') {
		base = 8;
	}
	uintmax_t v = 0;
	for (;; p++) {
		int d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'z')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'Z')
			d = *p - 'A' + 10;
		else
			break;
		if (d >= base)
			return -1;
		v = v * (uintmax_t)base + (uintmax_t)d;
	}
	*end = p;
	*out = (intmax_t)v;
	return 0;
}

/* A variable's value as a number: empty and unset are 0; anything else
 * must be an integer constant (as dash: no recursive evaluation). */
static intmax_t
var_value(struct ar *a, const char *name, size_t len)
{
	const char *s = var_getn(name, len);
	if (s == NULL) {
		if (opt.nounset) {
			exit_status = 1;
			sh_warn("%.*s: parameter not set", (int)len, name);
			sh_raise(EXC_ERROR);
		}
		return 0;
	}
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '\0')
		return 0;
	const char *end;
	intmax_t v;
	int neg = *s == '-';
	if (parse_number(s + (neg || *s == '+'), &end, &v) == 0) {
		while (*end == ' ' || *end == '\t' || *end == '\n')
			end++;
		if (*end == '\0')   /* negated unsigned: -9223372036854775808 is no overflow */
			return neg ? (intmax_t)(0 - (uintmax_t)v) : v;
	}
	(void)a;
	sh_error("arithmetic: %.*s: invalid number '%s'", (int)len, name, s);
}

static void
assign(struct ar *a, const struct val *lv, intmax_t v)
{
	if (lv->name == NULL)
		ar_error(a, "assignment to a non-variable");
	if (a->skip)
		return;
	char buf[32];
	snprintf(buf, sizeof buf, "%" PRIdMAX, v);
	if (var_setn(lv->name, lv->len, buf, 0) < 0) {
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
}

static struct val
primary(struct ar *a)
{
	struct val r = { 0, NULL, 0 };
	blanks(a);
	const char *p = a->p;
	if (*p == '(') {
		a->p++;
		r.v = expr_comma(a);
		blanks(a);
		if (*a->p != ')')
			ar_error(a, "missing ')'");
		a->p++;
		return r;
	}
	if (isdigit((unsigned char)*p)) {
		const char *end;
		if (parse_number(p, &end, &r.v) < 0 || isalnum((unsigned char)*end) || *end == '_')
			ar_error(a, "invalid number");
		a->p = end;
		return r;
	}
	size_t n = name_len(p);
	if (n == 0)
		ar_error(a, *p ? "syntax error" : "missing operand");
	r.name = p;
	r.len = n;
	a->p = p + n;
	r.v = a->skip ? 0 : var_value(a, p, n);
	return r;
}

/* ++ and -- wrap around at the ends of the range, as + and - do. */
static intmax_t
step(intmax_t v, char op)
{
	return (intmax_t)(op == '+' ? (uintmax_t)v + 1 : (uintmax_t)v - 1);
}

static struct val
postfix(struct ar *a)
{
	struct val r = primary(a);
	blanks(a);
	if ((a->p[0] == '+' && a->p[1] == '+') || (a->p[0] == '-' && a->p[1] == '-')) {
		if (r.name == NULL)
			ar_error(a, "'++' or '--' needs a variable");
		intmax_t old = r.v;
		assign(a, &r, step(old, a->p[0]));
		a->p += 2;
		r.name = NULL;
		r.v = old;
	}
	return r;
}

static struct val
unary(struct ar *a)
{
	sh_stack_check();   /* parentheses and unary operators nest here */
	blanks(a);
	char c = *a->p;
	if ((c == '+' || c == '-') && a->p[1] == c) {
		a->p += 2;
		struct val r = unary(a);
		if (r.name == NULL)
			ar_error(a, "'++' or '--' needs a variable");
		r.v = step(r.v, c);
		assign(a, &r, r.v);
		r.name = NULL;
		return r;
	}
	if (c == '+' || c == '-' || c == '!' || c == '~') {
		a->p++;
		struct val r = unary(a);
		r.name = NULL;
		r.v = c == '-' ? (intmax_t)(0 - (uintmax_t)r.v) : c == '!' ? !r.v : c == '~' ? ~r.v : r.v;
		return r;
	}
	return postfix(a);
}

/* Binary operators by precedence level, lowest first (after ?: and =). */
enum { L_OR, L_AND, L_BOR, L_BXOR, L_BAND, L_EQ, L_REL, L_SHIFT, L_ADD, L_MUL, L_UNARY };

/* The binary operator at p, if any: its level (or -1), code and length.
 * Assignment operators (+=, <<= ...) are not binary operators here. */
static int
scan_binop(const char *p, char *code, int *len)
{
	char c = p[0], d = p[1];
	*len = 1;
	*code = c;
	switch (c) {
	case '|':
		if (d == '|') { *len = 2; *code = 'O'; return L_OR; }
		return d == '=' ? -1 : L_BOR;
	case '&':
		if (d == '&') { *len = 2; *code = 'A'; return L_AND; }
		return d == '=' ? -1 : L_BAND;
	case '^':
		return d == '=' ? -1 : L_BXOR;
	case '=':
		if (d == '=') { *len = 2; *code = 'E'; return L_EQ; }
		return -1;
	case '!':
		if (d == '=') { *len = 2; *code = 'N'; return L_EQ; }
		return -1;
	case '<': case '>':
		if (d == c) {
			if (p[2] == '=')
				return -1;
			*len = 2;
			*code = c == '<' ? 'l' : 'r';
			return L_SHIFT;
		}
		if (d == '=') { *len = 2; *code = c == '<' ? 'L' : 'G'; return L_REL; }
		return L_REL;
	case '+': case '-':
		return d == '=' ? -1 : L_ADD;
	case '*': case '/': case '%':
		return d == '=' ? -1 : L_MUL;
	}
	return -1;
}

static intmax_t
apply(struct ar *a, char op, intmax_t l, intmax_t r)
{
	uintmax_t ul = (uintmax_t)l, ur = (uintmax_t)r;
	switch (op) {
	case '|': return l | r;
	case '^': return l ^ r;
	case '&': return l & r;
	case 'E': return l == r;
	case 'N': return l != r;
	case 'L': return l <= r;
	case 'G': return l >= r;
	case '<': return l < r;
	case '>': return l > r;
	case 'l': return (intmax_t)(ul << (r & 63));
	case 'r': return l >> (r & 63);
	case '+': return (intmax_t)(ul + ur);
	case '-': return (intmax_t)(ul - ur);
	case '*': return (intmax_t)(ul * ur);
	case '/': case '%':
		if (r == 0) {
			if (a->skip)
				return 0;
			ar_error(a, "division by zero");
		}
		if (r == -1)   /* INTMAX_MIN / -1 overflows: define it */
			return op == '/' ? (intmax_t)(0 - ul) : 0;
		return op == '/' ? l / r : l % r;
	}
	return 0;
}

/*
 * Binary operators by precedence climbing: one call per operand rather than
 * one per precedence level. Operands at `level` or tighter are consumed;
 * && and || skip (parse without effect) the side they do not evaluate.
 */
static intmax_t
binary(struct ar *a, int level)
{
	intmax_t l = unary(a).v;
	for (;;) {
		char op;
		int len;
		blanks(a);
		int lv = scan_binop(a->p, &op, &len);
		if (lv < level)
			return l;
		a->p += len;
		if (lv == L_AND || lv == L_OR) {
			int dead = lv == L_AND ? !l : !!l;
			a->skip += dead;
			intmax_t r = binary(a, lv + 1);
			a->skip -= dead;
			l = lv == L_AND ? (l && r) : (l || r);
			continue;
		}
		l = apply(a, op, l, binary(a, lv + 1));
	}
}

static intmax_t
conditional(struct ar *a)
{
	intmax_t c = binary(a, L_OR);
	blanks(a);
	if (*a->p != '?')
		return c;
	a->p++;
	a->skip += !c;
	intmax_t t = expr_comma(a);
	a->skip -= !c;
	blanks(a);
	if (*a->p != ':')
		ar_error(a, "missing ':'");
	a->p++;
	a->skip += !!c;
	intmax_t f = conditional(a);
	a->skip -= !!c;
	return c ? t : f;
}

/* The assignment operator at p: its length and the binary op it applies
 * ('=' for plain assignment); 0 when there is none. */
static int
assign_op_at(const char *p, char *op)
{
	switch (p[0]) {
	case '=':
		if (p[1] == '=')
			return 0;   /* == */
		*op = '=';
		return 1;
	case '*': case '/': case '%': case '+': case '-': case '&': case '^': case '|':
		if (p[1] != '=')
			return 0;
		*op = p[0];
		return 2;
	case '<': case '>':
		if (p[1] != p[0] || p[2] != '=')
			return 0;
		*op = p[0] == '<' ? 'l' : 'r';
		return 3;
	}
	return 0;
}

static struct val
expr_assign(struct ar *a)
{
	const char *start = a->p;
	blanks(a);
	size_t n = name_len(a->p);
	if (n > 0) {
		const char *after = a->p + n;
		while (*after == ' ' || *after == '\t')
			after++;
		char op;
		int len = assign_op_at(after, &op);
		if (len > 0) {
			struct val lv = { 0, a->p, n };
			a->p = after + len;
			intmax_t r = expr_assign(a).v;
			if (op != '=')
				r = apply(a, op, a->skip ? 0 : var_value(a, lv.name, lv.len), r);
			assign(a, &lv, r);
			lv.v = r;
			lv.name = NULL;
			return lv;
		}
	}
	a->p = start;
	struct val r = { conditional(a), NULL, 0 };
	return r;
}

static intmax_t
expr_comma(struct ar *a)
{
	intmax_t v = expr_assign(a).v;
	blanks(a);
	while (*a->p == ',') {
		a->p++;
		v = expr_assign(a).v;
		blanks(a);
	}
	return v;
}

intmax_t
arith_eval(const char *expr)
{
	struct ar a = { expr, expr, 0 };
	blanks(&a);
	if (*a.p == '\0')
		return 0;
	intmax_t v = expr_comma(&a);
	blanks(&a);
	if (*a.p != '\0')
		ar_error(&a, "syntax error");
	return v;
}
