/* crc32c_x86.c: CRC-32C with the SSE4.2 crc32 instruction (x86-64 only). */
#include <config.h>

#include <string.h>
#ifdef HAVE_SYS_PLATFORM_X86_H
#include <sys/platform/x86.h>
#else
#include <cpuid.h>
#endif

#include "crc32c.h"

/* glibc has asked the CPU already, and CPU_FEATURE_ACTIVE reads its answer.
 * Not __builtin_cpu_supports: it links libgcc's constructor, which asks
 * again when every program starts, and cpuid traps to the hypervisor in a
 * virtual machine (40 us of every ipcsh start here). Older C libraries ask
 * the CPU on each call: slower, but only when a CRC is wanted. */
int
ipc__crc32c_hw_ok(void)
{
#ifdef HAVE_SYS_PLATFORM_X86_H
	return CPU_FEATURE_ACTIVE(SSE4_2);
#else
	unsigned a, b, c, d;
	return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_2) != 0;
#endif
}

__attribute__((target("sse4.2"))) static uint32_t
crc_run(uint32_t crc, const unsigned char *p, size_t len)
{
	uint64_t c = crc;
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		c = __builtin_ia32_crc32di(c, w);
	}
	crc = (uint32_t)c;
	for (; len > 0; p++, len--)
		crc = __builtin_ia32_crc32qi(crc, *p);
	return crc;
}

/* a * b modulo the polynomial, both in the reflected bit order of the CRC
 * register (bit 31 is x^0). Branch-free: it runs twice per block below. */
static uint32_t
gf2_mul(uint32_t a, uint32_t b)
{
	uint32_t prod = 0;
	for (int i = 0; i < 32; i++) {
		prod ^= b & (uint32_t)-(int32_t)(a >> 31);
		a <<= 1;
		b = (b >> 1) ^ (0x82f63b78u & (uint32_t)-(int32_t)(b & 1));
	}
	return prod;
}

/*
 * The instruction has a three-cycle latency but issues every cycle, so three
 * independent lanes of LANE bytes run at once; the lanes' CRCs are then
 * merged by shifting the earlier ones past LANE zero bytes, which is a
 * multiplication by x^(8 * LANE) (X8LANE, checked against the portable code
 * by the unit tests).
 */
#define LANE 1024
#define X8LANE 0xe4172b16u

__attribute__((target("sse4.2"))) uint32_t
ipc__crc32c_hw(uint32_t state, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	for (; len >= 3 * LANE; p += 3 * LANE, len -= 3 * LANE) {
		uint64_t a = state, b = 0, c = 0;
		for (size_t i = 0; i < LANE; i += 8) {
			uint64_t wa, wb, wc;
			memcpy(&wa, p + i, 8);
			memcpy(&wb, p + LANE + i, 8);
			memcpy(&wc, p + 2 * LANE + i, 8);
			a = __builtin_ia32_crc32di(a, wa);
			b = __builtin_ia32_crc32di(b, wb);
			c = __builtin_ia32_crc32di(c, wc);
		}
		state = gf2_mul(X8LANE, (uint32_t)a) ^ (uint32_t)b;
		state = gf2_mul(X8LANE, state) ^ (uint32_t)c;
	}
	return crc_run(state, p, len);
}
