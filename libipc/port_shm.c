/* port_shm.c: large messages through shared memory: one ring per sender and port, sealed blobs beyond. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "port_conn.h"

/*
 * A fresh mapping per message costs more in page faults than copying the
 * bytes through the socket, so a sender keeps one ring per destination port,
 * mapped once: it copies a message in, and the frame through portd only says
 * where (ring id, position, length). The receiver maps the ring read-only
 * once, checks every position and length against the size it mapped (never
 * trusting numbers another process wrote), and copies the bytes out. portd
 * tells the sender how far the receiver has read. Messages too big for the
 * ring travel as a memfd sealed against any change, mapped where it is.
 */

static int
sealed(int fd, int want, uint64_t min, uint64_t *size)
{
	struct stat st;
	int seals = fcntl(fd, F_GET_SEALS);
	if (seals < 0 || (seals & want) != want || fstat(fd, &st) < 0 ||
	    !S_ISREG(st.st_mode) || (uint64_t)st.st_size < min)
		return -EBADMSG;
	*size = (uint64_t)st.st_size;
	return 0;
}

static int
memfd(const char *name, size_t size, int seals)
{
	int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0 || fcntl(fd, F_ADD_SEALS, seals) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	return fd;
}

static struct ipc__sring *
sring_of(ipc_port_conn *c, uint32_t port)
{
	for (unsigned i = 0; i < c->nsrings; i++)
		if (c->srings[i].port == port)
			return &c->srings[i];
	return NULL;
}

/* Sets up our ring towards port: portd checks the send right and hands
 * the memfd to whoever receives. */
static int
sring_attach(ipc_port_conn *c, uint32_t port, const struct ipc__deadline *d)
{
	size_t size = IPC__PORT_RING;
	struct ipc__sring *s = realloc(c->srings, (c->nsrings + 1) * sizeof *s);
	if (s == NULL)
		return -ENOMEM;
	c->srings = s;
	int fd = memfd("ipc-port-ring", size, F_SEAL_SHRINK | F_SEAL_GROW);
	if (fd < 0)
		return fd;
	void *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		int e = -errno;
		close(fd);
		return e;
	}
	uint8_t sz[8];
	ipc__u64_encode(sz, size);
	struct ipc__frame f = { .kind = IPC__K_ATTACH, .dst = port };
	int e = ipc__port_request_fd(c, &f, sz, sizeof sz, fd, d);
	close(fd);
	if (e < 0) {
		munmap(map, size);
		return e;
	}
	c->srings[c->nsrings++] = (struct ipc__sring){ .port = port, .id = c->reply.src,
	    .map = map, .size = size, .window = size };
	return 0;
}

static int
send_blob(ipc_port_conn *c, const struct ipc__frame *f, const void *data, size_t len,
    const struct ipc__deadline *d)
{
	int fd = memfd("ipc-port-blob", len, 0);
	if (fd < 0)
		return fd;
	const uint8_t *p = data;
	for (size_t done = 0; done < len;) {
		ssize_t n = pwrite(fd, p + done, len - done, (off_t)done);
		if (n < 0 && errno != EINTR) {
			int e = -errno;
			close(fd);
			return e;
		}
		done += n > 0 ? (size_t)n : 0;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	struct ipc__frame g = *f;
	g.flags |= IPC__F_BLOB | IPC__F_FD;
	g.uid = c->uid;
	g.gid = c->gid;
	g.pid = c->pid;
	uint8_t frame[IPC__WIRE_MIN + 8], sz[8];
	ipc__u64_encode(sz, len);
	int e = ipc__port_put_fd(c, frame, ipc__wire_encode(frame, &g, sz, 8), fd, d);
	close(fd);
	return e;
}

/* The window for messages of len bytes: room for eight at least, a mebibyte
 * at least (measured: smaller windows stall the sender on acknowledgements
 * more than they gain in cache), the ring at most. */
static uint64_t
window_for(size_t len, uint64_t size)
{
	uint64_t w = 1024u << 10;
	while (w < 8 * (uint64_t)len && w < size)
		w *= 2;
	return w < size ? w : size;
}

/* Waits until len bytes fit in the window without wrapping; their offset,
 * and the count of bytes written once they are. */
static int
ring_room(ipc_port_conn *c, uint32_t port, size_t len, const struct ipc__deadline *d,
    uint64_t *off, uint64_t *end)
{
	for (;;) {
		struct ipc__sring *r = sring_of(c, port);
		if (r == NULL)
			return -ECONNRESET;   /* portd dropped the ring */
		if (r->head == r->tail) {
			r->window = window_for(len, r->size);
			r->base = r->head;
		}
		uint64_t at = r->head, o = (at - r->base) % r->window;
		if (o + len > r->window) {
			at += r->window - o;   /* the rest of the window is skipped */
			o = 0;
		}
		if (len <= r->window && at + len - r->tail <= r->window) {
			*off = o;
			*end = at + len;
			return 0;
		}
		int e = ipc__port_wait(c, d);
		if (e < 0)
			return e;
	}
}

int
ipc__port_send_large(ipc_port_conn *c, const struct ipc__frame *f,
    const void *data, size_t len, const struct ipc__deadline *d)
{
	if (len > IPC__PORT_RING / 2)
		return send_blob(c, f, data, len, d);
	if (sring_of(c, f->dst) == NULL) {
		int e = sring_attach(c, f->dst, d);
		if (e < 0)
			return e;
	}
	uint64_t off, end;
	int e = ring_room(c, f->dst, len, d, &off, &end);
	if (e < 0)
		return e;
	struct ipc__sring *r = sring_of(c, f->dst);
	memcpy(r->map + off, data, len);
	r->head = end;
	struct ipc__ringref ref = { .ring = r->id, .off = (uint32_t)off, .end = end, .len = len };
	struct ipc__frame g = *f;
	g.flags |= IPC__F_RING;
	uint8_t *at = ipc__port_put(c, &g, NULL, IPC__RINGREF_SIZE);
	if (at == NULL)
		return -ENOMEM;
	ipc__ringref_encode(at + IPC__WIRE_HDR, &ref);
	ipc__port_seal(at);
	return 0;   /* written with what follows, as an inline message would be */
}

static struct ipc__rring *
rring_of(ipc_port_conn *c, uint32_t id)
{
	for (unsigned i = 0; i < c->nrrings; i++)
		if (c->rrings[i].id == id)
			return &c->rrings[i];
	return NULL;
}

static int
take_ring(ipc_port_conn *c, struct ipc__pend *p, struct ipc_port_msg *m)
{
	struct ipc__frame f = { .payload = c->in.buf + p->off, .len = p->len };
	struct ipc__ringref ref;
	if (ipc__ringref_decode(&f, &ref) < 0)
		return -EBADMSG;
	struct ipc__rring *r = rring_of(c, ref.ring);
	/* Every number here came from another process: check them all
	 * against the size we mapped before touching a byte. */
	if (r == NULL || r->port != p->dst || ref.len > r->size || ref.off > r->size - ref.len)
		return -EBADMSG;
	if (ref.len > c->copy_cap) {
		uint8_t *b = realloc(c->copy, ref.len);
		if (b == NULL)
			return -ENOMEM;
		c->copy = b;
		c->copy_cap = ref.len;
	}
	memcpy(c->copy, r->map + ref.off, ref.len);
	m->data = c->copy;
	m->len = ref.len;
	return 0;
}

static int
take_blob(ipc_port_conn *c, struct ipc__pend *p, struct ipc_port_msg *m)
{
	struct ipc__frame f = { .payload = c->in.buf + p->off, .len = p->len };
	uint64_t len, size;
	if (p->fd < 0 || ipc__u64_decode(&f, &len) < 0 ||
	    sealed(p->fd, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE, len, &size) < 0)
		return -EBADMSG;
	m->data = "";
	m->len = 0;
	if (len == 0)
		return 0;
	/* Sealed against writes: the bytes cannot change under the reader,
	 * so they are read where they are. */
	void *map = mmap(NULL, len, PROT_READ, MAP_SHARED, p->fd, 0);
	if (map == MAP_FAILED)
		return errno == ENOMEM ? -ENOMEM : -EBADMSG;
	c->blob = map;
	c->blob_len = len;
	m->data = map;
	m->len = len;
	return 0;
}

int
ipc__port_take_large(ipc_port_conn *c, struct ipc__pend *p, struct ipc_port_msg *m)
{
	return p->flags & IPC__F_RING ? take_ring(c, p, m) : take_blob(c, p, m);
}

void
ipc__port_blob_release(ipc_port_conn *c)
{
	if (c->blob != NULL) {
		munmap(c->blob, c->blob_len);
		c->blob = NULL;
	}
}

static void
rring_add(ipc_port_conn *c, const struct ipc__frame *f, int fd)
{
	uint64_t want, size;
	if (ipc__u64_decode(f, &want) < 0 || rring_of(c, f->src) != NULL ||
	    sealed(fd, F_SEAL_SHRINK | F_SEAL_GROW, want, &size) < 0 || size != want)
		return;
	struct ipc__rring *r = realloc(c->rrings, (c->nrrings + 1) * sizeof *r);
	if (r == NULL)
		return;
	c->rrings = r;
	void *map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return;
	r[c->nrrings++] = (struct ipc__rring){ .id = f->src, .port = f->dst,
	    .map = map, .size = size };
}

static void
forget(ipc_port_conn *c, uint32_t id)
{
	for (unsigned i = 0; i < c->nrrings; i++)
		if (c->rrings[i].id == id) {
			munmap((void *)c->rrings[i].map, c->rrings[i].size);
			c->rrings[i--] = c->rrings[--c->nrrings];
		}
	for (unsigned i = 0; i < c->nsrings; i++)
		if (c->srings[i].id == id) {
			munmap(c->srings[i].map, c->srings[i].size);
			c->srings[i--] = c->srings[--c->nsrings];
		}
}

void
ipc__port_ring_notice(ipc_port_conn *c, const struct ipc__frame *f, int fd)
{
	if (f->kind == IPC__K_ACK) {
		struct ipc__sring *s = NULL;
		uint64_t upto;
		for (unsigned i = 0; i < c->nsrings && s == NULL; i++)
			if (c->srings[i].id == f->src)
				s = &c->srings[i];
		if (s != NULL && ipc__u64_decode(f, &upto) == 0 && upto <= s->head &&
		    upto > s->tail)
			s->tail = upto;
	} else if (f->flags & IPC__F_DETACH) {
		forget(c, f->src);
	} else if (fd >= 0) {
		rring_add(c, f, fd);
	}
	if (fd >= 0)
		close(fd);
}

void
ipc__port_ring_drop_port(ipc_port_conn *c, uint32_t port)
{
	for (unsigned i = 0; i < c->nrrings; i++)
		if (c->rrings[i].port == port) {
			munmap((void *)c->rrings[i].map, c->rrings[i].size);
			c->rrings[i--] = c->rrings[--c->nrrings];
		}
}

void
ipc__port_shm_free(ipc_port_conn *c)
{
	while (c->nrrings > 0)
		forget(c, c->rrings[0].id);
	while (c->nsrings > 0)
		forget(c, c->srings[0].id);
	free(c->rrings);
	free(c->srings);
	c->rrings = NULL;
	c->srings = NULL;
}
