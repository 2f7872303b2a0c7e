/* port_broker.c: portd for real: on-demand start, identity stamping, bad clients, quotas, shutdown. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/core.h"
#include "ipc/port.h"
#include "port_util.h"
#include "port_wire.h"
#include "tap.h"

static ipc_port_conn *
conn(void)
{
	ipc_port_conn *c = NULL;
	int e = ipc_port_connect(&c, 0, 5000);
	if (e < 0)
		tap_diag("connect: %s", ipc_strerror(e));
	return c;
}

static void
test_on_demand(void)
{
	pt_fresh_rundir("demand");
	ok(pt_broker_pid() == 0, "no broker before the first client");
	ipc_port_conn *c = conn();
	struct ipc_port_status st;
	ok(c && ipc_port_status(c, &st, 2000) == 0, "the first client starts one");
	is(st.pid, pt_broker_pid(), "status names the broker of the pid file");
	ipc_port_disconnect(c);
	ok(ipc_port_connect(&c, IPC_PORT_NOSTART, 1000) == 0, "a second client finds it");
	ipc_port_disconnect(c);
	ok(pt_stop_broker(), "SIGTERM stops it");
	ipc_port_conn *d = NULL;
	is(ipc_port_connect(&d, IPC_PORT_NOSTART, 1000), -ECONNREFUSED,
	    "after SIGTERM nothing answers (and NOSTART starts nothing)");
	char sock[512];
	snprintf(sock, sizeof sock, "%s/portd.sock", getenv("IPC_RUNTIME_DIR"));
	ok(access(sock, F_OK) != 0 && pt_broker_pid() == 0,
	    "a clean shutdown removes the socket and the pid file");
}

/* Eight clients dial an empty directory at the same moment. */
static void
test_race(void)
{
	pt_fresh_rundir("race");
	int go[2];
	if (pipe(go) < 0)
		return;
	enum { N = 8 };
	int res[2];
	if (pipe(res) < 0)
		return;
	for (int i = 0; i < N; i++) {
		if (fork() == 0) {
			char b;
			close(go[1]);
			if (read(go[0], &b, 1) < 0)
				_exit(1);
			ipc_port_conn *c = NULL;
			struct ipc_port_status st = { .pid = 0 };
			if (ipc_port_connect(&c, 0, 5000) == 0)
				ipc_port_status(c, &st, 2000);
			if (write(res[1], &st.pid, sizeof st.pid) < 0)
				_exit(1);
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]);   /* every child wakes at once */
	close(res[1]);
	pid_t pids[N];
	int got = 0, same = 1;
	while (got < N && read(res[0], &pids[got], sizeof pids[got]) == sizeof pids[got]) {
		same &= pids[got] != 0 && pids[got] == pids[0];
		got++;
	}
	close(res[0]);
	while (wait(NULL) > 0)
		;
	is(got, N, "every racing client got an answer");
	ok(same && pids[0] == pt_broker_pid(), "from one and the same broker");
	ok(pt_stop_broker(), "which stops");
}

static int
raw_send(int fd, const struct ipc__frame *f, const void *payload, uint32_t len)
{
	uint8_t buf[512];
	size_t n = ipc__wire_encode(buf, f, payload, len);
	return write(fd, buf, n) == (ssize_t)n ? 0 : -1;
}

/* A raw client writes uid 0, gid 0 and pid 1 into its frame: the receiver
 * must see who really sent it. */
static void
test_identity(void)
{
	pt_fresh_rundir("identity");
	ipc_port_conn *c = conn();
	uint32_t port = 0;
	ok(c && ipc_port_open(c, "id", IPC_PORT_CREATE | IPC_PORT_RECV, 2000, &port) == 0,
	    "a port to receive on");
	pid_t child = fork();
	if (child == 0) {
		ipc_port_conn *s = NULL;
		uint32_t p;
		if (ipc_port_connect(&s, 0, 2000) < 0 || ipc_port_lookup(s, "id", 0, 2000, &p) < 0 ||
		    ipc_port_send(s, p, 5, "child", 5, 0, 0, 2000) < 0 || ipc_port_sync(s, 2000) < 0)
			_exit(1);
		ipc_port_disconnect(s);
		_exit(0);
	}
	const ipc_port_msg *m;
	int e = ipc_port_recv(c, port, &m, 3000);
	ok(e == 0 && ipc_port_msg_pid(m) == child && ipc_port_msg_uid(m) == getuid() &&
	    ipc_port_msg_type(m) == 5, "a message carries its sender's real pid and uid");
	waitpid(child, NULL, 0);

	int raw = pt_raw_connect();
	struct ipc__frame f = { .kind = IPC__K_MESSAGE, .dst = port, .type = 6,
	    .uid = 4242, .gid = 4343, .pid = 1, .cookie = 1 };
	ok(raw >= 0 && raw_send(raw, &f, "forged", 6) == 0, "a forged frame is sent");
	e = ipc_port_recv(c, port, &m, 3000);
	ok(e == 0 && ipc_port_msg_type(m) == 6, "and delivered");
	ok(e == 0 && ipc_port_msg_uid(m) == getuid() && ipc_port_msg_gid(m) == getgid() &&
	    ipc_port_msg_pid(m) == getpid(),
	    "with the identity the kernel gave, not the one written (uid %d pid %d)",
	    e == 0 ? (int)ipc_port_msg_uid(m) : -1, e == 0 ? (int)ipc_port_msg_pid(m) : -1);
	close(raw);
	ipc_port_disconnect(c);
	pt_stop_broker();
}

/* Each bad client is cut off; a good one goes on being served. */
static void
test_bad_clients(void)
{
	pt_fresh_rundir("bad");
	ipc_port_conn *c = conn();
	uint32_t port = 0, to;
	ok(c && ipc_port_open(c, "good", IPC_PORT_CREATE | IPC_PORT_RECV, 2000, &port) == 0 &&
	    ipc_port_lookup(c, "good", 0, 2000, &to) >= 0, "a good client with a port");

	int fd = pt_raw_connect();
	ok(fd >= 0 && write(fd, "GET / HTTP/1.0\r\n\r\n", 18) == 18 && pt_closed_by_peer(fd),
	    "garbage: dropped");
	close(fd);

	uint8_t buf[512];
	struct ipc__frame f = { .kind = IPC__K_MESSAGE, .dst = port };
	size_t n = ipc__wire_encode(buf, &f, "hello", 5);
	ipc__put32(buf, 0x7fffffff);
	fd = pt_raw_connect();
	ok(fd >= 0 && write(fd, buf, n) == (ssize_t)n && pt_closed_by_peer(fd),
	    "a huge length: dropped at once");
	close(fd);

	n = ipc__wire_encode(buf, &f, "hello", 5);
	ipc__put32(buf, 100);   /* claims 59 bytes more than follow */
	fd = pt_raw_connect();
	ok(fd >= 0 && write(fd, buf, n) == (ssize_t)n, "a lying length is sent");
	ok(shutdown(fd, SHUT_WR) == 0 && pt_closed_by_peer(fd),
	    "and its client, gone mid-frame, is dropped");
	close(fd);

	n = ipc__wire_encode(buf, &f, "hello", 5);
	buf[n - 1] ^= 0x55;
	fd = pt_raw_connect();
	ok(fd >= 0 && write(fd, buf, n) == (ssize_t)n && pt_closed_by_peer(fd),
	    "a bad CRC: dropped");
	close(fd);

	f.kind = IPC__K_OPENED_PORT;   /* a reply kind, from a client */
	n = ipc__wire_encode(buf, &f, "", 0);
	fd = pt_raw_connect();
	ok(fd >= 0 && write(fd, buf, n) == (ssize_t)n && pt_closed_by_peer(fd),
	    "a frame only the broker may send: dropped");
	close(fd);

	ok(ipc_port_send(c, to, 1, "still", 5, 0, 0, 2000) == 0, "the good client sends");
	const ipc_port_msg *m;
	size_t len;
	ok(ipc_port_recv(c, port, &m, 2000) == 0 &&
	    memcmp(ipc_port_msg_data(m, &len), "still", 5) == 0, "and is still served");
	struct ipc_port_status st = { .clients = 0 };
	int e = ipc_port_status(c, &st, 2000);
	ok(e == 0 && st.clients == 1, "the broker counts one client left (%u)", st.clients);
	ipc_port_disconnect(c);
	pt_stop_broker();
}

/* A receiver that goes away keeps its queue: the next one gets the rest. */
static void
test_reconnect(void)
{
	pt_fresh_rundir("reconnect");
	ipc_port_conn *a = conn(), *s = conn();
	uint32_t p, q;
	ok(a && s && ipc_port_open(a, "q", IPC_PORT_CREATE | IPC_PORT_RECV, 2000, &p) == 0 &&
	    ipc_port_lookup(s, "q", 0, 2000, &q) >= 0, "a receiver and a sender");
	for (int i = 0; i < 5; i++) {
		char m[8];
		snprintf(m, sizeof m, "m%d", i);
		ipc_port_send(s, q, 0, m, strlen(m), 0, 0, 2000);
	}
	ipc_port_sync(s, 2000);
	const ipc_port_msg *m;
	size_t len;
	ok(ipc_port_recv(a, p, &m, 2000) == 0 && memcmp(ipc_port_msg_data(m, &len), "m0", 2) == 0,
	    "the first receiver takes one");
	ipc_port_release(a, p, 2000);
	ipc_port_disconnect(a);
	ipc_port_conn *b = conn();
	ok(b && ipc_port_open(b, "q", IPC_PORT_RECV, 2000, &p) == 0, "a second receiver takes the right");
	int in_order = 1;
	for (int i = 1; i < 5; i++) {
		char want[8];
		snprintf(want, sizeof want, "m%d", i);
		in_order &= ipc_port_recv(b, p, &m, 2000) == 0 &&
		    memcmp(ipc_port_msg_data(m, &len), want, 2) == 0;
	}
	ok(in_order, "and gets the other four, in order, none twice");
	is(ipc_port_recv(b, p, &m, 0), -ETIMEDOUT, "and nothing more");

	/* Received but not acknowledged: delivered again. */
	ipc_port_send(s, q, 0, "again", 5, 0, 0, 2000);
	ipc_port_sync(s, 2000);
	ipc_port_conn *x = conn();
	uint32_t px;
	int e;
	is(ipc_port_open(x, "q", IPC_PORT_RECV, 2000, &px), -EBUSY, "one receiver at a time");
	ipc_port_disconnect(b);   /* gone before it received "again" */
	/* portd learns of that when it reads b's end of file: until then the
	 * right is still b's. */
	for (int i = 0; i < 100 && (e = ipc_port_open(x, "q", IPC_PORT_RECV, 2000, &px)) == -EBUSY; i++)
		usleep(10000);
	ok(e == 0 && ipc_port_recv(x, px, &m, 2000) == 0 &&
	    memcmp(ipc_port_msg_data(m, &len), "again", 5) == 0,
	    "what a dead receiver never took goes to the next");
	ipc_port_disconnect(x);
	ipc_port_disconnect(s);
	pt_stop_broker();
}

static void
test_quotas(void)
{
	pt_fresh_rundir("quota");
	const char *opts[] = { "--max-ports", "3", "--max-frame", "8K", NULL };
	pid_t pid = pt_start_broker(opts);
	ipc_port_conn *c = conn();
	uint32_t p;
	int e = 0;
	for (int i = 0; i < 3 && e == 0; i++)
		e = ipc_port_open(c, NULL, 0, 2000, &p);
	is(e, 0, "three ports fit the quota");
	is(ipc_port_open(c, NULL, 0, 2000, &p), -EDQUOT, "a fourth is refused");
	ipc_port_disconnect(c);
	int fd = pt_raw_connect();
	static uint8_t big[16384], payload[9000];
	struct ipc__frame f = { .kind = IPC__K_MESSAGE, .dst = 1 };
	size_t n = ipc__wire_encode(big, &f, payload, sizeof payload);
	ok(fd >= 0 && write(fd, big, n) == (ssize_t)n && pt_closed_by_peer(fd),
	    "a frame over --max-frame: dropped");
	close(fd);
	kill(pid, SIGTERM);
	int st;
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "portd -f exits 0 on SIGTERM");
}

static void
test_killed(void)
{
	pt_fresh_rundir("killed");
	ipc_port_conn *c = conn();
	uint32_t p;
	ok(c && ipc_port_open(c, "k", IPC_PORT_CREATE | IPC_PORT_RECV, 2000, &p) == 0, "a receiver");
	pid_t first = pt_broker_pid();
	kill(first, SIGKILL);
	const ipc_port_msg *m;
	is(ipc_port_recv(c, p, &m, 3000), -ECONNRESET, "kill -9 of portd: the receiver hears of it");
	ipc_port_disconnect(c);
	for (int i = 0; i < 100 && pt_alive(first); i++)
		usleep(10000);
	c = conn();
	struct ipc_port_status st;
	ok(c && ipc_port_status(c, &st, 2000) == 0 && st.pid != first && st.pid == pt_broker_pid(),
	    "the next client starts a new broker");
	ipc_port_disconnect(c);
	pt_stop_broker();
}

int
main(void)
{
	if (!pt_begin())
		return tap_done();
	test_on_demand();
	test_race();
	test_identity();
	test_bad_clients();
	test_reconnect();
	test_quotas();
	test_killed();
	return tap_done();
}
