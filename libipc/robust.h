/* robust.h: robust process-shared mutexes: made once, taken in slices so a lost wake-up cannot hang us. */
#ifndef IPC_ROBUST_H
#define IPC_ROBUST_H

#include <pthread.h>

#include "sys.h"

/* How long one sleep on a robust mutex may last before we look again. */
#define IPC_ROBUST_SLICE_MS 100

/* Initialises a process-shared robust mutex; 0 or -errno. */
int ipc__robust_init(pthread_mutex_t *m);

/*
 * Takes m, waiting at most until d (NULL: as long as it takes). Never
 * sleeps longer than a slice at a time: a process killed after the unlock
 * woke it, but before it took the lock, consumes the one wake-up; if
 * another process took the lock meanwhile without queueing, the kernel's
 * robust-list cleanup sees an owner and wakes nobody else, and a waiter
 * would sleep forever on a free lock. Returns 0, EOWNERDEAD (held; the
 * caller repairs and calls pthread_mutex_consistent) or ETIMEDOUT.
 */
int ipc__robust_lock(pthread_mutex_t *m, const struct ipc__deadline *d);

#endif
