/* shm_wake_cond.c: waiters sleep on the header's process-shared condition variable (portable). */
#include <config.h>

#include <errno.h>
#include <time.h>

#include "shm_int.h"

/*
 * The portable backend, for systems without futex(2). Known limit: with
 * glibc before 2.41 a waiter killed while it sleeps leaves the condition
 * variable stuck for the next broadcast; Linux builds use the futex backend.
 * A read-only handle cannot take the lock, and a handle that joined another
 * process's session must not, so those poll the sequence instead.
 */
const unsigned ipc__shm_wake_kind = 2;

/* The longest pause between two looks of a polling waiter. */
#define POLL_MAX_MS 32

void
ipc__shm_wake_init(struct shm_hdr *h)
{
	pthread_condattr_t a;
	/* Both calls only fail on a bad attribute object, which this is not. */
	pthread_condattr_init(&a);
	pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cond, &a);
	pthread_condattr_destroy(&a);
}

void
ipc__shm_wake(struct ipc_shm *shm)
{
	pthread_cond_broadcast(&shm_hdr(shm)->cond);
}

static int
pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	return nanosleep(&ts, NULL) < 0 ? -errno : 0;
}

static int
poll_seq(struct ipc_shm *shm, uint64_t since, const struct ipc__deadline *d)
{
	for (int pause = 1;; pause = pause < POLL_MAX_MS ? pause * 2 : POLL_MAX_MS) {
		if (shm_load(&shm_hdr(shm)->seq) > since)
			return 0;
		int left = ipc__deadline_left_ms(d);
		if (left == 0)
			return -ETIMEDOUT;
		int e = pause_ms(left > 0 && left < pause ? left : pause);
		if (e < 0)
			return e;
	}
}

static int
cond_wait(struct shm_hdr *h, const struct ipc__deadline *d)
{
	if (d->forever)
		return pthread_cond_wait(&h->cond, &h->lock);
	struct timespec ts = { (time_t)(d->end_ns / 1000000000), (long)(d->end_ns % 1000000000) };
	return pthread_cond_timedwait(&h->cond, &h->lock, &ts);
}

int
ipc__shm_sleep(struct ipc_shm *shm, uint64_t since, const struct ipc__deadline *d)
{
	if (!shm->writable || shm->held != SHM_HELD_NONE)
		return poll_seq(shm, since, d);
	struct shm_hdr *h = shm_hdr(shm);
	int r = ipc__shm_timed_lock(&h->lock, d);
	if (r != 0 && r != EOWNERDEAD)
		return -r;
	/* From here the lock is held: a wait that times out takes it back too. */
	for (;;) {
		if (r == EOWNERDEAD) {
			int e = ipc__shm_recover(shm);
			if (e < 0)
				return e;   /* recover let the lock go */
		} else if (r == ETIMEDOUT) {
			break;
		} else if (r != 0) {
			return -r;
		}
		if (shm_load(&h->seq) > since)
			break;
		r = cond_wait(h, d);
	}
	pthread_mutex_unlock(&h->lock);
	return shm_load(&h->seq) > since ? 0 : -ETIMEDOUT;
}
