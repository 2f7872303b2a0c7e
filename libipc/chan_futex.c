/* chan_futex.c: channel events on a Linux futex; the kernel is entered only to sleep or to wake a sleeper. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "barrier.h"
#include "chan_event.h"

struct futex_event {
	_Atomic uint32_t seq;     /* the futex word: bumped by each wake that finds a sleeper */
	_Atomic uint32_t asleep;  /* the owner announced it may sleep */
};

_Static_assert(sizeof(struct futex_event) <= sizeof(((struct ipc__event *)0)->u.space),
    "struct ipc__event is too small for the futex backend");

static struct futex_event *
fev(struct ipc__event *e)
{
	return (struct futex_event *)(void *)e->u.space;
}

uint32_t
ipc__event_backend(void)
{
	return 1;
}

int
ipc__event_init(struct ipc__event *e)
{
	atomic_store(&fev(e)->seq, 0);
	atomic_store(&fev(e)->asleep, 0);
	return 0;
}

int
ipc__event_unlocked_wake(void)
{
	return 1;
}

uint32_t
ipc__event_prepare(struct ipc__event *e, int asym)
{
	struct futex_event *f = fev(e);
	uint32_t key = atomic_load_explicit(&f->seq, memory_order_acquire);
	atomic_store_explicit(&f->asleep, 1, memory_order_relaxed);
	ipc__barrier_heavy(asym);
	return key;
}

/* Not FUTEX_PRIVATE_FLAG: the word is shared between processes. The
 * bitset form takes an absolute CLOCK_MONOTONIC deadline, which keeps a
 * restarted wait from stretching the caller's timeout. */
int
ipc__event_wait(struct ipc__event *e, uint32_t key, const struct ipc__deadline *d)
{
	struct timespec ts, *tp = NULL;
	if (!d->forever) {
		ts.tv_sec = (time_t)(d->end_ns / 1000000000);
		ts.tv_nsec = (long)(d->end_ns % 1000000000);
		tp = &ts;
	}
	long r = syscall(SYS_futex, &fev(e)->seq, FUTEX_WAIT_BITSET, key, tp,
	    NULL, FUTEX_BITSET_MATCH_ANY);
	if (r == 0 || errno == EAGAIN)
		return 0;
	return -errno;   /* ETIMEDOUT, EINTR */
}

void
ipc__event_wake(struct ipc__event *e, int asym)
{
	struct futex_event *f = fev(e);
	ipc__barrier_light(asym);
	if (atomic_load_explicit(&f->asleep, memory_order_relaxed) == 0)
		return;
	/* One waker per sleep: the others see the flag already cleared and
	 * skip the system call. */
	if (atomic_exchange(&f->asleep, 0) == 0)
		return;
	atomic_fetch_add(&f->seq, 1);
	syscall(SYS_futex, &f->seq, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}
