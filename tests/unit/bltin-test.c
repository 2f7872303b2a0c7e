/* bltin-test.c: test and [ against dash and POSIX: argument-count rules, grammar, files. */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "bltin-run.h"
#include "builtins.h"
#include "tap.h"

#define T(...) DASH_CASE(test_builtin, "test", __VA_ARGS__)
#define B(...) DASH_CASE(test_builtin, "[", __VA_ARGS__)
#define IS(status, ...) EXPECT(test_builtin, status, "", "", "test", __VA_ARGS__)

static void
test_counts(void)
{
	DASH_CASE(test_builtin, "test");
	T("");
	T("a");
	T("-n");
	T("-z");
	T("-a");
	T("-o");
	T("!");
	T("(");
	T(")");
	T("-t");
	T("!", "");
	T("!", "a");
	T("!", "-n");
	T("!", "!");
	T("-n", "");
	T("-n", "a");
	T("-z", "");
	T("-z", "a");
	T("(", ")");
	T("=", "=", "=");
	T("!", "=", "=");
	T("-e", "=", "-e");
	T("-n", "=", "-n");
	T("!", "=", "a");
	T("a", "=", "a");
	T("a", "!=", "a");
	T("(", "=", ")");
	T("(", ")", ")");
	T("(", "!", ")");
	T("(", "", ")");
	T("!", "-z", "");
	T("!", "-z", "a");
	T("a", "-a", "b");
	T("a", "-a", "");
	T("", "-o", "b");
	T("", "-o", "");
	T("!", "(", "a", ")");
	T("!", "", "-a", "");
	T("!", "a", "=", "b");
	T("(", "-n", "a", ")");
	T("(", "-z", "a", ")");
	T("1", "-eq", "1", "-o");
}

static void
test_grammar(void)
{
	T("a", "=", "b", "-o", "c");
	T("a", "=", "a", "-a", "b", "=", "c");
	T("1", "-ge", "1", "-a", "2", "-le", "1");
	T("a", "-o", "b", "-a", "");
	T("", "-o", "b", "-a", "");
	T("a", "-a", "(", "!", "b", ")");
	T("(", "(", "a", ")", ")");
	T("(", "a", ")", "-a", "b");
	T("(", "", ")", "-o", "a");
	T("-z", "", "-a", "!", "-n", "");
	T("-n", "=", "-n", "-a", "x");
	T("!", "!", "a", "=", "a");
	T("(", "-f", "x", ")");
	T("(", "-f", ")");
	T("x", "-a", "(", "-n", "", "-o", "y", ")");
	T("a", "<", "b");
	T("b", "<", "a");
	T("b", ">", "a");
	T("a", ">", "a");
}

static void
test_integers(void)
{
	T("1", "-eq", "1");
	T("1", "-ne", "1");
	T("2", "-gt", "1");
	T("1", "-gt", "1");
	T("1", "-ge", "1");
	T("0", "-ge", "1");
	T("-1", "-lt", "+2");
	T("2", "-lt", "2");
	T("2", "-le", "2");
	T("3", "-le", "2");
	T("1", "-eq", " 1");
	T("1 ", "-eq", "1");
	T("007", "-eq", "7");
	T("9223372036854775807", "-gt", "-9223372036854775808");
	T("x", "-eq", "1");
	T("1", "-eq", "");
	T("", "-eq", "0");
	T("0x10", "-eq", "16");
	T("1.5", "-eq", "1");
	T("99999999999999999999", "-eq", "1");
	T("1", "-eq");
	T("-t", "abc");
	T("-t", "9999");
	EXPECT(test_builtin, 2, "", "ipcsh: test: x: integer expected\n", "test", "1", "-eq", "x");
	EXPECT(test_builtin, 2, "", "ipcsh: test: x: integer expected\n", "test", "x", "-lt", "1");
	EXPECT(test_builtin, 2, "", "ipcsh: test: '': integer expected\n", "test", "", "-lt", "1");
	EXPECT(test_builtin, 2, "", "ipcsh: [: 1a: integer expected\n", "[", "1a", "-gt", "1", "]");
}

static void
test_errors(void)
{
	T("a", "b");
	T("a", "b", "c");
	T("a", "b", "c", "d");
	T("a", "b", "c", "d", "e");
	T("(", "a");
	T("(", "a", "b", ")");
	T("-z", "(", ")");
	T(")", ")");
	T("a", ")");
	T("a", "-nt");
	T("-l", "a");
	B("a");
	B("]");
	B("-n", "]");
	B("a", "=", "a", "]");
	B("a", "=", "b", "]");
	B("!", "]");
	EXPECT(test_builtin, 2, "", "ipcsh: [: missing ]\n", "[", "a");
	EXPECT(test_builtin, 2, "", "ipcsh: [: missing ]\n", "[");
	EXPECT(test_builtin, 2, "", "ipcsh: test: a: unexpected operator\n", "test", "a", "b");
	EXPECT(test_builtin, 2, "", "ipcsh: test: closing paren expected\n", "test", "(", "a");
	EXPECT(test_builtin, 2, "", "ipcsh: test: -eq: argument expected\n", "test", "1", "-eq");
	EXPECT(test_builtin, 0, "", "", "[", "a", "]");
	EXPECT(test_builtin, 1, "", "", "[", "]");
}

/* Where dash leaves POSIX, we follow POSIX (and bash): these are the cases. */
static void
test_posix_over_dash(void)
{
	/* four arguments, $1 '!': the negation of the three-argument test */
	IS(1, "!", "!", "!", "a");
	IS(0, "!", "!", "-n", "a");
	IS(1, "!", "!", "-z", "a");
	/* three arguments: -a and -o are binary primaries */
	IS(0, "-n", "-a", "-n");
	IS(0, "!", "-a", "b");
	IS(1, "!", "-a", "");
	IS(0, "", "-o", "!");
	/* dash takes any last word starting with ']' */
	EXPECT(test_builtin, 2, "", "ipcsh: [: missing ]\n", "[", "a", "]]");
}

static char *
path_in(const char *name)
{
	static char buf[8][256];
	static int next;
	char *p = buf[next++ % 8];
	snprintf(p, sizeof buf[0], "%s/%s", tap_tmpdir(), name);
	return p;
}

static void
make_file(const char *path, const char *data, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, data, strlen(data)) != (ssize_t)strlen(data) ||
	    fchmod(fd, mode) != 0) {
		perror(path);
		exit(99);
	}
	close(fd);
}

static void
test_files_basic(void)
{
	char *file = path_in("file"), *empty = path_in("empty"), *dir = path_in("dir");
	char *fifo = path_in("fifo"), *link = path_in("link"), *dangling = path_in("dangling");
	char *missing = path_in("missing");
	make_file(file, "data", 0644);
	make_file(empty, "", 0600);
	if (mkdir(dir, 0755) != 0 || mkfifo(fifo, 0600) != 0 || symlink(file, link) != 0 ||
	    symlink(missing, dangling) != 0)
		perror("setup");
	const char *ops[] = { "-e", "-f", "-d", "-p", "-h", "-L", "-s", "-c", "-b", "-S",
	    "-r", "-w", "-x", "-u", "-g", "-k", "-O", "-G", NULL };
	char *paths[] = { file, empty, dir, fifo, link, dangling, missing, "/dev/null", NULL };
	for (const char **op = ops; *op; op++)
		for (char **p = paths; *p; p++)
			T((char *)*op, *p);
	IS(0, "-f", file);
	IS(1, "-f", dir);
	IS(0, "-d", dir);
	IS(0, "-p", fifo);
	IS(0, "-L", link);
	IS(0, "-h", dangling);
	IS(1, "-e", dangling);
	IS(0, "-s", file);
	IS(1, "-s", empty);
	IS(0, "-c", "/dev/null");
	IS(1, "-e", missing);
}

static void
test_files_modes(void)
{
	char *suid = path_in("suid"), *sgid = path_in("sgid"), *sticky = path_in("sticky");
	char *exe = path_in("exe"), *none = path_in("none");
	make_file(suid, "", 04755);
	make_file(sgid, "", 02755);
	make_file(exe, "", 0700);
	make_file(none, "", 0);
	if (mkdir(sticky, 0755) != 0 || chmod(sticky, 01777) != 0)
		perror("sticky");
	IS(0, "-u", suid);
	IS(1, "-u", sgid);
	IS(0, "-g", sgid);
	IS(0, "-k", sticky);
	IS(1, "-k", suid);
	IS(0, "-x", exe);
	IS(1, "-x", none);   /* no execute bit for anyone: false even for root */
	IS(0, "-O", exe);
	IS(0, "-G", exe);
	T("-u", suid);
	T("-g", sgid);
	T("-k", sticky);
	T("-x", exe);
	T("-x", none);
	T("-r", none);
	T("-w", none);
}

static void
test_socket_and_tty(void)
{
	char *sock = path_in("sock");
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	snprintf(a.sun_path, sizeof a.sun_path, "%s", sock);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0)
		perror("bind");
	IS(0, "-S", sock);
	IS(1, "-S", path_in("file"));
	close(fd);
	IS(1, "-t", "0");   /* cap_builtin gives the builtin a file as fd 0 */
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0) {
		tap_skip(1, "no pseudo-terminal");
		return;
	}
	int s = open(ptsname(m), O_RDWR | O_NOCTTY);
	char num[16];
	snprintf(num, sizeof num, "%d", s);
	IS(0, "-t", num);
	close(s);
	close(m);
}

static void
test_times(void)
{
	char *old = path_in("old"), *new = path_in("new"), *hard = path_in("hard");
	char *missing = path_in("missing");
	make_file(old, "", 0644);
	make_file(new, "", 0644);
	struct timespec t_old[2] = { { 1000, 0 }, { 1000, 0 } };
	struct timespec t_new[2] = { { 1000, 500 }, { 1000, 500 } };
	if (utimensat(AT_FDCWD, old, t_old, 0) != 0 || utimensat(AT_FDCWD, new, t_new, 0) != 0 ||
	    link(old, hard) != 0)
		perror("times");
	IS(0, new, "-nt", old);   /* 500 ns newer is newer */
	IS(1, old, "-nt", new);
	IS(0, old, "-ot", new);
	IS(1, old, "-ot", old);
	IS(0, old, "-ef", hard);
	IS(1, old, "-ef", new);
	IS(1, old, "-ef", missing);
	/* POSIX.1-2024: one side missing (dash says false to both) */
	IS(0, old, "-nt", missing);
	IS(1, missing, "-nt", old);
	IS(0, missing, "-ot", old);
	IS(1, old, "-ot", missing);
	T(new, "-nt", old);
	T(old, "-ot", new);
	T(old, "-ef", hard);
	T(old, "-ef", new);
}

int
main(void)
{
	run_init();
	test_counts();
	test_grammar();
	test_integers();
	test_errors();
	test_posix_over_dash();
	test_files_basic();
	test_files_modes();
	test_socket_and_tty();
	test_times();
	return tap_done();
}
