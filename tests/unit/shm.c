/* shm.c: unit tests of shared-memory segments: making, opening, trust, data, resize, listing. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/shm.h"
#include "tap.h"

/* The layout's first fields, as a foreign program would forge them. */
#define MAGIC "ipcshm\r\n"

static char names[16][64];
static int nnames;

/* A fresh name, remembered so cleanup() removes the object whatever happens. */
static const char *
uname_(const char *what)
{
	char *n = names[nnames++];
	snprintf(n, sizeof names[0], "ut%ld_%s", (long)getpid(), what);
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

static int
exists(const char *name)
{
	char path[80];
	snprintf(path, sizeof path, "/dev/shm/%s", name);
	return access(path, F_OK) == 0;
}

/* A raw object of len bytes holding what (not one of ours, or a forged one). */
static void
raw_object(const char *name, const void *what, size_t wlen, size_t len)
{
	char path[80];
	snprintf(path, sizeof path, "/%s", name);
	int fd = shm_open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)len) < 0 || (wlen && pwrite(fd, what, wlen, 0) != (ssize_t)wlen))
		tap_diag("raw object %s: %s", name, strerror(errno));
	close(fd);
}

static void
test_create(void)
{
	const char *n = uname_("create");
	ipc_shm *s = NULL;
	mode_t old = umask(077);
	is(ipc_shm_create(&s, n, 100, 0640), 0, "create");
	umask(old);
	ok(exists(n), "the segment shows in /dev/shm");
	struct ipc_shm_stat st;
	is(ipc_shm_stat(s, &st), 0, "stat");
	is(st.size, 100, "data size");
	is(st.length, 0, "empty content");
	is(st.seq, 0, "sequence starts at 0");
	is(st.mode, 0640, "mode exactly as asked, umask or not");
	is(st.recoveries, 0, "no recoveries");
	is(st.torn, 0, "not torn");
	is(st.holder, 0, "nobody holds the lock");
	ok(st.footprint >= 4096 + 200, "header and two buffers: %lld", (long long)st.footprint);
	is_str(ipc_shm_name(s), n, "name");
	ipc_shm *t = NULL;
	is(ipc_shm_create(&t, n, 100, 0600), -EEXIST, "creating it again: EEXIST");
	char slash[80];
	snprintf(slash, sizeof slash, "/%s", n);
	is(ipc_shm_open(&t, slash, IPC_SHM_RDONLY), 0, "open with a leading slash");
	ipc_shm_close(t);
	ipc_shm_close(s);
	is(ipc_shm_unlink(n), 0, "unlink");
	ok(!exists(n), "gone from /dev/shm");
	s = (ipc_shm *)&old;
	is(ipc_shm_open(&s, n, IPC_SHM_RDWR), -ENOENT, "open after unlink: ENOENT");
	ok(s == NULL, "a failed open leaves NULL behind");
	t = (ipc_shm *)&old;
	is(ipc_shm_create(&t, "a/b", 1, 0600), -EINVAL, "a failed create...");
	ok(t == NULL, "...leaves NULL behind too");
	is(ipc_shm_unlink(n), -ENOENT, "unlink again: ENOENT");
}

static void
test_bad_args(void)
{
	ipc_shm *s = NULL;
	is(ipc_shm_create(&s, "a/b", 10, 0600), -EINVAL, "bad name");
	is(ipc_shm_create(&s, "", 10, 0600), -EINVAL, "empty name");
	const char *n = uname_("bad");
	is(ipc_shm_create(&s, n, 0, 0600), -EINVAL, "size 0");
	is(ipc_shm_create(&s, n, ipc_shm_size_max() + 1, 0600), -EFBIG, "size past the maximum");
	ok(!exists(n), "nothing left behind by a refused create");
	is(ipc_shm_open(&s, n, 7), -EINVAL, "bad open flags");
	ipc_shm_close(NULL);
	ok(1, "closing NULL is fine");
}

static void
test_write_read(void)
{
	const char *n = uname_("rw");
	ipc_shm *s, *r;
	char buf[128];
	uint64_t seq = 99;
	if (!ok(ipc_shm_create(&s, n, 100, 0600) == 0, "create"))
		return;
	is(ipc_shm_open(&r, n, IPC_SHM_RDONLY), 0, "open read-only");
	is(ipc_shm_write(s, 0, "hello", 5, IPC_SHM_TRUNC, -1), 0, "write");
	is(ipc_shm_seq(r), 1, "the reader sees sequence 1");
	is(ipc_shm_read(r, 0, buf, sizeof buf, IPC_SHM_CONTENT, &seq), 5, "read the content");
	is(seq, 1, "of update 1");
	ok(memcmp(buf, "hello", 5) == 0, "the bytes written");
	is(ipc_shm_read(r, 0, buf, sizeof buf, 0, NULL), 100, "read the whole data");
	ok(buf[5] == 0 && buf[99] == 0, "zero past the content");
	is(ipc_shm_write(s, 1, "XY", 2, 0, -1), 0, "patch at offset 1");
	is(ipc_shm_read(r, 0, buf, sizeof buf, IPC_SHM_CONTENT, NULL), 5, "length kept");
	ok(memcmp(buf, "hXYlo", 5) == 0, "patched in place");
	is(ipc_shm_write(s, 0, "ab", 2, IPC_SHM_TRUNC, -1), 0, "truncating write");
	is(ipc_shm_read(r, 0, buf, sizeof buf, IPC_SHM_CONTENT, NULL), 2, "content ends there");
	is(ipc_shm_read(r, 0, buf, 5, 0, NULL), 5, "read past the content");
	ok(memcmp(buf, "ab\0\0\0", 5) == 0, "what it cut off reads as zero");
	is(ipc_shm_write(s, 98, "zz", 2, 0, -1), 0, "write the last two bytes");
	is(ipc_shm_read(r, 0, buf, sizeof buf, IPC_SHM_CONTENT, NULL), 100, "content grows to them");
	is(ipc_shm_seq(s), 4, "four updates");
	is(ipc_shm_write(s, 98, "zzz", 3, 0, -1), -EMSGSIZE, "one byte past the end: EMSGSIZE");
	is(ipc_shm_write(s, 101, "", 0, 0, -1), -EMSGSIZE, "offset past the end: EMSGSIZE");
	is(ipc_shm_write(s, (size_t)-1, "zz", 2, 0, -1), -EMSGSIZE, "offset overflow: EMSGSIZE");
	is(ipc_shm_seq(s), 4, "a refused write publishes nothing");
	is(ipc_shm_read(r, 101, buf, 1, 0, NULL), -EINVAL, "read past the end: EINVAL");
	is(ipc_shm_read(r, 100, buf, 1, 0, NULL), 0, "read at the end: nothing");
	is(ipc_shm_read(r, 50, buf, 1, IPC_SHM_CONTENT, NULL), 1, "read inside the content");
	is(ipc_shm_write(r, 0, "x", 1, 0, -1), -EBADF, "a read-only handle cannot write");
	is(ipc_shm_lock(r, 0), -EBADF, "nor lock");
	is(ipc_shm_resize(r, 10, 0), -EBADF, "nor resize");
	ipc_shm_close(r);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

/* Random writes, resizes and reads checked against a plain copy: the double
 * buffer's catch-up must never lose or resurrect a byte. */
static void
test_model(void)
{
	const char *n = uname_("model");
	enum { MAX = 3000 };
	static unsigned char model[4 * MAX], buf[4 * MAX], data[4 * MAX];
	size_t size = 1000, length = 0;
	ipc_shm *s, *r;
	if (!ok(ipc_shm_create(&s, n, size, 0600) == 0, "create"))
		return;
	ipc_shm_open(&r, n, IPC_SHM_RDONLY);
	memset(model, 0, sizeof model);
	srand(7);
	int bad = 0, ops = 0;
	for (int i = 0; i < 3000 && !bad; i++, ops++) {
		int what = rand() % 20;
		if (what == 0) {
			size_t ns = 1 + (size_t)rand() % (rand() % 4 == 0 ? 4 * MAX : MAX);
			bad |= ipc_shm_resize(s, ns, -1) != 0;
			if (ns > size)
				memset(model + size, 0, ns - size);
			size = ns;
			if (length > size)
				length = size;
		} else {
			size_t off = (size_t)rand() % size, len = (size_t)rand() % (size - off + 1);
			int trunc = rand() % 3 == 0 ? IPC_SHM_TRUNC : 0;
			for (size_t k = 0; k < len; k++)
				data[k] = (unsigned char)rand();
			bad |= ipc_shm_write(s, off, data, len, trunc, -1) != 0;
			memcpy(model + off, data, len);
			if (trunc && length > off + len)
				memset(model + off + len, 0, length - off - len);
			length = trunc ? off + len : (off + len > length ? off + len : length);
		}
		ssize_t got = ipc_shm_read(r, 0, buf, sizeof buf, 0, NULL);
		bad |= got != (ssize_t)size || memcmp(buf, model, size) != 0;
		bad |= ipc_shm_read(s, 0, buf, sizeof buf, IPC_SHM_CONTENT, NULL) != (ssize_t)length;
	}
	ok(!bad, "3000 random writes and resizes read back as the model (stopped after %d)", ops);
	struct ipc_shm_stat st;
	ipc_shm_stat(r, &st);
	is(st.size, size, "the reader's size follows the resizes");
	ipc_shm_close(r);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

static void
test_resize(void)
{
	const char *n = uname_("resize");
	ipc_shm *s, *r;
	char buf[9000];
	if (!ok(ipc_shm_create(&s, n, 10, 0600) == 0, "create"))
		return;
	ipc_shm_open(&r, n, IPC_SHM_RDONLY);
	ipc_shm_write(s, 0, "0123456789", 10, IPC_SHM_TRUNC, -1);
	is(ipc_shm_resize(s, 4, -1), 0, "shrink");
	is(ipc_shm_read(r, 0, buf, sizeof buf, 0, NULL), 4, "the reader sees 4 bytes");
	ok(memcmp(buf, "0123", 4) == 0, "the head is kept");
	is(ipc_shm_write(s, 0, "01234", 5, 0, -1), -EMSGSIZE, "the end moved");
	is(ipc_shm_resize(s, 8, -1), 0, "grow inside the capacity");
	is(ipc_shm_read(r, 0, buf, sizeof buf, 0, NULL), 8, "8 bytes");
	ok(memcmp(buf, "0123\0\0\0\0", 8) == 0, "zero-extended, nothing old resurfaces");
	struct ipc_shm_stat st0, st1;
	ipc_shm_stat(s, &st0);
	is(ipc_shm_resize(s, 8192, -1), 0, "grow past the capacity");
	ipc_shm_stat(s, &st1);
	ok(st1.footprint > st0.footprint, "the object grew");
	is(ipc_shm_read(r, 0, buf, sizeof buf, 0, NULL), 8192, "the reader remaps to 8192 bytes");
	ok(memcmp(buf, "0123\0\0\0\0", 8) == 0 && buf[8191] == 0, "content kept, zero-extended");
	ipc_shm_write(s, 0, "x", 1, 0, -1);   /* make buffer 1 current, then grow again */
	if ((ipc_shm_seq(s) & 1) == 0)
		ipc_shm_write(s, 0, "x", 1, 0, -1);
	is(ipc_shm_seq(s) & 1, 1, "buffer 1 is current");
	is(ipc_shm_resize(s, 9000, -1), 0, "grow past the capacity from buffer 1");
	is(ipc_shm_read(r, 0, buf, sizeof buf, 0, NULL), 9000, "9000 bytes");
	ok(memcmp(buf, "x123", 4) == 0, "content kept");
	is(ipc_shm_resize(s, 0, -1), -EINVAL, "size 0: EINVAL");
	is(ipc_shm_resize(s, ipc_shm_size_max() + 1, -1), -EFBIG, "too big: EFBIG");
	ipc_shm_close(r);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

static void
test_edit_view(void)
{
	const char *n = uname_("edit");
	ipc_shm *s, *r;
	void *p;
	const void *v;
	size_t len;
	uint64_t seq;
	if (!ok(ipc_shm_create(&s, n, 16, 0600) == 0, "create"))
		return;
	ipc_shm_open(&r, n, IPC_SHM_RDONLY);
	ipc_shm_write(s, 0, "abcdef", 6, IPC_SHM_TRUNC, -1);
	is(ipc_shm_edit(s, &p), -EPERM, "edit needs the lock");
	is(ipc_shm_lock(s, -1), 0, "lock");
	is(ipc_shm_edit(s, &p), 0, "edit");
	ok(memcmp(p, "abcdef", 6) == 0, "the next buffer holds the current content");
	memcpy(p, "ABC", 3);
	is(ipc_shm_view(r, &v, &len, &seq), 0, "view while edits are pending");
	ok(len == 6 && memcmp(v, "abcdef", 6) == 0 && seq == 1, "readers still see update 1");
	ok(ipc_shm_view_valid(r, seq), "and that view is valid");
	is(ipc_shm_sync(s, 6), 0, "sync");
	is(ipc_shm_view(r, &v, &len, &seq), 0, "view");
	ok(len == 6 && memcmp(v, "ABCdef", 6) == 0 && seq == 2, "the edits are published");
	is(ipc_shm_sync(s, 17), -EMSGSIZE, "a length past the size is refused");
	is(ipc_shm_edit(s, &p), 0, "edit again");
	memcpy(p, "zzz", 3);
	is(ipc_shm_unlock(s), 0, "unlock without sync");
	char buf[16];
	ipc_shm_read(r, 0, buf, sizeof buf, IPC_SHM_CONTENT, &seq);
	ok(memcmp(buf, "ABCdef", 6) == 0 && seq == 2, "unsynced edits are dropped");
	is(ipc_shm_write(s, 3, "D", 1, 0, -1), 0, "a write after dropped edits");
	ipc_shm_read(r, 0, buf, sizeof buf, IPC_SHM_CONTENT, &seq);
	ok(memcmp(buf, "ABCDef", 6) == 0, "catches up over them");
	ipc_shm *o;
	ipc_shm_open(&o, n, IPC_SHM_RDWR);
	ipc_shm_lock(s, -1);
	ipc_shm_edit(s, &p);
	memcpy(p, "lost", 4);
	ipc_shm_unlock(s);
	ipc_shm_write(o, 0, "OTHER", 5, IPC_SHM_TRUNC, -1);
	ipc_shm_write(o, 0, "Other", 5, IPC_SHM_TRUNC, -1);
	ipc_shm_lock(s, -1);
	is(ipc_shm_edit(s, &p), 0, "edit in a later session");
	ok(memcmp(p, "Other", 5) == 0, "starts from the current content, not the dropped edits");
	ipc_shm_unlock(s);
	ipc_shm_close(o);
	ok(ipc_shm_view(r, &v, &len, &seq) == 0 && !(ipc_shm_write(s, 0, "1", 1, 0, -1),
	    ipc_shm_write(s, 0, "2", 1, 0, -1), ipc_shm_view_valid(r, seq)),
	    "a view is invalid once its buffer is rewritten");
	ipc_shm_close(r);
	ipc_shm_close(s);
	ipc_shm_unlink(n);
}

static void
test_foreign(void)
{
	ipc_shm *s = NULL;
	const char *n = uname_("foreign");
	char junk[8192];
	memset(junk, 'j', sizeof junk);
	raw_object(n, junk, sizeof junk, sizeof junk);
	is(ipc_shm_open(&s, n, IPC_SHM_RDONLY), -EBADMSG, "wrong magic: EBADMSG");
	is(ipc_shm_unlink(n), -EBADMSG, "not ours to unlink");
	ok(exists(n), "the foreign object is left alone");
	raw_object(n, MAGIC, 8, 100);
	is(ipc_shm_open(&s, n, IPC_SHM_RDONLY), -EBADMSG, "smaller than a header: EBADMSG");

	/* A real header whose sizes lie: it must not be mapped past its end. */
	const char *g = uname_("liar");
	ipc_shm *t;
	ipc_shm_create(&t, g, 64, 0600);
	ipc_shm_close(t);
	char path[80];
	snprintf(path, sizeof path, "/%s", g);
	int fd = shm_open(path, O_RDWR, 0);
	unsigned char *h = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	uint64_t cap, huge = (uint64_t)1 << 39;
	memcpy(&cap, h + 24, 8);
	is(cap, 64, "the capacity sits where the layout says");
	memcpy(h + 24, &huge, 8);
	is(ipc_shm_open(&s, g, IPC_SHM_RDONLY), -EBADMSG, "a capacity past the object: EBADMSG");
	memcpy(h + 24, &cap, 8);
	is(ipc_shm_open(&s, g, IPC_SHM_RDONLY), 0, "restored, it opens");
	uint64_t bad = 1000;
	memcpy(h + 56, &bad, 8);   /* buf[0].size, the current buffer's */
	char buf[8];
	is(ipc_shm_read(s, 0, buf, 8, 0, NULL), -EBADMSG, "a data size past the capacity: EBADMSG");
	ipc_shm_close(s);
	h[8] = 2;   /* version */
	is(ipc_shm_open(&s, g, IPC_SHM_RDONLY), -EBADMSG, "another layout version: EBADMSG");
	munmap(h, 4096);
	ftruncate(fd, 4096 + 64);
	close(fd);
	is(ipc_shm_open(&s, g, IPC_SHM_RDONLY), -EBADMSG, "an object cut short: EBADMSG");

	const char *z = uname_("empty");
	raw_object(z, NULL, 0, 0);
	is(ipc_shm_open(&s, z, IPC_SHM_RDONLY), -EBADMSG, "an empty object, after a grace: EBADMSG");
}

struct seen {
	const char *want[2];
	int found[2];
	int foreign;
	int count;
};

static int
on_segment(const char *name, const struct ipc_shm_stat *st, void *arg)
{
	struct seen *sn = arg;
	for (int i = 0; i < 2; i++)
		if (strcmp(name, sn->want[i]) == 0)
			sn->found[i] = (int)st->size;
	if (strstr(name, "listforeign") != NULL)
		sn->foreign = 1;
	sn->count++;
	return 0;
}

static int
stop_early(const char *name, const struct ipc_shm_stat *st, void *arg)
{
	return 42;
}

static void
test_list(void)
{
	const char *a = uname_("lista"), *b = uname_("listb"), *f = uname_("listforeign");
	ipc_shm *s;
	ipc_shm_create(&s, a, 11, 0600);
	ipc_shm_close(s);
	ipc_shm_create(&s, b, 22, 0600);
	ipc_shm_close(s);
	raw_object(f, "not ours", 8, 8192);
	struct seen sn = { { a, b }, { 0, 0 }, 0, 0 };
	is(ipc_shm_list(on_segment, &sn), 0, "list");
	ok(sn.found[0] == 11 && sn.found[1] == 22, "both segments, with their sizes");
	ok(!sn.foreign, "the foreign object is skipped");
	is(ipc_shm_list(stop_early, NULL), 42, "a nonzero return stops the walk and is returned");
	ipc_shm_unlink(a);
	ipc_shm_unlink(b);
}

int
main(void)
{
	atexit(cleanup);
	test_create();
	test_bad_args();
	test_write_read();
	test_model();
	test_resize();
	test_edit_view();
	test_foreign();
	test_list();
	return tap_done();
}
