/* bltin.c: the shell builtins that sit in scripts' tight loops: read and printf. */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "builtins.h"
#include "error.h"
#include "output.h"

enum { LINES = 100000 };

static char path[64];

static void
make_input(void)
{
	snprintf(path, sizeof path, "/tmp/bench-bltin-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	for (int i = 0; i < LINES; i++)
		fprintf(f, "field%d some words here %d\n", i, i * 7);
	fclose(f);
}

/* ns per line for read -r a b over fd 0 until end of file. */
static double
read_lines(void)
{
	char *v[] = { "read", "-r", "a", "b", NULL };
	int n = 0;
	int64_t t0 = bench_now_ns();
	while (read_builtin(4, v) == 0)
		n++;
	return (double)(bench_now_ns() - t0) / (n ? n : 1);
}

/* The file as fd 0 (seekable: a block at a time, then a seek back). */
static double
read_file(void)
{
	int fd = open(path, O_RDONLY), save = dup(0);
	dup2(fd, 0);
	close(fd);
	double ns = read_lines();
	dup2(save, 0);
	close(save);
	return ns;
}

/* The same bytes through a pipe (one byte per read(2), as dash reads). */
static double
read_pipe(void)
{
	int p[2], save = dup(0);
	if (pipe(p) != 0)
		return 0;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		int fd = open(path, O_RDONLY);
		char buf[65536];
		ssize_t k;
		while ((k = read(fd, buf, sizeof buf)) > 0)
			if (write(p[1], buf, (size_t)k) != k)
				_exit(1);
		_exit(0);
	}
	close(p[1]);
	dup2(p[0], 0);
	close(p[0]);
	double ns = read_lines();
	waitpid(pid, NULL, 0);
	dup2(save, 0);
	close(save);
	return ns;
}

/* ns per call of printf '%s:%d:%5.2f\n' into the shell's buffer (to /dev/null),
 * against the C library formatting the same line into a buffer. */
static void
printf_calls(double *ours, double *libc)
{
	enum { CALLS = 1000000 };
	char *v[] = { "printf", "%s:%d:%5.2f\\n", "word", "12345", "3.14159", NULL };
	int devnull = open("/dev/null", O_WRONLY);
	out1.fd = devnull;
	int64_t t0 = bench_now_ns();
	for (int i = 0; i < CALLS; i++)
		printf_builtin(5, v);
	out_flush(&out1);
	*ours = (double)(bench_now_ns() - t0) / CALLS;
	out1.fd = 1;
	char buf[8192];
	size_t len = 0;
	t0 = bench_now_ns();
	for (int i = 0; i < CALLS; i++) {
		if (len > sizeof buf - 64) {
			if (write(devnull, buf, len) < 0)
				break;
			len = 0;
		}
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s:%d:%5.2f\n", "word",
		    atoi("12345"), strtod("3.14159", NULL));
	}
	*libc = (double)(bench_now_ns() - t0) / CALLS;
	close(devnull);
}

int
main(void)
{
	err_show_line = 0;
	make_input();
	bench_section("shell builtins (sh/bltin): read and printf");
	double file = read_file(), pipe_ns = read_pipe();
	bench_row("read -r a b, per line (file vs pipe)", file, pipe_ns, "ns",
	    "byte-per-read(2), dash's way", 0);
	double ours, libc;
	printf_calls(&ours, &libc);
	bench_row("printf '%s:%d:%5.2f\\n', per call", ours, libc, "ns",
	    "libc snprintf of the line", 0);
	unlink(path);
	return 0;
}
