/* rundir.c: find, create and vet the per-user runtime directory. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/core.h"
#include "sys.h"

/* Writes the chosen path into buf. Relative XDG_RUNTIME_DIR values are
 * ignored as the XDG spec asks; a relative IPC_RUNTIME_DIR is an error. */
static int
rundir_path(char *buf, size_t len)
{
	const char *env = getenv("IPC_RUNTIME_DIR");
	int n;

	if (env != NULL && *env != '\0') {
		if (env[0] != '/')
			return -EINVAL;
		n = snprintf(buf, len, "%s", env);
	} else if ((env = getenv("XDG_RUNTIME_DIR")) != NULL && env[0] == '/') {
		n = snprintf(buf, len, "%s/ipc", env);
	} else {
		n = snprintf(buf, len, "/tmp/ipc-%lu", (unsigned long)geteuid());
	}
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	return n;
}

/* The directory must be ours and closed to others: anything else could
 * let another user plant sockets or key files we would then trust. */
static int
rundir_vet(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (st.st_uid != geteuid() || (st.st_mode & 022) != 0)
		return -EPERM;
	return 0;
}

int
ipc_runtime_dir(char *buf, size_t len)
{
	int n = rundir_path(buf, len);
	if (n < 0)
		return n;
	if (mkdir(buf, 0700) == 0) {
		/* mkdir is subject to the umask; the mode must be exactly 0700. */
		if (chmod(buf, 0700) < 0)
			return -errno;
	} else if (errno != EEXIST) {
		return -errno;
	}
	int r = rundir_vet(buf);
	return r < 0 ? r : n;
}
