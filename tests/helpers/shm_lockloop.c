/* shm_lockloop.c: runs `shmctl lock NAME -- CMD...` COUNT times in one process, as ipcsh runs builtins. */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "utilities.h"

/*
 * The 2 x 10,000 increments test calls shmctl's real entry point, lock verb
 * and all, 10,000 times, without paying for 10,000 extra shmctl processes
 * (only the command is spawned, as in the shell). It also checks what a
 * builtin owes the shell: no descriptor leaked across all those calls.
 */
static int
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;
	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

int
main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: shm_lockloop COUNT NAME CMD [ARG]...\n");
		return 2;
	}
	long count = atol(argv[1]);
	char **args = calloc((size_t)argc + 2, sizeof *args);
	args[0] = "shmctl";
	args[1] = "lock";
	args[2] = argv[2];
	args[3] = "--";
	for (int i = 3; i < argc; i++)
		args[i + 1] = argv[i];
	int before = open_fds();
	for (long i = 0; i < count; i++) {
		int st = shmctl_main(argc + 1, args);
		fflush(stdout);
		if (st != 0) {
			fprintf(stderr, "shm_lockloop: call %ld exited %d\n", i + 1, st);
			free(args);
			return 1;
		}
	}
	free(args);
	if (open_fds() != before) {
		fprintf(stderr, "shm_lockloop: %d descriptors before, %d after\n", before, open_fds());
		return 1;
	}
	return 0;
}
