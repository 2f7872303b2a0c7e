/* port_rights.c: rights between users on a system portd: grants, capabilities carried in messages. */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/core.h"
#include "ipc/port.h"
#include "port_util.h"
#include "tap.h"

enum { NOBODY = 65534, DAEMON = 1 };

static ipc_port_conn *
as(uid_t uid)
{
	if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0)
		_exit(90);
	ipc_port_conn *c = NULL;
	if (ipc_port_connect(&c, IPC_PORT_SYSTEM, 5000) < 0)
		_exit(91);
	return c;
}

static void
say(int fd, uint32_t v)
{
	if (write(fd, &v, sizeof v) != sizeof v)
		_exit(92);
}

static uint32_t
hear(int fd)
{
	uint32_t v = 0;
	if (read(fd, &v, sizeof v) != sizeof v)
		_exit(93);
	return v;
}

/* 1 when text went to dst, carrying the right cap (0: none), and the
 * broker's verdict on it, which ipc_port_sync reports, is want. */
static int
verdict_is(ipc_port_conn *c, uint32_t dst, const char *text, uint32_t cap, int want)
{
	return ipc_port_send(c, dst, 0, text, strlen(text), cap, 0, 5000) == 0 &&
	    ipc_port_sync(c, 5000) == want;
}

/* The service, as daemon: answers through the reply port the request
 * carried, which it holds no other right on. Bits of its exit status:
 * 1 the reply went, 2 the reply port was refused once its owner left,
 * 4 a port it has no right on was refused. */
static void
service(int ready, int go, uint32_t secret)
{
	ipc_port_conn *c = as(DAEMON);
	uint32_t svc;
	const ipc_port_msg *m;
	int bits = 0;
	if (ipc_port_open(c, "svc", IPC_PORT_RECV, 5000, &svc) < 0)
		_exit(94);
	say(ready, svc);
	if (ipc_port_recv(c, svc, &m, 5000) < 0)
		_exit(95);
	uint32_t reply = ipc_port_msg_reply(m);
	if (verdict_is(c, reply, "pong", 0, 0))
		bits |= 1;
	hear(go);   /* the caller is gone, and its reply port with it */
	if (verdict_is(c, reply, "late", 0, -ENOENT))
		bits |= 2;
	if (verdict_is(c, secret, "x", 0, -EACCES))
		bits |= 4;
	ipc_port_disconnect(c);
	_exit(bits);
}

/* The caller, as nobody. Bits: 1 the answer came, 2 it could not pass on
 * a right it lacks, 4 the private port was refused to it. */
static void
caller(uint32_t svc, uint32_t secret)
{
	ipc_port_conn *c = as(NOBODY);
	uint32_t reply, found;
	const ipc_port_msg *m;
	size_t len;
	int bits = 0;
	if (ipc_port_open(c, NULL, 0, 5000, &reply) < 0)
		_exit(96);
	if (ipc_port_send(c, svc, 0, "ping", 4, reply, 0, 5000) == 0 &&
	    ipc_port_recv(c, reply, &m, 5000) == 0 &&
	    memcmp(ipc_port_msg_data(m, &len), "pong", 4) == 0 && ipc_port_msg_uid(m) == DAEMON)
		bits |= 1;
	if (verdict_is(c, svc, "sneak", secret, -EACCES))
		bits |= 2;
	if (ipc_port_lookup(c, "secret", 0, 5000, &found) == -EACCES)
		bits |= 4;
	ipc_port_disconnect(c);
	_exit(bits);
}

/* A receiver whose right is revoked hears of it, and may take the port
 * again once it is given back. Bits: 1 revoked, 2 served again. */
static void
receiver(int ready, int go)
{
	ipc_port_conn *c = as(DAEMON);
	uint32_t port;
	const ipc_port_msg *m;
	int bits = 0;
	if (ipc_port_open(c, "inbox", IPC_PORT_RECV, 5000, &port) < 0)
		_exit(97);
	say(ready, 1);
	if (ipc_port_recv(c, port, &m, 5000) == -EIDRM)
		bits |= 1;
	say(ready, 2);
	hear(go);   /* the right is back, and a message waits */
	size_t len;
	if (ipc_port_open(c, "inbox", IPC_PORT_RECV, 5000, &port) == 0 &&
	    ipc_port_recv(c, port, &m, 5000) == 0 &&
	    memcmp(ipc_port_msg_data(m, &len), "again", 5) == 0)
		bits |= 2;
	ipc_port_disconnect(c);
	_exit(bits);
}

static int
status_of(pid_t pid)
{
	int st;
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
main(void)
{
	if (!pt_begin())
		return tap_done();
	if (geteuid() != 0) {
		tap_skip(1, "needs root, to become other users");
		return tap_done();
	}
	/* The system broker's directory must be reachable by the others. */
	chmod(tap_tmpdir(), 0755);
	const char *dir = pt_fresh_rundir("system");
	chmod(dir, 0755);
	setenv("IPC_SYSTEM_DIR", dir, 1);
	const char *opts[] = { "--system", NULL };
	pt_start_broker(opts);
	ipc_port_conn *c = NULL;
	uint32_t svc, secret;
	ok(ipc_port_connect(&c, IPC_PORT_SYSTEM, 5000) == 0 &&
	    ipc_port_open(c, "svc", IPC_PORT_CREATE, 5000, &svc) == 0 &&
	    ipc_port_open(c, "secret", IPC_PORT_CREATE, 5000, &secret) == 0 &&
	    ipc_port_grant(c, "svc", IPC_PORT_RECEIVE, IPC_PORT_UID, DAEMON, 5000) == 0 &&
	    ipc_port_grant(c, "svc", IPC_PORT_SEND, IPC_PORT_UID, NOBODY, 5000) == 0,
	    "root makes a service port: daemon may receive it, nobody may send to it");
	int ready[2], go[2];
	if (pipe(ready) < 0 || pipe(go) < 0)
		return 99;
	pid_t s = fork();
	if (s == 0)
		service(ready[1], go[0], secret);
	hear(ready[0]);
	pid_t k = fork();
	if (k == 0)
		caller(svc, secret);
	int cb = status_of(k);
	say(go[1], 1);
	int sb = status_of(s);
	ok(cb >= 0 && (cb & 1), "the caller's request carried a right to answer it, and the answer came");
	ok(sb >= 0 && (sb & 1), "the service could answer with no right of its own on the reply port");
	ok(sb >= 0 && (sb & 2), "that right ended with the reply port");
	ok(sb >= 0 && (sb & 4), "and gave nothing else: another port stays closed to the service");
	ok(cb >= 0 && (cb & 2), "a right the caller lacks cannot be passed on in a message");
	ok(cb >= 0 && (cb & 4), "a private port is not even looked up by others");
	uint32_t inbox;
	ok(ipc_port_open(c, "inbox", IPC_PORT_CREATE, 5000, &inbox) == 0 &&
	    ipc_port_grant(c, "inbox", IPC_PORT_RECEIVE, IPC_PORT_UID, DAEMON, 5000) == 0,
	    "daemon may receive root's inbox");
	pid_t rc = fork();
	if (rc == 0)
		receiver(ready[1], go[0]);
	hear(ready[0]);
	ipc_port_revoke(c, "inbox", IPC_PORT_RECEIVE, IPC_PORT_UID, DAEMON, 5000);
	hear(ready[0]);
	ipc_port_grant(c, "inbox", IPC_PORT_RECEIVE, IPC_PORT_UID, DAEMON, 5000);
	ipc_port_send(c, inbox, 0, "again", 5, 0, 0, 5000);
	ipc_port_sync(c, 5000);
	say(go[1], 1);
	int rb = status_of(rc);
	ok(rb >= 0 && (rb & 1), "revoking the receive right takes the port from its receiver at once");
	ok(rb >= 0 && (rb & 2), "given back, the same connection takes it again and is served");
	ipc_port_disconnect(c);
	ok(pt_stop_broker(), "the system broker stops");
	return tap_done();
}
