/* ipc/chan.h: channels: typed, multi-producer single-consumer message rings in shared memory. */
#ifndef IPC_CHAN_H
#define IPC_CHAN_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <ipc/core.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

/*
 * A channel NAME is the POSIX shared-memory object "/ipc-chan.NAME" (seen in
 * /dev/shm). It holds a ring of whole messages of one element type. Any
 * number of senders, at most one live receiver. Messages arrive in order (per
 * sender, and in the one order the senders' sends completed), whole, once.
 * See ipc_chan(3).
 */
typedef struct ipc_chan ipc_chan;

/* Element types, fixed at creation. */
enum ipc_chan_type {
	IPC_CHAN_BYTES = 1, /* any bytes, any length up to the maximum */
	IPC_CHAN_LINE,      /* text without a newline or NUL byte */
	IPC_CHAN_INT,       /* a signed 64-bit integer: 8 bytes in host order */
	IPC_CHAN_JSON,      /* one JSON text (RFC 8259, UTF-8) */
	IPC_CHAN_RECORD,    /* exactly record_size bytes */
};

/* What a handle may do. */
enum ipc_chan_role {
	IPC_CHAN_SENDER = 1,  /* send; closing it counts toward Closed */
	IPC_CHAN_RECEIVER,    /* receive; one live receiver at a time */
	IPC_CHAN_OBSERVER,    /* neither: stat and shutdown */
};

/* The two outcomes of a receive that finds no message. */
#define IPC_CHAN_EMPTY  (-EAGAIN)  /* nothing now, more may come */
#define IPC_CHAN_CLOSED (-EPIPE)   /* nothing now, nothing ever again */

#define IPC_CHAN_DEFAULT_CAPACITY ((size_t)64 * 1024)
#define IPC_CHAN_MIN_CAPACITY ((size_t)64)
#define IPC_CHAN_MAX_CAPACITY ((size_t)1 << 30)
/* Most senders a channel holds open at once. */
#define IPC_CHAN_MAX_SENDERS 128

/* ---- creation and lifetime ---- */

/*
 * Checks a type, record size and capacity without creating anything: 0, or
 * -EINVAL with the reason written into why (may be NULL).
 */
int ipc_chan_attr_check(int type, size_t record_size, size_t capacity,
    char *why, size_t whylen);

/*
 * Creates channel NAME holding capacity bytes of messages (0: the default;
 * rounded up to whole pages; each message takes 8 bytes of header plus its
 * length rounded up to 8, so the longest message is the capacity minus 8).
 * mode 0 means 0600; the mode is applied
 * exactly, whatever the umask. -EEXIST when NAME exists, -EINVAL for a bad
 * name or attribute (see ipc_chan_attr_check), -ENOSPC when shared memory
 * cannot hold it.
 */
int ipc_chan_create(const char *name, int type, size_t record_size,
    size_t capacity, mode_t mode);

/*
 * Removes NAME. Parties that have it open are told: blocked calls return
 * -EIDRM once nothing is left for them; the memory lives until the last
 * handle closes.
 */
int ipc_chan_unlink(const char *name);

/*
 * Opens NAME in a role. -ENOENT when missing, -EACCES by mode, -EPROTO when
 * the object is not a channel (or was made by an incompatible libipc),
 * -EBUSY for a second receiver while the first one's process lives,
 * -EUSERS when IPC_CHAN_MAX_SENDERS senders are open.
 */
int ipc_chan_open(const char *name, int role, ipc_chan **out);

/*
 * The same over a descriptor the caller already has: a shared-memory object
 * or memfd, for example one passed over a socket. ipc_chan_create_fd lays a
 * new channel out in an empty, writable descriptor; ipc_chan_open_fd
 * duplicates fd, so the caller keeps and closes its own.
 */
int ipc_chan_create_fd(int fd, int type, size_t record_size, size_t capacity);
int ipc_chan_open_fd(int fd, int role, ipc_chan **out);

/*
 * Releases the handle. A sender's close counts toward Closed; a receiver's
 * frees the receive right. Always frees ch; returns 0 or the first error.
 */
int ipc_chan_close(ipc_chan *ch);

/*
 * Ends the channel for every sender, open or future: sends fail with -EPIPE,
 * and the receiver sees IPC_CHAN_CLOSED once it has taken what was sent.
 * Any role may call it. It lasts until the channel is removed.
 */
int ipc_chan_shutdown(ipc_chan *ch);

/* ---- sending and receiving ---- */

/*
 * Sends one message. Blocks while the ring has no room, up to timeout_ms
 * (then -ETIMEDOUT); with 0 returns -EAGAIN instead of waiting. -EINVAL when
 * the value does not fit the element type and -EMSGSIZE when it exceeds the
 * channel's maximum: ipc_chan_type_error() says why. -EPIPE after a
 * shutdown, -EIDRM after removal, -EINTR on a signal (nothing was sent).
 */
int ipc_chan_send(ipc_chan *ch, const void *msg, size_t len, int timeout_ms);

/*
 * Receives the next message into buf: its length. Blocks up to timeout_ms
 * (-ETIMEDOUT), or with 0 returns IPC_CHAN_EMPTY. IPC_CHAN_CLOSED when every
 * sender has closed (or died, or the channel was shut down) and nothing is
 * left. -EMSGSIZE when len is too small: the message stays for the next call
 * (ipc_chan_max_msg() bounds every message). -EIDRM when removed and empty.
 */
ssize_t ipc_chan_recv(ipc_chan *ch, void *buf, size_t len, int timeout_ms);

/* ipc_chan_recv that never waits: a length, IPC_CHAN_EMPTY or IPC_CHAN_CLOSED. */
ssize_t ipc_chan_try_recv(ipc_chan *ch, void *buf, size_t len);

/*
 * Zero-copy receive: waits like ipc_chan_recv and points *msg at the next
 * message inside the ring (valid until ipc_chan_recv_end), returning its
 * length. Calling it again before the end returns the same message.
 * ipc_chan_recv_end consumes it and makes its room available to senders.
 */
ssize_t ipc_chan_recv_begin(ipc_chan *ch, const void **msg, int timeout_ms);
int ipc_chan_recv_end(ipc_chan *ch);

/* ---- types ---- */

/* Parses "bytes", "line", "int", "json" or "record:SIZE"; 0 or -EINVAL. */
int ipc_chan_type_parse(const char *text, int *type, size_t *record_size);
/* Writes the name of a type ("record:16"); its length or -ENAMETOOLONG/-EINVAL. */
int ipc_chan_type_name(int type, size_t record_size, char *buf, size_t len);

/*
 * Checks a value against an element type: 0, -EINVAL (does not fit) or
 * -EMSGSIZE (over max_msg; 0 means no bound), the reason in why.
 */
int ipc_chan_check(int type, size_t record_size, size_t max_msg,
    const void *msg, size_t len, char *why, size_t whylen);

/* Why this handle's last send failed with -EINVAL or -EMSGSIZE ("" if not). */
const char *ipc_chan_type_error(const ipc_chan *ch);

/* The element type (and its record size when record_size is not NULL). */
int ipc_chan_type(const ipc_chan *ch, size_t *record_size);
/* The longest message this channel carries. */
size_t ipc_chan_max_msg(const ipc_chan *ch);

/* ---- typed wrappers ---- */

int ipc_chan_send_int(ipc_chan *ch, int64_t value, int timeout_ms);
/* 0 with *value set, or what ipc_chan_recv returns on failure. */
int ipc_chan_recv_int(ipc_chan *ch, int64_t *value, int timeout_ms);
/* Sends strlen(s) bytes: for line, json and bytes channels. */
int ipc_chan_send_str(ipc_chan *ch, const char *s, int timeout_ms);
/* Receives a message as a NUL-terminated string: its length; -EMSGSIZE when
 * it and its NUL do not fit in len (the message stays). */
ssize_t ipc_chan_recv_str(ipc_chan *ch, char *buf, size_t len, int timeout_ms);
/*
 * Sends a value written as text, as a user types it: a decimal integer for
 * int channels (-EINVAL "not an integer"), the bytes themselves for the
 * others.
 */
int ipc_chan_send_text(ipc_chan *ch, const char *text, size_t len, int timeout_ms);

/* ---- inspection ---- */

struct ipc_chan_stat {
	int type;
	size_t record_size;   /* record channels; 0 otherwise */
	size_t capacity;      /* bytes of ring */
	size_t max_msg;       /* longest message */
	size_t used;          /* bytes of ring in use, headers included */
	uint64_t queued;      /* messages waiting */
	uint64_t sent;        /* messages sent since creation */
	uint64_t received;    /* messages received since creation */
	unsigned senders;     /* senders whose process lives */
	pid_t receiver;       /* the live receiver's pid, 0 when none */
	int closed;           /* no message can come: shut down, or senders came and all left */
	int shut;             /* ipc_chan_shutdown was called */
	mode_t mode;          /* permission bits of the object */
	uid_t uid;
	gid_t gid;
};

/* A snapshot of the channel (any role). */
int ipc_chan_stat(ipc_chan *ch, struct ipc_chan_stat *st);

/*
 * Calls fn(name, arg) for each channel in the system's shared-memory
 * directory, in no set order; stops early when fn returns nonzero and
 * returns that value. -ENOTSUP where shared memory cannot be listed.
 */
int ipc_chan_list(int (*fn)(const char *name, void *arg), void *arg);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
