/* activate.c: start a port's service on lookup, from $XDG_CONFIG_HOME/ipc/services/NAME.service. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "portd.h"

extern char **environ;

static struct activation *
act_find(struct broker *b, const char *name)
{
	struct activation *a = b->acts;
	while (a && strcmp(a->name, name) != 0)
		a = a->next;
	return a;
}

static void
act_free(struct broker *b, struct activation *a)
{
	struct activation **ap = &b->acts;
	while (*ap != a)
		ap = &(*ap)->next;
	*ap = a->next;
	free(a->waiters);
	free(a->name);
	free(a);
}

/* Tells every waiting lookup the outcome, then forgets the activation. */
static void
act_finish(struct broker *b, struct activation *a, struct port *p, int err,
    const char *why)
{
	for (unsigned i = 0; i < a->nwaiters; i++) {
		struct client *c = client_get(b, a->waiters[i].client);
		if (c == NULL)
			continue;
		struct ipc__frame req = { .kind = IPC__K_LOOKUP, .cookie = a->waiters[i].cookie };
		if (p != NULL) {
			struct ipc__frame r = { .kind = IPC__K_OPENED_PORT, .src = p->id,
			    .flags = IPC__F_HASRECV, .cookie = req.cookie };
			client_reply(b, c, &r, p->name, (uint32_t)strlen(p->name), -1);
		} else {
			client_error(b, c, &req, err, "%s", why);
		}
	}
	act_free(b, a);
}

/* Timeout=SECONDS: how long the service has to take its port. */
static int
parse_timeout(const char *v, int *ms)
{
	char *end;
	double s = strtod(v, &end);
	if (end == v || *end != '\0' || !(s > 0) || s > 86400)
		return -EINVAL;
	*ms = (int)(s * 1000 + 0.5);
	return 0;
}

/* Reads the service file of name into text (len bytes at most). It must
 * belong to this portd's user (or root) and be writable by no one else:
 * portd runs what it says. -ENOENT when there is none. */
static int
read_file(struct broker *b, const char *name, char *text, size_t len, char *path,
    size_t pathlen, char *why, size_t whylen)
{
	if ((size_t)snprintf(path, pathlen, "%s/%s.service", b->services, name) >= pathlen)
		return -ENOENT;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return -ENOENT;
		if (snprintf(why, whylen, "cannot open %s: %s", path, ipc_strerror(e)) < 0)
			why[0] = '\0';
		return -EACCES;
	}
	struct stat st;
	ssize_t n = fstat(fd, &st) < 0 ? -1 : read(fd, text, len - 1);
	close(fd);
	if (n < 0 || !S_ISREG(st.st_mode) || (st.st_uid != b->uid && st.st_uid != 0) ||
	    (st.st_mode & 022)) {
		if (snprintf(why, whylen, "%s must be a regular file of uid %u, writable "
		    "by it alone", path, (unsigned)b->uid) < 0)
			why[0] = '\0';
		return -EACCES;
	}
	text[n] = '\0';
	return 0;
}

/*
 * A service file is KEY=VALUE lines ('#' comments, [Section] headers
 * ignored): Exec= is the command, run by /bin/sh; Timeout= the seconds it
 * has to take its port. Unknown keys are ignored, for later ones.
 */
static int
read_service(struct broker *b, const char *name, char *cmd, size_t cmdlen,
    int *timeout_ms, char *why, size_t whylen)
{
	char path[8192], text[8192], *save = NULL;
	int e = read_file(b, name, text, sizeof text, path, sizeof path, why, whylen);
	if (e < 0)
		return e;
	cmd[0] = '\0';
	*timeout_ms = b->lim.activate_ms;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line += strspn(line, " \t");
		if (strncmp(line, "Exec=", 5) == 0 && line[5] != '\0' &&
		    (size_t)snprintf(cmd, cmdlen, "%s", line + 5) >= cmdlen)
			break;   /* too long: refused below */
		if (strncmp(line, "Timeout=", 8) == 0 && parse_timeout(line + 8, timeout_ms) < 0) {
			cmd[0] = '\0';
			break;
		}
	}
	if (cmd[0] != '\0' && strlen(cmd) < cmdlen - 1)
		return 0;
	if (snprintf(why, whylen, "%s needs one Exec= line (and a Timeout= in seconds, "
	    "if any)", path) < 0)
		why[0] = '\0';
	return -EINVAL;
}

/* Runs cmd detached from portd's signals, output appended to a log. */
static int
spawn_service(struct broker *b, const char *name, const char *cmd, pid_t *pid,
    char *log, size_t loglen)
{
	if ((size_t)snprintf(log, loglen, "%s/%s.log", b->logdir, name) >= loglen)
		return -ENAMETOOLONG;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawnattr_init(&at);
	sigset_t none;
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&at, &none);
	sigset_t dfl;
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGCHLD);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
	    POSIX_SPAWN_SETPGROUP);
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	int e = posix_spawn(pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return -e;
}

static int
add_waiter(struct activation *a, uint32_t client, uint32_t cookie)
{
	struct waiter *w = realloc(a->waiters, (a->nwaiters + 1) * sizeof *w);
	if (w == NULL)
		return -ENOMEM;
	a->waiters = w;
	w[a->nwaiters++] = (struct waiter){ client, cookie };
	return 0;
}

/* Returns -ENOENT when name has no service (the caller answers), else 0:
 * the lookup is answered now (an error) or when the service takes its port. */
int
activate_lookup(struct broker *b, struct client *c, const char *name,
    uint32_t cookie)
{
	struct ipc__frame req = { .kind = IPC__K_LOOKUP, .cookie = cookie };
	if (b->services[0] == '\0')
		return -ENOENT;
	struct activation *a = act_find(b, name);
	if (a == NULL) {
		char cmd[4096], why[512], log[8300];
		int timeout_ms;
		int e = read_service(b, name, cmd, sizeof cmd, &timeout_ms, why, sizeof why);
		if (e == -ENOENT)
			return e;
		if (e < 0)
			return client_error(b, c, &req, e, "%s", why);
		if ((a = calloc(1, sizeof *a)) == NULL || (a->name = strdup(name)) == NULL) {
			free(a);
			return client_error(b, c, &req, ENOMEM, "out of memory");
		}
		e = spawn_service(b, name, cmd, &a->pid, log, sizeof log);
		if (e < 0) {
			free(a->name);
			free(a);
			return client_error(b, c, &req, e, "cannot start the service: %s",
			    ipc_strerror(e));
		}
		broker_log(b, "started service %s (pid %d): %s", name, (int)a->pid, cmd);
		a->timeout_ms = timeout_ms;
		a->deadline_ns = broker_now_ns() + (int64_t)timeout_ms * 1000000;
		a->next = b->acts;
		b->acts = a;
	}
	if (add_waiter(a, c->id, cookie) < 0)
		return client_error(b, c, &req, ENOMEM, "out of memory");
	return 0;
}

void
activate_claimed(struct broker *b, const char *name, struct port *p)
{
	struct activation *a = act_find(b, name);
	if (a != NULL)
		act_finish(b, a, p, 0, NULL);
}

/* A service that exits before taking its port fails its lookups at once,
 * with its status: the caller gets an answer, not a hang. */
void
activate_reap(struct broker *b)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		struct activation *a = b->acts;
		while (a && a->pid != pid)
			a = a->next;
		if (a == NULL)
			continue;
		char why[8500];
		if (WIFEXITED(st))
			snprintf(why, sizeof why, "service %s exited with status %d before "
			    "taking its port (see %s/%s.log)", a->name, WEXITSTATUS(st),
			    b->logdir, a->name);
		else
			snprintf(why, sizeof why, "service %s was killed by signal %d before "
			    "taking its port (see %s/%s.log)", a->name,
			    WIFSIGNALED(st) ? WTERMSIG(st) : 0, b->logdir, a->name);
		act_finish(b, a, NULL, ENXIO, why);
	}
}

void
activate_expire(struct broker *b)
{
	int64_t now = broker_now_ns();
	for (struct activation *a = b->acts, *next; a; a = next) {
		next = a->next;
		if (a->deadline_ns <= now) {
			char why[600];
			snprintf(why, sizeof why, "service %s did not take its port within %.1f s",
			    a->name, a->timeout_ms / 1000.0);
			act_finish(b, a, NULL, ETIMEDOUT, why);
		}
	}
}

int
activate_next_ms(const struct broker *b)
{
	int64_t now = broker_now_ns(), best = -1;
	for (const struct activation *a = b->acts; a; a = a->next) {
		int64_t left = (a->deadline_ns - now + 999999) / 1000000;
		if (left < 0)
			left = 0;
		if (best < 0 || left < best)
			best = left;
	}
	return (int)best;
}

void
activate_free(struct broker *b)
{
	while (b->acts != NULL)
		act_free(b, b->acts);
}
