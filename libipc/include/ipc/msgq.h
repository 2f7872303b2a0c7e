/* ipc/msgq.h: System V message queues named by the user, with timeouts. */
#ifndef IPC_MSGQ_H
#define IPC_MSGQ_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <ipc/core.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * A queue is the kernel's own System V queue (msgget), so ipcs -q, lsipc -q
 * and ipcrm see and manage it. It is named in one of three ways:
 *   "jobs" or "/jobs"  a name (ipc_name_check): a key file in
 *                      $IPC_RUNTIME_DIR/msgq/ holds the queue's key and id;
 *   "key:K"            a System V key (decimal, 0x hex or 0 octal), no file;
 *   "id:N"             a queue identifier as ipcs prints it.
 * A handle is a small immutable value: several threads may use one at once.
 */
typedef struct ipc_msgq ipc_msgq;

/*
 * Creates a queue with permissions mode (0 to 0777; 0600 is the usual) and,
 * when max_bytes is not 0, that byte limit. Fails with -EEXIST when the name
 * or key is taken; a key file left by a queue removed since (ipcrm) is
 * replaced. A name gets a fresh key that no other queue uses; "id:N" cannot
 * be created (-EINVAL). A max_bytes above the system's msgmnb needs
 * CAP_SYS_RESOURCE: -EPERM, and nothing is left behind.
 */
int ipc_msgq_create(const char *name, mode_t mode, size_t max_bytes, ipc_msgq **out);

/* Opens an existing queue: -ENOENT when there is none, -EIDRM when the name's
 * key file outlived its queue (removed by ipcrm, say). */
int ipc_msgq_open(const char *name, ipc_msgq **out);

/* Frees the handle; the queue stays until removed. NULL is accepted. */
void ipc_msgq_close(ipc_msgq *q);

/*
 * Queues one message of len bytes with type > 0. timeout_ms as everywhere
 * (IPC_FOREVER, 0, or > 0 ms) says what a full queue does: wait, fail with
 * -EAGAIN, or wait at most that long then fail with -ETIMEDOUT. A message
 * over the system limit msgmax, or over the queue's byte limit, is refused
 * with -EMSGSIZE: never truncated. (A blocking send trusts the byte limit
 * the handle last saw; one lowered by another handle since then makes it
 * wait as a raw msgsnd would.) A signal while waiting gives -EINTR and
 * nothing was sent.
 */
int ipc_msgq_send(ipc_msgq *q, long type, const void *msg, size_t len, int timeout_ms);

/*
 * Takes one message: type 0 the first of any type, t > 0 the first of type t,
 * t < 0 the first of the lowest type <= |t|. Copies it to buf and returns its
 * length, with its type in *type_out when not NULL. A message longer than cap
 * stays queued and the call fails with -E2BIG. Nothing matching: waits per
 * timeout_ms, then -EAGAIN (poll) or -ETIMEDOUT. A signal gives -EINTR and
 * nothing was taken. -EIDRM when the queue is removed meanwhile.
 */
ssize_t ipc_msgq_recv(ipc_msgq *q, long type, void *buf, size_t cap,
    long *type_out, int timeout_ms);

/* What the kernel knows about a queue (msgctl IPC_STAT). Times are seconds
 * since the epoch, 0 for never. */
struct ipc_msgq_stat {
	int32_t key;          /* System V key (ipcs prints it as 0x%08x) */
	int id;               /* queue identifier */
	size_t messages;      /* messages queued */
	size_t bytes;         /* bytes queued */
	size_t max_bytes;     /* byte limit (msg_qbytes) */
	pid_t last_send_pid, last_recv_pid;
	int64_t send_time, recv_time, change_time;
	mode_t mode;          /* permission bits */
	uid_t uid, cuid;      /* owner, creator */
	gid_t gid, cgid;
	int64_t reserved[4];  /* zero; room for later fields */
};

/* Fills *st. -EACCES without read permission; -EIDRM when removed since. */
int ipc_msgq_stat(ipc_msgq *q, struct ipc_msgq_stat *st);

/*
 * Sets the queue's byte limit (not 0). Needs to be the owner or creator
 * (-EPERM); a limit above msgmnb also needs CAP_SYS_RESOURCE (-EPERM).
 */
int ipc_msgq_set_max_bytes(ipc_msgq *q, size_t max_bytes);

/*
 * Removes the queue and, for a name, its key file. A key file whose queue is
 * already gone is deleted and the call returns -ENOENT: the queue was not
 * there to remove. -EPERM when not the owner or creator.
 */
int ipc_msgq_unlink(const char *name);

/*
 * Calls fn(name, arg) for each name with a key file, in no set order; stops
 * early and returns fn's value when it is not 0. 0 when the directory holds
 * nothing yet.
 */
int ipc_msgq_list(int (*fn)(const char *name, void *arg), void *arg);

/* The system's limits: the largest message (msgmax) and the default and
 * unprivileged maximum byte limit of a queue (msgmnb). */
int ipc_msgq_limits(size_t *msgmax, size_t *msgmnb);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
