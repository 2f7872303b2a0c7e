/* times.c: the shell's and its children's user and system times, POSIX's format. */
#include <config.h>

#include <sys/resource.h>

#include "builtins.h"
#include "output.h"

/* "%dm%fs": minutes, then seconds with six decimals, as POSIX and dash
 * print them (getrusage gives microseconds; dash's times(2) gives ticks). */
static void
put_time(const struct timeval *tv, char end)
{
	long min = (long)(tv->tv_sec / 60);
	double sec = (double)(tv->tv_sec - min * 60) + tv->tv_usec / 1e6;
	out_fmt(&out1, "%ldm%fs%c", min, sec, end);
}

int
times_builtin(int argc, char **argv)
{
	struct rusage self, children;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	put_time(&self.ru_utime, ' ');
	put_time(&self.ru_stime, '\n');
	put_time(&children.ru_utime, ' ');
	put_time(&children.ru_stime, '\n');
	return 0;
}
