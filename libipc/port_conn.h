/* port_conn.h: a port client connection's insides, shared by libipc's port_*.c (internal). */
#ifndef IPC_PORT_CONN_H
#define IPC_PORT_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc/port.h"
#include "port_io.h"
#include "port_wire.h"
#include "sys.h"

/* Payloads up to this size travel inside frames; larger ones through a ring:
 * past it, one copy in and one out beat the copies through two sockets. */
#define IPC__PORT_INLINE 1024u
/* Each sender's ring per port; messages over half of it go as sealed blobs. */
#define IPC__PORT_RING (16u << 20)
/* Written frames wait in the connection up to this much before send waits. */
#define IPC__PORT_OUT_MAX (1u << 20)

/* A received Message or Chunk, parsed, not yet handed out. */
struct ipc__pend {
	size_t off;             /* its payload in in.buf */
	uint32_t len;
	uint8_t kind, taken;
	uint16_t flags;
	uint32_t src, dst, type, uid, gid, pid, cookie;
	int fd;                 /* a blob's memfd, or -1 */
};

/* Our ring towards one port. head and tail count bytes written and bytes
 * the receiver is done with (portd says); only the first window bytes of
 * the ring are used, chosen when it is empty: a window a few messages big
 * stays in the caches (and its pages are the only ones ever touched), the
 * whole ring is for big messages. */
struct ipc__sring {
	uint32_t port, id;
	uint8_t *map;
	uint64_t size, window, base, head, tail;
};

/* A sender's ring, mapped read-only. */
struct ipc__rring {
	uint32_t id, port;
	const uint8_t *map;
	uint64_t size;
};

struct ipc_port_msg {
	uint32_t port, reply, type, sender;
	uid_t uid;
	gid_t gid;
	pid_t pid;
	int flags;
	const void *data;
	size_t len;
};

struct ipc_port_conn {
	int fd;
	int dead;               /* -errno once the connection is lost */
	int async_err;          /* the first error portd reported on a message */
	char errmsg[512];
	uint32_t cookie;
	uint32_t uid, gid, pid;
	struct ipc__rbuf in;
	size_t parsed;          /* in.buf bytes already parsed */
	struct ipc__pend *pend;
	unsigned pend_head, pend_len, pend_cap;
	uint8_t *out;           /* frames to write: [out_head, out_len) */
	size_t out_head, out_len, out_cap;
	struct { uint32_t port, n; } acks[8];
	unsigned nacks, unacked;
	size_t unacked_bytes;   /* of shared-memory messages: their senders wait for it */
	uint32_t closed[8];     /* ports portd took away, for recv to report */
	unsigned nclosed;
	struct ipc__sring *srings;
	unsigned nsrings;
	struct ipc__rring *rrings;
	unsigned nrrings;
	struct ipc_port_msg msg;
	uint8_t *copy;
	size_t copy_cap;
	void *blob;
	size_t blob_len;
	/* the reply the current request waits for */
	uint32_t want;
	int got;
	struct ipc__frame reply;
	uint8_t *reply_buf;
	size_t reply_cap;
};

/* port_conn.c */
uint32_t ipc__port_cookie(ipc_port_conn *c);
/* Appends a frame to the output; NULL payload with len > 0 leaves the
 * payload for the caller to fill at the returned pointer. */
uint8_t *ipc__port_put(ipc_port_conn *c, const struct ipc__frame *f,
    const void *payload, uint32_t len);
/* Seals the frame last put with a NULL payload. */
void ipc__port_seal(uint8_t *frame);
/* Writes without waiting; 0, or -errno when the connection is lost. */
int ipc__port_push(ipc_port_conn *c);
/* Writes everything by the deadline, reading meanwhile so portd never waits on us. */
int ipc__port_flush(ipc_port_conn *c, const struct ipc__deadline *d);
/* A frame with a descriptor, after everything before it. */
int ipc__port_put_fd(ipc_port_conn *c, const uint8_t *frame, size_t size, int fd,
    const struct ipc__deadline *d);
/* Waits for input by the deadline and parses it: 0, -ETIMEDOUT, -EINTR, -errno. */
int ipc__port_wait(ipc_port_conn *c, const struct ipc__deadline *d);
/* Sends a request and waits for its reply in c->reply: 0 or the broker's -errno. */
int ipc__port_request(ipc_port_conn *c, struct ipc__frame *f, const void *payload,
    uint32_t len, const struct ipc__deadline *d);
/* The same with a descriptor attached (SCM_RIGHTS); the caller keeps fd. */
int ipc__port_request_fd(ipc_port_conn *c, struct ipc__frame *f, const void *payload,
    uint32_t len, int fd, const struct ipc__deadline *d);
void ipc__port_queue_acks(ipc_port_conn *c);
/* The port is ours again (reopened): recv no longer reports it closed. */
void ipc__port_unclose(ipc_port_conn *c, uint32_t port);
void ipc__port_set_errmsg(ipc_port_conn *c, const char *msg, size_t len);

/* port_spawn.c: starts a per-user portd; 0 when one should now answer. */
int ipc__port_spawn(void);

/* port_shm.c or port_shm_none.c: large payloads. The frame that says where
 * the bytes are is left in the output for the caller to write. */
int ipc__port_send_large(ipc_port_conn *c, const struct ipc__frame *f,
    const void *data, size_t len, const struct ipc__deadline *d);
/* Points m at the bytes of a ring or blob message: 0 or -EBADMSG. */
int ipc__port_take_large(ipc_port_conn *c, struct ipc__pend *p, struct ipc_port_msg *m);
/* Handles ATTACH and ring-release frames from portd. */
void ipc__port_ring_notice(ipc_port_conn *c, const struct ipc__frame *f, int fd);
void ipc__port_ring_drop_port(ipc_port_conn *c, uint32_t port);
void ipc__port_shm_free(ipc_port_conn *c);
void ipc__port_blob_release(ipc_port_conn *c);

#endif
