/* port_req.c: requests to portd that wait for their answer: ports, names, rights, status. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc/core.h"
#include "port_conn.h"

/* "name", "/name" or "name@node": checked here so a bad name is the
 * caller's error, not a broker round trip. */
static int
wire_name(const char *name, char *out)
{
	if (name == NULL)
		return -EINVAL;
	const char *bare = ipc_name_bare(name);
	size_t n = strlen(bare);
	if (n > IPC__WIRE_NAME_MAX)
		return -EINVAL;
	memcpy(out, bare, n + 1);
	struct ipc__frame f = { .payload = (const uint8_t *)out, .len = (uint32_t)n };
	char check[IPC__WIRE_NAME_MAX + 1];
	int r = ipc__wire_name(&f, check);
	return r <= 0 ? -EINVAL : r;
}

/* A name on this node, or none (NULL: "", 0): what open, close and grant
 * take, since only a lookup or a message reaches "name@node". */
static int
local_name(const char *name, char *out)
{
	int n = 0;
	*out = '\0';
	if (name != NULL && ((n = wire_name(name, out)) < 0 || strchr(out, '@')))
		return -EINVAL;
	return n;
}

/* One request and its reply in c->reply, all within timeout_ms. */
static int
request(ipc_port_conn *c, struct ipc__frame *f, const void *payload,
    uint32_t len, int timeout_ms)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	return ipc__port_request(c, f, payload, len, &d);
}

/* Open and lookup: a name goes, an OpenedPort comes back with the port. */
static int
request_port(ipc_port_conn *c, struct ipc__frame *f, const char *wn, int n,
    int timeout_ms, uint32_t *port)
{
	int e = request(c, f, wn, (uint32_t)n, timeout_ms);
	if (e < 0)
		return e;
	if (c->reply.kind != IPC__K_OPENED_PORT)
		return -EPROTO;
	*port = c->reply.src;
	return 0;
}

int
ipc_port_open(ipc_port_conn *c, const char *name, int flags, int timeout_ms,
    uint32_t *port)
{
	char wn[IPC__WIRE_NAME_MAX + 1];
	int n = local_name(name, wn);
	if (n < 0)
		return n;
	struct ipc__frame f = { .kind = IPC__K_OPEN_PORT,
	    .flags = (uint16_t)((flags & IPC_PORT_CREATE ? IPC__F_CREATE : 0) |
	    (flags & IPC_PORT_EXCL ? IPC__F_EXCL : 0) |
	    (flags & IPC_PORT_RECV || name == NULL ? IPC__F_RECV : 0) |
	    (flags & IPC_PORT_PUBLIC ? IPC__F_PUBLIC : 0)) };
	int e = request_port(c, &f, wn, n, timeout_ms, port);
	if (e == 0)
		ipc__port_unclose(c, *port);
	return e;
}

int
ipc_port_lookup(ipc_port_conn *c, const char *name, int flags, int timeout_ms,
    uint32_t *port)
{
	char wn[IPC__WIRE_NAME_MAX + 1];
	int n = wire_name(name, wn);
	if (n < 0)
		return n;
	struct ipc__frame f = { .kind = IPC__K_LOOKUP,
	    .flags = flags & IPC_PORT_NOSTART ? IPC__F_NOSTART : 0,
	    .type = timeout_ms < 0 ? 0 : (uint32_t)timeout_ms };
	int e = request_port(c, &f, wn, n, timeout_ms, port);
	return e < 0 ? e : (c->reply.flags & IPC__F_HASRECV) != 0;
}

static int
close_port(ipc_port_conn *c, uint32_t port, const char *name, uint16_t flags,
    int timeout_ms)
{
	char wn[IPC__WIRE_NAME_MAX + 1];
	int n = local_name(name, wn);
	if (n < 0)
		return n;
	struct ipc__frame f = { .kind = IPC__K_CLOSE_PORT, .dst = port, .flags = flags };
	/* What was received goes out acknowledged before the right is let go,
	 * or portd would hand it to the next receiver again. */
	ipc__port_queue_acks(c);
	int e = request(c, &f, wn, (uint32_t)n, timeout_ms);
	if (e == 0 && port != 0)
		ipc__port_ring_drop_port(c, port);
	return e;
}

int
ipc_port_release(ipc_port_conn *c, uint32_t port, int timeout_ms)
{
	return close_port(c, port, NULL, 0, timeout_ms);
}

int
ipc_port_remove(ipc_port_conn *c, const char *name, int timeout_ms)
{
	return close_port(c, 0, name, IPC__F_DESTROY, timeout_ms);
}

static int
grant(ipc_port_conn *c, const char *name, int rights, int who, unsigned id,
    int revoke, int timeout_ms)
{
	struct ipc__grant g = { .rights = (uint8_t)rights, .who = (uint8_t)who, .id = id };
	if (local_name(name, g.name) <= 0 || rights <= 0 ||
	    rights > 7 || (who != IPC_PORT_UID && who != IPC_PORT_GID))
		return -EINVAL;
	uint8_t payload[IPC__GRANT_FIXED + IPC__WIRE_NAME_MAX];
	uint32_t len = ipc__grant_encode(payload, &g);
	struct ipc__frame f = { .kind = IPC__K_GRANT, .flags = revoke ? IPC__F_REVOKE : 0 };
	return request(c, &f, payload, len, timeout_ms);
}

int
ipc_port_grant(ipc_port_conn *c, const char *name, int rights, int who,
    unsigned id, int timeout_ms)
{
	return grant(c, name, rights, who, id, 0, timeout_ms);
}

int
ipc_port_revoke(ipc_port_conn *c, const char *name, int rights, int who,
    unsigned id, int timeout_ms)
{
	return grant(c, name, rights, who, id, 1, timeout_ms);
}

int
ipc_port_status(ipc_port_conn *c, struct ipc_port_status *st, int timeout_ms)
{
	struct ipc__frame f = { .kind = IPC__K_STATUS };
	int e = request(c, &f, NULL, 0, timeout_ms);
	struct ipc__status s;
	if (e < 0)
		return e;
	if (ipc__status_decode(&c->reply, &s) < 0)
		return -EPROTO;
	memset(st, 0, sizeof *st);
	st->pid = (pid_t)s.pid;
	st->uid = (uid_t)s.uid;
	st->system = (int)s.system;
	st->clients = s.clients;
	st->ports = s.ports;
	st->queued_msgs = s.queued_msgs;
	st->queued_bytes = s.queued_bytes;
	st->uptime_ms = s.uptime_ms;
	st->max_frame = s.max_frame;
	return 0;
}

static void
info_of(const struct ipc__entry *e, struct ipc_port_info *i)
{
	memset(i, 0, sizeof *i);
	i->id = e->id;
	size_t n = strlen(e->name);
	if (n >= sizeof i->name)
		n = sizeof i->name - 1;   /* port names are 200 bytes at most */
	memcpy(i->name, e->name, n);
	i->owner = (uid_t)e->owner;
	i->flags = (e->flags & IPC__E_PUBLIC ? IPC_PORT_INFO_PUBLIC : 0) |
	    (e->flags & IPC__E_HASRECV ? IPC_PORT_INFO_RECEIVED : 0);
	i->receiver = (pid_t)e->receiver_pid;
	i->msgs = e->msgs;
	i->bytes = e->bytes;
	i->ngrants = e->nacl;
	for (unsigned k = 0; k < e->nacl; k++) {
		i->grants[k].who = e->acl[k].who;
		i->grants[k].id = e->acl[k].id;
		i->grants[k].rights = e->acl[k].rights;
	}
}

/* One page of the list: appends its entries, returns 1 when more follow. */
static int
list_page(ipc_port_conn *c, uint32_t *first, struct ipc_port_info **list,
    size_t *n, size_t *cap, const struct ipc__deadline *d)
{
	uint8_t from[4];
	ipc__put32(from, *first);
	struct ipc__frame f = { .kind = IPC__K_LIST };
	int e = ipc__port_request(c, &f, from, sizeof from, d);
	if (e < 0)
		return e;
	struct ipc__entry ent;
	uint32_t off = 0;
	while (off < c->reply.len) {
		if (ipc__entry_decode(&c->reply, &off, &ent) < 0)
			return -EPROTO;
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 16;
			struct ipc_port_info *l = realloc(*list, nc * sizeof *l);
			if (l == NULL)
				return -ENOMEM;
			*list = l;
			*cap = nc;
		}
		info_of(&ent, &(*list)[(*n)++]);
		*first = ent.id + 1;
	}
	return (c->reply.flags & IPC__F_MORE) && off > 0;
}

int
ipc_port_list(ipc_port_conn *c, struct ipc_port_info **list, size_t *n,
    int timeout_ms)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	uint32_t first = 0;
	size_t cap = 0;
	int r;
	*list = NULL;
	*n = 0;
	while ((r = list_page(c, &first, list, n, &cap, &d)) == 1)
		;
	if (r < 0) {
		free(*list);
		*list = NULL;
		*n = 0;
	}
	return r;
}

void
ipc_port_list_free(struct ipc_port_info *list)
{
	free(list);
}
