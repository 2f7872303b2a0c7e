/* pipe.c: anonymous pipes: the pair, its capacity, timed I/O and the copy. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <unistd.h>

#include "ipc/pipe.h"
#include "compat.h"
#include "copy.h"
#include "sys.h"

int
ipc_pipe_open(int fds[2], int flags)
{
	if (fds == NULL || (flags & ~IPC_PIPE_NONBLOCK) != 0)
		return -EINVAL;
	return ipc__pipe(fds, flags & IPC_PIPE_NONBLOCK);
}

int
ipc_pipe_capacity(int fd)
{
	return ipc__pipe_getsz(fd);
}

int
ipc_pipe_set_capacity(int fd, size_t bytes)
{
	if (bytes == 0 || bytes > INT_MAX)
		return -EINVAL;
	return ipc__pipe_setsz(fd, (int)bytes);
}

/*
 * The untimed read is exactly one read(2) on a blocking descriptor, so the
 * library costs nothing over the raw call where latency matters most; the
 * timed read polls first, since a blocking read(2) cannot be bounded.
 */
ssize_t
ipc_pipe_read(int fd, void *buf, size_t len, int timeout_ms)
{
	if (fd < 0)
		return -EBADF;   /* poll(2) would skip it and wait out the timeout */
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	for (int first = d.forever;; first = 0) {
		if (!first) {
			int r = ipc__poll_fd(fd, POLLIN, &d);
			if (r < 0)
				return r;
		}
		ssize_t n = read(fd, buf, len);
		if (n >= 0)
			return n;
		if (errno != EAGAIN)
			return -errno;
	}
}

ssize_t
ipc_pipe_write(int fd, const void *buf, size_t len, int timeout_ms)
{
	if (fd < 0)
		return -EBADF;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	size_t done = 0;
	int must_wait = !d.forever;
	while (done < len) {
		if (must_wait) {
			int r = ipc__poll_fd(fd, POLLOUT, &d);
			if (r < 0)
				return done > 0 ? (ssize_t)done : r;
		}
		ssize_t n = write(fd, (const char *)buf + done, len - done);
		if (n >= 0)
			done += (size_t)n;
		else if (errno != EAGAIN)
			return done > 0 ? (ssize_t)done : -errno;
		must_wait = !d.forever || n < 0;
	}
	return (ssize_t)done;
}

ssize_t
ipc_pipe_copy(int in, int out, size_t len, int timeout_ms)
{
	if (in < 0 || out < 0)
		return -EBADF;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	return ipc__copy(in, out, len, &d);
}
