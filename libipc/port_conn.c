/* port_conn.c: the client's connection to portd: connect, frame I/O, requests and replies. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ipc/core.h"
#include "port_conn.h"

/* Reads are at least this big: many small frames per system call. */
#define READ_CHUNK (256u << 10)
/* While waiting to write, unread input is taken in up to this much. */
#define IN_MAX (64u << 20)

int
ipc_port_dir(int flags, char *buf, size_t len)
{
	if (!(flags & IPC_PORT_SYSTEM))
		return ipc_runtime_dir(buf, len);
	const char *env = getenv("IPC_SYSTEM_DIR");
	if (env != NULL && *env != '\0' && env[0] != '/')
		return -EINVAL;
	int n = snprintf(buf, len, "%s", env && *env ? env : "/run/ipc");
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : n;
}

uint32_t
ipc__port_cookie(ipc_port_conn *c)
{
	if (++c->cookie == 0)
		c->cookie = 1;
	return c->cookie;
}

void
ipc__port_set_errmsg(ipc_port_conn *c, const char *msg, size_t len)
{
	if (len >= sizeof c->errmsg)
		len = sizeof c->errmsg - 1;
	if (len > 0)
		memcpy(c->errmsg, msg, len);
	c->errmsg[len] = '\0';
}

const char *
ipc_port_errmsg(const ipc_port_conn *c)
{
	return c ? c->errmsg : "";
}

int
ipc_port_fd(const ipc_port_conn *c)
{
	return c->fd;
}

/* ---- output ---- */

/* Room for size more bytes of output. */
static uint8_t *
out_room(ipc_port_conn *c, size_t size)
{
	if (c->out_head > 0 && c->out_cap - c->out_len < size) {
		memmove(c->out, c->out + c->out_head, c->out_len - c->out_head);
		c->out_len -= c->out_head;
		c->out_head = 0;
	}
	uint8_t *b = ipc__grow(c->out, &c->out_cap, c->out_len, size);
	if (b == NULL)
		return NULL;
	c->out = b;
	return b + c->out_len;
}

uint8_t *
ipc__port_put(ipc_port_conn *c, const struct ipc__frame *f, const void *payload,
    uint32_t len)
{
	size_t size = ipc__wire_size(len);
	uint8_t *at = out_room(c, size);
	if (at == NULL)
		return NULL;
	struct ipc__frame g = *f;
	g.uid = c->uid;   /* what we are; portd overwrites it with what it knows */
	g.gid = c->gid;
	g.pid = c->pid;
	ipc__wire_header(at, &g, len);
	if (payload != NULL) {
		memcpy(at + IPC__WIRE_HDR, payload, len);
		ipc__wire_seal(at);
	}
	c->out_len += size;
	return at;
}

void
ipc__port_seal(uint8_t *frame)
{
	ipc__wire_seal(frame);
}

static int
lost(ipc_port_conn *c, int err)
{
	if (c->dead == 0)
		c->dead = err == -EPIPE || err == 0 ? -ECONNRESET : err;
	return c->dead;
}

int
ipc__port_push(ipc_port_conn *c)
{
	if (c->dead)
		return c->dead;
	while (c->out_head < c->out_len) {
		ssize_t n = ipc__send_fd(c->fd, c->out + c->out_head,
		    c->out_len - c->out_head, -1);
		if (n == -EAGAIN)
			return 0;
		if (n < 0)
			return lost(c, (int)n);
		c->out_head += (size_t)n;
	}
	c->out_head = c->out_len = 0;
	return 0;
}

/* ---- input ---- */

static void
note_closed(ipc_port_conn *c, uint32_t port)
{
	for (unsigned i = 0; i < c->nclosed; i++)
		if (c->closed[i] == port)
			return;
	if (c->nclosed == sizeof c->closed / sizeof *c->closed)
		memmove(c->closed, c->closed + 1, --c->nclosed * sizeof *c->closed);
	c->closed[c->nclosed++] = port;
	/* What was delivered from it and not yet received is void. */
	for (unsigned i = c->pend_head; i < c->pend_len; i++) {
		struct ipc__pend *p = &c->pend[i];
		if (!p->taken && p->dst == port) {
			p->taken = 1;
			if (p->fd >= 0)
				close(p->fd);
		}
	}
	ipc__port_ring_drop_port(c, port);
}

void
ipc__port_unclose(ipc_port_conn *c, uint32_t port)
{
	for (unsigned i = 0; i < c->nclosed; i++)
		if (c->closed[i] == port)
			c->closed[i--] = c->closed[--c->nclosed];
}

static int
keep_pending(ipc_port_conn *c, const struct ipc__frame *f, size_t off, int fd)
{
	if (c->pend_head > 0 && c->pend_head == c->pend_len)
		c->pend_head = c->pend_len = 0;
	if (c->pend_len == c->pend_cap) {
		unsigned cap = c->pend_cap ? c->pend_cap * 2 : 64;
		struct ipc__pend *p = realloc(c->pend, cap * sizeof *p);
		if (p == NULL)
			return -ENOMEM;
		c->pend = p;
		c->pend_cap = cap;
	}
	c->pend[c->pend_len++] = (struct ipc__pend){
		.off = off, .len = f->len, .kind = f->kind, .flags = f->flags,
		.src = f->src, .dst = f->dst, .type = f->type, .uid = f->uid,
		.gid = f->gid, .pid = f->pid, .cookie = f->cookie, .fd = fd,
	};
	return 0;
}

static int
keep_reply(ipc_port_conn *c, const struct ipc__frame *f)
{
	if (f->len > c->reply_cap) {
		uint8_t *b = realloc(c->reply_buf, f->len);
		if (b == NULL)
			return -ENOMEM;
		c->reply_buf = b;
		c->reply_cap = f->len;
	}
	c->reply = *f;
	if (f->len > 0)
		memcpy(c->reply_buf, f->payload, f->len);
	c->reply.payload = c->reply_buf;
	c->got = 1;
	return 0;
}

/* An Error nobody waits for: about a message, it sticks until reported;
 * about an abandoned request, it is moot. */
static void
stray_error(ipc_port_conn *c, const struct ipc__frame *f)
{
	if (f->src == IPC__K_MESSAGE || f->src == IPC__K_CHUNK || f->src == IPC__K_ATTACH) {
		if (c->async_err == 0) {
			c->async_err = -(int)(f->type ? f->type : EPROTO);
			ipc__port_set_errmsg(c, (const char *)f->payload, f->len);
		}
	}
}

static int
handle(ipc_port_conn *c, const struct ipc__frame *f, size_t off)
{
	int fd = -1;
	if (f->flags & IPC__F_FD) {
		fd = ipc__rbuf_take_fd(&c->in);
		if (fd < 0)
			return -EPROTO;
	}
	if (f->kind == IPC__K_MESSAGE || f->kind == IPC__K_CHUNK) {
		int e = keep_pending(c, f, off, fd);
		if (e < 0 && fd >= 0)
			close(fd);
		return e;
	}
	if (f->cookie != 0 && f->cookie == c->want && f->kind != IPC__K_ACK) {
		if (fd >= 0)
			close(fd);
		return keep_reply(c, f);
	}
	switch (f->kind) {
	case IPC__K_ERROR:
		stray_error(c, f);
		break;
	case IPC__K_CLOSED_PORT:
		if (f->cookie == 0)
			note_closed(c, f->src);
		break;
	case IPC__K_ATTACH:
	case IPC__K_ACK:
		ipc__port_ring_notice(c, f, fd);
		return 0;
	default:
		break;   /* a late reply to an abandoned request */
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

static int
parse(ipc_port_conn *c)
{
	while (c->parsed < c->in.len) {
		struct ipc__frame f;
		long n = ipc__wire_decode(c->in.buf + c->parsed, c->in.len - c->parsed,
		    IPC__WIRE_MAX, &f);
		if (n == 0)
			return 0;
		if (n < 0)
			return lost(c, -EPROTO);
		int e = handle(c, &f, c->parsed + IPC__WIRE_HDR);
		if (e < 0)
			return lost(c, e);
		c->parsed += (size_t)n;
	}
	return 0;
}

/* Makes room to read: everything before the first frame still pending is
 * dropped, and pending offsets follow the bytes when they move. */
static int
make_room(ipc_port_conn *c)
{
	while (c->pend_head < c->pend_len && c->pend[c->pend_head].taken)
		c->pend_head++;
	size_t live = c->pend_head < c->pend_len
	    ? c->pend[c->pend_head].off - IPC__WIRE_HDR : c->parsed;
	c->in.start = live;
	size_t need = READ_CHUNK, have = c->in.len - c->parsed;
	if (have >= 4) {
		size_t total = (size_t)ipc__le32(c->in.buf + c->parsed) + 4;
		if (total > have + READ_CHUNK)
			need = total - have;
	}
	if (ipc__rbuf_reserve(&c->in, need) < 0)
		return -ENOMEM;
	size_t moved = live - c->in.start;
	if (moved > 0) {
		c->parsed -= moved;
		for (unsigned i = c->pend_head; i < c->pend_len; i++)
			c->pend[i].off -= moved;
	}
	return 0;
}

/* One read of whatever is there, then parse it. */
static int
read_some(ipc_port_conn *c)
{
	int e = make_room(c);
	if (e < 0)
		return e;
	ssize_t n = ipc__rbuf_recv(&c->in, c->fd);
	if (n == -EAGAIN)
		return 0;
	if (n <= 0)
		return lost(c, n == 0 ? -ECONNRESET : (int)n);
	return parse(c);
}

int
ipc__port_flush(ipc_port_conn *c, const struct ipc__deadline *d)
{
	for (;;) {
		int e = ipc__port_push(c);
		if (e < 0)
			return e;
		if (c->out_head == c->out_len)
			return 0;
		short ev = POLLOUT | (c->in.len - c->in.start < IN_MAX ? POLLIN : 0);
		int r = ipc__poll_fd(c->fd, ev, d);
		if (r < 0)
			return r;
		if ((r & (POLLIN | POLLHUP | POLLERR)) && (e = read_some(c)) < 0)
			return e;
	}
}

int
ipc__port_put_fd(ipc_port_conn *c, const uint8_t *frame, size_t size, int fd,
    const struct ipc__deadline *d)
{
	int e = ipc__port_flush(c, d);
	while (e == 0) {
		ssize_t n = ipc__send_fd(c->fd, frame, size, fd);
		if (n > 0) {
			/* The descriptor went with the first byte; the rest is plain. */
			if ((size_t)n < size) {
				uint8_t *at = out_room(c, size - (size_t)n);
				if (at == NULL)
					return lost(c, -ENOMEM);
				memcpy(at, frame + n, size - (size_t)n);
				c->out_len += size - (size_t)n;
			}
			return ipc__port_flush(c, d);
		}
		if (n != -EAGAIN)
			return lost(c, (int)n);
		int r = ipc__poll_fd(c->fd, POLLOUT, d);
		e = r < 0 ? r : 0;
	}
	return e;
}

void
ipc__port_queue_acks(ipc_port_conn *c)
{
	for (unsigned i = 0; i < c->nacks; i++) {
		struct ipc__frame f = { .kind = IPC__K_ACK, .dst = c->acks[i].port,
		    .type = c->acks[i].n };
		if (ipc__port_put(c, &f, "", 0) == NULL) {
			lost(c, -ENOMEM);
			return;
		}
	}
	c->nacks = 0;
	c->unacked = 0;
	c->unacked_bytes = 0;
}

int
ipc__port_wait(ipc_port_conn *c, const struct ipc__deadline *d)
{
	if (c->dead)
		return c->dead;
	/* Whatever we owe portd goes out before we sleep: acknowledgements
	 * let it free its queue, and it may be waiting for them. */
	ipc__port_queue_acks(c);
	int e = ipc__port_flush(c, d);
	if (e < 0)
		return e;
	int r = ipc__poll_fd(c->fd, POLLIN, d);
	if (r < 0)
		return r;
	return read_some(c);
}

int
ipc__port_request(ipc_port_conn *c, struct ipc__frame *f, const void *payload,
    uint32_t len, const struct ipc__deadline *d)
{
	return ipc__port_request_fd(c, f, payload, len, -1, d);
}

int
ipc__port_request_fd(ipc_port_conn *c, struct ipc__frame *f, const void *payload,
    uint32_t len, int fd, const struct ipc__deadline *d)
{
	if (c->dead)
		return c->dead;
	f->cookie = ipc__port_cookie(c);
	/* Armed before sending: the reply may come while we still write. */
	c->want = f->cookie;
	c->got = 0;
	int e = 0;
	if (fd >= 0) {
		uint8_t frame[IPC__WIRE_MIN + 64];
		struct ipc__frame g = *f;
		g.flags |= IPC__F_FD;
		g.uid = c->uid;
		g.gid = c->gid;
		g.pid = c->pid;
		e = len > 64 ? -EINVAL
		    : ipc__port_put_fd(c, frame, ipc__wire_encode(frame, &g, payload, len), fd, d);
	} else if (ipc__port_put(c, f, payload ? payload : "", len) == NULL) {
		e = -ENOMEM;
	}
	while (!c->got && e == 0) {
		e = ipc__port_wait(c, d);
		/* Most requests are answered at once and would not be safe to
		 * repeat (a second create): a signal only makes us look again.
		 * A lookup may wait for a service to start, and is idempotent:
		 * the caller hears of the signal and may ask again. */
		if (e == -EINTR && f->kind != IPC__K_LOOKUP)
			e = 0;
	}
	c->want = 0;
	if (e < 0)
		return e;
	if (c->reply.kind == IPC__K_ERROR) {
		ipc__port_set_errmsg(c, (const char *)c->reply.payload, c->reply.len);
		return -(int)(c->reply.type ? c->reply.type : EPROTO);
	}
	c->errmsg[0] = '\0';
	return 0;
}

/* ---- connect ---- */

static int
dial(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path)
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	int e = ipc__set_nonblock(fd, 1);
	if (e < 0) {
		close(fd);
		return e;
	}
	return fd;
}

static void
pause_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };
	nanosleep(&ts, NULL);
}

/* No answer: start a broker (the per-user one only) and dial again until it
 * answers; a broker another client started meanwhile answers just as well. */
static int
dial_or_start(const char *path, int flags, const struct ipc__deadline *d)
{
	int started = 0;
	for (;;) {
		int fd = dial(path);
		if (fd >= 0 || (fd != -ENOENT && fd != -ECONNREFUSED))
			return fd;
		if (flags & (IPC_PORT_SYSTEM | IPC_PORT_NOSTART))
			return -ECONNREFUSED;
		if (!started) {
			int e = ipc__port_spawn();
			if (e < 0)
				return e;
			started = 1;
			continue;
		}
		if (ipc__deadline_left_ms(d) == 0)
			return -ETIMEDOUT;
		pause_ms(2);
	}
}

int
ipc_port_connect(ipc_port_conn **out, int flags, int timeout_ms)
{
	char dir[4096], path[4200];
	int n = ipc_port_dir(flags, dir, sizeof dir);
	if (n < 0)
		return n;
	snprintf(path, sizeof path, "%s/portd.sock", dir);
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	ipc_port_conn *c = calloc(1, sizeof *c);
	if (c == NULL)
		return -ENOMEM;
	c->fd = dial_or_start(path, flags, &d);
	if (c->fd < 0) {
		int e = c->fd;
		free(c);
		return e;
	}
	int sz = 1 << 20;
	setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	c->uid = (uint32_t)getuid();
	c->gid = (uint32_t)getgid();
	c->pid = (uint32_t)getpid();
	*out = c;
	return 0;
}

void
ipc_port_disconnect(ipc_port_conn *c)
{
	if (c == NULL)
		return;
	ipc__port_queue_acks(c);
	ipc__port_push(c);
	ipc__port_blob_release(c);
	ipc__port_shm_free(c);
	for (unsigned i = c->pend_head; i < c->pend_len; i++)
		if (!c->pend[i].taken && c->pend[i].fd >= 0)
			close(c->pend[i].fd);
	close(c->fd);
	ipc__rbuf_free(&c->in);
	free(c->pend);
	free(c->out);
	free(c->copy);
	free(c->reply_buf);
	free(c);
}
