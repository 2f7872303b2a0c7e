/* ipc/shm.h: named shared-memory segments with the synchronisation built in. */
#ifndef IPC_SHM_H
#define IPC_SHM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * A segment named NAME is the POSIX shared-memory object "/NAME" (so it shows
 * in /dev/shm on Linux): a header (magic, layout version, sizes, sequence
 * number, a robust process-shared lock and the wake-up word) and two buffers
 * of the data size. Every update is written into the buffer that is not
 * current and published by one store of the sequence number, so an update is
 * all-or-nothing even when its writer dies half-way, and readers never need
 * the lock. See ipc_shm(3).
 *
 * A handle belongs to one thread at a time.
 */
typedef struct ipc_shm ipc_shm;

/* ipc_shm_open flags. */
#define IPC_SHM_RDONLY 0  /* read, wait, stat: needs only read permission */
#define IPC_SHM_RDWR   1  /* also write, lock, resize */

/* ipc_shm_write and ipc_shm_read flags. */
#define IPC_SHM_TRUNC   1  /* write: the content ends where this write ends */
#define IPC_SHM_CONTENT 2  /* read: stop at the content length, not the data size */

/* Positive results of calls that take the lock: what the last holder left. */
#define IPC_SHM_RECOVERED 1  /* the last holder died holding it; now recovered */
#define IPC_SHM_TORN      2  /* ...in a lock session it had partly published */

/* The environment variable through which `shmctl lock` lends its lock. */
#define IPC_SHM_LOCKED_ENV "IPC_SHM_LOCKED"

struct ipc_shm_stat {
	size_t size;          /* data size in bytes */
	size_t length;        /* content length: the end of what was written */
	uint64_t seq;         /* updates published so far */
	uint64_t recoveries;  /* times a dead holder's lock was recovered */
	int torn;             /* the content may hold part of an interrupted session */
	pid_t holder;         /* process holding the lock, 0 when free */
	int holder_alive;     /* 0 when that process is gone (the next locker recovers) */
	pid_t last_writer;    /* process that published the last update, 0 if none */
	int64_t mtime_ns;     /* CLOCK_REALTIME of the last update, 0 if none */
	off_t footprint;      /* bytes the object occupies (header and both buffers) */
	mode_t mode;          /* permission bits of the object */
	uid_t uid;
	gid_t gid;
};

/* The largest data size: 1 TiB, or less where size_t is narrower. */
size_t ipc_shm_size_max(void);

/*
 * Creates segment name with size data bytes, all zero, sequence 0, mode mode
 * exactly (the umask does not apply), and opens it read-write. -EEXIST when
 * it exists, -EINVAL for a bad name or a zero size, -EFBIG above the maximum,
 * -ENOSPC when the memory cannot be reserved.
 */
int ipc_shm_create(ipc_shm **out, const char *name, size_t size, mode_t mode);

/*
 * Both set *out to NULL on failure, so ipc_shm_close(*out) is always safe.
 *
 * Opens an existing segment. -ENOENT when missing, -EACCES without
 * permission, -EBADMSG when the object is not a segment of this layout
 * (wrong magic, version or sizes): nothing past the object's real size is
 * ever mapped.
 */
int ipc_shm_open(ipc_shm **out, const char *name, int flags);

/* Unmaps and closes; releases the lock if this handle holds it. NULL is fine. */
void ipc_shm_close(ipc_shm *shm);

/* Removes the name (mappings live on); -EBADMSG when it is not a segment. */
int ipc_shm_unlink(const char *name);

/* The name without its leading '/'. */
const char *ipc_shm_name(const ipc_shm *shm);

/*
 * Copies up to len bytes from offset off of the current data into buf,
 * without the lock (a consistent snapshot of one update). Returns the count
 * (less than len where the data ends, or with IPC_SHM_CONTENT where the
 * content ends), and the snapshot's sequence in *seq when seq is not NULL.
 * -EINVAL when off is past the data size.
 */
ssize_t ipc_shm_read(ipc_shm *shm, size_t off, void *buf, size_t len, int flags,
    uint64_t *seq);

/*
 * Writes len bytes at off and publishes them as one update: takes the lock
 * (waiting at most timeout_ms) unless this handle holds it, writes, bumps the
 * sequence, wakes the waiters. The content length becomes off + len with
 * IPC_SHM_TRUNC, else grows to it. -EMSGSIZE when off + len passes the data
 * size (nothing is written), -EBADF on a read-only handle, -ETIMEDOUT.
 * Bytes past the content length read as zero (a truncating write clears
 * what it cuts off), except where ipc_shm_edit users left others.
 * Returns 0, or IPC_SHM_RECOVERED (| IPC_SHM_TORN) when it had to recover the
 * lock. A write of the whole content (off 0, IPC_SHM_TRUNC) clears the torn mark.
 */
int ipc_shm_write(ipc_shm *shm, size_t off, const void *buf, size_t len,
    int flags, int timeout_ms);

/* The sequence number of the last published update. */
uint64_t ipc_shm_seq(ipc_shm *shm);

/*
 * Blocks until the sequence passes since, at most timeout_ms; stores it in
 * *seq. -ETIMEDOUT, or -EINTR when a signal arrives (call again).
 */
int ipc_shm_wait(ipc_shm *shm, uint64_t since, int timeout_ms, uint64_t *seq);

/* ipc_shm_wait, then ipc_shm_read of the content from offset 0. */
ssize_t ipc_shm_refresh(ipc_shm *shm, uint64_t since, void *buf, size_t len,
    int timeout_ms, uint64_t *seq);

/*
 * Takes the lock for a multi-step update (a lock session), at most
 * timeout_ms. Returns 0, or IPC_SHM_RECOVERED (| IPC_SHM_TORN); -EDEADLK when
 * this thread holds it already, -ETIMEDOUT. While it is held, writes and
 * edits through this handle do not lock again.
 */
int ipc_shm_lock(ipc_shm *shm, int timeout_ms);
/* Ends the session (or leaves a joined one). Unpublished edits are dropped. */
int ipc_shm_unlock(ipc_shm *shm);

/*
 * With the lock held: *data points at the next buffer, which holds a copy of
 * the current content, for in-place edits that ipc_shm_sync then publishes as
 * one update. Valid until the next sync, write, resize or unlock.
 */
int ipc_shm_edit(ipc_shm *shm, void **data);
/* Publishes the edits with content length length (<= the data size). */
int ipc_shm_sync(ipc_shm *shm, size_t length);

/*
 * Zero-copy read: *data points at the current content and *seq is its
 * sequence. The bytes read through it are a consistent snapshot when
 * ipc_shm_view_valid(shm, seq) says 1 afterwards (no writer reached them).
 */
int ipc_shm_view(ipc_shm *shm, const void **data, size_t *length, uint64_t *seq);
int ipc_shm_view_valid(ipc_shm *shm, uint64_t seq);

/*
 * Changes the data size, keeping the content (cut or zero-extended), as one
 * update. Growing past the capacity enlarges the object; shrinking keeps it,
 * since other processes may still read the old extent.
 */
int ipc_shm_resize(ipc_shm *shm, size_t size, int timeout_ms);

int ipc_shm_stat(ipc_shm *shm, struct ipc_shm_stat *st);

/*
 * Lending a held lock to child processes: with a session lock held,
 * ipc_shm_ticket writes "NAME=TOKEN" into buf. A process given a list of
 * tickets (joined by ':', as in $IPC_SHM_LOCKED) calls ipc_shm_join: when one
 * names this segment and its holder still holds the lock in that session, the
 * handle writes under that lock without taking it (0); else -ESRCH.
 */
int ipc_shm_ticket(ipc_shm *shm, char *buf, size_t len);
int ipc_shm_join(ipc_shm *shm, const char *tickets);

/* Clears the torn mark after the caller repaired the content (lock held). */
int ipc_shm_mark_clean(ipc_shm *shm);

/*
 * Calls fn for each segment of this layout that the caller can read, in name
 * order (objects of other programs are skipped); stops at the first nonzero
 * return and returns it. -ENOTSUP where shared memory has no directory.
 */
int ipc_shm_list(int (*fn)(const char *name, const struct ipc_shm_stat *st, void *arg),
    void *arg);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
