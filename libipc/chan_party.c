/* chan_party.c: who has a channel open: sender slots, the receiver, and the Closed rule. */
#include <config.h>

#include <errno.h>
#include <sched.h>
#include <unistd.h>

#include "chan_impl.h"
#include "proc.h"

static int
party_alive(const struct chan_party *p)
{
	pid_t pid = atomic_load(&p->pid);
	return pid != 0 && ipc__proc_alive(pid, p->start);
}

/* Takes a party slot for this process. The event is made fresh for its new
 * owner (see chan_condvar.c for why that matters). */
static int
party_claim(ipc_chan *ch, struct chan_party *p)
{
	int r = ipc__event_init(&p->ev);
	if (r < 0)
		return r;
	p->start = ipc__proc_start(ch->pid);
	atomic_store(&p->busy, 0);
	atomic_store(&p->pid, (int32_t)ch->pid);
	return 0;
}

/* Lock held: sender i, which is not in a biased send (it is us, or
 * dead), loses the bias if it has it. */
static void
drop_bias(struct chan_hdr *h, int i)
{
	if ((atomic_load(&h->bias) & ~CHAN_BIAS_WITHDRAWN) == (uint32_t)i + 1)
		atomic_store(&h->bias, 0);
}

/* The bias is withdrawn in two steps, so that a lock holder that dies
 * (or times out) while waiting for the owner leaves the owner's slot
 * marked: the next holder (EOWNERDEAD, or a later send) then waits for it
 * too, instead of finding 0. The owner is looked up in /proc only every
 * so often: its send is a copy, normally over in a turn or two. */
int
ipc__chan_unbias(ipc_chan *ch, const struct ipc__deadline *d)
{
	struct chan_hdr *h = ch->h;
	uint32_t raw = atomic_load(&h->bias), b = raw & ~CHAN_BIAS_WITHDRAWN;
	if (raw == 0)
		return 0;   /* the common case: no store to the lock's line */
	if (b == 0 || b > IPC_CHAN_MAX_SENDERS) {
		atomic_store(&h->bias, 0);
		return 0;
	}
	atomic_store(&h->bias, b | CHAN_BIAS_WITHDRAWN);
	ipc__barrier_heavy(ch->asym);
	struct chan_party *p = &h->sender[b - 1];
	for (unsigned turn = 1; atomic_load_explicit(&p->busy, memory_order_acquire); turn++) {
		if (turn % 64 == 0 && !party_alive(p))
			break;
		if (d != NULL && ipc__deadline_left_ms(d) == 0)
			return -ETIMEDOUT;
		sched_yield();
	}
	atomic_store(&h->bias, 0);
	return 0;
}

void
ipc__chan_recount(struct chan_hdr *h)
{
	uint32_t n = 0;
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++)
		n += atomic_load(&h->sender[i].pid) != 0;
	atomic_store(&h->senders, n);
}

int
ipc__chan_reap(ipc_chan *ch)
{
	struct chan_hdr *h = ch->h;
	int reaped = 0;
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++) {
		struct chan_party *p = &h->sender[i];
		if (atomic_load(&p->pid) == 0 || party_alive(p))
			continue;
		drop_bias(h, i);
		atomic_store(&p->pid, 0);
		atomic_fetch_sub(&h->senders, 1);
		reaped = 1;
	}
	if (atomic_load(&h->receiver.pid) != 0 && !party_alive(&h->receiver))
		atomic_store(&h->receiver.pid, 0);
	if (reaped)
		ipc__event_wake(&h->receiver.ev, ch->asym);
	return reaped;
}

static int
free_slot(const struct chan_hdr *h)
{
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++)
		if (atomic_load(&h->sender[i].pid) == 0)
			return i;
	return -1;
}

/* Slots of dead senders are reclaimed here only when none is free (the
 * receiver reclaims them as it waits): checking every slot's process on
 * each open would make opening cost grow with the number of senders. */
static int
join_sender(ipc_chan *ch)
{
	struct chan_hdr *h = ch->h;
	int i = free_slot(h);
	if (i < 0 && ipc__chan_reap(ch))
		i = free_slot(h);
	if (i < 0)
		return -EUSERS;
	int r = party_claim(ch, &h->sender[i]);
	if (r < 0)
		return r;
	ch->slot = i;
	atomic_fetch_add(&h->senders, 1);
	atomic_fetch_or(&h->flags, CHAN_HAD_SENDER);
	return 0;
}

/* A receiver that finds the channel idle (no sender, nothing queued) waits
 * for the next sender instead of reporting Closed for the last round. */
static int
join_receiver(ipc_chan *ch)
{
	struct chan_hdr *h = ch->h;
	ipc__chan_reap(ch);
	if (party_alive(&h->receiver))
		return -EBUSY;
	int r = party_claim(ch, &h->receiver);
	if (r < 0)
		return r;
	ch->head = atomic_load_explicit(&h->head, memory_order_acquire);
	ch->tail_seen = ch->head;
	if (atomic_load(&h->senders) == 0 && atomic_load(&h->tail) == ch->head)
		atomic_fetch_and(&h->flags, ~CHAN_HAD_SENDER);
	return 0;
}

int
ipc__chan_join(ipc_chan *ch)
{
	if (ch->role == IPC_CHAN_OBSERVER)
		return 0;
	ch->pid = getpid();
	int r = ipc__chan_lock(ch, NULL);
	if (r < 0)
		return r;
	r = ch->role == IPC_CHAN_SENDER ? join_sender(ch) : join_receiver(ch);
	ipc__chan_unlock(ch);
	return r;
}

void
ipc__chan_leave(ipc_chan *ch)
{
	struct chan_hdr *h = ch->h;
	/* A child that closes a handle it inherited must not end its
	 * parent's part (nor drop its bias mid-send). */
	if (ch->role == IPC_CHAN_OBSERVER || ch->pid != getpid() ||
	    ipc__chan_lock(ch, NULL) < 0)
		return;
	if (ch->role == IPC_CHAN_SENDER) {
		struct chan_party *p = &h->sender[ch->slot];
		if (atomic_load(&p->pid) == (int32_t)ch->pid) {
			drop_bias(h, ch->slot);
			atomic_store(&p->pid, 0);
			atomic_fetch_sub(&h->senders, 1);
			ipc__event_wake(&h->receiver.ev, ch->asym);
		}
	} else if (atomic_load(&h->receiver.pid) == (int32_t)ch->pid) {
		atomic_store(&h->receiver.pid, 0);
	}
	ipc__chan_unlock(ch);
}

void
ipc__chan_wake_all(ipc_chan *ch)
{
	struct chan_hdr *h = ch->h;
	ipc__event_wake(&h->receiver.ev, ch->asym);
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++)
		if (atomic_load(&h->sender[i].pid) != 0)
			ipc__event_wake(&h->sender[i].ev, ch->asym);
}

int
ipc__chan_ended(const struct chan_hdr *h)
{
	uint32_t f = atomic_load_explicit(&h->flags, memory_order_acquire);
	if (f & CHAN_REMOVED)
		return -EIDRM;
	if (f & CHAN_SHUT)
		return IPC_CHAN_CLOSED;
	if ((f & CHAN_HAD_SENDER) && atomic_load_explicit(&h->senders, memory_order_acquire) == 0)
		return IPC_CHAN_CLOSED;
	return 0;
}
