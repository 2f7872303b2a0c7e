/* input.c: the stack of inputs the parser reads: files, strings, aliases, the terminal. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "input.h"
#include "mem.h"
#include "options.h"
#include "output.h"

enum in_kind { K_STRING, K_ALIAS, K_FD, K_TTY };

struct input {
	struct input *prev;
	const char *p, *end;
	char *buf;           /* owned buffer for fd and terminal input */
	size_t cap;
	int fd;
	enum in_kind kind;
	const struct alias *alias;
	int track;           /* count lines */
	int script;          /* the shell's input proper: set -v writes it */
	int byte_mode;       /* shared, unseekable stdin: never read ahead */
	int seekable;
	int eof;
	int prompts;         /* an interactive shell's input that is no terminal */
	int line_start;      /* the next byte read starts a line */
	int pb[4];           /* pushed-back characters */
	int npb;
};

static struct input *top;
static int depth;
int in_lineno = 1;
char *(*in_readline)(const char *prompt);
const char *in_prompt;
const char *in_prompt_more;

static struct input *
push(enum in_kind kind)
{
	struct input *in = xmalloc(sizeof *in);
	memset(in, 0, sizeof *in);
	in->kind = kind;
	in->fd = -1;
	in->prev = top;
	top = in;
	depth++;
	return in;
}

void
in_push_string(const char *s, size_t len, int track_lines)
{
	struct input *in = push(K_STRING);
	in->p = s;
	in->end = s + len;
	in->track = track_lines;
}

void
in_push_command(const char *s, size_t len)
{
	in_push_string(s, len, 1);
	top->script = 1;
}

void
in_push_reread(const char *s, size_t len)
{
	struct input *in = push(K_ALIAS);   /* read, then popped, as alias text */
	in->buf = xmalloc(len + 1);
	memcpy(in->buf, s, len);
	in->buf[len] = '\0';
	in->p = in->buf;
	in->end = in->buf + len;
}

void
in_push_alias(const char *s, struct alias *a)
{
	/* A copy: unalias or a new value may come while the text is read. */
	struct input *in = push(K_ALIAS);
	in->buf = xstrdup(s);
	in->p = in->buf;
	in->end = in->buf + strlen(s);
	in->alias = a;
}

void
in_push_fd(int fd)
{
	struct stat st;
	struct input *in = push(isatty(fd) ? K_TTY : K_FD);
	in->fd = fd;
	in->track = 1;
	in->script = 1;
	in->seekable = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    lseek(fd, 0, SEEK_CUR) >= 0;
	/* Standard input that commands may also read: not a byte past the
	 * command about to run may be consumed, so an unseekable one is read
	 * a byte at a time (a seekable one is given back by in_sync; a
	 * terminal gives a line per read anyway). */
	in->byte_mode = fd == 0 && !in->seekable && in->kind != K_TTY;
	/* sh -i <file still writes its prompts (XCU 2.5.3 PS1). */
	in->prompts = opt.interactive && in->kind == K_FD && in->prev == NULL;
	in->line_start = 1;
	in->cap = in->byte_mode ? 1 : 65536;
	in->buf = xmalloc(in->cap);
	in->p = in->end = in->buf;
}

int
in_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	return fd;
}

void
in_pop(void)
{
	struct input *in = top;
	if (in == NULL)
		return;
	top = in->prev;
	depth--;
	free(in->buf);
	free(in);
}

int
in_depth(void)
{
	return depth;
}

void
in_unwind(int d)
{
	while (depth > d)
		in_pop();
}

int
in_alias_active(const struct alias *a)
{
	for (struct input *in = top; in != NULL; in = in->prev)
		if (in->kind == K_ALIAS && in->alias == a)
			return 1;
	return 0;
}

/* A descriptor another program left non-blocking (they share the open
 * file) made blocking again, as dash does; 0 when it already was. */
static int
make_blocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && (fl & O_NONBLOCK) && fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0;
}

/* Reads the next chunk of a descriptor; 0 at end of input. */
static int
fill_fd(struct input *in)
{
	ssize_t n;
	do
		n = read(in->fd, in->buf, in->cap);
	while (n < 0 && (errno == EINTR || (errno == EAGAIN && make_blocking(in->fd))));
	if (n <= 0) {
		if (n < 0) {   /* the rest of the script is lost: say so */
			err_lineno = in_lineno;
			sh_warn("read error: %s", strerror(errno));
			exit_status = 2;
		}
		in->eof = 1;
		return 0;
	}
	in->p = in->buf;
	in->end = in->buf + n;
	return 1;
}

/* The prompt for the line about to be read: PS1 for the first line of a
 * command, PS2 after it. What the shell wrote before goes out first. */
static const char *
next_prompt(void)
{
	const char *prompt = in_prompt ? in_prompt : in_prompt_more ? in_prompt_more : "";
	in_prompt = NULL;
	out_flush_all();
	return prompt;
}

static void
put_prompt(void)
{
	out_str(&out2, next_prompt());
	out_flush(&out2);
}

/* Reads one line from the terminal, through the line editor when there is one. */
static int
fill_tty(struct input *in)
{
	const char *prompt = next_prompt();
	if (in_readline != NULL) {
		char *line = in_readline(prompt);
		if (line == NULL) {
			in->eof = 1;
			return 0;
		}
		free(in->buf);
		in->buf = line;
		in->p = line;
		in->end = line + strlen(line);
		return in->p < in->end;
	}
	out_str(&out2, prompt);
	out_flush(&out2);
	return fill_fd(in);
}

/* set -v: the input is written to standard error as it is read. Only the
 * script (a file, the terminal, the -c string) is input: strings the shell
 * lexes itself (eval, a here-document's body at expansion, PS4) are not. */
static void
echo_verbose(int c)
{
	out_char(&out2, c);
	if (c == '\n')
		out_flush(&out2);
}

int
in_getc(void)
{
	for (;;) {
		struct input *in = top;
		if (in == NULL)
			return IN_EOF;
		if (in->npb > 0) {
			int c = in->pb[--in->npb];
			if (c == '\n' && in->track)
				in_lineno++;
			return c;
		}
		if (in->prompts && in->line_start) {
			in->line_start = 0;
			put_prompt();
		}
		if (in->p < in->end) {
			int c = (unsigned char)*in->p++;
			if (c == '\n' && in->track)
				in_lineno++;
			in->line_start = c == '\n';
			if (opt.verbose && in->script)
				echo_verbose(c);
			return c;
		}
		if (in->kind == K_ALIAS) {
			in_pop();
			continue;
		}
		if (in->eof || in->kind == K_STRING)
			return IN_EOF;
		if (!(in->kind == K_TTY ? fill_tty(in) : fill_fd(in)))
			return IN_EOF;
	}
}

void
in_ungetc(int c)
{
	if (c == IN_EOF || top == NULL)
		return;
	if (c == '\n' && top->track)
		in_lineno--;
	if (top->npb < (int)(sizeof top->pb / sizeof top->pb[0]))
		top->pb[top->npb++] = c;
}

void
in_clear_eof(void)
{
	for (struct input *in = top; in != NULL; in = in->prev) {
		if (in->kind == K_TTY || in->kind == K_FD) {
			in->eof = 0;
			return;
		}
	}
}

void
in_sync(void)
{
	struct input *in = top;
	while (in != NULL && in->kind != K_FD && in->kind != K_TTY)
		in = in->prev;
	if (in == NULL || in->fd != 0 || !in->seekable)
		return;
	off_t ahead = (off_t)(in->end - in->p) + in->npb;
	if (ahead > 0 && lseek(in->fd, -ahead, SEEK_CUR) >= 0) {
		in->p = in->end = in->buf;
		in->npb = 0;
	}
}
