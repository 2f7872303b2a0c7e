/* input.h: where the parser reads from: files, strings, aliases, the terminal. */
#ifndef SH_INPUT_H
#define SH_INPUT_H

#include <stddef.h>

#define IN_EOF (-1)

struct alias;

/*
 * Inputs stack: a script or the terminal at the bottom, then strings pushed
 * by eval, command substitution, traps and aliases. Alias text ends by
 * itself and the reader continues with what was under it; other inputs end
 * with IN_EOF and are popped by whoever pushed them.
 */
void in_push_string(const char *s, size_t len, int track_lines);
/* The -c command string: input proper, like a script file (set -v). */
void in_push_command(const char *s, size_t len);
void in_push_alias(const char *s, struct alias *a);
/* Text the lexer read and gives back to be read again before what follows
 * it (its lines were counted already); it ends by itself, as alias text. */
void in_push_reread(const char *s, size_t len);
/* Reads the file descriptor fd (the shell's own copy). */
void in_push_fd(int fd);
/* Opens a script (close-on-exec); a directory fails with EISDIR, since
 * its reads fail and it would pass for an empty script. */
int in_open(const char *path);
void in_pop(void);

int in_getc(void);
void in_ungetc(int c);

/* Before running a command read from the shared standard input: give back
 * any bytes read ahead (lseek on seekable input). */
void in_sync(void);

/* A source of lines for the terminal (the line editor), set by main. */
extern char *(*in_readline)(const char *prompt);
/* The prompts to show when the terminal input needs a line: in_prompt for
 * the first line of a command, in_prompt_more for the lines after it. */
extern const char *in_prompt;
extern const char *in_prompt_more;
/* After an end of input that is to be ignored (ignoreeof): read again. */
void in_clear_eof(void);

/* The line number of the text being read. */
extern int in_lineno;
/* Is the alias a being read (not to be expanded again)? */
int in_alias_active(const struct alias *a);
/* Depth of the input stack (parsers save it to unwind on errors). */
int in_depth(void);
void in_unwind(int depth);

#endif
