/* port_wire.c: encode and decode port frames; trust no length until checked. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "crc32c.h"
#include "ipc/core.h"
#include "port_wire.h"

long
ipc__wire_decode(const void *buf, size_t avail, size_t max,
    struct ipc__frame *f)
{
	const uint8_t *b = buf;
	if (avail < 4)
		return 0;
	uint64_t total = (uint64_t)ipc__le32(b) + 4;
	if (max > IPC__WIRE_MAX)
		max = IPC__WIRE_MAX;
	/* Judge the length before waiting for the bytes it promises: a huge
	 * length must not make a peer buffer gigabytes first. */
	if (total < IPC__WIRE_MIN || total > max)
		return -EMSGSIZE;
	if (avail < total)
		return 0;
	if (b[4] != IPC__WIRE_VERSION || b[5] == 0 || b[5] >= IPC__K_END)
		return -EBADMSG;
	uint32_t len = (uint32_t)(total - IPC__WIRE_MIN);
	uint32_t crc = ipc__crc32c(IPC__CRC32C_INIT, b + IPC__WIRE_HDR, len);
	uint32_t want = ipc__crc32c_final(ipc__crc32c(crc, b + 4, IPC__WIRE_HDR - 4));
	if (want != ipc__le32(b + IPC__WIRE_HDR + len))
		return -EBADMSG;
	f->kind = b[5];
	f->flags = (uint16_t)(b[6] | b[7] << 8);
	f->src = ipc__le32(b + 8);
	f->dst = ipc__le32(b + 12);
	f->type = ipc__le32(b + 16);
	f->uid = ipc__le32(b + 20);
	f->gid = ipc__le32(b + 24);
	f->pid = ipc__le32(b + 28);
	f->cookie = ipc__le32(b + 32);
	f->payload = b + IPC__WIRE_HDR;
	f->len = len;
	f->crc = crc;
	return (long)total;
}

void
ipc__wire_header(void *out, const struct ipc__frame *f, uint32_t len)
{
	uint8_t *b = out;
	ipc__put32(b, IPC__WIRE_HDR - 4 + len + IPC__WIRE_TRAILER);
	b[4] = IPC__WIRE_VERSION;
	b[5] = f->kind;
	b[6] = (uint8_t)f->flags;
	b[7] = (uint8_t)(f->flags >> 8);
	ipc__put32(b + 8, f->src);
	ipc__put32(b + 12, f->dst);
	ipc__put32(b + 16, f->type);
	ipc__put32(b + 20, f->uid);
	ipc__put32(b + 24, f->gid);
	ipc__put32(b + 28, f->pid);
	ipc__put32(b + 32, f->cookie);
}

static void
seal_from(uint8_t *b, uint32_t len, uint32_t payload_crc)
{
	uint32_t crc = ipc__crc32c(payload_crc, b + 4, IPC__WIRE_HDR - 4);
	ipc__put32(b + IPC__WIRE_HDR + len, ipc__crc32c_final(crc));
}

size_t
ipc__wire_seal(void *buf)
{
	uint8_t *b = buf;
	uint32_t len = ipc__le32(b) + 4 - IPC__WIRE_MIN;
	seal_from(b, len, ipc__crc32c(IPC__CRC32C_INIT, b + IPC__WIRE_HDR, len));
	return ipc__wire_size(len);
}

size_t
ipc__wire_encode(void *out, const struct ipc__frame *f, const void *payload,
    uint32_t len)
{
	uint8_t *b = out;
	ipc__wire_header(b, f, len);
	if (len > 0)
		memcpy(b + IPC__WIRE_HDR, payload, len);
	return ipc__wire_seal(b);
}

void
ipc__wire_restamp(void *buf, const struct ipc__frame *f)
{
	ipc__wire_header(buf, f, f->len);
	seal_from(buf, f->len, f->crc);
}

/* ---- payloads ---- */

static int
node_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

char *
ipc__wire_split_node(char *name)
{
	char *at = strchr(name, '@');
	if (at == NULL)
		return NULL;
	*at = '\0';
	return at + 1;
}

/* A name travels without its optional leading '/' and without a NUL. */
int
ipc__wire_name(const struct ipc__frame *f, char *out)
{
	if (f->len > IPC__WIRE_NAME_MAX)
		return -EINVAL;
	memcpy(out, f->payload, f->len);
	out[f->len] = '\0';
	if (f->len == 0)
		return 0;
	if (memchr(out, '\0', f->len) != NULL)
		return -EINVAL;
	char *at = strchr(out, '@');
	size_t namelen = at ? (size_t)(at - out) : f->len;
	if (at != NULL) {
		const char *node = at + 1;
		size_t n = strlen(node);
		if (n == 0 || n > IPC__NODE_MAX || node[0] == '.' || node[0] == '-')
			return -EINVAL;
		for (size_t i = 0; i < n; i++)
			if (!node_char_ok((unsigned char)node[i]))
				return -EINVAL;
		*at = '\0';
	}
	int r = out[0] == '/' ? -EINVAL : ipc_name_check(out);
	if (at != NULL)
		*at = '@';
	return r < 0 || (size_t)r != namelen ? -EINVAL : (int)f->len;
}

int
ipc__grant_decode(const struct ipc__frame *f, struct ipc__grant *g)
{
	if (f->len < IPC__GRANT_FIXED)
		return -EBADMSG;
	const uint8_t *p = f->payload;
	g->rights = p[0];
	g->who = p[1];
	g->id = ipc__le32(p + 4);
	if (p[2] != 0 || p[3] != 0 || g->rights == 0 ||
	    (g->rights & ~(IPC__R_SEND | IPC__R_RECV | IPC__R_MANAGE)) != 0 ||
	    (g->who != IPC__W_UID && g->who != IPC__W_GID))
		return -EINVAL;
	struct ipc__frame name = *f;
	name.payload = p + IPC__GRANT_FIXED;
	name.len = f->len - IPC__GRANT_FIXED;
	int r = ipc__wire_name(&name, g->name);
	return r <= 0 ? -EINVAL : 0;
}

uint32_t
ipc__grant_encode(void *out, const struct ipc__grant *g)
{
	uint8_t *p = out;
	size_t n = strlen(g->name);
	p[0] = g->rights;
	p[1] = g->who;
	p[2] = p[3] = 0;
	ipc__put32(p + 4, g->id);
	memcpy(p + IPC__GRANT_FIXED, g->name, n);
	return (uint32_t)(IPC__GRANT_FIXED + n);
}

int
ipc__ringref_decode(const struct ipc__frame *f, struct ipc__ringref *r)
{
	if (f->len != IPC__RINGREF_SIZE)
		return -EBADMSG;
	r->ring = ipc__le32(f->payload);
	r->off = ipc__le32(f->payload + 4);
	r->end = ipc__le64(f->payload + 8);
	r->len = ipc__le64(f->payload + 16);
	return 0;
}

void
ipc__ringref_encode(void *out, const struct ipc__ringref *r)
{
	uint8_t *p = out;
	ipc__put32(p, r->ring);
	ipc__put32(p + 4, r->off);
	ipc__put64(p + 8, r->end);
	ipc__put64(p + 16, r->len);
}

int
ipc__u64_decode(const struct ipc__frame *f, uint64_t *v)
{
	if (f->len != 8)
		return -EBADMSG;
	*v = ipc__le64(f->payload);
	return 0;
}

void
ipc__u64_encode(void *out, uint64_t v)
{
	ipc__put64(out, v);
}

int
ipc__status_decode(const struct ipc__frame *f, struct ipc__status *s)
{
	const uint8_t *p = f->payload;
	if (f->len != IPC__STATUS_SIZE)
		return -EBADMSG;
	s->pid = ipc__le32(p);
	s->uid = ipc__le32(p + 4);
	s->clients = ipc__le32(p + 8);
	s->ports = ipc__le32(p + 12);
	s->system = ipc__le32(p + 16);
	s->max_frame = ipc__le32(p + 20);
	s->queued_msgs = ipc__le64(p + 24);
	s->queued_bytes = ipc__le64(p + 32);
	s->uptime_ms = ipc__le64(p + 40);
	return 0;
}

void
ipc__status_encode(void *out, const struct ipc__status *s)
{
	uint8_t *p = out;
	ipc__put32(p, s->pid);
	ipc__put32(p + 4, s->uid);
	ipc__put32(p + 8, s->clients);
	ipc__put32(p + 12, s->ports);
	ipc__put32(p + 16, s->system);
	ipc__put32(p + 20, s->max_frame);
	ipc__put64(p + 24, s->queued_msgs);
	ipc__put64(p + 32, s->queued_bytes);
	ipc__put64(p + 40, s->uptime_ms);
}

uint32_t
ipc__entry_encode(void *out, size_t cap, const struct ipc__entry *e)
{
	size_t n = strlen(e->name);
	size_t size = IPC__ENTRY_FIXED + n + (size_t)e->nacl * IPC__ACL_SIZE;
	if (size > cap || e->nacl > IPC__ACL_MAX)
		return 0;
	uint8_t *p = out;
	ipc__put32(p, e->id);
	ipc__put32(p + 4, e->owner);
	ipc__put32(p + 8, e->flags);
	ipc__put32(p + 12, e->receiver_pid);
	ipc__put64(p + 16, e->msgs);
	ipc__put64(p + 24, e->bytes);
	p[32] = (uint8_t)n;
	p[33] = (uint8_t)(n >> 8);
	p[34] = (uint8_t)e->nacl;
	p[35] = 0;
	memcpy(p + IPC__ENTRY_FIXED, e->name, n);
	p += IPC__ENTRY_FIXED + n;
	for (unsigned i = 0; i < e->nacl; i++, p += IPC__ACL_SIZE) {
		p[0] = e->acl[i].who;
		p[1] = e->acl[i].rights;
		p[2] = p[3] = 0;
		ipc__put32(p + 4, e->acl[i].id);
	}
	return (uint32_t)size;
}

int
ipc__entry_decode(const struct ipc__frame *f, uint32_t *off,
    struct ipc__entry *e)
{
	if (*off > f->len || f->len - *off < IPC__ENTRY_FIXED)
		return -EBADMSG;
	const uint8_t *p = f->payload + *off;
	size_t left = f->len - *off;
	size_t n = (size_t)(p[32] | p[33] << 8);
	e->nacl = p[34];
	if (n > IPC__WIRE_NAME_MAX || e->nacl > IPC__ACL_MAX || p[35] != 0 ||
	    left - IPC__ENTRY_FIXED < n + (size_t)e->nacl * IPC__ACL_SIZE)
		return -EBADMSG;
	e->id = ipc__le32(p);
	e->owner = ipc__le32(p + 4);
	e->flags = ipc__le32(p + 8);
	e->receiver_pid = ipc__le32(p + 12);
	e->msgs = ipc__le64(p + 16);
	e->bytes = ipc__le64(p + 24);
	memcpy(e->name, p + IPC__ENTRY_FIXED, n);
	e->name[n] = '\0';
	if (memchr(e->name, '\0', n) != NULL)
		return -EBADMSG;
	p += IPC__ENTRY_FIXED + n;
	for (unsigned i = 0; i < e->nacl; i++, p += IPC__ACL_SIZE) {
		e->acl[i].who = p[0];
		e->acl[i].rights = p[1];
		e->acl[i].id = ipc__le32(p + 4);
	}
	*off += (uint32_t)(IPC__ENTRY_FIXED + n + (size_t)e->nacl * IPC__ACL_SIZE);
	return 0;
}
