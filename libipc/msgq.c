/* msgq.c: message queue handles: naming, create, open, close. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

#include "ipc/msgq.h"
#include "msgq_int.h"
#include "sys.h"

/* How many fresh keys create tries before giving up: each try fails only
 * when a live queue already has that key, so more than a few means
 * something else is wrong. */
#define KEY_ATTEMPTS 64

static int
parse_number(const char *s, int base, unsigned long max, unsigned long *out)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	unsigned long v = strtoul(s, &end, base);
	if (errno != 0 || *end != '\0' || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int
ipc__msgq_parse(const char *s, struct ipc__msgq_ref *ref)
{
	unsigned long v;
	if (s == NULL)
		return -EINVAL;
	memset(ref, 0, sizeof *ref);
	if (strncmp(s, "key:", 4) == 0) {
		/* IPC_PRIVATE (0) is no shared key: it always makes a new queue. */
		if (parse_number(s + 4, 0, UINT32_MAX, &v) < 0 || v == 0)
			return -EINVAL;
		ref->kind = IPC__MSGQ_KEY;
		ref->key = (key_t)(uint32_t)v;
		return 0;
	}
	if (strncmp(s, "id:", 3) == 0) {
		if (parse_number(s + 3, 10, INT_MAX, &v) < 0)
			return -EINVAL;
		ref->kind = IPC__MSGQ_ID;
		ref->id = (int)v;
		return 0;
	}
	if (ipc_name_check(s) < 0)
		return -EINVAL;
	ref->kind = IPC__MSGQ_NAME;
	ref->name = ipc_name_bare(s);
	return 0;
}

int
ipc__msgq_gone(int err)
{
	/* msgsnd, msgrcv and msgctl say EINVAL for an id with no queue: after
	 * our checks of type and size, that can only be a removed queue. */
	return err == -EINVAL ? -EIDRM : err;
}

static int
handle_new(int id, key_t key, ipc_msgq **out)
{
	ipc_msgq *q = malloc(sizeof *q);
	if (q == NULL)
		return -ENOMEM;
	q->id = id;
	q->key = key;
	size_t mnb;
	if (ipc_msgq_limits(&q->msgmax, &mnb) < 0)
		q->msgmax = 8192;   /* the System V default: a later check corrects it */
	/* Without read permission the limit is unknown (0): send then asks
	 * the kernel each time, which will refuse the send anyway. */
	size_t qbytes;
	if (ipc__msgq_qbytes(id, &qbytes) < 0)
		qbytes = 0;
	atomic_init(&q->qbytes, qbytes);
	*out = q;
	return 0;
}

void
ipc_msgq_close(ipc_msgq *q)
{
	free(q);
}

static int
open_name(const char *name, ipc_msgq **out)
{
	int dir = ipc__msgq_dir(0);
	if (dir < 0)
		return dir;
	key_t key;
	int id;
	int e = ipc__msgq_keyfile_read(dir, name, &key, &id);
	close(dir);
	if (e == 0)
		e = ipc__msgq_alive(key, id);
	return e < 0 ? e : handle_new(id, key, out);
}

static int
open_id(int id, ipc_msgq **out)
{
	struct msqid_ds ds;
	if (msgctl(id, IPC_STAT, &ds) == 0)
		return handle_new(id, IPC__PERM_KEY(ds.msg_perm), out);
	/* A queue we may not read can still be one we may write to. */
	if (errno == EACCES)
		return handle_new(id, IPC_PRIVATE, out);
	return errno == EINVAL || errno == EIDRM ? -ENOENT : -errno;
}

int
ipc_msgq_open(const char *name, ipc_msgq **out)
{
	struct ipc__msgq_ref ref;
	int e = ipc__msgq_parse(name, &ref);
	if (e < 0)
		return e;
	switch (ref.kind) {
	case IPC__MSGQ_NAME:
		return open_name(ref.name, out);
	case IPC__MSGQ_KEY: {
		int id = msgget(ref.key, 0);
		return id < 0 ? -errno : handle_new(id, ref.key, out);
	}
	default:
		return open_id(ref.id, out);
	}
}

/* A new queue under a key no live queue has; the key is returned too. */
static int
make_queue(const char *name, mode_t mode, key_t *key)
{
	for (unsigned i = 0; i < KEY_ATTEMPTS; i++) {
		*key = ipc__msgq_fresh_key(name, i);
		int id = msgget(*key, IPC_CREAT | IPC_EXCL | (int)mode);
		if (id >= 0 || errno != EEXIST)
			return id >= 0 ? id : -errno;
	}
	return -EEXIST;
}

static int
set_limit(int id, size_t max_bytes)
{
	if (max_bytes == 0)
		return 0;
	struct ipc_msgq q = { .id = id };
	atomic_init(&q.qbytes, 0);
	return ipc_msgq_set_max_bytes(&q, max_bytes);
}

/* Under the directory lock: a live name is taken; a stale one is replaced. */
static int
create_locked(int dir, const char *name, mode_t mode, size_t max_bytes, int *idp,
    key_t *keyp)
{
	key_t key;
	int id;
	int e = ipc__msgq_keyfile_read(dir, name, &key, &id);
	if (e == 0)
		e = ipc__msgq_alive(key, id);
	if (e == 0)
		return -EEXIST;
	if (e != -ENOENT && e != -EIDRM)
		return e;
	if (e == -EIDRM && unlinkat(dir, name, 0) < 0)
		return -errno;
	id = make_queue(name, mode, &key);
	if (id < 0)
		return id;
	e = set_limit(id, max_bytes);
	if (e == 0)
		e = ipc__msgq_keyfile_publish(dir, name, key, id);
	if (e < 0) {
		msgctl(id, IPC_RMID, NULL);
		return e;
	}
	*idp = id;
	*keyp = key;
	return 0;
}

static int
create_name(const char *name, mode_t mode, size_t max_bytes, ipc_msgq **out)
{
	int dir = ipc__msgq_dir(1);
	if (dir < 0)
		return dir;
	int id = -1;
	key_t key = 0;
	int e = ipc__msgq_lock(dir);
	if (e == 0)
		e = create_locked(dir, name, mode, max_bytes, &id, &key);
	close(dir);   /* also drops the lock */
	if (e == 0 && (e = handle_new(id, key, out)) < 0)
		ipc_msgq_unlink(name);
	return e;
}

static int
create_key(key_t key, mode_t mode, size_t max_bytes, ipc_msgq **out)
{
	int id = msgget(key, IPC_CREAT | IPC_EXCL | (int)mode);
	if (id < 0)
		return -errno;
	int e = set_limit(id, max_bytes);
	if (e == 0)
		e = handle_new(id, key, out);
	if (e < 0)
		msgctl(id, IPC_RMID, NULL);
	return e;
}

int
ipc_msgq_create(const char *name, mode_t mode, size_t max_bytes, ipc_msgq **out)
{
	struct ipc__msgq_ref ref;
	int e = ipc__msgq_parse(name, &ref);
	if (e < 0)
		return e;
	if ((mode & ~(mode_t)0777) != 0 || ref.kind == IPC__MSGQ_ID)
		return -EINVAL;
	if (ref.kind == IPC__MSGQ_KEY)
		return create_key(ref.key, mode, max_bytes, out);
	return create_name(ref.name, mode, max_bytes, out);
}
