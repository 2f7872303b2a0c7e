/* rundir.c: unit tests of the runtime directory: choice, creation, hostile cases. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/core.h"
#include "tap.h"

static char dir[256];

static void
test_choice(void)
{
	char buf[512], want[512];
	struct stat st;

	snprintf(want, sizeof want, "%s/rt", dir);
	setenv("IPC_RUNTIME_DIR", want, 1);
	is(ipc_runtime_dir(buf, sizeof buf), (long long)strlen(want), "IPC_RUNTIME_DIR is used");
	is_str(buf, want, "and returned");
	ok(stat(want, &st) == 0 && (st.st_mode & 07777) == 0700, "created 0700");

	mode_t old = umask(0777);
	snprintf(want, sizeof want, "%s/rt-umask", dir);
	setenv("IPC_RUNTIME_DIR", want, 1);
	ipc_runtime_dir(buf, sizeof buf);
	umask(old);
	ok(stat(want, &st) == 0 && (st.st_mode & 07777) == 0700, "0700 whatever the umask");

	unsetenv("IPC_RUNTIME_DIR");
	setenv("XDG_RUNTIME_DIR", dir, 1);
	snprintf(want, sizeof want, "%s/ipc", dir);
	ipc_runtime_dir(buf, sizeof buf);
	is_str(buf, want, "XDG_RUNTIME_DIR/ipc next");

	setenv("XDG_RUNTIME_DIR", "relative", 1);
	snprintf(want, sizeof want, "/tmp/ipc-%lu", (unsigned long)geteuid());
	int r = ipc_runtime_dir(buf, sizeof buf);
	ok(r > 0 || r == -EPERM, "a relative XDG_RUNTIME_DIR is ignored");
	is_str(buf, want, "then /tmp/ipc-UID");
	unsetenv("XDG_RUNTIME_DIR");

	setenv("IPC_RUNTIME_DIR", "relative/dir", 1);
	is(ipc_runtime_dir(buf, sizeof buf), -EINVAL, "a relative IPC_RUNTIME_DIR is refused");
	setenv("IPC_RUNTIME_DIR", want, 1);
	is(ipc_runtime_dir(buf, 4), -ENAMETOOLONG, "a short buffer is refused");
}

static void
expect(const char *path, int err, const char *what)
{
	char buf[512];
	setenv("IPC_RUNTIME_DIR", path, 1);
	is(ipc_runtime_dir(buf, sizeof buf), err, "%s", what);
}

static void
test_hostile(void)
{
	char p[512], q[512];

	snprintf(p, sizeof p, "%s/wide", dir);
	mkdir(p, 0700);
	chmod(p, 0777);
	expect(p, -EPERM, "a world-writable directory is refused");
	chmod(p, 0770);
	expect(p, -EPERM, "a group-writable directory is refused");

	snprintf(p, sizeof p, "%s/file", dir);
	fclose(fopen(p, "w"));
	expect(p, -ENOTDIR, "a regular file is refused");

	snprintf(q, sizeof q, "%s/rt", dir);
	snprintf(p, sizeof p, "%s/link", dir);
	symlink(q, p);
	expect(p, -ELOOP, "a symbolic link is refused, even to a good directory");

	snprintf(p, sizeof p, "%s/missing/parent", dir);
	expect(p, -ENOENT, "a missing parent is an error, not created");

	if (geteuid() == 0) {
		snprintf(p, sizeof p, "%s/theirs", dir);
		mkdir(p, 0700);
		ok(chown(p, 65534, 65534) == 0, "chown to nobody");
		expect(p, -EPERM, "a directory owned by another user is refused");
	} else {
		expect("/", -EPERM, "a directory owned by another user is refused");
		tap_skip(1, "not root");
	}
}

int
main(void)
{
	snprintf(dir, sizeof dir, "%s", tap_tmpdir());
	test_choice();
	test_hostile();
	return tap_done();
}
