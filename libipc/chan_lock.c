/* chan_lock.c: the senders' lock: a robust process-shared mutex, repaired when its holder dies. */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "chan_impl.h"

/* pthread_mutex_timedlock counts in CLOCK_REALTIME; our deadlines are
 * monotonic, so translate what is left. */
static int
timedlock(pthread_mutex_t *m, int left_ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t ns = ts.tv_nsec + (int64_t)(left_ms % 1000) * 1000000;
	ts.tv_sec += left_ms / 1000 + ns / 1000000000;
	ts.tv_nsec = (long)(ns % 1000000000);
	return pthread_mutex_timedlock(m, &ts);
}

/*
 * Takes the lock, waiting at most until d (NULL, forever or expired: wait as
 * long as it takes; the lock is only ever held for one record's copy, so as
 * with a pipe's own lock even a non-blocking call waits for it). A holder
 * that died leaves only what its own published stores say: records and pads
 * are published by one store of tail; the sender count is rebuilt from the
 * slots. Returns 0, or -ETIMEDOUT, or -errno.
 */
int
ipc__chan_lock(ipc_chan *ch, const struct ipc__deadline *d)
{
	pthread_mutex_t *m = &ch->h->lock;
	int left = d != NULL ? ipc__deadline_left_ms(d) : -1;
	int r = left > 0 ? timedlock(m, left) : pthread_mutex_lock(m);
	if (r == EOWNERDEAD) {
		ipc__chan_recount(ch->h);
		ipc__event_wake(&ch->h->receiver.ev);
		r = pthread_mutex_consistent(m);
	}
	return -r;
}

void
ipc__chan_unlock(ipc_chan *ch)
{
	pthread_mutex_unlock(&ch->h->lock);
}
