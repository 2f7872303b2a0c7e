/* msgq_fixture.c: a private runtime directory for the msgq tests and removal of their queues. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/msgq.h"
#include "msgq_fixture.h"
#include "tap.h"

/* Test programs are single processes run once: plain statics are fine here. */
static char rt[512];
static char tracked[64][64];
static int ntracked;
static pid_t owner;

static int
unlink_one(const char *name, void *arg)
{
	(void)arg;
	ipc_msgq_unlink(name);
	return 0;
}

void
fixture_cleanup(void)
{
	/* Forked children run atexit too: only the parent cleans up. */
	if (getpid() != owner)
		return;
	setenv("IPC_RUNTIME_DIR", rt, 1);
	ipc_msgq_list(unlink_one, NULL);
	for (int i = 0; i < ntracked; i++)
		ipc_msgq_unlink(tracked[i]);
	ntracked = 0;
}

void
fixture_init(void)
{
	snprintf(rt, sizeof rt, "%s/rt", tap_tmpdir());
	setenv("IPC_RUNTIME_DIR", rt, 1);
	owner = getpid();
	atexit(fixture_cleanup);
}

void
fixture_track(const char *name)
{
	if (ntracked < 64)
		snprintf(tracked[ntracked++], sizeof tracked[0], "%s", name);
}

int
fixture_mode_exists(unsigned mode)
{
	FILE *f = fopen("/proc/sysvipc/msg", "r");
	if (f == NULL)
		return 0;
	char line[512];
	int found = 0;
	unsigned key, perms;
	int id;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "%u %d %o", &key, &id, &perms) == 3 && (perms & 0777) == mode)
			found = 1;
	fclose(f);
	return found;
}

int
fixture_has_sys_resource(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL)
		return geteuid() == 0;
	char line[256];
	unsigned long long eff = 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return (eff >> 24) & 1;   /* CAP_SYS_RESOURCE is capability 24 */
}

const char *
fixture_keyfile(const char *name)
{
	static char path[768];
	snprintf(path, sizeof path, "%s/msgq/%s", rt, name[0] == '/' ? name + 1 : name);
	return path;
}
