/* fifo.c: named pipes: safe creation and timed opening of either end. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/fifo.h"
#include "sys.h"

/* The longest pause between two tries of a writer waiting for a reader:
 * short enough that a reader is found quickly, long enough to cost nothing. */
#define WRITER_RETRY_MAX_MS 32

/* Refuses what is not a FIFO we made: the name may have been swapped
 * between mkfifo and open by someone who can write the directory. */
static int
is_our_fifo(const struct stat *st)
{
	return S_ISFIFO(st->st_mode) && st->st_uid == geteuid();
}

/* When the umask took the owner's read bit, the FIFO cannot be opened to
 * be checked by descriptor; check it by name and change it without
 * following a symbolic link. */
static int
chmod_by_name(const char *path, mode_t mode)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return -errno;
	if (!is_our_fifo(&st))
		return -EEXIST;
	return fchmodat(AT_FDCWD, path, mode, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

/* Opening for reading without blocking never waits for a writer, and
 * O_NOFOLLOW refuses a symbolic link put in the FIFO's place. */
static int
set_exact_mode(const char *path, mode_t mode)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return errno == EACCES ? chmod_by_name(path, mode) : -errno;
	struct stat st;
	int e = 0;
	if (fstat(fd, &st) < 0)
		e = -errno;
	else if (!is_our_fifo(&st))
		e = -EEXIST;
	else if (fchmod(fd, mode) < 0)
		e = -errno;
	ipc__close_quiet(fd);
	return e;
}

int
ipc_fifo_create(const char *path, mode_t mode, int flags)
{
	if (path == NULL || (mode & ~(mode_t)0777) != 0 || (flags & ~IPC_FIFO_EXACT) != 0)
		return -EINVAL;
	if (!(flags & IPC_FIFO_EXACT))
		return mkfifo(path, mode) < 0 ? -errno : 0;
	/* Owner-only until the final mode is set, so nobody else can open
	 * it in between. */
	if (mkfifo(path, S_IRUSR | S_IWUSR) < 0)
		return -errno;
	int e = set_exact_mode(path, mode);
	/* Ours but unusable: remove it. A swapped name (-EEXIST, -ELOOP) is
	 * someone else's object and stays. */
	if (e < 0 && e != -EEXIST && e != -ELOOP)
		unlink(path);
	return e;
}

/* Opens an existing FIFO without blocking; refuses links and non-FIFOs
 * before opening, since opening a device can have side effects. */
static int
fifo_open(const char *path, int how)
{
	struct stat st;
	if (path == NULL)
		return -EINVAL;
	if (lstat(path, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (!S_ISFIFO(st.st_mode))
		return -EINVAL;
	int fd = open(path, how | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode)) {
		ipc__close_quiet(fd);
		return -EINVAL;
	}
	return fd;
}

/* Hands over fd in the mode asked for, or closes it on failure. */
static int
fifo_ready(int fd, int flags)
{
	int e = flags & IPC_FIFO_NONBLOCK ? 0 : ipc__set_nonblock(fd, 0);
	if (e < 0) {
		ipc__close_quiet(fd);
		return e;
	}
	return fd;
}

/*
 * A blocking open(2) of the read end waits for a writer with no way to
 * bound it. So: open without blocking, then wait for the first data or a
 * writer's close (POLLHUP), which both say a writer came.
 */
int
ipc_fifo_open_read(const char *path, int flags, int timeout_ms)
{
	if ((flags & ~IPC_FIFO_NONBLOCK) != 0)
		return -EINVAL;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	int fd = fifo_open(path, O_RDONLY);
	if (fd < 0)
		return fd;
	int r = ipc__poll_fd(fd, POLLIN, &d);
	if (r < 0) {
		ipc__close_quiet(fd);
		return r;
	}
	return fifo_ready(fd, flags);
}

/*
 * A non-blocking open(2) of the write end fails with ENXIO while no reader
 * has the FIFO open: retry with a growing pause until one has, or the
 * deadline passes.
 */
int
ipc_fifo_open_write(const char *path, int flags, int timeout_ms)
{
	if ((flags & ~IPC_FIFO_NONBLOCK) != 0)
		return -EINVAL;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	for (int step = 1;;) {
		int fd = fifo_open(path, O_WRONLY);
		if (fd >= 0)
			return fifo_ready(fd, flags);
		if (fd != -ENXIO)
			return fd;
		int ms = ipc__backoff_ms(&step, WRITER_RETRY_MAX_MS, &d);
		if (ms == 0)
			return -ETIMEDOUT;
		int e = ipc__pause_ms(ms);
		if (e < 0)
			return e;
	}
}
