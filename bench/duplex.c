/* duplex.c: the round-trip and stream drivers shared by the pipe and FIFO benchmarks. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "duplex.h"
#include "ipc/pipe.h"

static ssize_t raw_rd(int fd, void *b, size_t n) { return read(fd, b, n); }
static ssize_t raw_wr(int fd, const void *b, size_t n) { return write(fd, b, n); }
static ssize_t ipc_rd(int fd, void *b, size_t n) { return ipc_pipe_read(fd, b, n, IPC_FOREVER); }
static ssize_t ipc_wr(int fd, const void *b, size_t n) { return ipc_pipe_write(fd, b, n, IPC_FOREVER); }
static ssize_t ipc_rd_t(int fd, void *b, size_t n) { return ipc_pipe_read(fd, b, n, 10000); }
static ssize_t ipc_wr_t(int fd, const void *b, size_t n) { return ipc_pipe_write(fd, b, n, 10000); }

const struct io io_raw = { raw_rd, raw_wr };
const struct io io_ipc = { ipc_rd, ipc_wr };
const struct io io_ipc_timed = { ipc_rd_t, ipc_wr_t };

static int
read_exactly(const struct io *io, int fd, char *buf, size_t len)
{
	for (size_t got = 0; got < len;) {
		ssize_t n = io->rd(fd, buf + got, len - got);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

/* The child's side of a round trip: echo every message until end of input. */
static int
echo(const struct io *io, int rd, int wr, size_t msg)
{
	char buf[65536];
	while (read_exactly(io, rd, buf, msg) == 0)
		if (io->wr(wr, buf, msg) != (ssize_t)msg)
			return 1;
	return 0;
}

static pid_t
fork_child(struct transport *t, int use_ipc, int *rd, int *wr)
{
	if (t->prepare(t) < 0)
		die("prepare");
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (t->open(t, pid == 0, use_ipc, rd, wr) < 0)
		die("open");
	return pid;
}

static void
reap(struct transport *t, pid_t pid, int rd, int wr)
{
	if (wr >= 0)
		close(wr);
	close(rd);
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		die("child");
	t->done(t);
}

static double
one_round_trip(struct transport *t, const struct io *io, int use_ipc, size_t msg, long iters)
{
	int rd, wr;
	pid_t pid = fork_child(t, use_ipc, &rd, &wr);
	if (pid == 0)
		_exit(echo(io, rd, wr, msg));
	char buf[65536];
	memset(buf, 'p', msg);
	long warm = iters / 10 + 100;
	int64_t t0 = 0;
	for (long i = -warm; i < iters; i++) {
		if (i == 0)
			t0 = bench_now_ns();
		if (io->wr(wr, buf, msg) != (ssize_t)msg || read_exactly(io, rd, buf, msg) < 0)
			die("round trip");
	}
	double ns = (double)(bench_now_ns() - t0) / (double)iters;
	reap(t, pid, rd, wr);
	return ns;
}

/* The child's side of a stream: read to the end, then one byte back. */
static int
sink(const struct io *io, int rd, int wr, size_t chunk)
{
	char *buf = malloc(chunk);
	ssize_t n;
	while (buf && (n = io->rd(rd, buf, chunk)) > 0)
		;
	free(buf);
	return io->wr(wr, "k", 1) != 1;
}

static double
one_stream(struct transport *t, const struct io *io, int use_ipc, size_t chunk, size_t total)
{
	int rd, wr;
	pid_t pid = fork_child(t, use_ipc, &rd, &wr);
	if (pid == 0)
		_exit(sink(io, rd, wr, chunk));
	char *buf = calloc(1, chunk);
	int64_t t0 = bench_now_ns();
	for (size_t sent = 0; sent < total; sent += chunk)
		if (io->wr(wr, buf, chunk) != (ssize_t)chunk)
			die("stream");
	close(wr);
	char ack;
	if (io->rd(rd, &ack, 1) != 1)
		die("ack");
	double s = (double)(bench_now_ns() - t0) / 1e9;
	free(buf);
	reap(t, pid, rd, -1);
	return (double)total / s;
}

/* Rounds alternate raw and libipc so that drift from other load hits both;
 * each figure is the best round, the least disturbed by the rest of the
 * machine. */
#define ROUNDS 21
#define TRIPS 10000

void
duplex_report_round_trip(const char *what, struct transport *t,
    const struct io *ours, size_t msg)
{
	double raw = 0, ipc = 0;
	for (int r = 0; r < ROUNDS; r++) {
		double a = one_round_trip(t, &io_raw, 0, msg, TRIPS);
		double b = one_round_trip(t, ours, 1, msg, TRIPS);
		raw = r == 0 || a < raw ? a : raw;
		ipc = r == 0 || b < ipc ? b : ipc;
	}
	bench_row(what, ipc / 1000, raw / 1000, "us", "read/write", 0);
}

void
duplex_report_stream(const char *what, struct transport *t, size_t chunk, size_t total)
{
	double raw = 0, ipc = 0;
	for (int r = 0; r < ROUNDS; r++) {
		double a = one_stream(t, &io_raw, 0, chunk, total);
		double b = one_stream(t, &io_ipc, 1, chunk, total);
		raw = a > raw ? a : raw;
		ipc = b > ipc ? b : ipc;
	}
	bench_row(what, ipc / 1e6, raw / 1e6, "MB/s", "read/write", 1);
}
