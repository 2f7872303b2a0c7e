/* shm_wait.c: waiting until the sequence passes a value, through the built wake backend. */
#include <config.h>

#include <errno.h>

#include "shm_int.h"

int
ipc_shm_wait(ipc_shm *shm, uint64_t since, int timeout_ms, uint64_t *seq)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	int e = ipc__shm_sleep(shm, since, &d);
	if (seq != NULL)
		*seq = ipc_shm_seq(shm);
	return e;
}

ssize_t
ipc_shm_refresh(ipc_shm *shm, uint64_t since, void *buf, size_t len, int timeout_ms,
    uint64_t *seq)
{
	int e = ipc_shm_wait(shm, since, timeout_ms, NULL);
	if (e < 0)
		return e;
	return ipc_shm_read(shm, 0, buf, len, IPC_SHM_CONTENT, seq);
}
