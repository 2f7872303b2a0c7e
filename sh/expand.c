/* expand.c: tilde, parameter, command and arithmetic expansion, field
 * splitting, pathname expansion and quote removal (XCU 2.6), in that order. */
#include <config.h>

#include <fnmatch.h>
#include <glob.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <string.h>
#include <unistd.h>

#include "arith.h"
#include "error.h"
#include "eval.h"
#include "expand.h"
#include "lctype.h"
#include "mem.h"
#include "options.h"
#include "var.h"

long shell_pid;
long last_bg_pid = -1;

/* Splitting state: what delimited the current position (XCU 2.6.5). */
enum split_state { S_START, S_WS, S_NWS, S_TEXT };

enum xmode { X_FIELDS, X_STRING, X_PATTERN };

/*
 * One expansion in progress: the current field as bytes with a parallel
 * "quoted" flag per byte (pathname expansion and patterns need to know which
 * characters were quoted), and the fields finished so far. Everything grows
 * on the shell's stack, so an error unwinding through here leaks nothing.
 */
struct xp {
	enum xmode mode;
	int split;            /* field splitting applies */
	char *buf;
	unsigned char *q;
	size_t len, cap;
	int started;          /* the current field exists even if empty */
	int globby;           /* it holds an unquoted * ? or [ */
	enum split_state state;
	int word_start;       /* no part of the word has been expanded yet */
	int brace_unquoted;   /* inside an unquoted ${x-word}: its text splits too */
	int assign;           /* an assignment value: tildes after ':' expand */
	const char *ifs;
	char **fields;
	int nfields, capfields;
};

static void xp_parts(struct xp *xp, const struct wpart *p, int quoted);
static void put_value(struct xp *xp, const char *s, size_t n, int quoted);
static void xp_brace_word(struct xp *xp, const struct wpart *arg, int quoted);

/* ---- building fields ---- */

static void
xp_init(struct xp *xp, enum xmode mode)
{
	memset(xp, 0, sizeof *xp);
	xp->mode = mode;
	xp->split = mode == X_FIELDS;
	if (xp->split) {
		xp->ifs = var_get("IFS");
		if (xp->ifs == NULL)
			xp->ifs = " \t\n";
	}
}

static void
grow(struct xp *xp, size_t n)
{
	if (xp->len + n <= xp->cap)
		return;
	size_t cap = xp->cap ? xp->cap * 2 : 64;
	while (cap < xp->len + n)
		cap *= 2;
	char *b = st_alloc(cap);
	unsigned char *q = st_alloc(cap);
	if (xp->len) {
		memcpy(b, xp->buf, xp->len);
		memcpy(q, xp->q, xp->len);
	}
	xp->buf = b;
	xp->q = q;
	xp->cap = cap;
}

static inline void
put(struct xp *xp, char c, int quoted)
{
	if (xp->len == xp->cap)
		grow(xp, 1);
	xp->buf[xp->len] = c;
	xp->q[xp->len++] = (unsigned char)quoted;
	/* A '[' only counts once a ']' follows it (see end_field): "[" alone,
	 * as in `[ $a = b ]`, never costs a directory read. */
	if (!quoted && (c == '*' || c == '?' || c == '['))
		xp->globby = 1;
	xp->started = 1;
	xp->state = S_TEXT;
}

static void
put_n(struct xp *xp, const char *s, size_t n, int quoted)
{
	grow(xp, n);
	for (size_t i = 0; i < n; i++)
		put(xp, s[i], quoted);
	if (quoted)
		xp->started = 1;
}

static void
push_field(struct xp *xp, const char *s)
{
	if (xp->nfields + 1 >= xp->capfields) {
		int cap = xp->capfields ? xp->capfields * 2 : 8;
		char **f = st_alloc((size_t)cap * sizeof *f);
		if (xp->nfields)
			memcpy(f, xp->fields, (size_t)xp->nfields * sizeof *f);
		xp->fields = f;
		xp->capfields = cap;
	}
	xp->fields[xp->nfields++] = (char *)s;
}

/* The current field as a pattern: quoted specials escaped with '\'. */
static char *
as_pattern(const struct xp *xp)
{
	char *p = st_alloc(xp->len * 2 + 1), *o = p;
	for (size_t i = 0; i < xp->len; i++) {
		char c = xp->buf[i];
		if (xp->q[i] && strchr("*?[]\\!^-", c))
			*o++ = '\\';
		*o++ = c;
	}
	*o = '\0';
	return p;
}

static int
glob_field(struct xp *xp)
{
	glob_t g;
	locale_ensure();
	char *pat = as_pattern(xp);
	if (glob(pat, 0, NULL, &g) != 0)
		return 0;
	int n = 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		/* . and .. are never matched by a pattern (POSIX.1-2024). */
		const char *base = strrchr(g.gl_pathv[i], '/');
		base = base ? base + 1 : g.gl_pathv[i];
		if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
			continue;
		push_field(xp, st_strdup(g.gl_pathv[i]));
		n++;
	}
	globfree(&g);
	return n > 0;
}

/* Does the field hold a pattern character that can match something: an
 * unquoted * or ?, or an unquoted [ with an unquoted ] after it? */
static int
is_pattern(const struct xp *xp)
{
	int open = 0;
	for (size_t i = 0; i < xp->len; i++) {
		if (xp->q[i])
			continue;
		char c = xp->buf[i];
		if (c == '*' || c == '?')
			return 1;
		if (c == '[')
			open = 1;
		else if (c == ']' && open)
			return 1;
	}
	return 0;
}

/* Ends the current field (if it exists) and starts the next. */
static void
end_field(struct xp *xp)
{
	if (xp->started) {
		if (!(xp->mode == X_FIELDS && xp->globby && !opt.noglob &&
		    is_pattern(xp) && glob_field(xp)))
			push_field(xp, st_strndup(xp->buf, xp->len));
	}
	xp->len = 0;
	xp->started = 0;
	xp->globby = 0;
}

static int
ifs_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The text of an unquoted expansion, split by IFS. A byte above 0x7f that
 * IFS holds may be part of a multibyte character: only a whole character
 * of IFS delimits (a slow path that ASCII text and IFS never take). */
static void
put_split(struct xp *xp, const char *s, size_t n)
{
	const char *ifs = xp->ifs;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\0' || !strchr(ifs, c)) {
			put(xp, c, 0);
			continue;
		}
		if ((unsigned char)c >= 0x80) {
			size_t k = lc_char_len(s + i, n - i);
			if (!ifs_has_char(ifs, s + i, k)) {
				put_n(xp, s + i, k, 0);
				i += k - 1;
				continue;
			}
			i += k - 1;
		} else if (ifs_ws(c)) {
			if (xp->started) {
				end_field(xp);
				xp->state = S_WS;
			}
			continue;
		}
		/* A non-white IFS character, with the white space around it, is
		 * one delimiter: it ends the field even when that is empty. */
		if (xp->started)
			end_field(xp);
		else if (xp->state != S_WS)
			push_field(xp, "");
		xp->state = S_NWS;
	}
}

/* The result of an expansion: quoted text is kept whole; unquoted text is
 * split (in command words) or kept as unquoted characters. */
static void
put_value(struct xp *xp, const char *s, size_t n, int quoted)
{
	if (quoted)
		put_n(xp, s, n, 1);
	else if (xp->split && *xp->ifs != '\0')
		put_split(xp, s, n);
	else
		put_n(xp, s, n, 0);
}

/* ---- tilde ---- */

static const char *
tilde_home(const char *user, size_t n)
{
	if (n == 0) {
		const char *h = var_get("HOME");
		if (h != NULL)
			return h;
		struct passwd *pw = getpwuid(getuid());
		return pw ? pw->pw_dir : NULL;
	}
	char *name = st_strndup(user, n);
	struct passwd *pw = getpwnam(name);
	return pw ? pw->pw_dir : NULL;
}

/* A tilde prefix at s (an unquoted literal): writes the home directory and
 * returns how many characters it used, or 0 when it is not one. The prefix
 * ends at '/', or at ':' in assignments, or at the end of an unquoted word. */
static size_t
tilde(struct xp *xp, const char *s, size_t n, int at_end, int assign)
{
	size_t i = 1;
	while (i < n && s[i] != '/' && !(assign && s[i] == ':'))
		i++;
	if (i == n && !at_end)
		return 0;   /* quoted characters follow: ~"x" is literal */
	const char *home = tilde_home(s + 1, i - 1);
	if (home == NULL)
		return 0;
	size_t hl = strlen(home);
	if (hl == 1 && home[0] == '/' && i < n && s[i] == '/')
		hl = 0;     /* ~/x with HOME=/ is /x, not //x */
	put_n(xp, home, hl, 1);
	xp->started = 1;
	return i;
}

/* ---- parameters ---- */

static char *
num(intmax_t v)
{
	char buf[24], *p = buf + sizeof buf;
	uintmax_t u = v < 0 ? 0 - (uintmax_t)v : (uintmax_t)v;
	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return st_strndup(p, (size_t)(buf + sizeof buf - 1 - p));
}

/* The value of a parameter other than @ and *, or NULL when unset. */
static const char *
param_value(const char *name)
{
	char c = name[0];
	if (name[1] == '\0' && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '_') {
		switch (c) {
		case '#': return num(params.n);
		case '?': return num(exit_status);
		case '-': return opt_dollar_dash();
		case '$': return num(shell_pid);
		case '!': return last_bg_pid < 0 ? NULL : num(last_bg_pid);
		case '0': return arg0;
		}
	}
	if (c >= '0' && c <= '9') {
		long i = strtol(name, NULL, 10);
		return i >= 1 && i <= params.n ? params.v[i - 1] : NULL;
	}
	return var_get(name);
}

/* "$*": the parameters joined by the first character of IFS. */
static char *
join_params(void)
{
	const char *sep = var_get("IFS");
	if (sep == NULL)
		sep = " ";
	/* The first character of IFS, which may take several bytes. */
	size_t seplen = (unsigned char)*sep >= 0x80 ? lc_char_len(sep, strlen(sep)) :
	    *sep != '\0';
	size_t n = 0;
	for (int i = 0; i < params.n; i++)
		n += strlen(params.v[i]) + seplen;
	char *s = st_alloc(n + 1), *o = s;
	for (int i = 0; i < params.n; i++) {
		if (i > 0) {
			memcpy(o, sep, seplen);
			o += seplen;
		}
		size_t l = strlen(params.v[i]);
		memcpy(o, params.v[i], l);
		o += l;
	}
	*o = '\0';
	return s;
}

static char *
parts_to_string(const struct wpart *p, enum xmode mode)
{
	struct xp sub;
	xp_init(&sub, mode);
	sub.started = 1;
	sub.word_start = 1;
	if (mode == X_PATTERN) {
		xp_parts(&sub, p, 0);
		return as_pattern(&sub);
	}
	xp_parts(&sub, p, 0);
	return st_strndup(sub.buf ? sub.buf : "", sub.len);
}

/* ${x%p} ${x%%p} ${x#p} ${x##p}: the value with the match removed. */
/* In a multibyte locale a match may only end between characters. */
static int
char_boundary(const char *s, size_t i)
{
	return MB_CUR_MAX == 1 || (s[i] & 0xc0) != 0x80;
}

static const char *
remove_pattern(const char *val, enum param_op op, const char *pat)
{
	size_t n = strlen(val);
	locale_ensure();
	char *tmp = st_strdup(val);
	if (op == PO_LSMALL || op == PO_LLARGE) {
		int small = op == PO_LSMALL;
		for (size_t k = 0; k <= n; k++) {
			size_t i = small ? k : n - k;
			if (!char_boundary(val, i))
				continue;
			char saved = tmp[i];
			tmp[i] = '\0';
			int hit = pattern_match(pat, tmp);
			tmp[i] = saved;
			if (hit)
				return val + i;
		}
		return val;
	}
	int small = op == PO_RSMALL;
	for (size_t k = 0; k <= n; k++) {
		size_t i = small ? n - k : k;
		if (char_boundary(val, i) && pattern_match(pat, val + i))
			return st_strndup(val, i);
	}
	return val;
}

/* ${#x}: characters, not bytes, in a multibyte locale (an invalid byte
 * counts as one character). */
static intmax_t
char_count(const char *s)
{
	size_t n = strlen(s);
	locale_ensure();
	if (MB_CUR_MAX == 1)
		return (intmax_t)n;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	intmax_t count = 0;
	while (n > 0) {
		size_t k = mbrlen(s, n, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
		}
		s += k;
		n -= k;
		count++;
	}
	return count;
}

static _Noreturn void
param_error(const struct wpart *p, const char *fallback)
{
	const char *msg = p->u.param.arg ? parts_to_string(p->u.param.arg, X_STRING) : NULL;
	sh_error("%s: %s", p->u.param.name, msg && *msg ? msg : fallback);
}

static int
is_at_or_star(const char *name)
{
	return (name[0] == '@' || name[0] == '*') && name[1] == '\0';
}

/* "$@" and unquoted $@ and $*: one field per parameter. */
static void
put_params(struct xp *xp, int quoted, int at)
{
	if ((quoted && !at) || (quoted && xp->mode != X_FIELDS)) {
		char *s = join_params();
		put_n(xp, s, strlen(s), 1);
		xp->started = 1;
		return;
	}
	if (!at && !xp->split) {
		/* x=$*, case $* in: joined by IFS's first character too (XCU 2.5.2) */
		char *s = join_params();
		put_n(xp, s, strlen(s), 0);
		return;
	}
	for (int i = 0; i < params.n; i++) {
		if (i > 0) {
			if (quoted) {
				end_field(xp);
			} else if (xp->split) {
				if (xp->started)
					end_field(xp);
				xp->state = S_START;
			} else {
				/* $@ with no splitting (unspecified): by spaces */
				put(xp, ' ', 0);
			}
		}
		put_value(xp, params.v[i], strlen(params.v[i]), quoted);
		if (quoted)
			xp->started = 1;
	}
}

static void
assign_default(const struct wpart *p, const char **val)
{
	const char *name = p->u.param.name;
	if (!is_name(name))
		sh_error("%s: cannot assign in this way", name);
	char *v = parts_to_string(p->u.param.arg, X_STRING);
	if (var_set(name, v, 0) < 0) {
		exit_status = 2;
		sh_raise(EXC_ERROR);
	}
	*val = v;
}

static void
xp_param(struct xp *xp, const struct wpart *p, int quoted)
{
	const char *name = p->u.param.name;
	enum param_op op = p->u.param.op;
	int multi = is_at_or_star(name);
	const char *val = multi ? (params.n ? join_params() : NULL) : param_value(name);
	int set = multi ? params.n > 0 : val != NULL;
	int empty = !set || (p->u.param.colon && *val == '\0');

	if (multi && p->u.param.colon && params.n > 0 && *val == '\0')
		empty = 1;
	if (!set && opt.nounset && !multi && op != PO_MINUS && op != PO_PLUS &&
	    op != PO_ASSIGN && op != PO_QUESTION) {
		exit_status = 1;
		sh_warn("%s: parameter not set", name);
		sh_raise(EXC_ERROR);
	}
	switch (op) {
	case PO_LEN:
		val = multi ? num(params.n) : num(val ? char_count(val) : 0);
		put_value(xp, val, strlen(val), quoted);
		return;
	case PO_MINUS:
		if (empty) {
			xp_brace_word(xp, p->u.param.arg, quoted);
			return;
		}
		break;
	case PO_PLUS:
		if (!empty)
			xp_brace_word(xp, p->u.param.arg, quoted);
		else if (quoted)
			xp->started = 1;   /* "${x+w}" with x unset: one empty word */
		return;
	case PO_ASSIGN:
		if (empty) {
			assign_default(p, &val);
			put_value(xp, val, strlen(val), quoted);
			return;
		}
		break;
	case PO_QUESTION:
		if (empty)
			param_error(p, set ? "parameter null" : "parameter null or not set");
		break;
	case PO_RSMALL: case PO_RLARGE: case PO_LSMALL: case PO_LLARGE: {
		if (!set)
			break;
		const char *pat = parts_to_string(p->u.param.arg, X_PATTERN);
		val = remove_pattern(multi ? val : val, op, pat);
		put_value(xp, val, strlen(val), quoted);
		return;
	}
	default:
		break;
	}
	if (multi) {
		put_params(xp, quoted, name[0] == '@');
		return;
	}
	if (val != NULL)
		put_value(xp, val, strlen(val), quoted);
	else if (quoted)
		xp->started = 1;
}

/* ---- command substitution and arithmetic ---- */

static void
xp_cmdsub(struct xp *xp, const struct node *cmd, int quoted)
{
	size_t n;
	char *out = eval_cmdsub(cmd, &n);
	while (n > 0 && out[n - 1] == '\n')
		n--;
	put_value(xp, out, n, quoted);
	if (quoted)
		xp->started = 1;
}

static void
xp_arith(struct xp *xp, const struct wpart *expr, int quoted)
{
	struct xp sub;
	xp_init(&sub, X_STRING);
	sub.started = 1;
	xp_parts(&sub, expr, 0);     /* no tilde expansion: ~ is an operator here */
	char *text = st_strndup(sub.buf ? sub.buf : "", sub.len);
	char *v = num(arith_eval(text));
	put_value(xp, v, strlen(v), quoted);
}

/* ---- the walk over a word's parts ---- */

static void
xp_lit(struct xp *xp, const struct wpart *p)
{
	const char *s = p->u.lit.s;
	size_t n = p->u.lit.n, i = 0;
	if (xp->word_start && n > 0 && s[0] == '~')
		i = tilde(xp, s, n, p->next == NULL, xp->assign);
	if (xp->assign) {
		/* In assignments a tilde after an unquoted ':' expands too. */
		for (size_t j = i; j < n; j++) {
			if (s[j] == '~' && j > 0 && s[j - 1] == ':') {
				put_n(xp, s + i, j - i, 0);
				size_t used = tilde(xp, s + j, n - j, p->next == NULL, 1);
				i = j + used;
				j = used ? i - 1 : j;
				if (!used) {
					put(xp, '~', 0);
					i = j + 1;
				}
			}
		}
	}
	if (xp->brace_unquoted && xp->split) {
		put_value(xp, s + i, n - i, 0);
		return;
	}
	if (n > i)
		grow(xp, n - i);
	for (; i < n; i++)
		put(xp, s[i], 0);
}

static void
xp_parts(struct xp *xp, const struct wpart *p, int quoted)
{
	sh_stack_check();
	for (; p != NULL; p = p->next) {
		switch (p->kind) {
		case WP_LIT:
			if (quoted)
				put_n(xp, p->u.lit.s, p->u.lit.n, 1);
			else
				xp_lit(xp, p);
			break;
		case WP_QLIT:
			put_n(xp, p->u.lit.s, p->u.lit.n, 1);
			xp->started = 1;
			break;
		case WP_DQ:
			if (p->u.dq == NULL)
				xp->started = 1;
			xp_parts(xp, p->u.dq, 1);
			break;
		case WP_PARAM:
			xp_param(xp, p, quoted);
			break;
		case WP_CMDSUB:
			xp_cmdsub(xp, p->u.cmd, quoted);
			break;
		case WP_ARITH:
			xp_arith(xp, p->u.dq, quoted);
			break;
		}
		xp->word_start = 0;
	}
}

/* The word of ${x-word} or ${x+word}, in the quoting of the expansion. */
static void
xp_brace_word(struct xp *xp, const struct wpart *arg, int quoted)
{
	int saved = xp->brace_unquoted;
	xp->brace_unquoted = !quoted;
	xp->word_start = 1;   /* the word undergoes tilde expansion itself */
	if (quoted)
		xp->started = 1;  /* "${x:-}" is one empty field */
	xp_parts(xp, arg, quoted);
	xp->brace_unquoted = saved;
}

/* ---- entry points ---- */

static int
finish_fields(struct xp *xp, char ***argv)
{
	push_field(xp, NULL);
	xp->nfields--;
	*argv = xp->fields;
	return xp->nfields;
}

int
expand_fields(const struct word *words, char ***argv)
{
	struct xp xp;
	xp_init(&xp, X_FIELDS);
	for (const struct word *w = words; w != NULL; w = w->next) {
		xp.state = S_START;
		xp.word_start = 1;
		xp_parts(&xp, w->parts, 0);
		end_field(&xp);
	}
	return finish_fields(&xp, argv);
}

static int
assignment_prefix(const struct word *w)
{
	const struct wpart *p = w->parts;
	if (p == NULL || p->kind != WP_LIT)
		return 0;
	size_t n = name_len(p->u.lit.s);
	return n > 0 && n < p->u.lit.n && p->u.lit.s[n] == '=';
}

int
expand_fields_decl(const struct word *words, char ***argv)
{
	struct xp xp;
	xp_init(&xp, X_FIELDS);
	for (const struct word *w = words; w != NULL; w = w->next) {
		if (assignment_prefix(w)) {
			size_t n;
			char *v = expand_assign_value(w, &n);
			char *f = st_alloc(n + strlen(v) + 2);
			memcpy(f, w->parts->u.lit.s, n + 1);
			strcpy(f + n + 1, v);
			push_field(&xp, f);
			continue;
		}
		xp.state = S_START;
		xp.word_start = 1;
		xp_parts(&xp, w->parts, 0);
		end_field(&xp);
	}
	return finish_fields(&xp, argv);
}

char *
expand_word(const struct word *w)
{
	struct xp xp;
	xp_init(&xp, X_STRING);
	xp.word_start = 1;
	xp_parts(&xp, w->parts, 0);
	return st_strndup(xp.buf ? xp.buf : "", xp.len);
}

char *
expand_pattern(const struct word *w)
{
	return parts_to_string(w->parts, X_PATTERN);
}

char *
expand_assign_value(const struct word *w, size_t *name_n)
{
	const struct wpart *first = w->parts;
	size_t n = name_len(first->u.lit.s);
	*name_n = n;
	/* The value: the rest of the first literal, then the other parts. */
	struct wpart rest = *first;
	rest.u.lit.s += n + 1;
	rest.u.lit.n -= n + 1;
	struct xp xp;
	xp_init(&xp, X_STRING);
	xp.assign = 1;
	xp.word_start = 1;
	xp_parts(&xp, &rest, 0);
	return st_strndup(xp.buf ? xp.buf : "", xp.len);
}

char *
expand_heredoc(const struct wpart *body, size_t *len)
{
	struct xp xp;
	xp_init(&xp, X_STRING);
	xp_parts(&xp, body, 0);
	*len = xp.len;
	return xp.buf ? xp.buf : "";
}

int
pattern_match(const char *pattern, const char *s)
{
	locale_ensure();
	return fnmatch(pattern, s, 0) == 0;
}
