/* redir.c: applying redirections and putting the descriptors back afterwards. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "eval.h"
#include "expand.h"
#include "jobs.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "redir.h"

/* What a redirection replaced: fd was a copy in saved (-1: fd was closed). */
struct saved_fd {
	int fd;
	int saved;
	int frame;
};

static struct saved_fd *saves;
static size_t nsaves, capsaves;
static int frames;

int
fd_move_high(int fd)
{
	int n = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (n < 0)
		return -1;
	close(fd);
	return n;
}

/* A saved copy living on fd is moved away before fd is redirected. */
static void
evacuate(int fd)
{
	for (size_t i = 0; i < nsaves; i++) {
		if (saves[i].saved == fd) {
			int n = fcntl(fd, F_DUPFD_CLOEXEC, 10);
			if (n >= 0)
				saves[i].saved = n;
		}
	}
}

static void
remember(int fd)
{
	for (size_t i = nsaves; i > 0 && saves[i - 1].frame == frames; i--)
		if (saves[i - 1].fd == fd)
			return;   /* already saved in this frame */
	if (nsaves == capsaves) {
		capsaves = capsaves ? capsaves * 2 : 16;
		saves = xrealloc(saves, capsaves * sizeof *saves);
	}
	int s = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (s < 0 && errno != EBADF)
		s = -2;   /* could not save: restoring will close */
	saves[nsaves++] = (struct saved_fd){ fd, s, frames };
}

/* Here-document text on a pipe (or, when larger than a pipe holds, fed
 * by a child), so no temporary file is ever made. */
static int
heredoc_fd(const struct redir *r)
{
	size_t len;
	const char *text;
	if (r->quoted) {
		text = r->body ? r->body->u.lit.s : "";
		len = r->body ? r->body->u.lit.n : 0;
	} else {
		text = expand_heredoc(r->body, &len);
	}
	int p[2];
	if (pipe(p) < 0)
		return -1;
	if (len <= 65536) {
		if (len > 0 && write(p[1], text, len) != (ssize_t)len) {
			close(p[0]);
			close(p[1]);
			return -1;
		}
		close(p[1]);
		return p[0];
	}
	out_flush_all();
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		size_t off = 0;
		while (off < len) {
			ssize_t w = write(p[1], text + off, len - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		_exit(0);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	return p[0];
}

static int
open_target(const struct redir *r, const char *name)
{
	int flags;
	switch (r->op) {
	case R_IN: flags = O_RDONLY; break;
	case R_RDWR: flags = O_RDWR | O_CREAT; break;
	case R_APPEND: flags = O_WRONLY | O_CREAT | O_APPEND; break;
	case R_OUT:
		if (opt.noclobber) {
			/* noclobber: refuse an existing regular file, atomically. */
			int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0666);
			if (fd >= 0 || errno != EEXIST)
				return fd;
			struct stat st;
			fd = open(name, O_WRONLY);
			if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
				return fd;
			if (fd >= 0)
				close(fd);
			errno = EEXIST;
			return -1;
		}
		/* fall through */
	default: flags = O_WRONLY | O_CREAT | O_TRUNC; break;
	}
	return open(name, flags, 0666);
}

/* <&N >&N <&- >&-: returns the fd to copy, -2 to close, -1 on error. */
static int
dup_source(const struct redir *r, const char *word)
{
	if (strcmp(word, "-") == 0)
		return -2;
	char *end;
	long n = strtol(word, &end, 10);
	if (*word == '\0' || *end != '\0' || n < 0 || n > 1023) {
		sh_warn("%s: bad file descriptor number", word);
		return -1;
	}
	if (fcntl((int)n, F_GETFD) < 0) {
		sh_warn("%ld: %s", n, strerror(errno));
		return -1;
	}
	return (int)n;
}

static int
is_fd_word(const char *w)
{
	if (strcmp(w, "-") == 0)
		return 1;
	if (*w == '\0')
		return 0;
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return 0;
	return 1;
}

static int apply_one(const struct redir *r, int keep);

/* >&file as two redirections: >file 2>&1. */
static int
apply_file_both(const char *word)
{
	struct word target = { NULL, NULL, NULL };
	struct wpart part = { .kind = WP_QLIT };
	part.u.lit.s = word;
	part.u.lit.n = strlen(word);
	target.parts = &part;
	target.raw = word;
	struct redir out = { .op = R_OUT, .fd = 1, .target = &target };
	struct redir err = { .op = R_DUPOUT, .fd = 2, .target = NULL };
	struct word one = { NULL, NULL, "1" };
	struct wpart onep = { .kind = WP_LIT };
	onep.u.lit.s = "1";
	onep.u.lit.n = 1;
	one.parts = &onep;
	err.target = &one;
	err.explicit_fd = 1;
	int e = apply_one(&out, 0);
	if (e == 0)
		e = apply_one(&err, 0);
	return e;
}

/* Saves fd's current state before anything is opened: an open that lands
 * on fd itself (the lowest free descriptor) must not be taken for it. */
static void
save_target(int fd, int keep)
{
	if (fd == 1 || fd == 2)
		out_flush(fd == 1 ? &out1 : &out2);
	evacuate(fd);
	if (!keep)
		remember(fd);
}

static int
apply_one(const struct redir *r, int keep)
{
	int fd = r->fd, src;
	const char *word = r->op == R_HEREDOC ? NULL : expand_word(r->target);
	if (r->op == R_DUPOUT && fd == 1 && !r->explicit_fd && !is_fd_word(word))
		return apply_file_both(word);   /* >&file: stdout and stderr (as bash) */
	if ((r->op == R_DUPIN || r->op == R_DUPOUT) &&
	    strtol(word, NULL, 10) == fd && word[0] >= '0' && word[0] <= '9')
		return 0;   /* n>&n changes nothing, even when n is closed */
	save_target(fd, keep);
	if (r->op == R_HEREDOC) {
		src = heredoc_fd(r);
		if (src < 0) {
			sh_warn("here-document: %s", strerror(errno));
			return 1;
		}
	} else if (r->op == R_DUPIN || r->op == R_DUPOUT) {
		src = dup_source(r, word);
		if (src == -1)
			return 1;
	} else {
		src = open_target(r, word);
		if (src < 0) {
			sh_warn("%s: %s", word, errno == EEXIST ? "cannot overwrite existing file" : strerror(errno));
			return 1;
		}
	}
	if (src == -2) {
		close(fd);
		return 0;
	}
	if (src != fd) {
		if (dup2(src, fd) < 0) {
			sh_warn("%d: %s", fd, strerror(errno));
			if (r->op != R_DUPIN && r->op != R_DUPOUT)
				close(src);
			return 1;
		}
		if (r->op != R_DUPIN && r->op != R_DUPOUT)
			close(src);
	} else {
		/* A file opened onto fd itself (fd was closed before). */
		int fl = fcntl(fd, F_GETFD);
		if (fl >= 0)
			fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC);
	}
	return 0;
}

int
redir_push(const struct redir *r, int flags)
{
	frames++;
	for (; r != NULL; r = r->next) {
		if (apply_one(r, flags & REDIR_KEEP) != 0) {
			redir_pop();
			return 1;
		}
	}
	if (flags & REDIR_KEEP)
		frames--;
	return 0;
}

void
redir_pop(void)
{
	while (nsaves > 0 && saves[nsaves - 1].frame == frames) {
		struct saved_fd *s = &saves[--nsaves];
		if (s->fd == 1 || s->fd == 2)
			out_flush(s->fd == 1 ? &out1 : &out2);
		if (s->saved >= 0) {
			dup2(s->saved, s->fd);
			close(s->saved);
		} else {
			close(s->fd);
		}
	}
	frames--;
}

int
redir_outer_fd(int fd)
{
	for (size_t i = nsaves; i > 0 && saves[i - 1].frame == frames; i--)
		if (saves[i - 1].fd == fd)
			return saves[i - 1].saved >= 0 ? saves[i - 1].saved : -1;
	return fd;
}

int
redir_depth(void)
{
	return frames;
}

void
redir_unwind(int depth)
{
	while (frames > depth)
		redir_pop();
}

void
redir_forget(void)
{
	for (size_t i = 0; i < nsaves; i++)
		if (saves[i].saved >= 0)
			close(saves[i].saved);
	nsaves = 0;
	frames = 0;
}
