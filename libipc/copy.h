/* copy.h: the byte-copy backends behind ipc_pipe_copy (splice, read/write). */
#ifndef IPC_COPY_H
#define IPC_COPY_H

#include <stddef.h>
#include <sys/types.h>

#include "sys.h"

/*
 * Both move up to len bytes from in to out before the deadline, with the
 * contract of ipc_pipe_copy. The read/write one works on any descriptors and
 * is always built (and tested on its own); the splice one moves pages inside
 * the kernel and falls back to read/write when neither end is a pipe.
 */
ssize_t ipc__copy_rw(int in, int out, size_t len, const struct ipc__deadline *d);
ssize_t ipc__copy_splice(int in, int out, size_t len, const struct ipc__deadline *d);

/* The copy ipc_pipe_copy uses: the kernel's when configure found splice. */
#if HAVE_SPLICE
#define ipc__copy ipc__copy_splice
#else
#define ipc__copy ipc__copy_rw
#endif

/* Waits until in is readable and out writable, or the deadline: 0 or -errno. */
int ipc__copy_wait(int in, int out, const struct ipc__deadline *d);

#endif
