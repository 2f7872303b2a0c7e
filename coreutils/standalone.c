/* standalone.c: the main() of each utility's own binary (CLI_MAIN names its entry). */
#include <config.h>

#include <locale.h>
#include <stdio.h>

#include "cli.h"

int CLI_MAIN(int argc, char **argv);

int
main(int argc, char **argv)
{
	/* Character classes only (names in messages show as the terminal
	 * can): numbers keep the C locale's decimal point. */
	setlocale(LC_CTYPE, "");
	int status = CLI_MAIN(argc, argv);
	/* A full disk or closed pipe on standard output must not pass silently. */
	if (fflush(stdout) != 0 || ferror(stdout))
		return status ? status : CLI_FAIL;
	return status;
}
