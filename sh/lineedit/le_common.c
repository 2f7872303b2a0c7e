/* le_common.c: what both line editors share: the terminal's settings kept
 * safe, signals during a read, character widths, prompts, listings. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <unistd.h>
#include <wchar.h>

#include "le_common.h"

/* ---- buffers ---- */

void *
le_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL) {
		static const char msg[] = "ipcsh: line editor: out of memory\n";
		(void)!write(2, msg, sizeof msg - 1);
		abort();
	}
	return p;
}

void
le_buf_add(struct le_buf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = le_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
le_buf_adds(struct le_buf *b, const char *s)
{
	le_buf_add(b, s, strlen(s));
}

void
le_buf_fmt(struct le_buf *b, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		le_buf_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void
le_buf_free(struct le_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int
le_buf_flush(struct le_buf *b, int fd)
{
	size_t off = 0;
	int e = 0;
	while (off < b->len) {
		ssize_t n = write(fd, b->p + off, b->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? -errno : -EIO;
			break;
		}
		off += (size_t)n;
	}
	b->len = 0;
	return e;
}

/* ---- the terminal and signals ---- */

/* Signal handlers see only these: one read is active at a time. */
static volatile sig_atomic_t winch_flag, cont_flag, guard_on;
static int guard_fd = -1;
static struct termios guard_saved;
static struct sigaction old_winch, old_cont;

/* Signals whose default action ends the process: while the terminal is
 * raw, each of them (when nobody else catches it) restores it first. */
static const int fatal_sigs[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGALRM, SIGUSR1, SIGUSR2, SIGPIPE,
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGABRT, SIGSEGV, SIGBUS, SIGFPE,
	SIGILL, SIGSYS, SIGTRAP,
};
#define NFATAL (sizeof fatal_sigs / sizeof fatal_sigs[0])
static char fatal_ours[NFATAL];

static void
on_fatal(int sig)
{
	if (guard_on)
		tcsetattr(guard_fd, TCSANOW, &guard_saved);
	/* SA_RESETHAND put the default back; the signal is blocked until we
	 * return, and then ends the process as it would have. */
	raise(sig);
}

static void
chain(const struct sigaction *old, int sig, siginfo_t *info, void *ctx)
{
	if (old->sa_flags & SA_SIGINFO) {
		if (old->sa_sigaction != NULL)
			old->sa_sigaction(sig, info, ctx);
	} else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
	}
}

/* A trap the shell set on these still hears of them. */
static void
on_winch(int sig, siginfo_t *info, void *ctx)
{
	winch_flag = 1;
	chain(&old_winch, sig, info, ctx);
}

static void
on_cont(int sig, siginfo_t *info, void *ctx)
{
	cont_flag = 1;
	chain(&old_cont, sig, info, ctx);
}

void
le_winch(void)
{
	winch_flag = 1;
}

int
le_take_winch(void)
{
	int f = winch_flag;
	winch_flag = 0;
	return f;
}

int
le_take_cont(void)
{
	int f = cont_flag;
	cont_flag = 0;
	return f;
}

static void
catch_noting(int sig, void (*fn)(int, siginfo_t *, void *), struct sigaction *old)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;   /* no SA_RESTART: a wait returns to redraw */
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, old);
}

static void
guard_fatal(void)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++) {
		fatal_ours[i] = 0;
		if (sigaction(fatal_sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
		    !(old.sa_flags & SA_SIGINFO))
			fatal_ours[i] = sigaction(fatal_sigs[i], &sa, NULL) == 0;
	}
}

static void
unguard_fatal(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++)
		if (fatal_ours[i])
			sigaction(fatal_sigs[i], &sa, NULL);
}

static void
make_raw(const struct termios *saved, struct termios *raw)
{
	*raw = *saved;
	raw->c_iflag &= ~(tcflag_t)(BRKINT | ICRNL | INLCR | IGNCR | INPCK | ISTRIP | IXON);
	raw->c_lflag &= ~(tcflag_t)(ECHO | ICANON | IEXTEN | ISIG);
	raw->c_cc[VMIN] = 1;
	raw->c_cc[VTIME] = 0;
}

/* TCSADRAIN, not TCSAFLUSH: keys typed ahead of the prompt are kept. */
static int
set_attr(int fd, const struct termios *tio)
{
	while (tcsetattr(fd, TCSADRAIN, tio) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

int
le_tty_enter(struct le_tty *t, int fd, int raw)
{
	sigset_t block;
	memset(t, 0, sizeof *t);
	t->fd = fd;
	if (tcgetattr(fd, &t->saved) < 0)
		return -errno;
	make_raw(&t->saved, &t->raw);
	sigemptyset(&block);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGCONT);
	sigprocmask(SIG_BLOCK, &block, &t->oldmask);
	guard_fd = fd;
	guard_saved = t->saved;
	guard_on = 1;
	guard_fatal();
	catch_noting(SIGWINCH, on_winch, &old_winch);
	catch_noting(SIGCONT, on_cont, &old_cont);
	t->entered = 1;
	if (raw) {
		int e = set_attr(fd, &t->raw);
		if (e < 0) {
			le_tty_leave(t);
			return e;
		}
		t->is_raw = 1;
	}
	return 0;
}

int
le_tty_reraw(struct le_tty *t)
{
	return t->is_raw ? set_attr(t->fd, &t->raw) : 0;
}

void
le_tty_leave(struct le_tty *t)
{
	if (!t->entered)
		return;
	set_attr(t->fd, &t->saved);   /* exactly as found, whoever changed it */
	sigaction(SIGWINCH, &old_winch, NULL);
	sigaction(SIGCONT, &old_cont, NULL);
	unguard_fatal();
	guard_on = 0;
	sigprocmask(SIG_SETMASK, &t->oldmask, NULL);
	t->entered = t->is_raw = 0;
}

int
le_tty_wait(int fd, int timeout_ms)
{
	sigset_t during;
	fd_set rd;
	struct timespec ts, *tsp = NULL;
	if (winch_flag || cont_flag)
		return 0;
	sigprocmask(SIG_SETMASK, NULL, &during);
	sigdelset(&during, SIGWINCH);
	sigdelset(&during, SIGCONT);
	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tsp = &ts;
	}
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	int n = pselect(fd + 1, &rd, NULL, NULL, tsp, &during);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	return n > 0;
}

int
le_cols(int fd)
{
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* ---- characters ---- */

size_t
le_u8_len(const char *s, size_t n, int32_t *cp)
{
	unsigned char c = (unsigned char)s[0];
	size_t len;
	int32_t v, min;
	*cp = -1;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, v = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, v = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		return 1;
	if (n < len)
		return 1;
	for (size_t i = 1; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
		v = (v << 6) | ((unsigned char)s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 1;
	*cp = v;
	return len;
}

static int
drawn_as_ctl(int32_t cp)
{
	return cp < 0x20 || cp == 0x7f;
}

static int
drawn_as_qmark(int32_t cp)
{
	return cp < 0 || (cp >= 0x80 && cp < 0xa0);
}

int
le_width(int32_t cp)
{
	if (drawn_as_qmark(cp))
		return 1;
	if (drawn_as_ctl(cp))
		return 2;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

void
le_render_char(struct le_buf *b, const char *s, size_t len, int32_t cp)
{
	if (drawn_as_qmark(cp)) {
		le_buf_add(b, "?", 1);
	} else if (drawn_as_ctl(cp)) {
		char ctl[2] = { '^', (char)(cp ^ 0x40) };
		le_buf_add(b, ctl, 2);
	} else {
		le_buf_add(b, s, len);
	}
}

size_t
le_escape_len(const char *s, size_t n)
{
	if (n < 2 || s[0] != '\033')
		return 0;
	size_t i = 2;
	if (s[1] == '[') {            /* CSI: parameters, then a final byte */
		while (i < n && !((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7e))
			i++;
		return i < n ? i + 1 : n;
	}
	if (s[1] == ']') {            /* OSC: up to BEL or ESC \ */
		for (; i < n; i++) {
			if (s[i] == '\a')
				return i + 1;
			if (s[i] == '\033' && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n;
	}
	return 2;
}

/* Prompts may mark invisible text as bash's readline does: \001 ... \002.
 * Escape sequences take no room either. */
int
le_next_visible(const char *s, size_t n, size_t *i, int *hidden, int32_t *cp)
{
	while (*i < n) {
		size_t e = le_escape_len(s + *i, n - *i);
		if (e > 0) {
			*i += e;
			continue;
		}
		if (s[*i] == '\001' || s[*i] == '\002') {
			*hidden = s[(*i)++] == '\001';
			continue;
		}
		*i += le_u8_len(s + *i, n - *i, cp);
		if (!*hidden)
			return 1;
	}
	return 0;
}

int
le_str_width(const char *s, size_t n)
{
	int w = 0, hidden = 0;
	size_t i = 0;
	int32_t cp;
	while (le_next_visible(s, n, &i, &hidden, &cp))
		w += le_width(cp);
	return w;
}

const char *
le_prompt_tail(const char *prompt)
{
	const char *nl = strrchr(prompt, '\n');
	return nl ? nl + 1 : prompt;
}

/* ---- completion listings ---- */

void
le_completion_free(struct le_completion *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->word[i]);
		free(c->shown[i]);
	}
	free(c->word);
	free(c->shown);
	memset(c, 0, sizeof *c);
}

size_t
le_common_prefix(const struct le_completion *c)
{
	if (c->n == 0)
		return 0;
	const char *w0 = c->word[0];
	size_t n = strlen(w0);
	for (size_t i = 1; i < c->n; i++) {
		size_t k = 0;
		while (k < n && c->word[i][k] == w0[k])
			k++;
		n = k;
	}
	while (n > 0 && ((unsigned char)w0[n] & 0xc0) == 0x80)
		n--;
	return n;
}

void
le_list(struct le_buf *b, const struct le_completion *c, int cols)
{
	int maxw = 1;
	for (size_t i = 0; i < c->n; i++) {
		int w = le_str_width(c->shown[i], strlen(c->shown[i]));
		if (w > maxw)
			maxw = w;
	}
	size_t per = (size_t)((cols + 2) / (maxw + 2));
	if (per < 1)
		per = 1;
	size_t rows = (c->n + per - 1) / per;
	for (size_t r = 0; r < rows; r++) {
		for (size_t k = 0; k < per; k++) {
			size_t i = k * rows + r;
			if (i >= c->n)
				break;
			le_buf_adds(b, c->shown[i]);
			if ((k + 1) * rows + r < c->n) {
				int pad = maxw + 2 - le_str_width(c->shown[i], strlen(c->shown[i]));
				while (pad-- > 0)
					le_buf_add(b, " ", 1);
			}
		}
		le_buf_add(b, "\r\n", 2);
	}
}
