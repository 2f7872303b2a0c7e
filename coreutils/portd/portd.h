/* portd.h: the broker's state: clients, ports, queues, rings, activations. */
#ifndef PORTD_H
#define PORTD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipc/core.h"
#include "port_io.h"
#include "port_wire.h"

struct broker;
struct port;

/* What one client may hold; portd's options change some of them. */
struct limits {
	uint32_t max_frame;     /* largest frame accepted (bytes) */
	size_t port_bytes;      /* queued bytes per port before senders wait */
	size_t client_bytes;    /* bytes one client may have queued, unconsumed */
	unsigned client_ports;  /* ports one client may create */
	unsigned uid_ports;     /* named ports one user may own (system mode) */
	unsigned max_clients;
	size_t ctrl_bytes;      /* unread replies before portd stops reading */
	size_t ring_max;        /* largest shared-memory ring */
	unsigned client_rings;
	int activate_ms;        /* how long a started service has to take its port */
	int64_t spin_ns;        /* how long to look for work before sleeping */
};

/*
 * Sealed frames back to back: [head, sent) written to the reader but not yet
 * acknowledged, [sent, len) not yet written. Descriptors of F_FD frames wait
 * in fds, in frame order: [fd_head, fd_sent) written, [fd_sent, fd_len) not.
 * A port's messages and a client's replies are both queues; replies are
 * dropped as soon as they are written.
 */
struct queue {
	uint8_t *buf;
	size_t head, sent, len, cap;
	size_t msgs;            /* frames in [head, len) */
	size_t range_end;       /* end of the range being written */
	int range_fd;           /* the range starts with an F_FD frame not yet sent */
	int *fds;
	unsigned fd_head, fd_sent, fd_len, fd_cap;
};

/* queue.c */
/* Room for a frame of size bytes at the end: a pointer to fill, or NULL. */
uint8_t *queue_reserve(struct queue *q, size_t size);
/* Adds the frame just written at the reserved place (fd >= 0: its descriptor). */
int queue_commit(struct queue *q, size_t size, int fd);
int queue_push(struct queue *q, const uint8_t *frame, size_t size, int fd);
/* Writes the next ranges to sock: 1 when nothing is left, 0 when the socket
 * is full (*partial set when a range is half written), -errno. keep: leave
 * written frames for queue_pop (a port's messages) instead of dropping them. */
int queue_write(struct queue *q, int sock, int keep, int *partial);
/* The first written frame, for queue_pop's caller to inspect; NULL if none. */
const uint8_t *queue_first_sent(const struct queue *q);
/* Drops the first frame, which must have been written; closes its fd. */
void queue_pop(struct queue *q);
/* The reader went away: everything written is unwritten again. */
void queue_unsend(struct queue *q);
size_t queue_bytes(const struct queue *q);
void queue_free(struct queue *q);

struct acl {
	uint8_t who, rights;
	uint32_t id;
};

struct ring {
	uint32_t id;
	uint32_t owner;         /* the sending client's id */
	struct port *port;
	int fd;
	uint64_t size;
	size_t refs;            /* queued frames that point into it */
	int orphan;             /* its sender is gone */
	struct ring *next;      /* in the port's list */
};

struct port {
	uint32_t id;
	char *name;             /* NULL: anonymous */
	uid_t owner;
	int public;
	struct acl acl[IPC__ACL_MAX];
	unsigned nacl;
	struct client *receiver;
	uint32_t creator;       /* anonymous ports die with this client */
	struct queue q;
	size_t weight;          /* what its queued frames hold (frame_weight) */
	uint32_t *caps;         /* ports whose send right came in a message */
	unsigned ncaps, capcap;
	uint32_t stream_owner;  /* client whose Chunk stream is in progress */
	struct ring *rings;
	struct port *next_id, *next_name;   /* hash chains */
};

struct client {
	uint32_t id;            /* slot | generation << 16 */
	int fd;
	uid_t uid;
	gid_t gid;
	pid_t pid;
	gid_t *groups;
	int ngroups;
	struct ipc__rbuf in;
	struct queue ctrl;      /* replies and notices */
	struct port **recv;     /* ports it holds the receive right of */
	unsigned nrecv, recvcap;
	void *cur;              /* the source whose range is half written */
	int events;             /* what the loop watches for it */
	uint32_t paused_on;     /* port whose back-pressure stops reading it */
	int paused;
	size_t queued;          /* bytes of its messages still queued */
	unsigned nports;        /* ports it created */
	unsigned nstreams;      /* ports where its Chunk stream is in progress */
	unsigned nrings;
	int dirty, dead;
	struct client *next_dirty;
};

struct activation {
	char *name;
	pid_t pid;
	int timeout_ms;
	int64_t deadline_ns;
	struct waiter {
		uint32_t client, cookie;
	} *waiters;
	unsigned nwaiters;
	struct activation *next;
};

struct broker {
	int listen_fd;
	int spare_fd;           /* given up to refuse a client when out of descriptors */
	int sig_fd[2];
	struct loop *loop;
	int system;
	uid_t uid;
	pid_t pid;
	int64_t start_ns;
	struct limits lim;
	char sock_path[4096];
	ino_t sock_ino;         /* the socket file we bound, to notice it go */
	dev_t sock_dev;
	char services[4096];    /* service files' directory, "" for none */
	char logdir[4096];
	char node[IPC__NODE_MAX + 1];   /* this machine's name in name@node */
	struct client **slots;
	uint16_t *gens;
	unsigned nslots, nclients;
	struct port **by_id, **by_name;
	unsigned buckets, nports;
	uint32_t next_port, next_ring;
	uint64_t queued_msgs, queued_bytes;
	struct client *dirty;
	int resume;             /* some paused client may go on */
	int64_t busy_ns;        /* when the last turn with work began */
	unsigned npaused;
	struct activation *acts;
	int stop;
};

/* client.c */
int client_accept(struct broker *b);
void client_readable(struct broker *b, struct client *c);
void client_writable(struct broker *b, struct client *c);
struct client *client_get(struct broker *b, uint32_t id);
void client_mark_dirty(struct broker *b, struct client *c);
void client_flush_dirty(struct broker *b);
void client_resume_paused(struct broker *b);
void client_reap(struct broker *b);
void client_drop(struct broker *b, struct client *c);
void client_close_all(struct broker *b);
/* Appends a frame to c's replies; payload may be NULL; fd >= 0 travels too. */
int client_reply(struct broker *b, struct client *c, const struct ipc__frame *f,
    const void *payload, uint32_t len, int fd);
/* An Error reply to request f (its cookie, and its kind in src), with text. */
int client_error(struct broker *b, struct client *c, const struct ipc__frame *f,
    int err, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int client_in_group(const struct client *c, gid_t g);
int client_add_recv(struct client *c, struct port *p);
void client_del_recv(struct client *c, struct port *p);

/* port.c */
int ports_init(struct broker *b);
void ports_free(struct broker *b);
struct port *port_by_id(struct broker *b, uint32_t id);
struct port *port_by_name(struct broker *b, const char *name);
int port_new(struct broker *b, struct client *c, const char *name, int public,
    struct port **out);
void port_destroy(struct broker *b, struct port *p);
int port_rights(const struct broker *b, const struct client *c, const struct port *p);
int port_can_send(struct broker *b, const struct client *c, const struct port *p);
int port_add_cap(struct broker *b, struct port *p, uint32_t id);
int port_enqueue(struct broker *b, struct port *p, const uint8_t *frame,
    size_t size, int fd);
int port_ack(struct broker *b, struct client *c, struct port *p, uint32_t n);
void port_unsend(struct port *p);
/* Writes p's pending frames to its receiver: 1 when all went, 0 when the
 * socket is full, -errno when the receiver is gone. */
int port_write(struct broker *b, struct port *p);
int port_full(const struct broker *b, const struct port *p);
/* What a queued frame costs its port and sender: its bytes, and for a blob
 * the blob's bytes too (a mebibyte at least: each holds a descriptor). */
size_t frame_weight(const uint8_t *frame);
unsigned ports_owned_by(struct broker *b, uid_t uid);
/* Calls fn for every port in ascending id order from first; stops when fn
 * returns nonzero and returns that. */
int ports_each(struct broker *b, uint32_t first,
    int (*fn)(struct broker *, struct port *, void *), void *arg);
int port_grant(struct broker *b, struct port *p, const struct ipc__grant *g, int revoke);

/* ring.c */
int ring_attach(struct broker *b, struct client *c, struct port *p, int fd,
    uint64_t size, uint32_t *id);
struct ring *ring_find(struct port *p, uint32_t id);
int ring_check(const struct ring *r, const struct ipc__ringref *ref);
void ring_release(struct broker *b, struct ring *r, uint64_t upto);
void ring_unref(struct broker *b, struct ring *r);
void ring_orphan_all(struct broker *b, struct client *c);
void ring_free_all(struct broker *b, struct port *p);
int ring_announce(struct broker *b, struct client *to, const struct ring *r);
/* A one-off blob must be a memfd sealed against any change, of len bytes at least. */
int blob_check(int fd, uint64_t len);

/* activate.c */
int activate_lookup(struct broker *b, struct client *c, const char *name,
    uint32_t cookie);
void activate_claimed(struct broker *b, const char *name, struct port *p);
void activate_reap(struct broker *b);
void activate_expire(struct broker *b);
int activate_next_ms(const struct broker *b);
void activate_free(struct broker *b);

/* dispatch.c */
/* Handles one frame from c: 0 done, 1 c must wait (back-pressure: the frame
 * stays unconsumed), -errno drops c (a protocol violation). */
int dispatch(struct broker *b, struct client *c, const struct ipc__frame *f,
    uint8_t *raw, size_t size);

int64_t broker_now_ns(void);
void broker_log(const struct broker *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
