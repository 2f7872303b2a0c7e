/* ipc/fifo.h: named pipes: safe creation and timed opening of either end. */
#ifndef IPC_FIFO_H
#define IPC_FIFO_H

#include <sys/types.h>

#include <ipc/core.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/* ipc_fifo_create flag: the FIFO gets exactly mode, whatever the umask. */
#define IPC_FIFO_EXACT 0x1
/* ipc_fifo_open_* flag: the descriptor stays in non-blocking mode. */
#define IPC_FIFO_NONBLOCK 0x2

/*
 * Makes a FIFO at path. Without IPC_FIFO_EXACT the mode is filtered by the
 * umask, as mkfifo(3) does; with it, the new FIFO is opened without
 * following symbolic links, checked to be the FIFO just made (a FIFO owned
 * by us), and given exactly mode. An existing path of any kind (a dangling
 * symbolic link too) is -EEXIST; nothing is ever followed at the last
 * component. Only the permission bits 0777 are accepted (-EINVAL).
 */
int ipc_fifo_create(const char *path, mode_t mode, int flags);

/*
 * Opens the read end and returns a close-on-exec descriptor, or -errno.
 * Waits at most timeout_ms until a writer has written or come and gone, so
 * that the first read does not see an end of file just because no writer
 * had opened yet; -ETIMEDOUT when none did. Symbolic links at the last
 * component are refused (-ELOOP); a path that is not a FIFO is -EINVAL.
 */
int ipc_fifo_open_read(const char *path, int flags, int timeout_ms);

/*
 * Opens the write end and returns a close-on-exec descriptor, or -errno.
 * Waits at most timeout_ms for a reader to open the FIFO: a writer with no
 * reader gets -ETIMEDOUT, never hangs (timeout_ms 0 tries once). The same
 * refusals as ipc_fifo_open_read.
 */
int ipc_fifo_open_write(const char *path, int flags, int timeout_ms);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
