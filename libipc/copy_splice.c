/* copy_splice.c: the zero-copy copy: splice(2) moves pipe pages in the kernel. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "copy.h"

/* Large enough to drain a pipe of the biggest default capacity at once. */
#define CHUNK (1 << 20)

/* One splice: the count moved, 0 at end of input, -EAGAIN, or -errno. A
 * timed copy waits first, then splices without blocking, so the deadline
 * holds even for blocking descriptors. */
static ssize_t
splice_step(int in, int out, size_t want, const struct ipc__deadline *d)
{
	unsigned flags = SPLICE_F_MOVE;
	if (!d->forever) {
		int e = ipc__copy_wait(in, out, d);
		if (e < 0)
			return e;
		flags |= SPLICE_F_NONBLOCK;
	}
	ssize_t n = splice(in, NULL, out, NULL, want, flags);
	return n < 0 ? -errno : n;
}

ssize_t
ipc__copy_splice(int in, int out, size_t len, const struct ipc__deadline *d)
{
	size_t moved = 0;
	ssize_t r = 0;
	while (moved < len) {
		r = splice_step(in, out, len - moved < CHUNK ? len - moved : CHUNK, d);
		if (r > 0) {
			moved += (size_t)r;
			continue;
		}
		/* Neither end a pipe, an O_APPEND output, or a filesystem
		 * without splice support: nothing was taken, so the portable
		 * copy can do the whole job. */
		if (r == -EINVAL && moved == 0)
			return ipc__copy_rw(in, out, len, d);
		/* Non-blocking descriptors: a timed step waits by itself. */
		if (r == -EAGAIN && (!d->forever || (r = ipc__copy_wait(in, out, d)) == 0))
			continue;
		break;
	}
	return moved > 0 ? (ssize_t)moved : r;
}
