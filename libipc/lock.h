/* lock.h: the record-lock backends behind ipc_file_lock (OFD, classic fcntl). */
#ifndef IPC_LOCK_H
#define IPC_LOCK_H

#include <stdint.h>

/*
 * One record-lock request: type is F_RDLCK, F_WRLCK or F_UNLCK; wait 0 tries
 * once, 1 blocks. 0, -EAGAIN when another holder conflicts, -EINTR, -errno.
 * The classic (process-owned) backend is always built and tested; the OFD
 * (open-file-owned) one where configure found F_OFD_SETLKW.
 */
typedef int ipc__lock_fn(int fd, short type, int64_t start, int64_t len, int wait);

ipc__lock_fn ipc__lock_posix;
ipc__lock_fn ipc__lock_ofd;

#if HAVE_DECL_F_OFD_SETLKW
#define ipc__lock ipc__lock_ofd
#else
#define ipc__lock ipc__lock_posix
#endif

/* fn with a timeout: blocks for timeout_ms < 0, else retries until the deadline. */
int ipc__lock_timed(ipc__lock_fn *fn, int fd, short type, int64_t start,
    int64_t len, int timeout_ms);

#endif
