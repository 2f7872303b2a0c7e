/* bench/chan.c: channel latency and throughput beside a pipe and beside a bare shared-memory + futex floor. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "ipc/chan.h"

/*
 * Both processes are left to the scheduler (never pinned): on these
 * machines a wake-up across cores costs 13-20 us, so pinning would measure
 * the hardware, not the mechanism. Each figure is the best of RUNS runs,
 * which filters out some of the noise of other work on a shared machine.
 *
 *   round trip   64-byte message there and back, one process each side
 *   one-way      a producer streams N messages, a consumer takes them all;
 *                the figure is messages per second (and MB/s)
 *
 * Anchors: a pipe (one write per message; the reader reads 64 KiB at a time,
 * the best case for a pipe) and the floor: a single-producer ring in shared
 * memory with futex sleeps and no locking, no types, no checks, which is
 * the least any shared-memory channel can cost.
 */

#define RUNS 5
#define RING_BYTES ((size_t)1 << 20)

/* ---- the floor: a bare SPSC ring of fixed-size slots, futex wakes ---- */

struct floor_ring {
	_Alignas(64) _Atomic uint64_t tail;
	_Atomic uint32_t tail_seq, cons_asleep;
	_Alignas(64) _Atomic uint64_t head;
	_Atomic uint32_t head_seq, prod_asleep;
	_Alignas(64) unsigned char data[];
};

static void
fwait(_Atomic uint32_t *word, uint32_t val)
{
	syscall(SYS_futex, word, FUTEX_WAIT, val, NULL, NULL, 0);
}

static void
fwake(_Atomic uint32_t *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* Sleeps until *cursor != seen, announcing the sleep in *asleep. */
static void
floor_sleep(_Atomic uint64_t *cursor, uint64_t seen, _Atomic uint32_t *seq,
    _Atomic uint32_t *asleep)
{
	uint32_t key = atomic_load(seq);
	atomic_store(asleep, 1);
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load(cursor) == seen)
		fwait(seq, key);
}

static void
floor_kick(_Atomic uint32_t *seq, _Atomic uint32_t *asleep)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(asleep, memory_order_relaxed) && atomic_exchange(asleep, 0)) {
		atomic_fetch_add(seq, 1);
		fwake(seq);
	}
}

static void
floor_put(struct floor_ring *r, size_t slots, const void *msg, size_t len)
{
	uint64_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint64_t h;
	while (t - (h = atomic_load_explicit(&r->head, memory_order_acquire)) >= slots)
		floor_sleep(&r->head, h, &r->head_seq, &r->prod_asleep);
	memcpy(r->data + (t % slots) * len, msg, len);
	atomic_store_explicit(&r->tail, t + 1, memory_order_release);
	floor_kick(&r->tail_seq, &r->cons_asleep);
}

static void
floor_get(struct floor_ring *r, size_t slots, void *msg, size_t len)
{
	uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
	while (atomic_load_explicit(&r->tail, memory_order_acquire) == h)
		floor_sleep(&r->tail, h, &r->tail_seq, &r->cons_asleep);
	memcpy(msg, r->data + (h % slots) * len, len);
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	floor_kick(&r->head_seq, &r->prod_asleep);
}

static struct floor_ring *
floor_new(void)
{
	void *m = mmap(NULL, sizeof(struct floor_ring) + RING_BYTES,
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("bench: mmap");
		exit(1);
	}
	return m;
}

/* ---- helpers ---- */

static pid_t
spawn(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("bench: fork");
		exit(1);
	}
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	return pid;
}

static void
reap(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bench: child failed\n");
		exit(1);
	}
}

static void
die(const char *what, int err)
{
	fprintf(stderr, "bench: %s: %s\n", what, ipc_strerror(err));
	exit(1);
}

static ipc_chan *
chan_open(const char *name, int role)
{
	ipc_chan *ch;
	int r = ipc_chan_open(name, role, &ch);
	if (r < 0)
		die(name, r);
	return ch;
}

static void
xwrite(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("bench: write");
			exit(1);
		}
		p += n;
		len -= (size_t)n;
	}
}

static void
xread(int fd, void *buf, size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("bench: read");
			exit(1);
		}
		p += n;
		len -= (size_t)n;
	}
}

/* ---- round trip ---- */

#define RT_ITERS 20000
#define RT_LEN 64

struct rt {
	const char *ping, *pong;   /* channels */
	int p2c[2], c2p[2];        /* pipes */
	struct floor_ring *a, *b;  /* floor */
};

static void
rt_chan_echo(void *arg)
{
	struct rt *t = arg;
	ipc_chan *in = chan_open(t->ping, IPC_CHAN_RECEIVER);
	ipc_chan *out = chan_open(t->pong, IPC_CHAN_SENDER);
	char buf[RT_LEN];
	for (int i = 0; i < RT_ITERS; i++) {
		if (ipc_chan_recv(in, buf, sizeof buf, -1) != RT_LEN ||
		    ipc_chan_send(out, buf, RT_LEN, -1) < 0)
			_exit(1);
	}
	ipc_chan_close(in);
	ipc_chan_close(out);
}

static double
rt_chan(struct rt *t)
{
	ipc_chan *out = chan_open(t->ping, IPC_CHAN_SENDER);
	pid_t pid = spawn(rt_chan_echo, t);
	ipc_chan *in = chan_open(t->pong, IPC_CHAN_RECEIVER);
	char buf[RT_LEN] = { 0 };
	int64_t t0 = bench_now_ns();
	for (int i = 0; i < RT_ITERS; i++) {
		if (ipc_chan_send(out, buf, RT_LEN, -1) < 0 ||
		    ipc_chan_recv(in, buf, sizeof buf, -1) != RT_LEN)
			die("round trip", -EPROTO);
	}
	int64_t ns = bench_now_ns() - t0;
	reap(pid);
	ipc_chan_close(in);
	ipc_chan_close(out);
	return ns / 1000.0 / RT_ITERS;
}

static void
rt_pipe_echo(void *arg)
{
	struct rt *t = arg;
	char buf[RT_LEN];
	for (int i = 0; i < RT_ITERS; i++) {
		xread(t->p2c[0], buf, RT_LEN);
		xwrite(t->c2p[1], buf, RT_LEN);
	}
}

static double
rt_pipe(struct rt *t)
{
	if (pipe(t->p2c) < 0 || pipe(t->c2p) < 0) {
		perror("bench: pipe");
		exit(1);
	}
	pid_t pid = spawn(rt_pipe_echo, t);
	char buf[RT_LEN] = { 0 };
	int64_t t0 = bench_now_ns();
	for (int i = 0; i < RT_ITERS; i++) {
		xwrite(t->p2c[1], buf, RT_LEN);
		xread(t->c2p[0], buf, RT_LEN);
	}
	int64_t ns = bench_now_ns() - t0;
	reap(pid);
	for (int i = 0; i < 2; i++) {
		close(t->p2c[i]);
		close(t->c2p[i]);
	}
	return ns / 1000.0 / RT_ITERS;
}

static void
rt_floor_echo(void *arg)
{
	struct rt *t = arg;
	char buf[RT_LEN];
	for (int i = 0; i < RT_ITERS; i++) {
		floor_get(t->a, RING_BYTES / RT_LEN, buf, RT_LEN);
		floor_put(t->b, RING_BYTES / RT_LEN, buf, RT_LEN);
	}
}

static double
rt_floor(struct rt *t)
{
	t->a = floor_new();
	t->b = floor_new();
	pid_t pid = spawn(rt_floor_echo, t);
	char buf[RT_LEN] = { 0 };
	int64_t t0 = bench_now_ns();
	for (int i = 0; i < RT_ITERS; i++) {
		floor_put(t->a, RING_BYTES / RT_LEN, buf, RT_LEN);
		floor_get(t->b, RING_BYTES / RT_LEN, buf, RT_LEN);
	}
	int64_t ns = bench_now_ns() - t0;
	reap(pid);
	munmap(t->a, sizeof *t->a + RING_BYTES);
	munmap(t->b, sizeof *t->b + RING_BYTES);
	return ns / 1000.0 / RT_ITERS;
}

/* ---- one way ---- */

struct ow {
	const char *name;
	size_t len;
	long count;
	int fd[2];
	struct floor_ring *r;
};

static void
ow_chan_send(void *arg)
{
	struct ow *o = arg;
	ipc_chan *ch = chan_open(o->name, IPC_CHAN_SENDER);
	char *buf = calloc(1, o->len);
	for (long i = 0; i < o->count; i++)
		if (ipc_chan_send(ch, buf, o->len, -1) < 0)
			_exit(1);
	free(buf);
	ipc_chan_close(ch);
}

static double
ow_chan(struct ow *o)
{
	ipc_chan *ch = chan_open(o->name, IPC_CHAN_RECEIVER);
	int64_t t0 = bench_now_ns();
	pid_t pid = spawn(ow_chan_send, o);
	const void *msg;
	long got = 0;
	ssize_t n;
	while ((n = ipc_chan_recv_begin(ch, &msg, -1)) >= 0) {
		if ((size_t)n != o->len)
			die("one way", -EPROTO);
		ipc_chan_recv_end(ch);
		got++;
	}
	int64_t ns = bench_now_ns() - t0;
	if (n != IPC_CHAN_CLOSED || got != o->count)
		die("one way", (int)n);
	reap(pid);
	ipc_chan_close(ch);
	return o->count / (ns / 1e9);
}

static void
ow_pipe_send(void *arg)
{
	struct ow *o = arg;
	char *buf = calloc(1, o->len);
	close(o->fd[0]);
	for (long i = 0; i < o->count; i++)
		xwrite(o->fd[1], buf, o->len);
	free(buf);
}

static double
ow_pipe(struct ow *o)
{
	if (pipe(o->fd) < 0) {
		perror("bench: pipe");
		exit(1);
	}
	fcntl(o->fd[1], F_SETPIPE_SZ, (int)RING_BYTES);   /* same room as the channel */
	int64_t t0 = bench_now_ns();
	pid_t pid = spawn(ow_pipe_send, o);
	close(o->fd[1]);
	static char buf[65536];
	long long want = (long long)o->len * o->count, got = 0;
	ssize_t n;
	while ((n = read(o->fd[0], buf, sizeof buf)) > 0)
		got += n;
	int64_t ns = bench_now_ns() - t0;
	close(o->fd[0]);
	if (got != want)
		die("pipe one way", -EPROTO);
	reap(pid);
	return o->count / (ns / 1e9);
}

static void
ow_floor_send(void *arg)
{
	struct ow *o = arg;
	char *buf = calloc(1, o->len);
	for (long i = 0; i < o->count; i++)
		floor_put(o->r, RING_BYTES / o->len, buf, o->len);
	free(buf);
}

static double
ow_floor(struct ow *o)
{
	o->r = floor_new();
	char *buf = malloc(o->len);
	int64_t t0 = bench_now_ns();
	pid_t pid = spawn(ow_floor_send, o);
	for (long i = 0; i < o->count; i++)
		floor_get(o->r, RING_BYTES / o->len, buf, o->len);
	int64_t ns = bench_now_ns() - t0;
	reap(pid);
	free(buf);
	munmap(o->r, sizeof *o->r + RING_BYTES);
	return o->count / (ns / 1e9);
}

/* ---- driver ---- */

/* The three contenders take turns, RUNS rounds, so that each meets the same
 * mix of scheduling luck and neighbours' load; each keeps its best round. */
static void
keep(double *best, double v, int higher_better, int first)
{
	if (first || (higher_better ? v > *best : v < *best))
		*best = v;
}

static void
name_for(char *buf, size_t len, const char *what)
{
	snprintf(buf, len, "bench%ld.%s", (long)getpid(), what);
	ipc_chan_unlink(buf);
}

static void
make_chan(const char *name, size_t capacity)
{
	int r = ipc_chan_create(name, IPC_CHAN_BYTES, 0, capacity, 0600);
	if (r < 0)
		die(name, r);
}

static void
round_trip(void)
{
	char ping[64], pong[64];
	name_for(ping, sizeof ping, "ping");
	name_for(pong, sizeof pong, "pong");
	make_chan(ping, 0);
	make_chan(pong, 0);
	struct rt t = { .ping = ping, .pong = pong };
	double c = 0, p = 0, f = 0;
	for (int i = 0; i < RUNS; i++) {
		keep(&c, rt_chan(&t), 0, i == 0);
		keep(&p, rt_pipe(&t), 0, i == 0);
		keep(&f, rt_floor(&t), 0, i == 0);
	}
	bench_row("round trip 64 B", c, p, "us", "pipe", 0);
	bench_row("round trip 64 B", c, f, "us", "raw shm+futex", 0);
	ipc_chan_unlink(ping);
	ipc_chan_unlink(pong);
}

static void
one_way(size_t len, long count)
{
	char name[64], what[64];
	name_for(name, sizeof name, "oneway");
	make_chan(name, RING_BYTES);
	struct ow o = { .name = name, .len = len, .count = count };
	double c = 0, p = 0, f = 0;
	for (int i = 0; i < RUNS; i++) {
		keep(&c, ow_chan(&o), 1, i == 0);
		keep(&p, ow_pipe(&o), 1, i == 0);
		keep(&f, ow_floor(&o), 1, i == 0);
	}
	const char *unit = len < 1024 ? "M msg/s" : "GB/s";
	double scale = len < 1024 ? 1e-6 : (double)len * 1e-9;
	snprintf(what, sizeof what, "one-way %zu B", len);
	bench_row(what, c * scale, p * scale, unit, "pipe", 1);
	bench_row(what, c * scale, f * scale, unit, "raw shm+futex", 1);
	ipc_chan_unlink(name);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	bench_section("chan: channel vs pipe and vs a raw shm+futex ring (best of 5 interleaved rounds, not pinned, 1 MiB rings)");
	round_trip();
	one_way(64, 2000000);
	one_way(4096, 200000);
	one_way(65536, 20000);
	return 0;
}
