/* copy_rw.c: the portable copy: read(2) into a buffer, write(2) it all out. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include "copy.h"

/* 64 KiB: the default pipe capacity, so one chunk drains a full pipe. */
#define CHUNK 65536

int
ipc__copy_wait(int in, int out, const struct ipc__deadline *d)
{
	/* A descriptor already ready is left out of the next poll, which
	 * would otherwise return at once and spin. */
	struct pollfd p[2] = { { .fd = in, .events = POLLIN },
	    { .fd = out, .events = POLLOUT } };
	for (;;) {
		int n = poll(p, 2, ipc__deadline_left_ms(d));
		if (n < 0)
			return -errno;
		for (int i = 0; i < 2; i++)
			if (p[i].revents != 0)
				p[i].fd = -1;
		if (p[0].fd < 0 && p[1].fd < 0)
			return 0;
		if (n == 0 && ipc__deadline_left_ms(d) == 0)
			return -ETIMEDOUT;
	}
}

/* One chunk: the count moved, 0 at end of input, or -errno. */
static ssize_t
rw_step(int in, int out, char *buf, size_t want, const struct ipc__deadline *d)
{
	for (;;) {
		if (!d->forever) {
			int e = ipc__copy_wait(in, out, d);
			if (e < 0)
				return e;
		}
		ssize_t n = read(in, buf, want);
		if (n > 0) {
			int e = ipc__write_all(out, buf, (size_t)n);
			return e < 0 ? e : n;
		}
		if (n == 0)
			return 0;
		if (errno != EAGAIN)
			return -errno;
		if (d->forever) {
			int e = ipc__copy_wait(in, out, d);
			if (e < 0)
				return e;
		}
	}
}

ssize_t
ipc__copy_rw(int in, int out, size_t len, const struct ipc__deadline *d)
{
	char *buf = malloc(CHUNK);
	if (buf == NULL)
		return -ENOMEM;
	size_t moved = 0;
	ssize_t r = 0;
	while (moved < len) {
		r = rw_step(in, out, buf, len - moved < CHUNK ? len - moved : CHUNK, d);
		if (r <= 0)
			break;
		moved += (size_t)r;
	}
	free(buf);
	return moved > 0 ? (ssize_t)moved : r;
}
