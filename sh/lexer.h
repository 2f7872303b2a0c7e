/* lexer.h: tokens and words, shared by the lexer and the parser only. */
#ifndef SH_LEXER_H
#define SH_LEXER_H

#include "nodes.h"

enum token {
	T_EOF, T_NL, T_SEMI, T_AMP, T_PIPE, T_ANDIF, T_ORIF, T_DSEMI, T_SEMIAMP,
	T_LPAREN, T_RPAREN, T_REDIR, T_WORD,
	/* reserved words, recognised only where the grammar allows them */
	T_IF, T_THEN, T_ELSE, T_ELIF, T_FI, T_DO, T_DONE, T_CASE, T_ESAC,
	T_WHILE, T_UNTIL, T_FOR, T_IN, T_LBRACE, T_RBRACE, T_BANG,
};

/* The token just read: its word, or its redirection (op, fd; target unset). */
struct lexeme {
	enum token tok;
	struct word *word;
	struct redir *redir;
	int lineno;
};

/* Reads the next token. Newlines read pending here-document bodies first. */
void lex_next(struct lexeme *lx);
/* The reserved word a word spells (unquoted, alone), or T_WORD. */
enum token lex_reserved(const struct word *w);
/* A here-document whose body the next newline reads. */
void lex_heredoc_pending(struct redir *r);
/* Text of a token for messages. */
const char *lex_token_text(const struct lexeme *lx);
/* Nested string parses: pending here-documents opened inside are given the
 * rest of the string (nothing) before the string is left. */
size_t lex_heredoc_mark(void);
void lex_heredoc_settle(size_t mark);
/* Drops pending here-documents (after a syntax error). */
void lex_reset(void);
int lex_heredocs_pending(void);

/* Parses a command list up to `)` (for $( )); used by the lexer. */
struct node *parse_cmdsub(void);
/* Parses a string as a list (for backquotes and here-document bodies). */
struct wpart *lex_heredoc_body(const char *text, size_t len, int lineno);

_Noreturn void parse_syntax_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A syntax error when nesting has used up the stack (sh_stack_low). */
void parse_nest_check(void);
/* How many syntax errors were raised so far (a trap action that could
 * not even be parsed is told apart from one that failed running). */
unsigned long parse_error_count(void);

#endif
