/* shm_data.c: reading and publishing the content through the double buffer. */
#include <config.h>

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shm_int.h"

static uint64_t
umin(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t
umax(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

int
ipc__shm_bufinfo(const struct ipc_shm *shm, unsigned p, uint64_t *size, uint64_t *length)
{
	struct shm_buf *b = &shm_hdr(shm)->buf[p & 1];
	uint64_t s = __atomic_load_n(&b->size, __ATOMIC_RELAXED);
	uint64_t l = __atomic_load_n(&b->length, __ATOMIC_RELAXED);
	if (s == 0 || s > shm->cap || l > s)
		return -EBADMSG;
	*size = s;
	*length = l;
	return 0;
}

static void
store_buf(struct shm_hdr *h, uint64_t n, uint64_t size, uint64_t length)
{
	__atomic_store_n(&h->buf[n & 1].size, size, __ATOMIC_RELAXED);
	__atomic_store_n(&h->buf[n & 1].length, length, __ATOMIC_RELAXED);
}

int
ipc_shm_view_valid(ipc_shm *shm, uint64_t seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&shm_hdr(shm)->wseq, __ATOMIC_RELAXED) <= seq + 1;
}

/*
 * After a lock-free look at update s: 1 when what was read is whole, 0 to
 * look again (a writer reached that buffer), -EBADMSG when the header can
 * never settle (a writer announced update s + 2 while s is still the last
 * published: no correct writer does that).
 */
int
ipc__shm_settled(struct ipc_shm *shm, uint64_t s, unsigned tries)
{
	if (ipc_shm_view_valid(shm, s))
		return 1;
	struct shm_hdr *h = shm_hdr(shm);
	uint64_t w = __atomic_load_n(&h->wseq, __ATOMIC_ACQUIRE);
	if (shm_load(&h->seq) == s && w > s + 1)
		return -EBADMSG;
	if (tries > 4)
		sched_yield();   /* let the writer finish rather than race it */
	return 0;
}

/* ---- writers (the lock is held) ---- */

/* The range where the next buffer may differ from the current, within size. */
static void
stale_range(const struct shm_hdr *h, uint64_t size, uint64_t *lo, uint64_t *hi)
{
	uint64_t u = umin(h->stale_hi, size);
	*lo = umin(h->stale_lo, u);
	*hi = u;
}

static void
set_stale(struct shm_hdr *h, uint64_t lo, uint64_t hi)
{
	h->stale_lo = lo;
	h->stale_hi = hi;
}

/* Widened before the next buffer is touched, so a writer dying mid-copy
 * leaves a range that covers every byte it may have changed. */
static void
widen_stale(struct shm_hdr *h, uint64_t lo, uint64_t hi, uint64_t a, uint64_t b)
{
	if (a >= b)
		set_stale(h, lo, hi);
	else if (lo >= hi)
		set_stale(h, a, b);
	else
		set_stale(h, umin(lo, a), umax(hi, b));
}

/* Tells lock-free readers that buffer n & 1 is about to change. The fence
 * orders this store before every byte written into that buffer. */
static void
announce(struct shm_hdr *h, uint64_t n)
{
	__atomic_store_n(&h->wseq, n, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void
publish(struct ipc_shm *shm, uint64_t n)
{
	struct shm_hdr *h = shm_hdr(shm);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	h->mtime_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	h->last_writer = (int32_t)(shm->pid ? shm->pid : getpid());
	shm_store(&h->seq, n);
	__atomic_store_n(&h->wake, (uint32_t)n, __ATOMIC_RELEASE);
	shm->editing = 0;
	/* A lock taken for this one call is released before waking (see
	 * ipc__shm_release); a session or a joined writer wakes now. */
	if (shm->held == SHM_HELD_NONE)
		shm->wake_due = 1;
	else
		ipc__shm_wake(shm);
}

/* Copies [lo, hi) but for [a, b) from the current buffer into the next. */
static void
catch_up(unsigned char *next, const unsigned char *cur, uint64_t lo, uint64_t hi,
    uint64_t a, uint64_t b)
{
	if (a >= b)
		a = b = hi;
	uint64_t e1 = umin(hi, a), s2 = umax(lo, b);
	if (lo < e1)
		memcpy(next + lo, cur + lo, e1 - lo);
	if (s2 < hi)
		memcpy(next + s2, cur + s2, hi - s2);
}

/*
 * One update: the next buffer catches up with the current one outside the
 * bytes this update changes (only where the last update changed it), takes
 * the new bytes, and becomes current. A full-size write copies nothing else.
 * A truncating write also zeroes what was content past its end: bytes past
 * the content length read as zero, so a later write never resurrects them.
 */
static int
update_range(struct ipc_shm *shm, size_t off, const void *data, size_t len, int flags)
{
	int e = ipc__shm_remap(shm);
	if (e < 0)
		return e;
	struct shm_hdr *h = shm_hdr(shm);
	uint64_t s = shm_load(&h->seq), n = s + 1, size, length, lo, hi;
	if ((e = ipc__shm_bufinfo(shm, (unsigned)s, &size, &length)) < 0)
		return e;
	if (off > size || len > size - off)
		return -EMSGSIZE;
	int trunc = (flags & IPC_SHM_TRUNC) != 0;
	uint64_t end = off + len, top = trunc ? umax(end, length) : end;
	stale_range(h, size, &lo, &hi);
	widen_stale(h, lo, hi, off, top);
	announce(h, n);
	unsigned char *next = ipc__shm_buf(shm, (unsigned)n);
	catch_up(next, ipc__shm_buf(shm, (unsigned)s), lo, hi, off, top);
	if (len > 0)
		memcpy(next + off, data, len);
	if (top > end)
		memset(next + end, 0, top - end);
	store_buf(h, n, size, trunc ? end : umax(length, end));
	if (trunc && off == 0)
		h->flags &= ~SHM_F_TORN;   /* nothing of an interrupted session is left */
	publish(shm, n);
	set_stale(h, off, top);
	return 0;
}

/* Takes the lock for one call unless this handle holds (or joined) it. */
static int
write_begin(struct ipc_shm *shm, int timeout_ms, int *took)
{
	*took = 0;
	if (!shm->writable)
		return -EBADF;
	if (shm->held == SHM_HELD_JOINED && !ipc__shm_session_live(shm, shm->token))
		return -ESRCH;   /* the lender let go or died: its lock is not ours */
	if (shm->held != SHM_HELD_NONE)
		return 0;
	struct ipc__deadline d;
	ipc__deadline_start(&d, timeout_ms);
	int r = ipc__shm_acquire(shm, &d, SHM_HOLD_SINGLE);
	*took = r >= 0;
	return r;
}

static int
write_end(struct ipc_shm *shm, int took, int r, int e)
{
	if (took)
		ipc__shm_release(shm);
	return e < 0 ? e : r;
}

int
ipc_shm_write(ipc_shm *shm, size_t off, const void *buf, size_t len, int flags,
    int timeout_ms)
{
	int took;
	int r = write_begin(shm, timeout_ms, &took);
	if (r < 0)
		return r;
	return write_end(shm, took, r, update_range(shm, off, buf, len, flags));
}

int
ipc_shm_edit(ipc_shm *shm, void **data)
{
	if (shm->held == SHM_HELD_NONE)
		return -EPERM;
	int took, e = write_begin(shm, 0, &took);
	if (e == 0)
		e = ipc__shm_remap(shm);
	if (e < 0)
		return e;
	struct shm_hdr *h = shm_hdr(shm);
	uint64_t s = shm_load(&h->seq), size, length, lo, hi;
	if (!shm->editing) {
		if ((e = ipc__shm_bufinfo(shm, (unsigned)s, &size, &length)) < 0)
			return e;
		stale_range(h, size, &lo, &hi);
		set_stale(h, 0, size);   /* the caller may change any byte */
		announce(h, s + 1);
		catch_up(ipc__shm_buf(shm, (unsigned)s + 1), ipc__shm_buf(shm, (unsigned)s),
		    lo, hi, 0, 0);
		shm->editing = 1;
	}
	*data = ipc__shm_buf(shm, (unsigned)s + 1);
	return 0;
}

int
ipc_shm_sync(ipc_shm *shm, size_t length)
{
	void *data;
	int e = ipc_shm_edit(shm, &data);   /* without edits: republish as is */
	if (e < 0)
		return e;
	struct shm_hdr *h = shm_hdr(shm);
	uint64_t s = shm_load(&h->seq), size, old;
	if ((e = ipc__shm_bufinfo(shm, (unsigned)s, &size, &old)) < 0)
		return e;
	if (length > size)
		return -EMSGSIZE;
	store_buf(h, s + 1, size, length);
	publish(shm, s + 1);
	set_stale(h, 0, size);
	return 0;
}

/* ---- resizing ---- */

static int
resize_in_place(struct ipc_shm *shm, uint64_t newsize)
{
	struct shm_hdr *h = shm_hdr(shm);
	uint64_t s = shm_load(&h->seq), n = s + 1, size, length, lo, hi;
	int e = ipc__shm_bufinfo(shm, (unsigned)s, &size, &length);
	if (e < 0)
		return e;
	uint64_t keep = umin(size, newsize), top = umax(size, newsize);
	stale_range(h, keep, &lo, &hi);
	widen_stale(h, lo, hi, keep, top);
	announce(h, n);
	unsigned char *next = ipc__shm_buf(shm, (unsigned)n);
	catch_up(next, ipc__shm_buf(shm, (unsigned)s), lo, hi, 0, 0);
	if (newsize > size)
		memset(next + size, 0, newsize - size);
	store_buf(h, n, newsize, umin(length, newsize));
	publish(shm, n);
	set_stale(h, keep, top);
	return 0;
}

/*
 * Past the capacity the object grows and buffer 1 moves. Buffer 0 never
 * moves, so the current content is first brought into buffer 0 (an update
 * that changes nothing), then copied to the new buffer 1 as the next update.
 */
static int
grow(struct ipc_shm *shm, uint64_t newsize)
{
	int e = 0;
	if (shm_load(&shm_hdr(shm)->seq) & 1)
		e = update_range(shm, 0, NULL, 0, 0);
	uint64_t s = shm_load(&shm_hdr(shm)->seq), n = s + 1, size = 0, length = 0;
	if (e == 0)
		e = ipc__shm_bufinfo(shm, (unsigned)s, &size, &length);
	if (e == 0)
		e = ipc__shm_enlarge(shm, (newsize + SHM_ALIGN - 1) / SHM_ALIGN * SHM_ALIGN);
	if (e < 0)
		return e;
	struct shm_hdr *h = shm_hdr(shm);
	set_stale(h, 0, newsize);
	announce(h, n);
	__atomic_store_n(&h->cap, shm->cap, __ATOMIC_RELEASE);
	unsigned char *next = ipc__shm_buf(shm, 1);
	memcpy(next, ipc__shm_buf(shm, 0), size);
	memset(next + size, 0, newsize - size);
	store_buf(h, n, newsize, length);
	publish(shm, n);
	set_stale(h, size, newsize);
	return 0;
}

int
ipc_shm_resize(ipc_shm *shm, size_t size, int timeout_ms)
{
	if (size == 0)
		return -EINVAL;
	if (size > ipc_shm_size_max())
		return -EFBIG;
	int took;
	int r = write_begin(shm, timeout_ms, &took);
	if (r < 0)
		return r;
	int e = ipc__shm_remap(shm);
	if (e == 0)
		e = size <= shm->cap ? resize_in_place(shm, size) : grow(shm, size);
	return write_end(shm, took, r, e);
}

/* ---- readers (no lock) ---- */

uint64_t
ipc_shm_seq(ipc_shm *shm)
{
	return shm_load(&shm_hdr(shm)->seq);
}

ssize_t
ipc_shm_read(ipc_shm *shm, size_t off, void *buf, size_t len, int flags, uint64_t *seq)
{
	for (unsigned tries = 0;; tries++) {
		uint64_t s = shm_load(&shm_hdr(shm)->seq), size = 0, length = 0;
		int e = ipc__shm_remap(shm);
		if (e < 0)
			return e;
		e = ipc__shm_bufinfo(shm, (unsigned)s, &size, &length);
		uint64_t end = (flags & IPC_SHM_CONTENT) ? length : size;
		size_t n = 0;
		if (e == 0 && off > size)
			e = -EINVAL;
		if (e == 0 && off < end && len > 0) {
			n = (size_t)umin(len, end - off);
			memcpy(buf, ipc__shm_buf(shm, (unsigned)s) + off, n);
		}
		int ok = ipc__shm_settled(shm, s, tries);
		if (ok < 0)
			return ok;
		if (ok) {
			if (e < 0)
				return e;
			if (seq != NULL)
				*seq = s;
			return (ssize_t)n;
		}
	}
}

int
ipc_shm_view(ipc_shm *shm, const void **data, size_t *length, uint64_t *seq)
{
	for (unsigned tries = 0;; tries++) {
		uint64_t s = shm_load(&shm_hdr(shm)->seq), size, len = 0;
		int e = ipc__shm_remap(shm);
		if (e < 0)
			return e;
		e = ipc__shm_bufinfo(shm, (unsigned)s, &size, &len);
		int ok = ipc__shm_settled(shm, s, tries);
		if (ok < 0)
			return ok;
		if (ok) {
			if (e < 0)
				return e;
			*data = ipc__shm_buf(shm, (unsigned)s);
			*length = (size_t)len;
			*seq = s;
			return 0;
		}
	}
}
