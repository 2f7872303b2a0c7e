/* msgq_send.c: `msgq send`: messages from the operands or from standard input. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ipc/msgq.h"
#include "msgq_cli.h"
#include "sys.h"

/* One call's sending state: the queue, the options, the shared deadline. */
struct sender {
	const char *queue;
	ipc_msgq *q;
	const struct msgq_args *a;
	struct ipc__deadline deadline;
	long sent;
};

/* The wait left for the next message: --timeout bounds the whole command. */
static int
time_left(const struct sender *s)
{
	if (s->a->timeout_ms <= 0)
		return s->a->timeout_ms;
	return ipc__deadline_left_ms(&s->deadline);
}

/* The limit a message of len bytes is over, for the error message. */
static void
limit_over(const struct sender *s, size_t len, size_t *limit, const char **what)
{
	size_t msgmnb;
	struct ipc_msgq_stat st;
	*limit = 0;
	*what = "msgmax";
	if (ipc_msgq_limits(limit, &msgmnb) == 0 && len > *limit)
		return;
	if (ipc_msgq_stat(s->q, &st) == 0) {
		*limit = st.max_bytes;
		*what = "the queue's max bytes";
	}
}

/* One line for a failed send; tail says what happened to the others. */
static int
send_failed(const struct sender *s, size_t len, int err, const char *tail)
{
	if (err == -EMSGSIZE) {
		size_t limit;
		const char *what;
		limit_over(s, len, &limit, &what);
		cli_error(MSGQ_PROG, s->queue, "message %ld of %zu bytes is over the limit of %zu bytes (%s)%s",
		    s->sent + 1, len, limit, what, tail);
	} else if (err == -EAGAIN || err == -ETIMEDOUT) {
		cli_error(MSGQ_PROG, s->queue, "%squeue is full%s",
		    err == -ETIMEDOUT ? "timed out: " : "", tail);
	} else {
		return msgq_fail(s->queue, err);
	}
	return cli_status_of(err);
}

/* Sends one message, calling again after a signal that is not ours to stop
 * for; CLI_OK or the exit status. */
static int
send_one(struct sender *s, const char *msg, size_t len)
{
	for (;;) {
		int e = ipc_msgq_send(s->q, s->a->type, msg, len, time_left(s));
		if (e == 0) {
			s->sent++;
			return CLI_OK;
		}
		if (e != -EINTR) {
			char tail[64] = "";
			if (s->sent > 0)
				snprintf(tail, sizeof tail, "; %ld sent before it", s->sent);
			return send_failed(s, len, e, tail);
		}
		int st = msgq_interrupted();
		if (st != 0)
			return st;
	}
}

/* Operands are checked before any is sent, so a bad one sends nothing. */
static int
check_sizes(struct sender *s)
{
	size_t msgmax, msgmnb;
	struct ipc_msgq_stat st;
	if (ipc_msgq_limits(&msgmax, &msgmnb) < 0)
		return CLI_OK;
	if (ipc_msgq_stat(s->q, &st) == 0 && st.max_bytes < msgmax)
		msgmax = st.max_bytes;
	for (int i = 1; i < s->a->noperands; i++) {
		size_t len = strlen(s->a->operands[i]);
		if (len > msgmax) {
			s->sent = i - 1;
			return send_failed(s, len, -EMSGSIZE, "; nothing was sent");
		}
	}
	return CLI_OK;
}

static int
send_operands(struct sender *s)
{
	int st = check_sizes(s);
	s->sent = 0;
	for (int i = 1; st == CLI_OK && i < s->a->noperands; i++)
		st = send_one(s, s->a->operands[i], strlen(s->a->operands[i]));
	return st;
}

static int
send_input(struct sender *s)
{
	struct cli_reader r;
	const char *rec;
	size_t len;
	int st = CLI_OK, got = 0;
	cli_reader_init(&r, 0, s->a->split);
	while (st == CLI_OK && (got = cli_reader_next(&r, &rec, &len)) > 0)
		st = send_one(s, rec, len);
	if (st == CLI_OK && got < 0) {
		cli_error(MSGQ_PROG, "standard input", "%s", ipc_strerror(got));
		st = CLI_FAIL;
	}
	cli_reader_free(&r);
	return st;
}

int
msgq_send(const struct msgq_args *a)
{
	struct sender s = { .queue = a->operands[0], .a = a };
	if (a->noperands > 1 && a->split != CLI_LINES) {
		cli_usage_error(MSGQ_PROG, "-0 and --raw are for standard input, not MESSAGE operands");
		return CLI_USAGE;
	}
	int st = msgq_open(s.queue, &s.q);
	if (st != CLI_OK)
		return st;
	ipc__deadline_start(&s.deadline, a->timeout_ms);
	st = a->noperands > 1 ? send_operands(&s) : send_input(&s);
	ipc_msgq_close(s.q);
	return st;
}
