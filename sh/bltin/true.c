/* true.c: true and false. */
#include <config.h>

#include "builtins.h"

int
true_builtin(int argc, char **argv)
{
	return 0;
}

int
false_builtin(int argc, char **argv)
{
	return 1;
}
