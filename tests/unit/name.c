/* name.c: unit tests of the object-name rule and of ipc_strerror. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "ipc/core.h"
#include "tap.h"

static void
test_good_names(void)
{
	is(ipc_name_check("jobs"), 4, "a plain name is accepted");
	is(ipc_name_check("/jobs"), 4, "a leading slash is optional");
	is(ipc_name_check("a.b_c-9"), 7, "dots, underscores, dashes and digits");
	is_str(ipc_name_bare("/jobs"), "jobs", "bare name drops the slash");
	is_str(ipc_name_bare("jobs"), "jobs", "bare name of a bare name");
	char longest[IPC_NAME_MAX + 1];
	memset(longest, 'x', IPC_NAME_MAX);
	longest[IPC_NAME_MAX] = '\0';
	is(ipc_name_check(longest), IPC_NAME_MAX, "IPC_NAME_MAX characters fit");
}

static void
test_bad_names(void)
{
	static const char *bad[] = {
		"", "/", "../x", "..", ".", ".hidden", "a/b", "/a/b", "//a",
		"-x", "a b", "a\tb", "a\nb", "caf\xc3\xa9", "a*", "a:b", "a@b",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is(ipc_name_check(bad[i]), -EINVAL, "refused: '%s'", bad[i]);
	is(ipc_name_check(NULL), -EINVAL, "refused: NULL");
	char over[IPC_NAME_MAX + 2];
	memset(over, 'x', IPC_NAME_MAX + 1);
	over[IPC_NAME_MAX + 1] = '\0';
	is(ipc_name_check(over), -EINVAL, "one over IPC_NAME_MAX is refused");
}

static void
test_strerror(void)
{
	is_str(ipc_strerror(-ENOENT), "No such file or directory", "-errno text");
	is_str(ipc_strerror(ENOENT), "No such file or directory", "errno text");
	is_str(ipc_strerror(0), "Success", "zero");
	ok(ipc_strerror(-99999) != NULL, "unknown codes still give text");
}

int
main(void)
{
	test_good_names();
	test_bad_names();
	test_strerror();
	return tap_done();
}
