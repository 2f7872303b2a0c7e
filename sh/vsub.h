/* vsub.h: command substitution without a fork, when the command allows it. */
#ifndef SH_VSUB_H
#define SH_VSUB_H

#include <stddef.h>

#include "nodes.h"

/*
 * Runs n as a subshell inside this process, capturing its standard output,
 * when every command it can reach is known to leave no trace outside the
 * shell's own undoable state (variables, parameters, options, redirections):
 * builtins that only print or test, functions built of such commands, and
 * external programs. Returns the output on the stack, or NULL when n must
 * run in a real subshell instead.
 */
char *vsub_run(const struct node *n, size_t *len);

#endif
