/* robust.c: robust process-shared mutexes: their making, and a lock that cannot miss its wake-up. */
#include <config.h>

#include <errno.h>
#include <time.h>

#include "robust.h"

int
ipc__robust_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int r = pthread_mutexattr_init(&a);
	if (r != 0)
		return -r;
	if ((r = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) == 0 &&
	    (r = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST)) == 0)
		r = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return -r;
}

/* pthread_mutex_timedlock counts in CLOCK_REALTIME; ours is monotonic. */
static int
lock_for(pthread_mutex_t *m, int ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t ns = ts.tv_nsec + (int64_t)(ms % 1000) * 1000000;
	ts.tv_sec += ms / 1000 + ns / 1000000000;
	ts.tv_nsec = (long)(ns % 1000000000);
	return pthread_mutex_timedlock(m, &ts);
}

int
ipc__robust_lock(pthread_mutex_t *m, const struct ipc__deadline *d)
{
	int r = pthread_mutex_trylock(m);
	while (r == EBUSY || r == ETIMEDOUT) {
		int left = d != NULL ? ipc__deadline_left_ms(d) : -1;
		if (left == 0)
			return ETIMEDOUT;
		r = lock_for(m, left < 0 || left > IPC_ROBUST_SLICE_MS ? IPC_ROBUST_SLICE_MS : left);
	}
	return r;
}
