/* jobs.h: child processes, the job table, job control, wait. */
#ifndef SH_JOBS_H
#define SH_JOBS_H

#include <signal.h>
#include <sys/types.h>

#include "nodes.h"

struct job;

enum {
	JOB_FG = 0,
	JOB_BG = 0x01,      /* started with & */
	JOB_NOTTY = 0x02,   /* command substitution: never a group of its own */
};

/* A new job for the processes about to start (n is shown by `jobs`). */
struct job *job_new(const struct node *n, int nprocs, int flags);
void job_add_proc(struct job *j, pid_t pid);
/* Forks a process of j: in the child returns 0 after joining j's process
 * group (job control) and resetting what a subshell resets. */
pid_t sh_fork(struct job *j);
/* How a program spawned for j must start: its process group (-1: the
 * shell's, 0: a new one); returns the terminal it must take, or -1. */
int job_spawn_group(const struct job *j, pid_t *pgid);
/* Waits for a foreground job; returns its status (with pipefail, the last
 * failing process's). A job that stops goes to the table (128+signal). */
int job_wait_fg(struct job *j);
/* The job started in the background: into the table, and $!. */
void job_background(struct job *j);
/* Collects finished children without blocking. */
void jobs_reap(void);
/* The status 0..255 of a wait status (128+n for signal n). */
int wait_status(int status);

/* Job control (set -m): the shell in its own process group owning the
 * terminal. Returns 0, or -1 when there is no terminal to control. */
int jobs_control(int on);
/* Is this shell doing job control now (not a subshell, a terminal)? */
int jobs_controlling(void);
/* Signals a new program must get as default under job control. */
void jobs_sigdef(sigset_t *set);
/* Before a prompt: Done and Stopped notices. */
void jobs_notify(void);
/* An interactive shell exiting: SIGHUP (and SIGCONT) to its jobs. */
void jobs_hangup(void);

int wait_builtin(int argc, char **argv);
int jobs_builtin(int argc, char **argv);
int fg_builtin(int argc, char **argv);
int bg_builtin(int argc, char **argv);

#endif
