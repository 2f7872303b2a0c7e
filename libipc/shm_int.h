/* shm_int.h: the shared-memory segment's layout and libipc's internal shm calls. */
#ifndef IPC_SHM_INT_H
#define IPC_SHM_INT_H

#include <pthread.h>
#include <stdint.h>

#include "ipc/core.h"
#include "ipc/shm.h"
#include "sys.h"

/*
 * The object: one header page, then buffer 0 and buffer 1, each cap bytes
 * (buffer p starts at SHM_HDR_SIZE + p * cap). The current content is buffer
 * seq & 1. An update n = seq + 1 is written into buffer n & 1 and published
 * by storing seq = n, so a writer that dies half-way leaves the current
 * buffer whole. Lock-free readers check wseq afterwards: buffer s & 1 is only
 * rewritten by update s + 2, which announces itself in wseq first.
 *
 * Nothing here is trusted: another process may have written anything. Every
 * size and offset is checked against this process's own mapping before use.
 */
#define SHM_MAGIC "ipcshm\r\n"
#define SHM_VERSION 1u
#define SHM_HDR_SIZE 4096u
#define SHM_ALIGN 64u        /* buffers start on cache lines */

/* flags */
#define SHM_F_TORN 1u

/* holder_kind: why the holder took the lock (decides what a recovery means) */
enum { SHM_HOLD_NONE = 0, SHM_HOLD_SINGLE = 1, SHM_HOLD_SESSION = 2 };

struct shm_buf {
	uint64_t size;    /* data size of this update */
	uint64_t length;  /* content length of this update */
};

struct shm_hdr {
	char magic[8];
	uint32_t version;
	uint32_t abi;          /* word and lock sizes, wake backend */
	uint64_t hdr_size;
	uint64_t cap;          /* bytes per buffer */
	uint64_t seq;          /* published updates; atomic */
	uint64_t wseq;         /* the update being written; atomic */
	uint32_t wake;         /* low bits of seq, for futex waiters; atomic */
	uint32_t flags;        /* SHM_F_TORN; under the lock */
	struct shm_buf buf[2]; /* written by the update that fills the buffer */
	/* The rest changes only under the lock. */
	uint64_t stale_lo;     /* the next buffer differs from the current */
	uint64_t stale_hi;     /* ...only within [stale_lo, stale_hi) */
	uint64_t recoveries;
	uint64_t session_seq;  /* seq when the holder took the lock */
	uint64_t token;        /* the holder's session token */
	int64_t mtime_ns;
	int32_t holder;
	int32_t holder_kind;
	int32_t last_writer;
	int32_t reserved;
	pthread_mutex_t lock;
	pthread_cond_t cond;   /* used by the portable wake backend */
};

_Static_assert(sizeof(struct shm_hdr) <= SHM_HDR_SIZE, "header fits its page");

enum { SHM_HELD_NONE, SHM_HELD_SESSION, SHM_HELD_JOINED };

struct ipc_shm {
	int fd;
	int writable;
	int held;           /* SHM_HELD_* */
	uint64_t token;     /* the session token while held or joined */
	unsigned char *map;
	size_t maplen;
	uint64_t cap;       /* the capacity the mapping was checked for */
	int editing;        /* ipc_shm_edit handed out the next buffer */
	int wake_due;       /* published while holding the lock: wake after it */
	pid_t pid;          /* getpid() when this handle took the lock */
	char name[IPC_NAME_MAX + 1];
};

static inline struct shm_hdr *
shm_hdr(const struct ipc_shm *shm)
{
	return (struct shm_hdr *)shm->map;
}

static inline uint64_t
shm_load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void
shm_store(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* shm_map.c */
uint32_t ipc__shm_abi(void);
/* Remaps when the header's capacity moved (another process grew it). */
int ipc__shm_remap(struct ipc_shm *shm);
/* Buffer p of this mapping (cap bytes, inside maplen). */
unsigned char *ipc__shm_buf(const struct ipc_shm *shm, unsigned p);
/* Grows the object (never shrinks it) to capacity cap per buffer and remaps. */
int ipc__shm_enlarge(struct ipc_shm *shm, uint64_t cap);
/* Opens name for reading or writing; nowait: no grace for a segment being made. */
int ipc__shm_open(struct ipc_shm **out, const char *name, int flags, int nowait);

/* shm_lock.c */
/* pthread's answer (0, EOWNERDEAD, ETIMEDOUT...) to a lock until the deadline. */
int ipc__shm_timed_lock(pthread_mutex_t *m, const struct ipc__deadline *d);
/* Whether the lock session that token names still holds the lock. */
int ipc__shm_session_live(struct ipc_shm *shm, uint64_t token);
/* Takes the lock until deadline for kind; the positive flags of a recovery. */
int ipc__shm_acquire(struct ipc_shm *shm, const struct ipc__deadline *d, int kind);
void ipc__shm_release(struct ipc_shm *shm);
/* After EOWNERDEAD: records the recovery and makes the lock usable again. */
int ipc__shm_recover(struct ipc_shm *shm);

/* shm_data.c */
/* After a lock-free look at update s: 1 whole, 0 look again, -EBADMSG never settles. */
int ipc__shm_settled(struct ipc_shm *shm, uint64_t s, unsigned tries);
/* A buffer's size and length, checked: -EBADMSG when they do not fit cap. */
int ipc__shm_bufinfo(const struct ipc_shm *shm, unsigned p, uint64_t *size,
    uint64_t *length);

/* shm_wake_*.c: how waiters sleep until seq passes a value (one backend is built) */
extern const unsigned ipc__shm_wake_kind;
void ipc__shm_wake_init(struct shm_hdr *h);
/* After publishing: wakes every waiter. */
void ipc__shm_wake(struct ipc_shm *shm);
/* 0 once seq > since; -ETIMEDOUT at the deadline; -EINTR on a signal. */
int ipc__shm_sleep(struct ipc_shm *shm, uint64_t since, const struct ipc__deadline *d);

#endif
