/* cli.c: unit tests of the utilities' shared helper: options, values, modes, records. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tap.h"

enum { OPT_TIMEOUT = 256, OPT_RAW, OPT_CONTEXT };
static const struct cli_option opts[] = {
	{ "mode", 'm', CLI_ARG },
	{ "timeout", OPT_TIMEOUT, CLI_ARG },
	{ "raw", OPT_RAW, CLI_NOARG },
	{ "context", OPT_CONTEXT, CLI_OPTARG },
	{ NULL, '0', CLI_NOARG },
	{ NULL, 'n', CLI_ARG },
	{ 0, 0, 0 },
};

/* Parses argv into a trace like "m=600 @a raw @b" so one string says it all. */
static const char *
trace(int argc, char **argv)
{
	static char out[256];
	struct cli_parser p;
	const char *arg;
	int k;
	out[0] = '\0';
	cli_parser_init(&p, "t", argc, argv, 1);
	while ((k = cli_next(&p, opts, &arg)) != CLI_END) {
		char item[64];
		if (k == CLI_BAD)
			snprintf(item, sizeof item, "BAD");
		else if (k == CLI_OPERAND)
			snprintf(item, sizeof item, "@%s", arg);
		else if (k > 255)
			snprintf(item, sizeof item, "%d=%s", k - OPT_TIMEOUT, arg ? arg : "-");
		else
			snprintf(item, sizeof item, "%c=%s", k, arg ? arg : "-");
		if (out[0])
			strcat(out, " ");
		strcat(out, item);
		if (k == CLI_BAD)
			break;
	}
	return out;
}

#define T(want, ...) do { \
	char *v[] = { "t", __VA_ARGS__, NULL }; \
	is_str(trace((int)(sizeof v / sizeof v[0]) - 1, v), want, "%s", want); \
} while (0)

static void
test_options(void)
{
	T("m=600 @a", "-m", "600", "a");
	T("m=600 @a", "-m600", "a");
	T("@a m=600", "a", "--mode=600");
	T("m=600", "--mo", "600");
	T("0=5", "--timeout", "5");
	T("0=5 1=-", "--timeout=5", "--raw");
	T("2=- 2=x", "--context", "--context=x");
	T("0=- n=3", "-0n3");
	T("0=- n=3", "-0n", "3");
	T("@-m @x", "--", "-m", "x");
	T("@-", "-");
	T("BAD", "-q");
	T("BAD", "-m");
	T("BAD", "--mode");
	T("BAD", "--raw=1");
	T("BAD", "--nope");
	T("BAD", "-Z");
}

static void
test_values(void)
{
	int ms = -1;
	size_t sz = 0;
	long l = 0;
	ok(cli_parse_seconds("2", &ms) == 0 && ms == 2000, "2 s");
	ok(cli_parse_seconds("0.25", &ms) == 0 && ms == 250, "0.25 s");
	ok(cli_parse_seconds("0", &ms) == 0 && ms == 0, "0 s polls");
	ok(cli_parse_seconds("0.0001", &ms) == 0 && ms == 1, "a tiny timeout is not a poll");
	is(cli_parse_seconds("-1", &ms), -EINVAL, "negative seconds refused");
	is(cli_parse_seconds("x", &ms), -EINVAL, "junk seconds refused");
	is(cli_parse_seconds("1s", &ms), -EINVAL, "trailing junk refused");
	is(cli_parse_seconds("nan", &ms), -EINVAL, "nan refused");
	ok(cli_parse_size("4K", &sz) == 0 && sz == 4096, "4K");
	ok(cli_parse_size("1M", &sz) == 0 && sz == 1048576, "1M");
	ok(cli_parse_size("2GiB", &sz) == 0 && sz == 2147483648u, "2GiB");
	ok(cli_parse_size("17", &sz) == 0 && sz == 17, "17");
	is(cli_parse_size("-1", &sz), -EINVAL, "negative size refused");
	is(cli_parse_size("4X", &sz), -EINVAL, "bad suffix refused");
	is(cli_parse_size("", &sz), -EINVAL, "empty size refused");
	is(cli_parse_size("99999999999999999999", &sz), -ERANGE, "huge size refused");
	ok(cli_parse_long("-5", -10, 10, &l) == 0 && l == -5, "-5 in range");
	is(cli_parse_long("11", -10, 10, &l), -ERANGE, "out of range");
	is(cli_parse_long("1x", -10, 10, &l), -EINVAL, "junk integer");
	is(cli_parse_long("", -10, 10, &l), -EINVAL, "empty integer");
}

static long long
mode_of(const char *spec, unsigned base, unsigned um)
{
	mode_t m;
	int e = cli_parse_mode(spec, base, um, &m);
	return e < 0 ? e : (long long)m;
}

static void
test_modes(void)
{
	is(mode_of("600", 0666, 022), 0600, "octal");
	is(mode_of("u=rw,g=r", 0666, 022), 0646, "u=rw,g=r keeps o from the base (as GNU)");
	is(mode_of("a=r", 0666, 022), 0444, "a=r");
	is(mode_of("go-rw", 0666, 022), 0600, "go-rw");
	is(mode_of("+rwx", 0600, 027), 0750, "+rwx honours the umask");
	is(mode_of("=rw", 0666, 027), 0640, "=rw honours the umask");
	is(mode_of("u+x,g=u", 0600, 022), 0770, "g=u copies");
	is(mode_of("o+t", 0600, 022), 01600, "sticky");
	is(mode_of("u=rw-w+x", 0600, 022), 0500, "several operators in one clause");
	is(mode_of("bad", 0666, 022), -EINVAL, "bad refused");
	is(mode_of("8", 0666, 022), -EINVAL, "not octal");
	is(mode_of("77777", 0666, 022), -EINVAL, "too many octal bits");
	is(mode_of("u=rw,", 0666, 022), -EINVAL, "trailing comma");
	is(mode_of("", 0666, 022), -EINVAL, "empty");
	is(mode_of("u", 0666, 022), -EINVAL, "no operator");
}

static int
records(const char *input, size_t n, enum cli_split split, char *out)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	if (write(fds[1], input, n) != (ssize_t)n)
		return -1;
	close(fds[1]);
	struct cli_reader r;
	const char *rec;
	size_t len;
	int count = 0, e;
	cli_reader_init(&r, fds[0], split);
	out[0] = '\0';
	while ((e = cli_reader_next(&r, &rec, &len)) == 1) {
		strcat(out, "[");
		strncat(out, rec, len);
		strcat(out, "]");
		count++;
	}
	cli_reader_free(&r);
	close(fds[0]);
	return e < 0 ? e : count;
}

static void
test_reader(void)
{
	char out[256];
	is(records("a\nb\n", 4, CLI_LINES, out), 2, "two lines");
	is_str(out, "[a][b]", "their text");
	is(records("a\n\nlast", 7, CLI_LINES, out), 3, "empty line and unterminated last line");
	is_str(out, "[a][][last]", "their text");
	is(records("", 0, CLI_LINES, out), 0, "no input, no lines");
	is(records("x\0y\0", 4, CLI_NUL, out), 2, "NUL-separated");
	is_str(out, "[x][y]", "their text");
	is(records("a\nb\n", 4, CLI_RAW, out), 1, "raw is one record");
	is_str(out, "[a\nb\n]", "with every byte");
	is(records("", 0, CLI_RAW, out), 1, "raw empty input is one empty record");

	/* A record larger than the first buffer. */
	static char big[20000];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\n';
	int fds[2];
	ok(pipe(fds) == 0, "pipe");
	struct cli_reader r;
	const char *rec;
	size_t len;
	cli_reader_init(&r, fds[0], CLI_LINES);
	if (fork() == 0) {
		close(fds[0]);
		ssize_t w = write(fds[1], big, sizeof big);
		_exit(w == (ssize_t)sizeof big ? 0 : 1);
	}
	close(fds[1]);
	ok(cli_reader_next(&r, &rec, &len) == 1 && len == sizeof big - 1, "a 20 kB line arrives whole");
	is(cli_reader_next(&r, &rec, &len), 0, "then the end");
	cli_reader_free(&r);
	close(fds[0]);
}

/* Records longer than the reader's max are refused, however they end. */
static void
test_reader_max(void)
{
	static const struct { const char *in; enum cli_split split; int want; } c[] = {
		{ "abcd\n", CLI_LINES, 1 }, { "abcde\n", CLI_LINES, -EMSGSIZE },
		{ "abcde", CLI_LINES, -EMSGSIZE }, { "abcd", CLI_RAW, 1 },
		{ "abcde", CLI_RAW, -EMSGSIZE },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		int fds[2];
		if (pipe(fds) < 0)
			return;
		ssize_t w = write(fds[1], c[i].in, strlen(c[i].in));
		close(fds[1]);
		struct cli_reader r;
		const char *rec;
		size_t len;
		cli_reader_init(&r, fds[0], c[i].split);
		r.max = 4;
		is(w > 0 ? cli_reader_next(&r, &rec, &len) : -1, c[i].want,
		    "max 4, case %zu: %s", i, c[i].want > 0 ? "accepted" : "EMSGSIZE");
		cli_reader_free(&r);
		close(fds[0]);
	}
}

static void
test_status(void)
{
	is(cli_status_of(0), CLI_OK, "0 is success");
	is(cli_status_of(-ETIMEDOUT), CLI_NOTHING, "timeout is nothing received");
	is(cli_status_of(-EINVAL), CLI_USAGE, "bad input");
	is(cli_status_of(-ENOENT), CLI_NOENT, "no such object");
	is(cli_status_of(-EACCES), CLI_PERM, "permission");
	is(cli_status_of(-EIO), CLI_FAIL, "anything else");
}

int
main(void)
{
	/* CLI_BAD prints GNU's message on stderr; keep the TAP stream clean. */
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0)
		dup2(null, 2);
	test_options();
	test_values();
	test_modes();
	test_reader();
	test_reader_max();
	test_status();
	return tap_done();
}
