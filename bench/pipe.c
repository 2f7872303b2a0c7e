/* pipe.c: `make bench` for pipes: libipc's round trip, stream and copy against the raw system calls. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "duplex.h"
#include "ipc/pipe.h"

/* Two pipes, one each way: fds[0..1] parent to child, fds[2..3] back. */
static int
pipes_prepare(struct transport *t)
{
	if (pipe(t->fds) < 0 || pipe(t->fds + 2) < 0)
		return -errno;
	return 0;
}

static int
pipes_open(struct transport *t, int child, int use_ipc, int *rd, int *wr)
{
	*rd = child ? t->fds[0] : t->fds[2];
	*wr = child ? t->fds[3] : t->fds[1];
	close(child ? t->fds[1] : t->fds[0]);
	close(child ? t->fds[2] : t->fds[3]);
	return 0;
}

static void
pipes_done(struct transport *t)
{
	(void)t;
}

/* ---- the relay: a producer, a copier in the middle, a consumer ---- */

#define RELAY_BYTES ((size_t)256 << 20)

static void
produce(int fd)
{
	static char buf[65536];
	for (size_t n = 0; n < RELAY_BYTES; n += sizeof buf)
		if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
			_exit(1);
	_exit(0);
}

static void
consume(int fd)
{
	static char buf[65536];
	size_t total = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		total += (size_t)n;
	_exit(total == RELAY_BYTES ? 0 : 1);
}

static ssize_t
raw_copy(int in, int out)
{
	static char buf[65536];
	ssize_t n, total = 0;
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, (size_t)n) != n)
			return -1;
		total += n;
	}
	return total;
}

/* Bytes per second through the middle process. */
static double
relay(int use_ipc)
{
	int a[2], b[2];
	if (pipe(a) < 0 || pipe(b) < 0)
		exit(2);
	pid_t p = fork();
	if (p == 0) {
		close(a[0]), close(b[0]), close(b[1]);
		produce(a[1]);
	}
	pid_t c = fork();
	if (c == 0) {
		close(a[0]), close(a[1]), close(b[1]);
		consume(b[0]);
	}
	close(a[1]);
	close(b[0]);
	int64_t t0 = bench_now_ns();
	ssize_t n = use_ipc ? ipc_pipe_copy(a[0], b[1], IPC_PIPE_ALL, IPC_FOREVER) : raw_copy(a[0], b[1]);
	close(a[0]);
	close(b[1]);
	int sp, sc;
	waitpid(p, &sp, 0);
	waitpid(c, &sc, 0);
	double s = (double)(bench_now_ns() - t0) / 1e9;
	if (n != (ssize_t)RELAY_BYTES || sp != 0 || sc != 0) {
		fprintf(stderr, "bench pipe: the relay lost bytes\n");
		exit(2);
	}
	return (double)RELAY_BYTES / s;
}

int
main(void)
{
	struct transport t = { pipes_prepare, pipes_open, pipes_done, { 0 }, { "", "" } };
	bench_section("pipes: libipc against read(2)/write(2); best of 21 alternating rounds, not pinned");
	duplex_report_round_trip("pipe round trip, 1 byte", &t, &io_ipc, 1);
	duplex_report_round_trip("pipe round trip, 512 bytes", &t, &io_ipc, 512);
	duplex_report_round_trip("pipe round trip, 1 byte, timed (poll)", &t, &io_ipc_timed, 1);
	duplex_report_stream("pipe stream, 64 KiB writes", &t, 65536, (size_t)256 << 20);
	double raw = 0, ipc = 0;
	for (int r = 0; r < 3; r++) {
		double a = relay(0), b = relay(1);
		raw = a > raw ? a : raw;
		ipc = b > ipc ? b : ipc;
	}
	bench_row("pipe relay: ipc_pipe_copy (splice)", ipc / 1e6, raw / 1e6, "MB/s",
	    "read/write loop", 1);
	return 0;
}
