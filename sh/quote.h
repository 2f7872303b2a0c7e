/* quote.h: words written back in a form the shell reads again (set, export -p, alias, trap). */
#ifndef SH_QUOTE_H
#define SH_QUOTE_H

#include "output.h"

/* Writes s quoted only if it needs to be: 'it'\''s' style, or $'...'
 * when it holds control characters other than newline. */
void out_quoted(struct output *o, const char *s);
/* The same on one line: newlines too make it $'...' (xtrace). */
void out_quoted_line(struct output *o, const char *s);

#endif
