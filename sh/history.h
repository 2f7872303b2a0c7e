/* history.h: the interactive shell's command history: a list in memory,
 * numbered as fc numbers it, kept in HISTFILE across sessions. */
#ifndef SH_HISTORY_H
#define SH_HISTORY_H

#include <stddef.h>

/* The defaults: bash's size, and a file of our own. */
#define HIST_DEFAULT_SIZE 500
#define HIST_DEFAULT_FILE ".ipcsh_history"   /* under $HOME */

/*
 * Turns history on (an interactive shell): follows HISTSIZE from now on.
 * The file is read on the first shhist_load, at the first prompt, so that
 * ENV and profiles can set HISTFILE and HISTSIZE first.
 */
void shhist_enable(void);
int shhist_enabled(void);
void shhist_load(void);

/* Entries are numbered first..last (first > last when there is none). */
int shhist_first(void);
int shhist_last(void);
const char *shhist_get(int n);

/* Adds an entry (text without its final newline) to the list; it goes
 * to the file at the next shhist_save. */
void shhist_add(const char *text);
/* Drops the newest entry (fc: its own line is not kept). */
void shhist_remove_last(void);

/*
 * The command being read: the terminal's lines are noted as they come,
 * and shhist_commit makes them one entry once the parser has the whole
 * command (or gave up on it: a syntax error is kept too, to be fixed).
 * shhist_drop forgets them (Ctrl-C).
 */
void shhist_note(const char *line);
void shhist_commit(void);
void shhist_drop(void);
/* The number the command being read will have (PS1's !). */
int shhist_next_number(void);
/* The number of the command running now, or 0 when it is not in the list. */
int shhist_current(void);

/* Appends the entries added since the last save to HISTFILE, under its
 * lock; called before each prompt (so after each command) and at exit. */
void shhist_save(void);

/* The file format: one entry per line, backslash and newline escaped. */
void shhist_escape(const char *text, char **out, size_t *outlen);
/* Parses a whole file's bytes and calls add for each entry (unescaped,
 * NUL-terminated, in a scratch buffer). Returns the number of entries. */
size_t shhist_parse(const char *buf, size_t len, void (*add)(const char *text, size_t n, void *arg), void *arg);

#endif
