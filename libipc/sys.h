/* sys.h: libipc's internal system-call wrappers and deadlines (not installed). */
#ifndef IPC_SYS_H
#define IPC_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Internal names start with ipc__ so the shared library's export filter
 * (^ipc_[a-z0-9]) keeps them private.
 *
 * EINTR policy: calls that only move bytes already available retry on EINTR;
 * calls that wait (poll, locks, queue receives) return -EINTR so a caller
 * such as the shell can run its signal handlers, then call again with
 * nothing lost or duplicated.
 */

/* An absolute monotonic deadline made from a timeout in milliseconds. */
struct ipc__deadline {
	int64_t end_ns;   /* CLOCK_MONOTONIC; meaningless when forever */
	int forever;
};

void ipc__deadline_start(struct ipc__deadline *d, int timeout_ms);
/* Milliseconds left, rounded up: -1 forever, 0 expired. */
int ipc__deadline_left_ms(const struct ipc__deadline *d);
int64_t ipc__now_ns(void);

/* read(2) retried on EINTR; returns the count or -errno. */
ssize_t ipc__read(int fd, void *buf, size_t len);
/* Reads until len bytes or end of file; returns the count or -errno. */
ssize_t ipc__read_full(int fd, void *buf, size_t len);
/* Writes all len bytes (retrying short writes and EINTR, waiting for room on
 * a non-blocking descriptor); 0 or -errno. */
int ipc__write_all(int fd, const void *buf, size_t len);

/* Waits for events on fd until the deadline: the revents, -ETIMEDOUT or -EINTR. */
int ipc__poll_fd(int fd, short events, const struct ipc__deadline *d);

int ipc__set_cloexec(int fd);
int ipc__set_nonblock(int fd, int on);
/* Sleeps ms milliseconds: 0, or -EINTR when a signal cut it short. The retry
 * pause of the polling waits (a FIFO writer waiting for a reader, a timed lock). */
int ipc__pause_ms(int ms);
/* The next pause of a retry loop: doubles from 1 ms up to cap_ms, and never
 * sleeps past the deadline. */
int ipc__backoff_ms(int *step, int cap_ms, const struct ipc__deadline *d);

/* close(2) that keeps the caller's errno intact (for error paths). */
void ipc__close_quiet(int fd);

/* Room for need more bytes after the len in use of buf (cap bytes, NULL
 * for none yet): buf itself, or the buffer realloc made of it, doubled from
 * 4 KiB until the room is there, *cap updated; NULL when memory ran out
 * (buf is then untouched). One growth policy for every byte buffer. */
void *ipc__grow(void *buf, size_t *cap, size_t len, size_t need);

#endif
