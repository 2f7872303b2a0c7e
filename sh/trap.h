/* trap.h: signal dispositions, traps and their pending state. */
#ifndef SH_TRAP_H
#define SH_TRAP_H

#include <signal.h>

/* Set by handlers; the evaluator runs pending traps between commands. */
extern volatile sig_atomic_t trap_pending;

void trap_init(void);
/* In an asynchronous list without job control: SIGINT and SIGQUIT ignored. */
void trap_async_ignore(void);
/* Runs the actions of signals that arrived. */
void trap_run_pending(void);
/* Holds pending traps while a subshell runs in-process ($(...), vsub.c):
 * they belong to the parent, which runs them once the subshell is done.
 * Calls nest: on is +1, off -1. */
void trap_hold(int on);
/* The EXIT trap, once. */
void trap_run_exit(void);
/* The status `exit` without an operand uses: inside a trap, the one from
 * before the trap ran. */
int trap_exit_default(int status);
/* In a subshell: caught signals go back to default (ignored stay ignored),
 * and so do the ones an interactive shell takes for itself. */
void trap_subshell_reset(void);
/* Signals that a new program must get with default handling. */
void trap_default_set(sigset_t *set);
/* Before the shell changes sig's disposition by itself (job control):
 * remember whether it was ignored on entry. */
void trap_note_entry(int sig);
/* Is sig to stay ignored in new processes: trap '' SIG, or ignored on
 * entry to a non-interactive shell (where trap cannot change that)? */
int trap_ignored(int sig);
/* Is there a trap (EXIT or a signal's) with commands that may still run?
 * Then the shell must outlive its last command: no exec in its place. */
int trap_any_set(void);
/* Nonzero when a signal with a trap (or SIGINT when interactive) arrived. */
int trap_interrupted(void);
/* Interactive shells ignore SIGTERM and SIGQUIT and catch SIGINT. */
void trap_interactive(int on);

int trap_builtin(int argc, char **argv);

#endif
