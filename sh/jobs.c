/* jobs.c: the job table: forking, waiting, statuses, and the wait builtin. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "eval.h"
#include "expand.h"
#include "builtins.h"
#include "jobs.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "trap.h"

struct proc {
	pid_t pid;
	int status;     /* wait status */
	int done;
};

struct job {
	struct job *next;
	int id;
	int bg;
	int nprocs, cap;
	struct proc *procs;
	char *text;
	int used;       /* still in the table */
};

/* Background jobs wait here until `wait` collects them; foreground jobs
 * live only while the shell waits for them. */
static struct job *jobs;
static int njobs;
static struct job fgjob;   /* reused: the foreground job is never in the table */

/* Remembered background statuses are bounded (CHILD_MAX-like): the oldest
 * finished ones go first, so a long loop of `cmd &` does not grow forever. */
#define MAX_JOBS 1024

int
wait_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	if (WIFSTOPPED(status))
		return 128 + WSTOPSIG(status);
	return 0;
}

struct job *
job_new(const char *text, int nprocs)
{
	struct job *j = &fgjob;
	j->nprocs = 0;
	if (j->cap < nprocs) {
		free(j->procs);
		j->cap = nprocs < 4 ? 4 : nprocs;
		j->procs = xmalloc((size_t)j->cap * sizeof *j->procs);
	}
	j->bg = 0;
	j->text = (char *)text;
	return j;
}

void
job_add_proc(struct job *j, pid_t pid)
{
	if (j->nprocs == j->cap) {
		j->cap *= 2;
		j->procs = xrealloc(j->procs, (size_t)j->cap * sizeof *j->procs);
	}
	j->procs[j->nprocs++] = (struct proc){ pid, 0, 0 };
}

static struct proc *
find_proc(pid_t pid, struct job **owner)
{
	for (int i = 0; i < fgjob.nprocs; i++)
		if (fgjob.procs[i].pid == pid) {
			*owner = &fgjob;
			return &fgjob.procs[i];
		}
	for (struct job *j = jobs; j; j = j->next)
		for (int i = 0; i < j->nprocs; i++)
			if (j->procs[i].pid == pid) {
				*owner = j;
				return &j->procs[i];
			}
	return NULL;
}

static void
record(pid_t pid, int status)
{
	struct job *j;
	struct proc *p = find_proc(pid, &j);
	if (p != NULL && !WIFSTOPPED(status)) {
		p->status = status;
		p->done = 1;
	}
}

static int
job_done(const struct job *j)
{
	for (int i = 0; i < j->nprocs; i++)
		if (!j->procs[i].done)
			return 0;
	return 1;
}

static int
job_status(const struct job *j)
{
	int st = j->nprocs ? wait_status(j->procs[j->nprocs - 1].status) : 0;
	if (opt.pipefail)
		for (int i = j->nprocs - 1; i >= 0; i--)
			if (wait_status(j->procs[i].status) != 0) {
				st = wait_status(j->procs[i].status);
				break;
			}
	return st;
}

/* Waits for one child of j (blocking); -1 with EINTR when a trapped signal
 * arrived and the caller should stop waiting. */
static int
wait_one(int interruptible)
{
	int status;
	pid_t pid = waitpid(-1, &status, 0);
	if (pid < 0) {
		if (errno == EINTR && interruptible && trap_interrupted())
			return -1;
		if (errno == ECHILD)
			return -2;
		return 0;
	}
	record(pid, status);
	return 0;
}

int
job_wait_fg(struct job *j)
{
	while (!job_done(j)) {
		if (wait_one(0) == -2)
			break;
	}
	int st = job_status(j);
	j->nprocs = 0;
	return st;
}

static int
next_id(void)
{
	int id = 1;
	for (struct job *j = jobs; j; j = j->next)
		if (j->id >= id)
			id = j->id + 1;
	return id;
}

static void
drop(struct job *j)
{
	struct job **pp = &jobs;
	while (*pp != j)
		pp = &(*pp)->next;
	*pp = j->next;
	free(j->procs);
	free(j->text);
	free(j);
	njobs--;
}

void
job_background(struct job *fg)
{
	if (njobs >= MAX_JOBS) {
		for (struct job *j = jobs, *nx; j && njobs >= MAX_JOBS; j = nx) {
			nx = j->next;
			if (job_done(j))
				drop(j);
		}
	}
	struct job *j = xmalloc(sizeof *j);
	*j = *fg;
	j->procs = xmalloc((size_t)fg->nprocs * sizeof *j->procs);
	memcpy(j->procs, fg->procs, (size_t)fg->nprocs * sizeof *j->procs);
	j->cap = fg->nprocs;
	j->text = xstrdup(fg->text ? fg->text : "");
	j->bg = 1;
	j->id = next_id();
	/* append: job order is start order */
	struct job **pp = &jobs;
	while (*pp)
		pp = &(*pp)->next;
	j->next = NULL;
	*pp = j;
	njobs++;
	fg->nprocs = 0;
}

pid_t
sh_fork(struct job *j, int bg)
{
	out_flush_all();
	pid_t pid = fork();
	if (pid < 0)
		sh_error("fork: %s", strerror(errno));
	if (pid == 0) {
		/* The parent's jobs stay listed (`jobs | wc -l` counts them) but
		 * are not this child's to wait for: waits end at ECHILD. */
		trap_subshell_reset();
		fgjob.nprocs = 0;
		return 0;
	}
	(void)bg;
	job_add_proc(j, pid);
	return pid;
}

void
jobs_clear(void)
{
	while (jobs != NULL)
		drop(jobs);
	fgjob.nprocs = 0;
}

void
jobs_reap(void)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		record(pid, status);
}

/* ---- wait ---- */

static struct job *
job_of_pid(pid_t pid, struct proc **pp)
{
	struct job *j;
	struct proc *p = find_proc(pid, &j);
	if (pp)
		*pp = p;
	return p ? j : NULL;
}

static struct job *
job_by_spec(const char *spec)
{
	if (spec[1] == '%' || spec[1] == '+' || spec[1] == '\0') {
		struct job *last = NULL;
		for (struct job *j = jobs; j; j = j->next)
			last = j;
		return last;
	}
	if (spec[1] >= '0' && spec[1] <= '9') {
		int id = atoi(spec + 1);
		for (struct job *j = jobs; j; j = j->next)
			if (j->id == id)
				return j;
		return NULL;
	}
	for (struct job *j = jobs; j; j = j->next)
		if (strncmp(j->text, spec + 1, strlen(spec + 1)) == 0)
			return j;
	return NULL;
}

int
jobs_pid_of(const char *spec, pid_t *pgid)
{
	struct job *j = job_by_spec(spec);
	if (j == NULL || j->nprocs == 0)
		return -ESRCH;
	*pgid = j->procs[0].pid;
	return 0;
}

/* Waits for j to finish; returns its status, or 128+sig when a trapped
 * signal interrupted the wait. */
static int
wait_job(struct job *j)
{
	while (!job_done(j)) {
		int r = wait_one(1);
		if (r == -1)
			return 128 + trap_interrupted();
		if (r == -2)
			break;
	}
	int st = job_status(j);
	drop(j);
	return st;
}

int
wait_builtin(int argc, char **argv)
{
	int i = 1, status = 0;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		while (jobs != NULL) {
			int st = wait_job(jobs);
			if (st > 128 && trap_interrupted())
				return st;
		}
		return 0;
	}
	for (; i < argc; i++) {
		struct job *j;
		struct proc *p = NULL;
		if (argv[i][0] == '%') {
			j = job_by_spec(argv[i]);
		} else {
			char *end;
			long pid = strtol(argv[i], &end, 10);
			if (*argv[i] == '\0' || *end != '\0' || pid <= 0) {
				sh_warn("wait: %s: not a pid or valid job spec", argv[i]);
				status = 2;
				continue;
			}
			j = job_of_pid((pid_t)pid, &p);
		}
		if (j == NULL) {
			status = 127;
			continue;
		}
		if (p != NULL && j->nprocs > 1) {
			/* waiting for one process of a pipeline: its own status */
			while (!p->done && wait_one(1) == 0)
				;
			status = wait_status(p->status);
			continue;
		}
		status = wait_job(j);
	}
	return status;
}

int
jobs_builtin(int argc, char **argv)
{
	int pids = argc > 1 && strcmp(argv[1], "-p") == 0;
	jobs_reap();
	for (struct job *j = jobs, *nx; j; j = nx) {
		nx = j->next;
		if (pids) {
			out_fmt(&out1, "%ld\n", (long)j->procs[0].pid);
			continue;
		}
		int done = job_done(j);
		out_fmt(&out1, "[%d] %s %s\n", j->id, done ? "Done" : "Running", j->text);
	}
	return 0;
}

int
fg_builtin(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_warn("fg: no job control");
	return 1;
}

int
bg_builtin(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh_warn("bg: no job control");
	return 1;
}
