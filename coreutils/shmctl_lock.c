/* shmctl_lock.c: `shmctl lock NAME -- CMD...`: run a command while holding a segment's lock. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "ipc/core.h"
#include "shmctl.h"

extern char **environ;

/*
 * The command cannot take the lock itself (we hold it, and it is another
 * process), so we lend it: the command's environment carries a ticket in
 * $IPC_SHM_LOCKED, and `shmctl write` (any ipc_shm_join caller) run inside
 * it writes under our lock instead of waiting for it.
 */
static char **
command_env(const char *ticket, char **entry)
{
	const char *old = getenv(IPC_SHM_LOCKED_ENV);
	size_t n = 0, len = strlen(IPC_SHM_LOCKED_ENV) + strlen(ticket) + 3 +
	    (old ? strlen(old) : 0);
	while (environ[n] != NULL)
		n++;
	char **env = calloc(n + 2, sizeof *env);
	*entry = malloc(len);
	if (env == NULL || *entry == NULL) {
		free(env);
		free(*entry);
		return NULL;
	}
	snprintf(*entry, len, "%s=%s%s%s", IPC_SHM_LOCKED_ENV, old ? old : "",
	    old && *old ? ":" : "", ticket);
	size_t k = 0, keylen = strlen(IPC_SHM_LOCKED_ENV);
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], IPC_SHM_LOCKED_ENV, keylen) != 0 || environ[i][keylen] != '=')
			env[k++] = environ[i];
	env[k++] = *entry;
	env[k] = NULL;
	return env;
}

/* Waits for the command; a signal the shell wants honoured is passed on to
 * it, and we keep waiting: the lock must outlive the command's work. */
static int
reap(pid_t pid)
{
	for (;;) {
		int st;
		if (waitpid(pid, &st, 0) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		if (errno != EINTR)
			return cli_fail(SHMCTL, NULL, -errno);
		int sig = cli_pending_signal();
		if (sig != 0)
			kill(pid, sig);
	}
}

/* Runs cmd with env; its status, or 127 (not found) / 126 (cannot run), as shells do. */
static int
run_command(char **cmd, char **env)
{
	pid_t pid;
	fflush(stdout);
	int e = posix_spawnp(&pid, cmd[0], NULL, NULL, cmd, env);
	if (e != 0) {
		cli_error(SHMCTL, cmd[0], "%s", e == ENOENT ? "command not found" : ipc_strerror(e));
		return e == ENOENT ? 127 : 126;
	}
	return reap(pid);
}

static int
lock_op(ipc_shm *shm, void *arg, int slice_ms)
{
	return ipc_shm_lock(shm, slice_ms);
}

/* Takes the lock and runs the command under it; the command's status. */
static int
run_locked(const struct shmctl_args *a, ipc_shm *shm)
{
	const char *name = a->ops[0];
	int sig = 0;
	int r = shmctl_sliced(shm, lock_op, NULL, a->timeout_ms, &sig);
	if (sig != 0)
		return 128 + sig;
	if (r < 0)
		return shmctl_fail(name, r);
	shmctl_recovered(name, r);
	char ticket[IPC_NAME_MAX + 32], *entry = NULL;
	int status = CLI_FAIL;
	char **env = ipc_shm_ticket(shm, ticket, sizeof ticket) < 0 ? NULL
	    : command_env(ticket, &entry);
	if (env != NULL)
		status = run_command(a->cmd, env);
	else
		cli_fail(SHMCTL, name, -ENOMEM);
	ipc_shm_unlock(shm);
	free(env);
	free(entry);
	return status;
}

int
shmctl_lock(const struct shmctl_args *a)
{
	ipc_shm *shm = NULL;
	int e = ipc_shm_open(&shm, a->ops[0], IPC_SHM_RDWR);
	if (e < 0)
		return shmctl_fail(a->ops[0], e);
	int status;
	if (ipc_shm_join(shm, getenv(IPC_SHM_LOCKED_ENV)) == 0) {
		/* Nested inside a lock of the same segment: it is already ours. */
		status = run_command(a->cmd, environ);
		ipc_shm_unlock(shm);
	} else {
		status = run_locked(a, shm);
	}
	ipc_shm_close(shm);
	return status;
}
