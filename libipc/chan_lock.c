/* chan_lock.c: the senders' lock: a robust process-shared mutex, repaired when its holder dies. */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include "chan_impl.h"
#include "robust.h"

/*
 * Takes the senders' lock, waiting at most until d (NULL: as long as it
 * takes; the lock is only ever held for one record's copy, so as with a
 * pipe's own lock even a non-blocking send waits for it). A holder that
 * died leaves only what its own published stores say: records are
 * published by one store of tail; the sender count is rebuilt from the
 * slots. Returns 0 or -ETIMEDOUT.
 */
int
ipc__chan_lock(ipc_chan *ch, const struct ipc__deadline *d)
{
	pthread_mutex_t *m = &ch->h->lock;
	int r = ipc__robust_lock(m, d);
	if (r == EOWNERDEAD) {
		ipc__chan_recount(ch->h);
		ipc__event_wake(&ch->h->receiver.ev, ch->asym);
		r = pthread_mutex_consistent(m);
	}
	return -r;
}

void
ipc__chan_unlock(ipc_chan *ch)
{
	pthread_mutex_unlock(&ch->h->lock);
}
