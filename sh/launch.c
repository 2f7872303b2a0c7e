/* launch.c: starting a program with vfork, undoing only what the shell changed. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"

/*
 * Why not posix_spawn: glibc's child walks every signal, asking and setting
 * each (some 120 sigaction calls per program), because it cannot know which
 * handlers the caller installed. The shell knows: it resets those alone,
 * as dash does. The child borrows the parent's memory until it execs, so
 * it only makes system calls and reports a failure through *err; every
 * signal is blocked meanwhile, so no handler of the shell runs in it.
 */

void
signals_default(const sigset_t *set)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	for (int s = 1; s < NSIG; s++)
		if (sigismember(set, s) == 1)
			sigaction(s, &dfl, NULL);
}

/* fd becomes target, kept across exec even when it already is target. */
static int
move_to(int fd, int target)
{
	if (fd == target)
		return fcntl(fd, F_SETFD, 0);
	return dup2(fd, target) < 0 ? -1 : 0;
}

static _Noreturn void
child(const struct spawn_req *r, volatile int *err)
{
	sigset_t none;
	signals_default(r->sigdef);
	if ((r->pgid >= 0 && setpgid(0, r->pgid) < 0) ||
	    (r->tty >= 0 && tcsetpgrp(r->tty, getpgrp()) < 0) ||
	    (r->fd_in >= 0 && move_to(r->fd_in, 0) < 0) ||
	    (r->fd_out >= 0 && move_to(r->fd_out, 1) < 0))
		goto fail;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(r->path, r->argv, r->env);
fail:
	*err = errno;
	_exit(127);
}

pid_t
spawn_vfork(const struct spawn_req *r)
{
	sigset_t all, old;
	volatile int err = 0;
	sigfillset(&all);
	if (sigprocmask(SIG_SETMASK, &all, &old) < 0)
		return -errno;
	pid_t pid = vfork();
	if (pid == 0)
		child(r, &err);
	int e = pid < 0 ? errno : 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		return -e;
	if (err != 0) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			continue;
		return -err;
	}
	return pid;
}
