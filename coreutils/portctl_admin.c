/* portctl_admin.c: portctl's verbs about ports themselves: create, grant, revoke, lookup, ls, rm, status. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ipc/core.h"
#include "ipc/port.h"
#include "portctl.h"

int
portctl_create(struct portctl *x)
{
	int st = portctl_need_names(x, 1, -1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	for (int i = 0; i < x->nargs; i++) {
		uint32_t port;
		int flags = IPC_PORT_CREATE | IPC_PORT_EXCL | (x->public ? IPC_PORT_PUBLIC : 0);
		int e = ipc_name_check(x->args[i]) < 0 ? -EINVAL
		    : ipc_port_open(x->c, x->args[i], flags, portctl_left(x), &port);
		if (e < 0)
			st = portctl_fail(x, x->args[i], e);
	}
	return st;
}

int
portctl_grant(struct portctl *x)
{
	int st = portctl_need_names(x, 1, 1);
	if (st)
		return st;
	if (x->rights == 0)
		return cli_usage_error(PORTCTL, "%s: say which rights: --send, --recv, --manage",
		    x->verb);
	if (x->who == 0)
		return cli_usage_error(PORTCTL, "%s: say to whom: --user USER or --group GROUP",
		    x->verb);
	if ((st = portctl_connect(x, 0)))
		return st;
	int revoke = strcmp(x->verb, "revoke") == 0;
	int e = (revoke ? ipc_port_revoke : ipc_port_grant)(x->c, x->args[0], x->rights,
	    x->who, x->id, portctl_left(x));
	return e < 0 ? portctl_fail(x, x->args[0], e) : CLI_OK;
}

int
portctl_lookup(struct portctl *x)
{
	int st = portctl_need_names(x, 1, 1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	uint32_t port;
	int e = portctl_look_up(x, x->args[0], &port);
	if (e < 0)
		return portctl_fail(x, x->args[0], e);
	if (x->json) {
		printf("{\"name\":");
		portctl_json_str(x->args[0], strlen(x->args[0]));
		printf(",\"id\":%u,\"received\":%s}\n", port, e ? "true" : "false");
	} else {
		printf("%s %u %s\n", x->args[0], port, e ? "received" : "waiting");
	}
	return CLI_OK;
}

static void
rights_text(int r, char *buf, size_t len, int json)
{
	const char *names[] = { "send", "recv", "manage" };
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (r & (1 << i))
			n += (size_t)snprintf(buf + n, len - n, json ? "%s\"%s\"" : "%s%s",
			    n ? "," : "", names[i]);
}

static void
ls_json(const struct ipc_port_info *l, size_t n, int all)
{
	char who[256], rights[64];
	printf("{\"ports\":[");
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		if (!all && l[i].name[0] == '\0')
			continue;
		printf("%s{\"name\":", first ? "" : ",");
		first = 0;
		portctl_json_str(l[i].name, strlen(l[i].name));
		printf(",\"id\":%u,\"owner\":%u,\"owner_name\":", l[i].id, (unsigned)l[i].owner);
		portctl_user_name(l[i].owner, who, sizeof who);
		portctl_json_str(who, strlen(who));
		printf(",\"public\":%s,\"receiver_pid\":%ld,\"messages\":%llu,\"bytes\":%llu,"
		    "\"grants\":[", l[i].flags & IPC_PORT_INFO_PUBLIC ? "true" : "false",
		    (long)l[i].receiver, l[i].msgs, l[i].bytes);
		for (unsigned k = 0; k < l[i].ngrants; k++) {
			int g = l[i].grants[k].who == IPC_PORT_GID;
			(g ? portctl_group_name : portctl_user_name)(l[i].grants[k].id, who, sizeof who);
			rights_text(l[i].grants[k].rights, rights, sizeof rights, 1);
			printf("%s{\"%s\":", k ? "," : "", g ? "group" : "user");
			portctl_json_str(who, strlen(who));
			printf(",\"id\":%u,\"rights\":[%s]}", l[i].grants[k].id, rights);
		}
		printf("]}");
	}
	printf("]}\n");
}

static void
ls_table(const struct ipc_port_info *l, size_t n, int all)
{
	char who[256], rights[64];
	printf("%-20s %6s %-10s %-8s %8s %8s %10s  %s\n", "NAME", "ID", "OWNER", "MODE",
	    "RECEIVER", "MSGS", "BYTES", "GRANTS");
	for (size_t i = 0; i < n; i++) {
		if (!all && l[i].name[0] == '\0')
			continue;
		char recv[32] = "-";
		if (l[i].receiver)
			snprintf(recv, sizeof recv, "%ld", (long)l[i].receiver);
		printf("%-20s %6u %-10s %-8s %8s %8llu %10llu  ", l[i].name[0] ? l[i].name
		    : "(anonymous)", l[i].id, portctl_user_name(l[i].owner, who, sizeof who),
		    l[i].flags & IPC_PORT_INFO_PUBLIC ? "public" : "private", recv,
		    l[i].msgs, l[i].bytes);
		for (unsigned k = 0; k < l[i].ngrants; k++) {
			int g = l[i].grants[k].who == IPC_PORT_GID;
			(g ? portctl_group_name : portctl_user_name)(l[i].grants[k].id, who, sizeof who);
			rights_text(l[i].grants[k].rights, rights, sizeof rights, 0);
			printf("%s%s:%s=%s", k ? " " : "", g ? "group" : "user", who, rights);
		}
		printf("%s\n", l[i].ngrants ? "" : "-");
	}
}

int
portctl_ls(struct portctl *x)
{
	if (x->nargs > 0)
		return cli_usage_error(PORTCTL, "ls: extra operand '%s'", x->args[0]);
	/* Listing starts no broker: none running means no ports. */
	int e = ipc_port_connect(&x->c, IPC_PORT_NOSTART | (x->system ? IPC_PORT_SYSTEM : 0),
	    2000);
	struct ipc_port_info *l = NULL;
	size_t n = 0;
	if (e == 0)
		e = ipc_port_list(x->c, &l, &n, portctl_left(x));
	else if (e == -ECONNREFUSED)
		e = 0;
	if (e < 0)
		return portctl_fail(x, "portd", e);
	(x->json ? ls_json : ls_table)(l, n, x->all);
	ipc_port_list_free(l);
	return CLI_OK;
}

int
portctl_rm(struct portctl *x)
{
	int st = portctl_need_names(x, 1, -1);
	if (st || (st = portctl_connect(x, 0)))
		return st;
	for (int i = 0; i < x->nargs; i++) {
		int e = ipc_port_remove(x->c, x->args[i], portctl_left(x));
		if (e < 0)
			st = portctl_fail(x, x->args[i], e);
	}
	return st;
}

int
portctl_status(struct portctl *x)
{
	if (x->nargs > 0)
		return cli_usage_error(PORTCTL, "status: extra operand '%s'", x->args[0]);
	int st = portctl_connect(x, IPC_PORT_NOSTART);
	if (st)
		return st;
	struct ipc_port_status s;
	int e = ipc_port_status(x->c, &s, portctl_left(x));
	if (e < 0)
		return portctl_fail(x, "portd", e);
	char dir[4096];
	if (ipc_port_dir(x->system ? IPC_PORT_SYSTEM : 0, dir, sizeof dir) < 0)
		dir[0] = '\0';
	if (x->json) {
		printf("{\"pid\":%ld,\"uid\":%u,\"mode\":\"%s\",\"socket\":", (long)s.pid,
		    (unsigned)s.uid, s.system ? "system" : "user");
		char sock[4200];
		snprintf(sock, sizeof sock, "%s/portd.sock", dir);
		portctl_json_str(sock, strlen(sock));
		printf(",\"clients\":%u,\"ports\":%u,\"queued_messages\":%llu,"
		    "\"queued_bytes\":%llu,\"uptime_ms\":%llu,\"max_frame\":%u}\n",
		    s.clients, s.ports, s.queued_msgs, s.queued_bytes, s.uptime_ms, s.max_frame);
		return CLI_OK;
	}
	printf("broker   pid %ld, uid %u, %s\n", (long)s.pid, (unsigned)s.uid,
	    s.system ? "system-wide" : "per-user");
	printf("socket   %s/portd.sock\n", dir);
	printf("clients  %u (this one included)\n", s.clients);
	printf("ports    %u\n", s.ports);
	printf("queued   %llu messages, %llu bytes\n", s.queued_msgs, s.queued_bytes);
	printf("uptime   %.1f s\n", (double)s.uptime_ms / 1000.0);
	return CLI_OK;
}
