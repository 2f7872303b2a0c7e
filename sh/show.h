/* show.h: a command tree written back as text (for jobs and fg). */
#ifndef SH_SHOW_H
#define SH_SHOW_H

#include "nodes.h"

/* The command as one line of shell text; a heap string. */
char *node_text(const struct node *n);

#endif
