/* history.c: an interactive shell's start with a big history: loading a
 * 10,000-entry HISTFILE, against reading the same bytes raw, and against
 * the 50 ms budget the issue sets. */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "history.h"
#include "var.h"

extern char **environ;

enum { ENTRIES = 10000, RUNS = 21 };

static char path[64];

/* Commands of the lengths people type, some with escapes and several lines. */
static void
make_file(void)
{
	snprintf(path, sizeof path, "/tmp/bench-history-XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	for (int i = 0; i < ENTRIES; i++) {
		if (i % 50 == 0)
			fprintf(f, "for f in *.c; do\\n  cc -c \"$f\" -o obj/%d.o\\ndone\n", i);
		else if (i % 7 == 0)
			fprintf(f, "printf '%%s\\\\n' \"line %d\" | grep -v skip > out.%d\n", i, i);
		else
			fprintf(f, "msgq send jobs-%d \"payload number %d for the worker\"\n", i % 13, i);
	}
	fclose(f);
}

/* One shell's load in a fresh process: ns, through a pipe. */
static double
timed_in_child(int raw)
{
	int p[2];
	double ns = -1;
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		int64_t t0 = bench_now_ns();
		if (raw) {       /* the anchor: the bytes, and each line found */
			char *buf = malloc(1 << 20);
			int fd = open(path, O_RDONLY);
			ssize_t n = read(fd, buf, 1 << 20);
			int lines = 0;
			for (char *q = buf; n > 0 && (q = memchr(q, '\n', (size_t)(buf + n - q))); q++)
				lines++;
			ns = lines == ENTRIES ? (double)(bench_now_ns() - t0) : -1;
		} else {
			var_init(environ);
			var_set("HISTFILE", path, 0);
			var_set("HISTSIZE", "10000", 0);
			t0 = bench_now_ns();
			shhist_enable();
			shhist_load();
			ns = shhist_last() - shhist_first() + 1 == ENTRIES ?
			    (double)(bench_now_ns() - t0) : -1;
		}
		(void)!write(p[1], &ns, sizeof ns);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &ns, sizeof ns) != (ssize_t)sizeof ns)
		ns = -1;
	close(p[0]);
	waitpid(pid, NULL, 0);
	return ns;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(int raw)
{
	double v[RUNS];
	for (int i = 0; i < RUNS; i++)
		if ((v[i] = timed_in_child(raw)) < 0)
			return -1;
	qsort(v, RUNS, sizeof v[0], cmp);
	return v[RUNS / 2];
}

int
main(void)
{
	make_file();
	double ours = median(0), raw = median(1);
	unlink(path);
	if (ours < 0 || raw < 0) {
		fprintf(stderr, "bench/history: the history did not load whole\n");
		return 1;
	}
	bench_section("history: loading a 10,000-entry HISTFILE (median of 21 fresh processes)");
	bench_row("history load", ours / 1e6, raw / 1e6, "ms", "read(2) + find lines", 0);
	bench_row("history load", ours / 1e6, 50.0, "ms", "the 50 ms budget", 0);
	return 0;
}
