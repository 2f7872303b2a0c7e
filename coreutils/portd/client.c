/* client.c: portd's connections: accept with verified identity, read, write, drop. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop.h"
#include "portd.h"

/* A read is at least this big, so a stream of small frames costs one
 * system call per many frames. */
#define READ_CHUNK (64u << 10)

struct client *
client_get(struct broker *b, uint32_t id)
{
	unsigned slot = id & 0xffff;
	if (slot == 0 || slot >= b->nslots)
		return NULL;
	struct client *c = b->slots[slot];
	return c && c->id == id && !c->dead ? c : NULL;
}

int
client_in_group(const struct client *c, gid_t g)
{
	if (c->gid == g)
		return 1;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == g)
			return 1;
	return 0;
}

#ifdef SO_PEERGROUPS
/* Supplementary groups, so a grant to a group reaches its every member. */
static void
peer_groups(struct client *c)
{
	socklen_t len = 0;
	if (getsockopt(c->fd, SOL_SOCKET, SO_PEERGROUPS, NULL, &len) < 0 &&
	    errno != ERANGE)
		return;
	if (len == 0 || (c->groups = malloc(len)) == NULL)
		return;
	if (getsockopt(c->fd, SOL_SOCKET, SO_PEERGROUPS, c->groups, &len) < 0) {
		free(c->groups);
		c->groups = NULL;
		return;
	}
	c->ngroups = (int)(len / sizeof(gid_t));
}
#else
static void
peer_groups(struct client *c)
{
	(void)c;   /* only the primary group from SO_PEERCRED */
}
#endif

static int
slot_new(struct broker *b)
{
	for (unsigned i = 1; i < b->nslots; i++)
		if (b->slots[i] == NULL)
			return (int)i;
	if (b->nslots >= 65536)
		return -EMFILE;
	unsigned n = b->nslots ? b->nslots * 2 : 64;
	struct client **s = realloc(b->slots, n * sizeof *s);
	if (s == NULL)
		return -ENOMEM;
	b->slots = s;
	uint16_t *g = realloc(b->gens, n * sizeof *g);
	if (g == NULL)
		return -ENOMEM;
	b->gens = g;
	for (unsigned i = b->nslots; i < n; i++) {
		s[i] = NULL;
		g[i] = 0;
	}
	int slot = b->nslots ? (int)b->nslots : 1;
	b->nslots = n;
	return slot;
}

/* Identity is taken once, from the kernel, when the connection is made:
 * nothing the client later writes in a frame can change it. */
static int
client_new(struct broker *b, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof cred;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return -errno;
	if (!b->system && cred.uid != b->uid) {
		broker_log(b, "refused uid %u (pid %d): this portd serves uid %u only",
		    (unsigned)cred.uid, (int)cred.pid, (unsigned)b->uid);
		return -EACCES;
	}
	if (b->nclients >= b->lim.max_clients)
		return -EMFILE;
	int slot = slot_new(b);
	if (slot < 0)
		return slot;
	struct client *c = calloc(1, sizeof *c);
	if (c == NULL)
		return -ENOMEM;
	if (++b->gens[slot] == 0)
		b->gens[slot] = 1;
	c->id = (uint32_t)slot | (uint32_t)b->gens[slot] << 16;
	c->fd = fd;
	c->uid = cred.uid;
	c->gid = cred.gid;
	c->pid = cred.pid;
	peer_groups(c);
	c->events = LOOP_IN;
	int e = loop_add(b->loop, fd, c, c->events);
	if (e < 0) {
		free(c->groups);
		free(c);
		return e;
	}
	/* Bigger socket buffers mean fewer, larger writes under load. */
	int sz = 1 << 20;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	b->slots[slot] = c;
	b->nclients++;
	return 0;
}

/* Out of descriptors, a pending connection would keep the listening socket
 * readable for ever: the spare descriptor makes room to accept and close it.
 * Returns 1 when one was refused, 0 when none was waiting. */
static int
refuse_one(struct broker *b)
{
	if (b->spare_fd < 0)
		return 0;
	close(b->spare_fd);
	int fd = accept4(b->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		broker_log(b, "refused a client: out of descriptors");
	}
	b->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return fd >= 0;
}

int
client_accept(struct broker *b)
{
	for (;;) {
		int fd = accept4(b->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				if (refuse_one(b))
					continue;
				return 0;
			}
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
		}
		int e = client_new(b, fd);
		if (e < 0)
			close(fd);
	}
}

/* ---- output ---- */

void
client_mark_dirty(struct broker *b, struct client *c)
{
	if (c->dirty || c->dead)
		return;
	c->dirty = 1;
	c->next_dirty = b->dirty;
	b->dirty = c;
}

/* A client with nothing to watch leaves the loop: a paused client's hang-up
 * would otherwise be reported again and again while its input waits. */
static void
set_events(struct broker *b, struct client *c, int events)
{
	if (events == c->events || c->dead)
		return;
	if (events == 0)
		loop_del(b->loop, c->fd);
	else if (c->events == 0)
		loop_add(b->loop, c->fd, c, events);
	else
		loop_mod(b->loop, c->fd, c, events);
	c->events = events;
}

static int
events_wanted(const struct client *c, int blocked)
{
	return (c->paused ? 0 : LOOP_IN) | (blocked ? LOOP_OUT : 0);
}

/* Writes what c has pending: first whatever range is half written (a frame
 * must never be interleaved with another), then replies, then each port's
 * messages. Returns 1 when all went, 0 when the socket is full, -errno. */
static int
client_write(struct broker *b, struct client *c)
{
	int r, partial;
	if (c->cur != NULL && c->cur != &c->ctrl) {
		struct port *p = c->cur;
		c->cur = NULL;
		if ((r = port_write(b, p)) <= 0)
			return r;
	}
	c->cur = NULL;
	size_t before = queue_bytes(&c->ctrl);
	r = queue_write(&c->ctrl, c->fd, 0, &partial);
	if (partial)
		c->cur = &c->ctrl;
	if (before > b->lim.ctrl_bytes && queue_bytes(&c->ctrl) <= b->lim.ctrl_bytes)
		b->resume = 1;
	if (r <= 0)
		return r;
	for (unsigned i = 0; i < c->nrecv; i++)
		if ((r = port_write(b, c->recv[i])) <= 0)
			return r;
	return 1;
}

static void
client_flush(struct broker *b, struct client *c)
{
	int r = client_write(b, c);
	if (r < 0) {
		client_drop(b, c);
		return;
	}
	set_events(b, c, events_wanted(c, r == 0));
}

void
client_flush_dirty(struct broker *b)
{
	while (b->dirty != NULL) {
		struct client *c = b->dirty;
		b->dirty = c->next_dirty;
		c->dirty = 0;
		if (!c->dead)
			client_flush(b, c);
	}
}

void
client_writable(struct broker *b, struct client *c)
{
	client_flush(b, c);
}

int
client_reply(struct broker *b, struct client *c, const struct ipc__frame *f,
    const void *payload, uint32_t len, int fd)
{
	size_t size = ipc__wire_size(len);
	uint8_t *at = queue_reserve(&c->ctrl, size);
	if (at == NULL) {
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	ipc__wire_encode(at, f, payload, len);
	int e = queue_commit(&c->ctrl, size, fd);
	if (e < 0) {
		if (fd >= 0)
			close(fd);
		return e;
	}
	client_mark_dirty(b, c);
	return 0;
}

int
client_error(struct broker *b, struct client *c, const struct ipc__frame *req,
    int err, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof text)
		n = sizeof text - 1;
	struct ipc__frame f = { .kind = IPC__K_ERROR, .type = (uint32_t)(err < 0 ? -err : err),
	    .src = req->kind, .dst = req->dst, .cookie = req->cookie };
	return client_reply(b, c, &f, text, (uint32_t)n, -1);
}

/* ---- input ---- */

/* Runs the frames c has sent, in order, until one must wait for room. */
static void
client_parse(struct broker *b, struct client *c)
{
	struct ipc__rbuf *in = &c->in;
	while (!c->dead && in->start < in->len) {
		struct ipc__frame f;
		uint8_t *at = in->buf + in->start;
		long n = ipc__wire_decode(at, in->len - in->start, b->lim.max_frame, &f);
		if (n == 0)
			break;
		if (n < 0) {
			broker_log(b, "dropped pid %d (uid %u): %s frame", (int)c->pid,
			    (unsigned)c->uid, n == -EMSGSIZE ? "oversized" : "malformed");
			client_drop(b, c);
			return;
		}
		int r = dispatch(b, c, &f, at, (size_t)n);
		if (r == 1) {
			c->paused = 1;
			b->npaused++;
			set_events(b, c, events_wanted(c, (c->events & LOOP_OUT) != 0));
			return;
		}
		if (r < 0) {
			broker_log(b, "dropped pid %d (uid %u): %s", (int)c->pid,
			    (unsigned)c->uid, ipc_strerror(r));
			client_drop(b, c);
			return;
		}
		in->start += (size_t)n;
	}
	if (in->start == in->len)
		ipc__rbuf_shrink(in, READ_CHUNK);
}

/* How much room the next read wants: a whole frame when a big one is
 * arriving (its length was judged by the decoder already), else a chunk. */
static size_t
room_wanted(const struct ipc__rbuf *in)
{
	size_t have = in->len - in->start;
	if (have < 4)
		return READ_CHUNK;
	size_t total = (size_t)ipc__le32(in->buf + in->start) + 4;
	return total > have + READ_CHUNK ? total - have : READ_CHUNK;
}

void
client_readable(struct broker *b, struct client *c)
{
	if (c->paused || c->dead)
		return;
	size_t have = c->in.len - c->in.start;
	if (have >= 4 && ipc__le32(c->in.buf + c->in.start) + 4 > b->lim.max_frame) {
		client_parse(b, c);   /* reports and drops the oversized frame */
		return;
	}
	if (ipc__rbuf_reserve(&c->in, room_wanted(&c->in)) < 0) {
		client_drop(b, c);
		return;
	}
	ssize_t n = ipc__rbuf_recv(&c->in, c->fd);
	if (n == -EAGAIN)
		return;
	if (n <= 0) {
		if (n < 0 || c->in.start < c->in.len)
			broker_log(b, "dropped pid %d (uid %u): %s", (int)c->pid,
			    (unsigned)c->uid, n < 0 ? ipc_strerror((int)n) :
			    "disconnected in the middle of a frame");
		client_drop(b, c);
		return;
	}
	client_parse(b, c);
}

void
client_resume_paused(struct broker *b)
{
	if (!b->resume)
		return;
	b->resume = 0;
	if (b->npaused == 0)
		return;
	for (unsigned i = 1; i < b->nslots; i++) {
		struct client *c = b->slots[i];
		if (c == NULL || !c->paused || c->dead)
			continue;
		c->paused = 0;
		b->npaused--;
		client_parse(b, c);
		if (!c->dead && !c->paused)
			set_events(b, c, events_wanted(c, (c->events & LOOP_OUT) != 0));
	}
}

/* ---- the end of a client ---- */

int
client_add_recv(struct client *c, struct port *p)
{
	if (c->nrecv == c->recvcap) {
		unsigned cap = c->recvcap ? c->recvcap * 2 : 4;
		struct port **r = realloc(c->recv, cap * sizeof *r);
		if (r == NULL)
			return -ENOMEM;
		c->recv = r;
		c->recvcap = cap;
	}
	c->recv[c->nrecv++] = p;
	p->receiver = c;
	return 0;
}

/* c no longer receives p: what was written to it and not acknowledged is
 * written again to the next receiver. */
void
client_del_recv(struct client *c, struct port *p)
{
	for (unsigned i = 0; i < c->nrecv; i++)
		if (c->recv[i] == p) {
			c->recv[i] = c->recv[--c->nrecv];
			break;
		}
	if (c->cur == p)
		c->cur = NULL;
	p->receiver = NULL;
	port_unsend(p);
}

/* An interrupted stream is closed for its receiver with an aborted last chunk. */
static void
abort_stream(struct broker *b, struct client *c, struct port *p)
{
	struct ipc__frame f = { .kind = IPC__K_CHUNK, .flags = IPC__F_LAST | IPC__F_ABORT,
	    .dst = p->id, .uid = c->uid, .gid = c->gid, .pid = (uint32_t)c->pid,
	    .cookie = c->id };
	uint8_t frame[IPC__WIRE_MIN];
	ipc__wire_encode(frame, &f, NULL, 0);
	p->stream_owner = 0;
	port_enqueue(b, p, frame, sizeof frame, -1);
}

static int
forget_client(struct broker *b, struct port *p, void *arg)
{
	struct client *c = arg;
	if (p->stream_owner == c->id) {
		abort_stream(b, c, p);
		c->nstreams--;
	}
	if (p->name == NULL && p->creator == c->id)
		port_destroy(b, p);
	return 0;
}

/* Marks c dead and undoes its part everywhere; the memory goes in client_reap,
 * after the loop has handled every event that may still point at it. */
void
client_drop(struct broker *b, struct client *c)
{
	if (c->dead)
		return;
	if (c->paused) {
		c->paused = 0;
		b->npaused--;
	}
	while (c->nrecv > 0)
		client_del_recv(c, c->recv[0]);
	if (c->nports > 0 || c->nstreams > 0)
		ports_each(b, 0, forget_client, c);
	ring_orphan_all(b, c);
	c->dead = 1;
	if (c->events != 0)
		loop_del(b->loop, c->fd);
	close(c->fd);
	c->fd = -1;
	b->nclients--;
	b->resume = 1;
}

void
client_reap(struct broker *b)
{
	for (unsigned i = 1; i < b->nslots; i++) {
		struct client *c = b->slots[i];
		if (c == NULL || !c->dead || c->dirty)
			continue;
		b->slots[i] = NULL;
		ipc__rbuf_free(&c->in);
		queue_free(&c->ctrl);
		free(c->recv);
		free(c->groups);
		free(c);
	}
}

void
client_close_all(struct broker *b)
{
	for (unsigned i = 1; i < b->nslots; i++)
		if (b->slots[i] != NULL)
			client_drop(b, b->slots[i]);
	b->dirty = NULL;
	for (unsigned i = 1; i < b->nslots; i++)
		if (b->slots[i] != NULL)
			b->slots[i]->dirty = 0;
	client_reap(b);
	free(b->slots);
	free(b->gens);
	b->slots = NULL;
	b->gens = NULL;
	b->nslots = 0;
}
