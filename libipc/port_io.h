/* port_io.h: socket I/O shared by port clients and portd: frames in, descriptors alongside (internal). */
#ifndef IPC_PORT_IO_H
#define IPC_PORT_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Descriptors received but not yet claimed by a frame: a peer that sends
 * more than this without frames that claim them is misbehaving. */
#define IPC__FDS_MAX 8

/*
 * An input buffer: bytes [start, len) are received and not yet consumed;
 * descriptors arrive with the bytes of the frame they belong to (SCM_RIGHTS)
 * and wait in a FIFO until that frame is parsed, in stream order.
 */
struct ipc__rbuf {
	uint8_t *buf;
	size_t start, len, cap;
	int fds[IPC__FDS_MAX];
	unsigned nfds;
};

/* Makes room for at least need bytes after len: moves the unconsumed bytes
 * to the front, then grows. 0 or -ENOMEM. */
int ipc__rbuf_reserve(struct ipc__rbuf *rb, size_t need);
/*
 * One recvmsg into the free space (call ipc__rbuf_reserve first). Returns the
 * byte count, 0 at end of stream, -EAGAIN, -EPROTO when the peer sent more
 * descriptors than the FIFO holds (they are closed), or -errno.
 */
ssize_t ipc__rbuf_recv(struct ipc__rbuf *rb, int sock);
/* The oldest received descriptor (the caller owns it), or -EPROTO. */
int ipc__rbuf_take_fd(struct ipc__rbuf *rb);
/* Gives back memory once nothing is pending, keeping keep bytes. */
void ipc__rbuf_shrink(struct ipc__rbuf *rb, size_t keep);
/* Frees the buffer and closes unclaimed descriptors. */
void ipc__rbuf_free(struct ipc__rbuf *rb);

/*
 * One non-blocking sendmsg of len bytes, with fd attached when fd >= 0 (the
 * descriptor then travels with the first byte sent). Never raises SIGPIPE.
 * Returns the count sent, -EAGAIN, or -errno.
 */
ssize_t ipc__send_fd(int sock, const void *buf, size_t len, int fd);

#endif
