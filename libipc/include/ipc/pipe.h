/* ipc/pipe.h: anonymous pipes: a close-on-exec pair, capacity, timed I/O, copy. */
#ifndef IPC_PIPE_H
#define IPC_PIPE_H

#include <stddef.h>
#include <sys/types.h>

#include <ipc/core.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* ipc_pipe_open flag: both ends start in non-blocking mode. */
#define IPC_PIPE_NONBLOCK 0x1

/*
 * Makes a pipe: fds[0] is the read end, fds[1] the write end, both
 * close-on-exec (atomically where pipe2 exists). 0 or -errno.
 */
int ipc_pipe_open(int fds[2], int flags);

/* The pipe's capacity in bytes, or -errno (-ENOTSUP where the system cannot tell). */
int ipc_pipe_capacity(int fd);

/*
 * Sets the capacity to at least bytes (the kernel rounds up to a power of two
 * pages) and returns the new capacity, or -errno: -EPERM above the system
 * limit for an unprivileged user, -EBUSY below what the pipe holds,
 * -ENOTSUP where the system has no such control.
 */
int ipc_pipe_set_capacity(int fd, size_t bytes);

/*
 * Reads up to len bytes like read(2): the count, 0 at end of input, or
 * -errno. With timeout_ms < 0 it costs exactly one read(2) when data is
 * there; otherwise it waits at most timeout_ms for data (-ETIMEDOUT).
 * A signal during the wait gives -EINTR with nothing consumed.
 */
ssize_t ipc_pipe_read(int fd, void *buf, size_t len, int timeout_ms);

/*
 * Writes all len bytes, waiting for room. Returns len; fewer when a signal
 * or the deadline came after some bytes were written; -ETIMEDOUT or -EINTR
 * when none were; -EPIPE when no reader is left (SIGPIPE is raised as for
 * write(2) unless ignored). The timeout bounds each wait for room; a
 * blocking descriptor may still wait for the reader inside one write of
 * more than PIPE_BUF bytes: open with IPC_PIPE_NONBLOCK for a hard bound.
 */
ssize_t ipc_pipe_write(int fd, const void *buf, size_t len, int timeout_ms);

/* ipc_pipe_copy's len for "until end of input". */
#define IPC_PIPE_ALL ((size_t)-1)

/*
 * Moves up to len bytes from in to out (IPC_PIPE_ALL: until end of input)
 * without passing them through user space when one end is a pipe and the
 * system has splice(2); through a buffer otherwise. Returns the count moved
 * (0 at end of input), or -errno when nothing was moved; a deadline or signal
 * after some bytes ends the copy early with the count. Bytes taken from in
 * are always written to out before it returns.
 */
ssize_t ipc_pipe_copy(int in, int out, size_t len, int timeout_ms);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
