/* barrier.h: ordering between processes that share memory when one side runs hot and the other rarely. */
#ifndef IPC_BARRIER_H
#define IPC_BARRIER_H

#include <stdatomic.h>

/*
 * The handshake "I store X then load Y; you store Y then load X; one of us
 * must see the other's store" needs a full barrier between the store and
 * the load on both sides. On x86 that barrier waits until the stores before
 * it reach the cache, and when the other process keeps reading those lines
 * (a receiver right behind a sender) that wait is a cross-core transfer per
 * message: a sender with one barrier per message moved a third as many
 * 64-byte messages as one without.
 *
 * So the two sides split the cost. The hot side (a sender publishing, an
 * owner entering its critical section) uses ipc__barrier_light; the rare
 * side (a party about to sleep, a sender taking over the lock) uses
 * ipc__barrier_heavy. Where membarrier(2) is available, and every process
 * that takes part has joined, light is only a compiler barrier and heavy
 * makes every running thread of those processes execute a full barrier
 * (membarrier's global expedited command). Otherwise both are full fences.
 * `asym` says which protocol an object uses; all its parties must agree.
 */

/* Registers this process for heavy barriers: 0, or -errno (-ENOSYS where
 * membarrier is missing or refused). Idempotent and cheap to repeat. */
int ipc__barrier_join(void);

/* The rare side's barrier. */
void ipc__barrier_heavy(int asym);

/* The hot side's barrier. */
static inline void
ipc__barrier_light(int asym)
{
	if (asym)
		atomic_signal_fence(memory_order_seq_cst);
	else
		atomic_thread_fence(memory_order_seq_cst);
}

#endif
