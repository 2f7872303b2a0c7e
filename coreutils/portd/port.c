/* port.c: the port table: names, rights, queued messages and their acknowledgement. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "portd.h"

static unsigned
name_hash(const char *s)
{
	unsigned h = 2166136261u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int
ports_init(struct broker *b)
{
	b->buckets = 256;
	b->by_id = calloc(b->buckets, sizeof *b->by_id);
	b->by_name = calloc(b->buckets, sizeof *b->by_name);
	return b->by_id && b->by_name ? 0 : -ENOMEM;
}

static void
link_port(struct broker *b, struct port *p)
{
	unsigned i = p->id % b->buckets;
	p->next_id = b->by_id[i];
	b->by_id[i] = p;
	if (p->name != NULL) {
		i = name_hash(p->name) % b->buckets;
		p->next_name = b->by_name[i];
		b->by_name[i] = p;
	}
}

/* Doubles the tables once ports outnumber buckets twice over. */
static void
rehash(struct broker *b)
{
	unsigned old = b->buckets, n = old * 2;
	struct port **ids = calloc(n, sizeof *ids), **names = calloc(n, sizeof *names);
	if (ids == NULL || names == NULL) {
		free(ids);
		free(names);
		return;   /* longer chains, still correct */
	}
	struct port **old_ids = b->by_id;
	free(b->by_name);
	b->by_id = ids;
	b->by_name = names;
	b->buckets = n;
	for (unsigned i = 0; i < old; i++)
		for (struct port *p = old_ids[i], *next; p; p = next) {
			next = p->next_id;
			link_port(b, p);
		}
	free(old_ids);
}

struct port *
port_by_id(struct broker *b, uint32_t id)
{
	struct port *p = b->by_id[id % b->buckets];
	while (p && p->id != id)
		p = p->next_id;
	return p;
}

struct port *
port_by_name(struct broker *b, const char *name)
{
	struct port *p = b->by_name[name_hash(name) % b->buckets];
	while (p && strcmp(p->name, name) != 0)
		p = p->next_name;
	return p;
}

int
port_new(struct broker *b, struct client *c, const char *name, int public,
    struct port **out)
{
	struct port *p = calloc(1, sizeof *p);
	if (p == NULL || (name && (p->name = strdup(name)) == NULL)) {
		free(p);
		return -ENOMEM;
	}
	do
		p->id = ++b->next_port;
	while (p->id == 0 || port_by_id(b, p->id) != NULL);
	p->owner = c->uid;
	p->public = public;
	p->creator = c->id;
	if (++b->nports > 2 * b->buckets)
		rehash(b);
	link_port(b, p);
	c->nports++;
	*out = p;
	return 0;
}

static void
unlink_port(struct broker *b, struct port *p)
{
	struct port **pp = &b->by_id[p->id % b->buckets];
	while (*pp != p)
		pp = &(*pp)->next_id;
	*pp = p->next_id;
	if (p->name != NULL) {
		pp = &b->by_name[name_hash(p->name) % b->buckets];
		while (*pp != p)
			pp = &(*pp)->next_name;
		*pp = p->next_name;
	}
	b->nports--;
}

#define BLOB_MIN_WEIGHT (1u << 20)

size_t
frame_weight(const uint8_t *frame)
{
	size_t size = (size_t)ipc__le32(frame) + 4;
	uint16_t flags = (uint16_t)(ipc__le32(frame + 4) >> 16);
	if (!(flags & IPC__F_BLOB) || size != IPC__WIRE_MIN + 8)
		return size;
	uint64_t len = ipc__le64(frame + IPC__WIRE_HDR);
	return size + (len < BLOB_MIN_WEIGHT ? BLOB_MIN_WEIGHT : (size_t)len);
}

/* Takes a frame out of the books: the port's weight, the global counters
 * and its sender's quota. */
static void
account_out(struct broker *b, struct port *p, const uint8_t *frame)
{
	size_t w = frame_weight(frame);
	struct client *s = client_get(b, ipc__le32(frame + 32));
	if (s != NULL)
		s->queued = s->queued > w ? s->queued - w : 0;
	p->weight -= w;
	b->queued_msgs--;
	b->queued_bytes -= w;
}

void
port_destroy(struct broker *b, struct port *p)
{
	if (p->receiver != NULL) {
		struct ipc__frame n = { .kind = IPC__K_CLOSED_PORT, .src = p->id };
		client_reply(b, p->receiver, &n, NULL, 0, -1);
		client_del_recv(p->receiver, p);
	}
	for (size_t at = p->q.head; at < p->q.len; at += (size_t)ipc__le32(p->q.buf + at) + 4)
		account_out(b, p, p->q.buf + at);
	ring_free_all(b, p);
	struct client *creator = client_get(b, p->creator);
	if (creator != NULL && creator->nports > 0)
		creator->nports--;
	unlink_port(b, p);
	queue_free(&p->q);
	free(p->caps);
	free(p->name);
	free(p);
	b->resume = 1;   /* senders waiting on it now get their error */
}

void
ports_free(struct broker *b)
{
	for (unsigned i = 0; b->by_id && i < b->buckets; i++)
		while (b->by_id[i] != NULL)
			port_destroy(b, b->by_id[i]);
	free(b->by_id);
	free(b->by_name);
	b->by_id = b->by_name = NULL;
}

/* ---- rights ---- */

int
port_rights(const struct broker *b, const struct client *c, const struct port *p)
{
	int all = IPC__R_SEND | IPC__R_RECV | IPC__R_MANAGE;
	if (c->uid == p->owner || (b->system && c->uid == 0))
		return all;
	int r = p->public ? IPC__R_SEND : 0;
	for (unsigned i = 0; i < p->nacl; i++) {
		const struct acl *a = &p->acl[i];
		if ((a->who == IPC__W_UID && a->id == c->uid) ||
		    (a->who == IPC__W_GID && client_in_group(c, a->id)))
			r |= a->rights;
	}
	return r;
}

static int
has_cap(const struct port *holder, uint32_t id)
{
	for (unsigned i = 0; i < holder->ncaps; i++)
		if (holder->caps[i] == id)
			return 1;
	return 0;
}

/* A send right comes from the owner, the ACL or publicity, from holding the
 * receive right, or from a message received on a port c holds (a capability). */
int
port_can_send(struct broker *b, const struct client *c, const struct port *p)
{
	if (p->receiver == c || (port_rights(b, c, p) & IPC__R_SEND))
		return 1;
	for (unsigned i = 0; i < c->nrecv; i++)
		if (has_cap(c->recv[i], p->id))
			return 1;
	return 0;
}

/* Remembers that p's receiver may send to id. Dead ports are pruned before
 * the list grows, so a service answering many callers stays small. */
int
port_add_cap(struct broker *b, struct port *p, uint32_t id)
{
	if (has_cap(p, id))
		return 0;
	if (p->ncaps == p->capcap) {
		unsigned keep = 0;
		for (unsigned i = 0; i < p->ncaps; i++)
			if (port_by_id(b, p->caps[i]) != NULL)
				p->caps[keep++] = p->caps[i];
		p->ncaps = keep;
	}
	if (p->ncaps == p->capcap) {
		unsigned cap = p->capcap ? p->capcap * 2 : 8;
		uint32_t *c = realloc(p->caps, cap * sizeof *c);
		if (c == NULL)
			return -ENOMEM;
		p->caps = c;
		p->capcap = cap;
	}
	p->caps[p->ncaps++] = id;
	return 0;
}

static struct acl *
acl_find(struct port *p, uint8_t who, uint32_t id)
{
	for (unsigned i = 0; i < p->nacl; i++)
		if (p->acl[i].who == who && p->acl[i].id == id)
			return &p->acl[i];
	return NULL;
}

int
port_grant(struct broker *b, struct port *p, const struct ipc__grant *g, int revoke)
{
	struct acl *a = acl_find(p, g->who, g->id);
	if (revoke) {
		if (a == NULL)
			return 0;
		a->rights &= (uint8_t)~g->rights;
		if (a->rights == 0)
			*a = p->acl[--p->nacl];
		/* A receiver that lost its right stops receiving now. */
		if (p->receiver && !(port_rights(b, p->receiver, p) & IPC__R_RECV)) {
			struct ipc__frame n = { .kind = IPC__K_CLOSED_PORT, .src = p->id };
			client_reply(b, p->receiver, &n, NULL, 0, -1);
			client_del_recv(p->receiver, p);
		}
		return 0;
	}
	if (a == NULL) {
		if (p->nacl == IPC__ACL_MAX)
			return -ENOSPC;
		a = &p->acl[p->nacl++];
		*a = (struct acl){ .who = g->who, .id = g->id };
	}
	a->rights |= g->rights;
	return 0;
}

unsigned
ports_owned_by(struct broker *b, uid_t uid)
{
	unsigned n = 0;
	for (unsigned i = 0; i < b->buckets; i++)
		for (struct port *p = b->by_id[i]; p; p = p->next_id)
			n += p->name != NULL && p->owner == uid;
	return n;
}

static int
by_id(const void *x, const void *y)
{
	uint32_t a = (*(struct port *const *)x)->id, c = (*(struct port *const *)y)->id;
	return a < c ? -1 : a > c;
}

int
ports_each(struct broker *b, uint32_t first,
    int (*fn)(struct broker *, struct port *, void *), void *arg)
{
	struct port **all = malloc((b->nports + 1) * sizeof *all);
	if (all == NULL)
		return -ENOMEM;
	unsigned n = 0;
	for (unsigned i = 0; i < b->buckets; i++)
		for (struct port *p = b->by_id[i]; p; p = p->next_id)
			if (p->id >= first)
				all[n++] = p;
	qsort(all, n, sizeof *all, by_id);
	int r = 0;
	for (unsigned i = 0; i < n && r == 0; i++)
		r = fn(b, all[i], arg);
	free(all);
	return r;
}

/* ---- messages ---- */

int
port_full(const struct broker *b, const struct port *p)
{
	return p->weight >= b->lim.port_bytes;
}

int
port_enqueue(struct broker *b, struct port *p, const uint8_t *frame, size_t size,
    int fd)
{
	int e = queue_push(&p->q, frame, size, fd);
	if (e < 0)
		return e;
	size_t w = frame_weight(frame);
	p->weight += w;
	b->queued_msgs++;
	b->queued_bytes += w;
	if (p->receiver != NULL)
		client_mark_dirty(b, p->receiver);
	return 0;
}

int
port_write(struct broker *b, struct port *p)
{
	int partial;
	int r = queue_write(&p->q, p->receiver->fd, 1, &partial);
	if (partial)
		p->receiver->cur = p;
	return r;
}

/* Releases ring space in batches: one notice per ring per acknowledgement. */
struct releases {
	struct ring *ring[4];
	uint64_t upto[4];
	unsigned n;
};

static void
release_flush(struct broker *b, struct releases *rel)
{
	for (unsigned i = 0; i < rel->n; i++)
		ring_release(b, rel->ring[i], rel->upto[i]);
	for (unsigned i = 0; i < rel->n; i++)
		ring_unref(b, rel->ring[i]);
	rel->n = 0;
}

static void
release_note(struct broker *b, struct releases *rel, struct port *p, const uint8_t *frame)
{
	struct ipc__frame f = { .payload = frame + IPC__WIRE_HDR,
	    .len = ipc__le32(frame) + 4 - IPC__WIRE_MIN };
	struct ipc__ringref ref;
	if (ipc__ringref_decode(&f, &ref) < 0)
		return;
	struct ring *r = ring_find(p, ref.ring);
	if (r == NULL)
		return;
	for (unsigned i = 0; i < rel->n; i++)
		if (rel->ring[i] == r) {
			/* Unref the earlier one now; keep one reference per slot. */
			rel->upto[i] = ref.end;
			ring_unref(b, r);
			return;
		}
	if (rel->n == 4)
		release_flush(b, rel);
	rel->ring[rel->n] = r;
	rel->upto[rel->n++] = ref.end;
}

/* The receiver consumed n messages: drop them, return ring space, let
 * waiting senders go on. More than was written is a protocol violation. */
int
port_ack(struct broker *b, struct client *c, struct port *p, uint32_t n)
{
	struct releases rel = { .n = 0 };
	int err = 0;
	for (; n > 0; n--) {
		const uint8_t *f = queue_first_sent(&p->q);
		if (f == NULL) {
			err = -EPROTO;
			break;
		}
		uint16_t flags = (uint16_t)(ipc__le32(f + 4) >> 16);
		if (flags & IPC__F_RING)
			release_note(b, &rel, p, f);
		account_out(b, p, f);
		queue_pop(&p->q);
	}
	release_flush(b, &rel);
	b->resume = 1;
	(void)c;
	return err;
}

void
port_unsend(struct port *p)
{
	queue_unsend(&p->q);
}
