/* barrier_fence.c: the heavy barrier where membarrier(2) is missing: a full fence, and no process joins. */
#include <config.h>

#include <errno.h>

#include "barrier.h"

int
ipc__barrier_join(void)
{
	return -ENOSYS;
}

void
ipc__barrier_heavy(int asym)
{
	(void)asym;
	atomic_thread_fence(memory_order_seq_cst);
}
