/* ipc/core.h: what every libipc mechanism shares: errors, names, the runtime directory. */
#ifndef IPC_CORE_H
#define IPC_CORE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * Every function returns 0 (or a count) on success and -errno on failure.
 * Every blocking call takes timeout_ms: -1 waits forever, 0 polls, > 0 waits
 * at most that many milliseconds and then fails with -ETIMEDOUT.
 */
#define IPC_FOREVER (-1)

/* The longest object name, without its optional leading '/'. */
#define IPC_NAME_MAX 200

/* Text for an error code; takes -errno or errno. Never NULL, never freed. */
const char *ipc_strerror(int err);

/*
 * Validates a user-chosen object name ("jobs" or "/jobs"): 1 to IPC_NAME_MAX
 * characters from [A-Za-z0-9._-], not starting with '.' or '-'. Returns the
 * length of the name without its leading '/', or -EINVAL.
 */
int ipc_name_check(const char *name);

/* The name without its optional leading '/'; call after ipc_name_check. */
const char *ipc_name_bare(const char *name);

/*
 * The per-user runtime directory: $IPC_RUNTIME_DIR, else $XDG_RUNTIME_DIR/ipc,
 * else /tmp/ipc-$UID. Created 0700 when missing. Refused with -EPERM when it is
 * owned by another user or writable by group or others, -ENOTDIR when it is not
 * a directory, -ELOOP when it is a symbolic link. Writes the path into buf
 * (NUL-terminated) and returns its length; -ENAMETOOLONG when it does not fit.
 */
int ipc_runtime_dir(char *buf, size_t len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
