/* shm_map.c: making, opening and mapping segments, trusting no size in the header. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shm_int.h"

/* How long an opener waits for a segment another process is still making. */
#define SHM_GRACE_MS 100

size_t
ipc_shm_size_max(void)
{
	/* Two buffers and the header must fit size_t and off_t with room to spare. */
	uint64_t tib = (uint64_t)1 << 40;
	uint64_t quarter = (uint64_t)(SIZE_MAX / 4);
	return (size_t)(tib < quarter ? tib : quarter);
}

uint32_t
ipc__shm_abi(void)
{
	/* A process built for another word size, libc or wake backend would read
	 * this layout differently: to it the segment is foreign. */
	return (uint32_t)sizeof(void *) | (uint32_t)sizeof(pthread_mutex_t) << 8 |
	    (uint32_t)sizeof(pthread_cond_t) << 16 | ipc__shm_wake_kind << 24;
}

static size_t
total_size(uint64_t cap)
{
	return SHM_HDR_SIZE + 2 * (size_t)cap;
}

/* A capacity the header claims, checked against the object's real size. */
static int
cap_ok(uint64_t cap, off_t real)
{
	if (cap == 0 || cap % SHM_ALIGN != 0 || cap > ipc_shm_size_max() + SHM_ALIGN)
		return 0;
	return real >= 0 && (uint64_t)real >= total_size(cap);
}

static int
object_size(int fd, off_t *size)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EBADMSG;
	*size = st.st_size;
	return 0;
}

static int
all_zero(const char *p, size_t n)
{
	while (n > 0 && p[n - 1] == '\0')
		n--;
	return n == 0;
}

/*
 * Reads the header's fixed part through a one-page mapping and checks it:
 * the capacity in *cap, -EBADMSG when foreign, -EAGAIN when it looks like a
 * segment another process has not finished making (empty, or no magic yet).
 */
static int
check_header(int fd, uint64_t *cap)
{
	off_t real;
	int e = object_size(fd, &real);
	if (e < 0)
		return e;
	if (real < (off_t)SHM_HDR_SIZE)
		return real == 0 ? -EAGAIN : -EBADMSG;
	struct shm_hdr *h = mmap(NULL, SHM_HDR_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (h == MAP_FAILED)
		return -errno;
	char magic[sizeof h->magic];
	memcpy(magic, h->magic, sizeof magic);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	uint64_t c = __atomic_load_n(&h->cap, __ATOMIC_RELAXED);
	if (all_zero(magic, sizeof magic))
		e = -EAGAIN;
	else if (memcmp(magic, SHM_MAGIC, sizeof magic) != 0 || h->version != SHM_VERSION ||
	    h->abi != ipc__shm_abi() || h->hdr_size != SHM_HDR_SIZE || !cap_ok(c, real))
		e = -EBADMSG;
	munmap(h, SHM_HDR_SIZE);
	*cap = c;
	return e;
}

static int
map_all(struct ipc_shm *shm, uint64_t cap)
{
	size_t len = total_size(cap);
	int prot = PROT_READ | (shm->writable ? PROT_WRITE : 0);
	void *p = mmap(NULL, len, prot, MAP_SHARED, shm->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	if (shm->map != NULL)
		munmap(shm->map, shm->maplen);
	shm->map = p;
	shm->maplen = len;
	shm->cap = cap;
	return 0;
}

/* Reserves the memory now, so running out shows here and not as SIGBUS later. */
static int
reserve(int fd, size_t len)
{
	int e = posix_fallocate(fd, 0, (off_t)len);
	if (e == EOPNOTSUPP || e == EINVAL)
		return 0;   /* a file system that cannot: pages come on first touch */
	return -e;
}

static void
pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* Checks the header, giving a segment being made a short grace, then maps it. */
static int
map_checked(struct ipc_shm *shm, int nowait)
{
	uint64_t cap = 0;
	int e;
	for (int waited = 0;; waited++) {
		e = check_header(shm->fd, &cap);
		if (e != -EAGAIN)
			break;
		if (nowait || waited >= SHM_GRACE_MS)
			return -EBADMSG;
		pause_ms(1);
	}
	return e < 0 ? e : map_all(shm, cap);
}

int
ipc__shm_enlarge(struct ipc_shm *shm, uint64_t cap)
{
	off_t real;
	int e = object_size(shm->fd, &real);
	if (e < 0)
		return e;
	/* A grow that died half-way may have left the object larger already. */
	if ((uint64_t)real < total_size(cap)) {
		if (ftruncate(shm->fd, (off_t)total_size(cap)) < 0)
			return -errno;
		if ((e = reserve(shm->fd, total_size(cap))) < 0)
			return e;
	}
	return map_all(shm, cap);
}

int
ipc__shm_remap(struct ipc_shm *shm)
{
	uint64_t cap = __atomic_load_n(&shm_hdr(shm)->cap, __ATOMIC_ACQUIRE);
	if (cap == shm->cap)
		return 0;
	off_t real;
	int e = object_size(shm->fd, &real);
	if (e < 0)
		return e;
	if (!cap_ok(cap, real))
		return -EBADMSG;
	return map_all(shm, cap);
}

unsigned char *
ipc__shm_buf(const struct ipc_shm *shm, unsigned p)
{
	return shm->map + SHM_HDR_SIZE + (size_t)(p & 1) * shm->cap;
}

static int
object_path(char *buf, size_t len, const char *name)
{
	int n = ipc_name_check(name);
	if (n < 0)
		return n;
	if ((size_t)n + 2 > len)
		return -ENAMETOOLONG;
	buf[0] = '/';
	memcpy(buf + 1, ipc_name_bare(name), (size_t)n + 1);
	return 0;
}

static struct ipc_shm *
handle_new(int fd, const char *path, int writable)
{
	struct ipc_shm *shm = calloc(1, sizeof *shm);
	if (shm == NULL)
		return NULL;
	shm->fd = fd;
	shm->writable = writable;
	strcpy(shm->name, path + 1);
	return shm;
}

static void
handle_free(struct ipc_shm *shm)
{
	if (shm->map != NULL)
		munmap(shm->map, shm->maplen);
	ipc__close_quiet(shm->fd);
	free(shm);
}

int
ipc__shm_open(struct ipc_shm **out, const char *name, int flags, int nowait)
{
	char path[IPC_NAME_MAX + 2];
	*out = NULL;   /* so a caller may close whatever it got */
	int e = object_path(path, sizeof path, name);
	if (e < 0)
		return e;
	if (flags != IPC_SHM_RDONLY && flags != IPC_SHM_RDWR)
		return -EINVAL;
	int fd = shm_open(path, flags == IPC_SHM_RDWR ? O_RDWR : O_RDONLY, 0);
	if (fd < 0)
		return -errno;
	struct ipc_shm *shm = handle_new(fd, path, flags == IPC_SHM_RDWR);
	if (shm == NULL) {
		ipc__close_quiet(fd);
		return -ENOMEM;
	}
	e = map_checked(shm, nowait);
	if (e < 0) {
		handle_free(shm);
		return e;
	}
	*out = shm;
	return 0;
}

int
ipc_shm_open(ipc_shm **out, const char *name, int flags)
{
	return ipc__shm_open(out, name, flags, 0);
}

static int
init_lock(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int e = pthread_mutexattr_init(&a);
	if (e != 0)
		return -e;
	/* Robust: a holder that dies is recovered. Error-checking: a second
	 * lock by the same thread is -EDEADLK, not a hang. */
	if ((e = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) == 0 &&
	    (e = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST)) == 0 &&
	    (e = pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK)) == 0)
		e = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return -e;
}

/* Fills the header of a fresh, zeroed object; the magic goes last, so an
 * opener never sees a half-made header as a segment. */
static int
init_header(struct ipc_shm *shm, size_t size)
{
	struct shm_hdr *h = shm_hdr(shm);
	h->version = SHM_VERSION;
	h->abi = ipc__shm_abi();
	h->hdr_size = SHM_HDR_SIZE;
	h->cap = shm->cap;
	h->buf[0].size = h->buf[1].size = size;
	int e = init_lock(&h->lock);
	if (e < 0)
		return e;
	ipc__shm_wake_init(h);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memcpy(h->magic, SHM_MAGIC, sizeof h->magic);
	return 0;
}

static int
create_object(struct ipc_shm *shm, size_t size, mode_t mode)
{
	uint64_t cap = ((uint64_t)size + SHM_ALIGN - 1) / SHM_ALIGN * SHM_ALIGN;
	int e = 0;
	/* shm_open applies the umask; the caller asked for this mode exactly. */
	if (fchmod(shm->fd, mode & 0777) < 0 || ftruncate(shm->fd, (off_t)total_size(cap)) < 0)
		e = -errno;
	if (e == 0)
		e = reserve(shm->fd, total_size(cap));
	if (e == 0)
		e = map_all(shm, cap);
	if (e == 0)
		e = init_header(shm, size);
	return e;
}

int
ipc_shm_create(ipc_shm **out, const char *name, size_t size, mode_t mode)
{
	char path[IPC_NAME_MAX + 2];
	*out = NULL;
	int e = object_path(path, sizeof path, name);
	if (e < 0)
		return e;
	if (size == 0)
		return -EINVAL;
	if (size > ipc_shm_size_max())
		return -EFBIG;
	int fd = shm_open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -errno;
	struct ipc_shm *shm = handle_new(fd, path, 1);
	e = shm == NULL ? -ENOMEM : create_object(shm, size, mode);
	if (e < 0) {
		shm_unlink(path);
		if (shm != NULL)
			handle_free(shm);
		else
			ipc__close_quiet(fd);
		return e;
	}
	*out = shm;
	return 0;
}

void
ipc_shm_close(ipc_shm *shm)
{
	if (shm == NULL)
		return;
	if (shm->held == SHM_HELD_SESSION)
		ipc__shm_release(shm);
	handle_free(shm);
}

int
ipc_shm_unlink(const char *name)
{
	/* Only our own segments: a channel or another program's object that
	 * shares the namespace is not ours to remove. */
	struct ipc_shm *shm;
	int e = ipc__shm_open(&shm, name, IPC_SHM_RDONLY, 0);
	if (e < 0)
		return e;
	char path[IPC_NAME_MAX + 2];
	object_path(path, sizeof path, name);
	e = shm_unlink(path) < 0 ? -errno : 0;
	handle_free(shm);
	return e;
}

const char *
ipc_shm_name(const ipc_shm *shm)
{
	return shm->name;
}
