/* pipe.c: unit tests of pipes: the pair, capacity, timed I/O, and both copy backends. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/pipe.h"
#include "compat.h"
#include "copy.h"
#include "tap.h"
#include "testutil.h"

static int
fd_flag(int fd, int getcmd, int bit)
{
	int fl = fcntl(fd, getcmd);
	return fl >= 0 && (fl & bit) != 0;
}

static void
close_pair(int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

typedef int pair_fn(int fds[2], int nonblock);

static void
check_pair(pair_fn *make, const char *name)
{
	int fds[2];
	is(make(fds, 0), 0, "%s: a pair", name);
	ok(fd_flag(fds[0], F_GETFD, FD_CLOEXEC) && fd_flag(fds[1], F_GETFD, FD_CLOEXEC),
	    "%s: both ends close-on-exec", name);
	ok(!fd_flag(fds[0], F_GETFL, O_NONBLOCK) && !fd_flag(fds[1], F_GETFL, O_NONBLOCK),
	    "%s: blocking by default", name);
	ok(write(fds[1], "x", 1) == 1 && read(fds[0], (char[1]){ 0 }, 1) == 1,
	    "%s: bytes flow from [1] to [0]", name);
	close_pair(fds);
	is(make(fds, 1), 0, "%s: a non-blocking pair", name);
	ok(fd_flag(fds[0], F_GETFL, O_NONBLOCK) && fd_flag(fds[1], F_GETFL, O_NONBLOCK),
	    "%s: both ends non-blocking", name);
	close_pair(fds);
}

static void
test_open(void)
{
	int fds[2];
	check_pair(ipc__pipe_portable, "pipe+fcntl");
#if HAVE_PIPE2
	check_pair(ipc__pipe_pipe2, "pipe2");
#else
	tap_skip(6, "no pipe2");
#endif
	is(ipc_pipe_open(fds, 0), 0, "ipc_pipe_open");
	ok(fd_flag(fds[1], F_GETFD, FD_CLOEXEC), "ipc_pipe_open: close-on-exec");
	close_pair(fds);
	is(ipc_pipe_open(fds, IPC_PIPE_NONBLOCK), 0, "ipc_pipe_open IPC_PIPE_NONBLOCK");
	ok(fd_flag(fds[0], F_GETFL, O_NONBLOCK), "ipc_pipe_open: non-blocking");
	close_pair(fds);
	is(ipc_pipe_open(fds, 0x100), -EINVAL, "unknown flags are refused");
	is(ipc_pipe_open(NULL, 0), -EINVAL, "NULL is refused");
}

static void
test_capacity(void)
{
	int fds[2];
	ipc_pipe_open(fds, IPC_PIPE_NONBLOCK);
	int cap = ipc_pipe_capacity(fds[0]);
	if (cap == -ENOTSUP) {
		tap_skip(7, "no pipe capacity control");
		close_pair(fds);
		return;
	}
	ok(cap >= 4096, "capacity of a new pipe: %d", cap);
	int got = ipc_pipe_set_capacity(fds[1], 100000);
	ok(got >= 100000, "set to at least 100000: %d", got);
	is(ipc_pipe_capacity(fds[0]), got, "both ends see the new capacity");
	is(ipc_pipe_set_capacity(fds[1], 0), -EINVAL, "zero is refused");
	is(ipc_pipe_set_capacity(fds[1], (size_t)INT_MAX + 1), -EINVAL, "over INT_MAX is refused");
	char buf[8192];
	memset(buf, 'x', sizeof buf);
	while (write(fds[1], buf, sizeof buf) > 0)
		;
	is(ipc_pipe_set_capacity(fds[1], 4096), -EBUSY, "below what the pipe holds: -EBUSY");
	close_pair(fds);
	char path[256];
	snprintf(path, sizeof path, "%s/regular", tap_tmpdir());
	int fd = open(path, O_RDWR | O_CREAT, 0600);
	is(ipc_pipe_capacity(fd), -EBADF, "a regular file has no capacity");
	close(fd);
}

static void
test_read(void)
{
	int fds[2];
	char buf[16];
	ipc_pipe_open(fds, 0);
	int64_t t0 = tu_now_ms();
	is(ipc_pipe_read(fds[0], buf, sizeof buf, 0), -ETIMEDOUT, "read, empty, poll: -ETIMEDOUT");
	is(ipc_pipe_read(fds[0], buf, sizeof buf, 60), -ETIMEDOUT, "read, empty, 60 ms: -ETIMEDOUT");
	ok(tu_now_ms() - t0 >= 60, "and it waited the 60 ms");
	write(fds[1], "hello", 5);
	is(ipc_pipe_read(fds[0], buf, sizeof buf, 1000), 5, "timed read gets what is there");
	write(fds[1], "again", 5);
	is(ipc_pipe_read(fds[0], buf, 3, IPC_FOREVER), 3, "untimed read: at most len");
	is(ipc_pipe_read(fds[0], buf, sizeof buf, IPC_FOREVER), 2, "then the rest");
	tu_interrupt_after_ms(50);
	is(ipc_pipe_read(fds[0], buf, sizeof buf, IPC_FOREVER), -EINTR, "a signal: -EINTR");
	tu_interrupt_after_ms(50);
	is(ipc_pipe_read(fds[0], buf, sizeof buf, 5000), -EINTR, "a signal in a timed wait: -EINTR");
	write(fds[1], "kept", 4);
	is(ipc_pipe_read(fds[0], buf, sizeof buf, 0), 4, "nothing was lost to the signal");
	close(fds[1]);
	is(ipc_pipe_read(fds[0], buf, sizeof buf, IPC_FOREVER), 0, "end of input: 0");
	close(fds[0]);

	ipc_pipe_open(fds, IPC_PIPE_NONBLOCK);
	is(ipc_pipe_read(fds[0], buf, sizeof buf, 30), -ETIMEDOUT, "non-blocking fd, timed: -ETIMEDOUT");
	pid_t pid = fork();
	if (pid == 0) {
		usleep(30000);
		_exit(write(fds[1], "late", 4) == 4 ? 0 : 1);
	}
	is(ipc_pipe_read(fds[0], buf, sizeof buf, IPC_FOREVER), 4,
	    "non-blocking fd, untimed: waits for data");
	is(tu_wait(pid), 0, "writer child");
	is(ipc_pipe_read(-1, buf, 1, 0), -EBADF, "a bad descriptor: -EBADF");
	close_pair(fds);
}

static void
test_write(void)
{
	int fds[2];
	static char big[1 << 17];
	memset(big, 'w', sizeof big);
	ipc_pipe_open(fds, IPC_PIPE_NONBLOCK);
	ssize_t n = ipc_pipe_write(fds[1], big, sizeof big, 50);
	ok(n > 0 && n < (ssize_t)sizeof big, "a write larger than the pipe: the count so far (%zd)", n);
	is(ipc_pipe_write(fds[1], big, 10, 0), -ETIMEDOUT, "full pipe, poll: -ETIMEDOUT");
	is(ipc_pipe_write(fds[1], big, 10, 40), -ETIMEDOUT, "full pipe, 40 ms: -ETIMEDOUT");
	close_pair(fds);

	/* The whole 128 KiB goes through while a reader drains it. */
	ipc_pipe_open(fds, 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[1]);
		char buf[4096];
		size_t total = 0;
		ssize_t r;
		while ((r = read(fds[0], buf, sizeof buf)) > 0)
			total += (size_t)r;
		_exit(total == sizeof big ? 0 : 1);
	}
	close(fds[0]);
	is(ipc_pipe_write(fds[1], big, sizeof big, IPC_FOREVER), (long long)sizeof big,
	    "untimed write: all of it");
	close(fds[1]);
	is(tu_wait(pid), 0, "the reader got every byte");

	ipc_pipe_open(fds, 0);
	close(fds[0]);
	is(ipc_pipe_write(fds[1], "x", 1, IPC_FOREVER), -EPIPE, "no reader: -EPIPE");
	close(fds[1]);
}

/* ---- the copy backends ---- */

typedef ssize_t copy_fn(int in, int out, size_t len, const struct ipc__deadline *d);

static char pattern[300000];

static void
fill_pattern(void)
{
	for (size_t i = 0; i < sizeof pattern; i++)
		pattern[i] = (char)(i * 131 + i / 7);
}

static ssize_t
copy(copy_fn *fn, int in, int out, size_t len, int timeout_ms)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	return fn(in, out, len, &d);
}

static int
file_with(const char *name, const void *data, size_t len, int flags)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", tap_tmpdir(), name);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | flags, 0600);
	if (fd >= 0 && len > 0 && write(fd, data, len) != (ssize_t)len)
		return -1;
	if (fd >= 0)
		lseek(fd, 0, SEEK_SET);
	return fd;
}

static int
file_holds(int fd, const void *data, size_t len)
{
	static char back[sizeof pattern + 1];
	lseek(fd, 0, SEEK_SET);
	ssize_t n = read(fd, back, sizeof back);
	return n == (ssize_t)len && memcmp(back, data, len) == 0;
}

/* A child feeds the pattern into a pipe; the parent copies it. */
static pid_t
feed(int fd_out, int fd_close)
{
	pid_t pid = fork();
	if (pid == 0) {
		close(fd_close);
		_exit(write(fd_out, pattern, sizeof pattern) == (ssize_t)sizeof pattern ? 0 : 1);
	}
	close(fd_out);
	return pid;
}

static void
check_copy(copy_fn *fn, const char *name)
{
	int in[2];
	int out = file_with("copy-out", NULL, 0, 0);

	ipc_pipe_open(in, 0);
	pid_t pid = feed(in[1], in[0]);
	is(copy(fn, in[0], out, IPC_PIPE_ALL, 5000), (long long)sizeof pattern,
	    "%s: pipe to file, until end of input", name);
	ok(file_holds(out, pattern, sizeof pattern), "%s: every byte, in order", name);
	is(tu_wait(pid), 0, "%s: feeder", name);
	is(copy(fn, in[0], out, IPC_PIPE_ALL, 5000), 0, "%s: at end of input: 0", name);
	close(in[0]);
	close(out);

	int src = file_with("copy-in", pattern, sizeof pattern, 0);
	int pp[2];
	ipc_pipe_open(pp, 0);
	is(copy(fn, src, pp[1], 1000, IPC_FOREVER), 1000, "%s: file to pipe, exactly len", name);
	char buf[2000];
	ok(read(pp[0], buf, sizeof buf) == 1000 && memcmp(buf, pattern, 1000) == 0,
	    "%s: the first 1000 bytes", name);
	is(copy(fn, pp[0], pp[1], 10, 0), -ETIMEDOUT, "%s: nothing to copy, poll: -ETIMEDOUT", name);
	int64_t t0 = tu_now_ms();
	is(copy(fn, pp[0], pp[1], 10, 40), -ETIMEDOUT, "%s: nothing to copy, 40 ms: -ETIMEDOUT", name);
	ok(tu_now_ms() - t0 >= 40, "%s: and it waited", name);
	write(pp[1], "abc", 3);
	int qq[2];
	ipc_pipe_open(qq, 0);
	is(copy(fn, pp[0], qq[1], 100, 50), 3, "%s: pipe to pipe: what came before the deadline", name);
	ok(read(qq[0], buf, sizeof buf) == 3 && memcmp(buf, "abc", 3) == 0, "%s: the bytes", name);
	tu_interrupt_after_ms(40);
	is(copy(fn, pp[0], qq[1], 100, IPC_FOREVER), -EINTR, "%s: a signal: -EINTR", name);
	close_pair(qq);
	close_pair(pp);

	/* Neither end a pipe, and an O_APPEND output: splice cannot, the
	 * copy must still happen. */
	int app = file_with("copy-app", "head", 4, O_APPEND);
	lseek(src, 0, SEEK_SET);
	is(copy(fn, src, app, IPC_PIPE_ALL, IPC_FOREVER), (long long)sizeof pattern,
	    "%s: file to O_APPEND file", name);
	lseek(app, 0, SEEK_SET);
	ok(read(app, buf, 4) == 4 && memcmp(buf, "head", 4) == 0 &&
	    read(app, buf, 1000) == 1000 && memcmp(buf, pattern, 1000) == 0,
	    "%s: appended after what was there", name);
	close(app);
	close(src);
}

static void
test_copy(void)
{
	fill_pattern();
	check_copy(ipc__copy_rw, "read/write");
#if HAVE_SPLICE
	check_copy(ipc__copy_splice, "splice");
#else
	tap_skip(17, "no splice");
#endif
	int in[2], out[2];
	ipc_pipe_open(in, 0);
	ipc_pipe_open(out, 0);
	pid_t pid = feed(in[1], in[0]);
	pid_t drain = fork();
	if (drain == 0) {
		close(out[1]);
		static char back[sizeof pattern];
		ssize_t n = 0, r;
		while ((r = read(out[0], back + n, sizeof back - (size_t)n)) > 0)
			n += r;
		_exit(n == (ssize_t)sizeof pattern && memcmp(back, pattern, sizeof back) == 0 ? 0 : 1);
	}
	close(out[0]);
	ssize_t moved = ipc_pipe_copy(in[0], out[1], IPC_PIPE_ALL, IPC_FOREVER);
	is(moved, (long long)sizeof pattern, "ipc_pipe_copy: pipe to pipe between two processes");
	if (moved < 0)
		tap_diag("%s", ipc_strerror((int)moved));
	close(out[1]);
	close(in[0]);
	is(tu_wait(pid), 0, "feeder");
	is(tu_wait(drain), 0, "the consumer got every byte in order");
	is(ipc_pipe_copy(-1, 1, 1, 0), -EBADF, "a bad descriptor: -EBADF");
}

int
main(void)
{
	/* A reader gone early must show as a failed point, not kill the test. */
	signal(SIGPIPE, SIG_IGN);
	test_open();
	test_capacity();
	test_read();
	test_write();
	test_copy();
	return tap_done();
}
