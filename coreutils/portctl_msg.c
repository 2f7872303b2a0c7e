/* portctl_msg.c: portctl's message verbs: send, recv, call; printing what arrives. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ipc/core.h"
#include "ipc/port.h"
#include "portctl.h"

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What receive keeps between messages: a stream's pieces, gathered for
 * JSON, and whether any stream was cut short. */
struct got {
	struct portctl_buf json;
	int aborted;
};

static void
print_sep(const struct portctl *x)
{
	if (x->split == CLI_LINES)
		putchar('\n');
	else if (x->split == CLI_NUL)
		putchar('\0');
}

static void
print_json(const char *name, const ipc_port_msg *m, const void *data, size_t len,
    int aborted)
{
	char user[256];
	printf("{\"port\":");
	portctl_json_str(name, strlen(name));
	printf(",\"type\":%u,\"uid\":%u,\"user\":", ipc_port_msg_type(m),
	    (unsigned)ipc_port_msg_uid(m));
	portctl_user_name(ipc_port_msg_uid(m), user, sizeof user);
	portctl_json_str(user, strlen(user));
	printf(",\"gid\":%u,\"pid\":%ld,\"sender\":%u,\"bytes\":%zu,\"data\":",
	    (unsigned)ipc_port_msg_gid(m), (long)ipc_port_msg_pid(m),
	    ipc_port_msg_sender(m), len);
	portctl_json_str(data, len);
	if (aborted)
		printf(",\"aborted\":true");
	printf("}\n");
}

/*
 * Prints one message, or one piece of a stream: streams are written as they
 * come and end with one separator (gathered whole only for JSON). Returns 1
 * when a message is complete, 0 when more pieces follow, -errno.
 */
static int
print_msg(const struct portctl *x, const char *name, const ipc_port_msg *m,
    struct got *g)
{
	size_t len;
	const void *data = ipc_port_msg_data(m, &len);
	int flags = ipc_port_msg_flags(m);
	int last = !(flags & IPC_PORT_CHUNK) || (flags & IPC_PORT_LAST);
	if (x->json) {
		if (!(flags & IPC_PORT_CHUNK)) {
			print_json(name, m, data, len, 0);
			return 1;
		}
		if (portctl_buf_add(&g->json, data, len) < 0)
			return -ENOMEM;
		if (last) {
			print_json(name, m, g->json.p, g->json.len, (flags & IPC_PORT_ABORTED) != 0);
			g->json.len = 0;
		}
		return last;
	}
	fwrite(data, 1, len, stdout);
	if (last)
		print_sep(x);
	g->aborted |= (flags & IPC_PORT_ABORTED) != 0;
	return last;
}

/* ipc_port_recv with the command's deadline, going on after signals the
 * shell has dealt with. */
static int
recv_one(struct portctl *x, uint32_t port, const ipc_port_msg **m)
{
	for (;;) {
		int e = ipc_port_recv(x->c, port, m, x->nowait ? 0 : portctl_left(x));
		if (e != -EINTR)
			return e;
		if ((e = portctl_interrupted()) != 0)
			return -1000 - e;
	}
}

/* Receives count whole messages from port and prints them. */
static int
receive(struct portctl *x, const char *name, uint32_t port, long count, uint32_t *type)
{
	struct got g = { { NULL, 0, 0 }, 0 };
	int st = CLI_OK;
	for (long n = 0; n < count;) {
		const ipc_port_msg *m;
		int e = recv_one(x, port, &m);
		if (e <= -1000) {
			st = -e - 1000;
			break;
		}
		if (e == -ETIMEDOUT) {
			st = CLI_NOTHING;
			break;
		}
		if (e < 0) {
			st = portctl_fail(x, name, e);
			break;
		}
		if (type != NULL)
			*type = ipc_port_msg_type(m);
		e = print_msg(x, name, m, &g);
		if (e < 0) {
			st = portctl_fail(x, name, e);
			break;
		}
		n += e;
	}
	if (g.aborted && st == CLI_OK) {
		cli_error(PORTCTL, name, "a stream was cut short: its sender went away");
		st = CLI_FAIL;
	}
	free(g.json.p);
	return st;
}

/* A send right by name, starting the name's service when it has one. */
int
portctl_look_up(struct portctl *x, const char *name, uint32_t *port)
{
	int e;
	do
		e = ipc_port_lookup(x->c, name, x->nostart ? IPC_PORT_NOSTART : 0,
		    portctl_left(x), port);
	while (e == -EINTR && portctl_interrupted() == 0);
	return e;
}

/* flags may hold IPC_PORT_MORE: when more is already at hand, messages go
 * out in batches; the last of a burst goes at once (tail -f | portctl send). */
static int
send_one(struct portctl *x, uint32_t port, const void *data, size_t len, int flags)
{
	for (;;) {
		int e = ipc_port_send(x->c, port, x->type, data, len, 0, flags,
		    x->nowait ? 0 : portctl_left(x));
		if (e != -EINTR)
			return e;
		if ((e = portctl_interrupted()) != 0)
			return -1000 - e;
	}
}

/* Reads up to len bytes, fewer only at end of input. */
static ssize_t
read_block(int fd, char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR) {
			int sig = portctl_interrupted();
			if (sig)
				return -1000 - sig;
			continue;
		}
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Standard input as one message, streamed in chunks when it is bigger than
 * one block: memory stays bounded, and the receiver sees it as it comes. */
static int
send_raw(struct portctl *x, uint32_t port)
{
	enum { BLOCK = 1 << 20 };
	char *buf = malloc(2 * BLOCK);
	if (buf == NULL)
		return -ENOMEM;
	ssize_t n = read_block(0, buf, BLOCK);
	int e = n < 0 ? (int)n : 0, first = 1;
	while (e == 0) {
		ssize_t more = n == BLOCK ? read_block(0, buf + BLOCK, BLOCK) : 0;
		if (more < 0) {
			e = (int)more;
			break;
		}
		int flags = first && more == 0 ? 0 : IPC_PORT_CHUNK |
		    (first ? IPC_PORT_FIRST : 0) | (more == 0 ? IPC_PORT_LAST : 0);
		e = send_one(x, port, buf, (size_t)n, flags);
		if (e < 0 || more == 0)
			break;
		memmove(buf, buf + BLOCK, (size_t)more);
		n = more;
		first = 0;
	}
	free(buf);
	return e;
}

/* Whether another whole record is already read: then this one may wait
 * for it in the connection's buffer. */
static int
more_at_hand(const struct cli_reader *r)
{
	return r->start < r->len &&
	    memchr(r->buf + r->start, r->split == CLI_NUL ? '\0' : '\n', r->len - r->start) != NULL;
}

static int
send_stdin(struct portctl *x, uint32_t port)
{
	if (x->split == CLI_RAW)
		return send_raw(x, port);
	struct cli_reader r;
	const char *rec;
	size_t len;
	int e;
	cli_reader_init(&r, 0, x->split);
	while ((e = cli_reader_next(&r, &rec, &len)) == 1)
		if ((e = send_one(x, port, rec, len, more_at_hand(&r) ? IPC_PORT_MORE : 0)) < 0)
			break;
	cli_reader_free(&r);
	return e;
}

static int
finish(struct portctl *x, const char *name, int e)
{
	if (e <= -1000)
		return -e - 1000;
	while (e == 0 && (e = ipc_port_sync(x->c, portctl_left(x))) == -EINTR)
		if ((e = portctl_interrupted()) != 0)
			return e;
	return e < 0 ? portctl_fail(x, name, e) : CLI_OK;
}

int
portctl_send(struct portctl *x)
{
	int st = portctl_need_names(x, 1, -1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	const char *name = x->args[0];
	uint32_t port;
	int e = portctl_look_up(x, name, &port);
	if (e < 0)
		return portctl_fail(x, name, e);
	e = 0;
	for (int i = 1; i < x->nargs && e == 0; i++)
		e = send_one(x, port, x->args[i], strlen(x->args[i]),
		    i + 1 < x->nargs ? IPC_PORT_MORE : 0);
	if (x->nargs == 1)
		e = send_stdin(x, port);
	return finish(x, name, e);
}

int
portctl_recv(struct portctl *x)
{
	int st = portctl_need_names(x, 1, 1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	const char *name = x->args[0];
	uint32_t port;
	int e = ipc_port_open(x->c, name, IPC_PORT_CREATE | IPC_PORT_RECV, portctl_left(x), &port);
	/* The broker sends what the port holds after its answer to the open:
	 * a round trip more lets --nowait see all of it. */
	if (e >= 0 && x->nowait)
		e = ipc_port_sync(x->c, portctl_left(x));
	if (e < 0)
		return portctl_fail(x, name, e);
	st = receive(x, name, port, x->count < 0 ? 1 : x->count, NULL);
	/* Letting go of the right sends the acknowledgements with it. */
	e = ipc_port_release(x->c, port, 2000);
	if (e < 0 && st == CLI_OK)
		st = portctl_fail(x, name, e);
	return st;
}

/* The request: MSG, else all of standard input (a line's newline dropped). */
static int
request_of(struct portctl *x, char **data, size_t *len)
{
	if (x->nargs > 1) {
		*data = strdup(x->args[1]);
		*len = strlen(x->args[1]);
		return *data ? 0 : -ENOMEM;
	}
	struct cli_reader r;
	const char *rec;
	cli_reader_init(&r, 0, CLI_RAW);
	int e = cli_reader_next(&r, &rec, len);
	if (e == 1) {
		if (x->split == CLI_LINES && *len > 0 && rec[*len - 1] == '\n')
			(*len)--;
		*data = malloc(*len + 1);
		e = *data ? 0 : -ENOMEM;
		if (*data)
			memcpy(*data, rec, *len);
	}
	cli_reader_free(&r);
	return e < 0 ? e : 0;
}

/* How long call waits for a responder to appear, so that a service just
 * started in the background (serve NAME ... &) is found, not raced. */
#define RESPONDER_GRACE_MS 1000

/* A send right on a port someone receives: 1, or 0 when nobody does within
 * the grace (or the timeout, if shorter), or -errno. */
static int
responder(struct portctl *x, const char *name, uint32_t *port)
{
	int64_t until = now_ms() + RESPONDER_GRACE_MS;
	for (;;) {
		int e = portctl_look_up(x, name, port);
		int left = portctl_left(x);
		if ((e != 0 && e != -ENOENT) || now_ms() >= until || left == 0)
			return e;
		struct timespec ts = { 0, 10 * 1000000L };
		if (nanosleep(&ts, NULL) < 0 && (e = portctl_interrupted()) != 0)
			return -1000 - e;
	}
}

int
portctl_call(struct portctl *x)
{
	int st = portctl_need_names(x, 1, 2);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	const char *name = x->args[0];
	uint32_t port, reply;
	int e = responder(x, name, &port);
	if (e == 0) {
		cli_error(PORTCTL, name, "no responder: nobody receives on this port");
		return CLI_NOENT;
	}
	if (e <= -1000)
		return -e - 1000;
	if (e < 0)
		return portctl_fail(x, name, e);
	char *data = NULL;
	size_t len = 0;
	if ((e = request_of(x, &data, &len)) < 0)
		return portctl_fail(x, "standard input", e);
	e = ipc_port_open(x->c, NULL, 0, portctl_left(x), &reply);
	while (e == 0 && (e = ipc_port_send(x->c, port, x->type, data, len, reply, 0,
	    portctl_left(x))) == -EINTR && portctl_interrupted() == 0)
		;
	free(data);
	if (e < 0)
		return portctl_fail(x, name, e);
	uint32_t type = 0;
	st = receive(x, name, reply, 1, &type);
	if (st == CLI_OK && type != 0) {
		cli_error(PORTCTL, name, "the service answered with status %u", type);
		st = CLI_FAIL;
	}
	return st;
}
