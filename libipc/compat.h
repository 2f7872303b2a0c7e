/* compat.h: libipc's portability replacements, all in one place (not installed). */
#ifndef IPC_COMPAT_H
#define IPC_COMPAT_H

/*
 * A pipe pair with FD_CLOEXEC (and O_NONBLOCK when nonblock) on both ends.
 * The portable one (pipe + fcntl) is always built and tested; the pipe2 one
 * closes the window in which another thread's fork+exec could inherit the
 * ends. 0 or -errno.
 */
int ipc__pipe_portable(int fds[2], int nonblock);
int ipc__pipe_pipe2(int fds[2], int nonblock);

#if HAVE_PIPE2
#define ipc__pipe ipc__pipe_pipe2
#else
#define ipc__pipe ipc__pipe_portable
#endif

/* F_GETPIPE_SZ / F_SETPIPE_SZ, or -ENOTSUP where the system lacks them. */
int ipc__pipe_getsz(int fd);
int ipc__pipe_setsz(int fd, int bytes);

#endif
