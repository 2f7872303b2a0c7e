/* eval.h: running command trees. */
#ifndef SH_EVAL_H
#define SH_EVAL_H

#include <stddef.h>

#include "nodes.h"

enum {
	EV_TESTED = 0x01,   /* the status is tested (if, while, &&, ||, !): no errexit */
	EV_EXIT = 0x02,     /* the shell exits after this: exec the last command directly */
	EV_BG = 0x04,       /* run in the background */
};

/* Runs a tree; the status is in exit_status (and returned). */
int eval_node(const struct node *n, int flags);
/* Parses and runs the current input to its end (scripts, eval, dot, -c). */
int eval_input(int toplevel);
/* Runs a string as commands (eval, traps, -c). */
int eval_string(const char *s);
/* Runs the command and returns its standard output (on the stack). */
char *eval_cmdsub(const struct node *n, size_t *len);

/* Loop and function control: break, continue, return. */
enum { SKIP_NONE, SKIP_BREAK, SKIP_CONT, SKIP_RETURN };
extern int evalskip, skipcount, loopnest, funcnest, dotnest;
/* Of loopnest, the loops around the current subshell: they do not enclose
 * its break and continue (XCU 2.15 break), it has loops of its own. */
extern int loopbase;
/* Tested contexts entered (errexit is off inside them); whoever catches an
 * error restores the value it saw. */
extern int errexit_off;
extern int func_scope;

/* In a forked child: never return to the parent's loops. */
extern int in_subshell;

/* Becomes the body of a forked child: sets up a handler that exits. */
void child_setup(void);
/* Exits the shell now: runs the EXIT trap, flushes output. */
_Noreturn void shell_exit(int status);

#endif
