/* loop_poll.c: the event loop on poll(2), the portable backend. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"

/* A dense pollfd array (what poll wants) and, per slot, the caller's
 * pointer; slot_of maps a descriptor to its slot for mod and del. */
struct loop {
	struct pollfd *pfd;
	void **ptr;
	int n, cap;
	int *slot_of;
	int nslot;
	int rr;   /* where the next scan starts, so no descriptor starves */
};

int
loop_new(struct loop **lp)
{
	struct loop *l = calloc(1, sizeof *l);
	if (l == NULL)
		return -ENOMEM;
	*lp = l;
	return 0;
}

void
loop_free(struct loop *l)
{
	if (l != NULL) {
		free(l->pfd);
		free(l->ptr);
		free(l->slot_of);
		free(l);
	}
}

static short
to_poll(int events)
{
	return (short)((events & LOOP_IN ? POLLIN : 0) | (events & LOOP_OUT ? POLLOUT : 0));
}

static int
grow(struct loop *l, int fd)
{
	if (fd >= l->nslot) {
		int n = l->nslot ? l->nslot : 64;
		while (n <= fd)
			n *= 2;
		int *s = realloc(l->slot_of, (size_t)n * sizeof *s);
		if (s == NULL)
			return -ENOMEM;
		for (int i = l->nslot; i < n; i++)
			s[i] = -1;
		l->slot_of = s;
		l->nslot = n;
	}
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		struct pollfd *p = realloc(l->pfd, (size_t)cap * sizeof *p);
		if (p == NULL)
			return -ENOMEM;
		l->pfd = p;
		void **q = realloc(l->ptr, (size_t)cap * sizeof *q);
		if (q == NULL)
			return -ENOMEM;
		l->ptr = q;
		l->cap = cap;
	}
	return 0;
}

int
loop_add(struct loop *l, int fd, void *ptr, int events)
{
	if (fd < 0)
		return -EBADF;
	int e = grow(l, fd);
	if (e < 0)
		return e;
	if (l->slot_of[fd] >= 0)
		return -EEXIST;
	l->pfd[l->n] = (struct pollfd){ .fd = fd, .events = to_poll(events) };
	l->ptr[l->n] = ptr;
	l->slot_of[fd] = l->n++;
	return 0;
}

int
loop_mod(struct loop *l, int fd, void *ptr, int events)
{
	if (fd < 0 || fd >= l->nslot || l->slot_of[fd] < 0)
		return -ENOENT;
	int s = l->slot_of[fd];
	l->pfd[s].events = to_poll(events);
	l->ptr[s] = ptr;
	return 0;
}

int
loop_del(struct loop *l, int fd)
{
	if (fd < 0 || fd >= l->nslot || l->slot_of[fd] < 0)
		return -ENOENT;
	int s = l->slot_of[fd], last = --l->n;
	l->pfd[s] = l->pfd[last];
	l->ptr[s] = l->ptr[last];
	l->slot_of[l->pfd[s].fd] = s;
	l->slot_of[fd] = -1;
	return 0;
}

int
loop_wait(struct loop *l, struct loop_event *ev, int max, int timeout_ms)
{
	int n = poll(l->pfd, (nfds_t)l->n, timeout_ms);
	if (n <= 0)
		return n < 0 ? -errno : 0;
	int got = 0;
	for (int k = 0; k < l->n && got < max; k++) {
		int i = (l->rr + k) % l->n;
		short r = l->pfd[i].revents;
		if (r == 0)
			continue;
		ev[got].ptr = l->ptr[i];
		ev[got].events = (r & POLLIN ? LOOP_IN : 0) | (r & POLLOUT ? LOOP_OUT : 0) |
		    (r & (POLLERR | POLLHUP | POLLNVAL) ? LOOP_ERR : 0);
		got++;
	}
	l->rr = l->n ? (l->rr + 1) % l->n : 0;
	return got;
}

const char *
loop_backend(void)
{
	return "poll";
}
