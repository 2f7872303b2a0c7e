/* lineedit_libedit.c: the line editor through libedit (editline): its emacs
 * and vi modes and history search, with our completion, history, Ctrl-C and
 * terminal safety around it. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "le_common.h"

struct lineedit {
	EditLine *el;
	History *h;
	FILE *fin, *fout, *ferr;
	int in, out;
	struct le_tty tty;
	enum le_mode mode;
	int bound_mode;              /* the mode our keys are bound in (-1: none) */
	le_complete_fn *complete;
	const struct le_history *hist;
	int synced;                  /* the newest entry given to libedit */
	struct le_buf prompt;        /* the prompt's last line, escapes marked */
	int interrupted;
	char *last_tab;              /* the line at the last Tab that added nothing */
	wchar_t pushback;            /* a character to give libedit next */
};

/* libedit has no escape timeout: in vi mode a lone ESC would wait for
 * the rest of an arrow key's sequence and eat the next command. An ESC
 * with nothing after it for a moment is followed by this, bound to
 * vi-command-mode. */
#define LONE_ESC 035
#define LONE_ESC_BIND "\033^]"
#define ESC_WAIT_MS 50

/* Invisible parts of the prompt between \1 markers (EL_PROMPT_ESC). */
static void
set_prompt(lineedit *le, const char *tail)
{
	le->prompt.len = 0;
	le_buf_add(&le->prompt, "", 0);
	for (size_t n = strlen(tail), i = 0; i < n;) {
		size_t e = le_escape_len(tail + i, n - i);
		if (e > 0) {
			le_buf_add(&le->prompt, "\1", 1);
			le_buf_add(&le->prompt, tail + i, e);
			le_buf_add(&le->prompt, "\1", 1);
			i += e;
		} else {
			/* bash's \001 \002 marks are ours with one character */
			char c = tail[i] == '\002' ? '\001' : tail[i];
			le_buf_add(&le->prompt, &c, 1);
			i++;
		}
	}
}

static char *
prompt_fn(EditLine *el)
{
	lineedit *le;
	el_get(el, EL_CLIENTDATA, &le);
	return le->prompt.p;
}

/* Reads one character for libedit: waits with the window-change and
 * continue signals let in, and answers them (a new size, raw again). */
static int
getc_fn(EditLine *el, wchar_t *wc)
{
	lineedit *le;
	el_get(el, EL_CLIENTDATA, &le);
	char buf[MB_LEN_MAX];
	size_t n = 0;
	mbstate_t st;
	if (le->pushback) {
		*wc = le->pushback;
		le->pushback = 0;
		return 1;
	}
	for (;;) {
		int w = le_tty_wait(le->in, -1);
		if (le_take_cont()) {
			le_tty_reraw(&le->tty);
			el_set(el, EL_REFRESH);
		}
		if (le_take_winch()) {
			el_resize(el);
			el_set(el, EL_REFRESH);
		}
		if (w < 0)
			return -1;
		if (w == 0)
			continue;
		ssize_t r = read(le->in, buf + n, 1);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return (int)r;
		n++;
		memset(&st, 0, sizeof st);
		size_t k = mbrtowc(wc, buf, n, &st);
		if (k == (size_t)-2 && n < sizeof buf)
			continue;
		if (k == (size_t)-1 || k == (size_t)-2)
			*wc = (unsigned char)buf[0];   /* not in the locale: as a byte */
		if (*wc == 033 && le->mode == LE_VI && le_tty_wait(le->in, ESC_WAIT_MS) == 0)
			le->pushback = LONE_ESC;
		return 1;
	}
}

static unsigned char
intr_fn(EditLine *el, int ch)
{
	lineedit *le;
	(void)ch;
	el_get(el, EL_CLIENTDATA, &le);
	le->interrupted = 1;
	return CC_EOF;
}

static void
list(lineedit *le, const struct le_completion *c)
{
	struct le_buf b = { 0 };
	int cols = le_cols(le->out);
	le_buf_add(&b, "\r\n", 2);
	le_list(&b, c, cols);
	le_buf_flush(&b, le->out);
	le_buf_free(&b);
}

/* Characters (not bytes) in s[0, n): libedit deletes by characters. */
static int
chars(const char *s, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; k++) {
		int32_t cp;
		i += le_u8_len(s + i, n - i, &cp);
	}
	return k;
}

static int
same_as_last_tab(lineedit *le, const LineInfo *li)
{
	size_t n = (size_t)(li->lastchar - li->buffer);
	int same = le->last_tab && strlen(le->last_tab) == n &&
	    memcmp(le->last_tab, li->buffer, n) == 0;
	free(le->last_tab);
	le->last_tab = le_xrealloc(NULL, n + 1);
	memcpy(le->last_tab, li->buffer, n);
	le->last_tab[n] = '\0';
	return same;
}

/* Tab, as the built-in editor does it: the unique candidate or the common
 * part; a second Tab that adds nothing lists them. */
static unsigned char
complete_fn(EditLine *el, int ch)
{
	lineedit *le;
	struct le_completion c = { 0 };
	(void)ch;
	el_get(el, EL_CLIENTDATA, &le);
	const LineInfo *li = el_line(el);
	size_t cur = (size_t)(li->cursor - li->buffer);
	char *line = le_xrealloc(NULL, cur + 1);
	memcpy(line, li->buffer, cur);
	line[cur] = '\0';
	unsigned char r = CC_REFRESH_BEEP;
	if (le->complete && le->complete(line, cur, &c) > 0 && c.start <= cur) {
		size_t wl = cur - c.start;
		size_t lcp = c.n == 1 ? strlen(c.word[0]) : le_common_prefix(&c);
		int same_text = lcp == wl && memcmp(c.word[0], line + c.start, wl) == 0;
		if ((c.n == 1 || !same_text) && lcp > 0) {
			el_deletestr(el, chars(line + c.start, wl));
			char *ins = le_xrealloc(NULL, lcp + 1);
			memcpy(ins, c.word[0], lcp);
			ins[lcp] = '\0';
			el_insertstr(el, ins);
			free(ins);
			free(le->last_tab);
			le->last_tab = NULL;
			if (c.n > 1)          /* still ambiguous: the next Tab lists */
				same_as_last_tab(le, el_line(el));
			r = c.n > 1 ? CC_REFRESH_BEEP : CC_REFRESH;
		} else if (same_as_last_tab(le, el_line(el))) {
			list(le, &c);
			r = CC_REDISPLAY;
		}
	}
	le_completion_free(&c);
	free(line);
	return r;
}

/* Keys as the built-in editor has them, where libedit's differ. */
static void
bind_keys(lineedit *le)
{
	EditLine *el = le->el;
	el_set(el, EL_BIND, "^I", "ipcsh-complete", NULL);
	el_set(el, EL_BIND, "^C", "ipcsh-intr", NULL);
	if (le->mode == LE_VI) {
		el_set(el, EL_BIND, "-a", "^C", "ipcsh-intr", NULL);
		el_set(el, EL_BIND, LONE_ESC_BIND, "vi-command-mode", NULL);
		el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
		el_set(el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
		el_set(el, EL_BIND, "-a", "=", "ipcsh-complete", NULL);
	} else {
		el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
		el_set(el, EL_BIND, "^W", "ed-delete-prev-word", NULL);
		el_set(el, EL_BIND, "^U", "vi-kill-line-prev", NULL);
		el_set(el, EL_BIND, "\033[1;5C", "em-next-word", NULL);
		el_set(el, EL_BIND, "\033[1;5D", "ed-prev-word", NULL);
	}
	/* Home and End as terminals send them, whatever terminfo says. */
	static const char *const home[] = { "\033[1~", "\033[7~", "\033[H", "\033OH" };
	static const char *const end[] = { "\033[4~", "\033[8~", "\033[F", "\033OF" };
	for (size_t i = 0; i < sizeof home / sizeof home[0]; i++) {
		el_set(el, EL_BIND, home[i], "ed-move-to-beg", NULL);
		el_set(el, EL_BIND, end[i], "ed-move-to-end", NULL);
		el_set(el, EL_BIND, "-a", home[i], "ed-move-to-beg", NULL);
		el_set(el, EL_BIND, "-a", end[i], "ed-move-to-end", NULL);
	}
	el_set(el, EL_BIND, "\033[3~", "ed-delete-next-char", NULL);
	le->bound_mode = (int)le->mode;
}

lineedit *
le_open(int in_fd, int out_fd)
{
	if (!isatty(in_fd)) {
		errno = ENOTTY;
		return NULL;
	}
	lineedit *le = le_xrealloc(NULL, sizeof *le);
	memset(le, 0, sizeof *le);
	le->in = in_fd;
	le->out = out_fd;
	le->bound_mode = -1;
	/* libedit wants stdio streams: copies out of the user's way */
	int fi = fcntl(in_fd, F_DUPFD_CLOEXEC, 10), fo = fcntl(out_fd, F_DUPFD_CLOEXEC, 10);
	le->fin = fi >= 0 ? fdopen(fi, "r") : NULL;
	le->fout = fo >= 0 ? fdopen(fo, "w") : NULL;
	if (le->fin == NULL || le->fout == NULL)
		goto fail;
	le->el = el_init_fd("ipcsh", le->fin, le->fout, le->fout, in_fd, out_fd, out_fd);
	le->h = history_init();
	if (le->el == NULL || le->h == NULL)
		goto fail;
	HistEvent ev;
	history(le->h, &ev, H_SETSIZE, INT_MAX);
	el_set(le->el, EL_CLIENTDATA, le);
	el_set(le->el, EL_PROMPT_ESC, prompt_fn, '\1');
	el_set(le->el, EL_HIST, history, le->h);
	el_set(le->el, EL_GETCFN, getc_fn);
	el_set(le->el, EL_SIGNAL, 0);           /* le_common guards the terminal */
	el_set(le->el, EL_SETTY, "-d", "-isig", NULL);   /* Ctrl-C is a key here */
	el_set(le->el, EL_ADDFN, "ipcsh-complete", "complete the word", complete_fn);
	el_set(le->el, EL_ADDFN, "ipcsh-intr", "drop the line", intr_fn);
	return le;
fail:
	le_close(le);
	errno = ENOMEM;
	return NULL;
}

void
le_set_mode(lineedit *le, enum le_mode mode)
{
	le->mode = mode;
}

void
le_set_complete(lineedit *le, le_complete_fn *fn)
{
	le->complete = fn;
}

void
le_set_history(lineedit *le, const struct le_history *h)
{
	le->hist = h;
	le->synced = 0;
}

/* Gives libedit the entries added since the last read (all of them when
 * ours went back: HISTSIZE shrank or entries were removed). */
static void
sync_history(lineedit *le)
{
	HistEvent ev;
	if (le->hist == NULL)
		return;
	int first = le->hist->first(), last = le->hist->last();
	if (last < le->synced || le->synced == 0) {
		history(le->h, &ev, H_CLEAR);
		le->synced = first - 1;
	}
	history(le->h, &ev, H_SETSIZE, last >= first ? last - first + 1 : 1);
	for (int n = le->synced + 1 > first ? le->synced + 1 : first; n <= last; n++) {
		const char *t = le->hist->get(n);
		if (t != NULL)
			history(le->h, &ev, H_ENTER, t);
	}
	le->synced = last;
}

static void
prepare(lineedit *le, const char *prompt)
{
	if (le->bound_mode != (int)le->mode) {
		el_set(le->el, EL_EDITOR, le->mode == LE_VI ? "vi" : "emacs");
		bind_keys(le);
	}
	sync_history(le);
	const char *tail = le_prompt_tail(prompt);
	if (tail > prompt)
		(void)!write(le->out, prompt, (size_t)(tail - prompt));
	set_prompt(le, tail);
	el_resize(le->el);
	le->interrupted = 0;
}

int
le_read(lineedit *le, const char *prompt, char **line)
{
	int count = 0;
	*line = NULL;
	int e = le_tty_enter(&le->tty, le->in, 0);
	if (e < 0)
		return e;
	prepare(le, prompt);
	const char *s = el_gets(le->el, &count);
	int err = errno;
	if (s != NULL && count > 0) {
		*line = le_xrealloc(NULL, (size_t)count + 2);
		memcpy(*line, s, (size_t)count);
		if ((*line)[count - 1] != '\n')
			(*line)[count++] = '\n';
		(*line)[count] = '\0';
	}
	if (le->interrupted)
		(void)!write(le->out, "^C", 2);
	else if (*line == NULL && count == 0)
		(void)!write(le->out, "\r\n", 2);
	le_tty_leave(&le->tty);   /* puts back exactly what was there */
	if (le->interrupted) {
		free(*line);
		*line = NULL;
		return -EINTR;
	}
	if (*line != NULL)
		return 1;
	return count < 0 && err != 0 ? -err : 0;
}

void
le_close(lineedit *le)
{
	if (le == NULL)
		return;
	if (le->el)
		el_end(le->el);
	if (le->h)
		history_end(le->h);
	if (le->fin)
		fclose(le->fin);
	if (le->fout)
		fclose(le->fout);
	le_buf_free(&le->prompt);
	free(le->last_tab);
	free(le);
}
