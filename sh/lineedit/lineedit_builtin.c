/* lineedit_builtin.c: the built-in line editor (when libedit is absent):
 * raw termios, emacs and vi keys, history, completion; this file opens it,
 * reads keys and runs one read. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bi.h"

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
	le->mode = LE_EMACS;
	return le;
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
}

void
le_close(lineedit *le)
{
	if (le == NULL)
		return;
	bi_undo_clear(le);
	le_completion_free(&le->pending_list);
	free(le->s);
	free(le->yank);
	free(le->hsaved);
	free(le->sorig);
	le_buf_free(&le->ob);
	free(le);
}

void
bi_bell(struct lineedit *le)
{
	le_buf_add(&le->ob, "\a", 1);
}

/* ---- keys ---- */

int
bi_input_pending(const struct lineedit *le)
{
	return le->ib_off < le->ib_len;
}

/* More input: 1, 0 when a signal or the timeout came first, K_EOF, K_ERR. */
static int
fill(struct lineedit *le, int timeout_ms)
{
	if (bi_input_pending(le))
		return 1;
	int w = le_tty_wait(le->in, timeout_ms);
	if (w <= 0) {
		le->err = w;
		return w < 0 ? K_ERR : 0;
	}
	ssize_t n = read(le->in, le->ib, sizeof le->ib);
	if (n < 0) {
		le->err = -errno;
		return errno == EINTR || errno == EAGAIN ? 0 : K_ERR;
	}
	if (n == 0)
		return K_EOF;
	le->ib_off = 0;
	le->ib_len = (size_t)n;
	return 1;
}

/* The next byte if one comes within a moment (the rest of a sequence). */
static int
peek_soon(struct lineedit *le)
{
	if (fill(le, 50) != 1)
		return -1;
	return le->ib[le->ib_off];
}

static int
csi_key(char final, int param, int mod)
{
	int ctl = mod >= 3;   /* Alt (3) or Ctrl (5): by words */
	switch (final) {
	case 'A': return K_UP;
	case 'B': return K_DOWN;
	case 'C': return ctl ? K_WRIGHT : K_RIGHT;
	case 'D': return ctl ? K_WLEFT : K_LEFT;
	case 'H': return K_HOME;
	case 'F': return K_END;
	case '~':
		switch (param) {
		case 1: case 7: return K_HOME;
		case 4: case 8: return K_END;
		case 2: return K_INS;
		case 3: return K_DEL;
		case 5: return K_PGUP;
		case 6: return K_PGDN;
		}
	}
	return K_NONE;
}

/* After ESC [ or ESC O: numbers separated by ';', then a final byte. */
static int
sequence(struct lineedit *le)
{
	int param = 0, mod = 0, *cur = &param;
	for (int i = 0; i < 16; i++) {
		int c = peek_soon(le);
		if (c < 0)
			return K_NONE;
		le->ib_off++;
		if (c >= '0' && c <= '9')
			*cur = *cur * 10 + (c - '0');
		else if (c == ';')
			cur = &mod;
		else if (c >= 0x40 && c <= 0x7e)
			return csi_key((char)c, param, mod);
	}
	return K_NONE;
}

static int
escape(struct lineedit *le)
{
	int c = peek_soon(le);
	if (c < 0)
		return K_ESC;
	if (c == '[' || c == 'O') {
		le->ib_off++;
		return sequence(le);
	}
	/* In vi, ESC then a key is two commands; in emacs it is Alt-key. */
	if (le->mode == LE_VI || c == 033)
		return K_ESC;
	le->ib_off++;
	return K_META | c;
}

/* A UTF-8 character whose lead byte is c: its bytes into le->key. */
static int
text(struct lineedit *le, int c)
{
	size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	le->key[0] = (char)c;
	le->key_len = 1;
	while (le->key_len < want) {
		int d = peek_soon(le);
		if (d < 0 || (d & 0xc0) != 0x80)
			break;
		le->key[le->key_len++] = (char)d;
		le->ib_off++;
	}
	return K_TEXT;
}

int
bi_getkey(struct lineedit *le)
{
	int r = fill(le, -1);
	if (r != 1)
		return r == 0 ? K_NONE : r;
	int c = le->ib[le->ib_off++];
	if (c == 033)
		return escape(le);
	if (c < 0x20 || c == 0x7f)
		return c;
	return text(le, c);
}

/* ---- one read ---- */

static void
reset_line(struct lineedit *le, const char *prompt)
{
	le->len = le->pos = 0;
	if (le->s == NULL) {
		le->cap = 256;
		le->s = le_xrealloc(NULL, le->cap);
	}
	le->s[0] = '\0';
	le->prompt = le_prompt_tail(prompt);
	le->crow = 0;
	le->status = BI_EDITING;
	le->err = 0;
	le->hnum = le->hist ? le->hist->last() + 1 : 1;
	le->searching = le->asking = le->tabs = 0;
	le->vi_insert = 1;
	le->vi_count = le->vi_op = le->vi_pending = 0;
	le->last_key = le->last_undo_key = 0;
	bi_undo_clear(le);
	le->cols = le_cols(le->out);
	/* The lines of a prompt before its last are written once. */
	le_buf_add(&le->ob, prompt, (size_t)(le->prompt - prompt));
}

static void
dispatch(struct lineedit *le, int key)
{
	if (le->asking) {
		bi_answer(le, key);
		return;
	}
	if (le->searching && bi_search_key(le, key))
		return;
	if (le->mode == LE_VI)
		bi_vi_key(le, key);
	else
		bi_emacs_key(le, key);
	if (key != '\t')
		le->tabs = 0;
	le->last_key = key;
}

/* Signals that came while waiting: a new size, or back from a stop. */
static void
signalled(struct lineedit *le)
{
	if (le_take_cont()) {
		le_tty_reraw(&le->tty);
		le->crow = 0;
		le_buf_add(&le->ob, "\r", 1);
		bi_refresh(le);
	}
	if (le_take_winch())
		bi_resized(le, le_cols(le->out));
}

static int
edit(struct lineedit *le)
{
	bi_refresh(le);
	while (le->status == BI_EDITING) {
		int key = bi_getkey(le);
		if (key == K_NONE) {
			signalled(le);
			continue;
		}
		if (key == K_EOF)
			return 0;
		if (key == K_ERR)
			return le->err ? le->err : -EIO;
		dispatch(le, key);
		/* Keys that came together (a paste) are drawn once; the
		 * line is drawn as it ends too, for typing ahead of Enter. */
		if ((le->status != BI_EDITING || !bi_input_pending(le)) && !le->asking)
			bi_refresh(le);
		if (le->ob.len > 0 && le_buf_flush(&le->ob, le->out) < 0)
			return -EIO;
	}
	return 0;
}

static char *
line_copy(const struct lineedit *le)
{
	char *l = le_xrealloc(NULL, le->len + 2);
	memcpy(l, le->s, le->len);
	l[le->len] = '\n';
	l[le->len + 1] = '\0';
	return l;
}

int
le_read(lineedit *le, const char *prompt, char **line)
{
	*line = NULL;
	int e = le_tty_enter(&le->tty, le->in, 1);
	if (e < 0)
		return e;
	reset_line(le, prompt);
	e = edit(le);
	if (e == 0) {
		int fresh = bi_finish(le);
		if (le->status == BI_INTR)
			le_buf_add(&le->ob, "^C", 2);
		else if (!fresh)
			le_buf_add(&le->ob, "\r\n", 2);
	}
	le_buf_flush(&le->ob, le->out);
	le_tty_leave(&le->tty);
	if (e < 0)
		return e;
	switch (le->status) {
	case BI_ACCEPT:
		*line = line_copy(le);
		return 1;
	case BI_INTR:
		return -EINTR;
	default:
		return 0;
	}
}
