/* bltin-echo.c: echo against dash byte for byte, and its -n and \c rules. */
#include <config.h>

#include "bltin-run.h"
#include "builtins.h"
#include "tap.h"

static void
test_against_dash(void)
{
	DASH_CASE(echo_builtin, "echo");
	DASH_CASE(echo_builtin, "echo", "");
	DASH_CASE(echo_builtin, "echo", "a", "b", "c");
	DASH_CASE(echo_builtin, "echo", "-n");
	DASH_CASE(echo_builtin, "echo", "-n", "a", "b");
	DASH_CASE(echo_builtin, "echo", "-n", "-n", "a");
	DASH_CASE(echo_builtin, "echo", "-e", "a\\tb");
	DASH_CASE(echo_builtin, "echo", "-E", "a");
	DASH_CASE(echo_builtin, "echo", "-nn", "a");
	DASH_CASE(echo_builtin, "echo", "a", "-n");
	DASH_CASE(echo_builtin, "echo", "--", "a");
	DASH_CASE(echo_builtin, "echo", "\\a\\b\\e\\f\\n\\r\\t\\v\\\\");
	DASH_CASE(echo_builtin, "echo", "\\0101\\0\\01\\08\\0123\\0400");
	DASH_CASE(echo_builtin, "echo", "\\101\\1234\\400\\7");
	DASH_CASE(echo_builtin, "echo", "\\q\\x41\\u00e9\\\"\\'");
	DASH_CASE(echo_builtin, "echo", "trailing\\");
	DASH_CASE(echo_builtin, "echo", "a\\cb", "c");
	DASH_CASE(echo_builtin, "echo", "a", "b\\c", "c");
	DASH_CASE(echo_builtin, "echo", "-n", "a\\c");
	DASH_CASE(echo_builtin, "echo", "\\c");
	DASH_CASE(echo_builtin, "echo", "a\\0b", "\\0");
	DASH_CASE(echo_builtin, "echo", "%s", "%d%%");
}

static void
test_exact(void)
{
	/* the points above again without dash, so they hold where it is absent */
	EXPECT(echo_builtin, 0, "\n", "", "echo");
	EXPECT(echo_builtin, 0, "a b\n", "", "echo", "a", "b");
	EXPECT(echo_builtin, 0, "a b", "", "echo", "-n", "a", "b");
	EXPECT(echo_builtin, 0, "-e a\n", "", "echo", "-e", "a");
	EXPECT(echo_builtin, 0, "-n a", "", "echo", "-n", "-n", "a");
	EXPECT(echo_builtin, 0, "\t\033\\q\n", "", "echo", "\\t\\e\\q");
	EXPECT(echo_builtin, 0, "AA\001S\n", "", "echo", "\\0101\\101\\01\\0123");
	EXPECT(echo_builtin, 0, "a", "", "echo", "a\\cb", "c");
	EXPECT(echo_builtin, 0, "a b", "", "echo", "a", "b\\c", "d");
	EXPECT(echo_builtin, 0, "x\\\n", "", "echo", "x\\");
}

int
main(void)
{
	run_init();
	test_against_dash();
	test_exact();
	return tap_done();
}
