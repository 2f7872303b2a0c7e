/* bltin-printf.c: printf against dash byte for byte, plus its messages and statuses. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "bltin-run.h"
#include "builtins.h"
#include "output.h"
#include "tap.h"

#define P(...) DASH_CASE(printf_builtin, "printf", __VA_ARGS__)

static void
test_escapes(void)
{
	P("\\a\\b\\e\\f\\n\\r\\t\\v\\\\|");
	P("\\0|\\08|\\101|\\0101|\\1234|\\400|\\7");
	P("\\q\\c\\x41\\u00e9\\\"\\'|");
	P("trailing\\");
	P("%b|", "\\a\\b\\e\\f\\n\\r\\t\\v\\\\");
	P("%b|", "\\0", "a\\0b", "\\0123", "\\1234", "\\400", "\\01", "\\08");
	P("%b|", "\\0101\\101\\q\\x41\\c");
	P("%b|%s\\n", "a\\cb", "c");
	P("%s|%b|%s\\n", "x", "y\\c", "z", "u", "v", "w");
	P("%b", "trailing\\");
	P("%s\\n", "a\\tb");
	P("%%|%5%|");
}

static void
test_strings(void)
{
	P("%s|%s|%s\\n", "a");
	P("[%5s][%-5s][%.2s][%5.1s][%.0s][%.s]\\n", "ab", "ab", "abc", "abc", "abc", "d");
	P("[%05s][%-05s][%#5s][%+s][% s]\\n", "a", "b", "c", "d", "e");
	P("[%c][%5c][%-3c][%c][%c]\\n", "abc", "x", "y", "", "z");
	P("[%c]");
	P("[%5b][%-5b][%.2b][%5.1b][%05b]\\n", "a\\tb", "x", "abc", "a\\tb", "f");
	P("[%5b]\\n", "a\\cb");
	P("[%.1b]|", "ab\\c", "zz");
	P("[%*s][%-*s][%.*s][%*.*s]\\n", "-5", "a", "3", "b", "-1", "abc", "4", "2", "xyz");
	P("%s", "a", "b", "c");
	P("x", "a", "b");
	P("%s-%s\\n", "a", "b", "c");
	P("%s %s %s\\n", "1", "2", "3", "4");
	P("");
	P("-%s-", "--");
	P("%s", "-");
}

static void
test_numbers(void)
{
	P("%d|%i|%d|%d|%d|%d\\n", "0x1f", "010", " 12", "+5", "-7", "");
	P("%u|%x|%X|%o|%u\\n", "-1", "-1", "255", "-8", "18446744073709551615");
	P("%d|%d\\n", "9223372036854775807", "-9223372036854775808");
	P("%+d|% d|%05d|%-5d|%#x|%#o|%.3d|%5.3d|%-+6d|%0-5d|\\n",
	    "1", "1", "1", "1", "255", "8", "7", "7", "7", "3");
	P("%d %c %x %d %d\\n", "'A", "'", "\"b", "'", "\"");
	P("%*d|%-*d|%.*d|%*.*d\\n", "5", "1", "4", "2", "3", "4", "6", "3", "9");
	P("%f|%e|%g|%a|%E|%G|%F|%A\\n", "1.5", "1.5", "1.5", "1.5", "1e300", "1e-10",
	    "inf", "2");
	P("%.0f|%.f|%#.0f|%08.3f|%-8.2e|%+.1e|%g|%G\\n", "2.5", "3.5", "1", "3.14159",
	    "12345", "-0.0", "100000", "1e-5");
	P("%f|%.2f|%e\\n", "'A", "0x1p3", "-inf");
	P("%.400f\\n", "1");
	P("%500d|\\n", "7");
	P("%d|%d|%d|%d|\\n", "1", "2");
}

static void
test_errors(void)
{
	P("%d|%d|%d\\n", "abc", "12x", "99999999999999999999");
	P("%f|%f|%f\\n", "abc", "1.5x", "1e999");
	P("%u|%o\\n", "x", "-99999999999999999999");
	P("%*d|\\n", "w", "5");
	P("ab%zcd\\n", "1");
	P("ab%");
	P("%5");
	P("%ld\\n", "1");
	P("%1$s\\n", "a");
	P("%'d\\n", "1");
	P("%*d|\\n", "99999999999999999999", "1");
	P("%*d|%.*s|\\n", "4294967297", "1", "-4294967295", "abc");
	P("[%99999999999s][%.99999999999d][%s]\\n", "a", "1", "b");
	DASH_CASE(printf_builtin, "printf");
	DASH_CASE(printf_builtin, "printf", "--");
	DASH_CASE(printf_builtin, "printf", "--", "%s|", "a");
	DASH_CASE(printf_builtin, "printf", "-x");

	/* the messages, which are ours ("printf: what: why") */
	EXPECT(printf_builtin, 1, "0|12|9223372036854775807\n",
	    "ipcsh: printf: abc: expected numeric value\n"
	    "ipcsh: printf: 12x: not completely converted\n"
	    "ipcsh: printf: 99999999999999999999: Numerical result out of range\n",
	    "printf", "%d|%d|%d\n", "abc", "12x", "99999999999999999999");
	EXPECT(printf_builtin, 2, "ab", "ipcsh: printf: %z: invalid directive\n",
	    "printf", "ab%zcd", "1");
	EXPECT(printf_builtin, 2, "ab", "ipcsh: printf: missing format character\n",
	    "printf", "ab%");
	EXPECT(printf_builtin, 2, "", "ipcsh: printf: usage: printf format [arg ...]\n",
	    "printf");
	EXPECT(printf_builtin, 2, "", "ipcsh: printf: -x: invalid option\n",
	    "printf", "-x");
	EXPECT(printf_builtin, 2, "[",
	    "ipcsh: printf: %99999999999s: field width or precision too large\n",
	    "printf", "[%99999999999s]", "a");
}

/* The same points without dash, so they hold on a machine without it. */
static void
test_exact(void)
{
	EXPECT(printf_builtin, 0, "a|A|S4|\001|", "", "printf", "%b|", "a", "\\0101", "\\1234", "\\01");
	EXPECT(printf_builtin, 0, "\b1|\\c|", "", "printf", "\\0101|\\c|");
	EXPECT(printf_builtin, 0, "a", "", "printf", "%b|%s\n", "a\\cb", "c");
	EXPECT(printf_builtin, 0, "1 a\n2 b\n3 \n", "", "printf", "%d %s\n", "1", "a", "2", "b", "3");
	EXPECT(printf_builtin, 0, "65 ' 62\n", "", "printf", "%d %c %x\n", "'A", "'", "\"b");
	EXPECT(printf_builtin, 0, "    1|2   |1.500\n", "", "printf", "%*d|%-*d|%.*f\n",
	    "5", "1", "4", "2", "3", "1.5");
	EXPECT(printf_builtin, 0, "ffffffffffffffff|-9223372036854775808\n", "",
	    "printf", "%x|%d\n", "-1", "-9223372036854775808");
	EXPECT(printf_builtin, 0, "[    a][ab][  abc]\n", "", "printf", "[%5b][%.2b][%*s]\n",
	    "a", "abc", "5", "abc");
	EXPECT(printf_builtin, 0, "1.500000e+00|0x1p+1\n", "", "printf", "%e|%a\n", "1.5", "2");
}

/* A long output goes through the buffer and comes out whole. */
static void
test_long_output(void)
{
	char width[16];
	snprintf(width, sizeof width, "%d", 100000);
	char *v[] = { "printf", "%*d|", width, "7", NULL };
	struct cap c;
	cap_builtin(&c, printf_builtin, v, NULL);
	is((long long)c.outlen, 100001, "a 100000-wide field is printed whole");
	ok(c.outlen == 100001 && c.out[99999] == '7' && c.out[0] == ' ', "its digit ends it");
	cap_free(&c);
}

int
main(void)
{
	run_init();
	test_escapes();
	test_strings();
	test_numbers();
	test_errors();
	test_exact();
	test_long_output();
	return tap_done();
}
