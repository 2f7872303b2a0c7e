/* port_io.c: socket reads that collect descriptors, sends that carry one. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "port_io.h"
#include "sys.h"

int
ipc__rbuf_reserve(struct ipc__rbuf *rb, size_t need)
{
	if (rb->start > 0 && (rb->start == rb->len || rb->cap - rb->len < need)) {
		memmove(rb->buf, rb->buf + rb->start, rb->len - rb->start);
		rb->len -= rb->start;
		rb->start = 0;
	}
	uint8_t *b = ipc__grow(rb->buf, &rb->cap, rb->len, need);
	if (b == NULL)
		return -ENOMEM;
	rb->buf = b;
	return 0;
}

/* Keeps the descriptors a message carried, in order; closes any beyond
 * the FIFO's room and reports the peer. */
static int
keep_fds(struct ipc__rbuf *rb, struct msghdr *mh)
{
	int bad = (mh->msg_flags & MSG_CTRUNC) != 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(c) + i * sizeof fd, sizeof fd);
			if (rb->nfds < IPC__FDS_MAX)
				rb->fds[rb->nfds++] = fd;
			else {
				close(fd);
				bad = 1;
			}
		}
	}
	return bad ? -EPROTO : 0;
}

ssize_t
ipc__rbuf_recv(struct ipc__rbuf *rb, int sock)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int) * IPC__FDS_MAX)];
	} ctl;
	struct iovec iov = { rb->buf + rb->len, rb->cap - rb->len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
	ssize_t n;
	do
		n = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	int e = mh.msg_controllen > 0 || (mh.msg_flags & MSG_CTRUNC) ? keep_fds(rb, &mh) : 0;
	rb->len += (size_t)n;
	return e < 0 ? e : n;
}

int
ipc__rbuf_take_fd(struct ipc__rbuf *rb)
{
	if (rb->nfds == 0)
		return -EPROTO;
	int fd = rb->fds[0];
	memmove(rb->fds, rb->fds + 1, --rb->nfds * sizeof *rb->fds);
	return fd;
}

void
ipc__rbuf_shrink(struct ipc__rbuf *rb, size_t keep)
{
	if (rb->start != rb->len || rb->cap <= keep)
		return;
	uint8_t *b = realloc(rb->buf, keep);
	if (b == NULL)
		return;
	rb->buf = b;
	rb->cap = keep;
	rb->start = rb->len = 0;
}

void
ipc__rbuf_free(struct ipc__rbuf *rb)
{
	while (rb->nfds > 0)
		close(rb->fds[--rb->nfds]);
	free(rb->buf);
	memset(rb, 0, sizeof *rb);
}

ssize_t
ipc__send_fd(int sock, const void *buf, size_t len, int fd)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { (void *)buf, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (fd >= 0) {
		memset(&ctl, 0, sizeof ctl);   /* the padding after the fd goes out too */
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof ctl.buf;
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	ssize_t n;
	do
		n = sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return n;
}
