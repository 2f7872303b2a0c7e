/* msgq_ctl.c: unit tests of stat, byte limits, removal, listing and the system limits. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipc/msgq.h"
#include "msgq_fixture.h"
#include "tap.h"

static size_t msgmax, msgmnb;

static long
proc_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;
	if (f != NULL) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void
test_limits(void)
{
	is(ipc_msgq_limits(&msgmax, &msgmnb), 0, "read the limits");
	is((long long)msgmax, proc_long("/proc/sys/kernel/msgmax"), "msgmax as the kernel says");
	is((long long)msgmnb, proc_long("/proc/sys/kernel/msgmnb"), "msgmnb as the kernel says");
}

static void
test_stat(void)
{
	ipc_msgq *q;
	struct ipc_msgq_stat st;
	time_t before = time(NULL);
	ipc_msgq_create("st", 0640, 0, &q);
	is(ipc_msgq_stat(q, &st), 0, "stat a new queue");
	is((long long)st.messages, 0, "no messages");
	is((long long)st.bytes, 0, "no bytes");
	is((long long)st.max_bytes, (long long)msgmnb, "max bytes is msgmnb by default");
	is(st.mode, 0640, "mode");
	is(st.uid, geteuid(), "owner");
	is(st.cuid, geteuid(), "creator");
	is(st.gid, getegid(), "group");
	is(st.send_time, 0, "never sent to");
	is(st.recv_time, 0, "never received from");
	ok(st.change_time >= before, "changed at creation");
	ok(st.key != 0, "has a key");

	ipc_msgq_send(q, 1, "hello", 5, 0);
	ipc_msgq_send(q, 2, "abc", 3, 0);
	ipc_msgq_stat(q, &st);
	is((long long)st.messages, 2, "2 messages");
	is((long long)st.bytes, 8, "8 bytes");
	is(st.last_send_pid, getpid(), "last sender is us");
	ok(st.send_time >= before, "send time set");

	pid_t pid = fork();
	if (pid == 0) {
		char buf[8];
		_exit(ipc_msgq_recv(q, 0, buf, sizeof buf, NULL, 0) == 5 ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	ipc_msgq_stat(q, &st);
	is((long long)st.messages, 1, "1 message after a receive");
	is(st.last_recv_pid, pid, "last receiver is the child");
	ok(st.recv_time >= before, "receive time set");
	ipc_msgq_close(q);
}

static void
test_max_bytes(void)
{
	ipc_msgq *q;
	struct ipc_msgq_stat st;
	ipc_msgq_create("mb", 0600, 0, &q);
	is(ipc_msgq_set_max_bytes(q, 4096), 0, "lower the byte limit");
	ipc_msgq_stat(q, &st);
	is((long long)st.max_bytes, 4096, "stat shows it");
	is(ipc_msgq_set_max_bytes(q, 0), -EINVAL, "0 is refused");
	int e = ipc_msgq_set_max_bytes(q, msgmnb + 1);
	if (fixture_has_sys_resource())
		is(e, 0, "above msgmnb with CAP_SYS_RESOURCE: allowed");
	else
		is(e, -EPERM, "above msgmnb without CAP_SYS_RESOURCE: -EPERM");
	ipc_msgq_close(q);

	ipc_msgq *big;
	e = ipc_msgq_create("mb2", 0401, msgmnb * 2, &big);
	if (fixture_has_sys_resource()) {
		is(e, 0, "create above msgmnb with CAP_SYS_RESOURCE");
		ipc_msgq_close(big);
		ipc_msgq_unlink("mb2");
		tap_skip(2, "has CAP_SYS_RESOURCE");
	} else {
		is(e, -EPERM, "create above msgmnb: -EPERM");
		is(ipc_msgq_open("mb2", &big), -ENOENT, "no name is left behind");
		ok(!fixture_mode_exists(0401), "no queue is left behind");
	}
	is(ipc_msgq_create("mb3", 0600, 2048, &q), 0, "create with a byte limit");
	ipc_msgq_stat(q, &st);
	is((long long)st.max_bytes, 2048, "has it");
	ipc_msgq_close(q);
}

/* Runs fn as nobody in a child and returns its result (root only). */
static int
as_nobody(int (*fn)(const char *), const char *arg)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(100);
		_exit(-fn(arg));
	}
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -1000;
}

static int
nobody_unlink(const char *name)
{
	return ipc_msgq_unlink(name);
}

static int
nobody_set_limit(const char *name)
{
	ipc_msgq *q;
	int e = ipc_msgq_open(name, &q);
	if (e == 0) {
		e = ipc_msgq_set_max_bytes(q, 1000);
		ipc_msgq_close(q);
	}
	return e;
}

static int
nobody_stat(const char *name)
{
	ipc_msgq *q;
	struct ipc_msgq_stat st;
	int e = ipc_msgq_open(name, &q);
	if (e == 0) {
		e = ipc_msgq_stat(q, &st);
		ipc_msgq_close(q);
	}
	return e;
}

static int
nobody_send(const char *name)
{
	ipc_msgq *q;
	int e = ipc_msgq_open(name, &q);
	if (e == 0) {
		e = ipc_msgq_send(q, 1, "x", 1, 0);
		ipc_msgq_close(q);
	}
	return e;
}

static void
test_other_user(void)
{
	if (geteuid() != 0) {
		tap_skip(6, "not root");
		return;
	}
	ipc_msgq *q;
	struct ipc_msgq_stat st;
	char byid[32];
	ipc_msgq_create("private", 0600, 0, &q);
	ipc_msgq_stat(q, &st);
	snprintf(byid, sizeof byid, "id:%d", st.id);
	is(as_nobody(nobody_send, byid), -EACCES, "another user cannot send to a 0600 queue");
	is(as_nobody(nobody_stat, byid), -EACCES, "nor stat it");
	is(as_nobody(nobody_unlink, byid), -EPERM, "nor remove it");
	is(as_nobody(nobody_set_limit, byid), -EACCES, "nor change its limit");
	ipc_msgq_close(q);

	ipc_msgq_create("shared", 0622, 0, &q);
	ipc_msgq_stat(q, &st);
	snprintf(byid, sizeof byid, "id:%d", st.id);
	is(as_nobody(nobody_send, byid), 0, "with mode 0622 another user can send");
	is(as_nobody(nobody_stat, byid), -EACCES, "and still cannot stat");
	ipc_msgq_close(q);
}

static int
collect(const char *name, void *arg)
{
	char *out = arg;
	if (strlen(out) + strlen(name) + 2 < 1024) {
		strcat(out, name);
		strcat(out, " ");
	}
	return 0;
}

static int
stop_at_second(const char *name, void *arg)
{
	int *n = arg;
	(void)name;
	return ++*n == 2 ? 42 : 0;
}

static void
test_list_and_unlink(void)
{
	char seen[1024] = "";
	ipc_msgq *q;
	fixture_cleanup();
	is(ipc_msgq_list(collect, seen), 0, "list with no queues");
	is_str(seen, "", "lists nothing");

	ipc_msgq_create("la", 0600, 0, &q);
	ipc_msgq_close(q);
	ipc_msgq_create("lb", 0600, 0, &q);
	ipc_msgq_close(q);
	FILE *f = fopen(fixture_keyfile(".tmp.1.2"), "w");   /* a creator's temporary */
	fclose(f);
	is(ipc_msgq_list(collect, seen), 0, "list two queues");
	ok(strcmp(seen, "la lb ") == 0 || strcmp(seen, "lb la ") == 0, "both, and nothing else: '%s'", seen);
	int n = 0;
	is(ipc_msgq_list(stop_at_second, &n), 42, "a callback's nonzero value stops the listing");
	remove(fixture_keyfile(".tmp.1.2"));

	struct ipc_msgq_stat st;
	ipc_msgq_open("la", &q);
	ipc_msgq_stat(q, &st);
	ipc_msgq_close(q);
	is(ipc_msgq_unlink("la"), 0, "unlink a named queue");
	ok(msgctl(st.id, IPC_STAT, &(struct msqid_ds){0}) < 0, "the queue is gone");
	ok(access(fixture_keyfile("la"), F_OK) < 0, "and its key file");
	is(ipc_msgq_unlink("la"), -ENOENT, "unlink again: -ENOENT");
	is(ipc_msgq_unlink("never"), -ENOENT, "unlink of a name never made: -ENOENT");
	is(ipc_msgq_unlink("id:2147483647"), -ENOENT, "unlink of an id with no queue: -ENOENT");
	seen[0] = '\0';
	ipc_msgq_list(collect, seen);
	is_str(seen, "lb ", "only lb is left");
}

int
main(void)
{
	fixture_init();
	test_limits();
	test_stat();
	test_max_bytes();
	test_other_user();
	test_list_and_unlink();
	fixture_cleanup();
	return tap_done();
}
