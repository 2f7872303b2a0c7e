/* bltin-run.c: capture a builtin's fds in-process, run dash for reference, compare. */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bltin-run.h"
#include "error.h"
#include "output.h"
#include "tap.h"

#ifndef DASH_PATH
#define DASH_PATH ""
#endif

void
run_init(void)
{
	err_show_line = 0;
	err_file = NULL;
}

int
have_dash(void)
{
	return DASH_PATH[0] != '\0' && access(DASH_PATH, X_OK) == 0;
}

/* An unlinked scratch file holding data (or empty). */
static int
scratch(const char *data)
{
	char path[256];
	snprintf(path, sizeof path, "%s/capXXXXXX", tap_tmpdir());
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		exit(99);
	}
	unlink(path);
	if (data != NULL && write(fd, data, strlen(data)) != (ssize_t)strlen(data)) {
		perror("write");
		exit(99);
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static char *
slurp(int fd, size_t *len)
{
	off_t n = lseek(fd, 0, SEEK_END);
	char *p = malloc((size_t)n + 1);
	if (p == NULL || pread(fd, p, (size_t)n, 0) != n) {
		perror("read back");
		exit(99);
	}
	p[n] = '\0';
	*len = (size_t)n;
	close(fd);
	return p;
}

void
cap_builtin(struct cap *c, builtin_fn *fn, char **argv, const char *input)
{
	int in = scratch(input), out = scratch(NULL), err = scratch(NULL);
	int save[3];
	int argc = 0;
	while (argv[argc] != NULL)
		argc++;
	fflush(stdout);
	out_flush_all();
	for (int i = 0; i < 3; i++)
		save[i] = dup(i);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	close(in);
	c->status = fn(argc, argv);
	out_flush_all();
	for (int i = 0; i < 3; i++) {
		dup2(save[i], i);
		close(save[i]);
	}
	c->out = slurp(out, &c->outlen);
	c->err = slurp(err, &c->errlen);
}

int
cap_dash(struct cap *c, char **argv, const char *input)
{
	if (!have_dash())
		return -1;
	int in = scratch(input), out = scratch(NULL), err = scratch(NULL);
	int argc = 0;
	while (argv[argc] != NULL)
		argc++;
	char **v = calloc((size_t)argc + 5, sizeof *v);
	v[0] = "dash";
	v[1] = "-c";
	v[2] = "\"$@\"";
	v[3] = "dash";
	memcpy(v + 4, argv, (size_t)argc * sizeof *v);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		execv(DASH_PATH, v);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	free(v);
	close(in);
	c->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	c->out = slurp(out, &c->outlen);
	c->err = slurp(err, &c->errlen);
	return 0;
}

void
cap_free(struct cap *c)
{
	free(c->out);
	free(c->err);
	c->out = c->err = NULL;
}

const char *
argv_text(char **argv)
{
	static char buf[512];
	size_t n = 0;
	buf[0] = '\0';
	for (; *argv != NULL && n < sizeof buf - 8; argv++) {
		int k = snprintf(buf + n, sizeof buf - n, "%s'", n ? " " : "");
		n += (size_t)k;
		for (const char *s = *argv; *s && n < sizeof buf - 8; s++) {
			unsigned char ch = (unsigned char)*s;
			if (ch < ' ' || ch == 0x7f)
				n += (size_t)snprintf(buf + n, sizeof buf - n, "^%c", ch ^ 0x40);
			else if (ch == '#')
				n += (size_t)snprintf(buf + n, sizeof buf - n, "<hash>");
			else
				buf[n++] = (char)ch;
		}
		buf[n++] = '\'';
		buf[n] = '\0';
	}
	return buf;
}

static void
show(const char *what, const char *p, size_t n)
{
	char buf[300];
	size_t k = 0;
	for (size_t i = 0; i < n && k < sizeof buf - 5; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == '\n')
			k += (size_t)snprintf(buf + k, sizeof buf - k, "\\n");
		else if (ch < ' ' || ch >= 0x7f)
			k += (size_t)snprintf(buf + k, sizeof buf - k, "\\%03o", ch);
		else
			buf[k++] = (char)ch;
	}
	buf[k] = '\0';
	tap_diag("  %s: [%s]", what, buf);
}

void
same_as_dash(builtin_fn *fn, char **argv, const char *input)
{
	struct cap us, them;
	if (cap_dash(&them, argv, input) < 0) {
		tap_skip(1, "dash not found");
		return;
	}
	cap_builtin(&us, fn, argv, input);
	int same = us.status == them.status && us.outlen == them.outlen &&
	    memcmp(us.out, them.out, us.outlen) == 0 &&
	    (us.errlen == 0) == (them.errlen == 0);
	ok(same, "as dash: %s", argv_text(argv));
	if (!same) {
		tap_diag("  status: ours %d, dash %d", us.status, them.status);
		show("our stdout", us.out, us.outlen);
		show("dash stdout", them.out, them.outlen);
		show("our stderr", us.err, us.errlen);
		show("dash stderr", them.err, them.errlen);
	}
	cap_free(&us);
	cap_free(&them);
}

void
expect(builtin_fn *fn, char **argv, const char *input, int status,
    const char *out, const char *err)
{
	struct cap c;
	cap_builtin(&c, fn, argv, input);
	int same = c.status == status && strlen(out) == c.outlen &&
	    strcmp(c.out, out) == 0 && strcmp(c.err, err) == 0;
	ok(same, "%s", argv_text(argv));
	if (!same) {
		tap_diag("  status: got %d, want %d", c.status, status);
		show("stdout", c.out, c.outlen);
		show("want", out, strlen(out));
		show("stderr", c.err, c.errlen);
		show("want", err, strlen(err));
	}
	cap_free(&c);
}
