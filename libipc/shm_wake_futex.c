/* shm_wake_futex.c: waiters sleep on the header's wake word with futex(2) (Linux). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "shm_int.h"

/*
 * Why not the condition variable: glibc before 2.41 leaves a process-shared
 * condition variable waiting forever in the next broadcast when a waiter is
 * killed while it sleeps (it keeps a reference the broadcaster waits to see
 * dropped), and `shmctl wait` is killed by Ctrl-C all the time. A futex word
 * keeps no waiter state in memory, so a dead waiter costs nothing; it also
 * works through a read-only mapping, so readers without write permission can
 * wait too.
 */
const unsigned ipc__shm_wake_kind = 1;

void
ipc__shm_wake_init(struct shm_hdr *h)
{
	(void)h;   /* the wake word starts at 0, like the sequence */
}

static long
futex(uint32_t *word, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, word, op, val, ts, NULL, FUTEX_BITSET_MATCH_ANY);
}

void
ipc__shm_wake(struct ipc_shm *shm)
{
	/* Read-only waiters cannot register, so every update wakes: one cheap
	 * system call when nobody sleeps. */
	futex(&shm_hdr(shm)->wake, FUTEX_WAKE, INT_MAX, NULL);
}

int
ipc__shm_sleep(struct ipc_shm *shm, uint64_t since, const struct ipc__deadline *d)
{
	struct shm_hdr *h = shm_hdr(shm);
	struct timespec ts = { (time_t)(d->end_ns / 1000000000), (long)(d->end_ns % 1000000000) };
	for (;;) {
		/* The word is read before the sequence: an update after this
		 * point changes the word, and the kernel then does not sleep. */
		uint32_t w = __atomic_load_n(&h->wake, __ATOMIC_ACQUIRE);
		if (shm_load(&h->seq) > since)
			return 0;
		if (ipc__deadline_left_ms(d) == 0)
			return -ETIMEDOUT;
		/* FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline. */
		if (futex(&h->wake, FUTEX_WAIT_BITSET, w, d->forever ? NULL : &ts) < 0 &&
		    errno != EAGAIN && errno != ETIMEDOUT)
			return -errno;
	}
}
