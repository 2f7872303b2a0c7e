/* chantest.h: what the channel unit tests share: unique names removed at exit, child processes. */
#ifndef IPC_CHANTEST_H
#define IPC_CHANTEST_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/chan.h"

/* Names are per process and per tag, so runs (and both backends) overlap
 * safely; every name handed out is unlinked at exit, even after a failure. */
static char chantest_names[64][48];
static int chantest_count;
static pid_t chantest_owner;

static void
chantest_cleanup(void)
{
	if (getpid() != chantest_owner)
		return;   /* a forked child exiting through exit() */
	for (int i = 0; i < chantest_count; i++)
		ipc_chan_unlink(chantest_names[i]);
}

static inline const char *
chantest_name(const char *tag)
{
	if (chantest_count == 0) {
		chantest_owner = getpid();
		atexit(chantest_cleanup);
	}
	if (chantest_count == 64)
		abort();
	char *n = chantest_names[chantest_count++];
	snprintf(n, sizeof chantest_names[0], "u%ld.%s", (long)getpid(), tag);
	ipc_chan_unlink(n);
	return n;
}

/* Runs fn(arg) in a child that exits with fn's result. */
static inline pid_t
chantest_fork(int (*fn)(void *), void *arg)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	return pid;
}

/* The child's exit status, 128 + the signal that killed it, or -1. */
static inline int
chantest_wait(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
}

/* Dies the way a crashed process does: no exit handlers, nothing closed. */
static inline void
chantest_crash(void)
{
	fflush(stdout);
	raise(SIGKILL);
}

#endif
