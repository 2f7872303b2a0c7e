/* barrier_membarrier.c: the heavy barrier as membarrier(2)'s global expedited command (Linux 4.16 and later). */
#include <config.h>

#include <errno.h>
#include <linux/membarrier.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "barrier.h"

static long
membarrier(int cmd)
{
	return syscall(SYS_membarrier, cmd, 0, 0);
}

int
ipc__barrier_join(void)
{
	long cmds = membarrier(MEMBARRIER_CMD_QUERY);
	if (cmds < 0)
		return -errno;
	if (!(cmds & MEMBARRIER_CMD_GLOBAL_EXPEDITED) ||
	    !(cmds & MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED))
		return -ENOSYS;
	return membarrier(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED) < 0 ? -errno : 0;
}

/* With asym, a fence would not do: the other side has only a compiler
 * barrier. The command can fail only for want of memory (its cpumask),
 * so it is tried again until it passes. */
void
ipc__barrier_heavy(int asym)
{
	if (!asym) {
		atomic_thread_fence(memory_order_seq_cst);
		return;
	}
	while (membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) < 0)
		sched_yield();
}
