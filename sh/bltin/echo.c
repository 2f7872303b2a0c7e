/* echo.c: echo exactly as dash has it: only -n, escapes always interpreted. */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "bltin.h"
#include "builtins.h"
#include "output.h"

/*
 * XSI echo, like dash: the first argument "-n" (only exactly that) drops the
 * newline; every other argument, "-e" included, is printed; escapes (\c
 * among them, which ends all output) are always interpreted. A script that
 * wants no surprises uses printf.
 */
int
echo_builtin(int argc, char **argv)
{
	int nl = 1, stop = 0;
	int i = 1;
	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		nl = 0;
		i = 2;
	}
	for (; i < argc; i++) {
		esc_string(argv[i], SIZE_MAX, &out1, &stop);
		if (stop)
			return 0;
		if (i + 1 < argc)
			out_char(&out1, ' ');
	}
	if (nl)
		out_char(&out1, '\n');
	return 0;
}
