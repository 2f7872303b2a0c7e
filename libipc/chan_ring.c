/* chan_ring.c: moving messages: senders append records under the lock, the receiver takes them without it. */
#include <config.h>

#include <errno.h>
#include <sched.h>
#include <string.h>

#include "chan_impl.h"

uint64_t
ipc__chan_need(uint64_t len)
{
	return CHAN_REC_HDR + ((len + 7) & ~(uint64_t)7);
}

/* The earlier of d and CHAN_REAP_MS from now: the longest a party sleeps
 * before it looks again for itself. */
static struct ipc__deadline
slice_of(const struct ipc__deadline *d)
{
	struct ipc__deadline s;
	ipc__deadline_start(&s, CHAN_REAP_MS);
	return !d->forever && d->end_ns < s.end_ns ? *d : s;
}

/* ---- sending (lock held) ---- */

/* Free bytes at tail, loading head only when the cached copy says there
 * is not enough: a sender that keeps finding room never touches the
 * receiver's cache line. -EPROTO when the cursors make no sense. */
static int
ring_room(ipc_chan *ch, uint64_t tail, uint64_t want, uint64_t *room)
{
	struct chan_hdr *h = ch->h;
	if (ch->capacity - (tail - h->head_seen) < want)
		h->head_seen = atomic_load_explicit(&h->head, memory_order_acquire);
	if (h->head_seen > tail || tail - h->head_seen > ch->capacity)
		return -EPROTO;
	*room = ch->capacity - (tail - h->head_seen);
	return 0;
}

/* One copy, even across the end of the ring: the mirror mapping follows it. */
static void
ring_write(ipc_chan *ch, uint64_t tail, const void *msg, uint64_t len)
{
	unsigned char *p = ch->data + tail % ch->capacity;
	struct chan_rec rec = { .len = (uint32_t)len, .kind = CHAN_KIND_MSG };
	memcpy(p, &rec, sizeof rec);
	if (len > 0)
		memcpy(p + CHAN_REC_HDR, msg, (size_t)len);
}

/* Writes and publishes one record at tail, which has room for it. */
static void
append(ipc_chan *ch, uint64_t tail, const void *msg, uint64_t len)
{
	struct chan_hdr *h = ch->h;
	ring_write(ch, tail, msg, len);
	atomic_store_explicit(&h->tail, tail + ipc__chan_need(len), memory_order_release);
	/* Only the sender holding the lock or its bias writes sent: no atomic
	 * read-modify-write needed. */
	atomic_store_explicit(&h->sent, atomic_load_explicit(&h->sent,
	    memory_order_relaxed) + 1, memory_order_relaxed);
	ipc__event_wake(&h->receiver.ev, ch->asym);
}

static int
send_ended(const struct chan_hdr *h)
{
	uint32_t f = atomic_load_explicit(&h->flags, memory_order_acquire);
	return f & CHAN_REMOVED ? -EIDRM : f & CHAN_SHUT ? -EPIPE : 0;
}

/*
 * Sleeps until the receiver frees room. Our event is armed and space_wanted
 * raised before the last look at head, under the lock, so the receiver
 * (which wakes sleepers under the same lock) cannot miss us. Returns with
 * the lock held: 0 to look again, or -EAGAIN, -ETIMEDOUT, -EINTR.
 */
static int
wait_room(ipc_chan *ch, uint64_t tail, uint64_t want, const struct ipc__deadline *d,
    int nowait, int *spins)
{
	struct chan_hdr *h = ch->h;
	struct ipc__event *ev = &h->sender[ch->slot].ev;
	if (nowait)
		return -EAGAIN;
	if (ipc__deadline_left_ms(d) == 0)
		return -ETIMEDOUT;
	if ((*spins)++ < CHAN_SPINS) {
		ipc__chan_unlock(ch);
		sched_yield();
		return ipc__chan_lock(ch, NULL);
	}
	atomic_store_explicit(&h->space_wanted, 1, memory_order_relaxed);
	uint32_t key = ipc__event_prepare(ev, ch->asym);   /* its barrier covers both stores */
	uint64_t room;
	int r = ring_room(ch, tail, want, &room);
	if (r < 0 || room >= want)
		return r;
	/* In slices: a receiver killed between freeing room and waking us
	 * must not leave us asleep beside room we could use. */
	struct ipc__deadline slice = slice_of(d);
	ipc__chan_unlock(ch);
	r = ipc__event_wait(ev, key, &slice);
	ipc__chan_lock(ch, NULL);
	if (r == -ETIMEDOUT && ipc__deadline_left_ms(d) != 0)
		r = 0;
	return r == -ETIMEDOUT || r == -EINTR ? r : 0;
}

/* Appends one record once there is room for it. */
static int
send_locked(ipc_chan *ch, const void *msg, size_t len, const struct ipc__deadline *d,
    int nowait)
{
	struct chan_hdr *h = ch->h;
	uint64_t need = ipc__chan_need(len);
	if (h->streak_slot != ch->slot) {   /* a contender breaks the streak even if it fails */
		h->streak_slot = ch->slot;
		h->streak = 0;
	}
	for (int spins = 0;; ) {
		/* Each time round, as wait_room lets the lock go: another
		 * sender may have been granted the bias meanwhile. */
		int r = 0;
		if (atomic_load_explicit(&h->bias, memory_order_relaxed) != (uint32_t)ch->slot + 1)
			r = ipc__chan_unbias(ch, nowait ? NULL : d);
		if (r == 0)
			r = send_ended(h);
		if (r < 0)
			return r;
		uint64_t tail = atomic_load_explicit(&h->tail, memory_order_relaxed);
		uint64_t room;
		if ((r = ring_room(ch, tail, need, &room)) < 0)
			return r;
		if (room < need) {
			if ((r = wait_room(ch, tail, need, d, nowait, &spins)) < 0)
				return r;
			continue;
		}
		append(ch, tail, msg, len);
		return 0;
	}
}

/*
 * The biased path: no mutex, no read-modify-write, no full barrier. Busy
 * is raised before the bias is read again, and a sender withdrawing the
 * bias makes a heavy barrier before it reads busy (barrier.h): so either
 * we see the bias gone, or it sees us busy and waits. Returns 0 or -errno
 * when done, 1 when the mutex path must do it (no bias, no room, ended).
 */
static int
send_biased(ipc_chan *ch, const void *msg, size_t len)
{
	struct chan_hdr *h = ch->h;
	uint32_t mine = (uint32_t)ch->slot + 1;
	if (atomic_load_explicit(&h->bias, memory_order_relaxed) != mine)
		return 1;
	struct chan_party *me = &h->sender[ch->slot];
	atomic_store_explicit(&me->busy, 1, memory_order_relaxed);
	ipc__barrier_light(ch->asym);
	int r = 1;
	if (atomic_load_explicit(&h->bias, memory_order_acquire) == mine &&
	    send_ended(h) == 0) {
		uint64_t tail = atomic_load_explicit(&h->tail, memory_order_relaxed);
		uint64_t need = ipc__chan_need(len), room;
		r = ring_room(ch, tail, need, &room);
		if (r == 0 && room >= need)
			append(ch, tail, msg, len);
		else if (r == 0)
			r = 1;
	}
	atomic_store_explicit(&me->busy, 0, memory_order_release);
	return r;
}

/* Lock held, after a send through it: grants the bias to a sender that
 * has had the lock to itself CHAN_BIAS_AFTER times in a row. */
static void
maybe_bias(ipc_chan *ch)
{
	struct chan_hdr *h = ch->h;
	if (!ch->asym)
		return;
	if (++h->streak >= CHAN_BIAS_AFTER)
		atomic_store_explicit(&h->bias, (uint32_t)ch->slot + 1, memory_order_relaxed);
}

int
ipc_chan_send(ipc_chan *ch, const void *msg, size_t len, int timeout_ms)
{
	if (ch->role != IPC_CHAN_SENDER)
		return -EBADF;
	int r = ipc_chan_check(ch->type, ch->record_size, (size_t)ch->max_msg,
	    msg, len, ch->why, sizeof ch->why);
	if (r < 0)
		return r;
	ch->why[0] = '\0';
	if ((r = send_biased(ch, msg, len)) != 1)
		return r;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	if ((r = ipc__chan_lock(ch, timeout_ms == 0 ? NULL : &d)) < 0)
		return r;
	r = send_locked(ch, msg, len, &d, timeout_ms == 0);
	if (r == 0)
		maybe_bias(ch);
	ipc__chan_unlock(ch);
	return r;
}

/* ---- receiving (no lock) ---- */

/* After head moves: wake the senders sleeping for room, if any. */
static void
wake_senders(ipc_chan *ch)
{
	struct chan_hdr *h = ch->h;
	ipc__barrier_light(ch->asym);
	if (atomic_load_explicit(&h->space_wanted, memory_order_relaxed) == 0)
		return;
	if (atomic_exchange(&h->space_wanted, 0) == 0)
		return;
	if (ipc__chan_lock(ch, NULL) < 0)
		return;
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++)
		if (atomic_load(&h->sender[i].pid) != 0)
			ipc__event_wake(&h->sender[i].ev, ch->asym);
	ipc__chan_unlock(ch);
}

static void
consume(ipc_chan *ch, uint64_t bytes)
{
	ch->head += bytes;
	atomic_store_explicit(&ch->h->head, ch->head, memory_order_release);
	wake_senders(ch);
}

/* A record's length is checked against everything we know, never
 * trusted: a corrupt or hostile ring yields -EPROTO, not a wild read. */
static int
record_ok(const ipc_chan *ch, const struct chan_rec *rec)
{
	if (rec->kind != CHAN_KIND_MSG || rec->len > ch->max_msg ||
	    ipc__chan_need(rec->len) > ch->tail_seen - ch->head)
		return 0;
	if (ch->type == IPC_CHAN_INT)
		return rec->len == sizeof(int64_t);
	if (ch->type == IPC_CHAN_RECORD)
		return rec->len == ch->record_size;
	return 1;
}

/* The next message at head: its length with *msg set, or IPC_CHAN_EMPTY,
 * or -EPROTO. */
static ssize_t
ring_peek(ipc_chan *ch, const void **msg)
{
	if (ch->head == ch->tail_seen) {
		ch->tail_seen = atomic_load_explicit(&ch->h->tail, memory_order_acquire);
		if (ch->tail_seen < ch->head || ch->tail_seen - ch->head > ch->capacity)
			return -EPROTO;
		if (ch->head == ch->tail_seen)
			return IPC_CHAN_EMPTY;
	}
	const unsigned char *p = ch->data + ch->head % ch->capacity;
	struct chan_rec rec;
	memcpy(&rec, p, sizeof rec);
	if (!record_ok(ch, &rec))
		return -EPROTO;
	*msg = p + CHAN_REC_HDR;
	ch->view_need = (uint32_t)ipc__chan_need(rec.len);
	return (ssize_t)rec.len;
}

static void
cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Leaves the senders CHAN_LINGER_NS to write a batch (chan_impl.h),
 * yielding first so that one sharing this processor runs now. */
static void
linger(void)
{
	int64_t until = ipc__now_ns() + CHAN_LINGER_NS;
	sched_yield();
	while (ipc__now_ns() < until)
		cpu_relax();
}

/* The receiver waits in slices while senders are registered, so that it
 * notices a sender that died without closing. */
static int
wait_data(ipc_chan *ch, const struct ipc__deadline *d)
{
	struct chan_hdr *h = ch->h;
	uint32_t key = ipc__event_prepare(&h->receiver.ev, ch->asym);
	const void *msg;
	if (ring_peek(ch, &msg) != IPC_CHAN_EMPTY || ipc__chan_ended(h) != 0)
		return 0;
	int sliced = atomic_load(&h->senders) > 0;
	struct ipc__deadline slice = sliced ? slice_of(d) : *d;
	int r = ipc__event_wait(&h->receiver.ev, key, &slice);
	if (r == -ETIMEDOUT && sliced && ipc__chan_lock(ch, NULL) == 0) {
		ipc__chan_reap(ch);
		ipc__chan_unlock(ch);
	}
	return r == -EINTR ? r : 0;
}

ssize_t
ipc_chan_recv_begin(ipc_chan *ch, const void **msg, int timeout_ms)
{
	if (ch->role != IPC_CHAN_RECEIVER)
		return -EBADF;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	for (int spins = 0;; ) {
		ssize_t n = ring_peek(ch, msg);
		if (n != IPC_CHAN_EMPTY)
			return n;
		/* Ended, then look once more: a sender publishes its last
		 * record before it unregisters. */
		int end = ipc__chan_ended(ch->h);
		if (end != 0) {
			n = ring_peek(ch, msg);
			return n != IPC_CHAN_EMPTY ? n : end;
		}
		if (timeout_ms == 0)
			return IPC_CHAN_EMPTY;
		if (ipc__deadline_left_ms(&d) == 0)
			return -ETIMEDOUT;
		if (spins++ < CHAN_SPINS) {
			if (spins == 1 && ch->run >= CHAN_STREAM_RUN)
				linger();
			else
				sched_yield();
			ch->run = 0;
			continue;
		}
		int r = wait_data(ch, &d);
		if (r < 0)
			return r;
	}
}

int
ipc_chan_recv_end(ipc_chan *ch)
{
	if (ch->role != IPC_CHAN_RECEIVER)
		return -EBADF;
	if (ch->view_need == 0)
		return -EINVAL;
	uint64_t need = ch->view_need;
	ch->view_need = 0;
	ch->run++;
	atomic_store_explicit(&ch->h->received, atomic_load_explicit(&ch->h->received,
	    memory_order_relaxed) + 1, memory_order_relaxed);   /* only we write it */
	consume(ch, need);
	return 0;
}

ssize_t
ipc_chan_recv(ipc_chan *ch, void *buf, size_t len, int timeout_ms)
{
	const void *msg;
	ssize_t n = ipc_chan_recv_begin(ch, &msg, timeout_ms);
	if (n < 0)
		return n;
	if ((size_t)n > len)
		return -EMSGSIZE;
	if (n > 0)
		memcpy(buf, msg, (size_t)n);
	ipc_chan_recv_end(ch);
	return n;
}

ssize_t
ipc_chan_try_recv(ipc_chan *ch, void *buf, size_t len)
{
	return ipc_chan_recv(ch, buf, len, 0);
}
