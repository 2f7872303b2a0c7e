/* jobs.c: the job table: forking, process groups and the terminal, waiting,
 * notices, and the jobs, fg, bg and wait builtins. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "builtins.h"
#include "error.h"
#include "eval.h"
#include "expand.h"
#include "jobs.h"
#include "mem.h"
#include "options.h"
#include "output.h"
#include "redir.h"
#include "show.h"
#include "signames.h"
#include "trap.h"

enum state { RUNNING, STOPPED, DONE };

struct proc {
	pid_t pid;
	int status;     /* the last wait status */
	enum state state;
};

struct job {
	struct job *next;
	int id;
	int flags;
	pid_t pgid;     /* 0 until the first process starts (job control) */
	int nprocs, cap;
	struct proc *procs;
	const struct node *node;   /* while the command runs: its text on demand */
	char *text;
	unsigned stamp; /* the most recent is the current job (%+) */
	int notified;   /* its last change was reported */
	struct termios tmodes;   /* the terminal as the job left it (stopped) */
	int has_tmodes;
};

/* Background and stopped jobs wait here; the foreground job lives in fgjob
 * only while the shell waits for it. Remembered statuses are bounded
 * (CHILD_MAX-like): the oldest finished go first, so a long loop of
 * `cmd &` cannot grow the table forever. */
static struct job *jobs;
static int njobs;
static struct job fgjob;
static unsigned stamps;
#define MAX_JOBS 1024

/* Job control state. */
static int jc;              /* on: jobs get process groups and the terminal */
static int tty_fd = -1;
static pid_t shell_pgid;
static struct termios shell_tmodes;

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

/* ---- job control ---- */

int
jobs_controlling(void)
{
	return jc;
}

/* The stop signals a job-controlling shell ignores for itself; one the
 * user ignores with trap stays ignored in its jobs (XCU 2.12). */
static const int stop_sigs[] = { SIGTSTP, SIGTTIN, SIGTTOU };

int
jobs_control(int on)
{
	if (!on) {
		jc = 0;
		return 0;
	}
	if (tty_fd < 0) {
		int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return -1;
		tty_fd = fd_move_high(fd);
	}
	/* Wait to be in the foreground, then take our own group. */
	pid_t pg;
	while ((pg = tcgetpgrp(tty_fd)) >= 0 && pg != getpgrp())
		kill(-getpgrp(), SIGTTIN);
	/* Ignored for the shell itself, not by the user: trap may still
	 * set them, which it may not for signals ignored on entry. */
	for (size_t i = 0; i < sizeof stop_sigs / sizeof stop_sigs[0]; i++) {
		trap_note_entry(stop_sigs[i]);
		signal(stop_sigs[i], SIG_IGN);
	}
	shell_pgid = getpid();
	if (getpgrp() != shell_pgid && setpgid(0, shell_pgid) < 0)
		return -1;
	if (tcsetpgrp(tty_fd, shell_pgid) < 0)
		return -1;
	tcgetattr(tty_fd, &shell_tmodes);
	jc = 1;
	return 0;
}

void
jobs_sigdef(sigset_t *set)
{
	for (size_t i = 0; jc && i < sizeof stop_sigs / sizeof stop_sigs[0]; i++)
		if (!trap_ignored(stop_sigs[i]))
			sigaddset(set, stop_sigs[i]);
}

/* ---- the foreground job and processes ---- */

struct job *
job_new(const struct node *n, int nprocs, int flags)
{
	struct job *j = &fgjob;
	j->nprocs = 0;
	if (j->cap < nprocs) {
		free(j->procs);
		j->cap = nprocs < 4 ? 4 : nprocs;
		j->procs = xmalloc((size_t)j->cap * sizeof *j->procs);
	}
	j->flags = flags;
	j->pgid = 0;
	j->node = n;
	j->text = NULL;
	j->has_tmodes = 0;
	return j;
}

static int
uses_jc(const struct job *j)
{
	return jc && !(j->flags & JOB_NOTTY);
}

void
job_add_proc(struct job *j, pid_t pid)
{
	if (j->nprocs == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 4;
		j->procs = xrealloc(j->procs, (size_t)j->cap * sizeof *j->procs);
	}
	j->procs[j->nprocs++] = (struct proc){ pid, 0, RUNNING };
	if (uses_jc(j)) {
		if (j->pgid == 0)
			j->pgid = pid;
		setpgid(pid, j->pgid);   /* also done by the child: whoever runs first */
	}
}

int
job_spawn_group(const struct job *j, pid_t *pgid)
{
	*pgid = uses_jc(j) ? j->pgid : -1;
	return uses_jc(j) && !(j->flags & JOB_BG) ? tty_fd : -1;
}

pid_t
sh_fork(struct job *j)
{
	/* Signals wait while the child resets its traps: one sent to it
	 * right after the fork must find the default action, not run the
	 * parent's trap (an inherited handler would mark it pending). */
	sigset_t all, old;
	sigfillset(&all);
	out_flush_all();
	sigprocmask(SIG_BLOCK, &all, &old);
	pid_t pid = fork();
	if (pid != 0)
		sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		sh_error("fork: %s", strerror(errno));
	if (pid > 0) {
		job_add_proc(j, pid);
		return pid;
	}
	if (uses_jc(j)) {
		pid_t pg = j->pgid ? j->pgid : getpid();
		setpgid(0, pg);
		if (!(j->flags & JOB_BG))
			tcsetpgrp(tty_fd, pg);
		for (size_t i = 0; i < sizeof stop_sigs / sizeof stop_sigs[0]; i++)
			if (!trap_ignored(stop_sigs[i]))
				signal(stop_sigs[i], SIG_DFL);
	}
	/* A subshell does no job control of its own; the parent's jobs stay
	 * listed (`jobs | wc -l`) but are not its to wait for. */
	jc = 0;
	trap_subshell_reset();
	sigprocmask(SIG_SETMASK, &old, NULL);
	fgjob.nprocs = 0;
	return 0;
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
	if (p == NULL)
		return;
	p->status = status;
	p->state = WIFSTOPPED(status) ? STOPPED : WIFCONTINUED(status) ? RUNNING : DONE;
	if (j != &fgjob)
		j->notified = 0;
}

static enum state
job_state(const struct job *j)
{
	int stopped = 0;
	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state == RUNNING)
			return RUNNING;
		if (j->procs[i].state == STOPPED)
			stopped = 1;
	}
	return stopped ? STOPPED : DONE;
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

/* Waits for one child; -1 when a trapped signal interrupted an
 * interruptible wait, -2 when there are no children left. */
static int
wait_one(int interruptible)
{
	int status;
	/* Output written before the wait comes before the children's. */
	out_flush_all();
	/* A trapped signal may have come before the wait began, or between
	 * that check and waitpid, which then returns a child's end, not
	 * EINTR: it was received while waiting all the same. */
	if (interruptible && trap_interrupted())
		return -1;
	pid_t pid = waitpid(-1, &status, jc ? WUNTRACED | WCONTINUED : 0);
	if (pid < 0) {
		if (errno == EINTR && interruptible && trap_interrupted())
			return -1;
		return errno == ECHILD ? -2 : 0;
	}
	record(pid, status);
	return interruptible && trap_interrupted() ? -1 : 0;
}

static const char *
job_text(struct job *j)
{
	if (j->text == NULL)
		j->text = j->node ? node_text(j->node) : xstrdup("");
	return j->text;
}

/* ---- the table ---- */

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

/* Moves the foreground job into the table. */
static struct job *
to_table(struct job *fg)
{
	if (njobs >= MAX_JOBS) {
		for (struct job *j = jobs, *nx; j && njobs >= MAX_JOBS; j = nx) {
			nx = j->next;
			if (job_state(j) == DONE)
				drop(j);
		}
	}
	struct job *j = xmalloc(sizeof *j);
	*j = *fg;
	j->procs = xmalloc((size_t)fg->nprocs * sizeof *j->procs);
	memcpy(j->procs, fg->procs, (size_t)fg->nprocs * sizeof *j->procs);
	j->cap = fg->nprocs;
	j->text = NULL;
	job_text(j);      /* the tree is about to go */
	j->node = NULL;
	j->id = next_id();
	j->stamp = ++stamps;
	j->notified = 0;
	struct job **pp = &jobs;
	while (*pp)
		pp = &(*pp)->next;
	j->next = NULL;
	*pp = j;
	njobs++;
	fg->nprocs = 0;
	return j;
}

void
job_background(struct job *fg)
{
	last_bg_pid = fg->nprocs ? fg->procs[fg->nprocs - 1].pid : -1;
	struct job *j = to_table(fg);
	j->notified = 1;
	if (opt.interactive && jc) {
		out_fmt(&out2, "[%d] %ld\n", j->id, (long)(j->pgid ? j->pgid : last_bg_pid));
		out_flush(&out2);
	}
}

static void
give_terminal_back(struct job *j)
{
	if (!jc || tty_fd < 0)
		return;
	if (j != NULL && tcgetattr(tty_fd, &j->tmodes) == 0)
		j->has_tmodes = 1;
	tcsetpgrp(tty_fd, shell_pgid);
	tcsetattr(tty_fd, TCSADRAIN, &shell_tmodes);
}

static void print_job(struct output *o, struct job *j, int pids);

/* A foreground job ended by Ctrl-C: the terminal echoed ^C, so the next
 * prompt goes on a line of its own (as in bash and dash). */
static void
newline_after_interrupt(const struct job *j)
{
	if (jc && opt.interactive && j->nprocs &&
	    WIFSIGNALED(j->procs[j->nprocs - 1].status) &&
	    WTERMSIG(j->procs[j->nprocs - 1].status) == SIGINT) {
		out_char(&out2, '\n');
		out_flush(&out2);
	}
}

int
job_wait_fg(struct job *j)
{
	while (job_state(j) == RUNNING)
		if (wait_one(0) == -2)
			break;
	int st;
	if (job_state(j) == STOPPED) {
		give_terminal_back(j);
		struct job *t = to_table(j);
		t->has_tmodes = j->has_tmodes;
		t->tmodes = j->tmodes;
		t->notified = 1;
		out_char(&out2, '\n');
		out_flush(&out2);
		print_job(&out2, t, 0);
		for (int i = 0; i < t->nprocs; i++)
			if (t->procs[i].state == STOPPED)
				return 128 + WSTOPSIG(t->procs[i].status);
		return 128 + SIGTSTP;
	}
	if (uses_jc(j) && !(j->flags & JOB_BG))
		give_terminal_back(NULL);
	st = job_status(j);
	newline_after_interrupt(j);
	j->nprocs = 0;
	return st;
}

void
jobs_reap(void)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG | (jc ? WUNTRACED | WCONTINUED : 0))) > 0)
		record(pid, status);
}

/* ---- listing ---- */

static struct job *
current(int nth)
{
	struct job *best = NULL, *second = NULL;
	for (struct job *j = jobs; j; j = j->next) {
		if (best == NULL || j->stamp > best->stamp) {
			second = best;
			best = j;
		} else if (second == NULL || j->stamp > second->stamp) {
			second = j;
		}
	}
	return nth == 0 ? best : second;
}

static const char *
state_text(const struct job *j, char *buf, size_t n)
{
	const struct proc *p = &j->procs[j->nprocs - 1];
	switch (job_state(j)) {
	case RUNNING:
		return "Running";
	case STOPPED:
		return "Stopped";
	default:
		break;
	}
	if (WIFSIGNALED(p->status)) {
		const char *name = sig_name(WTERMSIG(p->status));
		if (WTERMSIG(p->status) == SIGTERM)
			return "Terminated";
		snprintf(buf, n, "Killed (SIG%s)", name ? name : "?");
		return buf;
	}
	if (WEXITSTATUS(p->status) != 0) {
		snprintf(buf, n, "Exit %d", WEXITSTATUS(p->status));
		return buf;
	}
	return "Done";
}

/* A job's line: to stdout for `jobs`, to stderr when the shell reports
 * a change by itself (a job stopped, or done before a prompt), as dash
 * and bash do, so that it never mixes into a script's output. */
static void
print_job(struct output *o, struct job *j, int pids)
{
	char buf[48];
	char mark = j == current(0) ? '+' : j == current(1) ? '-' : ' ';
	const char *st = state_text(j, buf, sizeof buf);
	out_fmt(o, "[%d]%c ", j->id, mark);
	if (pids)
		out_fmt(o, "%ld ", (long)j->procs[0].pid);
	out_fmt(o, " %-24s%s%s\n", st, job_text(j),
	    job_state(j) == RUNNING && (j->flags & JOB_BG) ? " &" : "");
	out_flush(o);
}

void
jobs_notify(void)
{
	jobs_reap();
	for (struct job *j = jobs, *nx; j; j = nx) {
		nx = j->next;
		if (j->notified)
			continue;
		enum state s = job_state(j);
		if (s == RUNNING)
			continue;
		print_job(&out2, j, 0);
		j->notified = 1;
		if (s == DONE)
			drop(j);
	}
}

void
jobs_hangup(void)
{
	for (struct job *j = jobs; j; j = j->next) {
		if (job_state(j) == DONE)
			continue;
		pid_t target = j->pgid ? -j->pgid : j->procs[0].pid;
		kill(target, SIGHUP);
		if (job_state(j) == STOPPED)
			kill(target, SIGCONT);
	}
}

/* ---- job specs ---- */

static struct job *
job_by_spec(const char *spec, int *ambiguous)
{
	*ambiguous = 0;
	const char *s = spec + 1;
	if (*s == '\0' || strcmp(s, "%") == 0 || strcmp(s, "+") == 0)
		return current(0);
	if (strcmp(s, "-") == 0)
		return current(1);
	if (*s >= '0' && *s <= '9') {
		int id = atoi(s);
		for (struct job *j = jobs; j; j = j->next)
			if (j->id == id)
				return j;
		return NULL;
	}
	int contains = *s == '?';
	if (contains)
		s++;
	struct job *hit = NULL;
	for (struct job *j = jobs; j; j = j->next) {
		const char *t = job_text(j);
		int match = contains ? strstr(t, s) != NULL : strncmp(t, s, strlen(s)) == 0;
		if (!match)
			continue;
		if (hit != NULL) {
			*ambiguous = 1;
			return NULL;
		}
		hit = j;
	}
	return hit;
}

int
jobs_kill(const char *spec, int sig)
{
	int amb;
	struct job *j = job_by_spec(spec, &amb);
	if (amb)
		return -EINVAL;
	if (j == NULL || j->nprocs == 0)
		return -ESRCH;
	if (j->pgid)
		return kill(-j->pgid, sig) == 0 ? 0 : errno;
	/* No group of its own (no job control): each process of a pipeline. */
	int err = 0, sent = 0;
	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state == DONE)
			continue;   /* reaped: its pid may be someone else's now */
		if (kill(j->procs[i].pid, sig) == 0)
			sent = 1;
		else
			err = errno;
	}
	return sent ? 0 : err ? err : ESRCH;
}

static struct job *
spec_or_warn(const char *who, const char *spec)
{
	int amb;
	struct job *j = spec ? job_by_spec(spec, &amb) : current(0);
	if (j == NULL)
		sh_warn("%s: %s: %s", who, spec ? spec : "current", spec && amb ?
		    "ambiguous job" : "no such job");
	return j;
}

/* ---- wait ---- */

static struct job *
job_of_pid(pid_t pid, struct proc **pp)
{
	struct job *j;
	struct proc *p = find_proc(pid, &j);
	if (pp)
		*pp = p;
	return p && j != &fgjob ? j : NULL;
}

/* Waits for j to finish; its status, or 128+sig when a trapped signal
 * interrupted the wait. */
static int
wait_job(struct job *j)
{
	while (job_state(j) == RUNNING) {
		int r = wait_one(1);
		if (r == -1)
			return 128 + trap_interrupted();
		if (r == -2)
			break;
	}
	int st = job_status(j);
	if (job_state(j) == DONE)
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
		for (struct job *j = jobs, *nx; j; j = nx) {
			nx = j->next;
			if (job_state(j) == STOPPED)
				continue;
			int st = wait_job(j);
			if (st > 128 && trap_interrupted())
				return st;
		}
		return 0;
	}
	for (; i < argc; i++) {
		struct job *j;
		struct proc *p = NULL;
		if (argv[i][0] == '%') {
			int amb;
			j = job_by_spec(argv[i], &amb);
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
		if (p != NULL && p != &j->procs[j->nprocs - 1]) {
			/* one process of a pipeline: its own status; the last
			 * one ($! of a pipeline) stands for the job, so that
			 * pipefail counts (bash, ksh and yash agree) */
			int r = 0;
			while (p->state == RUNNING && (r = wait_one(1)) == 0)
				;
			if (r == -1)
				return 128 + trap_interrupted();
			status = wait_status(p->status);
			continue;
		}
		status = wait_job(j);
	}
	return status;
}

/* ---- jobs, fg, bg ---- */

int
jobs_builtin(int argc, char **argv)
{
	int pids = 0, longfmt = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'p')
				pids = 1;
			else if (*o == 'l')
				longfmt = 1;
			else {
				sh_warn("jobs: -%c: invalid option", *o);
				return 2;
			}
		}
	}
	jobs_reap();
	int status = 0;
	for (struct job *j = jobs, *nx; j; j = nx) {
		nx = j->next;
		if (i < argc) {
			int amb, wanted = 0;
			for (int k = i; k < argc; k++)
				if (job_by_spec(argv[k], &amb) == j)
					wanted = 1;
			if (!wanted)
				continue;
		}
		if (pids) {
			out_fmt(&out1, "%ld\n", (long)(j->pgid ? j->pgid : j->procs[0].pid));
			continue;
		}
		print_job(&out1, j, longfmt);
		/* Reported ended: no longer known, to wait either (XCU jobs). */
		if (job_state(j) == DONE)
			drop(j);
		else if (job_state(j) != RUNNING)
			j->notified = 1;
	}
	for (int k = i; k < argc; k++) {
		int amb;
		if (job_by_spec(argv[k], &amb) == NULL) {
			sh_warn("jobs: %s: no such job", argv[k]);
			status = 1;
		}
	}
	return status;
}

static int
continue_job(struct job *j, int fg)
{
	pid_t target = j->pgid ? -j->pgid : j->procs[0].pid;
	j->stamp = ++stamps;
	if (fg) {
		out_fmt(&out1, "%s\n", job_text(j));
		out_flush(&out1);
		if (jc && j->pgid) {
			if (j->has_tmodes)
				tcsetattr(tty_fd, TCSADRAIN, &j->tmodes);
			tcsetpgrp(tty_fd, j->pgid);
		}
	} else {
		out_fmt(&out1, "[%d]%c %s &\n", j->id, j == current(0) ? '+' : ' ', job_text(j));
	}
	for (int i = 0; i < j->nprocs; i++)
		if (j->procs[i].state == STOPPED)
			j->procs[i].state = RUNNING;
	if (kill(target, SIGCONT) < 0 && errno != ESRCH)
		sh_warn("%s: %s", fg ? "fg" : "bg", strerror(errno));
	if (!fg) {
		j->flags |= JOB_BG;
		return 0;
	}
	/* Back to the foreground: wait for it here. */
	j->flags &= ~JOB_BG;
	while (job_state(j) == RUNNING)
		if (wait_one(0) == -2)
			break;
	if (job_state(j) == STOPPED) {
		give_terminal_back(j);
		j->notified = 1;
		out_char(&out2, '\n');
		out_flush(&out2);
		print_job(&out2, j, 0);
		return 128 + SIGTSTP;
	}
	give_terminal_back(NULL);
	int st = job_status(j);
	newline_after_interrupt(j);
	drop(j);
	return st;
}

int
fg_builtin(int argc, char **argv)
{
	if (!jc) {
		sh_warn("fg: no job control");
		return 1;
	}
	struct job *j = spec_or_warn("fg", argc > 1 ? argv[1] : NULL);
	return j ? continue_job(j, 1) : 1;
}

int
bg_builtin(int argc, char **argv)
{
	if (!jc) {
		sh_warn("bg: no job control");
		return 1;
	}
	int status = 0;
	if (argc < 2) {
		struct job *j = spec_or_warn("bg", NULL);
		return j ? continue_job(j, 0) : 1;
	}
	for (int i = 1; i < argc; i++) {
		struct job *j = spec_or_warn("bg", argv[i]);
		if (j == NULL)
			status = 1;
		else
			continue_job(j, 0);
	}
	return status;
}
