/* edit.c: the interactive shell's terminal input: the line editor, the
 * history and completion, hooked into the input reader. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complete.h"
#include "edit.h"
#include "error.h"
#include "history.h"
#include "input.h"
#include "lctype.h"
#include "lineedit/lineedit.h"
#include "mem.h"
#include "options.h"
#include "prompt.h"
#include "trap.h"
#include "var.h"

static lineedit *le;
static int opened;
static const struct le_history shhist_ops = { shhist_first, shhist_last, shhist_get };

/* linenoise's rule: a terminal that cannot move the cursor gets the
 * prompt and a plain read. */
static int
dumb_terminal(void)
{
	const char *t = var_get("TERM");
	return t == NULL || *t == '\0' || strcmp(t, "dumb") == 0;
}

static void
open_editor(void)
{
	opened = 1;
	locale_ensure();      /* widths and libedit need LC_CTYPE */
	le = le_open(0, 2);
	if (le == NULL)
		return;
	le_set_history(le, &shhist_ops);
	le_set_complete(le, complete);
}

/* Prompt and read, a byte at a time up to the newline (the terminal's own
 * line discipline edits). 1, 0 at end of input, -EINTR, -errno. */
static int
plain_read(const char *prompt, char **line)
{
	struct sbuf b;
	size_t len = strlen(prompt);
	if (len && write(2, prompt, len) < 0 && errno != EINTR)
		return -errno;
	sb_init(&b);
	for (;;) {
		char c;
		ssize_t n = read(0, &c, 1);
		if (n < 0 && errno == EINTR && trap_interrupted() == SIGINT)
			return -EINTR;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (b.len == 0)
				return n < 0 ? -errno : 0;
			sb_putc(&b, '\n');
			break;
		}
		sb_putc(&b, c);
		if (c == '\n')
			break;
	}
	char *s = sb_done(&b);
	*line = xstrdup(s);
	return 1;
}

/* Ctrl-C: the command being typed is dropped; a trap on INT runs, as
 * for the signal, and the shell starts over at PS1 with $? 130. */
static _Noreturn void
interrupted(void)
{
	struct sigaction sa;
	shhist_drop();
	exit_status = 128 + SIGINT;
	if (sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler != SIG_DFL &&
	    sa.sa_handler != SIG_IGN)
		raise(SIGINT);
	trap_run_pending();
	sh_raise(EXC_INT);
}

static char *
edit_readline(const char *prompt)
{
	char *line = NULL;
	int r = -ENOTTY;
	shhist_load();
	shhist_save();              /* the commands run since the last prompt */
	if (!opened)
		open_editor();
	if (le != NULL && !dumb_terminal()) {
		le_set_mode(le, opt.vi ? LE_VI : LE_EMACS);
		r = le_read(le, prompt, &line);
	}
	if (r < 0 && r != -EINTR)  /* no editor, or the terminal refused raw mode */
		r = plain_read(prompt, &line);
	if (r == -EINTR)
		interrupted();
	if (r <= 0)
		return NULL;
	shhist_note(line);
	return line;
}

void
lineedit_attach(void)
{
	shhist_enable();
	prompt_history_number = shhist_next_number;
	in_readline = edit_readline;
}
