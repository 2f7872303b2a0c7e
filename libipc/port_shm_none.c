/* port_shm_none.c: no sealed memfds here: a message is at most one frame; streams carry more. */
#include <config.h>

#include <errno.h>
#include <unistd.h>

#include "port_conn.h"

/* Without seals a sender could shrink a shared mapping under its reader:
 * rather than risk that, large messages are refused and callers stream. */
int
ipc__port_send_large(ipc_port_conn *c, const struct ipc__frame *f,
    const void *data, size_t len, const struct ipc__deadline *d)
{
	(void)c, (void)f, (void)data, (void)len, (void)d;
	return -EMSGSIZE;
}

int
ipc__port_take_large(ipc_port_conn *c, struct ipc__pend *p, struct ipc_port_msg *m)
{
	(void)c, (void)p, (void)m;
	return -EBADMSG;
}

void
ipc__port_ring_notice(ipc_port_conn *c, const struct ipc__frame *f, int fd)
{
	(void)c, (void)f;
	if (fd >= 0)
		close(fd);
}

void ipc__port_ring_drop_port(ipc_port_conn *c, uint32_t port) { (void)c, (void)port; }
void ipc__port_shm_free(ipc_port_conn *c) { (void)c; }
void ipc__port_blob_release(ipc_port_conn *c) { (void)c; }
