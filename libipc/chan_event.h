/* chan_event.h: how one channel party sleeps until another changes what it waits for. */
#ifndef IPC_CHAN_EVENT_H
#define IPC_CHAN_EVENT_H

#include <stdint.h>

#include "sys.h"

/*
 * An event belongs to one party (the receiver, or one sender slot) and lives
 * in the channel's shared memory. Only its owner waits on it; anyone wakes
 * it. The protocol, the same for every backend:
 *
 *   owner:  key = ipc__event_prepare(e);  check the condition;
 *           if still false: ipc__event_wait(e, key, deadline);
 *   waker:  change the shared state;  ipc__event_wake(e);
 *
 * prepare and wake each hold a barrier between their store and their load
 * (barrier.h: heavy in prepare, light in wake), so either the owner's check
 * sees the change or the waker sees that the owner may sleep and wakes it.
 * A wake with nobody asleep costs a barrier and a load: no system call.
 * `asym` is the channel's barrier protocol. Two backends, chosen by configure:
 * chan_futex.c (Linux futex) and chan_condvar.c (robust process-shared mutex
 * and condition variable). The storage is opaque here so that the channel
 * layout does not depend on which one is compiled in.
 */
struct ipc__event {
	union {
		uint64_t align;
		unsigned char space[112];
	} u;
};

/* Which backend laid the channel out (part of its layout version): a
 * channel made by one backend cannot be driven by the other. */
uint32_t ipc__event_backend(void);

/*
 * Makes e ready for a new owner. Only while no one else can touch e: at
 * creation, or under the channel lock when a party takes over a slot (every
 * waker calls ipc__event_wake under that lock too).
 */
int ipc__event_init(struct ipc__event *e);

/* Announces that the owner may sleep; returns the key for ipc__event_wait. */
uint32_t ipc__event_prepare(struct ipc__event *e, int asym);

/*
 * Sleeps until a wake after the prepare that returned key, or the deadline:
 * 0 (woken, or maybe spuriously), -ETIMEDOUT or -EINTR.
 */
int ipc__event_wait(struct ipc__event *e, uint32_t key, const struct ipc__deadline *d);

/* Wakes the owner if it announced it may sleep. Only the futex backend
 * may be woken without the channel lock (ipc__event_unlocked_wake). */
void ipc__event_wake(struct ipc__event *e, int asym);

/* 1 if ipc__event_wake may race with ipc__event_init of the same event
 * (a new owner taking the slot): true of a futex word, not of a condition
 * variable. The lock-free send path needs it. */
int ipc__event_unlocked_wake(void);

#endif
