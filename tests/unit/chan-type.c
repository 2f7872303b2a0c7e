/* chan-type.c: unit tests of channel element types: names, value checks, the JSON validator. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "ipc/chan.h"
#include "tap.h"

static void
test_names(void)
{
	int type;
	size_t rs;
	static const struct { const char *text; int type; size_t rs; } good[] = {
		{ "bytes", IPC_CHAN_BYTES, 0 }, { "line", IPC_CHAN_LINE, 0 },
		{ "int", IPC_CHAN_INT, 0 }, { "json", IPC_CHAN_JSON, 0 },
		{ "record:1", IPC_CHAN_RECORD, 1 }, { "record:4096", IPC_CHAN_RECORD, 4096 },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int r = ipc_chan_type_parse(good[i].text, &type, &rs);
		ok(r == 0 && type == good[i].type && rs == good[i].rs, "parse '%s'", good[i].text);
		char buf[32];
		ipc_chan_type_name(type, rs, buf, sizeof buf);
		is_str(buf, good[i].text, "and its name comes back");
	}
	static const char *bad[] = {
		"", "Bytes", "record", "record:", "record:0", "record:-1", "record:08",
		"record:12x", "record: 12", "record:99999999999999999999", "string", "int ",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is(ipc_chan_type_parse(bad[i], &type, &rs), -EINVAL, "refused: '%s'", bad[i]);
	char tiny[4];
	is(ipc_chan_type_name(IPC_CHAN_RECORD, 12, tiny, sizeof tiny), -ENAMETOOLONG,
	    "a name that does not fit is -ENAMETOOLONG");
	is(ipc_chan_type_name(0, 0, tiny, sizeof tiny), -EINVAL, "an unknown type has no name");
}

static int
check(int type, size_t rs, const char *msg, size_t len)
{
	char why[160];
	return ipc_chan_check(type, rs, 0, msg, len, why, sizeof why);
}

static void
test_checks(void)
{
	char why[160];
	is(check(IPC_CHAN_BYTES, 0, "a\0\n\xff", 4), 0, "bytes take anything");
	is(check(IPC_CHAN_LINE, 0, "", 0), 0, "an empty line is a line");
	is(check(IPC_CHAN_LINE, 0, "caf\xc3\xa9 \t\r", 8), 0, "a line may hold tabs, CR, UTF-8");
	is(check(IPC_CHAN_LINE, 0, "a\n", 2), -EINVAL, "but no newline");
	is(check(IPC_CHAN_INT, 0, "12345678", 8), 0, "an int is 8 bytes");
	is(check(IPC_CHAN_INT, 0, "1234", 4), -EINVAL, "not 4");
	is(check(IPC_CHAN_RECORD, 3, "abc", 3), 0, "a record:3 is 3 bytes");
	is(check(IPC_CHAN_RECORD, 3, "abcd", 4), -EINVAL, "not 4");
	is(ipc_chan_check(IPC_CHAN_BYTES, 0, 10, "01234567890", 11, why, sizeof why), -EMSGSIZE,
	    "over max_msg is -EMSGSIZE");
	is_str(why, "11 bytes is more than this channel's longest message, 10 bytes", "with a reason");
	is(ipc_chan_check(IPC_CHAN_LINE, 0, 0, NULL, 0, NULL, 0), 0, "NULL message and reason are fine");
}

static void
test_json(void)
{
	static const char *good[] = {
		"0", "-0", "1.5e-3", "-12.0E+2", "true", "false", "null", "\"\"",
		"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\"", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"",
		"[]", "{}", " [ 1 , [ ] , { } ] ", "{\"a\":{\"b\":[true,null]}}", "\n\t3\r\n",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		is(check(IPC_CHAN_JSON, 0, good[i], strlen(good[i])), 0, "JSON #%zu", i);
	static const struct { const char *text, *why; } bad[] = {
		{ "", "not JSON: expected a value at byte 0" },
		{ "  ", "not JSON: expected a value at byte 2" },
		{ "01", "not JSON: more after the value at byte 1" },
		{ "1.", "not JSON: expected a digit at byte 2" },
		{ ".5", "not JSON: expected a value at byte 0" },
		{ "+1", "not JSON: expected a value at byte 0" },
		{ "1e", "not JSON: expected a digit at byte 2" },
		{ "tru", "not JSON: expected a value at byte 0" },
		{ "nul1", "not JSON: expected a value at byte 0" },
		{ "\"abc", "not JSON: unterminated string at byte 4" },
		{ "\"a\tb\"", "not JSON: control character in string at byte 2" },
		{ "\"\\x\"", "not JSON: bad escape at byte 3" },
		{ "\"\\u12G4\"", "not JSON: bad \\u escape at byte 5" },
		{ "\"\xc3\x28\"", "not JSON: invalid UTF-8 at byte 1" },
		{ "\"\xed\xa0\x80\"", "not JSON: invalid UTF-8 at byte 1" },   /* a surrogate */
		{ "\"\xc0\xaf\"", "not JSON: invalid UTF-8 at byte 1" },       /* overlong */
		{ "[1,]", "not JSON: expected a value at byte 3" },
		{ "[1 2]", "not JSON: expected ',' or ']' at byte 3" },
		{ "{\"a\" 1}", "not JSON: expected ':' at byte 5" },
		{ "{a:1}", "not JSON: expected a string key at byte 1" },
		{ "{\"a\":1,}", "not JSON: expected a string key at byte 7" },
		{ "{\"a\":1", "not JSON: expected ',' or '}' at byte 6" },
		{ "1 2", "not JSON: more after the value at byte 2" },
		{ "{} {}", "not JSON: more after the value at byte 3" },
		{ "NaN", "not JSON: expected a value at byte 0" },
	};
	char why[160];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int r = ipc_chan_check(IPC_CHAN_JSON, 0, 0, bad[i].text, strlen(bad[i].text),
		    why, sizeof why);
		ok(r == -EINVAL && strcmp(why, bad[i].why) == 0, "bad JSON #%zu: %s", i, why);
	}
	is(check(IPC_CHAN_JSON, 0, "\"a\0b\"", 5), -EINVAL, "a raw NUL in a string is refused");

	char deep[600];
	memset(deep, '[', 256);
	memset(deep + 256, ']', 256);
	is(check(IPC_CHAN_JSON, 0, deep, 512), 0, "256 levels of nesting are fine");
	memset(deep, '[', 257);
	memset(deep + 257, ']', 257);
	is(check(IPC_CHAN_JSON, 0, deep, 514), -EINVAL, "257 are refused, without a deep stack");
	memset(deep, '[', sizeof deep);
	is(check(IPC_CHAN_JSON, 0, deep, sizeof deep), -EINVAL, "and so are 600 unclosed");
}

int
main(void)
{
	test_names();
	test_checks();
	test_json();
	return tap_done();
}
