/* error.h: errors and non-local exits: one handler stack, like dash's. */
#ifndef SH_ERROR_H
#define SH_ERROR_H

#include <setjmp.h>

/*
 * An error unwinds with longjmp to the innermost handler. Whoever sets a
 * handler restores what it changed (redirections, local variables) and
 * re-raises or recovers. The exception kinds:
 */
enum {
	EXC_ERROR = 1,   /* a shell error: non-interactive shells exit */
	EXC_EXIT,        /* the exit builtin, or errexit */
	EXC_INT,         /* SIGINT in an interactive shell */
};

struct jmploc {
	jmp_buf loc;
};

extern struct jmploc *handler;
extern int exception;     /* the kind being raised */
extern int exit_status;   /* $?: the status of the last command */

_Noreturn void sh_raise(int kind);
/* Prints "ipcsh: [FILE: ]line N: MSG" and raises EXC_ERROR with status 2. */
_Noreturn void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same message, without raising. */
void sh_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Exits the shell (through the handlers, so EXIT traps run) with status. */
_Noreturn void sh_exit(int status);

/*
 * Deep nesting (a parse, a recursion, an expansion) ends in an error, not
 * a stack overflow: the recursive steps call sh_stack_check(), which
 * raises one once most of the stack limit is used (the parser checks
 * sh_stack_low() to raise a syntax error instead). main() calls
 * sh_stack_init() first.
 */
void sh_stack_init(void);
int sh_stack_low(void);
void sh_stack_check(void);

/* The context that error messages name: set by the evaluator and parser. */
extern const char *err_file;   /* script name, or NULL for -c and interactive */
extern int err_lineno;         /* the line being run or parsed */
extern int err_show_line;      /* 0 when interactive */

#endif
