/* proc.h: is a process we recorded still alive and still the same process? */
#ifndef IPC_PROC_H
#define IPC_PROC_H

#include <stdint.h>
#include <sys/types.h>

/*
 * A pid alone is not an identity: pids are reused (pid_max is 32768 on many
 * systems). Where /proc exists we record the process's start time too; where
 * it does not, ipc__proc_start returns 0 and only the pid is compared.
 */

/* The start time of pid (clock ticks since boot), or 0 when unknown. */
uint64_t ipc__proc_start(pid_t pid);

/*
 * 1 when pid lives and (if start is nonzero) started at start; 0 when it is
 * gone, a zombie, or a different process under a reused pid.
 */
int ipc__proc_alive(pid_t pid, uint64_t start);

#endif
