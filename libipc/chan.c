/* chan.c: a channel's lifetime: create, open, close, shut down, remove. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chan_impl.h"
#include "robust.h"

static uint64_t
page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (uint64_t)page : 4096;
}

/* The ring starts on a page boundary after the header. */
static uint64_t
chan_data_off(void)
{
	return ipc__chan_round(sizeof(struct chan_hdr));
}

uint64_t
ipc__chan_round(uint64_t n)
{
	uint64_t p = page_size();
	return (n + p - 1) / p * p;
}

static uint32_t
chan_layout(void)
{
	return CHAN_LAYOUT << 8 | ipc__event_backend();
}

/* Whether a channel made here can use the asymmetric barriers: the event
 * backend must allow a wake without the lock, and this process must be
 * able to join (every party joins as it opens). */
static uint32_t
chan_asym(void)
{
	return ipc__event_unlocked_wake() && ipc__barrier_join() == 0 ? CHAN_ASYM : 0;
}

static int
chan_path(const char *name, char *buf, size_t len)
{
	int n = ipc_name_check(name);
	if (n < 0)
		return n;
	if (snprintf(buf, len, "%s%s", CHAN_PREFIX, ipc_name_bare(name)) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

/* Sizes the object and reserves its memory now, so that a full /dev/shm
 * fails here with ENOSPC rather than later with SIGBUS in a sender. */
static int
chan_size(int fd, uint64_t size)
{
	if (ftruncate(fd, (off_t)size) < 0)
		return -errno;
	int r = posix_fallocate(fd, 0, (off_t)size);
	return r == 0 || r == EOPNOTSUPP || r == EINVAL || r == ENODEV ? 0 : -r;
}

static int
chan_init(struct chan_hdr *h, int type, size_t record_size, uint64_t capacity)
{
	h->layout = chan_layout() | chan_asym();
	h->type = (uint32_t)type;
	h->max_senders = IPC_CHAN_MAX_SENDERS;
	h->record_size = type == IPC_CHAN_RECORD ? record_size : 0;
	h->capacity = capacity;
	h->data_off = chan_data_off();
	int r = ipc__robust_init(&h->lock);
	if (r == 0)
		r = ipc__event_init(&h->receiver.ev);
	for (int i = 0; r == 0 && i < IPC_CHAN_MAX_SENDERS; i++)
		r = ipc__event_init(&h->sender[i].ev);
	if (r == 0)   /* last: openers wait for this store */
		atomic_store_explicit(&h->magic, CHAN_MAGIC, memory_order_release);
	return r;
}

int
ipc_chan_create_fd(int fd, int type, size_t record_size, size_t capacity)
{
	if (capacity == 0)
		capacity = IPC_CHAN_DEFAULT_CAPACITY;
	int r = ipc_chan_attr_check(type, record_size, capacity, NULL, 0);
	if (r < 0)
		return r;
	uint64_t cap = ipc__chan_round(capacity);
	uint64_t size = chan_data_off() + cap;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_size != 0)
		return -EEXIST;
	if ((r = chan_size(fd, size)) < 0)
		return r;
	void *map = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return -errno;
	r = chan_init(map, type, record_size, cap);
	munmap(map, (size_t)size);
	return r;
}

int
ipc_chan_create(const char *name, int type, size_t record_size,
    size_t capacity, mode_t mode)
{
	char path[IPC_NAME_MAX + 16];
	int r = chan_path(name, path, sizeof path);
	if (r < 0)
		return r;
	if (capacity == 0)
		capacity = IPC_CHAN_DEFAULT_CAPACITY;
	if ((r = ipc_chan_attr_check(type, record_size, capacity, NULL, 0)) < 0)
		return r;
	mode = mode ? mode & 07777 : 0600;
	int fd = shm_open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	r = ipc_chan_create_fd(fd, type, record_size, capacity);
	if (r == 0 && fchmod(fd, mode) < 0)   /* exact, whatever the umask */
		r = -errno;
	if (r < 0)
		shm_unlink(path);
	ipc__close_quiet(fd);
	return r;
}

/* ---- opening ---- */

/* Reads the fixed header fields (pread works on shared-memory objects on
 * Linux and the BSDs). A channel being created has no size or no magic
 * yet: wait a little for its creator. */
static int
chan_probe(int fd, struct chan_hdr *copy, uint64_t *size)
{
	for (int tries = 0; ; tries++) {
		struct stat st;
		if (fstat(fd, &st) < 0)
			return -errno;
		ssize_t n = pread(fd, copy, offsetof(struct chan_hdr, lock), 0);
		if (n < 0)
			return -errno;
		int whole = n == (ssize_t)offsetof(struct chan_hdr, lock);
		if (whole && copy->magic == CHAN_MAGIC) {
			*size = (uint64_t)st.st_size;
			return 0;
		}
		if ((n > 0 && !whole) || (whole && copy->magic != 0) || tries >= 200)
			return -EPROTO;   /* something else, or a creator that died */
		struct timespec ms5 = { 0, 5000000 };
		nanosleep(&ms5, NULL);
	}
}

static int
chan_valid(const struct chan_hdr *c, uint64_t size)
{
	if ((c->layout & ~CHAN_ASYM) != chan_layout() ||
	    ((c->layout & CHAN_ASYM) && !ipc__event_unlocked_wake()) ||
	    c->max_senders != IPC_CHAN_MAX_SENDERS || c->data_off != chan_data_off() || c->capacity % page_size() != 0 ||
	    c->capacity > IPC_CHAN_MAX_CAPACITY || size != c->data_off + c->capacity)
		return -EPROTO;
	return ipc_chan_attr_check((int)c->type, (size_t)c->record_size,
	    (size_t)c->capacity, NULL, 0) == 0 ? 0 : -EPROTO;
}

/*
 * Maps header and ring, then the ring a second time right after itself,
 * inside one reservation so nothing else can land in between. Both views
 * are the same pages of the object.
 */
static int
chan_map(ipc_chan *ch, const struct chan_hdr *c, int writable)
{
	size_t main_len = (size_t)(c->data_off + c->capacity);
	size_t total = main_len + (size_t)c->capacity;
	int prot = PROT_READ | (writable ? PROT_WRITE : 0);
	unsigned char *base = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -errno;
	if (mmap(base, main_len, prot, MAP_SHARED | MAP_FIXED, ch->fd, 0) == MAP_FAILED ||
	    mmap(base + main_len, (size_t)c->capacity, prot, MAP_SHARED | MAP_FIXED, ch->fd,
	    (off_t)c->data_off) == MAP_FAILED) {
		int err = errno;
		munmap(base, total);
		return -err;
	}
	ch->h = (struct chan_hdr *)(void *)base;
	ch->writable = writable;
	ch->asym = (c->layout & CHAN_ASYM) != 0;
	ch->map_size = total;
	ch->data = base + c->data_off;
	ch->type = (int)c->type;
	ch->record_size = (size_t)c->record_size;
	ch->capacity = c->capacity;
	ch->max_msg = c->capacity - CHAN_REC_HDR;
	return 0;
}

/* A party of a channel that uses the asymmetric barriers must be reached
 * by the others' heavy barriers; one that cannot be is refused, as a
 * channel of another layout is. A read-only observer takes no part. */
static int
join_barriers(const ipc_chan *ch)
{
	if (!ch->asym || !ch->writable)
		return 0;
	return ipc__barrier_join() == 0 ? 0 : -EPROTO;
}

/* Takes ownership of fd. */
static int
chan_open_fd_owned(int fd, int role, int writable, ipc_chan **out)
{
	struct chan_hdr copy;
	uint64_t size = 0;
	int r = chan_probe(fd, &copy, &size);
	if (r == 0)
		r = chan_valid(&copy, size);
	ipc_chan *ch = r == 0 ? calloc(1, sizeof *ch) : NULL;
	if (r == 0 && ch == NULL)
		r = -ENOMEM;
	if (r < 0) {
		ipc__close_quiet(fd);
		return r;
	}
	ch->fd = fd;
	ch->role = role;
	ch->slot = -1;
	if ((r = chan_map(ch, &copy, writable)) == 0 &&
	    (r = join_barriers(ch)) == 0 &&
	    (r = ipc__chan_join(ch)) == 0) {
		*out = ch;
		return 0;
	}
	if (ch->h != NULL)
		munmap(ch->h, ch->map_size);
	ipc__close_quiet(fd);
	free(ch);
	return r;
}

static int
role_ok(int role)
{
	return role == IPC_CHAN_SENDER || role == IPC_CHAN_RECEIVER ||
	    role == IPC_CHAN_OBSERVER;
}

int
ipc_chan_open(const char *name, int role, ipc_chan **out)
{
	char path[IPC_NAME_MAX + 16];
	int r = chan_path(name, path, sizeof path);
	if (r < 0)
		return r;
	if (!role_ok(role))
		return -EINVAL;
	int fd = shm_open(path, O_RDWR | O_CLOEXEC, 0);
	int writable = 1;
	if (fd < 0 && errno == EACCES && role == IPC_CHAN_OBSERVER) {
		fd = shm_open(path, O_RDONLY | O_CLOEXEC, 0);   /* enough for stat */
		writable = 0;
	}
	if (fd < 0)
		return -errno;
	return chan_open_fd_owned(fd, role, writable, out);
}

int
ipc_chan_open_fd(int fd, int role, ipc_chan **out)
{
	if (!role_ok(role))
		return -EINVAL;
	int mine = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (mine < 0)
		return -errno;
	return chan_open_fd_owned(mine, role, 1, out);
}

int
ipc_chan_close(ipc_chan *ch)
{
	if (ch == NULL)
		return 0;
	ipc__chan_leave(ch);
	int r = munmap(ch->h, ch->map_size) < 0 ? -errno : 0;
	if (close(ch->fd) < 0 && r == 0)
		r = -errno;
	free(ch);
	return r;
}

/* ---- ending ---- */

static int
chan_flag(ipc_chan *ch, uint32_t flag)
{
	int r = ipc__chan_lock(ch, NULL);
	if (r < 0)
		return r;
	ipc__chan_unbias(ch, NULL);   /* so that no send lands after the flag */
	atomic_fetch_or(&ch->h->flags, flag);
	ipc__chan_wake_all(ch);
	ipc__chan_unlock(ch);
	return 0;
}

int
ipc_chan_shutdown(ipc_chan *ch)
{
	if (!ch->writable)
		return -EACCES;
	return chan_flag(ch, CHAN_SHUT);
}

/* The name goes first, so that a refused unlink tells nobody the channel
 * is gone; then the parties that still hold it are told. */
int
ipc_chan_unlink(const char *name)
{
	char path[IPC_NAME_MAX + 16];
	int r = chan_path(name, path, sizeof path);
	if (r < 0)
		return r;
	ipc_chan *ch = NULL;
	int opened = ipc_chan_open(name, IPC_CHAN_OBSERVER, &ch);
	if (opened == -ENOENT)
		return opened;
	if (shm_unlink(path) < 0)
		r = -errno;
	if (opened == 0 && r == 0 && ch->writable)
		chan_flag(ch, CHAN_REMOVED);
	ipc_chan_close(ch);
	return r;
}
