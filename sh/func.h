/* func.h: shell functions, kept on the heap beyond the command that defined them. */
#ifndef SH_FUNC_H
#define SH_FUNC_H

#include "nodes.h"

/* Defines (or redefines) name from an N_FUNC tree on the stack: copied. */
void func_define(const char *name, const struct node *fn);
/* The N_FUNC tree of name, or NULL. */
const struct node *func_find(const char *name);
int func_unset(const char *name);
/* Frees trees replaced while functions ran (call when none runs). */
void func_release_retired(void);
/* Calls fn(name, tree) for each function (sorted by name). */
void func_each(void (*fn)(const char *name, const struct node *tree));

#endif
