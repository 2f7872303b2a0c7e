/* ipc/port.h: message ports served by portd: verified senders, rights, large messages in shared memory. */
#ifndef IPC_PORT_H
#define IPC_PORT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * A connection to the broker, portd: one per user ($IPC_RUNTIME_DIR/portd.sock,
 * started on demand) or the system's (/run/ipc/portd.sock). Every message a
 * connection receives carries its sender's uid, gid and pid as the kernel
 * reported them to portd, and only arrives through a port whose receive right
 * the connection holds. Ports are named by uint32_t ids the broker assigns.
 */
typedef struct ipc_port_conn ipc_port_conn;
/* A received message; valid until the next ipc_port_recv on its connection. */
typedef struct ipc_port_msg ipc_port_msg;

/* ipc_port_connect and ipc_port_dir flags */
#define IPC_PORT_SYSTEM 0x1    /* the system broker ($IPC_SYSTEM_DIR, else /run/ipc) */
#define IPC_PORT_NOSTART 0x2   /* fail with -ECONNREFUSED rather than start portd */

/* The directory of the broker's socket: its length, or -errno. */
int ipc_port_dir(int flags, char *buf, size_t len);
int ipc_port_connect(ipc_port_conn **conn, int flags, int timeout_ms);
/* Writes what it can without waiting, then closes. Anonymous ports die. */
void ipc_port_disconnect(ipc_port_conn *conn);
/* The broker's explanation of the last error it reported, or "". */
const char *ipc_port_errmsg(const ipc_port_conn *conn);
/* The socket, to wait for it with poll(2) (readable: ipc_port_recv may have work). */
int ipc_port_fd(const ipc_port_conn *conn);

/* ipc_port_open flags */
#define IPC_PORT_CREATE 0x1    /* create the name when it does not exist */
#define IPC_PORT_EXCL 0x2      /* fail with -EEXIST when it does */
#define IPC_PORT_RECV 0x4      /* take the receive right (one holder at a time) */
#define IPC_PORT_PUBLIC 0x8    /* a new port anyone may send to */

/* Opens a named port, or an anonymous one when name is NULL (always with its
 * receive right; it dies with the connection). Its id goes to *port. */
int ipc_port_open(ipc_port_conn *c, const char *name, int flags, int timeout_ms,
    uint32_t *port);
/* A send right on name ("name" or "name@node"). Starts the name's service
 * when nobody receives it, unless flags has IPC_PORT_NOSTART. Returns 1 when
 * someone holds the receive right, 0 when messages will wait in the queue. */
int ipc_port_lookup(ipc_port_conn *c, const char *name, int flags, int timeout_ms,
    uint32_t *port);
/* Gives up the receive right (messages not yet received stay queued), or
 * closes an anonymous port. */
int ipc_port_release(ipc_port_conn *c, uint32_t port, int timeout_ms);
/* Removes a named port and its queue (needs the manage right). */
int ipc_port_remove(ipc_port_conn *c, const char *name, int timeout_ms);

/* rights, and whom ipc_port_grant gives them to */
#define IPC_PORT_SEND 1
#define IPC_PORT_RECEIVE 2
#define IPC_PORT_MANAGE 4
#define IPC_PORT_UID 1
#define IPC_PORT_GID 2
int ipc_port_grant(ipc_port_conn *c, const char *name, int rights, int who,
    unsigned id, int timeout_ms);
int ipc_port_revoke(ipc_port_conn *c, const char *name, int rights, int who,
    unsigned id, int timeout_ms);

/* ipc_port_send flags, and what ipc_port_msg_flags reports */
#define IPC_PORT_MORE 0x10     /* more follows: the message may wait in the buffer */
#define IPC_PORT_CHUNK 0x20    /* a piece of a stream */
#define IPC_PORT_FIRST 0x40    /* the stream's first piece */
#define IPC_PORT_LAST 0x80     /* the stream's last piece */
#define IPC_PORT_ABORTED 0x100 /* received: the stream's sender went away */

/*
 * Sends len bytes to port. A nonzero reply passes a send right on that port
 * along (the receiver can answer there). Large messages travel through shared
 * memory set up once per sender and port, not through the broker. Returns 0
 * once the message is the connection's to deliver: written, or buffered when
 * the socket is full (then a later call writes it; ipc_port_flush waits for
 * it). Errors the broker finds later come back from a later call.
 */
int ipc_port_send(ipc_port_conn *c, uint32_t port, uint32_t type, const void *data,
    size_t len, uint32_t reply, int flags, int timeout_ms);
/* Waits until everything sent is written to the broker. */
int ipc_port_flush(ipc_port_conn *c, int timeout_ms);
/* Waits until the broker has taken everything sent; returns the first error
 * it found in any of it. */
int ipc_port_sync(ipc_port_conn *c, int timeout_ms);
/* The next message on port (0: on any port this connection receives). */
int ipc_port_recv(ipc_port_conn *c, uint32_t port, const ipc_port_msg **msg,
    int timeout_ms);

const void *ipc_port_msg_data(const ipc_port_msg *m, size_t *len);
uint32_t ipc_port_msg_port(const ipc_port_msg *m);
uint32_t ipc_port_msg_type(const ipc_port_msg *m);
/* The port the sender passed for replies (a send right now held), or 0. */
uint32_t ipc_port_msg_reply(const ipc_port_msg *m);
int ipc_port_msg_flags(const ipc_port_msg *m);
uid_t ipc_port_msg_uid(const ipc_port_msg *m);
gid_t ipc_port_msg_gid(const ipc_port_msg *m);
pid_t ipc_port_msg_pid(const ipc_port_msg *m);
/* The broker's id of the sender's connection: tells concurrent senders apart. */
uint32_t ipc_port_msg_sender(const ipc_port_msg *m);

struct ipc_port_status {
	pid_t pid;                  /* the broker */
	uid_t uid;                  /* whom it runs as */
	int system;                 /* 1 for the system broker */
	unsigned clients, ports;
	unsigned long long queued_msgs, queued_bytes;
	unsigned long long uptime_ms;
	unsigned max_frame;
	unsigned long long reserved[4];   /* room to grow without breaking callers */
};
int ipc_port_status(ipc_port_conn *c, struct ipc_port_status *st, int timeout_ms);

#define IPC_PORT_INFO_PUBLIC 1
#define IPC_PORT_INFO_RECEIVED 2
struct ipc_port_info {
	uint32_t id;
	char name[256];             /* "" for an anonymous port */
	uid_t owner;
	int flags;                  /* IPC_PORT_INFO_* */
	pid_t receiver;             /* 0 when nobody holds the receive right */
	unsigned long long msgs, bytes;
	unsigned ngrants;
	struct { int who; unsigned id; int rights; } grants[16];
	unsigned long long reserved[4];
};
/* The ports this connection may see, sorted by id, in a new array. */
int ipc_port_list(ipc_port_conn *c, struct ipc_port_info **list, size_t *n,
    int timeout_ms);
void ipc_port_list_free(struct ipc_port_info *list);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
