/* msgq_recv.c: `msgq recv`: messages to standard output, each written before the next is taken. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "ipc/msgq.h"
#include "msgq_cli.h"
#include "sys.h"

struct receiver {
	const char *queue;
	ipc_msgq *q;
	const struct msgq_args *a;
	struct ipc__deadline deadline;
	char *buf;
	size_t cap;
	long got;
};

/*
 * A message taken from the queue exists nowhere else, so it is written out
 * (and flushed) before the next one is taken: a receiver killed while it
 * waits loses nothing. A reader that went away (`| head -1`) is noticed
 * before writing, and the message goes back to the queue (at its end).
 */
static int
output_gone(void)
{
	int fd = fileno(stdout);
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	return fd >= 0 && poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP)) != 0;
}

static int
emit(const struct receiver *r, long type, size_t len)
{
	static const char sep[] = { [CLI_LINES] = '\n', [CLI_NUL] = '\0' };
	errno = 0;
	if (r->a->print_type)
		printf("%ld\t", type);
	fwrite(r->buf, 1, len, stdout);
	if (r->a->split != CLI_RAW)
		putchar(sep[r->a->split]);
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	return errno != 0 ? -errno : -EIO;
}

/* Hands a message that could not be written back to the queue. */
static int
put_back(const struct receiver *r, long type, size_t len, int err)
{
	int e = ipc_msgq_send(r->q, type, r->buf, len, 1000);
	clearerr(stdout);
	cli_error(MSGQ_PROG, "standard output", "%s; %s", ipc_strerror(err),
	    e == 0 ? "the message was put back in the queue"
	    : "the message could not be put back and is lost");
	return CLI_FAIL;
}

static int
deliver(struct receiver *r, long type, size_t len)
{
	if (output_gone())
		return put_back(r, type, len, -EPIPE);
	int e = emit(r, type, len);
	if (e < 0)
		return put_back(r, type, len, e);
	r->got++;
	return CLI_OK;
}

/* The wait for the next message: --all waits (per --timeout) only for the
 * first; otherwise --timeout bounds the whole command. */
static int
next_wait(const struct receiver *r)
{
	if (r->a->all && (r->got > 0 || !r->a->timeout_given))
		return 0;
	if (r->a->timeout_ms <= 0)
		return r->a->timeout_ms;
	return ipc__deadline_left_ms(&r->deadline);
}

/* Receives until done. CLI_OK when the count (or, for --all, at least one
 * message) was received, CLI_NOTHING when fewer came, or an error status. */
static int
receive(struct receiver *r)
{
	long want = r->a->all ? LONG_MAX : r->a->count;
	while (r->got < want) {
		long type;
		ssize_t n = ipc_msgq_recv(r->q, r->a->type, r->buf, r->cap, &type, next_wait(r));
		if (n == -EINTR) {
			int st = msgq_interrupted();
			if (st != 0)
				return st;
			continue;
		}
		if (n == -EAGAIN || n == -ETIMEDOUT)
			break;
		if (n < 0)
			return msgq_fail(r->queue, (int)n);
		int st = deliver(r, type, (size_t)n);
		if (st != CLI_OK)
			return st;
	}
	return r->got == want || (r->a->all && r->got > 0) ? CLI_OK : CLI_NOTHING;
}

int
msgq_recv(const struct msgq_args *a)
{
	struct receiver r = { .queue = a->operands[0], .a = a };
	size_t msgmnb;
	if (ipc_msgq_limits(&r.cap, &msgmnb) < 0)
		r.cap = 8192;
	int st = msgq_open(r.queue, &r.q);
	if (st != CLI_OK)
		return st;
	r.buf = malloc(r.cap);
	if (r.buf == NULL) {
		ipc_msgq_close(r.q);
		return cli_fail(MSGQ_PROG, NULL, -ENOMEM);
	}
	ipc__deadline_start(&r.deadline, a->timeout_ms);
	st = receive(&r);
	free(r.buf);
	ipc_msgq_close(r.q);
	return st;
}
