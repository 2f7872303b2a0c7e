/* chan.c: unit tests of the channel API: lifetime, roles, order, Empty and Closed, timeouts, types. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#include "chan_event.h"
#include "chantest.h"
#include "sys.h"
#include "tap.h"

static ipc_chan *
open_or_null(const char *name, int role)
{
	ipc_chan *ch = NULL;
	int r = ipc_chan_open(name, role, &ch);
	if (r < 0)
		tap_diag("open %s as %d: %s", name, role, ipc_strerror(r));
	return r < 0 ? NULL : ch;
}

static void
test_create(void)
{
	const char *n = chantest_name("create");
	is(ipc_chan_create("a/b", IPC_CHAN_BYTES, 0, 0, 0), -EINVAL, "a bad name is refused");
	is(ipc_chan_create(n, 99, 0, 0, 0), -EINVAL, "an unknown type is refused");
	is(ipc_chan_create(n, IPC_CHAN_BYTES, 0, 63, 0), -EINVAL, "a capacity under 64 is refused");
	is(ipc_chan_create(n, IPC_CHAN_RECORD, 0, 0, 0), -EINVAL, "a record of size 0 is refused");
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	is(ipc_chan_create(n, IPC_CHAN_RECORD, page - 7, 64, 0), -EINVAL,
	    "a record that cannot fit the ring is refused");
	char why[160];
	is(ipc_chan_attr_check(IPC_CHAN_RECORD, page - 7, 64, why, sizeof why), -EINVAL,
	    "attr_check agrees");
	ok(strstr(why, "cannot hold") != NULL, "and says why: %s", why);
	is(ipc_chan_create(n, IPC_CHAN_RECORD, page - 8, 64, 0), 0,
	    "a record of a page minus 8 fits a 64-byte capacity, rounded up to a page");
	is(ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0), -EEXIST, "creating twice is -EEXIST");
	char path[128];
	snprintf(path, sizeof path, "/dev/shm/ipc-chan.%s", n);
	struct stat st;
	is(stat(path, &st), 0, "the channel is visible in /dev/shm");
	is(st.st_mode & 0777, 0600, "default mode is 0600");
	is(ipc_chan_unlink(n), 0, "unlink");
	is(stat(path, &st), -1, "and it is gone from /dev/shm");
	mode_t old = umask(077);
	is(ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0640), 0, "create with mode 0640 under umask 077");
	umask(old);
	is(stat(path, &st), 0, "stat");
	is(st.st_mode & 0777, 0640, "the mode is exact, whatever the umask");
	is(ipc_chan_unlink(n), 0, "unlink");
	is(ipc_chan_unlink(n), -ENOENT, "unlinking a missing channel is -ENOENT");
}

static void
test_open(void)
{
	const char *n = chantest_name("open");
	ipc_chan *ch = NULL;
	is(ipc_chan_open(n, IPC_CHAN_SENDER, &ch), -ENOENT, "opening a missing channel is -ENOENT");
	is(ipc_chan_open("..", IPC_CHAN_SENDER, &ch), -EINVAL, "a bad name is -EINVAL");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0);
	is(ipc_chan_open(n, 7, &ch), -EINVAL, "an unknown role is -EINVAL");

	/* A shared-memory object under a channel's name that is not one. */
	const char *junk = chantest_name("junk");
	char path[64];
	snprintf(path, sizeof path, "/ipc-chan.%s", junk);
	int fd = shm_open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	ok(fd >= 0, "made a junk object");
	ok(write(fd, "not a channel, not at all", 25) == 25, "filled it");
	close(fd);
	is(ipc_chan_open(junk, IPC_CHAN_RECEIVER, &ch), -EPROTO, "a non-channel is -EPROTO");
	is(ipc_chan_unlink(junk), 0, "and can still be removed");
	ipc_chan_unlink(n);
}

static void
test_order_and_close(void)
{
	const char *n = chantest_name("order");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 4096, 0);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	char buf[64];
	is(ipc_chan_try_recv(rx, buf, sizeof buf), IPC_CHAN_EMPTY,
	    "before any sender: Empty, not Closed");
	ipc_chan *tx = open_or_null(n, IPC_CHAN_SENDER);
	is(ipc_chan_send(tx, "one", 3, 0), 0, "send one");
	is(ipc_chan_send(tx, "", 0, 0), 0, "send an empty message");
	is(ipc_chan_send(tx, "three", 5, 0), 0, "send three");
	is(ipc_chan_close(tx), 0, "the only sender closes");
	ssize_t got = ipc_chan_recv(rx, buf, sizeof buf, 0);
	ok(got == 3 && memcmp(buf, "one", 3) == 0, "first in, first out");
	is(ipc_chan_recv(rx, buf, sizeof buf, 0), 0, "the empty message arrives, empty");
	got = ipc_chan_recv(rx, buf, sizeof buf, 0);
	ok(got == 5 && memcmp(buf, "three", 5) == 0, "then the third");
	is(ipc_chan_try_recv(rx, buf, sizeof buf), IPC_CHAN_CLOSED,
	    "drained with every sender closed: Closed");
	is(ipc_chan_recv(rx, buf, sizeof buf, IPC_FOREVER), IPC_CHAN_CLOSED,
	    "a blocking receive on a closed channel returns at once");
	tx = open_or_null(n, IPC_CHAN_SENDER);
	is(ipc_chan_try_recv(rx, buf, sizeof buf), IPC_CHAN_EMPTY, "a new sender reopens it: Empty");
	ipc_chan_close(tx);
	ipc_chan_close(rx);

	/* A receiver that finds the channel idle waits for the next round... */
	rx = open_or_null(n, IPC_CHAN_RECEIVER);
	is(ipc_chan_try_recv(rx, buf, sizeof buf), IPC_CHAN_EMPTY,
	    "a new receiver on an idle channel waits for senders");
	ipc_chan_close(rx);
	/* ...but one that finds messages left takes them, then sees Closed. */
	tx = open_or_null(n, IPC_CHAN_SENDER);
	ipc_chan_send(tx, "left", 4, 0);
	ipc_chan_close(tx);
	rx = open_or_null(n, IPC_CHAN_RECEIVER);
	is(ipc_chan_recv(rx, buf, sizeof buf, 0), 4, "a late receiver gets what was left");
	is(ipc_chan_try_recv(rx, buf, sizeof buf), IPC_CHAN_CLOSED, "then Closed");
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

static void
test_roles(void)
{
	const char *n = chantest_name("roles");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ipc_chan *tx = open_or_null(n, IPC_CHAN_SENDER);
	ipc_chan *other = NULL;
	char buf[8];
	is(ipc_chan_open(n, IPC_CHAN_RECEIVER, &other), -EBUSY, "a second receiver is -EBUSY");
	is(ipc_chan_send(rx, "x", 1, 0), -EBADF, "a receiver cannot send");
	is(ipc_chan_recv(tx, buf, sizeof buf, 0), -EBADF, "a sender cannot receive");
	ipc_chan_close(rx);
	rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ok(rx != NULL, "once the first receiver closes, another may open");
	ipc_chan_close(rx);
	ipc_chan_close(tx);
	ipc_chan_unlink(n);
}

static int
child_receiver_dies(void *arg)
{
	ipc_chan *rx;
	if (ipc_chan_open(arg, IPC_CHAN_RECEIVER, &rx) < 0)
		return 1;
	chantest_crash();   /* holding it */
	return 2;
}

static void
test_dead_receiver(void)
{
	const char *n = chantest_name("deadrx");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0);
	is(chantest_wait(chantest_fork(child_receiver_dies, (void *)n)), 128 + SIGKILL,
	    "a child opened the receiver and died without closing it");
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ok(rx != NULL, "a receiver whose process is gone does not hold the channel");
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

struct sender_job {
	const char *name;
	int count;
	int close_it;     /* close the handle before exiting */
	int delay_ms;     /* before the first send */
};

static int
child_sender(void *arg)
{
	struct sender_job *j = arg;
	ipc_chan *tx;
	if (ipc_chan_open(j->name, IPC_CHAN_SENDER, &tx) < 0)
		return 1;
	struct timespec ts = { j->delay_ms / 1000, (long)(j->delay_ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
	for (int i = 0; i < j->count; i++)
		if (ipc_chan_send_int(tx, i, IPC_FOREVER) < 0)
			return 2;
	if (!j->close_it)
		chantest_crash();
	ipc_chan_close(tx);
	return 0;
}

static void
test_dead_sender(void)
{
	const char *n = chantest_name("deadtx");
	ipc_chan_create(n, IPC_CHAN_INT, 0, 0, 0);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	struct sender_job j = { n, 3, 0, 0 };
	pid_t pid = chantest_fork(child_sender, &j);
	int64_t v;
	int r, got = 0;
	/* The child is not reaped yet: a zombie must count as dead too. */
	while ((r = ipc_chan_recv_int(rx, &v, 5000)) == 0)
		got += v == got;
	is(got, 3, "everything the dead sender sent arrives, in order");
	is(r, IPC_CHAN_CLOSED, "then Closed: a sender that died without closing counts as closed");
	is(chantest_wait(pid), 128 + SIGKILL, "the child sent without error, then died");
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

static void
test_close_wakes(void)
{
	const char *n = chantest_name("wake");
	ipc_chan_create(n, IPC_CHAN_INT, 0, 0, 0);
	struct sender_job j = { n, 1, 1, 150 };
	pid_t pid = chantest_fork(child_sender, &j);   /* before our handle exists */
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	int64_t v = -1;
	is(ipc_chan_recv_int(rx, &v, IPC_FOREVER), 0, "a blocked receive is woken by a send");
	is(v, 0, "with the value sent");
	is(ipc_chan_recv_int(rx, &v, IPC_FOREVER), IPC_CHAN_CLOSED,
	    "and a blocked receive is woken by the last close");
	chantest_wait(pid);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

static void
test_timeouts_and_full(void)
{
	const char *n = chantest_name("full");
	size_t page = (size_t)sysconf(_SC_PAGESIZE), half = page / 2 - 8;
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 64, 0);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ipc_chan *tx = open_or_null(n, IPC_CHAN_SENDER);
	static char buf[65536];
	int64_t t0 = ipc__now_ns();
	is(ipc_chan_recv(rx, buf, sizeof buf, 150), -ETIMEDOUT, "an empty receive times out");
	ok(ipc__now_ns() - t0 >= 140000000, "after the timeout, not before");
	is(ipc_chan_max_msg(tx), page - 8, "the longest message is the ring (a page) minus a header");
	is(ipc_chan_send(tx, buf, page - 7, 0), -EMSGSIZE, "a longer one is -EMSGSIZE");
	ok(strstr(ipc_chan_type_error(tx), "longest") != NULL, "with a reason: %s",
	    ipc_chan_type_error(tx));
	is(ipc_chan_send(tx, buf, half, 0), 0, "half the ring used");
	is(ipc_chan_send(tx, buf, half, 0), 0, "all of it: full");
	is(ipc_chan_send(tx, buf, 1, 0), -EAGAIN, "a non-blocking send to a full ring is -EAGAIN");
	t0 = ipc__now_ns();
	is(ipc_chan_send(tx, buf, 1, 100), -ETIMEDOUT, "a timed send to a full ring times out");
	ok(ipc__now_ns() - t0 >= 90000000, "after the timeout");
	is(ipc_chan_recv(rx, buf, 8, 0), -EMSGSIZE, "a too small buffer is -EMSGSIZE");
	is(ipc_chan_recv(rx, buf, sizeof buf, 0), (ssize_t)half, "and the message stayed");
	is(ipc_chan_send(tx, buf, 1, 0), 0, "room again after a receive");
	ipc_chan_close(tx);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

/* Messages of many lengths through a one-page ring, so records cross the
 * end of the ring at every offset; and the longest message fits whenever
 * the ring is empty, wherever tail stands. */
static void
test_wrap(void)
{
	const char *n = chantest_name("wrap");
	size_t page = (size_t)sysconf(_SC_PAGESIZE), max = page - 8;
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, page, 0);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ipc_chan *tx = open_or_null(n, IPC_CHAN_SENDER);
	static unsigned char out[65536], in[65536];
	int bad = 0, count = 0, longest = 0;
	for (int round = 0; round < 20; round++) {
		for (size_t len = (size_t)round; len <= max; len += 97) {
			for (size_t i = 0; i < len; i++)
				out[i] = (unsigned char)(len * 31 + i + (size_t)round);
			bad += ipc_chan_send(tx, out, len, 0) != 0;
			ssize_t got = ipc_chan_recv(rx, in, sizeof in, 0);
			bad += got != (ssize_t)len || memcmp(in, out, len) != 0;
			count++;
			longest += ipc_chan_send(tx, out, max, 0) == 0 &&
			    ipc_chan_recv(rx, in, sizeof in, 0) == (ssize_t)max &&
			    memcmp(in, out, max) == 0;
		}
	}
	is(bad, 0, "%d messages of 0..%zu bytes through a %zu-byte ring, all whole", count, max, page);
	is(longest, count, "the longest message, sent without waiting, fits an empty ring every time");
	ipc_chan_close(tx);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

static void
test_zero_copy(void)
{
	const char *n = chantest_name("view");
	ipc_chan_create(n, IPC_CHAN_LINE, 0, 0, 0);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ipc_chan *tx = open_or_null(n, IPC_CHAN_SENDER);
	const void *m1, *m2;
	is(ipc_chan_recv_end(rx), -EINVAL, "recv_end without recv_begin is -EINVAL");
	ipc_chan_send_str(tx, "hello", 0);
	ipc_chan_send_str(tx, "world", 0);
	is(ipc_chan_recv_begin(rx, &m1, 0), 5, "recv_begin gives the length");
	ok(memcmp(m1, "hello", 5) == 0, "and a pointer to the message in the ring");
	is(ipc_chan_recv_begin(rx, &m2, 0), 5, "again before the end");
	ok(m1 == m2, "is the same message");
	is(ipc_chan_recv_end(rx), 0, "recv_end");
	is(ipc_chan_recv_begin(rx, &m2, 0), 5, "then the next");
	ok(memcmp(m2, "world", 5) == 0, "is the second message");
	ipc_chan_recv_end(rx);
	ipc_chan_close(tx);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

static void
test_shutdown_and_unlink(void)
{
	const char *n = chantest_name("shut");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ipc_chan *tx = open_or_null(n, IPC_CHAN_SENDER);
	ipc_chan *obs = open_or_null(n, IPC_CHAN_OBSERVER);
	char buf[8];
	ipc_chan_send(tx, "a", 1, 0);
	is(ipc_chan_shutdown(obs), 0, "an observer shuts the channel down");
	is(ipc_chan_send(tx, "b", 1, 0), -EPIPE, "sends then fail with -EPIPE");
	is(ipc_chan_recv(rx, buf, sizeof buf, 0), 1, "the receiver still gets what was sent");
	is(ipc_chan_try_recv(rx, buf, sizeof buf), IPC_CHAN_CLOSED,
	    "then Closed, though a sender is still open");
	ipc_chan_close(tx);
	ipc_chan_close(obs);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);

	n = chantest_name("unlink");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0);
	rx = open_or_null(n, IPC_CHAN_RECEIVER);
	tx = open_or_null(n, IPC_CHAN_SENDER);
	ipc_chan_send(tx, "a", 1, 0);
	is(ipc_chan_unlink(n), 0, "unlink while open");
	ipc_chan *again = NULL;
	is(ipc_chan_open(n, IPC_CHAN_SENDER, &again), -ENOENT, "the name is gone");
	is(ipc_chan_send(tx, "b", 1, 0), -EIDRM, "an open sender gets -EIDRM");
	is(ipc_chan_recv(rx, buf, sizeof buf, 0), 1, "the receiver still gets what was sent");
	is(ipc_chan_recv(rx, buf, sizeof buf, IPC_FOREVER), -EIDRM, "then -EIDRM");
	ipc_chan_close(tx);
	ipc_chan_close(rx);
}

static void
test_types(void)
{
	const char *n = chantest_name("int");
	ipc_chan_create(n, IPC_CHAN_INT, 0, 0, 0);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ipc_chan *tx = open_or_null(n, IPC_CHAN_SENDER);
	size_t rs = 1;
	is(ipc_chan_type(tx, &rs), IPC_CHAN_INT, "ipc_chan_type");
	is(rs, 0, "no record size");
	is(ipc_chan_send_int(tx, INT64_MIN, 0), 0, "send_int INT64_MIN");
	is(ipc_chan_send_text(tx, " -42\r", 5, 0), 0, "send_text \" -42\"");
	is(ipc_chan_send_text(tx, "9223372036854775807", 19, 0), 0, "send_text INT64_MAX");
	is(ipc_chan_send_text(tx, "9223372036854775808", 19, 0), -EINVAL, "one more is refused");
	ok(strstr(ipc_chan_type_error(tx), "out of range") != NULL, "reason: %s", ipc_chan_type_error(tx));
	is(ipc_chan_send_text(tx, "12abc", 5, 0), -EINVAL, "not a number is refused");
	ok(strstr(ipc_chan_type_error(tx), "not an integer: '12abc'") != NULL, "reason: %s",
	    ipc_chan_type_error(tx));
	is(ipc_chan_send(tx, "abc", 3, 0), -EINVAL, "3 raw bytes on an int channel are refused");
	ok(strstr(ipc_chan_type_error(tx), "8 bytes") != NULL, "reason: %s", ipc_chan_type_error(tx));
	is(ipc_chan_send_int(tx, 7, 0), 0, "a good send clears the reason");
	is_str(ipc_chan_type_error(tx), "", "reason is empty");
	int64_t v = 0;
	ipc_chan_recv_int(rx, &v, 0);
	ok(v == INT64_MIN, "recv_int INT64_MIN");
	ipc_chan_recv_int(rx, &v, 0);
	is(v, -42, "recv_int -42");
	ipc_chan_recv_int(rx, &v, 0);
	ok(v == INT64_MAX, "recv_int INT64_MAX");
	ipc_chan_recv_int(rx, &v, 0);
	is(v, 7, "recv_int 7");
	ipc_chan_close(tx);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);

	n = chantest_name("line");
	ipc_chan_create(n, IPC_CHAN_LINE, 0, 0, 0);
	rx = open_or_null(n, IPC_CHAN_RECEIVER);
	tx = open_or_null(n, IPC_CHAN_SENDER);
	is(ipc_chan_send_str(tx, "two\nlines", 0), -EINVAL, "a newline in a line is refused");
	is_str(ipc_chan_type_error(tx), "a line holds no newline (one at byte 3)", "with where");
	is(ipc_chan_send(tx, "a\0b", 3, 0), -EINVAL, "a NUL in a line is refused");
	is(ipc_chan_send_str(tx, "a line", 0), 0, "a line is accepted");
	char small[4], big[16];
	is(ipc_chan_recv_str(rx, small, sizeof small, 0), -EMSGSIZE, "recv_str needs room for the NUL");
	is(ipc_chan_recv_str(rx, big, sizeof big, 0), 6, "recv_str");
	is_str(big, "a line", "NUL-terminated");
	ipc_chan_close(tx);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);

	n = chantest_name("json");
	ipc_chan_create(n, IPC_CHAN_JSON, 0, 0, 0);
	tx = open_or_null(n, IPC_CHAN_SENDER);
	is(ipc_chan_send_str(tx, "{\"a\": [1, 2.5e3, \"x\", null]}", 0), 0, "JSON is accepted");
	is(ipc_chan_send_str(tx, "{\"a\": }", 0), -EINVAL, "broken JSON is refused");
	is_str(ipc_chan_type_error(tx), "not JSON: expected a value at byte 6", "with where and why");
	ipc_chan_close(tx);
	ipc_chan_unlink(n);

	n = chantest_name("rec");
	ipc_chan_create(n, IPC_CHAN_RECORD, 12, 0, 0);
	tx = open_or_null(n, IPC_CHAN_SENDER);
	is(ipc_chan_type(tx, &rs), IPC_CHAN_RECORD, "a record channel");
	is(rs, 12, "of 12 bytes");
	is(ipc_chan_send(tx, "123456789012", 12, 0), 0, "12 bytes are accepted");
	is(ipc_chan_send(tx, "1234", 4, 0), -EINVAL, "4 are refused");
	is_str(ipc_chan_type_error(tx), "a record:12 element is 12 bytes, not 4", "with a reason");
	ipc_chan_close(tx);
	ipc_chan_unlink(n);
}

static void
test_fd(void)
{
	int fd = memfd_create("chan-test", MFD_CLOEXEC);
	ok(fd >= 0, "memfd");
	is(ipc_chan_create_fd(fd, IPC_CHAN_LINE, 0, 0), 0, "a channel laid out in a memfd");
	is(ipc_chan_create_fd(fd, IPC_CHAN_LINE, 0, 0), -EEXIST, "not twice");
	ipc_chan *rx = NULL, *tx = NULL;
	is(ipc_chan_open_fd(fd, IPC_CHAN_RECEIVER, &rx), 0, "open_fd as receiver");
	is(ipc_chan_open_fd(fd, IPC_CHAN_SENDER, &tx), 0, "open_fd as sender");
	close(fd);
	ipc_chan_send_str(tx, "over a memfd", 0);
	char buf[32];
	is(ipc_chan_recv_str(rx, buf, sizeof buf, 0), 12, "works after the caller closed its fd");
	ipc_chan_close(tx);
	ipc_chan_close(rx);
}

static int list_hits;

static int
list_cb(const char *name, void *arg)
{
	list_hits += strcmp(name, arg) == 0;
	return 0;
}

static void
test_stat_and_list(void)
{
	const char *n = chantest_name("stat");
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	ipc_chan_create(n, IPC_CHAN_RECORD, 16, 1000, 0640);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	ipc_chan *tx = open_or_null(n, IPC_CHAN_SENDER);
	ipc_chan *obs = open_or_null(n, IPC_CHAN_OBSERVER);
	ipc_chan_send(tx, "0123456789abcdef", 16, 0);
	ipc_chan_send(tx, "0123456789abcdef", 16, 0);
	struct ipc_chan_stat st;
	is(ipc_chan_stat(obs, &st), 0, "stat");
	is(st.type, IPC_CHAN_RECORD, "type");
	is(st.record_size, 16, "record size");
	is(st.capacity, page, "capacity: rounded up to a page");
	is(st.max_msg, page - 8, "longest message");
	is(st.used, 48, "used: two records of 8 + 16");
	is(st.queued, 2, "queued");
	is(st.sent, 2, "sent");
	is(st.senders, 1, "one sender");
	is(st.receiver, getpid(), "the receiver is us");
	is(st.closed, 0, "not closed");
	is(st.mode, 0640, "mode");
	char buf[16];
	ipc_chan_recv(rx, buf, sizeof buf, 0);
	ipc_chan_close(tx);
	ipc_chan_stat(obs, &st);
	is(st.queued, 1, "one left after a receive");
	is(st.received, 1, "received");
	is(st.senders, 0, "no sender");
	is(st.closed, 1, "closed: no message can come");
	list_hits = 0;
	is(ipc_chan_list(list_cb, (void *)n), 0, "list");
	is(list_hits, 1, "lists our channel once");
	ipc_chan_close(obs);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}

static void
test_sender_limit(void)
{
	const char *n = chantest_name("many");
	ipc_chan_create(n, IPC_CHAN_BYTES, 0, 0, 0);
	static ipc_chan *tx[IPC_CHAN_MAX_SENDERS];
	int opened = 0;
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++)
		opened += ipc_chan_open(n, IPC_CHAN_SENDER, &tx[i]) == 0;
	is(opened, IPC_CHAN_MAX_SENDERS, "IPC_CHAN_MAX_SENDERS senders at once");
	ipc_chan *more = NULL;
	is(ipc_chan_open(n, IPC_CHAN_SENDER, &more), -EUSERS, "one more is -EUSERS");
	ipc_chan_close(tx[0]);
	is(ipc_chan_open(n, IPC_CHAN_SENDER, &tx[0]), 0, "a closed slot is reused");
	for (int i = 0; i < IPC_CHAN_MAX_SENDERS; i++)
		ipc_chan_close(tx[i]);
	ipc_chan_unlink(n);
}

#ifndef CHAN_TEST_CONDVAR
static void
on_alarm(int sig)
{
	(void)sig;
}

/* A signal interrupts a blocked receive with -EINTR; called again, it gets
 * the message sent later, once. (The condvar backend is not interruptible:
 * pthread_cond_timedwait does not return EINTR.) */
static void
test_eintr(void)
{
	const char *n = chantest_name("eintr");
	ipc_chan_create(n, IPC_CHAN_INT, 0, 0, 0);
	struct sender_job j = { n, 1, 1, 700 };
	pid_t pid = chantest_fork(child_sender, &j);
	ipc_chan *rx = open_or_null(n, IPC_CHAN_RECEIVER);
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);   /* no SA_RESTART */
	int64_t v = -1;
	int r = ipc_chan_recv_int(rx, &v, 100);
	is(r, -ETIMEDOUT, "a short wait times out");
	/* Mid-way between two of the receiver's 100 ms looks for dead
	 * senders: a signal that lands outside the futex sleep cannot
	 * interrupt it (nothing can, short of ppoll-style masks). */
	ualarm(150000, 0);
	r = ipc_chan_recv_int(rx, &v, IPC_FOREVER);
	is(r, -EINTR, "a signal interrupts a blocked receive with -EINTR");
	r = ipc_chan_recv_int(rx, &v, IPC_FOREVER);
	is(r, 0, "called again, it receives");
	is(v, 0, "the one message");
	is(ipc_chan_recv_int(rx, &v, IPC_FOREVER), IPC_CHAN_CLOSED, "once");
	sigaction(SIGALRM, &old, NULL);
	chantest_wait(pid);
	ipc_chan_close(rx);
	ipc_chan_unlink(n);
}
#endif

int
main(void)
{
#ifdef CHAN_TEST_CONDVAR
	is(ipc__event_backend(), 2, "this build runs the robust mutex + condvar backend");
#else
	tap_diag("event backend %u (1 futex, 2 condvar)", ipc__event_backend());
#endif
	test_create();
	test_open();
	test_order_and_close();
	test_roles();
	test_dead_receiver();
	test_dead_sender();
	test_close_wakes();
	test_timeouts_and_full();
	test_wrap();
	test_zero_copy();
	test_shutdown_and_unlink();
	test_types();
	test_fd();
	test_stat_and_list();
	test_sender_limit();
#ifndef CHAN_TEST_CONDVAR
	test_eintr();
#endif
	return tap_done();
}
