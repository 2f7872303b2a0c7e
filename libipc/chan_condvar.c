/* chan_condvar.c: channel events on a robust process-shared mutex and condition variable (portable POSIX). */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "barrier.h"
#include "chan_event.h"
#include "robust.h"

/*
 * seq and asleep play the same parts as in the futex backend; the mutex and
 * condition only carry the sleep. Each event has a single waiter, its owner,
 * and is initialised afresh when a new owner takes the slot: glibc's
 * condition variables can hang a later signaller when a waiter is killed
 * inside pthread_cond_wait, so a condition is never shared with a waiter
 * that came after a dead one.
 */
struct cv_event {
	pthread_mutex_t m;
	pthread_cond_t c;
	_Atomic uint32_t seq;
	_Atomic uint32_t asleep;
};

_Static_assert(sizeof(struct cv_event) <= sizeof(((struct ipc__event *)0)->u.space),
    "struct ipc__event is too small for the condvar backend");

static struct cv_event *
cev(struct ipc__event *e)
{
	return (struct cv_event *)(void *)e->u.space;
}

uint32_t
ipc__event_backend(void)
{
	return 2;
}

int
ipc__event_init(struct ipc__event *e)
{
	struct cv_event *v = cev(e);
	pthread_condattr_t ca;
	int r = ipc__robust_init(&v->m);
	if (r < 0)
		return r;
	if ((r = pthread_condattr_init(&ca)) != 0)
		return -r;
	if ((r = pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED)) == 0 &&
	    (r = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC)) == 0)
		r = pthread_cond_init(&v->c, &ca);
	pthread_condattr_destroy(&ca);
	if (r != 0)
		return -r;
	atomic_store(&v->seq, 0);
	atomic_store(&v->asleep, 0);
	return 0;
}

/* A condition variable must not be signalled while a new owner
 * initialises it. */
int
ipc__event_unlocked_wake(void)
{
	return 0;
}

uint32_t
ipc__event_prepare(struct ipc__event *e, int asym)
{
	struct cv_event *v = cev(e);
	uint32_t key = atomic_load_explicit(&v->seq, memory_order_acquire);
	atomic_store_explicit(&v->asleep, 1, memory_order_relaxed);
	ipc__barrier_heavy(asym);
	return key;
}

/* A holder that died leaves nothing to repair: the mutex only guards the sleep. */
static void
lock_robust(pthread_mutex_t *m)
{
	if (ipc__robust_lock(m, NULL) == EOWNERDEAD)
		pthread_mutex_consistent(m);
}

/* Note: pthread_cond_timedwait does not return on a signal (EINTR is not
 * among its errors), so with this backend a wait ends only at a wake or the
 * deadline. */
int
ipc__event_wait(struct ipc__event *e, uint32_t key, const struct ipc__deadline *d)
{
	struct cv_event *v = cev(e);
	struct timespec ts = {
		.tv_sec = (time_t)(d->end_ns / 1000000000),
		.tv_nsec = (long)(d->end_ns % 1000000000),
	};
	int res = 0;
	lock_robust(&v->m);
	while (atomic_load(&v->seq) == key) {
		int r = d->forever ? pthread_cond_wait(&v->c, &v->m)
		    : pthread_cond_timedwait(&v->c, &v->m, &ts);
		if (r == EOWNERDEAD) {
			pthread_mutex_consistent(&v->m);
		} else if (r != 0) {
			res = -r;   /* ETIMEDOUT */
			break;
		}
	}
	pthread_mutex_unlock(&v->m);
	return res;
}

void
ipc__event_wake(struct ipc__event *e, int asym)
{
	struct cv_event *v = cev(e);
	ipc__barrier_light(asym);
	if (atomic_load_explicit(&v->asleep, memory_order_relaxed) == 0)
		return;
	if (atomic_exchange(&v->asleep, 0) == 0)
		return;
	lock_robust(&v->m);
	atomic_fetch_add(&v->seq, 1);
	pthread_cond_signal(&v->c);
	pthread_mutex_unlock(&v->m);
}
