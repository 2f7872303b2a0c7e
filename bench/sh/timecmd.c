/* timecmd.c: times shell runs for bench/sh/run.sh and prints its rows in bench.h's format. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static const char usage[] =
    "usage: timecmd run RUNS OUT SHELL [OUT SHELL]... -- ARG...\n"
    "       timecmd section TITLE OURS-NAME\n"
    "       timecmd row WHAT OURS ANCHOR UNIT ANCHOR-NAME\n"
    "       timecmd geomean < LINES-OF-'OURS ANCHOR'\n";

static _Noreturn void
die(const char *what)
{
	fprintf(stderr, "timecmd: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Seconds a run may take before SIGALRM ends it (a hung shell must not
 * hang `make bench`): BENCH_TIME_LIMIT, default 600. */
static unsigned
time_limit(void)
{
	const char *s = getenv("BENCH_TIME_LIMIT");
	long n = s ? strtol(s, NULL, 10) : 0;
	return n > 0 ? (unsigned)n : 600;
}

/* One run of argv, stdout to out (truncated), stdin from /dev/null; returns
 * the wall time in ns, sets *status (128+N for signal N) and raises
 * *maxrss_kb. wait4's ru_maxrss is the largest of the child and of the
 * descendants it waited for. */
static int64_t
run_once(char **argv, const char *out, int *status, long *maxrss_kb)
{
	unsigned limit = time_limit();
	int ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (ofd < 0)
		die(out);
	int64_t t0 = bench_now_ns();
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		if (in < 0 || dup2(in, 0) < 0 || dup2(ofd, 1) < 0)
			_exit(126);
		alarm(limit);   /* kept across exec; SIGALRM's action is reset to end the process */
		execvp(argv[0], argv);
		_exit(127);
	}
	int ws;
	struct rusage ru;
	while (wait4(pid, &ws, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4");
	int64_t t = bench_now_ns() - t0;
	close(ofd);
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	if (ru.ru_maxrss > *maxrss_kb)
		*maxrss_kb = ru.ru_maxrss;
	return t;
}

static int
cmp_ns(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

struct subject {
	const char *out;
	char **argv;       /* SHELL ARG... */
	int64_t *t;
	long maxrss;
	int status;        /* the first nonzero exit status seen, else 0 */
};

/*
 * timecmd run RUNS OUT SHELL [OUT SHELL]... -- ARG...: runs each SHELL with
 * the ARGs, RUNS times, taking turns so that a change in the machine's load
 * falls on all of them alike. Prints per shell "MIN MEDIAN MAXRSS STATUS"
 * (seconds, seconds, KiB, exit status).
 */
static int
cmd_run(int runs, int argc, char **argv)
{
	int dd = 0;
	while (dd < argc && strcmp(argv[dd], "--") != 0)
		dd++;
	int n = dd / 2, nargs = argc - dd - 1;
	if (dd == argc || dd % 2 != 0 || n == 0 || nargs < 1) {
		fputs(usage, stderr);
		return 2;
	}
	struct subject *s = calloc((size_t)n, sizeof *s);
	if (s == NULL)
		die("calloc");
	for (int i = 0; i < n; i++) {
		s[i].out = argv[2 * i];
		s[i].argv = calloc((size_t)nargs + 2, sizeof *s[i].argv);
		s[i].t = calloc((size_t)runs, sizeof *s[i].t);
		if (s[i].argv == NULL || s[i].t == NULL)
			die("calloc");
		s[i].argv[0] = argv[2 * i + 1];
		memcpy(s[i].argv + 1, argv + dd + 1, (size_t)nargs * sizeof *argv);
	}
	for (int r = 0; r < runs; r++)
		for (int i = 0; i < n; i++) {
			int st;
			s[i].t[r] = run_once(s[i].argv, s[i].out, &st, &s[i].maxrss);
			if (st != 0 && s[i].status == 0)
				s[i].status = st;
		}
	for (int i = 0; i < n; i++) {
		qsort(s[i].t, (size_t)runs, sizeof *s[i].t, cmp_ns);
		printf("%.6f %.6f %ld %d\n", s[i].t[0] / 1e9, s[i].t[runs / 2] / 1e9,
		    s[i].maxrss, s[i].status);
		free(s[i].t);
		free(s[i].argv);
	}
	free(s);
	return 0;
}

/* The geometric means of two columns; their ratio is the geometric mean
 * of the per-line ratios. */
static int
cmd_geomean(void)
{
	double a, b, la = 0, lb = 0;
	int n = 0;
	while (scanf("%lf %lf", &a, &b) == 2) {
		if (a <= 0 || b <= 0) {
			fprintf(stderr, "timecmd: geomean: non-positive value\n");
			return 2;
		}
		la += log(a);
		lb += log(b);
		n++;
	}
	if (n == 0) {
		fprintf(stderr, "timecmd: geomean: no input\n");
		return 2;
	}
	printf("%.6g %.6g %d\n", exp(la / n), exp(lb / n), n);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 7 && strcmp(argv[1], "run") == 0 && atoi(argv[2]) > 0)
		return cmd_run(atoi(argv[2]), argc - 3, argv + 3);
	if (argc == 4 && strcmp(argv[1], "section") == 0) {
		bench_section_for(argv[2], argv[3]);
		return 0;
	}
	if (argc == 7 && strcmp(argv[1], "row") == 0) {
		bench_row(argv[2], strtod(argv[3], NULL), strtod(argv[4], NULL),
		    argv[5], argv[6], 0);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "geomean") == 0)
		return cmd_geomean();
	fputs(usage, stderr);
	return 2;
}
