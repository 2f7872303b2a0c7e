/* complete.h: completion for the line editor: commands, files, variables
 * and IPC object names. */
#ifndef SH_COMPLETE_H
#define SH_COMPLETE_H

#include <stddef.h>

#include "lineedit/lineedit.h"

/* The le_complete_fn the editor calls on Tab (see lineedit.h). */
size_t complete(const char *line, size_t cursor, struct le_completion *c);

/* complete_ipc.c: an IPC utility's verbs (NULL when util is none), and
 * the names of its objects. */
const char *const *complete_ipc_verbs(const char *util);
void complete_ipc_names(const char *util, void (*add)(const char *name, void *arg), void *arg);

#endif
