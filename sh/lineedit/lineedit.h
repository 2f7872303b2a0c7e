/* lineedit.h: the line editor: one small interface, one backend per file
 * (lineedit_libedit.c, lineedit_builtin.c), picked by configure. */
#ifndef SH_LINEEDIT_H
#define SH_LINEEDIT_H

#include <stddef.h>

typedef struct lineedit lineedit;

enum le_mode { LE_EMACS, LE_VI };

/*
 * Completion. Given the line and the cursor (a byte offset), the callback
 * fills c: the word being completed is line[start, cursor), each candidate
 * word[i] replaces it (quoted as it must be typed, ending in ' ' when the
 * word is complete, in '/' for a directory), shown[i] is what a listing
 * prints. Both arrays and their strings are malloc'd and freed by
 * le_completion_free. Returns the number of candidates (0: none).
 */
struct le_completion {
	size_t start;
	size_t n;
	char **word;
	char **shown;
};
typedef size_t le_complete_fn(const char *line, size_t cursor, struct le_completion *c);
void le_completion_free(struct le_completion *c);

/*
 * History to browse (Up/Down, j/k) and search (Ctrl-R, /): entries
 * numbered first..last, oldest first; get returns NULL for a number not
 * kept. The editor only reads it; the shell adds the lines it runs.
 */
struct le_history {
	int (*first)(void);
	int (*last)(void);
	const char *(*get)(int n);
};

/*
 * Opens an editor on the terminal in_fd (read) and out_fd (prompt and
 * echo). NULL with errno ENOTTY when in_fd is not a terminal: the caller
 * then reads plainly. Nothing is changed on the terminal until le_read.
 */
lineedit *le_open(int in_fd, int out_fd);

/*
 * Shows prompt and reads one line. Returns 1 with *line a malloc'd string
 * ending in '\n'; 0 at end of input (Ctrl-D on an empty line); -EINTR when
 * the user interrupted (Ctrl-C: the line is dropped); another -errno when
 * the terminal failed. The terminal is in raw mode only inside this call:
 * its settings are saved on entry and restored on every way out, signals
 * that end the process included.
 */
int le_read(lineedit *le, const char *prompt, char **line);

void le_set_mode(lineedit *le, enum le_mode mode);
void le_set_complete(lineedit *le, le_complete_fn *fn);
void le_set_history(lineedit *le, const struct le_history *h);

/*
 * Notes that the window size changed (async-signal-safe). le_read catches
 * SIGWINCH itself while it reads; a shell whose own handler takes the
 * signal calls this from it.
 */
void le_winch(void);

void le_close(lineedit *le);

#endif
