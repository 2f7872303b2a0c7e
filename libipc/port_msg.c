/* port_msg.c: sending and receiving port messages, and acknowledging them. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "port_conn.h"

/* Acknowledgements are batched: one frame per this many messages, or per
 * this many bytes of shared memory (a quarter of the smallest ring window,
 * so that a sender rarely waits for room). */
#define ACK_BATCH 128
#define ACK_BYTES (256u << 10)

static int
reported(ipc_port_conn *c)
{
	int e = c->async_err;
	c->async_err = 0;
	return e;
}

int
ipc_port_send(ipc_port_conn *c, uint32_t port, uint32_t type, const void *data,
    size_t len, uint32_t reply, int flags, int timeout_ms)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	if (c->dead)
		return c->dead;
	if (c->async_err)
		return reported(c);
	if (port == 0 || (len > 0 && data == NULL))
		return -EINVAL;
	struct ipc__frame f = { .kind = (flags & IPC_PORT_CHUNK) ? IPC__K_CHUNK : IPC__K_MESSAGE,
	    .src = reply, .dst = port, .type = type, .cookie = ipc__port_cookie(c) };
	if (flags & IPC_PORT_CHUNK)
		f.flags = (uint16_t)((flags & IPC_PORT_FIRST ? IPC__F_FIRST : 0) |
		    (flags & IPC_PORT_LAST ? IPC__F_LAST : 0));
	/* Wait for room before taking the message, so that a signal or a
	 * timeout here leaves nothing half sent. */
	if (c->out_len - c->out_head >= IPC__PORT_OUT_MAX) {
		int e = ipc__port_flush(c, &d);
		if (e < 0)
			return e;
	}
	/* What we received goes out acknowledged with what we send: a
	 * service's answer carries the acknowledgement of its request. */
	if (c->nacks > 0)
		ipc__port_queue_acks(c);
	if (len > IPC__PORT_INLINE) {
		int e = ipc__port_send_large(c, &f, data, len, &d);
		if (e < 0)
			return e;
	} else if (ipc__port_put(c, &f, data ? data : "", (uint32_t)len) == NULL) {
		return -ENOMEM;
	}
	if (!(flags & IPC_PORT_MORE) || c->out_len - c->out_head >= IPC__PORT_OUT_MAX / 4)
		return ipc__port_push(c);
	return 0;
}

int
ipc_port_flush(ipc_port_conn *c, int timeout_ms)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	ipc__port_queue_acks(c);
	return ipc__port_flush(c, &d);
}

int
ipc_port_sync(ipc_port_conn *c, int timeout_ms)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	struct ipc__frame f = { .kind = IPC__K_STATUS };
	int e = ipc__port_request(c, &f, NULL, 0, &d);
	return e < 0 ? e : reported(c);
}

/* ---- receiving ---- */

/* Acknowledges a message taken from port, in batches; large bytes count
 * since their sender waits for the ring space they hold. */
static void
ack(ipc_port_conn *c, uint32_t port, size_t large)
{
	unsigned i = 0;
	while (i < c->nacks && c->acks[i].port != port)
		i++;
	if (i == c->nacks) {
		if (i == sizeof c->acks / sizeof *c->acks) {
			ipc__port_queue_acks(c);
			i = 0;
		}
		c->acks[i].port = port;
		c->acks[i].n = 0;
		c->nacks = i + 1;
	}
	c->acks[i].n++;
	c->unacked_bytes += large;
	if (++c->unacked >= ACK_BATCH || c->unacked_bytes >= ACK_BYTES) {
		ipc__port_queue_acks(c);
		ipc__port_push(c);
	}
}

/* The first message for port; taken ones at the head are passed for good,
 * so receiving in order costs nothing per message. */
static struct ipc__pend *
find(ipc_port_conn *c, uint32_t port)
{
	while (c->pend_head < c->pend_len && c->pend[c->pend_head].taken)
		c->pend_head++;
	for (unsigned i = c->pend_head; i < c->pend_len; i++) {
		struct ipc__pend *p = &c->pend[i];
		if (!p->taken && (port == 0 || p->dst == port))
			return p;
	}
	return NULL;
}

static int
closed(const ipc_port_conn *c, uint32_t port)
{
	for (unsigned i = 0; port != 0 && i < c->nclosed; i++)
		if (c->closed[i] == port)
			return 1;
	return 0;
}

/* Copies an inline payload out: the input buffer moves under later reads,
 * the message must not. */
static int
take_inline(ipc_port_conn *c, struct ipc__pend *p, struct ipc_port_msg *m)
{
	if (p->len > c->copy_cap) {
		uint8_t *b = realloc(c->copy, p->len);
		if (b == NULL)
			return -ENOMEM;
		c->copy = b;
		c->copy_cap = p->len;
	}
	if (p->len > 0)
		memcpy(c->copy, c->in.buf + p->off, p->len);
	m->data = p->len > 0 ? c->copy : (const void *)"";
	m->len = p->len;
	return 0;
}

static int
take(ipc_port_conn *c, struct ipc__pend *p, const ipc_port_msg **out)
{
	struct ipc_port_msg *m = &c->msg;
	*m = (struct ipc_port_msg){
		.port = p->dst, .reply = p->src, .type = p->type, .sender = p->cookie,
		.uid = (uid_t)p->uid, .gid = (gid_t)p->gid, .pid = (pid_t)p->pid,
		.flags = p->kind == IPC__K_CHUNK ? IPC_PORT_CHUNK |
		    (p->flags & IPC__F_FIRST ? IPC_PORT_FIRST : 0) |
		    (p->flags & IPC__F_LAST ? IPC_PORT_LAST : 0) |
		    (p->flags & IPC__F_ABORT ? IPC_PORT_ABORTED : 0) : 0,
	};
	int e = p->flags & (IPC__F_RING | IPC__F_BLOB) ? ipc__port_take_large(c, p, m)
	    : take_inline(c, p, m);
	if (e == -ENOMEM)
		return e;
	p->taken = 1;
	if (p->fd >= 0) {
		close(p->fd);
		p->fd = -1;
	}
	ack(c, p->dst, p->flags & (IPC__F_RING | IPC__F_BLOB) ? m->len : 0);
	if (e < 0)
		return e;
	*out = m;
	return 0;
}

int
ipc_port_recv(ipc_port_conn *c, uint32_t port, const ipc_port_msg **msg,
    int timeout_ms)
{
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	ipc__port_blob_release(c);
	for (;;) {
		struct ipc__pend *p = find(c, port);
		if (p != NULL)
			return take(c, p, msg);
		if (closed(c, port))
			return -EIDRM;
		if (c->dead)
			return c->dead;
		if (ipc__deadline_left_ms(&d) == 0 && timeout_ms >= 0) {
			/* Polling: take in what has arrived without waiting. */
			struct ipc__deadline now;
			ipc__deadline_start(&now, 0);
			int e = ipc__port_wait(c, &now);
			if ((p = find(c, port)) != NULL)
				return take(c, p, msg);
			return e == 0 || e == -ETIMEDOUT ? -ETIMEDOUT : e;
		}
		int e = ipc__port_wait(c, &d);
		if (e < 0 && e != -ETIMEDOUT)
			return e;
	}
}

const void *
ipc_port_msg_data(const ipc_port_msg *m, size_t *len)
{
	if (len != NULL)
		*len = m->len;
	return m->data;
}

uint32_t ipc_port_msg_port(const ipc_port_msg *m) { return m->port; }
uint32_t ipc_port_msg_type(const ipc_port_msg *m) { return m->type; }
uint32_t ipc_port_msg_reply(const ipc_port_msg *m) { return m->reply; }
int ipc_port_msg_flags(const ipc_port_msg *m) { return m->flags; }
uid_t ipc_port_msg_uid(const ipc_port_msg *m) { return m->uid; }
gid_t ipc_port_msg_gid(const ipc_port_msg *m) { return m->gid; }
pid_t ipc_port_msg_pid(const ipc_port_msg *m) { return m->pid; }
uint32_t ipc_port_msg_sender(const ipc_port_msg *m) { return m->sender; }
