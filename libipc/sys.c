/* sys.c: each system call wrapped once: EINTR, short transfers, deadlines. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"

int64_t
ipc__now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
ipc__deadline_start(struct ipc__deadline *d, int timeout_ms)
{
	d->forever = timeout_ms < 0;
	d->end_ns = d->forever ? 0 : ipc__now_ns() + (int64_t)timeout_ms * 1000000;
}

int
ipc__deadline_left_ms(const struct ipc__deadline *d)
{
	if (d->forever)
		return -1;
	int64_t left = d->end_ns - ipc__now_ns();
	if (left <= 0)
		return 0;
	int64_t ms = (left + 999999) / 1000000;
	return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}

ssize_t
ipc__read(int fd, void *buf, size_t len)
{
	ssize_t n;
	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

ssize_t
ipc__read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = ipc__read(fd, (char *)buf + got, len - got);
		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int
ipc__write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* A non-blocking descriptor that is full: wait for room
			 * rather than lose track of what was already written. */
			if (errno == EAGAIN) {
				struct pollfd pfd = { .fd = fd, .events = POLLOUT };
				if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
					return -errno;
				continue;
			}
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
ipc__poll_fd(int fd, short events, const struct ipc__deadline *d)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	for (;;) {
		int left = ipc__deadline_left_ms(d);
		int n = poll(&pfd, 1, left);
		if (n > 0)
			return pfd.revents;
		if (n == 0) {
			if (ipc__deadline_left_ms(d) == 0)
				return -ETIMEDOUT;
			continue;   /* woke early: poll rounds down */
		}
		return -errno;
	}
}

int
ipc__set_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);
	if (fl < 0 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) < 0)
		return -errno;
	return 0;
}

int
ipc__set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return -errno;
	fl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
	if (fcntl(fd, F_SETFL, fl) < 0)
		return -errno;
	return 0;
}

void
ipc__close_quiet(int fd)
{
	int saved = errno;
	close(fd);
	errno = saved;
}

void *
ipc__grow(void *buf, size_t *cap, size_t len, size_t need)
{
	if (buf != NULL && *cap - len >= need)
		return buf;
	size_t n = *cap ? *cap : 4096;
	while (n - len < need)
		n *= 2;
	void *b = realloc(buf, n);
	if (b != NULL)
		*cap = n;
	return b;
}

int
ipc__pause_ms(int ms)
{
	return poll(NULL, 0, ms) < 0 ? -errno : 0;
}

int
ipc__backoff_ms(int *step, int cap_ms, const struct ipc__deadline *d)
{
	int ms = *step < 1 ? 1 : *step;
	*step = ms * 2 > cap_ms ? cap_ms : ms * 2;
	int left = ipc__deadline_left_ms(d);
	return left >= 0 && left < ms ? left : ms;
}
