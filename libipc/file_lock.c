/* file_lock.c: record locks with a timeout over the configured backend. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>

#include "ipc/file.h"
#include "lock.h"
#include "sys.h"

/* The longest pause between two tries of a timed lock: the most a waiter
 * lags behind a release. */
#define LOCK_RETRY_MAX_MS 10

/* fcntl has no timed wait, and a library may not use alarms (process-wide
 * signal state): so a timed lock retries without blocking. */
int
ipc__lock_timed(ipc__lock_fn *fn, int fd, short type, int64_t start,
    int64_t len, int timeout_ms)
{
	if (timeout_ms < 0)
		return fn(fd, type, start, len, 1);
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	for (int step = 1;;) {
		int e = fn(fd, type, start, len, 0);
		if (e != -EAGAIN)
			return e;
		int ms = ipc__backoff_ms(&step, LOCK_RETRY_MAX_MS, &d);
		if (ms == 0)
			return -ETIMEDOUT;
		if ((e = ipc__pause_ms(ms)) < 0)
			return e;
	}
}

static int
check_range(int64_t start, int64_t len)
{
	return start < 0 || len < 0 || (len > 0 && start > INT64_MAX - len) ? -EINVAL : 0;
}

int
ipc_file_lock(int fd, int kind, int64_t start, int64_t len, int timeout_ms)
{
	if ((kind != IPC_FILE_SHARED && kind != IPC_FILE_EXCLUSIVE) || check_range(start, len) < 0)
		return -EINVAL;
	short type = kind == IPC_FILE_EXCLUSIVE ? F_WRLCK : F_RDLCK;
	return ipc__lock_timed(ipc__lock, fd, type, start, len, timeout_ms);
}

int
ipc_file_unlock(int fd, int64_t start, int64_t len)
{
	if (check_range(start, len) < 0)
		return -EINVAL;
	return ipc__lock(fd, F_UNLCK, start, len, 0);
}
