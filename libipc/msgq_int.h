/* msgq_int.h: what the msgq*.c files share: the handle, name parsing, key files. */
#ifndef IPC_MSGQ_INT_H
#define IPC_MSGQ_INT_H

#include <stddef.h>
#include <sys/types.h>

#include "ipc/msgq.h"

/* Set by open or create; only the byte-limit hint changes after (through
 * ipc_msgq_set_max_bytes), atomically, so threads may share a handle. */
struct ipc_msgq {
	int id;
	key_t key;               /* IPC_PRIVATE when opened by an id we may not stat */
	size_t msgmax;           /* the system's msgmax when opened */
	_Atomic size_t qbytes;   /* the queue's byte limit as last seen (0: unknown) */
};

/* The three ways to name a queue (ipc/msgq.h). */
enum ipc__msgq_kind { IPC__MSGQ_NAME, IPC__MSGQ_KEY, IPC__MSGQ_ID };

struct ipc__msgq_ref {
	enum ipc__msgq_kind kind;
	const char *name;   /* bare name, for IPC__MSGQ_NAME */
	key_t key;          /* for IPC__MSGQ_KEY */
	int id;             /* for IPC__MSGQ_ID */
};

/* Parses "name", "/name", "key:K" or "id:N"; -EINVAL when none fits. */
int ipc__msgq_parse(const char *s, struct ipc__msgq_ref *ref);

/* Maps errors of a call on a known id: EINVAL there means the id is gone. */
int ipc__msgq_gone(int err);

/* ---- key files (msgq_keyfile.c) ---- */

/*
 * Opens $IPC_RUNTIME_DIR/msgq (creating it 0700 when create is set) and vets
 * it as ipc_runtime_dir vets its parent. Returns the descriptor or -errno;
 * -ENOENT when missing and create is not set.
 */
int ipc__msgq_dir(int create);
/* Serialises the writers of key files (create, unlink) in that directory. */
int ipc__msgq_lock(int dirfd);
/* Reads a key file: 0 with *key and *id, -ENOENT, or -EIDRM when unreadable
 * as a key file (treated as stale: nothing we wrote looks like that). */
int ipc__msgq_keyfile_read(int dirfd, const char *name, key_t *key, int *id);
/* Publishes name -> (key, id) atomically; -EEXIST when the name is taken.
 * The caller holds the directory lock. */
int ipc__msgq_keyfile_publish(int dirfd, const char *name, key_t key, int id);
/* 0 when (key, id) is still a live queue, -EIDRM when it is gone, or -errno. */
int ipc__msgq_alive(key_t key, int id);
/* A key worth trying for a new queue; attempt varies it. Never IPC_PRIVATE. */
key_t ipc__msgq_fresh_key(const char *name, unsigned attempt);

/* ---- the C library's names for two struct fields (configure finds them) ---- */
#if HAVE_STRUCT_IPC_PERM___KEY
#define IPC__PERM_KEY(p) ((p).__key)
#elif HAVE_STRUCT_IPC_PERM___IPC_PERM_KEY
#define IPC__PERM_KEY(p) ((p).__ipc_perm_key)
#else
#define IPC__PERM_KEY(p) ((p).key)
#endif
#if HAVE_STRUCT_MSQID_DS___MSG_CBYTES
#define IPC__MSG_CBYTES(ds) ((ds).__msg_cbytes)
#else
#define IPC__MSG_CBYTES(ds) ((ds).msg_cbytes)
#endif

/* ---- limits (msgq_ctl.c) ---- */
int ipc__msgq_qbytes(int id, size_t *qbytes);

#endif
