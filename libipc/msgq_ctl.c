/* msgq_ctl.c: everything about a queue but its messages: stat, limits, removal, listing. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/msg.h>
#include <unistd.h>

#include "ipc/msgq.h"
#include "msgq_int.h"

static int
stat_id(int id, struct msqid_ds *ds)
{
	if (msgctl(id, IPC_STAT, ds) < 0)
		return ipc__msgq_gone(-errno);
	return 0;
}

int
ipc__msgq_qbytes(int id, size_t *qbytes)
{
	struct msqid_ds ds;
	int e = stat_id(id, &ds);
	if (e == 0)
		*qbytes = (size_t)ds.msg_qbytes;
	return e;
}

int
ipc_msgq_stat(ipc_msgq *q, struct ipc_msgq_stat *st)
{
	struct msqid_ds ds;
	int e = stat_id(q->id, &ds);
	if (e < 0)
		return e;
	memset(st, 0, sizeof *st);
	st->key = (int32_t)IPC__PERM_KEY(ds.msg_perm);
	st->id = q->id;
	st->messages = (size_t)ds.msg_qnum;
	st->bytes = (size_t)IPC__MSG_CBYTES(ds);
	st->max_bytes = (size_t)ds.msg_qbytes;
	st->last_send_pid = ds.msg_lspid;
	st->last_recv_pid = ds.msg_lrpid;
	st->send_time = (int64_t)ds.msg_stime;
	st->recv_time = (int64_t)ds.msg_rtime;
	st->change_time = (int64_t)ds.msg_ctime;
	st->mode = (mode_t)(ds.msg_perm.mode & 0777);
	st->uid = ds.msg_perm.uid;
	st->gid = ds.msg_perm.gid;
	st->cuid = ds.msg_perm.cuid;
	st->cgid = ds.msg_perm.cgid;
	return 0;
}

int
ipc_msgq_set_max_bytes(ipc_msgq *q, size_t max_bytes)
{
	if (max_bytes == 0 || max_bytes > (msglen_t)-1)
		return -EINVAL;
	struct msqid_ds ds;
	int e = stat_id(q->id, &ds);
	if (e < 0)
		return e;
	ds.msg_qbytes = (msglen_t)max_bytes;
	/* Above msgmnb the kernel asks for CAP_SYS_RESOURCE and says EPERM,
	 * as it does to anyone but the owner or creator. */
	if (msgctl(q->id, IPC_SET, &ds) < 0)
		return ipc__msgq_gone(-errno);
	atomic_store_explicit(&q->qbytes, max_bytes, memory_order_relaxed);
	return 0;
}

#if HAVE_DECL_IPC_INFO
int
ipc_msgq_limits(size_t *msgmax, size_t *msgmnb)
{
	struct msginfo info;
	/* Linux: IPC_INFO fills a struct msginfo through msgctl's pointer. */
	if (msgctl(0, IPC_INFO, (struct msqid_ds *)(void *)&info) < 0)
		return -errno;
	*msgmax = (size_t)info.msgmax;
	*msgmnb = (size_t)info.msgmnb;
	return 0;
}
#else
int
ipc_msgq_limits(size_t *msgmax, size_t *msgmnb)
{
	/* No portable query: the historic System V defaults, which the checks
	 * in msgq_io.c only use to decide when to ask the kernel. */
	*msgmax = 8192;
	*msgmnb = 16384;
	return 0;
}
#endif

/* ---- removal ---- */

static int
remove_id(int id)
{
	if (msgctl(id, IPC_RMID, NULL) < 0)
		return errno == EINVAL || errno == EIDRM ? -ENOENT : -errno;
	return 0;
}

/* Under the directory lock, so a create cannot replace the file between
 * our reading it and our deleting it. The queue goes first: a crash in
 * between leaves a stale file, which is handled, never a nameless queue. */
static int
unlink_locked(int dir, const char *name)
{
	key_t key;
	int id;
	int e = ipc__msgq_keyfile_read(dir, name, &key, &id);
	if (e == -ENOENT)
		return e;
	if (e == 0)
		e = ipc__msgq_alive(key, id);
	if (e == 0)
		e = remove_id(id);
	else if (e == -EIDRM)
		e = -ENOENT;   /* a stale file: the queue was already gone */
	else
		return e;
	if ((e == 0 || e == -ENOENT) && unlinkat(dir, name, 0) < 0 && errno != ENOENT)
		return -errno;
	return e;
}

static int
unlink_name(const char *name)
{
	int dir = ipc__msgq_dir(0);
	if (dir < 0)
		return dir;
	int e = ipc__msgq_lock(dir);
	if (e == 0)
		e = unlink_locked(dir, name);
	close(dir);
	return e;
}

int
ipc_msgq_unlink(const char *name)
{
	struct ipc__msgq_ref ref;
	int e = ipc__msgq_parse(name, &ref);
	if (e < 0)
		return e;
	switch (ref.kind) {
	case IPC__MSGQ_NAME:
		return unlink_name(ref.name);
	case IPC__MSGQ_KEY: {
		int id = msgget(ref.key, 0);
		return id < 0 ? -errno : remove_id(id);
	}
	default:
		return remove_id(ref.id);
	}
}

/* ---- listing ---- */

int
ipc_msgq_list(int (*fn)(const char *name, void *arg), void *arg)
{
	int dir = ipc__msgq_dir(0);
	if (dir == -ENOENT)
		return 0;
	if (dir < 0)
		return dir;
	DIR *d = fdopendir(dir);
	if (d == NULL) {
		int e = -errno;
		close(dir);
		return e;
	}
	int r = 0;
	struct dirent *ent;
	/* Temporary files start with '.', which no name may: the name rule
	 * is the filter. */
	for (;;) {
		errno = 0;
		if ((ent = readdir(d)) == NULL) {
			r = errno ? -errno : 0;
			break;
		}
		if (ipc_name_check(ent->d_name) >= 0 && (r = fn(ent->d_name, arg)) != 0)
			break;
	}
	closedir(d);
	return r;
}
