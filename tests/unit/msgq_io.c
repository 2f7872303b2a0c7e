/* msgq_io.c: unit tests of sending and receiving: types, sizes, timeouts, signals, removal. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipc/msgq.h"
#include "msgq_fixture.h"
#include "tap.h"

static size_t msgmax, msgmnb;

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static ipc_msgq *
fresh(const char *name)
{
	ipc_msgq *q = NULL;
	if (ipc_msgq_create(name, 0600, 0, &q) < 0)
		tap_diag("cannot create %s", name);
	return q;
}

static void
drop(ipc_msgq *q, const char *name)
{
	ipc_msgq_close(q);
	ipc_msgq_unlink(name);
}

/* Sends "tN" with type N for each type given. */
static void
send_types(ipc_msgq *q, const long *types, int n)
{
	for (int i = 0; i < n; i++) {
		char text[16];
		int len = snprintf(text, sizeof text, "t%ld", types[i]);
		ipc_msgq_send(q, types[i], text, (size_t)len, 0);
	}
}

/* Receives one message and returns "TYPE:TEXT", or "ERR:-n". */
static const char *
take(ipc_msgq *q, long type)
{
	static char out[64];
	char buf[32];
	long t = -1;
	ssize_t n = ipc_msgq_recv(q, type, buf, sizeof buf - 1, &t, 0);
	if (n < 0)
		snprintf(out, sizeof out, "ERR:%zd", n);
	else
		snprintf(out, sizeof out, "%ld:%.*s", t, (int)n, buf);
	return out;
}

static void
test_types(void)
{
	ipc_msgq *q = fresh("types");
	static const long types[] = { 5, 2, 9, 2, 7, 1 };
	send_types(q, types, 6);
	is_str(take(q, 2), "2:t2", "type 2: the first message of type 2");
	is_str(take(q, 0), "5:t5", "type 0: the first message of any type");
	is_str(take(q, -8), "1:t1", "type -8: the lowest type <= 8 first");
	is_str(take(q, -8), "2:t2", "then the next lowest");
	is_str(take(q, -6), "ERR:-11", "type -6 with only 7 and 9 left: nothing (-EAGAIN)");
	is_str(take(q, 3), "ERR:-11", "type 3: nothing of that type");
	is_str(take(q, 0), "9:t9", "queue order for type 0");
	is_str(take(q, 7), "7:t7", "exactly type 7");
	is_str(take(q, 0), "ERR:-11", "then empty");

	char buf[8];
	is(ipc_msgq_send(q, 0, "x", 1, 0), -EINVAL, "type 0 is refused for sending");
	is(ipc_msgq_send(q, -3, "x", 1, 0), -EINVAL, "a negative type is refused");
	is(ipc_msgq_send(q, 1, NULL, 1, 0), -EINVAL, "NULL text with a length is refused");
	is(ipc_msgq_send(q, 1, NULL, 0, 0), 0, "an empty message is fine");
	long t = 0;
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, &t, 0), 0, "and arrives empty");
	is(t, 1, "with its type");
	is(ipc_msgq_send(q, 0x7fffffffL, "big", 3, 0), 0, "a large type");
	is(ipc_msgq_recv(q, 0x7fffffffL, buf, sizeof buf, &t, 0), 3, "received by exact type");
	is(ipc_msgq_recv(q, 0, NULL, 4, NULL, 0), -EINVAL, "NULL buffer with room: -EINVAL");
	drop(q, "types");
}

static void
test_sizes(void)
{
	ipc_msgq *q = fresh("sizes");
	char *big = malloc(msgmax + 2), *back = malloc(msgmax + 2);
	for (size_t i = 0; i < msgmax + 2; i++)
		big[i] = (char)(i * 7 + 3);
	is(ipc_msgq_send(q, 3, big, msgmax, 0), 0, "a message of exactly msgmax bytes");
	long t;
	is(ipc_msgq_recv(q, 0, back, 100, &t, 0), -E2BIG, "a too-small buffer: -E2BIG");
	struct ipc_msgq_stat st;
	ipc_msgq_stat(q, &st);
	is((long long)st.messages, 1, "and the message stays queued, not truncated");
	is(ipc_msgq_recv(q, 0, back, msgmax + 2, &t, 0), (long long)msgmax,
	    "a big enough buffer gets all of it");
	ok(memcmp(big, back, msgmax) == 0, "intact");
	is(ipc_msgq_send(q, 3, big, msgmax + 1, 0), -EMSGSIZE, "msgmax + 1 bytes: -EMSGSIZE");
	is(ipc_msgq_send(q, 3, big, msgmax + 1, IPC_FOREVER), -EMSGSIZE, "also when blocking");
	ipc_msgq_stat(q, &st);
	is((long long)st.messages, 0, "nothing was queued");

	is(ipc_msgq_set_max_bytes(q, 100), 0, "limit the queue to 100 bytes");
	is(ipc_msgq_send(q, 1, big, 101, IPC_FOREVER), -EMSGSIZE,
	    "a message over the queue's limit is refused, not left to block forever");
	is(ipc_msgq_send(q, 1, big, 100, 0), 0, "one of exactly the limit fits");
	drop(q, "sizes");

	/* A handle opened before the limit was raised still sends big ones. */
	q = fresh("raised");
	ipc_msgq *r;
	ipc_msgq_set_max_bytes(q, 100);
	ipc_msgq_open("raised", &r);
	ipc_msgq_set_max_bytes(q, msgmnb);
	is(ipc_msgq_send(r, 1, big, 4000, 0), 0, "the limit is asked again when passed");
	ipc_msgq_recv(q, 0, back, msgmax, NULL, 0);
	ipc_msgq_set_max_bytes(q, 100);
	is(ipc_msgq_send(r, 1, big, 200, 0), -EMSGSIZE,
	    "a limit lowered through another handle: polled send says -EMSGSIZE");
	is(ipc_msgq_send(r, 1, big, 200, 50), -EMSGSIZE, "and so does a timed one");
	ipc_msgq_close(r);
	drop(q, "raised");
	free(big);
	free(back);
}

/* Fills a queue of 1024 bytes with 4 messages of 256. */
static ipc_msgq *
full_queue(const char *name)
{
	ipc_msgq *q = fresh(name);
	char blob[256] = { 0 };
	ipc_msgq_set_max_bytes(q, 1024);
	for (int i = 0; i < 4; i++)
		ipc_msgq_send(q, 1, blob, sizeof blob, 0);
	return q;
}

static void
test_nonblocking_and_timed(void)
{
	ipc_msgq *q = fresh("timed");
	char buf[64];
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, 0), -EAGAIN, "poll an empty queue: -EAGAIN");
	int64_t t0 = now_ms();
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, 120), -ETIMEDOUT, "wait 120 ms: -ETIMEDOUT");
	ok(now_ms() - t0 >= 120, "after waiting the whole timeout");

	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(60);
		ipc_msgq_send(q, 4, "late", 4, 0);
		_exit(0);
	}
	long t;
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, &t, 5000), 4, "a timed wait gets a message sent meanwhile");
	is(t, 4, "with its type");
	waitpid(pid, NULL, 0);
	drop(q, "timed");

	q = full_queue("full");
	char blob[256] = { 0 };
	is(ipc_msgq_send(q, 1, blob, sizeof blob, 0), -EAGAIN, "send to a full queue without waiting: -EAGAIN");
	t0 = now_ms();
	is(ipc_msgq_send(q, 1, blob, sizeof blob, 100), -ETIMEDOUT, "with 100 ms: -ETIMEDOUT");
	ok(now_ms() - t0 >= 100, "after the whole timeout");
	pid = fork();
	if (pid == 0) {
		sleep_ms(60);
		ipc_msgq_recv(q, 0, blob, sizeof blob, NULL, 0);
		_exit(0);
	}
	is(ipc_msgq_send(q, 2, blob, sizeof blob, 5000), 0, "a timed send gets in when room is made");
	waitpid(pid, NULL, 0);
	pid = fork();
	if (pid == 0) {
		sleep_ms(60);
		ipc_msgq_recv(q, 0, blob, sizeof blob, NULL, 0);
		_exit(0);
	}
	is(ipc_msgq_send(q, 3, blob, sizeof blob, IPC_FOREVER), 0, "a blocking send waits for room");
	waitpid(pid, NULL, 0);
	struct ipc_msgq_stat st;
	ipc_msgq_stat(q, &st);
	is((long long)st.messages, 4, "4 messages, none lost");
	drop(q, "full");
}

static void
on_alarm(int sig)
{
	(void)sig;
}

/* Arms a one-shot SIGALRM in ms, with a handler and no SA_RESTART. */
static void
alarm_in(int ms)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { .it_value = { 0, ms * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

/* 1 when pid sleeps (state S): inside the timed wait, for the callers here. */
static int
asleep(pid_t pid)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	char *got = fgets(line, sizeof line, f);
	fclose(f);
	char *paren = got ? strrchr(line, ')') : NULL;
	return paren != NULL && paren[1] == ' ' && paren[2] == 'S';
}

/* A child that waits until pid has started waiting, then after delay_us
 * sends it SIGALRM: the signal lands after the call began, so a missed one
 * is the call's fault, not the test's timing. */
static pid_t
signal_when_asleep(pid_t pid, int delay_us)
{
	pid_t child = fork();
	if (child == 0) {
		while (!asleep(pid))
			;
		struct timespec ts = { 0, (long)delay_us * 1000 };
		nanosleep(&ts, NULL);
		kill(pid, SIGALRM);
		_exit(0);
	}
	return child;
}

static void
test_signals(void)
{
	ipc_msgq *q = fresh("sig");
	char buf[16];
	alarm_in(50);
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, IPC_FOREVER), -EINTR,
	    "a signal ends a blocking receive with -EINTR");
	alarm_in(50);
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, 5000), -EINTR,
	    "and a timed one");
	ipc_msgq_send(q, 1, "kept", 4, 0);
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, IPC_FOREVER), 4,
	    "called again, it gets the message");

	/* A signal must end a timed wait wherever it lands: in a sleep, or in
	 * the attempts between sleeps, where a handler would run unnoticed. */
	int missed = 0;
	for (int i = 0; i < 200; i++) {
		pid_t child = signal_when_asleep(getpid(), (i * 37) % 3000);
		if (ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, 400) != -EINTR)
			missed++;
		waitpid(child, NULL, 0);
	}
	is(missed, 0, "200 signals at spread times each end a timed wait with -EINTR");

	ipc_msgq *f = full_queue("sigfull");
	char blob[256] = { 0 };
	alarm_in(50);
	is(ipc_msgq_send(f, 9, blob, sizeof blob, IPC_FOREVER), -EINTR,
	    "a signal ends a blocking send with -EINTR");
	struct ipc_msgq_stat st;
	ipc_msgq_stat(f, &st);
	is((long long)st.messages, 4, "and nothing was sent");
	is(ipc_msgq_recv(f, 9, blob, sizeof blob, NULL, 0), -EAGAIN, "no type-9 message anywhere");
	drop(f, "sigfull");
	drop(q, "sig");
}

static void
test_removed(void)
{
	ipc_msgq *q = fresh("gone");
	char buf[16];
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(60);
		ipc_msgq_unlink("gone");
		_exit(0);
	}
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, IPC_FOREVER), -EIDRM,
	    "removal ends a blocking receive with -EIDRM");
	waitpid(pid, NULL, 0);
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, 0), -EIDRM, "later receives: -EIDRM");
	is(ipc_msgq_send(q, 1, "x", 1, 0), -EIDRM, "sends: -EIDRM");
	struct ipc_msgq_stat st;
	is(ipc_msgq_stat(q, &st), -EIDRM, "stat: -EIDRM");
	is(ipc_msgq_set_max_bytes(q, 100), -EIDRM, "set_max_bytes: -EIDRM");
	ipc_msgq_close(q);

	q = fresh("gone2");
	pid = fork();
	if (pid == 0) {
		sleep_ms(60);
		ipc_msgq_unlink("gone2");
		_exit(0);
	}
	is(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, 5000), -EIDRM,
	    "removal ends a timed receive with -EIDRM");
	waitpid(pid, NULL, 0);
	ipc_msgq_close(q);
}

int
main(void)
{
	fixture_init();
	ipc_msgq_limits(&msgmax, &msgmnb);
	test_types();
	test_sizes();
	test_nonblocking_and_timed();
	test_signals();
	test_removed();
	fixture_cleanup();
	return tap_done();
}
