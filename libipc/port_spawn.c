/* port_spawn.c: start the per-user portd on demand, as the first client of a session does. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "port_conn.h"

extern char **environ;

/*
 * Where portd is: $IPC_PORTD, else where it is installed, else on $PATH,
 * else in the build tree this library came from (so a build that was never
 * installed works as soon as it is built).
 */
static const char *
portd_path(int *search)
{
	const char *env = getenv("IPC_PORTD");
	*search = 0;
	if (env != NULL && *env != '\0')
		return env;
	if (access(IPC_PORTD_PATH, X_OK) == 0)
		return IPC_PORTD_PATH;
	const char *path = getenv("PATH");
	if (path != NULL && *path != '\0') {
		*search = 1;
		return "portd";
	}
	return IPC_PORTD_BUILD_PATH;
}

static int
spawn(const char *path, int search, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	char *argv[] = { "portd", NULL };
	int e = search ? posix_spawnp(pid, path, &fa, &at, argv, environ)
	    : posix_spawn(pid, path, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return -e;
}

/* portd returns once its socket answers (or another broker's does): its
 * status says whether to dial again. A shell that reaps its children itself
 * may take the status first; then dialling again tells. */
int
ipc__port_spawn(void)
{
	int search;
	const char *path = portd_path(&search);
	pid_t pid;
	int e = spawn(path, search, &pid);
	if (e == -ENOENT && search) {
		search = 0;
		e = spawn(path = IPC_PORTD_BUILD_PATH, 0, &pid);
	}
	if (e < 0)
		return e;
	int st;
	pid_t r;
	do
		r = waitpid(pid, &st, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return 0;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		return -ENOENT;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -ECONNREFUSED;
	return 0;
}
