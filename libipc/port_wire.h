/* port_wire.h: the ports wire protocol, one encoder/decoder for clients and portd (internal). */
#ifndef IPC_PORT_WIRE_H
#define IPC_PORT_WIRE_H

#include <stddef.h>
#include <stdint.h>

/*
 * A frame on the AF_UNIX stream, every integer little-endian:
 *
 *   0  u32 len      bytes after this field: header, payload and trailer
 *   4  u8  version  IPC__WIRE_VERSION
 *   5  u8  kind     enum ipc__kind
 *   6  u16 flags    enum ipc__flag (meaning per kind)
 *   8  u32 src      sending port (in a Message: the reply port it carries)
 *  12  u32 dst      destination port
 *  16  u32 type     message type; an errno in Error; a count in Ack
 *  20  u32 uid      sender's identity, stamped by portd from SO_PEERCRED:
 *  24  u32 gid        whatever a client writes here is overwritten
 *  28  u32 pid
 *  32  u32 cookie   request id echoed in the reply; in a delivered message,
 *                   the broker's id of the sending connection
 *  36  payload      len - 36 bytes
 *  ..  u32 crc      CRC-32C of the payload and then of bytes 4..35
 *
 * The trailer covers the payload before the header so that portd, which
 * rewrites uid/gid/pid/cookie, re-seals a verified frame by resuming the
 * payload's CRC over the new header: one pass over the bytes, not two.
 */
#define IPC__WIRE_VERSION 1
#define IPC__WIRE_HDR 36u
#define IPC__WIRE_TRAILER 4u
#define IPC__WIRE_MIN (IPC__WIRE_HDR + IPC__WIRE_TRAILER)
/* No peer accepts more than this, whatever it is configured to. */
#define IPC__WIRE_MAX (64u << 20)

enum ipc__kind {
	IPC__K_OPEN_PORT = 1,   /* name (may be empty: anonymous) */
	IPC__K_OPENED_PORT,     /* reply: src = port id, payload = name */
	IPC__K_CLOSE_PORT,      /* dst = port, or a name in the payload */
	IPC__K_CLOSED_PORT,     /* reply, or notice that dst is gone */
	IPC__K_MESSAGE,         /* one message to dst */
	IPC__K_CHUNK,           /* one piece of a stream to dst */
	IPC__K_LOOKUP,          /* name[@node]; reply OpenedPort */
	IPC__K_GRANT,           /* struct ipc__grant; reply Grant */
	IPC__K_ERROR,           /* reply: type = errno, payload = text */
	IPC__K_ACK,             /* receiver: type messages of dst consumed;
	                           broker: ring src released up to a position */
	IPC__K_ATTACH,          /* a shared-memory ring, its memfd attached */
	IPC__K_STATUS,          /* request, reply struct ipc__status */
	IPC__K_LIST,            /* request {u32 first id}, reply entries */
	IPC__K_END
};

enum ipc__flag {
	/* OpenPort */
	IPC__F_CREATE = 0x0001,   /* create the name when missing */
	IPC__F_EXCL = 0x0002,     /* fail when the name exists */
	IPC__F_RECV = 0x0004,     /* take the receive right */
	IPC__F_PUBLIC = 0x0008,   /* anyone may send */
	/* ClosePort */
	IPC__F_DESTROY = 0x0001,  /* remove the port, not just let go of it */
	/* Lookup */
	IPC__F_NOSTART = 0x0001,  /* do not activate a service */
	/* OpenedPort reply to a lookup */
	IPC__F_HASRECV = 0x0001,  /* someone holds the receive right */
	/* Message and Chunk */
	IPC__F_RING = 0x0001,     /* payload is a struct ipc__ringref */
	IPC__F_BLOB = 0x0002,     /* payload is a u64 size; a sealed memfd travels */
	IPC__F_CAP = 0x0004,      /* src is a send right the receiver now holds */
	IPC__F_FIRST = 0x0010,    /* Chunk: first of a stream */
	IPC__F_LAST = 0x0020,     /* Chunk: last of a stream */
	IPC__F_ABORT = 0x0040,    /* Chunk: the stream's sender went away */
	/* Grant */
	IPC__F_REVOKE = 0x0001,
	/* Attach */
	IPC__F_DETACH = 0x0001,   /* the ring src is gone: unmap it */
	/* List reply */
	IPC__F_MORE = 0x0001,     /* ask again from the last id + 1 */
	/* Any kind: a descriptor travels with this frame (SCM_RIGHTS) */
	IPC__F_FD = 0x8000,
};

struct ipc__frame {
	uint8_t kind;
	uint16_t flags;
	uint32_t src, dst, type, uid, gid, pid, cookie;
	const uint8_t *payload;   /* decode: points into the buffer */
	uint32_t len;             /* payload length */
	uint32_t crc;             /* decode: the CRC state after the payload */
};

static inline size_t
ipc__wire_size(size_t payload_len)
{
	return IPC__WIRE_HDR + payload_len + IPC__WIRE_TRAILER;
}

/*
 * Decodes the frame at the start of buf (avail bytes received so far).
 * Returns its total size when it is whole and sound, 0 when more bytes are
 * needed, -EMSGSIZE when its length is below the minimum or above max (known
 * from the first 4 bytes: no need to wait for the rest), -EBADMSG for a bad
 * version, unknown kind or wrong CRC. Never reads past avail.
 */
long ipc__wire_decode(const void *buf, size_t avail, size_t max,
    struct ipc__frame *f);

/* Writes the 36-byte header of f for a payload of len bytes. */
void ipc__wire_header(void *out, const struct ipc__frame *f, uint32_t len);
/* Computes the trailer of the frame at buf (header and payload in place)
 * and returns the frame's total size. */
size_t ipc__wire_seal(void *buf);
/* Header, payload and trailer in one go; out holds ipc__wire_size(len). */
size_t ipc__wire_encode(void *out, const struct ipc__frame *f,
    const void *payload, uint32_t len);
/* Rewrites the header of a frame decoded into f (whose crc field still holds
 * the payload's CRC state) from f's fields, and its trailer. */
void ipc__wire_restamp(void *buf, const struct ipc__frame *f);

/* ---- payloads: each decoder checks every length against the frame ---- */

/* "name" or "name@node": the longest node part. */
#define IPC__NODE_MAX 64
#define IPC__WIRE_NAME_MAX (200 + 1 + IPC__NODE_MAX)

/* Copies a name payload into out (IPC__WIRE_NAME_MAX + 1 bytes) after
 * checking it: an object name, optionally "@node". -EINVAL when bad, 0 for
 * an empty payload (out = ""), else the length. */
int ipc__wire_name(const struct ipc__frame *f, char *out);
/* Splits "name@node" in place: returns the node or NULL. */
char *ipc__wire_split_node(char *name);

enum ipc__right { IPC__R_SEND = 1, IPC__R_RECV = 2, IPC__R_MANAGE = 4 };
enum ipc__who { IPC__W_UID = 1, IPC__W_GID = 2 };

struct ipc__grant {
	uint8_t rights;   /* enum ipc__right bits */
	uint8_t who;      /* enum ipc__who */
	uint32_t id;      /* uid or gid */
	char name[IPC__WIRE_NAME_MAX + 1];
};
#define IPC__GRANT_FIXED 8u
int ipc__grant_decode(const struct ipc__frame *f, struct ipc__grant *g);
/* Writes the payload into out (IPC__GRANT_FIXED + strlen(name)); its length. */
uint32_t ipc__grant_encode(void *out, const struct ipc__grant *g);

/* Where a message's bytes lie in its sender's ring: len bytes at off. end
 * is the sender's own count of the ring's bytes up to this message's end,
 * which portd gives back to the sender once the message is consumed. */
struct ipc__ringref {
	uint32_t ring;
	uint32_t off;
	uint64_t end;
	uint64_t len;
};
#define IPC__RINGREF_SIZE 24u
int ipc__ringref_decode(const struct ipc__frame *f, struct ipc__ringref *r);
void ipc__ringref_encode(void *out, const struct ipc__ringref *r);

/* A single u64 payload: a blob's or ring's size, a released position. */
int ipc__u64_decode(const struct ipc__frame *f, uint64_t *v);
void ipc__u64_encode(void *out, uint64_t v);

struct ipc__status {
	uint32_t pid, uid, clients, ports, system, max_frame;
	uint64_t queued_msgs, queued_bytes, uptime_ms;
};
#define IPC__STATUS_SIZE 48u
int ipc__status_decode(const struct ipc__frame *f, struct ipc__status *s);
void ipc__status_encode(void *out, const struct ipc__status *s);

/* One port in a List reply: the fixed part, then the name, then the ACL. */
struct ipc__acl {
	uint8_t who, rights;
	uint32_t id;
};
struct ipc__entry {
	uint32_t id, owner, flags, receiver_pid;
	uint64_t msgs, bytes;
	uint16_t nacl;
	char name[IPC__WIRE_NAME_MAX + 1];   /* "" for an anonymous port */
	struct ipc__acl acl[16];
};
enum { IPC__E_PUBLIC = 1, IPC__E_HASRECV = 2 };
#define IPC__ENTRY_FIXED 36u
#define IPC__ACL_SIZE 8u
#define IPC__ACL_MAX 16
/* Appends e at out (room: cap bytes); its size, or 0 when it does not fit. */
uint32_t ipc__entry_encode(void *out, size_t cap, const struct ipc__entry *e);
/* Decodes the entry at *off in f's payload, advancing *off; -EBADMSG. */
int ipc__entry_decode(const struct ipc__frame *f, uint32_t *off,
    struct ipc__entry *e);

/* ---- little-endian loads and stores ---- */

static inline uint32_t
ipc__le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
}

static inline uint64_t
ipc__le64(const void *p)
{
	return (uint64_t)ipc__le32(p) | (uint64_t)ipc__le32((const uint8_t *)p + 4) << 32;
}

static inline void
ipc__put32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static inline void
ipc__put64(void *p, uint64_t v)
{
	ipc__put32(p, (uint32_t)v);
	ipc__put32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

#endif
