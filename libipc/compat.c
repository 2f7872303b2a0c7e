/* compat.c: portability replacements: each a whole function per system, no #if inside. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "compat.h"
#include "sys.h"

int
ipc__pipe_portable(int fds[2], int nonblock)
{
	if (pipe(fds) < 0)
		return -errno;
	for (int i = 0; i < 2; i++) {
		int e = ipc__set_cloexec(fds[i]);
		if (e == 0 && nonblock)
			e = ipc__set_nonblock(fds[i], 1);
		if (e < 0) {
			ipc__close_quiet(fds[0]);
			ipc__close_quiet(fds[1]);
			return e;
		}
	}
	return 0;
}

#if HAVE_PIPE2
int
ipc__pipe_pipe2(int fds[2], int nonblock)
{
	if (pipe2(fds, O_CLOEXEC | (nonblock ? O_NONBLOCK : 0)) < 0)
		return -errno;
	return 0;
}
#endif

#if HAVE_DECL_F_GETPIPE_SZ && HAVE_DECL_F_SETPIPE_SZ
int
ipc__pipe_getsz(int fd)
{
	int n = fcntl(fd, F_GETPIPE_SZ);
	return n < 0 ? -errno : n;
}

int
ipc__pipe_setsz(int fd, int bytes)
{
	int n = fcntl(fd, F_SETPIPE_SZ, bytes);
	return n < 0 ? -errno : n;
}
#else
int
ipc__pipe_getsz(int fd)
{
	return -ENOTSUP;
}

int
ipc__pipe_setsz(int fd, int bytes)
{
	return -ENOTSUP;
}
#endif
