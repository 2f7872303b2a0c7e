/* barrier_membarrier.c: the heavy barrier as membarrier(2)'s global expedited command (Linux 4.16 and later). */
#include <config.h>

#include <errno.h>
#include <linux/membarrier.h>
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

/* It cannot fail once join has succeeded in every party (the only errors
 * are an unknown command and a missing registration); if it did anyway,
 * the full fence keeps this side's half of the bargain, and every sleeper
 * looks again within its slice (CHAN_REAP_MS). */
void
ipc__barrier_heavy(int asym)
{
	if (!asym || membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) < 0)
		atomic_thread_fence(memory_order_seq_cst);
}
