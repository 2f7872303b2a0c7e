/* loop_epoll.c: the event loop on epoll(7), level-triggered. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loop.h"

struct loop {
	int ep;
};

static unsigned
to_epoll(int events)
{
	return (events & LOOP_IN ? EPOLLIN : 0u) | (events & LOOP_OUT ? EPOLLOUT : 0u);
}

int
loop_new(struct loop **lp)
{
	struct loop *l = malloc(sizeof *l);
	if (l == NULL)
		return -ENOMEM;
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	if (l->ep < 0) {
		int e = -errno;
		free(l);
		return e;
	}
	*lp = l;
	return 0;
}

void
loop_free(struct loop *l)
{
	if (l != NULL) {
		close(l->ep);
		free(l);
	}
}

static int
ctl(struct loop *l, int op, int fd, void *ptr, int events)
{
	struct epoll_event ev = { .events = to_epoll(events), .data.ptr = ptr };
	return epoll_ctl(l->ep, op, fd, &ev) < 0 ? -errno : 0;
}

int
loop_add(struct loop *l, int fd, void *ptr, int events)
{
	return ctl(l, EPOLL_CTL_ADD, fd, ptr, events);
}

int
loop_mod(struct loop *l, int fd, void *ptr, int events)
{
	return ctl(l, EPOLL_CTL_MOD, fd, ptr, events);
}

int
loop_del(struct loop *l, int fd)
{
	return ctl(l, EPOLL_CTL_DEL, fd, NULL, 0);
}

int
loop_wait(struct loop *l, struct loop_event *ev, int max, int timeout_ms)
{
	struct epoll_event e[64];
	if (max > 64)
		max = 64;
	int n = epoll_wait(l->ep, e, max, timeout_ms);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		ev[i].ptr = e[i].data.ptr;
		ev[i].events = (e[i].events & EPOLLIN ? LOOP_IN : 0) |
		    (e[i].events & EPOLLOUT ? LOOP_OUT : 0) |
		    (e[i].events & (EPOLLERR | EPOLLHUP) ? LOOP_ERR : 0);
	}
	return n;
}

const char *
loop_backend(void)
{
	return "epoll";
}
