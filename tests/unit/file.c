/* file.c: unit tests of files: publish, append (two writers, 10,000 records), locks, watches. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/file.h"
#include "lock.h"
#include "tap.h"
#include "testutil.h"
#include "watch.h"

static char dir[256];

static const char *
at(const char *name)
{
	static char path[4][512];
	static int slot;
	char *p = path[slot++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

/* The file's contents (NUL-terminated, static), or NULL. */
static const char *
slurp(const char *path)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

static int
mode_of(const char *path)
{
	struct stat st;
	return lstat(path, &st) < 0 ? -errno : (int)(st.st_mode & 07777);
}

/* Entries of the directory whose name starts with prefix. */
static int
count_entries(const char *d, const char *prefix)
{
	DIR *dp = opendir(d);
	int n = 0;
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (dp)
		closedir(dp);
	return n;
}

/* ---- publish ---- */

static void
test_publish(void)
{
	mode_t old = umask(077);
	is(ipc_file_publish(at("state"), "one\n", 4, 0644), 0, "publish a new file");
	is_str(slurp(at("state")), "one\n", "its contents");
	is(mode_of(at("state")), 0644, "exactly the mode, whatever the umask");
	struct stat before, after;
	stat(at("state"), &before);
	is(ipc_file_publish(at("state"), "two, longer\n", 12, 0600), 0, "publish over it");
	is_str(slurp(at("state")), "two, longer\n", "the new contents");
	stat(at("state"), &after);
	ok(before.st_ino != after.st_ino, "a new file took the name (rename, not rewrite)");
	is(ipc_file_publish(at("state"), "", 0, 0600), 0, "publish an empty file");
	is_str(slurp(at("state")), "", "empty");
	is(count_entries(dir, ".state."), 0, "no temporary file left behind");

	ipc_file_publish(at("target"), "kept\n", 5, 0600);
	symlink(at("target"), at("link"));
	is(ipc_file_publish(at("link"), "new\n", 4, 0600), 0, "publish over a symbolic link");
	is_str(slurp(at("target")), "kept\n", "the link's target is untouched");
	is_str(slurp(at("link")), "new\n", "the name holds the new file");

	is(ipc_file_publish(at("none/x"), "x", 1, 0600), -ENOENT, "a missing directory: -ENOENT");
	is(ipc_file_publish(at("dir/"), "x", 1, 0600), -EINVAL, "a name ending in '/': -EINVAL");
	is(ipc_file_publish(at("x"), NULL, 1, 0600), -EINVAL, "NULL bytes: -EINVAL");
	is(ipc_file_publish(at("x"), "x", 1, 010000), -EINVAL, "a bad mode: -EINVAL");
	mkdir(at("isdir"), 0700);
	is(ipc_file_publish(at("isdir"), "x", 1, 0600), -EISDIR, "over a directory: -EISDIR");
	is(count_entries(dir, ".isdir."), 0, "and the temporary file is removed");
	umask(old);
}

/* A reader never sees a mix of two versions while a writer publishes. */
#define PUBLISHES 150

static int
publisher(void *arg)
{
	static char a[4000], b[9000];
	memset(a, 'A', sizeof a);
	memset(b, 'B', sizeof b);
	for (int i = 0; i < PUBLISHES; i++)
		if (ipc_file_publish(arg, i % 2 ? b : a, i % 2 ? sizeof b : sizeof a, 0600) < 0)
			return 1;
	return 0;
}

static int
whole_version(const char *s)
{
	size_t n = strlen(s);
	if (n != 4000 && n != 9000)
		return 0;
	return strspn(s, n == 4000 ? "A" : "B") == n;
}

static void
test_publish_readers(void)
{
	ipc_file_publish(at("hot"), "", 0, 0600);
	pid_t pid = tu_spawn(publisher, (void *)at("hot"));
	int reads = 0, torn = 0;
	for (;;) {
		const char *s = slurp(at("hot"));
		if (s == NULL || (*s != '\0' && !whole_version(s)))
			torn++;
		reads++;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			break;
	}
	is(torn, 0, "%d reads during %d publishes: none saw a mix or a missing file",
	    reads, PUBLISHES);
	ok(whole_version(slurp(at("hot"))), "the last version is whole");
}

/* ---- append ---- */

static void
test_append_basics(void)
{
	mode_t old = umask(077);
	int fd = ipc_file_open_append(at("log"), 0640);
	ok(fd >= 0, "open for appending, creating");
	is(mode_of(at("log")), 0640, "created with exactly the mode");
	ok(fcntl(fd, F_GETFD) & FD_CLOEXEC, "close-on-exec");
	is(ipc_file_append(fd, "a\n", 2), 2, "append a record");
	close(fd);
	fd = ipc_file_open_append(at("log"), 0600);
	is(mode_of(at("log")), 0640, "an existing file keeps its mode");
	is(ipc_file_append(fd, "b\n", 2), 2, "append to an existing file");
	is_str(slurp(at("log")), "a\nb\n", "records at the end, in order");
	static char big[IPC_FILE_RECORD_MAX + 1];
	is(ipc_file_append(fd, big, sizeof big), -EMSGSIZE, "a record over the bound: -EMSGSIZE");
	is(ipc_file_append(fd, big, IPC_FILE_RECORD_MAX), IPC_FILE_RECORD_MAX, "one at the bound fits");
	close(fd);

	fd = open(at("log"), O_WRONLY);
	is(ipc_file_append(fd, "c\n", 2), -EINVAL, "a descriptor without O_APPEND: -EINVAL");
	close(fd);
	int p[2];
	pipe(p);
	fcntl(p[1], F_SETFL, O_APPEND);
	is(ipc_file_append(p[1], "c\n", 2), -EINVAL, "a pipe: -EINVAL");
	close(p[0]);
	close(p[1]);
	is(ipc_file_append(-1, "c\n", 2), -EBADF, "a bad descriptor: -EBADF");

	symlink(at("log"), at("loglink"));
	is(ipc_file_open_append(at("loglink"), 0600), -ELOOP, "a symbolic link: -ELOOP");
	mkfifo(at("logfifo"), 0600);
	is(ipc_file_open_append(at("logfifo"), 0600), -EINVAL, "a FIFO: -EINVAL, without blocking");
	is(ipc_file_open_append(dir, 0600), -EISDIR, "a directory: -EISDIR");
	is(ipc_file_open_append(at("no/log"), 0600), -ENOENT, "a missing directory: -ENOENT");
	umask(old);
}

/* Two processes append 5,000 records each; every record must come out
 * whole, and each writer's records all there in order. */
#define RECORDS 5000

static size_t
record(int writer, int seq, char *buf)
{
	int pad = 10 + (seq * 7919 + writer * 104729) % 3000;
	int n = sprintf(buf, "%d %05d %04d ", writer, seq, pad);
	memset(buf + n, 'a' + (seq + writer) % 26, (size_t)pad);
	buf[n + pad] = '\n';
	return (size_t)n + (size_t)pad + 1;
}

static int
appender(void *arg)
{
	int writer = *(int *)arg;
	int fd = ipc_file_open_append(at("records"), 0600);
	char buf[4096];
	for (int seq = 0; seq < RECORDS; seq++) {
		size_t len = record(writer, seq, buf);
		if (ipc_file_append(fd, buf, len) != (ssize_t)len)
			return 1;
	}
	close(fd);
	return 0;
}

/* Checks every line; returns the count of good records, or -1 at the first bad one. */
static int
check_records(FILE *f)
{
	int next[2] = { 0, 0 }, good = 0;
	char line[4096 + 64], want[4096 + 64];
	while (fgets(line, sizeof line, f) != NULL) {
		int w, seq, pad;
		if (sscanf(line, "%d %d %d ", &w, &seq, &pad) != 3 || w < 0 || w > 1 ||
		    seq != next[w])
			return -1;
		size_t len = record(w, seq, want);
		if (strlen(line) != len || memcmp(line, want, len) != 0)
			return -1;
		next[w]++;
		good++;
	}
	return next[0] == RECORDS && next[1] == RECORDS ? good : -1;
}

static void
test_append_concurrent(void)
{
	static int ids[2] = { 0, 1 };
	pid_t a = tu_spawn(appender, &ids[0]);
	pid_t b = tu_spawn(appender, &ids[1]);
	is(tu_wait(a), 0, "writer 0 appended %d records", RECORDS);
	is(tu_wait(b), 0, "writer 1 appended %d records", RECORDS);
	FILE *f = fopen(at("records"), "r");
	is(f ? check_records(f) : -1, 2 * RECORDS, "10,000 records: none torn, none lost, each writer in order");
	if (f)
		fclose(f);
}

/* ---- locks, through each backend ---- */

struct holder {
	ipc__lock_fn *fn;
	short type;
	int64_t start, len;
	int ready[2], go[2];
};

/* A child takes a lock, says so, and keeps it until told to let go. */
static int
hold(void *arg)
{
	struct holder *h = arg;
	int fd = open(at("locked"), O_RDWR);
	if (fd < 0 || h->fn(fd, h->type, h->start, h->len, 0) != 0)
		return 1;
	char c = 'r';
	if (write(h->ready[1], &c, 1) != 1 || read(h->go[0], &c, 1) != 1)
		return 2;
	return h->fn(fd, F_UNLCK, h->start, h->len, 0) != 0;
}

static pid_t
start_holder(struct holder *h, ipc__lock_fn *fn, short type, int64_t start, int64_t len)
{
	*h = (struct holder){ fn, type, start, len, { -1, -1 }, { -1, -1 } };
	pipe(h->ready);
	pipe(h->go);
	pid_t pid = tu_spawn(hold, h);
	char c;
	read(h->ready[0], &c, 1);
	return pid;
}

static void
holder_close(struct holder *h)
{
	close(h->ready[0]);
	close(h->ready[1]);
	close(h->go[0]);
	close(h->go[1]);
}

static int
stop_holder(struct holder *h, pid_t pid)
{
	write(h->go[1], "g", 1);
	int st = tu_wait(pid);
	holder_close(h);
	return st;
}

/* Lets go of the lock 80 ms later, from another process. */
static int
late_release(void *arg)
{
	usleep(80000);
	return write(*(int *)arg, "g", 1) != 1;
}

static void
check_locks(ipc__lock_fn *fn, const char *name)
{
	int fd = open(at("locked"), O_RDWR | O_CREAT, 0600);
	struct holder h;
	pid_t pid = start_holder(&h, fn, F_WRLCK, 0, 10);
	is(ipc__lock_timed(fn, fd, F_WRLCK, 0, 10, 0), -ETIMEDOUT, "%s: held elsewhere, poll: -ETIMEDOUT", name);
	int64_t t0 = tu_now_ms();
	is(ipc__lock_timed(fn, fd, F_RDLCK, 5, 1, 60), -ETIMEDOUT, "%s: 60 ms: -ETIMEDOUT", name);
	ok(tu_now_ms() - t0 >= 60, "%s: and it waited", name);
	is(ipc__lock_timed(fn, fd, F_WRLCK, 10, 10, 0), 0, "%s: the next bytes are free", name);
	fn(fd, F_UNLCK, 10, 10, 0);
	tu_interrupt_after_ms(40);
	is(ipc__lock_timed(fn, fd, F_WRLCK, 0, 0, IPC_FOREVER), -EINTR, "%s: blocked, a signal: -EINTR", name);
	pid_t rel = tu_spawn(late_release, &h.go[1]);
	is(ipc__lock_timed(fn, fd, F_WRLCK, 0, 0, 5000), 0, "%s: a timed wait gets it once released", name);
	is(tu_wait(rel), 0, "%s: releaser", name);
	is(tu_wait(pid), 0, "%s: holder", name);
	fn(fd, F_UNLCK, 0, 0, 0);
	holder_close(&h);

	pid = start_holder(&h, fn, F_RDLCK, 0, 0);
	is(ipc__lock_timed(fn, fd, F_RDLCK, 0, 0, 0), 0, "%s: shared with shared", name);
	fn(fd, F_UNLCK, 0, 0, 0);
	is(ipc__lock_timed(fn, fd, F_WRLCK, 0, 0, 0), -ETIMEDOUT, "%s: exclusive against shared", name);
	is(stop_holder(&h, pid), 0, "%s: holder", name);
	is(ipc__lock_timed(fn, fd, F_WRLCK, 0, 0, 0), 0, "%s: free once released", name);
	fn(fd, F_UNLCK, 0, 0, 0);
	close(fd);
}

/* Who owns a lock: the open file (OFD) or the process (classic). */
static void
check_owner(ipc__lock_fn *fn, const char *name, int per_open_file)
{
	int a = open(at("locked"), O_RDWR), b = open(at("locked"), O_RDWR);
	is(fn(a, F_WRLCK, 0, 0, 0), 0, "%s: lock through one descriptor", name);
	is(fn(b, F_WRLCK, 0, 0, 0), per_open_file ? -EAGAIN : 0,
	    per_open_file ? "%s: another open of the file in this process conflicts"
	    : "%s: another open of the file in this process does not conflict", name);
	close(a);
	close(b);
}

static void
test_locks(void)
{
	check_locks(ipc__lock_posix, "fcntl");
	check_owner(ipc__lock_posix, "fcntl", 0);
#if HAVE_DECL_F_OFD_SETLKW
	check_locks(ipc__lock_ofd, "ofd");
	check_owner(ipc__lock_ofd, "ofd", 1);
#else
	tap_skip(16, "no OFD locks");
#endif
	int fd = open(at("locked"), O_RDWR);
	is(ipc_file_lock(fd, IPC_FILE_EXCLUSIVE, 0, 0, 0), 0, "ipc_file_lock exclusive");
	is(ipc_file_unlock(fd, 0, 0), 0, "ipc_file_unlock");
	is(ipc_file_lock(fd, IPC_FILE_SHARED, 100, 5, 1000), 0, "ipc_file_lock shared, a range");
	is(ipc_file_unlock(fd, 100, 5), 0, "unlock the range");
	is(ipc_file_lock(fd, 7, 0, 0, 0), -EINVAL, "a bad kind: -EINVAL");
	is(ipc_file_lock(fd, IPC_FILE_SHARED, -1, 0, 0), -EINVAL, "a negative start: -EINVAL");
	is(ipc_file_lock(fd, IPC_FILE_SHARED, 0, -5, 0), -EINVAL, "a negative length: -EINVAL");
	is(ipc_file_lock(fd, IPC_FILE_SHARED, INT64_MAX, 2, 0), -EINVAL, "a range past the end: -EINVAL");
	is(ipc_file_unlock(fd, -1, 0), -EINVAL, "unlock a bad range: -EINVAL");
	close(fd);
	fd = open(at("locked"), O_WRONLY);
	is(ipc_file_lock(fd, IPC_FILE_SHARED, 0, 0, 0), -EBADF, "shared on a write-only descriptor: -EBADF");
	close(fd);
	is(ipc_file_lock(-1, IPC_FILE_SHARED, 0, 0, 0), -EBADF, "a bad descriptor: -EBADF");
}

/* ---- watches, through each backend ---- */

static int
wait_on(ipc_file_watch *w, int ms)
{
	return ipc_file_watch_wait(w, ms);
}

static void
append_to(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
	write(fd, s, strlen(s));
	close(fd);
}

/* Appends to the file 60 ms later, from another process. */
static int
late_writer(void *arg)
{
	usleep(60000);
	append_to(arg, "late\n");
	return 0;
}

static void
check_watch(const struct ipc__watch_ops *ops, const char *name)
{
	char file[64];
	snprintf(file, sizeof file, "w-%s", name);
	ipc_file_watch *w = NULL;
	is(ipc__watch_open_with(ops, at(file), &w), 0, "%s: watch a file not there yet", name);
	is(wait_on(w, 0), -ETIMEDOUT, "%s: nothing yet, poll: -ETIMEDOUT", name);
	is(wait_on(w, 40), -ETIMEDOUT, "%s: nothing yet, 40 ms: -ETIMEDOUT", name);
	append_to(at(file), "1\n");
	is(wait_on(w, 2000), 0, "%s: created", name);
	append_to(at(file), "22\n");
	is(wait_on(w, 2000), 0, "%s: written", name);
	wait_on(w, 100);   /* a close after a write may come as its own change */
	is(wait_on(w, 30), -ETIMEDOUT, "%s: then quiet again", name);
	ipc_file_publish(at(file), "replaced\n", 9, 0600);
	is(wait_on(w, 2000), 0, "%s: replaced by a rename", name);
	wait_on(w, 100);
	append_to(at(file), "333\n");
	is(wait_on(w, 2000), 0, "%s: the new file written", name);
	chmod(at(file), 0640);
	is(wait_on(w, 2000), 0, "%s: its mode changed", name);
	char hard[80];
	snprintf(hard, sizeof hard, "%s-hard", file);
	link(at(file), at(hard));
	wait_on(w, 100);
	append_to(at(hard), "4444\n");
	is(wait_on(w, 2000), 0, "%s: written through a hard link", name);
	pid_t pid = tu_spawn(late_writer, (void *)at(file));
	is(wait_on(w, IPC_FOREVER), 0, "%s: written by another process while waiting", name);
	tu_wait(pid);
	wait_on(w, 100);
	unlink(at(file));
	is(wait_on(w, 2000), 0, "%s: removed", name);
	tu_interrupt_after_ms(40);
	is(wait_on(w, IPC_FOREVER), -EINTR, "%s: a signal: -EINTR", name);
	ipc_file_watch_close(w);
	is(ipc__watch_open_with(ops, at("none/x"), &w), -ENOENT, "%s: a missing directory: -ENOENT", name);
	is(ipc__watch_open_with(ops, at("x/"), &w), -EINVAL, "%s: a name ending in '/': -EINVAL", name);
}

static void
test_watch(void)
{
	check_watch(&ipc__watch_poll, "polling");
#if HAVE_SYS_INOTIFY_H
	check_watch(&ipc__watch_inotify, "inotify");
#else
	tap_skip(16, "no inotify");
#endif
	ipc_file_watch *w;
	is(ipc_file_watch_open(at("pub"), &w), 0, "ipc_file_watch_open");
	ipc_file_publish(at("pub"), "x", 1, 0600);
	is(ipc_file_watch_wait(w, 2000), 0, "ipc_file_watch_wait sees a publish");
	ipc_file_watch_close(w);
	ipc_file_watch_close(NULL);
	is(ipc_file_watch_wait(NULL, 0), -EINVAL, "NULL: -EINVAL");
	is(ipc_file_watch_open(NULL, &w), -EINVAL, "NULL path: -EINVAL");
}

int
main(void)
{
	snprintf(dir, sizeof dir, "%s", tap_tmpdir());
	test_publish();
	test_publish_readers();
	test_append_basics();
	test_append_concurrent();
	test_locks();
	test_watch();
	return tap_done();
}
