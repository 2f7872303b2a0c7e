/* shm_sync.c: unit tests of shared-memory waiting, locking, recovery of dead holders and lending. */
#include <config.h>

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipc/shm.h"
#include "tap.h"

/* Which wake backend this copy was built with (1 futex, 2 condition variable). */
extern const unsigned ipc__shm_wake_kind;

static char names[16][64];
static int nnames;

static const char *
uname_(const char *what)
{
	char *n = names[nnames++];
	snprintf(n, sizeof names[0], "us%ld_%s", (long)getpid(), what);
	return n;
}

static void
cleanup(void)
{
	for (int i = 0; i < nnames; i++) {
		char path[80];
		snprintf(path, sizeof path, "/%.63s", names[i]);
		shm_unlink(path);
	}
}

static void
pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The child's exit status, or -1 when it did not exit normally. */
static int
reap(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A child that writes text into name after ms milliseconds. */
static pid_t
writer_after(const char *name, int ms, const char *text)
{
	pid_t pid = fork();
	if (pid == 0) {
		ipc_shm *s;
		pause_ms(ms);
		int e = ipc_shm_open(&s, name, IPC_SHM_RDWR);
		if (e == 0)
			e = ipc_shm_write(s, 0, text, strlen(text), IPC_SHM_TRUNC, 5000);
		ipc_shm_close(s);
		_exit(e == 0 ? 0 : 1);
	}
	return pid;
}

static void
test_wait_timeout(void)
{
	const char *n = uname_("wto");
	ipc_shm *s;
	uint64_t seq = 99;
	if (!ok(ipc_shm_create(&s, n, 32, 0600) == 0, "create"))
		return;
	is(ipc_shm_wait(s, 0, 0, &seq), -ETIMEDOUT, "poll with nothing new: ETIMEDOUT");
	is(seq, 0, "reports the sequence");
	int64_t t0 = now_ms();
	is(ipc_shm_wait(s, 0, 60, NULL), -ETIMEDOUT, "a 60 ms wait times out");
	ok(now_ms() - t0 >= 59, "not before its time (%lld ms)", (long long)(now_ms() - t0));
	ipc_shm_write(s, 0, "a", 1, 0, -1);
	is(ipc_shm_wait(s, 0, -1, &seq), 0, "an update already past since: at once");
	is(seq, 1, "its sequence");
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

static void
test_wait_wakes(int flags, const char *what)
{
	const char *n = uname_(flags == IPC_SHM_RDWR ? "wrw" : "wro");
	ipc_shm *s, *w;
	uint64_t seq = 0;
	char buf[32];
	ipc_shm_create(&s, n, 32, 0600);
	ipc_shm_open(&w, n, flags);
	pid_t pid = writer_after(n, 50, "news");
	is(ipc_shm_wait(w, 0, 20000, &seq), 0, "%s waiter wakes on another process's write", what);
	is(seq, 1, "at sequence 1");
	is(reap(pid), 0, "the writer succeeded");
	pid = writer_after(n, 30, "more news");
	is(ipc_shm_refresh(w, 1, buf, sizeof buf, 20000, &seq), 9, "%s refresh returns the new content", what);
	ok(memcmp(buf, "more news", 9) == 0 && seq == 2, "of update 2");
	reap(pid);
	ipc_shm_close(w);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

/* Several waiters, one update: every one of them wakes. */
static void
test_wait_many(void)
{
	const char *n = uname_("many");
	ipc_shm *s;
	pid_t kids[3];
	ipc_shm_create(&s, n, 8, 0600);
	for (int i = 0; i < 3; i++) {
		if ((kids[i] = fork()) == 0) {
			ipc_shm *w;
			int e = ipc_shm_open(&w, n, i == 0 ? IPC_SHM_RDONLY : IPC_SHM_RDWR);
			if (e == 0)
				e = ipc_shm_wait(w, 0, 20000, NULL);
			_exit(e == 0 ? 0 : 1);
		}
	}
	pause_ms(100);
	ipc_shm_write(s, 0, "go", 2, 0, -1);
	int woke = 0;
	for (int i = 0; i < 3; i++)
		woke += reap(kids[i]) == 0;
	is(woke, 3, "one update wakes all three waiters");
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

static volatile sig_atomic_t got_alarm;

static void
on_alarm(int sig)
{
	got_alarm = sig;
}

static void
test_wait_eintr(void)
{
	const char *n = uname_("intr");
	ipc_shm *s, *r;
	ipc_shm_create(&s, n, 8, 0600);
	ipc_shm_open(&r, n, IPC_SHM_RDONLY);
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;   /* no SA_RESTART: the wait must return */
	sigaction(SIGALRM, &sa, &old);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	is(ipc_shm_wait(r, 0, 20000, NULL), -EINTR, "a signal interrupts a wait: EINTR");
	ok(got_alarm == SIGALRM, "the handler ran");
	is(ipc_shm_wait(r, 0, 0, NULL), -ETIMEDOUT, "and the wait can be called again");
	sigaction(SIGALRM, &old, NULL);
	ipc_shm_close(r);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

/* A waiter killed while it sleeps must not stop later writers or waiters. */
static void
test_dead_waiter(void)
{
	if (ipc__shm_wake_kind != 1) {
		tap_skip(3, "glibc's process-shared condition variable hangs the next "
		    "broadcast after a waiter is killed; the futex backend does not");
		return;
	}
	const char *n = uname_("deadw");
	ipc_shm *s;
	ipc_shm_create(&s, n, 8, 0600);
	pid_t pid = fork();
	if (pid == 0) {
		ipc_shm *w;
		ipc_shm_open(&w, n, IPC_SHM_RDWR);
		ipc_shm_wait(w, 0, -1, NULL);
		_exit(1);
	}
	pause_ms(50);
	kill(pid, SIGKILL);
	ok(reap(pid) == -1, "a waiter was killed while it slept");
	pid_t w2 = fork();
	if (w2 == 0) {
		ipc_shm *w;
		int e = ipc_shm_open(&w, n, IPC_SHM_RDWR);
		if (e == 0)
			e = ipc_shm_wait(w, 0, 20000, NULL);
		_exit(e == 0 ? 0 : 1);
	}
	pause_ms(50);
	is(ipc_shm_write(s, 0, "x", 1, 0, 5000), 0, "the next write goes through");
	is(reap(w2), 0, "and wakes the next waiter");
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

static int
child_lock_status(const char *name, int timeout_ms)
{
	pid_t pid = fork();
	if (pid == 0) {
		ipc_shm *s;
		int e = ipc_shm_open(&s, name, IPC_SHM_RDWR);
		if (e == 0)
			e = ipc_shm_lock(s, timeout_ms);
		_exit(e == -ETIMEDOUT ? 2 : e < 0 ? 1 : 0);
	}
	return reap(pid);
}

static void
test_lock(void)
{
	const char *n = uname_("lock");
	ipc_shm *s, *t;
	struct ipc_shm_stat st;
	ipc_shm_create(&s, n, 8, 0600);
	ipc_shm_open(&t, n, IPC_SHM_RDWR);
	is(ipc_shm_unlock(s), -EPERM, "unlock without the lock: EPERM");
	is(ipc_shm_lock(s, 0), 0, "lock");
	is(ipc_shm_lock(s, 0), -EDEADLK, "the same handle again: EDEADLK");
	is(ipc_shm_lock(t, 0), -EDEADLK, "another handle in the same thread: EDEADLK");
	ipc_shm_stat(t, &st);
	ok(st.holder == getpid() && st.holder_alive, "stat names the holder");
	is(ipc_shm_write(s, 0, "abc", 3, 0, 0), 0, "the holder writes without locking again");
	is(child_lock_status(n, 0), 2, "another process cannot take it: ETIMEDOUT");
	is(child_lock_status(n, 80), 2, "not within 80 ms either");
	is(ipc_shm_unlock(s), 0, "unlock");
	is(child_lock_status(n, 0), 0, "now another process can");
	ipc_shm_stat(t, &st);
	is(st.recoveries, 0, "a lock released by an exit... ");
	is(ipc_shm_lock(s, 0), IPC_SHM_RECOVERED, "...is recovered by the next locker");
	ipc_shm_unlock(s);
	ipc_shm_close(t);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

/* A child that takes a session lock, writes `writes` times, and dies holding it. */
static void
die_holding(const char *name, int writes)
{
	pid_t pid = fork();
	if (pid == 0) {
		ipc_shm *s;
		if (ipc_shm_open(&s, name, IPC_SHM_RDWR) != 0 || ipc_shm_lock(s, 5000) != 0)
			_exit(1);
		for (int i = 0; i < writes; i++)
			ipc_shm_write(s, 0, "half", 4, 0, 0);
		raise(SIGKILL);
	}
	reap(pid);
}

static void
test_recover(void)
{
	const char *n = uname_("recover");
	ipc_shm *s;
	struct ipc_shm_stat st;
	ipc_shm_create(&s, n, 8, 0600);
	die_holding(n, 0);
	ipc_shm_stat(s, &st);
	ok(st.holder != 0 && !st.holder_alive, "stat shows a dead holder");
	is(ipc_shm_write(s, 0, "ok", 2, IPC_SHM_TRUNC, 5000), IPC_SHM_RECOVERED,
	    "the next writer recovers a lock whose holder died having published nothing");
	ipc_shm_stat(s, &st);
	ok(st.recoveries == 1 && !st.torn && st.holder == 0, "stat: one recovery, not torn");

	die_holding(n, 1);
	is(ipc_shm_write(s, 4, "tail", 4, 0, 5000), IPC_SHM_RECOVERED | IPC_SHM_TORN,
	    "a session that published part of its updates is reported torn");
	ipc_shm_stat(s, &st);
	ok(st.recoveries == 2 && st.torn, "stat: two recoveries, torn");
	char buf[8];
	ipc_shm_read(s, 0, buf, 8, 0, NULL);
	ok(memcmp(buf, "halftail", 8) == 0, "the dead session's update is there, whole");
	ipc_shm_write(s, 1, "x", 1, 0, -1);
	ipc_shm_stat(s, &st);
	ok(st.torn, "a partial write leaves the torn mark");
	ipc_shm_write(s, 0, "new", 3, IPC_SHM_TRUNC, -1);
	ipc_shm_stat(s, &st);
	ok(!st.torn && st.recoveries == 2, "a write of the whole content clears it");
	die_holding(n, 1);
	is(ipc_shm_lock(s, 5000), IPC_SHM_RECOVERED | IPC_SHM_TORN, "lock reports it too");
	is(ipc_shm_mark_clean(s), 0, "the holder marks it repaired");
	ipc_shm_unlock(s);
	ipc_shm_stat(s, &st);
	ok(!st.torn, "clean again");
	is(ipc_shm_mark_clean(s), -EPERM, "marking needs the lock");
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

/* Writers killed in the middle of 1 MiB updates: readers and the next
 * locker always find one whole update, never a mix, and never a torn mark. */
static void
test_kill_midwrite(void)
{
	enum { SIZE = 1 << 20 };
	const char *n = uname_("midw");
	ipc_shm *s;
	unsigned char *buf = malloc(SIZE);
	ipc_shm_create(&s, n, SIZE, 0600);
	int recovered = 0, mixed = 0, torn = 0, tries = 0;
	for (; tries < 200 && recovered < 3; tries++) {
		pid_t pid = fork();
		if (pid == 0) {
			ipc_shm *w;
			unsigned char *pat = malloc(SIZE);
			ipc_shm_open(&w, n, IPC_SHM_RDWR);
			for (unsigned i = 1;; i++) {
				memset(pat, (int)(i & 0xff), SIZE);
				ipc_shm_write(w, 0, pat, SIZE, IPC_SHM_TRUNC, -1);
			}
		}
		struct ipc_shm_stat st;
		int64_t give_up = now_ms() + 2000;
		do {
			sched_yield();
			ipc_shm_stat(s, &st);
		} while (st.holder != pid && now_ms() < give_up);
		kill(pid, SIGKILL);
		reap(pid);
		ssize_t got = ipc_shm_read(s, 0, buf, SIZE, 0, NULL);
		for (size_t i = 1; got == SIZE && i < SIZE; i++)
			if (buf[i] != buf[0]) {
				mixed++;
				break;
			}
		int r = ipc_shm_lock(s, 5000);
		recovered += r > 0 && (r & IPC_SHM_RECOVERED);
		torn += r > 0 && (r & IPC_SHM_TORN);
		ipc_shm_unlock(s);
	}
	ok(recovered > 0, "writers were killed holding the lock (%d of %d)", recovered, tries);
	is(mixed, 0, "never a mix of two updates");
	is(torn, 0, "a single update is never torn");
	free(buf);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

static void
test_join(void)
{
	const char *n = uname_("join");
	ipc_shm *s, *j;
	char ticket[300], list[400];
	ipc_shm_create(&s, n, 16, 0600);
	ipc_shm_open(&j, n, IPC_SHM_RDWR);
	is(ipc_shm_ticket(s, ticket, sizeof ticket), -EPERM, "no ticket without the lock");
	ipc_shm_lock(s, -1);
	ok(ipc_shm_ticket(s, ticket, sizeof ticket) > 0, "ticket %s", ticket);
	is(ipc_shm_ticket(s, ticket, 4), -ENAMETOOLONG, "a short buffer: ENAMETOOLONG");
	ipc_shm_ticket(s, ticket, sizeof ticket);
	snprintf(list, sizeof list, "other=1:%s:x=2", ticket);
	pid_t pid = fork();
	if (pid == 0) {
		ipc_shm *c;
		int e = ipc_shm_open(&c, n, IPC_SHM_RDWR);
		if (e == 0)
			e = ipc_shm_join(c, list);
		if (e == 0)
			e = ipc_shm_write(c, 0, "child", 5, IPC_SHM_TRUNC, 0);
		if (e == 0)
			e = ipc_shm_unlock(c);
		_exit(e == 0 ? 0 : 1);
	}
	is(reap(pid), 0, "a child joins the session and writes under its lock");
	char buf[16];
	ipc_shm_read(s, 0, buf, sizeof buf, IPC_SHM_CONTENT, NULL);
	ok(memcmp(buf, "child", 5) == 0, "its update is published");
	char bad[320];
	snprintf(bad, sizeof bad, "%s=123456789", n);
	is(ipc_shm_join(j, bad), -ESRCH, "a wrong token: ESRCH");
	is(ipc_shm_join(j, "other=1"), -ESRCH, "no ticket for this segment: ESRCH");
	is(ipc_shm_join(j, NULL), -ESRCH, "no tickets: ESRCH");
	is(ipc_shm_join(j, list), 0, "join in-process");
	ipc_shm_unlock(s);
	is(ipc_shm_write(j, 0, "late", 4, 0, 0), -ESRCH, "after the lender unlocks, a joined write: ESRCH");
	ipc_shm_unlock(j);
	is(ipc_shm_join(j, list), -ESRCH, "the old ticket no longer joins");
	ipc_shm_close(j);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

int
main(void)
{
	atexit(cleanup);
	tap_diag("wake backend: %s", ipc__shm_wake_kind == 1 ? "futex" : "condition variable");
	test_wait_timeout();
	test_wait_wakes(IPC_SHM_RDWR, "read-write");
	test_wait_wakes(IPC_SHM_RDONLY, "read-only");
	test_wait_many();
	test_wait_eintr();
	test_dead_waiter();
	test_lock();
	test_recover();
	test_kill_midwrite();
	test_join();
	return tap_done();
}
