/* port_wire.c: unit tests of the ports frame codec and of CRC-32C. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "port_wire.h"
#include "tap.h"

static uint32_t
crc_of(uint32_t (*fn)(uint32_t, const void *, size_t), const void *p, size_t n)
{
	return ipc__crc32c_final(fn(IPC__CRC32C_INIT, p, n));
}

static void
test_crc(void)
{
	is(crc_of(ipc__crc32c_sw, "123456789", 9), 0xe3069283, "portable CRC-32C check value");
	is(crc_of(ipc__crc32c, "123456789", 9), 0xe3069283, "chosen CRC-32C check value");
	is(crc_of(ipc__crc32c_sw, "", 0), 0, "CRC of nothing");
	if (!ipc__crc32c_hw_ok()) {
		tap_skip(2, "no CRC instruction on this CPU");
		return;
	}
	size_t size = 3 * 1024 * 5 + 77;
	unsigned char *buf = malloc(size + 8);
	for (size_t i = 0; i < size + 8; i++)
		buf[i] = (unsigned char)(i * 2654435761u >> 13);
	int same = 1;
	/* Every length around the lane sizes, and unaligned starts. */
	for (size_t n = 0; n <= size && same; n += n < 9300 ? 1 : 97)
		for (size_t off = 0; off < 8 && same; off += 3)
			same = crc_of(ipc__crc32c_hw, buf + off, n) ==
			    crc_of(ipc__crc32c_sw, buf + off, n);
	ok(same, "hardware CRC equals the portable one at every length");
	uint32_t split = ipc__crc32c_hw(ipc__crc32c_hw(IPC__CRC32C_INIT, buf, 5000),
	    buf + 5000, size - 5000);
	is(split, ipc__crc32c_sw(IPC__CRC32C_INIT, buf, size), "a running CRC resumes");
	free(buf);
}

static size_t
sample(uint8_t *out, const char *payload)
{
	struct ipc__frame f = {
		.kind = IPC__K_MESSAGE, .flags = 0x1234, .src = 7, .dst = 0xdeadbeef,
		.type = 42, .uid = 1000, .gid = 100, .pid = 31337, .cookie = 9,
	};
	return ipc__wire_encode(out, &f, payload, (uint32_t)strlen(payload));
}

static void
test_roundtrip(void)
{
	uint8_t buf[256];
	struct ipc__frame f;
	size_t n = sample(buf, "hello");
	is((long long)n, 36 + 5 + 4, "a frame is header, payload and trailer");
	is(ipc__le32(buf), n - 4, "the length counts the bytes after itself");
	is(ipc__wire_decode(buf, n, 1024, &f), (long)n, "a sound frame decodes whole");
	ok(f.kind == IPC__K_MESSAGE && f.flags == 0x1234 && f.src == 7 &&
	    f.dst == 0xdeadbeef && f.type == 42 && f.uid == 1000 && f.gid == 100 &&
	    f.pid == 31337 && f.cookie == 9, "every header field survives");
	ok(f.len == 5 && memcmp(f.payload, "hello", 5) == 0, "the payload survives");
	is(buf[8], 7, "integers are little-endian on the wire");
	int partial = 0;
	for (size_t i = 0; i < n; i++)
		partial |= ipc__wire_decode(buf, i, 1024, &f) != 0;
	ok(!partial, "every prefix of a frame asks for more bytes");
	uint8_t two[512];
	size_t a = sample(two, "one"), b = sample(two + a, "second");
	is(ipc__wire_decode(two, a + b, 1024, &f), (long)a, "back-to-back frames: the first");
	is(ipc__wire_decode(two + a, b, 1024, &f), (long)b, "back-to-back frames: the second");
	n = sample(buf, "");
	is(ipc__wire_decode(buf, n, 1024, &f), 40, "an empty payload is a 40-byte frame");
}

static void
test_hostile(void)
{
	uint8_t buf[256];
	struct ipc__frame f;
	size_t n = sample(buf, "payload");
	ipc__put32(buf, 0xffffffff);
	is(ipc__wire_decode(buf, 4, 1 << 20, &f), -EMSGSIZE, "a huge length is refused from its 4 bytes");
	ipc__put32(buf, 35);
	is(ipc__wire_decode(buf, n, 1 << 20, &f), -EMSGSIZE, "a length below the header is refused");
	ipc__put32(buf, 0);
	is(ipc__wire_decode(buf, n, 1 << 20, &f), -EMSGSIZE, "a zero length is refused");
	n = sample(buf, "payload");
	is(ipc__wire_decode(buf, n, n - 1, &f), -EMSGSIZE, "a frame over the peer's limit is refused");
	ipc__put32(buf, (uint32_t)n - 3);   /* claims one byte more than it has */
	is(ipc__wire_decode(buf, n, 1024, &f), 0, "a lying length waits for bytes that never come");
	uint8_t more[256];
	memcpy(more, buf, n);
	more[n] = 0;
	is(ipc__wire_decode(more, n + 1, 1024, &f), -EBADMSG, "...and then fails its CRC");

	int caught = 1;
	n = sample(buf, "bits");
	for (size_t bit = 32; bit < n * 8; bit++) {
		buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		long r = ipc__wire_decode(buf, n, 1024, &f);
		caught &= r == -EBADMSG;
		buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	ok(caught, "every single flipped bit after the length is caught");
	buf[4] = 2;
	ipc__wire_seal(buf);
	is(ipc__wire_decode(buf, n, 1024, &f), -EBADMSG, "an unknown version is refused");
	buf[4] = IPC__WIRE_VERSION;
	buf[5] = 0;
	ipc__wire_seal(buf);
	is(ipc__wire_decode(buf, n, 1024, &f), -EBADMSG, "kind 0 is refused");
	buf[5] = IPC__K_END;
	ipc__wire_seal(buf);
	is(ipc__wire_decode(buf, n, 1024, &f), -EBADMSG, "a kind past the last is refused");
}

static void
test_restamp(void)
{
	uint8_t buf[256];
	struct ipc__frame f, g;
	size_t n = sample(buf, "stamp me");
	ipc__wire_decode(buf, n, 1024, &f);
	f.uid = 65534;
	f.gid = 65534;
	f.pid = 4;
	f.cookie = 77;
	ipc__wire_restamp(buf, &f);
	is(ipc__wire_decode(buf, n, 1024, &g), (long)n, "a restamped frame is sound");
	ok(g.uid == 65534 && g.gid == 65534 && g.pid == 4 && g.cookie == 77,
	    "restamping rewrites the sender");
	ok(g.len == 8 && memcmp(g.payload, "stamp me", 8) == 0 && g.dst == 0xdeadbeef,
	    "restamping keeps the rest");
}

static int
name_of(const char *s, char *out)
{
	struct ipc__frame f = { .payload = (const uint8_t *)s, .len = (uint32_t)strlen(s) };
	return ipc__wire_name(&f, out);
}

static void
test_names(void)
{
	char out[IPC__WIRE_NAME_MAX + 1];
	is(name_of("jobs", out), 4, "a plain name");
	is_str(out, "jobs", "is copied out");
	is(name_of("", out), 0, "an empty name means anonymous");
	is(name_of("jobs@node-1.lan", out), 15, "name@node is carried");
	char *node = ipc__wire_split_node(out);
	ok(node && strcmp(node, "node-1.lan") == 0 && strcmp(out, "jobs") == 0,
	    "and splits into name and node");
	static const char *bad[] = { "/jobs", "a/b", "..", "@node", "jobs@",
	    "jobs@a@b", "jobs@-x", "jobs@a b", "x y" };
	int refused = 1;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		refused &= name_of(bad[i], out) == -EINVAL;
	ok(refused, "bad names and nodes are refused");
	struct ipc__frame f = { .payload = (const uint8_t *)"ab\0cd", .len = 5 };
	is(ipc__wire_name(&f, out), -EINVAL, "a NUL inside a name is refused");
	char big[IPC__WIRE_NAME_MAX + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	is(name_of(big, out), -EINVAL, "an overlong name is refused");
}

static void
test_payloads(void)
{
	uint8_t p[512];
	struct ipc__frame f = { .payload = p };
	struct ipc__grant g = { .rights = IPC__R_SEND | IPC__R_MANAGE, .who = IPC__W_GID, .id = 100 }, g2;
	strcpy(g.name, "svc");
	f.len = ipc__grant_encode(p, &g);
	ok(ipc__grant_decode(&f, &g2) == 0 && g2.rights == g.rights && g2.who == g.who &&
	    g2.id == 100 && strcmp(g2.name, "svc") == 0, "a grant round-trips");
	f.len = 7;
	is(ipc__grant_decode(&f, &g2), -EBADMSG, "a short grant is refused");
	f.len = ipc__grant_encode(p, &g);
	p[0] = 0x80;
	is(ipc__grant_decode(&f, &g2), -EINVAL, "unknown rights are refused");

	struct ipc__ringref r = { .ring = 3, .off = 4096, .end = (1ull << 40) + 5, .len = 1 << 20 }, r2;
	ipc__ringref_encode(p, &r);
	f.len = IPC__RINGREF_SIZE;
	ok(ipc__ringref_decode(&f, &r2) == 0 && r2.ring == 3 && r2.off == 4096 && r2.end == r.end &&
	    r2.len == r.len, "a ring reference round-trips");
	f.len = IPC__RINGREF_SIZE - 1;
	is(ipc__ringref_decode(&f, &r2), -EBADMSG, "a short ring reference is refused");

	struct ipc__status s = { .pid = 1, .uid = 2, .clients = 3, .ports = 4, .system = 1,
	    .max_frame = 5, .queued_msgs = 6, .queued_bytes = 1ull << 33, .uptime_ms = 8 }, s2;
	ipc__status_encode(p, &s);
	f.len = IPC__STATUS_SIZE;
	ok(ipc__status_decode(&f, &s2) == 0 && memcmp(&s, &s2, sizeof s) == 0,
	    "a status round-trips");

	struct ipc__entry e = { .id = 9, .owner = 1000, .flags = IPC__E_PUBLIC,
	    .receiver_pid = 77, .msgs = 2, .bytes = 10, .nacl = 2,
	    .acl = { { IPC__W_UID, IPC__R_SEND, 65534 }, { IPC__W_GID, 7, 100 } } }, e2;
	strcpy(e.name, "jobs");
	uint32_t a = ipc__entry_encode(p, sizeof p, &e);
	uint32_t b = ipc__entry_encode(p + a, sizeof p - a, &e);
	f.len = a + b;
	uint32_t off = 0;
	int good = ipc__entry_decode(&f, &off, &e2) == 0 && off == a &&
	    strcmp(e2.name, "jobs") == 0 && e2.nacl == 2 && e2.acl[0].id == 65534 &&
	    e2.acl[1].rights == 7 && e2.receiver_pid == 77;
	good &= ipc__entry_decode(&f, &off, &e2) == 0 && off == a + b;
	ok(good, "list entries round-trip back to back");
	is(ipc__entry_decode(&f, &off, &e2), -EBADMSG, "no entry past the end");
	f.len = a - 1;
	off = 0;
	is(ipc__entry_decode(&f, &off, &e2), -EBADMSG, "a cut entry is refused");
	is(ipc__entry_encode(p, a - 1, &e), 0, "an entry that does not fit is not written");
}

/* Every byte of an encoding against the layout port_wire.h documents, the
 * fields numbered 01 02 03 ... so a swapped or shifted field shows. */
static int
bytes_are(const char *what, const uint8_t *p, size_t n, const char *hex)
{
	char got[2 * 256 + 1] = "";
	for (size_t i = 0; i < n && i < 256; i++)
		snprintf(got + 2 * i, 3, "%02x", p[i]);
	return is_str(got, hex, "%s: every byte where port_wire.h puts it", what);
}

static void
test_layouts(void)
{
	uint8_t p[512];
	struct ipc__frame f = { .kind = IPC__K_MESSAGE, .flags = 0x0102, .src = 0x03040506,
	    .dst = 0x0708090a, .type = 0x0b0c0d0e, .uid = 0x0f101112, .gid = 0x13141516,
	    .pid = 0x1718191a, .cookie = 0x1b1c1d1e };
	size_t n = ipc__wire_encode(p, &f, "hi", 2);
	bytes_are("frame", p, n, "2600000001050201060504030a0908070e0d0c0b1211100f161514131a1918171e1d1c1b"
	    "686985c03be0");
	struct ipc__status s = { 0x01020304, 0x05060708, 0x090a0b0c, 0x0d0e0f10, 0x11121314,
	    0x15161718, 0x191a1b1c1d1e1f20ull, 0x2122232425262728ull, 0x292a2b2c2d2e2f30ull };
	ipc__status_encode(p, &s);
	bytes_are("status", p, IPC__STATUS_SIZE, "04030201080706050c0b0a09100f0e0d1413121118171615"
	    "201f1e1d1c1b1a192827262524232221302f2e2d2c2b2a29");
	struct ipc__ringref r = { 0x01020304, 0x05060708, 0x090a0b0c0d0e0f10ull, 0x1112131415161718ull };
	ipc__ringref_encode(p, &r);
	bytes_are("ring reference", p, IPC__RINGREF_SIZE, "0403020108070605100f0e0d0c0b0a091817161514131211");
	struct ipc__grant g = { .rights = 5, .who = 2, .id = 0x01020304, .name = "ab" };
	memset(p, 0xee, sizeof p);
	bytes_are("grant", p, ipc__grant_encode(p, &g), "05020000040302016162");
	struct ipc__entry e = { .id = 0x01020304, .owner = 0x05060708, .flags = 0x090a0b0c,
	    .receiver_pid = 0x0d0e0f10, .msgs = 0x1112131415161718ull, .bytes = 0x191a1b1c1d1e1f20ull,
	    .nacl = 2, .name = "ab", .acl = { { 1, 3, 0x21222324 }, { 2, 7, 0x25262728 } } };
	memset(p, 0xee, sizeof p);
	bytes_are("list entry", p, ipc__entry_encode(p, sizeof p, &e), "04030201080706050c0b0a09100f0e0d"
	    "1817161514131211201f1e1d1c1b1a1902000200616201030000242322210207000028272625");
}

int
main(void)
{
	test_crc();
	test_roundtrip();
	test_hostile();
	test_restamp();
	test_names();
	test_payloads();
	test_layouts();
	return tap_done();
}
