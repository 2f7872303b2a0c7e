/* proc.c: process liveness by pid and start time, for parties recorded in shared memory. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "sys.h"

/* Reads /proc/PID/stat: its state letter and start time (field 22). The
 * command name (field 2) may hold spaces and parentheses, so parsing starts
 * after its last ')'. Returns 0, or -errno when there is no such file. */
static int
proc_stat(pid_t pid, char *state, uint64_t *start)
{
	char path[32], buf[1024];
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = ipc__read_full(fd, buf, sizeof buf - 1);
	ipc__close_quiet(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	if (p == NULL || p[1] != ' ')
		return -EPROTO;
	*state = p[2];
	p += 2;
	for (int field = 3; field < 22; field++) {   /* p is at field 3 */
		p = strchr(p, ' ');
		if (p == NULL)
			return -EPROTO;
		p++;
	}
	*start = strtoull(p, NULL, 10);
	return 0;
}

/* A thread-group leader that called pthread_exit shows 'Z' while its
 * other threads still run: count them. */
static int
proc_threads_left(pid_t pid)
{
	char path[40], buf[4096];
	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = ipc__read_full(fd, buf, sizeof buf - 1);
	ipc__close_quiet(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *t = strstr(buf, "\nThreads:");
	return t != NULL && strtol(t + 9, NULL, 10) > 1;
}

uint64_t
ipc__proc_start(pid_t pid)
{
	char state;
	uint64_t start;
	return proc_stat(pid, &state, &start) == 0 ? start : 0;
}

int
ipc__proc_alive(pid_t pid, uint64_t start)
{
	if (pid <= 0)
		return 0;
	/* EPERM: it exists but belongs to someone else. */
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return 0;
	char state;
	uint64_t now;
	if (proc_stat(pid, &state, &now) < 0)
		return start == 0 ? 1 : 0;
	if ((state == 'Z' || state == 'X') && !proc_threads_left(pid))
		return 0;   /* dead, not yet reaped by its parent */
	return start == 0 || now == start;
}
