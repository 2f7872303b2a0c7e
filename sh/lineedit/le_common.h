/* le_common.h: what both line editors share: the terminal's settings kept
 * safe, signals during a read, character widths, prompts, listings. */
#ifndef SH_LE_COMMON_H
#define SH_LE_COMMON_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <termios.h>

#include "lineedit.h"

/* A growing byte buffer (output to compose, lines to build). */
struct le_buf {
	char *p;
	size_t len, cap;
};
void le_buf_add(struct le_buf *b, const void *s, size_t n);
void le_buf_adds(struct le_buf *b, const char *s);
void le_buf_fmt(struct le_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void le_buf_free(struct le_buf *b);
/* Writes all of b to fd and empties it: 0 or -errno. */
int le_buf_flush(struct le_buf *b, int fd);
void *le_xrealloc(void *p, size_t n);

/*
 * The terminal during one read. le_tty_enter saves the settings (every
 * read: a command may have changed them), makes them raw when asked, blocks SIGWINCH and SIGCONT (le_tty_wait lets them in), and
 * installs, for each signal that would end the process, a handler that
 * puts the saved settings back first. le_tty_leave undoes all of it.
 */
struct le_tty {
	int fd;
	struct termios saved, raw;
	sigset_t oldmask;
	int entered, is_raw;
};
int le_tty_enter(struct le_tty *t, int fd, int raw);
void le_tty_leave(struct le_tty *t);
/* Raw again after SIGCONT: whatever stopped us may have changed the
 * settings. Raw is the saved settings without echo, canonical input,
 * signals from keys, flow control or CR translation. */
int le_tty_reraw(struct le_tty *t);

/*
 * Waits until fd is readable or a window change or continue signal comes:
 * 1 readable, 0 a signal (see le_take_winch/le_take_cont), -errno. With
 * timeout_ms >= 0, 0 also when the time passed.
 */
int le_tty_wait(int fd, int timeout_ms);
/* A window change or a continue since the last call (and clears it). */
int le_take_winch(void);
int le_take_cont(void);
/* The terminal's width in columns (80 when unknown). */
int le_cols(int fd);

/*
 * Characters. le_u8_len: the byte length of the UTF-8 character at s
 * (n bytes available), 1 for an invalid or truncated byte; *cp its code
 * point, or -1 when invalid. le_width: the columns code point cp takes as
 * le_render_char draws it (controls as ^X, invalid bytes as '?').
 */
size_t le_u8_len(const char *s, size_t n, int32_t *cp);
int le_width(int32_t cp);
/* Appends the drawing of the character at s (len bytes, code point cp). */
void le_render_char(struct le_buf *b, const char *s, size_t len, int32_t cp);
/* Columns the string takes (escape sequences in it take none). */
int le_str_width(const char *s, size_t n);
/* Steps *i past the next visible character of s (escape sequences and
 * \001...\002 spans are not), setting *cp; 0 at the end. *hidden starts 0. */
int le_next_visible(const char *s, size_t n, size_t *i, int *hidden, int32_t *cp);
/* Length of the terminal escape sequence at s (0 when s is none). */
size_t le_escape_len(const char *s, size_t n);

/* The prompt's last line: what is before it is printed once per read. */
const char *le_prompt_tail(const char *prompt);

/*
 * Listings. le_common_prefix: the length of the prefix all candidate
 * words share (on a character boundary). le_list: the shown names in
 * columns that fit cols, sorted down the columns as ls does, each row
 * ending in "\r\n".
 */
size_t le_common_prefix(const struct le_completion *c);
void le_list(struct le_buf *b, const struct le_completion *c, int cols);

#endif
