/* histfile.c: the history file shared by every shell of a user: read,
 * appended to and cut back under libipc's record locks. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ipc/file.h>

#include "histfile.h"
#include "mem.h"

/* A symbolic link (a history file kept with one's dotfiles) is followed
 * here, once: libipc's appends refuse links on purpose. */
static char *
resolve(const char *path)
{
	char *real = realpath(path, NULL);
	return real ? real : xstrdup(path);
}

static int
read_all(int fd, char **buf, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *p = xmalloc(cap);
	for (;;) {
		if (n == cap)
			p = xrealloc(p, cap *= 2);
		ssize_t r = read(fd, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = -errno;
			free(p);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*buf = p;
	*len = n;
	return 0;
}

int
histfile_read(const char *path, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Appends are single writes, so even without the lock (another
	 * shell holding it too long) only a last partial line can be seen. */
	int locked = ipc_file_lock(fd, IPC_FILE_SHARED, 0, 0, HISTFILE_LOCK_MS) == 0;
	int e = read_all(fd, buf, len);
	if (locked)
		ipc_file_unlock(fd, 0, 0);
	close(fd);
	return e;
}

static int
same_file(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* The file at path, open for appending and locked, still the one at path
 * once the lock is ours (a trim may have replaced it meanwhile). */
static int
open_locked(const char *real, int *locked)
{
	/* Each retry follows a trim that replaced the file: a few in a row
	 * are possible when shells start together. */
	for (int tries = 0; tries < 64; tries++) {
		int fd = ipc_file_open_append(real, 0600);
		if (fd < 0)
			return fd;
		*locked = ipc_file_lock(fd, IPC_FILE_EXCLUSIVE, 0, 0, HISTFILE_LOCK_MS) == 0;
		if (!*locked || same_file(fd, real))
			return fd;
		close(fd);
	}
	return -EAGAIN;
}

/* Without the lock (another shell held it too long) a trim may have
 * replaced the file under the append: then the record goes again into the
 * new one (a duplicate is better than a loss). */
int
histfile_append(const char *path, const char *rec, size_t len)
{
	char *real = resolve(path);
	ssize_t n = -EAGAIN;
	for (int tries = 0; tries < 3; tries++) {
		int locked = 0;
		int fd = open_locked(real, &locked);
		if (fd < 0) {
			n = fd;
			break;
		}
		n = ipc_file_append(fd, rec, len);
		int moved = !locked && n >= 0 && !same_file(fd, real);
		if (locked)
			ipc_file_unlock(fd, 0, 0);
		close(fd);
		if (!moved)
			break;
	}
	free(real);
	return n < 0 ? (int)n : 0;
}

/* Where the last keep lines of buf begin. */
static size_t
tail_start(const char *buf, size_t len, size_t keep)
{
	size_t i = len;
	if (i > 0 && buf[i - 1] == '\n')
		i--;
	while (i > 0) {
		if (buf[i - 1] == '\n' && keep-- <= 1)
			return i;
		i--;
	}
	return 0;
}

int
histfile_trim(const char *path, size_t keep)
{
	char *real = resolve(path);
	int locked = 0, e;
	int fd = open_locked(real, &locked);
	if (fd < 0 || !locked) {
		e = fd < 0 ? fd : -ETIMEDOUT;
		goto out;
	}
	int rfd = open(real, O_RDONLY | O_CLOEXEC);
	char *buf = NULL;
	size_t len = 0;
	struct stat st;
	e = rfd < 0 ? -errno : read_all(rfd, &buf, &len);
	if (e == 0 && fstat(fd, &st) < 0)
		e = -errno;
	if (e == 0) {
		size_t from = tail_start(buf, len, keep);
		e = ipc_file_publish(real, buf + from, len - from, st.st_mode & 07777);
	}
	free(buf);
	ipc_file_unlock(fd, 0, 0);
	if (rfd >= 0)
		close(rfd);
out:
	if (fd >= 0)
		close(fd);
	free(real);
	return e;
}
