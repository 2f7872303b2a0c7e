/* umask.c: umask [-S] [mask], octal or symbolic (chmod's parser, applied to the complement). */
#include <config.h>

#include <sys/stat.h>

#include "bltin.h"
#include "builtins.h"
#include "cli.h"
#include "error.h"
#include "output.h"

/* "u=rwx,g=rx,o=rx": the permissions the mask lets through. */
static void
print_symbolic(mode_t mask)
{
	mode_t allowed = ~mask & 0777;
	for (int i = 0; i < 3; i++) {
		int bits = (int)(allowed >> (6 - 3 * i)) & 7;
		out_char(&out1, "ugo"[i]);
		out_char(&out1, '=');
		for (int j = 0; j < 3; j++)
			if (bits & (4 >> j))
				out_char(&out1, "rwx"[j]);
		out_char(&out1, i < 2 ? ',' : '\n');
	}
}

/*
 * A symbolic mask says what to allow, as chmod says what to set: so it is
 * applied with cli_parse_mode to the complement of the mask, and the result
 * complemented back. Without u/g/o/a a clause means a (umask has no umask
 * of its own to respect), and s and t have no place in a mask.
 */
static int
set_mask(const char *spec, mode_t old)
{
	mode_t m;
	if (cli_parse_mode(spec, ~old & 0777, 0, &m) < 0) {
		sh_warn("umask: %s: invalid mask", spec);
		return 2;
	}
	if (spec[0] >= '0' && spec[0] <= '7')
		umask(m & 0777);
	else
		umask(~m & 0777);
	return 0;
}

int
umask_builtin(int argc, char **argv)
{
	struct bopt o;
	int c, symbolic = 0;
	bopt_init(&o, argv);
	while ((c = bopt_next(&o, "S")) != 0) {
		if (c == '?')
			return 2;
		symbolic = 1;
	}
	if (argc - o.idx > 1) {
		sh_warn("umask: too many arguments");
		return 2;
	}
	mode_t old = umask(0);
	umask(old);
	if (o.idx < argc)
		return set_mask(argv[o.idx], old);
	if (symbolic)
		print_symbolic(old);
	else
		out_fmt(&out1, "%04o\n", (unsigned)old);
	return 0;
}
