/* complete_ipc.c: the names of IPC objects, for completion after the
 * utilities: queues, channels, shared-memory segments, ports.
 *
 * Queues and segments come from the library's listings (ipc_msgq_list,
 * ipc_shm_list). Channels and ports are found where libipc keeps them
 * until their listings (ipc_chan_list, ipc_port_list) land on main:
 * channels as /dev/shm/ipc-chan.NAME, ports as the service files portd
 * starts them from. This file is the one place to switch. */
#include <config.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <ipc/core.h>
#include <ipc/msgq.h>
#include <ipc/shm.h>

#include "complete.h"
#include "var.h"

static const char *const msgq_verbs[] = {
	"create", "ls", "recv", "rm", "send", "stat", NULL };
static const char *const chan_verbs[] = {
	"close", "create", "ls", "recv", "rm", "send", "stat", NULL };
static const char *const shmctl_verbs[] = {
	"create", "lock", "ls", "read", "resize", "rm", "stat", "wait", "write", NULL };
static const char *const portctl_verbs[] = {
	"call", "grant", "lookup", "ls", "recv", "revoke", "rm", "send", "serve", "stat", NULL };

static const struct {
	const char *util;
	const char *const *verbs;
} utils[] = {
	{ "chan", chan_verbs },
	{ "msgq", msgq_verbs },
	{ "portctl", portctl_verbs },
	{ "shmctl", shmctl_verbs },
};

static int
util_index(const char *util)
{
	const char *slash = strrchr(util, '/');
	if (slash)
		util = slash + 1;
	for (size_t i = 0; i < sizeof utils / sizeof utils[0]; i++)
		if (strcmp(utils[i].util, util) == 0)
			return (int)i;
	return -1;
}

const char *const *
complete_ipc_verbs(const char *util)
{
	int i = util_index(util);
	return i < 0 ? NULL : utils[i].verbs;
}

/* Entries of dir named prefix + NAME (NAME a valid object name); with
 * suffix, only those ending in it, which is then cut off. */
static void
each_entry(const char *dir, const char *prefix, const char *suffix,
    void (*add)(const char *name, void *arg), void *arg)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	size_t pl = strlen(prefix), sl = suffix ? strlen(suffix) : 0;
	struct dirent *e;
	char name[NAME_MAX + 1];
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, pl) != 0 || n < pl + sl ||
		    (sl && strcmp(e->d_name + n - sl, suffix) != 0))
			continue;
		memcpy(name, e->d_name + pl, n - pl - sl);
		name[n - pl - sl] = '\0';
		if (ipc_name_check(name) > 0)
			add(name, arg);
	}
	closedir(d);
}

struct adder {
	void (*add)(const char *name, void *arg);
	void *arg;
};

static int
add_queue(const char *name, void *arg)
{
	struct adder *a = arg;
	a->add(name, a->arg);
	return 0;
}

static int
add_segment(const char *name, const struct ipc_shm_stat *st, void *arg)
{
	(void)st;
	return add_queue(name, arg);
}

static void
services(void (*add)(const char *name, void *arg), void *arg)
{
	char dir[PATH_MAX];
	const char *xdg = var_get("XDG_CONFIG_HOME"), *home = var_get("HOME");
	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%s/ipc/services", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.config/ipc/services", home);
	else
		return;
	each_entry(dir, "", ".service", add, arg);
}

void
complete_ipc_names(const char *util, void (*add)(const char *name, void *arg), void *arg)
{
	struct adder a = { add, arg };
	switch (util_index(util)) {
	case 0:
		each_entry("/dev/shm", "ipc-chan.", NULL, add, arg);
		break;
	case 1:
		ipc_msgq_list(add_queue, &a);
		break;
	case 2:
		services(add, arg);
		break;
	case 3:
		ipc_shm_list(add_segment, &a);
		break;
	}
}
