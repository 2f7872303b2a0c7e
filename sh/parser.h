/* parser.h: from input text to command trees. */
#ifndef SH_PARSER_H
#define SH_PARSER_H

#include "nodes.h"

/*
 * Reads the next complete command (everything up to an unquoted newline,
 * here-document bodies included) from the current input. Returns its tree,
 * or NULL for an empty line (then *eof says whether the input ended).
 * A syntax error prints its message and raises EXC_ERROR.
 */
struct node *parse_command(int *eof);

/* Parses the text of `...` or of a string as a whole list (NULL when empty). */
struct node *parse_string_list(const char *s, size_t len, int lineno);

/* The shell's reserved words, for `type` and completion. */
int is_reserved_word(const char *s);

/* Set while parsing a here-document body so that its own lines are counted. */
extern int parse_noexec_check;

#endif
