/* crc32c.h: CRC-32C (Castagnoli), the ports frame trailer (internal, not installed). */
#ifndef IPC_CRC32C_H
#define IPC_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/*
 * A running CRC-32C: start from IPC__CRC32C_INIT, feed bytes with
 * ipc__crc32c(), finish with ipc__crc32c_final(). Keeping the state open lets
 * the broker verify a frame and re-seal it after stamping the sender without
 * a second pass over the payload.
 */
#define IPC__CRC32C_INIT 0xffffffffu

/* The fastest implementation this CPU runs. */
uint32_t ipc__crc32c(uint32_t state, const void *buf, size_t len);
static inline uint32_t
ipc__crc32c_final(uint32_t state)
{
	return state ^ 0xffffffffu;
}

/* The portable table-driven implementation, always built and tested. */
uint32_t ipc__crc32c_sw(uint32_t state, const void *buf, size_t len);

/* The CPU's CRC instruction (crc32c_x86.c or crc32c_none.c): usable only
 * when ipc__crc32c_hw_ok() says so. */
int ipc__crc32c_hw_ok(void);
uint32_t ipc__crc32c_hw(uint32_t state, const void *buf, size_t len);

#endif
