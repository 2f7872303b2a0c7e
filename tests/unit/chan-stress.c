/* chan-stress.c: channels under load and under violence: MPSC exactly-once, back-pressure, killed senders. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "chan_impl.h"   /* the lock-holder test reaches inside */
#include "chantest.h"
#include "tap.h"

/*
 * Every message says who sent it, its number in that sender's sequence and
 * its length, and carries filler derived from all three, checked byte by
 * byte: the receiver can tell a lost, duplicated, reordered, torn or
 * foreign message. (Simple loops, so the compiler vectorises them and a
 * fast consumer keeps the ring from filling: kills then land mid-copy.)
 */
struct msg_head {
	uint32_t id;
	uint32_t seq;
	uint64_t tag;   /* a function of id, seq and length */
};

#define MAX_PRODUCERS 8

static uint64_t
msg_tag(uint32_t id, uint32_t seq, size_t len)
{
	return ((uint64_t)id << 48 ^ (uint64_t)seq << 16 ^ len) * 0x9e3779b97f4a7c15u;
}

static unsigned char
fill_base(uint32_t id, uint32_t seq)
{
	return (unsigned char)(id * 131 + seq * 7);
}

/*
 * Builds message (id, seq) in place inside a buffer of the repeating
 * pattern 0..255 with no copy of the filler: the filler of a message whose
 * base is b is the pattern from b on, so the message starts b bytes in and
 * only its 16-byte head is written (and put back afterwards by
 * restore_msg). A producer then spends its time inside ipc_chan_send's own
 * copy, which is where the kill test wants to hit it.
 */
struct pattern {
	unsigned char bytes[sizeof(struct msg_head) + 256 + 65536];
};

static void
pattern_init(struct pattern *pt)
{
	for (size_t i = 0; i < sizeof pt->bytes; i++)
		pt->bytes[i] = (unsigned char)(i - sizeof(struct msg_head));
}

static unsigned char *
make_msg(struct pattern *pt, uint32_t id, uint32_t seq, size_t filler, size_t *len)
{
	unsigned char *m = pt->bytes + fill_base(id, seq);
	struct msg_head h = { .id = id, .seq = seq, .tag = msg_tag(id, seq, filler) };
	memcpy(m, &h, sizeof h);
	*len = sizeof h + filler;
	return m;
}

static void
restore_msg(struct pattern *pt, unsigned char *m)
{
	for (size_t i = 0; i < sizeof(struct msg_head); i++)
		m[i] = (unsigned char)((size_t)(m - pt->bytes) + i - sizeof(struct msg_head));
}

struct tally {
	uint32_t next[MAX_PRODUCERS];   /* expected seq per producer */
	long total, bad;
};

static int
filler_ok(const unsigned char *f, size_t n, unsigned char base)
{
	unsigned char diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(f[i] ^ (unsigned char)(base + i));
	return diff == 0;
}

/* Checks one received message against everything it claims. */
static void
tally_msg(struct tally *t, const unsigned char *m, size_t len)
{
	struct msg_head h;
	if (len < sizeof h) {
		t->bad++;
		return;
	}
	memcpy(&h, m, sizeof h);
	size_t filler = len - sizeof h;
	int ok = h.id < MAX_PRODUCERS && h.seq == t->next[h.id] &&
	    h.tag == msg_tag(h.id, h.seq, filler) &&
	    filler_ok(m + sizeof h, filler, fill_base(h.id, h.seq));
	if (!ok) {
		if (t->bad++ < 5)
			tap_diag("bad message: id %u seq %u (want %u) len %zu", h.id, h.seq,
			    h.id < MAX_PRODUCERS ? t->next[h.id] : 0, len);
		return;
	}
	t->next[h.id]++;
	t->total++;
}

/* Receives until Closed (or an error), tallying; returns the final status. */
static ssize_t
drain(ipc_chan *rx, struct tally *t, int slow)
{
	const void *m;
	ssize_t n;
	while ((n = ipc_chan_recv_begin(rx, &m, 20000)) >= 0) {
		tally_msg(t, m, (size_t)n);
		ipc_chan_recv_end(rx);
		if (slow && t->total % 2000 == 0) {
			struct timespec ms = { 0, 2000000 };
			nanosleep(&ms, NULL);   /* let the ring fill: senders must wait */
		}
	}
	return n;
}

/* ---- producers: children that open, wait for the start, send, close ---- */

struct producer {
	const char *name;
	uint32_t id;
	long count;          /* < 0: until killed */
	size_t max_filler;
	int ready_fd, go_fd;
	_Atomic long *done;  /* sends that returned 0, in shared memory */
};

static int
producer_main(void *arg)
{
	struct producer *p = arg;
	ipc_chan *tx;
	if (ipc_chan_open(p->name, IPC_CHAN_SENDER, &tx) < 0)
		return 10;
	char c = 'r';
	if (write(p->ready_fd, &c, 1) != 1 || read(p->go_fd, &c, 1) != 0)
		return 11;
	static struct pattern pt;
	pattern_init(&pt);
	for (uint32_t seq = 0; p->count < 0 || seq < (uint32_t)p->count; seq++) {
		size_t filler = p->max_filler ? (seq * 37u + p->id * 11u) % (p->max_filler + 1) : 0;
		size_t len;
		unsigned char *m = make_msg(&pt, p->id, seq, filler, &len);
		if (ipc_chan_send(tx, m, len, IPC_FOREVER) < 0)
			return 12;
		restore_msg(&pt, m);
		if (p->done != NULL)
			atomic_fetch_add(p->done, 1);
	}
	return ipc_chan_close(tx) == 0 ? 0 : 13;
}

/* Starts n producers, every one registered before any sends: so Closed
 * cannot come early from a fast producer finishing before a slow one opened. */
static void
start_producers(struct producer *p, int n, pid_t *pids)
{
	int ready[2], go[2];
	if (pipe(ready) < 0 || pipe(go) < 0)
		abort();
	for (int i = 0; i < n; i++) {
		p[i].ready_fd = ready[1];
		p[i].go_fd = go[0];
		fflush(stdout);
		pids[i] = fork();
		if (pids[i] == 0) {
			close(go[1]);
			_exit(producer_main(&p[i]));
		}
	}
	close(ready[1]);
	close(go[0]);
	char c;
	for (int i = 0; i < n; i++)
		if (read(ready[0], &c, 1) != 1)
			tap_diag("a producer failed to open");
	close(ready[0]);
	close(go[1]);   /* go: every producer's read returns 0 */
}

static void
test_mpsc(void)
{
	const char *n = chantest_name("mpsc");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0);
	ipc_chan *rx;
	ipc_chan_open(n, IPC_CHAN_RECEIVER, &rx);
	struct producer p[8];
	pid_t pids[8];
	for (uint32_t i = 0; i < 8; i++)
		p[i] = (struct producer){ .name = n, .id = i, .count = 50000, .max_filler = 100 };
	int64_t t0 = ipc__now_ns();
	start_producers(p, 8, pids);
	struct tally t = { 0 };
	ssize_t end = drain(rx, &t, 0);
	double secs = (ipc__now_ns() - t0) / 1e9;
	int fails = 0;
	for (int i = 0; i < 8; i++)
		fails += chantest_wait(pids[i]) != 0;
	is(fails, 0, "8 producers sent 50,000 messages each and closed");
	is(end, IPC_CHAN_CLOSED, "the consumer ends at Closed");
	is(t.bad, 0, "no message lost, duplicated, reordered or torn");
	is(t.total, 400000, "exactly 400,000 messages");
	int complete = 1;
	for (int i = 0; i < 8; i++)
		complete &= t.next[i] == 50000;
	ok(complete, "each producer's 50,000, in its order");
	tap_diag("MPSC 8 x 50,000: %.2f s, %.2f M msg/s", secs, 400000 / secs / 1e6);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

static void
test_back_pressure(void)
{
	const char *n = chantest_name("bp");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 4096, 0);
	ipc_chan *rx;
	ipc_chan_open(n, IPC_CHAN_RECEIVER, &rx);
	struct producer p[4];
	pid_t pids[4];
	for (uint32_t i = 0; i < 4; i++)
		p[i] = (struct producer){ .name = n, .id = i, .count = 20000, .max_filler = 48 };
	start_producers(p, 4, pids);
	struct tally t = { 0 };
	ssize_t end = drain(rx, &t, 1);
	int fails = 0;
	for (int i = 0; i < 4; i++)
		fails += chantest_wait(pids[i]) != 0;
	is(fails, 0, "4 producers pushed 20,000 messages each through a 4 KiB ring");
	is(end, IPC_CHAN_CLOSED, "Closed at the end");
	is(t.bad, 0, "nothing lost or torn while they waited for room");
	is(t.total, 80000, "all 80,000 arrived");
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

/* Did the killed process die holding the senders' lock? Then it was
 * between taking it and releasing it: writing or publishing a record. */
static int
died_in_lock(ipc_chan *ch, pid_t pid)
{
	unsigned owner = (unsigned)ch->h->lock.__data.__owner;
	return (owner & 0x3fffffffu) == (unsigned)pid;
}

/* Or inside a send on the biased path, which takes no lock. */
static int
died_in_biased_send(ipc_chan *ch, pid_t pid)
{
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++)
		if (atomic_load(&ch->h->sender[i].pid) == pid)
			return atomic_load(&ch->h->sender[i].busy) != 0;
	return 0;
}

/*
 * One producer streams 16 KiB messages until it is killed with SIGKILL at
 * a moment that varies by round; two others send 2,000 each and close. The
 * consumer must still end (the dead one counts as closed), every message
 * must be whole, and every send the dead producer completed must arrive.
 */
static int
kill_round(int round, _Atomic long *done, int *in_lock)
{
	const char *n = chantest_name(round % 2 ? "kill1" : "kill0");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 256 * 1024, 0);
	ipc_chan *rx;
	ipc_chan_open(n, IPC_CHAN_RECEIVER, &rx);
	atomic_store(done, 0);
	struct producer p[3] = {
		{ .name = n, .id = 0, .count = -1, .max_filler = 16384, .done = done },
		{ .name = n, .id = 1, .count = 2000, .max_filler = 100 },
		{ .name = n, .id = 2, .count = 2000, .max_filler = 100 },
	};
	pid_t pids[3];
	start_producers(p, 3, pids);
	struct tally t = { 0 };
	const void *m;
	ssize_t len = 0;
	long killed_after = 20 + round * 37;
	while (t.next[0] < killed_after && (len = ipc_chan_recv_begin(rx, &m, 20000)) >= 0) {
		tally_msg(&t, m, (size_t)len);
		ipc_chan_recv_end(rx);
	}
	kill(pids[0], SIGKILL);
	struct timespec ms = { 0, 1000000 };
	nanosleep(&ms, NULL);
	*in_lock += died_in_lock(rx, pids[0]) || died_in_biased_send(rx, pids[0]);
	ssize_t end = drain(rx, &t, 0);   /* the dead one is a zombie until we reap it */
	long sent = atomic_load(done);
	int good = end == IPC_CHAN_CLOSED && t.bad == 0 && t.next[1] == 2000 &&
	    t.next[2] == 2000 && t.next[0] >= sent && t.next[0] <= sent + 1;
	if (!good)
		tap_diag("round %d: end %zd bad %ld; from the killed one %u (it completed %ld);"
		    " others %u %u", round, end, t.bad, t.next[0], sent, t.next[1], t.next[2]);
	chantest_wait(pids[0]);
	good &= chantest_wait(pids[1]) == 0 && chantest_wait(pids[2]) == 0;
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
	return good;
}

static void
test_kill_producer(void)
{
	_Atomic long *done = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int good = 0, rounds = 8, in_lock = 0;
	for (int r = 0; r < rounds; r++)
		good += kill_round(r, done, &in_lock);
	is(good, rounds, "SIGKILL of a producer mid-stream, %d rounds: the consumer still ends"
	    " at Closed, every message whole, nothing the dead producer completed lost", rounds);
	tap_diag("%d of %d kills landed while the producer held the senders' lock or was inside"
	    " a biased send", in_lock, rounds);
	munmap(done, 4096);
}

/*
 * Deterministic version of the worst moment: a sender takes the lock,
 * writes half a record where the next one goes, and dies without
 * publishing it or unlocking.
 */
static int
die_mid_record(void *arg)
{
	ipc_chan *tx;
	if (ipc_chan_open(arg, IPC_CHAN_SENDER, &tx) < 0)
		return 1;
	if (ipc_chan_send(tx, "before", 6, 0) < 0 || ipc__chan_lock(tx, NULL) < 0)
		return 2;
	uint64_t tail = atomic_load(&tx->h->tail);
	unsigned char *p = tx->data + tail % tx->capacity;
	struct chan_rec rec = { .len = 40, .kind = CHAN_KIND_MSG };
	memcpy(p, &rec, sizeof rec);
	memset(p + sizeof rec, 'X', 20);   /* half of it */
	chantest_crash();                  /* holding the lock */
	return 3;
}

static void
test_die_holding_lock(void)
{
	const char *n = chantest_name("torn");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0);
	ipc_chan *rx, *tx;
	ipc_chan_open(n, IPC_CHAN_RECEIVER, &rx);
	pid_t pid = chantest_fork(die_mid_record, (void *)n);
	is(chantest_wait(pid), 128 + SIGKILL, "a sender died holding the lock, half a record written");
	ok(died_in_lock(rx, pid), "(the probe used by the kill rounds sees that)");
	is(ipc_chan_open(n, IPC_CHAN_SENDER, &tx), 0, "another sender opens: the lock was recovered");
	is(ipc_chan_send(tx, "after", 5, 1000), 0, "and sends");
	char buf[64];
	ssize_t got = ipc_chan_recv(rx, buf, sizeof buf, 0);
	ok(got == 6 && memcmp(buf, "before", 6) == 0, "the dead sender's completed message arrives");
	got = ipc_chan_recv(rx, buf, sizeof buf, 0);
	ok(got == 5 && memcmp(buf, "after", 5) == 0, "its half record never does: next is 'after'");
	ipc_chan_close(tx);
	is(ipc_chan_recv(rx, buf, sizeof buf, 5000), IPC_CHAN_CLOSED,
	    "Closed once the live sender closes: the dead one counts as closed");
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

/* ---- the bias: a lone sender skips the mutex (chan_impl.h) ---- */

/* What this build is expected to do: the futex backend, where this process
 * may use membarrier(2), uses the asymmetric barriers and grants the bias;
 * the portable one never. */
static int
expect_asym(void)
{
#ifdef CHAN_TEST_CONDVAR
	return 0;
#else
	return ipc__barrier_join() == 0;
#endif
}

static uint32_t
bias_of(const ipc_chan *ch)
{
	return atomic_load(&ch->h->bias);
}

static int
send_n(ipc_chan *tx, const char *tag, int from, int n)
{
	char buf[32];
	for (int i = from; i < from + n; i++) {
		int len = snprintf(buf, sizeof buf, "%s%d", tag, i);
		if (ipc_chan_send(tx, buf, (size_t)len, 1000) < 0)
			return -1;
	}
	return 0;
}

/* Receives the next message; 1 if it is want. */
static int
recv_is(ipc_chan *rx, const char *want)
{
	char buf[64];
	ssize_t got = ipc_chan_recv(rx, buf, sizeof buf - 1, 1000);
	if (got < 0) {
		tap_diag("want '%s': %s", want, ipc_strerror((int)got));
		return 0;
	}
	buf[got] = '\0';
	if (strcmp(buf, want) != 0) {
		tap_diag("got '%s', want '%s'", buf, want);
		return 0;
	}
	return 1;
}

/* Receives TAG<from> .. TAG<from + n - 1>, as send_n sent them. */
static int
recv_run(ipc_chan *rx, const char *tag, int from, int n)
{
	char want[32];
	for (int i = from; i < from + n; i++) {
		snprintf(want, sizeof want, "%s%d", tag, i);
		if (!recv_is(rx, want))
			return 0;
	}
	return 1;
}

static void
test_bias_handoff(void)
{
	const char *n = chantest_name("bias");
	ipc_chan_create(n, IPC_CHAN_LINE, 0, 0, 0);
	ipc_chan *rx, *a, *b, *obs;
	ipc_chan_open(n, IPC_CHAN_RECEIVER, &rx);
	ipc_chan_open(n, IPC_CHAN_SENDER, &a);
	ipc_chan_open(n, IPC_CHAN_SENDER, &b);
	is(a->asym, expect_asym(), "asymmetric barriers %s in this build",
	    expect_asym() ? "in use" : "not used");
	is(send_n(a, "a", 0, CHAN_BIAS_AFTER + 10), 0, "sender A sends %d in a row",
	    CHAN_BIAS_AFTER + 10);
	is(bias_of(a), expect_asym() ? (uint32_t)a->slot + 1 : 0,
	    expect_asym() ? "A holds the bias" : "nobody holds the bias");
	is(send_n(b, "b", 0, 1), 0, "sender B sends one");
	is(bias_of(a), 0, "B took the lock: A's bias is withdrawn");
	is(send_n(a, "a", CHAN_BIAS_AFTER + 10, 1), 0, "A sends again, through the lock");
	ok(recv_run(rx, "a", 0, CHAN_BIAS_AFTER + 10) && recv_is(rx, "b0") &&
	    recv_run(rx, "a", CHAN_BIAS_AFTER + 10, 1),
	    "all %d arrive once, in the order they were sent", CHAN_BIAS_AFTER + 12);

	is(send_n(a, "a", 0, CHAN_BIAS_AFTER), 0, "A streams alone again");
	is(bias_of(a), expect_asym() ? (uint32_t)a->slot + 1 : 0, "and regains the bias");
	ipc_chan_open(n, IPC_CHAN_OBSERVER, &obs);
	is(ipc_chan_shutdown(obs), 0, "shut down by a third party");
	is(bias_of(a), 0, "which withdraws the bias");
	is(ipc_chan_send(a, "late", 4, 0), -EPIPE, "so A's next send sees the shutdown");
	ipc_chan_close(obs);
	ipc_chan_close(b);
	ipc_chan_close(a);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

/*
 * The biased path's worst moment: the owner marked itself busy, wrote
 * half a record and died. Another sender must not wait for it forever,
 * and the half record must never be delivered.
 */
static int
die_mid_biased_send(void *arg)
{
	ipc_chan *tx;
	if (ipc_chan_open(arg, IPC_CHAN_SENDER, &tx) < 0)
		return 1;
	if (send_n(tx, "m", 0, CHAN_BIAS_AFTER + 1) < 0)
		return 2;
	if (tx->asym && bias_of(tx) != (uint32_t)tx->slot + 1)
		return 3;
	atomic_store(&tx->h->sender[tx->slot].busy, 1);
	uint64_t tail = atomic_load(&tx->h->tail);
	unsigned char *p = tx->data + tail % tx->capacity;
	struct chan_rec rec = { .len = 40, .kind = CHAN_KIND_MSG };
	memcpy(p, &rec, sizeof rec);
	memset(p + sizeof rec, 'X', 20);
	chantest_crash();
	return 4;
}

static void
test_die_biased(void)
{
	const char *n = chantest_name("biasdie");
	ipc_chan_create(n, IPC_CHAN_LINE, 0, 0, 0);
	ipc_chan *rx, *tx;
	ipc_chan_open(n, IPC_CHAN_RECEIVER, &rx);
	pid_t pid = chantest_fork(die_mid_biased_send, (void *)n);
	is(chantest_wait(pid), 128 + SIGKILL, "a sender died inside a biased send, half a record written");
	ipc_chan_open(n, IPC_CHAN_SENDER, &tx);
	is(ipc_chan_send(tx, "after", 5, 2000), 0, "another sender still sends: the dead owner"
	    " is not waited for");
	ok(recv_run(rx, "m", 0, CHAN_BIAS_AFTER + 1) && recv_is(rx, "after"), "the dead one's %d completed messages arrive, its half record"
	    " never does", CHAN_BIAS_AFTER + 1);
	ipc_chan_close(tx);
	char buf[64];
	is(ipc_chan_recv(rx, buf, sizeof buf, 5000), IPC_CHAN_CLOSED,
	    "Closed once the live sender closes");
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

/*
 * A lock holder that died while it waited for the biased owner to finish
 * a send leaves the bias marked as being withdrawn: the next holder must
 * wait for the owner too, not write where the owner is writing. The owner
 * is a child caught inside its send (busy raised, nothing written yet).
 */
static int
owner_mid_send(void *arg)
{
	ipc_chan *tx;
	if (ipc_chan_open(arg, IPC_CHAN_SENDER, &tx) < 0 ||
	    send_n(tx, "m", 0, CHAN_BIAS_AFTER + 1) < 0)
		return 1;
	atomic_store(&tx->h->sender[tx->slot].busy, 1);
	uint32_t mine = (uint32_t)tx->slot + 1;
	/* what a dying withdrawer leaves: the slot, marked */
	atomic_store(&tx->h->bias, mine | CHAN_BIAS_WITHDRAWN);
	raise(SIGSTOP);   /* "inside the send" until the parent lets us go */
	uint64_t tail = atomic_load(&tx->h->tail);
	unsigned char *p = tx->data + tail % tx->capacity;
	struct chan_rec rec = { .len = 5, .kind = CHAN_KIND_MSG };
	memcpy(p, &rec, sizeof rec);
	memcpy(p + sizeof rec, "owner", 5);
	atomic_store(&tx->h->tail, tail + ipc__chan_need(5));
	atomic_store(&tx->h->sender[tx->slot].busy, 0);
	ipc_chan_close(tx);
	return 0;
}

static void
test_withdrawal_left_by_the_dead(void)
{
	if (!expect_asym()) {
		tap_skip(3, "no bias in this build");
		return;
	}
	const char *n = chantest_name("withdrawn");
	ipc_chan_create(n, IPC_CHAN_LINE, 0, 0, 0);
	ipc_chan *rx, *tx;
	ipc_chan_open(n, IPC_CHAN_RECEIVER, &rx);
	pid_t pid = chantest_fork(owner_mid_send, (void *)n);
	int st;
	waitpid(pid, &st, WUNTRACED);
	ipc_chan_open(n, IPC_CHAN_SENDER, &tx);
	is(ipc_chan_send(tx, "timed", 5, 200), -ETIMEDOUT, "a timed send gives up in its time"
	    " while the owner is inside its send");
	pid_t d = fork();
	if (d == 0)
		_exit(ipc_chan_send(tx, "after", 5, -1) == 0 ? 0 : 1);
	struct timespec ms300 = { 0, 300000000 };
	nanosleep(&ms300, NULL);
	ok(waitpid(d, &st, WNOHANG) == 0, "the next sender waits while the owner is inside its send");
	kill(pid, SIGCONT);
	chantest_wait(pid);
	chantest_wait(d);
	ok(recv_run(rx, "m", 0, CHAN_BIAS_AFTER + 1) && recv_is(rx, "owner") &&
	    recv_is(rx, "after"), "then sends after it: the owner's record is whole, nothing"
	    " overwritten");
	ipc_chan_close(tx);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

static int
close_inherited(void *arg)
{
	return ipc_chan_close(arg) == 0 ? 0 : 1;
}

static void
test_child_closes_inherited(void)
{
	const char *n = chantest_name("inherit");
	ipc_chan_create(n, IPC_CHAN_LINE, 0, 0, 0);
	ipc_chan *rx, *tx;
	ipc_chan_open(n, IPC_CHAN_RECEIVER, &rx);
	ipc_chan_open(n, IPC_CHAN_SENDER, &tx);
	is(chantest_wait(chantest_fork(close_inherited, tx)), 0,
	    "a child closes the sender handle it inherited");
	char buf[16];
	is(ipc_chan_recv(rx, buf, sizeof buf, 0), IPC_CHAN_EMPTY,
	    "the parent's sender still counts: Empty, not Closed");
	ipc_chan_close(tx);
	is(ipc_chan_recv(rx, buf, sizeof buf, 1000), IPC_CHAN_CLOSED, "Closed once the parent closes");
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

int
main(void)
{
	test_mpsc();
	test_back_pressure();
	test_kill_producer();
	test_die_holding_lock();
	test_bias_handoff();
	test_die_biased();
	test_withdrawal_left_by_the_dead();
	test_child_closes_inherited();
	return tap_done();
}
