/* lock_ofd.c: open file description locks (Linux), owned by the open file, not the process. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>

#include "lock.h"

int
ipc__lock_ofd(int fd, short type, int64_t start, int64_t len, int wait)
{
	/* l_pid must be 0 for OFD requests. */
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
	    .l_start = (off_t)start, .l_len = (off_t)len, .l_pid = 0 };
	if (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) == 0)
		return 0;
	return errno == EACCES ? -EAGAIN : -errno;
}
