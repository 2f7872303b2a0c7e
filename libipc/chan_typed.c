/* chan_typed.c: typed wrappers over ipc_chan_send/recv, and values written as text. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "chan_impl.h"

int
ipc_chan_send_int(ipc_chan *ch, int64_t value, int timeout_ms)
{
	return ipc_chan_send(ch, &value, sizeof value, timeout_ms);
}

int
ipc_chan_recv_int(ipc_chan *ch, int64_t *value, int timeout_ms)
{
	int64_t v;
	ssize_t n = ipc_chan_recv(ch, &v, sizeof v, timeout_ms);
	if (n < 0)
		return (int)n;
	if (n != (ssize_t)sizeof v)
		return -EPROTO;   /* not an int channel */
	*value = v;
	return 0;
}

int
ipc_chan_send_str(ipc_chan *ch, const char *s, int timeout_ms)
{
	return ipc_chan_send(ch, s, strlen(s), timeout_ms);
}

ssize_t
ipc_chan_recv_str(ipc_chan *ch, char *buf, size_t len, int timeout_ms)
{
	const void *msg;
	ssize_t n = ipc_chan_recv_begin(ch, &msg, timeout_ms);
	if (n < 0)
		return n;
	if ((size_t)n >= len)
		return -EMSGSIZE;
	memcpy(buf, msg, (size_t)n);
	buf[n] = '\0';
	ipc_chan_recv_end(ch);
	return n;
}

/* Quotes a bad value into a reason, printable and short. */
static void
quote(char *out, size_t outlen, const char *text, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len && o + 5 < outlen; i++) {
		unsigned char c = (unsigned char)text[i];
		if (i == 40) {
			o += (size_t)snprintf(out + o, outlen - o, "...");
			break;
		}
		out[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[o] = '\0';
}

/* A decimal integer, optionally signed, with blanks around it allowed
 * (shell tools pad numbers: `wc -l` prints "     42"). */
static int
parse_int(const char *text, size_t len, int64_t *out)
{
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	while (len > i && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
		len--;
	int neg = i < len && text[i] == '-';
	if (i < len && (text[i] == '-' || text[i] == '+'))
		i++;
	if (i == len)
		return -EINVAL;
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		unsigned d = (unsigned)(text[i] - '0');
		if (v > (limit - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int
ipc_chan_send_text(ipc_chan *ch, const char *text, size_t len, int timeout_ms)
{
	if (ch->type != IPC_CHAN_INT)
		return ipc_chan_send(ch, text, len, timeout_ms);
	int64_t v;
	int r = parse_int(text, len, &v);
	if (r < 0) {
		char q[64];
		quote(q, sizeof q, text, len);
		snprintf(ch->why, sizeof ch->why, "%s: '%s'",
		    r == -ERANGE ? "integer out of range" : "not an integer", q);
		return -EINVAL;
	}
	return ipc_chan_send_int(ch, v, timeout_ms);
}
