/* nodes.h: the parse tree: commands, words and their parts, redirections. */
#ifndef SH_NODES_H
#define SH_NODES_H

#include <stddef.h>

/* ---- words ---- */

enum wpart_kind {
	WP_LIT,      /* unquoted literal text */
	WP_QLIT,     /* quoted literal text: '...', \c, or text inside "..." */
	WP_DQ,       /* "...": its children are quoted */
	WP_PARAM,    /* $x ${x...} */
	WP_CMDSUB,   /* $(...) or `...` */
	WP_ARITH,    /* $((...)) */
};

/* ${x OP word}: the operators of XCU 2.6.2 */
enum param_op {
	PO_NONE, PO_MINUS, PO_ASSIGN, PO_QUESTION, PO_PLUS,
	PO_LEN,                      /* ${#x} */
	PO_RSMALL, PO_RLARGE,        /* % %% */
	PO_LSMALL, PO_LLARGE,        /* # ## */
};

struct node;

struct wpart {
	struct wpart *next;
	enum wpart_kind kind;
	union {
		struct {
			const char *s;
			size_t n;
		} lit;
		struct wpart *dq;       /* WP_DQ children; WP_ARITH expression */
		struct {
			const char *name;   /* a name, a digit string, or one of @*#?-$!0 */
			enum param_op op;
			int colon;          /* the ':' form: unset or null */
			struct wpart *arg;
		} param;
		struct node *cmd;       /* WP_CMDSUB */
	} u;
};

struct word {
	struct word *next;
	struct wpart *parts;
	const char *raw;     /* the word as written (for messages, delimiters, aliases) */
};

/* ---- redirections ---- */

enum redir_op {
	R_IN, R_OUT, R_APPEND, R_CLOBBER, R_RDWR, R_DUPIN, R_DUPOUT,
	R_HEREDOC,           /* << and <<- (the tabs are stripped when read) */
};

struct heredoc;

struct redir {
	struct redir *next;
	enum redir_op op;
	int fd;
	struct word *target;      /* file, fd number or "-"; the delimiter for heredocs */
	struct wpart *body;       /* here-document text; quoted parts when the delimiter was */
	int strip_tabs;
	int quoted;               /* the delimiter was quoted: no expansion */
	int explicit_fd;          /* the fd was written (2>&x), not the default */
};

/* ---- commands ---- */

enum node_kind {
	N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT,
	N_SUBSHELL, N_GROUP, N_IF, N_WHILE, N_UNTIL, N_FOR, N_CASE, N_FUNC,
};

struct case_item {
	struct case_item *next;
	struct word *patterns;
	struct node *body;
	int fallthrough;          /* ;& */
};

struct node {
	enum node_kind kind;
	int lineno;
	struct redir *redirs;     /* compound commands and N_CMD */
	union {
		struct {
			struct word *assigns;
			struct word *args;
		} cmd;
		struct {
			struct node **cmds;
			int n;
		} pipe;
		struct {
			struct node *left, *right;
		} bin;                  /* N_AND N_OR N_SEQ; N_BG N_NOT SUBSHELL GROUP use left */
		struct {
			struct node *cond, *then, *els;
		} ifs;
		struct {
			struct node *cond, *body;
		} loop;
		struct {
			const char *var;
			struct word *words;
			int has_in;         /* for x in ...; without it, "$@" */
			struct node *body;
		} forl;
		struct {
			struct word *subject;
			struct case_item *items;
		} cas;
		struct {
			const char *name;
			struct node *body;
		} func;
	} u;
};

#endif
