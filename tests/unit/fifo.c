/* fifo.c: unit tests of FIFOs: safe creation, timed opens, two processes on one FIFO. */
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

#include "ipc/fifo.h"
#include "ipc/pipe.h"
#include "tap.h"
#include "testutil.h"

static char dir[256];

static const char *
at(const char *name)
{
	static char path[4][512];
	static int slot;
	char *p = path[slot++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

static int
mode_of(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return -errno;
	return S_ISFIFO(st.st_mode) ? (int)(st.st_mode & 07777) : -1;
}

static void
test_create(void)
{
	mode_t old = umask(022);
	is(ipc_fifo_create(at("plain"), 0666, 0), 0, "create");
	is(mode_of(at("plain")), 0644, "without IPC_FIFO_EXACT the umask applies");
	umask(077);
	is(ipc_fifo_create(at("exact"), 0664, IPC_FIFO_EXACT), 0, "create exact");
	is(mode_of(at("exact")), 0664, "IPC_FIFO_EXACT: the mode whatever the umask");
	is(ipc_fifo_create(at("zero"), 0, IPC_FIFO_EXACT), 0, "create exact 0");
	is(mode_of(at("zero")), 0, "mode 0 exactly");
	umask(022);
	is(ipc_fifo_create(at("plain"), 0600, 0), -EEXIST, "an existing FIFO: -EEXIST");
	is(ipc_fifo_create(at("plain"), 0600, IPC_FIFO_EXACT), -EEXIST, "exact too");
	is(mode_of(at("plain")), 0644, "and the existing FIFO keeps its mode");
	symlink(at("target"), at("dangling"));
	is(ipc_fifo_create(at("dangling"), 0600, IPC_FIFO_EXACT), -EEXIST,
	    "a dangling symbolic link: -EEXIST");
	is(mode_of(at("target")), -ENOENT, "and nothing made where it points");
	is(ipc_fifo_create(at("no/such/dir"), 0600, 0), -ENOENT, "a missing parent: -ENOENT");
	is(ipc_fifo_create(at("setuid"), 04600, IPC_FIFO_EXACT), -EINVAL,
	    "more than permission bits: -EINVAL");
	is(ipc_fifo_create(at("flags"), 0600, 0x80), -EINVAL, "unknown flags: -EINVAL");
	is(ipc_fifo_create(NULL, 0600, 0), -EINVAL, "NULL: -EINVAL");
	is(mode_of(at("setuid")), -ENOENT, "nothing made for a refused call");
	umask(old);
}

/* With a umask that takes the owner's read bit, the new FIFO cannot be
 * opened to be checked: the by-name path must still give the exact mode.
 * Root reads anything, so the case is run as nobody. */
static int
exact_without_read(void *arg)
{
	const char *path = arg;
	if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
		return 2;
	umask(0777);
	if (ipc_fifo_create(path, 0640, IPC_FIFO_EXACT) != 0)
		return 3;
	return mode_of(path) == 0640 ? 0 : 4;
}

static void
test_create_umask_all(void)
{
	char sub[512];
	snprintf(sub, sizeof sub, "%s/open", dir);
	chmod(dir, 0755);   /* nobody must reach the subdirectory */
	mkdir(sub, 0777);
	chmod(sub, 01777);
	snprintf(sub, sizeof sub, "%s/open/noread", dir);
	is(tu_wait(tu_spawn(exact_without_read, sub)), 0,
	    "exact mode even when the umask takes every bit");
}

static void
test_open_refusals(void)
{
	int fd;
	ipc_fifo_create(at("f"), 0600, 0);
	int64_t t0 = tu_now_ms();
	is(ipc_fifo_open_write(at("f"), 0, 0), -ETIMEDOUT, "writer, no reader, poll: -ETIMEDOUT");
	is(ipc_fifo_open_write(at("f"), 0, 100), -ETIMEDOUT, "writer, no reader, 100 ms: -ETIMEDOUT");
	ok(tu_now_ms() - t0 >= 100, "and it waited the 100 ms, no more hanging");
	t0 = tu_now_ms();
	is(ipc_fifo_open_read(at("f"), 0, 60), -ETIMEDOUT, "reader, no writer, 60 ms: -ETIMEDOUT");
	ok(tu_now_ms() - t0 >= 60, "and it waited the 60 ms");
	tu_interrupt_after_ms(40);
	is(ipc_fifo_open_write(at("f"), 0, 5000), -EINTR, "writer waiting, a signal: -EINTR");
	tu_interrupt_after_ms(40);
	is(ipc_fifo_open_read(at("f"), 0, IPC_FOREVER), -EINTR, "reader waiting, a signal: -EINTR");

	is(ipc_fifo_open_read(at("missing"), 0, 0), -ENOENT, "missing: -ENOENT");
	symlink(at("f"), at("link"));
	is(ipc_fifo_open_read(at("link"), 0, 0), -ELOOP, "a symbolic link to a FIFO: -ELOOP");
	is(ipc_fifo_open_write(at("link"), 0, 0), -ELOOP, "for writing too");
	fd = open(at("regular"), O_CREAT | O_WRONLY, 0600);
	close(fd);
	is(ipc_fifo_open_write(at("regular"), 0, 0), -EINVAL, "a regular file: -EINVAL");
	is(ipc_fifo_open_read(dir, 0, 0), -EINVAL, "a directory: -EINVAL");
	is(ipc_fifo_open_read(at("f"), 0x80, 0), -EINVAL, "unknown flags: -EINVAL");
	is(ipc_fifo_open_write(NULL, 0, 0), -EINVAL, "NULL: -EINVAL");
}

static int
fd_has(int fd, int getcmd, int bit)
{
	int fl = fcntl(fd, getcmd);
	return fl >= 0 && (fl & bit) != 0;
}

/* The reader is there first: a writer's open succeeds at once. */
static void
test_open_modes(void)
{
	ipc_fifo_create(at("m"), 0600, 0);
	int r = open(at("m"), O_RDONLY | O_NONBLOCK);
	int w = ipc_fifo_open_write(at("m"), 0, 0);
	ok(w >= 0, "writer with a reader present: opened at once");
	ok(fd_has(w, F_GETFD, FD_CLOEXEC), "close-on-exec");
	ok(!fd_has(w, F_GETFL, O_NONBLOCK), "blocking, as asked");
	write(w, "x", 1);
	int r2 = ipc_fifo_open_read(at("m"), IPC_FIFO_NONBLOCK, 0);
	ok(r2 >= 0, "reader with data waiting: opened at once");
	ok(fd_has(r2, F_GETFL, O_NONBLOCK), "IPC_FIFO_NONBLOCK keeps it non-blocking");
	close(w);
	w = ipc_fifo_open_write(at("m"), IPC_FIFO_NONBLOCK, 0);
	ok(fd_has(w, F_GETFL, O_NONBLOCK), "a non-blocking writer");
	close(w);
	close(r2);
	close(r);
}

/* ---- two processes on one FIFO ---- */

#define MESSAGES 2000

/* Messages of varied sizes, each no longer than PIPE_BUF. */
static size_t
message(int i, char *buf)
{
	size_t len = 1 + (size_t)(i * 37) % 200;
	for (size_t k = 0; k < len; k++)
		buf[k] = (char)('a' + (i + (int)k) % 26);
	return len;
}

static int
writer(void *arg)
{
	int fd = ipc_fifo_open_write(arg, 0, 10000);
	if (fd < 0)
		return 2;
	char buf[256];
	for (int i = 0; i < MESSAGES; i++) {
		size_t len = message(i, buf);
		if (ipc_pipe_write(fd, buf, len, 10000) != (ssize_t)len)
			return 3;
	}
	close(fd);
	return 0;
}

/* Reads the whole stream and checks it is every message, in order. */
static int
read_all(int fd)
{
	static char got[MESSAGES * 256];
	size_t n = 0;
	ssize_t r;
	while ((r = ipc_pipe_read(fd, got + n, sizeof got - n, 10000)) > 0)
		n += (size_t)r;
	if (r < 0)
		return 0;
	size_t off = 0;
	char want[256];
	for (int i = 0; i < MESSAGES; i++) {
		size_t len = message(i, want);
		if (off + len > n || memcmp(got + off, want, len) != 0)
			return 0;
		off += len;
	}
	return off == n;
}

static void
test_two_processes(void)
{
	ipc_fifo_create(at("two"), 0600, IPC_FIFO_EXACT);
	pid_t pid = tu_spawn(writer, (void *)at("two"));
	int fd = ipc_fifo_open_read(at("two"), 0, 10000);
	ok(fd >= 0, "reader first, writer in another process: opened");
	ok(read_all(fd), "every message arrived whole and in order");
	close(fd);
	is(tu_wait(pid), 0, "the writer finished");

	/* The writer starts before any reader exists and waits for one. */
	pid = tu_spawn(writer, (void *)at("two"));
	usleep(50000);
	fd = ipc_fifo_open_read(at("two"), 0, 10000);
	ok(fd >= 0, "writer first: the reader opens");
	ok(read_all(fd), "every message again");
	close(fd);
	is(tu_wait(pid), 0, "the waiting writer found the reader");
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);   /* a reader gone early fails a point, not the test */
	snprintf(dir, sizeof dir, "%s", tap_tmpdir());
	test_create();
	test_create_umask_all();
	test_open_refusals();
	test_open_modes();
	test_two_processes();
	return tap_done();
}
