/* queue.c: frames waiting to be written to one reader, with their descriptors. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "portd.h"
#include "sys.h"

static size_t
frame_size(const uint8_t *f)
{
	return (size_t)ipc__le32(f) + 4;
}

static int
frame_has_fd(const uint8_t *f)
{
	return (ipc__le32(f + 4) >> 16 & IPC__F_FD) != 0;
}

/* Moves the live bytes to the front when that frees enough, else grows. */
uint8_t *
queue_reserve(struct queue *q, size_t size)
{
	if (q->head > 0 && q->cap - q->len < size && q->head >= q->len / 2) {
		memmove(q->buf, q->buf + q->head, q->len - q->head);
		q->sent -= q->head;
		q->range_end -= q->head;
		q->len -= q->head;
		q->head = 0;
	}
	uint8_t *b = ipc__grow(q->buf, &q->cap, q->len, size);
	if (b == NULL)
		return NULL;
	q->buf = b;
	return b + q->len;
}

static int
push_fd(struct queue *q, int fd)
{
	if (q->fd_head > 0 && q->fd_len == q->fd_cap) {
		unsigned n = q->fd_len - q->fd_head;
		memmove(q->fds, q->fds + q->fd_head, n * sizeof *q->fds);
		q->fd_sent -= q->fd_head;
		q->fd_len = n;
		q->fd_head = 0;
	}
	if (q->fd_len == q->fd_cap) {
		unsigned cap = q->fd_cap ? q->fd_cap * 2 : 8;
		int *f = realloc(q->fds, cap * sizeof *f);
		if (f == NULL)
			return -ENOMEM;
		q->fds = f;
		q->fd_cap = cap;
	}
	q->fds[q->fd_len++] = fd;
	return 0;
}

int
queue_commit(struct queue *q, size_t size, int fd)
{
	if (fd >= 0 && push_fd(q, fd) < 0)
		return -ENOMEM;
	q->len += size;
	q->msgs++;
	return 0;
}

int
queue_push(struct queue *q, const uint8_t *frame, size_t size, int fd)
{
	uint8_t *at = queue_reserve(q, size);
	if (at == NULL)
		return -ENOMEM;
	memcpy(at, frame, size);
	return queue_commit(q, size, fd);
}

/* The next range to write: up to the next frame that carries a descriptor,
 * which must start a sendmsg of its own so the descriptor rides with it.
 * Without such frames pending, everything at once. */
static void
next_range(struct queue *q)
{
	q->range_fd = 0;
	if (q->fd_sent == q->fd_len) {
		q->range_end = q->len;
		return;
	}
	size_t at = q->sent;
	if (frame_has_fd(q->buf + at)) {
		q->range_fd = 1;
		at += frame_size(q->buf + at);
	}
	while (at < q->len && !frame_has_fd(q->buf + at))
		at += frame_size(q->buf + at);
	q->range_end = at;
}

/* Replies are not kept once written: drop whole frames up to sent. */
static void
drop_written(struct queue *q)
{
	while (q->head < q->sent && q->head + frame_size(q->buf + q->head) <= q->sent)
		queue_pop(q);
}

int
queue_write(struct queue *q, int sock, int keep, int *partial)
{
	*partial = 0;
	while (q->sent < q->len) {
		if (q->sent == q->range_end)
			next_range(q);
		int fd = q->range_fd ? q->fds[q->fd_sent] : -1;
		ssize_t n = ipc__send_fd(sock, q->buf + q->sent, q->range_end - q->sent, fd);
		if (n == -EAGAIN)
			break;
		if (n < 0)
			return (int)n;
		if (q->range_fd) {
			q->fd_sent++;
			q->range_fd = 0;
		}
		q->sent += (size_t)n;
		if (!keep)
			drop_written(q);
		if (q->sent < q->range_end) {
			*partial = 1;
			return 0;
		}
	}
	if (!keep)
		drop_written(q);
	return q->sent == q->len;
}

const uint8_t *
queue_first_sent(const struct queue *q)
{
	if (q->head >= q->sent || q->head + frame_size(q->buf + q->head) > q->sent)
		return NULL;
	return q->buf + q->head;
}

void
queue_pop(struct queue *q)
{
	const uint8_t *f = q->buf + q->head;
	if (frame_has_fd(f) && q->fd_head < q->fd_len) {
		close(q->fds[q->fd_head++]);
		if (q->fd_sent < q->fd_head)
			q->fd_sent = q->fd_head;
	}
	q->head += frame_size(f);
	q->msgs--;
	if (q->head == q->len) {
		q->head = q->sent = q->len = q->range_end = 0;
		q->fd_head = q->fd_sent = q->fd_len = 0;
	}
}

void
queue_unsend(struct queue *q)
{
	q->sent = q->range_end = q->head;
	q->range_fd = 0;
	q->fd_sent = q->fd_head;
}

size_t
queue_bytes(const struct queue *q)
{
	return q->len - q->head;
}

void
queue_free(struct queue *q)
{
	for (unsigned i = q->fd_head; i < q->fd_len; i++)
		close(q->fds[i]);
	free(q->fds);
	free(q->buf);
	memset(q, 0, sizeof *q);
}
