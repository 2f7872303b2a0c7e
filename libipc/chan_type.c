/* chan_type.c: element types: their names, the check every sent value passes, and the attribute rules. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chan_impl.h"

static const char *const type_names[] = {
	[IPC_CHAN_BYTES] = "bytes", [IPC_CHAN_LINE] = "line", [IPC_CHAN_INT] = "int",
	[IPC_CHAN_JSON] = "json", [IPC_CHAN_RECORD] = "record",
};

static int
type_known(int type)
{
	return type >= IPC_CHAN_BYTES && type <= IPC_CHAN_RECORD;
}

int
ipc_chan_type_parse(const char *text, int *type, size_t *record_size)
{
	*record_size = 0;
	for (int t = IPC_CHAN_BYTES; t < IPC_CHAN_RECORD; t++)
		if (strcmp(text, type_names[t]) == 0) {
			*type = t;
			return 0;
		}
	if (strncmp(text, "record:", 7) != 0 || text[7] < '1' || text[7] > '9')
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(text + 7, &end, 10);
	if (*end != '\0' || errno != 0 || n > IPC_CHAN_MAX_CAPACITY)
		return -EINVAL;
	*type = IPC_CHAN_RECORD;
	*record_size = (size_t)n;
	return 0;
}

int
ipc_chan_type_name(int type, size_t record_size, char *buf, size_t len)
{
	if (!type_known(type))
		return -EINVAL;
	int n = type == IPC_CHAN_RECORD
	    ? snprintf(buf, len, "record:%zu", record_size)
	    : snprintf(buf, len, "%s", type_names[type]);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : n;
}

static int
why_fail(int err, char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
why_fail(int err, char *why, size_t whylen, const char *fmt, ...)
{
	if (why != NULL && whylen > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return err;
}

int
ipc_chan_attr_check(int type, size_t record_size, size_t capacity, char *why,
    size_t whylen)
{
	if (!type_known(type))
		return why_fail(-EINVAL, why, whylen, "unknown element type %d", type);
	if (capacity < IPC_CHAN_MIN_CAPACITY || capacity > IPC_CHAN_MAX_CAPACITY)
		return why_fail(-EINVAL, why, whylen,
		    "capacity must be from %zu bytes to %zu MiB", IPC_CHAN_MIN_CAPACITY,
		    IPC_CHAN_MAX_CAPACITY >> 20);
	if (type == IPC_CHAN_RECORD && record_size == 0)
		return why_fail(-EINVAL, why, whylen, "a record size must be at least 1");
	uint64_t cap = ipc__chan_round(capacity);
	if (type == IPC_CHAN_RECORD && ipc__chan_need(record_size) > cap)
		return why_fail(-EINVAL, why, whylen,
		    "a capacity of %zu bytes cannot hold one %zu-byte record (it needs %zu)",
		    (size_t)cap, record_size, (size_t)ipc__chan_need(record_size));
	return 0;
}

static int
check_line(const char *s, size_t len, char *why, size_t whylen)
{
	const char *nl = memchr(s, '\n', len), *nul = memchr(s, '\0', len);
	if (nl != NULL)
		return why_fail(-EINVAL, why, whylen,
		    "a line holds no newline (one at byte %zu)", (size_t)(nl - s));
	if (nul != NULL)
		return why_fail(-EINVAL, why, whylen,
		    "a line holds no NUL byte (one at byte %zu)", (size_t)(nul - s));
	return 0;
}

int
ipc_chan_check(int type, size_t record_size, size_t max_msg, const void *msg,
    size_t len, char *why, size_t whylen)
{
	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (msg == NULL)
		msg = "";
	if (!type_known(type))
		return why_fail(-EINVAL, why, whylen, "unknown element type %d", type);
	if (max_msg != 0 && len > max_msg)
		return why_fail(-EMSGSIZE, why, whylen,
		    "%zu bytes is more than this channel's longest message, %zu bytes",
		    len, max_msg);
	switch (type) {
	case IPC_CHAN_LINE:
		return check_line(msg, len, why, whylen);
	case IPC_CHAN_INT:
		return len == sizeof(int64_t) ? 0 : why_fail(-EINVAL, why, whylen,
		    "an int element is 8 bytes, not %zu", len);
	case IPC_CHAN_JSON:
		return ipc__json_check(msg, len, why, whylen);
	case IPC_CHAN_RECORD:
		return len == record_size ? 0 : why_fail(-EINVAL, why, whylen,
		    "a record:%zu element is %zu bytes, not %zu", record_size,
		    record_size, len);
	default:
		return 0;
	}
}

const char *
ipc_chan_type_error(const ipc_chan *ch)
{
	return ch->why;
}

int
ipc_chan_type(const ipc_chan *ch, size_t *record_size)
{
	if (record_size != NULL)
		*record_size = ch->record_size;
	return ch->type;
}

size_t
ipc_chan_max_msg(const ipc_chan *ch)
{
	return (size_t)ch->max_msg;
}
