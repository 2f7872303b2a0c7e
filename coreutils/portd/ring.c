/* ring.c: shared-memory rings portd sets up between a sender and a port's receiver. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "portd.h"

/*
 * portd never maps a ring: it checks the rights, checks that the memfd can
 * neither shrink nor grow (so a receiver's mapping can never fault), passes
 * the descriptor to the receiver, and relays the receiver's acknowledgements
 * back to the sender as released positions. The bytes go from sender to
 * receiver without passing through here.
 */
#ifdef F_GET_SEALS
static int
sealed_size(int fd, uint64_t size)
{
	struct stat st;
	int seals = fcntl(fd, F_GET_SEALS);
	if (seals < 0 || fstat(fd, &st) < 0)
		return -EINVAL;
	if ((seals & (F_SEAL_SHRINK | F_SEAL_GROW)) != (F_SEAL_SHRINK | F_SEAL_GROW) ||
	    !S_ISREG(st.st_mode) || (uint64_t)st.st_size != size)
		return -EINVAL;
	return 0;
}

int
blob_check(int fd, uint64_t len)
{
	struct stat st;
	int want = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;
	int seals = fcntl(fd, F_GET_SEALS);
	if (seals < 0 || fstat(fd, &st) < 0 || (seals & want) != want ||
	    !S_ISREG(st.st_mode) || (uint64_t)st.st_size < len)
		return -EINVAL;
	return 0;
}
#else
/* No seals: a ring or blob could be truncated under its reader. */
static int
sealed_size(int fd, uint64_t size)
{
	(void)fd;
	(void)size;
	return -EOPNOTSUPP;
}

int
blob_check(int fd, uint64_t len)
{
	(void)fd;
	(void)len;
	return -EOPNOTSUPP;
}
#endif

int
ring_attach(struct broker *b, struct client *c, struct port *p, int fd,
    uint64_t size, uint32_t *id)
{
	if (c->nrings >= b->lim.client_rings)
		return -EDQUOT;
	if (size < 4096 || size > b->lim.ring_max)
		return -EINVAL;
	int e = sealed_size(fd, size);
	if (e < 0)
		return e;
	struct ring *r = calloc(1, sizeof *r);
	if (r == NULL)
		return -ENOMEM;
	r->id = ++b->next_ring ? b->next_ring : ++b->next_ring;
	r->owner = c->id;
	r->port = p;
	r->fd = fd;
	r->size = size;
	r->next = p->rings;
	p->rings = r;
	c->nrings++;
	*id = r->id;
	if (p->receiver != NULL)
		ring_announce(b, p->receiver, r);
	return 0;
}

int
ring_announce(struct broker *b, struct client *to, const struct ring *r)
{
	struct client *owner = client_get(b, r->owner);
	struct ipc__frame f = { .kind = IPC__K_ATTACH, .flags = IPC__F_FD,
	    .src = r->id, .dst = r->port->id,
	    .uid = owner ? owner->uid : 0, .gid = owner ? owner->gid : 0,
	    .pid = owner ? (uint32_t)owner->pid : 0, .cookie = 0 };
	uint8_t size[8];
	ipc__u64_encode(size, r->size);
	int fd = fcntl(r->fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	return client_reply(b, to, &f, size, sizeof size, fd);
}

struct ring *
ring_find(struct port *p, uint32_t id)
{
	struct ring *r = p->rings;
	while (r && r->id != id)
		r = r->next;
	return r;
}

int
ring_check(const struct ring *r, const struct ipc__ringref *ref)
{
	if (ref->len == 0 || ref->len > r->size || ref->off > r->size - ref->len)
		return -EINVAL;
	return 0;
}

void
ring_release(struct broker *b, struct ring *r, uint64_t upto)
{
	struct client *owner = client_get(b, r->owner);
	if (owner == NULL)
		return;
	struct ipc__frame f = { .kind = IPC__K_ACK, .src = r->id, .dst = r->port->id };
	uint8_t pos[8];
	ipc__u64_encode(pos, upto);
	client_reply(b, owner, &f, pos, sizeof pos, -1);
}

static void
ring_free(struct broker *b, struct ring *r)
{
	struct port *p = r->port;
	struct ring **rp = &p->rings;
	while (*rp != r)
		rp = &(*rp)->next;
	*rp = r->next;
	struct ipc__frame f = { .kind = IPC__K_ATTACH, .flags = IPC__F_DETACH,
	    .src = r->id, .dst = p->id };
	if (p->receiver != NULL)
		client_reply(b, p->receiver, &f, NULL, 0, -1);
	struct client *owner = client_get(b, r->owner);
	if (owner != NULL) {
		client_reply(b, owner, &f, NULL, 0, -1);
		owner->nrings--;
	}
	close(r->fd);
	free(r);
}

void
ring_unref(struct broker *b, struct ring *r)
{
	if (r->refs > 0)
		r->refs--;
	if (r->orphan && r->refs == 0)
		ring_free(b, r);
}

static int
orphan_of(struct broker *b, struct port *p, void *arg)
{
	uint32_t owner = *(uint32_t *)arg;
	for (struct ring *r = p->rings, *next; r; r = next) {
		next = r->next;
		if (r->owner == owner) {
			r->orphan = 1;
			if (r->refs == 0)
				ring_free(b, r);
		}
	}
	return 0;
}

/* The sender left: its rings live on while queued messages point into them. */
void
ring_orphan_all(struct broker *b, struct client *c)
{
	if (c->nrings > 0)
		ports_each(b, 0, orphan_of, &c->id);
}

void
ring_free_all(struct broker *b, struct port *p)
{
	while (p->rings != NULL)
		ring_free(b, p->rings);
}
