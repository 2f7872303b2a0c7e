/* msgq.c: message queue benchmarks: libipc against raw msgsnd/msgrcv, and `msgq send` per exec. */
#include <config.h>

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "ipc/msgq.h"

extern char **environ;

/*
 * Both ends of every measure run as two processes left to the scheduler
 * (never pinned: see DESIGN.md), on one queue that both variants share.
 * Each figure is the median of ROUNDS short runs, raw and libipc
 * alternating, so that load from elsewhere (these machines are shared)
 * hits both alike; the programs of the exec measure alternate likewise.
 * What libipc adds is a copy of the text through a buffer shaped as the
 * kernel wants it (type, then text) on each send and receive: the
 * one-process rows show it in CPU time, about 0.1 us per 4 KiB.
 */
#define ROUNDS 21
#define RT_BLOCKS 200   /* even: raw and libipc take turns */
#define RT_BLOCK 100
#define TP_COUNT 10000
#define SOLO_COUNT 20000
#define EXEC_COUNT 1000
#define EXEC_CHUNK 100

enum { PING = 1, PONG = 2 };

struct rawmsg {
	long type;
	char text[8192];
};

/* The thing measured: one process of a pair, given the queue and a size. */
struct variant {
	const char *name;
	void (*ping)(int id, ipc_msgq *q, size_t size, long n);   /* parent side */
	void (*echo)(int id, ipc_msgq *q, size_t size, long n);   /* child side */
};

/* What to remove however the run ends (a program run once: statics are fine). */
static char queue_name[64], rundir[64];
static pid_t owner;

static void
cleanup(void)
{
	char sub[96];
	if (getpid() != owner)
		return;
	if (queue_name[0] != '\0')
		ipc_msgq_unlink(queue_name);
	snprintf(sub, sizeof sub, "%s/msgq", rundir);
	rmdir(sub);
	rmdir(rundir);
}

static void
die(const char *what, int err)
{
	fprintf(stderr, "bench/msgq: %s: %s\n", what, ipc_strerror(err));
	if (getpid() != owner)
		_exit(1);
	cleanup();
	exit(1);
}

/* ---- round trip: ping, the child echoes it back as pong ---- */

static void
raw_ping(int id, ipc_msgq *q, size_t size, long n)
{
	struct rawmsg m = { .type = PING };
	for (long i = 0; i < n; i++) {
		m.type = PING;
		if (msgsnd(id, &m, size, 0) < 0 || msgrcv(id, &m, sizeof m.text, PONG, 0) < 0)
			die("raw round trip", errno);
	}
}

static void
raw_echo(int id, ipc_msgq *q, size_t size, long n)
{
	struct rawmsg m;
	for (long i = 0; i < n; i++) {
		if (msgrcv(id, &m, sizeof m.text, PING, 0) < 0)
			die("raw echo", errno);
		m.type = PONG;
		if (msgsnd(id, &m, size, 0) < 0)
			die("raw echo", errno);
	}
}

static void
lib_ping(int id, ipc_msgq *q, size_t size, long n)
{
	static char buf[8192];
	for (long i = 0; i < n; i++) {
		int e = ipc_msgq_send(q, PING, buf, size, IPC_FOREVER);
		ssize_t r = e < 0 ? e : ipc_msgq_recv(q, PONG, buf, sizeof buf, NULL, IPC_FOREVER);
		if (r < 0)
			die("libipc round trip", (int)r);
	}
}

static void
lib_echo(int id, ipc_msgq *q, size_t size, long n)
{
	static char buf[8192];
	for (long i = 0; i < n; i++) {
		ssize_t r = ipc_msgq_recv(q, PING, buf, sizeof buf, NULL, IPC_FOREVER);
		int e = r < 0 ? (int)r : ipc_msgq_send(q, PONG, buf, (size_t)r, IPC_FOREVER);
		if (e < 0)
			die("libipc echo", e);
	}
}

/* ---- one way: the child sends n, the parent receives n ---- */

static void
raw_sink(int id, ipc_msgq *q, size_t size, long n)
{
	struct rawmsg m;
	for (long i = 0; i < n; i++)
		if (msgrcv(id, &m, sizeof m.text, 0, 0) < 0)
			die("raw receive", errno);
}

static void
raw_source(int id, ipc_msgq *q, size_t size, long n)
{
	struct rawmsg m = { .type = PING };
	for (long i = 0; i < n; i++)
		if (msgsnd(id, &m, size, 0) < 0)
			die("raw send", errno);
}

static void
lib_sink(int id, ipc_msgq *q, size_t size, long n)
{
	static char buf[8192];
	for (long i = 0; i < n; i++) {
		ssize_t r = ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, IPC_FOREVER);
		if (r < 0)
			die("libipc receive", (int)r);
	}
}

static void
lib_source(int id, ipc_msgq *q, size_t size, long n)
{
	static char buf[8192];
	for (long i = 0; i < n; i++) {
		int e = ipc_msgq_send(q, PING, buf, size, IPC_FOREVER);
		if (e < 0)
			die("libipc send", e);
	}
}

static const struct variant rt_raw = { "raw", raw_ping, raw_echo };
static const struct variant rt_lib = { "libipc", lib_ping, lib_echo };
static const struct variant tp_raw = { "raw", raw_sink, raw_source };
static const struct variant tp_lib = { "libipc", lib_sink, lib_source };

/* Runs one pair n times; returns the elapsed nanoseconds. */
static double
run_pair(const struct variant *v, int id, ipc_msgq *q, size_t size, long n)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork", errno);
	if (pid == 0) {
		v->echo(id, q, size, n);
		_exit(0);
	}
	int64_t t0 = bench_now_ns();
	v->ping(id, q, size, n);
	int64_t t1 = bench_now_ns();
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("child", ECHILD);
	return (double)(t1 - t0);
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median ns of ROUNDS runs of each variant, alternating. */
static void
median_pair(const struct variant *raw, const struct variant *lib, int id,
    ipc_msgq *q, size_t size, long n, double *raw_ns, double *lib_ns)
{
	double r[ROUNDS], l[ROUNDS];
	for (int i = 0; i < ROUNDS; i++) {
		r[i] = run_pair(raw, id, q, size, n);
		l[i] = run_pair(lib, id, q, size, n);
	}
	qsort(r, ROUNDS, sizeof r[0], by_value);
	qsort(l, ROUNDS, sizeof l[0], by_value);
	*raw_ns = r[ROUNDS / 2];
	*lib_ns = l[ROUNDS / 2];
}

/*
 * The round trip is the figure held to 1.10x of raw, so it gets the
 * finest interleaving: one pair of processes runs blocks of RT_BLOCK round
 * trips, raw and libipc in turn (the child follows the same schedule), and
 * each variant's figure is the median of its blocks. Load that comes and
 * goes then falls on both alike.
 */
static void
interleaved(int id, ipc_msgq *q, size_t size, double *raw, double *lib)
{
	double t[2][RT_BLOCKS / 2];
	const struct variant *v[2] = { &rt_raw, &rt_lib };
	pid_t pid = fork();
	if (pid < 0)
		die("fork", errno);
	if (pid == 0) {
		for (int b = 0; b < RT_BLOCKS; b++)
			v[b % 2]->echo(id, q, size, RT_BLOCK);
		_exit(0);
	}
	for (int b = 0; b < RT_BLOCKS; b++) {
		int64_t t0 = bench_now_ns();
		v[b % 2]->ping(id, q, size, RT_BLOCK);
		t[b % 2][b / 2] = (double)(bench_now_ns() - t0) / RT_BLOCK;
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("child", ECHILD);
	qsort(t[0], RT_BLOCKS / 2, sizeof t[0][0], by_value);
	qsort(t[1], RT_BLOCKS / 2, sizeof t[1][0], by_value);
	*raw = t[0][RT_BLOCKS / 4];
	*lib = t[1][RT_BLOCKS / 4];
}

static void
bench_round_trip(int id, ipc_msgq *q, size_t size)
{
	double raw, lib;
	char what[64];
	interleaved(id, q, size, &raw, &lib);
	snprintf(what, sizeof what, "round trip, %zu B", size);
	bench_row(what, lib / 1000, raw / 1000, "us", "raw msgsnd+msgrcv", 0);
}

static void
bench_throughput(int id, ipc_msgq *q, size_t size)
{
	double raw, lib;
	char what[64];
	median_pair(&tp_raw, &tp_lib, id, q, size, TP_COUNT, &raw, &lib);
	snprintf(what, sizeof what, "one-way throughput, %zu B", size);
	bench_row(what, TP_COUNT / (lib / 1e9) / 1000, TP_COUNT / (raw / 1e9) / 1000,
	    "kmsg/s", "raw msgsnd/msgrcv", 1);
}

/* ---- the library's own cost: send then receive in one process ---- */

/* This thread's CPU time: time spent waiting for the CPU (these machines
 * are shared) does not count. */
static int64_t
cpu_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* With no other process to wake, what is left is the system calls and what
 * the library adds around them (the copy through a kernel-shaped buffer). */
static double
solo(int lib, int id, ipc_msgq *q, size_t size, long n)
{
	static struct rawmsg m = { .type = PING };
	static char buf[8192];
	int64_t t0 = cpu_now_ns();
	for (long i = 0; i < n; i++) {
		if (lib) {
			if (ipc_msgq_send(q, PING, buf, size, IPC_FOREVER) < 0 ||
			    ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, IPC_FOREVER) < 0)
				die("libipc send+receive", EIO);
		} else if (msgsnd(id, &m, size, 0) < 0 || msgrcv(id, &m, sizeof m.text, 0, 0) < 0) {
			die("raw send+receive", errno);
		}
	}
	return (double)(cpu_now_ns() - t0);
}

/* The best of ROUNDS: the least disturbed run of each. */
static void
bench_solo(int id, ipc_msgq *q, size_t size)
{
	double raw = 1e18, lib = 1e18;
	char what[64];
	for (int i = 0; i < ROUNDS; i++) {
		double r = solo(0, id, q, size, SOLO_COUNT);
		double l = solo(1, id, q, size, SOLO_COUNT);
		raw = r < raw ? r : raw;
		lib = l < lib ? l : lib;
	}
	snprintf(what, sizeof what, "send+recv, one process, CPU, %zu B", size);
	bench_row(what, lib / SOLO_COUNT, raw / SOLO_COUNT, "ns", "raw msgsnd+msgrcv", 0);
}

/* ---- timed receive: how late a message is noticed ---- */

/* Mean microseconds from a send (5 to 35 ms into the wait) to its receipt. */
static double
wake_delay(ipc_msgq *q, int timeout_ms)
{
	enum { N = 30 };
	double total = 0;
	for (int i = 0; i < N; i++) {
		long delay_ns = (5 + (i * 7) % 31) * 1000000L;
		pid_t pid = fork();
		if (pid == 0) {
			struct timespec ts = { 0, delay_ns };
			nanosleep(&ts, NULL);
			int64_t sent = bench_now_ns();
			ipc_msgq_send(q, PING, &sent, sizeof sent, IPC_FOREVER);
			_exit(0);
		}
		int64_t sent;
		if (ipc_msgq_recv(q, PING, &sent, sizeof sent, NULL, timeout_ms) != sizeof sent)
			die("timed receive", EIO);
		total += (double)(bench_now_ns() - sent) / 1000;
		waitpid(pid, NULL, 0);
	}
	return total / N;
}

static void
bench_timed(ipc_msgq *q)
{
	double blocking = wake_delay(q, IPC_FOREVER);
	double timed = wake_delay(q, 60000);
	bench_row("timed recv: wake-up after a send", timed, blocking, "us",
	    "blocking recv (no polling)", 0);
}

/* ---- `msgq send` run as a program ---- */

/* The anchor: a C program that does nothing but msgget + msgsnd. */
static int
raw_send_main(char **argv)
{
	struct rawmsg m = { .type = 1 };
	size_t len = strlen(argv[3]);
	memcpy(m.text, argv[3], len);
	int id = msgget((key_t)strtoul(argv[2], NULL, 0), 0);
	return id < 0 || msgsnd(id, &m, len, 0) < 0;
}

/* Spawns argv n times in a row, each waited for; the elapsed ns. */
static double
spawn_loop(char **argv, int n)
{
	int64_t t0 = bench_now_ns();
	for (int i = 0; i < n; i++) {
		pid_t pid;
		int status;
		if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0 ||
		    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			die(argv[0], ECHILD);
	}
	return (double)(bench_now_ns() - t0);
}

/* A child that drains the queue while programs fill it (a full queue would
 * block them: 16 KiB per queue here). */
static pid_t
drain(ipc_msgq *q, long n)
{
	pid_t pid = fork();
	if (pid == 0) {
		lib_sink(0, q, 0, n);
		_exit(0);
	}
	return pid;
}

static void
bench_exec(const char *self, ipc_msgq *q, const char *name, int key)
{
	char dir[PATH_MAX], msgq[PATH_MAX + 32], keytext[32];
	snprintf(dir, sizeof dir, "%s", self);
	snprintf(msgq, sizeof msgq, "%s/../coreutils/msgq", dirname(dir));
	snprintf(keytext, sizeof keytext, "0x%08x", (unsigned)key);
	char *ours[] = { msgq, "send", (char *)name, "message", NULL };
	char *raw[] = { (char *)self, "--raw-send", keytext, "message", NULL };
	char *floor[] = { "/bin/true", NULL };
	double us_ours = 0, us_raw = 0, us_true = 0;
	pid_t pid = drain(q, 2L * EXEC_COUNT);
	for (int done = 0; done < EXEC_COUNT; done += EXEC_CHUNK) {
		us_ours += spawn_loop(ours, EXEC_CHUNK) / 1000 / EXEC_COUNT;
		us_raw += spawn_loop(raw, EXEC_CHUNK) / 1000 / EXEC_COUNT;
		us_true += spawn_loop(floor, EXEC_CHUNK) / 1000 / EXEC_COUNT;
	}
	waitpid(pid, NULL, 0);
	bench_row("`msgq send` per run (1,000 in a loop)", us_ours, us_raw, "us",
	    "a C msgget+msgsnd program", 0);
	bench_row("`msgq send` per run, against exec alone", us_ours, us_true, "us",
	    "/bin/true", 0);
}

/* ---- main ---- */

static int
setup(ipc_msgq **q, struct ipc_msgq_stat *st)
{
	owner = getpid();
	snprintf(rundir, sizeof rundir, "/tmp/ipc-bench-XXXXXX");
	if (mkdtemp(rundir) == NULL)
		die("mkdtemp", errno);
	setenv("IPC_RUNTIME_DIR", rundir, 1);
	snprintf(queue_name, sizeof queue_name, "bench%ld", (long)owner);
	int e = ipc_msgq_create(queue_name, 0600, 0, q);
	if (e < 0)
		die("create", e);
	if ((e = ipc_msgq_stat(*q, st)) < 0)
		die("stat", e);
	return st->id;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--raw-send") == 0)
		return raw_send_main(argv);
	ipc_msgq *q;
	struct ipc_msgq_stat st;
	int id = setup(&q, &st);

	bench_section("System V message queues (msgq): libipc vs raw calls, one queue, 2 processes");
	bench_round_trip(id, q, 64);
	bench_round_trip(id, q, 4096);
	bench_throughput(id, q, 64);
	bench_throughput(id, q, 4096);
	bench_solo(id, q, 64);
	bench_solo(id, q, 4096);
	bench_timed(q);
	bench_exec(argv[0], q, queue_name, st.key);

	ipc_msgq_close(q);
	cleanup();
	return 0;
}
