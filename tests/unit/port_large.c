/* port_large.c: large messages through rings and sealed blobs: whole, bounded, and never trusted. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/core.h"
#include "ipc/port.h"
#include "port_io.h"
#include "port_util.h"
#include "port_wire.h"
#include "sys.h"
#include "tap.h"

static void
fill(unsigned char *p, size_t len, unsigned seed)
{
	uint32_t x = seed * 2654435761u + 1;
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
}

static int
same(const unsigned char *p, size_t len, unsigned seed)
{
	static unsigned char *want;
	static size_t cap;
	if (len > cap) {
		free(want);
		want = malloc(len);
		cap = len;
	}
	fill(want, len, seed);
	return memcmp(p, want, len) == 0;
}

static ipc_port_conn *
conn(void)
{
	ipc_port_conn *c = NULL;
	if (ipc_port_connect(&c, 0, 5000) < 0)
		return NULL;
	return c;
}

/* Sizes that cross the inline limit, fill the ring, wrap it, and pass it. */
static const size_t sizes[] = {
	33 << 10, 100000, 1 << 20, 3 << 20, 7 << 20, 1 << 20, 1 << 20, 1 << 20,
	5 << 20, 1 << 20, 1 << 20, 1 << 20, 12 << 20, 65537, 1 << 20, 1 << 20,
	1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20,
};
#define NSIZES (sizeof sizes / sizeof *sizes)

static void
sender(void)
{
	ipc_port_conn *c = conn();
	uint32_t port;
	unsigned char *buf = malloc(12 << 20);
	if (c == NULL || buf == NULL || ipc_port_lookup(c, "big", 0, 5000, &port) < 0)
		_exit(2);
	for (unsigned i = 0; i < NSIZES; i++) {
		fill(buf, sizes[i], i);
		if (ipc_port_send(c, port, i, buf, sizes[i], 0, 0, 20000) < 0)
			_exit(3);
	}
	_exit(ipc_port_sync(c, 20000) < 0 ? 4 : 0);
}

static void
test_whole(void)
{
	pt_fresh_rundir("whole");
	ipc_port_conn *c = conn();
	uint32_t port;
	ok(c && ipc_port_open(c, "big", IPC_PORT_CREATE | IPC_PORT_RECV, 5000, &port) == 0,
	    "a receiving port");
	pid_t pid = fork();
	if (pid == 0)
		sender();
	unsigned good = 0;
	for (unsigned i = 0; i < NSIZES; i++) {
		const ipc_port_msg *m;
		size_t len;
		if (ipc_port_recv(c, port, &m, 20000) < 0)
			break;
		const unsigned char *d = ipc_port_msg_data(m, &len);
		good += ipc_port_msg_type(m) == i && len == sizes[i] && same(d, len, i) &&
		    ipc_port_msg_pid(m) == pid;
	}
	int st;
	is(good, NSIZES, "%zu messages of 33 KiB to 12 MiB arrive whole, in order, "
	    "the ring wrapped several times", NSIZES);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "the sender was told all went well");
	struct ipc_port_status s;
	ok(ipc_port_status(c, &s, 2000) == 0 && s.queued_bytes < 4096,
	    "portd held only small frames for them");
	ipc_port_disconnect(c);
	pt_stop_broker();
}

/* A receiver that does not read: the sender's ring fills and it waits. */
static void
test_backpressure(void)
{
	pt_fresh_rundir("pressure");
	ipc_port_conn *r = conn(), *s = conn();
	uint32_t port, to;
	ok(r && s && ipc_port_open(r, "slow", IPC_PORT_CREATE | IPC_PORT_RECV, 5000, &port) == 0 &&
	    ipc_port_lookup(s, "slow", 0, 5000, &to) >= 0, "a slow receiver and a sender");
	unsigned char *buf = malloc(1 << 20);
	int sent = 0, e = 0;
	for (; sent < 40; sent++) {
		fill(buf, 1 << 20, (unsigned)sent);
		if ((e = ipc_port_send(s, to, 0, buf, 1 << 20, 0, 0, 300)) != 0)
			break;
	}
	is(e, -ETIMEDOUT, "the sender times out when its ring is full");
	ok(sent >= 7 && sent <= 16, "after one window's worth (%d MiB; 8 for 1 MiB messages)", sent);
	const ipc_port_msg *m;
	size_t len;
	int good = 1;
	for (int i = 0; i < sent; i++)
		good &= ipc_port_recv(r, port, &m, 5000) == 0 &&
		    same(ipc_port_msg_data(m, &len), 1 << 20, (unsigned)i);
	ok(good, "what was sent arrives");
	fill(buf, 1 << 20, 99);
	ok(ipc_port_send(s, to, 0, buf, 1 << 20, 0, 0, 2000) == 0, "and the sender goes on");
	ok(ipc_port_recv(r, port, &m, 5000) == 0 && same(ipc_port_msg_data(m, &len), 1 << 20, 99),
	    "into the room the receiver made");
	free(buf);
	ipc_port_disconnect(s);
	ipc_port_disconnect(r);
	pt_stop_broker();
}

static int
send_frame(int fd, const struct ipc__frame *f, const void *payload, uint32_t len, int pass)
{
	uint8_t buf[256];
	size_t n = ipc__wire_encode(buf, f, payload, len);
	return ipc__send_fd(fd, buf, n, pass) == (ssize_t)n ? 0 : -1;
}

/* Reads frames until one with cookie arrives; its kind and type. */
static int
reply_to(int fd, uint32_t cookie, uint32_t *type, uint32_t *src)
{
	struct ipc__rbuf in = { 0 };
	for (int tries = 0; tries < 200; tries++) {
		ipc__rbuf_reserve(&in, 4096);
		ssize_t n = ipc__rbuf_recv(&in, fd);
		if (n == -EAGAIN) {
			usleep(10000);
			continue;
		}
		if (n <= 0)
			break;
		struct ipc__frame f;
		long k;
		while ((k = ipc__wire_decode(in.buf + in.start, in.len - in.start, 1 << 20, &f)) > 0) {
			in.start += (size_t)k;
			if (f.cookie == cookie) {
				*type = f.type;
				*src = f.src;
				int kind = f.kind;
				ipc__rbuf_free(&in);
				return kind;
			}
		}
	}
	ipc__rbuf_free(&in);
	return -1;
}

static int
memfd(size_t size, int seals)
{
	int fd = memfd_create("t", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd >= 0 && (ftruncate(fd, (off_t)size) < 0 || (seals && fcntl(fd, F_ADD_SEALS, seals) < 0))) {
		close(fd);
		return -1;
	}
	return fd;
}

static size_t
queued_on(ipc_port_conn *c, const char *name)
{
	struct ipc_port_info *l;
	size_t n = 0, queued = 0;
	if (ipc_port_list(c, &l, &n, 5000) == 0) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(l[i].name, name) == 0)
				queued = (size_t)l[i].msgs;
		ipc_port_list_free(l);
	}
	return queued;
}

/* A hostile sender with a ring of its own: portd checks each reference
 * against the ring's real size, and refuses what could fault a reader. */
static void
test_hostile(void)
{
	pt_fresh_rundir("hostile");
	ipc_port_conn *r = conn();
	uint32_t port, type, src;
	ok(r && ipc_port_open(r, "victim", IPC_PORT_CREATE | IPC_PORT_RECV, 5000, &port) == 0,
	    "a receiver");
	int fd = pt_raw_connect();
	ipc__set_nonblock(fd, 1);
	uint8_t size[8];
	ipc__u64_encode(size, 1 << 20);
	struct ipc__frame a = { .kind = IPC__K_ATTACH, .flags = IPC__F_FD, .dst = port, .cookie = 1 };
	int loose = memfd(1 << 20, 0);
	ok(send_frame(fd, &a, size, 8, loose) == 0 && reply_to(fd, 1, &type, &src) == IPC__K_ERROR &&
	    type == EINVAL, "a ring that could shrink under its reader is refused");
	close(loose);
	int ring = memfd(1 << 20, F_SEAL_SHRINK | F_SEAL_GROW);
	a.cookie = 2;
	ok(send_frame(fd, &a, size, 8, ring) == 0 && reply_to(fd, 2, &type, &src) == IPC__K_ATTACH,
	    "a sealed ring is attached");
	close(ring);
	uint32_t id = src;
	struct ipc__ringref bad[] = {
		{ id, (1 << 20) - 10, 100, 100 },        /* runs past the end */
		{ id, 0xffffffff, 100, 100 },            /* starts past the end */
		{ id, 0, (1 << 20) + 1, (1 << 20) + 1 }, /* longer than the ring */
		{ id + 7, 0, 100, 100 },                 /* someone else's ring */
		{ id, 0, 0, 0 },                         /* nothing */
	};
	int refused = 1;
	for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
		uint8_t ref[IPC__RINGREF_SIZE];
		ipc__ringref_encode(ref, &bad[i]);
		struct ipc__frame m = { .kind = IPC__K_MESSAGE, .flags = IPC__F_RING, .dst = port,
		    .cookie = 10 + i };
		refused &= send_frame(fd, &m, ref, sizeof ref, -1) == 0 &&
		    reply_to(fd, 10 + i, &type, &src) == IPC__K_ERROR && type == EINVAL;
	}
	ok(refused, "ring references out of bounds, or to another's ring, are refused");
	int blob = memfd(4096, F_SEAL_SHRINK | F_SEAL_GROW);
	uint8_t len[8];
	ipc__u64_encode(len, 4096);
	struct ipc__frame b = { .kind = IPC__K_MESSAGE, .flags = IPC__F_BLOB | IPC__F_FD,
	    .dst = port, .cookie = 20 };
	ok(send_frame(fd, &b, len, 8, blob) == 0 && reply_to(fd, 20, &type, &src) == IPC__K_ERROR &&
	    type == EINVAL, "a blob that could still change is refused");
	close(blob);
	const ipc_port_msg *m;
	is(ipc_port_recv(r, port, &m, 200), -ETIMEDOUT, "and nothing reached the receiver");

	/* Tiny blobs each hold a descriptor in portd: they weigh a mebibyte
	 * each against the port's 16 MiB, so a flood of them waits. */
	uint32_t sink;
	ok(ipc_port_open(r, "sink", IPC_PORT_CREATE, 5000, &sink) == 0, "a port nobody receives");
	int flood = pt_raw_connect();
	ipc__set_nonblock(flood, 1);
	for (unsigned i = 0; i < 40; i++) {
		int tiny = memfd(4096, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
		struct ipc__frame t = { .kind = IPC__K_MESSAGE, .flags = IPC__F_BLOB | IPC__F_FD,
		    .dst = sink, .cookie = 100 + i };
		send_frame(flood, &t, len, 8, tiny);
		close(tiny);
	}
	/* Wait until the queue is full, then a little longer to see that
	 * nothing more gets in. */
	size_t queued = 0;
	for (int i = 0; i < 500 && (queued = queued_on(r, "sink")) < 15; i++)
		usleep(10000);
	usleep(100000);
	queued = queued_on(r, "sink");
	ok(queued == 15, "a flood of small blobs stops at the port's limit (%zu of 40 queued)", queued);
	close(flood);
	struct ipc__frame nofd = { .kind = IPC__K_MESSAGE, .flags = IPC__F_BLOB | IPC__F_FD,
	    .dst = port, .cookie = 21 };
	ok(send_frame(fd, &nofd, len, 8, -1) == 0 && pt_closed_by_peer(fd),
	    "a frame that promises a descriptor and brings none: dropped");
	close(fd);
	ipc_port_disconnect(r);
	pt_stop_broker();
}

int
main(void)
{
	if (!pt_begin())
		return tap_done();
	test_whole();
	test_backpressure();
	test_hostile();
	return tap_done();
}
