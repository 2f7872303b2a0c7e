/* bench.c: the common report format of `make bench`. */
#include <config.h>

#include <stdio.h>
#include <time.h>

#include "bench.h"

int64_t
bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
bench_section_for(const char *title, const char *ours_name)
{
	printf("\n== %s\n", title);
	printf("%-40s %14s %14s %8s  %s\n", "measure", ours_name, "anchor", "ratio", "anchor is");
	fflush(stdout);
}

void
bench_section(const char *title)
{
	bench_section_for(title, "libipc");
}

void
bench_row(const char *what, double ours, double anchor, const char *unit,
    const char *anchor_name, int higher_better)
{
	char a[32], b[32];
	snprintf(a, sizeof a, "%.3g %s", ours, unit);
	snprintf(b, sizeof b, "%.3g %s", anchor, unit);
	printf("%-40s %14s %14s %7.2fx  %s%s\n", what, a, b,
	    anchor > 0 ? ours / anchor : 0.0, anchor_name,
	    higher_better ? " (higher is better)" : "");
	fflush(stdout);
}
