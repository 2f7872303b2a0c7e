/* bltin-getopts.c: getopts call by call: names, OPTARG, OPTIND, groups, errors, vs dash. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bltin-run.h"
#include "builtins.h"
#include "tap.h"
#include "var.h"

/* Runs getopts until it ends: "[o|OPTARG|OPTIND]" per call (OPTARG shown
 * as "-" when unset, a "!" after a call that printed a message), then
 * " end:o|OPTARG|OPTIND status". args NULL: the positional parameters. */
static const char *
trace(const char *spec, char **args, int with_optarg)
{
	static char buf[1024];
	size_t n = 0;
	char *v[16] = { "getopts", (char *)spec, "o" };
	int k = 3;
	for (; args != NULL && *args != NULL && k < 15; args++)
		v[k++] = *args;
	v[k] = NULL;
	var_set("OPTIND", "1", 0);
	var_set("OPTARG", "stale", 0);
	struct cap c;
	for (int i = 0; i < 12; i++) {
		cap_builtin(&c, getopts_builtin, v, NULL);
		const char *a = var_get("OPTARG");
		int end = c.status != 0;
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", end ? " end:" : "[");
		if (with_optarg)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s|%s|%s", var_get("o"),
			    a ? a : "-", var_get("OPTIND"));
		else
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s|%s", var_get("o"),
			    var_get("OPTIND"));
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", c.errlen ? "!" : "",
		    end ? "" : "]");
		if (end) {
			n += (size_t)snprintf(buf + n, sizeof buf - n, " %d", c.status);
			cap_free(&c);
			break;
		}
		cap_free(&c);
	}
	return buf;
}

/* The same trace (without OPTARG, which dash handles its own way) by dash. */
static const char *
dash_trace(const char *spec, char **args)
{
	static char buf[1024];
	static const char script[] =
	    "spec=$1; shift; e=/tmp/.getopts-err-$$; while :; do "
	    "getopts \"$spec\" o \"$@\" 2>$e; s=$?; m=; [ -s $e ] && m=!; "
	    "[ $s != 0 ] && break; printf '[%s|%s%s]' \"$o\" \"$OPTIND\" \"$m\"; done; "
	    "rm -f $e; printf ' end:%s|%s%s %s' \"$o\" \"$OPTIND\" \"$m\" $s";
	char *v[20] = { DASH_PATH, "-c", (char *)script, "dash", (char *)spec };
	int k = 5;
	for (; *args != NULL && k < 19; args++)
		v[k++] = *args;
	v[k] = NULL;
	struct cap c;
	if (cap_dash(&c, v, NULL) < 0)
		return NULL;
	snprintf(buf, sizeof buf, "%s", c.out);
	cap_free(&c);
	return buf;
}

static void
check(const char *spec, const char *want, char **args)
{
	is_str(trace(spec, args, 1), want, "getopts '%s' %s", spec, argv_text(args));
	const char *d = dash_trace(spec, args);
	if (d == NULL) {
		tap_skip(1, "dash not found");
		return;
	}
	char ours[1024];
	snprintf(ours, sizeof ours, "%s", trace(spec, args, 0));
	is_str(ours, d, "  ... names and OPTIND as dash");
}

#define G(spec, want, ...) do { \
	char *g_v[] = { __VA_ARGS__, NULL }; \
	check(spec, want, g_v); \
} while (0)

static void
test_sequences(void)
{
	G("ab:c", "[a|-|2][b|x|4][c|-|5] end:?|-|5 1", "-a", "-b", "x", "-c", "d");
	G("ab:c", "[a|-|2][b|x|3][c|-|4][?|-|4!] end:?|-|4 1", "-ab", "x", "-cb");
	G("ab:c", "[a|-|2][c|-|2][b|foo|2] end:?|-|3 1", "-acbfoo", "--", "-a");
	G("ab:c", "[?|-|2!][a|-|3] end:?|-|3 1", "-x", "-a");
	G(":ab:c", "[?|x|2][a|-|3] end:?|-|3 1", "-x", "-a");
	G("ab:c", "[a|-|2][?|-|3!] end:?|-|3 1", "-a", "-b");
	G(":ab:c", "[a|-|2][:|b|3] end:?|-|3 1", "-a", "-b");
	G("ab:c", " end:?|-|1 1", "-", "-a");
	G("ab:c", " end:?|-|1 1", "a", "-a");
	G("ab", "[a|-|2][?|-|2!][b|-|2] end:?|-|2 1", "-a-b");
	G("ab", " end:?|-|1 1", "-");
	G("ab", " end:?|-|2 1", "--");
	G("ab", " end:?|-|2 1", "--", "-a");
	G("a:", "[a||3] end:?|-|3 1", "-a", "");
	G("a:", "[a|-b|3][a|x|4] end:?|-|4 1", "-a", "-b", "-ax");
	G("abc", "[a|-|2][b|-|2][c|-|2] end:?|-|2 1", "-abc");
	G("ab", "[a|-|2] end:?|-|2 1", "-a", "b", "-b");
}

static void
test_sequences_posix_only(void)
{
	/* ':' is never an option letter (dash takes it from a leading ':') */
	is_str(trace(":", (char *[]){ "-:", NULL }, 1), "[?|:|2] end:?|-|2 1",
	    "getopts ':' -:  -> invalid, OPTARG=:");
	is_str(trace("a", (char *[]){ NULL }, 1), " end:?|-|1 1", "no arguments at all");
}

static void
test_params_and_reset(void)
{
	char *p[] = { "-x", "-y", "arg" };
	params_set(3, p);
	is_str(trace("xy", NULL, 1), "[x|-|2][y|-|3] end:?|-|3 1",
	    "the positional parameters by default");
	params_set(0, p);

	/* OPTIND=1 in the middle of a group starts over at the first word */
	char *v[] = { "getopts", "abc", "o", "-abc", NULL };
	var_set("OPTIND", "1", 0);
	getopts_builtin(4, v);
	is_str(var_get("o"), "a", "first letter of the group");
	var_set("OPTIND", "1", 0);
	getopts_builtin(4, v);
	is_str(var_get("o"), "a", "after OPTIND=1, the first letter again");
	getopts_builtin(4, v);
	is_str(var_get("o"), "b", "then the second");
	var_unset("OPTIND");
	getopts_builtin(4, v);
	is_str(var_get("o"), "a", "an unset OPTIND starts over");
	var_set("OPTIND", "junk", 0);
	getopts_builtin(4, v);
	is_str(var_get("o"), "a", "an OPTIND that is no number counts as 1");
	var_set("OPTIND", "9", 0);
	is(getopts_builtin(4, v), 1, "an OPTIND past the arguments: the end");

	/* what an in-process command substitution does: save, run, restore */
	var_set("OPTIND", "1", 0);
	getopts_builtin(4, v);
	size_t pos = getopts_position();
	char *optind = strdup(var_get("OPTIND"));
	getopts_builtin(4, v);
	is_str(var_get("o"), "b", "inside $(...): the next letter");
	var_set("OPTIND", optind, 0);   /* the shell puts OPTIND back... */
	getopts_set_position(pos);      /* ...then the position */
	free(optind);
	getopts_builtin(4, v);
	is_str(var_get("o"), "b", "after it, the parent goes on where it was");
	getopts_builtin(4, v);
	is_str(var_get("o"), "c", "  and on");
}

static void
test_errors(void)
{
	EXPECT(getopts_builtin, 2, "", "ipcsh: getopts: usage: getopts optstring name [arg ...]\n",
	    "getopts", "ab");
	EXPECT(getopts_builtin, 2, "", "ipcsh: getopts: 1x: bad variable name\n",
	    "getopts", "ab", "1x", "-a");
	var_set("OPTIND", "1", 0);
	EXPECT(getopts_builtin, 0, "", "ipcsh: getopts: -z: invalid option\n",
	    "getopts", "ab", "o", "-z");
	var_set("OPTIND", "1", 0);
	EXPECT(getopts_builtin, 0, "", "ipcsh: getopts: -b: option requires an argument\n",
	    "getopts", "ab:", "o", "-b");
	var_set("OPTIND", "1", 0);
	var_set("ro", "x", VREADONLY);
	EXPECT(getopts_builtin, 2, "", "ipcsh: ro: is read only\n", "getopts", "a", "ro", "-a");
}

int
main(void)
{
	run_init();
	var_hook("OPTIND", getopts_reset);   /* as the shell wires it */
	test_sequences();
	test_sequences_posix_only();
	test_params_and_reset();
	test_errors();
	return tap_done();
}
