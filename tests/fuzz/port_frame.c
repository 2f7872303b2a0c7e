/* port_frame.c: the fuzz target of the port frame decoder (libFuzzer entry point). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "port_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t fuzz_frames(const uint8_t *data, size_t size, long *end);

/* Every payload decoder a peer would run on a frame of this kind. */
static void
payloads(const struct ipc__frame *f)
{
	char name[IPC__WIRE_NAME_MAX + 1];
	struct ipc__grant g;
	struct ipc__ringref r;
	struct ipc__status s;
	struct ipc__entry e;
	uint64_t v;
	uint32_t off = 0;

	switch (f->kind) {
	case IPC__K_OPEN_PORT: case IPC__K_LOOKUP: case IPC__K_OPENED_PORT:
	case IPC__K_CLOSE_PORT:
		if (ipc__wire_name(f, name) >= 0 && strlen(name) > IPC__WIRE_NAME_MAX)
			abort();
		break;
	case IPC__K_GRANT:
		ipc__grant_decode(f, &g);
		break;
	case IPC__K_MESSAGE: case IPC__K_CHUNK:
		ipc__ringref_decode(f, &r);
		ipc__u64_decode(f, &v);
		break;
	case IPC__K_STATUS:
		ipc__status_decode(f, &s);
		break;
	case IPC__K_LIST:
		while (ipc__entry_decode(f, &off, &e) == 0)
			if (off > f->len)
				abort();
		break;
	default:
		ipc__u64_decode(f, &v);
		break;
	}
}

/*
 * The input is a byte stream as a peer would receive it: decode frames until
 * one is incomplete or refused, checking the decoder's promises. Returns the
 * number of whole frames; *end is what stopped the loop: 0 when every byte
 * was used, 1 when a frame is incomplete, else the decoder's -errno.
 */
size_t
fuzz_frames(const uint8_t *data, size_t size, long *end)
{
	/* A private copy, so reading one byte past the input is an ASan error. */
	uint8_t *buf = malloc(size ? size : 1);
	size_t at = 0, frames = 0;
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	for (;;) {
		struct ipc__frame f;
		long n = ipc__wire_decode(buf + at, size - at, 1 << 20, &f);
		if (n <= 0) {
			*end = n < 0 ? n : at < size;
			break;
		}
		if ((size_t)n > size - at || (size_t)n != ipc__wire_size(f.len) ||
		    f.payload != buf + at + IPC__WIRE_HDR)
			abort();
		payloads(&f);
		at += (size_t)n;
		frames++;
	}
	free(buf);
	return frames;
}

/* Mutated frames almost never keep a valid CRC, so the payload decoders
 * behind the check would go unexplored: each input is also tried with
 * every whole frame's trailer made right. */
static void
reseal(uint8_t *b, size_t size)
{
	size_t at = 0;
	while (size - at >= 4) {
		uint64_t total = (uint64_t)ipc__le32(b + at) + 4;
		if (total < IPC__WIRE_MIN || total > size - at || total > (1u << 20))
			break;
		ipc__wire_seal(b + at);
		at += (size_t)total;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long end;
	fuzz_frames(data, size, &end);
	uint8_t *copy = malloc(size ? size : 1);
	if (copy == NULL)
		abort();
	memcpy(copy, data, size);
	reseal(copy, size);
	fuzz_frames(copy, size, &end);
	free(copy);
	return 0;
}
