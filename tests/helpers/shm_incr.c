/* shm_incr.c: test command for `shmctl lock`: adds one to the decimal counter in a segment. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "ipc/shm.h"

/*
 * Run as `shmctl lock NAME -- shm_incr NAME`: it must write under the lock
 * it was lent ($IPC_SHM_LOCKED), so it refuses to run without one (exit 3)
 * rather than take the lock itself and hide a lock that protects nothing.
 */
int
main(int argc, char **argv)
{
	ipc_shm *shm = NULL;
	char buf[32];
	if (argc != 2 || ipc_shm_open(&shm, argv[1], IPC_SHM_RDWR) != 0)
		return 2;
	if (ipc_shm_join(shm, getenv(IPC_SHM_LOCKED_ENV)) != 0) {
		fprintf(stderr, "shm_incr: %s: not run under its lock\n", argv[1]);
		return 3;
	}
	ssize_t n = ipc_shm_read(shm, 0, buf, sizeof buf - 1, IPC_SHM_CONTENT, NULL);
	if (n < 0)
		return 4;
	buf[n] = '\0';
	int len = snprintf(buf, sizeof buf, "%lld", atoll(buf) + 1);
	int e = ipc_shm_write(shm, 0, buf, (size_t)len, IPC_SHM_TRUNC, 0);
	ipc_shm_close(shm);
	return e == 0 ? 0 : 5;
}
