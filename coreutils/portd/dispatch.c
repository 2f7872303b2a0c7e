/* dispatch.c: what portd does with each kind of frame a client sends. */
#include <config.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "portd.h"

/* A frame that brought a descriptor gives it up even when refused, so the
 * descriptors stay matched to their frames. */
static void
drop_fd(struct client *c, const struct ipc__frame *f)
{
	if (f->flags & IPC__F_FD) {
		int fd = ipc__rbuf_take_fd(&c->in);
		if (fd >= 0)
			close(fd);
	}
}

static int
reply_opened(struct broker *b, struct client *c, const struct ipc__frame *req,
    const struct port *p)
{
	struct ipc__frame r = { .kind = IPC__K_OPENED_PORT, .src = p->id,
	    .flags = p->receiver ? IPC__F_HASRECV : 0, .cookie = req->cookie };
	const char *name = p->name ? p->name : "";
	return client_reply(b, c, &r, name, (uint32_t)strlen(name), -1);
}

static int
create_port(struct broker *b, struct client *c, const struct ipc__frame *f,
    const char *name, struct port **p)
{
	if (c->nports >= b->lim.client_ports)
		return client_error(b, c, f, EDQUOT, "this connection has too many ports (%u)",
		    b->lim.client_ports);
	if (name && b->system && ports_owned_by(b, c->uid) >= b->lim.uid_ports)
		return client_error(b, c, f, EDQUOT, "uid %u owns too many ports (%u)",
		    (unsigned)c->uid, b->lim.uid_ports);
	int e = port_new(b, c, name, (f->flags & IPC__F_PUBLIC) != 0, p);
	return e < 0 ? client_error(b, c, f, e, "cannot create the port") : 1;
}

/* Takes the receive right: queued messages and rings follow. */
static int
claim(struct broker *b, struct client *c, const struct ipc__frame *f, struct port *p)
{
	if (p->receiver == c)
		return 1;
	if (!(port_rights(b, c, p) & IPC__R_RECV))
		return client_error(b, c, f, EACCES, "no receive right on %s", p->name);
	if (p->receiver != NULL)
		return client_error(b, c, f, EBUSY, "%s is being received by pid %d",
		    p->name, (int)p->receiver->pid);
	if (client_add_recv(c, p) < 0)
		return client_error(b, c, f, ENOMEM, "out of memory");
	for (struct ring *r = p->rings; r; r = r->next)
		ring_announce(b, c, r);
	client_mark_dirty(b, c);
	return 1;
}

static int
do_open(struct broker *b, struct client *c, const struct ipc__frame *f)
{
	char name[IPC__WIRE_NAME_MAX + 1];
	struct port *p;
	int n = ipc__wire_name(f, name), r;
	if (n < 0 || ipc__wire_split_node(name) != NULL)
		return client_error(b, c, f, EINVAL, "bad port name");
	if (n == 0) {   /* anonymous: created with its receive right */
		if ((r = create_port(b, c, f, NULL, &p)) != 1)
			return r;
		client_add_recv(c, p);
		return reply_opened(b, c, f, p);
	}
	p = port_by_name(b, name);
	if (p == NULL) {
		if (!(f->flags & IPC__F_CREATE))
			return client_error(b, c, f, ENOENT, "no such port");
		if ((r = create_port(b, c, f, name, &p)) != 1)
			return r;
	} else if (f->flags & IPC__F_EXCL) {
		return client_error(b, c, f, EEXIST, "port exists");
	}
	if (f->flags & IPC__F_RECV) {
		if ((r = claim(b, c, f, p)) != 1)
			return r;
		activate_claimed(b, name, p);
	}
	return reply_opened(b, c, f, p);
}

static struct port *
port_of(struct broker *b, const struct ipc__frame *f, int *bad)
{
	char name[IPC__WIRE_NAME_MAX + 1];
	*bad = 0;
	if (f->len == 0)
		return port_by_id(b, f->dst);
	if (ipc__wire_name(f, name) <= 0 || ipc__wire_split_node(name) != NULL) {
		*bad = 1;
		return NULL;
	}
	return port_by_name(b, name);
}

static int
do_close(struct broker *b, struct client *c, const struct ipc__frame *f)
{
	int bad;
	struct port *p = port_of(b, f, &bad);
	if (bad)
		return client_error(b, c, f, EINVAL, "bad port name");
	if (p == NULL)
		return client_error(b, c, f, ENOENT, "no such port");
	uint32_t id = p->id;
	int mine = p->name == NULL && p->creator == c->id;
	if (f->flags & IPC__F_DESTROY) {
		if (!mine && !(port_rights(b, c, p) & IPC__R_MANAGE))
			return client_error(b, c, f, EACCES, "no manage right on %s",
			    p->name ? p->name : "the port");
		port_destroy(b, p);
	} else if (mine) {
		port_destroy(b, p);
	} else if (p->receiver == c) {
		client_del_recv(c, p);
	}
	struct ipc__frame r = { .kind = IPC__K_CLOSED_PORT, .src = id, .cookie = f->cookie };
	return client_reply(b, c, &r, NULL, 0, -1);
}

static int
do_lookup(struct broker *b, struct client *c, const struct ipc__frame *f)
{
	char name[IPC__WIRE_NAME_MAX + 1];
	if (ipc__wire_name(f, name) <= 0)
		return client_error(b, c, f, EINVAL, "bad port name");
	const char *node = ipc__wire_split_node(name);
	if (node != NULL && strcmp(node, b->node) != 0)
		return client_error(b, c, f, EHOSTUNREACH,
		    "no route to node %s: this portd is not federated", node);
	struct port *p = port_by_name(b, name);
	if (p != NULL && port_rights(b, c, p) == 0 && !port_can_send(b, c, p))
		return client_error(b, c, f, EACCES, "permission denied");
	if ((p == NULL || p->receiver == NULL) && !(f->flags & IPC__F_NOSTART)) {
		int r = activate_lookup(b, c, name, f->cookie);
		if (r != -ENOENT)
			return r;   /* pending, or already answered */
	}
	if (p == NULL)
		return client_error(b, c, f, ENOENT, "no such port");
	return reply_opened(b, c, f, p);
}

/* 1 when the message must wait: another sender's stream is in progress on
 * p, or p or the sender is over its quota. A lone message always fits, so a
 * big one cannot wait forever for an empty queue. */
static int
must_wait(const struct broker *b, const struct client *c, const struct port *p,
    size_t size)
{
	if (p->stream_owner != 0 && p->stream_owner != c->id)
		return 1;
	if (p->weight > 0 && p->weight + size > b->lim.port_bytes)
		return 1;
	return c->queued > 0 && c->queued + size > b->lim.client_bytes;
}

/* Where the bytes are when they are not in the frame: a ring the sender
 * attached to this port, or a sealed memfd that came with the frame. */
static int
check_body(struct broker *b, struct client *c, const struct ipc__frame *f,
    struct port *p, struct ring **ring, int *fd)
{
	*ring = NULL;
	*fd = -1;
	if ((f->flags & IPC__F_RING) && (f->flags & IPC__F_BLOB))
		return -EPROTO;
	if (f->flags & IPC__F_RING) {
		struct ipc__ringref ref;
		if (ipc__ringref_decode(f, &ref) < 0)
			return client_error(b, c, f, EINVAL, "bad ring reference");
		struct ring *r = ring_find(p, ref.ring);
		if (r == NULL || r->owner != c->id || ring_check(r, &ref) < 0)
			return client_error(b, c, f, EINVAL, "bad ring reference");
		*ring = r;
	} else if (f->flags & IPC__F_BLOB) {
		uint64_t len;
		if (!(f->flags & IPC__F_FD))
			return -EPROTO;
		*fd = ipc__rbuf_take_fd(&c->in);
		if (*fd < 0)
			return -EPROTO;
		if (ipc__u64_decode(f, &len) < 0 || blob_check(*fd, len) < 0) {
			close(*fd);
			return client_error(b, c, f, EINVAL, "a blob must be a sealed memfd");
		}
	} else if (f->flags & IPC__F_FD) {
		return -EPROTO;
	}
	return 1;
}

static void
stream_step(struct broker *b, struct client *c, struct port *p, uint16_t flags)
{
	if ((flags & IPC__F_FIRST) && p->stream_owner != c->id) {
		p->stream_owner = c->id;
		c->nstreams++;
	}
	if (flags & IPC__F_LAST) {
		p->stream_owner = 0;
		c->nstreams--;
		b->resume = 1;
	}
}

/* The rights a message needs: to send to dst, and to pass on its reply
 * port. Returns 1 with the ports, or the answer (an Error). */
static int
may_send(struct broker *b, struct client *c, const struct ipc__frame *f,
    struct port **p, struct port **reply)
{
	*p = port_by_id(b, f->dst);
	*reply = f->src ? port_by_id(b, f->src) : NULL;
	int r = 1;
	if (*p == NULL)
		r = client_error(b, c, f, ENOENT, "no such port %u", f->dst);
	else if (!port_can_send(b, c, *p))
		r = client_error(b, c, f, EACCES, "no send right on port %u", f->dst);
	else if (f->src && (*reply == NULL || !port_can_send(b, c, *reply)))
		r = client_error(b, c, f, EACCES, "cannot pass on a right to port %u", f->src);
	else if (f->kind == IPC__K_CHUNK && !(f->flags & IPC__F_FIRST) &&
	    (*p)->stream_owner != c->id)
		r = client_error(b, c, f, EINVAL, "a chunk outside a stream");
	if (r != 1)
		drop_fd(c, f);
	return r;
}

static int
do_message(struct broker *b, struct client *c, const struct ipc__frame *f,
    uint8_t *raw, size_t size)
{
	struct port *p, *reply;
	int r = may_send(b, c, f, &p, &reply);
	if (r != 1)
		return r;
	size_t weight = frame_weight(raw);
	if (must_wait(b, c, p, weight))
		return 1;
	struct ring *ring;
	int fd;
	int chunk = f->kind == IPC__K_CHUNK;
	if ((r = check_body(b, c, f, p, &ring, &fd)) != 1)
		return r;
	struct ipc__frame s = *f;
	s.uid = c->uid;
	s.gid = c->gid;
	s.pid = (uint32_t)c->pid;
	s.cookie = c->id;
	s.flags = (uint16_t)((s.flags & ~(IPC__F_CAP | IPC__F_ABORT)) | (f->src ? IPC__F_CAP : 0));
	if (!chunk)
		s.flags &= (uint16_t)~(IPC__F_FIRST | IPC__F_LAST);
	ipc__wire_restamp(raw, &s);
	if (port_enqueue(b, p, raw, size, fd) < 0) {
		if (fd >= 0)
			close(fd);
		return client_error(b, c, f, ENOMEM, "out of memory");
	}
	if (ring != NULL)
		ring->refs++;
	if (reply != NULL)
		port_add_cap(b, p, reply->id);
	c->queued += weight;
	if (chunk)
		stream_step(b, c, p, s.flags);
	return 0;
}

static int
do_grant(struct broker *b, struct client *c, const struct ipc__frame *f)
{
	struct ipc__grant g;
	if (ipc__grant_decode(f, &g) < 0)
		return client_error(b, c, f, EINVAL, "bad grant");
	struct port *p = port_by_name(b, g.name);
	if (p == NULL)
		return client_error(b, c, f, ENOENT, "no such port");
	if (!(port_rights(b, c, p) & IPC__R_MANAGE))
		return client_error(b, c, f, EACCES, "no manage right on %s", g.name);
	int e = port_grant(b, p, &g, (f->flags & IPC__F_REVOKE) != 0);
	if (e < 0)
		return client_error(b, c, f, e, "%s has %d grants already", g.name, IPC__ACL_MAX);
	struct ipc__frame r = { .kind = IPC__K_GRANT, .src = p->id, .cookie = f->cookie };
	return client_reply(b, c, &r, NULL, 0, -1);
}

static int
do_ack(struct broker *b, struct client *c, const struct ipc__frame *f)
{
	struct port *p = port_by_id(b, f->dst);
	/* Acks for a port the client just lost (removed, revoked) are moot. */
	if (p == NULL || p->receiver != c)
		return 0;
	return port_ack(b, c, p, f->type);
}

static int
do_attach(struct broker *b, struct client *c, const struct ipc__frame *f)
{
	if (!(f->flags & IPC__F_FD))
		return -EPROTO;
	int fd = ipc__rbuf_take_fd(&c->in);
	if (fd < 0)
		return -EPROTO;
	struct port *p = port_by_id(b, f->dst);
	uint64_t size;
	int e = p == NULL ? -ENOENT : !port_can_send(b, c, p) ? -EACCES
	    : ipc__u64_decode(f, &size) < 0 ? -EINVAL : 0;
	uint32_t id = 0;
	if (e == 0)
		e = ring_attach(b, c, p, fd, size, &id);
	if (e < 0) {
		close(fd);
		return client_error(b, c, f, e, "cannot attach a ring");
	}
	struct ipc__frame r = { .kind = IPC__K_ATTACH, .src = id, .dst = f->dst,
	    .cookie = f->cookie };
	return client_reply(b, c, &r, NULL, 0, -1);
}

static int
do_status(struct broker *b, struct client *c, const struct ipc__frame *f)
{
	struct ipc__status s = {
		.pid = (uint32_t)b->pid, .uid = (uint32_t)b->uid, .clients = b->nclients,
		.ports = b->nports, .system = (uint32_t)b->system,
		.max_frame = b->lim.max_frame, .queued_msgs = b->queued_msgs,
		.queued_bytes = b->queued_bytes,
		.uptime_ms = (uint64_t)(broker_now_ns() - b->start_ns) / 1000000,
	};
	uint8_t p[IPC__STATUS_SIZE];
	ipc__status_encode(p, &s);
	struct ipc__frame r = { .kind = IPC__K_STATUS, .cookie = f->cookie };
	return client_reply(b, c, &r, p, sizeof p, -1);
}

struct listing {
	struct client *c;
	uint8_t *buf;
	size_t len, cap;
	int more;
};

static int
list_one(struct broker *b, struct port *p, void *arg)
{
	struct listing *l = arg;
	if (port_rights(b, l->c, p) == 0 && !port_can_send(b, l->c, p))
		return 0;
	struct ipc__entry e = { .id = p->id, .owner = (uint32_t)p->owner,
	    .flags = (p->public ? IPC__E_PUBLIC : 0u) | (p->receiver ? IPC__E_HASRECV : 0u),
	    .receiver_pid = p->receiver ? (uint32_t)p->receiver->pid : 0,
	    .msgs = p->q.msgs, .bytes = p->weight, .nacl = (uint16_t)p->nacl };
	strcpy(e.name, p->name ? p->name : "");
	for (unsigned i = 0; i < p->nacl; i++)
		e.acl[i] = (struct ipc__acl){ p->acl[i].who, p->acl[i].rights, p->acl[i].id };
	uint32_t n = ipc__entry_encode(l->buf + l->len, l->cap - l->len, &e);
	if (n == 0) {
		l->more = 1;
		return 1;
	}
	l->len += n;
	return 0;
}

static int
do_list(struct broker *b, struct client *c, const struct ipc__frame *f)
{
	uint8_t buf[60000];
	uint32_t first = f->len == 4 ? ipc__le32(f->payload) : 0;
	struct listing l = { .c = c, .buf = buf, .cap = sizeof buf };
	if (ports_each(b, first, list_one, &l) < 0)
		return client_error(b, c, f, ENOMEM, "out of memory");
	struct ipc__frame r = { .kind = IPC__K_LIST, .flags = l.more ? IPC__F_MORE : 0,
	    .cookie = f->cookie };
	return client_reply(b, c, &r, buf, (uint32_t)l.len, -1);
}

int
dispatch(struct broker *b, struct client *c, const struct ipc__frame *f,
    uint8_t *raw, size_t size)
{
	/* A client that does not read its replies stops being read. */
	if (f->kind != IPC__K_ACK && queue_bytes(&c->ctrl) > b->lim.ctrl_bytes)
		return 1;
	if ((f->flags & IPC__F_FD) && f->kind != IPC__K_ATTACH &&
	    f->kind != IPC__K_MESSAGE && f->kind != IPC__K_CHUNK)
		return -EPROTO;
	switch (f->kind) {
	case IPC__K_OPEN_PORT: return do_open(b, c, f);
	case IPC__K_CLOSE_PORT: return do_close(b, c, f);
	case IPC__K_LOOKUP: return do_lookup(b, c, f);
	case IPC__K_MESSAGE:
	case IPC__K_CHUNK: return do_message(b, c, f, raw, size);
	case IPC__K_GRANT: return do_grant(b, c, f);
	case IPC__K_ACK: return do_ack(b, c, f);
	case IPC__K_ATTACH: return do_attach(b, c, f);
	case IPC__K_STATUS: return do_status(b, c, f);
	case IPC__K_LIST: return do_list(b, c, f);
	default: return -EPROTO;   /* replies and notices go the other way */
	}
}
