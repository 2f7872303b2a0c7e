/* chan_stat.c: looking at channels without taking part: a snapshot of one, the list of all. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "chan_impl.h"
#include "proc.h"

/* Read without the lock (an observer may only have read access): each
 * figure is current, together they are a snapshot only up to concurrent
 * sends and receives. Senders are counted by checking their processes, so
 * one that died shows as gone before anyone reaps its slot. */
int
ipc_chan_stat(ipc_chan *ch, struct ipc_chan_stat *st)
{
	struct chan_hdr *h = ch->h;
	struct stat fs;
	if (fstat(ch->fd, &fs) < 0)
		return -errno;
	memset(st, 0, sizeof *st);
	st->type = ch->type;
	st->record_size = ch->record_size;
	st->capacity = (size_t)ch->capacity;
	st->max_msg = (size_t)ch->max_msg;
	uint64_t head = atomic_load(&h->head), tail = atomic_load(&h->tail);
	st->used = tail >= head && tail - head <= ch->capacity ? (size_t)(tail - head) : 0;
	st->received = atomic_load(&h->received);
	st->sent = atomic_load(&h->sent);
	st->queued = st->sent > st->received ? st->sent - st->received : 0;
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++) {
		pid_t pid = atomic_load(&h->sender[i].pid);
		st->senders += pid != 0 && ipc__proc_alive(pid, h->sender[i].start);
	}
	pid_t rpid = atomic_load(&h->receiver.pid);
	st->receiver = ipc__proc_alive(rpid, h->receiver.start) ? rpid : 0;
	uint32_t f = atomic_load(&h->flags);
	st->shut = (f & CHAN_SHUT) != 0;
	st->closed = st->shut || ((f & CHAN_HAD_SENDER) && st->senders == 0);
	st->mode = fs.st_mode & 07777;
	st->uid = fs.st_uid;
	st->gid = fs.st_gid;
	return 0;
}

/* POSIX gives no way to list shared-memory objects; Linux keeps them in
 * /dev/shm, where shm_open("/ipc-chan.NAME") appears as "ipc-chan.NAME". */
int
ipc_chan_list(int (*fn)(const char *name, void *arg), void *arg)
{
	const char *prefix = CHAN_PREFIX + 1;
	size_t plen = strlen(prefix);
	DIR *dir = opendir("/dev/shm");
	if (dir == NULL)
		return errno == ENOENT ? -ENOTSUP : -errno;
	int r = 0;
	struct dirent *e;
	while (r == 0 && (errno = 0, e = readdir(dir)) != NULL) {
		if (strncmp(e->d_name, prefix, plen) == 0 &&
		    ipc_name_check(e->d_name + plen) > 0)
			r = fn(e->d_name + plen, arg);
	}
	if (r == 0 && e == NULL && errno != 0)
		r = -errno;
	closedir(dir);
	return r;
}
