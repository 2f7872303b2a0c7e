/* parser.c: the grammar of XCU 2.10, by recursive descent over lexer tokens. */
#include <config.h>

#include <string.h>

#include "alias.h"
#include "error.h"
#include "input.h"
#include "lexer.h"
#include "mem.h"
#include "parser.h"
#include "var.h"

/* One token of lookahead; saved and restored around nested parses. */
struct pstate {
	struct lexeme cur;
	int have;
	/* An alias whose value ended in a blank: the first word read after its
	 * text is used up is checked for aliases too. */
	struct alias *alias_next;
};
static struct pstate ps;

static struct node *parse_list(int nl_ends);
static struct node *parse_command_node(void);

static struct lexeme *
peek(void)
{
	if (!ps.have) {
		lex_next(&ps.cur);
		ps.have = 1;
	}
	return &ps.cur;
}

static void
consume(void)
{
	ps.have = 0;
}

static int
alias_candidate(const struct word *w)
{
	const struct wpart *p = w->parts;
	return p && !p->next && p->kind == WP_LIT && p->u.lit.n > 0;
}

/* Replaces the current word by its alias text, if it has one in effect. */
static int
expand_alias(void)
{
	struct lexeme *lx = peek();
	if (lx->tok != T_WORD || !alias_candidate(lx->word))
		return 0;
	struct alias *a = alias_find(lx->word->raw);
	if (a == NULL || in_alias_active(a))
		return 0;
	size_t n = strlen(a->value);
	if (ps.alias_next != NULL && !in_alias_active(ps.alias_next))
		ps.alias_next = NULL;   /* this was the word after it */
	if (n > 0 && (a->value[n - 1] == ' ' || a->value[n - 1] == '\t'))
		ps.alias_next = a;
	in_push_alias(a->value, a);
	consume();
	return 1;
}

/* After an alias whose value ends in a blank, the next word is checked for
 * an alias wherever it stands: an argument, for's name, its "in" and its
 * words (XCU 2.3.1; dash, mksh and yash agree). */
static void
expand_after_blank_alias(void)
{
	if (ps.alias_next == NULL || peek()->tok != T_WORD ||
	    in_alias_active(ps.alias_next))
		return;
	ps.alias_next = NULL;
	while (peek()->tok == T_WORD && expand_alias())
		;
}

/* The token in command position: aliases expanded, reserved words recognised. */
static enum token
peek_cmd(void)
{
	for (;;) {
		struct lexeme *lx = peek();
		if (lx->tok != T_WORD)
			return lx->tok;
		enum token kw = lex_reserved(lx->word);
		if (kw != T_WORD)
			return kw;
		if (!expand_alias())
			return T_WORD;
	}
}

/* Where a linebreak may come before a command: newlines are skipped,
 * including those an alias brings (alias nothing='' at a line's end
 * after a |, alias a='<newline>(' ). */
static enum token
peek_cmd_nl(void)
{
	enum token t;
	while ((t = peek_cmd()) == T_NL)
		consume();
	return t;
}

/* A reserved word where one is allowed but a command is not (in, do, esac). */
static enum token
peek_kw(void)
{
	struct lexeme *lx = peek();
	return lx->tok == T_WORD ? lex_reserved(lx->word) : lx->tok;
}

static _Noreturn void
unexpected(void)
{
	struct lexeme *lx = peek();
	ps.have = 0;
	parse_syntax_error("unexpected '%s'", lex_token_text(lx));
}

static void
expect_kw(enum token t)
{
	if (peek_cmd() != t)
		unexpected();
	consume();
}

static void
skip_newlines(void)
{
	while (peek()->tok == T_NL)
		consume();
}

static struct node *
new_node(enum node_kind kind, int lineno)
{
	struct node *n = st_alloc(sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->lineno = lineno;
	return n;
}

static struct node *
binary(enum node_kind kind, struct node *l, struct node *r)
{
	struct node *n = new_node(kind, l->lineno);
	n->u.bin.left = l;
	n->u.bin.right = r;
	return n;
}

/* ---- redirections ---- */

static struct redir *
parse_redir(void)
{
	struct redir *r = peek()->redir;
	consume();
	struct lexeme *lx = peek();
	if (lx->tok != T_WORD)
		unexpected();
	r->target = lx->word;
	consume();
	if (r->op == R_HEREDOC)
		lex_heredoc_pending(r);
	return r;
}

static struct redir *
parse_trailing_redirs(void)
{
	struct redir *head = NULL, **tail = &head;
	while (peek()->tok == T_REDIR) {
		*tail = parse_redir();
		tail = &(*tail)->next;
	}
	return head;
}

/* ---- simple commands and function definitions ---- */

static int
is_assignment(const struct word *w)
{
	const struct wpart *p = w->parts;
	if (p == NULL || p->kind != WP_LIT)
		return 0;
	size_t n = name_len(p->u.lit.s);
	return n > 0 && n < p->u.lit.n && p->u.lit.s[n] == '=';
}

static int
is_compound_start(enum token t)
{
	return t == T_LBRACE || t == T_LPAREN || t == T_IF || t == T_WHILE ||
	    t == T_UNTIL || t == T_FOR || t == T_CASE;
}

static struct node *
parse_function(struct word *name, int lineno)
{
	consume();   /* ( */
	if (peek()->tok != T_RPAREN)
		unexpected();
	consume();
	peek_cmd_nl();
	/* The body is a compound command in POSIX; dash also takes a simple
	 * command (f() echo hi), and so do we. */
	struct node *n = new_node(N_FUNC, lineno);
	n->u.func.name = name->raw;
	n->u.func.body = parse_command_node();
	return n;
}

static struct node *
parse_simple(void)
{
	struct node *n = new_node(N_CMD, peek()->lineno);
	struct word **atail = &n->u.cmd.assigns, **wtail = &n->u.cmd.args;
	struct redir **rtail = &n->redirs;
	for (;;) {
		struct lexeme *lx;
		if (n->u.cmd.args == NULL) {
			while (peek()->tok == T_WORD && !is_assignment(peek()->word) &&
			    expand_alias())
				;
			/* A blank at the end of an alias read before this command
			 * word (alias c='echo c; ') was for this word: done. */
			if (ps.alias_next != NULL && !in_alias_active(ps.alias_next))
				ps.alias_next = NULL;
		} else {
			expand_after_blank_alias();
		}
		lx = peek();
		if (lx->tok == T_REDIR) {
			*rtail = parse_redir();
			rtail = &(*rtail)->next;
		} else if (lx->tok == T_WORD) {
			struct word *w = lx->word;
			consume();
			if (n->u.cmd.args == NULL && is_assignment(w)) {
				*atail = w;
				atail = &w->next;
				continue;
			}
			if (n->u.cmd.args == NULL && n->u.cmd.assigns == NULL &&
			    n->redirs == NULL && peek()->tok == T_LPAREN) {
				if (!alias_candidate(w) || (w->raw[0] >= '0' && w->raw[0] <= '9'))
					parse_syntax_error("bad function name '%s'", w->raw);
				return parse_function(w, n->lineno);
			}
			*wtail = w;
			wtail = &w->next;
		} else {
			break;
		}
	}
	if (!n->u.cmd.args && !n->u.cmd.assigns && !n->redirs)
		unexpected();
	return n;
}

/* ---- compound commands ---- */

static struct node *
required_list(void)
{
	struct node *n = parse_list(0);
	if (n == NULL)
		unexpected();
	return n;
}

static struct node *
parse_if(int lineno)
{
	struct node *n = new_node(N_IF, lineno);
	n->u.ifs.cond = required_list();
	expect_kw(T_THEN);
	n->u.ifs.then = required_list();
	enum token t = peek_cmd();
	if (t == T_ELIF) {
		int l = peek()->lineno;
		consume();
		n->u.ifs.els = parse_if(l);
		return n;
	}
	if (t == T_ELSE) {
		consume();
		n->u.ifs.els = required_list();
	}
	expect_kw(T_FI);
	return n;
}

static struct node *
parse_loop(enum node_kind kind, int lineno)
{
	struct node *n = new_node(kind, lineno);
	n->u.loop.cond = required_list();
	expect_kw(T_DO);
	n->u.loop.body = required_list();
	expect_kw(T_DONE);
	return n;
}

static struct node *
parse_for(int lineno)
{
	struct node *n = new_node(N_FOR, lineno);
	expand_after_blank_alias();
	struct lexeme *lx = peek();
	if (lx->tok != T_WORD || !is_name(lx->word->raw))
		parse_syntax_error("bad for loop variable '%s'", lex_token_text(lx));
	n->u.forl.var = lx->word->raw;
	consume();
	struct word **tail = &n->u.forl.words;
	skip_newlines();
	expand_after_blank_alias();
	enum token t = peek_kw();
	if (t == T_IN) {
		consume();
		n->u.forl.has_in = 1;
		for (;;) {
			expand_after_blank_alias();
			if ((lx = peek())->tok != T_WORD)
				break;
			*tail = lx->word;
			tail = &lx->word->next;
			consume();
		}
		if (lx->tok != T_SEMI && lx->tok != T_NL)
			unexpected();
		consume();
		skip_newlines();
	} else if (t == T_SEMI) {
		consume();
		skip_newlines();
	}
	expect_kw(T_DO);
	n->u.forl.body = required_list();
	expect_kw(T_DONE);
	return n;
}

static struct case_item *
parse_case_item(void)
{
	struct case_item *it = st_alloc(sizeof *it);
	memset(it, 0, sizeof *it);
	if (peek()->tok == T_LPAREN)
		consume();
	struct word **tail = &it->patterns;
	for (;;) {
		struct lexeme *lx = peek();
		if (lx->tok != T_WORD)
			unexpected();
		*tail = lx->word;
		tail = &lx->word->next;
		consume();
		if (peek()->tok != T_PIPE)
			break;
		consume();
	}
	if (peek()->tok != T_RPAREN)
		unexpected();
	consume();
	it->body = parse_list(0);
	enum token t = peek_cmd();
	if (t == T_DSEMI || t == T_SEMIAMP) {
		it->fallthrough = t == T_SEMIAMP;
		consume();
		skip_newlines();
	} else if (t != T_ESAC) {
		unexpected();
	}
	return it;
}

static struct node *
parse_case(int lineno)
{
	struct node *n = new_node(N_CASE, lineno);
	struct lexeme *lx = peek();
	if (lx->tok != T_WORD)
		unexpected();
	n->u.cas.subject = lx->word;
	consume();
	skip_newlines();
	if (peek_kw() != T_IN)
		unexpected();
	consume();
	skip_newlines();
	struct case_item **tail = &n->u.cas.items;
	while (peek_kw() != T_ESAC) {
		*tail = parse_case_item();
		tail = &(*tail)->next;
	}
	consume();
	return n;
}

static struct node *
parse_compound(enum token t, int lineno)
{
	struct node *n;
	consume();
	switch (t) {
	case T_LPAREN:
		n = new_node(N_SUBSHELL, lineno);
		n->u.bin.left = required_list();
		if (peek()->tok != T_RPAREN)
			unexpected();
		consume();
		return n;
	case T_LBRACE:
		n = new_node(N_GROUP, lineno);
		n->u.bin.left = required_list();
		expect_kw(T_RBRACE);
		return n;
	case T_IF:
		return parse_if(lineno);
	case T_WHILE:
		return parse_loop(N_WHILE, lineno);
	case T_UNTIL:
		return parse_loop(N_UNTIL, lineno);
	case T_FOR:
		return parse_for(lineno);
	default:
		return parse_case(lineno);
	}
}

static struct node *
parse_command_node(void)
{
	parse_nest_check();   /* compound commands nest through here */
	enum token t = peek_cmd();
	int lineno = peek()->lineno;
	if (is_compound_start(t)) {
		struct node *n = parse_compound(t, lineno);
		n->redirs = parse_trailing_redirs();
		return n;
	}
	if (t == T_WORD || t == T_REDIR)
		return parse_simple();
	unexpected();
}

/* ---- pipelines and lists ---- */

static struct node *
parse_pipeline(void)
{
	int bang = 0, lineno = peek()->lineno;
	while (peek_cmd() == T_BANG) {
		consume();
		bang = !bang;
	}
	struct node *first = parse_command_node();
	struct node *n = first;
	if (peek()->tok == T_PIPE) {
		int cap = 4, cnt = 1;
		struct node **cmds = st_alloc((size_t)cap * sizeof *cmds);
		cmds[0] = first;
		while (peek()->tok == T_PIPE) {
			consume();
			peek_cmd_nl();
			if (cnt == cap) {
				struct node **more = st_alloc((size_t)cap * 2 * sizeof *more);
				memcpy(more, cmds, (size_t)cap * sizeof *more);
				cmds = more;
				cap *= 2;
			}
			cmds[cnt++] = parse_command_node();
		}
		n = new_node(N_PIPE, lineno);
		n->u.pipe.cmds = cmds;
		n->u.pipe.n = cnt;
	}
	if (bang) {
		struct node *b = new_node(N_NOT, lineno);
		b->u.bin.left = n;
		n = b;
	}
	return n;
}

static struct node *
parse_and_or(void)
{
	struct node *n = parse_pipeline();
	for (;;) {
		enum token t = peek()->tok;
		if (t != T_ANDIF && t != T_ORIF)
			return n;
		consume();
		peek_cmd_nl();
		n = binary(t == T_ANDIF ? N_AND : N_OR, n, parse_pipeline());
	}
}

static int
ends_list(enum token t)
{
	switch (t) {
	case T_EOF: case T_RPAREN: case T_DSEMI: case T_SEMIAMP:
	case T_THEN: case T_ELSE: case T_ELIF: case T_FI: case T_DO:
	case T_DONE: case T_ESAC: case T_RBRACE:
		return 1;
	default:
		return 0;
	}
}

/* Puts n at the end of a list kept leaning right, a; (b; c), so that
 * eval_node runs a long list in a loop rather than a recursion as deep
 * as the list is long. link is where the last command hangs; returns
 * where the next one goes. */
static struct node **
append(struct node **link, struct node *n)
{
	if (*link == NULL) {
		*link = n;
		return link;
	}
	struct node *seq = binary(N_SEQ, *link, n);
	*link = seq;
	return &seq->u.bin.right;
}

/* A list: and-ors separated by ; & or (unless nl_ends) newlines. */
static struct node *
parse_list(int nl_ends)
{
	struct node *list = NULL, **link = &list;
	for (;;) {
		enum token t = nl_ends ? peek_cmd() : peek_cmd_nl();
		if (ends_list(t) || (nl_ends && t == T_NL))
			return list;
		struct node *n = parse_and_or();
		t = peek()->tok;
		if (t == T_AMP) {
			consume();
			struct node *bg = new_node(N_BG, n->lineno);
			bg->u.bin.left = n;
			n = bg;
		} else if (t == T_SEMI) {
			consume();
		} else if (t == T_NL && !nl_ends) {
			consume();
			skip_newlines();
		} else {
			append(link, n);
			return list;
		}
		link = append(link, n);
	}
}

/* ---- entry points ---- */

struct node *
parse_command(int *eof)
{
	*eof = 0;
	ps.have = 0;
	ps.alias_next = NULL;
	enum token t = peek_cmd();
	if (t == T_EOF) {
		consume();
		*eof = 1;
		return NULL;
	}
	if (t == T_NL) {
		consume();
		return NULL;
	}
	struct node *n = parse_list(1);
	t = peek()->tok;
	if (t == T_NL || t == T_EOF)
		consume();
	else
		unexpected();
	if (t == T_EOF && lex_heredocs_pending())
		lex_reset();
	if (n == NULL)
		unexpected();
	return n;
}

struct node *
parse_cmdsub(void)
{
	struct pstate saved = ps;
	ps.have = 0;
	ps.alias_next = NULL;
	struct node *n = parse_list(0);
	if (peek()->tok != T_RPAREN)
		unexpected();
	ps = saved;
	return n;
}

struct node *
parse_string_list(const char *s, size_t len, int lineno)
{
	struct pstate saved = ps;
	int saved_line = in_lineno;
	size_t mark = lex_heredoc_mark();
	in_push_string(s, len, 1);
	in_lineno = lineno;
	ps.have = 0;
	ps.alias_next = NULL;
	struct node *n = parse_list(0);
	if (peek()->tok != T_EOF)
		unexpected();
	lex_heredoc_settle(mark);
	in_pop();
	in_lineno = saved_line;
	ps = saved;
	return n;
}
