/* expand.h: word expansion in the order of XCU 2.6. */
#ifndef SH_EXPAND_H
#define SH_EXPAND_H

#include <stddef.h>

#include "nodes.h"

/*
 * Results live on the shell's stack (mem.h) until the next pop.
 * Errors (${x?}, arithmetic, set -u) raise EXC_ERROR through sh_error.
 */

/* Command words: every expansion, field splitting, pathname expansion and
 * quote removal. Returns argc; *argv is NULL-terminated. */
int expand_fields(const struct word *words, char ***argv);
/* Operands of declaration utilities (export x=$y): words that are
 * assignments expand like assignment values, the others like fields. */
int expand_fields_decl(const struct word *words, char ***argv);
/* One word with no splitting and no pathname expansion (redirection
 * targets, the case subject, for-words when noglob...). */
char *expand_word(const struct word *w);
/* An assignment word "name=value": the expanded value (tildes after = and :). */
char *expand_assign_value(const struct word *w, size_t *name_len);
/* A pattern (case, ${x#...}): quoted characters are escaped with '\'. */
char *expand_pattern(const struct word *w);
/* A here-document body. */
char *expand_heredoc(const struct wpart *body, size_t *len);
/* Pattern matching with shell rules (a '\' quotes the next character). */
int pattern_match(const char *pattern, const char *s);

/* Set by the evaluator: $$ and $!. */
extern long shell_pid;
extern long last_bg_pid;

#endif
