/* launch.h: starting a program with vfork, undoing only what the shell changed. */
#ifndef SH_LAUNCH_H
#define SH_LAUNCH_H

#include <signal.h>
#include <sys/types.h>

struct spawn_req {
	const char *path;
	char **argv, **env;
	const sigset_t *sigdef;  /* signals the program must get as default */
	pid_t pgid;              /* -1: the shell's group; 0: a new one */
	int tty;                 /* >= 0: hand it the terminal */
	int fd_in, fd_out;       /* >= 0: its standard input, output */
};

/* The program's pid, or -errno when it could not be started (the child
 * that tried is reaped). */
pid_t spawn_vfork(const struct spawn_req *r);
/* Sets each signal of set to SIG_DFL. */
void signals_default(const sigset_t *set);

#endif
