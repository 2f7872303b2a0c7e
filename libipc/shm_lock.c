/* shm_lock.c: the segment's robust lock: sessions, recovery of dead holders, lending. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shm_int.h"

static int32_t
load32(const int32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static struct timespec
mono_abs(const struct ipc__deadline *d)
{
	struct timespec ts = { (time_t)(d->end_ns / 1000000000), (long)(d->end_ns % 1000000000) };
	return ts;
}

#ifdef HAVE_PTHREAD_MUTEX_CLOCKLOCK
static int
lock_until(pthread_mutex_t *m, const struct ipc__deadline *d)
{
	struct timespec ts = mono_abs(d);
	return pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &ts);
}
#else
/* POSIX's timed lock counts on the realtime clock: convert the deadline. */
static int
lock_until(pthread_mutex_t *m, const struct ipc__deadline *d)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	int64_t end = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec +
	    (d->end_ns - ipc__now_ns());
	struct timespec ts = { (time_t)(end / 1000000000), (long)(end % 1000000000) };
	return pthread_mutex_timedlock(m, &ts);
}
#endif

/* pthread's answer (0, EOWNERDEAD, ETIMEDOUT, ...) for a lock until the deadline. */
int
ipc__shm_timed_lock(pthread_mutex_t *m, const struct ipc__deadline *d)
{
	if (d->forever)
		return pthread_mutex_lock(m);
	if (ipc__deadline_left_ms(d) == 0) {
		int r = pthread_mutex_trylock(m);
		return r == EBUSY ? ETIMEDOUT : r;
	}
	return lock_until(m, d);
}

int
ipc__shm_recover(struct ipc_shm *shm)
{
	struct shm_hdr *h = shm_hdr(shm);
	/* A session that published part of its updates left the content between
	 * two states; a single update never does (its buffer was not current). */
	int torn = h->holder_kind == SHM_HOLD_SESSION &&
	    shm_load(&h->seq) != h->session_seq;
	h->recoveries++;
	if (torn)
		h->flags |= SHM_F_TORN;
	h->holder_kind = SHM_HOLD_NONE;
	h->holder = 0;
	int e = pthread_mutex_consistent(&h->lock);
	if (e != 0) {
		pthread_mutex_unlock(&h->lock);
		return -e;
	}
	return IPC_SHM_RECOVERED | (torn ? IPC_SHM_TORN : 0);
}

int
ipc__shm_acquire(struct ipc_shm *shm, const struct ipc__deadline *d, int kind)
{
	if (!shm->writable)
		return -EBADF;
	int flags = 0;
	int r = ipc__shm_timed_lock(&shm_hdr(shm)->lock, d);
	if (r == EOWNERDEAD) {
		flags = ipc__shm_recover(shm);
		if (flags < 0)
			return flags;
		r = 0;
	}
	if (r != 0)
		return -r;
	int e = ipc__shm_remap(shm);
	if (e < 0) {
		pthread_mutex_unlock(&shm_hdr(shm)->lock);
		return e;
	}
	struct shm_hdr *h = shm_hdr(shm);
	shm->pid = getpid();
	h->holder = (int32_t)shm->pid;
	h->session_seq = shm_load(&h->seq);
	if (kind == SHM_HOLD_SESSION)
		h->token++;
	/* Last: a recoverer reads the kind to judge what the holder did. */
	__atomic_store_n(&h->holder_kind, kind, __ATOMIC_RELEASE);
	return flags;
}

void
ipc__shm_release(struct ipc_shm *shm)
{
	struct shm_hdr *h = shm_hdr(shm);
	__atomic_store_n(&h->holder_kind, SHM_HOLD_NONE, __ATOMIC_RELEASE);
	h->holder = 0;
	shm->held = SHM_HELD_NONE;
	shm->editing = 0;   /* unpublished edits die with the session */
	shm->pid = 0;
	pthread_mutex_unlock(&h->lock);
	/* Waking after the unlock: a woken reader that writes back at once
	 * finds the lock free instead of sleeping on it again. */
	if (shm->wake_due) {
		shm->wake_due = 0;
		ipc__shm_wake(shm);
	}
}

int
ipc_shm_lock(ipc_shm *shm, int timeout_ms)
{
	if (shm->held != SHM_HELD_NONE)
		return -EDEADLK;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	int r = ipc__shm_acquire(shm, &d, SHM_HOLD_SESSION);
	if (r < 0)
		return r;
	shm->held = SHM_HELD_SESSION;
	shm->token = shm_hdr(shm)->token;
	return r;
}

int
ipc_shm_unlock(ipc_shm *shm)
{
	switch (shm->held) {
	case SHM_HELD_SESSION:
		ipc__shm_release(shm);
		return 0;
	case SHM_HELD_JOINED:
		shm->held = SHM_HELD_NONE;
		shm->editing = 0;
		return 0;
	default:
		return -EPERM;
	}
}

int
ipc_shm_ticket(ipc_shm *shm, char *buf, size_t len)
{
	if (shm->held == SHM_HELD_NONE)
		return -EPERM;
	int n = snprintf(buf, len, "%s=%llx", shm->name, (unsigned long long)shm->token);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return n;
}

/* Whether the session that token names still holds the lock. */
int
ipc__shm_session_live(struct ipc_shm *shm, uint64_t token)
{
	struct shm_hdr *h = shm_hdr(shm);
	if (load32(&h->holder_kind) != SHM_HOLD_SESSION ||
	    __atomic_load_n(&h->token, __ATOMIC_ACQUIRE) != token)
		return 0;
	pid_t holder = load32(&h->holder);
	return holder > 0 && (kill(holder, 0) == 0 || errno == EPERM);
}

/* The token of this segment's ticket in a ':'-separated list; 0 if none. */
static int
find_ticket(const char *list, const char *name, uint64_t *token)
{
	size_t nlen = strlen(name);
	for (const char *p = list; p != NULL && *p != '\0';) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nlen + 1 && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			char hex[24];
			size_t hl = len - nlen - 1;
			char *stop;
			if (hl < sizeof hex) {
				memcpy(hex, p + nlen + 1, hl);
				hex[hl] = '\0';
				*token = strtoull(hex, &stop, 16);
				if (*stop == '\0')
					return 1;
			}
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

int
ipc_shm_join(ipc_shm *shm, const char *tickets)
{
	if (!shm->writable)
		return -EBADF;
	if (shm->held != SHM_HELD_NONE)
		return -EDEADLK;
	uint64_t token;
	if (tickets == NULL || !find_ticket(tickets, shm->name, &token) ||
	    !ipc__shm_session_live(shm, token))
		return -ESRCH;
	shm->held = SHM_HELD_JOINED;
	shm->token = token;
	return 0;
}

int
ipc_shm_mark_clean(ipc_shm *shm)
{
	if (shm->held == SHM_HELD_NONE)
		return -EPERM;
	shm_hdr(shm)->flags &= ~SHM_F_TORN;
	return 0;
}
