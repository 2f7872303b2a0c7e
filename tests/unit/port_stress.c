/* port_stress.c: 100 concurrent clients x 1,000 messages: each delivered once, in order per sender. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/core.h"
#include "ipc/port.h"
#include "port_util.h"
#include "tap.h"

enum { CLIENTS = 100, MESSAGES = 1000 };

static void
sender(int index)
{
	ipc_port_conn *c;
	uint32_t port;
	if (ipc_port_connect(&c, 0, 10000) < 0 || ipc_port_lookup(c, "stress", 0, 10000, &port) < 0)
		_exit(2);
	for (int seq = 0; seq < MESSAGES; seq++) {
		char m[32];
		int n = snprintf(m, sizeof m, "%d:%d", index, seq);
		int flags = seq % 64 == 63 ? 0 : IPC_PORT_MORE;
		if (ipc_port_send(c, port, (uint32_t)index, m, (size_t)n, 0, flags, 10000) < 0)
			_exit(3);
	}
	int e = ipc_port_sync(c, 10000);
	ipc_port_disconnect(c);
	_exit(e < 0 ? 4 : 0);
}

int
main(void)
{
	if (!pt_begin())
		return tap_done();
	pt_fresh_rundir("stress");
	ipc_port_conn *c;
	uint32_t port;
	int e = ipc_port_connect(&c, 0, 5000);
	ok(e == 0 && ipc_port_open(c, "stress", IPC_PORT_CREATE | IPC_PORT_RECV, 5000, &port) == 0,
	    "a receiving port");
	static pid_t pids[CLIENTS];
	static int next[CLIENTS];
	for (int i = 0; i < CLIENTS; i++)
		if ((pids[i] = fork()) == 0)
			sender(i);
	long total = 0, bad = 0, dup_or_gap = 0, wrong_pid = 0;
	while (total < (long)CLIENTS * MESSAGES) {
		const ipc_port_msg *m;
		e = ipc_port_recv(c, port, &m, 20000);
		if (e < 0) {
			tap_diag("recv after %ld messages: %s", total, ipc_strerror(e));
			break;
		}
		size_t len;
		const char *d = ipc_port_msg_data(m, &len);
		char text[32];
		int idx, seq;
		snprintf(text, sizeof text, "%.*s", (int)(len < 31 ? len : 31), d);
		if (sscanf(text, "%d:%d", &idx, &seq) != 2 || idx < 0 || idx >= CLIENTS ||
		    (uint32_t)idx != ipc_port_msg_type(m)) {
			bad++;
			continue;
		}
		if (seq != next[idx])
			dup_or_gap++;
		next[idx] = seq + 1;
		if (ipc_port_msg_pid(m) != pids[idx])
			wrong_pid++;
		total++;
	}
	int clean = 1;
	for (int i = 0; i < CLIENTS; i++) {
		int st;
		clean &= waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	ok(clean, "%d senders ran concurrently and synced", CLIENTS);
	is(total, (long)CLIENTS * MESSAGES, "every message arrived");
	is(bad, 0, "none garbled");
	is(dup_or_gap, 0, "each sender's messages in order, none twice, none missing");
	is(wrong_pid, 0, "each stamped with its sender's pid");
	const ipc_port_msg *m;
	is(ipc_port_recv(c, port, &m, 100), -ETIMEDOUT, "and nothing more");
	ipc_port_disconnect(c);
	ok(pt_stop_broker(), "the broker stops");
	return tap_done();
}
