/* chan_impl.h: a channel's shared-memory layout and handle, shared by the chan*.c files (not installed). */
#ifndef IPC_CHAN_IMPL_H
#define IPC_CHAN_IMPL_H

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "barrier.h"
#include "chan_event.h"
#include "ipc/chan.h"
#include "sys.h"

/*
 * The object is one header, page-aligned, then the ring. The ring holds
 * records: an 8-byte header {length, kind} and the payload padded to 8.
 * The ring is mapped twice, back to back, so a record that runs past the
 * end of the first mapping continues in the second: every record is one
 * contiguous span (which lets ipc_chan_recv_begin hand out a pointer), no
 * space is lost to padding, and a message fits exactly when the free bytes
 * hold it. The capacity is therefore a whole number of pages.
 *
 * Positions (head, tail) count bytes since creation and never wrap; the
 * offset in the ring is position % capacity.
 *
 * Senders serialise on one robust mutex, write the record, then publish it
 * by storing tail (release). A sender killed mid-record never stored tail,
 * so its half record is invisible and the next sender overwrites it. The
 * receiver reads without the lock and publishes head (release) once done
 * with a record.
 *
 * A sender that keeps sending alone is granted the lock's bias: it then
 * sends without the mutex, which costs an atomic read-modify-write and so a
 * full barrier per message (see barrier.h). The owner marks itself busy,
 * then checks that the bias is still its own; another sender that wants the
 * lock takes the mutex, withdraws the bias, makes a heavy barrier and waits
 * until the owner is not busy (or dead). Only channels whose parties all
 * use the asymmetric barriers (CHAN_ASYM) grant it.
 */

#define CHAN_MAGIC 0x4e414843u      /* "CHAN" */
#define CHAN_LAYOUT 3u
#define CHAN_ASYM 0x80u          /* in layout: parties use asymmetric barriers */
#define CHAN_REC_HDR 8u
#define CHAN_KIND_MSG 1u
#define CHAN_PREFIX "/ipc-chan."
/* How often a waiting receiver looks for senders that died without closing. */
#define CHAN_REAP_MS 100

/*
 * Before sleeping, a party that finds nothing to do yields the processor
 * this many times, looking again after each. When the other side shares
 * this core, a yield lets it run and answer, and no futex sleep or wake is
 * needed; when it runs on the other core, it may answer within the spin and
 * spare both a cross-core wake-up (13-20 us on these virtual machines).
 */
#define CHAN_SPINS 16

/*
 * A receiver that reads each record the moment it is published takes the
 * record's cache lines (and tail's) from under the sender, which then waits
 * to get them back at every message: on these machines, with the two ends
 * on separate cores, that halved a stream of 64-byte messages. So when it
 * catches up after taking CHAN_STREAM_RUN records or more in a row (a
 * stream, not a reply), the receiver gives the senders CHAN_LINGER_NS to
 * write the next batch before it looks again. One waiting for a single
 * message (a request, a reply) looks again at once.
 */
#define CHAN_STREAM_RUN 4
#define CHAN_LINGER_NS 20000

/* A sender is granted the bias after this many sends in a row through the
 * mutex with no other sender in between: two senders that take turns do
 * not pay for withdrawing it at every message. */
#define CHAN_BIAS_AFTER 64
/* in bias: being withdrawn from the slot in the low bits */
#define CHAN_BIAS_WITHDRAWN 0x80000000u

/* flags */
#define CHAN_HAD_SENDER 1u   /* a sender opened since the receiver last found it idle */
#define CHAN_SHUT 2u         /* ipc_chan_shutdown */
#define CHAN_REMOVED 4u      /* ipc_chan_unlink */

struct chan_party {
	_Atomic int32_t pid;     /* 0: free */
	_Atomic uint32_t busy;   /* a sender in the biased path */
	uint64_t start;          /* process start time (proc.h), 0 unknown */
	struct ipc__event ev;    /* where the party sleeps */
};

struct chan_rec {
	uint32_t len;
	uint32_t kind;
};

struct chan_hdr {
	/* written once by the creator, before magic */
	_Atomic uint32_t magic;
	uint32_t layout;         /* CHAN_LAYOUT << 8 | event backend */
	uint32_t type;
	uint32_t max_senders;
	uint64_t record_size;
	uint64_t capacity;
	uint64_t data_off;

	/* the senders' side: under lock. A line each for what the receiver
	 * never reads, what it reads at every look (tail), and what it reads
	 * when it finds nothing (senders, flags): a receiver that keeps
	 * looking must not take the lock's line from the sender. */
	alignas(64) pthread_mutex_t lock;
	uint64_t head_seen;      /* senders' cached copy of head */
	_Atomic uint64_t sent;
	_Atomic uint32_t bias;   /* slot + 1 of the sender that may skip the mutex, 0 none */
	uint32_t streak;         /* under lock: sends in a row by streak_slot */
	int32_t streak_slot;
	alignas(64) _Atomic uint64_t tail;   /* end of the last published record */
	alignas(64) _Atomic uint32_t senders;  /* live registered senders */
	_Atomic uint32_t flags;

	/* the receiver's side */
	alignas(64) _Atomic uint64_t head;   /* end of the last consumed record */
	_Atomic uint64_t received;
	_Atomic uint32_t space_wanted;       /* some sender sleeps for room */

	alignas(64) struct chan_party receiver;
	struct chan_party sender[IPC_CHAN_MAX_SENDERS];
};

/* The handle: private to one process; immutable fields copied from the
 * header at open and checked, so a corrupted header cannot make us read or
 * write outside the mapping. */
struct ipc_chan {
	struct chan_hdr *h;
	unsigned char *data;     /* the ring, followed by its mirror */
	size_t map_size;
	int fd;
	int role;
	int writable;             /* mapped read-write */
	int asym;                /* CHAN_ASYM: asymmetric barriers (barrier.h) */
	int type;
	size_t record_size;
	uint64_t capacity;
	uint64_t max_msg;
	int slot;                /* sender slot, or -1 */
	pid_t pid;               /* our pid when registered */
	/* receiver only */
	uint64_t head;           /* our copy of h->head */
	uint64_t tail_seen;      /* last tail we loaded */
	uint32_t run;            /* records taken since the ring was last found empty */
	uint32_t view_need;      /* bytes of the record held by recv_begin, 0 none */
	char why[160];           /* reason for the last type error */
};

/* chan_lock.c: the senders' lock, robust against a holder that dies. */
int ipc__chan_lock(ipc_chan *ch, const struct ipc__deadline *d);
void ipc__chan_unlock(ipc_chan *ch);

/* chan_party.c: who has the channel open. */
int ipc__chan_join(ipc_chan *ch);    /* registers ch's role */
void ipc__chan_leave(ipc_chan *ch);  /* unregisters it */
int ipc__chan_reap(ipc_chan *ch);    /* forgets dead senders (lock held); 1 if any */
void ipc__chan_recount(struct chan_hdr *h);  /* after a lock holder died */
void ipc__chan_wake_all(ipc_chan *ch);       /* lock held */
/* Lock held: withdraws the bias from whoever has it and waits until it is
 * out of its biased send, at most until d (NULL: as long as it takes):
 * 0 or -ETIMEDOUT. */
int ipc__chan_unbias(ipc_chan *ch, const struct ipc__deadline *d);
/* IPC_CHAN_CLOSED, -EIDRM when no message can come any more, else 0. */
int ipc__chan_ended(const struct chan_hdr *h);

/* chan_ring.c */
uint64_t ipc__chan_need(uint64_t len);   /* ring bytes for a message of len */

/* chan.c: a capacity as laid out: rounded up to whole pages. */
uint64_t ipc__chan_round(uint64_t capacity);

/* chan_json.c: one JSON text; 0 or -EINVAL with the reason. */
int ipc__json_check(const char *s, size_t len, char *why, size_t whylen);

#endif
