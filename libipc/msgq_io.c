/* msgq_io.c: sending and receiving messages, blocking, polling or timed. */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/select.h>
#include <time.h>

#include "ipc/msgq.h"
#include "msgq_int.h"
#include "sys.h"

/*
 * The kernel wants the type in front of the text, so a message is copied
 * into one buffer: on the stack up to STACK_TEXT bytes (msgmax on Linux by
 * default), from the heap beyond. The copy costs far less than the system
 * call it feeds (see bench/msgq.c).
 */
#define STACK_TEXT 8192

struct msgbuf_stack {
	long mtype;
	char mtext[STACK_TEXT];
};

/*
 * Timed waits. System V has no timed msgsnd/msgrcv and no descriptor to
 * poll: a blocked call ends only when it succeeds, the queue goes, or a
 * signal arrives. Three designs were weighed:
 *  - a timer signal (timer_create aimed at this thread) interrupting a
 *    blocking call: exact, but a library must not install signal handlers or
 *    take a signal number from the program (the shell traps signals);
 *  - a helper thread in the blocking call, cancelled at the deadline: a
 *    thread per call (tens of us) and a cancellation racing a message that
 *    was just taken;
 *  - IPC_NOWAIT attempts with sleeps in between: no global state, each
 *    attempt a whole msgsnd/msgrcv so nothing is lost or taken twice, and
 *    EINTR simply ends the call; the price is latency, as a message that
 *    arrives during a sleep waits for the sleep to end.
 * We take the third. The sleeps start at 50 us and double, up to an eighth
 * of the time already waited, kept within [1 ms, 10 ms]: a message is
 * noticed within 1 ms or 1/8 of the wait so far, and a long idle wait
 * wakes 100 times a second. Measured on these machines (a message arriving
 * 5 to 35 ms into the wait, the machine otherwise quiet): 0.65-0.75 ms
 * added on average, and an idle waiter uses 0.3% of a core; a fixed 1 ms
 * cap gave 0.5 ms and 1.5%, a 250 us cap 0.18 ms and 5-6%. (Under a load
 * of 8 on the 2 cores every timer wakes late and the figure grows to
 * 1.2-2 ms.) `make bench` reprints the latency figure.
 *
 * Signals: one arriving between two sleeps would run its handler and be
 * missed, and the call would sleep on to its deadline, so a shell's Ctrl-C
 * could wait a minute. So signals stay blocked for the whole wait and each
 * sleep is a pselect with the caller's mask, which lets them in atomically:
 * any signal, whenever it came, ends the call with -EINTR. That costs two
 * sigprocmask calls per timed call, none per attempt.
 *
 * Blocking forever (IPC_FOREVER) never polls: it is one plain msgsnd or
 * msgrcv, as fast as the raw call.
 */
#define BACKOFF_FIRST_NS 50000
#define BACKOFF_CAP_MIN_NS 1000000
#define BACKOFF_CAP_MAX_NS 10000000

/* One attempt of an operation; -EAGAIN means it would block. */
typedef ssize_t (*msgq_try)(void *ctx, int flags);

/* Sleeps the next step, or what is left when that is less, with the
 * caller's signal mask; the step then doubles within its cap.
 * -ETIMEDOUT when no time is left, -EINTR on a signal. */
static int
backoff_sleep(int64_t *step, int64_t start, const struct ipc__deadline *d,
    const sigset_t *mask)
{
	int64_t now = ipc__now_ns();
	int64_t left = d->end_ns - now;
	if (left <= 0)
		return -ETIMEDOUT;
	int64_t ns = *step < left ? *step : left;
	struct timespec ts = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };
	int64_t cap = (now - start) / 8;
	cap = cap < BACKOFF_CAP_MIN_NS ? BACKOFF_CAP_MIN_NS
	    : cap > BACKOFF_CAP_MAX_NS ? BACKOFF_CAP_MAX_NS : cap;
	*step = *step * 2 > cap ? cap : *step * 2;
	if (pselect(0, NULL, NULL, NULL, &ts, mask) < 0)
		return -errno;
	return 0;
}

static ssize_t
backoff_loop(msgq_try try, void *ctx, int timeout_ms, const sigset_t *mask)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	int64_t start = ipc__now_ns(), step = BACKOFF_FIRST_NS;
	for (;;) {
		int e = backoff_sleep(&step, start, &d, mask);
		if (e < 0)
			return e;
		ssize_t r = try(ctx, IPC_NOWAIT);
		if (r != -EAGAIN)
			return r;
	}
}

static ssize_t
msgq_wait(msgq_try try, void *ctx, int timeout_ms)
{
	if (timeout_ms < 0)
		return try(ctx, 0);
	ssize_t r = try(ctx, IPC_NOWAIT);
	if (r != -EAGAIN || timeout_ms == 0)
		return r;
	/* Faults must still kill at once: leave the synchronous signals be. */
	sigset_t block, mask;
	sigfillset(&block);
	sigdelset(&block, SIGSEGV);
	sigdelset(&block, SIGBUS);
	sigdelset(&block, SIGFPE);
	sigdelset(&block, SIGILL);
	int e = pthread_sigmask(SIG_BLOCK, &block, &mask);
	if (e != 0)
		return -e;
	r = backoff_loop(try, ctx, timeout_ms, &mask);
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	return r;
}

/* ---- send ---- */

struct send_ctx {
	int id;
	void *buf;     /* struct msgbuf-shaped: long type, then the text */
	size_t len;
	int asked;     /* the queue's current limit was checked */
};

/* A message over the queue's byte limit would wait forever: -EMSGSIZE. */
static int
over_limit(int id, size_t len)
{
	size_t qbytes;
	int e = ipc__msgq_qbytes(id, &qbytes);
	if (e < 0)
		return e == -EACCES ? 0 : e;   /* msgsnd will say */
	return len > qbytes ? -EMSGSIZE : 0;
}

static ssize_t
send_try(void *ctx, int flags)
{
	struct send_ctx *c = ctx;
	if (msgsnd(c->id, c->buf, c->len, flags) == 0)
		return 0;
	int e = ipc__msgq_gone(-errno);
	/* Full, and about to wait: first make sure the message can ever fit,
	 * whatever the limit became since the handle last saw it. */
	if (e == -EAGAIN && !c->asked) {
		c->asked = 1;
		int fit = over_limit(c->id, c->len);
		if (fit < 0)
			return fit;
	}
	return e;
}

/*
 * Refuses what can never be sent. Cheap: asks the kernel only when len
 * passes the limits the handle knows. (A blocking send trusts that hint;
 * polled and timed sends also ask when the queue is full.)
 */
static int
send_fits(ipc_msgq *q, size_t len)
{
	size_t msgmax = q->msgmax, mnb;
	if (len > msgmax && ipc_msgq_limits(&msgmax, &mnb) == 0 && len > msgmax)
		return -EMSGSIZE;
	if (len > atomic_load_explicit(&q->qbytes, memory_order_relaxed))
		return over_limit(q->id, len);
	return 0;
}

int
ipc_msgq_send(ipc_msgq *q, long type, const void *msg, size_t len, int timeout_ms)
{
	if (type <= 0 || (msg == NULL && len > 0))
		return -EINVAL;
	int e = send_fits(q, len);
	if (e < 0)
		return e;
	struct msgbuf_stack stack;
	struct msgbuf_stack *m = &stack;
	if (len > STACK_TEXT && (m = malloc(sizeof(long) + len)) == NULL)
		return -ENOMEM;
	m->mtype = type;
	if (len > 0)
		memcpy(m->mtext, msg, len);
	struct send_ctx c = { .id = q->id, .buf = m, .len = len };
	e = (int)msgq_wait(send_try, &c, timeout_ms);
	if (m != &stack)
		free(m);
	return e;
}

/* ---- receive ---- */

struct recv_ctx {
	int id;
	long type;
	struct msgbuf_stack *buf;
	size_t cap;
};

static ssize_t
recv_try(void *ctx, int flags)
{
	struct recv_ctx *c = ctx;
	ssize_t n = msgrcv(c->id, c->buf, c->cap, c->type, flags);
	if (n >= 0)
		return n;
	/* ENOMSG is IPC_NOWAIT's "nothing there": the same would-block as a
	 * full queue's EAGAIN to the waiting loop. */
	return errno == ENOMSG ? -EAGAIN : ipc__msgq_gone(-errno);
}

/* Receives with room for cap text bytes: on the stack when that is small. */
static ssize_t
recv_sized(ipc_msgq *q, long type, size_t cap, void *buf, long *type_out,
    int timeout_ms)
{
	struct msgbuf_stack stack;
	struct msgbuf_stack *m = &stack;
	if (cap > STACK_TEXT && (m = malloc(sizeof(long) + cap)) == NULL)
		return -ENOMEM;
	struct recv_ctx c = { .id = q->id, .type = type, .buf = m, .cap = cap };
	ssize_t n = msgq_wait(recv_try, &c, timeout_ms);
	if (n >= 0) {
		if (n > 0)
			memcpy(buf, m->mtext, (size_t)n);
		if (type_out != NULL)
			*type_out = m->mtype;
	}
	if (m != &stack)
		free(m);
	return n;
}

ssize_t
ipc_msgq_recv(ipc_msgq *q, long type, void *buf, size_t cap, long *type_out,
    int timeout_ms)
{
	if (buf == NULL && cap > 0)
		return -EINVAL;
	/* No message is longer than msgmax, so a bigger buffer is never used. */
	size_t want = cap < q->msgmax ? cap : q->msgmax;
	ssize_t n = recv_sized(q, type, want, buf, type_out, timeout_ms);
	if (n == -E2BIG && want < cap) {
		/* msgmax was raised since open: try again with the new one. */
		size_t msgmax, mnb;
		if (ipc_msgq_limits(&msgmax, &mnb) == 0 && msgmax > want)
			n = recv_sized(q, type, msgmax < cap ? msgmax : cap, buf,
			    type_out, timeout_ms);
	}
	return n;
}
