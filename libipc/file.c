/* file.c: regular files as shared state: atomic publish and atomic record appends. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/file.h"
#include "sys.h"

/* Splits path into its directory (written into dir) and its last part. */
static const char *
split_path(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	int n = slash == NULL ? snprintf(dir, len, ".")
	    : snprintf(dir, len, "%.*s", (int)(slash == path ? 1 : slash - path), path);
	if (n < 0 || (size_t)n >= len)
		return NULL;
	return slash ? slash + 1 : path;
}

/* The rename is only durable once the directory entry is on disk. Some
 * filesystems cannot fsync a directory (EINVAL): the rename still holds. */
static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int e = fsync(fd) < 0 && errno != EINVAL ? -errno : 0;
	if (close(fd) < 0 && e == 0)
		e = -errno;
	return e;
}

/* Fills the temporary file: exact mode, all bytes, on disk, closed. */
static int
fill_temp(int fd, const void *buf, size_t len, mode_t mode)
{
	int e = fchmod(fd, mode) < 0 ? -errno : 0;
	if (e == 0)
		e = ipc__write_all(fd, buf, len);
	if (e == 0 && fsync(fd) < 0)
		e = -errno;
	if (close(fd) < 0 && e == 0)
		e = -errno;
	return e;
}

int
ipc_file_publish(const char *path, const void *buf, size_t len, mode_t mode)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	if (path == NULL || (buf == NULL && len > 0) || (mode & ~(mode_t)07777) != 0)
		return -EINVAL;
	const char *base = split_path(path, dir, sizeof dir);
	if (base == NULL)
		return -ENAMETOOLONG;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return -EINVAL;
	/* Same directory, so the rename cannot cross filesystems; hidden and
	 * short enough to fit NAME_MAX whatever the base. */
	int n = snprintf(tmp, sizeof tmp, "%.*s.%.200s.XXXXXX",
	    (int)(base - path), path, base);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return -ENAMETOOLONG;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int e = fill_temp(fd, buf, len, mode);
	if (e == 0 && rename(tmp, path) < 0)
		e = -errno;
	if (e < 0) {
		unlink(tmp);
		return e;
	}
	return sync_dir(dir);
}

/* Opens an existing file for appending; refuses links and non-files
 * before opening (opening a device can have side effects), and again after
 * (the name may have changed hands). Does not block if a FIFO took the name. */
static int
open_existing(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	int fd = open(path, O_WRONLY | O_APPEND | O_NONBLOCK | O_NOFOLLOW |
	    O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return errno == ENXIO ? -EINVAL : -errno;
	int e = fstat(fd, &st) < 0 ? -errno : S_ISREG(st.st_mode) ? 0 : -EINVAL;
	if (e == 0)
		e = ipc__set_nonblock(fd, 0);
	if (e < 0) {
		ipc__close_quiet(fd);
		return e;
	}
	return fd;
}

int
ipc_file_open_append(const char *path, mode_t mode)
{
	if (path == NULL || (mode & ~(mode_t)07777) != 0)
		return -EINVAL;
	/* Create-or-open in two steps so that only a file we created gets
	 * our mode; retry if the file vanishes in between. */
	for (int tries = 0; tries < 8; tries++) {
		int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
		if (fd >= 0) {
			if (fchmod(fd, mode) == 0)
				return fd;
			int e = -errno;
			ipc__close_quiet(fd);
			return e;
		}
		if (errno != EEXIST)
			return -errno;
		fd = open_existing(path);
		if (fd != -ENOENT)
			return fd;
	}
	return -ENOENT;
}

ssize_t
ipc_file_append(int fd, const void *rec, size_t len)
{
	struct stat st;
	if (len > IPC_FILE_RECORD_MAX)
		return -EMSGSIZE;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fstat(fd, &st) < 0)
		return -errno;
	if (!(fl & O_APPEND) || !S_ISREG(st.st_mode))
		return -EINVAL;
	for (;;) {
		ssize_t n = write(fd, rec, len);
		if (n == (ssize_t)len)
			return n;
		if (n >= 0)
			return -EIO;   /* never resume: the rest would land elsewhere */
		if (errno != EINTR)
			return -errno;
	}
}
