/* lock_posix.c: classic fcntl record locks, owned by the process (the portable backend). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>

#include "lock.h"

int
ipc__lock_posix(int fd, short type, int64_t start, int64_t len, int wait)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
	    .l_start = (off_t)start, .l_len = (off_t)len };
	if (fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl) == 0)
		return 0;
	/* POSIX lets a refused F_SETLK say EACCES or EAGAIN: one answer. */
	return errno == EACCES ? -EAGAIN : -errno;
}
