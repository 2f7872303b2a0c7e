/* msgq_stress.c: 4 senders x 25,000 typed messages, 2 receivers: each message exactly once, in order. */
#include <config.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/msgq.h"
#include "msgq_fixture.h"
#include "tap.h"

enum { SENDERS = 4, PER_SENDER = 25000, RECEIVERS = 2, STOP_TYPE = 1000 };

/* A message: who, which, a payload of 0-47 bytes, and a checksum of all. */
struct msg {
	uint32_t sender, seq, len, sum;
	unsigned char payload[48];
};

/* Filled by the receivers through a shared mapping. */
struct tally {
	uint8_t seen[SENDERS][PER_SENDER];   /* times each message arrived */
	uint64_t out_of_order[RECEIVERS];
	uint64_t bad_sum[RECEIVERS];
	uint64_t received[RECEIVERS];
	uint64_t hash[RECEIVERS];            /* sum of the checksums taken */
};

static uint32_t
checksum(const struct msg *m)
{
	uint32_t h = 2166136261u ^ m->sender ^ (m->seq << 8) ^ (m->len << 24);
	for (uint32_t i = 0; i < m->len; i++)
		h = (h ^ m->payload[i]) * 16777619u;
	return h;
}

static void
make(struct msg *m, uint32_t sender, uint32_t seq)
{
	m->sender = sender;
	m->seq = seq;
	m->len = (sender * 7 + seq) % sizeof m->payload;
	for (uint32_t i = 0; i < m->len; i++)
		m->payload[i] = (unsigned char)(seq * 31 + i * 7 + sender);
	m->sum = checksum(m);
}

/* Senders 0 and 1 block; 2 and 3 use timed sends and retry on timeout, so
 * the polling path is held to exactly-once as well. */
static int
sender(ipc_msgq *q, uint32_t s)
{
	int timeout = s < 2 ? IPC_FOREVER : s == 2 ? 1000 : 1;
	struct msg m;
	for (uint32_t seq = 0; seq < PER_SENDER; seq++) {
		make(&m, s, seq);
		size_t len = offsetof(struct msg, payload) + m.len;
		int e;
		while ((e = ipc_msgq_send(q, (long)s + 1, &m, len, timeout)) == -ETIMEDOUT)
			;
		if (e < 0)
			return 1;
	}
	return 0;
}

static int
receiver(ipc_msgq *q, int r, struct tally *t)
{
	int timeout = r == 0 ? IPC_FOREVER : 50;
	int32_t last[SENDERS] = { -1, -1, -1, -1 };
	struct msg m;
	for (;;) {
		long type;
		ssize_t n = ipc_msgq_recv(q, 0, &m, sizeof m, &type, timeout);
		if (n == -ETIMEDOUT)
			continue;
		if (n < 0)
			return 1;
		if (type == STOP_TYPE)
			return 0;
		if ((size_t)n < offsetof(struct msg, payload) || m.sender >= SENDERS ||
		    m.seq >= PER_SENDER || type != (long)m.sender + 1 ||
		    (size_t)n != offsetof(struct msg, payload) + m.len || checksum(&m) != m.sum) {
			t->bad_sum[r]++;
			continue;
		}
		if ((int32_t)m.seq <= last[m.sender])
			t->out_of_order[r]++;
		last[m.sender] = (int32_t)m.seq;
		t->seen[m.sender][m.seq]++;
		t->received[r]++;
		t->hash[r] += m.sum;
	}
}

static pid_t
spawn(int (*fn)(ipc_msgq *, int, struct tally *), ipc_msgq *q, int i, struct tally *t)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn(q, i, t));
	return pid;
}

static int
sender_entry(ipc_msgq *q, int i, struct tally *t)
{
	(void)t;
	return sender(q, (uint32_t)i);
}

/* Waits for each pid; returns how many exited 0. */
static int
reap(const pid_t *pids, int n)
{
	int good = 0;
	for (int i = 0; i < n; i++) {
		int status;
		if (waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)
			good++;
	}
	return good;
}

static void
check(const struct tally *t)
{
	uint64_t once = 0, dup = 0, missing = 0, want_hash = 0;
	struct msg m;
	for (uint32_t s = 0; s < SENDERS; s++)
		for (uint32_t i = 0; i < PER_SENDER; i++) {
			once += t->seen[s][i] == 1;
			dup += t->seen[s][i] > 1;
			missing += t->seen[s][i] == 0;
			make(&m, s, i);
			want_hash += m.sum;
		}
	is((long long)once, SENDERS * PER_SENDER, "every message received exactly once");
	is((long long)dup, 0, "none twice");
	is((long long)missing, 0, "none lost");
	is((long long)(t->out_of_order[0] + t->out_of_order[1]), 0,
	    "each receiver saw each sender's messages in order");
	is((long long)(t->bad_sum[0] + t->bad_sum[1]), 0, "every checksum right");
	ok(t->hash[0] + t->hash[1] == want_hash, "the checksums add up to the senders' total");
	ok(t->received[0] > 0 && t->received[1] > 0, "both receivers took part (%llu, %llu)",
	    (unsigned long long)t->received[0], (unsigned long long)t->received[1]);
}

int
main(void)
{
	fixture_init();
	struct tally *t = mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ipc_msgq *q;
	if (t == MAP_FAILED || ipc_msgq_create("stress", 0600, 0, &q) < 0) {
		ok(0, "set up");
		return tap_done();
	}
	pid_t recv_pids[RECEIVERS], send_pids[SENDERS];
	for (int r = 0; r < RECEIVERS; r++)
		recv_pids[r] = spawn(receiver, q, r, t);
	for (int s = 0; s < SENDERS; s++)
		send_pids[s] = spawn(sender_entry, q, s, t);
	is(reap(send_pids, SENDERS), SENDERS, "4 senders sent 25,000 messages each");
	/* Queue order puts these after every message sent. */
	for (int r = 0; r < RECEIVERS; r++)
		ipc_msgq_send(q, STOP_TYPE, "", 0, IPC_FOREVER);
	is(reap(recv_pids, RECEIVERS), RECEIVERS, "2 receivers ended cleanly");
	check(t);
	struct ipc_msgq_stat st;
	ipc_msgq_stat(q, &st);
	is((long long)st.messages, 0, "the queue is empty");
	ipc_msgq_close(q);
	fixture_cleanup();
	return tap_done();
}
