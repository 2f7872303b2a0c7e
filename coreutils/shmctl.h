/* shmctl.h: what the files of the shmctl utility share (not installed). */
#ifndef IPC_SHMCTL_H
#define IPC_SHMCTL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cli.h"
#include "ipc/shm.h"

#define SHMCTL "shmctl"

/* Everything one call parsed from its command line. */
struct shmctl_args {
	mode_t mode;
	size_t offset, length;
	int has_offset, has_length, has_since;
	uint64_t since;
	const char **data;   /* --data values, in order */
	int ndata;
	enum cli_split split;
	int timeout_ms;      /* -1: forever */
	int json;
	const char **ops;    /* operands (for lock: NAME only) */
	int nops;
	char **cmd;          /* lock: the command and its arguments */
};

/* shmctl_lock.c: `shmctl lock NAME -- CMD...` */
int shmctl_lock(const struct shmctl_args *a);

/* shmctl_show.c: `stat` and `ls` in a table or JSON */
int shmctl_stat(const struct shmctl_args *a);
int shmctl_ls(const struct shmctl_args *a);

/* shmctl.c: shared by the verbs */
/* Reports err for object name; the status of the exit-status table. */
int shmctl_fail(const char *name, int err);
/* Tells the caller of a call that recovered the lock what it found. */
void shmctl_recovered(const char *name, int flags);
/*
 * Calls op(shm, arg, slice_ms) in slices of at most a fifth of a second until
 * it stops timing out or the timeout ends, asking cli_pending_signal between
 * slices: a lock wait cannot be interrupted by a signal, but the shell's
 * Ctrl-C must still stop it. Returns op's result, -ETIMEDOUT, or -EINTR with
 * *sig set.
 */
int shmctl_sliced(ipc_shm *shm, int (*op)(ipc_shm *, void *, int), void *arg,
    int timeout_ms, int *sig);

#endif
