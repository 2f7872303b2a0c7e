/* portctl_serve.c: portctl serve: a service written as a command, run once per message, its output the reply. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/core.h"
#include "portctl.h"

extern char **environ;

/* The command's environment: ours, plus who sent the message. */
static char **
environment(const char *name, const ipc_port_msg *m, char extra[6][320])
{
	size_t n = 0;
	while (environ[n] != NULL)
		n++;
	char **env = calloc(n + 7, sizeof *env);
	if (env == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "IPC_SENDER_", 11) != 0 &&
		    strncmp(environ[i], "IPC_MESSAGE_", 12) != 0 &&
		    strncmp(environ[i], "IPC_PORT_NAME=", 14) != 0)
			env[k++] = environ[i];
	snprintf(extra[0], 320, "IPC_PORT_NAME=%s", name);
	snprintf(extra[1], 320, "IPC_SENDER_UID=%u", (unsigned)ipc_port_msg_uid(m));
	snprintf(extra[2], 320, "IPC_SENDER_GID=%u", (unsigned)ipc_port_msg_gid(m));
	snprintf(extra[3], 320, "IPC_SENDER_PID=%ld", (long)ipc_port_msg_pid(m));
	snprintf(extra[4], 320, "IPC_MESSAGE_TYPE=%u", ipc_port_msg_type(m));
	snprintf(extra[5], 320, "IPC_SENDER_ID=%u", ipc_port_msg_sender(m));
	for (int i = 0; i < 6; i++)
		env[k++] = extra[i];
	env[k] = NULL;
	return env;
}

/* The command reads from one end of a socket pair rather than a pipe, so
 * that a command that stops reading early costs portctl an EPIPE from
 * send(MSG_NOSIGNAL), never a SIGPIPE. */
static int
start(char **cmd, char **env, int in, int out, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t dfl;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	if (out >= 0)
		posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawnattr_init(&at);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	int e = posix_spawnp(pid, cmd[0], &fa, &at, cmd, env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return -e;
}

struct pump {
	int in, out;               /* our ends; -1 once done */
	const char *data;
	size_t len, sent;
	struct portctl_buf *reply;
};

static void
pump_write(struct pump *p)
{
	ssize_t n = send(p->in, p->data + p->sent, p->len - p->sent, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n > 0)
		p->sent += (size_t)n;
	if ((n < 0 && errno != EAGAIN && errno != EINTR) || p->sent == p->len) {
		close(p->in);   /* the end of the message is the end of its input */
		p->in = -1;
	}
}

static int
pump_read(struct pump *p)
{
	char chunk[65536];
	ssize_t n = read(p->out, chunk, sizeof chunk);
	if (n > 0)
		return portctl_buf_add(p->reply, chunk, (size_t)n);
	if (n == 0 || errno != EINTR) {
		close(p->out);
		p->out = -1;
	}
	return 0;
}

/* Feeds the message in while taking the output out, as long as either
 * lasts: a command may write before it has read everything. */
static int
pump(struct pump *p)
{
	if (p->len == 0) {
		close(p->in);
		p->in = -1;
	}
	while (p->in >= 0 || p->out >= 0) {
		struct pollfd fds[2] = { { .fd = p->in, .events = POLLOUT },
		    { .fd = p->out, .events = POLLIN } };
		if (poll(fds, 2, -1) < 0) {
			if (errno != EINTR)
				return -errno;
			int sig = portctl_interrupted();
			if (sig)
				return sig;
			continue;
		}
		if (p->in >= 0 && fds[0].revents)
			pump_write(p);
		if (p->out >= 0 && fds[1].revents && pump_read(p) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int
reap(pid_t pid, int stop_sig)
{
	int st;
	if (stop_sig)
		kill(pid, SIGTERM);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return CLI_FAIL;
	if (stop_sig)
		return stop_sig;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Runs cmd with data on its input; its output goes to reply (NULL: to ours).
 * Returns its status (128+N when killed by signal N), or 128+N when a
 * signal stops portctl itself (*stop set), or -errno. */
static int
run(struct portctl *x, const char *name, char **cmd, const ipc_port_msg *m,
    const char *data, size_t len, struct portctl_buf *reply, int *stop)
{
	int in[2], out[2] = { -1, -1 };
	char extra[6][320];
	*stop = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0)
		return -errno;
	if (reply != NULL && pipe2(out, O_CLOEXEC) < 0) {
		int e = -errno;
		close(in[0]);
		close(in[1]);
		return e;
	}
	char **env = environment(name, m, extra);
	pid_t pid;
	fflush(stdout);
	int e = env ? start(cmd, env, in[0], out[1], &pid) : -ENOMEM;
	free(env);
	close(in[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (e < 0) {
		close(in[1]);
		if (out[0] >= 0)
			close(out[0]);
		return e;
	}
	struct pump p = { in[1], out[0], data, len, 0, reply };
	int r = pump(&p);
	if (p.in >= 0)
		close(p.in);
	if (p.out >= 0)
		close(p.out);
	if (r > 0)
		*stop = 1;
	(void)x;
	return reap(pid, r > 0 ? r : 0);
}

/* The message as the command reads it: a line (or record) ends with its
 * separator, as it would coming from a file. */
static int
framed(const struct portctl *x, struct portctl_buf *in, const void *data, size_t len)
{
	in->len = 0;
	int e = portctl_buf_add(in, data, len);
	if (e == 0 && x->split != CLI_RAW)
		e = portctl_buf_add(in, x->split == CLI_NUL ? "" : "\n", 1);
	return e;
}

static size_t
trimmed(const struct portctl *x, const struct portctl_buf *out)
{
	char sep = x->split == CLI_NUL ? '\0' : '\n';
	if (x->split != CLI_RAW && out->len > 0 && out->p[out->len - 1] == sep)
		return out->len - 1;
	return out->len;
}

static int
answer(struct portctl *x, const char *name, const ipc_port_msg *m, int status,
    const struct portctl_buf *out)
{
	int e;
	do
		e = ipc_port_send(x->c, ipc_port_msg_reply(m), (uint32_t)status, out->p,
		    trimmed(x, out), 0, 0, 10000);
	while (e == -EINTR && portctl_interrupted() == 0);
	if (e == 0)
		e = ipc_port_flush(x->c, 10000);
	/* A caller that gave up has closed its reply port: not our failure. */
	if (e == -ENOENT || e == -EACCES)
		return 0;
	return e < 0 ? portctl_fail(x, name, e) : 0;
}

struct serving {
	struct portctl_buf msg, in, out;
	long served;
	int last;
};

/* One whole message (a stream is gathered first): run, answer. Returns -1
 * to go on, else the status to exit with. */
static int
handle(struct portctl *x, const char *name, char **cmd, const ipc_port_msg *m,
    struct serving *s)
{
	size_t len;
	const void *data = ipc_port_msg_data(m, &len);
	int flags = ipc_port_msg_flags(m);
	if (portctl_buf_add(&s->msg, data, len) < 0)
		return portctl_fail(x, name, -ENOMEM);
	if ((flags & IPC_PORT_CHUNK) && !(flags & IPC_PORT_LAST))
		return -1;
	int stop;
	s->out.len = 0;
	int e = framed(x, &s->in, s->msg.p, s->msg.len);
	s->msg.len = 0;
	if (e < 0)
		return portctl_fail(x, name, e);
	if (flags & IPC_PORT_ABORTED)
		return -1;   /* its sender went away mid-stream: nobody to answer */
	int reply = ipc_port_msg_reply(m) != 0;
	int st = run(x, name, cmd, m, s->in.p, s->in.len, reply ? &s->out : NULL, &stop);
	if (st < 0) {
		cli_error(PORTCTL, cmd[0], "%s", ipc_strerror(st));
		return st == -ENOENT ? 127 : 126;
	}
	if (stop)
		return st;
	s->last = st;
	s->served++;
	if (reply && (e = answer(x, name, m, st, &s->out)) != 0)
		return e;
	return x->count > 0 && s->served >= x->count ? s->last : -1;
}

int
portctl_serve(struct portctl *x, const char *name, char **cmd)
{
	int st = portctl_connect(x, 0);
	if (st)
		return st;
	uint32_t port;
	int e = ipc_port_open(x->c, name, IPC_PORT_CREATE | IPC_PORT_RECV, portctl_left(x), &port);
	if (e < 0)
		return portctl_fail(x, name, e);
	struct serving s;
	memset(&s, 0, sizeof s);
	for (st = -1; st < 0;) {
		const ipc_port_msg *m;
		e = ipc_port_recv(x->c, port, &m, portctl_left(x));
		if (e == -EINTR)
			st = portctl_interrupted() ? portctl_interrupted() : -1;
		else if (e == -EIDRM)   /* the port was removed: the service is over */
			st = s.served ? s.last : CLI_OK;
		else if (e == -ETIMEDOUT)
			st = s.served ? s.last : CLI_NOTHING;
		else if (e < 0)
			st = portctl_fail(x, name, e);
		else
			st = handle(x, name, cmd, m, &s);
	}
	free(s.msg.p);
	free(s.in.p);
	free(s.out.p);
	ipc_port_release(x->c, port, 2000);
	return st;
}
