/* jobs.h: child processes, the job table, wait. */
#ifndef SH_JOBS_H
#define SH_JOBS_H

#include <sys/types.h>

struct job;

/* A new job for the processes about to be forked (text for `jobs`). */
struct job *job_new(const char *text, int nprocs);
void job_add_proc(struct job *j, pid_t pid);
/* Waits for every process of a foreground job; returns its status
 * (the last process's, or with pipefail the last failing one's). */
int job_wait_fg(struct job *j);
/* Marks a job as started in the background. */
void job_background(struct job *j);
/* Forks: in the child returns 0 after resetting what a subshell resets. */
pid_t sh_fork(struct job *j, int bg);
/* Collects finished children without blocking. */
void jobs_reap(void);
/* The status 0..255 of a wait status (128+n for signal n). */
int wait_status(int status);
/* Forgets every job (a subshell starts with none of its parent's). */
void jobs_clear(void);

int wait_builtin(int argc, char **argv);
int jobs_builtin(int argc, char **argv);
int fg_builtin(int argc, char **argv);
int bg_builtin(int argc, char **argv);

#endif
