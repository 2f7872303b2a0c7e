/* port.c: ports through portd next to NATS (request/reply, publish throughput) and their floors. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "ipc/core.h"
#include "ipc/port.h"
#include "port_nats.h"

/* Each side of each measure is a process of its own, forked from a parent
 * that never touches NATS or portd: children tell the parent over pipes. */

static void
tell(int fd, const void *v, size_t len)
{
	if (write(fd, v, len) != (ssize_t)len)
		_exit(1);
}

static int
hear(int fd, void *v, size_t len)
{
	return read(fd, v, len) == (ssize_t)len ? 0 : -1;
}

static int
finished(pid_t pid)
{
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static ipc_port_conn *
conn(void)
{
	ipc_port_conn *c = NULL;
	if (ipc_port_connect(&c, 0, 10000) < 0)
		_exit(2);
	return c;
}

/* ---- request/reply ---- */

static void
port_responder(int n, int ready)
{
	ipc_port_conn *c = conn();
	uint32_t port;
	if (ipc_port_open(c, "bench-rr", IPC_PORT_CREATE | IPC_PORT_RECV, 5000, &port) < 0)
		_exit(3);
	tell(ready, "r", 1);
	for (int i = 0; i < n; i++) {
		const ipc_port_msg *m;
		size_t len;
		if (ipc_port_recv(c, port, &m, 10000) < 0)
			_exit(4);
		const void *d = ipc_port_msg_data(m, &len);
		if (ipc_port_send(c, ipc_port_msg_reply(m), 0, d, len, 0, 0, 10000) < 0)
			_exit(5);
	}
	ipc_port_disconnect(c);
	_exit(0);
}

static double
port_requester(int n, size_t size)
{
	ipc_port_conn *c = conn();
	uint32_t svc, reply;
	char *data = calloc(1, size);
	if (ipc_port_lookup(c, "bench-rr", 0, 5000, &svc) < 0 ||
	    ipc_port_open(c, NULL, 0, 5000, &reply) < 0)
		return -1;
	int64_t t0 = 0;
	for (int i = 0; i < n; i++) {
		const ipc_port_msg *m;
		if (i == n / 10)
			t0 = bench_now_ns();
		int e = ipc_port_send(c, svc, 0, data, size, reply, 0, 10000);
		if (e >= 0)
			e = ipc_port_recv(c, reply, &m, 10000);
		if (e < 0) {
			fprintf(stderr, "bench/port: round trip %d: %s\n", i, ipc_strerror(e));
			return -1;
		}
	}
	double us = (double)(bench_now_ns() - t0) / 1000.0 / (n - n / 10);
	free(data);
	ipc_port_disconnect(c);
	return us;
}

/* Runs responder(n) in one child and requester(n) in another; the mean
 * round trip in microseconds, or -1. */
static double
round_trip(int nats, const char *url, int n, size_t size)
{
	int ready[2], res[2];
	if (pipe(ready) < 0 || pipe(res) < 0)
		return -1;
	pid_t r = fork();
	if (r == 0)
		_exit(nats ? nats_responder(url, n, ready[1]) < 0 : (port_responder(n, ready[1]), 0));
	/* The parent keeps no write end: a child that dies is an end of file. */
	close(ready[1]);
	char b;
	double us = -1;
	if (hear(ready[0], &b, 1) == 0) {
		pid_t q = fork();
		if (q == 0) {
			double v = nats ? nats_request(url, n, size) : port_requester(n, size);
			tell(res[1], &v, sizeof v);
			_exit(0);
		}
		close(res[1]);
		if (hear(res[0], &us, sizeof us) < 0)
			us = -1;
		waitpid(q, NULL, 0);
	} else {
		close(res[1]);
		kill(r, SIGTERM);
	}
	if (!finished(r))
		us = -1;
	close(ready[0]), close(res[0]);
	return us;
}

/* The floor under any broker: two unix-socket round trips, client to
 * relay to server and back, with nothing but read and write. */
static double
floor_trip(int n, size_t size)
{
	int a[2], b[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, a) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, b) < 0)
		return -1;
	char *buf = calloc(1, size);
	pid_t relay = fork();
	if (relay == 0) {
		for (int i = 0; i < n; i++)
			if (read(a[1], buf, size) <= 0 || write(b[0], buf, size) < 0 ||
			    read(b[0], buf, size) <= 0 || write(a[1], buf, size) < 0)
				_exit(1);
		_exit(0);
	}
	pid_t echo = fork();
	if (echo == 0) {
		for (int i = 0; i < n; i++)
			if (read(b[1], buf, size) <= 0 || write(b[1], buf, size) < 0)
				_exit(1);
		_exit(0);
	}
	int64_t t0 = 0;
	for (int i = 0; i < n; i++) {
		if (i == n / 10)
			t0 = bench_now_ns();
		if (write(a[0], buf, size) < 0 || read(a[0], buf, size) <= 0)
			break;
	}
	double us = (double)(bench_now_ns() - t0) / 1000.0 / (n - n / 10);
	waitpid(relay, NULL, 0);
	waitpid(echo, NULL, 0);
	close(a[0]), close(a[1]), close(b[0]), close(b[1]);
	free(buf);
	return us;
}

/* ---- throughput ---- */

static void
port_receiver(long n, int ready, int done)
{
	ipc_port_conn *c = conn();
	uint32_t port;
	if (ipc_port_open(c, "bench-tp", IPC_PORT_CREATE | IPC_PORT_RECV, 5000, &port) < 0)
		_exit(3);
	tell(ready, "r", 1);
	long long t = 0;
	for (long i = 0; i < n; i++) {
		const ipc_port_msg *m;
		if (ipc_port_recv(c, port, &m, 20000) < 0)
			_exit(4);
	}
	t = bench_now_ns();
	tell(done, &t, sizeof t);
	ipc_port_release(c, port, 5000);
	ipc_port_disconnect(c);
	_exit(0);
}

static long long
port_sender(long n, size_t size)
{
	ipc_port_conn *c = conn();
	uint32_t port;
	char *data = calloc(1, size);
	if (ipc_port_lookup(c, "bench-tp", 0, 5000, &port) < 0)
		return -1;
	long long t0 = bench_now_ns();
	for (long i = 0; i < n; i++)
		if (ipc_port_send(c, port, 0, data, size, 0, IPC_PORT_MORE, 20000) < 0)
			return -1;
	if (ipc_port_sync(c, 60000) < 0)
		return -1;
	free(data);
	ipc_port_disconnect(c);
	return t0;
}

/* Messages per second from the sender's first send to the receiver's last
 * message (both clocks are the machine's monotonic clock). */
static double
throughput(int nats, const char *url, long n, size_t size)
{
	int ready[2], done[2];
	if (pipe(ready) < 0 || pipe(done) < 0)
		return -1;
	pid_t r = fork();
	if (r == 0) {
		if (nats)
			_exit(nats_subscriber(url, n, ready[1], done[1]) < 0);
		port_receiver(n, ready[1], done[1]);
	}
	close(ready[1]);
	close(done[1]);
	char b;
	long long t0 = -1, t1 = 0;
	pid_t s = -1;
	if (hear(ready[0], &b, 1) == 0) {
		int start[2];
		if (pipe(start) < 0)
			return -1;
		s = fork();
		if (s == 0) {
			long long t = nats ? nats_publisher(url, n, size) : port_sender(n, size);
			tell(start[1], &t, sizeof t);
			_exit(t < 0);
		}
		close(start[1]);
		if (hear(start[0], &t0, sizeof t0) < 0) {
			t0 = -1;
			kill(r, SIGTERM);
		}
		close(start[0]);
	}
	if (hear(done[0], &t1, sizeof t1) < 0)
		t1 = 0;
	int good = finished(r) & (s > 0 && finished(s));
	close(ready[0]), close(done[0]);
	if (!good || t0 < 0 || t1 <= t0)
		return -1;
	return (double)n / ((double)(t1 - t0) / 1e9);
}

/* memcpy of 1 MiB buffers, kept warm: what a copy costs on this machine. */
static double
memcpy_rate(void)
{
	size_t size = 1 << 20;
	char *a = malloc(size), *b = malloc(size);
	memset(a, 1, size);
	memset(b, 2, size);
	int n = 2000;
	int64_t t0 = bench_now_ns();
	for (int i = 0; i < n; i++) {
		memcpy(i & 1 ? a : b, i & 1 ? b : a, size);
		__asm__ volatile("" : : "r"(a), "r"(b) : "memory");
	}
	double s = (double)(bench_now_ns() - t0) / 1e9;
	free(a);
	free(b);
	return (double)n * size / s;
}

#ifdef HAVE_MEMFD_CREATE
/* What a fresh sealed memfd per 1 MiB message would cost, writer and reader
 * in one process (no transfer at all): the page faults of new pages, which
 * is why large messages use a ring mapped once. Microseconds per message. */
static double
fresh_memfd_cost(void)
{
	size_t size = 1 << 20;
	char *buf = malloc(size);
	memset(buf, 7, size);
	int n = 200;
	volatile unsigned long sum = 0;
	int64_t t0 = bench_now_ns();
	for (int i = 0; i < n; i++) {
		int fd = memfd_create("bench", MFD_CLOEXEC | MFD_ALLOW_SEALING);
		if (fd < 0 || write(fd, buf, size) != (ssize_t)size ||
		    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0)
			return -1;
		const unsigned char *m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED)
			return -1;
		for (size_t k = 0; k < size; k += 4096)
			sum += m[k];
		munmap((void *)m, size);
		close(fd);
	}
	double us = (double)(bench_now_ns() - t0) / 1000.0 / n;
	free(buf);
	return us;
}
#else
static double
fresh_memfd_cost(void)
{
	return -1;   /* no memfds here: large messages are streamed instead */
}
#endif

/* ---- the report ---- */

static char workdir[] = "/tmp/ipc-bench-port-XXXXXX";

static void
setup_env(void)
{
	if (mkdtemp(workdir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	char rt[PATH_MAX];
	snprintf(rt, sizeof rt, "%s/rt", workdir);
	mkdir(rt, 0700);
	setenv("IPC_RUNTIME_DIR", rt, 1);
	/* make bench runs from the build directory: its portd. */
	char exe[PATH_MAX];
	if (getenv("IPC_PORTD") == NULL && realpath("coreutils/portd/portd", exe) != NULL)
		setenv("IPC_PORTD", exe, 1);
}

static void
stop_broker(void)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/portd.pid", getenv("IPC_RUNTIME_DIR"));
	FILE *f = fopen(path, "r");
	long pid = 0;
	if (f != NULL) {
		if (fscanf(f, "%ld", &pid) == 1 && pid > 0)
			kill((pid_t)pid, SIGTERM);
		fclose(f);
	}
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench: could not remove %s\n", workdir);
}

/* The smaller of two times, -1 meaning none. */
static double
best(double a, double b)
{
	if (a < 0)
		return b;
	return b < 0 || a < b ? a : b;
}

struct size_case {
	const char *what;
	size_t size;
	long n;
	double need;        /* the acceptance ratio */
};

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	setup_env();
	char url[128] = "";
	pid_t nats = nats_start(url, sizeof url, workdir);
	bench_section(nats > 0 ? "ports: portd next to nats-server 2.9 + nats.c (loopback)"
	    : "ports: portd (nats-server or libnats missing: no anchor)");

	/* Round trips are the most sensitive to other load: each is the best
	 * of three runs, taken in turn. */
	int n = 20000;
	double ours = -1, theirs = nats > 0 ? -1 : 0, floor = -1;
	for (int run = 0; run < 3; run++) {
		ours = best(ours, round_trip(0, NULL, n, 16));
		if (nats > 0)
			theirs = best(theirs, round_trip(1, url, n, 16));
		floor = best(floor, floor_trip(n, 16));
	}
	bench_row("round trip 16 B (want <= 0.25x)", ours, theirs, "us", "NATS request/reply", 0);
	bench_row("round trip 16 B, next to its floor", ours, floor, "us", "2 unix-socket round trips", 0);

	static const struct size_case cases[] = {
		{ "publish 64 B (want >= 1.5x)", 64, 2000000, 1.5 },
		{ "publish 4 KiB (want >= 3x)", 4096, 300000, 3 },
		{ "publish 1 MiB (want >= 10x)", 1 << 20, 3000, 10 },
	};
	double mib = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct size_case *k = &cases[i];
		double o = throughput(0, NULL, k->n, k->size);
		double t = nats > 0 ? throughput(1, url, k->n / (k->size > 4096 ? 1 : 2), k->size) : 0;
		bench_row(k->what, o, t, "msg/s", "NATS pub->sub", 1);
		if (k->size == 1 << 20)
			mib = o;
	}
	bench_row("publish 1 MiB, bytes (want >= 3 GB/s)", mib * (1 << 20) / 1e9,
	    memcpy_rate() / 1e9, "GB/s", "memcpy of 1 MiB", 1);
	bench_row("1 MiB through the ring, per message", mib > 0 ? 1e6 / mib : -1,
	    fresh_memfd_cost(), "us", "a fresh sealed memfd per message", 0);
	nats_stop(nats);
	stop_broker();
	return 0;
}
