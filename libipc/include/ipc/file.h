/* ipc/file.h: regular files as shared state: publish, lock, append, watch. */
#ifndef IPC_FILE_H
#define IPC_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <ipc/core.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * Replaces the contents of path with len bytes of buf in one step: a reader
 * sees the old file or the new one, never a mix, and after a crash the file
 * is one or the other. Writes a temporary file in the same directory, gives
 * it exactly mode, fsyncs it, renames it over path and fsyncs the directory.
 * A symbolic link at path is replaced, not followed. 0 or -errno.
 */
int ipc_file_publish(const char *path, const void *buf, size_t len, mode_t mode);

/*
 * Opens path for atomic appends (write-only, O_APPEND, close-on-exec),
 * creating it with exactly mode when missing. A symbolic link at path is
 * refused (-ELOOP), so is anything but a regular file (-EINVAL). The fd.
 */
int ipc_file_open_append(const char *path, mode_t mode);

/*
 * The largest record ipc_file_append takes. Local filesystems keep any
 * single O_APPEND write(2) whole; the bound keeps a record inside one
 * write request of the filesystems that split larger writes (FUSE splits
 * at 128 KiB by default).
 */
#define IPC_FILE_RECORD_MAX 65536

/*
 * Appends one record with a single write(2) on an O_APPEND descriptor of a
 * regular file, so records from concurrent appenders (threads or processes)
 * never interleave or overwrite each other. Returns len, or -EMSGSIZE over
 * IPC_FILE_RECORD_MAX, -EINVAL for a descriptor without O_APPEND or not a
 * regular file, -EIO when the system wrote part of the record (disk full,
 * file size limit), or the -errno of write(2).
 */
ssize_t ipc_file_append(int fd, const void *rec, size_t len);

/* ipc_file_lock kinds. */
#define IPC_FILE_SHARED 0     /* many holders: readers (fd open for reading) */
#define IPC_FILE_EXCLUSIVE 1  /* one holder: a writer (fd open for writing) */

/*
 * Locks bytes [start, start + len) of fd's file (len 0: from start to
 * wherever the file ever ends), waiting at most timeout_ms for conflicting
 * holders (-ETIMEDOUT; -EINTR on a signal). Where the system has open file
 * description locks (Linux), the lock belongs to the open file: descriptors
 * from separate open(2) calls conflict even within one process, and it goes
 * when its last descriptor is closed. Elsewhere these are classic fcntl
 * locks: they belong to the process, and closing any descriptor of the
 * file drops them. A timed wait polls, so it is not first come, first served.
 */
int ipc_file_lock(int fd, int kind, int64_t start, int64_t len, int timeout_ms);
int ipc_file_unlock(int fd, int64_t start, int64_t len);

/*
 * Waits for a file to change: its contents, its attributes, or the file at
 * that name (created, replaced by a rename, removed). Open the watch first,
 * then read the file, then wait: a change after the open is never missed,
 * and each wait returns for the changes after the previous one. Uses inotify
 * where the system has it, polling the file's identity, size and time stamps
 * otherwise (which can miss two writes within one time stamp tick that
 * leave the size unchanged). The directory must exist; the file need not.
 */
typedef struct ipc_file_watch ipc_file_watch;

int ipc_file_watch_open(const char *path, ipc_file_watch **out);
/* 0 when the file changed, -ETIMEDOUT, -EINTR, or -errno. */
int ipc_file_watch_wait(ipc_file_watch *w, int timeout_ms);
void ipc_file_watch_close(ipc_file_watch *w);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
