/* bltin-read.c: read's splitting and escapes (against dash), -d, REPLY, offsets, pipes. */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bltin-run.h"
#include "builtins.h"
#include "output.h"
#include "tap.h"
#include "var.h"

#define NOIFS "\001unset"

static const char *vars[] = { "a", "b", "c", "REPLY", NULL };

/* "<a><b><c><REPLY> status" after read argv with input and IFS. */
static const char *
ours(const char *ifs, char **argv, const char *input)
{
	static char buf[1024];
	struct cap c;
	if (strcmp(ifs, NOIFS) == 0)
		var_unset("IFS");
	else
		var_set("IFS", ifs, 0);
	for (const char **v = vars; *v; v++)
		var_unset(*v);
	cap_builtin(&c, read_builtin, argv, input);
	size_t n = 0;
	for (const char **v = vars; *v; v++) {
		const char *val = var_get(*v);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "<%s>", val ? val : "");
	}
	snprintf(buf + n, sizeof buf - n, " %d%s", c.status, c.errlen ? " (message)" : "");
	cap_free(&c);
	var_unset("IFS");
	return buf;
}

static const char *
dash_result(const char *ifs, char **argv, const char *input)
{
	static char buf[1024];
	static const char script[] =
	    "if [ \"$1\" != \"$(printf '\\001unset')\" ]; then IFS=$1; fi; shift; shift; "
	    "read \"$@\"; s=$?; printf '<%s>' \"$a\" \"$b\" \"$c\" \"$REPLY\"; printf ' %s' $s";
	char *v[32] = { DASH_PATH, "-c", (char *)script, "dash", (char *)ifs };
	int k = 5;
	for (char **a = argv; *a && k < 31; a++)
		v[k++] = *a;
	v[k] = NULL;
	struct cap c;
	if (cap_dash(&c, v, input) < 0)
		return NULL;
	snprintf(buf, sizeof buf, "%s%s", c.out, c.errlen ? " (message)" : "");
	cap_free(&c);
	return buf;
}

/* One point against dash, one against the expected text. */
static void
check(const char *ifs, const char *input, const char *want, char **argv)
{
	char got[1024];
	snprintf(got, sizeof got, "%s", ours(ifs, argv, input));
	is_str(got, want, "read %s with IFS '%s'", argv_text(argv + 1), ifs);
	const char *d = dash_result(ifs, argv, input);
	if (d == NULL)
		tap_skip(1, "dash not found");
	else
		is_str(got, d, "  ... as dash");
}

#define R(ifs, input, want, ...) do { \
	char *r_v[] = { "read", __VA_ARGS__, NULL }; \
	check(ifs, input, want, r_v); \
} while (0)

/* Points where dash cannot be the judge (-d, REPLY, bash's rules). */
#define X(ifs, input, want, ...) do { \
	char *r_v[] = { __VA_ARGS__, NULL }; \
	is_str(ours(ifs, r_v, input), want, "read %s", argv_text(r_v + 1)); \
} while (0)

static void
test_splitting(void)
{
	R(NOIFS, "  a  b  c  d  \n", "<a><b><c  d><> 0", "a", "b", "c");
	R(NOIFS, "  a  b  \n", "<a><b><><> 0", "a", "b", "c");
	R(NOIFS, "abc", "<abc><><><> 1", "a");
	R(NOIFS, "", "<><><><> 1", "a");
	R(NOIFS, "\n", "<><><><> 0", "a", "b");
	R(NOIFS, "\t a \t\n", "<a><><><> 0", "a");
	R(":", "x:y::z:\n", "<x><y><:z:><> 0", "a", "b", "c");
	R(":", "x:y::z::\n", "<x><y::z::><><> 0", "a", "b");
	R(":", "x:y:z:\n", "<x><y:z:><><> 0", "a", "b");
	R(":", "x:y:z:\n", "<x><y><z><> 0", "a", "b", "c");
	R(":", "x:y:z::\n", "<x><y><z::><> 0", "a", "b", "c");
	R(": ", "x:y:z: \n", "<x><y:z:><><> 0", "a", "b");
	R(": ", "x:y:z: \n", "<x><y><z><> 0", "a", "b", "c");
	R(": ", "x:y:z :: \n", "<x><y><z ::><> 0", "a", "b", "c");
	R(" :", " x : y \n", "<x><y><><> 0", "a", "b", "c");
	R(" :", " x : y : \n", "<x><y><><> 0", "a", "b");
	R(":", ":x\n", "<><x><><> 0", "a", "b");
	R(":", "::x\n", "<><:x><><> 0", "a", "b");
	R(" :", " : x\n", "<><x><><> 0", "a", "b");
	R(" ", "a  b\n", "<a  b><><><> 0", "a");
	R("", "  a  b  \n", "<  a  b  ><><><> 0", "a", "b");
	R("", "a:b\n", "<a:b><><><> 0", "a", "b", "c");
	R("x", "axbxc\n", "<a><b><c><> 0", "a", "b", "c");
	R("\t", "a\t\tb\n", "<a><b><><> 0", "a", "b");
}

static void
test_backslashes(void)
{
	R(NOIFS, "a\\ b c\n", "<a b><c><><> 0", "a", "b");
	R(NOIFS, "a\\ b c\n", "<a\\><b c><><> 0", "-r", "a", "b");
	R(NOIFS, "a\\\nb c\n", "<ab><c><><> 0", "a", "b");
	R(NOIFS, "a\\\nb c\n", "<a\\><><><> 0", "-r", "a", "b");
	R(NOIFS, "\\\n", "<><><><> 1", "a");
	R(NOIFS, "a\\", "<a><><><> 1", "a");
	R(NOIFS, "a\\\\b\n", "<a\\b><><><> 0", "a");
	R(NOIFS, "a\\\\\n", "<a\\><><><> 0", "a", "b");
	R(NOIFS, "x y z\\ \n", "<x><y z ><><> 0", "a", "b");
	R(NOIFS, "x y z\\ \n", "<x><y><z ><> 0", "a", "b", "c");
	R(NOIFS, "x y\\  \n", "<x><y ><><> 0", "a", "b", "c");
	R(NOIFS, "\\ x y\n", "< x><y><><> 0", "a", "b");
	R(":", "a\\:b:c\n", "<a:b><c><><> 0", "a", "b");
	R(":", "a\\:b:c\n", "<a\\><b:c><><> 0", "-r", "a", "b");
	R(NOIFS, "\\a\\b\\n\n", "<abn><><><> 0", "a");
	R(NOIFS, "a\\\n\\\nb\n", "<ab><><><> 0", "a");
	R(NOIFS, "one\\\ntwo three\\\nfour\n", "<onetwo><threefour><><> 0", "a", "b");
}

static void
test_nul_and_eof(void)
{
	/* cap_builtin feeds text, so NUL bytes are tested with a file by hand */
	char path[256];
	snprintf(path, sizeof path, "%s/nul", tap_tmpdir());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "a\0b\\\0c\nx\0y\0z", 12) != 12)
		perror("nul");
	int save = dup(0);
	lseek(fd, 0, SEEK_SET);
	dup2(fd, 0);
	char *v1[] = { "read", "a", NULL };
	is(read_builtin(2, v1), 0, "read a line with NUL bytes in it");
	is_str(var_get("a"), "abc", "  NULs are dropped, a backslash before one still escapes");
	char *v2[] = { "read", "-d", "", "a", NULL };
	is(read_builtin(4, v2), 0, "read -d '' stops at a NUL");
	is_str(var_get("a"), "x", "  the text before it");
	is(read_builtin(4, v2), 0, "read -d '' again");
	is_str(var_get("a"), "y", "  the next record");
	is(read_builtin(4, v2), 1, "the last record has no NUL: status 1");
	is_str(var_get("a"), "z", "  and it is still assigned");
	is(read_builtin(4, v2), 1, "at end of file: status 1");
	is_str(var_get("a"), "", "  and the variable is empty");
	dup2(save, 0);
	close(save);
	close(fd);
}

static void
test_delim_and_reply(void)
{
	X(NOIFS, "a b:c d", "<a><b><><> 0", "read", "-d", ":", "a", "b");
	X(NOIFS, "ab:c", "<ab><><><> 0", "read", "-d:", "a");
	X(NOIFS, "a\nb:c", "<a\nb><><><> 0", "read", "-d", ":", "a");
	X(NOIFS, "a\\\nb:c", "<ab><><><> 0", "read", "-d", ":", "a");
	X(NOIFS, "a\\:b:c", "<a:b><><><> 0", "read", "-d", ":", "a");
	X(NOIFS, "a\\:b:c", "<a\\><><><> 0", "read", "-rd", ":", "a");
	X(NOIFS, "a\nbxyz", "<a\nb><><><> 0", "read", "-d", "xyz", "a");
	X(NOIFS, "abc", "<abc><><><> 1", "read", "-d", ":", "a");
	X(NOIFS, "  hello  world  \n", "<><><><  hello  world  > 0", "read");
	X(NOIFS, "  a\\ b\\\nc\n", "<><><><  a bc> 0", "read");
	X(NOIFS, "  a\\ b\n", "<><><><  a\\ b> 0", "read", "-r");
	X(NOIFS, "last", "<><><><last> 1", "read");
	X(":", "a:b:c\n", "<><><><a:b:c> 0", "read");
}

static void
test_errors(void)
{
	R(NOIFS, "a\n", "<><><><> 2 (message)", "1a");
	R(NOIFS, "a\n", "<><><><> 2 (message)", "-x", "a");
	EXPECT(read_builtin, 2, "", "ipcsh: read: 1a: bad variable name\n", "read", "1a");
	EXPECT(read_builtin, 2, "", "ipcsh: read: -x: invalid option\n", "read", "-x", "a");
	EXPECT(read_builtin, 2, "", "ipcsh: read: -d: option requires an argument\n",
	    "read", "-d");
	EXPECT(read_builtin, 2, "", "ipcsh: read: a-b: bad variable name\n", "read", "x", "a-b");
	var_set("ro", "kept", VREADONLY);
	EXPECT(read_builtin, 2, "", "ipcsh: read: ro: is read only\n", "read", "x", "ro");
	is_str(var_get("ro"), "kept", "a read-only variable keeps its value");

	/* a bad name takes no input: the line is still there for the next reader */
	char path[256];
	snprintf(path, sizeof path, "%s/keep", tap_tmpdir());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "line\n", 5) != 5)
		perror("keep");
	lseek(fd, 0, SEEK_SET);
	int save = dup(0), nul = dup(2);
	dup2(fd, 0);
	int devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 2);
	char *v[] = { "read", "9", NULL };
	int st = read_builtin(2, v);
	out_flush(&out2);
	dup2(nul, 2);
	is(st, 2, "read 9: status 2");
	is(lseek(0, 0, SEEK_CUR), 0, "  and nothing was read");
	dup2(save, 0);
	close(save);
	close(nul);
	close(devnull);
	close(fd);

	/* a closed fd 0 is an error, not end of file */
	nul = dup(2);
	devnull = open("/dev/null", O_WRONLY);
	save = dup(0);
	close(0);
	dup2(devnull, 2);
	char *v2[] = { "read", "a", NULL };
	st = read_builtin(2, v2);
	out_flush(&out2);
	dup2(nul, 2);
	is(st, 2, "read from a closed fd 0: status 2");
	dup2(save, 0);
	close(save);
	close(nul);
	close(devnull);
}

/* The next command must find fd 0 just past the line read, file or pipe. */
static void
test_offsets(void)
{
	char path[256];
	snprintf(path, sizeof path, "%s/lines", tap_tmpdir());
	FILE *f = fopen(path, "w");
	fputs("first line\nsecond\n", f);
	for (int i = 0; i < 3000; i++)
		fputc('x', f);   /* a line longer than one 4096-byte block */
	fputs("y\n", f);
	for (int i = 0; i < 4093; i++)
		fputc('z', f);   /* and one ending just across a block edge */
	fputs("\nend\n", f);
	fclose(f);
	int fd = open(path, O_RDONLY);
	int save = dup(0);
	dup2(fd, 0);
	char *v[] = { "read", "-r", "a", NULL };
	read_builtin(3, v);
	is_str(var_get("a"), "first line", "file: the first line");
	is(lseek(0, 0, SEEK_CUR), 11, "  fd 0 is left just past it");
	read_builtin(3, v);
	is_str(var_get("a"), "second", "file: the second line");
	is(lseek(0, 0, SEEK_CUR), 18, "  fd 0 is left just past it");
	read_builtin(3, v);
	ok(strlen(var_get("a")) == 3001 && var_get("a")[3000] == 'y', "a 3001-byte line whole");
	read_builtin(3, v);
	is((long long)strlen(var_get("a")), 4093, "a line ending across a block edge");
	char rest[16] = "";
	ssize_t n = read(0, rest, sizeof rest - 1);
	is_str(n > 0 ? (rest[n] = '\0', rest) : "", "end\n", "  the next reader gets the rest");
	dup2(save, 0);
	close(save);
	close(fd);

	int p[2];
	if (pipe(p) != 0 || write(p[1], "one\ntwo\nthree", 13) != 13)
		perror("pipe");
	close(p[1]);
	save = dup(0);
	dup2(p[0], 0);
	close(p[0]);
	read_builtin(3, v);
	is_str(var_get("a"), "one", "pipe: the first line");
	n = read(0, rest, sizeof rest - 1);
	is_str(n > 0 ? (rest[n] = '\0', rest) : "", "two\nthree", "  the rest stays in the pipe");
	dup2(save, 0);
	close(save);
}

int
main(void)
{
	run_init();
	test_splitting();
	test_backslashes();
	test_nul_and_eof();
	test_delim_and_reply();
	test_errors();
	test_offsets();
	return tap_done();
}
